/**
 * The values of a numeric column: exact while it has at most `exactLimit`
 * distinct values (default 2^20 = 1,048,576), a KLL sketch of large k (default
 * 3000) past that.
 *
 * Exact mode keeps the sorted distinct values with their counts. Added values go
 * to an insertion buffer; a full buffer is sorted and merged into the store (so
 * an add is amortized O(log buffer + distinct / buffer)). While the store holds
 * few values an add looks its value up first and counts it in place. Any number
 * of values with at most `exactLimit` distinct ones stays exact — a 0/1 label or
 * a rating at a billion rows too — and every statistic computed from the store is
 * the statistic of the raw data.
 *
 * The first time a flush or a merge would pass `exactLimit` distinct values, the
 * store turns into a `QuantileSketch` holding the same counts
 * (`QuantileSketch.fromWeighted`), and stays one. Its normalized rank error, with
 * 99% confidence, is 2.296 / k^0.9723 for a rank (k = 3000: 0.096%) and
 * 2.446 / k^0.9433 for the mass between two points (0.128%) — DataSketches' KLL
 * characterization, stated for the whole range of ranks at once.
 *
 * `merge` is exact when both stores are and the union of their values fits.
 * NaN and ±Infinity are ignored (profiles count them as invalid); −0 is stored as 0
 * (they compare equal).
 */
import { QuantileSketch, type QuantileSketchJSON } from "./quantile-sketch.js";
import {
  badField,
  encodeNumber,
  expectObject,
  intField,
  type JsonNumber,
  numberField,
} from "./sketch-json.js";
import { sortNumbers } from "./sort-numbers.js";
import { decodeSortedValues, type EncodedSortedValues, encodeSortedValues } from "./sorted-values-codec.js";

/** Distinct values kept exactly before the store becomes a sketch: 2^20 (≥ 1,000,000). */
export const EXACT_DISTINCT_LIMIT = 1 << 20;
/** k of the sketch past the limit: rank error ≤ 0.1% (2.296 / 3000^0.9723 ≈ 0.00096). */
export const VALUE_SKETCH_K = 3000;
/** Most distinct values a store may claim in JSON (a larger limit than ours is read as a sketch). */
const MAX_JSON_DISTINCT = 1 << 24;

export interface ValueStoreOptions {
  /** Most distinct values kept exactly (1..16,777,216; default 2^20). */
  exactLimit?: number;
  /** k of the sketch used past the limit (8..65535; default 3000). */
  k?: number;
}

/** The exact store as written to a file (see sorted-values-codec.ts). */
export interface ExactValuesJSON extends EncodedSortedValues {
  distinct: number;
}

/**
 * The exact store in memory, in a `ValueStoreJSON` that has not been written yet:
 * encoding 10^6 values takes a while, so it happens only when the JSON is
 * stringified (`toJSON`). Passed between threads it arrives as a plain object with
 * the same fields (the typed arrays are copied), which `ValueStore.fromJSON` reads too.
 */
export class ExactValues {
  readonly distinct: number;
  constructor(
    readonly values: Float64Array,
    readonly counts: Counts,
  ) {
    this.distinct = values.length;
  }

  toJSON(): ExactValuesJSON {
    return { distinct: this.distinct, ...encodeSortedValues(this.values, this.counts, this.distinct) };
  }
}

export interface ValueStoreJSON {
  type: "values";
  version: 1;
  exactLimit: number;
  k: number;
  count: number;
  /** Smallest and largest value; null when empty. */
  min: JsonNumber | null;
  max: JsonNumber | null;
  /** Exact mode: the distinct values and their counts; else null. */
  exact: ExactValuesJSON | ExactValues | null;
  /** Past the limit: the sketch; else null. */
  sketch: QuantileSketchJSON | null;
}

/** Counts of the exact store: 4 bytes each while they fit (the store's memory is 12 bytes a value), else 8. */
export type Counts = Uint32Array | Float64Array;

/** Values ascending with the count (weight) of each. */
export interface WeightedValues {
  values: Float64Array;
  weights: Counts;
}

const WHAT = "ValueStore JSON";
/** Counts are 32-bit while the store holds at most this many values (any count then fits), 64-bit floats past it. */
const MAX_UINT32 = 0xffffffff;
const MIN_BUFFER = 1024;
const MAX_BUFFER = 65536;
/** Buffers up to this many values (64 KiB) grow step by step. */
const LARGE_BUFFER = 8192;
/** While the store holds at most this many values, an add looks its value up (binary search). */
const LOOKUP_LIMIT = 16384;
const RANK_TOLERANCE = 1e-12;

