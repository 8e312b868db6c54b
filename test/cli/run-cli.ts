/**
 * Runs the built CLI (`dist/cli/index.js`, from `npm run build`) as a user
 * does: `node index.js …` in a working folder, capturing the exit code and
 * both streams.
 *
 * Each test file runs a snapshot of `dist/cli/` copied to its temporary
 * folder: a build that runs at the same time (it deletes and rewrites
 * `dist/cli/`) then cannot make a test see a missing or half-written file.
 */
import { spawn } from "node:child_process";
import { closeSync, existsSync, openSync } from "node:fs";
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

export interface RunOptions {
  /** What the CLI reads on standard input: bytes, or a file it is redirected from (`< file`). Default: nothing (closed at once). */
  stdin?: string | Buffer | { file: string };
  /** Kills the CLI after this long (the result's code is then null), for a test that could otherwise wait forever. */
  timeoutMs?: number;
  /** Told the standard error so far each time it grows (e.g. to answer "waiting for a writer"). */
  onStderr?: (stderr: string) => void;
}

export interface CliWorkspace {
  /** The temporary working folder the CLI runs in. */
  readonly dir: string;
  /** The snapshot of the built CLI's entry point, for a test that starts it itself (a server). */
  readonly cli: string;
  /** A path inside the working folder. */
  path(name: string): string;
  run(args: string[], options?: RunOptions): Promise<CliResult>;
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
    get cli() {
      return cli;
    },
    path: (name: string) => join(dir, name),
    run: (args: string[], options?: RunOptions) => runNode([cli, ...args], dir, options),
  };
}

function runNode(args: string[], cwd: string, options: RunOptions = {}): Promise<CliResult> {
  const { stdin, timeoutMs, onStderr } = options;
  const stdinFile =
    stdin !== undefined && typeof stdin === "object" && "file" in stdin ? stdin.file : undefined;
  return new Promise((resolvePromise) => {
    const input = stdinFile === undefined ? "pipe" : openSync(stdinFile, "r");
    const child = spawn(process.execPath, args, {
      cwd,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" },
      stdio: [input, "pipe", "pipe"],
    });
    if (typeof input === "number") closeSync(input);
    const stdout: Buffer[] = [];
    let stderr = "";
    child.stdout!.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      onStderr?.(stderr);
    });
    const timer = timeoutMs ? setTimeout(() => child.kill("SIGKILL"), timeoutMs) : undefined;
    child.on("error", (error) => {
      clearTimeout(timer);
      resolvePromise({ code: null, stdout: "", stderr: String(error) });
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout: Buffer.concat(stdout).toString(), stderr });
    });
    if (child.stdin) {
      child.stdin.on("error", () => {}); // a CLI that exits before reading all of it closes the pipe
      child.stdin.end(stdinFile === undefined ? (stdin as string | Buffer | undefined) : undefined);
    }
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
