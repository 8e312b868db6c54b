import { describe, expect, it } from "vitest";
import { TopK } from "./top-k.js";

/** mulberry32: small seeded PRNG for test data. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Zipf-ish stream over `distinct` values: value i with weight ~ 1 / (i+1). */
function zipfStream(n: number, distinct: number, seed: number): string[] {
  const r = rng(seed);
  const out: string[] = new Array(n);
  const hn = Math.log(distinct) + 0.5772;
  for (let i = 0; i < n; i++) {
    // inverse of the approximate harmonic CDF
    const idx = Math.min(distinct - 1, Math.floor(Math.exp(r() * hn - 0.5772)) - 1);
    out[i] = `cat-${Math.max(0, idx)}`;
  }
  return out;
}

function trueCounts(values: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const v of values) m.set(v, (m.get(v) ?? 0) + 1);
  return m;
}

function expectBounds(sketch: TopK, truth: Map<string, number>): void {
  const total = [...truth.values()].reduce((a, b) => a + b, 0);
  expect(sketch.total).toBe(total);
  expect(sketch.maxError).toBeLessThanOrEqual(total / sketch.capacity);
  const tracked = new Set<string>();
  for (const e of sketch.entries()) {
    tracked.add(e.value);
    const t = truth.get(e.value) ?? 0;
    expect(t, e.value).toBeLessThanOrEqual(e.count);
    expect(t, e.value).toBeGreaterThanOrEqual(e.count - e.error);
    expect(e.error).toBeLessThanOrEqual(sketch.maxError);
  }
  for (const [v, t] of truth) {
    if (!tracked.has(v)) expect(t, v).toBeLessThanOrEqual(sketch.maxError);
    // every value above N / k is guaranteed to be tracked
    if (t > total / sketch.capacity) expect(tracked.has(v), v).toBe(true);
  }
}

