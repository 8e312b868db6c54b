/** The slices step: the metrics per value of a column (the 20 largest groups). */

import { MlshipError } from "../../lib/errors.js";
import { type ColumnTable, isNumericColumn } from "../../onnx/column-table.js";
import type { EvaluationReport } from "../evaluation-report.js";
import { gather, metricsOf, type PredictionSet } from "../predictions.js";
import { columnTexts } from "./evaluation-rows.js";

export type SliceMetrics = EvaluationReport["slices"][number];

/** Metrics per value of a column; a numeric column with many values is cut into 4 quantile bins. */
export function sliceMetrics(
  set: PredictionSet,
  table: ColumnTable,
  column: string,
  file: string,
): SliceMetrics {
  const values = table.columns.get(column);
  if (!values)
    throw new MlshipError("missing_column", `column "${column}" is not in ${file}`, {
      setting: "slices",
      file,
      column,
    });
  const keys =
    isNumericColumn(values) && new Set(values).size > 10
      ? quartileKeys(values)
      : columnTexts(table, column, file);
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

/** Each value's quartile bin as text, `[low, high]` for the first and `(low, high]` for the others. */
function quartileKeys(values: Float64Array): string[] {
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
  return Array.from(values, label);
}

function fmt(x: number): string {
  return String(Number(x.toPrecision(4)));
}
