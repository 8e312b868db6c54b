/**
 * ServerStatsSource against a real `mlship serve` (the built CLI) on loopback: a canary rollout set
 * through the admin API, traffic sent to it, and the figures read back per arm as the server counts
 * them; then the faults: a wrong or missing token (401), an unknown model (404), a server that is not
 * there (retried with backoff, then an error naming the URL), an answer that is not the stats.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyse, parseChecks } from "../../src/deploy/analysis.js";
import { ServerStatsSource } from "../../src/deploy/server-stats-source.js";
import { useCli } from "../cli/run-cli.js";
import { fixturePath } from "../model/model-fixtures.js";
import { call, packageModel, post, type ServeProcess, startServe } from "../serve/serve-process.js";
import { freePort } from "../support/free-port.js";
import { rejection } from "../support/user-error.js";
import { fakeStatsServer } from "./stats-fixture.js";

const cli = useCli("server-stats-source");
const TOKEN = "rollout-token";
const ARMS = { stable: "1.0.0", candidate: "1.1.0" };
let server: ServeProcess;
/** Requests sent, by the version that answered and their status. */
const sent = new Map<string, number>();

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
  // Ten rows cycled: both arms see the same inputs, so their outputs do not drift.
  for (let i = 0; i < 400; i++) {
    const x = (i % 10) / 5 - 1;
    const answer = await post(`${server.url}/v1/models/churn:predict`, { instances: [[x, -x / 2, x * 0.3]] });
    const key = `${answer.headers.get("x-model-version")} ${answer.status}`;
    sent.set(key, (sent.get(key) ?? 0) + 1);
  }
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("ServerStatsSource on a real mlship serve", () => {
  it("reads each arm of a canary as the server's stats count it, with MLSHIP_ADMIN_TOKEN", async () => {
    const source = new ServerStatsSource({ url: server.url, env: { MLSHIP_ADMIN_TOKEN: TOKEN } });
    const figures = await source.figures({ model: "churn", windowSeconds: 600, arms: ARMS });
    const stats = await call(`${server.url}/admin/models/churn/stats?window=600`, { token: TOKEN });
    const series = stats.json.series as {
      arm: string;
      requests: number;
      latencyMs: { p50: number; p99: number };
    }[];
    expect(figures.source).toBe(`server ${server.url}`);
    for (const arm of ["stable", "candidate"] as const) {
      const read = figures.arms[arm];
      const own = series.find((s) => s.arm === arm)!;
      expect(read?.version).toBe(ARMS[arm]);
      expect(read?.requests).toBe(sent.get(`${ARMS[arm]} 200`));
      expect(read?.requests).toBe(own.requests);
      expect(read?.errorRate).toBe(0);
      expect([read?.latencyP50Ms, read?.latencyP99Ms]).toEqual([own.latencyMs.p50, own.latencyMs.p99]);
      expect(read?.outputProfile?.columns.map((c) => c.name)).toEqual(
        expect.arrayContaining(["label", "probability_0", "probability_1"]),
      );
      // Up to 200 rows a second are profiled (src/serve/live-stats.ts): not every request when they come fast.
      expect(read?.inputProfile?.rows).toBeGreaterThan(0);
      expect(read?.inputProfile?.rows).toBeLessThanOrEqual(own.requests);
    }
    expect((figures.arms.stable?.requests ?? 0) + (figures.arms.candidate?.requests ?? 0)).toBe(400);

    const result = analyse(
      parseChecks([
        { text: "error_rate <= stable + 0.01", source: "--check" },
        { text: "prediction_psi < 0.2", source: "--check" },
      ]),
      figures,
    );
    expect(result.checks.map((c) => c.verdict)).toEqual(["pass", "pass"]);
  });

  it("counts refused requests (4xx) as errors of the arm that refused them", async () => {
    for (let i = 0; i < 10; i++) {
      const answer = await post(`${server.url}/v1/models/churn:predict`, { instances: [[1, 2]] });
      expect(answer.status).toBe(400);
    }
    const source = new ServerStatsSource({ url: server.url, token: TOKEN });
    const figures = await source.figures({ model: "churn", windowSeconds: 600, arms: ARMS });
    const errors = (figures.arms.stable?.errors?.client ?? 0) + (figures.arms.candidate?.errors?.client ?? 0);
    expect(errors).toBe(10);
    const candidate = figures.arms.candidate!;
    expect(candidate.errorRate).toBeCloseTo((candidate.errors?.client ?? 0) / (candidate.requests ?? 1), 12);
  });

  it("names the token when the server refuses it (401): a wrong one, or none sent", async () => {
    const wrong = await rejection(
      new ServerStatsSource({ url: server.url, token: "nope" }).figures({
        model: "churn",
        windowSeconds: 60,
        arms: ARMS,
      }),
    );
    expect(wrong.code).toBe("unauthorized");
    expect(wrong.exitCode).toBe(2);
    expect(wrong.message).toBe(
      `${server.url}/admin/models/churn/stats?window=60 refused the admin API (401: the admin token is wrong); check the admin token given: it must be the server's admin token (--admin-token-file or MLSHIP_ADMIN_TOKEN of mlship serve)`,
    );
    const none = await rejection(
      new ServerStatsSource({ url: server.url, env: {} }).figures({
        model: "churn",
        windowSeconds: 60,
        arms: ARMS,
      }),
    );
    expect(none.message).toMatch(
      /refused the admin API \(401: .*\); no admin token was sent: set MLSHIP_ADMIN_TOKEN/,
    );
  });

  it("names the model the server does not serve (404)", async () => {
    const error = await rejection(
      new ServerStatsSource({ url: server.url, token: TOKEN }).figures({
        model: "fraud",
        windowSeconds: 60,
        arms: ARMS,
      }),
    );
    expect(error.code).toBe("unknown_model");
    expect(error.message).toMatch(
      /\/admin\/models\/fraud\/stats\?window=60: the server has no statistics of model "fraud" \(404: /,
    );
  });
});

describe("ServerStatsSource faults", () => {
  it("retries a server that does not answer with a growing pause, then names its URL (exit 1)", async () => {
    const port = await freePort();
    const pauses: number[] = [];
    const source = new ServerStatsSource({
      url: `http://127.0.0.1:${port}/`,
      token: TOKEN,
      retry: { sleep: async (ms) => void pauses.push(ms) },
    });
    const error = await rejection(source.figures({ model: "churn", windowSeconds: 60, arms: ARMS }));
    expect(pauses).toEqual([250, 500, 1000]);
    expect(error.code).toBe("unreachable");
    expect(error.exitCode).toBe(1);
    expect(error.message).toBe(
      `the model server at http://127.0.0.1:${port}/admin/models/churn/stats?window=60 did not answer after 4 tries (ECONNREFUSED); check that it runs and that the URL is right`,
    );
  });

  it("refuses an answer that is not the server's statistics, naming the URL and the field", async () => {
    const fake = await fakeStatsServer(TOKEN);
    fake.answer = { status: 200, body: { model: "churn", series: [{ version: "1.0.0", arm: "stable" }] } };
    const error = await rejection(
      new ServerStatsSource({ url: fake.url, token: TOKEN }).figures({
        model: "churn",
        windowSeconds: 60,
        arms: ARMS,
      }),
    );
    expect(error.code).toBe("metrics_source_error");
    expect(error.message).toMatch(
      /stats\?window=60 did not answer with the statistics of an mlship server \(series\.0\.requests: /,
    );
    expect(fake.authorizations).toEqual([`Bearer ${TOKEN}`]);
  });
});
