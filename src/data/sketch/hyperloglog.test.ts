import { describe, expect, it } from "vitest";
import { hashNumber, hashString } from "./hash.js";
import { HyperLogLog } from "./hyperloglog.js";

describe("HyperLogLog", () => {
  it("is exact up to the exact limit (1024 distinct hashes)", () => {
    const hll = new HyperLogLog();
    for (let rep = 0; rep < 3; rep++) {
      for (let i = 0; i < 1024; i++) hll.addHash(hashString(`v${i}`));
    }
    expect(hll.isExact).toBe(true);
    expect(hll.estimate()).toBe(1024);
    hll.addHash(hashString("v1"));
    expect(hll.estimate()).toBe(1024);
    hll.addHash(hashString("one more"));
    expect(hll.isExact).toBe(false);
    expect(Math.abs(hll.estimate() - 1025)).toBeLessThan(3 * hll.standardError * 1025);
  });

  it("counts small sets exactly, hash 0 included", () => {
    const hll = new HyperLogLog();
    expect(hll.estimate()).toBe(0);
    for (const h of [0, 0, 1, 2, 0xffffffff, -1, 2 ** 32 + 1]) hll.addHash(h);
    // -1 and 2^32-1 are the same hash; 2^32+1 is 1.
    expect(hll.estimate()).toBe(4);
  });

  for (const exactLimit of [1024, 0]) {
    it(`stays within 3 standard errors from 1e3 to 1e6 distinct values (exactLimit ${exactLimit})`, () => {
      const hll = new HyperLogLog({ exactLimit });
      const se = hll.standardError;
      expect(se).toBeCloseTo(1.04 / 128, 10);
      const checkpoints = [1e3, 2e3, 5e3, 1e4, 2e4, 3e4, 5e4, 7e4, 1e5, 2e5, 5e5, 1e6];
      let next = 0;
      for (let i = 1; i <= 1e6; i++) {
        hll.addHash(hashNumber(i));
        if (i === checkpoints[next]) {
          const est = hll.estimate();
          const relErr = Math.abs(est - i) / i;
          expect(relErr, `n=${i} estimate=${est}`).toBeLessThanOrEqual(3 * se);
          next++;
        }
      }
      expect(next).toBe(checkpoints.length);
    });
  }

  it("ignores repeats", () => {
    const a = new HyperLogLog();
    const b = new HyperLogLog();
    for (let i = 0; i < 50_000; i++) a.addHash(hashString(`id-${i}`));
    for (let rep = 0; rep < 4; rep++) for (let i = 0; i < 50_000; i++) b.addHash(hashString(`id-${i}`));
    expect(b.toJSON()).toEqual(a.toJSON());
  });

  it("works at other precisions", () => {
    for (const precision of [4, 10, 16, 18]) {
      const hll = new HyperLogLog({ precision, exactLimit: 0 });
      const n = 200_000;
      for (let i = 0; i < n; i++) hll.addHash(hashString(`k${i}`));
      expect(Math.abs(hll.estimate() - n) / n, `p=${precision}`).toBeLessThanOrEqual(3 * hll.standardError);
    }
  });

  it("merge of shards equals the sketch of the union", () => {
    const whole = new HyperLogLog();
    const shards = [new HyperLogLog(), new HyperLogLog(), new HyperLogLog(), new HyperLogLog()];
    for (let i = 0; i < 300_000; i++) {
      const h = hashString(`user-${i % 200_000}`); // overlapping shards, repeats
      whole.addHash(h);
      shards[(i * 7) % 4].addHash(h);
    }
    const merged = new HyperLogLog();
    for (const s of shards) merged.merge(s);
    expect(merged.toJSON()).toEqual(whole.toJSON());
    const reversed = new HyperLogLog();
    for (const s of [...shards].reverse()) reversed.merge(s);
    expect(reversed.toJSON()).toEqual(whole.toJSON());
  });

  it("merges exact sketches exactly, and into registers past the limit", () => {
    const a = new HyperLogLog();
    const b = new HyperLogLog();
    for (let i = 0; i < 600; i++) a.addHash(hashNumber(i));
    for (let i = 300; i < 900; i++) b.addHash(hashNumber(i));
    const ab = a.clone().merge(b);
    expect(ab.isExact).toBe(true);
    expect(ab.estimate()).toBe(900);
    expect(b.clone().merge(a).toJSON()).toEqual(ab.toJSON());

    const c = new HyperLogLog();
    for (let i = 900; i < 1500; i++) c.addHash(hashNumber(i));
    const abc = ab.merge(c);
    expect(abc.isExact).toBe(false);
    const direct = new HyperLogLog();
    for (let i = 0; i < 1500; i++) direct.addHash(hashNumber(i));
    expect(abc.toJSON()).toEqual(direct.toJSON());

    // exact into registers and registers into exact
    const big = new HyperLogLog();
    for (let i = 0; i < 5000; i++) big.addHash(hashNumber(i));
    const small = new HyperLogLog();
    for (let i = 4000; i < 6000; i += 3) small.addHash(hashNumber(i));
    const all = new HyperLogLog();
    for (let i = 0; i < 5000; i++) all.addHash(hashNumber(i));
    for (let i = 4000; i < 6000; i += 3) all.addHash(hashNumber(i));
    expect(big.clone().merge(small).toJSON()).toEqual(all.toJSON());
    expect(small.clone().merge(big).toJSON()).toEqual(all.toJSON());
    expect(small.merge(small).estimate()).toBe(667);
  });

  it("rejects merging different precisions", () => {
    expect(() => new HyperLogLog({ precision: 12 }).merge(new HyperLogLog())).toThrow(/precision/);
  });

  it("round-trips through JSON in both modes", () => {
    const exact = new HyperLogLog();
    for (let i = 0; i < 100; i++) exact.addHash(hashNumber(i));
    const exactJson = JSON.parse(JSON.stringify(exact.toJSON()));
    expect(exactJson.hashes).toBeTypeOf("string");
    const exact2 = HyperLogLog.fromJSON(exactJson);
    expect(exact2.isExact).toBe(true);
    expect(exact2.estimate()).toBe(100);
    expect(exact2.toJSON()).toEqual(exact.toJSON());

    const regs = new HyperLogLog();
    for (let i = 0; i < 100_000; i++) regs.addHash(hashNumber(i));
    const json = JSON.parse(JSON.stringify(regs.toJSON()));
    expect(json.registers).toHaveLength(Math.ceil(16384 / 3) * 4);
    const regs2 = HyperLogLog.fromJSON(json);
    expect(regs2.estimate()).toBe(regs.estimate());
    for (let i = 100_000; i < 110_000; i++) {
      regs.addHash(hashNumber(i));
      regs2.addHash(hashNumber(i));
    }
    expect(regs2.toJSON()).toEqual(regs.toJSON());
  });

  it("is deterministic: same input, same JSON", () => {
    const build = () => {
      const h = new HyperLogLog();
      for (let i = 0; i < 800; i++) h.addHash(hashString(`x${(i * 7919) % 1000}`));
      return JSON.stringify(h.toJSON());
    };
    expect(build()).toBe(build());
  });

  it("validates JSON and names the bad field", () => {
    const good = new HyperLogLog().toJSON();
    expect(() => HyperLogLog.fromJSON(null)).toThrow(/object/);
    expect(() => HyperLogLog.fromJSON({ ...good, type: "kll" })).toThrow(/"type"/);
    expect(() => HyperLogLog.fromJSON({ ...good, version: 2 })).toThrow(/"version"/);
    expect(() => HyperLogLog.fromJSON({ ...good, precision: 3 })).toThrow(/"precision"/);
    expect(() => HyperLogLog.fromJSON({ ...good, exactLimit: -1 })).toThrow(/"exactLimit"/);
    expect(() => HyperLogLog.fromJSON({ ...good, hashes: "@@@@" })).toThrow(/"hashes"/);
    expect(() => HyperLogLog.fromJSON({ ...good, registers: "AAAA" })).toThrow(/"registers"|"hashes"/);
    const twoUnsorted = Buffer.from(new Uint32Array([5, 3]).buffer).toString("base64");
    expect(() => HyperLogLog.fromJSON({ ...good, hashes: twoUnsorted })).toThrow(/"hashes".*increasing/);
    const regJson = { type: "hll", version: 1, precision: 4, exactLimit: 0, registers: "" };
    expect(() => HyperLogLog.fromJSON(regJson)).toThrow(/"registers".*16 bytes/);
    const tooBig = Buffer.alloc(16, 30).toString("base64");
    expect(() => HyperLogLog.fromJSON({ ...regJson, registers: tooBig })).toThrow(/"registers".*maximum 29/);
    expect(() => new HyperLogLog({ precision: 19 })).toThrow(/precision/);
  });
});
