/**
 * KLL quantile sketch for numbers (Karnin, Lang, Liberty, "Optimal Quantile
 * Approximation in Streams", 2016), laid out as Apache DataSketches'
 * KllDoublesSketch: levels of items where an item at level h stands for 2^h
 * input values; level 0 is an unsorted insertion buffer, higher levels are
 * sorted; level h of L holds max(8, round(k (2/3)^(L-1-h))) items before it is
 * compacted (sorted, every other item kept from a random offset, merged into
 * level h+1). Space is O(k log(n/k)) numbers.
 *
 * Exact mode: while `count <= max(exactLimit, k)` (default exactLimit 2048)
 * every value is stored with weight 1, so quantiles, ranks and the CDF are
 * exact — also after merging small sketches whose counts sum to at most that.
 *
 * Accuracy past exact mode: with 99% confidence the normalized rank error of a
 * single `rank`/`quantile`/`cdf` point is at most 2.296 / k^0.9723
 * (DataSketches' empirical fit; k = 200: 1.33%, exported as
 * {@link QUANTILE_SKETCH_RANK_ERROR}); for a difference of two ranks (PMF)
 * 2.446 / k^0.9433 (1.65%). The same holds for sketches built by merging.
 *
 * Quantile convention ("inclusive" nearest rank, as DataSketches' INCLUSIVE):
 * - `rank(x)` = (total weight of values <= x) / count;
 * - `quantile(q)` = the smallest stored value v with rank(v) >= q, so on exact
 *   data sorted as a[0..n-1] it is a[ceil(q n) - 1] (q = 0 gives the minimum,
 *   q = 1 the maximum; e.g. for 1..10, quantile(0.3) = 3 and the median
 *   quantile(0.5) = 5). `q n` is compared with a relative tolerance of 1e-12 so
 *   that float noise (0.3 * 10 = 3.0000000000000004) does not skip an item.
 *
 * Sketches of different k merge (as DataSketches' do): the result keeps its
 * own k for compaction and remembers the smallest k merged in (`minK`, in the
 * JSON when it differs from k), whose rank error it then states.
 *
 * Determinism: the only randomness (one bit per compaction) comes from a
 * xorshift32 generator whose state is part of the sketch and its JSON, so the
 * same inputs in the same order give the same sketch; `a.merge(b)` draws from
 * `a`'s generator. NaN is ignored by `add` (callers are expected to filter).
 */

import {
  badField,
  encodeNumber,
  expectObject,
  float64Field,
  intField,
  type JsonNumber,
  numberField,
  toBase64,
} from "./sketch-json.js";
import { sortNumbers } from "./sort-numbers.js";

/** DataSketches' 99%-confidence single-sided normalized rank error for `k` (pmf: double-sided). */
export function quantileSketchRankError(k: number, pmf = false): number {
  return pmf ? 2.446 / k ** 0.9433 : 2.296 / k ** 0.9723;
}

export const DEFAULT_QUANTILE_K = 200;
export const DEFAULT_QUANTILE_EXACT_LIMIT = 2048;

/** Normalized rank error ε of a default (k = 200) sketch: ≈ 0.0133 (1.33%, 99% confidence). */
export const QUANTILE_SKETCH_RANK_ERROR = quantileSketchRankError(DEFAULT_QUANTILE_K);

export interface QuantileSketchOptions {
  /** Accuracy parameter, 8..65535 (default 200). */
  k?: number;
  /** Store values exactly while count <= max(exactLimit, k); 0..16777216 (default 2048). */
  exactLimit?: number;
  /** Seed of the compaction coin flips (default fixed). Any integer; taken modulo 2^32. */
  seed?: number;
}

export interface QuantileSketchJSON {
  type: "kll";
  version: 1;
  k: number;
  /** Smallest k of any sketch merged in, when below k (its rank error applies). */
  minK?: number;
  exactLimit: number;
  /** xorshift32 state (1..2^32-1). */
  rng: number;
  count: number;
  min: JsonNumber;
  max: JsonNumber;
  /** Number of items at each level, level 0 first. */
  levels: number[];
  /** All items, level 0 first, as little-endian float64 base64. */
  items: string;
}

