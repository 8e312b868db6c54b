/**
 * The validation report as GitHub-flavoured markdown, for the validate-data
 * action's job summary: a verdict, the issues, one row per column with its
 * drift test, the drift verdict with a mermaid chart of the columns that
 * drifted most, and the fingerprint. Pure: plain report in, text out.
 *
 * Values of pii columns never reach this module (the report leaves them out).
 */

import type {
  ColumnSummary,
  DriftColumnResult,
  DriftReport,
  Fingerprint,
  ValidationIssue,
  ValidationReport,
} from "../data/validate/report.js";
import { maxOf } from "../lib/arrays.js";
import { formatNumber } from "../lib/format-number.js";
import {
  escapeMarkdown,
  markdownTable,
  mermaidLabel,
  mermaidNumber,
  mermaidText,
  niceCeiling,
} from "../lib/markdown.js";
import { approximateNote, borderlineText, driftPValueText, driftStatisticText } from "./drift-cells.js";

/** Issues listed in the table; the rest are counted (the JSON report has them all). */
export const MAX_ISSUE_ROWS = 50;
/** Drifted columns in the chart: the ones furthest past their threshold. */
export const MAX_CHART_COLUMNS = 10;
/** p = 0 (an underflow) is plotted as p = 1e-300, so the bar stays finite. */
const SMALLEST_P = 1e-300;

export interface ValidationMarkdownOptions {
  /** How a file path is shown, e.g. relative to the workspace (default: as the report has it). */
  displayPath?: (file: string) => string;
}

export function renderValidationMarkdown(
  report: ValidationReport,
  options: ValidationMarkdownOptions = {},
): string {
  const show = options.displayPath ?? ((file: string) => file);
  const sections = [
    verdict(report, show),
    issuesSection(report.issues, show),
    columnsSection(report),
    driftSection(report.drift, show),
    fingerprintLine(report.fingerprint),
  ];
  return `${sections.join("\n\n")}\n`;
}

function verdict(report: ValidationReport, show: (file: string) => string): string {
  const errors = report.issues.filter((i) => i.severity === "error").length;
  const warnings = report.issues.length - errors;
  const counts = [
    plural(report.rows, "row"),
    plural(report.columns.length, "column"),
    plural(errors, "error"),
    plural(warnings, "warning"),
  ].join(", ");
  return [
    `### ${report.passed ? "✅ Data validation passed" : "❌ Data validation failed"}: ${counts}`,
    "",
    `${escapeMarkdown(show(report.file))} (${escapeMarkdown(report.format)})`,
  ].join("\n");
}

function issuesSection(issues: ValidationIssue[], show: (file: string) => string): string {
  if (issues.length === 0) return "#### Issues\n\nNo issues found.";
  const rows = issues
    .slice(0, MAX_ISSUE_ROWS)
    .map((issue) => [
      issue.severity === "error" ? "❌ error" : "⚠️ warning",
      issue.code,
      issue.column ?? "",
      issue.line !== undefined ? `${issue.file ? show(issue.file) : ""}:${issue.line}` : "",
      issue.count !== undefined ? formatCount(issue.count) : "",
      issue.message,
    ]);
  const lines = [
    "#### Issues",
    "",
    markdownTable(["severity", "code", "column", "first at", "count", "message"], rows, [4]),
  ];
  const more = issues.length - MAX_ISSUE_ROWS;
  if (more > 0) lines.push("", `… and ${plural(more, "more issue")} (the JSON report lists them all).`);
  return lines.join("\n");
}

function columnsSection(report: ValidationReport): string {
  const drift = new Map(report.drift?.columns.map((c) => [c.name, c]));
  const rows = report.columns.map((column) => {
    const test = drift.get(column.name);
    return [
      column.name,
      column.type,
      missingCell(column, report.rows),
      formatCount(column.distinct),
      centreCell(column),
      test?.test ?? "–",
      test ? driftStatisticText(test) : "–",
      test ? driftPValueText(test) : "–",
      test ? `${test.drifted ? "**drifted**" : "ok"}${borderlineText(test)}` : "–",
    ];
  });
  return [
    "#### Columns",
    "",
    markdownTable(
      ["column", "type", "missing", "distinct", "mean / top", "drift test", "statistic", "p-value", "drift"],
      rows,
      [2, 3, 6, 7],
      [8],
    ),
  ].join("\n");
}

