import { describe, expect, it } from "vitest";
import { sampleIndices, seededRandom } from "./gbdt-random.js";

describe("gbdt's seeded random numbers", () => {
  it("repeats its draws for a seed and differs between seeds", () => {
    const draws = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 5 }, () => random.next());
    };
    expect(draws(1)).toEqual(draws(1));
    expect(draws(1)).not.toEqual(draws(2));
    for (const value of draws(3)) expect(value >= 0 && value < 1).toBe(true);
  });

  it("samples distinct indices in ascending order", () => {
    const sample = Array.from(sampleIndices(1000, 100, seededRandom(4)));
    expect(new Set(sample).size).toBe(100);
    expect(sample).toEqual([...sample].sort((a, b) => a - b));
    expect(sample.every((i) => i >= 0 && i < 1000)).toBe(true);
    expect(Array.from(sampleIndices(3, 5, seededRandom(4)))).toEqual([0, 1, 2]);
  });
});
