/**
 * L2-regularized logistic regression, binary and multinomial, fitted with
 * L-BFGS on the objective scikit-learn's LogisticRegression(solver="lbfgs")
 * minimizes:  C · Σᵢ log-loss(xᵢ, yᵢ) + ½‖W‖²  (the intercepts are not
 * penalized). Binary problems fit one weight vector (class 1 against 0);
 * multinomial ones one per class with the softmax, as scikit-learn does.
 */
import { minimizeLbfgs } from "./lbfgs.js";

export interface LogisticData {
  /** Row-major features, rows × features. */
  x: Float64Array;
  rows: number;
  features: number;
  /** Class index of each row, 0 … classes-1. */
  y: Int32Array;
  classes: number;
}

export interface LogisticOptions {
  /** Inverse regularization strength (scikit-learn's C, default 1). */
  c?: number;
  /** Gradient tolerance (scikit-learn's tol, default 1e-4). */
  tolerance?: number;
  maxIterations?: number;
}

export interface LogisticModel {
  /** Binary: 1 × features (class 1); multinomial: classes × features, row-major. */
  coefficients: Float64Array;
  intercepts: Float64Array;
  /** Weight vectors: 1 for binary, classes otherwise. */
  outputs: number;
  features: number;
  iterations: number;
  converged: boolean;
}

export function fitLogisticRegression(data: LogisticData, options: LogisticOptions = {}): LogisticModel {
  const c = options.c ?? 1;
  if (!(c > 0)) throw new Error(`C must be positive, got ${c}`);
  if (data.classes < 2) throw new Error("logistic regression needs at least two classes");
  const outputs = data.classes === 2 ? 1 : data.classes;
  const { features } = data;
  const width = features + 1;
  const objective = outputs === 1 ? binaryObjective(data, c) : multinomialObjective(data, c);
  const result = minimizeLbfgs(objective, new Float64Array(outputs * width), {
    gradientTolerance: options.tolerance ?? 1e-4,
    maxIterations: options.maxIterations ?? 100,
  });
  const coefficients = new Float64Array(outputs * features);
  const intercepts = new Float64Array(outputs);
  for (let k = 0; k < outputs; k++) {
    coefficients.set(result.x.subarray(k * width, k * width + features), k * features);
    intercepts[k] = result.x[k * width + features];
  }
  return {
    coefficients,
    intercepts,
    outputs,
    features,
    iterations: result.iterations,
    converged: result.converged,
  };
}

/** Probabilities, rows × classes, of a fitted model. */
export function predictLogisticProbabilities(
  model: LogisticModel,
  x: Float64Array,
  rows: number,
): Float64Array {
  const { features, outputs } = model;
  const classes = outputs === 1 ? 2 : outputs;
  const probabilities = new Float64Array(rows * classes);
  const scores = new Float64Array(outputs);
  for (let r = 0; r < rows; r++) {
    for (let k = 0; k < outputs; k++) {
      let z = model.intercepts[k];
      for (let j = 0; j < features; j++) z += model.coefficients[k * features + j] * x[r * features + j];
      scores[k] = z;
    }
    if (outputs === 1) {
      const p = sigmoid(scores[0]);
      probabilities[r * 2] = 1 - p;
      probabilities[r * 2 + 1] = p;
    } else {
      softmaxInto(scores, probabilities, r * classes);
    }
  }
  return probabilities;
}

function binaryObjective(data: LogisticData, c: number) {
  const { x, y, rows, features } = data;
  return (w: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      let z = w[features];
      const offset = r * features;
      for (let j = 0; j < features; j++) z += w[j] * x[offset + j];
      const target = y[r] === 1 ? 1 : 0;
      // log(1 + e^z) − t·z, computed without overflow.
      loss += (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z))) - target * z;
      const residual = c * (sigmoid(z) - target);
      for (let j = 0; j < features; j++) gradient[j] += residual * x[offset + j];
      gradient[features] += residual;
    }
    let penalty = 0;
    for (let j = 0; j < features; j++) {
      penalty += w[j] * w[j];
      gradient[j] += w[j];
    }
    return c * loss + 0.5 * penalty;
  };
}

function multinomialObjective(data: LogisticData, c: number) {
  const { x, y, rows, features, classes } = data;
  const width = features + 1;
  const scores = new Float64Array(classes);
  const probabilities = new Float64Array(classes);
  return (w: Float64Array, gradient: Float64Array): number => {
    gradient.fill(0);
    let loss = 0;
    for (let r = 0; r < rows; r++) {
      const offset = r * features;
      for (let k = 0; k < classes; k++) {
        let z = w[k * width + features];
        for (let j = 0; j < features; j++) z += w[k * width + j] * x[offset + j];
        scores[k] = z;
      }
      const logSum = logSumExp(scores);
      loss += logSum - scores[y[r]];
      for (let k = 0; k < classes; k++) {
        probabilities[k] = Math.exp(scores[k] - logSum);
        const residual = c * (probabilities[k] - (y[r] === k ? 1 : 0));
        for (let j = 0; j < features; j++) gradient[k * width + j] += residual * x[offset + j];
        gradient[k * width + features] += residual;
      }
    }
    let penalty = 0;
    for (let k = 0; k < classes; k++) {
      for (let j = 0; j < features; j++) {
        const weight = w[k * width + j];
        penalty += weight * weight;
        gradient[k * width + j] += weight;
      }
    }
    return c * loss + 0.5 * penalty;
  };
}

function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

function logSumExp(scores: Float64Array): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) if (s > max) max = s;
  let sum = 0;
  for (const s of scores) sum += Math.exp(s - max);
  return max + Math.log(sum);
}

function softmaxInto(scores: Float64Array, out: Float64Array, offset: number): void {
  const logSum = logSumExp(scores);
  for (let k = 0; k < scores.length; k++) out[offset + k] = Math.exp(scores[k] - logSum);
}
