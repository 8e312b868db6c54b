import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { servedPrediction } from "../../test/support/served-prediction.js";
import { driftAgainstReference } from "../data/drift/column-drift.js";
import { DriftConfigSchema } from "../data/drift/drift-config.js";
import { type DataProfile, profileTable } from "../data/profile/profile.js";
import { parseProfile } from "../data/profile/profile-schema.js";
import { openTable } from "../data/readers/open-table.js";
import { maxOf } from "../lib/arrays.js";
import { Random } from "../lib/random.js";
import type { ServedPrediction } from "./hooks.js";
import {
  DEFAULT_WINDOW_SECONDS,
  LiveStats,
  MAX_BUCKETS_PER_SERIES,
  MAX_WINDOW_SECONDS,
  PROFILED_ROWS_PER_SECOND,
  parseWindow,
} from "./live-stats.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-live-stats-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
const PLANS = ["basic", "pro", "max"];

function customers(
  n: number,
  seed: number,
  shift: { tenure: number; plans: number[] },
): Record<string, unknown>[] {
  const random = new Random(seed);
  return Array.from({ length: n }, () => {
    const u = random.uniform();
    const plan = u < shift.plans[0] ? 0 : u < shift.plans[0] + shift.plans[1] ? 1 : 2;
    return { tenure: Math.round(random.normal(shift.tenure, 6) * 10) / 10, plan: PLANS[plan] };
  });
}
const USUAL = { tenure: 24, plans: [0.5, 0.3, 0.2] };
const SHIFTED = { tenure: 33, plans: [0.2, 0.3, 0.5] };

async function referenceProfile(rows: Record<string, unknown>[]): Promise<DataProfile> {
  const file = join(dir, "reference.csv");
  await writeFile(file, `tenure,plan\n${rows.map((r) => `${r.tenure},${r.plan}`).join("\n")}\n`);
  return profileTable(openTable(file));
}

/** Serves `rows` one per request, spread over `seconds` from `start`. */
function serve(
  stats: LiveStats,
  rows: Record<string, unknown>[],
  start: number,
  seconds: number,
  version = "1.0.0",
) {
  rows.forEach((row, i) => {
    stats.record(
      {
        model: "churn",
        version,
        arm: "stable",
        requestId: `r${i}`,
        status: 200,
        seconds: 0.002,
        rows: [row],
      },
      start + Math.floor((i * seconds * 1000) / rows.length),
    );
  });
}

/** What `mlship validate --reference` computes for each column, and its dataset verdict. */
function drift(reference: DataProfile, current: DataProfile) {
  const { threshold } = DriftConfigSchema.parse({});
  const { results, share } = driftAgainstReference(reference, current);
  return { results, drifted: (share ?? 0) > threshold };
}

function snapshotProfile(stats: LiveStats, now: number): DataProfile {
  const series = stats.snapshot("churn", 300, now).series[0];
  // As the admin API sends it and `mlship validate --reference` reads it back.
  return parseProfile(JSON.parse(JSON.stringify(series.inputProfile)), "stats.json");
}

