/**
 * Live statistics per model, version and arm over a sliding time window, for
 * `GET /admin/models/{name}/stats?window=<s>` (docs/design.md, "Model server").
 *
 * Traffic is counted in time buckets aligned to their width, and a window's figures
 * merge the buckets that overlap it. Buckets coarsen with age, so that memory is
 * bounded and flat under steady traffic ({@link BUCKET_TIERS}): 10 s buckets for the
 * last 2 minutes, 60 s buckets up to 15 minutes, 300 s buckets up to
 * {@link MAX_WINDOW_SECONDS} (1 hour); older traffic is dropped. That is at most 39
 * buckets per series ({@link MAX_BUCKETS_PER_SERIES}); each holds counters, a latency sketch, the input and output
 * profiles (src/serve/live-profile.ts: bounded sketches per column), shadow figures and
 * a bounded sample of labelled rows (src/serve/online-metrics.ts). A window covers whole
 * buckets: it starts at the start of the oldest bucket it overlaps, which the snapshot
 * reports (`window.from`); the far edge is thus exact to the bucket width at that age.
 *
 * Latency quantiles come from a KLL sketch (src/data/sketch, k = 200): exact up to 200
 * requests, then within a normalized rank error of 2.296 / 200^0.9723 ≈ 1.33% with 99%
 * confidence, also after merging.
 */

import type { DataProfile } from "../data/profile/profile.js";
import { QuantileSketch } from "../data/sketch/quantile-sketch.js";
import { MlshipError } from "../lib/errors.js";
import { Random } from "../lib/random.js";
import type { ServedPrediction } from "./hooks.js";
import { type LiveColumnType, LiveProfile, windowProfile } from "./live-profile.js";
import {
  LABELLED_ROWS_PER_SECOND,
  LabelledRows,
  type OnlineMetrics,
  type Outcome,
  onlineMetrics,
} from "./online-metrics.js";
import { ShadowFigures, type ShadowFiguresJSON, ShadowPairing } from "./shadow-comparison.js";

/** Bucket width and the age (seconds) up to which buckets of that width are kept. */
export const BUCKET_TIERS: readonly { width: number; until: number }[] = [
  { width: 10, until: 120 },
  { width: 60, until: 900 },
  { width: 300, until: 3600 },
];
export const MAX_WINDOW_SECONDS = 3600;
/** The window when a stats query names none (`GET /admin/models/{name}/stats`). */
export const DEFAULT_WINDOW_SECONDS = 300;
/**
 * Most buckets one series can hold at once: per tier, its span over its width plus the
 * two partly covered at its ends (13 + 15 + 11 = 39).
 */
export const MAX_BUCKETS_PER_SERIES = BUCKET_TIERS.reduce(
  (sum, { width, until }, t) =>
    sum + (until - (t > 0 ? BUCKET_TIERS[t - 1].until : 0)) / width + (t > 0 ? 2 : 1),
  0,
);
const LATENCY_SKETCH = { k: 200, exactLimit: 200 } as const;
/**
 * Rows profiled per series and second (inputs and outputs alike): the first ones of each
 * second; later ones are counted as requests but not profiled. Profiling costs about
 * 0.3 µs a cell, so this caps its cost whatever the traffic (200 rows of 30 features:
 * under 2 ms a second), while 12,000 rows a minute are plenty for drift tests.
 */
export const PROFILED_ROWS_PER_SECOND = 200;

export type Arm = ServedPrediction["arm"];

/** What one series (model, version, arm) did in one bucket. */
class SeriesBucket {
  requests = 0;
  clientErrors = 0;
  serverErrors = 0;
  readonly latency = new QuantileSketch(LATENCY_SKETCH);
  readonly inputs = new LiveProfile();
  readonly outputs = new LiveProfile();
  readonly shadow = new ShadowFigures();
  readonly labelled: LabelledRows;

  constructor(widthSeconds: number, random: Random) {
    this.labelled = new LabelledRows(widthSeconds * LABELLED_ROWS_PER_SECOND, random);
  }

