/**
 * `mlship evaluate`: the candidate model and the baseline run on the same rows,
 * then everything a reviewer needs to judge the candidate — metrics with 95%
 * intervals, the paired difference to the baseline with its interval, per-class
 * tables and calibration, slices, fairness, permutation importance, serving
 * figures — and the gate's verdict on the rules.
 */

import { sha256File } from "../data/fingerprint.js";
import type { TableFormat } from "../data/readers/table-reader.js";
import type { DatasetSchema } from "../data/schema/dataset-schema.js";
import { ExitCode, MlshipError } from "../lib/errors.js";
import { requireRegularInput } from "../lib/input.js";
import { Random } from "../lib/random.js";
import { type DelongAuc, type DelongDifference, delongAuc, delongDifference } from "../metrics/delong.js";
import { metricDirection } from "../metrics/metric-direction.js";
import { METRIC_NAMES } from "../metrics/metrics.js";
import type { ColumnTable } from "../onnx/column-table.js";
import { isNumericColumn } from "../onnx/column-table.js";
import { type FeatureOrder, type FeatureSetting, mappingOf, resolveFeatures } from "../onnx/feature-order.js";
import type { InputMappingOptions } from "../onnx/input-mapping.js";
import { loadModel, type OnnxModel } from "../onnx/onnx-model.js";
import type { Ort } from "../onnx/ort.js";
import { type Prediction, predict } from "../onnx/predict.js";
import { loadTrainingData } from "../train/trainers/training-table.js";
import {
  checkRuleMetrics,
  evaluateGate,
  type GateResult,
  type GateRule,
  percentileInterval,
} from "./gate-rules.js";
import {
  type Calibration,
  calibration,
  type Fairness,
  fairness,
  gather,
  metricsOf,
  type PredictionSet,
  pairedBootstrap,
  rocAt,
  rowsOf,
} from "./predictions.js";

const CANDIDATE = "the candidate model";
const ROC_FPRS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

export interface EvaluateSettings {
  model: string;
  data: string;
  label: string;
  /** A baseline model file (a registry ref is resolved to a file by the caller), with its name for the report. */
  baseline?: { file: string; name: string; version?: string };
  /** Why there is no baseline, for skipped rules. */
  noBaselineReason?: string;
  rules: GateRule[];
  confidence?: number;
  minRows?: number;
  inconclusive: "pass" | "fail";
  slices: string[];
  sensitive: string[];
  /** Bootstrap resamples (default 200). */
  replicates: number;
  seed: number;
  /** Permutation importance: repeats per feature (0: off), and the largest number of rows used. */
  importanceRepeats: number;
  importanceRows: number;
  /** Single-row latency: rows timed one at a time (0: off). */
  latencyRows: number;
  task?: "binary" | "multiclass" | "regression";
  schema?: DatasetSchema;
  format?: TableFormat;
  delimiter?: string;
  /** The columns of a model with one [N, F] input, in order (`--features`, the action's input, model.features). */
  features?: FeatureSetting;
  runtime: () => Promise<Ort>;
}

export interface Interval {
  low: number;
  high: number;
}

/** The columns a model read, and where the list came from (README.md, "Which columns feed the model"). */
export type FeaturesUsed = FeatureOrder;

export interface EvaluationReport {
  model: { file: string; sha256: string; bytes: number };
  /** The candidate's feature columns and where their order came from. */
  features: FeaturesUsed;
  baseline: {
    file: string;
    name: string;
    version?: string;
    sha256: string;
    comparable: boolean;
    note?: string;
    features?: FeaturesUsed;
  } | null;
  task: "binary" | "multiclass" | "regression";
  label: string;
  classes: string[];
  rows: number;
  /** The evaluation data's fingerprint. */
  data: { file: string; sha256: string; bytes: number };
  droppedRows: { missingLabel: number };
  metrics: Record<string, number>;
  baselineMetrics: Record<string, number> | null;
  intervals: Record<string, Interval>;
  /** candidate − baseline per metric, and the paired interval of the difference. */
  delta: Record<string, { value: number; interval: Interval }> | null;
  perClass?: { class: string; precision: number; recall: number; f1: number; support: number }[];
  confusionMatrix?: { candidate: number[][]; baseline?: number[][] };
  calibration?: { candidate: Calibration; baseline?: Calibration };
  /** Binary: DeLong's intervals of ROC AUC, and of the paired difference with its p-value. */
  delong?: { candidate?: DelongAuc; baseline?: DelongAuc; difference?: DelongDifference };
  /** Binary: the ROC curve's true-positive rate at false-positive rates 0, 0.1, …, 1. */
  roc?: { fpr: number[]; candidate: number[]; baseline?: number[] };
  slices: { column: string; slices: { value: string; rows: number; metrics: Record<string, number> }[] }[];
  fairness: Fairness[];
  importance: {
    metric: string;
    repeats: number;
    rows: number;
    features: { feature: string; mean: number; std: number }[];
  } | null;
  serving: {
    latency_p50_ms: number;
    latency_p95_ms: number;
    latency_p99_ms: number;
    rows_per_s: number;
    model_bytes: number;
  };
  baselineServing?: EvaluationReport["serving"];
  bootstrap: { replicates: number; seed: number; confidence: number };
  gate: GateResult;
}

