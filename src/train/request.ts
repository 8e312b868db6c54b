/**
 * The training request: the one place that merges what the user gave (`mlship train`'s options,
 * the train action's inputs) with mlship.yml, and holds every default, range and fallback of a
 * training run, a search and the fan-out steps (plan, trial, collect). The CLI and the action map
 * their spelling onto these settings and print or output the result; they keep no default or check
 * of their own. src/train/run-training.ts runs the resolved request.
 */
import { dirname, join, resolve } from "node:path";
import { z } from "zod";
import {
  configFileOf,
  configuredSource,
  loadConfig,
  type MlshipConfig,
  SEARCH_METHODS,
} from "../config/index.js";
import type { DatasetSchema } from "../data/schema/dataset-schema.js";
import { MlshipError } from "../lib/errors.js";
import { isStandardInput, resolveInput } from "../lib/input.js";
import { ownRecord } from "../lib/own-keys.js";
import { choiceSetting, numberSetting, type SettingSource, settingCollector } from "../lib/setting-source.js";
import { formatPath } from "../lib/structured-file.js";
import { userKeyedRecord } from "../lib/user-keyed-record.js";
import { metricDirection } from "../metrics/metric-direction.js";
import { METRIC_NAMES } from "../metrics/metrics.js";
import { parseTrialSpec, type TrialSpec } from "../tune/fan-out.js";
import type { PrunerSettings } from "../tune/pruners.js";
import type { SearchMethod } from "../tune/run-search.js";
import type { SearchSpace } from "../tune/search-space.js";
import type { Direction } from "../tune/trial.js";
import { BUILTIN_TRAINERS, type BuiltinTrainer, checkParam, searchSpaceProblems } from "./builtin-params.js";
import type { TrainTask } from "./train-builtin.js";

/** The local training cache, relative to the working folder (the path the Actions cache entry holds). */
export const TRAINING_CACHE_DIR = ".mlship/cache/train";

const text = z.string().min(1);

/** `true`/`false` given as a boolean (a CLI switch) or as text (an action input). */
const flagSetting = z.union([z.boolean(), z.string()]).transform((raw, ctx) => {
  if (typeof raw === "boolean") return raw;
  if (raw === "true" || raw === "false") return raw === "true";
  ctx.addIssue({ code: "custom", message: `expected true or false, got ${JSON.stringify(raw)}` });
  return z.NEVER;
});

