/**
 * The intervals step: a paired bootstrap over the stored predictions gives each metric's
 * interval, and — with a baseline — the interval of the difference candidate − baseline.
 */

import type { EvaluationReport, Interval } from "../evaluation-report.js";
import { percentileInterval } from "../gate-rules.js";
import { type BootstrapResult, type PredictionSet, pairedBootstrap } from "../predictions.js";

export interface IntervalInputs {
  candidate: { set: PredictionSet; metrics: Record<string, number> };
  baseline?: { set: PredictionSet; metrics: Record<string, number> };
  replicates: number;
  seed: number;
  confidence: number;
}

export interface Intervals {
  intervals: Record<string, Interval>;
  /** Null without a baseline. */
  delta: EvaluationReport["delta"];
  /** Each resample's values, which the gate judges rules on when a confidence is set. */
  replicates: BootstrapResult["values"];
}

export function bootstrapIntervals(inputs: IntervalInputs): Intervals {
  const { candidate, baseline, confidence } = inputs;
  const boot = pairedBootstrap(candidate.set, baseline?.set, inputs);
  const intervals: Record<string, Interval> = {};
  const delta: NonNullable<EvaluationReport["delta"]> = {};
  for (const [name, values] of Object.entries(boot.values)) {
    const [low, high] = percentileInterval(values.candidate, confidence);
    intervals[name] = { low, high };
    if (baseline && name in baseline.metrics) {
      const diff = values.candidate.map((c, b) => c - values.baseline[b]);
      const [dLow, dHigh] = percentileInterval(diff, confidence);
      delta[name] = {
        value: candidate.metrics[name] - baseline.metrics[name],
        interval: { low: dLow, high: dHigh },
      };
    }
  }
  return { intervals, delta: baseline ? delta : null, replicates: boot.values };
}