const SERVING_METRICS = [
  "latency_p50_ms",
  "latency_p95_ms",
  "latency_p99_ms",
  "rows_per_s",
  "model_bytes",
] as const;
const FAIRNESS_METRICS = [
  "demographic_parity_difference",
  "demographic_parity_ratio",
  "equalized_odds_difference",
] as const;

/** Gate rules name metrics this evaluation computes: the task's, the serving figures, fairness with --sensitive. */
function checkGateMetrics(rules: GateRule[], task: EvaluationReport["task"], sensitive: boolean): void {
  const fairness = task === "binary" && sensitive;
  const known = [...METRIC_NAMES[task], ...SERVING_METRICS, ...(fairness ? FAIRNESS_METRICS : [])];
  const why =
    task === "binary"
      ? "is a fairness figure: it needs a sensitive column (--sensitive in mlship evaluate, the evaluate-gate action's sensitive input, or gate.sensitive in mlship.yml)"
      : `is a fairness figure of binary classifiers; this is ${task === "regression" ? "a regression model" : "a multiclass classifier"}`;
  const unavailable = new Map(fairness ? [] : FAIRNESS_METRICS.map((name) => [name, why]));
  const what = task === "regression" ? "a regression model" : `a ${task} classifier`;
  checkRuleMetrics(rules, known, what, unavailable);
}

/** The metric permutation importance and slices lead with, per task (scikit-learn's scorer names). */
export function primaryMetric(task: EvaluationReport["task"]): string {
  return task === "binary" ? "roc_auc" : task === "multiclass" ? "accuracy" : "r2";
}

