/**
 * Bring-your-own trainer: run a user's training program for one trial.
 *
 * The contract with the program (issue 3, §3):
 * - it runs through the platform shell — `/bin/sh -c <command>` on POSIX,
 *   `cmd.exe /d /s /c` on Windows — in its own process group, in `cwd`;
 * - `{name}` in the command line becomes the param's value, shell-quoted;
 *   `{{` and `}}` are literal braces; `${…}` is left to the shell; any other
 *   brace that does not form `{name}` is passed through unchanged;
 * - the environment carries `MLSHIP_PARAMS` (params.json), `MLSHIP_TRIAL_DIR`,
 *   `MLSHIP_PROGRESS` (progress.jsonl, created empty), and the outputs it must
 *   write: `MLSHIP_MODEL` (model.onnx) and `MLSHIP_METRICS` (metrics.json, a
 *   JSON object of finite numbers; nested objects are flattened with dots:
 *   `{"val": {"auc": 0.8}}` is the metric `val.auc`); `PYTHONUNBUFFERED=1`
 *   unless set, so a Python trainer's output arrives as it is printed;
 * - it may append progress lines (`{"step": 3, "val_auc": 0.81}`) to
 *   `MLSHIP_PROGRESS`; mlship reads them while it runs so a pruner can stop it.
 *
 * A failed trial (non-zero exit, timeout, missing or empty model, bad
 * metrics) is a result with `status: "failed"` and a reason, not an exception,
 * so one bad trial does not stop a study; `commandTrainerError` turns it into
 * an MlshipError for the single-run path. Exceptions are kept for what makes
 * every trial fail: an unknown placeholder, params that are not JSON, a
 * working directory that does not exist.
 */

