import { describe, expect, it } from "vitest";
import { Random } from "../lib/random.js";
import { buildJointParzenEstimator } from "./joint-parzen-estimator.js";
import { parseSearchSpace } from "./search-space.js";
import { tpeSampler } from "./tpe-sampler.js";
import type { Trial } from "./trial.js";

const space = parseSearchSpace({
  x: { type: "uniform", low: 0, high: 1 },
  y: { type: "uniform", low: 0, high: 1 },
  kind: { type: "choice", values: ["a", "b"] },
});

describe("joint Parzen estimator", () => {
  it("is a probability density: it integrates to 1 over the space", () => {
    const observations = [
      { x: 0.2, y: 0.3, kind: "a" },
      { x: 0.7, y: 0.9, kind: "b" },
      { x: 0.5, y: 0.1, kind: "a" },
    ];
    const estimator = buildJointParzenEstimator(space, ["x", "y", "kind"], observations);
    const cells = 200;
    let total = 0;
    for (const kind of ["a", "b"]) {
      for (let i = 0; i < cells; i++) {
        for (let j = 0; j < cells; j++) {
          total +=
            Math.exp(estimator.logPdf({ x: (i + 0.5) / cells, y: (j + 0.5) / cells, kind })) / cells ** 2;
        }
      }
    }
    expect(total).toBeCloseTo(1, 3);
  });

  it("draws every parameter from one observation's kernel, so draws keep the observations' pairing", () => {
    const estimator = buildJointParzenEstimator(
      space,
      ["x", "y"],
      Array.from({ length: 40 }, (_, i) => ({ x: 0.05 + i * 0.0225, y: 0.05 + i * 0.0225 })),
    );
    const rng = new Random(3);
    const gaps = Array.from({ length: 2000 }, () => {
      const { x, y } = estimator.sample(rng) as { x: number; y: number };
      return Math.abs(x - y);
    });
    // Independent draws from the two marginals would be a third apart on average.
    expect(gaps.reduce((a, b) => a + b, 0) / gaps.length).toBeLessThan(0.15);
  });
});

describe("multivariate TPE", () => {
  it("suggests points along the diagonal its best trials lie on, closer than univariate TPE does", () => {
    // Trials on a grid; the good ones (small |x − y|) lie along the diagonal.
    const trials: Trial[] = [];
    for (let i = 0; i < 10; i++) {
      for (let j = 0; j < 10; j++) {
        const x = (i + 0.5) / 10;
        const y = (j + 0.5) / 10;
        trials.push({
          number: trials.length,
          params: { x, y, kind: "a" },
          status: "complete",
          value: Math.abs(x - y),
          progress: [],
          metrics: {},
        });
      }
    }
    const meanGap = (multivariate: boolean) => {
      const sampler = tpeSampler({ multivariate });
      let sum = 0;
      for (let k = 0; k < 200; k++) {
        const p = sampler.suggest(space, { direction: "minimize", trials }, Random.forTrial(11, k))!;
        sum += Math.abs((p.x as number) - (p.y as number));
      }
      return sum / 200;
    };
    expect(meanGap(true)).toBeLessThan(meanGap(false) * 0.7);
  });
});
