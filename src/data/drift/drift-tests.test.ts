import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { chi2Sf, erfc, kstwoSf, logGamma, normalCdf, normalSf } from "../../lib/distributions.js";
import {
  type CategoryCounts,
  chi2Test,
  jensenShannonCategorical,
  jensenShannonNumeric,
  klCategorical,
  klNumeric,
  ksTest,
  normalizedWasserstein,
  psiCategorical,
  psiNumeric,
  type WeightedSample,
  wassersteinDistance,
  weightedMean,
  weightedSample,
  weightedStd,
  zTest,
} from "./drift-tests.js";

/** Written by scripts/reference/drift_reference.py (scipy + a numpy port of Evidently's binning). */
const fixture = JSON.parse(
  readFileSync(new URL("../../../test/fixtures/drift-reference.json", import.meta.url), "utf8"),
);

type Counts = Record<string, number>;
interface Named {
  name: string;
}
interface KsCase extends Named {
  ref: number[];
  cur: number[];
  statistic: number;
  pvalue: number;
}
interface KsGeneratedCase extends Named {
  n1: number;
  n2: number;
  shift: number;
  statistic: number;
  pvalue: number;
}
interface Chi2Case extends Named {
  ref: Counts;
  cur: Counts;
  statistic: number;
  pvalue: number;
  dof: number;
}
interface ZCase extends Named {
  ref: Counts;
  cur: Counts;
  statistic: number;
  pvalue: number;
  pvalueEvidently: number;
}
interface SampleCase extends Named {
  ref: number[];
  cur: number[];
  refWeights?: number[];
  curWeights?: number[];
}
interface WassersteinCase extends SampleCase {
  distance: number;
  normalized: number;
}
interface BinnedScores {
  jensenshannon: number;
  psi: number;
  kl: number;
}
interface CategoricalCase extends Named, BinnedScores {
  ref: Counts;
  cur: Counts;
}

/** |actual − expected| <= max(abs, rel·|expected|). */
function expectClose(actual: number, expected: number, rel: number, abs = 0): void {
  const tolerance = Math.max(abs, rel * Math.abs(expected));
  if (!(Math.abs(actual - expected) <= tolerance)) {
    expect.fail(`expected ${actual} to be within ${tolerance} of ${expected}`);
  }
}

/** Sorted weighted sample from unsorted values and weights (the fixture keeps scipy's input order). */
function weighted(values: number[], weights: number[]): WeightedSample {
  const order = values.map((_, i) => i).sort((a, b) => values[a] - values[b]);
  return {
    values: Float64Array.from(order, (i) => values[i]),
    weights: Float64Array.from(order, (i) => weights[i]),
  };
}

function sampleOf(values: number[], weights?: number[]): WeightedSample {
  return weights ? weighted(values, weights) : weightedSample(values);
}

const counts = (c: Counts): CategoryCounts => new Map(Object.entries(c));

describe("distributions vs scipy", () => {
  it("logGamma matches scipy.special.gammaln", () => {
    for (const [x, expected] of fixture.gammaln as number[][])
      expectClose(logGamma(x), expected, 1e-14, 1e-14);
  });

  it("erfc and the normal tail match scipy.special.erfc and scipy.stats.norm.sf", () => {
    for (const [x, expected] of fixture.erfc as number[][]) expectClose(erfc(x), expected, 1e-13);
    for (const [z, expected] of fixture.normSf as number[][]) {
      expectClose(normalSf(z), expected, 1e-13);
      expectClose(normalCdf(-z), expected, 1e-13);
    }
  });

  it("chi2Sf matches scipy.stats.chi2.sf", () => {
    for (const [k, x, expected] of fixture.chi2Sf as number[][]) expectClose(chi2Sf(x, k), expected, 1e-11);
  });

  it("kstwoSf matches scipy.stats.kstwo.sf on every branch", () => {
    // Relative 1e-9, absolute 1e-14: the 1 − CDF branches carry the CDF's rounding
    // (~1e-16) and scipy's Pomeranz vs our Durbin for n <= 140 round differently.
    for (const [n, x, expected] of fixture.kstwoSf as number[][]) {
      expectClose(kstwoSf(x, n), expected, 1e-9, 1e-14);
    }
  });
});

