import { describe, expect, it } from "vitest";
import { seededRandom } from "../../../test/data/temp-dir.js";
import { quantileSketchRankError } from "./quantile-sketch.js";
import { sortNumbers } from "./sort-numbers.js";
import { EXACT_DISTINCT_LIMIT, ValueStore, type ValueStoreJSON } from "./value-store.js";

function storeOf(
  values: ArrayLike<number>,
  options?: ConstructorParameters<typeof ValueStore>[0],
): ValueStore {
  const store = new ValueStore(options);
  for (let i = 0; i < values.length; i++) store.add(values[i]);
  return store;
}

/** Distinct values ascending and their counts, by brute force. */
function truth(values: ArrayLike<number>): { values: number[]; counts: number[] } {
  const counts = new Map<number, number>();
  for (let i = 0; i < values.length; i++) {
    const v = values[i] === 0 ? 0 : values[i];
    counts.set(v, (counts.get(v) ?? 0) + 1);
  }
  const keys = [...counts.keys()].sort((a, b) => a - b);
  return { values: keys, counts: keys.map((k) => counts.get(k)!) };
}

function expectExactly(store: ValueStore, values: ArrayLike<number>): void {
  const want = truth(values);
  const got = store.weighted();
  expect(store.isExact).toBe(true);
  expect(store.count).toBe(values.length);
  expect(got.values.length).toBe(want.values.length);
  let same = true;
  for (let i = 0; i < want.values.length && same; i++) {
    same = Object.is(got.values[i], want.values[i]) && got.weights[i] === want.counts[i];
  }
  expect(same, "every distinct value with its count").toBe(true);
}

function roundTrip(store: ValueStore): ValueStore {
  return ValueStore.fromJSON(JSON.parse(JSON.stringify(store.toJSON())));
}

const DATA: Record<string, (r: () => number) => number> = {
  "full-precision doubles": (r) => (r() - 0.3) * 1e3 * r(),
  "2-decimal prices": (r) => Math.round(r() * 1e6) / 100,
  "integers with ties": (r) => Math.floor(r() * r() * 73),
  "dates as epoch ms": (r) => Date.UTC(2020, 0, 1) + Math.floor(r() * 2000) * 86_400_000,
  "negative and tiny": (r) => (r() - 0.5) * 1e-300,
};

describe("ValueStore", () => {
  it.each(Object.keys(DATA))("keeps every %s exactly, and its JSON gives back the same bits", (kind) => {
    const r = seededRandom(7);
    const values = Float64Array.from({ length: 150_000 }, () => DATA[kind](r));
    const store = storeOf(values);
    expectExactly(store, values);
    expectExactly(roundTrip(store), values);
  });

  it("stores −0 as 0 and ignores NaN and ±Infinity", () => {
    const store = storeOf([-0, 0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1]);
    expect(store.count).toBe(3);
    expect(Array.from(store.weighted().values)).toEqual([0, 1]);
    expect(Object.is(store.weighted().values[0], 0)).toBe(true);
  });

  it("stays exact at any count while few values are distinct (a 0/1 label over 3 million rows)", () => {
    const store = new ValueStore();
    for (let i = 0; i < 3_000_000; i++) store.add(i % 3 === 0 ? 1 : 0);
    expect(store.isExact).toBe(true);
    expect(store.valueCounts(64)).toEqual(
      new Map([
        [0, 2_000_000],
        [1, 1_000_000],
      ]),
    );
  });

  it("answers ranks and nearest-rank quantiles exactly", () => {
    const r = seededRandom(3);
    const values = Float64Array.from({ length: 20_001 }, () => Math.round(r() * 500) / 10);
    const store = storeOf(values);
    const sorted = values.slice();
    sortNumbers(sorted);
    for (const q of [0.01, 0.25, 0.5, 0.75, 0.99]) {
      expect(store.quantile(q)).toBe(sorted[Math.ceil(q * sorted.length) - 1]);
    }
    for (const x of [0, 12.3, 25, 49.9, 50]) {
      expect(store.rank(x)).toBe(sorted.filter((v) => v <= x).length / sorted.length);
    }
  });

  it("merges exactly while the union of values fits, whatever the split", () => {
    const r = seededRandom(11);
    const values = Float64Array.from({ length: 90_000 }, () => Math.round(r() * 30_000) / 3);
    const whole = storeOf(values);
    const parts = [0, 1, 2].map((k) => storeOf(values.filter((_, i) => i % 3 === k)));
    const merged = parts[0].merge(parts[1]).merge(roundTrip(parts[2]));
    expectExactly(merged, values);
    expect(JSON.stringify(merged.toJSON())).toBe(JSON.stringify(whole.toJSON()));
  });

  it("is unchanged by changes to a store built from its JSON (and the other way round)", () => {
    const store = storeOf([1, 2, 2, 3]);
    const json = store.toJSON();
    const copy = ValueStore.fromJSON(json);
    copy.add(2);
    copy.merge(storeOf([5]));
    store.add(9);
    expect(Array.from(ValueStore.fromJSON(json).weighted().weights)).toEqual([1, 2, 1]);
    expect(Array.from(copy.weighted().values)).toEqual([1, 2, 3, 5]);
    expect(Array.from(store.weighted().values)).toEqual([1, 2, 3, 9]);
  });

  it("becomes a sketch of k = 3000 past its limit of distinct values, within the stated rank error", () => {
    expect(EXACT_DISTINCT_LIMIT).toBeGreaterThanOrEqual(1_000_000);
    const r = seededRandom(5);
    const values = Float64Array.from({ length: 400_000 }, () => r() * 100);
    const store = storeOf(values, { exactLimit: 50_000 });
    expect(store.isExact).toBe(false);
    expect(store.distinct).toBeUndefined();
    expect(store.rankError).toBe(quantileSketchRankError(3000));
    expect(store.rankError).toBeLessThanOrEqual(0.001);
    const sorted = values.slice();
    sortNumbers(sorted);
    expect([store.count, store.min, store.max]).toEqual([
      values.length,
      sorted[0],
      sorted[sorted.length - 1],
    ]);
    let worst = 0;
    for (let i = 0; i < sorted.length; i += 101) {
      worst = Math.max(worst, Math.abs(store.rank(sorted[i]) - (i + 1) / sorted.length));
    }
    expect(worst).toBeLessThanOrEqual(store.rankError);
    expect(roundTrip(store).rank(50)).toBe(store.rank(50));
  });

  it("becomes a sketch when a merge's union passes the limit, and not before", () => {
    const a = storeOf(Array.from({ length: 600 }, (_, i) => i));
    const b = storeOf(Array.from({ length: 400 }, (_, i) => i + 600));
    const c = storeOf([5000]);
    const limit = { exactLimit: 1000 };
    const ab = ValueStore.fromJSON({ ...a.toJSON(), ...limit }).merge(b);
    expect(ab.isExact).toBe(true);
    expect(ab.distinct).toBe(1000);
    ab.merge(c);
    expect(ab.isExact).toBe(false);
    expect(ab.count).toBe(1001);
  });

  it("takes about a byte per value for prices and a few for full-precision doubles in its JSON", () => {
    const r = seededRandom(9);
    const size = (make: () => number) => {
      const store = storeOf(Float64Array.from({ length: 100_000 }, make));
      const json = JSON.stringify(store.toJSON().exact);
      return json.length / store.distinct!;
    };
    expect(size(() => Math.round(r() * 1e6) / 100)).toBeLessThan(1.5);
    expect(size(() => r() * 1000)).toBeLessThan(8);
  });
});

