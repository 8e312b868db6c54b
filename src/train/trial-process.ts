/**
 * A built-in trainer's trial in a process of its own, so that the trials of a search run at once
 * (`parallel` > 1) rather than taking turns in one process. The process runs `train-trial.js`, a
 * bundle of the built-in trainers alone that scripts/build.mjs puts beside each dist/ bundle that
 * starts trials (the CLI, the train action); it reads the run's settings as JSON on standard
 * input and writes the outcome as JSON on standard output (src/train/trial-runner.ts).
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type ErrorLocation, MlshipError, type SettingSpelling } from "../lib/errors.js";
import type { BuiltinRunSettings } from "./train-once.js";

/** The file name of the trial runner in each dist/ folder (scripts/build.mjs writes it). */
export const TRIAL_RUNNER_SCRIPT = "train-trial.js";
/** Its first argument, and what scripts/build.mjs looks for in a bundle to put the runner beside it. */
export const TRIAL_RUNNER_TAG = "mlship.train-trial";

/** What the trial runner writes on standard output. */
export type TrialRunnerOutput =
  | { ok: true; metrics: Record<string, number>; cached: boolean }
  | {
      ok: false;
      error: { code: MlshipError["code"]; message: string; location: ErrorLocation; exitCode: number };
    };

/**
 * The trial runner beside the script this code runs from; undefined for unbundled sources (tests
 * on .ts files), whose trials then run in this process.
 */
export function trialRunnerScript(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith(".js")) return undefined;
  const script = join(dirname(here), TRIAL_RUNNER_SCRIPT);
  return existsSync(script) ? script : undefined;
}

/**
 * Runs one built-in trial in a child process.
 * @throws MlshipError `trial_failed` with the trial's error as the adapter words it (the search records
 *   the trial as failed and goes on); an Error when the process failed otherwise (a bug).
 */
export async function trainInChildProcess(
  script: string,
  settings: BuiltinRunSettings,
  context: { cwd: string; spell: SettingSpelling },
): Promise<{ metrics: Record<string, number>; cached: boolean }> {
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
    const child = spawn(process.execPath, [script, TRIAL_RUNNER_TAG], {
      cwd: context.cwd,
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk;
    });
    child.on("error", fail);
    child.on("close", (code) => done({ code, stdout, stderr }));
    child.stdin.end(JSON.stringify(settings));
  });
  const output = parseOutput(result.stdout);
  if (output?.ok === true && result.code === 0) return { metrics: output.metrics, cached: output.cached };
  if (output?.ok === false) {
    const { code, message, location, exitCode } = output.error;
    const error = new MlshipError(code, message, location, exitCode as MlshipError["exitCode"]);
    throw new MlshipError("trial_failed", error.describe(context.spell));
  }
  throw new Error(`a trial's mlship process failed (exit ${result.code}): ${result.stderr.trim()}`);
}

function parseOutput(text: string): TrialRunnerOutput | undefined {
  try {
    return JSON.parse(text) as TrialRunnerOutput;
  } catch {
    return undefined;
  }
}
