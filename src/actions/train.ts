/**
 * The train action: its inputs become the training request's settings (src/train/request.ts),
 * run by runTraining between a restore and a save of the local training cache
 * (.mlship/cache/train) through the Actions cache.
 *
 * The Actions cache entry is only the transport: the content-hash keys inside
 * the local cache decide every hit and miss. The newest entry of this input
 * set (a key prefix) is restored; after the run, the store keeps just the
 * entries the run used and is saved under a key made of their hashes, so an
 * unchanged run saves nothing and a changed one saves exactly its results.
 */
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import { z } from "zod";
import { MlshipError } from "../lib/errors.js";
import { resolveOnnxRuntime } from "../onnx/runtime/resolve-runtime.js";
import { renderSearchMarkdown, renderTrainMarkdown } from "../report/train-markdown.js";
import {
  resolveTrainRequest,
  TRAINING_CACHE_DIR,
  type TrainGiven,
  type TrainMode,
} from "../train/request.js";
import { runTraining, type TrainingResult } from "../train/run-training.js";
import { canonicalJson, LocalTrainingCache } from "../train/training-cache.js";
import { readActionInputs } from "./action-inputs.js";
import { type ActionIO, inputSpelling } from "./action-io.js";
import type { RemoteCache } from "./actions-cache.js";
import {
  DEFAULT_CONFIG_FILE,
  DEFAULT_TRAIN_OUT_DIR,
  TrainInput as Input,
  TrainOutput as Output,
} from "./constants.js";

export { TRAINING_CACHE_DIR };

export interface TrainActionSettings {
  /** The training settings as given; src/train/request.ts resolves them. */
  given: TrainGiven;
  /** The repository checkout (GITHUB_WORKSPACE): the working directory of the run. */
  workspace: string;
}

/** How this action's errors name a setting: `input 'trials'`, `input 'params'`. */
export const spellInput = inputSpelling(Input);

/**
 * Reads the inputs. An empty input is an unset one; the request layer checks them.
 * @throws MlshipError `bad_usage` naming the input for a `params` input that is not JSON.
 */
export function getInputs(
  readInput: (name: string) => string = (name) => core.getInput(name),
  env: NodeJS.ProcessEnv = process.env,
): TrainActionSettings {
  const { raw } = readActionInputs(Object.values(Input), z.object({}), readInput);
  const config = raw[Input.config];
  return {
    given: {
      config: config === DEFAULT_CONFIG_FILE ? undefined : config,
      data: raw[Input.data],
      label: raw[Input.label],
      trainer: raw[Input.trainer],
      command: raw[Input.command],
      params: parseParamsInput(raw[Input.params]),
      search: raw[Input.search],
      trials: raw[Input.trials],
      parallel: raw[Input.parallel],
      cv: raw[Input.cv],
      seed: raw[Input.seed],
      cache: raw[Input.cache],
      // The action's files go to the runner's temporary folder unless told otherwise.
      out: raw[Input.out] ?? join(env.RUNNER_TEMP || tmpdir(), DEFAULT_TRAIN_OUT_DIR),
      plan: raw[Input.plan],
      trial: raw[Input.trial],
      collect: raw[Input.collect],
    },
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
  };
}

/**
 * The `params` input: `name=value` lines (`#` starts a comment line), or one JSON object.
 * @throws MlshipError at the `params` setting for JSON that is no object of plain values.
 */
export function parseParamsInput(text: string | undefined): string[] {
  if (text === undefined) return [];
  if (!text.startsWith("{")) {
    return text
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#"));
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MlshipError("bad_usage", `not valid JSON (${(error as Error).message})`, { setting: "params" });
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new MlshipError("bad_usage", "expected a JSON object", { setting: "params" });
  }
  return Object.entries(value).map(([name, v]) => {
    if (typeof v === "object" && v !== null) {
      throw new MlshipError("bad_usage", `${name} must be a number, string or boolean`, {
        setting: "params",
      });
    }
    return `${name}=${String(v)}`;
  });
}

export interface TrainActionResult {
  mode: TrainMode;
  cacheHit: boolean;
  /** The Actions cache key saved by this run, if any. */
  savedKey?: string;
}

/**
 * Restores the cache, trains (or searches), reports, saves the cache. A failed
 * run (bad input, no successful trial) throws: the step fails and nothing is saved.
 */
