#!/usr/bin/env node
// Bundles the CLI and each action with ncc into dist/ (committed: actions run from it),
// then writes the JSON Schemas of mlship.yml and of dataset schema files into schema/, and the
// reference pages of docs/ (scripts/docs.mjs: actions, reusable workflows, the CLI's --help).
import { execFile, execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

const root = new URL("..", import.meta.url).pathname;
const entries = [{ input: "src/cli/index.ts", out: "dist/cli" }];
for (const name of readdirSync(join(root, "actions"))) {
  if (existsSync(join(root, "src/actions", `${name}-main.ts`))) {
    entries.push({ input: `src/actions/${name}-main.ts`, out: `dist/${name}` });
  }
}

/**
 * Bundles one entry with ncc into `out` (index.js and licenses.txt), replacing what was there. ncc runs
 * on one core, so the bundles are built side by side, one per core (at most 4).
 */
async function bundle(input, out) {
  rmSync(join(root, out), { recursive: true, force: true });
  const ncc = join(root, "node_modules/.bin/ncc");
  const args = ["build", input, "--out", out, "--target", "es2022", "--no-source-map-register", "--quiet"];
  try {
    await run(ncc, [...args, "--license", "licenses.txt"], { cwd: root, maxBuffer: 64 << 20 });
  } catch (error) {
    process.stderr.write(`${error.stdout ?? ""}${error.stderr ?? ""}`);
    throw new Error(`ncc build of ${input} failed`);
  }
}

/** Runs `jobs` with at most `size` at a time; the first failure fails the build. */
async function inPool(jobs, size) {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(size, jobs.length) }, worker));
}

const scratch = mkdtempSync(join(tmpdir(), "mlship-build-"));
// Helper bundles beside every bundle that starts them (those holding their tag): large CSV files are
// read by worker threads running only the data pass; a search's built-in trials run at once each in a
// process running only the built-in trainers (src/train/trial-process.ts).
const helpers = [
  { input: "src/data/validate/data-pass-worker.ts", file: "data-pass-worker.js", tag: "mlship.data-pass" },
  { input: "src/train/trial-runner.ts", file: "train-trial.js", tag: "mlship.train-trial" },
].map((helper, i) => ({ ...helper, tmp: join(scratch, `helper-${i}`) }));

try {
  await inPool(
    [
      ...entries.map(({ input, out }) => async () => {
        await bundle(input, out);
        console.log(`built ${out}/index.js from ${input}`);
      }),
      ...helpers.map(
        ({ input, tmp }) =>
          () =>
            bundle(input, tmp),
      ),
    ],
    Math.min(4, availableParallelism()),
  );
  // Copied once every bundle is written (a bundle replaces its whole folder).
  for (const { input, file, tag, tmp } of helpers) {
    for (const { out } of entries) {
      if (!readFileSync(join(root, out, "index.js"), "utf8").includes(tag)) continue;
      copyFileSync(join(tmp, "index.js"), join(root, out, file));
      console.log(`copied ${input} into ${out}/${file}`);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
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