const WHAT = "QuantileSketch JSON";
const MIN_WIDTH = 8; // DataSketches' m
const MAX_LEVELS = 61;
const INITIAL_EXACT_BUFFER = 256;
const DEFAULT_SEED = 0x2545f491;
const RANK_TOLERANCE = 1e-12;

const POW3: number[] = [];
for (let d = 0, p = 1; d <= 30; d++, p *= 3) POW3.push(p);

/** Capacity of level h in a sketch of `numLevels` levels: max(8, round(k (2/3)^depth)). */
function levelCapacity(k: number, numLevels: number, h: number): number {
  const depth = numLevels - h - 1;
  if (depth > 30) return MIN_WIDTH;
  // round(k 2^d / 3^d) in exact integer arithmetic, as DataSketches does.
  const a = 2 * k * 2 ** depth;
  const b = POW3[depth];
  let t = Math.floor(a / b);
  if (t * b > a) t--;
  else if ((t + 1) * b <= a) t++;
  return Math.max(MIN_WIDTH, (t + 1) >>> 1);
}

function totalCapacity(k: number, numLevels: number): number {
  let total = 0;
  for (let h = 0; h < numLevels; h++) total += levelCapacity(k, numLevels, h);
  return total;
}

/** Merges two sorted arrays into a new sorted array. */
function mergeSorted(a: Float64Array, b: Float64Array): Float64Array {
  if (a.length === 0) return b;
  if (b.length === 0) return a;
  const out = new Float64Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let o = 0;
  while (i < a.length && j < b.length) out[o++] = a[i] <= b[j] ? a[i++] : b[j++];
  while (i < a.length) out[o++] = a[i++];
  while (j < b.length) out[o++] = b[j++];
  return out;
}

function seedState(seed: number): number {
  // murmur3 fmix32 spreads small seeds; the state must be non-zero.
  let h = seed | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0 || DEFAULT_SEED;
}

export class QuantileSketch {
  readonly k: number;
  readonly exactLimit: number;
  /** Smallest k merged in (k itself until a sketch of smaller k is merged). */
  private minKValue: number;
  /** Count up to which the sketch is exact: max(exactLimit, k). */
  private readonly exactCap: number;
  private rng: number;
  private n = 0;
  private minV = Number.POSITIVE_INFINITY;
  private maxV = Number.NEGATIVE_INFINITY;
  private numLevels = 1;
  /** Level h is items[levels[h], levels[h+1]); [0, levels[0]) is free space. */
  private readonly levels = new Int32Array(MAX_LEVELS + 2);
  private items: Float64Array;
  /** levelCapacity(k, numLevels, h) for each level, and their sum; refreshed when numLevels changes. */
  private readonly caps = new Int32Array(MAX_LEVELS + 1);
  private totalCap = 0;
  /** Query view: distinct values ascending, with cumulative weights. */
  private viewValues: Float64Array | null = null;
  private viewCum: Float64Array | null = null;

  constructor(options: QuantileSketchOptions = {}) {
    const k = options.k ?? DEFAULT_QUANTILE_K;
    const exactLimit = options.exactLimit ?? DEFAULT_QUANTILE_EXACT_LIMIT;
    const seed = options.seed ?? DEFAULT_SEED;
    if (!Number.isInteger(k) || k < 8 || k > 65535)
      throw new Error(`QuantileSketch: k must be an integer in [8, 65535], got ${k}`);
    if (!Number.isInteger(exactLimit) || exactLimit < 0 || exactLimit > 16777216) {
      throw new Error(`QuantileSketch: exactLimit must be an integer in [0, 16777216], got ${exactLimit}`);
    }
    if (!Number.isInteger(seed)) throw new Error(`QuantileSketch: seed must be an integer, got ${seed}`);
    this.k = k;
    this.minKValue = k;
    this.exactLimit = exactLimit;
    this.exactCap = Math.max(exactLimit, k);
    this.rng = seedState(seed);
    const cap = Math.min(this.exactCap, Math.max(INITIAL_EXACT_BUFFER, k));
    this.items = new Float64Array(cap);
    this.levels[0] = cap;
    this.levels[1] = cap;
    this.refreshCaps();
  }

