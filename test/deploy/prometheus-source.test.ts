/**
 * PrometheusSource against a real Prometheus (Debian's package, test/support/prometheus.ts) scraping a
 * real `mlship serve` on loopback every second: a canary rollout gets traffic, and once Prometheus has
 * scraped it, the source's figures agree with the server's own stats as far as Prometheus can know
 * them — requests and error rates up to `increase()`'s extrapolation, latency quantiles within a
 * bucket of the duration histogram, the share of scores up to a bucket edge (0.5) against the exact
 * share in the stats' output profile. Then: the same canary a rollout runs, judged on Prometheus's
 * figures and promoted; no series (inconclusive), a query Prometheus refuses (named), a template naming an unknown placeholder.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { columnDistributions } from "../../src/data/profile/profile.js";
import { parseProfile } from "../../src/data/profile/profile-schema.js";
import { analyse, parseChecks } from "../../src/deploy/analysis.js";
import { DEFAULT_PROMETHEUS_QUERIES, PrometheusSource } from "../../src/deploy/prometheus-source.js";
import { runDeploy } from "../../src/deploy/run-deploy.js";
import { ServerTarget } from "../../src/deploy/server-target.js";
import { LocalRegistry } from "../../src/registry/local-registry.js";
import { DURATION_BUCKETS } from "../../src/serve/metrics.js";
import { useCli } from "../cli/run-cli.js";
import { fixturePath } from "../model/model-fixtures.js";
import { call, packageModel, post, type ServeProcess, startServe } from "../serve/serve-process.js";
import {
  eventually,
  type PrometheusProcess,
  prometheusAvailable,
  startPrometheus,
} from "../support/prometheus.js";
import { rejection } from "../support/user-error.js";

const cli = useCli("prometheus-source");
const TOKEN = "prometheus-test";
const ARMS = { stable: "1.0.0", candidate: "1.1.0" };
const WINDOW = 300;
let server: ServeProcess;
let prometheus: PrometheusProcess;

interface StatsSeries {
  arm: string;
  version: string;
  requests: number;
  errors: { client: number; server: number };
  latencyMs: { p50: number; p99: number };
  outputProfile: unknown;
}

/** Sends `count` requests through the canary; every `badEvery`-th is refused (400). */
async function traffic(count: number, badEvery: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    const x = (i % 20) / 10 - 1;
    const bad = badEvery > 0 && i % badEvery === badEvery - 1;
    const answer = await post(`${server.url}/v1/models/churn:predict`, {
      instances: bad ? [[x, 1]] : [[x, -x / 2, x * 0.3]],
    });
    expect(answer.status).toBe(bad ? 400 : 200);
  }
}