describe("LiveStats input profile against a reference profile", () => {
  it("is a valid mlship profile of the rows served", async () => {
    const stats = new LiveStats();
    serve(stats, customers(1500, 2, USUAL), T0, 120);
    const profile = snapshotProfile(stats, T0 + 120_000);
    expect(profile.rows).toBe(1500);
    expect(profile.columns.map((c) => [c.name, c.type, c.count])).toEqual([
      ["tenure", "number", 1500],
      ["plan", "category", 1500],
    ]);
  });

  it("flags drift when the served rows come from a shifted distribution", async () => {
    const reference = await referenceProfile(customers(3000, 1, USUAL));
    const stats = new LiveStats();
    serve(stats, customers(1500, 2, SHIFTED), T0, 120);
    const verdict = drift(reference, snapshotProfile(stats, T0 + 120_000));
    expect(verdict.results.map((r) => [r.name, r.test, r.drifted])).toEqual([
      ["tenure", "wasserstein", true],
      ["plan", "jensenshannon", true],
    ]);
    expect(verdict.drifted).toBe(true);
  });

  it("does not flag drift when the served rows come from the reference's distribution", async () => {
    const reference = await referenceProfile(customers(3000, 1, USUAL));
    const stats = new LiveStats();
    serve(stats, customers(1500, 2, USUAL), T0, 120);
    const verdict = drift(reference, snapshotProfile(stats, T0 + 120_000));
    expect(verdict.results.map((r) => [r.name, r.drifted])).toEqual([
      ["tenure", false],
      ["plan", false],
    ]);
    expect(verdict.drifted).toBe(false);
  });

  it("merges buckets of every age into the same profile a single pass would give", async () => {
    // 50 minutes of traffic: the window spans fine, middle and coarse buckets.
    const rows = customers(3000, 3, USUAL);
    const stats = new LiveStats();
    serve(stats, rows, T0, 3000);
    const live = stats.snapshot("churn", 3600, T0 + 3000_000).series[0].inputProfile!;
    const whole = await referenceProfile(rows);
    const tenure = (p: DataProfile) => p.columns.find((c) => c.name === "tenure")!;
    expect(live.rows).toBe(3000);
    expect(tenure(live).mean).toBeCloseTo(tenure(whole).mean!, 9);
    expect(tenure(live).std).toBeCloseTo(tenure(whole).std!, 9);
    expect(tenure(live).quantiles).toEqual(tenure(whole).quantiles);
    const plan = (p: DataProfile) => p.columns.find((c) => c.name === "plan")!.top;
    expect(plan(live)).toEqual(plan(whole));
  });
});

const request = servedPrediction;

describe("LiveStats window", () => {
  it("leaves out traffic older than the window and keeps the traffic inside it", () => {
    const stats = new LiveStats();
    for (let i = 0; i < 5; i++) stats.record(request({}), T0 + i * 1000); // 12:00:00–04
    for (let i = 0; i < 3; i++) stats.record(request({}), T0 + 100_000 + i * 1000); // 12:01:40–42
    const now = T0 + 150_000;
    const last60 = stats.snapshot("churn", 60, now);
    expect(last60.series[0].requests).toBe(3);
    expect(last60.window).toEqual({
      seconds: 60,
      from: "2026-01-01T12:01:40.000Z",
      to: "2026-01-01T12:02:30.000Z",
    });
    expect(stats.snapshot("churn", 150, now).series[0].requests).toBe(8);
    expect(stats.snapshot("other", 60, now)).toEqual({
      model: "other",
      window: { seconds: 60, from: "2026-01-01T12:01:30.000Z", to: "2026-01-01T12:02:30.000Z" },
      series: [],
    });
  });

  it("drops traffic older than an hour (to the 5-minute bucket it is in)", () => {
    const stats = new LiveStats();
    stats.record(request({}), T0);
    stats.record(request({}), T0 + 3_000_000);
    expect(stats.snapshot("churn", 3600, T0 + 3_500_000).series[0].requests).toBe(2);
    // The request at T0 sits in the bucket [T0, T0 + 300 s): kept until that bucket is an hour old.
    expect(stats.snapshot("churn", 3600, T0 + 3_899_000).series[0].requests).toBe(2);
    expect(stats.snapshot("churn", 3600, T0 + 3_900_000).series[0].requests).toBe(1);
    expect(stats.snapshot("churn", 3600, T0 + 7_000_000).series).toEqual([]);
  });

  it("refuses a window that is not a number of seconds up to an hour, naming the setting", () => {
    const stats = new LiveStats();
    for (const window of [0, -5, Number.NaN, MAX_WINDOW_SECONDS + 1, Number.POSITIVE_INFINITY]) {
      expect(() => stats.snapshot("churn", window, T0)).toThrow(
        expect.objectContaining({ code: "bad_usage", location: { setting: "window" } }),
      );
    }
  });

  it("reads a query's window as seconds, defaulting to five minutes, and refuses any other spelling naming the setting", () => {
    expect(parseWindow(undefined)).toBe(DEFAULT_WINDOW_SECONDS);
    expect(parseWindow("")).toBe(DEFAULT_WINDOW_SECONDS);
    expect(parseWindow("60")).toBe(60);
    expect(parseWindow("90.5")).toBe(90.5);
    expect(parseWindow(3600)).toBe(3600);
    for (const bad of ["60s", "1h", "-5", "0", "3601", " 60", "1e3", "abc", ["60"], null]) {
      expect(() => parseWindow(bad)).toThrow(
        expect.objectContaining({ code: "bad_usage", location: { setting: "window" } }),
      );
    }
  });

  it("keeps memory bounded: the bucket count stops growing under steady traffic", () => {
    let now = T0;
    const stats = new LiveStats(() => now);
    const counts: number[] = [];
    // Two hours, 5 requests a second, with a row each; the series' buckets counted every second.
    for (let second = 0; second < 7200; second++) {
      for (let i = 0; i < 5; i++) {
        now = T0 + second * 1000 + i * 200;
        stats.record(
          request({ rows: [{ tenure: second % 50, plan: PLANS[i % 3] }], outputs: [{ value: i }] }),
        );
      }
      counts.push(stats.seriesBucketCount());
    }
    expect(maxOf(counts)).toBeLessThanOrEqual(MAX_BUCKETS_PER_SERIES);
    // Flat once an hour has passed (and its oldest 5-minute bucket has gone): the last
    // ten minutes hold no more buckets than ten minutes after that first hour did.
    expect(maxOf(counts.slice(6600))).toBe(maxOf(counts.slice(4200, 4800)));
    expect(stats.snapshot("churn", 3600).series[0].requests).toBeGreaterThanOrEqual(3600 * 5);
  });
});

