import {
  getMetricsFromIterator,
  type PromData,
  type PromHistogramData,
  type PromMetrics,
} from "prom2javascript";
import { describe, expect, it } from "vitest";
import { promtoolAvailable, promtoolFindings } from "../../test/support/promtool.js";
import { servedPrediction } from "../../test/support/served-prediction.js";
import type { ServedPrediction } from "./hooks.js";
import { DURATION_BUCKETS, SCORE_BUCKETS, ServeMetrics } from "./metrics.js";

async function scrape(metrics: ServeMetrics): Promise<PromMetrics> {
  const text = await metrics.exposition();
  return getMetricsFromIterator(text.split("\n")[Symbol.iterator]());
}

function samples(parsed: PromMetrics, name: string): PromData[] {
  return parsed[name].data as PromData[];
}

function histogram(parsed: PromMetrics, name: string, labels: Record<string, string>): PromHistogramData {
  const found = (parsed[name].data as PromHistogramData[]).filter((d) =>
    Object.entries(labels).every(([k, v]) => d.labels[k] === v),
  );
  expect(found).toHaveLength(1);
  return found[0];
}

function served(overrides: Partial<ServedPrediction>): ServedPrediction {
  return servedPrediction({ seconds: 0.003, ...overrides });
}

describe("ServeMetrics exposition", () => {
  it("counts requests per model, version, arm and status code", async () => {
    const metrics = new ServeMetrics({ defaultMetrics: false });
    for (let i = 0; i < 7; i++) metrics.observe(served({}));
    for (let i = 0; i < 3; i++) metrics.observe(served({ version: "1.1.0", arm: "candidate" }));
    metrics.observe(served({ status: 400 }));
    metrics.observe(served({ status: 500, version: "1.1.0", arm: "candidate" }));
    const parsed = await scrape(metrics);
    expect(parsed.mlship_requests_total.type).toBe("counter");
    const counts = samples(parsed, "mlship_requests_total").map((s) => [
      s.labels.model,
      s.labels.version,
      s.labels.arm,
      s.labels.code,
      s.value,
    ]);
    expect(counts).toEqual(
      expect.arrayContaining([
        ["churn", "1.0.0", "stable", "200", 7],
        ["churn", "1.1.0", "candidate", "200", 3],
        ["churn", "1.0.0", "stable", "400", 1],
        ["churn", "1.1.0", "candidate", "500", 1],
      ]),
    );
    expect(counts).toHaveLength(4);
  });

  it("puts each request's duration in the cumulative buckets of its version and arm, with sum and count", async () => {
    const metrics = new ServeMetrics({ defaultMetrics: false });
    const seconds = [0.0004, 0.0008, 0.002, 0.02, 0.3, 12];
    for (const s of seconds) metrics.observe(served({ seconds: s }));
    metrics.observe(served({ seconds: 1, arm: "shadow", version: "2.0.0" }));
    const parsed = await scrape(metrics);
    expect(parsed.mlship_request_duration_seconds.type).toBe("histogram");
    const stable = histogram(parsed, "mlship_request_duration_seconds", { arm: "stable", version: "1.0.0" });
    expect(stable.count).toBe(6);
    expect(stable.sum).toBeCloseTo(
      seconds.reduce((a, b) => a + b, 0),
      12,
    );
    for (const bound of DURATION_BUCKETS) {
      expect(stable.buckets[String(bound)]).toBe(seconds.filter((s) => s <= bound).length);
    }
    expect(stable.buckets["+Inf"]).toBe(6);
    const shadow = histogram(parsed, "mlship_request_duration_seconds", { arm: "shadow", version: "2.0.0" });
    expect(shadow.count).toBe(1);
    expect(shadow.buckets["1"]).toBe(1);
    expect(shadow.buckets["0.5"]).toBe(0);
  });

  it("records every row's probability per class of a classifier, and nothing for a regressor", async () => {
    const metrics = new ServeMetrics({ defaultMetrics: false });
    metrics.observe(
      served({
        outputs: [
          { label: "yes", probabilities: { no: 0.2, yes: 0.8 } },
          { label: "no", probabilities: { no: 0.93, yes: 0.07 } },
          { label: "yes", probabilities: { no: 0.44, yes: 0.56 } },
        ],
      }),
    );
    metrics.observe(served({ model: "price", outputs: [{ value: 1234.5 }] }));
    const parsed = await scrape(metrics);
    const yes = histogram(parsed, "mlship_prediction_score", { model: "churn", class: "yes" });
    expect(yes.count).toBe(3);
    expect(yes.sum).toBeCloseTo(0.8 + 0.07 + 0.56, 12);
    expect(yes.buckets["0.05"]).toBe(0);
    expect(yes.buckets["0.1"]).toBe(1);
    expect(yes.buckets["0.6"]).toBe(2);
    expect(yes.buckets["0.8"]).toBe(3);
    const no = histogram(parsed, "mlship_prediction_score", { model: "churn", class: "no" });
    expect(no.count).toBe(3);
    // (An object lists integer-like keys such as "1" first: compare as sets.)
    expect(new Set(Object.keys(no.buckets))).toEqual(new Set([...SCORE_BUCKETS.map(String), "+Inf"]));
    const models = (parsed.mlship_prediction_score.data as PromHistogramData[]).map((d) => d.labels.model);
    expect(models).not.toContain("price");
  });

  it("exposes loaded state and rollout weight per version as gauges", async () => {
    const metrics = new ServeMetrics({ defaultMetrics: false });
    metrics.setLoaded("churn", "1.0.0", true);
    metrics.setLoaded("churn", "1.1.0", true);
    metrics.setLoaded("churn", "1.1.0", false);
    metrics.setRolloutWeight("churn", "1.0.0", 70);
    metrics.setRolloutWeight("churn", "1.1.0", 30);
    const parsed = await scrape(metrics);
    expect(parsed.mlship_model_loaded.type).toBe("gauge");
    const loaded = samples(parsed, "mlship_model_loaded").map((s) => [s.labels.version, s.value]);
    expect(loaded).toEqual(
      expect.arrayContaining([
        ["1.0.0", 1],
        ["1.1.0", 0],
      ]),
    );
    const weights = samples(parsed, "mlship_rollout_weight").map((s) => [s.labels.version, s.value]);
    expect(weights).toEqual(
      expect.arrayContaining([
        ["1.0.0", 70],
        ["1.1.0", 30],
      ]),
    );
  });

  it("replaces a model's rollout weights as a whole, leaving no stale version behind", async () => {
    const metrics = new ServeMetrics({ defaultMetrics: false });
    metrics.setRolloutWeights("churn", { "1.0.0": 70, "1.1.0": 30 });
    metrics.setRolloutWeights("price", { "3.0.0": 100 });
    metrics.setRolloutWeights("churn", { "1.1.0": 100 });
    const parsed = await scrape(metrics);
    const weights = samples(parsed, "mlship_rollout_weight").map((s) => [
      s.labels.model,
      s.labels.version,
      s.value,
    ]);
    expect(weights).toEqual(
      expect.arrayContaining([
        ["churn", "1.1.0", 100],
        ["price", "3.0.0", 100],
      ]),
    );
    expect(weights).toHaveLength(2);
  });

  it("includes the process defaults and a Prometheus text content type", async () => {
    const metrics = new ServeMetrics();
    // Read as text: the event-loop lag is NaN before its first sample, which prom-client writes
    // "Nan" (Prometheus itself reads any case) and the parser refuses.
    const text = await metrics.exposition();
    expect(text).toMatch(/^# TYPE process_cpu_user_seconds_total counter$/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it.skipIf(!promtoolAvailable)(
    "passes Prometheus' own parser and linter (promtool check metrics)",
    async () => {
      const metrics = new ServeMetrics();
      metrics.observe(served({ outputs: [{ label: "yes", probabilities: { no: 0.3, yes: 0.7 } }] }));
      metrics.setLoaded("churn", "1.0.0", true);
      metrics.setRolloutWeights("churn", { "1.0.0": 100 });
      const findings = promtoolFindings(await metrics.exposition());
      // prom-client's own nodejs_active_*_total gauges break the _total convention; ours must not.
      expect(findings.filter((line) => !/^nodejs_active_\w+_total /.test(line))).toEqual([]);
    },
  );

  it("counts the prediction log's dropped lines", async () => {
    const metrics = new ServeMetrics({ defaultMetrics: false });
    expect(samples(await scrape(metrics), "mlship_prediction_log_dropped_total").map((s) => s.value)).toEqual(
      [0],
    );
    metrics.logLinesDropped(3);
    metrics.logLinesDropped(2);
    expect(samples(await scrape(metrics), "mlship_prediction_log_dropped_total").map((s) => s.value)).toEqual(
      [5],
    );
  });

  it("keeps two servers' counts apart (a registry of its own, not the global one)", async () => {
    const a = new ServeMetrics({ defaultMetrics: false });
    const b = new ServeMetrics({ defaultMetrics: false });
    a.observe(served({}));
    const parsed = await scrape(b);
    expect(samples(parsed, "mlship_requests_total")).toEqual([]);
  });
});
