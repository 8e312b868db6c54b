/**
 * Category counts with a bounded number of counters.
 *
 * - Exact while at most `capacity` (default 1000) distinct values were seen:
 *   every count is exact (`isExact`).
 * - Past that: SpaceSaving (Metwally, Agrawal, El Abbadi 2005) with
 *   `capacity` counters. A new value takes over the counter with the smallest
 *   count `min`: its count becomes `min + weight` and its `error` becomes `min`.
 *
 * Guarantees, after any sequence of `add`s and `merge`s (N = `total`,
 * k = `capacity`):
 * - every reported entry satisfies `count - error <= true count <= count`;
 * - a value that is not reported has true count `<= maxError`;
 * - `maxError` (the smallest counter) `<= N / k`, so every count is within N / k.
 *   (The counters always sum to at most N, and there are k of them.)
 *
 * Merge (Cafaro et al., "parallel space saving"): a value missing from an
 * approximate side is credited with that side's `maxError` as count and
 * error; the k largest merged counters are kept (ties: smaller value first).
 * The bounds above still hold, and both sides must have the same capacity.
 *
 * Speed: `add` is one Map lookup while exact; past that, an untracked value
 * costs a Map delete + set and a sift in a count-ordered min-heap (which stops
 * at the first counter that is not smaller, so runs of equal counts are cheap).
 *
 * Determinism: nothing depends on hash-map iteration order, so the same adds
 * and merges in the same order give the same JSON. When not exact, the JSON
 * lists the counters in heap order, so a sketch restored by `fromJSON`
 * evicts exactly as the original would; `a.merge(b)` and `b.merge(a)` give
 * identical sketches (the merged counters are laid out in sorted order).
 */

import { badField, boolField, expectObject, intField, nonNegField } from "./sketch-json.js";

export interface TopKOptions {
  /** Number of counters, 1..1_000_000 (default 1000). */
  capacity?: number;
}

export interface TopKEntry {
  value: string;
  /** Upper bound of the true count (exact when `error` is 0). */
  count: number;
  /** Possible overcount: the true count is in `[count - error, count]`. */
  error: number;
}

export interface TopKJSON {
  type: "topk";
  version: 1;
  capacity: number;
  total: number;
  exact: boolean;
  /**
   * `[value, count, error]`. Exact: sorted by count desc then value asc.
   * Not exact: the eviction heap in array order (the count of item i is at least
   * the count of item floor((i-1)/2)); `entries()` gives them sorted.
   */
  items: [string, number, number][];
}

const WHAT = "TopK JSON";
const DEFAULT_CAPACITY = 1000;

function byCountDesc(a: TopKEntry, b: TopKEntry): number {
  return b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}

export class TopK {
  readonly capacity: number;
  private totalWeight = 0;
  private exact = true;
  private size = 0;
  private readonly slots = new Map<string, number>();
  private readonly keys: string[];
  private readonly counts: Float64Array;
  private readonly errors: Float64Array;
  /** Min-heap of slots (approximate mode only). */
  private heap: Int32Array | null = null;
  /** Position of each slot in `heap`. */
  private pos: Int32Array | null = null;

  constructor(options: TopKOptions = {}) {
    const capacity = options.capacity ?? DEFAULT_CAPACITY;
    if (!Number.isInteger(capacity) || capacity < 1 || capacity > 1_000_000) {
      throw new Error(`TopK: capacity must be an integer in [1, 1000000], got ${capacity}`);
    }
    this.capacity = capacity;
    this.keys = new Array<string>(capacity).fill("");
    this.counts = new Float64Array(capacity);
    this.errors = new Float64Array(capacity);
  }

  /** True while every count is exact (never more than `capacity` distinct values). */
  get isExact(): boolean {
    return this.exact;
  }

  /** Sum of all weights added. */
  get total(): number {
    return this.totalWeight;
  }

  /** Number of values tracked. */
  get tracked(): number {
    return this.size;
  }

