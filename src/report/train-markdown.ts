/**
 * A training run or a search as GitHub-flavoured markdown, for the train
 * action's job summary: what was trained and whether the cache held it, the
 * metrics; for a search, the best trial, a mermaid chart of the objective over
 * the trials (each trial's value and the best so far), and the trial table.
 * Pure: results in, text out.
 */
import { maxOf, minOf } from "../lib/arrays.js";
import { formatNumber } from "../lib/format-number.js";
import { codeSpan, escapeMarkdown, markdownTable, mermaidNumber, mermaidText } from "../lib/markdown.js";
import type { TrainReport } from "../train/train-builtin.js";
import type { CommandTrainReport } from "../train/train-command.js";
import type { SearchSummary } from "../tune/search-summary.js";
import { isBetter } from "../tune/trial.js";

/** What `mlship train --json` writes for one run. */
export interface TrainResult {
  model: string;
  metrics: string;
  cacheHit: boolean;
  report: TrainReport | CommandTrainReport;
}

/** Trials shown outside a collapsed section. */
export const OPEN_TRIAL_ROWS = 20;

export function renderTrainMarkdown(result: TrainResult): string {
  const { report } = result;
  const how = result.cacheHit ? "restored from the training cache (cache hit)" : "trained";
  if (report.trainer === "command") {
    return [
      `### mlship train: ${codeSpan(report.command)} ${how}`,
      paramsLine(report.params),
      markdownTable(
        ["metric", "value"],
        Object.entries(report.metrics).map(([name, value]) => [name, formatNumber(value)]),
        [1],
      ),
      "",
    ].join("\n\n");
  }
  const cv = report.cv;
  return [
    `### mlship train: ${report.trainer} ${how}`,
    `${report.task} · label ${codeSpan(report.label)} · ${count(report.rows.train)} training rows, ${count(report.rows.validation)} validation rows · ${report.features.length} features`,
    paramsLine(report.params),
    markdownTable(
      ["metric", "validation", "train", ...(cv ? [`cv (${cv.folds} folds)`] : [])],
      Object.keys(report.validation.metrics).map((name) => [
        name,
        formatNumber(report.validation.metrics[name]),
        formatNumber(report.train.metrics[name]),
        ...(cv
          ? [
              `${formatNumber(cv.metrics[name]?.mean ?? Number.NaN)} ± ${formatNumber(cv.metrics[name]?.std ?? Number.NaN)}`,
            ]
          : []),
      ]),
      [1, 2, 3],
    ),
    "",
  ].join("\n\n");
}

export function renderSearchMarkdown(summary: SearchSummary): string {
  const { best, objective, trials } = summary;
  const by = (status: string) => trials.filter((t) => t.status === status).length;
  const cached = trials.filter((t) => t.cached).length;
  const tally = [
    `${by("complete")} complete`,
    `${by("pruned")} pruned`,
    `${by("failed")} failed`,
    ...(cached > 0 ? [`${cached} restored from the training cache`] : []),
  ].join(" · ");
  const names = [...new Set(trials.flatMap((t) => Object.keys(t.params)))];
  const rows = trials.map((t) => [
    t.trial === best.trial ? `**${t.trial}** ★` : String(t.trial),
    ...names.map((n) => paramValue(t.params[n])),
    t.value === null ? "" : formatNumber(t.value),
    t.status + (t.cached ? " (cached)" : "") + (t.error ? `: ${escapeMarkdown(t.error)}` : ""),
    t.durationMs === null ? "" : `${(t.durationMs / 1000).toFixed(1)} s`,
  ]);
  const header = ["trial", ...names, objective, "status", "time"];
  const numeric = [names.length + 1, names.length + 3];
  const raw = [0, names.length + 2];
  const table = markdownTable(header, rows, numeric, raw);
  return [
    `### mlship train: search (${summary.method}, ${trials.length} trials) — best trial ${best.trial}, ${codeSpan(objective)} ${formatNumber(best.value)}`,
    `Objective: ${summary.direction} ${codeSpan(objective)} · ${tally}`,
    paramsLine(best.params, "Best params"),
    objectiveChart(summary),
    importanceTable(summary),
    trials.length <= OPEN_TRIAL_ROWS
      ? table
      : `<details><summary>All ${trials.length} trials</summary>\n\n${table}\n\n</details>`,
    "",
  ]
    .filter((part) => part !== "")
    .join("\n\n")
    .concat("\n");
}

/**
 * Bars: each finished trial's objective (pruned ones at their last report);
 * line: the best complete value so far. Trials without a value are left out.
 */
export function objectiveChart(summary: SearchSummary): string {
  const points = summary.trials.filter((t) => t.value !== null && Number.isFinite(t.value));
  if (points.length === 0) return "";
  let best: number | undefined;
  const bestSoFar = points.map((t) => {
    if (t.status === "complete" && (best === undefined || isBetter(t.value!, best, summary.direction)))
      best = t.value!;
    return best ?? t.value!;
  });
  const values = points.map((t) => t.value!);
  const low = minOf(values);
  const high = maxOf(values);
  const pad = high > low ? (high - low) * 0.05 : Math.abs(high) * 0.05 || 1;
  const list = (xs: number[]) => `[${xs.map(mermaidNumber).join(", ")}]`;
  return [
    "```mermaid",
    "xychart-beta",
    `  title "${mermaidText(summary.objective)} by trial (line: best so far)"`,
    `  x-axis "trial" [${points.map((t) => `"${t.trial}"`).join(", ")}]`,
    `  y-axis "${mermaidText(summary.objective)}" ${mermaidNumber(low - pad)} --> ${mermaidNumber(high + pad)}`,
    `  bar ${list(values)}`,
    `  line ${list(bestSoFar)}`,
    "```",
  ].join("\n");
}

function paramsLine(params: Record<string, unknown>, title = "Params"): string {
  const entries = Object.entries(params).filter(([, v]) => v !== null && v !== undefined);
  if (entries.length === 0) return `${title}: defaults`;
  return `${title}: ${entries.map(([k, v]) => `${codeSpan(k)} ${escapeMarkdown(paramValue(v))}`).join(" · ")}`;
}

function paramValue(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "number" ? formatNumber(value) : String(value);
}

function count(n: number): string {
  return n.toLocaleString("en-US");
}

/** Parameter importance, when the search has enough complete trials. */
export function importanceTable(summary: SearchSummary): string {
  if (!summary.importance || summary.importance.length === 0) return "";
  return [
    "**Parameter importance** (share of the objective's variation over the complete trials)",
    "",
    markdownTable(
      ["param", "importance"],
      summary.importance.map((i) => [i.param, `${(i.importance * 100).toFixed(0)}%`]),
      [1],
    ),
  ].join("\n");
}
