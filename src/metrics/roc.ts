/**
 * Ranking metrics of scores: ROC AUC and average precision, computed from the
 * cumulative true/false positive counts at each distinct score threshold, as
 * scikit-learn's `_binary_clf_curve` does.
 */
import type { ClassLabels } from "./confusion-matrix.js";
import { classColumn, type ProbabilityMatrix } from "./probability-matrix.js";

/** True and false positives when predicting positive for every score ≥ each distinct threshold, high to low. */
interface ThresholdCounts {
  truePositives: number[];
  falsePositives: number[];
}

function thresholdCounts(isPositive: (i: number) => boolean, scores: ArrayLike<number>): ThresholdCounts {
  // Descending, ties in row order (a typed array sorts faster than a plain one).
  const order = Int32Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => scores[b] - scores[a] || a - b,
  );
  const truePositives: number[] = [];
  const falsePositives: number[] = [];
  let positives = 0;
  for (let rank = 0; rank < order.length; rank++) {
    if (isPositive(order[rank])) positives += 1;
    const lastOfTie = rank === order.length - 1 || scores[order[rank + 1]] !== scores[order[rank]];
    if (lastOfTie) {
      truePositives.push(positives);
      falsePositives.push(rank + 1 - positives);
    }
  }
  return { truePositives, falsePositives };
}

/** Area under the ROC curve by the trapezoidal rule; tied scores form one diagonal step (their ranks averaged). */
function rocAucOfCounts({ truePositives, falsePositives }: ThresholdCounts): number {
  const positives = truePositives[truePositives.length - 1];
  const negatives = falsePositives[falsePositives.length - 1];
  if (positives === 0 || negatives === 0) return Number.NaN;
  let area = 0;
  let previousFpr = 0;
  let previousTpr = 0;
  for (let k = 0; k < truePositives.length; k++) {
    const fpr = falsePositives[k] / negatives;
    const tpr = truePositives[k] / positives;
    area += ((fpr - previousFpr) * (tpr + previousTpr)) / 2;
    previousFpr = fpr;
    previousTpr = tpr;
  }
  return area;
}

/**
 * ROC AUC: area under the receiver operating characteristic curve (true positive
 * rate against false positive rate as the threshold falls), ties averaged
 * (`roc_auc_score`). NaN when y_true holds a single class, where scikit-learn raises.
 */
export function rocAuc(yTrue: ClassLabels, scores: ArrayLike<number>): number {
  return rocAucOfCounts(thresholdCounts((i) => yTrue[i] === 1, scores));
}

/**
 * Average precision: Σ_k (R_k − R_{k−1}) P_k over the distinct score thresholds
 * from high to low, with R_{−1} = 0: the step-wise area under the precision–recall
 * curve, without interpolation (`average_precision_score`). With no positive in
 * y_true recall is taken as 1 at every threshold, as scikit-learn does, giving 0.
 */
export function averagePrecision(yTrue: ClassLabels, scores: ArrayLike<number>): number {
  return averagePrecisionOfCounts(thresholdCounts((i) => yTrue[i] === 1, scores));
}

/** ROC AUC and average precision from one sort of the scores. */
export function rocAucAndAveragePrecision(
  yTrue: ClassLabels,
  scores: ArrayLike<number>,
): { rocAuc: number; averagePrecision: number } {
  const counts = thresholdCounts((i) => yTrue[i] === 1, scores);
  return { rocAuc: rocAucOfCounts(counts), averagePrecision: averagePrecisionOfCounts(counts) };
}

function averagePrecisionOfCounts({ truePositives, falsePositives }: ThresholdCounts): number {
  const positives = truePositives[truePositives.length - 1];
  let sum = 0;
  let previousRecall = 0;
  for (let k = 0; k < truePositives.length; k++) {
    const precision = truePositives[k] / (truePositives[k] + falsePositives[k]);
    const recall = positives === 0 ? 1 : truePositives[k] / positives;
    sum += (recall - previousRecall) * precision;
    previousRecall = recall;
  }
  return sum;
}

/**
 * One-vs-rest ROC AUC, macro averaged: the unweighted mean over classes k of the
 * ROC AUC of "class k against the rest" scored by column k
 * (`roc_auc_score(multi_class="ovr", average="macro")`). NaN when a class is absent
 * from y_true (or is all of it), where scikit-learn raises.
 */
export function rocAucOvr(yTrue: ClassLabels, probabilities: ProbabilityMatrix): number {
  let sum = 0;
  for (let k = 0; k < probabilities.classes; k++) {
    const counts = thresholdCounts((i) => yTrue[i] === k, classColumn(probabilities, k));
    sum += rocAucOfCounts(counts);
  }
  return sum / probabilities.classes;
}
