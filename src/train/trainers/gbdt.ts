/**
 * builtin:gbdt: gradient-boosted trees on binned features, after
 * scikit-learn's HistGradientBoostingClassifier / Regressor (1.2): the raw
 * score starts at the loss's best constant (log-odds of the base rate, the
 * log class priors, the mean) and each round adds one tree per output
 * (one for binary and regression, K for K classes) fitted to the gradients
 * and hessians of the loss — binary log-loss, multinomial log-loss (softmax),
 * half squared error. Early stopping watches the loss on a seeded validation
 * split (stratified for classification) and stops when none of the last
 * n_iter_no_change rounds improved on the one before them by more than tol.
 * Row subsampling (per round) and column subsampling (per tree) are additions
 * scikit-learn does not have; both are seeded. Same data, params and seed give
 * the same trees.
 */
import { Random } from "../../lib/random.js";
import {
  type BinMapper,
  binFeatures,
  type FeatureColumns,
  fitBinMapper,
  MAX_BINS,
} from "./histogram-binning.js";
import {
  type BinnedData,
  type Tree,
  TreeGrower,
  treeValueFromBins,
  treeValueFromValues,
} from "./histogram-tree.js";

export type GbdtTask = "binary" | "multiclass" | "regression";

export interface GbdtParams {
  learningRate: number;
  /** Boosting rounds (scikit-learn's max_iter). */
  maxIter: number;
  maxLeafNodes: number | null;
  maxDepth: number | null;
  minSamplesLeaf: number;
  l2Regularization: number;
  maxBins: number;
  /** Share of the training rows each round's trees are grown on (1: all, as scikit-learn). */
  subsample: number;
  /** Share of the features each tree may split on (1: all, as scikit-learn). */
  colsampleByTree: number;
  /** "auto": on when there are more than 10,000 rows, as scikit-learn. */
  earlyStopping: boolean | "auto";
  validationFraction: number;
  nIterNoChange: number;
  tol: number;
  seed: number;
}

export const DEFAULT_GBDT_PARAMS: Readonly<GbdtParams> = {
  learningRate: 0.1,
  maxIter: 100,
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2Regularization: 0,
  maxBins: MAX_BINS,
  subsample: 1,
  colsampleByTree: 1,
  earlyStopping: "auto",
  validationFraction: 0.1,
  nIterNoChange: 10,
  tol: 1e-7,
  seed: 0,
};

export interface GbdtData {
  x: FeatureColumns;
  /** Class index per row (0 … classes-1) for classification, the target for regression. */
  y: Int32Array | Float64Array;
  task: GbdtTask;
  /** Number of classes (classification only; 2 for binary). */
  classes?: number;
}

export interface GbdtModel {
  task: GbdtTask;
  /** Raw scores per row: 1 (binary, regression) or the number of classes. */
  outputs: number;
  features: number;
  /** The constant raw score per output that the trees add to. */
  baseScores: Float64Array;
  /** Round-major: the tree of round i for output k is trees[i * outputs + k]. */
  trees: Tree[];
  /** Rounds fitted (fewer than maxIter when early stopping stopped it). */
  iterations: number;
  /** Validation loss after each round, when early stopping was on. */
  validationLoss: number[] | null;
  binMapper: BinMapper;
  params: GbdtParams;
}