export async function evaluate(settings: EvaluateSettings): Promise<EvaluationReport> {
  requireRegularInput(
    settings.data,
    "evaluation reads the data more than once (the columns' types, the rows, its hash)",
  );
  const ort = await settings.runtime();
  const loaded = await loadTrainingData(settings.data, {
    label: settings.label,
    schema: settings.schema,
    format: settings.format,
    delimiter: settings.delimiter,
    keepAll: true,
  });
  const keep = loaded.labels.flatMap((label, i) => (label === null || label === "" ? [] : [i]));
  const missingLabel = loaded.labels.length - keep.length;
  if (keep.length === 0) {
    throw new MlshipError(
      "no_rows",
      `${settings.data} has no rows with a value in "${settings.label}"${missingLabel ? ` (${missingLabel} rows without one)` : ""}: nothing to evaluate`,
      { file: settings.data, column: settings.label },
    );
  }
  const table = selectRows(loaded.table, keep);
  const labels = keep.map((i) => loaded.labels[i]!);
  const columns = [...table.columns.keys()];
  const featureOptions = { setting: settings.features, excluded: notFeatures(settings) };

  const candidate = await loadModel(ort, settings.model);
  if (settings.task && (candidate.kind === "regressor") !== (settings.task === "regression")) {
    await candidate.release();
    throw new MlshipError(
      "wrong_model_kind",
      candidate.kind === "regressor"
        ? `the candidate model is a regression model, but the gate is for ${settings.task} classification (model.task)`
        : `the candidate model is a classifier, but the gate is for regression (model.task)`,
      { file: settings.model },
    );
  }
  let baselineModel: OnnxModel | undefined;
  try {
    const candidateFeatures = await explained(CANDIDATE, candidate, () =>
      resolveFeatures(candidate, columns, featureOptions),
    );
    const mapping = mappingOf(candidateFeatures);
    let started = performance.now();
    const candidatePrediction = await explained(CANDIDATE, candidate, () =>
      predict(candidate, table, mapping),
    );
    const candidateSeconds = (performance.now() - started) / 1000;
    let baselineSeconds = Number.NaN;
    const { set, classes, task } = toPredictionSet(
      candidatePrediction,
      labels,
      settings,
      "the candidate model",
    );

    checkGateMetrics(settings.rules, task, settings.sensitive.length > 0);

    let baselineSet: PredictionSet | undefined;
    let baselineInfo: EvaluationReport["baseline"] = null;
    let noBaselineReason = settings.noBaselineReason;
    if (settings.baseline) {
      baselineModel = await loadModel(ort, settings.baseline.file);
      const signature = compareSignatures(candidate, baselineModel);
      baselineInfo = {
        file: settings.baseline.file,
        name: settings.baseline.name,
        version: settings.baseline.version,
        sha256: baselineModel.sha256,
        comparable: signature === undefined,
        note: signature,
      };
      try {
        baselineInfo.features = resolveFeatures(baselineModel, columns, featureOptions);
        const baselineMapping = mappingOf(baselineInfo.features);
        started = performance.now();
        const baselinePrediction = await predict(baselineModel, table, baselineMapping);
        baselineSeconds = (performance.now() - started) / 1000;
        const baselineMapped = toPredictionSet(
          baselinePrediction,
          labels,
          { ...settings, task },
          "the baseline model",
          classes,
        );
        baselineSet = baselineMapped.set;
      } catch (error) {
        if (!(error instanceof MlshipError)) throw error;
        baselineInfo.comparable = false;
        baselineInfo.note = `the baseline cannot run on these rows: ${error.message}`;
        noBaselineReason = baselineInfo.note;
      }
    }

    const result = metricsOf(set);
    const baselineResult = baselineSet ? metricsOf(baselineSet) : undefined;
    const confidence = settings.confidence ?? 0.95;
    const boot = pairedBootstrap(set, baselineSet, {
      replicates: settings.replicates,
      seed: settings.seed,
      confidence,
    });
    const intervals: Record<string, Interval> = {};
    const delta: Record<string, { value: number; interval: Interval }> = {};
    for (const [name, values] of Object.entries(boot.values)) {
      const [low, high] = percentileInterval(values.candidate, confidence);
      intervals[name] = { low, high };
      if (baselineResult && name in baselineResult.metrics) {
        const diff = values.candidate.map((c, b) => c - values.baseline[b]);
        const [dLow, dHigh] = percentileInterval(diff, confidence);
        delta[name] = {
          value: result.metrics[name] - baselineResult.metrics[name],
          interval: { low: dLow, high: dHigh },
        };
      }
    }

    const serving = await servingFigures(candidate, table, mapping, settings.latencyRows, candidateSeconds);
    const baselineServing =
      baselineModel && baselineSet
        ? await servingFigures(
            baselineModel,
            table,
            mappingOf(baselineInfo!.features!),
            settings.latencyRows,
            baselineSeconds,
          )
        : undefined;
    const metrics: Record<string, number> = { ...result.metrics, ...serving };
    const baselineMetrics = baselineResult
      ? { ...baselineResult.metrics, ...(baselineServing ?? {}) }
      : undefined;

    const fairnessFigures: Fairness[] = [];
    for (const column of settings.sensitive) {
      if (set.task !== "binary") {
        throw new MlshipError(
          "bad_usage",
          `${column}: fairness figures need a binary classifier (this is ${set.task})`,
          { setting: "sensitive" },
        );
      }
      fairnessFigures.push(fairness(set, column, columnTexts(table, column, settings.data)));
    }
    // Rules name the fairness figures of the first sensitive column by their bare names.
    const first = fairnessFigures[0];
    if (first) {
      metrics.demographic_parity_difference = first.demographic_parity_difference;
      metrics.demographic_parity_ratio = first.demographic_parity_ratio;
      metrics.equalized_odds_difference = first.equalized_odds_difference;
    }

    const gate = evaluateGate(
      settings.rules,
      {
        candidate: metrics,
        baseline: baselineMetrics,
        noBaselineReason: noBaselineReason ?? "there is no baseline",
        replicates: settings.confidence !== undefined ? boot.values : undefined,
        confidence: settings.confidence,
        rows: rowsOf(set),
        minRows: settings.minRows,
      },
      settings.inconclusive,
    );

    const slices = settings.slices.map((column) => sliceMetrics(set, table, column, settings.data));
    const importance =
      settings.importanceRepeats > 0
        ? await permutationImportance(candidate, table, labels, settings, candidateFeatures, task, classes)
        : null;

    return {
      model: { file: settings.model, sha256: candidate.sha256, bytes: candidate.bytes },
      features: candidateFeatures,
      baseline: baselineInfo,
      task,
      label: settings.label,
      classes,
      rows: rowsOf(set),
      data: { file: settings.data, ...(await sha256File(settings.data)) },
      droppedRows: { missingLabel },
      metrics,
      baselineMetrics: baselineMetrics ?? null,
      intervals,
      delta: baselineResult ? delta : null,
      perClass: result.perClass?.map((c) => ({
        class: classes[c.class],
        precision: c.precision,
        recall: c.recall,
        f1: c.f1,
        support: c.support,
      })),
      confusionMatrix: result.confusionMatrix
        ? { candidate: result.confusionMatrix, baseline: baselineResult?.confusionMatrix }
        : undefined,
      calibration:
        set.task !== "regression"
          ? {
              candidate: calibration(set),
              baseline:
                baselineSet && baselineSet.task !== "regression" ? calibration(baselineSet) : undefined,
            }
          : undefined,
      delong:
        set.task === "binary"
          ? {
              candidate: delongAuc(set.yTrue, set.scores, confidence),
              baseline:
                baselineSet?.task === "binary"
                  ? delongAuc(set.yTrue, baselineSet.scores, confidence)
                  : undefined,
              difference:
                baselineSet?.task === "binary"
                  ? delongDifference(set.yTrue, set.scores, baselineSet.scores, confidence)
                  : undefined,
            }
          : undefined,
      roc:
        set.task === "binary"
          ? {
              fpr: ROC_FPRS,
              candidate: rocAt(set, ROC_FPRS),
              baseline: baselineSet?.task === "binary" ? rocAt(baselineSet, ROC_FPRS) : undefined,
            }
          : undefined,
      slices,
      fairness: fairnessFigures,
      importance,
      serving,
      baselineServing,
      bootstrap: { replicates: settings.replicates, seed: settings.seed, confidence },
      gate,
    };
  } finally {
    await candidate.release();
    await baselineModel?.release();
  }
}

