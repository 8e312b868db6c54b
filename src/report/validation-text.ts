/** The validation report for a terminal: a verdict, the issues, and the drift table. */

import type { ValidationReport } from "../data/validate/report.js";
import { appendAll } from "../lib/arrays.js";
import { formatNumber } from "../lib/format-number.js";
import { renderTable } from "../lib/text-table.js";
import { approximateNote, borderlineText, driftPValueText, driftStatisticText } from "./drift-cells.js";

export function renderValidationText(report: ValidationReport): string {
  const lines = [verdictLine(report), ...issueLines(report), "", "columns:"];
  appendAll(lines, columnTable(report));
  appendAll(lines, driftLines(report));
  lines.push(
    "",
    `fingerprint: sha256 ${report.fingerprint.sha256} (${report.fingerprint.bytes.toLocaleString("en-US")} bytes)${report.fingerprint.schemaSha256 ? `, schema ${report.fingerprint.schemaSha256.slice(0, 12)}` : ""}`,
  );
  return `${lines.join("\n")}\n`;
}

function verdictLine(report: ValidationReport): string {
  const errors = report.issues.filter((i) => i.severity === "error").length;
  const warnings = report.issues.length - errors;
  return `${report.passed ? "PASSED" : "FAILED"}  ${report.file}  (${report.format}, ${report.rows.toLocaleString("en-US")} rows, ${report.columns.length} columns; ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"})`;
}

/** Each issue with where it is (file:line, and the other lines when there are more). */
function issueLines(report: ValidationReport): string[] {
  if (report.issues.length === 0) return [];
  return [
    "",
    "issues:",
    ...report.issues.map((issue) => {
      const where = issue.line !== undefined ? ` ${issue.file}:${issue.line}` : "";
      const more =
        issue.lines && issue.lines.length > 1
          ? ` (lines ${issue.lines.join(", ")}${(issue.count ?? 0) > issue.lines.length ? ", …" : ""})`
          : "";
      return `  ${issue.severity === "error" ? "error  " : "warning"} ${issue.code}${where}: ${issue.message}${more}`;
    }),
  ];
}

function columnTable(report: ValidationReport): string[] {
  const table = report.columns.map((c) => [
    c.name,
    c.type,
    String(c.missing),
    String(c.distinct),
    c.mean !== undefined ? formatNumber(c.mean) : c.top?.[0] ? `top ${c.top[0].value}` : "",
    c.min !== undefined ? `${formatAny(c.min)} … ${formatAny(c.max)}` : "",
  ]);
  return renderTable(["column", "type", "missing", "distinct", "mean / top", "range"], table);
}

/** The dataset's drift verdict and each column's test, when drift was checked. */
function driftLines(report: ValidationReport): string[] {
  const { drift } = report;
  if (!drift) return [];
  const lines = [
    "",
    `drift against ${drift.reference.source} (${drift.reference.rows.toLocaleString("en-US")} rows): ${drift.columns.filter((c) => c.drifted).length}/${drift.columns.length} columns drifted (share ${drift.share.toFixed(2)}, threshold ${drift.threshold}) → ${drift.drifted ? "DATASET DRIFT" : "no dataset drift"}`,
  ];
  appendAll(
    lines,
    renderTable(
      ["column", "test", "statistic", "p-value", "threshold", "verdict"],
      drift.columns.map((c) => [
        c.name,
        c.test,
        driftStatisticText(c),
        driftPValueText(c),
        String(c.threshold),
        `${c.drifted ? "DRIFT" : "ok"}${borderlineText(c)}`,
      ]),
    ),
  );
  const note = approximateNote(drift.columns);
  if (note) lines.push(`  ${note}`);
  return lines;
}

function formatAny(x: unknown): string {
  return typeof x === "number" ? formatNumber(x) : String(x);
}
