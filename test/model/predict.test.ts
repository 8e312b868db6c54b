import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MlshipError } from "../../src/lib/errors.js";
import { type ColumnTable, columnTableFromRows } from "../../src/onnx/column-table.js";
import { OnnxGraphBuilder } from "../../src/onnx/export/onnx-graph.js";
import { loadModel, type OnnxModel } from "../../src/onnx/onnx-model.js";
import {
  type ClassifierPrediction,
  DEFAULT_BATCH_SIZE,
  type PredictOptions,
  predict,
  type RegressorPrediction,
} from "../../src/onnx/predict.js";
import { seededRandom } from "../data/temp-dir.js";
import {
  binaryScore,
  editedFixture,
  type FixtureModel,
  fixtureBytes,
  multiclassScores,
  onnx,
  ort,
  pipelineScore,
  sigmoid,
  softmax,
  treeValue,
} from "./model-fixtures.js";

// The models compute in float32.
const TOLERANCE = 1e-6;

const models = new Map<FixtureModel, OnnxModel>();
beforeAll(async () => {
  for (const name of [
    "binary-linear-zipmap.onnx",
    "tree-regressor.onnx",
    "pipeline-two-inputs.onnx",
    "multiclass-linear-zipmap.onnx",
  ] as const) {
    models.set(name, await loadModel(ort, fixtureBytes(name), { name }));
  }
});
afterAll(async () => {
  for (const model of models.values()) await model.release();
});

async function classify(name: FixtureModel, table: ColumnTable, options?: PredictOptions) {
  const prediction = await predict(models.get(name)!, table, options);
  if (prediction.kind !== "classifier") throw new Error(`${name} predicted as a ${prediction.kind}`);
  return prediction;
}

/** Rows of `width` numbers, multiples of 1/4 in [-3, 3] (exact in float32), named x0, x1, … */
function randomRows(rows: number, width: number, seed: number): number[][] {
  const random = seededRandom(seed);
  return Array.from({ length: rows }, () =>
    Array.from({ length: width }, () => Math.round(random() * 24 - 12) / 4),
  );
}

function featureTable(rows: number[][]): ColumnTable {
  return columnTableFromRows(rows.map((row) => Object.fromEntries(row.map((value, i) => [`x${i}`, value]))));
}

function expectProbabilities(prediction: ClassifierPrediction, expected: number[][]): void {
  const width = prediction.classes.length;
  expect(prediction.probabilities).toHaveLength(expected.length * width);
  expected.forEach((row, i) => {
    row.forEach((p, c) => {
      expect(prediction.probabilities[i * width + c]).toBeCloseTo(p, -Math.log10(TOLERANCE));
    });
  });
}

