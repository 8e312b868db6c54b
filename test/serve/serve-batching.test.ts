/**
 * Dynamic batching in `mlship serve` (the built CLI): concurrent requests coalesced into shared model
 * runs each get exactly their own rows' predictions, a bad request among them is refused alone, and
 * the batch settings are checked at start-up.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Column } from "../../src/onnx/column-table.js";
import { loadModel } from "../../src/onnx/onnx-model.js";
import { predict } from "../../src/onnx/predict.js";
import { expectUserError, useCli } from "../cli/run-cli.js";
import { fixturePath, ort } from "../model/model-fixtures.js";
import { post, type ServeProcess, serveExits, startServe } from "./serve-process.js";

const cli = useCli("serve-batch");
let server: ServeProcess;

beforeAll(async () => {
  server = await startServe(cli, [
    "--model",
    fixturePath("binary-linear-zipmap.onnx"),
    "--max-batch",
    "32",
    "--max-delay-ms",
    "20",
  ]);
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

const value = (i: number, j: number) => Math.round(Math.sin(i * 3.7 + j * 1.3) * 500) / 100;

/** The model layer's predictions for `rows`, in one run: `{label, probabilities}` per row. */
async function expected(rows: number[][]) {
  const model = await loadModel(ort, fixturePath("binary-linear-zipmap.onnx"));
  try {
    const columns = new Map<string, Column>(
      [0, 1, 2].map((j) => [`f${j}`, Float64Array.from(rows, (row) => row[j])]),
    );
    const prediction = await predict(model, { rows: rows.length, columns }, { features: ["f0", "f1", "f2"] });
    if (prediction.kind !== "classifier") throw new Error("a classifier");
    return rows.map((_, i) => ({
      label: prediction.labels[i],
      probabilities: Object.fromEntries(
        prediction.classes.map((c, k) => [String(c), prediction.probabilities[i * 2 + k]]),
      ),
    }));
  } finally {
    await model.release();
  }
}

describe("dynamic batching", () => {
  it("64 concurrent requests of 1 to 5 rows each get exactly their own rows' predictions", async () => {
    const requests = Array.from({ length: 64 }, (_, k) =>
      Array.from({ length: 1 + (k % 5) }, (_, r) => [0, 1, 2].map((j) => value(k * 5 + r, j))),
    );
    const all = await expected(requests.flat());
    const answers = await Promise.all(
      requests.map((rows) =>
        post(`${server.url}/v1/models/binary-linear-zipmap:predict`, { instances: rows }),
      ),
    );
    let offset = 0;
    answers.forEach((answer, k) => {
      expect(answer.status).toBe(200);
      expect(answer.json.predictions).toEqual(all.slice(offset, offset + requests[k].length));
      offset += requests[k].length;
    });
  });

  it("a bad request among concurrent ones is refused alone with 400; the others are answered", async () => {
    const rows = Array.from({ length: 16 }, (_, k) => [0, 1, 2].map((j) => value(k, j)));
    const want = await expected(rows);
    const answers = await Promise.all([
      ...rows.map((row) =>
        post(`${server.url}/v1/models/binary-linear-zipmap:predict`, { instances: [row] }),
      ),
      post(`${server.url}/v1/models/binary-linear-zipmap:predict`, { instances: [[1, "two", 3]] }),
    ]);
    const bad = answers.pop()!;
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/instances\[0\]\[1\] is "two", not a number/);
    answers.forEach((answer, k) => {
      expect(answer.json.predictions).toEqual([want[k]]);
    });
  });

  it("refuses --max-batch and --max-delay-ms outside their ranges, naming the option", async () => {
    const model = ["--model", fixturePath("binary-linear-zipmap.onnx")];
    const batch = await serveExits(cli, [...model, "--max-batch", "0"]);
    expectUserError(batch);
    expect(batch.stderr).toMatch(/--max-batch: expected/);
    const delay = await serveExits(cli, [...model, "--max-delay-ms", "5000"]);
    expectUserError(delay);
    expect(delay.stderr).toMatch(/--max-delay-ms: expected/);
  });
});