export class ValueStore {
  readonly exactLimit: number;
  readonly k: number;
  private n = 0;
  private minV = Number.POSITIVE_INFINITY;
  private maxV = Number.NEGATIVE_INFINITY;
  /** Exact mode: distinct values ascending in vals[0, size), counts alongside. */
  private vals: Float64Array = new Float64Array(0);
  private cnts: Counts = new Uint32Array(0);
  private size = 0;
  /** Exact mode: values added since the last flush, unsorted. */
  private buf: Float64Array = new Float64Array(0);
  private buffered = 0;
  /** Past the limit. */
  private sketch: QuantileSketch | null = null;
  /** Cumulative counts of the exact store, for rank and quantile queries; dropped on change. */
  private cumulative: Float64Array | null = null;
  /**
   * vals and cnts are also held by a JSON form (toJSON, or the one fromJSON read):
   * copied before this store changes them, so neither sees the other's changes.
   */
  private shared = false;

  constructor(options: ValueStoreOptions = {}) {
    const exactLimit = options.exactLimit ?? EXACT_DISTINCT_LIMIT;
    const k = options.k ?? VALUE_SKETCH_K;
    if (!Number.isInteger(exactLimit) || exactLimit < 1 || exactLimit > MAX_JSON_DISTINCT) {
      throw new Error(
        `ValueStore: exactLimit must be an integer in [1, ${MAX_JSON_DISTINCT}], got ${exactLimit}`,
      );
    }
    if (!Number.isInteger(k) || k < 8 || k > 65535)
      throw new Error(`ValueStore: k must be an integer in [8, 65535], got ${k}`);
    this.exactLimit = exactLimit;
    this.k = k;
  }

  /** Number of values added (NaN and ±Infinity excluded). */
  get count(): number {
    return this.n;
  }

  get min(): number {
    return this.n === 0 ? Number.NaN : this.minV;
  }

  get max(): number {
    return this.n === 0 ? Number.NaN : this.maxV;
  }

  /** True while every value is stored with its exact count. */
  get isExact(): boolean {
    return this.sketch === null;
  }

  /** Number of distinct values (exact mode), undefined past the limit. */
  get distinct(): number | undefined {
    if (this.sketch) return undefined;
    this.flush();
    return this.size;
  }

  /** 99%-confidence normalized rank error of `rank`, `quantile` and a CDF point: 0 while exact. */
  get rankError(): number {
    return this.sketch ? this.sketch.rankError : 0;
  }

  /** 99%-confidence error of the share between two points (a histogram bin): 0 while exact. */
  get pmfRankError(): number {
    return this.sketch ? this.sketch.pmfRankError : 0;
  }

  add(x: number): void {
    if (!Number.isFinite(x)) return;
    if (x === 0) x = 0; // −0 → 0
    if (++this.n > MAX_UINT32 && this.cnts instanceof Uint32Array) this.widenCounts();
    if (x < this.minV) this.minV = x;
    if (x > this.maxV) this.maxV = x;
    if (this.sketch) {
      this.sketch.add(x);
      return;
    }
    this.cumulative = null;
    if (this.size > 0 && this.size <= LOOKUP_LIMIT) {
      const i = this.indexOf(x);
      if (i >= 0) {
        if (this.shared) this.own();
        this.cnts[i]++;
        return;
      }
    }
    if (this.buffered === this.buf.length) {
      this.flush();
      if (this.sketch) {
        (this.sketch as QuantileSketch).add(x);
        return;
      }
      if (this.buf.length === 0) this.buf = new Float64Array(MIN_BUFFER);
    }
    this.buf[this.buffered++] = x;
  }