export function resolveGbdtParams(params: Partial<GbdtParams> = {}): GbdtParams {
  const resolved = { ...DEFAULT_GBDT_PARAMS, ...params };
  const check = (ok: boolean, name: string, what: string) => {
    if (!ok)
      throw new Error(`gbdt: ${name} must be ${what}, got ${String(resolved[name as keyof GbdtParams])}`);
  };
  check(resolved.learningRate > 0, "learningRate", "positive");
  check(Number.isInteger(resolved.maxIter) && resolved.maxIter >= 1, "maxIter", "a whole number ≥ 1");
  check(
    resolved.maxLeafNodes === null || (Number.isInteger(resolved.maxLeafNodes) && resolved.maxLeafNodes >= 2),
    "maxLeafNodes",
    "null or a whole number ≥ 2",
  );
  check(
    resolved.maxDepth === null || (Number.isInteger(resolved.maxDepth) && resolved.maxDepth >= 1),
    "maxDepth",
    "null or a whole number ≥ 1",
  );
  check(
    Number.isInteger(resolved.minSamplesLeaf) && resolved.minSamplesLeaf >= 1,
    "minSamplesLeaf",
    "a whole number ≥ 1",
  );
  check(resolved.l2Regularization >= 0, "l2Regularization", "≥ 0");
  check(resolved.subsample > 0 && resolved.subsample <= 1, "subsample", "in (0, 1]");
  check(resolved.colsampleByTree > 0 && resolved.colsampleByTree <= 1, "colsampleByTree", "in (0, 1]");
  check(
    resolved.validationFraction > 0 && resolved.validationFraction < 1,
    "validationFraction",
    "in (0, 1)",
  );
  check(
    Number.isInteger(resolved.nIterNoChange) && resolved.nIterNoChange >= 1,
    "nIterNoChange",
    "a whole number ≥ 1",
  );
  check(resolved.tol >= 0, "tol", "≥ 0");
  check(Number.isSafeInteger(resolved.seed), "seed", "a whole number of at most 2^53 − 1");
  return resolved;
}

/** The steps of a fit: check the data, hold out early-stopping rows, bin, boost round by round. */
export function fitGbdt(data: GbdtData, options: Partial<GbdtParams> = {}): GbdtModel {
  const params = resolveGbdtParams(options);
  const { x, task } = data;
  const classes = checkedClasses(data);
  const outputs = task === "multiclass" ? classes : 1;
  const loss = lossOf(task, outputs);
  const random = new Random(params.seed);
  const { train, validation } = holdOutForEarlyStopping(data, classes, params, random);
  const binMapper = fitBinMapper(train.x, random, { maxBins: params.maxBins });
  const binned = {
    rows: train.x.rows,
    features: x.features,
    codes: binFeatures(binMapper, train.x),
    mapper: binMapper,
  };
  const baseScores = loss.baseline(train.y);
  const boosted = boost({ params, loss, outputs, random, binned, trainY: train.y, baseScores, validation });
  return {
    task,
    outputs,
    features: x.features,
    baseScores,
    trees: boosted.trees,
    iterations: boosted.iterations,
    validationLoss: boosted.validationLoss,
    binMapper,
    params,
  };
}

/** The number of classes (0 for regression), checked against the task and the rows. */
function checkedClasses(data: GbdtData): number {
  const { x, task } = data;
  if (data.y.length !== x.rows) throw new Error(`gbdt: ${x.rows} rows but ${data.y.length} targets`);
  if (x.rows === 0) throw new Error("gbdt: no training rows");
  const classes = task === "regression" ? 0 : (data.classes ?? 2);
  if (task === "binary" && classes !== 2) throw new Error("gbdt: a binary task has 2 classes");
  if (task === "multiclass" && classes < 3)
    throw new Error("gbdt: a multiclass task needs at least 3 classes");
  return classes;
}

interface Rows {
  x: FeatureColumns;
  y: Int32Array | Float64Array;
}

/** With early stopping, the seeded validation rows are taken out of the training rows; without, all rows train. */
function holdOutForEarlyStopping(
  data: GbdtData,
  classes: number,
  params: GbdtParams,
  random: Random,
): { train: Rows; validation: Rows | undefined } {
  const { x } = data;
  const earlyStopping = params.earlyStopping === "auto" ? x.rows > 10_000 : params.earlyStopping;
  if (!earlyStopping) return { train: { x, y: data.y }, validation: undefined };
  const validationRows = validationSplit(data.y, classes, params.validationFraction, random);
  const isValidation = new Uint8Array(x.rows);
  for (const r of validationRows) isValidation[r] = 1;
  const trainRows = new Uint32Array(x.rows - validationRows.length);
  for (let r = 0, i = 0; r < x.rows; r++) if (isValidation[r] === 0) trainRows[i++] = r;
  const train = { x: selectRows(x, trainRows), y: selectTargets(data.y, trainRows) };
  const validation = { x: selectRows(x, validationRows), y: selectTargets(data.y, validationRows) };
  if (trainRows.length === 0) throw new Error("gbdt: the validation split leaves no training rows");
  return { train, validation };
}

