import { appendFile, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { maxOf } from "../lib/arrays.js";
import { MlshipError } from "../lib/errors.js";
import { runSearch, type SearchSettings } from "./run-search.js";
import { readStudy } from "./study.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-search-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

function settings(overrides: Partial<SearchSettings> = {}): SearchSettings {
  return {
    space: { x: { type: "uniform", low: 0, high: 1 }, kind: { type: "choice", values: ["a", "b"] } },
    method: "random",
    trials: 8,
    seed: 3,
    objective: "score",
    direction: "maximize",
    studyFile: join(dir, "study.jsonl"),
    runTrial: async (params) => ({
      metrics: { score: -((Number(params.x) - 0.3) ** 2) + (params.kind === "b" ? 0.1 : 0) },
    }),
    ...overrides,
  };
}

describe("runSearch", () => {
  it("runs the budget of trials, records each in the study file and returns the best", async () => {
    const outcome = await runSearch(settings());
    expect(outcome.ran).toBe(8);
    const study = await readStudy(join(dir, "study.jsonl"));
    expect(study.trials.map((t) => t.status)).toEqual(Array(8).fill("complete"));
    const best = maxOf(study.trials.map((t) => t.metrics.score));
    expect(outcome.best?.metrics.score).toBe(best);
  });

  it("resumes from the study file: a larger budget runs only the missing trials, with the same params", async () => {
    await runSearch(settings({ trials: 5 }));
    const resumed = await runSearch(settings({ trials: 8 }));
    expect(resumed.ran).toBe(3);
    const fresh = await runSearch(settings({ studyFile: join(dir, "fresh.jsonl") }));
    expect(resumed.study.trials.map((t) => t.params)).toEqual(fresh.study.trials.map((t) => t.params));
  });

  it("records a trial cut off by a crash as failed and goes on", async () => {
    await runSearch(settings({ trials: 2 }));
    await appendFile(
      join(dir, "study.jsonl"),
      '{"event":"started","trial":2,"params":{"x":0.5,"kind":"a"}}\n{"event":"fin',
    );
    const outcome = await runSearch(settings({ trials: 4 }));
    expect(outcome.study.trials.map((t) => t.status)).toEqual(["complete", "complete", "failed", "complete"]);
    expect(outcome.study.trials[2].error).toMatch(/interrupted/);
  });

  it("marks a failing trial failed and keeps searching", async () => {
    let calls = 0;
    const outcome = await runSearch(
      settings({
        runTrial: async () => {
          calls++;
          if (calls === 2) throw new MlshipError("bad_param", "that param does not work");
          return { metrics: { score: calls } };
        },
      }),
    );
    expect(outcome.study.trials.map((t) => t.status)).toEqual([
      "complete",
      "failed",
      ...Array(6).fill("complete"),
    ]);
    expect(outcome.study.trials[1].error).toBe("that param does not work");
  });

  it("stops a grid when every point has been tried", async () => {
    const outcome = await runSearch(
      settings({ method: "grid", trials: 100, space: { kind: { type: "choice", values: ["a", "b", "c"] } } }),
    );
    expect(outcome.ran).toBe(3);
  });

  it("refuses to resume a study of another objective", async () => {
    await runSearch(settings({ trials: 1 }));
    await expect(runSearch(settings({ objective: "loss", direction: "minimize" }))).rejects.toMatchObject({
      code: "study_mismatch",
    });
    expect((await readFile(join(dir, "study.jsonl"), "utf8")).split("\n").filter(Boolean)).toHaveLength(3);
  });

  it("keeps up to `parallel` trials running at once and still finishes exactly the budget", async () => {
    let active = 0;
    let most = 0;
    const outcome = await runSearch(
      settings({
        trials: 7,
        parallel: 3,
        runTrial: async (params) => {
          active++;
          most = Math.max(most, active);
          await new Promise((done) => setTimeout(done, 20));
          active--;
          return { metrics: { score: Number(params.x) } };
        },
      }),
    );
    expect(most).toBe(3);
    expect(outcome.ran).toBe(7);
    const study = await readStudy(join(dir, "study.jsonl"));
    expect(study.trials.map((t) => t.number)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(study.trials.every((t) => t.status === "complete")).toBe(true);
  });

  it("gives a grid's points once each when trials run in parallel", async () => {
    const outcome = await runSearch(
      settings({
        method: "grid",
        trials: 100,
        parallel: 2,
        space: { kind: { type: "choice", values: ["a", "b", "c"] } },
        runTrial: async () => {
          await new Promise((done) => setTimeout(done, 10));
          return { metrics: { score: 1 } };
        },
      }),
    );
    expect(outcome.study.trials.map((t) => t.params.kind).sort()).toEqual(["a", "b", "c"]);
  });

  it("prunes a trial whose reported objective falls below the median of the finished ones", async () => {
    const scores = [0.9, 0.8, 0.87, 0.1, 0.95];
    const outcome = await runSearch(
      settings({
        trials: 5,
        pruner: { type: "median", nStartupTrials: 2 },
        runTrial: async (_params, trial, hooks) => {
          for (let step = 1; step <= 5; step++) {
            hooks.progress(step, { score: scores[trial] });
            if (hooks.signal.aborted) return { pruned: true };
          }
          return { metrics: { score: scores[trial] } };
        },
      }),
    );
    const statuses = outcome.study.trials.map((t) => t.status);
    expect(statuses).toEqual(["complete", "complete", "complete", "pruned", "complete"]);
    expect(outcome.study.trials[3].progress[0]).toMatchObject({ step: 1, value: 0.1 });
    expect(outcome.best?.number).toBe(4);
    const study = await readStudy(join(dir, "study.jsonl"));
    expect(study.trials.map((t) => t.status)).toEqual(statuses);
  });
});
