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
import { writeJsonAtomic } from "../lib/atomic-write.js";
import { ExitCode, MlshipError } from "../lib/errors.js";
import { type OutputStream, OutputTail } from "./process/output-tail.js";
import { Poller, sleep } from "./process/poller.js";
import { groupAlive, spawnShell, terminateTree } from "./process/process-group.js";
import { shellQuote } from "./process/shell-quote.js";
import { type CommandProgressEvent, ProgressReader, parseMetrics } from "./trainer-files.js";

export type { CommandProgressEvent } from "./trainer-files.js";

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

/**
 * One trial, as its steps: check the settings, prepare the trial folder, run the program under
 * supervision (progress, output, timeout, abort), then judge how it ended and what it wrote.
 */
export async function runCommandTrainer(settings: CommandTrainerSettings): Promise<CommandTrainerResult> {
  checkSettings(settings);
  const trial = await prepareTrial(settings);
  const record = trialRecord(settings);
  const base = {
    command: trial.command,
    progress: record.progress,
    warnings: record.warnings,
    files: trial.files,
  };
  if (settings.signal?.aborted) {
    const reason = "pruned before it started (the abort signal was already set)";
    return { ...base, status: "pruned", reason, exitCode: null, signal: null, durationMs: 0, outputTail: "" };
  }
  const ran = await runProgram(trial, settings, record);
  const facts: RunFacts = {
    ...base,
    exitCode: ran.code,
    signal: ran.signal,
    durationMs: ran.durationMs,
    outputTail: record.tail.toString(),
  };
  return exitVerdict(facts, ran.stopReason, settings.timeoutMs) ?? (await outputsVerdict(facts));
}

/** What a trial runs: the expanded command line, in its working directory, writing to its files. */
interface Trial {
  command: string;
  cwd: string;
  trialDir: string;
  files: TrialFiles;
}

async function prepareTrial(settings: CommandTrainerSettings): Promise<Trial> {
  const command = expandCommand(settings.command, settings.params);
  const cwd = await workingDirectory(settings.cwd);
  const trialDir = resolve(settings.trialDir);
  const files = trialFiles(trialDir);
  await prepareTrialDir(files, settings.params);
  return { command, cwd, trialDir, files };
}

/** What the run collects as it goes: progress events, warnings (also passed on), the output's last lines. */
interface TrialRecord {
  progress: CommandProgressEvent[];
  warnings: string[];
  warn: (message: string) => void;
  tail: OutputTail;
}

function trialRecord(settings: CommandTrainerSettings): TrialRecord {
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    settings.onWarning?.(message);
  };
  return { progress: [], warnings, warn, tail: new OutputTail(settings.tailLines, settings.tailBytes) };
}

/** The MLSHIP_* variables (which the caller's `env` cannot override) on top of this process's environment. */
function trialEnvironment(trial: Trial, extra: CommandTrainerSettings["env"]): NodeJS.ProcessEnv {
  return {
    PYTHONUNBUFFERED: "1",
    ...process.env,
    ...extra,
    MLSHIP_PARAMS: trial.files.params,
    MLSHIP_TRIAL_DIR: trial.trialDir,
    MLSHIP_PROGRESS: trial.files.progress,
    MLSHIP_MODEL: trial.files.model,
    MLSHIP_METRICS: trial.files.metrics,
  };
}

type StopReason = "abort" | "timeout" | "callback";

interface ProgramExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From start to exit of the program. */
  durationMs: number;
  /** Why mlship stopped the program, when it did. */
  stopReason: StopReason | undefined;
}

/**
 * Runs the program in its process group until it exits, feeding `record`; once it has exited,
 * whatever it left in its group is stopped, its output drained and progress.jsonl read to the end.
 * A callback (onProgress, log) that throws stops the program and is rethrown after the cleanup.
 */
async function runProgram(
  trial: Trial,
  settings: CommandTrainerSettings,
  record: TrialRecord,
): Promise<ProgramExit> {
  const started = performance.now();
  const child = spawnShell(trial.command, trial.cwd, trialEnvironment(trial, settings.env));
  const supervisor = new Supervisor(child.pid, settings.killGraceMs ?? DEFAULT_KILL_GRACE_MS);
  const onProgress = supervisor.guard(settings.onProgress);
  const log = supervisor.guard(settings.log);
  const reader = new ProgressReader(
    trial.files.progress,
    (event) => {
      record.progress.push(event);
      onProgress(event);
    },
    record.warn,
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
      for (const line of record.tail.write(stream, text)) log(line, stream);
    });
  }
  const disarm = armLimits(supervisor, settings.signal, settings.timeoutMs);

  let outcome: { code: number | null; signal: NodeJS.Signals | null };
  let durationMs = 0;
  try {
    outcome = await exit;
  } catch (error) {
    throw new MlshipError(
      "trainer_not_started",
      `cannot start the training command (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): ${trial.command}`,
      { path: "train.command" },
    );
  } finally {
    supervisor.exited = true;
    durationMs = Math.round(performance.now() - started);
    disarm();
    await supervisor.stopLeftovers();
    await Promise.race([closed, sleep(DRAIN_WAIT_MS)]);
    child.stdout.destroy();
    child.stderr.destroy();
    await poller.stop();
    await reader.poll(true);
  }
  for (const [stream, line] of record.tail.end()) log(line, stream);
  supervisor.rethrowCallbackError();
  return { ...outcome, durationMs, stopReason: supervisor.stopReason };
}