  private refreshCaps(): void {
    const L = this.numLevels;
    let total = 0;
    for (let h = 0; h < L; h++) {
      this.caps[h] = levelCapacity(this.k, L, h);
      total += this.caps[h];
    }
    this.totalCap = total;
  }

  /** Number of values added (NaN excluded). */
  get count(): number {
    return this.n;
  }

  /** Smallest value added (exact), NaN when empty. */
  get min(): number {
    return this.n === 0 ? Number.NaN : this.minV;
  }

  /** Largest value added (exact), NaN when empty. */
  get max(): number {
    return this.n === 0 ? Number.NaN : this.maxV;
  }

  /** True while every value is stored with weight 1 (queries are exact). */
  get isExact(): boolean {
    return this.numLevels === 1;
  }

  /** Number of stored items. */
  get retained(): number {
    return this.levels[this.numLevels] - this.levels[0];
  }

  /** Smallest k of this sketch and of any sketch merged into it. */
  get minK(): number {
    return this.minKValue;
  }

  /** 99%-confidence normalized rank error of `rank`/`cdf`/`quantile` (0 while exact). */
  get rankError(): number {
    return this.isExact ? 0 : quantileSketchRankError(this.minKValue);
  }

  /** 99%-confidence error of the mass between two points, rank(b) − rank(a) (0 while exact). */
  get pmfRankError(): number {
    return this.isExact ? 0 : quantileSketchRankError(this.minKValue, true);
  }

  /**
   * A sketch of `count[i]` copies of `values[i]` (ascending, distinct; counts positive
   * integers) without adding them one by one: each count, written in binary, puts the
   * value at the levels of its set bits (an item at level h stands for 2^h copies), so
   * the levels are exact and sorted; then the usual compaction brings them within
   * capacity. O(distinct · log(count)).
   */
  // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: places each value at the levels of its count's set bits, then compacts: one numeric pass over all distinct values whose level bookkeeping is shared state
  static fromWeighted(
    values: ArrayLike<number>,
    counts: ArrayLike<number>,
    options: QuantileSketchOptions = {},
  ): QuantileSketch {
    const sketch = new QuantileSketch(options);
    // First the size of each level, so each is one typed array (no growing lists of boxed numbers).
    const sizes: number[] = [];
    let n = 0;
    for (let i = 0; i < values.length; i++) {
      if (Number.isNaN(values[i])) continue;
      let c = counts[i];
      if (!(Number.isInteger(c) && c > 0)) throw new Error(`QuantileSketch.fromWeighted: count ${c} at ${i}`);
      n += c;
      for (let h = 0; c > 0; h++, c = Math.floor(c / 2)) {
        if (c % 2 === 0) continue;
        if (h >= MAX_LEVELS) throw new Error("QuantileSketch: too many levels");
        while (sizes.length <= h) sizes.push(0);
        sizes[h]++;
      }
    }
    if (n === 0) return sketch;
    // Every count 1: the values are level 0 as they are (compress and load copy what they keep).
    const levels =
      sizes.length === 1 && sizes[0] === values.length && values instanceof Float64Array
        ? [values]
        : sizes.map((size) => new Float64Array(size));
    const filled = new Array<number>(sizes.length).fill(0);
    for (let i = 0; i < values.length; i++) {
      const x = values[i];
      if (Number.isNaN(x)) continue;
      if (levels[0] !== values) {
        for (let h = 0, c = counts[i]; c > 0; h++, c = Math.floor(c / 2)) {
          if (c % 2 === 1) levels[h][filled[h]++] = x;
        }
      }
      if (x < sketch.minV) sketch.minV = x;
      if (x > sketch.maxV) sketch.maxV = x;
    }
    sketch.n = n;
    sketch.load(levels.length === 1 && n <= sketch.exactCap ? levels : sketch.compress(levels));
    return sketch;
  }

