/**
 * The multivariate Parzen estimator of Optuna's TPESampler (`multivariate=True`):
 * one mixture over several parameters at once, each kernel a product of one
 * kernel per parameter centred on the same observation, so TPE learns how the
 * parameters go together (a valley along a diagonal, a rate that only works with
 * a given depth) instead of each on its own.
 *
 * Numeric parameters use Optuna's multivariate bandwidth, the same for every
 * observation: 0.2 · n^(−1/(d+4)) · range (Scott's rule, d parameters), with the
 * magic clip to [range / min(100, n + 2), range]; the prior kernel sits mid-range
 * with the range as its width. Choice parameters use the univariate kernels. A
 * draw picks one kernel by the mixture weights and draws every parameter from it.
 */
import { ownRecord } from "../lib/own-keys.js";
import type { Random } from "../lib/random.js";
import { categoricalKernels, defaultWeights, numericAxis, type ParzenOptions } from "./parzen-estimator.js";
import { clamp } from "./sampler.js";
import type { Params, ParamValue, SearchSpace } from "./search-space.js";
import { logSumExp } from "./truncated-normal.js";

export interface JointParzenEstimator {
  sample(rng: Random): Params;
  logPdf(params: Params): number;
}

interface Dimension {
  name: string;
  /** A value drawn from kernel k. */
  draw(k: number, rng: Random): ParamValue;
  /** log density (log probability for ints and choices) of `value` under kernel k. */
  logTerm(k: number, value: ParamValue): number;
}

/** Optuna's SIGMA0_MAGNITUDE. */
const SIGMA0 = 0.2;

/** `observations`: the trials' values of `names` (each holds all of them), oldest first. */
export function buildJointParzenEstimator(
  space: SearchSpace,
  names: readonly string[],
  observations: readonly Params[],
  options: ParzenOptions = {
    priorWeight: 1,
    considerMagicClip: true,
    considerEndpoints: false,
    weights: defaultWeights,
  },
): JointParzenEstimator {
  const n = observations.length;
  const raw = n === 0 ? [1] : [...options.weights(n).slice(0, n), options.priorWeight];
  const total = raw.reduce((sum, w) => sum + w, 0);
  const logMixture = raw.map((w) => Math.log(w / total));
  const mixture = raw.map((w) => w / total);
  const dimensions: Dimension[] = names.map((name) => {
    const spec = space[name];
    const values = observations.map((o) => o[name]);
    if (spec.type === "choice") {
      const rows = categoricalKernels(spec.values, values, options.priorWeight);
      // With no observations, only the prior row exists: kernel 0 is the prior.
      const row = (k: number) => rows[Math.min(k, rows.length - 1)];
      return {
        name,
        draw: (k, rng) => spec.values[rng.weightedIndex(row(k))],
        logTerm: (k, value) => Math.log(row(k)[spec.values.indexOf(value)] ?? 0),
      };
    }
    const axis = numericAxis(spec);
    const range = axis.high - axis.low;
    const minSigma = options.considerMagicClip ? range / Math.min(100, n + 2) : 0;
    const sigma = clamp(SIGMA0 * Math.max(n, 1) ** (-1 / (names.length + 4)) * range, minSigma, range);
    const kernels = [
      ...values.map((v) => axis.kernel(axis.toSpace(v as number), sigma)),
      axis.kernel(0.5 * (axis.low + axis.high), range),
    ];
    const kernel = (k: number) => kernels[Math.min(k, kernels.length - 1)];
    return {
      name,
      draw: (k, rng) => axis.draw(kernel(k), rng),
      logTerm: (k, value) => axis.logTerm(kernel(k), value as number),
    };
  });
  return {
    sample(rng) {
      const k = rng.weightedIndex(mixture);
      const params: Params = ownRecord();
      for (const dimension of dimensions) params[dimension.name] = dimension.draw(k, rng);
      return params;
    },
    logPdf(params) {
      return logSumExp(
        logMixture.map((logWeight, k) => {
          let sum = logWeight;
          for (const dimension of dimensions) sum += dimension.logTerm(k, params[dimension.name]);
          return sum;
        }),
      );
    },
  };
}