describe("TopK", () => {
  it("counts exactly while distinct values fit the capacity", () => {
    const values = zipfStream(50_000, 1000, 1);
    const sketch = new TopK();
    for (const v of values) sketch.add(v);
    const truth = trueCounts(values);
    expect(truth.size).toBeLessThanOrEqual(1000);
    expect(sketch.isExact).toBe(true);
    expect(sketch.maxError).toBe(0);
    expect(sketch.total).toBe(50_000);
    const entries = sketch.entries();
    expect(entries).toHaveLength(truth.size);
    for (const e of entries) {
      expect(e.count).toBe(truth.get(e.value));
      expect(e.error).toBe(0);
    }
    expect(sketch.countOf("never seen")).toBe(0);
  });

  it("orders top(n) by count desc, then value asc", () => {
    const sketch = new TopK();
    for (const [v, c] of [
      ["b", 3],
      ["a", 3],
      ["c", 5],
      ["d", 1],
      ["e", 3],
    ] as const)
      sketch.add(v, c);
    expect(sketch.top(4).map((e) => `${e.value}:${e.count}`)).toEqual(["c:5", "a:3", "b:3", "e:3"]);
    expect(sketch.top(0)).toEqual([]);
    expect(sketch.top(100)).toHaveLength(5);
    expect(sketch.total).toBe(15);
  });

  it("accepts weighted adds and rejects bad counts", () => {
    const sketch = new TopK({ capacity: 2 });
    sketch.add("x", 2.5);
    sketch.add("x");
    expect(sketch.countOf("x")).toBe(3.5);
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => sketch.add("y", bad)).toThrow(/count/);
    }
    expect(sketch.total).toBe(3.5);
  });

  it("switches to SpaceSaving past the capacity and keeps its bounds", () => {
    const values = zipfStream(200_000, 20_000, 2);
    const sketch = new TopK({ capacity: 200 });
    for (const v of values) sketch.add(v);
    expect(sketch.isExact).toBe(false);
    expect(sketch.tracked).toBe(200);
    const truth = trueCounts(values);
    expectBounds(sketch, truth);
    // the heaviest values are found, in order
    const trueTop = [...truth.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([v]) => v);
    expect(sketch.top(5).map((e) => e.value)).toEqual(trueTop);
  });

  it("keeps its bounds on adversarial orders (all-distinct then heavy)", () => {
    const values: string[] = [];
    for (let i = 0; i < 5000; i++) values.push(`u${i}`);
    for (let i = 0; i < 3000; i++) values.push(`h${i % 3}`);
    for (let i = 0; i < 5000; i++) values.push(`w${i}`);
    const sketch = new TopK({ capacity: 50 });
    for (const v of values) sketch.add(v);
    expectBounds(sketch, trueCounts(values));
    expect(sketch.top(3).map((e) => e.value)).toEqual(["h0", "h1", "h2"]);
  });

  it("merges exact shards into the exact counts of the union", () => {
    const a = new TopK();
    const b = new TopK();
    const all = new TopK();
    const values = zipfStream(20_000, 500, 3);
    values.forEach((v, i) => {
      (i % 3 === 0 ? a : b).add(v);
      all.add(v);
    });
    const ab = a.clone().merge(b);
    expect(ab.isExact).toBe(true);
    expect(ab.toJSON()).toEqual(all.toJSON());
    expect(b.clone().merge(a).toJSON()).toEqual(all.toJSON());
  });

  it("merges exact shards whose union overflows into an approximate sketch with bounds", () => {
    const a = new TopK({ capacity: 100 });
    const b = new TopK({ capacity: 100 });
    const values: string[] = [];
    for (let i = 0; i < 80; i++) for (let j = 0; j <= i; j++) values.push(`a${i}`);
    for (let i = 0; i < 80; i++) for (let j = 0; j <= i % 7; j++) values.push(`b${i}`);
    for (const v of values) (v.startsWith("a") ? a : b).add(v);
    expect(a.isExact && b.isExact).toBe(true);
    const ab = a.merge(b);
    expect(ab.isExact).toBe(false);
    expectBounds(ab, trueCounts(values));
  });

  it("merges approximate shards within the bounds, commutatively and deterministically", () => {
    const values = zipfStream(300_000, 50_000, 4);
    const shards = Array.from({ length: 6 }, () => new TopK({ capacity: 300 }));
    values.forEach((v, i) => {
      shards[(i * 13) % 6].add(v);
    });
    const merged = shards.reduce((acc, s) => acc.merge(s), new TopK({ capacity: 300 }));
    expectBounds(merged, trueCounts(values));
    const tree = shards[0]
      .clone()
      .merge(shards[1])
      .merge(shards[2].clone().merge(shards[3]))
      .merge(shards[4].clone().merge(shards[5]));
    expectBounds(tree, trueCounts(values));
    expect(shards[0].clone().merge(shards[1]).toJSON()).toEqual(shards[1].clone().merge(shards[0]).toJSON());
    expect(
      JSON.stringify(shards.reduce((acc, s) => acc.merge(s), new TopK({ capacity: 300 })).toJSON()),
    ).toBe(JSON.stringify(merged.toJSON()));
  });

  it("rejects merging different capacities", () => {
    expect(() => new TopK({ capacity: 10 }).merge(new TopK({ capacity: 20 }))).toThrow(/capacity/);
  });

  it("round-trips through JSON and continues identically", () => {
    const values = zipfStream(50_000, 5000, 5);
    const sketch = new TopK({ capacity: 100 });
    for (const v of values.slice(0, 25_000)) sketch.add(v);
    const copy = TopK.fromJSON(JSON.parse(JSON.stringify(sketch.toJSON())));
    expect(copy.toJSON()).toEqual(sketch.toJSON());
    expect(copy.maxError).toBe(sketch.maxError);
    for (const v of values.slice(25_000)) {
      sketch.add(v);
      copy.add(v);
    }
    expect(copy.toJSON()).toEqual(sketch.toJSON());

    const exact = new TopK();
    exact.add("a", 2);
    expect(TopK.fromJSON(exact.toJSON()).toJSON()).toEqual({
      type: "topk",
      version: 1,
      capacity: 1000,
      total: 2,
      exact: true,
      items: [["a", 2, 0]],
    });
  });

  it("validates JSON and names the bad field", () => {
    const good = {
      type: "topk",
      version: 1,
      capacity: 2,
      total: 5,
      exact: true,
      items: [
        ["a", 3, 0],
        ["b", 2, 0],
      ],
    };
    expect(TopK.fromJSON(good).top(1)[0]).toEqual({ value: "a", count: 3, error: 0 });
    expect(() => TopK.fromJSON([])).toThrow(/object/);
    expect(() => TopK.fromJSON({ ...good, capacity: 0 })).toThrow(/"capacity"/);
    expect(() => TopK.fromJSON({ ...good, total: -1 })).toThrow(/"total"/);
    expect(() => TopK.fromJSON({ ...good, total: 4 })).toThrow(/"total"/);
    expect(() => TopK.fromJSON({ ...good, exact: "yes" })).toThrow(/"exact"/);
    expect(() => TopK.fromJSON({ ...good, items: {} })).toThrow(/"items"/);
    expect(() =>
      TopK.fromJSON({
        ...good,
        items: [
          ["a", 1, 0],
          ["b", 1, 0],
          ["c", 1, 0],
        ],
      }),
    ).toThrow(/"items"/);
    expect(() =>
      TopK.fromJSON({
        ...good,
        items: [
          ["a", 1, 0],
          ["a", 1, 0],
        ],
      }),
    ).toThrow(/"items\[1\]".*repeats/);
    expect(() => TopK.fromJSON({ ...good, items: [["a", 0, 0]] })).toThrow(/"items\[0\]".*count/);
    expect(() => TopK.fromJSON({ ...good, items: [[1, 1, 0]] })).toThrow(/"items\[0\]".*string/);
    expect(() => TopK.fromJSON({ ...good, items: [["a", 2, 1]] })).toThrow(/"items\[0\]".*error/);
    expect(() => TopK.fromJSON({ ...good, exact: false })).toThrow(/"items\[1\]".*heap order/);
    expect(
      TopK.fromJSON({
        ...good,
        exact: false,
        items: [
          ["b", 2, 0],
          ["a", 3, 1],
        ],
      }).maxError,
    ).toBe(2);
    expect(() => TopK.fromJSON({ ...good, exact: false, items: [["a", 3, 0]] })).toThrow(
      /"items".*exactly capacity/,
    );
  });
});
