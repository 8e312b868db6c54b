/** What `mlship evaluate` takes (the resolved request's settings) and what it reports (the JSON contract). */

import type { TableFormat } from "../data/readers/table-reader.js";
import type { DatasetSchema } from "../data/schema/dataset-schema.js";
import type { DelongAuc, DelongDifference } from "../metrics/delong.js";
import type { FeatureOrder, FeatureSetting } from "../onnx/feature-order.js";
import type { Ort } from "../onnx/ort.js";
import type { GateResult, GateRule } from "./gate-rules.js";
import type { Calibration, Fairness } from "./predictions.js";

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

/** The metric permutation importance and slices lead with, per task (scikit-learn's scorer names). */
export function primaryMetric(task: EvaluationReport["task"]): string {
  return task === "binary" ? "roc_auc" : task === "multiclass" ? "accuracy" : "r2";
}
