/**
 * The quality bar of builtin:gbdt (issue 3 §2): on the breast-cancer table and on the churn
 * data, its test ROC-AUC is within 0.01 of scikit-learn's HistGradientBoostingClassifier with the
 * same params (test/fixtures/gbdt/quality-reference.json, written by
 * scripts/reference/gbdt_quality_reference.py with Debian's python3-sklearn).
 *
 * mlship's side: the training file is loaded as `mlship train` loads it (loadTrainingData),
 * encoded with builtin:gbdt's feature plan (fitGbdtFeaturePlan: numeric columns raw with NaN,
 * categoricals one-hot with missing → mode), fitted with fitGbdt directly on all training rows
 * (trainBuiltin would hold a validation share out, which scikit-learn's fit does not), exported
 * to ONNX, and the test file scored through the exported graph with the model layer (predict).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { loadDatasetSchema } from "../../src/data/schema/dataset-schema.js";
import { rocAuc } from "../../src/metrics/roc.js";
import { loadModel } from "../../src/onnx/onnx-model.js";
import { predict } from "../../src/onnx/predict.js";
import { fitGbdt } from "../../src/train/trainers/gbdt.js";
import { exportGbdtModel } from "../../src/train/trainers/gbdt-export.js";
import { fitGbdtFeaturePlan, gbdtFeatureColumns } from "../../src/train/trainers/gbdt-features.js";
import { loadTrainingData } from "../../src/train/trainers/training-table.js";

const root = join(import.meta.dirname, "../..");

interface ReferenceDataset {
  train: string;
  test: string;
  label: string;
  features: string[];
  trainRows: number;
  testRows: number;
  testAuc: number;
}

interface Reference {
  params: Record<string, number | string | null>;
  datasets: Record<"breast-cancer" | "churn", ReferenceDataset>;
}

const reference = JSON.parse(
  await readFile(join(root, "test/fixtures/gbdt/quality-reference.json"), "utf8"),
) as Reference;

/** scikit-learn's defaults as the reference ran them (early stopping "auto" is off below 10,001 rows). */
const PARAMS = {
  learningRate: 0.1,
  maxIter: 100,
  maxLeafNodes: 31,
  maxDepth: null,
  minSamplesLeaf: 20,
  l2Regularization: 0,
  maxBins: 255,
  earlyStopping: "auto" as const,
  seed: 0,
};

async function mlshipTestAuc(dataset: ReferenceDataset, schemaFile?: string) {
  const schema = schemaFile ? await loadDatasetSchema(join(root, schemaFile)) : undefined;
  const load = (file: string) => loadTrainingData(join(root, file), { label: dataset.label, schema });
  const train = await load(dataset.train);
  const test = await load(dataset.test);
  const y = (labels: (string | number | null)[]) => Int32Array.from(labels, (l) => Number(l));
  const yTrain = y(train.labels);
  const yTest = y(test.labels);

  const plan = fitGbdtFeaturePlan(train.table);
  const model = fitGbdt(
    { x: gbdtFeatureColumns(plan, train.table), y: yTrain, task: "binary", classes: 2 },
    PARAMS,
  );
  const bytes = exportGbdtModel(plan, model, [0, 1], {
    producerName: "mlship",
    producerVersion: "test",
  });
  const onnx = await loadModel(ort, bytes, { name: "gbdt-quality.onnx" });
  try {
    const prediction = await predict(onnx, test.table);
    if (prediction.kind !== "classifier") throw new Error("the exported gbdt is not a classifier");
    const scores = Float64Array.from(yTest, (_, r) => prediction.probabilities[r * 2 + 1]);
    return {
      features: plan.featureNames,
      trainRows: train.table.rows,
      testRows: test.table.rows,
      iterations: model.iterations,
      testAuc: rocAuc(yTest, scores),
    };
  } finally {
    await onnx.release();
  }
}

describe("builtin:gbdt quality bar: test ROC-AUC within 0.01 of scikit-learn's HistGradientBoostingClassifier", () => {
  it("the reference ran scikit-learn's defaults, which these params mirror", () => {
    expect(reference.params).toMatchObject({
      learning_rate: PARAMS.learningRate,
      max_iter: PARAMS.maxIter,
      max_leaf_nodes: PARAMS.maxLeafNodes,
      max_depth: PARAMS.maxDepth,
      min_samples_leaf: PARAMS.minSamplesLeaf,
      l2_regularization: PARAMS.l2Regularization,
      max_bins: PARAMS.maxBins,
      early_stopping: "auto",
    });
  });

  it("breast cancer (Wisconsin diagnostic, 427 train / 142 test rows)", async () => {
    const expected = reference.datasets["breast-cancer"];
    const got = await mlshipTestAuc(expected);
    expect(got.features).toEqual(expected.features);
    expect([got.trainRows, got.testRows]).toEqual([expected.trainRows, expected.testRows]);
    expect(got.iterations).toBe(100);
    console.log(
      `breast cancer: mlship test ROC-AUC ${got.testAuc.toFixed(4)}, scikit-learn ${expected.testAuc.toFixed(4)}`,
    );
    expect(Math.abs(got.testAuc - expected.testAuc)).toBeLessThanOrEqual(0.01);
  });

  it("churn (churn-reference → churn-current-clean, the schema's features)", async () => {
    const expected = reference.datasets.churn;
    const got = await mlshipTestAuc(expected, "examples/schema.yml");
    expect(got.features).toEqual(expected.features);
    expect([got.trainRows, got.testRows]).toEqual([expected.trainRows, expected.testRows]);
    expect(got.iterations).toBe(100);
    console.log(
      `churn: mlship test ROC-AUC ${got.testAuc.toFixed(4)}, scikit-learn ${expected.testAuc.toFixed(4)}`,
    );
    expect(Math.abs(got.testAuc - expected.testAuc)).toBeLessThanOrEqual(0.01);
  });
});
