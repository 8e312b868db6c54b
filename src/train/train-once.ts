/**
 * One training run with the request's trainer — a built-in one or the user's command — into a
 * folder: a single run, a fan-out's trial, or one trial of a search (src/train/train-search.ts).
 */
import type { DatasetSchema } from "../data/schema/dataset-schema.js";
import type { SettingSpelling } from "../lib/errors.js";
import type { Ort } from "../onnx/ort.js";
import type { TrialHooks } from "../tune/run-search.js";
import type { TrainRequest } from "./request.js";
import { type TrainOutcome, type TrainSettings, trainBuiltin } from "./train-builtin.js";
import { type CommandTrainOutcome, trainWithCommand } from "./train-command.js";

export type ParamValues = Record<string, string | number | boolean>;

export interface RunTrainingOptions {
  /** The working folder (a trial's process runs in it). */
  cwd: string;
  /** How the adapter spells a setting: a trial run in its own process reports its error in these words. */
  spell: SettingSpelling;
  /** A line of progress: a command trainer's output, each finished trial of a search. */
  log: (line: string) => void;
  /** Loads onnxruntime-node (resolveOnnxRuntime in production). */
  runtime: () => Promise<Ort>;
}

/** One training run: what `mlship train --json` writes (the model, its metrics.json, the cache's part). */
export type TrainRun = TrainOutcome | CommandTrainOutcome;

/** The metrics a run reports: a built-in trainer's validation metrics, a command's own. */
export function metricsOf(run: TrainRun): Record<string, number> {
  return run.report.trainer === "command" ? run.report.metrics : run.report.validation.metrics;
}

export interface TrainOnceOptions {
  request: TrainRequest;
  /** The params of this run (a trial's over the request's). */
  params: ParamValues;
  /** Where its model.onnx and metrics.json go. */
  out: string;
  schema: DatasetSchema | undefined;
  options: RunTrainingOptions;
  /** A trial's pruning signal and progress reports (command trainers only). */
  hooks?: TrialHooks;
}

/** One training run (a single train, or one trial of a search) with the request's trainer. */
export async function trainOnce(run: TrainOnceOptions): Promise<TrainRun | { pruned: true }> {
  const { request, options } = run;
  if (request.command !== undefined) {
    return trainWithCommand({
      command: request.command,
      params: run.params,
      data: request.data ? { train: request.data } : {},
      cachePaths: request.cachePaths,
      root: request.root,
      outDir: run.out,
      cacheDir: request.cacheDir,
      timeoutMs: request.timeoutMs,
      runtime: options.runtime,
      log: options.log,
      signal: run.hooks?.signal,
      onProgress: run.hooks?.progress,
    });
  }
  return trainBuiltin({
    ...builtinSettings(request, run.params, run.out, run.schema),
    runtime: options.runtime,
  });
}

/** A built-in trainer's settings for one run: plain values (a trial's own process takes them as JSON). */
export type BuiltinRunSettings = Omit<TrainSettings, "runtime">;

export function builtinSettings(
  request: TrainRequest,
  params: ParamValues,
  out: string,
  schema: DatasetSchema | undefined,
): BuiltinRunSettings {
  return {
    data: request.data!,
    label: request.label!,
    trainer: request.trainer!,
    params: Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, typeof v === "boolean" ? String(v) : v]),
    ),
    task: request.task,
    schema,
    format: request.format,
    delimiter: request.delimiter,
    validationFraction: request.validationFraction,
    seed: request.seed,
    cv: request.cv,
    outDir: out,
    cacheDir: request.cacheDir,
  };
}