function missingCell(column: ColumnSummary, rows: number): string {
  if (column.missing === 0 || rows === 0) return formatCount(column.missing);
  return `${formatCount(column.missing)} (${((column.missing / rows) * 100).toFixed(2)}%)`;
}

function centreCell(column: ColumnSummary): string {
  if (column.mean !== undefined) return formatNumber(column.mean);
  const top = column.top?.[0];
  return top ? `top: ${top.value} (${formatCount(top.count)})` : "";
}

function driftSection(drift: DriftReport | null, show: (file: string) => string): string {
  if (!drift) return "#### Drift\n\nNot checked: no reference was given.";
  const drifted = drift.columns.filter((c) => c.drifted);
  const line =
    `Against ${escapeMarkdown(show(drift.reference.source))} (${plural(drift.reference.rows, "row")}): ` +
    `${drifted.length} of ${drift.columns.length} columns drifted ` +
    `(share ${formatShare(drift.share)}, threshold ${formatShare(drift.threshold)}) → ` +
    `${drift.drifted ? "**dataset drift**" : "no dataset drift"}.`;
  const note = approximateNote(drift.columns);
  return ["#### Drift", "", line, ...(note ? ["", escapeMarkdown(note)] : []), ...driftCharts(drifted)].join(
    "\n",
  );
}

interface ChartBar {
  name: string;
  value: number;
  threshold: number;
  /** How far past its threshold, as a ratio, so distances and p-values rank together. */
  excess: number;
}

/**
 * Mermaid bar charts of the drifted columns furthest past their thresholds:
 * one for p-value tests (plotting −log10 p) and one for distances (the
 * statistic), since the two scales do not share an axis. The threshold is the line.
 */
export function driftCharts(drifted: DriftColumnResult[]): string[] {
  const bars = drifted
    .map((column) => ({ bar: chartBar(column), byP: column.pValue !== null }))
    .sort((a, b) => b.bar.excess - a.bar.excess)
    .slice(0, MAX_CHART_COLUMNS);
  const byP = bars.filter((b) => b.byP).map((b) => b.bar);
  const byDistance = bars.filter((b) => !b.byP).map((b) => b.bar);
  const charts: string[] = [];
  if (byDistance.length > 0) {
    charts.push(
      mermaidBarChart("Drifted columns: test statistic (bars) vs threshold (line)", "distance", byDistance),
    );
  }
  if (byP.length > 0) {
    charts.push(
      mermaidBarChart("Drifted columns: -log10(p-value) (bars) vs -log10(threshold) (line)", "-log10 p", byP),
    );
  }
  return charts.flatMap((chart) => ["", chart]);
}

function chartBar(column: DriftColumnResult): ChartBar {
  if (column.pValue !== null) {
    const value = -Math.log10(Math.max(column.pValue, SMALLEST_P));
    const threshold = -Math.log10(column.threshold);
    return { name: column.name, value, threshold, excess: ratio(value, threshold) };
  }
  return {
    name: column.name,
    value: column.statistic,
    threshold: column.threshold,
    excess: ratio(column.statistic, column.threshold),
  };
}

function ratio(value: number, threshold: number): number {
  return threshold > 0 ? value / threshold : value;
}

function mermaidBarChart(title: string, axis: string, bars: ChartBar[]): string {
  const top = niceCeiling(maxOf(bars.flatMap((b) => [b.value, b.threshold])));
  const values = (pick: (b: ChartBar) => number) => `[${bars.map((b) => mermaidNumber(pick(b))).join(", ")}]`;
  return [
    "```mermaid",
    "xychart-beta",
    `  title "${mermaidText(title)}"`,
    `  x-axis [${bars.map((b) => `"${mermaidLabel(b.name)}"`).join(", ")}]`,
    `  y-axis "${mermaidText(axis)}" 0 --> ${mermaidNumber(top)}`,
    `  bar ${values((b) => b.value)}`,
    `  line ${values((b) => b.threshold)}`,
    "```",
  ].join("\n");
}

function fingerprintLine(fingerprint: Fingerprint): string {
  const parts = [
    `sha256 \`${fingerprint.sha256}\``,
    `${formatCount(fingerprint.bytes)} bytes`,
    plural(fingerprint.rows, "row"),
  ];
  if (fingerprint.schemaSha256) parts.push(`schema sha256 \`${fingerprint.schemaSha256}\``);
  return `Fingerprint: ${parts.join(" · ")}`;
}

function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? "" : "s"}`;
}

function formatCount(n: number): string {
  return n.toLocaleString("en-US");
}

function formatShare(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}