  /** Index of x in the exact store, or −1. */
  private indexOf(x: number): number {
    let lo = 0;
    let hi = this.size - 1;
    const vals = this.vals;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = vals[mid];
      if (v < x) lo = mid + 1;
      else if (v > x) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  /** Sorts the buffer into the store (or turns the store into a sketch if the values no longer fit). */
  private flush(): void {
    const b = this.buffered;
    if (b === 0 || this.sketch) return;
    const buf = this.buf.subarray(0, b);
    sortNumbers(buf);
    let fresh = 1;
    for (let i = 1; i < b; i++) if (buf[i] !== buf[i - 1]) fresh++;
    // At most size + fresh values after the merge; count them exactly only near the limit.
    if (this.size + fresh > this.exactLimit && mergedSize(this.vals, this.size, buf) > this.exactLimit) {
      this.toSketch();
      for (let i = 0; i < b; i++) this.sketch!.add(buf[i]);
      this.buffered = 0;
      this.buf = new Float64Array(0);
      return;
    }
    const room = Math.min(this.size + fresh, this.exactLimit);
    if (room > this.vals.length) this.grow(room);
    else if (this.shared) this.own();
    this.size = mergeInto(this.vals, this.cnts, this.size, buf, undefined, room);
    this.buffered = 0;
    // A buffer of about a quarter of the store keeps the merge cost per value small.
    let want = Math.max(MIN_BUFFER, 2 ** Math.ceil(Math.log2(Math.max(1, this.size / 4))));
    // Past 64 KiB straight to the largest buffer: see RESIZABLE_FROM on freeing large blocks.
    if (want > LARGE_BUFFER) want = MAX_BUFFER;
    if (want !== this.buf.length) this.buf = new Float64Array(want);
  }

  /**
   * Gives the exact store room for at least `atLeast` entries: doubling while it grows
   * (in place once large, see RESIZABLE_FROM), or exactly `capacity` for a one-off merge.
   */
  private grow(
    atLeast: number,
    capacity = Math.min(this.exactLimit, Math.max(atLeast, this.vals.length * 2, 64)),
    growing = true,
  ): void {
    const wide = this.cnts instanceof Float64Array;
    if (
      growing &&
      capacity >= RESIZABLE_FROM &&
      !this.shared &&
      isResizable(this.vals) &&
      isResizable(this.cnts)
    ) {
      // Grown in place: no copy, and no freed block left behind.
      this.vals = resized(this.vals, capacity, Float64Array);
      this.cnts = wide
        ? resized(this.cnts as Float64Array, capacity, Float64Array)
        : resized(this.cnts as Uint32Array, capacity, Uint32Array);
      return;
    }
    const resizable = growing && capacity >= RESIZABLE_FROM ? this.exactLimit : 0;
    const vals = allocate(Float64Array, capacity, resizable);
    const cnts = wide
      ? allocate(Float64Array, capacity, resizable)
      : allocate(Uint32Array, capacity, resizable);
    vals.set(this.vals.subarray(0, this.size));
    cnts.set(this.cnts.subarray(0, this.size));
    this.vals = vals;
    this.cnts = cnts;
    this.shared = false;
  }

  /** Past 2^32 − 1 values a count may not fit 32 bits: 64-bit counts from then on. */
  private widenCounts(): void {
    this.cnts = Float64Array.from(this.cnts);
    this.shared = false;
    this.cumulative = null;
  }

  /** Copies the exact store that a JSON form also holds, before changing it. */
  private own(): void {
    this.vals = this.vals.slice(0, Math.max(this.size, this.vals.length));
    this.cnts = this.cnts.slice(0, Math.max(this.size, this.cnts.length));
    this.shared = false;
  }

  /** The exact store's values and counts, exactly `size` long, to hand to a JSON form (shared until either changes). */
  private shareExact(): [Float64Array, Counts] {
    this.flush();
    // The JSON form gets arrays of exactly `size` values (their buffers may move to another thread).
    if (isResizable(this.vals) && isResizable(this.cnts) && !this.shared) {
      this.vals = resized(this.vals, this.size, Float64Array);
      this.cnts =
        this.cnts instanceof Float64Array
          ? resized(this.cnts, this.size, Float64Array)
          : resized(this.cnts, this.size, Uint32Array);
    } else if (this.vals.length !== this.size) {
      this.vals = this.vals.slice(0, this.size);
      this.cnts = this.cnts.slice(0, this.size);
    }
    this.shared = true;
    return [this.vals, this.cnts];
  }

  /** Replaces the exact store (flushed) by a sketch of the same counts. */
  private toSketch(): void {
    const options = { k: this.k, exactLimit: 0 };
    this.sketch = QuantileSketch.fromWeighted(
      this.vals.subarray(0, this.size),
      this.cnts.subarray(0, this.size),
      options,
    );
    // Give a large store's memory back now rather than at the next collection (unless a JSON form holds it).
    if (!this.shared) {
      release(this.vals);
      release(this.cnts);
    }
    this.vals = new Float64Array(0);
    this.cnts = new Uint32Array(0);
    this.size = 0;
    this.cumulative = null;
  }

  /** The store as a sketch (a copy when exact). */
  private asSketch(): QuantileSketch {
    if (this.sketch) return this.sketch.clone();
    this.flush();
    return QuantileSketch.fromWeighted(this.vals.subarray(0, this.size), this.cnts.subarray(0, this.size), {
      k: this.k,
      exactLimit: 0,
    });
  }

  /** Merges `other` into this store (exact while both are and their union fits); `other` keeps its values. */
  merge(other: ValueStore): this {
    if (other.n === 0) return this;
    if (other === this) other = other.clone();
    this.flush();
    if (!this.sketch && !other.sketch) {
      other.flush();
      if (this.n + other.n > MAX_UINT32 && this.cnts instanceof Uint32Array) this.widenCounts();
      const otherVals = other.vals.subarray(0, other.size);
      const merged = mergedSize(this.vals, this.size, otherVals);
      if (merged <= this.exactLimit) {
        // A merge is one-off: arrays of exactly the merged size (growing would leave the rest unused).
        if (merged > this.vals.length) this.grow(merged, merged, false);
        else if (this.shared) this.own();
        this.size = mergeInto(this.vals, this.cnts, this.size, otherVals, other.cnts, merged);
        this.absorbRange(other);
        this.cumulative = null;
        return this;
      }
    }
    if (!this.sketch) this.toSketch();
    this.sketch!.merge(other.sketch ?? other.asSketch());
    this.absorbRange(other);
    return this;
  }

  private absorbRange(other: ValueStore): void {
    this.n += other.n;
    if (other.minV < this.minV) this.minV = other.minV;
    if (other.maxV > this.maxV) this.maxV = other.maxV;
  }

  clone(): ValueStore {
    return ValueStore.fromJSON(this.toJSON());
  }

  /**
   * The values ascending with their counts: exact (distinct values, counts) or the
   * sketch's retained items with their weights. Views of the store: do not modify.
   */
  weighted(): WeightedValues {
    if (this.sketch) return this.sketch.weightedItems();
    this.flush();
    return { values: this.vals.subarray(0, this.size), weights: this.cnts.subarray(0, this.size) };
  }

  /** Value → count while exact with at most `limit` distinct values; else undefined. */
  valueCounts(limit: number): Map<number, number> | undefined {
    if (this.sketch) return undefined;
    this.flush();
    if (this.size > limit) return undefined;
    const counts = new Map<number, number>();
    for (let i = 0; i < this.size; i++) counts.set(this.vals[i], this.cnts[i]);
    return counts;
  }

  private cumulativeCounts(): Float64Array {
    this.flush();
    if (!this.cumulative) {
      const cum = new Float64Array(this.size);
      let acc = 0;
      for (let i = 0; i < this.size; i++) cum[i] = acc += this.cnts[i];
      this.cumulative = cum;
    }
    return this.cumulative;
  }

  /**
   * Inclusive nearest-rank quantile, as QuantileSketch.quantile: the smallest value v
   * with rank(v) ≥ q (exact while exact). NaN when empty.
   */
  quantile(q: number): number {
    if (!(q >= 0 && q <= 1)) throw new Error(`ValueStore.quantile: q must be in [0, 1], got ${q}`);
    if (this.n === 0) return Number.NaN;
    if (this.sketch) return this.sketch.quantile(q);
    if (q === 0) return this.minV;
    if (q === 1) return this.maxV;
    const cum = this.cumulativeCounts();
    const target = q * this.n * (1 - RANK_TOLERANCE);
    let lo = 0;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] >= target) hi = mid;
      else lo = mid + 1;
    }
    return this.vals[lo];
  }

  /** Fraction of values ≤ x; NaN when empty or x is NaN. */
  rank(x: number): number {
    if (this.n === 0 || Number.isNaN(x)) return Number.NaN;
    if (this.sketch) return this.sketch.rank(x);
    if (x < this.minV) return 0;
    if (x >= this.maxV) return 1;
    const cum = this.cumulativeCounts();
    let lo = -1;
    let hi = this.size - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.vals[mid] <= x) lo = mid;
      else hi = mid - 1;
    }
    return lo < 0 ? 0 : cum[lo] / this.n;
  }

  toJSON(): ValueStoreJSON {
    this.flush();
    return {
      type: "values",
      version: 1,
      exactLimit: this.exactLimit,
      k: this.k,
      count: this.n,
      min: this.n === 0 ? null : encodeNumber(this.minV),
      max: this.n === 0 ? null : encodeNumber(this.maxV),
      // bounded: a pair (values, counts)
      exact: this.sketch ? null : new ExactValues(...this.shareExact()),
      sketch: this.sketch ? this.sketch.toJSON() : null,
    };
  }

  static fromJSON(obj: unknown): ValueStore {
    const o = expectObject(WHAT, obj, "values", 1);
    const exactLimit = intField(WHAT, o, "exactLimit", 1, MAX_JSON_DISTINCT);
    const k = intField(WHAT, o, "k", 8, 65535);
    const count = intField(WHAT, o, "count", 0, Number.MAX_SAFE_INTEGER);
    if ((o.exact === null) === (o.sketch === null) || o.exact === undefined || o.sketch === undefined) {
      badField(WHAT, "exact", 'exactly one of "exact" and "sketch" must be an object, the other null');
    }
    if (o.sketch !== null) {
      let sketch: QuantileSketch;
      try {
        sketch = QuantileSketch.fromJSON(o.sketch);
      } catch (error) {
        return badField(WHAT, "sketch", (error as Error).message);
      }
      if (sketch.count !== count)
        badField(WHAT, "count", `is ${count}, but the sketch holds ${sketch.count} values`);
      return ValueStore.fromSketch(sketch, { exactLimit, k });
    }
    const exact = o.exact;
    if (typeof exact !== "object" || exact === null || Array.isArray(exact))
      badField(WHAT, "exact", "must be an object");
    const e = exact as Record<string, unknown>;
    const distinct = intField(WHAT, e, "distinct", 0, MAX_JSON_DISTINCT);
    if (distinct > count) badField(WHAT, "exact.distinct", `is ${distinct}, more than the count ${count}`);
    const { values, counts, shared } = readExact(e, distinct);
    let total = 0;
    for (let i = 0; i < distinct; i++) total += counts[i];
    if (total !== count) badField(WHAT, "count", `is ${count}, but the exact counts sum to ${total}`);
    if (count > 0) {
      const min = o.min === null ? Number.NaN : numberField(WHAT, o, "min");
      const max = o.max === null ? Number.NaN : numberField(WHAT, o, "max");
      if (min !== values[0])
        badField(WHAT, "min", `is ${JSON.stringify(o.min)}, but the smallest value is ${values[0]}`);
      if (max !== values[distinct - 1])
        badField(
          WHAT,
          "max",
          `is ${JSON.stringify(o.max)}, but the largest value is ${values[distinct - 1]}`,
        );
    }
    const store = ValueStore.fromCounts(values, counts, { exactLimit, k });
    store.shared = shared === true;
    return store;
  }

  /** A store of `counts[i]` copies of `values[i]` (ascending, distinct, finite). */
  static fromCounts(values: Float64Array, counts: Counts, options: ValueStoreOptions = {}): ValueStore {
    const store = new ValueStore(options);
    const distinct = values.length;
    for (let i = 0; i < distinct; i++) store.n += counts[i];
    if (store.n <= MAX_UINT32 && counts instanceof Float64Array) counts = Uint32Array.from(counts);
    if (distinct === 0) return store;
    store.minV = values[0];
    store.maxV = values[distinct - 1];
    if (distinct > store.exactLimit) {
      store.sketch = QuantileSketch.fromWeighted(values, counts, { k: store.k, exactLimit: 0 });
      return store;
    }
    store.vals = values;
    store.cnts = counts;
    store.size = distinct;
    return store;
  }

  /**
   * A store holding a sketch (a profile written before exact stores, or a merged
   * one): exact when the sketch itself is exact (every item of weight 1).
   */
  static fromSketch(sketch: QuantileSketch, options: ValueStoreOptions = {}): ValueStore {
    if (sketch.isExact) {
      const { values, weights } = sketch.weightedItems();
      const store = ValueStore.fromCounts(values, weights, options);
      if (store.isExact) return store;
    }
    const store = new ValueStore(options);
    store.sketch = sketch.clone();
    store.n = sketch.count;
    store.minV = sketch.count > 0 ? sketch.min : Number.POSITIVE_INFINITY;
    store.maxV = sketch.count > 0 ? sketch.max : Number.NEGATIVE_INFINITY;
    return store;
  }
}

