/**
 * What an action does to the runner — outputs, the job summary, annotations,
 * log lines, the failed status — behind one small interface, so the action
 * logic is tested with a fake and only this file talks to @actions/core.
 *
 * Log lines carry data (column names, values, trainer output, model metadata),
 * so the real runner's streams are guarded (workflow-commands.ts): no line of
 * them can issue a workflow command, and only the commands issued here — with
 * @actions/core escaping their messages and properties — reach the runner.
 */
import * as core from "@actions/core";
import { isMlshipError, type SettingSpelling } from "../lib/errors.js";
import { kebabCase } from "../lib/setting-source.js";
import { asOwnCommands, guardStandardStreams } from "./workflow-commands.js";

export type AnnotationLevel = "error" | "warning" | "notice";

export interface AnnotationLocation {
  /** Path relative to the repository root (GITHUB_WORKSPACE), so GitHub can link it. */
  file?: string;
  startLine?: number;
  title?: string;
}

export interface ActionIO {
  setOutput(name: string, value: string): void;
  /** Appends markdown to the job summary (GITHUB_STEP_SUMMARY). */
  writeSummary(markdown: string): Promise<void>;
  annotate(level: AnnotationLevel, message: string, location?: AnnotationLocation): void;
  info(message: string): void;
  /** Marks the step failed (exit code 1) with an error annotation; the action goes on to its end. */
  setFailed(message: string): void;
}

const annotators = { error: core.error, warning: core.warning, notice: core.notice } as const;

/** Masks a secret in the log (an `add-mask` command of our own). */
export function maskSecret(secret: string): void {
  asOwnCommands(() => core.setSecret(secret));
}

/**
 * Guards the process's output for the runner (once): its standard streams,
 * and an uncaught error, which Node would print past them, is reported as
 * `failAction` reports it.
 */
function guardRunnerOutput(): void {
  if (guardStandardStreams()) {
    process.on("uncaughtException", (error) => {
      failAction(error);
      process.exit(1);
    });
  }
}

/** The real runner, through @actions/core, its output guarded. */
export function coreActionIO(): ActionIO {
  guardRunnerOutput();
  return {
    // Outside Actions (no GITHUB_OUTPUT) @actions/core falls back to a `set-output` command.
    setOutput: (name, value) => asOwnCommands(() => core.setOutput(name, value)),
    async writeSummary(markdown) {
      if (!process.env.GITHUB_STEP_SUMMARY) {
        core.info("GITHUB_STEP_SUMMARY is not set (not running in GitHub Actions?): no job summary written");
        return;
      }
      await core.summary.addRaw(markdown, true).write();
    },
    annotate: (level, message, location) => asOwnCommands(() => annotators[level](message, location)),
    info: (message) => core.info(message),
    setFailed: (message) => asOwnCommands(() => core.setFailed(message)),
  };
}

/**
 * The outer catch of every action. A mistake in the inputs or the files is
 * one line naming the input, file, row or column; anything else is a bug in
 * mlship, and its stack goes to the log (not into the annotation).
 */
/**
 * How an action's errors name a setting: `input 'baseline'`. `inputs` maps settings to input names
 * (the action's constants); any other setting is spelled in kebab case.
 */
export function inputSpelling(inputs: Readonly<Record<string, string>> = {}): SettingSpelling {
  return (setting) => `input '${inputs[setting] ?? kebabCase(setting)}'`;
}

export function failAction(error: unknown, spell: SettingSpelling = inputSpelling()): void {
  guardRunnerOutput();
  const setFailed = (message: string) => asOwnCommands(() => core.setFailed(message));
  if (isMlshipError(error)) {
    setFailed(error.describe(spell));
    return;
  }
  const message = error instanceof Error ? error.message : String(error);
  setFailed(`internal error (a bug in mlship, please report it with this log): ${message}`);
  if (error instanceof Error && error.stack) core.info(error.stack);
}
