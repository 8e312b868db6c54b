/**
 * Fast non-cryptographic hashes for data sketches (distinct counts, duplicate
 * detection, row fingerprints). The 32-bit hash is MurmurHash3 x86_32
 * (Austin Appleby, public domain), bit-exact with the reference C code, so
 * values can be checked against any other implementation.
 *
 * Hot-path rules: no allocation per call (one module-level scratch buffer for
 * float bits), no closures, `Math.imul` for 32-bit multiplies.
 *
 * These hashes are NOT collision-resistant against an adversary who chooses
 * the input; they are uniform enough for sketches over real data.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** Second-lane seed offset for the 64-bit variants (golden-ratio constant). */
const LANE2 = 0x9e3779b9;

/** Scratch for float64 -> bits. Node runs on little-endian hosts only (x64, arm64). */
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);

/** MurmurHash3 finalizer: full avalanche of a 32-bit state. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Scrambles one 32-bit block `k` (the murmur3 "k1" step). */
function scramble(k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  return Math.imul(k, C2);
}

/** Mixes an already scrambled block into state `h` (the murmur3 "h1" step). */
function mixState(h: number, k: number): number {
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/**
 * MurmurHash3 x86_32 of `buf[start, end)`. Returns an unsigned 32-bit integer.
 * `seed` is taken modulo 2^32.
 */
export function hashBytes(buf: Uint8Array, start: number, end: number, seed = 0): number {
  let h = seed | 0;
  const len = end - start;
  const blockEnd = start + (len & ~3);
  let i = start;
  for (; i < blockEnd; i += 4) {
    const k = buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
    h = mixState(h, scramble(k));
  }
  const rem = len & 3;
  if (rem !== 0) {
    let k = buf[i];
    if (rem > 1) k |= buf[i + 1] << 8;
    if (rem > 2) k |= buf[i + 2] << 16;
    h ^= scramble(k);
  }
  return fmix32(h ^ len);
}

/**
 * MurmurHash3 x86_32 of the UTF-8 encoding of `s`, computed without encoding
 * the string: `hashString(s, seed) === hashBytes(new TextEncoder().encode(s), 0, n, seed)`
 * for every string, including lone surrogates, which (as in `TextEncoder`)
 * encode as U+FFFD.
 */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: MurmurHash3 over the string's UTF-8 bytes encoded on the fly (1- to 4-byte sequences, surrogate pairs), run on every categorical cell; splitting the encoding out would add calls per character
export function hashString(s: string, seed = 0): number {
  let h = seed | 0;
  const n = s.length;
  let k = 0; // pending bytes of the current block, little-endian
  let shift = 0; // bits already in k (0, 8, 16 or 24)
  let len = 0; // UTF-8 byte count
  let i = 0;
  while (i < n) {
    if (shift === 0) {
      // Fast path: four ASCII characters make one block.
      while (i + 3 < n) {
        const c0 = s.charCodeAt(i);
        const c1 = s.charCodeAt(i + 1);
        const c2 = s.charCodeAt(i + 2);
        const c3 = s.charCodeAt(i + 3);
        if ((c0 | c1 | c2 | c3) >= 0x80) break;
        h = mixState(h, scramble(c0 | (c1 << 8) | (c2 << 16) | (c3 << 24)));
        i += 4;
        len += 4;
      }
      if (i >= n) break;
    }
    let c = s.charCodeAt(i++);
    if (c < 0x80) {
      k |= c << shift;
      len++;
      shift += 8;
      if (shift === 32) {
        h = mixState(h, scramble(k));
        k = 0;
        shift = 0;
      }
      continue;
    }
    // Encode one code point into `bytes` (first byte in the low 8 bits).
    let bytes: number;
    let nb: number;
    if (c < 0x800) {
      bytes = 0xc0 | (c >>> 6) | ((0x80 | (c & 0x3f)) << 8);
      nb = 2;
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i < n ? s.charCodeAt(i) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
        } else {
          c = 0xfffd; // lone surrogate, as TextEncoder does
        }
      }
      if (c < 0x10000) {
        bytes = 0xe0 | (c >>> 12) | ((0x80 | ((c >>> 6) & 0x3f)) << 8) | ((0x80 | (c & 0x3f)) << 16);
        nb = 3;
      } else {
        bytes =
          0xf0 |
          (c >>> 18) |
          ((0x80 | ((c >>> 12) & 0x3f)) << 8) |
          ((0x80 | ((c >>> 6) & 0x3f)) << 16) |
          ((0x80 | (c & 0x3f)) << 24);
        nb = 4;
      }
    }
    len += nb;
    for (; nb > 0; nb--) {
      k |= (bytes & 0xff) << shift;
      bytes >>>= 8;
      shift += 8;
      if (shift === 32) {
        h = mixState(h, scramble(k));
        k = 0;
        shift = 0;
      }
    }
  }
  if (shift !== 0) h ^= scramble(k);
  return fmix32(h ^ len);
}

/** Loads canonical float64 bits of `x` into U32: -0 becomes 0, every NaN the canonical quiet NaN. */
function loadFloatBits(x: number): void {
  F64[0] = x === 0 ? 0 : Number.isNaN(x) ? Number.NaN : x;
}

/**
 * MurmurHash3 x86_32 of the 8 little-endian bytes of the float64 `x`, after
 * canonicalisation: `hashNumber(-0) === hashNumber(0)` and all NaNs hash alike.
 * Numbers and strings hash differently (`hashNumber(1) !== hashString("1")`).
 */
