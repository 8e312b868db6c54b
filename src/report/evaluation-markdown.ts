/**
 * The evaluation as one markdown report — the PR comment, the check run's
 * summary and the job summary: the verdict first, then the metrics against the
 * baseline with the rules, the failed rules with reasons, confusion matrices,
 * the ROC curve (mermaid, so no image host), slices, fairness, top features,
 * calibration and latency. Long parts are folded in <details>.
 */
import type { ValidationReport } from "../data/validate/report.js";
import type { EvaluationReport } from "../evaluate/evaluate.js";
import type { ReportContext } from "../evaluate/report-context.js";
import { formatNumber } from "../lib/format-number.js";
import {
  codeSpan,
  escapeHtml,
  escapeMarkdown,
  markdownTable,
  mermaidNumber,
  mermaidText,
} from "../lib/markdown.js";
import { describeFeatures, sameFeatures, signed } from "./evaluation-text.js";

export interface EvaluationMarkdownOptions {
  /** The model's name (mlship.yml's model.name), for the title. */
  name?: string;
  /** Lineage, the pull request's data validation, the metric's history over the registry. */
  context?: ReportContext;
}

const ICON = { pass: "✅", fail: "❌", skipped: "⏭️", inconclusive: "❔" } as const;

export function renderEvaluationMarkdown(
  report: EvaluationReport,
  options: EvaluationMarkdownOptions = {},
): string {
  const context = options.context ?? {};
  const sections: (string | undefined)[] = [
    ...header(report, options.name),
    featuresLine(report),
    report.baseline?.note ? `> ⚠️ ${escapeMarkdown(report.baseline.note)}` : undefined,
    metricsTable(report),
    delongLine(report),
    ...ruleSections(report),
    context.validation ? validationSummary(context.validation) : undefined,
    context.history ? historySection(context.history) : undefined,
    report.roc ? details("ROC curve", rocChart(report)) : undefined,
    report.confusionMatrix ? details("Confusion matrices", confusionTables(report)) : undefined,
    perClassSection(report),
    ...report.slices.map(sliceSection),
    ...report.fairness.map(fairnessSection),
    importanceSection(report),
    calibrationSection(report),
    servingSection(report),
    details("Lineage", lineageList(report, context.lineage)),
    footnote(report),
  ];
  return `${sections.filter((section) => section !== undefined).join("\n\n")}\n`;
}

/** The verdict as the title, then what was evaluated: rows, task, label, the models' hashes. */
function header(report: EvaluationReport, modelName: string | undefined): string[] {
  const name = modelName ?? report.model.file.split("/").pop() ?? "model";
  const against = report.baseline
    ? `vs ${codeSpan(report.baseline.name)}${report.baseline.comparable ? "" : " (not like-for-like)"}`
    : "(no baseline)";
  return [
    `### ${report.gate.passed ? "✅" : "❌"} ${escapeMarkdown(name)}: the gate ${report.gate.passed ? "passed" : "failed"} ${against}`,
    `${report.rows.toLocaleString("en-US")} rows · ${report.task} · label ${codeSpan(report.label)} · candidate sha256 ${codeSpan(report.model.sha256.slice(0, 12))}${report.baseline ? ` · baseline sha256 ${codeSpan(report.baseline.sha256.slice(0, 12))}` : ""}`,
  ];
}

/** The columns each model read; the baseline's only when they differ from the candidate's. */
function featuresLine(report: EvaluationReport): string {
  const format = { name: escapeMarkdown, text: escapeMarkdown };
  const features = [`Candidate ${describeFeatures(report.features, format)}`];
  if (report.baseline?.features && !sameFeatures(report.baseline.features, report.features))
    features.push(`Baseline ${describeFeatures(report.baseline.features, format)}`);
  return features.join("<br>\n");
}

