/**
 * The server's Prometheus metrics (docs/design.md, "Model server"), served at
 * `GET /metrics` in the text exposition format by prom-client. Each server has a
 * registry of its own (never prom-client's global one), so two servers in one
 * process, or a test, never share counts.
 *
 * - `mlship_requests_total{model,version,arm,code}`: counter of answered requests,
 *   `code` the HTTP status.
 * - `mlship_request_duration_seconds{model,version,arm}`: histogram of the request's
 *   wall time; buckets {@link DURATION_BUCKETS} (0.5 ms to 10 s: a tree model answers
 *   in well under a millisecond, a batch of rows or a large network in tens to
 *   hundreds, a timeout is seconds).
 * - `mlship_prediction_score{model,version,class}`: histogram of the predicted
 *   probability of each class, one observation per row and class, buckets 0.05 wide
 *   ({@link SCORE_BUCKETS}), so Prometheus sees the output distribution move.
 *   Classifiers only: a regressor's values have no scale known in advance for fixed
 *   buckets; its output distribution is in the live statistics' output profile.
 * - `mlship_model_loaded{model,version}`: 1 while the version is loaded, 0 once it
 *   failed or was unloaded.
 * - `mlship_rollout_weight{model,version}`: the share of requests (0..100) the
 *   rollout sends to the version.
 * - prom-client's process and Node.js defaults (`process_*`, `nodejs_*`).
 *
 * Labels stay few and bounded: model, version, arm, status code and the model's own
 * class labels, never a request id.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, linearBuckets, Registry } from "prom-client";
import type { ServedPrediction } from "./hooks.js";

/** Request duration buckets, in seconds. */
export const DURATION_BUCKETS: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
/** Predicted probability buckets: 0.05, 0.10, …, 1.00 (and +Inf, as every histogram). */
export const SCORE_BUCKETS: readonly number[] = linearBuckets(0.05, 0.05, 20).map(
  (b) => Math.round(b * 100) / 100,
);

export const METRIC_NAMES = {
  requests: "mlship_requests_total",
  duration: "mlship_request_duration_seconds",
  score: "mlship_prediction_score",
  loaded: "mlship_model_loaded",
  rolloutWeight: "mlship_rollout_weight",
  logDropped: "mlship_prediction_log_dropped_total",
} as const;

export class ServeMetrics {
  readonly registry = new Registry();
  private readonly requests: Counter<"model" | "version" | "arm" | "code">;
  private readonly duration: Histogram<"model" | "version" | "arm">;
  private readonly score: Histogram<"model" | "version" | "class">;
  private readonly loaded: Gauge<"model" | "version">;
  private readonly rolloutWeight: Gauge<"model" | "version">;
  private readonly logDropped: Counter;
  /** Versions with a rollout weight, by model. */
  private readonly weighted = new Map<string, Set<string>>();

  constructor(options: { defaultMetrics?: boolean } = {}) {
    const registers = [this.registry];
    this.requests = new Counter({
      name: METRIC_NAMES.requests,
      help: "Requests answered, by model, version, arm (stable, candidate, shadow) and HTTP status code.",
      labelNames: ["model", "version", "arm", "code"],
      registers,
    });
    this.duration = new Histogram({
      name: METRIC_NAMES.duration,
      help: "Wall time of a request, in seconds.",
      labelNames: ["model", "version", "arm"],
      buckets: [...DURATION_BUCKETS],
      registers,
    });
    this.score = new Histogram({
      name: METRIC_NAMES.score,
      help: "Predicted probability of each class, one observation per row and class (classifiers).",
      labelNames: ["model", "version", "class"],
      buckets: [...SCORE_BUCKETS],
      registers,
    });
    this.loaded = new Gauge({
      name: METRIC_NAMES.loaded,
      help: "1 while the model version is loaded and serving, else 0.",
      labelNames: ["model", "version"],
      registers,
    });
    this.rolloutWeight = new Gauge({
      name: METRIC_NAMES.rolloutWeight,
      help: "Share of requests (0..100) the rollout sends to the model version.",
      labelNames: ["model", "version"],
      registers,
    });
    this.logDropped = new Counter({
      name: METRIC_NAMES.logDropped,
      help: "Prediction log lines dropped because the disk did not keep up (a full queue) or a write failed.",
      registers,
    });
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** Counts one answered request: its status, its duration and, when it succeeded, its class scores. */
  observe(prediction: ServedPrediction): void {
    const { model, version, arm } = prediction;
    this.requests.inc({ model, version, arm, code: String(prediction.status) });
    if (Number.isFinite(prediction.seconds) && prediction.seconds >= 0) {
      this.duration.observe({ model, version, arm }, prediction.seconds);
    }
    for (const output of prediction.outputs ?? []) {
      if (!output.probabilities) continue;
      for (const [label, p] of Object.entries(output.probabilities)) {
        if (Number.isFinite(p)) this.score.observe({ model, version, class: label }, p);
      }
    }
  }

  /** Counts prediction log lines dropped. */
  logLinesDropped(lines: number): void {
    this.logDropped.inc(lines);
  }

  setLoaded(model: string, version: string, loaded: boolean): void {
    this.loaded.set({ model, version }, loaded ? 1 : 0);
  }

  /** `weight` in 0..100: the share of requests the rollout sends to this version. */
  setRolloutWeight(model: string, version: string, weight: number): void {
    this.rolloutWeight.set({ model, version }, weight);
    let versions = this.weighted.get(model);
    if (!versions) {
      versions = new Set();
      this.weighted.set(model, versions);
    }
    versions.add(version);
  }

  /**
   * A model's whole rollout at once (version → weight): the versions it no longer names
   * leave the gauge, so no stale weight stays behind after a switch.
   */
  setRolloutWeights(model: string, weights: Readonly<Record<string, number>>): void {
    for (const version of this.weighted.get(model) ?? []) {
      if (!Object.hasOwn(weights, version)) {
        this.rolloutWeight.remove({ model, version });
        this.weighted.get(model)!.delete(version);
      }
    }
    for (const [version, weight] of Object.entries(weights)) this.setRolloutWeight(model, version, weight);
  }

  /** The text exposition format (version 0.0.4) of every metric. */
  exposition(): Promise<string> {
    return this.registry.metrics();
  }

  /** The `Content-Type` of {@link exposition}'s text. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