/** Stops the program's process group once (abort, timeout or a throwing callback), and after it exits. */
class Supervisor {
  exited = false;
  stopReason: StopReason | undefined;
  private stopping: Promise<void> | undefined;
  private callbackError: { error: unknown } | undefined;

  constructor(
    private readonly pid: number | undefined,
    private readonly killGraceMs: number,
  ) {}

  stop(why: StopReason): void {
    if (this.exited || this.stopReason !== undefined || this.pid === undefined) return;
    this.stopReason = why;
    this.stopping = terminateTree(this.pid, this.killGraceMs);
  }

  /** `fn` made safe to call from a stream: once one callback has thrown, none is called again. */
  guard<A extends unknown[]>(fn: ((...args: A) => void) | undefined): (...args: A) => void {
    return (...args: A) => {
      if (!fn || this.callbackError) return;
      try {
        fn(...args); // bounded: a stream callback's own arguments
      } catch (error) {
        this.callbackError = { error };
        this.stop("callback");
      }
    };
  }

  /** Whatever the program left behind in its process group goes with it; waits for any stop under way. */
  async stopLeftovers(): Promise<void> {
    if (this.pid !== undefined && this.stopping === undefined && groupAlive(this.pid)) {
      this.stopping = terminateTree(this.pid, this.killGraceMs);
    }
    await this.stopping;
  }

  rethrowCallbackError(): void {
    if (this.callbackError) throw this.callbackError.error;
  }
}

/** Stops the program on abort and after `timeoutMs`; returns what undoes both. */
function armLimits(
  supervisor: Supervisor,
  signal: AbortSignal | undefined,
  timeoutMs: number | undefined,
): () => void {
  const onAbort = () => supervisor.stop("abort");
  signal?.addEventListener("abort", onAbort, { once: true });
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => supervisor.stop("timeout"), timeoutMs);
  return () => {
    if (timer) clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  };
}

/** What every result of a program that ran holds. */
type RunFacts = Pick<
  CommandTrainerResult,
  "command" | "progress" | "warnings" | "files" | "exitCode" | "signal" | "durationMs" | "outputTail"
>;

function failedTrial(facts: RunFacts, failure: CommandTrialFailure, reason: string): CommandTrainerResult {
  return { ...facts, status: "failed", failure, reason };
}

/** Pruned or failed by how the program ended (stopped, killed, a non-zero exit); undefined after a clean exit. */
function exitVerdict(
  facts: RunFacts,
  stopReason: StopReason | undefined,
  timeoutMs: number | undefined,
): CommandTrainerResult | undefined {
  if (stopReason === "abort")
    return { ...facts, status: "pruned", reason: "pruned: stopped by the abort signal" };
  if (stopReason === "timeout") {
    return failedTrial(facts, "timeout", `timed out after ${formatMs(timeoutMs ?? 0)} and was stopped`);
  }
  if (facts.signal) return failedTrial(facts, "signal", `was killed by ${facts.signal}`);
  if (facts.exitCode !== 0) return failedTrial(facts, "exit-code", exitReason(facts.exitCode ?? -1));
  return undefined;
}

/** Complete when the program wrote a non-empty model and a metrics.json of finite numbers. */
async function outputsVerdict(facts: RunFacts): Promise<CommandTrainerResult> {
  const { files } = facts;
  const model = await fileSize(files.model);
  if (model === undefined) {
    return failedTrial(
      facts,
      "no-model",
      `exited 0 but wrote no model: expected ${files.model} ($MLSHIP_MODEL)`,
    );
  }
  if (model === 0)
    return failedTrial(facts, "empty-model", `wrote an empty model: ${files.model} has 0 bytes`);
  const text = await readText(files.metrics);
  if (text === undefined) {
    return failedTrial(
      facts,
      "no-metrics",
      `exited 0 but wrote no metrics: expected ${files.metrics} ($MLSHIP_METRICS)`,
    );
  }
  const metrics = parseMetrics(text);
  if ("error" in metrics) return failedTrial(facts, "bad-metrics", `${files.metrics}: ${metrics.error}`);
  return { ...facts, status: "complete", model: files.model, metrics: metrics.metrics };
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
    throw new MlshipError("empty_command", "the training command is empty: give a command line", {
      path: "train.command",
    });
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
