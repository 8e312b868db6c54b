/**
 * Figures from Prometheus (docs/design.md, "Rollouts"): instant PromQL queries through its HTTP API
 * (`GET <url>/api/v1/query`) over the names the model server exposes at `/metrics`
 * (`mlship_requests_total`, `mlship_request_duration_seconds`, `mlship_prediction_score`), one query
 * per figure and arm, templated by model, version, arm and window (`analysis.prometheus.queries`
 * replaces any of them).
 *
 * A query that returns no series, or NaN (a quantile of no requests, a rate of 0 over 0), leaves its
 * figure undefined: the analysis holds it inconclusive. Prometheus sees what it scraped: the requests
 * are `increase()` over the window (extrapolated to its edges, so not a whole number), the latency
 * quantiles `histogram_quantile` over the duration buckets (interpolated within a bucket), and the
 * output distribution the score histogram per class (no input profile, no online metrics: the checks
 * on those are inconclusive with this source).
 */
import { z } from "zod";
import {
  fillPlaceholders,
  PROMETHEUS_FIGURES,
  type PrometheusConfig,
  type PrometheusFigure,
  unknownPlaceholders,
} from "../config/sections/analysis.js";
import { ExitCode, MlshipError } from "../lib/errors.js";
import { errorText, fetchWithRetry, type RetryOptions } from "./http-retry.js";
import {
  type ArmFigures,
  type ArmName,
  emptyArm,
  type Figures,
  type FiguresQuery,
  type MetricsSource,
  queriedArms,
  type ScoreHistogram,
} from "./metrics-source.js";

const ARM_SELECTOR = 'model="{{model}}",version="{{version}}",arm="{{arm}}"';

/** mlship's own query per figure (the server's metric names: docs/design.md, "Model server"). */
export const DEFAULT_PROMETHEUS_QUERIES: Readonly<Record<PrometheusFigure, string>> = {
  requests: `sum(increase(mlship_requests_total{${ARM_SELECTOR}}[{{window}}]))`,
  // No error series at all is no error: `or vector(0)`; no requests at all leaves the ratio empty.
  error_rate: `(sum(rate(mlship_requests_total{${ARM_SELECTOR},code=~"4..|5.."}[{{window}}])) or vector(0)) / sum(rate(mlship_requests_total{${ARM_SELECTOR}}[{{window}}]))`,
  latency_p50_ms: `1000 * histogram_quantile(0.5, sum by (le) (rate(mlship_request_duration_seconds_bucket{${ARM_SELECTOR}}[{{window}}])))`,
  latency_p99_ms: `1000 * histogram_quantile(0.99, sum by (le) (rate(mlship_request_duration_seconds_bucket{${ARM_SELECTOR}}[{{window}}])))`,
  // The score histogram has no arm label: the arm's version stands for it.
  prediction_score: `sum by (class, le) (increase(mlship_prediction_score_bucket{model="{{model}}",version="{{version}}"}[{{window}}]))`,
};

export interface PrometheusSourceOptions {
  /** Prometheus' base URL (`http://prometheus:9090`). */
  url: string;
  /** Templates replacing {@link DEFAULT_PROMETHEUS_QUERIES}, per figure. */
  queries?: Partial<Record<PrometheusFigure, string | undefined>>;
  retry?: RetryOptions;
}

interface Sample {
  metric: Record<string, string>;
  value: number;
}

const SampleValue = z.tuple([z.number(), z.string()]);

/** An instant query's answer (https://prometheus.io/docs/prometheus/latest/querying/api/). */
const InstantAnswerSchema = z.object({
  status: z.literal("success"),
  data: z.discriminatedUnion("resultType", [
    z.object({
      resultType: z.literal("vector"),
      result: z.array(z.object({ metric: z.record(z.string(), z.string()), value: SampleValue })),
    }),
    z.object({ resultType: z.literal("scalar"), result: SampleValue }),
  ]),
});

/** The `mlship.yml` settings (`analysis.prometheus`) as the source's options. */
export function prometheusSourceOptions(config: PrometheusConfig): PrometheusSourceOptions {
  return { url: config.url, queries: config.queries };
}

export class PrometheusSource implements MetricsSource {
  readonly description: string;
  private readonly base: string;
  private readonly templates: Record<PrometheusFigure, string>;

  constructor(private readonly options: PrometheusSourceOptions) {
    this.base = options.url.replace(/\/+$/, "");
    this.description = `prometheus ${this.base}`;
    const templates = { ...DEFAULT_PROMETHEUS_QUERIES };
    for (const figure of PROMETHEUS_FIGURES) {
      const given = options.queries?.[figure];
      if (given === undefined) continue;
      const unknown = unknownPlaceholders(given);
      if (unknown.length > 0) {
        throw new MlshipError(
          "unknown_placeholder",
          `analysis.prometheus.queries.${figure} names {{${unknown[0]}}}; a query may name only {{model}}, {{version}}, {{arm}}, {{window}}`,
        );
      }
      templates[figure] = given;
    }
    this.templates = templates;
  }

