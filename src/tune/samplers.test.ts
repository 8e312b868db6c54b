import { describe, expect, it } from "vitest";
import { minOf } from "../lib/arrays.js";
import { Random } from "../lib/random.js";
import { enumerateGrid, gridSampler, gridValues } from "./grid-sampler.js";
import { randomSampler } from "./random-sampler.js";
import type { Sampler } from "./sampler.js";
import { activeParameters, type Params, parseSearchSpace, type SearchSpace } from "./search-space.js";
import { tpeSampler } from "./tpe-sampler.js";
import type { Direction, Trial } from "./trial.js";

function completeTrial(number: number, params: Params, value: number): Trial {
  return { number, params, status: "complete", progress: [], value, metrics: { value } };
}

/** Runs a serial search of `trials` trials and returns them. */
function search(
  sampler: Sampler,
  space: SearchSpace,
  objective: (p: Params) => number,
  trials: number,
  seed: number,
  direction: Direction = "minimize",
): Trial[] {
  const history: Trial[] = [];
  for (let number = 0; number < trials; number++) {
    const params = sampler.suggest(space, { direction, trials: history }, Random.forTrial(seed, number));
    if (params === undefined) break;
    history.push(completeTrial(number, params, objective(params)));
  }
  return history;
}

function bestValue(trials: readonly Trial[]): number {
  return minOf(trials.map((t) => t.value as number));
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const conditional = parseSearchSpace({
  booster: { type: "choice", values: ["tree", "linear"] },
  depth: { type: "int", low: 1, high: 3, when: { booster: "tree" } },
  alpha: { type: "loguniform", low: 0.001, high: 1, gridPoints: 2, when: { booster: "linear" } },
});

describe("grid sampler", () => {
  it("discretizes ranges into gridPoints values, ints onto their lattice", () => {
    const space = parseSearchSpace({
      x: { type: "uniform", low: 0, high: 1, gridPoints: 3 },
      lr: { type: "loguniform", low: 0.001, high: 1, gridPoints: 4 },
      n: { type: "int", low: 0, high: 100, step: 10 },
      few: { type: "int", low: 1, high: 3 },
      big: { type: "int", low: 1, high: 1000, log: true, gridPoints: 4 },
    });
    expect(gridValues(space.x)).toEqual([0, 0.5, 1]);
    expect(gridValues(space.lr)).toEqual([0.001, 0.01, 0.1, 1]);
    expect(gridValues(space.n)).toEqual([0, 30, 50, 80, 100]);
    expect(gridValues(space.few)).toEqual([1, 2, 3]);
    expect(gridValues(space.big)).toEqual([1, 10, 100, 1000]);
  });

  it("enumerates the product with the first parameter varying slowest, conditionals only where active", () => {
    expect(enumerateGrid(conditional)).toEqual([
      { booster: "tree", depth: 1 },
      { booster: "tree", depth: 2 },
      { booster: "tree", depth: 3 },
      { booster: "linear", alpha: 0.001 },
      { booster: "linear", alpha: 1 },
    ]);
  });

  it("suggests each point once, skipping points already tried, then reports exhaustion", () => {
    const trials = search(gridSampler(), conditional, () => 0, 100, 1);
    expect(trials.map((t) => t.params)).toEqual(enumerateGrid(conditional));
    const sampler = gridSampler();
    const tried = [completeTrial(0, { booster: "tree", depth: 1 }, 0)];
    expect(sampler.suggest(conditional, { direction: "minimize", trials: tried }, new Random(0))).toEqual({
      booster: "tree",
      depth: 2,
    });
    const all = enumerateGrid(conditional).map((p, i) => completeTrial(i, p, 0));
    expect(
      sampler.suggest(conditional, { direction: "minimize", trials: all }, new Random(0)),
    ).toBeUndefined();
  });
});

describe("random sampler", () => {
  const space = parseSearchSpace({
    x: { type: "uniform", low: -1, high: 1 },
    lr: { type: "loguniform", low: 1e-5, high: 1 },
    n: { type: "int", low: 2, high: 20, step: 2 },
    m: { type: "int", low: 1, high: 1000, log: true },
  });

  it("is reproducible by seed and differs between seeds", () => {
    const a = search(randomSampler(), space, () => 0, 10, 11).map((t) => t.params);
    const b = search(randomSampler(), space, () => 0, 10, 11).map((t) => t.params);
    const c = search(randomSampler(), space, () => 0, 10, 12).map((t) => t.params);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it("stays inside every range and on the int lattice", () => {
    for (const { params } of search(randomSampler(), space, () => 0, 300, 3)) {
      const { x, lr, n, m } = params as Record<string, number>;
      expect(x >= -1 && x <= 1).toBe(true);
      expect(lr >= 1e-5 && lr <= 1).toBe(true);
      expect(n % 2 === 0 && n >= 2 && n <= 20).toBe(true);
      expect(Number.isInteger(m) && m >= 1 && m <= 1000).toBe(true);
    }
  });

  it("puts conditional parameters only in trials where they are active", () => {
    for (const { params } of search(randomSampler(), conditional, () => 0, 50, 5)) {
      expect(Object.keys(params)).toEqual(activeParameters(conditional, params));
    }
  });
});

describe("tpe sampler", () => {
  const space = parseSearchSpace({
    x: { type: "uniform", low: 0, high: 1 },
    y: { type: "loguniform", low: 1e-5, high: 1 },
  });
  const objective = (p: Params) => ((p.x as number) - 0.3) ** 2 + (Math.log10(p.y as number) + 2) ** 2;

  it("beats random search on a known function (median over seeds of the best after 40 trials)", () => {
    const seeds = Array.from({ length: 9 }, (_, i) => i + 1);
    const tpe = seeds.map((seed) => bestValue(search(tpeSampler(), space, objective, 40, seed)));
    const random = seeds.map((seed) => bestValue(search(randomSampler(), space, objective, 40, seed)));
    expect(median(tpe)).toBeLessThan(median(random));
  });

  it("is deterministic per seed", () => {
    const a = search(tpeSampler(), space, objective, 25, 4).map((t) => t.params);
    const b = search(tpeSampler(), space, objective, 25, 4).map((t) => t.params);
    expect(a).toEqual(b);
  });

  it("uses random draws for the startup trials", () => {
    const tpe = search(tpeSampler({ nStartupTrials: 10 }), space, objective, 10, 8).map((t) => t.params);
    const random = search(randomSampler(), space, objective, 10, 8).map((t) => t.params);
    expect(tpe).toEqual(random);
  });

  it("learns a categorical and maximizes when asked", () => {
    const cat = parseSearchSpace({ k: { type: "choice", values: ["a", "b", "c", "d"] } });
    const trials = search(
      tpeSampler({ nStartupTrials: 8 }),
      cat,
      (p) => (p.k === "c" ? 1 : 0),
      40,
      2,
      "maximize",
    );
    const late = trials.slice(20).filter((t) => t.params.k === "c").length;
    expect(late).toBeGreaterThan(10);
  });

  it("keeps ints on their lattice and conditionals only where active", () => {
    const trials = search(
      tpeSampler({ nStartupTrials: 3 }),
      conditional,
      (p) => (p.booster === "tree" ? (p.depth as number) : Math.abs(Math.log10(p.alpha as number) + 1)),
      30,
      3,
    );
    for (const { params } of trials) {
      expect(Object.keys(params)).toEqual(activeParameters(conditional, params));
      if (params.depth !== undefined) expect([1, 2, 3]).toContain(params.depth);
    }
  });
});
