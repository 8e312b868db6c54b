import { describe, expect, it } from "vitest";
import { maxOf, minOf } from "../../lib/arrays.js";
import { Random } from "../../lib/random.js";
import {
  BINNING_SAMPLE,
  binFeatures,
  binOf,
  fitBinMapper,
  MAX_BINS,
  MISSING_BIN,
} from "./histogram-binning.js";

function columns(...features: number[][]) {
  const rows = features[0].length;
  const values = new Float32Array(rows * features.length);
  features.forEach((f, j) => {
    values.set(f, j * rows);
  });
  return { rows, features: features.length, values };
}

describe("histogram binning", () => {
  it("gives a feature with few distinct values one bin per value, split halfway between neighbours", () => {
    const mapper = fitBinMapper(columns([3, 1, 2, 2, 1, 5]), new Random(0));
    expect(Array.from(mapper.thresholds[0])).toEqual([1.5, 2.5, 4]);
    expect(mapper.binsNonMissing[0]).toBe(4);
    expect(Array.from(binFeatures(mapper, columns([1, 2, 3, 5, 0, 9])))).toEqual([0, 1, 2, 3, 0, 3]);
  });

  it("puts missing values in their own last bin and records that the feature has them", () => {
    const data = columns([1, Number.NaN, 2], [1, 2, 3]);
    const mapper = fitBinMapper(data, new Random(0));
    expect(Array.from(mapper.hasMissing)).toEqual([1, 0]);
    expect(binFeatures(mapper, data)[1]).toBe(MISSING_BIN);
    expect(Array.from(mapper.thresholds[0])).toEqual([1.5]);
  });

  it("splits a feature with many values at quantiles into at most 255 bins of about equal size", () => {
    const random = new Random(3);
    const values = Array.from({ length: 20_000 }, () => random.uniform() * 1000);
    const data = columns(values);
    const mapper = fitBinMapper(data, new Random(0));
    expect(mapper.thresholds[0]).toHaveLength(MAX_BINS - 1);
    const counts = new Array(256).fill(0);
    for (const code of binFeatures(mapper, data)) counts[code]++;
    const used = counts.slice(0, MAX_BINS);
    expect(minOf(used)).toBeGreaterThan(20_000 / MAX_BINS - 5);
    expect(maxOf(used)).toBeLessThan(20_000 / MAX_BINS + 5);
  });

  it("uses float32 thresholds that keep adjacent float32 values in separate bins", () => {
    const one = 1;
    const next = one + 2 ** -23;
    const afterNext = next + 2 ** -23;
    const mapper = fitBinMapper(columns([one, next, afterNext, next]), new Random(0));
    const t = mapper.thresholds[0];
    for (const threshold of t) expect(Math.fround(threshold)).toBe(threshold);
    expect(Array.from(binFeatures(mapper, columns([one, next, afterNext])))).toEqual([0, 1, 2]);
  });

  it("places a value in the first bin whose threshold it does not exceed", () => {
    const thresholds = Float64Array.of(1, 2, 3);
    expect([0.5, 1, 1.5, 2, 3, 3.5, Number.NaN].map((v) => binOf(thresholds, v))).toEqual([
      0,
      0,
      1,
      1,
      2,
      3,
      MISSING_BIN,
    ]);
  });

  it("takes the quantiles of a seeded sample when there are more rows than the sample size", () => {
    const random = new Random(5);
    const values = Array.from({ length: 3000 }, () => random.uniform());
    const a = fitBinMapper(columns(values), new Random(1), { sample: 1000 });
    const b = fitBinMapper(columns(values), new Random(1), { sample: 1000 });
    const c = fitBinMapper(columns(values), new Random(2), { sample: 1000 });
    expect(Array.from(a.thresholds[0])).toEqual(Array.from(b.thresholds[0]));
    expect(Array.from(a.thresholds[0])).not.toEqual(Array.from(c.thresholds[0]));
    expect(BINNING_SAMPLE).toBe(200_000);
  });

  it("rejects a bin count outside 2…255", () => {
    expect(() => fitBinMapper(columns([1, 2]), new Random(0), { maxBins: 256 })).toThrow(/max_bins/);
  });
});