  /** The PromQL of `figure` for one arm. */
  query(
    figure: PrometheusFigure,
    model: string,
    version: string,
    arm: ArmName,
    windowSeconds: number,
  ): string {
    return fillPlaceholders(this.templates[figure], {
      model: labelValue(model),
      version: labelValue(version),
      arm: labelValue(arm),
      window: promDuration(windowSeconds),
    });
  }

  async figures(query: FiguresQuery): Promise<Figures> {
    const arms = await Promise.all(
      queriedArms(query).map(
        async ({ arm, version }) => [arm, await this.armFigures(query, arm, version)] as const,
      ),
    );
    return {
      model: query.model,
      windowSeconds: query.windowSeconds,
      source: this.description,
      arms: Object.fromEntries(arms),
    };
  }

  private async armFigures(query: FiguresQuery, arm: ArmName, version: string): Promise<ArmFigures> {
    const run = (figure: PrometheusFigure) =>
      this.instant(this.query(figure, query.model, version, arm, query.windowSeconds));
    const [requests, errorRate, p50, p99, scores] = await Promise.all(
      (["requests", "error_rate", "latency_p50_ms", "latency_p99_ms", "prediction_score"] as const).map(run),
    );
    return {
      ...emptyArm(arm, version, single(requests)),
      errorRate: single(errorRate),
      latencyP50Ms: single(p50),
      latencyP99Ms: single(p99),
      scoreHistograms: scoreHistograms(scores),
    };
  }

  /**
   * One instant query.
   * @throws MlshipError `metrics_source_error` naming the query when Prometheus refuses it or answers
   * something else than a vector; `unreachable` when it does not answer.
   */
  private async instant(promql: string): Promise<Sample[]> {
    const url = `${this.base}/api/v1/query?${new URLSearchParams({ query: promql })}`;
    const response = await fetchWithRetry(
      "Prometheus",
      url,
      { headers: { accept: "application/json" } },
      this.options.retry,
    );
    if (!response.ok) {
      const said = await errorText(response);
      throw new MlshipError(
        "metrics_source_error",
        `Prometheus at ${this.base} refused the query ${promql} (${response.status}: ${said})`,
        {},
        response.status >= 500 && response.status !== 503 ? ExitCode.checkFailed : ExitCode.badInput,
      );
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      body = undefined;
    }
    const answer = InstantAnswerSchema.safeParse(body);
    if (!answer.success) {
      throw new MlshipError(
        "metrics_source_error",
        `Prometheus at ${this.base} did not answer the query ${promql} with an instant vector; is ${this.base} a Prometheus server, and does the query give one value per series?`,
        {},
        ExitCode.badInput,
      );
    }
    const { data } = answer.data;
    const samples = data.resultType === "scalar" ? [{ metric: {}, value: data.result }] : data.result;
    // Prometheus writes values as text: "0.25", "NaN", "+Inf".
    return samples.map((s) => ({ metric: s.metric, value: Number.parseFloat(s.value[1]) }));
  }
}

/** A query's one value; undefined for no series, NaN or infinity, or several series (the query does not aggregate). */
function single(samples: Sample[]): number | undefined {
  if (samples.length !== 1) return undefined;
  const [{ value }] = samples;
  return Number.isFinite(value) ? value : undefined;
}

/** Cumulative `le` buckets per class → counts per bucket, ascending; undefined without any. */
function scoreHistograms(samples: Sample[]): ScoreHistogram[] | undefined {
  const byClass = new Map<string, { le: number; count: number }[]>();
  for (const { metric, value } of samples) {
    const le = metric.le === "+Inf" ? Number.POSITIVE_INFINITY : Number.parseFloat(metric.le ?? "");
    if (Number.isNaN(le) || !Number.isFinite(value)) continue;
    const name = metric.class ?? "";
    const buckets = byClass.get(name) ?? [];
    buckets.push({ le, count: value });
    byClass.set(name, buckets);
  }
  const histograms = [...byClass].map(([name, buckets]) => {
    buckets.sort((a, b) => a.le - b.le);
    // Extrapolated increases may dip a little below the bucket before: never a negative count.
    const counts = buckets.map((b, i) => Math.max(0, b.count - (i > 0 ? buckets[i - 1].count : 0)));
    return { class: name, upperBounds: buckets.map((b) => b.le), counts };
  });
  const withCounts = histograms.filter((h) => h.counts.some((c) => c > 0));
  return withCounts.length > 0 ? withCounts.sort((a, b) => a.class.localeCompare(b.class)) : undefined;
}

/** A PromQL string literal's inside: backslashes and double quotes escaped. */
function labelValue(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n");
}

/** A window as a PromQL range: whole seconds as `300s`, else milliseconds (`90500ms`). */
export function promDuration(seconds: number): string {
  return Number.isInteger(seconds) ? `${seconds}s` : `${Math.max(1, Math.round(seconds * 1000))}ms`;
}