import { open, rm, stat, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { writeJsonAtomic } from "../lib/atomic-write.js";
import { ExitCode, MlshipError } from "../lib/errors.js";
import { ownRecord } from "../lib/own-keys.js";
import { type OutputStream, OutputTail } from "./process/output-tail.js";
import { Poller, sleep } from "./process/poller.js";
import { groupAlive, spawnShell, terminateTree } from "./process/process-group.js";
import { shellQuote } from "./process/shell-quote.js";

export interface CommandProgressEvent {
  step: number;
  /** Every other number on the line, nested objects flattened with dots (`NaN` and `Infinity` as Python writes them are kept). */
  values: Record<string, number>;
}

export interface CommandTrainerSettings {
  /** A command line, run through `/bin/sh -c` (POSIX) or `cmd.exe /d /s /c` (Windows). */
  command: string;
  /** The trial's params: any JSON value per name. Written to params.json and substituted for `{name}`. */
  params: Readonly<Record<string, unknown>>;
  /** The trial's folder (created when missing); the program's outputs go here. */
  trialDir: string;
  /** Working directory of the program (default: the current one). */
  cwd?: string;
  /** Extra environment variables, on top of this process's environment. The MLSHIP_* ones cannot be overridden. */
  env?: Readonly<Record<string, string>>;
  /** Stop the program (as a failure) after this long; undefined: no limit. */
  timeoutMs?: number;
  /** Abort = prune: the program is stopped and the trial is `pruned`. */
  signal?: AbortSignal;
  /** Called for each complete new line of progress.jsonl, in order. */
  onProgress?: (event: CommandProgressEvent) => void;
  /** Called with each line the program prints. */
  log?: (line: string, stream: OutputStream) => void;
  /** Called with each problem that does not fail the trial (a malformed progress line). */
  onWarning?: (message: string) => void;
  /** Between SIGTERM and SIGKILL when the program is stopped (default 5000 ms). */
  killGraceMs?: number;
  /** How often progress.jsonl is read (default 200 ms). */
  pollIntervalMs?: number;
  /** Bounds of `outputTail` (default 200 lines, 64 KiB). */
  tailLines?: number;
  tailBytes?: number;
}

export type CommandTrialStatus = "complete" | "pruned" | "failed";
export type CommandTrialFailure =
  | "exit-code"
  | "signal"
  | "timeout"
  | "no-model"
  | "empty-model"
  | "no-metrics"
  | "bad-metrics";

export interface TrialFiles {
  params: string;
  progress: string;
  model: string;
  metrics: string;
}

export interface CommandTrainerResult {
  status: CommandTrialStatus;
  /** Why the trial failed or was pruned, in a sentence. */
  reason?: string;
  failure?: CommandTrialFailure;
  /** The command line as run, placeholders substituted. */
  command: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** From start to exit of the program. */
  durationMs: number;
  /** The model's path (complete trials). */
  model?: string;
  /** metrics.json, flattened (complete trials). */
  metrics?: Record<string, number>;
  progress: CommandProgressEvent[];
  /** The last lines of stdout and stderr, interleaved in arrival order. */
  outputTail: string;
  warnings: string[];
  files: TrialFiles;
}

const DEFAULT_KILL_GRACE_MS = 5000;
const DEFAULT_POLL_INTERVAL_MS = 200;
/** How long to wait for stdout/stderr to drain once the process group is gone. */
const DRAIN_WAIT_MS = 1000;
const PLACEHOLDER = /^\{([A-Za-z_][A-Za-z0-9_.-]*)\}/;

export function trialFiles(trialDir: string): TrialFiles {
  const dir = resolve(trialDir);
  return {
    params: join(dir, "params.json"),
    progress: join(dir, "progress.jsonl"),
    model: join(dir, "model.onnx"),
    metrics: join(dir, "metrics.json"),
  };
}

export async function runCommandTrainer(settings: CommandTrainerSettings): Promise<CommandTrainerResult> {
  checkSettings(settings);
  const command = expandCommand(settings.command, settings.params);
  const cwd = await workingDirectory(settings.cwd);
  const trialDir = resolve(settings.trialDir);
  const files = trialFiles(trialDir);
  await prepareTrialDir(files, settings.params);

  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    settings.onWarning?.(message);
  };
  const progress: CommandProgressEvent[] = [];
  const tail = new OutputTail(settings.tailLines, settings.tailBytes);
  const base = { command, progress, warnings, files };

  if (settings.signal?.aborted) {
    const reason = "pruned before it started (the abort signal was already set)";
    return { ...base, status: "pruned", reason, exitCode: null, signal: null, durationMs: 0, outputTail: "" };
  }

  const env: NodeJS.ProcessEnv = {
    PYTHONUNBUFFERED: "1",
    ...process.env,
    ...settings.env,
    MLSHIP_PARAMS: files.params,
    MLSHIP_TRIAL_DIR: trialDir,
    MLSHIP_PROGRESS: files.progress,
    MLSHIP_MODEL: files.model,
    MLSHIP_METRICS: files.metrics,
  };
  const started = performance.now();
  const child = spawnShell(command, cwd, env);
  const pid = child.pid;

  // A callback that throws is the caller's bug: stop the program and rethrow it once all is cleaned up.
  let callbackError: { error: unknown } | undefined;
  let stopReason: "abort" | "timeout" | "callback" | undefined;
  let stopping: Promise<void> | undefined;
  let exited = false;
  const stop = (why: "abort" | "timeout" | "callback") => {
    if (exited || stopReason !== undefined || pid === undefined) return;
    stopReason = why;
    stopping = terminateTree(pid, settings.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
  };
  const guarded =
    <A extends unknown[]>(fn: ((...args: A) => void) | undefined) =>
    (...args: A) => {
      if (!fn || callbackError) return;
      try {
        fn(...args); // bounded: a stream callback's own arguments
      } catch (error) {
        callbackError = { error };
        stop("callback");
      }
    };
  const onProgress = guarded(settings.onProgress);
  const log = guarded(settings.log);

  const reader = new ProgressReader(
    files.progress,
    (event) => {
      progress.push(event);
      onProgress(event);
    },
    warn,
  );
  const poller = new Poller(() => reader.poll(), settings.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS);

  const closed = new Promise<void>((done) => child.once("close", () => done()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done, fail) => {
    child.once("exit", (code, signal) => done({ code, signal }));
    child.once("error", fail);
  });
  for (const stream of ["stdout", "stderr"] as const) {
    child[stream].setEncoding("utf8");
    child[stream].on("data", (text: string) => {
      for (const line of tail.write(stream, text)) log(line, stream);
    });
  }
  const onAbort = () => stop("abort");
  settings.signal?.addEventListener("abort", onAbort, { once: true });
  const timer =
    settings.timeoutMs === undefined ? undefined : setTimeout(() => stop("timeout"), settings.timeoutMs);

  let outcome: { code: number | null; signal: NodeJS.Signals | null };
  let durationMs = 0;
  try {
    outcome = await exit;
  } catch (error) {
    throw new MlshipError(
      "trainer_not_started",
      `cannot start the training command (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ${command}`,
      { path: "train.command" },
    );
  } finally {
    exited = true;
    durationMs = Math.round(performance.now() - started);
    if (timer) clearTimeout(timer);
    settings.signal?.removeEventListener("abort", onAbort);
    // Whatever the program left behind in its process group goes with it.
    if (pid !== undefined && stopping === undefined && groupAlive(pid)) {
      stopping = terminateTree(pid, settings.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
    }
    await stopping;
    await Promise.race([closed, sleep(DRAIN_WAIT_MS)]);
    child.stdout.destroy();
    child.stderr.destroy();
    await poller.stop();
    await reader.poll(true);
  }
  for (const [stream, line] of tail.end()) log(line, stream);
  if (callbackError) throw callbackError.error;

  const done = {
    ...base,
    exitCode: outcome.code,
    signal: outcome.signal,
    durationMs,
    outputTail: tail.toString(),
  };
  const failed = (failure: CommandTrialFailure, reason: string): CommandTrainerResult => ({
    ...done,
    status: "failed",
    failure,
    reason,
  });

  if (stopReason === "abort")
    return { ...done, status: "pruned", reason: "pruned: stopped by the abort signal" };
  if (stopReason === "timeout") {
    return failed("timeout", `timed out after ${formatMs(settings.timeoutMs ?? 0)} and was stopped`);
  }
  if (outcome.signal) return failed("signal", `was killed by ${outcome.signal}`);
  if (outcome.code !== 0) return failed("exit-code", exitReason(outcome.code ?? -1));

  const model = await fileSize(files.model);
  if (model === undefined) {
    return failed("no-model", `exited 0 but wrote no model: expected ${files.model} ($MLSHIP_MODEL)`);
  }
  if (model === 0) return failed("empty-model", `wrote an empty model: ${files.model} has 0 bytes`);
  const text = await readText(files.metrics);
  if (text === undefined) {
    return failed("no-metrics", `exited 0 but wrote no metrics: expected ${files.metrics} ($MLSHIP_METRICS)`);
  }
  const metrics = parseMetrics(text);
  if ("error" in metrics) return failed("bad-metrics", `${files.metrics}: ${metrics.error}`);
  return { ...done, status: "complete", model: files.model, metrics: metrics.metrics };
}

/** The MlshipError for a trial that did not complete (the single-run path: `mlship train --command`). */
export function commandTrainerError(result: CommandTrainerResult, lines = 20): MlshipError {
  const last = result.outputTail.split("\n").slice(-lines).join("\n");
  const output = last.trim()
    ? `\n--- last ${lines} lines of its output ---\n${last}`
    : "\n(it printed nothing)";
  return new MlshipError(
    result.status === "pruned" ? "trainer_pruned" : "trainer_failed",
    `the training command ${result.reason ?? result.status}: ${result.command}${output}`,
    { path: "train.command" },
    ExitCode.checkFailed,
  );
}

// ---------------------------------------------------------------- the command line

/**
 * Substitutes `{name}` with the shell-quoted value of the param `name`.
 * `{{` / `}}` are literal braces, `${…}` is the shell's, and a brace that does
 * not form `{name}` (`awk '{print $1}'`) is left as it is.
 */
export function expandCommand(
  command: string,
  params: Readonly<Record<string, unknown>>,
  platform: NodeJS.Platform = process.platform,
): string {
  let out = "";
  const unknown: string[] = [];
  for (let i = 0; i < command.length; ) {
    const pair = command.slice(i, i + 2);
    if (pair === "{{" || pair === "}}") {
      out += pair[0];
      i += 2;
      continue;
    }
    const match = command[i] === "{" && command[i - 1] !== "$" ? PLACEHOLDER.exec(command.slice(i)) : null;
    if (!match) {
      out += command[i];
      i += 1;
      continue;
    }
    const name = match[1];
    if (Object.hasOwn(params, name)) out += shellQuote(placeholderText(params[name]), platform);
    else if (!unknown.includes(name)) unknown.push(name);
    i += match[0].length;
  }
  if (unknown.length > 0) {
    const names = Object.keys(params);
    throw new MlshipError(
      "unknown_placeholder",
      `the training command names ${unknown.map((n) => `{${n}}`).join(", ")}, which ${unknown.length > 1 ? "are not params" : "is not a param"} of this trial ` +
        `(params: ${names.length ? names.join(", ") : "none"}). Add the param, or write {{ and }} for literal braces.`,
      { path: "train.command" },
    );
  }
  return out;
}

function placeholderText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

// ---------------------------------------------------------------- before the run

function checkSettings(settings: CommandTrainerSettings): void {
  if (!settings.command.trim()) {
    throw new MlshipError(
      "empty_command",
      "the training command is empty: give a command line (train.command or --command)",
      {
        path: "train.command",
      },
    );
  }
  for (const [name, value] of [
    ["timeoutMs", settings.timeoutMs],
    ["killGraceMs", settings.killGraceMs],
    ["pollIntervalMs", settings.pollIntervalMs],
    ["tailLines", settings.tailLines],
    ["tailBytes", settings.tailBytes],
  ] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
      throw new MlshipError(
        "bad_usage",
        `${name} must be a positive number of ${name.startsWith("tail") ? "units" : "milliseconds"}, got ${value}`,
      );
    }
  }
  checkJson(settings.params, "params");
}

/** Params go to a JSON file: refuse what JSON.stringify would drop or turn into null. */
function checkJson(value: unknown, path: string): void {
  if (value === null || typeof value === "string" || typeof value === "boolean") return;
  if (typeof value === "number") {
    if (Number.isFinite(value)) return;
    throw new MlshipError("bad_param", `${path} is ${value}, which JSON cannot hold: give a finite number`, {
      path,
    });
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) checkJson(item, `${path}[${index}]`);
    return;
  }
  const prototype = typeof value === "object" ? Object.getPrototypeOf(value) : undefined;
  if (prototype === Object.prototype || prototype === null) {
    for (const [key, item] of Object.entries(value as object)) checkJson(item, `${path}.${key}`);
    return;
  }
  const kind = prototype ? `a ${prototype.constructor?.name ?? "object"}` : `a ${typeof value}`;
  throw new MlshipError("bad_param", `${path} is ${kind}, which JSON cannot hold`, { path });
}