  /** Adds one value; NaN is ignored. Amortized O(1), no allocation except when the sketch grows. */
  add(x: number): void {
    if (Number.isNaN(x)) return;
    const levels = this.levels;
    if (levels[0] === 0) this.makeRoom();
    this.items[--levels[0]] = x;
    this.n++;
    if (x < this.minV) this.minV = x;
    if (x > this.maxV) this.maxV = x;
    this.viewValues = null;
  }

  private nextBit(): number {
    let s = this.rng;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.rng = s >>> 0;
    return this.rng >>> 31;
  }

  /** Called when the buffer is full. */
  private makeRoom(): void {
    const len = this.items.length;
    if (this.numLevels === 1 && len < this.exactCap) {
      // Exact mode: grow the level-0 buffer.
      const cap = Math.min(this.exactCap, len * 2);
      const next = new Float64Array(cap);
      next.set(this.items, cap - len);
      this.items = next;
      this.levels[0] += cap - len;
      this.levels[1] = cap;
      return;
    }
    if (len === this.totalCap) this.compactInPlace();
    else this.load(this.compress(this.levelArrays()));
  }

  /** DataSketches' compress-while-updating: compacts the lowest level at capacity. */
  private compactInPlace(): void {
    const levels = this.levels;
    const caps = this.caps;
    const L = this.numLevels;
    let h = 0;
    while (h < L - 1 && levels[h + 1] - levels[h] < caps[h]) h++;
    if (h === L - 1) this.addTopLevel();
    const items = this.items;
    const b = levels[h];
    const e = levels[h + 1];
    const a = levels[h + 2];
    const pop = e - b;
    const odd = pop & 1;
    const cb = b + odd;
    const half = (pop - odd) >>> 1;
    if (h === 0) {
      sortNumbers(items, cb, e);
    }
    const r = this.nextBit();
    if (a === e) {
      for (let i = half - 1; i >= 0; i--) items[cb + half + i] = items[cb + 2 * i + r];
    } else {
      for (let i = 0; i < half; i++) items[cb + i] = items[cb + 2 * i + r];
      // Merge items[cb, cb+half) with level h+1 items[e, a) into items[cb+half, a).
      let i = cb;
      const iEnd = cb + half;
      let j = e;
      let o = iEnd;
      while (i < iEnd && j < a) items[o++] = items[i] <= items[j] ? items[i++] : items[j++];
      while (i < iEnd) items[o++] = items[i++];
    }
    levels[h + 1] = cb + half;
    if (odd === 1) {
      items[cb + half - 1] = items[b];
      levels[h] = cb + half - 1;
    } else {
      levels[h] = cb + half;
    }
    if (h > 0) {
      // Shift the lower levels up by `half` (a loop: copyWithin's call overhead dominates on short runs).
      for (let i = b - 1, start = levels[0]; i >= start; i--) items[i + half] = items[i];
      for (let i = 0; i < h; i++) levels[i] += half;
    }
  }

  /** Adds an empty level on top, growing the buffer to the new total capacity. */
  private addTopLevel(): void {
    const L = this.numLevels;
    if (L >= MAX_LEVELS) throw new Error("QuantileSketch: too many levels");
    const oldCap = this.items.length;
    const cap = totalCapacity(this.k, L + 1);
    const delta = cap - oldCap;
    const next = new Float64Array(cap);
    next.set(this.items, delta);
    this.items = next;
    for (let i = 0; i <= L; i++) this.levels[i] += delta;
    this.levels[L + 1] = cap;
    this.numLevels = L + 1;
    this.refreshCaps();
  }

  /** Copies of the levels; level 0 sorted. */
  private levelArrays(): Float64Array[] {
    const out: Float64Array[] = [];
    for (let h = 0; h < this.numLevels; h++) out.push(this.items.slice(this.levels[h], this.levels[h + 1]));
    sortNumbers(out[0]);
    return out;
  }

