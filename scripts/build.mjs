#!/usr/bin/env node
// Bundles the CLI and each action with ncc into dist/ (committed: actions run from it),
// then writes the JSON Schemas of mlship.yml and of dataset schema files into schema/, and the
// reference pages of docs/ (scripts/docs.mjs: actions, reusable workflows, the CLI's --help).
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const entries = [{ input: "src/cli/index.ts", out: "dist/cli" }];
for (const name of readdirSync(join(root, "actions"))) {
  if (existsSync(join(root, "src/actions", `${name}-main.ts`))) {
    entries.push({ input: `src/actions/${name}-main.ts`, out: `dist/${name}` });
  }
}

/** Bundles one entry with ncc into `out` (index.js and licenses.txt), replacing what was there. */
function bundle(input, out) {
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
}

for (const { input, out } of entries) {
  bundle(input, out);
  console.log(`built ${out}/index.js from ${input}`);
}

// An action's `post:` step (src/actions/<name>-post.ts) is a bundle of its own beside its main one: post.js.
for (const name of readdirSync(join(root, "actions"))) {
  const input = `src/actions/${name}-post.ts`;
  if (!existsSync(join(root, input))) continue;
  const postOut = join(tmpdir(), `mlship-build-post-${process.pid}`);
  bundle(input, postOut);
  copyFileSync(join(postOut, "index.js"), join(root, "dist", name, "post.js"));
  rmSync(postOut, { recursive: true, force: true });
  console.log(`built dist/${name}/post.js from ${input}`);
}

// Helper bundles beside every bundle that starts them (those holding their tag): large CSV files are
// read by worker threads running only the data pass; a search's built-in trials run at once each in a
// process running only the built-in trainers (src/train/trial-process.ts).
const helpers = [
  { input: "src/data/validate/data-pass-worker.ts", file: "data-pass-worker.js", tag: "mlship.data-pass" },
  { input: "src/train/trial-runner.ts", file: "train-trial.js", tag: "mlship.train-trial" },
];
for (const { input, file, tag } of helpers) {
  const helperOut = join(tmpdir(), `mlship-build-helper-${process.pid}`);
  bundle(input, helperOut);
  for (const { out } of entries) {
    if (!readFileSync(join(root, out, "index.js"), "utf8").includes(tag)) continue;
    copyFileSync(join(helperOut, "index.js"), join(root, out, file));
    console.log(`copied ${input} into ${out}/${file}`);
  }
  rmSync(helperOut, { recursive: true, force: true });
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

execFileSync(process.execPath, [join(root, "scripts/docs.mjs")], { cwd: root, stdio: "inherit" });
