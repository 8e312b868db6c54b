/**
 * The analysis of a rollout step (docs/design.md, "Rollouts"): checks in the gate's rule grammar
 * (src/lib/rule-grammar.ts) whose bound is a number or an expression of `stable` — the stable arm's
 * same figure over the same window — judged on a {@link Figures} snapshot of a metrics source.
 *
 * A check is `pass`, `fail` or `inconclusive`. Inconclusive, never pass: its figure is missing or NaN,
 * or the arm it is read on (the candidate, and stable for a bound of `stable` or a drift between them)
 * answered fewer than `minRequests` requests, or a feedback metric has fewer labelled rows than that.
 * The verdict of a step: any fail → fail; else any inconclusive → inconclusive; else pass.
 */
import { columnDrift, driftAgainstReference } from "../data/drift/column-drift.js";
import { jensenShannonCategorical, psiCategorical } from "../data/drift/drift-tests.js";
import type { DataProfile } from "../data/profile/profile.js";
import { MlshipError } from "../lib/errors.js";
import { formatNumber } from "../lib/format-number.js";
import { boundOf, holds, parseRuleIn, type Rule, type RuleDialect } from "../lib/rule-grammar.js";
import type { SettingSource } from "../lib/setting-source.js";
import { METRIC_NAMES } from "../metrics/metrics.js";
import type { ArmFigures, Figures, ScoreHistogram } from "./metrics-source.js";

/** A rollout check: its bound is a number or an expression of `stable`. */
export type Check = Rule<"stable">;

/** The rollouts' dialect of the rule grammar. */
export const ROLLOUT_CHECKS: RuleDialect<"stable"> = {
  reference: "stable",
  example: "error_rate <= stable + 0.01",
  code: "bad_check",
};

/** The live figures a check may name, besides the task's metrics from feedback. */
export const LIVE_CHECKS = [
  "error_rate",
  "latency_p50_ms",
  "latency_p99_ms",
  "requests",
  "prediction_psi",
  "prediction_js",
  "input_drift_share",
] as const;
type LiveCheck = (typeof LIVE_CHECKS)[number];

/** Figures comparing the candidate with stable (or a reference) already: bounded by a number only. */
const COMPARISONS: ReadonlySet<string> = new Set(["prediction_psi", "prediction_js"]);

/** The checks of a rollout that configures none (`--check` and `deploy.checks` both absent). */
export const DEFAULT_CHECKS: readonly string[] = [
  "error_rate <= stable + 0.01",
  "latency_p99_ms <= stable * 1.5",
  "prediction_psi < 0.2",
];

/** Where a check's text came from, as messages name it: `--check`, `mlship.yml:12 (deploy.checks[2])`, `default`. */
export interface CheckText {
  text: string;
  source: string;
}

export type Task = keyof typeof METRIC_NAMES;

/**
 * The checks listed in mlship.yml at `key` (`deploy.checks`, `monitor.checks`), each with its source as
 * messages name it: `mlship.yml:12 (deploy.checks[2])` (without the line when it is not known).
 */
export function configuredChecks(
  texts: readonly string[],
  where: (key: string) => SettingSource,
  key = "deploy.checks",
): CheckText[] {
  return texts.map((text, i) => {
    const source = where(`${key}.${i}`);
    const place =
      source.kind === "config" ? `${source.file}${source.line ? `:${source.line}` : ""}` : "mlship.yml";
    return { text, source: `${place} (${key}[${i}])` };
  });
}

/**
 * Reads checks: `texts`, or {@link DEFAULT_CHECKS} (source `default`) when there are none. Each names
 * a live figure or, when `task` is known, one of the task's metrics (any task's without it).
 * @throws MlshipError (exit 2) naming the rule and its source: `bad_check` for a rule that cannot be read
 * or a comparison bounded by `stable`, `unknown_metric` for a name that is no check.
 */