async function workingDirectory(cwd: string | undefined): Promise<string> {
  const dir = resolve(cwd ?? ".");
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new MlshipError(
      "bad_cwd",
      `the training command's working directory ${dir} does not exist or is not a folder`,
      {
        file: dir,
      },
    );
  }
  return dir;
}

/** params.json written atomically, progress.jsonl empty, and no model or metrics left from an earlier run. */
async function prepareTrialDir(files: TrialFiles, params: Readonly<Record<string, unknown>>): Promise<void> {
  await writeJsonAtomic(files.params, params);
  await rm(files.model, { force: true });
  await rm(files.metrics, { force: true });
  await writeFile(files.progress, "");
}

// ---------------------------------------------------------------- progress.jsonl

/** Reads the lines appended to progress.jsonl since the last poll; a partial last line waits for its newline. */
class ProgressReader {
  private offset = 0;
  private lineNumber = 0;
  private partial = "";
  private decoder = new StringDecoder("utf8");

  constructor(
    private readonly file: string,
    private readonly emit: (event: CommandProgressEvent) => void,
    private readonly warn: (message: string) => void,
  ) {}

  /** `final`: the program has ended, so a last line without a newline is complete. */
  async poll(final = false): Promise<void> {
    const handle = await open(this.file, "r").catch(() => undefined);
    if (!handle) return;
    try {
      const { size } = await handle.stat();
      if (size < this.offset) {
        this.warn(
          `${this.file} shrank while the trainer ran; reading it again from the start (append to it instead)`,
        );
        this.offset = 0;
        this.partial = "";
        this.decoder = new StringDecoder("utf8");
      }
      if (size > this.offset) {
        const buffer = Buffer.alloc(size - this.offset);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
        this.offset += bytesRead;
        this.take(this.decoder.write(buffer.subarray(0, bytesRead)));
      }
    } finally {
      await handle.close();
    }
    if (final) {
      const rest = this.partial + this.decoder.end();
      this.partial = "";
      if (rest.trim()) this.line(rest);
    }
  }

