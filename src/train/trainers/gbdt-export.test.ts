import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { checkWithOnnx, onnxCheckerAvailable } from "../../../test/support/onnx-checker.js";
import { Random } from "../../lib/random.js";
import type { Column, ColumnTable } from "../../onnx/column-table.js";
import { loadModel } from "../../onnx/onnx-model.js";
import { predict } from "../../onnx/predict.js";
import { fitGbdt, type GbdtTask, gbdtProbabilities, gbdtRawScores } from "./gbdt.js";
import { exportGbdtModel } from "./gbdt-export.js";
import { fitGbdtFeaturePlan, gbdtFeatureColumns } from "./gbdt-features.js";

const METADATA = { producerName: "mlship", producerVersion: "test" };

/** Two numeric columns (with gaps, non-round values) and a categorical one (with gaps), and a score. */
function table(rows: number, seed: number): { table: ColumnTable; score: Float64Array } {
  const random = new Random(seed);
  const tenure = new Float64Array(rows);
  const charges = new Float64Array(rows);
  const plan: (string | null)[] = [];
  const score = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    tenure[r] = random.uniform() < 0.08 ? Number.NaN : Math.floor(random.uniform() * 72);
    charges[r] = random.uniform() < 0.05 ? Number.NaN : 20 + random.uniform() * 100;
    plan.push(random.uniform() < 0.05 ? null : ["basic", "standard", "premium"][random.integer(0, 3 - 1)]);
    score[r] =
      (Number.isNaN(tenure[r]) ? 1 : -0.05 * (tenure[r] - 30)) +
      0.03 * ((Number.isNaN(charges[r]) ? 70 : charges[r]) - 70) +
      (plan[r] === "basic" ? 0.8 : 0) +
      random.uniform() -
      0.5;
  }
  const columns = new Map<string, Column>([
    ["tenure", tenure],
    ["charges", charges],
    ["plan", plan],
  ]);
  return { table: { rows, columns }, score };
}

function fitExample(task: GbdtTask, rows = 2000, seed = 7) {
  const train = table(rows, seed);
  const plan = fitGbdtFeaturePlan(train.table);
  const x = gbdtFeatureColumns(plan, train.table);
  const y =
    task === "regression"
      ? train.score
      : Int32Array.from(train.score, (s) =>
          task === "binary" ? (s > 0 ? 1 : 0) : s < -0.7 ? 0 : s < 0.7 ? 1 : 2,
        );
  const model = fitGbdt({ x, y, task, classes: task === "multiclass" ? 3 : 2 }, { maxIter: 40 });
  return { train, plan, model };
}

/** New rows: another draw, plus rows with every numeric missing and a category never seen in training. */
function newRows(): ColumnTable {
  const { table: t } = table(400, 99);
  (t.columns.get("tenure") as Float64Array).fill(Number.NaN, 0, 20);
  (t.columns.get("charges") as Float64Array).fill(Number.NaN, 10, 30);
  (t.columns.get("plan") as (string | null)[])[0] = "enterprise";
  return t;
}

async function runOnnx(bytes: Uint8Array, data: ColumnTable) {
  return predict(await loadModel(ort, bytes, { name: "gbdt.onnx" }), data);
}