/** Every setting of a training run, checked: the one schema both adapters resolve through. */
export const TrainRequestSchema = z.object({
  /** Training data; default mlship.yml's data.train (required by the built-in trainers). */
  data: text.optional(),
  /** The column to predict; default mlship.yml's label (required by the built-in trainers). */
  label: text.optional(),
  /** A built-in trainer; default train.trainer, else builtin:logistic when no command is set. */
  trainer: z
    .enum(BUILTIN_TRAINERS, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not available; available: ${BUILTIN_TRAINERS.join(", ")}`,
    })
    .optional(),
  /** The user's own training program; default train.command (unless a trainer is given). */
  command: z.string().min(1, "the training command is empty: give a command line").optional(),
  /** The trainer's params: train.params, overridden name by name by the ones given. */
  params: userKeyedRecord(z.string(), z.union([z.string(), z.number(), z.boolean()])),
  /** A dataset schema file; default mlship.yml's schema. */
  schema: text.optional(),
  format: choiceSetting(["csv", "jsonl", "parquet"]).optional(),
  delimiter: text.optional(),
  /** The folder model.onnx, metrics.json (and a search's study.jsonl, search.json) go to. */
  out: text,
  /** Restore runs from the local training cache and keep new ones there. */
  cache: flagSetting,
  /** Seed of the validation split. */
  seed: numberSetting({ min: 0, integer: true }),
  /** Share of the rows held out for validation (stratified). */
  validationFraction: numberSetting({ min: 0.01, max: 0.9 }),
  /** Also run k-fold cross-validation. */
  cv: numberSetting({ min: 2, max: 100, integer: true }).optional(),
  /** Search method; default train.search.method. Given (or with trials): a search. */
  search: choiceSetting(SEARCH_METHODS).optional(),
  /** Trials of a search; default train.search.trials. */
  trials: numberSetting({ min: 1, integer: true }).optional(),
  /** Trials of a search run at once, each built-in one in its own process. */
  parallel: numberSetting({ min: 1, max: 64, integer: true }),
  /** Fan-out, step 1: plan this many trials as a job matrix. */
  plan: numberSetting({ min: 1, max: 256, integer: true }).optional(),
  /** Fan-out, step 2: the JSON of one matrix entry, run into `out`. */
  trial: text.optional(),
  /** Fan-out, step 3: the folder of the trial jobs' outputs. */
  collect: text.optional(),
});

export type TrainSetting = keyof typeof TrainRequestSchema.shape;

/** What an adapter was given, as the user typed it; unset settings are left out. */
export type TrainGiven = { [K in Exclude<TrainSetting, "params" | "cache">]?: string } & {
  /** `name=value` items, in order (a later one wins). */
  params?: string[];
  cache?: boolean | string;
  /** The mlship.yml to read; unset: mlship.yml (or .yaml) in `cwd` when present. */
  config?: string;
};

/** What the request does: one run, a search, or one step of a search fanned out across jobs. */
export type TrainMode = "train" | "search" | "plan" | "trial" | "collect";

/** A search as mlship.yml's train.search and the settings given describe it. */
export interface SearchRequest {
  space: SearchSpace;
  /** grid, random or tpe; `collected` for a fan-out's collect step. */
  method: SearchMethod | "collected";
  trials: number;
  seed: number;
  objective: string;
  direction: Direction;
  pruner: PrunerSettings;
}

export type TrainRequest = z.output<typeof TrainRequestSchema> & {
  mode: TrainMode;
  /** Where each setting's value came from. */
  sources: Record<TrainSetting, SettingSource>;
  /** The mlship.yml read, if any. */
  configFile?: string;
  /** The folder a command runs in and train.cache.paths are relative to: mlship.yml's, else the working folder. */
  root: string;
  /** The local training cache folder; undefined when `cache` is off. */
  cacheDir?: string;
  /** mlship.yml's model.task. */
  task?: TrainTask;
  /** A command trainer is stopped after this long (train.timeoutMinutes). */
  timeoutMs: number;
  /** train.cache.paths: what a command's cache key covers besides its params and data. */
  cachePaths: string[];
  /** mlship.yml's inline dataset schema, when `schema` names no file. */
  inlineSchema?: DatasetSchema;
  /** The search (modes search, plan and collect). */
  searchSpec?: SearchRequest;
  /** The matrix entry of the trial mode. */
  trialSpec?: TrialSpec;
};

export const TRAIN_DEFAULTS = { out: ".", seed: 1, validationFraction: 0.2, parallel: 1 } as const;

export interface TrainRequestContext {
  cwd: string;
}

/**
 * Merges `given` (explicit) and mlship.yml into the training request, and checks before anything
 * runs what would otherwise fail later: a built-in trainer's params, the search space's ranges and
 * its objective, the data and label a run needs.
 * @throws MlshipError located at the setting or the config key that is wrong.
 */
export async function resolveTrainRequest(
  given: TrainGiven,
  context: TrainRequestContext,
): Promise<{ request: TrainRequest; config: MlshipConfig }> {
  const config = await loadConfig(given.config, { cwd: context.cwd });
  const configured = configuredSource(config);
  const { values, sources } = mergeSettings(given, config, configured);
  const configFile = configFileOf(config);
  const train = config.train;
  const request = {
    ...values,
    mode: modeOf(values),
    sources,
    configFile,
    root: configFile && !isStandardInput(configFile) ? dirname(configFile) : resolve(context.cwd),
    task: config.model.task,
    timeoutMs: train.timeoutMinutes * 60_000,
    cachePaths: train.cache.paths,
    inlineSchema: typeof config.schema === "object" ? config.schema : undefined,
  } as TrainRequest;
  resolvePaths(request, context.cwd);
  if (request.trial !== undefined) request.trialSpec = parseTrialSpec(request.trial);

  const searching = given.search !== undefined || given.trials !== undefined || given.plan !== undefined;
  if (request.trainer !== undefined) checkBuiltinParams(request, configured);
  if (request.trainer !== undefined && searching && train.search) {
    checkBuiltinSearch(request.trainer, train.search.space, train.search.objective.metric, configured);
  }
  if (request.mode === "search" || request.mode === "plan" || request.mode === "collect") {
    request.searchSpec = searchOf(request, config);
  }
  if (request.trainer !== undefined && request.mode !== "plan" && request.mode !== "collect") {
    requireDataAndLabel(request);
  }
  return { request, config };
}

/** Each setting from the first place that gives it: `given`, mlship.yml, the default; checked. */
function mergeSettings(
  given: TrainGiven,
  config: MlshipConfig,
  configured: (key: string) => SettingSource,
): { values: Record<TrainSetting, unknown>; sources: Record<TrainSetting, SettingSource> } {
  const explicit: SettingSource = { kind: "explicit" };
  const fallback = (value: unknown): [unknown, SettingSource] => [value, { kind: "default" }];
  const { sources, values, set } = settingCollector(TrainRequestSchema);
  const train = config.train;

  set("data", [
    [given.data, explicit],
    [config.data.train, configured("data.train")],
  ]);
  set("label", [
    [given.label, explicit],
    [config.label, configured("label")],
  ]);
  if (given.trainer !== undefined && given.command !== undefined) {
    throw new MlshipError("bad_usage", "give a trainer or a command, not both", { setting: "command" });
  }
  // A trainer given explicitly overrides mlship.yml's command, as a command given overrides its trainer.
  set("command", [
    [given.command, explicit],
    [given.trainer === undefined ? train.command : undefined, configured("train.command")],
  ]);
  set(
    "trainer",
    values.command !== undefined
      ? []
      : [
          [given.trainer, explicit],
          [train.trainer, configured("train.trainer")],
          fallback("builtin:logistic"),
        ],
  );
  const givenParams = parseParams(given.params ?? []);
  set("params", [
    [Object.keys(givenParams).length > 0 ? { ...train.params, ...givenParams } : undefined, explicit],
    [Object.keys(train.params).length > 0 ? train.params : undefined, configured("train.params")],
    fallback(ownRecord()),
  ]);
  set("schema", [
    [given.schema, explicit],
    [typeof config.schema === "string" ? config.schema : undefined, configured("schema")],
  ]);
  if (given.schema === undefined && typeof config.schema === "object") sources.schema = configured("schema");
  set("format", [[given.format, explicit]]);
  set("delimiter", [
    [given.delimiter, explicit],
    [config.data.delimiter, configured("data.delimiter")],
  ]);
  set("out", [[given.out, explicit], fallback(TRAIN_DEFAULTS.out)]);
  set("cache", [[given.cache, explicit], fallback(true)]);
  set("seed", [[given.seed, explicit], fallback(TRAIN_DEFAULTS.seed)]);
  set("validationFraction", [
    [given.validationFraction, explicit],
    fallback(TRAIN_DEFAULTS.validationFraction),
  ]);
  set("cv", [[given.cv, explicit]]);
  set("search", [[given.search, explicit]]);
  set("trials", [[given.trials, explicit]]);
  set("parallel", [[given.parallel, explicit], fallback(TRAIN_DEFAULTS.parallel)]);
  set("plan", [[given.plan, explicit]]);
  set("trial", [[given.trial, explicit]]);
  set("collect", [[given.collect, explicit]]);

  const fanOut = (["plan", "trial", "collect"] as const).filter((name) => values[name] !== undefined);
  if (fanOut.length > 1) {
    throw new MlshipError("bad_usage", `give one of plan, trial and collect, not ${fanOut.join(" and ")}`, {
      setting: fanOut[1],
    });
  }
  return { values, sources };
}

/** Paths against the working folder (a schema from mlship.yml stays relative to it); `tab` as a tab. */
function resolvePaths(request: TrainRequest, cwd: string): void {
  request.out = resolve(cwd, request.out);
  if (request.cache) request.cacheDir = resolve(cwd, TRAINING_CACHE_DIR);
  if (request.data !== undefined) request.data = resolveInput(cwd, request.data);
  if (request.schema !== undefined && request.sources.schema.kind === "explicit")
    request.schema = resolveInput(cwd, request.schema);
  if (request.collect !== undefined) request.collect = resolve(cwd, request.collect);
  if (request.delimiter === "\\t" || request.delimiter === "tab") request.delimiter = "\t";
}

/** A built-in trainer's run needs its data and label. */
function requireDataAndLabel(request: TrainRequest): void {
  if (request.data === undefined) {
    throw new MlshipError("bad_usage", "no training data: give it, or set data.train in mlship.yml", {
      setting: "data",
    });
  }
  if (request.label === undefined) {
    throw new MlshipError("bad_usage", "no label: give it, or set label in mlship.yml", {
      setting: "label",
    });
  }
}

function modeOf(values: Record<TrainSetting, unknown>): TrainMode {
  if (values.plan !== undefined) return "plan";
  if (values.trial !== undefined) return "trial";
  if (values.collect !== undefined) return "collect";
  return values.search !== undefined || values.trials !== undefined ? "search" : "train";
}

/**
 * `name=value` items (`--param C=0.5`, the action's `params` lines) → { C: "0.5" }; a later item wins.
 * @throws MlshipError `bad_usage` at the `params` setting for an item without a name and `=`.
 */
export function parseParams(items: readonly string[]): Record<string, string> {
  const params: Record<string, string> = ownRecord();
  for (const item of items) {
    const eq = item.indexOf("=");
    if (eq <= 0 || item.slice(0, eq).trim() === "") {
      throw new MlshipError("bad_usage", `expected name=value, got ${JSON.stringify(item)}`, {
        setting: "params",
      });
    }
    params[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return params;
}

/** mlship.yml's train.search with the method and trials given; the objective's direction filled in. */
function searchOf(request: TrainRequest, config: MlshipConfig): SearchRequest {
  const search = config.train.search;
  if (!search) {
    const asked =
      request.mode === "search" ? (request.search !== undefined ? "search" : "trials") : request.mode;
    throw new MlshipError(
      "bad_usage",
      "a search needs a search space: set train.search.space in mlship.yml",
      {
        setting: asked,
      },
    );
  }
  const objective = search.objective.metric;
  return {
    space: search.space,
    method: request.mode === "collect" ? "collected" : (request.search ?? search.method),
    trials: request.mode === "plan" ? request.plan! : (request.trials ?? search.trials),
    seed: search.seed,
    objective,
    direction: search.objective.direction ?? metricDirection(objective),
    pruner: search.pruner,
  };
}

/** A built-in trainer's params, each located where it was set (given, or train.params.<name> with its line). */
function checkBuiltinParams(request: TrainRequest, configured: (key: string) => SettingSource): void {
  const trainer = request.trainer!;
  const given = request.sources.params.kind === "explicit";
  for (const [name, value] of Object.entries(request.params)) {
    const checked = checkParam(trainer, name, value);
    if (!("message" in checked)) continue;
    const source = given ? undefined : configured(`train.params.${name}`);
    throw new MlshipError(
      checked.code,
      checked.message,
      source?.kind === "config"
        ? { file: source.file, line: source.line, path: source.key }
        : { setting: "params" },
    );
  }
}

/**
 * The ranges of the space a built-in trainer searches and the metric it optimizes, checked before
 * anything is trained: a search would otherwise fail trial after trial for one bad bound, or finish
 * with no trial reporting its objective.
 */
function checkBuiltinSearch(
  trainer: BuiltinTrainer,
  space: SearchSpace,
  objective: string,
  configured: (key: string) => SettingSource,
): void {
  const at = (key: string) => {
    const source = configured(key);
    return source.kind === "config" ? { file: source.file, line: source.line, path: source.key } : {};
  };
  const [problem] = searchSpaceProblems(trainer, space);
  if (problem) {
    throw new MlshipError(
      "invalid_config",
      problem.message,
      at(`train.search.space.${formatPath(problem.path)}`),
    );
  }
  const reported: string[] = [...new Set(Object.values(METRIC_NAMES).flat())];
  if (!reported.includes(objective)) {
    throw new MlshipError(
      "invalid_config",
      `${JSON.stringify(objective)} is not a metric ${trainer} reports; it reports: ${reported.join(", ")}`,
      at("train.search.objective.metric"),
    );
  }
}

/** Where the trials of a search run here go: `<out>/trials/<n>`. */
export function trialFolder(out: string, trial: number): string {
  return join(out, "trials", String(trial));
}