  private take(text: string): void {
    const lines = (this.partial + text).split("\n");
    this.partial = lines.pop() ?? "";
    for (const line of lines) this.line(line);
  }

  private line(text: string): void {
    this.lineNumber += 1;
    if (!text.trim()) return;
    const parsed = parseProgressLine(text);
    if ("error" in parsed)
      this.warn(`${this.file}:${this.lineNumber}: ignored a progress line: ${parsed.error}`);
    else this.emit(parsed.event);
  }
}

/** `{"step": 3, "val_auc": 0.81}` → `{ step: 3, values: { val_auc: 0.81 } }`; other values than numbers are ignored. */
export function parseProgressLine(line: string): { event: CommandProgressEvent } | { error: string } {
  let value: unknown;
  try {
    value = parseLenientJson(line);
  } catch (error) {
    return { error: `not JSON (${(error as Error).message}): ${clip(line)}` };
  }
  if (!isPlainObject(value)) return { error: `not a JSON object: ${clip(line)}` };
  const { step, ...rest } = value;
  if (typeof step !== "number" || !Number.isFinite(step)) {
    return { error: `no numeric "step" (write {"step": 3, "val_auc": 0.81}): ${clip(line)}` };
  }
  const values: Record<string, number> = ownRecord();
  flatten(rest, "", (key, leaf) => {
    if (typeof leaf === "number") values[key] = leaf;
  });
  return { event: { step, values } };
}

