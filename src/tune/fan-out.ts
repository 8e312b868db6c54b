/**
 * A search fanned out across CI jobs: `plan` suggests n trials up front (a
 * matrix for `strategy.matrix`), each job runs one trial and leaves a
 * `trial.json`, and `collect` reads them back into one study and picks the
 * best. Grid and random plans are exactly the trials a serial search would
 * run; TPE learns from finished trials, so a plan can only hold its seeded
 * startup trials (random draws), which is what a first fan-out round needs.
 */
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeFileAtomic } from "../lib/atomic-write.js";
import { MlshipError } from "../lib/errors.js";
import { ownValue } from "../lib/own-keys.js";
import { Random } from "../lib/random.js";
import { readJsonFile } from "../lib/read-json.js";
import { userKeyedRecord } from "../lib/user-keyed-record.js";
import type { SearchMethod } from "./run-search.js";
import { createSampler } from "./run-search.js";
import type { Params, SearchSpace } from "./search-space.js";
import { bestTrial, emptyStudy, type Study, type StudyEvent, StudyEventSchema } from "./study.js";
import type { Direction, Trial } from "./trial.js";

/** One job of the matrix. */
const TrialSpecSchema = z.looseObject({
  trial: z.int().min(0),
  params: userKeyedRecord(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
export type TrialSpec = { trial: number; params: Params };

/** What a job leaves behind, beside its model.onnx and metrics.json (metrics NaN are null in JSON). */
const TrialRecordSchema = TrialSpecSchema.extend({
  status: z.enum(["complete", "failed"]),
  metrics: userKeyedRecord(
    z.string(),
    z
      .number()
      .nullable()
      .transform((value) => value ?? Number.NaN),
  ),
  durationMs: z.number().min(0).optional(),
  /** Restored from the training cache instead of trained. */
  cached: z.boolean().optional(),
  error: z.string().optional(),
});

export const TRIAL_RECORD_FILE = "trial.json";

export function planTrials(options: {
  space: SearchSpace;
  method: SearchMethod;
  trials: number;
  seed: number;
  direction: Direction;
}): TrialSpec[] {
  const sampler = createSampler(options.method === "tpe" ? "random" : options.method);
  const planned: Trial[] = [];
  for (let trial = 0; trial < options.trials; trial++) {
    const params = sampler.suggest(
      options.space,
      { direction: options.direction, trials: planned },
      Random.forTrial(options.seed, trial),
    );
    if (params === undefined) break;
    planned.push({ number: trial, params, status: "running", progress: [], metrics: {} });
  }
  return planned.map((t) => ({ trial: t.number, params: t.params }));
}

/** Reads a `--trial` argument: the JSON of one matrix entry. */
export function parseTrialSpec(text: string): TrialSpec {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MlshipError(
      "bad_usage",
      `not JSON (${(error as Error).message}); pass one entry of the plan's matrix`,
      { setting: "trial" },
    );
  }
  const spec = TrialSpecSchema.safeParse(value);
  if (!spec.success) {
    throw new MlshipError(
      "bad_usage",
      'expected {"trial": <n ≥ 0>, "params": {name: value, …}}, one entry of the plan',
      { setting: "trial" },
    );
  }
  return { trial: spec.data.trial, params: spec.data.params };
}

/** Every `trial.json` under a folder (the downloaded artifacts of the jobs), as one study. */
export async function collectTrials(
  dir: string,
  objective: string,
  direction: Direction,
): Promise<{ study: Study; best: Trial | undefined; records: Map<number, string> }> {
  let files: string[];
  try {
    files = (await readdir(dir, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile() && e.name === TRIAL_RECORD_FILE)
      .map((e) => join(e.parentPath, e.name))
      .sort();
  } catch {
    throw new MlshipError("file_not_found", `${dir} is not a folder`, { setting: "collect", file: dir });
  }
  if (files.length === 0) {
    throw new MlshipError(
      "no_trials",
      `no ${TRIAL_RECORD_FILE} under ${dir}: were the trial jobs' outputs downloaded there?`,
      { setting: "collect", file: dir },
    );
  }
  const study = emptyStudy({ version: 1, objective, direction });
  const folders = new Map<number, string>();
  for (const file of files) {
    const record = await readJsonFile(
      file,
      `a trial's ${TRIAL_RECORD_FILE} (written by a trial run)`,
      TrialRecordSchema,
    );
    if (folders.has(record.trial)) {
      throw new MlshipError(
        "duplicate_trial",
        `trial ${record.trial} appears twice (${folders.get(record.trial)} and ${file})`,
        { setting: "collect", file },
      );
    }
    folders.set(record.trial, file.slice(0, -TRIAL_RECORD_FILE.length - 1));
    study.trials.push({
      number: record.trial,
      params: record.params,
      status: record.status,
      progress: [],
      metrics: record.metrics,
      value: ownValue(record.metrics, objective),
      durationMs: record.durationMs,
      ...(record.cached ? { cached: true } : {}),
      error: record.error,
    });
  }
  study.trials.sort((a, b) => a.number - b.number);
  return { study, best: bestTrial(study, objective, direction), records: folders };
}

/** Writes a collected study as a study file (header, then each trial started and finished), in one go. */
export async function writeStudyFile(file: string, study: Study): Promise<void> {
  const header = study.header!;
  const lines: StudyEvent[] = [
    {
      event: "study",
      version: 1,
      objective: header.objective,
      direction: header.direction,
      method: "fan-out",
    },
  ];
  for (const trial of study.trials) {
    lines.push({ event: "started", trial: trial.number, params: trial.params });
    lines.push({
      event: "finished",
      trial: trial.number,
      status: trial.status === "running" ? "failed" : trial.status,
      value: trial.value,
      metrics: trial.metrics,
      durationMs: trial.durationMs,
      ...(trial.cached ? { cached: true } : {}),
      error: trial.error,
    });
  }
  await writeFileAtomic(
    file,
    lines
      .map((line) => `${JSON.stringify(StudyEventSchema.parse(JSON.parse(JSON.stringify(line))))}\n`)
      .join(""),
  );
}