interface Boosting {
  params: GbdtParams;
  loss: Loss;
  outputs: number;
  random: Random;
  binned: BinnedData;
  trainY: Int32Array | Float64Array;
  baseScores: Float64Array;
  validation: Rows | undefined;
}

/** Raw scores (output-major) of `rows` rows, each output starting at its base score. */
function startingScores(baseScores: Float64Array, rows: number): Float64Array {
  const raw = new Float64Array(baseScores.length * rows);
  for (let k = 0; k < baseScores.length; k++) raw.fill(baseScores[k], k * rows, (k + 1) * rows);
  return raw;
}

/**
 * The boosting rounds: each fits one tree per output to the loss's gradients (on a row sample
 * and a feature sample when subsampling), adds it to the raw scores, and, with early stopping,
 * stops once the validation loss has not improved for nIterNoChange rounds.
 */
function boost(setup: Boosting): { trees: Tree[]; iterations: number; validationLoss: number[] | null } {
  const { params, loss, outputs, random, binned, trainY, validation } = setup;
  const n = binned.rows;
  const features = binned.features;
  const raw = startingScores(setup.baseScores, n);
  const scored = validation && {
    y: validation.y,
    rows: validation.x.rows,
    codes: binFeatures(binned.mapper, validation.x),
    raw: startingScores(setup.baseScores, validation.x.rows),
  };
  const gradients = new Float64Array(outputs * n);
  const hessians = new Float64Array(outputs * n);
  const grower = new TreeGrower(binned, {
    maxLeafNodes: params.maxLeafNodes,
    maxDepth: params.maxDepth,
    minSamplesLeaf: params.minSamplesLeaf,
    l2Regularization: params.l2Regularization,
    shrinkage: params.learningRate,
  });
  const sampleSize = Math.max(1, Math.round(params.subsample * n));
  const featureCount = Math.max(1, Math.round(params.colsampleByTree * features));
  const trees: Tree[] = [];
  const validationLoss = scored ? [loss.value(scored.raw, scored.y)] : null;
  let iterations = 0;
  for (let iteration = 0; iteration < params.maxIter; iteration++) {
    loss.gradients(raw, trainY, gradients, hessians);
    const rows = sampleSize < n ? random.sampleIndices(n, sampleSize) : undefined;
    for (let k = 0; k < outputs; k++) {
      const allowed = featureCount < features ? featureMask(features, featureCount, random) : undefined;
      const tree = grower.grow(
        gradients.subarray(k * n, (k + 1) * n),
        hessians.subarray(k * n, (k + 1) * n),
        rows,
        allowed,
      );
      trees.push(tree);
      // Grown on a sample, the tree's leaves hold only the sampled rows: score every row through it.
      if (rows) addTreeScores(tree, binned.codes, n, raw, k);
      else grower.addLeafValues(tree, raw, k * n);
      if (scored) addTreeScores(tree, scored.codes, scored.rows, scored.raw, k);
    }
    iterations++;
    if (scored && validationLoss) {
      validationLoss.push(loss.value(scored.raw, scored.y));
      if (shouldStop(validationLoss, params.nIterNoChange, params.tol)) break;
    }
  }
  return { trees, iterations, validationLoss };
}

/** Adds a tree's value for each of `rows` binned rows to output `k` of the raw scores. */
function addTreeScores(tree: Tree, codes: Uint8Array, rows: number, raw: Float64Array, k: number): void {
  for (let r = 0; r < rows; r++) raw[k * rows + r] += treeValueFromBins(tree, codes, rows, r);
}

/**
 * scikit-learn's rule on scores (here: negative losses): stop when none of the
 * last n rounds beats the score n+1 rounds back by more than tol.
 */