describe("LiveStats requests, errors and latency", () => {
  it("splits errors into 4xx (the input) and 5xx (the server) per version and arm", () => {
    const stats = new LiveStats();
    const statuses = [200, 200, 400, 404, 413, 500, 503, 200];
    statuses.forEach((status, i) => {
      stats.record(request({ status }), T0 + i);
    });
    stats.record(request({ version: "1.1.0", arm: "candidate", status: 500 }), T0);
    const { series } = stats.snapshot("churn", 60, T0 + 1000);
    expect(series.map((s) => [s.version, s.arm, s.requests, s.errors])).toEqual([
      ["1.0.0", "stable", 8, { client: 3, server: 2 }],
      ["1.1.0", "candidate", 1, { client: 0, server: 1 }],
    ]);
  });

  it("gives latency quantiles in milliseconds as the nearest rank of the requests' times", () => {
    const stats = new LiveStats();
    // 1..100 ms, shuffled: p50 = 50, p95 = 95, p99 = 99 (inclusive nearest rank, numpy's "inverted_cdf").
    const times = new Random(7).shuffle(Array.from({ length: 100 }, (_, i) => (i + 1) / 1000));
    times.forEach((seconds, i) => {
      stats.record(request({ seconds }), T0 + i * 100);
    });
    const [series] = stats.snapshot("churn", 60, T0 + 20_000).series;
    expect(series.latencyMs!.p50).toBeCloseTo(50, 9);
    expect(series.latencyMs!.p95).toBeCloseTo(95, 9);
    expect(series.latencyMs!.p99).toBeCloseTo(99, 9);
    expect(series.latencyRankError).toBe(0);
  });

  it("counts a request without a usable duration but keeps it out of the latency", () => {
    const stats = new LiveStats();
    stats.record(request({ seconds: Number.NaN }), T0);
    stats.record(request({ seconds: -1 }), T0);
    const [series] = stats.snapshot("churn", 60, T0).series;
    expect(series.requests).toBe(2);
    expect(series.latencyMs).toBeNull();
  });

  it("profiles the outputs: the predicted label and each class's probability", () => {
    const stats = new LiveStats();
    stats.record(
      request({
        outputs: [
          { label: "yes", probabilities: { no: 0.2, yes: 0.8 } },
          { label: "no", probabilities: { no: 0.9, yes: 0.1 } },
        ],
      }),
      T0,
    );
    const profile = stats.snapshot("churn", 60, T0).series[0].outputProfile!;
    expect(profile.columns.map((c) => [c.name, c.type, c.count])).toEqual([
      ["label", "category", 2],
      ["probability_no", "number", 2],
      ["probability_yes", "number", 2],
    ]);
    expect(profile.columns[2].mean).toBeCloseTo(0.45, 12);
  });
});