describe("predict: classifiers", () => {
  it("gives sigmoid(w·x + b) for a binary LinearClassifier behind a ZipMap, with its int64 labels", async () => {
    const rows = [
      [1, 2, 3],
      [0, 0, 0],
      [2, 4, -1],
      [-1.5, 0.5, 0.25],
    ];
    const prediction = await classify("binary-linear-zipmap.onnx", featureTable(rows), {
      features: ["x0", "x1", "x2"],
    });
    expect(prediction.classes).toEqual([0, 1]);
    const p1 = rows.map((row) => sigmoid(binaryScore(row)));
    expectProbabilities(
      prediction,
      p1.map((p) => [1 - p, p]),
    );
    expect(prediction.labels).toEqual(Float64Array.from(p1.map((p) => (p > 0.5 ? 1 : 0))));
  });

  it("gives softmax of the class scores and string labels for a multiclass LinearClassifier behind a ZipMap", async () => {
    const rows = [
      [1, -1],
      [0, 3],
      [-2, 1],
      [0.5, 0.25],
    ];
    const prediction = await classify("multiclass-linear-zipmap.onnx", featureTable(rows), {
      features: ["x0", "x1"],
    });
    expect(prediction.classes).toEqual(["setosa", "versicolor", "virginica"]);
    const expected = rows.map((row) => softmax(multiclassScores(row)));
    expectProbabilities(prediction, expected);
    expect(prediction.labels).toEqual(expected.map((p) => prediction.classes[p.indexOf(Math.max(...p))]));
  });

  it("feeds a pipeline one input per column, imputing a missing number and zeroing an unknown category", async () => {
    const rows = [
      { age: 20, plan: "pro" },
      { age: null, plan: "team" },
      { age: 50, plan: null },
      { age: 10, plan: "enterprise" },
      { age: 70, plan: "team" },
    ];
    const prediction = await classify("pipeline-two-inputs.onnx", columnTableFromRows(rows));
    const p1 = rows.map((row) => sigmoid(pipelineScore(row.age ?? Number.NaN, row.plan)));
    expectProbabilities(
      prediction,
      p1.map((p) => [1 - p, p]),
    );
    expect(prediction.labels).toEqual(Float64Array.from(p1.map((p) => (p > 0.5 ? 1 : 0))));
  });

  it("takes labels from the highest probability when the model gives none", async () => {
    const softmaxOnly = onnx.ModelProto.encode({
      irVersion: 8,
      opsetImport: [{ domain: "", version: 17 }],
      graph: {
        name: "softmax_only",
        input: [
          {
            name: "X",
            type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: "N" }, { dimValue: 2 }] } } },
          },
        ],
        output: [
          {
            name: "probs",
            type: { tensorType: { elemType: 1, shape: { dim: [{ dimParam: "N" }, { dimValue: 2 }] } } },
          },
        ],
        node: [{ opType: "Softmax", input: ["X"], output: ["probs"] }],
      },
    }).finish();
    const model = await loadModel(ort, softmaxOnly, { kind: "classifier" });
    const rows = [
      [1, 2],
      [3, -1],
    ];
    const prediction = (await predict(model, featureTable(rows), {
      features: ["x0", "x1"],
    })) as ClassifierPrediction;
    expect(prediction.classes).toEqual([0, 1]);
    expectProbabilities(prediction, rows.map(softmax));
    expect(prediction.labels).toEqual(Float64Array.from([1, 0]));
    await model.release();
  });
});

describe("predict: regressors", () => {
  it("gives the sum of the trees plus the base value", async () => {
    const rows = [
      [0, 0],
      [0, 2],
      [1, -1],
      [1, 1],
      [0.25, 0.75],
      [-3, -0.5],
    ];
    const prediction = (await predict(models.get("tree-regressor.onnx")!, featureTable(rows), {
      features: ["x0", "x1"],
    })) as RegressorPrediction;
    expect(prediction.kind).toBe("regressor");
    expect(prediction.targets).toBe(1);
    expect(Array.from(prediction.values)).toEqual(rows.map(treeValue));
  });
});