/** Columns that are never a model's features: the schema's id, ignore and sensitive ones, and the fairness groups. */
function notFeatures(settings: Pick<EvaluateSettings, "schema" | "sensitive">): Map<string, string> {
  const excluded = new Map<string, string>();
  for (const [name, spec] of Object.entries(settings.schema?.columns ?? {})) {
    if (spec.role === "id" || spec.role === "ignore" || spec.role === "sensitive")
      excluded.set(name, `role ${spec.role}`);
  }
  for (const name of settings.sensitive) if (!excluded.has(name)) excluded.set(name, "sensitive");
  return excluded;
}

/** Runs `step` for a model, saying which model (`who`) in the message of an MlshipError it throws. */
async function explained<T>(who: string, model: OnnxModel, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof MlshipError)) throw error;
    const message = error.message.startsWith(`${model.name}: `)
      ? `${who} ${error.message}`
      : `${who}: ${error.message}`;
    throw new MlshipError(error.code, message, error.location, error.exitCode);
  }
}

/** The labels as the prediction's class indices (or numbers), checked against what the model can say. */
function toPredictionSet(
  prediction: Prediction,
  labels: (string | number)[],
  settings: Pick<EvaluateSettings, "task" | "label" | "data">,
  who: string,
  expectedClasses?: string[],
): { set: PredictionSet; classes: string[]; task: EvaluationReport["task"] } {
  const n = labels.length;
  if (prediction.kind === "regressor") {
    if (settings.task && settings.task !== "regression") {
      throw new MlshipError(
        "wrong_model_kind",
        `${who} is a regression model, but the gate is for ${settings.task} classification (model.task)`,
        {},
        ExitCode.badInput,
      );
    }
    const yTrue = Float64Array.from(labels, (v) => Number(v));
    const bad = yTrue.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new MlshipError(
        "bad_label",
        `"${settings.label}" holds ${JSON.stringify(labels[bad])}, not a number, at data row ${bad + 1}: a regression model needs numeric labels`,
        { file: settings.data, column: settings.label },
      );
    }
    const yPred = Float64Array.from({ length: n }, (_, i) => prediction.values[i * prediction.targets]);
    checkFinite(yPred, who);
    return { set: { task: "regression", yTrue, yPred }, classes: [], task: "regression" };
  }
  if (settings.task === "regression") {
    throw new MlshipError(
      "wrong_model_kind",
      `${who} is a classifier, but the gate is for regression (model.task)`,
      {},
      ExitCode.badInput,
    );
  }
  const classes = prediction.classes.map(String);
  if (expectedClasses && classes.join("\u0000") !== expectedClasses.join("\u0000")) {
    throw new MlshipError(
      "classes_differ",
      `it predicts the classes ${classes.join(", ")}, the candidate ${expectedClasses.join(", ")}`,
    );
  }
  const index = new Map(classes.map((c, i) => [normalizeClass(c), i]));
  const yTrue = new Int32Array(n);
  const unseen = new Map<string, number>();
  labels.forEach((label, i) => {
    const k = index.get(normalizeClass(String(label)));
    if (k === undefined) unseen.set(String(label), (unseen.get(String(label)) ?? 0) + 1);
    else yTrue[i] = k;
  });
  if (unseen.size > 0) {
    const list = [...unseen.entries()].slice(0, 5).map(([l, c]) => `${JSON.stringify(l)} (${c} rows)`);
    throw new MlshipError(
      "unseen_labels",
      `"${settings.label}" holds labels ${who} never saw: ${list.join(", ")}${unseen.size > 5 ? ", …" : ""}; it knows ${classes.join(", ")}`,
      { file: settings.data, column: settings.label },
    );
  }
  const c = classes.length;
  checkFinite(prediction.probabilities, who);
  if (c === 2 && settings.task !== "multiclass") {
    const scores = Float64Array.from({ length: n }, (_, i) => prediction.probabilities[i * 2 + 1]);
    return { set: { task: "binary", yTrue, scores }, classes, task: "binary" };
  }
  return {
    set: {
      task: "multiclass",
      yTrue,
      probabilities: Float64Array.from(prediction.probabilities),
      classes: c,
    },
    classes,
    task: "multiclass",
  };
}