describe("LiveStats profiling cost", () => {
  it("profiles at most PROFILED_ROWS_PER_SECOND rows a second per series, and counts every request", () => {
    const stats = new LiveStats();
    // 500 requests in second 0 (3 rows each), 10 in second 1.
    for (let i = 0; i < 500; i++) {
      stats.record(
        request({
          rows: [{ x: i }, { x: i }, { x: i }],
          outputs: [{ value: 1 }, { value: 2 }, { value: 3 }],
        }),
        T0 + i,
      );
    }
    for (let i = 0; i < 10; i++) stats.record(request({ rows: [{ x: i }] }), T0 + 1000 + i);
    const [series] = stats.snapshot("churn", 60, T0 + 2000).series;
    expect(series.requests).toBe(510);
    expect(series.inputProfile!.rows).toBe(PROFILED_ROWS_PER_SECOND + 10);
    expect(series.outputProfile!.rows).toBe(PROFILED_ROWS_PER_SECOND);
  });
});

describe("LiveStats shadow comparison", () => {
  const answer = (id: string, outputs: ServedPrediction["outputs"]) =>
    request({ requestId: id, outputs, version: "1.0.0", arm: "stable" });
  const shadow = (id: string, outputs: ServedPrediction["outputs"], seconds = 0.02) =>
    request({ requestId: id, outputs, version: "2.0.0", arm: "shadow", seconds });

  it("compares the shadow's outputs with the answer for the same request id, in either order", () => {
    const stats = new LiveStats();
    // r1 agrees (|Δp| = 0.1), r2 disagrees (|Δp| = 0.4); the shadow of r2 comes first.
    stats.record(answer("r1", [{ label: "yes", probabilities: { no: 0.3, yes: 0.7 } }]), T0);
    stats.record(shadow("r2", [{ label: "no", probabilities: { no: 0.6, yes: 0.4 } }]), T0 + 1);
    stats.record(shadow("r1", [{ label: "yes", probabilities: { no: 0.2, yes: 0.8 } }]), T0 + 2);
    stats.record(answer("r2", [{ label: "yes", probabilities: { no: 0.2, yes: 0.8 } }]), T0 + 3);
    stats.record(answer("r3", [{ label: "yes", probabilities: { no: 0.2, yes: 0.8 } }]), T0 + 4); // no shadow
    const { series } = stats.snapshot("churn", 60, T0 + 10);
    const figures = series.find((s) => s.arm === "shadow")!;
    expect(figures.version).toBe("2.0.0");
    expect(figures.shadow).toMatchObject({ against: ["1.0.0"], compared: 2, rows: 2, disagreement: 0.5 });
    expect(figures.shadow!.meanAbsScoreDiff).toBeCloseTo(0.25, 12);
    expect(figures.latencyMs!.p50).toBeCloseTo(20, 9);
    expect(series.find((s) => s.arm === "stable")!.shadow).toBeNull();
  });

  it("compares a regressor's values by their mean absolute difference, with no disagreement rate", () => {
    const stats = new LiveStats();
    stats.record(answer("r1", [{ value: 10 }, { value: 20 }]), T0);
    stats.record(shadow("r1", [{ value: 13 }, { value: 19 }]), T0 + 1);
    const figures = stats.snapshot("churn", 60, T0 + 10).series.find((s) => s.arm === "shadow")!.shadow!;
    expect(figures).toMatchObject({ compared: 1, rows: 2, disagreement: null, meanAbsScoreDiff: 2 });
  });
});
