/** The gate step: the rules checked against the metrics this evaluation computes, then judged. */

import { METRIC_NAMES } from "../../metrics/metrics.js";
import type { EvaluateSettings, EvaluationReport } from "../evaluation-report.js";
import { checkRuleMetrics, evaluateGate, type GateResult, type RuleInputs } from "../gate-rules.js";
import { FAIRNESS_METRICS } from "./fairness.js";
import { SERVING_METRICS } from "./serving.js";

/** Gate rules name metrics this evaluation computes: the task's, the serving figures, fairness with --sensitive. */
export function checkGateMetrics(
  settings: Pick<EvaluateSettings, "rules" | "sensitive">,
  task: EvaluationReport["task"],
): void {
  const fairness = task === "binary" && settings.sensitive.length > 0;
  const known = [...METRIC_NAMES[task], ...SERVING_METRICS, ...(fairness ? FAIRNESS_METRICS : [])];
  const why =
    task === "binary"
      ? "is a fairness figure: it needs a sensitive column (--sensitive in mlship evaluate, the evaluate-gate action's sensitive input, or gate.sensitive in mlship.yml)"
      : `is a fairness figure of binary classifiers; this is ${task === "regression" ? "a regression model" : "a multiclass classifier"}`;
  const unavailable = new Map(fairness ? [] : FAIRNESS_METRICS.map((name) => [name, why]));
  const what = task === "regression" ? "a regression model" : `a ${task} classifier`;
  checkRuleMetrics(settings.rules, known, what, unavailable);
}

export interface GateFigures {
  candidate: Record<string, number>;
  baseline?: Record<string, number>;
  noBaselineReason?: string;
  replicates: NonNullable<RuleInputs["replicates"]>;
  rows: number;
}

/** The verdict: the bootstrap replicates decide rules against the baseline only when a confidence is set. */
export function gateVerdict(
  settings: Pick<EvaluateSettings, "rules" | "confidence" | "minRows" | "inconclusive">,
  figures: GateFigures,
): GateResult {
  return evaluateGate(
    settings.rules,
    {
      candidate: figures.candidate,
      baseline: figures.baseline,
      noBaselineReason: figures.noBaselineReason ?? "there is no baseline",
      replicates: settings.confidence !== undefined ? figures.replicates : undefined,
      confidence: settings.confidence,
      rows: figures.rows,
      minRows: settings.minRows,
    },
    settings.inconclusive,
  );
}
