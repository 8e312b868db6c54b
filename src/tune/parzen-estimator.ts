/**
 * The univariate Parzen estimator of Optuna's TPESampler (optuna/samplers/_tpe/
 * parzen_estimator.py, `multivariate=False`): a weighted mixture with one kernel
 * per observation plus one prior kernel.
 *
 * Numeric parameters work in a transformed space: logarithms for loguniform and
 * log ints, and for ints the range widened by half a step on each side so every
 * integer owns an interval of equal width. Each observation gets a normal kernel
 * truncated to the range, its width the larger distance to its sorted neighbours
 * (the prior's mean and the range ends count as neighbours; with
 * `considerEndpoints: false` the outermost kernels use their inner neighbour
 * only), clipped to [range / min(100, n + 2), range] ("magic clip"). The prior
 * kernel sits mid-range with the range as its width. Ints are rounded onto the
 * step after drawing, and their probability is the mass of their interval.
 *
 * Categorical parameters: each observation's kernel puts 1 + w/(n+1) on the
 * observed value and w/(n+1) on every other value (w = `priorWeight`), rows
 * normalized; the prior kernel is uniform.
 *
 * Mixture weights: `weights(n)` for the observations (oldest first) and
 * `priorWeight` for the prior, normalized; with no observations only the prior.
 */
import type { Random } from "../lib/random.js";
import { clamp } from "./sampler.js";
import { isLogScale, type ParameterSpec, type ParamValue } from "./search-space.js";
import {
  logSumExp,
  sampleTruncatedNormal,
  type TruncatedNormal,
  truncatedNormalLogMass,
  truncatedNormalLogPdf,
} from "./truncated-normal.js";

const EPS = 1e-12;

export interface ParzenOptions {
  priorWeight: number;
  considerMagicClip: boolean;
  considerEndpoints: boolean;
  /** Weights of n observations given oldest first. */
  weights: (n: number) => number[];
}

export interface ParzenEstimator {
  sample(rng: Random): ParamValue;
  /** log density (log probability for ints and choices) of `value`. */
  logPdf(value: ParamValue): number;
}

/**
 * Optuna's `default_weights`: all ones below 25 observations; beyond that the
 * 25 newest weigh 1 and older ones ramp linearly from 1/n up to 1.
 */
export function defaultWeights(n: number): number[] {
  if (n < 25) return Array.from({ length: n }, () => 1);
  const rampLength = n - 25;
  const ramp = Array.from({ length: rampLength }, (_, i) =>
    rampLength === 1 ? 1 / n : 1 / n + ((1 - 1 / n) * i) / (rampLength - 1),
  );
  return [...ramp, ...Array.from({ length: 25 }, () => 1)];
}

/** Builds the estimator from `observations` (values of one parameter, oldest trial first). */
export function buildParzenEstimator(
  spec: ParameterSpec,
  observations: readonly ParamValue[],
  options: ParzenOptions,
): ParzenEstimator {
  const n = observations.length;
  const mixture = n === 0 ? [1] : normalize([...options.weights(n).slice(0, n), options.priorWeight]);
  return spec.type === "choice"
    ? categoricalEstimator(spec.values, observations, mixture, options.priorWeight)
    : numericEstimator(spec, observations as readonly number[], mixture, options);
}

function categoricalEstimator(
  values: readonly ParamValue[],
  observations: readonly ParamValue[],
  mixture: number[],
  priorWeight: number,
): ParzenEstimator {
  const rows = categoricalKernels(values, observations, priorWeight);
  const probabilities = new Array<number>(values.length).fill(0);
  rows.forEach((row, k) => {
    for (let c = 0; c < values.length; c++) probabilities[c] += mixture[k] * row[c];
  });
  return {
    sample: (rng) => values[rng.weightedIndex(probabilities)],
    logPdf: (value) => Math.log(probabilities[values.indexOf(value)] ?? 0),
  };
}

/**
 * The kernels of a choice parameter, one probability row per observation
 * (1 + w/(n+1) on the observed value, w/(n+1) elsewhere, normalized) and last
 * the prior's uniform row.
 */
