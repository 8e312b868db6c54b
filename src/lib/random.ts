/**
 * The one seeded pseudo-random generator of mlship (the search's suggestions, the
 * training split and folds, builtin:gbdt's samples, evaluate's resamples and
 * shuffles): xoshiro128** (Blackman and Vigna), seeded through splitmix32. Its state is four 32-bit integers updated
 * with exact integer operations (`Math.imul`, shifts), so the sequence of
 * `nextUint32()`, `uniform()`, `integer()` and `choice()` is identical on every
 * platform and Node version. `normal()` also calls `Math.log`, `Math.sqrt` and
 * `Math.cos`; V8 computes those with the same portable fdlibm code everywhere,
 * so it is reproducible across platforms for a given engine.
 */

const TWO_POW_32 = 0x1_0000_0000;
const TWO_POW_53 = 2 ** 53;

export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /** `seed`: any safe integer (negative seeds are taken modulo 2^53). */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be a safe integer, got ${seed}`);
    const positive = seed < 0 ? seed + TWO_POW_53 : seed;
    const low = (positive % TWO_POW_32) >>> 0;
    const high = Math.floor(positive / TWO_POW_32) >>> 0;
    const mixer = splitmix32(low ^ Math.imul(high, 0x9e3779b1));
    this.s0 = mixer();
    this.s1 = mixer() ^ high;
    this.s2 = mixer();
    this.s3 = mixer();
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the one state xoshiro cannot leave
  }

  /**
   * The generator of trial `trialNumber` in a search seeded with `seed`: trials
   * draw from independent streams, so a trial's parameters do not depend on how
   * many trials ran before it in the same process (parallel runs and fan-out
   * across CI jobs give the same suggestions as a serial run).
   */
  static forTrial(seed: number, trialNumber: number): Random {
    const mixer = splitmix32(new Random(seed).nextUint32() ^ Math.imul(trialNumber + 1, 0x85ebca6b));
    const derived = mixer() * 0x20_0000 + (mixer() >>> 11);
    return new Random(derived);
  }

  /** The next 32 random bits as an unsigned integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** A float in [0, 1) with 53 random bits. */
  uniform(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 0x400_0000 + low) / TWO_POW_53;
  }

  /** A float in [low, high). */
  between(low: number, high: number): number {
    return low + this.uniform() * (high - low);
  }

  /** A standard normal draw (Box–Muller, one draw per call, no cached spare). */
  normal(mean = 0, sd = 1): number {
    const u1 = 1 - this.uniform(); // in (0, 1], so the logarithm is finite
    const u2 = this.uniform();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** An integer in [low, high], both inclusive, without modulo bias. */
  integer(low: number, high: number): number {
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || high < low) {
      throw new RangeError(`integer(${low}, ${high}): expected safe integers with low <= high`);
    }
    const range = high - low + 1;
    if (range > TWO_POW_32) return low + Math.floor(this.uniform() * range);
    const limit = TWO_POW_32 - (TWO_POW_32 % range);
    let draw = this.nextUint32();
    while (draw >= limit) draw = this.nextUint32();
    return low + (draw % range);
  }

  /**
   * Fills `out` with integers in [0, n), each equally likely (as `integer(0, n - 1)` draws them,
   * the same sequence), without the per-call checks: for resampling millions of rows.
   */
  fillIntegers(out: Int32Array | Uint32Array, n: number): void {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32)
      throw new RangeError(`fillIntegers: n must be in [1, 2^32], got ${n}`);
    const limit = TWO_POW_32 - (TWO_POW_32 % n);
    for (let i = 0; i < out.length; i++) {
      let draw = this.nextUint32();
      while (draw >= limit) draw = this.nextUint32();
      out[i] = draw % n;
    }
  }

  /** One element of a non-empty array, each equally likely. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError("choice() of an empty array");
    return items[this.integer(0, items.length - 1)];
  }

  /** Shuffles `items` in place (Fisher–Yates, from the end, drawing `integer(0, i)`), each order equally likely. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.integer(0, i);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  /**
   * `count` distinct indices of [0, n), drawn without replacement (partial Fisher–Yates: position i
   * swaps with `integer(i, n - 1)`, the same draws) and returned ascending, so the rows they pick are
   * visited in table order. All of [0, n) when `count >= n`. For row samples of millions of rows.
   */
  sampleIndices(n: number, count: number): Uint32Array {
    if (!Number.isInteger(n) || n < 0 || n > TWO_POW_32)
      throw new RangeError(`sampleIndices: n must be in [0, 2^32], got ${n}`);
    if (!Number.isInteger(count) || count < 0)
      throw new RangeError(`sampleIndices: count must be a whole number ≥ 0, got ${count}`);
    const pool = new Uint32Array(n);
    for (let i = 0; i < n; i++) pool[i] = i;
    if (count >= n) return pool;
    for (let i = 0; i < count; i++) {
      const range = n - i;
      const limit = TWO_POW_32 - (TWO_POW_32 % range);
      let draw = this.nextUint32();
      while (draw >= limit) draw = this.nextUint32();
      const j = i + (draw % range);
      const swap = pool[i];
      pool[i] = pool[j];
      pool[j] = swap;
    }
    return pool.slice(0, count).sort();
  }

  /** An index drawn with probability proportional to `weights` (non-negative, positive sum). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const weight of weights) total += weight;
    if (!(total > 0)) throw new RangeError("weightedIndex() needs a positive total weight");
    let remaining = this.uniform() * total;
    for (let index = 0; index < weights.length; index++) {
      remaining -= weights[index];
      if (remaining < 0) return index;
    }
    // Rounding can leave a sliver past the last bucket: it belongs to the last positive weight.
    for (let index = weights.length - 1; index >= 0; index--) if (weights[index] > 0) return index;
    return weights.length - 1;
  }
}

function rotl(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

/** splitmix32: turns one 32-bit seed into a well-mixed stream for seeding. */
function splitmix32(seed: number): () => number {
  let state = seed | 0;
  return () => {
    state = (state + 0x9e3779b9) | 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}