export function hashNumber(x: number, seed = 0): number {
  loadFloatBits(x);
  let h = mixState(seed | 0, scramble(U32[0]));
  h = mixState(h, scramble(U32[1]));
  return fmix32(h ^ 8);
}

/**
 * Folds the cell hash `x` into the running row hash `h` (order-dependent:
 * rows `[a, b]` and `[b, a]` hash differently). Start a row from a seed (e.g. 0):
 * `h = combineHash(combineHash(0, hashString(a)), hashNumber(b))`. Returns uint32.
 */
export function combineHash(h: number, x: number): number {
  return fmix32(mixState(h | 0, scramble(x | 0)));
}

/**
 * Two independent-ish 32-bit MurmurHash3 lanes over `buf[start, end)` in one
 * pass: lane 0 uses `seed`, lane 1 `seed + 0x9e3779b9`. `out[0]` equals
 * `hashBytes(buf, start, end, seed)`. Pass a reused `out` to avoid allocation.
 *
 * Collision odds: treating the pair as a uniform 64-bit value, n distinct
 * inputs contain at least one colliding pair with probability about
 * n² / 2^65 (1e6 rows: 3e-8; 1e8 rows: 3e-4; 1e9 rows: 3%), versus n² / 2^33
 * for a single 32-bit hash (already ~1 at n = 1e5). The lanes share the
 * block scrambling, so inputs crafted to collide under murmur3 for every seed
 * collide in both lanes: fine for duplicate counting in real data, not for
 * adversarial input.
 */
export function hash64Bytes(
  buf: Uint8Array,
  start: number,
  end: number,
  seed = 0,
  out: Uint32Array = new Uint32Array(2),
): Uint32Array {
  let h = seed | 0;
  let g = (seed + LANE2) | 0;
  const len = end - start;
  const blockEnd = start + (len & ~3);
  let i = start;
  for (; i < blockEnd; i += 4) {
    const k = scramble(buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24));
    h = mixState(h, k);
    g = mixState(g, k);
  }
  const rem = len & 3;
  if (rem !== 0) {
    let k = buf[i];
    if (rem > 1) k |= buf[i + 1] << 8;
    if (rem > 2) k |= buf[i + 2] << 16;
    const sk = scramble(k);
    h ^= sk;
    g ^= sk;
  }
  out[0] = fmix32(h ^ len);
  out[1] = fmix32(g ^ len);
  return out;
}

/**
 * The two lanes of {@link hash64Bytes} over the UTF-8 bytes of `s`, without
 * encoding it: `out[0] === hashString(s, seed)`.
 */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the two-lane MurmurHash3 over the string's UTF-8 bytes encoded on the fly, run on every cell of the distinct-count sketches; splitting the encoding out would add calls per character
export function hash64String(s: string, seed = 0, out: Uint32Array = new Uint32Array(2)): Uint32Array {
  let h = seed | 0;
  let g = (seed + LANE2) | 0;
  const n = s.length;
  let k = 0;
  let shift = 0;
  let len = 0;
  let i = 0;
  while (i < n) {
    if (shift === 0) {
      while (i + 3 < n) {
        const c0 = s.charCodeAt(i);
        const c1 = s.charCodeAt(i + 1);
        const c2 = s.charCodeAt(i + 2);
        const c3 = s.charCodeAt(i + 3);
        if ((c0 | c1 | c2 | c3) >= 0x80) break;
        const sk = scramble(c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
        h = mixState(h, sk);
        g = mixState(g, sk);
        i += 4;
        len += 4;
      }
      if (i >= n) break;
    }
    let c = s.charCodeAt(i++);
    let bytes: number;
    let nb: number;
    if (c < 0x80) {
      bytes = c;
      nb = 1;
    } else if (c < 0x800) {
      bytes = 0xc0 | (c >>> 6) | ((0x80 | (c & 0x3f)) << 8);
      nb = 2;
    } else {
      if (c >= 0xd800 && c <= 0xdfff) {
        const d = i < n ? s.charCodeAt(i) : 0;
        if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
          c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
          i++;
        } else {
          c = 0xfffd;
        }
      }
      if (c < 0x10000) {
        bytes = 0xe0 | (c >>> 12) | ((0x80 | ((c >>> 6) & 0x3f)) << 8) | ((0x80 | (c & 0x3f)) << 16);
        nb = 3;
      } else {
        bytes =
          0xf0 |
          (c >>> 18) |
          ((0x80 | ((c >>> 12) & 0x3f)) << 8) |
          ((0x80 | ((c >>> 6) & 0x3f)) << 16) |
          ((0x80 | (c & 0x3f)) << 24);
        nb = 4;
      }
    }
    len += nb;
    for (; nb > 0; nb--) {
      k |= (bytes & 0xff) << shift;
      bytes >>>= 8;
      shift += 8;
      if (shift === 32) {
        const sk = scramble(k);
        h = mixState(h, sk);
        g = mixState(g, sk);
        k = 0;
        shift = 0;
      }
    }
  }
  if (shift !== 0) {
    const sk = scramble(k);
    h ^= sk;
    g ^= sk;
  }
  out[0] = fmix32(h ^ len);
  out[1] = fmix32(g ^ len);
  return out;
}
