/**
 * The model card (`model-card.md`, also the release notes): what the model is
 * for, the data and its fingerprint, the metrics, slices and fairness when an
 * evaluation has them, limitations, and lineage. Pure: manifest in, markdown out.
 */

import { formatNumber } from "../lib/format-number.js";
import { codeSpan, escapeMarkdown, markdownTable } from "../lib/markdown.js";
import type { ModelManifest } from "./manifest.js";

export interface ModelCardExtras {
  intendedUse?: string;
  limitations?: string;
  /** evaluation.json (mlship evaluate): intervals, slices and fairness are shown when present. */
  evaluation?: Record<string, unknown>;
}

export function renderModelCard(manifest: ModelManifest, extras: ModelCardExtras = {}): string {
  const { lineage } = manifest;
  const intervals = (extras.evaluation?.intervals ?? {}) as Record<
    string,
    { low: number; high: number } | undefined
  >;
  const metricRows = Object.entries(manifest.metrics).map(([name, value]) => {
    const interval = intervals[name];
    return [
      name,
      value === null ? "" : formatNumber(value),
      interval ? `${formatNumber(interval.low)} – ${formatNumber(interval.high)}` : "",
    ];
  });
  const train = manifest.data.train;
  const evaluated = manifest.data.eval;
  const fairness = extras.evaluation?.fairness as Record<string, unknown> | undefined;
  const slices = extras.evaluation?.slices as Record<string, unknown> | undefined;
  const lines = [
    `# ${escapeMarkdown(`${manifest.name} v${manifest.version}`)}`,
    "",
    `A ${escapeMarkdown(manifest.task ?? "")} model${manifest.label ? ` predicting ${codeSpan(manifest.label)}` : ""} from ${manifest.features.length} feature${manifest.features.length === 1 ? "" : "s"} · ONNX opset ${manifest.model.opset ?? "?"} · ${manifest.model.bytes.toLocaleString("en-US")} bytes · sha256 ${codeSpan(manifest.model.sha256)}`,
    "",
    "## Intended use",
    "",
    extras.intendedUse ? escapeMarkdown(extras.intendedUse) : "Not stated when this version was packaged.",
    "",
    "## Data",
    "",
    train
      ? `- Training data: sha256 ${codeSpan(train.sha256)}${train.rows != null ? `, ${train.rows.toLocaleString("en-US")} rows` : ""}`
      : "- Training data: not recorded",
    ...(evaluated
      ? [
          `- Evaluation data: sha256 ${codeSpan(evaluated.sha256)}${evaluated.rows != null ? `, ${evaluated.rows.toLocaleString("en-US")} rows` : ""}`,
        ]
      : []),
    `- Features: ${manifest.features.map((f) => codeSpan(f.name)).join(", ") || "none recorded"}`,
    "",
    "## Metrics",
    "",
    metricRows.length > 0
      ? markdownTable(["metric", "value", "95% interval"], metricRows, [1])
      : "No metrics were recorded.",
    ...(slices ? ["", "## Slices", "", "```json", JSON.stringify(slices, null, 2), "```"] : []),
    ...(fairness ? ["", "## Fairness", "", "```json", JSON.stringify(fairness, null, 2), "```"] : []),
    "",
    "## Limitations",
    "",
    extras.limitations
      ? escapeMarkdown(extras.limitations)
      : "Measured only on the data above; expect it to degrade on data that drifts from it (mlship validate checks drift against profile.json when attached).",
    "",
    "## Lineage",
    "",
    `- Trainer: ${lineage.trainer ? codeSpan(lineage.trainer) : "not recorded"}`,
    `- Parent version: ${lineage.parent ? escapeMarkdown(lineage.parent) : "none (first version)"}`,
    `- Repository: ${lineage.repository ? escapeMarkdown(lineage.repository) : "not recorded"}${lineage.commit ? ` at ${codeSpan(lineage.commit)}` : ""}`,
    `- Run: ${lineage.runUrl ?? lineage.runId ?? "not recorded"}`,
    ...(Object.keys(manifest.params).length > 0
      ? [
          `- Params: ${Object.entries(manifest.params)
            .map(([k, v]) => `${codeSpan(k)} ${escapeMarkdown(String(v))}`)
            .join(" · ")}`,
        ]
      : []),
    "",
  ];
  return lines.join("\n");
}
