/**
 * The result of a search as mlship reports it (`search.json`, `--json`, the
 * train action's job summary): the objective, the best trial, every trial.
 */
import { type ParameterImportance, parameterImportance } from "./importance.js";
import type { Params } from "./search-space.js";
import type { Study } from "./study.js";
import type { Direction, Trial, TrialStatus } from "./trial.js";

export interface SearchSummary {
  objective: string;
  direction: Direction;
  /** grid, random, tpe, or `collected` (fanned out across jobs). */
  method: string;
  best: { trial: number; params: Params; value: number };
  /** How much of the objective's variation over the complete trials each param accounts for (sums to 1). */
  importance: ParameterImportance[];
  trials: {
    trial: number;
    params: Params;
    status: TrialStatus;
    value: number | null;
    durationMs: number | null;
    /** Restored from the training cache instead of trained. */
    cached: boolean;
    error?: string;
  }[];
}

export function summarizeSearch(
  study: Study,
  best: Trial,
  settings: { objective: string; direction: Direction; method: string },
): SearchSummary {
  return {
    ...settings,
    best: { trial: best.number, params: best.params, value: best.value! },
    importance: parameterImportance(
      study.trials.flatMap((t) =>
        t.status === "complete" && t.value !== undefined ? [{ params: t.params, value: t.value }] : [],
      ),
    ),
    trials: study.trials.map((t) => ({
      trial: t.number,
      params: t.params,
      status: t.status,
      value: t.value ?? null,
      durationMs: t.durationMs ?? null,
      cached: t.cached ?? false,
      error: t.error,
    })),
  };
}
