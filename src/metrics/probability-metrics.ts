/**
 * Metrics of predicted probabilities (proper scoring rules), as scikit-learn 1.2
 * computes them.
 */
import type { ClassLabels } from "./confusion-matrix.js";
import type { ProbabilityMatrix } from "./probability-matrix.js";

/** Probabilities are clipped to [ε, 1 − ε] with ε = the float64 machine epsilon (`eps="auto"`). */
const EPSILON = 2 ** -52;

/** A probability kept inside (0, 1) as scikit-learn clips it for log_loss. */
export function clipProbability(probability: number): number {
  return Math.min(Math.max(probability, EPSILON), 1 - EPSILON);
}

/**
 * Log loss (cross-entropy) of a binary classifier: −(1/n) Σ log p_i(y_i), where
 * p_i(1) is the score clipped to [ε, 1 − ε], p_i(0) = 1 − p_i(1), and the pair is
 * renormalised to sum to 1 as scikit-learn does (`log_loss(y_true, scores, labels=[0, 1])`).
 */
export function binaryLogLoss(yTrue: ClassLabels, scores: ArrayLike<number>): number {
  let loss = 0;
  for (let i = 0; i < yTrue.length; i++) {
    const positive = clipProbability(scores[i]);
    const negative = 1 - positive;
    const rowSum = negative + positive;
    loss -= Math.log((yTrue[i] === 1 ? positive : negative) / rowSum);
  }
  return loss / yTrue.length;
}

/**
 * Log loss (cross-entropy) of a multiclass classifier: −(1/n) Σ log p_i(y_i), each
 * row clipped to [ε, 1 − ε] and renormalised to sum to 1
 * (`log_loss(y_true, probabilities, labels=range(K))`).
 */
export function multiclassLogLoss(yTrue: ClassLabels, probabilities: ProbabilityMatrix): number {
  const { values, classes } = probabilities;
  let loss = 0;
  for (let i = 0; i < yTrue.length; i++) {
    let rowSum = 0;
    for (let k = 0; k < classes; k++) rowSum += clipProbability(values[i * classes + k]);
    loss -= Math.log(clipProbability(values[i * classes + yTrue[i]]) / rowSum);
  }
  return loss / yTrue.length;
}

/** Brier score: the mean squared difference between the score and the 0/1 label, (1/n) Σ (s_i − y_i)². */
export function brierScore(yTrue: ClassLabels, scores: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < yTrue.length; i++) sum += (yTrue[i] - scores[i]) ** 2;
  return sum / yTrue.length;
}
