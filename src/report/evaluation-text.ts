/** The evaluation for a terminal: the verdict, the metrics against the baseline, the rules. */

import type { EvaluationReport, FeaturesUsed } from "../evaluate/evaluate.js";
import { appendAll } from "../lib/arrays.js";
import { formatNumber } from "../lib/format-number.js";
import { renderTable } from "../lib/text-table.js";
import { FEATURE_SOURCE_TEXT } from "../onnx/feature-order.js";

export function renderEvaluationText(report: EvaluationReport): string {
  const verdict = report.gate.passed ? "PASSED" : "FAILED";
  const against = report.baseline ? ` against ${report.baseline.name}` : " (no baseline)";
  const lines = [
    `gate ${verdict}: ${report.model.file}${against} on ${report.rows.toLocaleString("en-US")} rows (${report.task}, label ${report.label})`,
  ];
  lines.push(`  ${describeFeatures(report.features)}`);
  if (report.baseline?.features && !sameFeatures(report.baseline.features, report.features))
    lines.push(`  baseline ${describeFeatures(report.baseline.features)}`);
  if (report.baseline?.note) lines.push(`  note: ${report.baseline.note}`);
  lines.push("");
  const names = Object.keys(report.intervals);
  appendAll(
    lines,
    renderTable(
      [
        "metric",
        "candidate",
        "95% interval",
        ...(report.baselineMetrics ? ["baseline", "Δ", "95% interval of Δ"] : []),
      ],
      names.map((name) => {
        const iv = report.intervals[name];
        const d = report.delta?.[name];
        return [
          name,
          formatNumber(report.metrics[name]),
          `${formatNumber(iv.low)} – ${formatNumber(iv.high)}`,
          ...(report.baselineMetrics
            ? [
                formatNumber(report.baselineMetrics[name] ?? Number.NaN),
                d ? signed(d.value) : "",
                d ? `${signed(d.interval.low)} – ${signed(d.interval.high)}` : "",
              ]
            : []),
        ];
      }),
    ),
  );
  if (report.gate.rules.length > 0) {
    lines.push("");
    appendAll(
      lines,
      renderTable(
        ["rule", "verdict", "why"],
        report.gate.rules.map((r) => [r.rule, r.verdict, r.reason]),
      ),
    );
  } else {
    lines.push("", "no gate rules (set gate.rules in mlship.yml or give --gate)");
  }
  return `${lines.join("\n")}\n`;
}

export function signed(x: number): string {
  if (!Number.isFinite(x)) return formatNumber(x);
  return `${x >= 0 ? "+" : "−"}${formatNumber(Math.abs(x))}`;
}

/** "features (3, from the data's columns in file order): a, b, c" — which columns fed the model, and why those. */
export function describeFeatures(
  features: FeaturesUsed,
  format: { name: (text: string) => string; text: (text: string) => string } = { name: plain, text: plain },
): string {
  const from = features.setting ?? FEATURE_SOURCE_TEXT[features.source];
  const shown = features.names.slice(0, 12).map(format.name).join(", ");
  const more = features.names.length > 12 ? `, … (${features.names.length} in all)` : "";
  return `features (${features.names.length}, from ${format.text(from)}): ${shown}${more}`;
}

const plain = (text: string) => text;

export function sameFeatures(a: FeaturesUsed, b: FeaturesUsed): boolean {
  return a.source === b.source && a.names.join("\u0000") === b.names.join("\u0000");
}
