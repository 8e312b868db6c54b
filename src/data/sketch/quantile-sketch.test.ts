import { describe, expect, it } from "vitest";
import { QUANTILE_SKETCH_RANK_ERROR, QuantileSketch, quantileSketchRankError } from "./quantile-sketch.js";

const EPS = QUANTILE_SKETCH_RANK_ERROR;
const DECILES = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9];

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

const N = 1_000_000;

function dataset(kind: string, n: number, seed: number): Float64Array {
  const r = rng(seed);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    switch (kind) {
      case "uniform":
        out[i] = r();
        break;
      case "normal": {
        const u = 1 - r();
        out[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r()) * 10 + 50;
        break;
      }
      case "heavy-tailed": // Pareto(alpha = 0.7): infinite mean
        out[i] = (1 - r()) ** (-1 / 0.7);
        break;
      case "ties": // 20 distinct values, skewed
        out[i] = Math.floor(20 * r() * r());
        break;
      case "sorted":
        out[i] = i;
        break;
      case "reversed":
        out[i] = n - i;
        break;
      default:
        throw new Error(kind);
    }
  }
  return out;
}

/** Number of elements < x and <= x in a sorted array. */
function countBelow(sorted: Float64Array, x: number): [number, number] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  const lt = lo;
  hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return [lt, lo];
}

/** Rank error of a quantile answer v for q: distance from q to v's true rank interval [rank(<v), rank(<=v)]. */
function quantileRankError(sorted: Float64Array, q: number, v: number): number {
  const [lt, le] = countBelow(sorted, v);
  const n = sorted.length;
  if (q < lt / n) return lt / n - q;
  if (q > le / n) return q - le / n;
  return 0;
}

function expectWithinEps(sketch: QuantileSketch, sorted: Float64Array, label: string): void {
  const n = sorted.length;
  expect(sketch.count).toBe(n);
  expect(sketch.min).toBe(sorted[0]);
  expect(sketch.max).toBe(sorted[n - 1]);
  for (const q of DECILES) {
    const v = sketch.quantile(q);
    expect(quantileRankError(sorted, q, v), `${label} quantile(${q}) = ${v}`).toBeLessThanOrEqual(EPS);
    // and rank() at the true decile
    const x = sorted[Math.ceil(q * n) - 1];
    const trueRank = countBelow(sorted, x)[1] / n;
    expect(Math.abs(sketch.rank(x) - trueRank), `${label} rank(${x})`).toBeLessThanOrEqual(EPS);
  }
  // fromJSON checks the internal invariants: sorted levels, weights summing to count, min <= items <= max
  expect(QuantileSketch.fromJSON(sketch.toJSON()).toJSON()).toEqual(sketch.toJSON());
  const { values, weights } = sketch.weightedItems();
  let total = 0;
  for (let i = 0; i < values.length; i++) {
    if (i > 0) expect(values[i] > values[i - 1]).toBe(true);
    total += weights[i];
  }
  expect(total).toBe(n);
}

/** Exact nearest-rank reference with the sketch's float tolerance. */
function nearestRank(sorted: Float64Array, q: number): number {
  return sorted[Math.max(0, Math.ceil(q * sorted.length * (1 - 1e-12)) - 1)];
}

