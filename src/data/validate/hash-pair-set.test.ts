import { describe, expect, it } from "vitest";
import { HashPairSet } from "./hash-pair-set.js";

/** A deterministic stream of 32-bit words (xorshift32). */
function words(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return x;
  };
}

/** The two 32-bit words of a number's IEEE-754 bits, as validation keys unique numbers. */
function numberWords(x: number): [number, number] {
  const words = new Uint32Array(new Float64Array([x]).buffer);
  return [words[0], words[1]];
}

function addNumber(set: HashPairSet, x: number): boolean {
  const [high, low] = numberWords(x);
  return set.add(high, low);
}

describe("HashPairSet while exact", () => {
  it("reports a key the first time as new and every later time as a repeat", () => {
    const set = new HashPairSet();
    expect(set.add(1, 2)).toBe(false);
    expect(set.add(1, 2)).toBe(true);
    expect(set.add(1, 2)).toBe(true);
    expect(set.repeats()).toBe(2);
    expect(set.exact).toBe(true);
  });

  it("tells apart keys that share one of their two words", () => {
    const set = new HashPairSet();
    expect(set.add(7, 1)).toBe(false);
    expect(set.add(7, 2)).toBe(false);
    expect(set.add(8, 1)).toBe(false);
    expect(set.repeats()).toBe(0);
  });

  it("keeps words with the top bit set as the same key (unsigned and signed spellings)", () => {
    const set = new HashPairSet();
    expect(set.add(0xffffffff, 0x80000000)).toBe(false);
    expect(set.add(-1, -0x80000000)).toBe(true);
  });

  it("does not take 1.5 and 1.25 for the same number", () => {
    const set = new HashPairSet();
    expect(addNumber(set, 1.5)).toBe(false);
    expect(addNumber(set, 1.25)).toBe(false);
    expect(addNumber(set, 1.5)).toBe(true);
  });

  it("stays exact while it grows past its first table, up to maxEntries", () => {
    const set = new HashPairSet(1 << 16, 16);
    const next = words(1);
    const keys = Array.from({ length: 20_000 }, () => [next(), next()] as const);
    for (const [a, b] of keys) set.add(a, b);
    for (const [a, b] of keys.slice(0, 5_000)) expect(set.add(a, b)).toBe(true);
    expect(set.exact).toBe(true);
    expect(set.repeats()).toBe(5_000);
  });
});

describe("HashPairSet past maxEntries", () => {
  it("samples hashed keys and estimates the repeats within 15%, in bounded memory", () => {
    const set = new HashPairSet(1024, 64);
    const next = words(42);
    const keys = Array.from({ length: 40_000 }, () => [next(), next()] as const);
    for (const [a, b] of keys) set.add(a, b);
    for (const [a, b] of keys.slice(0, 20_000)) set.add(a, b);
    expect(set.exact).toBe(false);
    expect(set.repeats()).toBeGreaterThan(20_000 * 0.85);
    expect(set.repeats()).toBeLessThan(20_000 * 1.15);
    expect(set.bytes).toBeLessThanOrEqual(2 * 1024 * 8);
  });

  it("estimates repeats of whole-number ids (low word always 0) as well as of hashes", () => {
    const set = new HashPairSet(1024, 64);
    const ids = Array.from({ length: 40_000 }, (_, i) => numberWords(i + 1));
    for (const [a, b] of ids) set.add(a, b);
    for (const [a, b] of ids.slice(0, 20_000)) set.add(a, b);
    expect(set.exact).toBe(false);
    expect(set.repeats()).toBeGreaterThan(20_000 * 0.85);
    expect(set.repeats()).toBeLessThan(20_000 * 1.15);
    expect(set.bytes).toBeLessThanOrEqual(2 * 1024 * 8);
  });

  it("counts no repeats among distinct whole numbers however many there are", () => {
    const set = new HashPairSet(1024, 64);
    for (let i = 0; i < 50_000; i++) addNumber(set, i);
    expect(set.repeats()).toBe(0);
  });
});

describe("HashPairSet.absorb", () => {
  it("counts keys held by both parts of the data as repeats across them", () => {
    const first = new HashPairSet();
    const second = new HashPairSet();
    for (let i = 0; i < 100; i++) addNumber(first, i);
    for (let i = 50; i < 150; i++) addNumber(second, i);
    addNumber(second, 149); // one repeat inside the second part
    expect(first.absorb(second.state())).toBe(50);
    expect(first.repeats()).toBe(1 + 50);
  });
});
