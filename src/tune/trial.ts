/**
 * What a search knows about its trials: the shape the samplers, the pruners and
 * the study file share.
 */
import type { Params } from "./search-space.js";

export type Direction = "minimize" | "maximize";

export const TRIAL_STATUSES = ["running", "complete", "pruned", "failed"] as const;
/** `running`: started, not finished (or interrupted by a crash, when read back from a study file). */
export type TrialStatus = (typeof TRIAL_STATUSES)[number];

/** One intermediate value a trial reported. */
export interface Progress {
  step: number;
  /** The objective metric at `step`; NaN when the trainer reported a non-number. */
  value: number;
  /**
   * Arrival order across the whole study (the line number in the study file).
   * ASHA uses it to tell which trials reached a rung before this one did.
   */
  seq: number;
}

export interface Trial {
  /** 0-based, unique in a study, in the order trials were started. */
  number: number;
  params: Params;
  status: TrialStatus;
  /** In reporting order. */
  progress: Progress[];
  /** The objective's final value (complete trials). */
  value?: number;
  metrics: Record<string, number>;
  startedAt?: string;
  finishedAt?: string;
  durationMs?: number;
  /** Restored from the training cache instead of trained. */
  cached?: boolean;
  error?: string;
}

/** The trials a sampler learns from, and which way is better. */
export interface SearchHistory {
  direction: Direction;
  trials: readonly Trial[];
}

/** `a` is strictly better than `b` in `direction`. */
export function isBetter(a: number, b: number, direction: Direction): boolean {
  return direction === "minimize" ? a < b : a > b;
}

/** The step → value map of a trial's progress; the first report of a step wins (as in Optuna). */
export function intermediateValues(trial: Trial): Map<number, Progress> {
  const values = new Map<number, Progress>();
  for (const entry of trial.progress) if (!values.has(entry.step)) values.set(entry.step, entry);
  return values;
}

/** The highest step the trial reported, or undefined. */
export function lastStep(trial: Trial): number | undefined {
  let last: number | undefined;
  for (const { step } of trial.progress) if (last === undefined || step > last) last = step;
  return last;
}
