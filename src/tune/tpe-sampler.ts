/**
 * Tree-structured Parzen Estimator, following Optuna's TPESampler with its
 * defaults (univariate, `consider_prior`, `consider_magic_clip`, no endpoints,
 * `prior_weight` 1, no constant liar):
 *
 * 1. While fewer than `nStartupTrials` trials are complete or pruned, draw
 *    independently from the space (seeded random search).
 * 2. Else rank those trials, best first: complete trials by value (ties: lower
 *    trial number first), then pruned trials by the deepest step reached and the
 *    value there. The first gamma(n) = min(ceil(0.1·n), 25) are "good", the rest "bad".
 *    Running and failed trials are ignored.
 * 3. For each active parameter, parents first: build l(x) from the good trials'
 *    values and g(x) from the bad ones' (trials without the parameter do not
 *    count), draw `nEiCandidates` (24) candidates from l and keep the one with the
 *    largest log l(x) − log g(x); the first such candidate wins a tie.
 *
 * Simplifications against Optuna: univariate only (no `multivariate`/`group`),
 * no constraints, no `constant_liar`, no categorical distance functions, and a
 * different generator (this project's xoshiro128**), so the suggestions differ
 * from Optuna's numerically while following the same rules.
 */

import { ownRecord, ownValue } from "../lib/own-keys.js";
import type { Random } from "../lib/random.js";
import { buildJointParzenEstimator } from "./joint-parzen-estimator.js";
import { buildParzenEstimator, defaultWeights, type ParzenOptions } from "./parzen-estimator.js";
import { type Sampler, sampleActive, sampleIndependent } from "./sampler.js";
import {
  type ParameterSpec,
  type Params,
  type ParamValue,
  parameterOrder,
  type SearchSpace,
} from "./search-space.js";
import { type Direction, intermediateValues, lastStep, type Trial } from "./trial.js";

export interface TpeOptions {
  /** Random trials before the model is used (default 10). */
  nStartupTrials?: number;
  /** Candidates drawn from l(x) per parameter (default 24). */
  nEiCandidates?: number;
  /** Weight of the prior kernel (default 1). */
  priorWeight?: number;
  /** Number of "good" trials among n (default min(ceil(0.1·n), 25)). */
  gamma?: (n: number) => number;
  /** Kernel weights of n observations, oldest first (default Optuna's ramp). */
  weights?: (n: number) => number[];
  considerMagicClip?: boolean;
  considerEndpoints?: boolean;
  /**
   * Model the unconditional parameters jointly (Optuna's `multivariate=True`);
   * conditional ones are still drawn one by one. Default true.
   */
  multivariate?: boolean;
}

export const DEFAULT_TPE_STARTUP_TRIALS = 10;
export const DEFAULT_EI_CANDIDATES = 24;

/** Optuna's `default_gamma`. */
export function defaultGamma(n: number): number {
  return Math.min(Math.ceil(0.1 * n), 25);
}

export function tpeSampler(options: TpeOptions = {}): Sampler {
  const nStartupTrials = options.nStartupTrials ?? DEFAULT_TPE_STARTUP_TRIALS;
  const nEiCandidates = options.nEiCandidates ?? DEFAULT_EI_CANDIDATES;
  const gamma = options.gamma ?? defaultGamma;
  const parzen: ParzenOptions = {
    priorWeight: options.priorWeight ?? 1,
    considerMagicClip: options.considerMagicClip ?? true,
    considerEndpoints: options.considerEndpoints ?? false,
    weights: options.weights ?? defaultWeights,
  };
  const multivariate = options.multivariate ?? true;
  return {
    method: "tpe",
    suggest(space, history, rng) {
      const finished = history.trials.filter(
        (t) => (t.status === "complete" && Number.isFinite(t.value)) || t.status === "pruned",
      );
      if (finished.length < nStartupTrials) return sampleIndependent(space, rng);
      const { below, above } = splitTrials(finished, gamma(finished.length), history.direction);
      const joint = multivariate ? suggestJoint(space, below, above, parzen, nEiCandidates, rng) : {};
      return sampleActive(space, (name, spec) =>
        name in joint
          ? joint[name]
          : suggestParameter(
              spec,
              observe(below, name, spec),
              observe(above, name, spec),
              parzen,
              nEiCandidates,
              rng,
            ),
      );
    },
  };
}