  /**
   * DataSketches' general compress over sorted levels: one pass upward,
   * compacting a level while the sketch is over its total capacity and the
   * level is at capacity, until the items fit.
   */
  private compress(lv: Float64Array[]): Float64Array[] {
    const k = this.k;
    for (;;) {
      let L = lv.length;
      let total = 0;
      for (const a of lv) total += a.length;
      if (total < totalCapacity(k, L)) return lv;
      for (let h = 0; h < L; h++) {
        const src = lv[h];
        if (total < totalCapacity(k, L) || src.length < levelCapacity(k, L, h)) continue;
        if (h === L - 1) {
          if (L >= MAX_LEVELS) throw new Error("QuantileSketch: too many levels");
          lv.push(new Float64Array(0));
          L++;
        }
        const odd = src.length & 1;
        const half = (src.length - odd) >>> 1;
        const r = this.nextBit();
        const up = new Float64Array(half);
        for (let i = 0; i < half; i++) up[i] = src[odd + 2 * i + r];
        lv[h + 1] = mergeSorted(up, lv[h + 1]);
        lv[h] = odd === 1 ? src.slice(0, 1) : new Float64Array(0);
        total -= half;
      }
    }
  }

  /** Lays `lv` out in the buffer (free space first). */
  private load(lv: Float64Array[]): void {
    const L = lv.length;
    let retained = 0;
    for (const a of lv) retained += a.length;
    const cap =
      L === 1
        ? Math.min(this.exactCap, Math.max(retained, Math.min(INITIAL_EXACT_BUFFER, this.exactCap), this.k))
        : totalCapacity(this.k, L);
    const items = new Float64Array(Math.max(cap, retained));
    let pos = items.length - retained;
    for (let h = 0; h < L; h++) {
      this.levels[h] = pos;
      items.set(lv[h], pos);
      pos += lv[h].length;
    }
    this.levels[L] = pos;
    this.items = items;
    this.numLevels = L;
    this.refreshCaps();
    this.viewValues = null;
  }

  /**
   * Merges `other` into this sketch; `other` is unchanged. Returns `this`. The k may
   * differ: the levels mean the same weights whatever k, so they merge level by level
   * and compact with this sketch's k; the smaller k's error then applies (`minK`).
   */
  merge(other: QuantileSketch): this {
    if (other.n === 0) return this;
    if (other === this) other = other.clone();
    if (!other.isExact) this.minKValue = Math.min(this.minKValue, other.minKValue);
    if (this.isExact && other.isExact && this.n + other.n <= this.exactCap) {
      const src = other.items;
      // Replay in insertion order (level 0 is filled from the end).
      for (let i = other.levels[1] - 1; i >= other.levels[0]; i--) this.add(src[i]);
      return this;
    }
    const a = this.levelArrays();
    const b = other.levelArrays();
    const L = Math.max(a.length, b.length);
    const lv: Float64Array[] = [];
    for (let h = 0; h < L; h++) {
      lv.push(mergeSorted(a[h] ?? new Float64Array(0), b[h] ?? new Float64Array(0)));
    }
    this.n += other.n;
    if (other.minV < this.minV) this.minV = other.minV;
    if (other.maxV > this.maxV) this.maxV = other.maxV;
    this.load(this.compress(lv));
    return this;
  }

  clone(): QuantileSketch {
    return QuantileSketch.fromJSON(this.toJSON());
  }

