import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { checkWithOnnx, onnxCheckerAvailable } from "../../../test/support/onnx-checker.js";
import type { ColumnTable } from "../../onnx/column-table.js";
import { loadModel } from "../../onnx/onnx-model.js";
import { predict } from "../../onnx/predict.js";
import { designMatrix, fitFeaturePlan } from "./features.js";
import { exportLogisticModel } from "./logistic-export.js";
import { fitLogisticRegression, predictLogisticProbabilities } from "./logistic-regression.js";

/** A small table: two numeric columns (one with gaps), one categorical (with gaps), a label. */
function table(rows: number, seed: number): { table: ColumnTable; y: Int32Array } {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
  const tenure = new Float64Array(rows);
  const charges = new Float64Array(rows);
  const plan: (string | null)[] = [];
  const y = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    tenure[r] = Math.floor(random() * 72);
    charges[r] = random() < 0.05 ? Number.NaN : 20 + random() * 100;
    plan.push(random() < 0.05 ? null : ["basic", "standard", "premium"][Math.floor(random() * 3)]);
    const z =
      -0.04 * tenure[r] +
      0.02 * (Number.isNaN(charges[r]) ? 70 : charges[r]) +
      (plan[r] === "basic" ? 0.8 : 0) -
      0.5;
    y[r] = random() < 1 / (1 + Math.exp(-z)) ? 1 : 0;
  }
  return {
    table: {
      rows,
      columns: new Map<string, Float64Array | (string | null)[]>([
        ["tenure", tenure],
        ["charges", charges],
        ["plan", plan],
      ]),
    },
    y,
  };
}

/** Scores a table with the exported model through mlship's model layer, as evaluation and serving will. */
async function runOnnx(bytes: Uint8Array, data: ColumnTable) {
  const prediction = await predict(await loadModel(ort, bytes, { name: "exported.onnx" }), data);
  if (prediction.kind !== "classifier") throw new Error("expected a classifier");
  return prediction;
}

describe("builtin:logistic export", () => {
  const train = table(2000, 7);
  const plan = fitFeaturePlan(train.table);
  const model = fitLogisticRegression(
    {
      x: designMatrix(plan, train.table),
      rows: train.table.rows,
      features: plan.width,
      y: train.y,
      classes: 2,
    },
    { c: 1 },
  );
  const bytes = exportLogisticModel(plan, model, [0, 1], { producerName: "mlship", producerVersion: "test" });

  it("gives, from the raw columns, the probabilities the fitted model gives on its design matrix", async () => {
    const test = table(300, 99);
    // A category the training data never had encodes as no category at all.
    (test.table.columns.get("plan") as (string | null)[])[0] = "enterprise";
    const out = await runOnnx(bytes, test.table);
    const expected = predictLogisticProbabilities(model, designMatrix(plan, test.table), test.table.rows);
    expect(out.probabilities).toHaveLength(expected.length);
    for (let i = 0; i < expected.length; i++) expect(out.probabilities[i]).toBeCloseTo(expected[i], 5);
    Array.from(out.labels as ArrayLike<number | string>).forEach((label, r) => {
      expect(Number(label)).toBe(expected[r * 2 + 1] > 0.5 ? 1 : 0);
    });
  });

  it("imputes a missing category with the training mode and a missing number with the training mean", () => {
    const one: ColumnTable = {
      rows: 1,
      columns: new Map<string, Float64Array | (string | null)[]>([
        ["tenure", Float64Array.of(Number.NaN)],
        ["charges", Float64Array.of(Number.NaN)],
        ["plan", [null]],
      ]),
    };
    const x = designMatrix(plan, one);
    expect(Array.from(x.subarray(0, 2))).toEqual([0, 0]);
    const mode = plan.categorical[0];
    expect(x[2 + mode.categories.indexOf(mode.mode)]).toBe(1);
  });

  it.skipIf(!onnxCheckerAvailable)("passes onnx.checker with full shape inference (python3-onnx)", () => {
    expect(() => checkWithOnnx(bytes)).not.toThrow();
  });

  it("is byte-identical when trained again on the same data", () => {
    const again = fitLogisticRegression(
      {
        x: designMatrix(plan, train.table),
        rows: train.table.rows,
        features: plan.width,
        y: train.y,
        classes: 2,
      },
      { c: 1 },
    );
    const bytesAgain = exportLogisticModel(plan, again, [0, 1], {
      producerName: "mlship",
      producerVersion: "test",
    });
    expect(Buffer.from(bytesAgain).equals(Buffer.from(bytes))).toBe(true);
  });

  it("exports a multinomial model with string classes", async () => {
    const three = table(600, 5);
    const y = Int32Array.from(three.table.columns.get("tenure") as Float64Array, (t) =>
      t < 24 ? 0 : t < 48 ? 1 : 2,
    );
    const p = fitFeaturePlan(three.table);
    const m = fitLogisticRegression({
      x: designMatrix(p, three.table),
      rows: 600,
      features: p.width,
      y,
      classes: 3,
    });
    const out = await runOnnx(
      exportLogisticModel(p, m, ["new", "settled", "loyal"], {
        producerName: "mlship",
        producerVersion: "test",
      }),
      three.table,
    );
    const expected = predictLogisticProbabilities(m, designMatrix(p, three.table), 600);
    for (let i = 0; i < 30; i++) expect(out.probabilities[i]).toBeCloseTo(expected[i], 5);
    expect(out.classes).toEqual(["new", "settled", "loyal"]);
    expect(String(out.labels[0])).toMatch(/^(new|settled|loyal)$/);
  });
});
