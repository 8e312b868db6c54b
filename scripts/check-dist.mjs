#!/usr/bin/env node
// Fails when dist/ or schema/ differ from what is committed: run after `npm run build`.
// The actions run the committed dist/, so a stale one would ship old code.
import { execFileSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const changed = execFileSync(
  "git",
  ["status", "--porcelain", "--untracked-files=all", "--", "dist", "schema"],
  {
    cwd: root,
    encoding: "utf8",
  },
).trim();
if (changed) {
  console.error("dist/ or schema/ is stale: the build changed these files:");
  console.error(changed);
  console.error("Run `npm run build` and commit dist/ and schema/.");
  process.exit(1);
}
console.log("dist/ and schema/ are current.");