/** `1`, `1.0` and `true`/`True` name the same class as the model's `1` / `true`. */
function normalizeClass(value: string): string {
  const number = Number(value);
  if (value.trim() !== "" && Number.isFinite(number)) return String(number);
  const lower = value.toLowerCase();
  return lower === "true" || lower === "false" ? lower : value;
}

function checkFinite(values: ArrayLike<number>, who: string): void {
  let bad = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      bad++;
      if (first < 0) first = i;
    }
  }
  if (bad > 0) {
    throw new MlshipError(
      "nan_scores",
      `${who} gave ${bad} non-finite score${bad === 1 ? "" : "s"} (NaN or infinite; first at value ${first}): its output cannot be scored`,
    );
  }
}

function compareSignatures(candidate: OnnxModel, baseline: OnnxModel): string | undefined {
  const describe = (m: OnnxModel) => m.inputs.map((i) => `${i.name}:${i.type}`).sort();
  const a = describe(candidate);
  const b = describe(baseline);
  if (a.join(",") === b.join(",")) return undefined;
  const onlyCandidate = a.filter((x) => !b.includes(x));
  const onlyBaseline = b.filter((x) => !a.includes(x));
  return `not like-for-like: the models take different inputs (${[
    onlyCandidate.length ? `only the candidate: ${onlyCandidate.join(", ")}` : "",
    onlyBaseline.length ? `only the baseline: ${onlyBaseline.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join("; ")})`;
}

function selectRows(table: ColumnTable, rows: number[]): ColumnTable {
  if (rows.length === table.rows) return table;
  const columns = new Map<string, ColumnTable["columns"] extends Map<string, infer C> ? C : never>();
  for (const [name, column] of table.columns) {
    columns.set(
      name,
      isNumericColumn(column) ? Float64Array.from(rows, (r) => column[r]) : rows.map((r) => column[r]),
    );
  }
  return { rows: rows.length, columns };
}

function columnTexts(table: ColumnTable, column: string, file: string): string[] {
  const values = table.columns.get(column);
  if (!values)
    throw new MlshipError("missing_column", `column "${column}" is not in ${file}`, { file, column });
  return Array.from({ length: table.rows }, (_, i) => {
    const v = values[i];
    return v === null || (typeof v === "number" && Number.isNaN(v)) ? "(missing)" : String(v);
  });
}

/** Metrics per value of a column; a numeric column with many values is cut into 4 quantile bins. */
function sliceMetrics(
  set: PredictionSet,
  table: ColumnTable,
  column: string,
  file: string,
): EvaluationReport["slices"][number] {
  const values = table.columns.get(column);
  if (!values)
    throw new MlshipError("missing_column", `column "${column}" is not in ${file}`, {
      setting: "slices",
      file,
      column,
    });
  let keys: string[];
  if (isNumericColumn(values) && new Set(values).size > 10) {
    const finite = Float64Array.from(values.filter((v) => Number.isFinite(v))).sort();
    const cuts = [0.25, 0.5, 0.75].map((q) => finite[Math.floor(q * (finite.length - 1))]);
    const label = (v: number) => {
      if (!Number.isFinite(v)) return "(missing)";
      const bin = cuts.findIndex((c) => v <= c);
      const b = bin < 0 ? 3 : bin;
      const low = b === 0 ? finite[0] : cuts[b - 1];
      const high = b === 3 ? finite[finite.length - 1] : cuts[b];
      return `${b === 0 ? "[" : "("}${fmt(low)}, ${fmt(high)}]`;
    };
    keys = Array.from(values, label);
  } else {
    keys = columnTexts(table, column, file);
  }
  const groups = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const list = groups.get(k);
    if (list) list.push(i);
    else groups.set(k, [i]);
  });
  const slices = [...groups.entries()]
    .sort((a, b) => b[1].length - a[1].length)
    .slice(0, 20)
    .map(([value, rows]) => ({
      value,
      rows: rows.length,
      metrics: metricsOf(gather(set, Int32Array.from(rows))).metrics,
    }));
  return { column, slices };
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/**
 * Permutation importance as scikit-learn defines it: the drop of the score when
 * one column's values are shuffled, averaged over repeats; here through the ONNX
 * model, on at most `importanceRows` rows (a seeded sample).
 */
async function permutationImportance(
  model: OnnxModel,
  full: ColumnTable,
  labels: (string | number)[],
  settings: EvaluateSettings,
  features: FeaturesUsed,
  task: EvaluationReport["task"],
  classes: string[],
): Promise<EvaluationReport["importance"]> {
  const mapping = mappingOf(features);
  const random = new Random(settings.seed + 1);
  let rows = Array.from({ length: full.rows }, (_, i) => i);
  if (rows.length > settings.importanceRows) {
    rows = random
      .shuffle(rows)
      .slice(0, settings.importanceRows)
      .sort((a, b) => a - b);
  }
  const table = selectRows(full, rows);
  const sampleLabels = rows.map((r) => labels[r]);
  const metric = primaryMetric(task);
  const sign = metricDirection(metric) === "maximize" ? 1 : -1;
  const score = async (t: ColumnTable) => {
    const prediction = await predict(model, t, mapping);
    const { set } = toPredictionSet(
      prediction,
      sampleLabels,
      { ...settings, task },
      "the candidate model",
      classes,
    );
    return metricsOf(set).metrics[metric];
  };
  const reference = await score(table);
  const used = features.names.filter((name) => table.columns.has(name));
  const ranked = [];
  for (const feature of used) {
    const drops: number[] = [];
    for (let repeat = 0; repeat < settings.importanceRepeats; repeat++) {
      const column = table.columns.get(feature)!;
      const order = random.shuffle(Array.from({ length: table.rows }, (_, i) => i));
      const shuffled = isNumericColumn(column)
        ? Float64Array.from(order, (o) => column[o])
        : order.map((o) => column[o]);
      const columns = new Map(table.columns);
      columns.set(feature, shuffled);
      drops.push(sign * (reference - (await score({ rows: table.rows, columns }))));
    }
    const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    const std = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / drops.length);
    ranked.push({ feature, mean, std });
  }
  ranked.sort((a, b) => b.mean - a.mean);
  return { metric, repeats: settings.importanceRepeats, rows: table.rows, features: ranked };
}

/** Latency per row at batch 1 (percentiles over `latencyRows` single-row runs), throughput at the tuned batch size. */
async function servingFigures(
  model: OnnxModel,
  table: ColumnTable,
  mapping: InputMappingOptions,
  latencyRows: number,
  /** The wall time of the batched prediction over all rows (already run). */
  seconds: number,
): Promise<EvaluationReport["serving"]> {
  const times: number[] = [];
  const count = Math.min(latencyRows, table.rows);
  for (let i = 0; i < count; i++) {
    const row = selectRows(table, [i]);
    const t = performance.now();
    await predict(model, row, mapping);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const pick = (q: number) =>
    times.length ? times[Math.min(times.length - 1, Math.floor(q * times.length))] : Number.NaN;
  return {
    latency_p50_ms: pick(0.5),
    latency_p95_ms: pick(0.95),
    latency_p99_ms: pick(0.99),
    rows_per_s: table.rows / seconds,
    model_bytes: model.bytes,
  };
}
