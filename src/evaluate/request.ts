/**
 * The evaluation request: the one place that merges what the user gave (`mlship evaluate`'s options,
 * the evaluate-gate action's inputs) with mlship.yml and the environment, and holds every default,
 * range and fallback of an evaluation. The CLI and the action map their spelling onto these settings
 * and print or output the result; they keep no default or check of their own.
 */
import { basename } from "node:path";
import { z } from "zod";
import {
  configFileOf,
  configuredSource,
  loadConfig,
  loadConfiguredDatasetSchema,
  type MlshipConfig,
} from "../config/index.js";
import { GATE_INCONCLUSIVE } from "../config/sections/gate.js";
import { loadDatasetSchema } from "../data/schema/dataset-schema.js";
import type { SettingSpelling } from "../lib/errors.js";
import { resolveInput } from "../lib/input.js";
import {
  choiceSetting,
  configLabel,
  describeSource,
  locateSettingError,
  numberSetting,
  type SettingSource,
  settingCollector,
} from "../lib/setting-source.js";
import { chooseFeatureSetting } from "../onnx/feature-order.js";
import type { Ort } from "../onnx/ort.js";
import { DEFAULT_REGISTRY, lazyRegistry } from "../registry/open-registry.js";
import type { Registry } from "../registry/registry.js";
import { type BaselineChoice, chooseBaseline } from "./baseline.js";
import { type EvaluationReport, evaluate } from "./evaluate.js";
import { parseRule } from "./gate-rules.js";

const text = z.string().min(1);
const list = z.array(z.string().min(1));

/** Every setting of an evaluation, checked: the one schema both adapters resolve through. */
export const EvaluateRequestSchema = z.object({
  /** The candidate ONNX model. */
  model: z
    .string({ error: "required: the candidate ONNX model" })
    .min(1, "required: the candidate ONNX model"),
  /** Held-out data; default mlship.yml's data.current. */
  data: z.string({ error: "no data to evaluate on: give it, or set data.current in mlship.yml" }),
  /** The label column; default mlship.yml's label. */
  label: z.string({ error: "no label: give it, or set label in mlship.yml" }),
  /** The model's name (reports, the comment and check names); default model.name, else the model's file name. */
  name: text,
  /** A model file or registry ref; default gate.baseline, else <model.name>@production when a name is set. */
  baseline: text.optional(),
  /** Where baseline refs resolve; default MLSHIP_REGISTRY, else local:.mlship/registry. */
  registry: text,
  rules: z.array(z.string()),
  /** Judge rules against the baseline by the paired bootstrap interval at this level. */
  confidence: numberSetting({ min: 0.5, max: 0.999 }).optional(),
  minRows: numberSetting({ min: 1, integer: true }).optional(),
  inconclusive: choiceSetting(GATE_INCONCLUSIVE),
  slices: list,
  sensitive: list,
  /** The columns of a model with one [N, F] input, comma-separated or one a line. */
  features: z.string().optional(),
  replicates: numberSetting({ min: 10, max: 100_000, integer: true }),
  seed: numberSetting({ min: 0, integer: true }),
  importanceRepeats: numberSetting({ min: 0, max: 100, integer: true }),
  schema: text.optional(),
  format: choiceSetting(["csv", "jsonl", "parquet"]).optional(),
  delimiter: text.optional(),
  /** mlship validate's JSON report of the same data, summarized in the report. */
  validation: text.optional(),
  /** The candidate's training metrics.json, for the report's lineage. */
  trainingMetrics: text.optional(),
});

export type EvaluateSetting = keyof typeof EvaluateRequestSchema.shape;

/** What an adapter was given, as the user typed it; unset settings are left out. */
type ListSetting = "rules" | "slices" | "sensitive";
export type EvaluateGiven = { [K in Exclude<EvaluateSetting, ListSetting>]?: string } & {
  [K in ListSetting]?: string[];
} & {
  /** Compare with nothing, whatever mlship.yml says. */
  noBaseline?: boolean;
  /** The mlship.yml to read; unset: mlship.yml (or .yaml) in `cwd` when present. */
  config?: string;
};