  merge(other: SeriesBucket): void {
    this.requests += other.requests;
    this.clientErrors += other.clientErrors;
    this.serverErrors += other.serverErrors;
    this.latency.merge(other.latency);
    this.inputs.merge(other.inputs);
    this.outputs.merge(other.outputs);
    this.shadow.merge(other.shadow);
    this.labelled.merge(other.labelled);
  }
}

interface Bucket {
  /** Start, epoch ms (a multiple of the width). */
  start: number;
  width: number;
  series: Map<string, SeriesBucket>;
}

interface SeriesInfo {
  model: string;
  version: string;
  arm: Arm;
  inputTypes: Map<string, LiveColumnType>;
  outputTypes: Map<string, LiveColumnType>;
  /** The second (epoch s) being profiled and the rows profiled in it. */
  profileSecond: number;
  profiledRows: number;
}

export interface SeriesSnapshot {
  version: string;
  arm: Arm;
  requests: number;
  /** 4xx (caused by the input) and 5xx (the server's) answers. */
  errors: { client: number; server: number };
  /** Request wall time in milliseconds; null without requests. */
  latencyMs: { p50: number; p95: number; p99: number } | null;
  /** 99%-confidence normalized rank error of the latency quantiles (0 while exact). */
  latencyRankError: number;
  /**
   * Profile of the rows served (the `mlship profile` JSON); null without rows. Its `rows`
   * are the rows profiled: all of them up to {@link PROFILED_ROWS_PER_SECOND} a second.
   */
  inputProfile: DataProfile | null;
  /** Profile of the outputs: `label` and `probability_<class>` (classifiers) or `value` (regressors). */
  outputProfile: DataProfile | null;
  /** Shadow arm only: its outputs compared with the answers. */
  shadow: ShadowFiguresJSON | null;
  /** Metrics of the labelled rows (feedback); null without any. */
  online: OnlineMetrics | null;
}

export interface StatsSnapshot {
  model: string;
  window: { seconds: number; from: string; to: string };
  series: SeriesSnapshot[];
}

export class LiveStats {
  /** Buckets by tier, oldest first within a tier. */
  private readonly tiers: Map<number, Bucket>[] = BUCKET_TIERS.map(() => new Map());
  private readonly info = new Map<string, SeriesInfo>();
  private readonly pairing = new ShadowPairing();
  private readonly random = new Random(0x5eed);
  private compactedSlot = Number.NaN;

  constructor(private readonly clock: () => number = Date.now) {}

  /** Counts one answered request (its status, latency, rows and outputs) and pairs shadow answers. */
  record(prediction: ServedPrediction, now = this.clock()): void {
    const { model, version, arm } = prediction;
    const series = this.seriesBucket(model, version, arm, now);
    const info = this.info.get(seriesKey(model, version, arm))!;
    series.requests++;
    if (prediction.status >= 400 && prediction.status < 500) series.clientErrors++;
    if (prediction.status >= 500) series.serverErrors++;
    if (Number.isFinite(prediction.seconds) && prediction.seconds >= 0)
      series.latency.add(prediction.seconds * 1000);
    const share = profileShare(
      info,
      Math.max(prediction.rows?.length ?? 0, prediction.outputs?.length ?? 0),
      now,
    );
    if (prediction.rows) series.inputs.add(firstOf(prediction.rows, share), info.inputTypes);
    if (prediction.outputs)
      series.outputs.add(firstOf(prediction.outputs, share).map(outputRow), info.outputTypes);
    const pair = this.pairing.offer(prediction, now);
    if (pair) {
      this.seriesBucket(model, pair.shadowVersion, "shadow", now).shadow.add(
        pair.answer.version,
        pair.answer.outputs,
        pair.shadow.outputs,
      );
    }
  }

  /** Adds a served row whose true label came back (src/serve/feedback.ts). */
  recordOutcome(model: string, version: string, arm: Arm, outcome: Outcome, now = this.clock()): void {
    this.seriesBucket(model, version, arm, now).labelled.add(outcome);
  }

