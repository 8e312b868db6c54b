/**
 * TPE against random search (issue 3 §7), bundled and run by bench/tune.mjs.
 * For each test function with a known optimum and each seed: random search's
 * best value after 100 trials, and the number of trials TPE (same seed, the
 * samplers mlship's searches use, one trial at a time) needs to match it.
 * Prints one JSON document.
 */
import { Random } from "../src/lib/random.js";
import { randomSampler } from "../src/tune/random-sampler.js";
import type { Sampler } from "../src/tune/sampler.js";
import { type Params, parseSearchSpace, type SearchSpace } from "../src/tune/search-space.js";
import { tpeSampler } from "../src/tune/tpe-sampler.js";
import type { Trial } from "../src/tune/trial.js";

interface Problem {
  name: string;
  description: string;
  space: SearchSpace;
  /** Minimized. */
  f: (p: Params) => number;
  optimum: number;
}

const n = (p: Params, name: string) => p[name] as number;

/** Branin–Hoo on [-5, 10] × [0, 15]: three global minima of 0.397887. */
const branin: Problem = {
  name: "branin",
  description: "Branin-Hoo, 2 continuous dimensions, three global minima",
  space: parseSearchSpace({
    x1: { type: "uniform", low: -5, high: 10 },
    x2: { type: "uniform", low: 0, high: 15 },
  }),
  f: (p) => {
    const x1 = n(p, "x1");
    const x2 = n(p, "x2");
    const b = 5.1 / (4 * Math.PI ** 2);
    const c = 5 / Math.PI;
    return (x2 - b * x1 ** 2 + c * x1 - 6) ** 2 + 10 * (1 - 1 / (8 * Math.PI)) * Math.cos(x1) + 10;
  },
  optimum: 0.397887,
};