function shouldStop(losses: number[], n: number, tol: number): boolean {
  if (losses.length < n + 1) return false;
  const reference = -losses[losses.length - n - 1] + tol;
  for (let i = losses.length - n; i < losses.length; i++) if (-losses[i] > reference) return false;
  return true;
}

/** Raw scores, row-major rows × outputs, from float32 feature columns. */
export function gbdtRawScores(model: GbdtModel, x: FeatureColumns): Float64Array {
  if (x.features !== model.features) {
    throw new Error(`gbdt: the model has ${model.features} features, the data ${x.features}`);
  }
  const { outputs } = model;
  const scores = new Float64Array(x.rows * outputs);
  for (let r = 0; r < x.rows; r++) {
    for (let k = 0; k < outputs; k++) scores[r * outputs + k] = model.baseScores[k];
  }
  model.trees.forEach((tree, t) => {
    const k = t % outputs;
    for (let r = 0; r < x.rows; r++)
      scores[r * outputs + k] += treeValueFromValues(tree, x.values, x.rows, r);
  });
  return scores;
}

/** Class probabilities, row-major rows × classes (binary: [1 − p, p]). */
export function gbdtProbabilities(model: GbdtModel, x: FeatureColumns): Float64Array {
  if (model.task === "regression") throw new Error("gbdt: a regression model has no probabilities");
  const raw = gbdtRawScores(model, x);
  if (model.task === "binary") {
    const p = new Float64Array(x.rows * 2);
    for (let r = 0; r < x.rows; r++) {
      const one = sigmoid(raw[r]);
      p[2 * r] = 1 - one;
      p[2 * r + 1] = one;
    }
    return p;
  }
  const k = model.outputs;
  for (let r = 0; r < x.rows; r++) softmaxInPlace(raw, r * k, k);
  return raw;
}

interface Loss {
  baseline(y: Int32Array | Float64Array): Float64Array;
  /** Fills gradients and hessians (output-major: [k * rows + row]) at the raw scores. */
  gradients(raw: Float64Array, y: Int32Array | Float64Array, g: Float64Array, h: Float64Array): void;
  /** Mean loss at the raw scores (output-major). */
  value(raw: Float64Array, y: Int32Array | Float64Array): number;
}

function lossOf(task: GbdtTask, outputs: number): Loss {
  if (task === "regression") return squaredError;
  if (task === "binary") return binaryLogLoss;
  return multinomialLogLoss(outputs);
}

/** Half squared error, ½(y − raw)²: gradient raw − y, hessian 1; baseline the mean. */
const squaredError: Loss = {
  baseline(y) {
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += y[i];
    return Float64Array.of(sum / y.length);
  },
  gradients(raw, y, g, h) {
    for (let i = 0; i < y.length; i++) {
      g[i] = raw[i] - y[i];
      h[i] = 1;
    }
  },
  value(raw, y) {
    let sum = 0;
    for (let i = 0; i < y.length; i++) sum += 0.5 * (y[i] - raw[i]) ** 2;
    return sum / y.length;
  },
};

/** Binary log-loss on the logit: gradient σ(raw) − y, hessian σ(1 − σ); baseline the base rate's log-odds. */
const binaryLogLoss: Loss = {
  baseline(y) {
    let positives = 0;
    for (let i = 0; i < y.length; i++) positives += y[i];
    const p = clipProbability(positives / y.length);
    return Float64Array.of(Math.log(p / (1 - p)));
  },
  gradients(raw, y, g, h) {
    for (let i = 0; i < y.length; i++) {
      const p = sigmoid(raw[i]);
      g[i] = p - y[i];
      h[i] = p * (1 - p);
    }
  },
  value(raw, y) {
    let sum = 0;
    for (let i = 0; i < y.length; i++) {
      const z = raw[i];
      // log(1 + e^z) − y·z, written to stay finite for large |z|.
      sum += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - y[i] * z;
    }
    return sum / y.length;
  },
};