// ---------------------------------------------------------------- metrics.json

/** A JSON object of finite numbers, nested objects flattened with dots (`{"val": {"auc": 0.8}}` → `val.auc`). */
export function parseMetrics(text: string): { metrics: Record<string, number> } | { error: string } {
  let value: unknown;
  try {
    value = parseLenientJson(text);
  } catch (error) {
    return { error: `not valid JSON (${(error as Error).message})` };
  }
  if (!isPlainObject(value)) {
    return { error: `must be a JSON object of numbers like {"roc_auc": 0.91}, not ${describe(value)}` };
  }
  const metrics: Record<string, number> = ownRecord();
  const problems: string[] = [];
  flatten(value, "", (key, leaf) => {
    if (Object.hasOwn(metrics, key))
      problems.push(`"${key}" appears twice once nested objects are flattened`);
    else if (typeof leaf !== "number") problems.push(`"${key}" is ${describe(leaf)}`);
    else if (!Number.isFinite(leaf)) problems.push(`"${key}" is ${leaf}`);
    else metrics[key] = leaf;
  });
  if (problems.length > 0) {
    return {
      error: `${problems.join("; ")}: every metric must be a finite number (nested objects are flattened with dots)`,
    };
  }
  if (Object.keys(metrics).length === 0) return { error: 'holds no metrics: write e.g. {"roc_auc": 0.91}' };
  return { metrics };
}

/** Nesting deeper than this is no metrics file: its objects are visited as (bad) leaves. */
const MAX_NESTING = 32;

/** Visits the leaves of nested objects with dotted keys (recursion bounded by MAX_NESTING). */
function flatten(
  value: Record<string, unknown>,
  prefix: string,
  visit: (key: string, leaf: unknown) => void,
  depth = 1,
): void {
  for (const [key, item] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(item) && depth < MAX_NESTING) flatten(item, path, visit, depth + 1);
    else visit(path, item);
  }
}

const NON_FINITE_MARK = "\u0000";

/** JSON.parse that also reads the bare NaN, Infinity and -Infinity Python's json module writes. */
export function parseLenientJson(text: string): unknown {
  const marked = text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (token) =>
    token.startsWith('"') ? token : `"\\u0000${token}"`,
  );
  return JSON.parse(marked, (_key, value) =>
    typeof value === "string" && value.startsWith(NON_FINITE_MARK) ? Number(value.slice(1)) : value,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${clip(JSON.stringify(value))}`;
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

// ---------------------------------------------------------------- output

// ---------------------------------------------------------------- after the run

async function fileSize(path: string): Promise<number | undefined> {
  const info = await stat(path).catch(() => undefined);
  return info?.isFile() ? info.size : undefined;
}

async function readText(path: string): Promise<string | undefined> {
  const handle = await open(path, "r").catch(() => undefined);
  if (!handle) return undefined;
  try {
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

function exitReason(code: number): string {
  if (code === 127)
    return "exited with code 127 (the shell did not find the program: check the command line and PATH)";
  if (code === 126) return "exited with code 126 (the program is not executable)";
  return `exited with code ${code}`;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${+(ms / 1000).toFixed(1)} s` : `${ms} ms`;
}