export function parseChecks(texts: readonly CheckText[], task?: Task): Check[] {
  const given = texts.length > 0 ? texts : DEFAULT_CHECKS.map((text) => ({ text, source: "default" }));
  const known = checkNames(task);
  return given.map(({ text, source }) => {
    const check = parseRuleIn(ROLLOUT_CHECKS, text, source);
    if (!known.includes(check.metric)) {
      throw new MlshipError(
        "unknown_metric",
        `${source}: ${JSON.stringify(check.text)}: ${JSON.stringify(check.metric)} is not a rollout check; known: ${known.join(", ")}`,
      );
    }
    if (COMPARISONS.has(check.metric) && check.bound.kind === "stable") {
      throw new MlshipError(
        "bad_check",
        `${source}: ${JSON.stringify(check.text)}: ${check.metric} compares the candidate with stable already; bound it by a number (e.g. "${check.metric} < 0.2")`,
      );
    }
    return check;
  });
}

/** The names a check may use: the live figures, then the task's metrics (every task's without one). */
export function checkNames(task?: Task): string[] {
  const metrics = task ? METRIC_NAMES[task] : Object.values(METRIC_NAMES).flat();
  return [...new Set<string>([...LIVE_CHECKS, ...metrics])];
}

export type CheckVerdict = "pass" | "fail" | "inconclusive";

export interface CheckResult {
  rule: string;
  /** Where the rule came from (`--check`, `mlship.yml:12 (deploy.checks[2])`, `default`). */
  source: string | undefined;
  metric: string;
  /** The candidate's figure; null when there is none. */
  value: number | null;
  /** The bound the figure was held to; null when it could not be computed. */
  bound: number | null;
  verdict: CheckVerdict;
  /** Why, in words a reviewer reads. */
  reason: string;
}

export interface AnalysisResult {
  verdict: CheckVerdict;
  checks: CheckResult[];
}

export interface AnalysisOptions {
  /** Fewer requests (or labelled rows, for a feedback metric) than this: inconclusive. Default 50. */
  minRequests?: number;
  /** The arm held to the checks: `candidate` (default), or `shadow` for a shadow rollout. */
  arm?: "candidate" | "shadow";
  /** The release's reference profile (its `profile.json`), for `input_drift_share`. */
  reference?: DataProfile;
}

export const DEFAULT_MIN_REQUESTS = 50;

/** Judges every check on `figures`. Pure: no I/O. */
export function analyse(
  checks: readonly Check[],
  figures: Figures,
  options: AnalysisOptions = {},
): AnalysisResult {
  const context: Context = {
    figures,
    minRequests: options.minRequests ?? DEFAULT_MIN_REQUESTS,
    arm: options.arm ?? "candidate",
    reference: options.reference,
    cache: new Map(),
  };
  const results = checks.map((check) => judge(check, context));
  const verdict = results.some((r) => r.verdict === "fail")
    ? "fail"
    : results.some((r) => r.verdict === "inconclusive")
      ? "inconclusive"
      : "pass";
  return { verdict, checks: results };
}

/** One line for a status or a log: `4/4 checks passed`, `1 of 3 checks failed: error_rate …`. */
export function describeAnalysis(result: AnalysisResult): string {
  const n = result.checks.length;
  const of = (verdict: CheckVerdict) => result.checks.filter((c) => c.verdict === verdict);
  if (result.verdict === "pass") return `${n}/${n} checks passed`;
  const named = of(result.verdict)
    .map((c) => c.rule)
    .join("; ");
  return `${of(result.verdict).length} of ${n} checks ${result.verdict === "fail" ? "failed" : "inconclusive"}: ${named}`;
}

interface Context {
  figures: Figures;
  minRequests: number;
  arm: "candidate" | "shadow";
  reference: DataProfile | undefined;
  /** Figures computed once per analysis (the drift of the outputs), by name. */
  cache: Map<string, Figure>;
}

/** A figure, or why there is none. */
type Figure = { value: number } | { missing: string };