  /**
   * The figures of every version and arm of `model` over the last `windowSeconds`
   * (whole buckets). Throws an MlshipError naming `window` unless it is a number in
   * (0, MAX_WINDOW_SECONDS].
   */
  snapshot(model: string, windowSeconds: number, now = this.clock()): StatsSnapshot {
    if (!(typeof windowSeconds === "number" && windowSeconds > 0 && windowSeconds <= MAX_WINDOW_SECONDS)) {
      throw badWindow(String(windowSeconds));
    }
    this.compact(now);
    const since = now - windowSeconds * 1000;
    let from = Number.POSITIVE_INFINITY;
    const bySeries = new Map<string, SeriesBucket[]>();
    for (const tier of this.tiers) {
      for (const bucket of tier.values()) {
        if (bucket.start + bucket.width * 1000 <= since || bucket.start > now) continue;
        let used = false;
        for (const [key, series] of bucket.series) {
          if (this.info.get(key)?.model !== model) continue;
          used = true;
          const parts = bySeries.get(key) ?? [];
          parts.push(series);
          bySeries.set(key, parts);
        }
        if (used) from = Math.min(from, bucket.start);
      }
    }
    const series = [...bySeries].map(([key, parts]) => this.seriesSnapshot(this.info.get(key)!, parts));
    series.sort((a, b) => a.version.localeCompare(b.version) || a.arm.localeCompare(b.arm));
    return {
      model,
      // The start of the oldest bucket used; without traffic, the window as asked.
      window: {
        seconds: windowSeconds,
        from: new Date(Number.isFinite(from) ? from : since).toISOString(),
        to: new Date(now).toISOString(),
      },
      series,
    };
  }

  /** Buckets held now, over all series (for tests and the bench: it must stay bounded). */
  bucketCount(): number {
    return this.tiers.reduce((sum, tier) => sum + tier.size, 0);
  }

  /** Series bucket-slots held now (a series in a bucket counts once). */
  seriesBucketCount(): number {
    let n = 0;
    for (const tier of this.tiers) for (const bucket of tier.values()) n += bucket.series.size;
    return n;
  }

  private seriesSnapshot(info: SeriesInfo, parts: SeriesBucket[]): SeriesSnapshot {
    const total = { requests: 0, clientErrors: 0, serverErrors: 0 };
    const latency = new QuantileSketch(LATENCY_SKETCH);
    const shadow = new ShadowFigures();
    for (const part of parts) {
      total.requests += part.requests;
      total.clientErrors += part.clientErrors;
      total.serverErrors += part.serverErrors;
      latency.merge(part.latency);
      shadow.merge(part.shadow);
    }
    const source = `live:${info.model}@${info.version}/${info.arm}`;
    const inputProfile = windowProfile(
      parts.map((p) => p.inputs),
      info.inputTypes,
      `${source}/inputs`,
    );
    const outputProfile = windowProfile(
      parts.map((p) => p.outputs),
      info.outputTypes,
      `${source}/outputs`,
    );
    return {
      version: info.version,
      arm: info.arm,
      requests: total.requests,
      errors: { client: total.clientErrors, server: total.serverErrors },
      latencyMs:
        latency.count > 0
          ? { p50: latency.quantile(0.5), p95: latency.quantile(0.95), p99: latency.quantile(0.99) }
          : null,
      latencyRankError: latency.isExact ? 0 : latency.rankError,
      inputProfile: inputProfile ?? null,
      outputProfile: outputProfile ?? null,
      shadow:
        info.arm === "shadow" && (shadow.compared > 0 || shadow.mismatched > 0) ? shadow.toJSON() : null,
      online: onlineMetrics(parts.map((p) => p.labelled)) ?? null,
    };
  }

  private seriesBucket(model: string, version: string, arm: Arm, now: number): SeriesBucket {
    this.compact(now);
    const key = seriesKey(model, version, arm);
    if (!this.info.has(key)) {
      this.info.set(key, {
        model,
        version,
        arm,
        inputTypes: new Map(),
        outputTypes: new Map(),
        profileSecond: Number.NaN,
        profiledRows: 0,
      });
    }
    const { width } = BUCKET_TIERS[0];
    const start = Math.floor(now / (width * 1000)) * width * 1000;
    const tier = this.tiers[0];
    let bucket = tier.get(start);
    if (!bucket) {
      bucket = { start, width, series: new Map() };
      tier.set(start, bucket);
    }
    let series = bucket.series.get(key);
    if (!series) {
      series = new SeriesBucket(width, this.random);
      bucket.series.set(key, series);
    }
    return series;
  }

