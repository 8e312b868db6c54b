/**
 * The binary metrics of a bootstrap resample, from how many times each row was
 * drawn, in O(n) per resample: the rows are sorted by score once, and every
 * resample reuses that order. A resample that draws row i c times counts it
 * c times, which gives exactly the metrics of the gathered rows (a test holds
 * this against computeMetrics on the gathered rows).
 */
import { accuracy, balancedAccuracy, classScores, matthewsCorrcoef } from "./classification-metrics.js";

const EPSILON = 2 ** -52;

export interface PreparedBinary {
  rows: number;
  yTrue: Int32Array;
  /** Row indices by descending score. */
  order: Int32Array;
  /** 1 where order[k] is the last row of its group of equal scores. */
  lastOfTie: Uint8Array;
  predictedPositive: Uint8Array;
  /** Each row's log-loss and Brier terms. */
  logLoss: Float64Array;
  brier: Float64Array;
}

export function prepareBinary(yTrue: Int32Array, scores: Float64Array): PreparedBinary {
  const n = yTrue.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const lastOfTie = new Uint8Array(n);
  for (let k = 0; k < n; k++) lastOfTie[k] = k === n - 1 || scores[order[k + 1]] !== scores[order[k]] ? 1 : 0;
  const predictedPositive = Uint8Array.from(scores, (s) => (s > 0.5 ? 1 : 0));
  const logLoss = new Float64Array(n);
  const brier = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const positive = Math.min(Math.max(scores[i], EPSILON), 1 - EPSILON);
    const negative = 1 - positive;
    logLoss[i] = -Math.log((yTrue[i] === 1 ? positive : negative) / (negative + positive));
    brier[i] = (yTrue[i] - scores[i]) ** 2;
  }
  return { rows: n, yTrue, order, lastOfTie, predictedPositive, logLoss, brier };
}

/** The metrics computeMetrics gives for a binary task, on the rows drawn `counts[i]` times each. */
export function weightedBinaryMetrics(p: PreparedBinary, counts: Int32Array): Record<string, number> {
  const matrix = [
    [0, 0],
    [0, 0],
  ];
  let total = 0;
  let logLoss = 0;
  let brier = 0;
  for (let i = 0; i < p.rows; i++) {
    const c = counts[i];
    if (c === 0) continue;
    matrix[p.yTrue[i]][p.predictedPositive[i]] += c;
    total += c;
    logLoss += c * p.logLoss[i];
    brier += c * p.brier[i];
  }
  const positives = matrix[1][0] + matrix[1][1];
  const negatives = matrix[0][0] + matrix[0][1];
  // ROC AUC (trapezoids between thresholds) and average precision, over the score order.
  let tp = 0;
  let fp = 0;
  let groupWeight = 0;
  let area = 0;
  let previousFpr = 0;
  let previousTpr = 0;
  let ap = 0;
  let previousRecall = 0;
  for (let k = 0; k < p.rows; k++) {
    const row = p.order[k];
    const c = counts[row];
    if (c > 0) {
      if (p.yTrue[row] === 1) tp += c;
      else fp += c;
      groupWeight += c;
    }
    if (p.lastOfTie[k] === 1 && groupWeight > 0) {
      groupWeight = 0;
      if (positives > 0 && negatives > 0) {
        const fpr = fp / negatives;
        const tpr = tp / positives;
        area += ((fpr - previousFpr) * (tpr + previousTpr)) / 2;
        previousFpr = fpr;
        previousTpr = tpr;
      }
      const recall = positives === 0 ? 1 : tp / positives;
      ap += (recall - previousRecall) * (tp / (tp + fp));
      previousRecall = recall;
    }
  }
  const positive = classScores(matrix)[1];
  return {
    accuracy: accuracy(matrix),
    balanced_accuracy: balancedAccuracy(matrix),
    precision: positive.precision,
    recall: positive.recall,
    f1: positive.f1,
    roc_auc: positives > 0 && negatives > 0 ? area : Number.NaN,
    average_precision: ap,
    log_loss: logLoss / total,
    brier_score: brier / total,
    matthews_corrcoef: matthewsCorrcoef(matrix),
  };
}