describe("predict: batches", () => {
  const ROWS = 2503;

  it.each([
    ["binary-linear-zipmap.onnx", 3],
    ["multiclass-linear-zipmap.onnx", 2],
    ["tree-regressor.onnx", 2],
  ] as const)("gives %s the same results in batches of 1, 7, 1000 and the default", async (name, width) => {
    const table = featureTable(randomRows(ROWS, width, 11));
    const features = Array.from({ length: width }, (_, i) => `x${i}`);
    const [one, ...others] = await Promise.all(
      [1, 7, 1000, DEFAULT_BATCH_SIZE].map((batchSize) =>
        predict(models.get(name)!, table, { features, batchSize }),
      ),
    );
    for (const other of others) expect(other).toEqual(one);
  });

  it("gives the pipeline the same results in batches of 1, 7 and 1000", async () => {
    const random = seededRandom(5);
    const plans = ["basic", "pro", "team", "other", null];
    const table = columnTableFromRows(
      Array.from({ length: ROWS }, () => ({
        age: random() < 0.1 ? null : Math.round(random() * 80),
        plan: plans[Math.floor(random() * plans.length)],
      })),
    );
    const results = [];
    for (const batchSize of [1, 7, 1000])
      results.push(await predict(models.get("pipeline-two-inputs.onnx")!, table, { batchSize }));
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it("runs a model exported with a fixed batch size, dropping the rows that pad its last batch", async () => {
    const fixedBatch = editedFixture("binary-linear-zipmap.onnx", (model) => {
      model.graph!.input![0].type!.tensorType!.shape!.dim![0] = { dimValue: 4 };
    });
    const model = await loadModel(ort, fixedBatch);
    const table = featureTable(randomRows(10, 3, 2));
    const expected = await predict(models.get("binary-linear-zipmap.onnx")!, table, {
      features: ["x0", "x1", "x2"],
    });
    expect(await predict(model, table, { features: ["x0", "x1", "x2"], batchSize: 1000 })).toEqual(expected);
    await model.release();
  });

  it("gives empty results for an empty table", async () => {
    const prediction = await classify(
      "multiclass-linear-zipmap.onnx",
      {
        rows: 0,
        columns: new Map([
          ["x0", new Float64Array(0)],
          ["x1", new Float64Array(0)],
        ]),
      },
      { features: ["x0", "x1"] },
    );
    expect(prediction.labels).toHaveLength(0);
    expect(prediction.probabilities).toHaveLength(0);
    expect(prediction.classes).toEqual(["setosa", "versicolor", "virginica"]);
  });

  it("refuses a batch size that is not a whole number of at least 1", async () => {
    const table = featureTable([[1, 2]]);
    await expect(
      predict(models.get("tree-regressor.onnx")!, table, { features: ["x0", "x1"], batchSize: 0 }),
    ).rejects.toThrow("batch size must be a whole number of at least 1, got 0");
  });
});

describe("predict: data that does not fit the model", () => {
  it("names the input a column is missing for, with the model's inputs", async () => {
    const table = columnTableFromRows([{ age: 30, tier: "pro" }]);
    const error = await predict(models.get("pipeline-two-inputs.onnx")!, table).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlshipError);
    expect((error as MlshipError).code).toBe("missing_column");
    expect((error as MlshipError).message).toContain("no column for model input 'plan' (string [N,1])");
    expect((error as MlshipError).exitCode).toBe(2);
  });
});

describe("predict: shapes the model declares or gives", () => {
  it("refuses a fixed batch of a billion rows, naming the model and the input, before allocating", async () => {
    const huge = editedFixture("binary-linear-zipmap.onnx", (model) => {
      model.graph!.input![0].type!.tensorType!.shape!.dim![0] = { dimValue: 1_000_000_000 };
    });
    const model = await loadModel(ort, huge, { name: "huge-batch.onnx" });
    const error = await predict(model, featureTable([[1, 2, 3]]), { features: ["x0", "x1", "x2"] }).catch(
      (e: unknown) => e,
    );
    await model.release();
    expect(error).toBeInstanceOf(MlshipError);
    expect((error as MlshipError).message).toMatch(
      /^huge-batch\.onnx: model input 'X' is float32 \[1000000000,3\]: a fixed batch of 1,000,000,000 rows per run/,
    );
  });

  it("refuses an output that does not give one row per input row, rather than read past it", async () => {
    // y = ReduceSum(X, axis 0): one row for the whole batch.
    const graph = new OnnxGraphBuilder("sum_rows");
    graph.input("X", "float", ["N", 2]);
    graph.constant("axes", "int64", [1], [0]);
    graph.node("ReduceSum", ["X", "axes"], ["y"]);
    graph.output("y", "float", [1, 2]);
    const model = await loadModel(ort, graph.toBytes({ producerName: "test", producerVersion: "1" }), {
      name: "sum-rows.onnx",
    });
    const error = await predict(
      model,
      featureTable([
        [1, 2],
        [3, 4],
        [5, 6],
      ]),
      { features: ["x0", "x1"] },
    ).catch((e: unknown) => e);
    await model.release();
    expect((error as MlshipError).code).toBe("model_output_mismatch");
    expect((error as MlshipError).message).toBe(
      "sum-rows.onnx: output 'y' has shape [1,2] for a batch of 3 rows; mlship reads one row of output per input row (the first dimension)",
    );
  });
});
