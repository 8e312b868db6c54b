import { describe, expect, it } from "vitest";
import { combineHash, hash64Bytes, hash64String, hashBytes, hashNumber, hashString } from "./hash.js";

const utf8 = new TextEncoder();

function bytesHash(s: string, seed = 0): number {
  const b = utf8.encode(s);
  return hashBytes(b, 0, b.length, seed);
}

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

describe("hashBytes (MurmurHash3 x86_32)", () => {
  it("matches the reference test vectors", () => {
    const vectors: [string, number, number][] = [
      ["", 0, 0],
      ["", 1, 0x514e28b7],
      ["", 0xffffffff, 0x81f16f39],
      ["a", 0x9747b28c, 0x7fa09ea6],
      ["abc", 0, 0xb3dd93fa],
      ["aaaa", 0x9747b28c, 0x5a97808a],
      ["Hello, world!", 1234, 0xfaf6cdb3],
      ["Hello, world!", 0x9747b28c, 0x24884cba],
      ["The quick brown fox jumps over the lazy dog", 0, 0x2e4ff723],
      ["The quick brown fox jumps over the lazy dog", 0x9747b28c, 0x2fa826cd],
    ];
    for (const [s, seed, want] of vectors) {
      expect(bytesHash(s, seed), `${JSON.stringify(s)} seed ${seed}`).toBe(want);
      expect(hashString(s, seed)).toBe(want);
    }
  });

  it("hashes a sub-range exactly like a copy of it", () => {
    const b = utf8.encode("xxThe quick brown fox jumps over the lazy dogyy");
    expect(hashBytes(b, 2, b.length - 2)).toBe(0x2e4ff723);
  });

  it("returns unsigned 32-bit integers", () => {
    for (let i = 0; i < 1000; i++) {
      const h = hashString(`k${i}`, i);
      expect(Number.isInteger(h) && h >= 0 && h <= 0xffffffff).toBe(true);
    }
  });
});

describe("hashString", () => {
  it("equals hashBytes over the UTF-8 bytes for ASCII of every tail length", () => {
    const base = "abcdefghijklmnopqrstuvwxyz0123456789";
    for (let n = 0; n <= base.length; n++) {
      const s = base.slice(0, n);
      expect(hashString(s)).toBe(bytesHash(s));
      expect(hashString(s, 42)).toBe(bytesHash(s, 42));
    }
  });

  it("equals hashBytes over the UTF-8 bytes for non-ASCII text", () => {
    const samples = [
      "é",
      "café",
      "naïve résumé",
      "Ω≈ç√∫",
      "日本語のテキスト",
      "中文",
      "😀",
      "a😀b",
      "😀😁😂🤣",
      "x\u0000y",
      "\u007f\u0080\u07ff\u0800\uffff",
      "mixed ASCII then ü then 𝄞 then more ASCII text",
      "\ud83d\ude00abc\u00e9\u4e2d",
    ];
    for (const s of samples) {
      for (const seed of [0, 1, 0x9747b28c, 0xffffffff]) {
        expect(hashString(s, seed), JSON.stringify(s)).toBe(bytesHash(s, seed));
      }
    }
  });

  it("encodes lone surrogates as U+FFFD, like TextEncoder", () => {
    for (const s of [
      "\ud800",
      "\udc00",
      "a\ud800",
      "\ud800a",
      "\udc00\ud800",
      "ab\ud83d",
      "\ud83d\ud83d\ude00",
      "abcd\udfff",
    ]) {
      expect(hashString(s), JSON.stringify(s)).toBe(bytesHash(s));
    }
    expect(hashString("\ud800")).toBe(hashString("\ufffd"));
  });

  it("equals hashBytes on random strings of random code units", () => {
    const r = rng(7);
    const ranges = [0x80, 0x800, 0x10000];
    for (let t = 0; t < 5000; t++) {
      const len = Math.floor(r() * 24);
      let s = "";
      for (let i = 0; i < len; i++) {
        const roll = r();
        if (roll < 0.1) s += String.fromCodePoint(0x10000 + Math.floor(r() * 0xfffff));
        else s += String.fromCharCode(Math.floor(r() * ranges[Math.floor(r() * 3)]));
      }
      const seed = Math.floor(r() * 2 ** 32);
      expect(hashString(s, seed)).toBe(bytesHash(s, seed));
    }
  });

  it("spreads similar keys uniformly over buckets", () => {
    const buckets = new Array(64).fill(0);
    const n = 64_000;
    for (let i = 0; i < n; i++) buckets[hashString(`user-${i}`) >>> 26]++;
    const expected = n / 64;
    let chi2 = 0;
    for (const b of buckets) chi2 += (b - expected) ** 2 / expected;
    // 63 degrees of freedom: the 99.9th percentile is about 104.
    expect(chi2).toBeLessThan(104);
  });
});