/** The failed rules with their reasons, then the skipped and inconclusive ones; or a note that there are none. */
function ruleSections(report: EvaluationReport): string[] {
  const rules = report.gate.rules;
  if (rules.length === 0) return ["_No gate rules: set `gate.rules` in mlship.yml._"];
  const sections: string[] = [];
  const failed = rules.filter((r) => r.verdict === "fail");
  if (failed.length > 0) {
    sections.push(
      [
        "**Failed rules**",
        "",
        ...failed.map((r) => `- ${codeSpan(r.rule)}: ${escapeMarkdown(r.reason)}`),
      ].join("\n"),
    );
  }
  const other = rules.filter((r) => r.verdict !== "fail" && r.verdict !== "pass");
  if (other.length > 0) {
    sections.push(
      other.map((r) => `- ${ICON[r.verdict]} ${codeSpan(r.rule)}: ${escapeMarkdown(r.reason)}`).join("\n"),
    );
  }
  return sections;
}

function historySection(history: NonNullable<ReportContext["history"]>): string {
  return details(`History of ${history.metric} over the registry's versions`, historyChart(history));
}

/** Multiclass only: precision, recall and f1 of each class. */
function perClassSection(report: EvaluationReport): string | undefined {
  if (!report.perClass || report.task !== "multiclass") return undefined;
  return details(
    "Per class",
    markdownTable(
      ["class", "precision", "recall", "f1", "support"],
      report.perClass.map((c) => [
        c.class,
        formatNumber(c.precision),
        formatNumber(c.recall),
        formatNumber(c.f1),
        String(c.support),
      ]),
      [1, 2, 3, 4],
    ),
  );
}

/** One column's slices with the first four metrics. */
function sliceSection(slice: EvaluationReport["slices"][number]): string {
  const metrics = Object.keys(slice.slices[0]?.metrics ?? {}).slice(0, 4);
  return details(
    `Slices by ${slice.column}`,
    markdownTable(
      [slice.column, "rows", ...metrics],
      slice.slices.map((s) => [
        s.value,
        s.rows.toLocaleString("en-US"),
        ...metrics.map((m) => formatNumber(s.metrics[m])),
      ]),
      metrics.map((_, i) => i + 2).concat([1]),
    ),
  );
}

/** One sensitive column: the parity figures in the summary, the rates per group in the table. */
function fairnessSection(f: EvaluationReport["fairness"][number]): string {
  return details(
    `Fairness over ${f.column}: demographic parity difference ${formatNumber(f.demographic_parity_difference)}, equalized odds difference ${formatNumber(f.equalized_odds_difference)}`,
    markdownTable(
      [f.column, "rows", "selection rate", "TPR", "FPR"],
      f.groups.map((g) => [
        g.group,
        g.rows.toLocaleString("en-US"),
        formatNumber(g.selectionRate),
        formatNumber(g.truePositiveRate),
        formatNumber(g.falsePositiveRate),
      ]),
      [1, 2, 3, 4],
    ),
  );
}

/** The ten features whose shuffling costs the most. */
function importanceSection(report: EvaluationReport): string | undefined {
  const importance = report.importance;
  if (!importance) return undefined;
  const top = importance.features.slice(0, 10);
  return details(
    `Top features (permutation importance on ${importance.metric}, ${importance.repeats} repeats, ${importance.rows.toLocaleString("en-US")} rows)`,
    markdownTable(
      ["feature", "drop in score", "± std"],
      top.map((f) => [f.feature, formatNumber(f.mean), formatNumber(f.std)]),
      [1, 2],
    ),
  );
}

/** The expected calibration error in the summary, the candidate's reliability bins in the table. */
function calibrationSection(report: EvaluationReport): string | undefined {
  const c = report.calibration;
  if (!c) return undefined;
  return details(
    `Calibration: expected calibration error ${formatNumber(c.candidate.ece)}${c.baseline ? ` (baseline ${formatNumber(c.baseline.ece)})` : ""}`,
    markdownTable(
      ["predicted", "rows", "mean predicted", "observed"],
      c.candidate.bins.map((b) => [
        `${b.low.toFixed(1)}–${b.high.toFixed(1)}`,
        String(b.rows),
        formatNumber(b.meanPredicted),
        formatNumber(b.fractionPositive),
      ]),
      [1, 2, 3],
    ),
  );
}

