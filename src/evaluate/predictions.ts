/**
 * A model's predictions on the evaluation rows, in the form the metrics take,
 * and what is computed from them alone (no model run): the metrics on any
 * subset or resample of rows, paired bootstrap replicates, calibration, and
 * the fairness figures of Fairlearn.
 */
import { maxOf, minOf } from "../lib/arrays.js";
import { Random } from "../lib/random.js";
import { computeMetrics, type MetricsResult } from "../metrics/metrics.js";
import { type PreparedBinary, prepareBinary, weightedBinaryMetrics } from "../metrics/weighted-binary.js";

export type PredictionSet =
  | { task: "binary"; yTrue: Int32Array; scores: Float64Array }
  | { task: "multiclass"; yTrue: Int32Array; probabilities: Float64Array; classes: number }
  | { task: "regression"; yTrue: Float64Array; yPred: Float64Array };

export function rowsOf(set: PredictionSet): number {
  return set.yTrue.length;
}

/** The metrics on all rows, or on the rows `indices` picks (repeats allowed: a resample). */
export function metricsOf(set: PredictionSet, indices?: Int32Array): MetricsResult {
  if (!indices) {
    if (set.task === "binary")
      return computeMetrics({ task: "binary", yTrue: set.yTrue, scores: set.scores });
    if (set.task === "multiclass") {
      return computeMetrics({
        task: "multiclass",
        yTrue: set.yTrue,
        probabilities: set.probabilities,
        classes: set.classes,
      });
    }
    return computeMetrics({ task: "regression", yTrue: set.yTrue, yPred: set.yPred });
  }
  return metricsOf(gather(set, indices));
}

export function gather(set: PredictionSet, indices: Int32Array): PredictionSet {
  const n = indices.length;
  if (set.task === "binary") {
    const yTrue = new Int32Array(n);
    const scores = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      yTrue[i] = set.yTrue[indices[i]];
      scores[i] = set.scores[indices[i]];
    }
    return { task: "binary", yTrue, scores };
  }
  if (set.task === "multiclass") {
    const c = set.classes;
    const yTrue = new Int32Array(n);
    const probabilities = new Float64Array(n * c);
    for (let i = 0; i < n; i++) {
      const from = indices[i];
      yTrue[i] = set.yTrue[from];
      for (let k = 0; k < c; k++) probabilities[i * c + k] = set.probabilities[from * c + k];
    }
    return { task: "multiclass", yTrue, probabilities, classes: c };
  }
  const yTrue = new Float64Array(n);
  const yPred = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    yTrue[i] = set.yTrue[indices[i]];
    yPred[i] = set.yPred[indices[i]];
  }
  return { task: "regression", yTrue, yPred };
}

/** Predicted class per row (classification), for fairness and slices. */
export function predictedClasses(set: Exclude<PredictionSet, { task: "regression" }>): Int32Array {
  if (set.task === "binary") return Int32Array.from(set.scores, (s) => (s > 0.5 ? 1 : 0));
  const n = set.yTrue.length;
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let k = 1; k < set.classes; k++) {
      if (set.probabilities[i * set.classes + k] > set.probabilities[i * set.classes + best]) best = k;
    }
    out[i] = best;
  }
  return out;
}

export interface BootstrapResult {
  replicates: number;
  confidence: number;
  /** Per metric: each resample's candidate and (when there is one) baseline value. */
  values: Record<string, { candidate: Float64Array; baseline: Float64Array }>;
}

/**
 * Paired bootstrap: `replicates` resamples of the row indices (seeded), each
 * scoring the candidate and the baseline on the same resample. The models are
 * not run again: resampling works on their stored predictions.
 */
export function pairedBootstrap(
  candidate: PredictionSet,
  baseline: PredictionSet | undefined,
  settings: { replicates: number; seed: number; confidence: number },
): BootstrapResult {
  const n = rowsOf(candidate);
  const random = new Random(settings.seed);
  const values: BootstrapResult["values"] = {};
  const indices = new Int32Array(n);
  // Binary tasks take the O(n) path: the rows sorted once, each resample as draw counts.
  const fast =
    candidate.task === "binary" && (!baseline || baseline.task === "binary")
      ? {
          counts: new Uint32Array(n),
          candidate: prepareBinary(candidate.yTrue, candidate.scores),
          baseline: baseline?.task === "binary" ? prepareBinary(baseline.yTrue, baseline.scores) : undefined,
        }
      : undefined;
  const score = (set: PredictionSet, prepared: PreparedBinary | undefined) =>
    prepared && fast ? weightedBinaryMetrics(prepared, fast.counts) : metricsOf(set, indices).metrics;
  for (let b = 0; b < settings.replicates; b++) {
    random.fillIntegers(indices, n);
    if (fast) {
      fast.counts.fill(0);
      for (let i = 0; i < n; i++) fast.counts[indices[i]]++;
    }
    const c = score(candidate, fast?.candidate);
    const base = baseline ? score(baseline, fast?.baseline) : undefined;
    for (const [name, value] of Object.entries(c)) {
      values[name] ??= {
        candidate: new Float64Array(settings.replicates).fill(Number.NaN),
        baseline: new Float64Array(settings.replicates).fill(Number.NaN),
      };
      values[name].candidate[b] = value;
      if (base && name in base) values[name].baseline[b] = base[name];
    }
  }
  return { replicates: settings.replicates, confidence: settings.confidence, values };
}

export interface ReliabilityBin {
  /** Bin edges on the predicted probability. */
  low: number;
  high: number;
  rows: number;
  /** Mean predicted probability (of the positive class, or of the predicted class for multiclass). */
  meanPredicted: number;
  /** Fraction of positives (or of correct predictions for multiclass). */
  fractionPositive: number;
}