export function categoricalKernels(
  values: readonly ParamValue[],
  observations: readonly ParamValue[],
  priorWeight: number,
): number[][] {
  const choices = values.length;
  const kernels = observations.length + 1;
  const rowTotal = (priorWeight / kernels) * choices + 1;
  const rows = observations.map((observed) => {
    const index = values.indexOf(observed);
    return values.map((_, c) => (priorWeight / kernels + (c === index ? 1 : 0)) / rowTotal);
  });
  rows.push(values.map(() => 1 / choices));
  return rows;
}

function numericEstimator(
  spec: NumericSpec,
  observations: readonly number[],
  mixture: number[],
  options: ParzenOptions,
): ParzenEstimator {
  const axis = numericAxis(spec);
  const mus = observations.map(axis.toSpace);
  const sigmas = kernelWidths(mus, axis.low, axis.high, options);
  mus.push(0.5 * (axis.low + axis.high));
  sigmas.push(axis.high - axis.low);
  const kernels: TruncatedNormal[] = mus.map((mu, k) => axis.kernel(mu, sigmas[k]));
  return {
    sample(rng) {
      return axis.draw(kernels[rng.weightedIndex(mixture)], rng);
    },
    logPdf(value) {
      const x = value as number;
      return logSumExp(kernels.map((kernel, k) => Math.log(mixture[k]) + axis.logTerm(kernel, x)));
    },
  };
}

export type NumericSpec = Exclude<ParameterSpec, { type: "choice" }>;

/**
 * A numeric parameter's kernel space: the transform (log for log scales), the
 * range (widened by half a step for ints), a kernel there, a draw mapped back
 * onto the parameter's values, and a value's log density (log mass for ints).
 */
export interface NumericAxis {
  low: number;
  high: number;
  toSpace(x: number): number;
  kernel(mu: number, sigma: number): TruncatedNormal;
  draw(kernel: TruncatedNormal, rng: Random): number;
  logTerm(kernel: TruncatedNormal, value: number): number;
}

export function numericAxis(spec: NumericSpec): NumericAxis {
  const step = spec.type === "int" ? spec.step : undefined;
  const log = isLogScale(spec);
  const toSpace = (x: number) => (log ? Math.log(x) : x);
  const fromSpace = (t: number) => (log ? Math.exp(t) : t);
  const low = toSpace(step === undefined ? spec.low : spec.low - step / 2);
  const high = toSpace(step === undefined ? spec.high : spec.high + step / 2);
  const align = (x: number) =>
    step === undefined
      ? clamp(x, spec.low, spec.high)
      : clamp(Math.round((x - spec.low) / step) * step + spec.low, spec.low, spec.high);
  return {
    low,
    high,
    toSpace,
    kernel: (mu, sigma) => ({ mu, sigma: Math.max(sigma, EPS), low, high }),
    draw: (kernel, rng) => align(fromSpace(sampleTruncatedNormal(kernel, rng))),
    logTerm(kernel, value) {
      if (step === undefined) return truncatedNormalLogPdf(kernel, toSpace(value));
      return truncatedNormalLogMass(kernel, toSpace(value - step / 2), toSpace(value + step / 2));
    },
  };
}

/** Optuna's univariate bandwidths for the observation kernels (see the module comment). */
function kernelWidths(mus: readonly number[], low: number, high: number, options: ParzenOptions): number[] {
  const n = mus.length;
  const withPrior = [...mus, 0.5 * (low + high)];
  const order = withPrior.map((_, i) => i).sort((a, b) => withPrior[a] - withPrior[b] || a - b);
  const points = [low, ...order.map((i) => withPrior[i]), high];
  const sorted = order.map((_, j) => Math.max(points[j + 1] - points[j], points[j + 2] - points[j + 1]));
  if (!options.considerEndpoints && points.length >= 4) {
    sorted[0] = points[2] - points[1];
    sorted[sorted.length - 1] = points[points.length - 2] - points[points.length - 3];
  }
  const widths = new Array<number>(withPrior.length);
  order.forEach((original, j) => {
    widths[original] = sorted[j];
  });
  const maxSigma = high - low;
  const minSigma = options.considerMagicClip ? (high - low) / Math.min(100, n + 2) : EPS;
  return widths.slice(0, n).map((sigma) => clamp(sigma, minSigma, maxSigma));
}

function normalize(weights: number[]): number[] {
  const total = weights.reduce((sum, w) => sum + w, 0);
  return weights.map((w) => w / total);
}
