import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadDatasetSchema } from "../../data/schema/dataset-schema.js";
import { maxOf } from "../../lib/arrays.js";
import { Random } from "../../lib/random.js";
import { fitGbdt, gbdtProbabilities, gbdtRawScores } from "./gbdt.js";
import { fitGbdtFeaturePlan, gbdtFeatureColumns } from "./gbdt-features.js";
import { loadTrainingData } from "./training-table.js";

const root = join(import.meta.dirname, "../../..");

/** Area under the ROC curve: the chance a random positive outscores a random negative, ties counted half. */
function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const order = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => scores[a] - scores[b]);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j < order.length && scores[order[j]] === scores[order[i]]) j++;
    const rank = (i + j + 1) / 2;
    for (let k = i; k < j; k++) {
      if (labels[order[k]] === 1) {
        positives++;
        rankSum += rank;
      }
    }
    i = j;
  }
  const negatives = labels.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** Three uniform features (the first with gaps) and a target made from the first two. */
function synthetic(rows: number, seed: number) {
  const random = new Random(seed);
  const values = new Float32Array(rows * 3);
  for (let i = 0; i < values.length; i++) values[i] = random.uniform() * 10;
  for (let r = 0; r < rows; r++) if (random.uniform() < 0.1) values[r] = Number.NaN;
  const signal = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const a = Number.isNaN(values[r]) ? 8 : values[r];
    signal[r] = Math.sin(a) * 2 + (values[rows + r] > 5 ? 1 : -1);
  }
  return { x: { rows, features: 3, values }, signal, random };
}

function binaryLabels(signal: Float64Array, random: Random) {
  return Int32Array.from(signal, (s) => (random.uniform() < 1 / (1 + Math.exp(-2 * s)) ? 1 : 0));
}

describe("builtin:gbdt boosting", () => {
  it("starts a binary model at the log-odds of the base rate and learns the signal", () => {
    const { x, signal, random } = synthetic(3000, 1);
    const y = binaryLabels(signal, random);
    const model = fitGbdt({ x, y, task: "binary" }, { maxIter: 50 });
    const rate = y.reduce((a, b) => a + b, 0) / y.length;
    expect(model.baseScores[0]).toBeCloseTo(Math.log(rate / (1 - rate)), 12);
    expect(model.trees).toHaveLength(50);
    const p = gbdtProbabilities(model, x);
    const positive = Array.from({ length: x.rows }, (_, r) => p[2 * r + 1]);
    expect(
      rocAuc(
        Array.from(signal, (s) => (s > 0 ? 1 : 0)),
        positive,
      ),
    ).toBeGreaterThan(0.95);
    for (let r = 0; r < 10; r++) expect(p[2 * r] + p[2 * r + 1]).toBeCloseTo(1, 12);
  });

  it("starts a regression at the mean and fits a non-linear target", () => {
    const { x, signal } = synthetic(3000, 2);
    const model = fitGbdt({ x, y: signal, task: "regression" });
    expect(model.baseScores[0]).toBeCloseTo(signal.reduce((a, b) => a + b, 0) / signal.length, 12);
    const predicted = gbdtRawScores(model, x);
    let mse = 0;
    let variance = 0;
    const mean = model.baseScores[0];
    for (let r = 0; r < x.rows; r++) {
      mse += (predicted[r] - signal[r]) ** 2;
      variance += (signal[r] - mean) ** 2;
    }
    expect(1 - mse / variance).toBeGreaterThan(0.95);
  });

  it("fits K trees per round for K classes, with probabilities that sum to one", () => {
    const { x, signal } = synthetic(3000, 3);
    const y = Int32Array.from(signal, (s) => (s < -1 ? 0 : s < 1 ? 1 : 2));
    const model = fitGbdt({ x, y, task: "multiclass", classes: 3 }, { maxIter: 30 });
    expect(model.trees).toHaveLength(90);
    const p = gbdtProbabilities(model, x);
    let correct = 0;
    for (let r = 0; r < x.rows; r++) {
      const row = Array.from(p.subarray(3 * r, 3 * r + 3));
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      if (row.indexOf(maxOf(row)) === y[r]) correct++;
    }
    expect(correct / x.rows).toBeGreaterThan(0.9);
  });

  it("stops early when the validation loss stops improving, on a seeded stratified split", () => {
    const { x, random } = synthetic(4000, 4);
    const noise = Int32Array.from({ length: x.rows }, () => (random.uniform() < 0.3 ? 1 : 0));
    const model = fitGbdt({ x, y: noise, task: "binary" }, { earlyStopping: true, maxIter: 200 });
    expect(model.iterations).toBeLessThan(200);
    expect(model.validationLoss).toHaveLength(model.iterations + 1);
    expect(model.trees).toHaveLength(model.iterations);
    const again = fitGbdt({ x, y: noise, task: "binary" }, { earlyStopping: true, maxIter: 200 });
    expect(again.iterations).toBe(model.iterations);
  });

  it("turns early stopping on by itself above 10,000 rows only ('auto', as scikit-learn)", () => {
    const { x, signal, random } = synthetic(500, 5);
    const y = binaryLabels(signal, random);
    expect(fitGbdt({ x, y, task: "binary" }, { maxIter: 5 }).validationLoss).toBeNull();
  });

  it("gives the same trees for the same data, params and seed, other trees for another seed when subsampling", () => {
    const { x, signal, random } = synthetic(2000, 6);
    const y = binaryLabels(signal, random);
    const params = { maxIter: 10, subsample: 0.7, colsampleByTree: 0.67, seed: 11 };
    const a = fitGbdt({ x, y, task: "binary" }, params);
    const b = fitGbdt({ x, y, task: "binary" }, params);
    const c = fitGbdt({ x, y, task: "binary" }, { ...params, seed: 12 });
    expect(b.trees).toEqual(a.trees);
    expect(c.trees).not.toEqual(a.trees);
  });

  it("rejects parameters out of range, naming them", () => {
    const { x } = synthetic(100, 7);
    expect(() => fitGbdt({ x, y: new Float64Array(100), task: "regression" }, { learningRate: 0 })).toThrow(
      /learningRate must be positive/,
    );
    expect(() => fitGbdt({ x, y: new Float64Array(100), task: "regression" }, { subsample: 1.5 })).toThrow(
      /subsample/,
    );
  });

  it("reaches scikit-learn's test ROC-AUC (±0.01) on the churn data with the same features and params", async () => {
    const reference = JSON.parse(readFileSync(join(root, "test/fixtures/gbdt/gbdt-reference.json"), "utf8"));
    const schema = await loadDatasetSchema(join(root, "examples/schema.yml"));
    const train = await loadTrainingData(join(root, "examples/data/churn-reference.csv"), {
      label: "churned",
      schema,
    });
    const test = await loadTrainingData(join(root, "examples/data/churn-current-clean.csv"), {
      label: "churned",
      schema,
    });
    const plan = fitGbdtFeaturePlan(train.table);
    expect(plan.featureNames).toEqual(reference.features);
    const model = fitGbdt({
      x: gbdtFeatureColumns(plan, train.table),
      y: Int32Array.from(train.labels, Number),
      task: "binary",
    });
    const p = gbdtProbabilities(model, gbdtFeatureColumns(plan, test.table));
    const auc = rocAuc(
      Array.from(test.labels, Number),
      Array.from({ length: test.table.rows }, (_, r) => p[2 * r + 1]),
    );
    expect(Math.abs(auc - reference.testAuc)).toBeLessThan(0.01);
  });
});
