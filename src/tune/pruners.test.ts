import { describe, expect, it } from "vitest";
import { median, shouldPrune } from "./pruners.js";
import type { Trial, TrialStatus } from "./trial.js";

let seq = 0;
/** A trial whose progress values are given per step (steps 1, 2, …), arriving now. */
function trial(number: number, status: TrialStatus, values: number[], startStep = 1): Trial {
  return {
    number,
    params: {},
    status,
    progress: values.map((value, i) => ({ step: startStep + i, value, seq: ++seq })),
    metrics: {},
  };
}

describe("median pruner", () => {
  const completed = [
    trial(0, "complete", [0.5, 0.4, 0.3]),
    trial(1, "complete", [0.6, 0.5, 0.4]),
    trial(2, "complete", [0.7, 0.6, 0.5]),
  ];
  const pruner = { type: "median", nStartupTrials: 3 } as const;

  it("prunes a trial whose best value so far is worse than the median at its step", () => {
    const worse = trial(3, "running", [0.9, 0.7]);
    expect(shouldPrune(pruner, worse, { trials: [...completed, worse] }, "minimize")).toBe(true);
  });

  it("keeps a trial at or better than the median, and uses the best value so far", () => {
    const equal = trial(3, "running", [0.6, 0.5]);
    expect(shouldPrune(pruner, equal, { trials: completed }, "minimize")).toBe(false);
    const earlyBest = trial(4, "running", [0.45, 0.9]);
    expect(shouldPrune(pruner, earlyBest, { trials: completed }, "minimize")).toBe(false);
  });

  it("mirrors for maximize", () => {
    const low = trial(3, "running", [0.3, 0.45]);
    expect(shouldPrune(pruner, low, { trials: completed }, "maximize")).toBe(true);
    const high = trial(3, "running", [0.55, 0.65]);
    expect(shouldPrune(pruner, high, { trials: completed }, "maximize")).toBe(false);
  });

  it("waits for nStartupTrials complete trials and nWarmupSteps", () => {
    const worse = trial(3, "running", [0.9, 0.9]);
    expect(shouldPrune({ type: "median", nStartupTrials: 4 }, worse, { trials: completed }, "minimize")).toBe(
      false,
    );
    expect(
      shouldPrune(
        { type: "median", nStartupTrials: 3, nWarmupSteps: 3 },
        worse,
        { trials: completed },
        "minimize",
      ),
    ).toBe(false);
    const running = [trial(5, "running", [0.1, 0.1]), trial(6, "pruned", [0.1, 0.1])];
    expect(shouldPrune({ type: "median", nStartupTrials: 1 }, worse, { trials: running }, "minimize")).toBe(
      false,
    );
  });

  it("does not prune at a step no complete trial reported, and prunes all-NaN trials", () => {
    const beyond = trial(3, "running", [0.9, 0.9, 0.9, 0.9]);
    expect(shouldPrune(pruner, beyond, { trials: completed }, "minimize")).toBe(false);
    const nan = trial(3, "running", [Number.NaN]);
    expect(shouldPrune(pruner, nan, { trials: completed }, "minimize")).toBe(true);
  });

  it("takes the median with linear interpolation", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});

describe("asha pruner", () => {
  const pruner = { type: "asha", minResource: 1, reductionFactor: 2 } as const;

  it("promotes the first trial to reach a rung", () => {
    const first = trial(0, "running", [0.5]);
    expect(shouldPrune(pruner, first, { trials: [first] }, "minimize")).toBe(false);
  });

  it("stops a trial outside the top 1/η of those that reached the rung before it", () => {
    const a = trial(0, "running", [0.2]);
    const b = trial(1, "running", [0.4]);
    const c = trial(2, "running", [0.6]);
    const late = trial(3, "running", [0.5]);
    const study = { trials: [a, b, c, late] };
    // 4 values at rung 1 (step 1), η = 2: the top 2 (0.2, 0.4) go on; 0.5 is third.
    expect(shouldPrune(pruner, late, study, "minimize")).toBe(true);
    expect(shouldPrune(pruner, late, study, "maximize")).toBe(false);
  });

  it("never revisits a decision when later trials arrive at the rung", () => {
    const early = trial(0, "running", [0.5]);
    const better = [trial(1, "running", [0.1]), trial(2, "running", [0.2]), trial(3, "running", [0.3])];
    expect(shouldPrune(pruner, early, { trials: [early, ...better] }, "minimize")).toBe(false);
  });

  it("checks each rung it reached: 1, 2, 4 … steps for minResource 1 and η 2", () => {
    const leader = trial(0, "complete", [0.5, 0.4, 0.3, 0.2]);
    const other = trial(1, "complete", [0.6, 0.5, 0.4, 0.3]);
    // Good at rung 1 (step 1): 0.45 is best of three there.
    const fading = trial(2, "running", [0.45]);
    expect(shouldPrune(pruner, fading, { trials: [leader, other, fading] }, "minimize")).toBe(false);
    // At rung 2 (step 2) its 0.6 is last of three: stopped.
    fading.progress.push({ step: 2, value: 0.6, seq: ++seq });
    expect(shouldPrune(pruner, fading, { trials: [leader, other, fading] }, "minimize")).toBe(true);
    // Step 3 lies between rungs: no new decision for a trial that was fine at rung 2.
    const steady = trial(3, "running", [0.3, 0.2, 0.9]);
    expect(shouldPrune(pruner, steady, { trials: [leader, other, steady] }, "minimize")).toBe(false);
  });

  it("stops a trial that reports NaN at a rung", () => {
    const broken = trial(0, "running", [Number.NaN]);
    expect(shouldPrune(pruner, broken, { trials: [broken] }, "minimize")).toBe(true);
  });
});

describe("no pruner", () => {
  it("never prunes", () => {
    const t = trial(0, "running", [Number.NaN]);
    expect(shouldPrune({ type: "none" }, t, { trials: [t] }, "minimize")).toBe(false);
  });
});
