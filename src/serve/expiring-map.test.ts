import { describe, expect, it } from "vitest";
import { ExpiringMap } from "./expiring-map.js";

describe("ExpiringMap", () => {
  it("drops the oldest entries past its capacity", () => {
    const map = new ExpiringMap<string, number>(3, 60_000);
    for (let i = 0; i < 5; i++) map.set(`k${i}`, i, i);
    expect(map.size).toBe(3);
    expect([0, 1, 2, 3, 4].map((i) => map.get(`k${i}`, 10))).toEqual([undefined, undefined, 2, 3, 4]);
  });

  it("drops entries once they are as old as the time to live", () => {
    const map = new ExpiringMap<string, number>(10, 1000);
    map.set("a", 1, 0);
    map.set("b", 2, 500);
    expect(map.get("a", 999)).toBe(1);
    expect(map.get("a", 1000)).toBeUndefined();
    expect(map.get("b", 1000)).toBe(2);
    expect(map.size).toBe(1);
  });

  it("counts a key set again as new: its age and its place start over", () => {
    const map = new ExpiringMap<string, number>(2, 1000);
    map.set("a", 1, 0);
    map.set("b", 2, 10);
    map.set("a", 3, 900);
    map.set("c", 4, 950); // over capacity: b is now the oldest
    expect(map.get("b", 950)).toBeUndefined();
    expect(map.get("a", 1500)).toBe(3);
  });

  it("keeps its bookkeeping bounded when entries are deleted before they expire", () => {
    const map = new ExpiringMap<number, number>(100, 3_600_000);
    map.set(-1, 0, 0); // an old entry that stays at the head
    for (let i = 0; i < 100_000; i++) {
      map.set(i, i, 1);
      map.delete(i);
    }
    expect(map.size).toBe(1);
    expect(map.backlog).toBeLessThanOrEqual(2 * 100 + 2048);
  });
});