/** Latency and throughput of the candidate, beside the baseline's when it ran. */
function servingSection(report: EvaluationReport): string {
  const s = report.serving;
  const bs = report.baselineServing;
  const row = (label: string, figure: (serving: EvaluationReport["serving"]) => string) => [
    label,
    figure(s),
    ...(bs ? [figure(bs)] : []),
  ];
  const rowsPerSecond = (x: EvaluationReport["serving"]) => Math.round(x.rows_per_s).toLocaleString("en-US");
  return details(
    `Serving: p99 ${ms(s.latency_p99_ms)} per row at batch 1, ${rowsPerSecond(s)} rows/s batched`,
    markdownTable(
      ["", "candidate", ...(bs ? ["baseline"] : [])],
      [
        row("latency p50", (x) => ms(x.latency_p50_ms)),
        row("latency p95", (x) => ms(x.latency_p95_ms)),
        row("latency p99", (x) => ms(x.latency_p99_ms)),
        row("rows/s (batched)", rowsPerSecond),
        row("model bytes", (x) => x.model_bytes.toLocaleString("en-US")),
      ],
      [1, 2],
    ),
  );
}

/** How the figures were made: the resamples, their seed, the interval level, the rows left out. */
function footnote(report: EvaluationReport): string {
  return `<sub>mlship evaluate · ${report.bootstrap.replicates} paired bootstrap resamples (seed ${report.bootstrap.seed}) · ${Math.round(report.bootstrap.confidence * 100)}% intervals${report.droppedRows.missingLabel ? ` · ${report.droppedRows.missingLabel} rows without a label left out` : ""}</sub>`;
}

function metricsTable(report: EvaluationReport): string {
  const rulesByMetric = new Map<string, EvaluationReport["gate"]["rules"]>();
  for (const rule of report.gate.rules)
    rulesByMetric.set(rule.metric, [...(rulesByMetric.get(rule.metric) ?? []), rule]);
  const names = [...new Set([...Object.keys(report.intervals), ...rulesByMetric.keys()])].filter(
    (n) => n in report.metrics,
  );
  const rows = names.map((name) => {
    const d = report.delta?.[name];
    const rules = rulesByMetric.get(name) ?? [];
    const iv = report.intervals[name];
    return [
      name,
      `${formatNumber(report.metrics[name])}${iv ? ` <sub>(${formatNumber(iv.low)}–${formatNumber(iv.high)})</sub>` : ""}`,
      report.baselineMetrics?.[name] === undefined ? "" : formatNumber(report.baselineMetrics[name]),
      d ? signed(d.value) : "",
      d ? `${signed(d.interval.low)} – ${signed(d.interval.high)}` : "",
      rules.map((r) => codeSpan(r.rule)).join("<br>"),
      rules.map((r) => `${ICON[r.verdict]} ${r.verdict}`).join("<br>"),
    ];
  });
  return markdownTable(
    ["metric", "candidate", "baseline", "Δ", "95% interval of Δ", "rule", "verdict"],
    rows,
    [1, 2, 3],
    [1, 5, 6],
  );
}

function confusionTables(report: EvaluationReport): string {
  const classes = report.classes;
  const table = (matrix: number[][]) =>
    markdownTable(
      ["true \\ predicted", ...classes],
      matrix.map((row, i) => [classes[i], ...row.map((v) => v.toLocaleString("en-US"))]),
      classes.map((_, i) => i + 1),
    );
  const m = report.confusionMatrix!;
  const cells = [`<td>\n\n**candidate**\n\n${table(m.candidate)}\n\n</td>`];
  if (m.baseline) cells.push(`<td>\n\n**baseline**\n\n${table(m.baseline)}\n\n</td>`);
  return `<table><tr>${cells.join("")}</tr></table>`;
}

function rocChart(report: EvaluationReport): string {
  const roc = report.roc!;
  const list = (xs: number[]) => `[${xs.map(mermaidNumber).join(", ")}]`;
  return [
    "```mermaid",
    "xychart-beta",
    `  title "ROC: true-positive rate by false-positive rate${roc.baseline ? " (candidate, then baseline)" : ""}"`,
    `  x-axis "false-positive rate" [${roc.fpr.map((x) => `"${x.toFixed(1)}"`).join(", ")}]`,
    `  y-axis "${mermaidText("true-positive rate")}" 0 --> 1`,
    `  line ${list(roc.candidate)}`,
    ...(roc.baseline ? [`  line ${list(roc.baseline)}`] : []),
    "```",
  ].join("\n");
}

