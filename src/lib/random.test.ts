import { describe, expect, it } from "vitest";
import { maxOf, minOf } from "./arrays.js";
import { Random } from "./random.js";

describe("Random", () => {
  it("repeats the same sequence for the same seed", () => {
    const a = new Random(42);
    const b = new Random(42);
    expect(Array.from({ length: 5 }, () => a.nextUint32())).toEqual(
      Array.from({ length: 5 }, () => b.nextUint32()),
    );
  });

  it("pins the first draws of seed 1 so any change to the generator is noticed", () => {
    const rng = new Random(1);
    const draws = Array.from({ length: 3 }, () => rng.nextUint32());
    expect(draws).toMatchInlineSnapshot(`
      [
        2442144158,
        3238099751,
        3819917871,
      ]
    `);
  });

  it("gives different sequences for different seeds and trials", () => {
    expect(new Random(1).uniform()).not.toBe(new Random(2).uniform());
    expect(Random.forTrial(7, 0).uniform()).not.toBe(Random.forTrial(7, 1).uniform());
    expect(Random.forTrial(7, 3).uniform()).toBe(Random.forTrial(7, 3).uniform());
  });

  it("draws uniforms in [0, 1) with mean near 1/2", () => {
    const rng = new Random(3);
    const draws = Array.from({ length: 20_000 }, () => rng.uniform());
    expect(minOf(draws)).toBeGreaterThanOrEqual(0);
    expect(maxOf(draws)).toBeLessThan(1);
    expect(draws.reduce((s, x) => s + x, 0) / draws.length).toBeCloseTo(0.5, 2);
  });

  it("draws normals with mean 0 and standard deviation 1", () => {
    const rng = new Random(4);
    const draws = Array.from({ length: 20_000 }, () => rng.normal());
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.sqrt(variance)).toBeCloseTo(1, 1);
  });

  it("draws every integer of an inclusive range about equally often", () => {
    const rng = new Random(5);
    const counts = new Map<number, number>();
    for (let i = 0; i < 6000; i++) {
      const x = rng.integer(-1, 4);
      counts.set(x, (counts.get(x) ?? 0) + 1);
    }
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-1, 0, 1, 2, 3, 4]);
    for (const count of counts.values()) expect(count).toBeGreaterThan(850);
  });

  it("chooses elements and weighted indexes", () => {
    const rng = new Random(6);
    expect(["a", "b", "c"]).toContain(rng.choice(["a", "b", "c"]));
    for (let i = 0; i < 100; i++) expect(rng.weightedIndex([0, 1, 0])).toBe(1);
  });

  it("fills integers exactly as integer(0, n - 1) draws them", () => {
    const a = new Random(5);
    const b = new Random(5);
    const filled = new Int32Array(1000);
    a.fillIntegers(filled, 37);
    expect(Array.from(filled)).toEqual(Array.from({ length: 1000 }, () => b.integer(0, 36)));
  });
});

describe("Random.shuffle", () => {
  it("returns a permutation of the items, the same one for the same seed", () => {
    const items = Array.from({ length: 50 }, (_, i) => i);
    const once = new Random(7).shuffle([...items]);
    expect([...once].sort((a, b) => a - b)).toEqual(items);
    expect(once).not.toEqual(items);
    expect(new Random(7).shuffle([...items])).toEqual(once);
  });

  it("draws integer(0, i) from the last index down, so a seeded evaluation keeps its rows and orders", () => {
    const random = new Random(11);
    const expected = Array.from({ length: 20 }, (_, i) => i);
    for (let i = expected.length - 1; i > 0; i--) {
      const j = random.integer(0, i);
      [expected[i], expected[j]] = [expected[j], expected[i]];
    }
    expect(new Random(11).shuffle(Array.from({ length: 20 }, (_, i) => i))).toEqual(expected);
  });
});

describe("Random.sampleIndices", () => {
  it("draws distinct indices in ascending order, the same ones for the same seed", () => {
    const sample = Array.from(new Random(4).sampleIndices(1000, 100));
    expect(new Set(sample).size).toBe(100);
    expect(sample).toEqual([...sample].sort((a, b) => a - b));
    expect(minOf(sample)).toBeGreaterThanOrEqual(0);
    expect(maxOf(sample)).toBeLessThan(1000);
    expect(Array.from(new Random(4).sampleIndices(1000, 100))).toEqual(sample);
    expect(Array.from(new Random(5).sampleIndices(1000, 100))).not.toEqual(sample);
  });

  it("swaps position i with integer(i, n - 1), the draws a partial shuffle makes", () => {
    const random = new Random(12);
    const pool = Array.from({ length: 30 }, (_, i) => i);
    for (let i = 0; i < 8; i++) {
      const j = random.integer(i, 29);
      [pool[i], pool[j]] = [pool[j], pool[i]];
    }
    const expected = pool.slice(0, 8).sort((a, b) => a - b);
    expect(Array.from(new Random(12).sampleIndices(30, 8))).toEqual(expected);
  });

  it("gives every index when asked for as many or more, and none when asked for none", () => {
    expect(Array.from(new Random(4).sampleIndices(3, 5))).toEqual([0, 1, 2]);
    expect(Array.from(new Random(4).sampleIndices(3, 0))).toEqual([]);
  });

  it("picks every index about equally often", () => {
    const random = new Random(8);
    const counts = new Array(10).fill(0);
    for (let t = 0; t < 5000; t++) for (const i of random.sampleIndices(10, 3)) counts[i]++;
    for (const count of counts) expect(count).toBeGreaterThan(1350); // 1500 expected
  });
});