/** Multinomial log-loss with the softmax: gradient p_k − [y = k], hessian p_k(1 − p_k); baseline the centred log priors. */
function multinomialLogLoss(classes: number): Loss {
  const p = new Float64Array(classes);
  const rowProbabilities = (raw: Float64Array, n: number, row: number) => {
    for (let k = 0; k < classes; k++) p[k] = raw[k * n + row];
    softmaxInPlace(p, 0, classes);
  };
  return {
    baseline(y) {
      const counts = new Float64Array(classes);
      for (let i = 0; i < y.length; i++) counts[y[i]]++;
      const logs = Float64Array.from(counts, (c) => Math.log(clipProbability(c / y.length)));
      const mean = logs.reduce((a, b) => a + b, 0) / classes;
      return logs.map((v) => v - mean);
    },
    gradients(raw, y, g, h) {
      const n = y.length;
      for (let r = 0; r < n; r++) {
        rowProbabilities(raw, n, r);
        for (let k = 0; k < classes; k++) {
          g[k * n + r] = p[k] - (y[r] === k ? 1 : 0);
          h[k * n + r] = p[k] * (1 - p[k]);
        }
      }
    },
    value(raw, y) {
      const n = y.length;
      let sum = 0;
      for (let r = 0; r < n; r++) {
        let max = Number.NEGATIVE_INFINITY;
        for (let k = 0; k < classes; k++) max = Math.max(max, raw[k * n + r]);
        let total = 0;
        for (let k = 0; k < classes; k++) total += Math.exp(raw[k * n + r] - max);
        sum += max + Math.log(total) - raw[y[r] * n + r];
      }
      return sum / n;
    },
  };
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function softmaxInPlace(values: Float64Array, offset: number, k: number): void {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < k; i++) max = Math.max(max, values[offset + i]);
  let total = 0;
  for (let i = 0; i < k; i++) {
    values[offset + i] = Math.exp(values[offset + i] - max);
    total += values[offset + i];
  }
  for (let i = 0; i < k; i++) values[offset + i] /= total;
}

function clipProbability(p: number): number {
  const eps = 1e-15;
  return Math.min(1 - eps, Math.max(eps, p));
}

/**
 * Rows held out for early stopping: ⌈fraction·n⌉ of them, stratified by class
 * for classification (each class gives its share, largest remainders first),
 * drawn with the seeded generator; returned in ascending order.
 */
function validationSplit(
  y: Int32Array | Float64Array,
  classes: number,
  fraction: number,
  random: Random,
): Uint32Array {
  const n = y.length;
  const total = Math.ceil(fraction * n);
  if (classes === 0) return random.sampleIndices(n, total);
  const members: number[][] = Array.from({ length: classes }, () => []);
  for (let r = 0; r < n; r++) members[y[r]].push(r);
  const exact = members.map((m) => (total * m.length) / n);
  const take = exact.map(Math.floor);
  let left = total - take.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, k) => [e - Math.floor(e), k]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, k] of byRemainder) {
    if (left === 0) break;
    if (take[k] < members[k].length) {
      take[k]++;
      left--;
    }
  }
  const chosen: number[] = [];
  members.forEach((m, k) => {
    for (const i of random.sampleIndices(m.length, take[k])) chosen.push(m[i]);
  });
  return Uint32Array.from(chosen).sort();
}

function selectRows(x: FeatureColumns, rows: Uint32Array): FeatureColumns {
  const values = new Float32Array(rows.length * x.features);
  for (let f = 0; f < x.features; f++) {
    const from = f * x.rows;
    const to = f * rows.length;
    for (let i = 0; i < rows.length; i++) values[to + i] = x.values[from + rows[i]];
  }
  return { rows: rows.length, features: x.features, values };
}

function selectTargets(y: Int32Array | Float64Array, rows: Uint32Array): Int32Array | Float64Array {
  const out = y instanceof Int32Array ? new Int32Array(rows.length) : new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = y[rows[i]];
  return out;
}

function featureMask(features: number, count: number, random: Random): Uint8Array {
  const mask = new Uint8Array(features);
  for (const f of random.sampleIndices(features, count)) mask[f] = 1;
  return mask;
}
