/**
 * When a side keeps more distinct values than its exact store, the drift result says
 * how far off it can be: the exact statistic (computed here from an exact store of the
 * same data) must lie in the reported range, for every test, whichever side is sketched.
 * Small store limits (1,000 numbers, 40 categories) make the sketches at test sizes.
 */
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../test/data/temp-dir.js";
import type { ColumnProfileState } from "../profile/column-profile.js";
import { CategoryDistribution, NumericDistribution } from "../profile/column-stats.js";
import { hashString } from "../sketch/hash.js";
import { TopK } from "../sketch/top-k.js";
import { ValueStore } from "../sketch/value-store.js";
import type { DriftColumnResult, DriftTestName } from "../validate/report.js";
import { columnDrift } from "./column-drift.js";

function numericState(values: ArrayLike<number>, exactLimit?: number): ColumnProfileState {
  const distribution = new NumericDistribution(new ValueStore(exactLimit ? { exactLimit } : {}));
  for (let i = 0; i < values.length; i++) distribution.add(values[i]);
  return {
    name: "v",
    type: "number",
    declared: true,
    count: values.length,
    missing: 0,
    invalid: 0,
    numeric: distribution.toJSON(),
  };
}

function categoryState(values: string[], capacity?: number): ColumnProfileState {
  const distribution = new CategoryDistribution(new TopK(capacity ? { capacity } : {}));
  for (const value of values) distribution.add(value, hashString(value));
  return {
    name: "v",
    type: "category",
    declared: true,
    count: values.length,
    missing: 0,
    invalid: 0,
    categories: distribution.toJSON(),
  };
}

function drift(
  reference: ColumnProfileState,
  current: ColumnProfileState,
  test: DriftTestName,
  threshold?: number,
) {
  const result = columnDrift({
    reference,
    current,
    referenceRows: reference.count,
    settings: { test, threshold },
  });
  if (!result) throw new Error("no result");
  return result;
}

function expectWithin(approximate: DriftColumnResult, exact: DriftColumnResult): void {
  const range = approximate.approximate;
  expect(exact.approximate).toBeNull();
  expect(range, "marked approximate").not.toBeNull();
  if (!range) return;
  const slack = 1e-12 * Math.max(1, Math.abs(exact.statistic));
  expect(exact.statistic, "exact statistic ≥ low").toBeGreaterThanOrEqual(range.statistic.low - slack);
  expect(exact.statistic, "exact statistic ≤ high").toBeLessThanOrEqual(range.statistic.high + slack);
  expect(approximate.statistic).toBeGreaterThanOrEqual(range.statistic.low);
  expect(approximate.statistic).toBeLessThanOrEqual(range.statistic.high);
  expect(range.errorBound).toBeCloseTo(
    Math.max(approximate.statistic - range.statistic.low, range.statistic.high - approximate.statistic),
    12,
  );
  if (exact.pValue !== null) {
    expect(range.pValue).not.toBeNull();
    expect(exact.pValue).toBeGreaterThanOrEqual(range.pValue!.low * (1 - 1e-9));
    expect(exact.pValue).toBeLessThanOrEqual(range.pValue!.high * (1 + 1e-9));
  }
}

const r = seededRandom(42);
const N = 30_000;
const continuousRef = Float64Array.from({ length: N }, () => 50 + 10 * (r() + r() + r() - 1.5));
const continuousCur = Float64Array.from({ length: N }, () => 51 + 11 * (r() + r() + r() - 1.5));
const LIMIT = 1000;