export type EvaluateRequest = z.output<typeof EvaluateRequestSchema> & {
  /** Where each setting's value came from. */
  sources: Record<EvaluateSetting, SettingSource>;
  /** The mlship.yml read, if any. */
  configFile?: string;
};

/** What the evaluation uses unless told otherwise. */
export const EVALUATION_DEFAULTS = {
  replicates: 200,
  seed: 1,
  importanceRepeats: 5,
  importanceRows: 20_000,
  latencyRows: 200,
} as const;

export interface RequestContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Merges `given` (explicit), mlship.yml and the environment into the evaluation request.
 * @throws MlshipError `bad_usage` located at the setting, the config key or the variable that is wrong.
 */
export async function resolveEvaluateRequest(
  given: EvaluateGiven,
  context: RequestContext,
): Promise<{ request: EvaluateRequest; config: MlshipConfig }> {
  const config = await loadConfig(given.config, { cwd: context.cwd });
  const configFile = configFileOf(config);
  const explicit: SettingSource = { kind: "explicit" };
  const configured = configuredSource(config);
  const fallback = (value: unknown): [unknown, SettingSource] => [value, { kind: "default" }];
  const { sources, values, set } = settingCollector(EvaluateRequestSchema);
  const nonEmpty = <T>(items: T[] | undefined) => (items?.length ? items : undefined);

  set("model", [[given.model, explicit]]);
  set("data", [
    [given.data, explicit],
    [config.data.current, configured("data.current")],
  ]);
  set("label", [
    [given.label, explicit],
    [config.label, configured("label")],
  ]);
  set("name", [
    [given.name, explicit],
    [config.model.name, configured("model.name")],
    fallback(basename(String(values.model)).replace(/\.onnx$/i, "")),
  ]);
  // The default baseline is the named model in production; a file name is no registry name.
  const named = sources.name.kind !== "default";
  set(
    "baseline",
    given.noBaseline
      ? []
      : [
          [given.baseline, explicit],
          [config.gate.baseline, configured("gate.baseline")],
          fallback(named ? `${values.name}@production` : undefined),
        ],
  );
  set("registry", [
    [given.registry, explicit],
    [context.env.MLSHIP_REGISTRY || undefined, { kind: "environment", variable: "MLSHIP_REGISTRY" }],
    fallback(DEFAULT_REGISTRY),
  ]);
  set("rules", [
    [nonEmpty(given.rules), explicit],
    [config.gate.rules, configured("gate.rules")],
  ]);
  set("confidence", [
    [given.confidence, explicit],
    [config.gate.confidence, configured("gate.confidence")],
  ]);
  set("minRows", [
    [given.minRows, explicit],
    [config.gate.min_rows, configured("gate.min_rows")],
  ]);
  set("inconclusive", [
    [given.inconclusive, explicit],
    [config.gate.inconclusive, configured("gate.inconclusive")],
  ]);
  set("slices", [
    [nonEmpty(given.slices), explicit],
    [config.gate.slices, configured("gate.slices")],
  ]);
  set("sensitive", [
    [nonEmpty(given.sensitive), explicit],
    [config.gate.sensitive, configured("gate.sensitive")],
  ]);
  set("features", [[given.features, explicit]]);
  if (given.features === undefined && config.model.features) sources.features = configured("model.features");
  set("replicates", [[given.replicates, explicit], fallback(EVALUATION_DEFAULTS.replicates)]);
  set("seed", [[given.seed, explicit], fallback(EVALUATION_DEFAULTS.seed)]);
  set("importanceRepeats", [
    [given.importanceRepeats, explicit],
    fallback(EVALUATION_DEFAULTS.importanceRepeats),
  ]);
  set("schema", [[given.schema, explicit]]);
  if (given.schema === undefined && typeof config.schema === "string") sources.schema = configured("schema");
  set("format", [[given.format, explicit]]);
  set("delimiter", [
    [given.delimiter, explicit],
    [config.data.delimiter, configured("data.delimiter")],
  ]);
  set("validation", [[given.validation, explicit]]);
  set("trainingMetrics", [[given.trainingMetrics, explicit]]);

  const request = { ...values, sources, configFile } as EvaluateRequest;
  request.model = resolveInput(context.cwd, request.model);
  request.data = resolveInput(context.cwd, request.data);
  if (request.delimiter === "\\t" || request.delimiter === "tab") request.delimiter = "\t";
  return { request, config };
}

