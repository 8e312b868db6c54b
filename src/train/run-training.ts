/**
 * Runs a resolved training request (src/train/request.ts) in its mode: one training run, a search
 * (src/train/train-search.ts), or one step of a search fanned out across jobs (plan, trial,
 * collect). The CLI and the train action call this and only print or output the result.
 */
import { join } from "node:path";
import { type DatasetSchema, loadDatasetSchema } from "../data/schema/dataset-schema.js";
import { writeJsonAtomic } from "../lib/atomic-write.js";
import { MlshipError } from "../lib/errors.js";
import { checkOutputFolder } from "../lib/output-path.js";
import { locateSettingError } from "../lib/setting-source.js";
import {
  collectTrials,
  planTrials,
  TRIAL_RECORD_FILE,
  type TrialSpec,
  writeStudyFile,
} from "../tune/fan-out.js";
import type { SearchMethod } from "../tune/run-search.js";
import type { SearchSummary } from "../tune/search-summary.js";
import type { TrainRequest } from "./request.js";
import { metricsOf, type RunTrainingOptions, type TrainRun, trainOnce } from "./train-once.js";
import { finishSearch, runTrainSearch } from "./train-search.js";

export type { RunTrainingOptions, TrainRun } from "./train-once.js";

/** What a run, a search or a trial writes into `out`: none of them may be a folder. */
export const TRAIN_OUTPUT_FILES = [
  "model.onnx",
  "metrics.json",
  "study.jsonl",
  "search.json",
  TRIAL_RECORD_FILE,
];

export type TrainingResult =
  | { mode: "plan"; matrix: { include: TrialSpec[] } }
  | { mode: "train"; run: TrainRun }
  | { mode: "trial"; run: TrainRun; trial: TrialSpec }
  | { mode: "search" | "collect"; summary: SearchSummary; out: string };

/**
 * Runs the request. An error about a setting is located where its value came from.
 * @throws MlshipError for bad input, a failed run or trial, or a search no trial of which succeeded (exit 1).
 */
export async function runTraining(
  request: TrainRequest,
  options: RunTrainingOptions,
): Promise<TrainingResult> {
  try {
    return await runMode(request, options);
  } catch (error) {
    locateSettingError(error, request.sources);
  }
}

async function runMode(request: TrainRequest, options: RunTrainingOptions): Promise<TrainingResult> {
  const { out } = request;
  await checkOutputFolder(out, undefined, TRAIN_OUTPUT_FILES).catch((error: unknown) => {
    if (!(error instanceof MlshipError)) throw error;
    throw new MlshipError(error.code, error.message, { ...error.location, setting: "out" }, error.exitCode);
  });
  const search = request.searchSpec;
  if (request.mode === "plan") {
    const include = planTrials({
      space: search!.space,
      method: search!.method as SearchMethod,
      trials: search!.trials,
      seed: search!.seed,
      direction: search!.direction,
    });
    return { mode: "plan", matrix: { include } };
  }
  if (request.mode === "collect") {
    const collected = await collectTrials(request.collect!, search!.objective, search!.direction);
    await writeStudyFile(join(out, "study.jsonl"), collected.study);
    const summary = await finishSearch({
      ...collected,
      search: search!,
      out,
      trialDir: (trial) => collected.records.get(trial)!,
    });
    return { mode: "collect", summary, out };
  }
  const schema = await datasetSchemaOf(request);
  if (request.mode === "search") {
    return { mode: "search", summary: await runTrainSearch(request, schema, options), out };
  }
  if (request.mode === "trial") return runTrial(request, schema, options);
  const run = await trainOnce({ request, params: request.params, out, schema, options });
  if ("pruned" in run) throw new Error("a single run has no pruner to stop it");
  return { mode: "train", run };
}

/** The dataset schema a built-in trainer reads the data with: the file given, else mlship.yml's. */
async function datasetSchemaOf(request: TrainRequest): Promise<DatasetSchema | undefined> {
  if (request.command !== undefined) return undefined;
  return request.schema !== undefined ? loadDatasetSchema(request.schema) : request.inlineSchema;
}

/** Fan-out, step 2: one matrix entry into `out`, leaving trial.json for the collect step. */
async function runTrial(
  request: TrainRequest,
  schema: DatasetSchema | undefined,
  options: RunTrainingOptions,
): Promise<TrainingResult> {
  const spec = request.trialSpec!;
  const started = Date.now();
  const record = (
    status: "complete" | "failed",
    metrics: Record<string, number>,
    extra: { error?: string; cached?: boolean } = {},
  ) =>
    writeJsonAtomic(join(request.out, TRIAL_RECORD_FILE), {
      ...spec,
      status,
      metrics,
      durationMs: Date.now() - started,
      ...(extra.cached ? { cached: true } : {}),
      error: extra.error,
    });
  try {
    const run = await trainOnce({
      request,
      params: { ...request.params, ...spec.params },
      out: request.out,
      schema,
      options,
    });
    if ("pruned" in run) throw new Error("a single trial has no pruner to stop it");
    await record("complete", metricsOf(run), { cached: run.cacheHit });
    return { mode: "trial", run, trial: spec };
  } catch (error) {
    if (error instanceof MlshipError) await record("failed", {}, { error: error.message });
    throw error;
  }
}
