/**
 * Early stopping of unpromising trials from their reported progress. Pure: the
 * decision depends only on the trial, the study's trials and the direction, so
 * replaying a study file gives the same decisions.
 *
 * - `median` (Optuna's MedianPruner): at the trial's latest step s, once at
 *   least `nStartupTrials` trials are complete and s ≥ `nWarmupSteps` (and s is
 *   the first report in its `intervalSteps` window), prune when the trial's best
 *   value so far is worse than the median of the values the complete trials
 *   reported at exactly step s (linear interpolation between the middle two, NaN
 *   ignored). No complete trial reported s: no pruning. A trial whose values are
 *   all NaN is pruned.
 * - `asha` (Optuna's SuccessiveHalvingPruner, asynchronous successive halving):
 *   rung k sits at step `minResource · η^(minEarlyStoppingRate + k)`. A trial's
 *   value at a rung is the first value it reported at or past that step. At each
 *   rung it has reached, the trial competes with the trials of the study that
 *   reached that rung before it did (in study order, `Progress.seq`); it goes on
 *   only if it is within the top ⌊m/η⌋ of those m values (itself included; at
 *   least the top 1). Because only earlier arrivals count, a decision never
 *   changes once made, as in ASHA.
 */
import {
  type Direction,
  intermediateValues,
  isBetter,
  lastStep,
  type Progress,
  type Trial,
} from "./trial.js";

export interface MedianPrunerSettings {
  type: "median";
  /** Complete trials needed before anything is pruned (default 5). */
  nStartupTrials?: number;
  /** Steps of each trial that are never pruned (default 0). */
  nWarmupSteps?: number;
  /** Check once per this many steps after the warmup (default 1). */
  intervalSteps?: number;
}

export interface AshaPrunerSettings {
  type: "asha";
  /** Step of the first rung (default 1). */
  minResource?: number;
  /** η: the top 1/η of each rung go on (default 4, Optuna's). */
  reductionFactor?: number;
  /** s: the first rung sits at minResource·η^s (default 0). */
  minEarlyStoppingRate?: number;
}

export interface NoPrunerSettings {
  type: "none";
}

export type PrunerSettings = MedianPrunerSettings | AshaPrunerSettings | NoPrunerSettings;

export interface PruningStudy {
  trials: readonly Trial[];
}

/** Whether `trial` (running, with its progress so far) should be stopped now. */
export function shouldPrune(
  pruner: PrunerSettings,
  trial: Trial,
  study: PruningStudy,
  direction: Direction,
): boolean {
  switch (pruner.type) {
    case "median":
      return shouldPruneMedian(pruner, trial, study, direction);
    case "asha":
      return shouldPruneAsha(pruner, trial, study, direction);
    case "none":
      return false;
  }
}

function shouldPruneMedian(
  pruner: MedianPrunerSettings,
  trial: Trial,
  study: PruningStudy,
  direction: Direction,
): boolean {
  const nStartupTrials = pruner.nStartupTrials ?? 5;
  const nWarmupSteps = pruner.nWarmupSteps ?? 0;
  const intervalSteps = pruner.intervalSteps ?? 1;
  const complete = study.trials.filter((t) => t.status === "complete" && t.number !== trial.number);
  if (complete.length === 0 || complete.length < nStartupTrials) return false;
  const step = lastStep(trial);
  if (step === undefined || step < nWarmupSteps) return false;
  if (!isFirstInInterval(step, trial, nWarmupSteps, intervalSteps)) return false;

  const best = bestSoFar(trial, direction);
  if (Number.isNaN(best)) return true;
  const atStep = complete
    .map((t) => intermediateValues(t).get(step)?.value)
    .filter((v): v is number => v !== undefined && !Number.isNaN(v));
  if (atStep.length === 0) return false;
  return isBetter(median(atStep), best, direction);
}

/** Optuna's `_is_first_in_interval_step`: no earlier report since the last pruning point. */
function isFirstInInterval(step: number, trial: Trial, nWarmupSteps: number, intervalSteps: number): boolean {
  const nearestPruningStep = Math.floor((step - nWarmupSteps) / intervalSteps) * intervalSteps + nWarmupSteps;
  let secondLast = -1;
  for (const entry of trial.progress)
    if (entry.step !== step && entry.step > secondLast) secondLast = entry.step;
  return secondLast < nearestPruningStep;
}

function bestSoFar(trial: Trial, direction: Direction): number {
  let best = Number.NaN;
  for (const { value } of trial.progress) {
    if (Number.isNaN(value)) continue;
    if (Number.isNaN(best) || isBetter(value, best, direction)) best = value;
  }
  return best;
}

/** The 50th percentile with linear interpolation (numpy's default). */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = (sorted.length - 1) / 2;
  const low = Math.floor(middle);
  const high = Math.ceil(middle);
  return sorted[low] + (sorted[high] - sorted[low]) * (middle - low);
}

function shouldPruneAsha(
  pruner: AshaPrunerSettings,
  trial: Trial,
  study: PruningStudy,
  direction: Direction,
): boolean {
  const minResource = pruner.minResource ?? 1;
  const eta = pruner.reductionFactor ?? 4;
  const rate = pruner.minEarlyStoppingRate ?? 0;
  if (!(minResource > 0) || !(eta >= 2) || !(rate >= 0)) {
    throw new RangeError("asha needs minResource > 0, reductionFactor >= 2 and minEarlyStoppingRate >= 0");
  }
  const last = lastStep(trial);
  if (last === undefined) return false;
  for (let rung = 0; ; rung++) {
    const rungStep = minResource * eta ** (rate + rung);
    if (last < rungStep) return false;
    const own = arrivalAt(trial, rungStep);
    if (own === undefined) return false;
    if (Number.isNaN(own.value)) return true;
    const competitors = study.trials
      .filter((t) => t.number !== trial.number)
      .map((t) => arrivalAt(t, rungStep))
      .filter((a): a is Progress => a !== undefined && a.seq < own.seq && !Number.isNaN(a.value))
      .map((a) => a.value);
    if (!isPromotable(own.value, competitors, eta, direction)) return true;
  }
}

/** The first report at or past `rungStep`, in reporting order. */
function arrivalAt(trial: Trial, rungStep: number): Progress | undefined {
  return trial.progress.find((entry) => entry.step >= rungStep);
}

/** Optuna's `_is_trial_promotable_to_next_rung`. */
function isPromotable(
  value: number,
  competitors: readonly number[],
  eta: number,
  direction: Direction,
): boolean {
  const all = [...competitors, value].sort((a, b) => a - b);
  const promotable = Math.max(0, Math.floor(all.length / eta) - 1);
  return direction === "minimize" ? value <= all[promotable] : value >= all[all.length - 1 - promotable];
}
