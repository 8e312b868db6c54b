import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { delongAuc, delongDifference, normalQuantile } from "./delong.js";

const reference = JSON.parse(
  readFileSync(new URL("../../test/fixtures/evaluation/evaluation-reference.json", import.meta.url), "utf8"),
) as {
  y: number[];
  p: number[];
  p2: number[];
  delong: {
    auc: number;
    variance: number;
    difference: number;
    difference_variance: number;
    p_value: number;
    z975: number;
  };
};

describe("DeLong (against the pairwise definition, computed with numpy and scipy)", () => {
  it("gives the AUC and its variance, and the interval from them", () => {
    const result = delongAuc(reference.y, reference.p, 0.95)!;
    expect(result.auc).toBeCloseTo(reference.delong.auc, 12);
    expect(result.variance).toBeCloseTo(reference.delong.variance, 14);
    expect(result.high - result.auc).toBeCloseTo(
      reference.delong.z975 * Math.sqrt(reference.delong.variance),
      12,
    );
  });

  it("gives the paired difference of two models on the same rows, its variance and p-value, ties included", () => {
    const result = delongDifference(reference.y, reference.p, reference.p2, 0.95)!;
    expect(result.difference).toBeCloseTo(reference.delong.difference, 12);
    expect(result.variance).toBeCloseTo(reference.delong.difference_variance, 14);
    expect(result.pValue / reference.delong.p_value).toBeCloseTo(1, 9);
  });

  it("has nothing to say with a single class", () => {
    expect(delongAuc([1, 1, 1], [0.2, 0.4, 0.9], 0.95)).toBeUndefined();
  });

  it("inverts the normal distribution as scipy's norm.ppf does", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(reference.delong.z975, 13);
    expect(normalQuantile(0.5)).toBe(0);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232306167813, 12);
  });
});
