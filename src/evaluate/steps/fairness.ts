/** The fairness step: demographic parity and equalized odds over each sensitive column's groups. */

import { MlshipError } from "../../lib/errors.js";
import type { ColumnTable } from "../../onnx/column-table.js";
import { type Fairness, fairness, type PredictionSet } from "../predictions.js";
import { columnTexts } from "./evaluation-rows.js";

export const FAIRNESS_METRICS = [
  "demographic_parity_difference",
  "demographic_parity_ratio",
  "equalized_odds_difference",
] as const;

/** The figures per sensitive column; only a binary classifier has them. */
export function fairnessFigures(
  set: PredictionSet,
  table: ColumnTable,
  sensitive: string[],
  file: string,
): Fairness[] {
  return sensitive.map((column) => {
    if (set.task !== "binary") {
      throw new MlshipError(
        "bad_usage",
        `${column}: fairness figures need a binary classifier (this is ${set.task})`,
        { setting: "sensitive" },
      );
    }
    return fairness(set, column, columnTexts(table, column, file));
  });
}

/** Rules name the fairness figures of the first sensitive column by their bare names. */
export function fairnessMetrics(figures: Fairness[]): Record<string, number> {
  const first = figures[0];
  if (!first) return {};
  return Object.fromEntries(FAIRNESS_METRICS.map((name) => [name, first[name]]));
}