/** The exact store's values and counts: decoded from a file's text, or copied from the in-memory form. */
function readExact(
  e: Record<string, unknown>,
  distinct: number,
): { values: Float64Array; counts: Counts; shared?: boolean } {
  if (
    e.values instanceof Float64Array &&
    (e.counts instanceof Uint32Array || e.counts instanceof Float64Array)
  ) {
    if (e.values.length !== distinct || e.counts.length !== distinct)
      badField(
        WHAT,
        "exact",
        `holds ${e.values.length} values and ${e.counts.length} counts, not ${distinct}`,
      );
    for (let i = 1; i < distinct; i++) {
      if (!(e.values[i] > e.values[i - 1])) badField(WHAT, "exact.values", "must be strictly increasing");
    }
    return { values: e.values, counts: e.counts, shared: true };
  }
  return decodeSortedValues(
    `${WHAT} exact`,
    { scale: e.scale, values: e.values, counts: e.counts },
    distinct,
  );
}

/**
 * Stores past 8192 values (64 KiB) live in resizable ArrayBuffers, reserved up to
 * the store's limit and committed as they grow, so growing frees nothing. Freeing a
 * plain block of 128 KiB or more (which glibc maps on its own) raises glibc's
 * threshold for mapping blocks, after which the process's other large buffers come
 * from its heaps and stay resident once freed: measured on 5M rows, that cost more
 * memory than the stores themselves. (The insertion buffer likewise jumps from
 * 64 KiB to its final 512 KiB.)
 */