/** Hartmann-6 on [0, 1]^6: global minimum −3.32237. */
const H6_A = [
  [10, 3, 17, 3.5, 1.7, 8],
  [0.05, 10, 17, 0.1, 8, 14],
  [3, 3.5, 1.7, 10, 17, 8],
  [17, 8, 0.05, 10, 0.1, 14],
];
const H6_P = [
  [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886],
  [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
  [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.665],
  [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
];
const H6_ALPHA = [1, 1.2, 3, 3.2];
const hartmann6: Problem = {
  name: "hartmann6",
  description: "Hartmann-6, 6 continuous dimensions",
  space: parseSearchSpace(
    Object.fromEntries([0, 1, 2, 3, 4, 5].map((i) => [`x${i}`, { type: "uniform", low: 0, high: 1 }])),
  ),
  f: (p) => {
    let sum = 0;
    for (let i = 0; i < 4; i++) {
      let inner = 0;
      for (let j = 0; j < 6; j++) inner += H6_A[i][j] * (n(p, `x${j}`) - H6_P[i][j]) ** 2;
      sum += H6_ALPHA[i] * Math.exp(-inner);
    }
    return -sum;
  },
  optimum: -3.32237,
};

/**
 * A gradient-boosting-like space: log-scale rate, integer depth and leaves, a
 * subsample share, and a booster choice with a conditional param. The loss is
 * a smooth bowl around a known best setting (0 there).
 */
const boosting: Problem = {
  name: "boosting-like",
  description: "mixed space: loguniform, int (one log-scale), uniform, choice, and a conditional param",
  space: parseSearchSpace({
    learning_rate: { type: "loguniform", low: 0.001, high: 1 },
    max_depth: { type: "int", low: 2, high: 12 },
    max_leaf_nodes: { type: "int", low: 4, high: 256, log: true },
    subsample: { type: "uniform", low: 0.3, high: 1 },
    booster: { type: "choice", values: ["gbtree", "dart", "linear"] },
    rate_drop: { type: "uniform", low: 0, high: 0.5, when: { booster: "dart" } },
  }),
  f: (p) => {
    const booster = p.booster as string;
    let loss =
      (Math.log10(n(p, "learning_rate")) + 1.2) ** 2 +
      ((n(p, "max_depth") - 7) / 4) ** 2 +
      (Math.log2(n(p, "max_leaf_nodes")) - 5) ** 2 / 9 +
      ((n(p, "subsample") - 0.8) / 0.4) ** 2;
    if (booster === "dart") loss += 0.05 + ((n(p, "rate_drop") - 0.1) / 0.3) ** 2;
    if (booster === "linear") loss += 0.6;
    return loss;
  },
  optimum: 0,
};

const PROBLEMS = [branin, hartmann6, boosting];
const RANDOM_TRIALS = 100;
const TPE_MAX_TRIALS = 300;
const SEEDS = Number(process.env.BENCH_TUNE_SEEDS ?? 10);
/** mlship's default (multivariate) and Optuna's default (univariate) TPE. */
const TPE_VARIANTS: Record<string, () => Sampler> = {
  multivariate: () => tpeSampler(),
  univariate: () => tpeSampler({ multivariate: false }),
};

/** Best-so-far values of a sequential search, trial by trial. */
function run(sampler: Sampler, problem: Problem, seed: number, trials: number, stopAt?: number): number[] {
  const history: Trial[] = [];
  const best: number[] = [];
  for (let number = 0; number < trials; number++) {
    const params = sampler.suggest(
      problem.space,
      { direction: "minimize", trials: history },
      Random.forTrial(seed, number),
    )!;
    const value = problem.f(params);
    history.push({ number, params, status: "complete", progress: [], value, metrics: { value } });
    best.push(Math.min(value, best.at(-1) ?? Number.POSITIVE_INFINITY));
    if (stopAt !== undefined && best.at(-1)! <= stopAt) break;
  }
  return best;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x: number) => Number(x.toPrecision(5));

const results = PROBLEMS.map((problem) => {
  const perSeed = [];
  for (let seed = 0; seed < SEEDS; seed++) {
    const started = performance.now();
    const randomBest = run(randomSampler(), problem, seed, RANDOM_TRIALS).at(-1)!;
    const randomMs = performance.now() - started;
    const variants = Object.fromEntries(
      Object.entries(TPE_VARIANTS).map(([variant, make]) => {
        const tpeStarted = performance.now();
        const tpe = run(make(), problem, seed, TPE_MAX_TRIALS, randomBest);
        const tpeMs = performance.now() - tpeStarted;
        return [
          variant,
          {
            trialsToMatch: tpe.at(-1)! <= randomBest ? tpe.length : null,
            best100: round(run(make(), problem, seed, RANDOM_TRIALS).at(-1)!),
            suggestMsPerTrial: round(tpeMs / tpe.length),
          },
        ];
      }),
    );
    perSeed.push({
      seed,
      randomBest100: round(randomBest),
      randomSuggestMsPerTrial: round(randomMs / RANDOM_TRIALS),
      tpe: variants,
    });
  }
  const summary = (variant: string) => {
    const counts = perSeed.map((s) => s.tpe[variant].trialsToMatch ?? Number.POSITIVE_INFINITY);
    return {
      medianTrialsToMatchRandom100: median(counts),
      unmatchedWithin: { trials: TPE_MAX_TRIALS, seeds: counts.filter((c) => !Number.isFinite(c)).length },
      medianGapToOptimumAt100: round(median(perSeed.map((s) => s.tpe[variant].best100 - problem.optimum))),
    };
  };
  return {
    problem: problem.name,
    description: problem.description,
    optimum: problem.optimum,
    seeds: SEEDS,
    random: { medianGapToOptimumAt100: round(median(perSeed.map((s) => s.randomBest100 - problem.optimum))) },
    tpe: Object.fromEntries(Object.keys(TPE_VARIANTS).map((variant) => [variant, summary(variant)])),
    perSeed,
  };
});

process.stdout.write(
  `${JSON.stringify({ randomTrials: RANDOM_TRIALS, tpeMaxTrials: TPE_MAX_TRIALS, results })}\n`,
);
