/**
 * The seeded random numbers builtin:gbdt draws (binning sample, validation
 * split, row and column subsampling): SplitMix32-style mixing of a 32-bit
 * state, so the same seed gives the same draws on every platform.
 */

export interface SeededRandom {
  /** A uniform number in [0, 1). */
  next(): number;
  /** A uniform whole number in [0, n). */
  below(n: number): number;
}

export function seededRandom(seed: number): SeededRandom {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 2 ** 32;
  };
  return { next, below: (n) => Math.floor(next() * n) };
}

/**
 * `count` distinct indices of [0, n), drawn without replacement (partial
 * Fisher–Yates) and returned in ascending order, so the rows they pick are
 * visited in table order.
 */
export function sampleIndices(n: number, count: number, random: SeededRandom): Uint32Array {
  if (count >= n) return Uint32Array.from({ length: n }, (_, i) => i);
  const pool = Uint32Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + random.below(n - i);
    const t = pool[i];
    pool[i] = pool[j];
    pool[j] = t;
  }
  return pool.slice(0, count).sort();
}