function judge(check: Check, context: Context): CheckResult {
  const result = (verdict: CheckVerdict, reason: string, value?: number, bound?: number): CheckResult => ({
    rule: check.text,
    source: check.source,
    metric: check.metric,
    value: value ?? null,
    bound: bound ?? null,
    verdict,
    reason,
  });
  const figure = candidateFigure(check.metric, context);
  if ("missing" in figure) return result("inconclusive", figure.missing);
  const { value } = figure;
  if (check.bound.kind === "number") {
    const bound = boundOf(check, 0);
    const ok = holds(check.op, value, bound);
    return result(
      ok ? "pass" : "fail",
      `${formatNumber(value)} ${ok ? "" : "not "}${check.op} ${formatNumber(bound)}`,
      value,
      bound,
    );
  }
  const stable = armFigure(check.metric, "stable", context);
  if ("missing" in stable) return result("inconclusive", `no bound: ${stable.missing}`, value);
  const bound = boundOf(check, stable.value);
  const ok = holds(check.op, value, bound);
  return result(
    ok ? "pass" : "fail",
    `${formatNumber(value)} ${ok ? "" : "not "}${check.op} ${formatNumber(bound)} (stable ${formatNumber(stable.value)})`,
    value,
    bound,
  );
}

function candidateFigure(metric: string, context: Context): Figure {
  if (metric === "prediction_psi" || metric === "prediction_js") {
    const key = metric;
    const known = context.cache.get(key);
    if (known) return known;
    const figure = outputDrift(metric === "prediction_psi" ? "psi" : "jensenshannon", context);
    context.cache.set(key, figure);
    return figure;
  }
  return armFigure(metric, context.arm, context);
}

/** The figure `metric` of one arm, or why there is none (no arm, too few requests, not given, NaN). */
function armFigure(metric: string, arm: "stable" | "candidate" | "shadow", context: Context): Figure {
  const figures = context.figures.arms[arm];
  if (!figures) return { missing: `the figures have no ${arm} arm` };
  const name = `${arm} ${figures.version}`;
  if (metric === "requests") {
    return figures.requests === undefined
      ? { missing: `${context.figures.source} gives no request count of ${name}` }
      : { value: figures.requests };
  }
  const tooFew = tooFewRequests(figures, context);
  if (tooFew) return { missing: tooFew };
  if (metric === "input_drift_share") return inputDriftShare(figures, context.reference);
  if ((LIVE_CHECKS as readonly string[]).includes(metric))
    return liveFigure(metric as LiveCheck, figures, context);
  return onlineFigure(metric, figures, context);
}

function tooFewRequests(figures: ArmFigures, context: Context): string | undefined {
  const name = `${figures.arm} ${figures.version}`;
  if (figures.requests === undefined) return `${context.figures.source} gives no request count of ${name}`;
  if (figures.requests < context.minRequests) {
    return `${name} answered ${formatNumber(figures.requests)} requests in the window, fewer than the ${context.minRequests} analysis.min_requests asks for`;
  }
  return undefined;
}

function liveFigure(metric: LiveCheck, figures: ArmFigures, context: Context): Figure {
  const value =
    metric === "error_rate"
      ? figures.errorRate
      : metric === "latency_p50_ms"
        ? figures.latencyP50Ms
        : metric === "latency_p99_ms"
          ? figures.latencyP99Ms
          : undefined;
  const name = `${figures.arm} ${figures.version}`;
  return defined(
    value,
    `${context.figures.source} gives no ${metric} of ${name}`,
    `${metric} of ${name} is NaN`,
  );
}

function onlineFigure(metric: string, figures: ArmFigures, context: Context): Figure {
  const name = `${figures.arm} ${figures.version}`;
  const online = figures.online;
  if (!online) return { missing: `no feedback (labels) came back for ${name} in the window` };
  if (online.labelled < context.minRequests) {
    return {
      missing: `${online.labelled} labelled rows of ${name} in the window, fewer than the ${context.minRequests} analysis.min_requests asks for`,
    };
  }
  if (!Object.hasOwn(online.metrics, metric))
    return { missing: `the ${online.task} metrics from feedback have no ${metric}` };
  const undefinedHere = `${metric} is undefined on the labelled rows of ${name} (NaN)`;
  return defined(online.metrics[metric], undefinedHere, undefinedHere);
}