const RESIZABLE_FROM = 1 << 13;

type TypedArrayOf<T> = {
  new (buffer: ArrayBuffer, offset: number, length: number): T;
  BYTES_PER_ELEMENT: number;
};
interface ResizableBuffer extends ArrayBuffer {
  readonly resizable: boolean;
  resize(bytes: number): void;
}

function isResizable(array: Float64Array | Uint32Array): boolean {
  return (array.buffer as ResizableBuffer).resizable === true;
}

/** A typed array of `length` elements, in a buffer that can grow to `maxLength` elements when that is > 0. */
function allocate<T>(type: TypedArrayOf<T>, length: number, maxLength: number): T {
  const bytes = length * type.BYTES_PER_ELEMENT;
  const buffer =
    maxLength > 0
      ? new (
          ArrayBuffer as unknown as new (
            bytes: number,
            options: { maxByteLength: number },
          ) => ArrayBuffer
        )(bytes, { maxByteLength: Math.max(bytes, maxLength * type.BYTES_PER_ELEMENT) })
      : new ArrayBuffer(bytes);
  return new type(buffer, 0, length);
}

/** Shrinks a resizable buffer to nothing, returning its memory at once; plain buffers wait for a collection. */
function release(array: Float64Array | Uint32Array): void {
  if (isResizable(array)) (array.buffer as ResizableBuffer).resize(0);
}

