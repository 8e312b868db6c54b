/**
 * Runs the built CLI (`dist/cli/index.js`, from `npm run build`) as a user
 * does: `node index.js …` in a working folder, capturing the exit code and
 * both streams.
 *
 * Each test file runs a snapshot of `dist/cli/` copied to its temporary
 * folder: a build that runs at the same time (it deletes and rewrites
 * `dist/cli/`) then cannot make a test see a missing or half-written file.
 */
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { cp, mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect } from "vitest";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const EXAMPLES = join(ROOT, "examples/data");
const BUILT_CLI = join(ROOT, "dist/cli");

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliWorkspace {
  /** The temporary working folder the CLI runs in. */
  readonly dir: string;
  /** A path inside the working folder. */
  path(name: string): string;
  run(args: string[]): Promise<CliResult>;
}

/** A temporary working folder with a snapshot of the built CLI, for the tests of one file. */
export function useCli(prefix: string): CliWorkspace {
  let dir = "";
  let cli = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `mlship-${prefix}-`));
    cli = await snapshotCli(join(dir, ".cli"));
  }, 180_000);
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  return {
    get dir() {
      return dir;
    },
    path: (name: string) => join(dir, name),
    run: (args: string[]) => runNode([cli, ...args], dir),
  };
}

function runNode(args: string[], cwd: string): Promise<CliResult> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      args,
      { cwd, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : null) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

async function snapshotCli(target: string): Promise<string> {
  const deadline = Date.now() + 120_000;
  let lastProblem = "";
  while (Date.now() < deadline) {
    if (existsSync(join(BUILT_CLI, "index.js")) && existsSync(join(BUILT_CLI, "package.json"))) {
      const before = (await stat(join(BUILT_CLI, "index.js")).catch(() => undefined))?.size;
      await rm(target, { recursive: true, force: true });
      const copied = await cp(BUILT_CLI, target, { recursive: true }).then(
        () => true,
        () => false,
      );
      const after = (await stat(join(BUILT_CLI, "index.js")).catch(() => undefined))?.size;
      if (copied && before !== undefined && before === after) {
        const cli = join(target, "index.js");
        const check = await runNode([cli, "--version"], target);
        if (check.code === 0) return cli;
        lastProblem = check.stderr;
      }
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`dist/cli/index.js is missing or broken: run \`npm run build\` first. ${lastProblem}`);
}

/** The exit code and message of an input error: a one-line `mlship: error: …`, never a crash. */
export function expectUserError(result: CliResult, code = 2): void {
  expectNoCrash(result);
  expect(result.code, result.stderr).toBe(code);
  expect(result.stderr).toMatch(/^mlship: error: /);
}

/** No internal error, no stack trace, a normal exit. */
export function expectNoCrash(result: CliResult): void {
  expect(result.stderr).not.toMatch(/internal error/);
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.code, result.stderr).not.toBe(3);
  expect(result.code, `killed or unexplained exit; stderr: ${result.stderr}`).not.toBeNull();
}

export async function readJson<T = Record<string, unknown>>(file: string): Promise<T> {
  return JSON.parse(await readFile(file, "utf8")) as T;
}
