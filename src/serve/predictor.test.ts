import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturePath, ort } from "../../test/model/model-fixtures.js";
import type { Column } from "../onnx/column-table.js";
import { loadModel, type OnnxModel } from "../onnx/onnx-model.js";
import { createPredictor } from "./predictor.js";
import type { ModelInput } from "./tensors.js";

let model: OnnxModel;
beforeAll(async () => {
  model = await loadModel(ort, fixturePath("binary-linear-zipmap.onnx"));
});
afterAll(async () => {
  await model?.release();
});

const names = ["a", "b", "c"];
const inputOf = (row: number[]): ModelInput => ({
  table: { rows: 1, columns: new Map<string, Column>(names.map((n, j) => [n, Float64Array.of(row[j])])) },
  mapping: { features: names, featuresFrom: "the test" },
  features: names.map((name) => ({ name, element: "float32" })),
});

describe("createPredictor", () => {
  it("with a delay, concurrent requests share model runs and each gets its own row's prediction", async () => {
    const predictor = createPredictor({ maxBatch: 64, maxDelayMs: 20 });
    const rows = Array.from({ length: 16 }, (_, i) => [i / 4, -i / 3, i % 3]);
    const alone = createPredictor({ maxBatch: 64, maxDelayMs: 0 });
    const one = await Promise.all(rows.map((row) => alone.predict(model, inputOf(row))));
    const batched = await Promise.all(rows.map((row) => predictor.predict(model, inputOf(row))));
    expect(batched.map((p) => p.kind === "classifier" && Array.from(p.probabilities))).toEqual(
      one.map((p) => p.kind === "classifier" && Array.from(p.probabilities)),
    );
    // The first request starts at once (nothing to wait for); the 15 queued behind it share a run.
    expect(predictor.counts()).toEqual({ calls: 16, runs: 2 });
    expect(alone.counts()).toEqual({ calls: 16, runs: 16 });
    await predictor.close();
    await expect(predictor.predict(model, inputOf(rows[0]))).rejects.toThrow(/shutting down/);
  });

  it("refuses a request the model cannot take before it joins a batch", async () => {
    const predictor = createPredictor({ maxBatch: 64, maxDelayMs: 20 });
    const bad: ModelInput = {
      ...inputOf([1, 2, 3]),
      mapping: { features: ["a", "b"], featuresFrom: "the test" },
    };
    await expect(predictor.predict(model, bad)).rejects.toMatchObject({ name: "MlshipError" });
    expect(predictor.counts()).toEqual({ calls: 0, runs: 0 });
    await predictor.close();
  });
});
