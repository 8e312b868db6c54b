/**
 * Incidents (docs/design.md, "Rollouts"): one open incident per model,
 * environment and kind, found again by a hidden marker; a new breach adds a
 * comment to it, never a second incident; rollbacks and later deployments
 * comment on it; the next healthy rollout closes it with a comment. Two
 * trackers pass one contract suite: GitHub issues (`GitHubIncidentTracker`)
 * and files beside the local registry (`LocalIncidentTracker`).
 *
 * This file holds the interface and the markdown, which is pure: text from
 * data (model names, reasons, rules) is escaped, so it shows as written.
 */
import { formatNumber } from "../lib/format-number.js";
import { codeSpan, escapeMarkdown, markdownTable, mermaidText } from "../lib/markdown.js";
import { checkEnvironment, checkModelName } from "../registry/refs.js";

/** What an incident is about: `rollout` (an analysis failed and rolled back) or `monitor` (a breach). */
export type IncidentKind = "rollout" | "monitor";

export interface IncidentKey {
  name: string;
  environment: string;
  kind: IncidentKind;
}

export interface IncidentCheck {
  /** The rule as written (`error_rate <= stable + 0.01`). */
  rule: string;
  verdict: "fail" | "inconclusive";
  /** Why, with the value and the bound. */
  reason: string;
}

export interface IncidentStep {
  /** Traffic share of the candidate at this step, in percent. */
  weight: number;
  verdict: "pass" | "fail" | "inconclusive";
  /** The key figure at this step (named by the report's `keyFigure`), when measured. */
  figure?: number;
}

export interface IncidentReport extends IncidentKey {
  /** The version that failed. */
  version: string;
  /** What happened, after "<name> in <environment> — " in the title: `rollout of 1.3.0 failed`. */
  summary: string;
  failingChecks: IncidentCheck[];
  /** The figures, one row per figure: its name, then a value per column (`candidate`, `stable`). */
  figures?: { columns: string[]; rows: { name: string; values: (number | undefined)[] }[] };
  /** The rollout's steps, oldest first. */
  steps?: IncidentStep[];
  /** The figure each step carries (`error_rate`). */
  keyFigure?: string;
  runUrl?: string;
  deploymentUrl?: string;
}

export interface Incident {
  /** The issue number on GitHub, the incident's number in the local log. */
  id: string;
  url: string;
  title: string;
}

export interface IncidentResult {
  /**
   * `opened` a new incident, `commented` on the open one, `closed` it; `none`: no open incident to comment on
   * or close; `skipped`: the tracker may not write (a token without `issues: write`), said in `notice`.
   */
  action: "opened" | "commented" | "closed" | "none" | "skipped";
  incident?: Incident;
  /** Why nothing was written (`skipped`), for the caller to show; never thrown. */
  notice?: string;
}

export interface IncidentTracker {
  /** `github:owner/repo` or `local:<dir>`. */
  readonly describe: string;
  /** The open incident of this model, environment and kind. */
  find(key: IncidentKey): Promise<Incident | undefined>;
  /** Opens the incident, or comments on the open one (a new breach). */
  openOrUpdate(report: IncidentReport): Promise<IncidentResult>;
  /** Comments on the open incident (a rollback, a later deployment); `none` when there is none. */
  comment(key: IncidentKey, markdown: string): Promise<IncidentResult>;
  /** Closes the open incident with a comment (the next healthy rollout); `none` when there is none. */
  close(key: IncidentKey, markdown: string): Promise<IncidentResult>;
}

/** The labels of every incident issue. */
export const INCIDENT_LABELS = ["mlship", "incident"] as const;

/** The hidden marker the incident's body carries on a line of its own. */
export function incidentMarker(key: IncidentKey): string {
  checkModelName(key.name);
  checkEnvironment(key.environment);
  return `<!-- mlship:incident:${key.name}:${key.environment}:${key.kind} -->`;
}

export function incidentTitle(report: IncidentReport): string {
  return `mlship: ${report.name} in ${report.environment} — ${report.summary.replace(/[\r\n]+/g, " ")}`;
}

/** The body: the marker, then the report. */
export function incidentBody(report: IncidentReport): string {
  return `${incidentMarker(report)}\n${incidentMarkdown(report, "opened")}`;
}

/** A report as markdown: `opened` for the body, `again` for the comment a new breach adds. */
export function incidentMarkdown(report: IncidentReport, as: "opened" | "again"): string {
  const heading = `${as === "again" ? "Again: " : ""}${report.name} in ${report.environment} — ${report.summary}`;
  const checks = report.failingChecks.map(
    (c) => `- ${c.verdict === "fail" ? "❌" : "❔"} ${codeSpan(c.rule)}: ${escapeMarkdown(c.reason)}`,
  );
  const parts = [
    `### ❌ ${escapeMarkdown(heading)}`,
    checks.length ? `**Failing checks**\n\n${checks.join("\n")}` : "",
    figuresTable(report),
    stepChart(report),
    links(report),
  ];
  return `${parts.filter(Boolean).join("\n\n")}\n`;
}

function figuresTable(report: IncidentReport): string {
  const figures = report.figures;
  if (!figures || figures.rows.length === 0) return "";
  const columns = figures.columns.length;
  return `**Figures**\n\n${markdownTable(
    ["figure", ...figures.columns],
    figures.rows.map((row) => [
      row.name,
      ...Array.from({ length: columns }, (_, i) => {
        const value = row.values[i];
        return value === undefined || !Number.isFinite(value) ? "—" : formatNumber(value);
      }),
    ]),
    Array.from({ length: columns }, (_, i) => i + 1),
  )}`;
}

const STEP_CLASS = { pass: "pass", fail: "fail", inconclusive: "wait" } as const;

/** A flowchart of the steps, each with its weight, its verdict and the key figure (GitHub renders mermaid). */
function stepChart(report: IncidentReport): string {
  const steps = report.steps ?? [];
  if (steps.length === 0) return "";
  const figureName = report.keyFigure ? mermaidText(report.keyFigure) : undefined;
  const nodes = steps.map((step, i) => {
    const figure =
      figureName && step.figure !== undefined && Number.isFinite(step.figure)
        ? `<br/>${figureName} ${formatNumber(step.figure)}`
        : "";
    return `  s${i}["${i + 1}: ${formatNumber(step.weight)}%<br/>${step.verdict}${figure}"]:::${STEP_CLASS[step.verdict]}`;
  });
  const edges = steps.slice(1).map((_, i) => `  s${i} --> s${i + 1}`);
  return [
    "**Steps**",
    "",
    "```mermaid",
    "flowchart LR",
    ...nodes,
    ...edges,
    "  classDef pass fill:#dafbe1,stroke:#1a7f37",
    "  classDef fail fill:#ffebe9,stroke:#cf222e",
    "  classDef wait fill:#fff8c5,stroke:#9a6700",
    "```",
  ].join("\n");
}

function links(report: IncidentReport): string {
  const list = [
    report.runUrl ? `[the run](${linkTarget(report.runUrl)})` : "",
    report.deploymentUrl ? `[the deployment](${linkTarget(report.deploymentUrl)})` : "",
  ].filter(Boolean);
  return list.length ? `Links: ${list.join(" · ")}` : "";
}

/** A URL as a link target: http(s) only, with the characters that would end the link encoded. */
function linkTarget(url: string): string {
  if (!/^https?:\/\//i.test(url)) return "#";
  return url.replace(
    /[\s()<>[\]]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}`,
  );
}
