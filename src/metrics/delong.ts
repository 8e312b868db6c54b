/**
 * DeLong's intervals for ROC AUC (DeLong, DeLong & Clarke-Pearson 1988), with
 * the midrank computation of Sun & Xu (2014): the AUC's variance from its
 * structural components, and for two models scored on the same rows the
 * variance of their difference, with its normal-approximation p-value. No
 * resampling: O(n log n) once.
 */
import { normalCdf, normalSf } from "../lib/distributions.js";

export interface DelongAuc {
  auc: number;
  variance: number;
  low: number;
  high: number;
}

export interface DelongDifference {
  /** AUC of the candidate − AUC of the baseline. */
  difference: number;
  variance: number;
  low: number;
  high: number;
  /** Two-sided p-value of "the AUCs are equal". */
  pValue: number;
}

/** Midranks (1-based, ties averaged) of `values`. */
function midranks(values: Float64Array): Float64Array {
  const n = values.length;
  const order = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = rank;
    i = j + 1;
  }
  return ranks;
}

/** The structural components: V10 per positive, V01 per negative, and the AUC. */
function components(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
): { v10: Float64Array; v01: Float64Array; auc: number } {
  const positives: number[] = [];
  const negatives: number[] = [];
  for (let i = 0; i < yTrue.length; i++) (yTrue[i] === 1 ? positives : negatives).push(scores[i]);
  const m = positives.length;
  const n = negatives.length;
  const all = Float64Array.from([...positives, ...negatives]);
  const rankAll = midranks(all);
  const rankX = midranks(Float64Array.from(positives));
  const rankY = midranks(Float64Array.from(negatives));
  const v10 = Float64Array.from({ length: m }, (_, i) => (rankAll[i] - rankX[i]) / n);
  const v01 = Float64Array.from({ length: n }, (_, j) => 1 - (rankAll[m + j] - rankY[j]) / m);
  let sum = 0;
  for (const v of v10) sum += v;
  return { v10, v01, auc: sum / m };
}

function covariance(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let meanA = 0;
  let meanB = 0;
  for (let i = 0; i < n; i++) {
    meanA += a[i];
    meanB += b[i];
  }
  meanA /= n;
  meanB /= n;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (a[i] - meanA) * (b[i] - meanB);
  return sum / (n - 1);
}

/** The standard normal quantile: Acklam's approximation, polished by two Newton steps on normalCdf. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1))
    return p === 0 ? Number.NEGATIVE_INFINITY : p === 1 ? Number.POSITIVE_INFINITY : Number.NaN;
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628277459239,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  let x: number;
  if (p < 0.02425) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else if (p > 1 - 0.02425) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    x =
      -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  } else {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
      (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  for (let step = 0; step < 2; step++) {
    const density = Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI);
    x -= (normalCdf(x) - p) / density;
  }
  return x;
}

/** DeLong's interval of one model's ROC AUC; undefined with a single class. */
export function delongAuc(
  yTrue: ArrayLike<number>,
  scores: ArrayLike<number>,
  confidence: number,
): DelongAuc | undefined {
  const { v10, v01, auc } = components(yTrue, scores);
  if (v10.length < 2 || v01.length < 2) return undefined;
  const variance = covariance(v10, v10) / v10.length + covariance(v01, v01) / v01.length;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const half = z * Math.sqrt(variance);
  return { auc, variance, low: Math.max(0, auc - half), high: Math.min(1, auc + half) };
}

/** DeLong's paired test of two models' ROC AUC on the same rows. */
export function delongDifference(
  yTrue: ArrayLike<number>,
  candidate: ArrayLike<number>,
  baseline: ArrayLike<number>,
  confidence: number,
): DelongDifference | undefined {
  const a = components(yTrue, candidate);
  const b = components(yTrue, baseline);
  const m = a.v10.length;
  const n = a.v01.length;
  if (m < 2 || n < 2) return undefined;
  const s10 = covariance(a.v10, a.v10) + covariance(b.v10, b.v10) - 2 * covariance(a.v10, b.v10);
  const s01 = covariance(a.v01, a.v01) + covariance(b.v01, b.v01) - 2 * covariance(a.v01, b.v01);
  const variance = s10 / m + s01 / n;
  const difference = a.auc - b.auc;
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const se = Math.sqrt(variance);
  const pValue = se > 0 ? 2 * normalSf(Math.abs(difference) / se) : difference === 0 ? 1 : 0;
  return { difference, variance, low: difference - z * se, high: difference + z * se, pValue };
}
