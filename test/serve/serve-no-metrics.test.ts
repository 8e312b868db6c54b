/**
 * `mlship serve --no-metrics` through the built CLI: the server answers predictions and routes by
 * rollout as usual, and the routes that read what it no longer collects (metrics, live statistics,
 * feedback) answer 404 saying why.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useCli } from "../cli/run-cli.js";
import { fixturePath } from "../model/model-fixtures.js";
import { call, post, type ServeProcess, startServe } from "./serve-process.js";

const cli = useCli("serve-no-metrics");
const MODEL = "binary-linear-zipmap";
let server: ServeProcess;

beforeAll(async () => {
  server = await startServe(cli, ["--no-metrics", "--model", fixturePath(`${MODEL}.onnx`)]);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe("mlship serve --no-metrics", () => {
  it("still answers predictions with the version that served them", async () => {
    const answer = await post(`${server.url}/v1/models/${MODEL}:predict`, { instances: [[1, 2, 3]] });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-model-version")).toBe("0.0.0-local");
    expect(answer.json.predictions).toHaveLength(1);
  });

  it("answers GET /metrics with 404 naming --no-metrics", async () => {
    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: string }).error).toMatch(/--no-metrics/);
  });

  it("answers POST /v1/feedback with 404 naming --no-metrics, even for a request it served", async () => {
    const served = await post(`${server.url}/v1/models/${MODEL}:predict`, { instances: [[3, 2, 1]] });
    const id = served.headers.get("x-request-id");
    const answer = await post(`${server.url}/v1/feedback`, { id, label: 1 });
    expect(answer.status).toBe(404);
    expect(answer.json.error).toMatch(/--no-metrics/);
  });

  it("answers the admin stats with 404 naming --no-metrics", async () => {
    const answer = await call(`${server.url}/admin/models/${MODEL}/stats?window=60`);
    expect(answer.status).toBe(404);
    expect(answer.json.error).toMatch(/--no-metrics/);
  });

  it("keeps the admin rollout routes", async () => {
    const answer = await call(`${server.url}/admin/models/${MODEL}/rollout`);
    expect(answer.status).toBe(200);
    expect(answer.json.stable).toBe("0.0.0-local");
  });
});
