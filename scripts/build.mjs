#!/usr/bin/env node
// Bundles the CLI and each action with ncc into dist/ (committed: actions run from it),
// then writes the JSON Schemas of mlship.yml and of dataset schema files into schema/.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const entries = [{ input: "src/cli/index.ts", out: "dist/cli" }];
for (const name of readdirSync(join(root, "actions"))) {
  if (existsSync(join(root, "src/actions", `${name}-main.ts`))) {
    entries.push({ input: `src/actions/${name}-main.ts`, out: `dist/${name}` });
  }
}

for (const { input, out } of entries) {
  rmSync(join(root, out), { recursive: true, force: true });
  execFileSync(
    join(root, "node_modules/.bin/ncc"),
    [
      "build",
      input,
      "--out",
      out,
      "--target",
      "es2022",
      "--no-source-map-register",
      "--quiet",
      "--license",
      "licenses.txt",
    ],
    { cwd: root, stdio: "inherit" },
  );
  console.log(`built ${out}/index.js from ${input}`);
}

const cli = join(root, "dist/cli/index.js");
execFileSync(
  process.execPath,
  [cli, "config", "schema", "--kind", "config", "-o", "schema/mlship.schema.json"],
  { cwd: root, stdio: "inherit" },
);
execFileSync(
  process.execPath,
  [cli, "config", "schema", "--kind", "dataset", "-o", "schema/dataset.schema.json"],
  { cwd: root, stdio: "inherit" },
);
console.log("wrote schema/mlship.schema.json and schema/dataset.schema.json");
