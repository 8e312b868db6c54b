/**
 * Which way each metric improves, for gate rules ("did the candidate get worse?")
 * and search objectives ("minimize or maximize?").
 */
import { MlshipError } from "../lib/errors.js";

export type MetricDirection = "maximize" | "minimize";

/** Every metric docs/design.md names, with the direction in which it gets better. */
export const METRIC_DIRECTIONS: Readonly<Record<string, MetricDirection>> = {
  accuracy: "maximize",
  balanced_accuracy: "maximize",
  precision: "maximize",
  recall: "maximize",
  f1: "maximize",
  roc_auc: "maximize",
  average_precision: "maximize",
  log_loss: "minimize",
  brier_score: "minimize",
  matthews_corrcoef: "maximize",
  precision_macro: "maximize",
  recall_macro: "maximize",
  f1_macro: "maximize",
  f1_weighted: "maximize",
  roc_auc_ovr: "maximize",
  mae: "minimize",
  mse: "minimize",
  rmse: "minimize",
  r2: "maximize",
  mape: "minimize",
  explained_variance: "maximize",
  max_error: "minimize",
  latency_p50_ms: "minimize",
  latency_p95_ms: "minimize",
  latency_p99_ms: "minimize",
  rows_per_s: "maximize",
  model_bytes: "minimize",
};

/** "maximize" for scores (higher is better), "minimize" for losses, errors and costs. */
export function metricDirection(name: string): MetricDirection {
  const direction = Object.hasOwn(METRIC_DIRECTIONS, name) ? METRIC_DIRECTIONS[name] : undefined;
  if (direction === undefined) {
    throw new MlshipError(
      "unknown_metric",
      `Unknown metric '${name}'. Expected one of: ${Object.keys(METRIC_DIRECTIONS).join(", ")}.`,
    );
  }
  return direction;
}
