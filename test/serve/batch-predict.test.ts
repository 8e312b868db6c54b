import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MlshipError } from "../../src/lib/errors.js";
import { type ColumnTable, columnTableFromRows } from "../../src/onnx/column-table.js";
import { loadModel, type OnnxModel } from "../../src/onnx/onnx-model.js";
import { type Prediction, predict } from "../../src/onnx/predict.js";
import { checkBatchPart, createModelBatcher, predictParts } from "../../src/serve/batch-predict.js";
import { seededRandom } from "../data/temp-dir.js";
import { type FixtureModel, fixtureBytes, ort } from "../model/model-fixtures.js";

const FEATURES = { features: ["x0", "x1", "x2"] };

const models = new Map<FixtureModel, OnnxModel>();
beforeAll(async () => {
  for (const name of [
    "binary-linear-zipmap.onnx",
    "pipeline-two-inputs.onnx",
    "tree-regressor.onnx",
  ] as const) {
    models.set(name, await loadModel(ort, fixtureBytes(name), { name }));
  }
});
afterAll(async () => {
  for (const model of models.values()) await model.release();
});

/** 64 requests of 1 to 4 rows of x0, x1, x2 (seeded). */
function featureRequests(): Record<string, number>[][] {
  const random = seededRandom(11);
  return Array.from({ length: 64 }, () =>
    Array.from({ length: 1 + Math.floor(random() * 4) }, () => ({
      x0: random() * 6 - 3,
      x1: random() * 6 - 3,
      x2: random() * 6 - 3,
    })),
  );
}

/** A prediction as plain arrays, so predictions that are views compare by their values. */
function plain(prediction: Prediction) {
  return prediction.kind === "classifier"
    ? {
        classes: prediction.classes,
        labels: [...prediction.labels],
        probabilities: [...prediction.probabilities],
      }
    : { targets: prediction.targets, values: [...prediction.values] };
}

/** Each request's share of one prediction over all requests' rows, as plain arrays. */
async function onePredictCall(model: OnnxModel, requests: Record<string, unknown>[][], options = {}) {
  const whole = await predict(model, columnTableFromRows(requests.flat()), options);
  const perRow = whole.kind === "classifier" ? whole.classes.length : whole.targets;
  const values = whole.kind === "classifier" ? [...whole.probabilities] : [...whole.values];
  const labels = whole.kind === "classifier" ? [...whole.labels] : [];
  let start = 0;
  return requests.map((rows) => {
    const end = start + rows.length;
    const share = values.slice(start * perRow, end * perRow);
    const result =
      whole.kind === "classifier"
        ? { classes: whole.classes, labels: labels.slice(start, end), probabilities: share }
        : { targets: whole.targets, values: share };
    start = end;
    return result;
  });
}

describe("dynamic batching through the model layer", () => {
  it("answers 64 concurrent requests to the binary ZipMap model in fewer runs, each exactly as one predict call on all rows", async () => {
    const model = models.get("binary-linear-zipmap.onnx")!;
    const requests = featureRequests();
    const batcher = createModelBatcher(model, { maxBatch: 32, maxDelayMs: 2, predict: FEATURES });
    const tables = requests.map((rows) => columnTableFromRows(rows));
    for (const table of tables) checkBatchPart(model, table, FEATURES);
    const answers = await Promise.all(tables.map((table) => batcher.submit(table)));
    expect(answers.map(plain)).toEqual(await onePredictCall(model, requests, FEATURES));
    expect(batcher.stats.runs).toBeLessThan(64);
    expect(batcher.stats.largestRun).toBeLessThanOrEqual(32);
    await batcher.close();
  });

  it("stacks a text column with one that holds only missing values (numeric) for the pipeline's string input", async () => {
    const model = models.get("pipeline-two-inputs.onnx")!;
    const requests = [
      [
        { age: 20, plan: "pro" },
        { age: null, plan: "team" },
      ],
      [{ age: 50, plan: null }],
      [{ age: 10, plan: 7 }],
      [
        { age: 70, plan: "team" },
        { age: 35, plan: "basic" },
      ],
    ];
    const predictions = await predictParts(
      model,
      requests.map((rows) => columnTableFromRows(rows)),
    );
    expect(predictions.map(plain)).toEqual(await onePredictCall(model, requests));
  });

  it("cuts a regressor's batch back into each request's values", async () => {
    const model = models.get("tree-regressor.onnx")!;
    const requests = [
      [{ x0: 0, x1: 0 }],
      [
        { x0: 1, x1: 2 },
        { x0: 0.25, x1: 3 },
      ],
      [{ x0: 0.75, x1: -1 }],
    ];
    const predictions = await predictParts(
      model,
      requests.map((rows) => columnTableFromRows(rows)),
      { features: ["x0", "x1"] },
    );
    expect(predictions.map(plain)).toEqual(await onePredictCall(model, requests, { features: ["x0", "x1"] }));
  });

  it("refuses a request that lacks a feature before it is batched, naming the feature, so the requests beside it succeed", async () => {
    const model = models.get("binary-linear-zipmap.onnx")!;
    const bad: ColumnTable = columnTableFromRows([{ x0: 1, x1: 2 }]);
    expect(() => checkBatchPart(model, bad, FEATURES)).toThrow(MlshipError);
    expect(() => checkBatchPart(model, bad, FEATURES)).toThrow(/no column 'x2'/);
    const good = columnTableFromRows([{ x0: 1, x1: 2, x2: 3 }]);
    expect(() => checkBatchPart(model, good, FEATURES)).not.toThrow();
  });

  it("refuses text for the pipeline's numeric input before it is batched, naming the column", () => {
    const model = models.get("pipeline-two-inputs.onnx")!;
    const bad = columnTableFromRows([{ age: "old", plan: "pro" }]);
    expect(() => checkBatchPart(model, bad)).toThrow(/column 'age' holds text/);
  });
});