describe("numeric sides past the exact store: the exact statistic lies in the reported range", () => {
  const tests: DriftTestName[] = ["ks", "wasserstein", "jensenshannon", "psi", "kl", "chi2"];
  const sides = [
    { sketched: ["reference"], ref: LIMIT, cur: undefined },
    { sketched: ["current"], ref: undefined, cur: LIMIT },
    { sketched: ["reference", "current"], ref: LIMIT, cur: LIMIT },
  ];
  const exactRef = numericState(continuousRef);
  const exactCur = numericState(continuousCur);
  for (const side of sides) {
    const ref = side.ref ? numericState(continuousRef, side.ref) : exactRef;
    const cur = side.cur ? numericState(continuousCur, side.cur) : exactCur;
    it.each(tests)(`%s, sketched: ${side.sketched.join(" and ")}`, (test) => {
      const approximate = drift(ref, cur, test);
      expectWithin(approximate, drift(exactRef, exactCur, test));
      expect(approximate.approximate?.sketched).toEqual(side.sketched);
      expect(approximate.approximate?.confidence).toBeCloseTo(1 - 0.01 * side.sketched.length, 12);
    });
  }

  it.each(["jensenshannon", "psi", "kl", "chi2"] as DriftTestName[])(
    "%s on a reference of few values against a sketched current with many",
    (test) => {
      const few = Float64Array.from(continuousRef, (x) => Math.round(x / 10));
      const approximate = drift(numericState(few), numericState(continuousCur, LIMIT), test);
      expectWithin(approximate, drift(numericState(few), exactCur, test));
    },
  );

  it("states ks's bound as the sum of the sides' rank errors, and wasserstein's as ε·range/std", () => {
    const ks = drift(numericState(continuousRef, LIMIT), numericState(continuousCur, LIMIT), "ks");
    const epsilon = new ValueStore({ exactLimit: 1 }).rankError; // exact: 0
    expect(epsilon).toBe(0);
    const sketchEpsilon = 2.296 / 3000 ** 0.9723;
    expect(ks.approximate?.errorBound).toBeCloseTo(2 * sketchEpsilon, 12);
    const w = drift(numericState(continuousRef, LIMIT), exactCur, "wasserstein");
    const ref = NumericDistribution.fromJSON(numericState(continuousRef).numeric!);
    const range = ref.values.max - ref.values.min;
    expect(w.approximate?.errorBound).toBeCloseTo((sketchEpsilon * range) / ref.moments.std, 10);
  });
});

describe("categorical sides past their TopK capacity: the exact statistic lies in the reported range", () => {
  const zipf = (seed: number, shift: number) => {
    const next = seededRandom(seed);
    return Array.from({ length: 20_000 }, () => `c${Math.floor(200 * next() ** (2 + shift))}`);
  };
  const refValues = zipf(1, 0);
  const curValues = zipf(2, 0.3);
  it.each(["chi2", "jensenshannon", "psi", "kl"] as DriftTestName[])("%s", (test) => {
    const exact = drift(categoryState(refValues), categoryState(curValues), test);
    for (const [ref, cur] of [
      [40, undefined],
      [undefined, 40],
      [40, 40],
    ]) {
      const approximate = drift(categoryState(refValues, ref), categoryState(curValues, cur), test);
      expectWithin(approximate, exact);
      expect(approximate.approximate?.confidence).toBe(1);
    }
  });
});

describe("borderline", () => {
  const ref = numericState(continuousRef, LIMIT);
  const cur = numericState(continuousCur, LIMIT);
  const estimate = drift(ref, cur, "wasserstein");
  const { low, high } = estimate.approximate!.statistic;

  it("is set when the threshold lies within the statistic's range, on either side of the statistic", () => {
    expect(drift(ref, cur, "wasserstein", (low + estimate.statistic) / 2)).toMatchObject({
      drifted: true,
      borderline: true,
    });
    expect(drift(ref, cur, "wasserstein", (high + estimate.statistic) / 2)).toMatchObject({
      drifted: false,
      borderline: true,
    });
  });

  it("is not set when the whole range is on one side of the threshold", () => {
    expect(drift(ref, cur, "wasserstein", high * 1.01)).toMatchObject({ drifted: false, borderline: false });
    expect(drift(ref, cur, "wasserstein", low * 0.99)).toMatchObject({ drifted: true, borderline: false });
  });

  it("is judged on the p-value's range for ks", () => {
    const ks = drift(ref, cur, "ks");
    const p = ks.approximate!.pValue!;
    expect(p.low).toBeLessThan(p.high);
    expect(drift(ref, cur, "ks", Math.sqrt(p.low * p.high) || p.high / 2)).toMatchObject({
      borderline: true,
    });
  });

  it("is never set, and nothing is approximate, when both sides are exact", () => {
    const exact = drift(numericState(continuousRef), numericState(continuousCur), "wasserstein", 0.0001);
    expect(exact).toMatchObject({ approximate: null, borderline: false });
  });
});