  private view(): void {
    if (this.viewValues !== null) return;
    // Merge levels into (value, weight) pairs, ascending.
    let vals = this.items.slice(this.levels[0], this.levels[1]);
    sortNumbers(vals);
    let wts = new Float64Array(vals.length).fill(1);
    for (let h = 1; h < this.numLevels; h++) {
      const lvl = this.items.subarray(this.levels[h], this.levels[h + 1]);
      if (lvl.length === 0) continue;
      const w = 2 ** h;
      const nv = new Float64Array(vals.length + lvl.length);
      const nw = new Float64Array(nv.length);
      let i = 0;
      let j = 0;
      let o = 0;
      while (i < vals.length || j < lvl.length) {
        if (j >= lvl.length || (i < vals.length && vals[i] <= lvl[j])) {
          nv[o] = vals[i];
          nw[o++] = wts[i++];
        } else {
          nv[o] = lvl[j++];
          nw[o++] = w;
        }
      }
      vals = nv;
      wts = nw;
    }
    // Collapse ties and accumulate.
    const outV = new Float64Array(vals.length);
    const cum = new Float64Array(vals.length);
    let m = 0;
    let acc = 0;
    for (let i = 0; i < vals.length; i++) {
      acc += wts[i];
      if (m > 0 && outV[m - 1] === vals[i]) cum[m - 1] = acc;
      else {
        outV[m] = vals[i];
        cum[m++] = acc;
      }
    }
    this.viewValues = outV.slice(0, m);
    this.viewCum = cum.slice(0, m);
  }

