#!/usr/bin/env node
// Fails when dist/, schema/ or the generated pages of docs/ differ from what is committed: run after
// `npm run build`. The actions run the committed dist/, so a stale one would ship old code; a stale
// page would document inputs, outputs or options that are not there.
import { execFileSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const GENERATED_DOCS = ["docs/actions", "docs/workflows", "docs/cli"];
const changed = execFileSync(
  "git",
  ["status", "--porcelain", "--untracked-files=all", "--", "dist", "schema", ...GENERATED_DOCS],
  {
    cwd: root,
    encoding: "utf8",
  },
).trim();
if (changed) {
  console.error("dist/, schema/ or docs/ is stale: the build changed these files:");
  console.error(changed);
  console.error("Run `npm run build` and commit dist/, schema/ and docs/.");
  process.exit(1);
}
console.log("dist/, schema/ and the generated docs/ pages are current.");