describe("ValueStore.fromJSON refuses a damaged store, naming the field", () => {
  type Damageable = Omit<ValueStoreJSON, "exact" | "count"> & {
    count: unknown;
    exact: Record<string, unknown> | null;
  };
  const good = (): Damageable => JSON.parse(JSON.stringify(storeOf([1.5, 2.25, 2.25, 7]).toJSON()));
  const cases: [string, (j: Damageable) => void, RegExp][] = [
    [
      "counts that do not sum to the count",
      (j) => (j.count = 5),
      /count" is 5, but the exact counts sum to 4/,
    ],
    ["a negative count", (j) => (j.count = -1), /"count" must be an integer in \[0/],
    ["a count given as text", (j) => (j.count = "4"), /"count" must be/],
    [
      "truncated values",
      (j) => (j.exact!.values = (j.exact!.values as string).slice(0, 4)),
      /"values".*(truncated|corrupt)/,
    ],
    ["values that are not base64", (j) => (j.exact!.values = "%%%%"), /"values" must be a base64 string/],
    [
      "more distinct values than stored",
      (j) => (j.exact!.distinct = 4),
      /"values" ends in the middle|truncated/,
    ],
    ["a wrong minimum", (j) => (j.min = 0), /"min" is 0, but the smallest value is 1.5/],
    ["neither exact values nor a sketch", (j) => (j.exact = null), /exactly one of "exact" and "sketch"/],
  ];
  it.each(cases)("%s", (_name, damage, message) => {
    const json = good();
    damage(json);
    expect(() => ValueStore.fromJSON(json)).toThrow(message);
  });
});

describe("sortNumbers", () => {
  it.each([
    ["random", (r: () => number) => r()],
    ["many ties", (r: () => number) => Math.floor(r() * 5)],
    ["signed, with −0", (r: () => number) => (r() < 0.5 ? -1 : 1) * Math.floor(r() * 3)],
  ])("sorts %s values like Array#sort", (_name, make) => {
    const r = seededRandom(1);
    for (const n of [0, 1, 2, 17, 18, 1000, 65_537]) {
      const values = Float64Array.from({ length: n }, () => make(r));
      // −0 and 0 compare equal, so either may come first: compare them as 0.
      const want = Array.from(values, (v) => v + 0).sort((a, b) => a - b);
      sortNumbers(values);
      expect(Array.from(values, (v) => v + 0)).toEqual(want);
    }
  });
});