describe("builtin:gbdt export", () => {
  const binary = fitExample("binary");
  const binaryBytes = exportGbdtModel(binary.plan, binary.model, [0, 1], METADATA);

  it("gives, from the raw columns, the probabilities and labels of the fitted binary model", async () => {
    for (const data of [binary.train.table, newRows()]) {
      const out = await runOnnx(binaryBytes, data);
      if (out.kind !== "classifier") throw new Error("expected a classifier");
      const expected = gbdtProbabilities(binary.model, gbdtFeatureColumns(binary.plan, data));
      expect(out.probabilities).toHaveLength(expected.length);
      for (let i = 0; i < expected.length; i++)
        expect(Math.abs(out.probabilities[i] - expected[i])).toBeLessThan(1e-5);
      for (let r = 0; r < data.rows; r++) {
        if (Math.abs(expected[2 * r + 1] - 0.5) < 1e-5) continue;
        expect(Number(out.labels[r])).toBe(expected[2 * r + 1] > 0.5 ? 1 : 0);
      }
    }
  });

  it("routes values at and next to every split threshold as training does (float32 BRANCH_LEQ)", async () => {
    const thresholds = new Set<number>();
    for (const tree of binary.model.trees) {
      tree.feature.forEach((f, node) => {
        if (f === 0 && Number.isFinite(tree.threshold[node])) thresholds.add(tree.threshold[node]);
      });
    }
    const values: number[] = [];
    for (const t of thresholds) {
      const bits = new Float32Array([t]);
      const view = new Int32Array(bits.buffer);
      const below = new Float32Array(1);
      const above = new Float32Array(1);
      new Int32Array(below.buffer)[0] = view[0] - Math.sign(t || 1);
      new Int32Array(above.buffer)[0] = view[0] + Math.sign(t || 1);
      values.push(t, below[0], above[0]);
    }
    expect(values.length).toBeGreaterThan(3);
    const rows = values.length;
    const data: ColumnTable = {
      rows,
      columns: new Map<string, Column>([
        ["tenure", Float64Array.from(values)],
        ["charges", new Float64Array(rows).fill(70.25)],
        ["plan", new Array(rows).fill("standard")],
      ]),
    };
    const out = await runOnnx(binaryBytes, data);
    if (out.kind !== "classifier") throw new Error("expected a classifier");
    const expected = gbdtProbabilities(binary.model, gbdtFeatureColumns(binary.plan, data));
    for (let i = 0; i < expected.length; i++)
      expect(Math.abs(out.probabilities[i] - expected[i])).toBeLessThan(1e-5);
  });

  it("exports a split that separates only missing values (+Infinity threshold) as onnxruntime routes it", async () => {
    const random = new Random(3);
    const rows = 1000;
    const usage = Float64Array.from({ length: rows }, (_, r) =>
      r % 4 === 0 ? Number.NaN : random.uniform(),
    );
    const y = Int32Array.from(usage, (v) => (Number.isNaN(v) ? 1 : 0));
    const train: ColumnTable = { rows, columns: new Map<string, Column>([["usage", usage]]) };
    const plan = fitGbdtFeaturePlan(train);
    const model = fitGbdt({ x: gbdtFeatureColumns(plan, train), y, task: "binary" }, { maxIter: 5 });
    expect(model.trees[0].threshold[0]).toBe(Number.POSITIVE_INFINITY);
    const data: ColumnTable = {
      rows: 4,
      columns: new Map<string, Column>([["usage", Float64Array.of(Number.NaN, 0.5, 1e30, -1e30)]]),
    };
    const out = await runOnnx(exportGbdtModel(plan, model, [0, 1], METADATA), data);
    if (out.kind !== "classifier") throw new Error("expected a classifier");
    const expected = gbdtProbabilities(model, gbdtFeatureColumns(plan, data));
    for (let i = 0; i < expected.length; i++)
      expect(Math.abs(out.probabilities[i] - expected[i])).toBeLessThan(1e-5);
    expect(expected[1]).toBeGreaterThan(0.5);
    expect(expected[3]).toBeLessThan(0.5);
  });

  it("is byte-identical when trained again on the same data, params and seed", () => {
    const again = fitExample("binary");
    const bytes = exportGbdtModel(again.plan, again.model, [0, 1], METADATA);
    expect(Buffer.from(bytes).equals(Buffer.from(binaryBytes))).toBe(true);
  });

  it.skipIf(!onnxCheckerAvailable)("passes onnx.checker with full shape inference (python3-onnx)", () => {
    expect(() => checkWithOnnx(binaryBytes)).not.toThrow();
    const regression = fitExample("regression");
    expect(() =>
      checkWithOnnx(exportGbdtModel(regression.plan, regression.model, undefined, METADATA)),
    ).not.toThrow();
    const multiclass = fitExample("multiclass");
    expect(() =>
      checkWithOnnx(exportGbdtModel(multiclass.plan, multiclass.model, ["a", "b", "c"], METADATA)),
    ).not.toThrow();
  });

  it("exports a regression model whose values match the fitted model", async () => {
    const { train, plan, model } = fitExample("regression");
    const bytes = exportGbdtModel(plan, model, undefined, METADATA);
    for (const data of [train.table, newRows()]) {
      const out = await runOnnx(bytes, data);
      if (out.kind !== "regressor") throw new Error("expected a regressor");
      const expected = gbdtRawScores(model, gbdtFeatureColumns(plan, data));
      for (let r = 0; r < data.rows; r++) expect(Math.abs(out.values[r] - expected[r])).toBeLessThan(1e-4);
    }
  });

  it("exports a multiclass model with string classes and softmax probabilities", async () => {
    const { plan, model } = fitExample("multiclass");
    const bytes = exportGbdtModel(plan, model, ["low", "mid", "high"], METADATA);
    const data = newRows();
    const out = await runOnnx(bytes, data);
    if (out.kind !== "classifier") throw new Error("expected a classifier");
    expect(out.classes).toEqual(["low", "mid", "high"]);
    const expected = gbdtProbabilities(model, gbdtFeatureColumns(plan, data));
    for (let i = 0; i < expected.length; i++)
      expect(Math.abs(out.probabilities[i] - expected[i])).toBeLessThan(1e-5);
    for (let r = 0; r < data.rows; r++) {
      const row = Array.from(expected.subarray(3 * r, 3 * r + 3));
      const sorted = [...row].sort((a, b) => b - a);
      if (sorted[0] - sorted[1] < 1e-5) continue;
      expect(out.labels[r]).toBe(["low", "mid", "high"][row.indexOf(sorted[0])]);
    }
  });

  it("refuses a plan that does not match the model", () => {
    const other = fitGbdtFeaturePlan({
      rows: 1,
      columns: new Map<string, Column>([["x", Float64Array.of(1)]]),
    });
    expect(() => exportGbdtModel(other, binary.model, [0, 1], METADATA)).toThrow(/features/);
  });
});
