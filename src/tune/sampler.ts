/**
 * The interface every search method implements, and the prior draw that random
 * search and TPE's startup phase share.
 */
import { ownRecord } from "../lib/own-keys.js";
import type { Random } from "../lib/random.js";
import {
  isParameterActive,
  type ParameterSpec,
  type Params,
  type ParamValue,
  parameterOrder,
  type SearchSpace,
} from "./search-space.js";
import type { SearchHistory } from "./trial.js";

export interface Sampler {
  readonly method: "grid" | "random" | "tpe";
  /**
   * The next trial's parameters (only the active ones), or undefined when the
   * method has nothing left to try (a finished grid). Pure: the same space,
   * history and generator state give the same answer.
   */
  suggest(space: SearchSpace, history: SearchHistory, rng: Random): Params | undefined;
}

/** Draws every active parameter independently from its distribution, parents first. */
export function sampleIndependent(space: SearchSpace, rng: Random): Params {
  return sampleActive(space, (_name, spec) => sampleFromPrior(spec, rng));
}

/**
 * Visits the parameters in order and asks `draw` for each one that is active
 * given the values drawn so far.
 */
export function sampleActive(
  space: SearchSpace,
  draw: (name: string, spec: ParameterSpec, params: Params) => ParamValue,
): Params {
  const params: Params = ownRecord();
  const active = new Set<string>();
  for (const name of parameterOrder(space)) {
    if (!isParameterActive(space, name, params, active)) continue;
    active.add(name);
    params[name] = draw(name, space[name], params);
  }
  return params;
}

/**
 * One draw from a parameter's own distribution: uniform on [low, high], uniform
 * in log space for loguniform, each allowed integer equally likely for int, and
 * for log ints Optuna's rule (uniform on [ln(low − ½), ln(high + ½)], rounded).
 */
export function sampleFromPrior(spec: ParameterSpec, rng: Random): ParamValue {
  switch (spec.type) {
    case "choice":
      return rng.choice(spec.values);
    case "uniform":
      return Math.min(spec.high, rng.between(spec.low, spec.high));
    case "loguniform":
      return clamp(Math.exp(rng.between(Math.log(spec.low), Math.log(spec.high))), spec.low, spec.high);
    case "int":
      if (spec.log) {
        const drawn = Math.exp(rng.between(Math.log(spec.low - 0.5), Math.log(spec.high + 0.5)));
        return clamp(Math.round(drawn), spec.low, spec.high);
      }
      return spec.low + spec.step * rng.integer(0, (spec.high - spec.low) / spec.step);
  }
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