/** `value` as a figure: undefined is `absent`, NaN (or infinite) `notANumber`. */
function defined(value: number | undefined, absent: string, notANumber: string): Figure {
  if (value === undefined) return { missing: absent };
  return Number.isFinite(value) ? { value } : { missing: notANumber };
}

/**
 * The drift of the candidate's outputs against stable's, by PSI or Jensen–Shannon (src/data/drift, as
 * Evidently computes them): the largest over the score columns both output profiles hold
 * (`probability_<class>` of a classifier, `value` of a regressor), else over the classes of both
 * score histograms (Prometheus: each bucket a category).
 */
function outputDrift(test: "psi" | "jensenshannon", context: Context): Figure {
  const candidate = context.figures.arms[context.arm];
  const stable = context.figures.arms.stable;
  if (!candidate) return { missing: `the figures have no ${context.arm} arm` };
  if (!stable) return { missing: "the figures have no stable arm to compare the outputs with" };
  const tooFew = tooFewRequests(candidate, context) ?? tooFewRequests(stable, context);
  if (tooFew) return { missing: tooFew };
  if (candidate.outputProfile && stable.outputProfile)
    return profileDrift(test, stable.outputProfile, candidate.outputProfile);
  if (candidate.scoreHistograms && stable.scoreHistograms)
    return histogramDrift(test, stable.scoreHistograms, candidate.scoreHistograms);
  return { missing: `${context.figures.source} gives no output distribution of both arms` };
}

function profileDrift(test: "psi" | "jensenshannon", stable: DataProfile, candidate: DataProfile): Figure {
  const scores = (column: { name: string }) =>
    column.name === "value" || column.name.startsWith("probability_");
  let largest: number | undefined;
  for (const current of candidate.columns.filter(scores)) {
    const reference = stable.columns.find((c) => c.name === current.name);
    if (!reference) continue;
    const result = columnDrift({ reference, current, referenceRows: stable.rows, settings: { test } });
    if (result && Number.isFinite(result.statistic)) largest = Math.max(largest ?? 0, result.statistic);
  }
  return largest === undefined
    ? { missing: "the output profiles of the arms share no score column (probability_<class> or value)" }
    : { value: largest };
}

function histogramDrift(
  test: "psi" | "jensenshannon",
  stable: ScoreHistogram[],
  candidate: ScoreHistogram[],
): Figure {
  const statistic = test === "psi" ? psiCategorical : jensenShannonCategorical;
  const counts = (h: ScoreHistogram) => new Map(h.upperBounds.map((le, i) => [String(le), h.counts[i]]));
  let largest: number | undefined;
  for (const current of candidate) {
    const reference = stable.find((h) => h.class === current.class);
    if (!reference) continue;
    const value = statistic(counts(reference), counts(current));
    if (Number.isFinite(value)) largest = Math.max(largest ?? 0, value);
  }
  return largest === undefined
    ? { missing: "the score histograms of the arms share no class" }
    : { value: largest };
}

/**
 * The share of the candidate's input features that drifted from the release's reference profile, by
 * the tests `mlship validate --reference` runs (each column's default test and threshold).
 */
function inputDriftShare(figures: ArmFigures, reference: DataProfile | undefined): Figure {
  if (!reference)
    return { missing: "no reference profile (the release's profile.json) to compare the inputs with" };
  const inputs = figures.inputProfile;
  if (!inputs)
    return {
      missing: `no input profile of ${figures.arm} ${figures.version} (the server's stats give one; Prometheus does not)`,
    };
  const { share } = driftAgainstReference(reference, inputs);
  return share === undefined
    ? { missing: "the inputs share no numeric or categorical column with the reference profile" }
    : { value: share };
}
