/**
 * The classifier's tables and curves for the report: per-class scores, confusion matrices,
 * calibration, DeLong's intervals of ROC AUC and the ROC curve at fixed false-positive rates.
 */

import { delongAuc, delongDifference } from "../../metrics/delong.js";
import type { MetricsResult } from "../../metrics/metrics.js";
import type { EvaluationReport } from "../evaluation-report.js";
import { calibration, type PredictionSet, rocAt } from "../predictions.js";

const ROC_FPRS = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1];

export type ClassificationFigures = Pick<
  EvaluationReport,
  "perClass" | "confusionMatrix" | "calibration" | "delong" | "roc"
>;

export function classificationFigures(
  candidate: { set: PredictionSet; result: MetricsResult },
  baseline: { set: PredictionSet; result: MetricsResult } | undefined,
  classes: string[],
  confidence: number,
): ClassificationFigures {
  const { set, result } = candidate;
  const baselineSet = baseline?.set;
  return {
    perClass: result.perClass?.map((c) => ({
      class: classes[c.class],
      precision: c.precision,
      recall: c.recall,
      f1: c.f1,
      support: c.support,
    })),
    confusionMatrix: result.confusionMatrix
      ? { candidate: result.confusionMatrix, baseline: baseline?.result.confusionMatrix }
      : undefined,
    calibration:
      set.task !== "regression"
        ? {
            candidate: calibration(set),
            baseline: baselineSet && baselineSet.task !== "regression" ? calibration(baselineSet) : undefined,
          }
        : undefined,
    delong:
      set.task === "binary"
        ? {
            candidate: delongAuc(set.yTrue, set.scores, confidence),
            baseline:
              baselineSet?.task === "binary"
                ? delongAuc(set.yTrue, baselineSet.scores, confidence)
                : undefined,
            difference:
              baselineSet?.task === "binary"
                ? delongDifference(set.yTrue, set.scores, baselineSet.scores, confidence)
                : undefined,
          }
        : undefined,
    roc:
      set.task === "binary"
        ? {
            fpr: ROC_FPRS,
            candidate: rocAt(set, ROC_FPRS),
            baseline: baselineSet?.task === "binary" ? rocAt(baselineSet, ROC_FPRS) : undefined,
          }
        : undefined,
  };
}