  /** Largest possible count of a value that is not tracked, and the largest `error`: 0 while exact, else <= total / capacity. */
  get maxError(): number {
    return this.exact ? 0 : this.counts[this.heap![0]];
  }

  /** Adds `count` (a positive finite number, default 1) occurrences of `value`. */
  add(value: string, count = 1): void {
    if (!(count > 0 && count < Number.POSITIVE_INFINITY)) {
      throw new Error(`TopK.add: count must be a positive finite number, got ${count}`);
    }
    this.totalWeight += count;
    const slot = this.slots.get(value);
    if (slot !== undefined) {
      this.counts[slot] += count;
      if (!this.exact) this.siftDown(this.pos![slot]);
      return;
    }
    if (this.size < this.capacity) {
      const s = this.size++;
      this.keys[s] = value;
      this.counts[s] = count;
      this.slots.set(value, s);
      return;
    }
    if (this.exact) this.toApproximate();
    const s = this.heap![0];
    this.slots.delete(this.keys[s]);
    const min = this.counts[s];
    this.errors[s] = min;
    this.counts[s] = min + count;
    this.keys[s] = value;
    this.slots.set(value, s);
    this.siftDown(0);
  }

  /** Upper bound of the count of `value` (exact when `isExact`). */
  countOf(value: string): number {
    const slot = this.slots.get(value);
    return slot !== undefined ? this.counts[slot] : this.maxError;
  }

  /** All tracked entries, by count desc then value asc. */
  entries(): TopKEntry[] {
    const out: TopKEntry[] = new Array(this.size);
    for (let s = 0; s < this.size; s++)
      out[s] = { value: this.keys[s], count: this.counts[s], error: this.errors[s] };
    return out.sort(byCountDesc);
  }

  /** The `n` largest entries, by count desc then value asc. */
  top(n: number): TopKEntry[] {
    return this.entries().slice(0, Math.max(0, n));
  }

  /** Merges `other` (same capacity) into this sketch; `other` is unchanged. Returns `this`. */
  merge(other: TopK): this {
    if (other.capacity !== this.capacity) {
      throw new Error(`TopK.merge: capacity ${other.capacity} differs from ${this.capacity}`);
    }
    const minA = this.maxError;
    const minB = other.maxError;
    const all: TopKEntry[] = [];
    for (let s = 0; s < this.size; s++) {
      const value = this.keys[s];
      const o = other.slots.get(value);
      all.push(
        o !== undefined
          ? { value, count: this.counts[s] + other.counts[o], error: this.errors[s] + other.errors[o] }
          : { value, count: this.counts[s] + minB, error: this.errors[s] + minB },
      );
    }
    for (let s = 0; s < other.size; s++) {
      const value = other.keys[s];
      if (this.slots.has(value)) continue;
      all.push({ value, count: other.counts[s] + minA, error: other.errors[s] + minA });
    }
    all.sort(byCountDesc);
    const exact = this.exact && other.exact && all.length <= this.capacity;
    // Ascending counts form a valid min-heap.
    const kept = (all.length > this.capacity ? all.slice(0, this.capacity) : all).reverse();
    this.load(kept, this.totalWeight + other.totalWeight, exact);
    return this;
  }

  clone(): TopK {
    return TopK.fromJSON(this.toJSON());
  }

  toJSON(): TopKJSON {
    let items: [string, number, number][];
    if (this.exact) {
      items = this.entries().map((e) => [e.value, e.count, e.error]);
    } else {
      const heap = this.heap!;
      items = new Array(this.size);
      for (let i = 0; i < this.size; i++) {
        const s = heap[i];
        items[i] = [this.keys[s], this.counts[s], this.errors[s]];
      }
    }
    return {
      type: "topk",
      version: 1,
      capacity: this.capacity,
      total: this.totalWeight,
      exact: this.exact,
      items,
    };
  }