describe("QuantileSketch", () => {
  it("states DataSketches' rank error for k = 200", () => {
    expect(EPS).toBeCloseTo(0.0133, 4);
    expect(quantileSketchRankError(200, true)).toBeCloseTo(0.0165, 4);
    expect(new QuantileSketch().rankError).toBe(0);
  });

  it("uses the inclusive nearest-rank convention", () => {
    const s = new QuantileSketch();
    for (let i = 10; i >= 1; i--) s.add(i);
    expect(s.quantile(0)).toBe(1);
    expect(s.quantile(0.05)).toBe(1);
    expect(s.quantile(0.1)).toBe(1);
    expect(s.quantile(0.11)).toBe(2);
    expect(s.quantile(0.3)).toBe(3);
    expect(s.quantile(0.5)).toBe(5);
    expect(s.quantile(0.51)).toBe(6);
    expect(s.quantile(1)).toBe(10);
    expect(s.quantiles([0.25, 0.75])).toEqual([3, 8]);
    expect(s.rank(0)).toBe(0);
    expect(s.rank(5)).toBe(0.5);
    expect(s.rank(5.5)).toBe(0.5);
    expect(s.rank(10)).toBe(1);
    expect(s.cdf([2, 4.5, 100])).toEqual([0.2, 0.4, 1, 1]);
  });

  it("is exact up to 2048 values (random data, ties, every percentile)", () => {
    const r = rng(11);
    for (const n of [1, 2, 3, 7, 100, 999, 2048]) {
      const data = new Float64Array(n);
      for (let i = 0; i < n; i++) data[i] = i % 3 === 0 ? Math.floor(r() * 10) : r() * 100 - 50;
      const s = new QuantileSketch();
      for (const x of data) s.add(x);
      expect(s.isExact).toBe(true);
      expect(s.rankError).toBe(0);
      const sorted = data.slice().sort();
      for (let p = 0; p <= 100; p++) {
        expect(s.quantile(p / 100), `n=${n} q=${p / 100}`).toBe(nearestRank(sorted, p / 100));
      }
      for (let i = 0; i < n; i += Math.max(1, n >> 6)) {
        const x = sorted[i];
        expect(s.rank(x)).toBe(countBelow(sorted, x)[1] / n);
        expect(s.rank(x - 1e-9)).toBe(countBelow(sorted, x - 1e-9)[1] / n);
      }
      const { values, weights } = s.weightedItems();
      const distinct = [...new Set(sorted)];
      expect([...values]).toEqual(distinct);
      expect(weights.reduce((a, b) => a + b, 0)).toBe(n);
    }
  });

  it("leaves exact mode at 2049 values, and exactLimit/k move the boundary", () => {
    const s = new QuantileSketch();
    for (let i = 0; i < 2048; i++) s.add(i);
    expect(s.isExact).toBe(true);
    s.add(2048);
    expect(s.isExact).toBe(false);
    expect(s.rankError).toBe(EPS);
    expect(s.count).toBe(2049);
    expect(s.retained).toBeLessThan(2049);

    const small = new QuantileSketch({ exactLimit: 0, k: 64 });
    for (let i = 0; i < 64; i++) small.add(i);
    expect(small.isExact).toBe(true); // exact while count <= max(exactLimit, k)
    small.add(64);
    expect(small.isExact).toBe(false);
  });

  it("merges small sketches exactly", () => {
    const r = rng(12);
    const a = new QuantileSketch();
    const b = new QuantileSketch();
    const whole = new QuantileSketch();
    const all: number[] = [];
    for (let i = 0; i < 1500; i++) {
      const x = Math.round(r() * 1000) / 10;
      (i % 2 === 0 ? a : b).add(x);
      whole.add(x);
      all.push(x);
    }
    const ab = a.clone().merge(b);
    expect(ab.isExact).toBe(true);
    const sorted = Float64Array.from(all).sort();
    for (let p = 0; p <= 100; p++) expect(ab.quantile(p / 100)).toBe(nearestRank(sorted, p / 100));
    expect(ab.weightedItems()).toEqual(whole.weightedItems());
    // a third shard pushes the union past the exact limit
    const c = new QuantileSketch();
    for (let i = 0; i < 1500; i++) c.add(r() * 100);
    ab.merge(c);
    expect(ab.isExact).toBe(false);
    expect(ab.count).toBe(3000);
    // merging with itself doubles every weight
    const self = new QuantileSketch();
    for (let i = 1; i <= 10; i++) self.add(i);
    self.merge(self);
    expect(self.count).toBe(20);
    expect(self.quantile(0.5)).toBe(5);
  });

  for (const kind of ["uniform", "normal", "heavy-tailed", "ties", "sorted", "reversed"]) {
    it(`keeps every decile within ε on 1e6 ${kind} values`, () => {
      const data = dataset(kind, N, 100 + kind.length);
      const s = new QuantileSketch();
      for (let i = 0; i < N; i++) s.add(data[i]);
      expect(s.isExact).toBe(false);
      expect(s.retained).toBeLessThan(1000);
      expectWithinEps(s, data.slice().sort(), kind);
    });
  }

  it("merges shards of 1e6 values to within ε of the whole", () => {
    const data = dataset("normal", N, 5);
    const sizes = [1, 100, 3000, 50_000, 146_899, 300_000, 500_000];
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(N);
    const shards: QuantileSketch[] = [];
    let off = 0;
    sizes.forEach((size, i) => {
      const s = new QuantileSketch({ seed: i + 1 });
      for (let j = off; j < off + size; j++) s.add(data[j]);
      off += size;
      shards.push(s);
    });
    const sorted = data.slice().sort();
    const sequential = shards.reduce((acc, s) => acc.merge(s), new QuantileSketch());
    expectWithinEps(sequential, sorted, "sequential merge");
    const tree = shards[6]
      .clone()
      .merge(shards[5])
      .merge(shards[0].clone().merge(shards[1]).merge(shards[2]).merge(shards[3].clone().merge(shards[4])));
    expectWithinEps(tree, sorted, "tree merge");

    // many small shards (each exact) merged into one
    const many = new QuantileSketch();
    for (let i = 0; i < N; i += 1000) {
      const s = new QuantileSketch();
      for (let j = i; j < i + 1000; j++) s.add(data[j]);
      many.merge(s);
    }
    expectWithinEps(many, sorted, "1000 exact shards");
  });

  it("is deterministic: same input and merges give the same JSON", () => {
    const data = dataset("heavy-tailed", 200_000, 9);
    const build = () => {
      const a = new QuantileSketch();
      const b = new QuantileSketch({ seed: 2 });
      for (let i = 0; i < data.length; i++) (i < 120_000 ? a : b).add(data[i]);
      return JSON.stringify(a.merge(b).toJSON());
    };
    expect(build()).toBe(build());
    const x = new QuantileSketch({ seed: 1 });
    const y = new QuantileSketch({ seed: 2 });
    for (const v of data) {
      x.add(v);
      y.add(v);
    }
    expect(JSON.stringify(x.toJSON())).not.toBe(JSON.stringify(y.toJSON()));
  });

  it("round-trips through JSON (exact and compacted) and continues identically", () => {
    const data = dataset("uniform", 100_000, 3);
    const s = new QuantileSketch();
    for (let i = 0; i < 50_000; i++) s.add(data[i]);
    s.add(Number.POSITIVE_INFINITY);
    s.add(Number.NEGATIVE_INFINITY);
    const json = JSON.parse(JSON.stringify(s.toJSON()));
    expect(json.min).toBe("-Infinity");
    const t = QuantileSketch.fromJSON(json);
    expect(t.toJSON()).toEqual(s.toJSON());
    expect(t.quantiles(DECILES)).toEqual(s.quantiles(DECILES));
    expect(t.max).toBe(Number.POSITIVE_INFINITY);
    for (let i = 50_000; i < 100_000; i++) {
      s.add(data[i]);
      t.add(data[i]);
    }
    expect(t.toJSON()).toEqual(s.toJSON());

    const exact = new QuantileSketch();
    for (let i = 0; i < 300; i++) exact.add(data[i]);
    const e2 = QuantileSketch.fromJSON(JSON.parse(JSON.stringify(exact.toJSON())));
    expect(e2.isExact).toBe(true);
    expect(e2.weightedItems()).toEqual(exact.weightedItems());
    for (let i = 300; i < 5000; i++) {
      exact.add(data[i]);
      e2.add(data[i]);
    }
    expect(e2.toJSON()).toEqual(exact.toJSON());

    const empty = QuantileSketch.fromJSON(JSON.parse(JSON.stringify(new QuantileSketch().toJSON())));
    expect(empty.count).toBe(0);
    expect(empty.quantile(0.5)).toBeNaN();
    expect(empty.rank(1)).toBeNaN();
    expect(empty.min).toBeNaN();
    expect(empty.cdf([1])).toEqual([Number.NaN, Number.NaN]);
  });

  it("ignores NaN and validates query arguments", () => {
    const s = new QuantileSketch();
    s.add(Number.NaN);
    s.add(1);
    expect(s.count).toBe(1);
    expect(() => s.quantile(1.5)).toThrow(/q/);
    expect(() => s.quantile(Number.NaN)).toThrow(/q/);
    expect(() => s.cdf([2, 1])).toThrow(/increasing/);
    expect(() => new QuantileSketch({ k: 4 })).toThrow(/k/);
  });

  it("merges a sketch of another k, stating the smaller k's error and keeping ranks within it", () => {
    const data = dataset("normal", 400_000, 11);
    const big = new QuantileSketch({ k: 3000 });
    const small = new QuantileSketch({ k: 200 });
    for (let i = 0; i < data.length; i++) (i % 2 ? big : small).add(data[i]);
    big.merge(small);
    expect(big.count).toBe(data.length);
    expect(big.minK).toBe(200);
    expect(big.rankError).toBe(quantileSketchRankError(200));
    const back = QuantileSketch.fromJSON(JSON.parse(JSON.stringify(big.toJSON())));
    expect(back.rankError).toBe(quantileSketchRankError(200));
    expectWithinEps(big, data.slice().sort(), "k 3000 + k 200");
  });

  it("builds a sketch from values with counts, exact in its totals and within its rank error", () => {
    const values = Float64Array.from({ length: 300_000 }, (_, i) => i / 7);
    const counts = Float64Array.from(values, (_, i) => 1 + (i % 5) * 1000);
    const sketch = QuantileSketch.fromWeighted(values, counts, { k: 3000, exactLimit: 0 });
    const total = counts.reduce((a, b) => a + b, 0);
    expect(sketch.count).toBe(total);
    expect([sketch.min, sketch.max]).toEqual([0, values[values.length - 1]]);
    const cumulative = new Float64Array(values.length);
    for (let i = 0, acc = 0; i < values.length; i++) cumulative[i] = acc += counts[i];
    let worst = 0;
    for (let i = 0; i < values.length; i += 997)
      worst = Math.max(worst, Math.abs(sketch.rank(values[i]) - cumulative[i] / total));
    expect(worst).toBeLessThanOrEqual(sketch.rankError);
  });

  it("validates JSON and names the bad field", () => {
    const s = new QuantileSketch();
    for (let i = 0; i < 5000; i++) s.add(i);
    const good = s.toJSON();
    expect(() => QuantileSketch.fromJSON(good)).not.toThrow();
    expect(() => QuantileSketch.fromJSON("x")).toThrow(/object/);
    expect(() => QuantileSketch.fromJSON({ ...good, type: "hll" })).toThrow(/"type"/);
    expect(() => QuantileSketch.fromJSON({ ...good, k: 7 })).toThrow(/"k"/);
    expect(() => QuantileSketch.fromJSON({ ...good, exactLimit: 1.5 })).toThrow(/"exactLimit"/);
    expect(() => QuantileSketch.fromJSON({ ...good, rng: 0 })).toThrow(/"rng"/);
    expect(() => QuantileSketch.fromJSON({ ...good, count: good.count + 1 })).toThrow(/"count"/);
    expect(() => QuantileSketch.fromJSON({ ...good, min: "low" })).toThrow(/"min"/);
    expect(() => QuantileSketch.fromJSON({ ...good, min: 4000 })).toThrow(/"items".*outside/);
    expect(() => QuantileSketch.fromJSON({ ...good, levels: "1,2" })).toThrow(/"levels"/);
    expect(() => QuantileSketch.fromJSON({ ...good, levels: [...good.levels.slice(0, -1), -1] })).toThrow(
      /"levels\[\d+\]"/,
    );
    expect(() => QuantileSketch.fromJSON({ ...good, items: "!!" })).toThrow(/"items"/);
    expect(() => QuantileSketch.fromJSON({ ...good, levels: [...good.levels, 0] })).not.toThrow();
    expect(() =>
      QuantileSketch.fromJSON({ ...good, levels: [good.levels[0] + 1, ...good.levels.slice(1)] }),
    ).toThrow(/"items"/);
    // an unsorted upper level
    const unsorted = { type: "kll", version: 1, k: 200, exactLimit: 0, rng: 1, count: 4, min: 1, max: 2 };
    const items = Buffer.from(new Float64Array([2, 1]).buffer).toString("base64");
    expect(() => QuantileSketch.fromJSON({ ...unsorted, levels: [0, 2], items })).toThrow(/"items".*sorted/);
    const nan = Buffer.from(new Float64Array([Number.NaN]).buffer).toString("base64");
    expect(() => QuantileSketch.fromJSON({ ...unsorted, count: 1, levels: [1], items: nan })).toThrow(
      /"items".*NaN/,
    );
  });
});
