import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadDatasetSchema } from "../data/schema/dataset-schema.js";
import { maxOf, minOf } from "../lib/arrays.js";
import { Random } from "../lib/random.js";
import { stratifiedFolds, stratifiedSplit } from "./split.js";
import { type TrainSettings, trainBuiltin } from "./train-builtin.js";

const examples = join(import.meta.dirname, "../../examples");
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-train-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

async function settings(overrides: Partial<TrainSettings> = {}): Promise<TrainSettings> {
  return {
    data: join(examples, "data/churn-reference.csv"),
    label: "churned",
    trainer: "builtin:logistic",
    params: {},
    schema: await loadDatasetSchema(join(examples, "schema.yml")),
    validationFraction: 0.2,
    seed: 1,
    outDir: join(dir, "out"),
    cacheDir: join(dir, "cache"),
    runtime: async () => ort,
    ...overrides,
  };
}

describe("training builtin:logistic", () => {
  it("writes model.onnx and metrics.json with validation metrics of the exported model", async () => {
    const outcome = await trainBuiltin(await settings());
    expect(outcome.cacheHit).toBe(false);
    const report = JSON.parse(await readFile(outcome.metrics, "utf8"));
    expect(report).toMatchObject({
      trainer: "builtin:logistic",
      task: "binary",
      classes: [0, 1],
      rows: { train: 3200, validation: 800 },
    });
    expect(report.validation.metrics.roc_auc).toBeGreaterThan(0.7);
    expect(report.fit.converged).toBe(true);
    expect((await readFile(outcome.model)).subarray(0, 2).length).toBe(2);
  });

  it("is a cache hit the second time, and a miss when one param or one byte of the data changes", async () => {
    const first = await trainBuiltin(await settings());
    const second = await trainBuiltin(await settings({ outDir: join(dir, "again") }));
    expect(second.cacheHit).toBe(true);
    expect(await readFile(second.model)).toEqual(await readFile(first.model));
    expect((await trainBuiltin(await settings({ params: { C: 0.5 } }))).cacheHit).toBe(false);
    const copy = join(dir, "data.csv");
    const text = await readFile(join(examples, "data/churn-reference.csv"), "utf8");
    await writeFile(copy, text.replace("Great service", "Great servicE"));
    expect((await trainBuiltin(await settings({ data: copy }))).cacheHit).toBe(false);
  });

  it("misses when the schema changes which columns are features", async () => {
    await trainBuiltin(await settings());
    const schema = await loadDatasetSchema(join(examples, "schema.yml"));
    const withoutPlan = {
      ...schema,
      columns: { ...schema.columns, plan: { ...schema.columns.plan, role: "ignore" as const } },
    };
    const outcome = await trainBuiltin(await settings({ schema: withoutPlan, outDir: join(dir, "no-plan") }));
    expect(outcome.cacheHit).toBe(false);
    expect(outcome.report.features).not.toContain("plan");
  });

  it("gives byte-identical models for the same data, params and seed", async () => {
    const a = await trainBuiltin(await settings({ cacheDir: undefined, outDir: join(dir, "a") }));
    const b = await trainBuiltin(await settings({ cacheDir: undefined, outDir: join(dir, "b") }));
    expect(await readFile(a.model)).toEqual(await readFile(b.model));
  });

  it("names an unknown or bad param", async () => {
    await expect(trainBuiltin(await settings({ params: { C: 0.5, depth: 3 } }))).rejects.toMatchObject({
      code: "unknown_param",
      message: expect.stringMatching(/no param "depth".*C, max_iter, tol/),
    });
    await expect(trainBuiltin(await settings({ params: { C: "-1" } }))).rejects.toMatchObject({
      code: "bad_param",
    });
  });
});

