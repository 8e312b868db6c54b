/**
 * The binary metrics of a bootstrap resample, from how many times each row was
 * drawn, in O(n) per resample: each model's rows are put in descending score
 * order once, with every per-row figure the metrics need laid out in that
 * order, so a resample is one gather of its draw counts and one sequential
 * pass. A resample that draws row i c times counts it c times, which gives
 * exactly the metrics of the gathered rows (a test holds this against
 * computeMetrics on the gathered rows).
 */
import { accuracy, balancedAccuracy, classScores, matthewsCorrcoef } from "./classification-metrics.js";
import { clipProbability } from "./probability-metrics.js";

export interface PreparedBinary {
  rows: number;
  /** Row indices by descending score (ties by row). */
  order: Int32Array;
  /** In that order: the true class, the predicted class, the end of a group of equal scores. */
  yTrue: Uint8Array;
  predictedPositive: Uint8Array;
  lastOfTie: Uint8Array;
  /** In that order: each row's log-loss and Brier terms. */
  logLoss: Float64Array;
  brier: Float64Array;
}

export function prepareBinary(yTrue: Int32Array, scores: Float64Array): PreparedBinary {
  const n = yTrue.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b] - scores[a] || a - b);
  const sortedY = new Uint8Array(n);
  const predictedPositive = new Uint8Array(n);
  const lastOfTie = new Uint8Array(n);
  const logLoss = new Float64Array(n);
  const brier = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const row = order[k];
    const score = scores[row];
    sortedY[k] = yTrue[row];
    predictedPositive[k] = score > 0.5 ? 1 : 0;
    lastOfTie[k] = k === n - 1 || scores[order[k + 1]] !== score ? 1 : 0;
    const positive = clipProbability(score);
    const negative = 1 - positive;
    logLoss[k] = -Math.log((yTrue[row] === 1 ? positive : negative) / (negative + positive));
    brier[k] = (yTrue[row] - score) ** 2;
  }
  return { rows: n, order, yTrue: sortedY, predictedPositive, lastOfTie, logLoss, brier };
}

/** The metrics computeMetrics gives for a binary task, on the rows drawn `counts[row]` times each. */
export function weightedBinaryMetrics(p: PreparedBinary, counts: ArrayLike<number>): Record<string, number> {
  const n = p.rows;
  const { order, yTrue, predictedPositive, lastOfTie } = p;
  // confusion[2·y + predicted]: tn, fp, fn, tp.
  const confusion = [0, 0, 0, 0];
  let logLoss = 0;
  let brier = 0;
  // One pass down the score order. The ROC area and average precision are summed unnormalized
  // (true and false positives so far) and divided by the totals at the end.
  let cumTp = 0;
  let cumFp = 0;
  let groupWeight = 0;
  let area = 0;
  let previousFp = 0;
  let previousTp = 0;
  let apSum = 0;
  let firstPrecision = Number.NaN;
  for (let k = 0; k < n; k++) {
    const c = counts[order[k]];
    if (c > 0) {
      const y = yTrue[k];
      confusion[2 * y + predictedPositive[k]] += c;
      logLoss += c * p.logLoss[k];
      brier += c * p.brier[k];
      cumTp += y * c;
      cumFp += (1 - y) * c;
      groupWeight += c;
    }
    if (lastOfTie[k] === 1 && groupWeight > 0) {
      groupWeight = 0;
      area += ((cumFp - previousFp) * (cumTp + previousTp)) / 2;
      const precision = cumTp / (cumTp + cumFp);
      if (Number.isNaN(firstPrecision)) firstPrecision = precision;
      apSum += (cumTp - previousTp) * precision;
      previousFp = cumFp;
      previousTp = cumTp;
    }
  }
  const [tn, fp, fn, tp] = confusion;
  const positives = tp + fn;
  const negatives = tn + fp;
  const total = positives + negatives;
  const bothClasses = positives > 0 && negatives > 0;
  // Without positives, recall is 1 from the first threshold on (as computeMetrics has it).
  const averagePrecision = positives > 0 ? apSum / positives : firstPrecision;
  const matrix = [
    [tn, fp],
    [fn, tp],
  ];
  const positive = classScores(matrix)[1];
  return {
    accuracy: accuracy(matrix),
    balanced_accuracy: balancedAccuracy(matrix),
    precision: positive.precision,
    recall: positive.recall,
    f1: positive.f1,
    roc_auc: bothClasses ? area / (positives * negatives) : Number.NaN,
    average_precision: averagePrecision,
    log_loss: logLoss / total,
    brier_score: brier / total,
    matthews_corrcoef: matthewsCorrcoef(matrix),
  };
}