/** The server's own counter samples of churn: `version arm code` → value, from its /metrics. */
async function serverCounters(): Promise<Map<string, number>> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const counters = new Map<string, number>();
  for (const line of text.split("\n")) {
    const match = /^mlship_requests_total\{(.*)\} (\S+)$/.exec(line);
    if (!match) continue;
    const labels = Object.fromEntries([...match[1].matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (labels.model === "churn")
      counters.set(`${labels.version} ${labels.arm} ${labels.code}`, Number(match[2]));
  }
  return counters;
}

/** Resolves once Prometheus' last scrape holds every request counter the server shows now. */
async function scraped(): Promise<void> {
  const expected = await serverCounters();
  await eventually("Prometheus to scrape the server's request counters", async () => {
    const samples = await prometheus.query('mlship_requests_total{model="churn"}');
    const seen = new Map(
      samples.map((s) => [`${s.metric.version} ${s.metric.arm} ${s.metric.code}`, Number(s.value[1])]),
    );
    return [...expected].every(([key, value]) => seen.get(key) === value) ? true : undefined;
  });
}

/** The index of the duration bucket (in ms) holding `ms`. */
const bucketOf = (ms: number) => DURATION_BUCKETS.findIndex((b) => ms <= b * 1000 + 1e-9);

describe.skipIf(!prometheusAvailable)(
  "PrometheusSource against a real Prometheus scraping mlship serve",
  () => {
    beforeAll(async () => {
      for (const version of [ARMS.stable, ARMS.candidate]) {
        await packageModel(cli, fixturePath("binary-linear-zipmap.onnx"), "churn", version);
      }
      server = await startServe(cli, ["--registry", "local:reg", "--model", `churn@${ARMS.stable}`], {
        MLSHIP_ADMIN_TOKEN: TOKEN,
      });
      const put = await call(`${server.url}/admin/models/churn/rollout`, {
        method: "PUT",
        token: TOKEN,
        body: { stable: ARMS.stable, candidate: ARMS.candidate, strategy: "canary", weight: 50 },
      });
      expect(put.status, JSON.stringify(put.json)).toBe(200);
      prometheus = await startPrometheus([new URL(server.url).host]);
      // A first few requests make every series (both arms, answered and refused) before Prometheus counts
      // from them: increase() cannot see what a series held at its first scrape.
      await traffic(40, 4);
      await scraped();
      await traffic(600, 20);
      await scraped();
    }, 180_000);
    afterAll(async () => {
      await prometheus?.stop();
      await server?.stop();
    });

    it("reads requests, error rate, latency and scores per arm that agree with the server's stats", async () => {
      const source = new PrometheusSource({ url: prometheus.url });
      const figures = await source.figures({ model: "churn", windowSeconds: WINDOW, arms: ARMS });
      const stats = await call(`${server.url}/admin/models/churn/stats?window=${WINDOW}`, { token: TOKEN });
      const series = stats.json.series as StatsSeries[];
      expect(figures.source).toBe(`prometheus ${prometheus.url}`);
      for (const arm of ["stable", "candidate"] as const) {
        const read = figures.arms[arm]!;
        const own = series.find((s) => s.arm === arm && s.version === ARMS[arm])!;
        // increase() starts at the first scrape (the warm-up before it is not seen) and extrapolates a
        // little past the samples at both ends.
        expect(read.requests).toBeGreaterThan(own.requests * 0.85);
        expect(read.requests).toBeLessThan(own.requests * 1.25);
        const ownRate = (own.errors.client + own.errors.server) / own.requests;
        expect(read.errorRate).toBeGreaterThan(0);
        expect(Math.abs((read.errorRate ?? 0) - ownRate)).toBeLessThan(0.03);
        // histogram_quantile interpolates inside the bucket the quantile falls in.
        for (const [figure, exact] of [
          [read.latencyP50Ms, own.latencyMs.p50],
          [read.latencyP99Ms, own.latencyMs.p99],
        ] as const) {
          expect(figure).toBeDefined();
          expect(Math.abs(bucketOf(figure!) - bucketOf(exact))).toBeLessThanOrEqual(1);
        }
        const histograms = read.scoreHistograms!;
        expect(histograms.map((h) => h.class)).toEqual(["0", "1"]);
        // The share of rows scored at most 0.5 for class 1: the bucket edge against the stats' profile.
        const positive = histograms[1];
        const total = positive.counts.reduce((a, b) => a + b, 0);
        const upTo = positive.counts
          .filter((_, i) => positive.upperBounds[i] <= 0.5)
          .reduce((a, b) => a + b, 0);
        const profile = parseProfile(own.outputProfile, "stats");
        const column = profile.columns.find((c) => c.name === "probability_1")!;
        const exactShare = columnDistributions(column).numeric!.values.rank(0.5);
        expect(exactShare).toBeGreaterThan(0.2);
        expect(Math.abs(upTo / total - exactShare)).toBeLessThan(0.06);
      }
      const result = analyse(
        parseChecks([
          // Refused requests are routed at random between the arms: each arm's share of them varies by a few
          // points from run to run, so the margin leaves room for that and for increase()'s extrapolation.
          { text: "error_rate <= stable + 0.2", source: "--check" },
          { text: "prediction_psi < 0.2", source: "--check" },
          { text: "input_drift_share < 0.5", source: "--check" },
        ]),
        figures,
        { minRequests: 50 },
      );
      expect(result.checks.map((c) => c.verdict)).toEqual(["pass", "pass", "inconclusive"]);
      expect(result.checks[2].reason).toMatch(/no reference profile/);
    });

    it("leaves every figure undefined when Prometheus has no series of the model: the checks are inconclusive", async () => {
      const source = new PrometheusSource({ url: prometheus.url });
      const figures = await source.figures({ model: "fraud", windowSeconds: WINDOW, arms: ARMS });
      expect(figures.arms.candidate).toMatchObject({
        requests: undefined,
        errorRate: undefined,
        latencyP99Ms: undefined,
        scoreHistograms: undefined,
      });
      const result = analyse(parseChecks([]), figures);
      expect(result.verdict).toBe("inconclusive");
      expect(result.checks[0].reason).toBe(
        `prometheus ${prometheus.url} gives no request count of candidate 1.1.0`,
      );
    });

    it("names the query Prometheus refuses (400 bad_data)", async () => {
      const broken = "sum(rate(mlship_requests_total[{{window}}])";
      const source = new PrometheusSource({ url: prometheus.url, queries: { requests: broken } });
      const error = await rejection(source.figures({ model: "churn", windowSeconds: 60, arms: ARMS }));
      expect(error.code).toBe("metrics_source_error");
      expect(error.exitCode).toBe(2);
      expect(error.message).toMatch(
        /^Prometheus at http:\/\/127\.0\.0\.1:\d+ refused the query sum\(rate\(mlship_requests_total\[60s\]\) \(400: .*parse error/,
      );
    });

    it("fills a query override's placeholders, and reads the figure it gives", async () => {
      const source = new PrometheusSource({
        url: prometheus.url,
        queries: {
          requests: 'sum(mlship_requests_total{model="{{model}}",version="{{version}}",arm="{{arm}}"})',
        },
      });
      const figures = await source.figures({ model: "churn", windowSeconds: WINDOW, arms: ARMS });
      const counters = await serverCounters();
      const total = [...counters]
        .filter(([key]) => key.startsWith(`${ARMS.candidate} candidate `))
        .reduce((sum, [, v]) => sum + v, 0);
      expect(figures.arms.candidate?.requests).toBe(total);
    });

    it("runs a canary with Prometheus as its metrics source: each step judged on scraped figures, then promoted", async () => {
      const registry = new LocalRegistry(cli.path("reg"));
      const target = new ServerTarget(server.url, { env: { MLSHIP_ADMIN_TOKEN: TOKEN } });
      const metrics = new PrometheusSource({ url: prometheus.url });
      let sending = true;
      const load = (async () => {
        while (sending) await traffic(20, 0);
      })();
      try {
        const report = await runDeploy(
          {
            name: "churn",
            version: ARMS.candidate,
            environment: "production",
            strategy: "canary",
            steps: [50, 100],
            // Long enough for a few scrapes (1 s apart) inside the step's window.
            intervalSeconds: 5,
            maxWaitSeconds: 10,
            checks: parseChecks([
              { text: "error_rate <= stable + 0.05", source: "--check" },
              { text: "prediction_psi < 0.2", source: "--check" },
            ]),
            minRequests: 20,
            inconclusive: "fail",
          },
          { registry, target, metrics },
        );
        expect(report.result, report.summary).toBe("pass");
        expect(report.steps.map((s) => [s.weight, s.verdict])).toEqual([
          [50, "pass"],
          [100, "promoted"],
        ]);
        const [deployment] = await registry.history("churn", "production");
        expect(deployment).toMatchObject({ state: "success", version: ARMS.candidate });
        expect(deployment.analysis?.source).toBe(`prometheus ${prometheus.url}`);
      } finally {
        sending = false;
        await load;
      }
    }, 60_000);
  },
);

describe("PrometheusSource settings", () => {
  it("refuses a query template naming a placeholder it does not fill", () => {
    expect(
      () =>
        new PrometheusSource({
          url: "http://127.0.0.1:9",
          queries: { error_rate: 'rate(x{env="{{env}}"}[{{window}}])' },
        }),
    ).toThrow(
      /analysis\.prometheus\.queries\.error_rate names \{\{env\}\}; a query may name only \{\{model\}\}, \{\{version\}\}, \{\{arm\}\}, \{\{window\}\}/,
    );
  });

  it("templates mlship's queries by model, version, arm and window", () => {
    const source = new PrometheusSource({ url: "http://127.0.0.1:9" });
    expect(source.query("latency_p99_ms", "churn", "1.1.0", "candidate", 90)).toBe(
      '1000 * histogram_quantile(0.99, sum by (le) (rate(mlship_request_duration_seconds_bucket{model="churn",version="1.1.0",arm="candidate"}[90s])))',
    );
    expect(source.query("requests", "churn", "1.1.0", "stable", 90.5)).toContain("[90500ms]");
    expect(DEFAULT_PROMETHEUS_QUERIES.prediction_score).toContain("mlship_prediction_score_bucket");
  });
});