export interface RunEvaluationOptions extends RequestContext {
  /** How the adapter spells a setting, for what the report keeps of where a value came from. */
  spell: SettingSpelling;
  log: (message: string) => void;
  runtime: () => Promise<Ort>;
  /** How the adapter names a registry value it was given (`--registry github:x`), for the GitHub registry's messages. */
  describeRegistry?: (spec: string) => string;
}

export interface Evaluation {
  report: EvaluationReport;
  baseline: BaselineChoice;
  /** The registry baseline refs resolved in (opened on first use). */
  registry: () => Registry;
}

/**
 * Runs the evaluation a request describes: the rules, the feature list and the schema it names,
 * the baseline (a file or a registry ref, downloaded and removed again), then `evaluate`.
 * An error about a setting is located where its value came from.
 */
export async function runEvaluation(
  request: EvaluateRequest,
  config: MlshipConfig,
  options: RunEvaluationOptions,
): Promise<Evaluation> {
  try {
    return await evaluateRequest(request, config, options);
  } catch (error) {
    locateSettingError(error, request.sources);
  }
}

async function evaluateRequest(
  request: EvaluateRequest,
  config: MlshipConfig,
  options: RunEvaluationOptions,
): Promise<Evaluation> {
  const { sources } = request;
  const rulesFrom = describeSource("rules", sources.rules, options.spell);
  const rules = request.rules.map((rule, i) =>
    parseRule(rule, sources.rules.kind === "config" ? `${sources.rules.file} (gate.rules[${i}])` : rulesFrom),
  );
  const features = chooseFeatureSetting(
    request.features === undefined
      ? undefined
      : { text: request.features, from: describeSource("features", sources.features, options.spell) },
    config.model.features,
    configLabel(request.configFile),
  );
  const schema = request.schema
    ? await loadDatasetSchema(resolveInput(options.cwd, request.schema))
    : await loadConfiguredDatasetSchema(config);
  const registry = lazyRegistry(request.registry, {
    cwd: options.cwd,
    env: options.env,
    log: options.log,
    describeSpec: options.describeRegistry,
    fromEnvironment: request.sources.registry.kind === "environment",
  });
  const baseline = await chooseBaseline(request.baseline, registry, options.cwd);
  try {
    const report = await evaluate({
      model: request.model,
      data: request.data,
      label: request.label,
      baseline: baseline.kind === "model" ? baseline : undefined,
      noBaselineReason: baseline.kind === "none" ? baseline.reason : undefined,
      rules,
      confidence: request.confidence,
      minRows: request.minRows,
      inconclusive: request.inconclusive,
      slices: request.slices,
      sensitive: request.sensitive,
      replicates: request.replicates,
      seed: request.seed,
      importanceRepeats: request.importanceRepeats,
      importanceRows: EVALUATION_DEFAULTS.importanceRows,
      latencyRows: EVALUATION_DEFAULTS.latencyRows,
      task: config.model.task,
      schema,
      format: request.format,
      delimiter: request.delimiter,
      features,
      runtime: options.runtime,
    });
    return { report, baseline, registry };
  } finally {
    if (baseline.kind === "model") await baseline.cleanup?.();
  }
}