export interface Calibration {
  /** Expected calibration error: Σ rows_b/n · |fraction_b − mean_predicted_b|. */
  ece: number;
  bins: ReliabilityBin[];
}

/**
 * Reliability on `binCount` uniform bins of [0, 1], as scikit-learn's
 * calibration_curve(strategy="uniform") bins them (empty bins dropped); for
 * multiclass, on the top-class confidence against being right.
 */
export function calibration(set: Exclude<PredictionSet, { task: "regression" }>, binCount = 10): Calibration {
  const n = set.yTrue.length;
  const sums = new Float64Array(binCount);
  const hits = new Float64Array(binCount);
  const counts = new Float64Array(binCount);
  const predicted = set.task === "multiclass" ? predictedClasses(set) : undefined;
  for (let i = 0; i < n; i++) {
    const p = set.task === "binary" ? set.scores[i] : set.probabilities[i * set.classes + predicted![i]];
    const hit = set.task === "binary" ? set.yTrue[i] === 1 : set.yTrue[i] === predicted![i];
    // scikit-learn: bins = linspace(0, 1, n_bins + 1); binids = searchsorted(bins[1:-1], p, side="right").
    let bin = 0;
    while (bin < binCount - 1 && p >= (bin + 1) / binCount) bin++;
    sums[bin] += p;
    counts[bin]++;
    if (hit) hits[bin]++;
  }
  const bins: ReliabilityBin[] = [];
  let ece = 0;
  for (let b = 0; b < binCount; b++) {
    if (counts[b] === 0) continue;
    const meanPredicted = sums[b] / counts[b];
    const fractionPositive = hits[b] / counts[b];
    bins.push({
      low: b / binCount,
      high: (b + 1) / binCount,
      rows: counts[b],
      meanPredicted,
      fractionPositive,
    });
    ece += (counts[b] / n) * Math.abs(fractionPositive - meanPredicted);
  }
  return { ece, bins };
}

export interface GroupFigures {
  group: string;
  rows: number;
  selectionRate: number;
  truePositiveRate: number;
  falsePositiveRate: number;
}

export interface Fairness {
  column: string;
  groups: GroupFigures[];
  /** Fairlearn's demographic_parity_difference: max − min selection rate over groups. */
  demographic_parity_difference: number;
  /** Fairlearn's demographic_parity_ratio: min / max selection rate. */
  demographic_parity_ratio: number;
  /** Fairlearn's equalized_odds_difference: the larger of the TPR and FPR max − min gaps. */
  equalized_odds_difference: number;
}

/** Fairness figures of a binary classifier over the groups of one column (missing values form their own group). */
export function fairness(
  set: Extract<PredictionSet, { task: "binary" }>,
  column: string,
  groupOf: readonly string[],
): Fairness {
  const predicted = predictedClasses(set);
  const stats = new Map<
    string,
    { rows: number; selected: number; pos: number; tp: number; neg: number; fp: number }
  >();
  for (let i = 0; i < predicted.length; i++) {
    const g = groupOf[i];
    let s = stats.get(g);
    if (!s) {
      s = { rows: 0, selected: 0, pos: 0, tp: 0, neg: 0, fp: 0 };
      stats.set(g, s);
    }
    s.rows++;
    if (predicted[i] === 1) s.selected++;
    if (set.yTrue[i] === 1) {
      s.pos++;
      if (predicted[i] === 1) s.tp++;
    } else {
      s.neg++;
      if (predicted[i] === 1) s.fp++;
    }
  }
  const groups = [...stats.entries()]
    .map(([group, s]) => ({
      group,
      rows: s.rows,
      selectionRate: s.selected / s.rows,
      truePositiveRate: s.pos ? s.tp / s.pos : Number.NaN,
      falsePositiveRate: s.neg ? s.fp / s.neg : Number.NaN,
    }))
    .sort((a, b) => a.group.localeCompare(b.group));
  const spread = (pick: (g: GroupFigures) => number) => {
    const values = groups.map(pick).filter((v) => Number.isFinite(v));
    return values.length ? maxOf(values) - minOf(values) : Number.NaN;
  };
  const rates = groups.map((g) => g.selectionRate);
  const max = maxOf(rates);
  return {
    column,
    groups,
    demographic_parity_difference: spread((g) => g.selectionRate),
    demographic_parity_ratio: max > 0 ? minOf(rates) / max : Number.NaN,
    equalized_odds_difference: Math.max(
      spread((g) => g.truePositiveRate),
      spread((g) => g.falsePositiveRate),
    ),
  };
}

/**
 * The ROC curve read at fixed false-positive rates: the highest true-positive
 * rate reached at or below each (the step curve scikit-learn's roc_curve traces).
 */
export function rocAt(set: Extract<PredictionSet, { task: "binary" }>, fprs: readonly number[]): number[] {
  const order = Array.from(set.scores.keys()).sort((a, b) => set.scores[b] - set.scores[a]);
  let positives = 0;
  for (const y of set.yTrue) positives += y;
  const negatives = set.yTrue.length - positives;
  const points: [number, number][] = [[0, 0]];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    if (set.yTrue[order[i]] === 1) tp++;
    else fp++;
    // One point per distinct threshold.
    if (i === order.length - 1 || set.scores[order[i + 1]] !== set.scores[order[i]]) {
      points.push([negatives ? fp / negatives : 0, positives ? tp / positives : 0]);
    }
  }
  return fprs.map((x) => {
    let best = 0;
    for (const [fpr, tpr] of points) if (fpr <= x + 1e-12 && tpr > best) best = tpr;
    return best;
  });
}
