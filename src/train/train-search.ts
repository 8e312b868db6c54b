/**
 * A search over a trainer's params (mlship.yml's train.search): its trials run here, each in
 * `<out>/trials/<n>` and cached like a single run, recorded in `<out>/study.jsonl` (a rerun
 * resumes it), and the best trial's model and metrics copied to `out` with search.json.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { DatasetSchema } from "../data/schema/dataset-schema.js";
import { writeFileAtomic, writeJsonAtomic } from "../lib/atomic-write.js";
import { ExitCode, MlshipError } from "../lib/errors.js";
import { formatNumber } from "../lib/format-number.js";
import { runSearch, type SearchMethod } from "../tune/run-search.js";
import { type SearchSummary, summarizeSearch } from "../tune/search-summary.js";
import type { Study } from "../tune/study.js";
import type { Trial } from "../tune/trial.js";
import { type SearchRequest, type TrainRequest, trialFolder } from "./request.js";
import { builtinSettings, metricsOf, type RunTrainingOptions, trainOnce } from "./train-once.js";
import { trainInChildProcess, trialRunnerScript } from "./trial-process.js";

/** Runs the request's search; its summary once the best trial's files are in `out`. */
export async function runTrainSearch(
  request: TrainRequest,
  schema: DatasetSchema | undefined,
  options: RunTrainingOptions,
): Promise<SearchSummary> {
  const search = request.searchSpec!;
  // A command trainer is its own process already; built-in trainers run in a process of their own
  // each when trials overlap, since in one process they would only take turns.
  const script = request.parallel > 1 && request.command === undefined ? trialRunnerScript() : undefined;
  const outcome = await runSearch({
    space: search.space,
    method: search.method as SearchMethod,
    trials: search.trials,
    parallel: request.parallel,
    seed: search.seed,
    objective: search.objective,
    direction: search.direction,
    studyFile: join(request.out, "study.jsonl"),
    pruner: search.pruner,
    runTrial: async (trialParams, trial, hooks) => {
      const params = { ...request.params, ...trialParams };
      const out = trialFolder(request.out, trial);
      if (script) {
        const settings = builtinSettings(request, params, out, schema);
        return trainInChildProcess(script, settings, { cwd: options.cwd, spell: options.spell });
      }
      const run = await trainOnce({ request, params, out, schema, options, hooks });
      return "pruned" in run ? run : { metrics: metricsOf(run), cached: run.cacheHit };
    },
    onTrial: (trial) => options.log(trialLine(trial, search.objective)),
  });
  return finishSearch({
    ...outcome,
    search,
    out: request.out,
    trialDir: (trial) => trialFolder(request.out, trial),
  });
}

/** `trial 3: complete roc_auc 0.81 {"C":0.5}`: a finished trial, as a progress line. */
export function trialLine(trial: Trial, objective: string): string {
  const value = trial.value !== undefined ? ` ${objective} ${formatNumber(trial.value)}` : "";
  return `trial ${trial.number}: ${trial.status}${value} ${JSON.stringify(trial.params)}${trial.error ? ` (${trial.error})` : ""}`;
}

/**
 * The end of a search (run here or collected from jobs): the best trial's model.onnx and
 * metrics.json copied to `out`, search.json written beside them.
 * @throws MlshipError `no_trial_succeeded` (exit 1) when no trial finished with the objective.
 */
export async function finishSearch(options: {
  study: Study;
  best: Trial | undefined;
  search: SearchRequest;
  out: string;
  trialDir: (trial: number) => string;
}): Promise<SearchSummary> {
  const { best, study, search, out } = options;
  if (!best) {
    throw new MlshipError(
      "no_trial_succeeded",
      `no trial of the search finished with ${search.objective}: see ${join(out, "study.jsonl")}`,
      {},
      ExitCode.checkFailed,
    );
  }
  const bestDir = options.trialDir(best.number);
  for (const name of ["model.onnx", "metrics.json"]) {
    await writeFileAtomic(join(out, name), await readFile(join(bestDir, name)));
  }
  const summary = summarizeSearch(study, best, {
    objective: search.objective,
    direction: search.direction,
    method: search.method,
  });
  await writeJsonAtomic(join(out, "search.json"), summary);
  return summary;
}
