/**
 * The verdict of an A/B rollout (docs/design.md, "Rollouts"): the outcome metric of each arm from
 * feedback (the true labels sent back to the server), compared by a two-sided two-sample test at the
 * configured confidence (src/metrics/two-sample.ts):
 * - `accuracy` (classifiers): the two-proportion z-test on right/wrong rows;
 * - `mae` (regressors): Welch's t-test on the rows' absolute errors, whose mean is the MAE and whose
 *   variance is MSE − MAE² (times n/(n − 1)): both come with the server's online metrics.
 * Fewer than `minLabelled` labelled rows on an arm is `inconclusive`, never a verdict.
 */
import type { AB_METRICS } from "../config/sections/deploy.js";
import { formatNumber } from "../lib/format-number.js";
import { type TwoSampleResult, twoProportionZTest, welchTTest } from "../metrics/two-sample.js";
import type { ArmFigures, Figures } from "./metrics-source.js";

export type AbMetric = (typeof AB_METRICS)[number];
export type AbVerdict = "candidate better" | "stable better" | "no difference" | "inconclusive";

export interface AbSettings {
  /** Undefined: accuracy for classifiers, mae for regressors. */
  metric?: AbMetric;
  /** e.g. 0.95: the test decides when p < 1 − confidence. */
  confidence: number;
  /** Labelled rows each arm needs before the test decides. */
  minLabelled: number;
}

export interface AbArm {
  version: string;
  requests: number | undefined;
  /** Labelled rows (feedback) in the window. */
  labelled: number;
  /** The metric on them; undefined without any. */
  value: number | undefined;
}

export interface AbOutcome {
  metric: AbMetric | undefined;
  confidence: number;
  minLabelled: number;
  stable: AbArm;
  candidate: AbArm;
  test?: TwoSampleResult;
  verdict: AbVerdict;
  /** One line: the figures and why this verdict. */
  reason: string;
}

/** Judges the arms' figures; `inconclusive` while either arm lacks feedback or the metric. */
export function abVerdict(figures: Figures, settings: AbSettings): AbOutcome {
  const stableFigures = figures.arms.stable;
  const candidateFigures = figures.arms.candidate;
  const task = candidateFigures?.online?.task ?? stableFigures?.online?.task;
  const metric =
    settings.metric ?? (task === undefined ? undefined : task === "regression" ? "mae" : "accuracy");
  const stable = armOf(stableFigures, metric);
  const candidate = armOf(candidateFigures, metric);
  const base = {
    metric,
    confidence: settings.confidence,
    minLabelled: settings.minLabelled,
    stable,
    candidate,
  };
  const figuresText = `${metric ?? "outcome"} ${value(candidate)} (candidate ${candidate.version}, ${candidate.labelled} labelled) vs ${value(stable)} (stable ${stable.version}, ${stable.labelled} labelled)`;
  const short = [stable, candidate].filter((arm) => arm.labelled < settings.minLabelled);
  if (metric === undefined || short.length > 0) {
    const why =
      short.length > 0
        ? `too little feedback: ${short.map((arm) => `${arm.version} has ${arm.labelled} labelled rows`).join(", ")}; ${settings.minLabelled} per arm needed (deploy.ab.min_labelled)`
        : "no feedback yet";
    return { ...base, verdict: "inconclusive", reason: `${figuresText}: ${why}` };
  }
  const test = twoSample(metric, stableFigures as ArmFigures, candidateFigures as ArmFigures);
  if (test === undefined || Number.isNaN(test.pValue)) {
    return {
      ...base,
      verdict: "inconclusive",
      reason: `${figuresText}: the ${metric} of an arm is not known (its online metrics lack ${metric === "mae" ? "mae or mse" : "accuracy"})`,
    };
  }
  const alpha = 1 - settings.confidence;
  const better = metric === "mae" ? "lower" : "higher";
  const candidateAhead =
    metric === "mae"
      ? (candidate.value as number) < (stable.value as number)
      : (candidate.value as number) > (stable.value as number);
  const verdict: AbVerdict =
    test.pValue >= alpha ? "no difference" : candidateAhead ? "candidate better" : "stable better";
  const decided = `${test.test} p = ${formatNumber(test.pValue)} ${test.pValue < alpha ? "<" : "≥"} ${formatNumber(alpha)} (confidence ${formatNumber(settings.confidence)}; ${better} is better)`;
  return { ...base, test, verdict, reason: `${figuresText}: ${decided}` };
}

function armOf(figures: ArmFigures | undefined, metric: AbMetric | undefined): AbArm {
  const online = figures?.online;
  return {
    version: figures?.version ?? "?",
    requests: figures?.requests,
    labelled: online ? (online.scored ?? online.labelled) : 0,
    value: metric === undefined ? undefined : online?.metrics[metric],
  };
}

const value = (arm: AbArm) => (arm.value === undefined ? "—" : formatNumber(arm.value));

/**
 * The test of the candidate against stable (a = candidate, b = stable); undefined when a figure it
 * needs is missing.
 */
function twoSample(metric: AbMetric, stable: ArmFigures, candidate: ArmFigures): TwoSampleResult | undefined {
  const a = candidate.online;
  const b = stable.online;
  if (!a || !b) return undefined;
  const nA = a.scored ?? a.labelled;
  const nB = b.scored ?? b.labelled;
  if (metric === "accuracy") {
    const [accA, accB] = [a.metrics.accuracy, b.metrics.accuracy];
    if (accA === undefined || accB === undefined) return undefined;
    // Right rows are whole: accuracy × n rounds back to their count.
    return twoProportionZTest(Math.round(accA * nA), nA, Math.round(accB * nB), nB);
  }
  const summary = (m: Record<string, number | undefined>, n: number) => {
    if (m.mae === undefined || m.mse === undefined) return undefined;
    // The rows' absolute errors: mean MAE, population variance MSE − MAE², sample variance × n/(n − 1).
    const variance = Math.max(0, m.mse - m.mae * m.mae) * (n / (n - 1));
    return { mean: m.mae, std: Math.sqrt(variance), n };
  };
  const [sa, sb] = [summary(a.metrics, nA), summary(b.metrics, nB)];
  return sa && sb ? welchTTest(sa, sb) : undefined;
}
