/**
 * Metrics of hard predictions, each a function of the confusion matrix
 * (rows = true class, columns = predicted class). Definitions and edge cases
 * follow scikit-learn 1.2: a ratio whose denominator is 0 is 0 (its default
 * `zero_division="warn"` returns 0).
 */
import { type ConfusionMatrix, predictedCounts, presentClasses, trueCounts } from "./confusion-matrix.js";

/** Precision, recall, F1 and support of one class. */
export interface ClassScores {
  /** The class index. */
  class: number;
  /** tp / (tp + fp); 0 when the class is never predicted. */
  precision: number;
  /** tp / (tp + fn); 0 when the class never occurs. */
  recall: number;
  /** 2·precision·recall / (precision + recall); 0 when both are 0. */
  f1: number;
  /** Number of rows whose true class is this one. */
  support: number;
}

function divideOrZero(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function total(matrix: ConfusionMatrix): number {
  return trueCounts(matrix).reduce((sum, count) => sum + count, 0);
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

/** Accuracy: the fraction of rows whose predicted class is the true class, trace / n. */
export function accuracy(matrix: ConfusionMatrix): number {
  const correct = matrix.reduce((sum, row, c) => sum + row[c], 0);
  return correct / total(matrix);
}

/**
 * Balanced accuracy: the mean over classes of recall, tp_c / (tp_c + fn_c), taken
 * over the classes that occur in y_true (`balanced_accuracy_score`, adjusted=False).
 */
export function balancedAccuracy(matrix: ConfusionMatrix): number {
  const support = trueCounts(matrix);
  const recalls = matrix.flatMap((row, c) => (support[c] > 0 ? [row[c] / support[c]] : []));
  return mean(recalls);
}

/**
 * Precision, recall and F1 of every class 0..K-1
 * (`precision_recall_fscore_support(labels=range(K), average=None)`).
 */
export function classScores(matrix: ConfusionMatrix): ClassScores[] {
  const support = trueCounts(matrix);
  const predicted = predictedCounts(matrix);
  return matrix.map((row, c) => {
    const precision = divideOrZero(row[c], predicted[c]);
    const recall = divideOrZero(row[c], support[c]);
    // scikit-learn's form (denominator 0 replaced by 1), not 2tp/(2tp+fp+fn): same value, same rounding.
    const denominator = precision + recall;
    const f1 = (2 * precision * recall) / (denominator === 0 ? 1 : denominator);
    return { class: c, precision, recall, f1, support: support[c] };
  });
}

type ScoreName = "precision" | "recall" | "f1";

/**
 * Macro average: the unweighted mean of a per-class score over the classes present
 * in y_true or y_pred (`average="macro"` with scikit-learn's default labels).
 */
export function macroAverage(matrix: ConfusionMatrix, score: ScoreName): number {
  const scores = classScores(matrix);
  return mean(presentClasses(matrix).map((c) => scores[c][score]));
}

/**
 * Weighted average: the mean of a per-class score weighted by each class's support
 * (`average="weighted"`).
 */
export function weightedAverage(matrix: ConfusionMatrix, score: ScoreName): number {
  const scores = classScores(matrix);
  const support = scores.reduce((sum, s) => sum + s.support, 0);
  if (support === 0) return 0;
  return scores.reduce((sum, s) => sum + s[score] * s.support, 0) / support;
}

/**
 * Matthews correlation coefficient, in its multiclass form (Gorodkin's R_K):
 * (c·s − Σ p_k t_k) / √((s² − Σ p_k²)(s² − Σ t_k²)) with c correct rows, s rows,
 * t_k true and p_k predicted counts of class k; 0 when either variance is 0.
 */
export function matthewsCorrcoef(matrix: ConfusionMatrix): number {
  const t = trueCounts(matrix);
  const p = predictedCounts(matrix);
  const correct = matrix.reduce((sum, row, c) => sum + row[c], 0);
  const n = p.reduce((sum, count) => sum + count, 0);
  const dot = (a: number[], b: number[]) => a.reduce((sum, value, k) => sum + value * b[k], 0);
  const covTruePred = correct * n - dot(t, p);
  const covPredPred = n * n - dot(p, p);
  const covTrueTrue = n * n - dot(t, t);
  if (covPredPred * covTrueTrue === 0) return 0;
  return covTruePred / Math.sqrt(covTrueTrue * covPredPred);
}