/** A folded section; its summary line is raw HTML (the block runs to the blank line), so it is HTML-escaped. */
function details(summary: string, body: string): string {
  return `<details><summary>${escapeHtml(summary)}</summary>\n\n${body}\n\n</details>`;
}

function ms(x: number): string {
  return Number.isFinite(x) ? `${formatNumber(x)} ms` : "—";
}

function validationSummary(validation: ValidationReport): string {
  const errors = validation.issues.filter((i) => i.severity === "error").length;
  const warnings = validation.issues.length - errors;
  const drift = validation.drift;
  const driftText = drift
    ? `${drift.drifted ? "⚠️ drifted" : "no dataset drift"} (${Math.round(drift.share * 100)}% of columns: ${
        drift.columns
          .filter((c) => c.drifted)
          .map((c) => codeSpan(c.name))
          .join(", ") || "none"
      })`
    : "drift not checked";
  return `**Data validation** ${validation.passed ? "✅ passed" : "❌ failed"}: ${escapeMarkdown(validation.file)}, ${validation.rows.toLocaleString("en-US")} rows, ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}; ${driftText}.`;
}

function historyChart(history: NonNullable<ReportContext["history"]>): string {
  return [
    "```mermaid",
    "xychart-beta",
    `  title "${mermaidText(history.metric)}: the last versions, then this candidate"`,
    `  x-axis [${history.points.map((p) => `"${mermaidText(p.label)}"`).join(", ")}]`,
    `  y-axis "${mermaidText(history.metric)}"`,
    `  line [${history.points.map((p) => mermaidNumber(p.value)).join(", ")}]`,
    "```",
  ].join("\n");
}

function lineageList(report: EvaluationReport, lineage: ReportContext["lineage"]): string {
  const lines = [
    `- Evaluation data: ${escapeMarkdown(report.data.file.split("/").pop() ?? report.data.file)}, sha256 ${codeSpan(report.data.sha256)}`,
    `- Candidate: sha256 ${codeSpan(report.model.sha256)}`,
  ];
  if (report.baseline)
    lines.push(`- Baseline: ${codeSpan(report.baseline.name)}, sha256 ${codeSpan(report.baseline.sha256)}`);
  if (lineage?.commit)
    lines.push(`- Commit: ${codeSpan(lineage.commit)}${lineage.runUrl ? ` · [run](${lineage.runUrl})` : ""}`);
  if (lineage?.trainer) lines.push(`- Trainer: ${codeSpan(lineage.trainer)}`);
  if (lineage?.trainData) lines.push(`- Training data: sha256 ${codeSpan(lineage.trainData)}`);
  if (lineage?.params && Object.keys(lineage.params).length > 0) {
    lines.push(
      `- Params: ${Object.entries(lineage.params)
        .map(([k, v]) => `${codeSpan(k)} ${escapeMarkdown(String(v))}`)
        .join(" · ")}`,
    );
  }
  return lines.join("\n");
}

/** ROC AUC with DeLong's intervals (no resampling), and the paired test against the baseline. */
function delongLine(report: EvaluationReport): string | undefined {
  const d = report.delong;
  if (!d?.candidate) return undefined;
  const level = `${Math.round(report.bootstrap.confidence * 100)}%`;
  const auc = (a: NonNullable<typeof d.candidate>) =>
    `${formatNumber(a.auc)} (${formatNumber(a.low)}–${formatNumber(a.high)})`;
  const parts = [`candidate ${auc(d.candidate)}`];
  if (d.baseline) parts.push(`baseline ${auc(d.baseline)}`);
  if (d.difference) {
    parts.push(
      `Δ ${signed(d.difference.difference)} (${signed(d.difference.low)} – ${signed(d.difference.high)}), p = ${d.difference.pValue < 1e-4 ? d.difference.pValue.toExponential(1) : formatNumber(d.difference.pValue)}`,
    );
  }
  return `<sub>ROC AUC by DeLong's method (${level} intervals): ${parts.join(" · ")}</sub>`;
}