  /**
   * Moves buckets past their tier's age into the next tier's (merging), drops those past
   * the last. Runs once per finest bucket width (nothing can age in between).
   */
  private compact(now: number): void {
    const slot = Math.floor(now / (BUCKET_TIERS[0].width * 1000));
    if (slot === this.compactedSlot) return;
    this.compactedSlot = slot;
    BUCKET_TIERS.forEach(({ until }, t) => {
      const tier = this.tiers[t];
      const next = this.tiers[t + 1];
      for (const [start, bucket] of tier) {
        if (start + bucket.width * 1000 > now - until * 1000) continue;
        tier.delete(start);
        if (next) this.mergeInto(next, BUCKET_TIERS[t + 1].width, bucket);
      }
    });
    this.forgetIdleSeries();
  }

  private mergeInto(tier: Map<number, Bucket>, width: number, bucket: Bucket): void {
    const start = Math.floor(bucket.start / (width * 1000)) * width * 1000;
    let target = tier.get(start);
    if (!target) {
      target = { start, width, series: new Map() };
      tier.set(start, target);
    }
    for (const [key, series] of bucket.series) {
      const into = target.series.get(key);
      if (into) into.merge(series);
      else {
        const fresh = new SeriesBucket(width, this.random);
        fresh.merge(series);
        target.series.set(key, fresh);
      }
    }
  }

  /** Column types and names of series no bucket holds any more. */
  private forgetIdleSeries(): void {
    if (this.info.size === 0) return;
    const live = new Set<string>();
    for (const tier of this.tiers)
      for (const bucket of tier.values()) for (const key of bucket.series.keys()) live.add(key);
    for (const key of this.info.keys()) if (!live.has(key)) this.info.delete(key);
  }
}

/**
 * The window of a stats query: `?window=` as given (a number of seconds, e.g. "60" or
 * "90.5"), DEFAULT_WINDOW_SECONDS when absent or empty.
 * @throws MlshipError naming `window` for anything else, or a value outside (0, MAX_WINDOW_SECONDS].
 */
export function parseWindow(value: unknown): number {
  if (value === undefined || value === "") return DEFAULT_WINDOW_SECONDS;
  const seconds =
    typeof value === "number"
      ? value
      : typeof value === "string" && /^\d+(\.\d+)?$/.test(value)
        ? Number(value)
        : Number.NaN;
  if (!(seconds > 0 && seconds <= MAX_WINDOW_SECONDS))
    throw badWindow(JSON.stringify(value) ?? String(value));
  return seconds;
}

function badWindow(given: string): MlshipError {
  return new MlshipError(
    "bad_usage",
    `window must be a number of seconds in (0, ${MAX_WINDOW_SECONDS}] (the statistics keep one hour), got ${given}`,
    { setting: "window" },
  );
}

/** How many of a request's `rows` the series may still profile in this second (and counts them). */
function profileShare(info: SeriesInfo, rows: number, now: number): number {
  const second = Math.floor(now / 1000);
  if (second !== info.profileSecond) {
    info.profileSecond = second;
    info.profiledRows = 0;
  }
  const share = Math.min(rows, PROFILED_ROWS_PER_SECOND - info.profiledRows);
  info.profiledRows += share;
  return share;
}

function firstOf<T>(items: readonly T[], n: number): readonly T[] {
  return n >= items.length ? items : items.slice(0, n);
}

function seriesKey(model: string, version: string, arm: Arm): string {
  return `${model}\u0000${version}\u0000${arm}`;
}

/** One output as a row of the output profile. */
function outputRow(output: NonNullable<ServedPrediction["outputs"]>[number]): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  if (output.label !== undefined) row.label = String(output.label);
  if (output.probabilities) {
    for (const [label, p] of Object.entries(output.probabilities)) row[`probability_${label}`] = p;
  }
  if (output.value !== undefined) row.value = output.value;
  return row;
}