  /** Inclusive nearest-rank quantile (see the module comment); NaN when empty. */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new Error(`QuantileSketch.quantile: q must be in [0, 1], got ${q}`);
    if (this.n === 0) return Number.NaN;
    if (q === 0) return this.minV;
    if (q === 1) return this.maxV;
    this.view();
    const values = this.viewValues!;
    const cum = this.viewCum!;
    const target = q * this.n * (1 - RANK_TOLERANCE);
    // Smallest i with cum[i] >= target.
    let lo = 0;
    let hi = values.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] >= target) hi = mid;
      else lo = mid + 1;
    }
    return values[lo];
  }

  quantiles(qs: ArrayLike<number>): number[] {
    const out: number[] = new Array(qs.length);
    for (let i = 0; i < qs.length; i++) out[i] = this.quantile(qs[i]);
    return out;
  }

  /** Normalized inclusive rank: fraction of values <= x; NaN when empty or x is NaN. */
  rank(x: number): number {
    if (this.n === 0 || Number.isNaN(x)) return Number.NaN;
    if (x < this.minV) return 0;
    if (x >= this.maxV) return 1;
    this.view();
    const values = this.viewValues!;
    const cum = this.viewCum!;
    // Largest i with values[i] <= x.
    let lo = -1;
    let hi = values.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (values[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo < 0 ? 0 : cum[lo] / this.n;
  }

  /**
   * CDF at strictly increasing split points: `[rank(s0), …, rank(s_{m-1}), 1]`
   * (m + 1 entries; entry i is the fraction of values <= s_i). Empty sketch: all NaN.
   */
  cdf(splitPoints: ArrayLike<number>): number[] {
    for (let i = 0; i < splitPoints.length; i++) {
      const s = splitPoints[i];
      if (Number.isNaN(s)) throw new Error(`QuantileSketch.cdf: split point ${i} is NaN`);
      if (i > 0 && !(s > splitPoints[i - 1]))
        throw new Error("QuantileSketch.cdf: split points must be strictly increasing");
    }
    const out: number[] = new Array(splitPoints.length + 1);
    for (let i = 0; i < splitPoints.length; i++) out[i] = this.rank(splitPoints[i]);
    out[splitPoints.length] = this.n === 0 ? Number.NaN : 1;
    return out;
  }

  /** Distinct stored values ascending with their weights (summing to `count`); fresh arrays. */
  weightedItems(): { values: Float64Array; weights: Float64Array } {
    this.view();
    const values = this.viewValues!.slice();
    const cum = this.viewCum!;
    const weights = new Float64Array(values.length);
    for (let i = 0; i < values.length; i++) weights[i] = cum[i] - (i > 0 ? cum[i - 1] : 0);
    return { values, weights };
  }

  toJSON(): QuantileSketchJSON {
    const sizes: number[] = [];
    for (let h = 0; h < this.numLevels; h++) sizes.push(this.levels[h + 1] - this.levels[h]);
    return {
      type: "kll",
      version: 1,
      k: this.k,
      ...(this.minKValue < this.k ? { minK: this.minKValue } : {}),
      exactLimit: this.exactLimit,
      rng: this.rng,
      count: this.n,
      min: encodeNumber(this.min),
      max: encodeNumber(this.max),
      levels: sizes,
      items: toBase64(this.items.subarray(this.levels[0], this.levels[this.numLevels])),
    };
  }

  static fromJSON(obj: unknown): QuantileSketch {
    const o = expectObject(WHAT, obj, "kll", 1);
    const k = intField(WHAT, o, "k", 8, 65535);
    const minK = o.minK === undefined ? k : intField(WHAT, o, "minK", 8, k);
    const exactLimit = intField(WHAT, o, "exactLimit", 0, 16777216);
    const rng = intField(WHAT, o, "rng", 1, 0xffffffff);
    const count = intField(WHAT, o, "count", 0, Number.MAX_SAFE_INTEGER);
    const min = numberField(WHAT, o, "min");
    const max = numberField(WHAT, o, "max");
    const sizes = levelSizes(o.levels);
    const items = float64Field(WHAT, o, "items");
    const retained = sizes.reduce((x, y) => x + y, 0);
    if (items.length !== retained)
      badField(WHAT, "items", `holds ${items.length} values, but levels sum to ${retained}`);
    const sketch = new QuantileSketch({ k, exactLimit });
    const L = sizes.length;
    if (L === 1 && retained > sketch.exactCap) {
      badField(
        WHAT,
        "levels",
        `level 0 holds ${retained} values, more than max(exactLimit, k) = ${sketch.exactCap}`,
      );
    }
    if (L > 1 && retained > totalCapacity(k, L)) {
      badField(
        WHAT,
        "levels",
        `hold ${retained} values, more than the capacity ${totalCapacity(k, L)} of ${L} levels`,
      );
    }
    const { lv, weight } = splitLevels(items, sizes, min, max);
    if (weight !== count) badField(WHAT, "count", `is ${count}, but the stored weights sum to ${weight}`);
    if (count > 0 && !(min <= max)) badField(WHAT, "min", `must be <= max when count > 0`);
    sketch.load(lv);
    sketch.n = count;
    if (count > 0) {
      sketch.minV = min;
      sketch.maxV = max;
    }
    sketch.rng = rng;
    sketch.minKValue = minK;
    return sketch;
  }
}

/** The stored level sizes: 1 to MAX_LEVELS integers >= 0. */
function levelSizes(sizes: unknown): number[] {
  if (!Array.isArray(sizes) || sizes.length < 1 || sizes.length > MAX_LEVELS) {
    badField(WHAT, "levels", `must be an array of 1 to ${MAX_LEVELS} level sizes`);
  }
  for (let h = 0; h < sizes.length; h++) {
    const s = sizes[h];
    if (typeof s !== "number" || !Number.isInteger(s) || s < 0)
      badField(WHAT, `levels[${h}]`, `must be an integer >= 0, got ${JSON.stringify(s)}`);
  }
  return sizes as number[];
}

/** The items cut into levels, each checked (no NaN, within [min, max], sorted above level 0), and their total weight. */
function splitLevels(
  items: Float64Array,
  sizes: number[],
  min: number,
  max: number,
): { lv: Float64Array[]; weight: number } {
  let weight = 0;
  const lv: Float64Array[] = [];
  let off = 0;
  for (let h = 0; h < sizes.length; h++) {
    const a = items.slice(off, off + sizes[h]);
    off += a.length;
    for (let i = 0; i < a.length; i++) {
      if (Number.isNaN(a[i])) badField(WHAT, "items", "must not contain NaN");
      if (a[i] < min || a[i] > max) badField(WHAT, "items", `value ${a[i]} is outside [min, max]`);
      if (h > 0 && i > 0 && a[i] < a[i - 1]) badField(WHAT, "items", `level ${h} must be sorted ascending`);
    }
    weight += a.length * 2 ** h;
    lv.push(a);
  }
  return { lv, weight };
}