  static fromJSON(obj: unknown): TopK {
    const o = expectObject(WHAT, obj, "topk", 1);
    const capacity = intField(WHAT, o, "capacity", 1, 1_000_000);
    const total = nonNegField(WHAT, o, "total");
    const exact = boolField(WHAT, o, "exact");
    const items = o.items;
    if (!Array.isArray(items)) badField(WHAT, "items", "must be an array");
    if (items.length > capacity)
      badField(WHAT, "items", `holds ${items.length} entries, more than capacity ${capacity}`);
    if (!exact && items.length !== capacity) {
      badField(
        WHAT,
        "items",
        `must hold exactly capacity (${capacity}) entries when not exact, got ${items.length}`,
      );
    }
    const entries: TopKEntry[] = [];
    const seen = new Set<string>();
    let sum = 0;
    for (let i = 0; i < items.length; i++) {
      const it = items[i] as unknown;
      const f = `items[${i}]`;
      if (!Array.isArray(it) || it.length !== 3) badField(WHAT, f, "must be [value, count, error]");
      const [value, count, error] = it as unknown[];
      if (typeof value !== "string") badField(WHAT, f, "value must be a string");
      if (typeof count !== "number" || !(count > 0) || !Number.isFinite(count)) {
        badField(WHAT, f, `count must be a positive finite number, got ${JSON.stringify(count)}`);
      }
      if (typeof error !== "number" || !(error >= 0) || error > count || (exact && error !== 0)) {
        badField(WHAT, f, `error must be in [0, count] (0 when exact), got ${JSON.stringify(error)}`);
      }
      if (seen.has(value)) badField(WHAT, f, `repeats value ${JSON.stringify(value)}`);
      seen.add(value);
      sum += count;
      if (!exact && i > 0 && count < entries[(i - 1) >>> 1].count) {
        badField(
          WHAT,
          f,
          `breaks the heap order: count ${count} is below its parent's (items[${(i - 1) >>> 1}])`,
        );
      }
      entries.push({ value, count, error });
    }
    if (sum > total * (1 + 1e-9) + 1e-9)
      badField(WHAT, "total", `is ${total}, less than the sum of counts ${sum}`);
    const sketch = new TopK({ capacity });
    sketch.load(exact ? entries.sort(byCountDesc) : entries, total, exact);
    return sketch;
  }

  /** Replaces the state with `entries` (at most capacity; when not exact, in min-heap order by count). */
  private load(entries: TopKEntry[], total: number, exact: boolean): void {
    this.slots.clear();
    this.keys.fill("");
    this.counts.fill(0);
    this.errors.fill(0);
    this.size = entries.length;
    for (let s = 0; s < entries.length; s++) {
      const e = entries[s];
      this.keys[s] = e.value;
      this.counts[s] = e.count;
      this.errors[s] = e.error;
      this.slots.set(e.value, s);
    }
    this.totalWeight = total;
    this.exact = exact;
    this.heap = null;
    this.pos = null;
    if (!exact) {
      const heap = new Int32Array(this.capacity);
      const pos = new Int32Array(this.capacity);
      for (let i = 0; i < entries.length; i++) {
        heap[i] = i;
        pos[i] = i;
      }
      this.heap = heap;
      this.pos = pos;
    }
  }

  /** Leaves exact mode: heapifies the counters in slot (first-seen) order. */
  private toApproximate(): void {
    this.exact = false;
    const n = this.size;
    const heap = new Int32Array(n);
    const pos = new Int32Array(this.capacity);
    for (let i = 0; i < n; i++) {
      heap[i] = i;
      pos[i] = i;
    }
    this.heap = heap;
    this.pos = pos;
    for (let i = (n >>> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** Restores the min-heap (by count) below position i after its count grew. */
  private siftDown(i: number): void {
    const heap = this.heap!;
    const pos = this.pos!;
    const counts = this.counts;
    const n = this.size;
    const slot = heap[i];
    const count = counts[slot];
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && counts[heap[c + 1]] < counts[heap[c]]) c++;
      if (!(counts[heap[c]] < count)) break;
      heap[i] = heap[c];
      pos[heap[i]] = i;
      i = c;
    }
    heap[i] = slot;
    pos[slot] = i;
  }
}