describe("hashNumber", () => {
  it("hashes the little-endian float64 bytes", () => {
    const f = new Float64Array(1);
    const bytes = new Uint8Array(f.buffer);
    for (const x of [1, -1, 0.1, 1e300, -5e-324, Number.POSITIVE_INFINITY, 123456789]) {
      f[0] = x;
      expect(hashNumber(x, 3)).toBe(hashBytes(bytes, 0, 8, 3));
    }
  });

  it("treats -0 as 0 and all NaNs alike", () => {
    expect(hashNumber(-0)).toBe(hashNumber(0));
    const f = new Float64Array(1);
    const u = new Uint32Array(f.buffer);
    u[0] = 1;
    u[1] = 0x7ff00000; // signalling NaN payload
    const nan1 = f[0];
    u[0] = 0;
    u[1] = 0xfff80000; // negative quiet NaN
    const nan2 = f[0];
    expect(Number.isNaN(nan1) && Number.isNaN(nan2)).toBe(true);
    expect(hashNumber(nan1)).toBe(hashNumber(Number.NaN));
    expect(hashNumber(nan2)).toBe(hashNumber(Number.NaN));
    expect(hashNumber(0 / 0)).toBe(hashNumber(Number.NaN));
  });

  it("separates distinct numbers", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) seen.add(hashNumber(i));
    expect(seen.size).toBe(10_000);
    expect(hashNumber(1)).not.toBe(hashNumber(1 + Number.EPSILON));
    expect(hashNumber(1, 0)).not.toBe(hashNumber(1, 1));
  });
});

describe("combineHash", () => {
  it("is deterministic, order-dependent and uint32", () => {
    const a = hashString("a");
    const b = hashNumber(2);
    const ab = combineHash(combineHash(0, a), b);
    expect(ab).toBe(combineHash(combineHash(0, a), b));
    expect(ab).not.toBe(combineHash(combineHash(0, b), a));
    expect(ab >>> 0).toBe(ab);
    expect(combineHash(0, 0)).not.toBe(0);
  });

  it("distinguishes rows that differ in one cell", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100; i++) {
      for (let j = 0; j < 100; j++)
        seen.add(combineHash(combineHash(combineHash(0, hashNumber(i)), hashNumber(j)), 7));
    }
    expect(seen.size).toBe(10_000);
  });
});

describe("hash64Bytes / hash64String", () => {
  it("lane 0 is hashBytes; lane 1 is a different hash", () => {
    const b = utf8.encode("Hello, world!");
    const out = hash64Bytes(b, 0, b.length, 1234);
    expect(out[0]).toBe(0xfaf6cdb3);
    expect(out[1]).not.toBe(out[0]);
    for (let n = 0; n < 9; n++) {
      const o = hash64Bytes(b, 0, n, 5);
      expect(o[0]).toBe(hashBytes(b, 0, n, 5));
    }
  });

  it("hash64String equals hash64Bytes over UTF-8 and reuses `out`", () => {
    const out = new Uint32Array(2);
    const want = new Uint32Array(2);
    for (const s of ["", "a", "abcd", "abcde", "é", "日本語", "😀x", "\ud800", "longer ascii text here!"]) {
      const b = utf8.encode(s);
      hash64Bytes(b, 0, b.length, 9, want);
      expect(hash64String(s, 9, out)).toBe(out);
      expect([...out]).toEqual([...want]);
      expect(out[0]).toBe(hashString(s, 9));
    }
  });

  it("has no 64-bit collisions on 200k similar keys", () => {
    const out = new Uint32Array(2);
    const seen = new Set<bigint>();
    for (let i = 0; i < 200_000; i++) {
      hash64String(`row-${i}`, 0, out);
      seen.add((BigInt(out[1]) << 32n) | BigInt(out[0]));
    }
    expect(seen.size).toBe(200_000);
  });
});