/** The good (first `nBelow` by rank) and bad trials, each in trial-number order. */
export function splitTrials(
  trials: readonly Trial[],
  nBelow: number,
  direction: Direction,
): { below: Trial[]; above: Trial[] } {
  const sign = direction === "minimize" ? 1 : -1;
  const complete = trials
    .filter((t) => t.status === "complete")
    .sort(
      (a, b) => compareValues(sign * (a.value as number), sign * (b.value as number)) || a.number - b.number,
    );
  const pruned = trials
    .filter((t) => t.status === "pruned")
    .map((trial) => ({ trial, ...prunedScore(trial, sign) }))
    .sort((a, b) => b.step - a.step || compareValues(a.value, b.value) || a.trial.number - b.trial.number)
    .map(({ trial }) => trial);
  const ranked = [...complete, ...pruned];
  const byNumber = (a: Trial, b: Trial) => a.number - b.number;
  return { below: ranked.slice(0, nBelow).sort(byNumber), above: ranked.slice(nBelow).sort(byNumber) };
}

/** Deepest step reached and the signed value there; no progress ranks last. */
function prunedScore(trial: Trial, sign: number): { step: number; value: number } {
  const step = lastStep(trial);
  if (step === undefined) return { step: Number.NEGATIVE_INFINITY, value: Number.POSITIVE_INFINITY };
  return { step, value: sign * (intermediateValues(trial).get(step)?.value ?? Number.NaN) };
}

/** Ascending, NaN last. */
function compareValues(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a - b;
}

/** The values trials took for `name`; values that no longer fit the space (an edited config) are skipped. */
function observe(trials: readonly Trial[], name: string, spec: ParameterSpec): ParamValue[] {
  return trials
    .map((trial) => ownValue(trial.params, name))
    .filter((value): value is ParamValue => fits(spec, value));
}

/**
 * The unconditional parameters drawn together: `nEiCandidates` draws from the
 * joint l(x), the one with the largest log l(x) − log g(x) (the first on a tie).
 * Fewer than two such parameters: nothing (the univariate path does it).
 */
function suggestJoint(
  space: SearchSpace,
  below: readonly Trial[],
  above: readonly Trial[],
  parzen: ParzenOptions,
  nEiCandidates: number,
  rng: Random,
): Params {
  const names = parameterOrder(space).filter((name) => space[name].when === undefined);
  if (names.length < 2) return ownRecord();
  const rows = (trials: readonly Trial[]) =>
    trials
      .filter((t) => names.every((name) => fits(space[name], ownValue(t.params, name))))
      .map((t) => ownRecord(names.map((name) => [name, t.params[name]] as const)));
  const l = buildJointParzenEstimator(space, names, rows(below), parzen);
  const g = buildJointParzenEstimator(space, names, rows(above), parzen);
  let best: Params = ownRecord();
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < nEiCandidates; i++) {
    const candidate = l.sample(rng);
    const score = l.logPdf(candidate) - g.logPdf(candidate);
    if (i === 0 || score > bestScore) {
      best = candidate;
      bestScore = Number.isNaN(score) ? Number.NEGATIVE_INFINITY : score;
    }
  }
  return best;
}

/** The value still fits the parameter (the config may have been edited since the trial ran). */
function fits(spec: ParameterSpec, value: ParamValue | undefined): boolean {
  if (value === undefined) return false;
  if (spec.type === "choice") return spec.values.includes(value);
  return typeof value === "number" && value >= spec.low && value <= spec.high;
}

function suggestParameter(
  spec: ParameterSpec,
  good: readonly ParamValue[],
  bad: readonly ParamValue[],
  parzen: ParzenOptions,
  nEiCandidates: number,
  rng: Random,
): ParamValue {
  const l = buildParzenEstimator(spec, good, parzen);
  const g = buildParzenEstimator(spec, bad, parzen);
  let best: ParamValue | undefined;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < nEiCandidates; i++) {
    const candidate = l.sample(rng);
    const score = l.logPdf(candidate) - g.logPdf(candidate);
    if (best === undefined || score > bestScore) {
      best = candidate;
      bestScore = Number.isNaN(score) ? Number.NEGATIVE_INFINITY : score;
    }
  }
  return best as ParamValue;
}
