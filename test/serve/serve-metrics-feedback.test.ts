/**
 * `mlship serve`'s observers through the built CLI: `GET /metrics` parsed with a real Prometheus
 * parser after known traffic, and `POST /v1/feedback` joining labels to the predictions served.
 */
import {
  getMetricsFromIterator,
  type PromData,
  type PromHistogramData,
  type PromMetrics,
} from "prom2javascript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useCli } from "../cli/run-cli.js";
import { fixturePath } from "../model/model-fixtures.js";
import { post, type ServeProcess, startServe } from "./serve-process.js";

const cli = useCli("serve-observe");
let server: ServeProcess;

beforeAll(async () => {
  server = await startServe(cli, [
    "--model",
    fixturePath("binary-linear-zipmap.onnx"),
    "--model",
    fixturePath("tree-regressor.onnx"),
  ]);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

async function scrape(url: string): Promise<{ contentType: string | null; parsed: PromMetrics }> {
  const response = await fetch(`${url}/metrics`);
  expect(response.status).toBe(200);
  const text = await response.text();
  return {
    contentType: response.headers.get("content-type"),
    parsed: await getMetricsFromIterator(text.split("\n")[Symbol.iterator]()),
  };
}

const labelled = (parsed: PromMetrics, name: string, labels: Record<string, string>) =>
  (parsed[name]?.data ?? []).filter((d) =>
    Object.entries(labels).every(([k, v]) => (d as PromData).labels[k] === v),
  );

const BINARY = "binary-linear-zipmap";

describe("GET /metrics after known traffic", () => {
  it("counts requests per status, times them, scores each row's classes and says which models are loaded", async () => {
    const url = `${server.url}/v1/models/${BINARY}:predict`;
    for (let i = 0; i < 5; i++) {
      expect(
        (
          await post(url, {
            instances: [
              [i, 1, 2],
              [2, i, 1],
            ],
          })
        ).status,
      ).toBe(200);
    }
    for (let i = 0; i < 2; i++) expect((await post(url, { instances: [[1]] })).status).toBe(400);

    const { contentType, parsed } = await scrape(server.url);
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const series = { model: BINARY, version: "0.0.0-local", arm: "stable" };
    const counts = labelled(parsed, "mlship_requests_total", series).map((d) => [
      (d as PromData).labels.code,
      (d as PromData).value,
    ]);
    expect(counts).toEqual(
      expect.arrayContaining([
        ["200", 5],
        ["400", 2],
      ]),
    );
    expect(counts).toHaveLength(2);
    const [duration] = labelled(parsed, "mlship_request_duration_seconds", series) as PromHistogramData[];
    expect(duration.count).toBe(7);
    // One observation per row and class: 5 requests of 2 rows.
    for (const label of ["0", "1"]) {
      const [score] = labelled(parsed, "mlship_prediction_score", {
        model: BINARY,
        class: label,
      }) as PromHistogramData[];
      expect(score.count).toBe(10);
    }
    const loaded = labelled(parsed, "mlship_model_loaded", {}).map((d) => [
      (d as PromData).labels.model,
      (d as PromData).value,
    ]);
    expect(loaded).toEqual(
      expect.arrayContaining([
        [BINARY, 1],
        ["tree-regressor", 1],
      ]),
    );
    expect(parsed.process_cpu_user_seconds_total).toBeDefined();
  });
});

describe("POST /v1/feedback", () => {
  it("answers 202 with each id matched or not: a served request id matches once, an unknown one does not", async () => {
    const url = `${server.url}/v1/models/${BINARY}:predict`;
    await post(url, { instances: [[1, 2, 3]] }, { "x-request-id": "fb-one" });
    await post(
      url,
      {
        instances: [
          [1, 2, 3],
          [3, 2, 1],
        ],
      },
      { "x-request-id": "fb-two" },
    );
    const answer = await post(`${server.url}/v1/feedback`, [
      { id: "fb-one", label: 1 },
      { id: "fb-two", label: [0, 1] },
      { id: "never-served", label: 0 },
    ]);
    expect(answer.status).toBe(202);
    expect(answer.json.results).toEqual([
      { id: "fb-one", matched: true },
      { id: "fb-two", matched: true },
      { id: "never-served", matched: false },
    ]);
    const again = await post(`${server.url}/v1/feedback`, { id: "fb-one", label: 1 });
    expect(again.status).toBe(202);
    expect(again.json.results).toEqual([{ id: "fb-one", matched: false }]);
  });

  it("refuses a malformed item or a label the prediction cannot have with 400 naming the item", async () => {
    await post(
      `${server.url}/v1/models/${BINARY}:predict`,
      { instances: [[1, 2, 3]] },
      { "x-request-id": "fb-bad" },
    );
    const malformed = await post(`${server.url}/v1/feedback`, [{ id: "fb-bad", label: 1 }, { id: "x" }]);
    expect(malformed.status).toBe(400);
    expect(malformed.json.error).toMatch(/^\[1\]\.label: /);
    const unknownClass = await post(`${server.url}/v1/feedback`, [{ id: "fb-bad", label: "7" }]);
    expect(unknownClass.status).toBe(400);
    expect(unknownClass.json.error).toMatch(/\[0\]\.label: "7" is not one of the model's classes \(0, 1\)/);
    // Nothing of a refused list was applied: the id still takes its label.
    const later = await post(`${server.url}/v1/feedback`, { id: "fb-bad", label: 0 });
    expect(later.json.results).toEqual([{ id: "fb-bad", matched: true }]);
  });
});