export async function runTrain(
  settings: TrainActionSettings,
  io: ActionIO,
  remote: RemoteCache,
): Promise<TrainActionResult> {
  const { request } = await resolveTrainRequest(settings.given, { cwd: settings.workspace });
  const { mode, out } = request;
  const caching = request.cache && mode !== "plan" && mode !== "collect";
  const useRemote = caching && remote.available;
  if (caching && !remote.available) {
    io.info(
      "The Actions cache service is not available (not running in GitHub Actions?): only the local cache is used.",
    );
  }
  // One cache line per input set: a run with other inputs does not take this one's entries.
  const { out: _, ...inputSet } = settings.given;
  const prefix = `mlship-train-${process.platform}-${sha256(canonicalJson(inputSet)).slice(0, 16)}-`;
  const restoredKey = useRemote ? await remote.restore(TRAINING_CACHE_DIR, prefix) : undefined;
  if (useRemote) {
    io.info(
      restoredKey
        ? `Restored the training cache ${restoredKey}.`
        : "No training cache saved for these inputs yet.",
    );
  }

  const started = Date.now();
  const result = await runTraining(request, {
    cwd: settings.workspace,
    spell: spellInput,
    log: (line) => io.info(line),
    runtime: () => resolveOnnxRuntime(),
  });

  if (result.mode === "plan") {
    io.setOutput(Output.matrix, JSON.stringify(result.matrix));
    const planned = result.matrix.include.length;
    await io.writeSummary(`### mlship train: planned ${planned} trial${planned === 1 ? "" : "s"}\n`);
    return { mode, cacheHit: false };
  }
  const cacheHit = await reportTraining(result, out, io);
  const savedKey = useRemote
    ? await saveTrainingCache(settings.workspace, started, prefix, restoredKey, remote, io)
    : undefined;
  return { mode, cacheHit, savedKey };
}

/**
 * The outputs and the job summary of a run or a search.
 * @returns whether the cache held it: every completed trial of a search restored, or the run.
 */
async function reportTraining(
  result: Exclude<TrainingResult, { mode: "plan" }>,
  out: string,
  io: ActionIO,
): Promise<boolean> {
  let cacheHit: boolean;
  if ("summary" in result) {
    const { summary } = result;
    const completed = summary.trials.filter((t) => t.status === "complete");
    cacheHit = result.mode === "search" && completed.length > 0 && completed.every((t) => t.cached);
    io.setOutput(Output.bestParams, JSON.stringify(summary.best.params));
    io.setOutput(Output.studyFile, join(out, "study.jsonl"));
    io.setOutput(Output.study, join(out, "study.jsonl"));
    await io.writeSummary(renderSearchMarkdown(summary));
  } else {
    const { run } = result;
    cacheHit = run.cacheHit;
    io.info(`${cacheHit ? "Restored" : "Trained"} ${run.model} (metrics: ${run.metrics}).`);
    io.setOutput(Output.bestParams, JSON.stringify(run.report.params));
    io.setOutput(Output.studyFile, "");
    io.setOutput(Output.study, "");
    await io.writeSummary(renderTrainMarkdown(run));
  }
  io.setOutput(Output.modelFile, join(out, "model.onnx"));
  io.setOutput(Output.metricsFile, join(out, "metrics.json"));
  io.setOutput(Output.model, join(out, "model.onnx"));
  io.setOutput(Output.metrics, join(out, "metrics.json"));
  io.setOutput(Output.cacheHit, String(cacheHit));
  return cacheHit;
}

/**
 * Keeps in the local cache only the entries this run used and saves them as one Actions cache
 * entry, unless the restored entry already holds them all.
 * @returns the key saved, if any.
 */
async function saveTrainingCache(
  workspace: string,
  started: number,
  prefix: string,
  restoredKey: string | undefined,
  remote: RemoteCache,
  io: ActionIO,
): Promise<string | undefined> {
  const store = new LocalTrainingCache(join(workspace, TRAINING_CACHE_DIR));
  const used = await store.entriesUsedSince(started);
  await store.retainOnly(new Set(used));
  const key = `${prefix}${sha256(used.join("\n")).slice(0, 32)}`;
  if (used.length === 0) io.info("No training result to cache.");
  else if (key === restoredKey)
    io.info("The restored training cache holds every result of this run: nothing to save.");
  else if (await remote.save(TRAINING_CACHE_DIR, key)) {
    io.info(`Saved the training cache as ${key} (${used.length} result${used.length === 1 ? "" : "s"}).`);
    return key;
  }
  return undefined;
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}