describe("training builtin:gbdt", () => {
  it("trains a classifier whose exported trees score well on the churn data", async () => {
    const outcome = await trainBuiltin(await settings({ trainer: "builtin:gbdt", params: { max_iter: 40 } }));
    expect(outcome.report).toMatchObject({
      trainer: "builtin:gbdt",
      task: "binary",
      fit: { iterations: 40 },
    });
    expect(outcome.report.validation.metrics.roc_auc).toBeGreaterThan(0.7);
  });

  it("trains a regressor when the task says so, with regression metrics", async () => {
    const outcome = await trainBuiltin(
      await settings({
        trainer: "builtin:gbdt",
        label: "monthly_charges",
        task: "regression",
        params: { max_iter: 30 },
      }),
    );
    expect(outcome.report.task).toBe("regression");
    expect(outcome.report.classes).toEqual([]);
    expect(Object.keys(outcome.report.validation.metrics)).toEqual([
      "mae",
      "mse",
      "rmse",
      "r2",
      "mape",
      "explained_variance",
      "max_error",
    ]);
  });

  it("names a bad gbdt param and refuses regression with builtin:logistic", async () => {
    await expect(
      trainBuiltin(await settings({ trainer: "builtin:gbdt", params: { early_stopping: "maybe" } })),
    ).rejects.toMatchObject({
      code: "bad_param",
    });
    await expect(
      trainBuiltin(await settings({ label: "monthly_charges", task: "regression" })),
    ).rejects.toMatchObject({
      code: "bad_task",
    });
  });
});

describe("cross-validation", () => {
  it("reports each metric's mean and std over k stratified folds, beside the validation metrics", async () => {
    const outcome = await trainBuiltin(await settings({ cv: 4, cacheDir: undefined }));
    const cv = outcome.report.cv!;
    expect(cv.folds).toBe(4);
    expect(Object.keys(cv.metrics)).toEqual(Object.keys(outcome.report.validation.metrics));
    expect(cv.metrics.roc_auc.mean).toBeGreaterThan(0.7);
    expect(cv.metrics.roc_auc.std).toBeGreaterThan(0);
    expect(cv.metrics.roc_auc.std).toBeLessThan(0.1);
  });

  it("deals each class evenly over the folds, every row in exactly one fold", () => {
    const y = Int32Array.from({ length: 103 }, (_, i) => (i % 4 === 0 ? 1 : 0));
    const folds = stratifiedFolds(y, 2, 5, 3);
    expect(folds.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 103 }, (_, i) => i));
    const positives = folds.map((fold) => fold.filter((i) => y[i] === 1).length);
    expect(maxOf(positives) - minOf(positives)).toBeLessThanOrEqual(1);
    expect(() => stratifiedFolds(y, 2, 1, 3)).toThrow(/2 ≤ k/);
  });

  it("deals the same folds for the same seed and other folds for another seed", () => {
    const y = Int32Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 0));
    expect(stratifiedFolds(y, 2, 5, 3)).toEqual(stratifiedFolds(y, 2, 5, 3));
    expect(stratifiedFolds(y, 2, 5, 4)).not.toEqual(stratifiedFolds(y, 2, 5, 3));
  });
});

describe("stratified split", () => {
  it("holds out the same share of each class, reproducibly by seed", () => {
    const y = Int32Array.from({ length: 1000 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    const { train, validation } = stratifiedSplit(y, 2, 0.2, 7);
    expect(validation.filter((i) => y[i] === 1)).toHaveLength(20);
    expect(validation).toHaveLength(200);
    expect(train.length + validation.length).toBe(1000);
    expect(stratifiedSplit(y, 2, 0.2, 7).validation).toEqual(validation);
    expect(stratifiedSplit(y, 2, 0.2, 8).validation).not.toEqual(validation);
  });

  it("shuffles each class with mlship's one seeded generator, so a split can be recomputed from its seed", () => {
    const y = Int32Array.from({ length: 50 }, (_, i) => (i % 5 === 0 ? 1 : 0));
    const random = new Random(9);
    const expected = [0, 1].flatMap((c) => {
      const rows = random.shuffle(Array.from(y.keys()).filter((i) => y[i] === c));
      return rows.slice(0, Math.round(rows.length * 0.2));
    });
    expect(stratifiedSplit(y, 2, 0.2, 9).validation).toEqual(expected.sort((a, b) => a - b));
  });

  it("refuses a seed the generator cannot take exactly, naming the setting", async () => {
    const attempt = trainBuiltin(await settings({ seed: 2 ** 60 }));
    await expect(attempt).rejects.toMatchObject({ code: "bad_usage", location: { setting: "seed" } });
    await expect(attempt).rejects.toThrow(/whole number from 0 to 9007199254740991, got 1152921504606847000/);
  });
});