/** The same buffer resized to `length` elements, and a view of all of them. */
function resized<T extends Float64Array | Uint32Array>(array: T, length: number, type: TypedArrayOf<T>): T {
  const buffer = array.buffer as ResizableBuffer;
  buffer.resize(length * type.BYTES_PER_ELEMENT);
  return new type(buffer, 0, length);
}

/** Distinct values in the union of a sorted store and a sorted list (with repeats). */
function mergedSize(vals: Float64Array, size: number, sorted: Float64Array): number {
  let i = 0;
  let j = 0;
  let m = 0;
  const b = sorted.length;
  while (i < size || j < b) {
    const x = j >= b || (i < size && vals[i] <= sorted[j]) ? vals[i] : sorted[j];
    while (i < size && vals[i] === x) i++;
    while (j < b && sorted[j] === x) j++;
    m++;
  }
  return m;
}

/**
 * Merges a sorted list into the store in place: with `otherCounts`, distinct values and
 * their counts (another store); without, values with repeats, each counting 1 (a sorted
 * buffer). Writes from the back into [0, room) (the write position never falls below
 * the read position), then closes the gap that values in both left at the front.
 * Returns the number of distinct values.
 */
function mergeInto(
  vals: Float64Array,
  cnts: Counts,
  size: number,
  other: Float64Array,
  otherCounts: Counts | undefined,
  room: number,
): number {
  let i = size - 1;
  let j = other.length - 1;
  let o = room - 1;
  while (i >= 0 || j >= 0) {
    const x = j < 0 || (i >= 0 && vals[i] >= other[j]) ? vals[i] : other[j];
    let c = 0;
    if (i >= 0 && vals[i] === x) c = cnts[i--];
    while (j >= 0 && other[j] === x) {
      c += otherCounts ? otherCounts[j] : 1;
      j--;
    }
    vals[o] = x;
    cnts[o] = c;
    o--;
  }
  const gap = o + 1;
  if (gap > 0) {
    vals.copyWithin(0, gap, room);
    cnts.copyWithin(0, gap, room);
  }
  return room - gap;
}
