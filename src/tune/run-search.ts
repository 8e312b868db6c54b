/**
 * A hyperparameter search on one machine, one trial at a time: ask the
 * sampler for params, run the trial, record it in the study file, repeat
 * until the budget of trials is spent (or a grid runs out). The study file is
 * the only state, so a search stopped at any point continues where it was:
 * a trial it finds still "running" was cut off and is recorded as failed.
 */

import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { MlshipError } from "../lib/errors.js";
import { ownValue } from "../lib/own-keys.js";
import { Random } from "../lib/random.js";
import { gridSampler } from "./grid-sampler.js";
import { type PrunerSettings, shouldPrune } from "./pruners.js";
import { randomSampler } from "./random-sampler.js";
import type { Sampler } from "./sampler.js";
import type { Params, SearchSpace } from "./search-space.js";
import {
  applyStudyEvent,
  bestTrial,
  nextTrialNumber,
  resumeStudy,
  type Study,
  type StudyEvent,
  StudyWriter,
} from "./study.js";
import { tpeSampler } from "./tpe-sampler.js";
import type { Direction, Trial } from "./trial.js";

export type SearchMethod = "grid" | "random" | "tpe";

export interface TrialHooks {
  /** Aborted when the pruner stops the trial. */
  signal: AbortSignal;
  /** A progress report: the trial's values at a step (the objective among them, by name). */
  progress(step: number, values: Record<string, number>): void;
}

/** A finished trial's metrics (`cached`: restored from the training cache, not trained), or pruned. */
export type TrialOutcome = { metrics: Record<string, number>; cached?: boolean } | { pruned: true };

export interface SearchSettings {
  space: SearchSpace;
  method: SearchMethod;
  /** Trials to finish in all (a resumed search counts the ones it already has). */
  trials: number;
  seed: number;
  objective: string;
  direction: Direction;
  studyFile: string;
  /**
   * Runs one trial; an MlshipError marks the trial failed and the search goes on. A trial that
   * reports progress calls `hooks.progress(step, values)`; when the pruner stops it, `hooks.signal`
   * aborts and the trial resolves with `{ pruned: true }`.
   */
  runTrial: (params: Params, trial: number, hooks: TrialHooks) => Promise<TrialOutcome>;
  /** Stops trials whose reported objective lags (median, ASHA); default: none. */
  pruner?: PrunerSettings;
  /** Trials run at once (default 1). Trials in one process only overlap in I/O: give them their own processes. */
  parallel?: number;
  /** Told about each finished trial, for progress output. */
  onTrial?: (trial: Trial) => void;
}

export interface SearchOutcome {
  study: Study;
  best: Trial | undefined;
  /** Trials run by this call (not those found in the study file). */
  ran: number;
}

export function createSampler(method: SearchMethod): Sampler {
  switch (method) {
    case "grid":
      return gridSampler();
    case "random":
      return randomSampler();
    case "tpe":
      return tpeSampler();
  }
}

export async function runSearch(settings: SearchSettings): Promise<SearchOutcome> {
  await mkdir(dirname(settings.studyFile), { recursive: true });
  const study: Study = await resumeStudy(settings.studyFile);
  const writer = new StudyWriter(settings.studyFile);
  let seq = study.trials.length + 1;
  const record = async (event: StudyEvent) => {
    await writer.append(event);
    applyStudyEvent(study, event, seq++);
  };
  if (!study.header) {
    await record({
      event: "study",
      version: 1,
      objective: settings.objective,
      direction: settings.direction,
      method: settings.method,
      seed: settings.seed,
      createdAt: new Date().toISOString(),
    });
  } else if (study.header.objective !== settings.objective || study.header.direction !== settings.direction) {
    throw new MlshipError(
      "study_mismatch",
      `${settings.studyFile} is a study of ${study.header.direction} ${study.header.objective}, not ${settings.direction} ${settings.objective}: use another study file or the same objective`,
      { file: settings.studyFile },
    );
  }
  for (const trial of study.trials.filter((t) => t.status === "running")) {
    await record({
      event: "finished",
      trial: trial.number,
      status: "failed",
      error: "interrupted: the search stopped during this trial",
    });
  }

  const sampler = createSampler(settings.method);
  const parallel = Math.max(1, settings.parallel ?? 1);
  let ran = 0;
  let exhausted = false;
  let failure: unknown;
  const running = new Set<Promise<void>>();
  const finished = () => study.trials.filter((t) => t.status !== "running").length;

  const runOne = async (number: number, params: Params): Promise<void> => {
    const started = Date.now();
    const controller = new AbortController();
    const pruner = settings.pruner ?? { type: "none" };
    const hooks: TrialHooks = {
      signal: controller.signal,
      progress: (step, values) => {
        const value = values[settings.objective];
        if (value === undefined || controller.signal.aborted) return;
        const event: StudyEvent = { event: "progress", trial: number, step, value };
        writer.append(event).catch((error: unknown) => {
          failure ??= error;
        });
        applyStudyEvent(study, event, seq++);
        const trial = study.trials.find((t) => t.number === number)!;
        if (shouldPrune(pruner, trial, { trials: study.trials }, settings.direction)) controller.abort();
      },
    };
    try {
      const outcome = await settings.runTrial(params, number, hooks);
      if ("pruned" in outcome) {
        const last = study.trials.find((t) => t.number === number)!.progress.at(-1);
        await record({
          event: "finished",
          trial: number,
          status: "pruned",
          value: last?.value,
          durationMs: Date.now() - started,
        });
      } else {
        const { metrics } = outcome;
        const value = ownValue(metrics, settings.objective);
        if (value === undefined) {
          throw new MlshipError(
            "missing_objective",
            `trial ${number} reported no "${settings.objective}" (it reported ${Object.keys(metrics).join(", ") || "nothing"})`,
          );
        }
        await record({
          event: "finished",
          trial: number,
          status: "complete",
          value,
          metrics,
          durationMs: Date.now() - started,
          ...(outcome.cached ? { cached: true } : {}),
        });
      }
    } catch (error) {
      if (!(error instanceof MlshipError)) throw error;
      await record({
        event: "finished",
        trial: number,
        status: "failed",
        error: error.message,
        durationMs: Date.now() - started,
      });
    }
    ran++;
    settings.onTrial?.(study.trials.find((t) => t.number === number)!);
  };

  // Keep up to `parallel` trials running; a new one starts (with what the finished ones taught the sampler)
  // as soon as one ends, until the budget is spent.
  while (failure === undefined) {
    while (!exhausted && running.size < parallel && finished() + running.size < settings.trials) {
      const number = nextTrialNumber(study);
      const params = sampler.suggest(
        settings.space,
        { direction: settings.direction, trials: study.trials },
        Random.forTrial(settings.seed, number),
      );
      if (params === undefined) {
        exhausted = true; // a grid with nothing left to try
        break;
      }
      await record({ event: "started", trial: number, params, at: new Date().toISOString() });
      const task: Promise<void> = runOne(number, params).then(
        () => {
          running.delete(task);
        },
        (error: unknown) => {
          running.delete(task);
          failure ??= error;
        },
      );
      running.add(task);
    }
    if (running.size === 0) break;
    await Promise.race(running);
  }
  await Promise.allSettled(running);
  if (failure !== undefined) throw failure;
  return { study, best: bestTrial(study, settings.objective, settings.direction), ran };
}