describe("ksTest vs scipy.stats.ks_2samp", () => {
  for (const c of fixture.ks as KsCase[]) {
    it(c.name, () => {
      const result = ksTest(weightedSample(c.ref), weightedSample(c.cur));
      expectClose(result.statistic, c.statistic, 1e-12, 1e-15);
      // Exact p-values: relative 1e-6 (we see ~1e-14); the asymptotic ones: the same.
      expectClose(result.pValue!, c.pvalue, 1e-9, 1e-15);
    });
  }

  for (const c of fixture.ksGenerated as KsGeneratedCase[]) {
    it(`${c.name} (samples rebuilt from n1, n2, shift)`, () => {
      const ref = Array.from({ length: c.n1 }, (_, i) => i / c.n1);
      const cur = Array.from({ length: c.n2 }, (_, j) => j / c.n2 + c.shift);
      const result = ksTest(weightedSample(ref), weightedSample(cur));
      expectClose(result.statistic, c.statistic, 1e-12);
      expectClose(result.pValue!, c.pvalue, 1e-9, 1e-15);
    });
  }

  it("a weighted sample gives the result of its expanded raw sample", () => {
    const c = (fixture.ks as KsCase[])[2];
    const values = [...new Set(c.ref)];
    const weights = values.map((v) => c.ref.filter((x) => x === v).length);
    const result = ksTest(weighted(values, weights), weightedSample(c.cur));
    expectClose(result.statistic, c.statistic, 1e-12);
    expectClose(result.pValue!, c.pvalue, 1e-9);
  });

  it("is symmetric and rejects empty samples", () => {
    const a = weightedSample([1, 2, 3, 4, 5, 6]);
    const b = weightedSample([3.5, 4.5, 5.5, 6.5, 7.5]);
    expect(ksTest(a, b)).toEqual(ksTest(b, a));
    expect(() => ksTest(weightedSample([]), b)).toThrow(/empty/);
  });
});

describe("chi2Test vs scipy.stats.chi2_contingency", () => {
  for (const c of fixture.chi2 as Chi2Case[]) {
    it(c.name, () => {
      const result = chi2Test(counts(c.ref), counts(c.cur));
      expect(result.dof).toBe(c.dof);
      expectClose(result.statistic, c.statistic, 1e-12, 1e-15);
      expectClose(result.pValue!, c.pvalue, 1e-10);
    });
  }

  it("needs counts on both sides", () => {
    expect(() => chi2Test(new Map(), counts({ a: 3 }))).toThrow(/both/);
  });
});

describe("zTest vs Evidently's z stattest", () => {
  for (const c of fixture.z as ZCase[]) {
    it(c.name, () => {
      const result = zTest(counts(c.ref), counts(c.cur));
      expectClose(result.statistic, c.statistic, 1e-12);
      expectClose(result.pValue!, c.pvalue, 1e-12);
      // Evidently's own 2·(1 − Φ(|z|)) differs only by the rounding of 1 − Φ.
      expectClose(result.pValue!, c.pvalueEvidently, 1e-9, 1e-15);
    });
  }

  it("rejects more than two categories", () => {
    expect(() => zTest(counts({ a: 1, b: 2 }), counts({ c: 3 }))).toThrow(/binary/);
  });
});

describe("Wasserstein vs scipy.stats.wasserstein_distance and Evidently's normed value", () => {
  for (const c of fixture.wasserstein as WassersteinCase[]) {
    it(c.name, () => {
      const ref = sampleOf(c.ref, c.refWeights);
      const cur = sampleOf(c.cur, c.curWeights);
      expectClose(wassersteinDistance(ref, cur), c.distance, 1e-12);
      expectClose(normalizedWasserstein(ref, cur), c.normalized, 1e-12);
    });
  }

  it("weighted mean and population std", () => {
    const s = weighted([3, 1, 2], [1, 2, 1]);
    expect(weightedMean(s)).toBeCloseTo(7 / 4, 15);
    expect(weightedStd(s)).toBeCloseTo(Math.sqrt((2 * (3 / 4) ** 2 + (1 / 4) ** 2 + (5 / 4) ** 2) / 4), 15);
  });
});

describe("Evidently's jensenshannon, psi and kl_div", () => {
  for (const c of fixture.binnedNumeric as (SampleCase & BinnedScores)[]) {
    it(`numeric: ${c.name}`, () => {
      const ref = sampleOf(c.ref, c.refWeights);
      const cur = sampleOf(c.cur, c.curWeights);
      expectClose(jensenShannonNumeric(ref, cur), c.jensenshannon, 1e-12);
      expectClose(psiNumeric(ref, cur), c.psi, 1e-12);
      expectClose(klNumeric(ref, cur), c.kl, 1e-12);
    });
  }

  for (const c of fixture.binnedCategorical as CategoricalCase[]) {
    it(`categorical: ${c.name}`, () => {
      const ref = counts(c.ref);
      const cur = counts(c.cur);
      expectClose(jensenShannonCategorical(ref, cur), c.jensenshannon, 1e-12);
      expectClose(psiCategorical(ref, cur), c.psi, 1e-12);
      expectClose(klCategorical(ref, cur), c.kl, 1e-12);
    });
  }

  it("returns NaN when a side is empty, as Evidently", () => {
    expect(psiNumeric(weightedSample([]), weightedSample([1, 2]))).toBeNaN();
    expect(jensenShannonCategorical(counts({ a: 1 }), new Map())).toBeNaN();
  });

  it("identical distributions score 0", () => {
    const s = weightedSample(Array.from({ length: 100 }, (_, i) => Math.sin(i)));
    expect(jensenShannonNumeric(s, s)).toBe(0);
    expect(psiNumeric(s, s)).toBe(0);
    expect(klNumeric(s, s)).toBe(0);
  });
});
