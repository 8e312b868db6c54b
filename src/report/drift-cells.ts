/** How the reports show one column's drift result: its statistic and p-value (with their bounds when approximate) and verdict. */
import type { DriftColumnResult } from "../data/validate/report.js";
import { formatNumber, formatP } from "../lib/format-number.js";

/** The statistic, followed by ± its error bound when a sketch gave it. */
export function driftStatisticText(column: DriftColumnResult): string {
  const statistic = formatNumber(column.statistic);
  return column.approximate ? `${statistic} ± ${formatNumber(column.approximate.errorBound)}` : statistic;
}

/** The p-value ("–" for distances), followed by the range it can take when the statistic is approximate. */
export function driftPValueText(column: DriftColumnResult): string {
  if (column.pValue === null) return "–";
  const range = column.approximate?.pValue;
  const p = formatP(column.pValue);
  return range ? `${p} (${formatP(range.low)}–${formatP(range.high)})` : p;
}

/** "borderline" when the exact statistic could give the other verdict. */
export function borderlineText(column: DriftColumnResult): string {
  return column.borderline ? " (borderline)" : "";
}

/** Said under a drift table holding approximate results. */
export function approximateNote(columns: DriftColumnResult[]): string | undefined {
  const approximate = columns.filter((c) => c.approximate);
  if (approximate.length === 0) return undefined;
  const confidence = approximate.reduce((lowest, c) => Math.min(lowest, c.approximate!.confidence), 1);
  return (
    `± : approximate (${approximate.map((c) => c.name).join(", ")}): a side holds more distinct values than the profile keeps exactly, ` +
    `so the statistic comes from a sketch; the exact one lies within the bound${confidence < 1 ? ` with ${Math.round(confidence * 100)}% confidence` : ""}.` +
    (approximate.some((c) => c.borderline)
      ? " borderline: the threshold lies within it, so the verdict could go either way."
      : "")
  );
}
