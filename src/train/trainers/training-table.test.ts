import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { loadDatasetSchema } from "../../data/schema/dataset-schema.js";
import { loadModel } from "../../onnx/onnx-model.js";
import { predict } from "../../onnx/predict.js";
import { designMatrix, fitFeaturePlan } from "./features.js";
import { exportLogisticModel } from "./logistic-export.js";
import { fitLogisticRegression } from "./logistic-regression.js";
import { loadTrainingData } from "./training-table.js";

const examples = join(import.meta.dirname, "../../../examples");

describe("loading training data", () => {
  it("takes numeric and categorical features from the schema and says why the rest are left out", async () => {
    const schema = await loadDatasetSchema(join(examples, "schema.yml"));
    const data = await loadTrainingData(join(examples, "data/churn-reference.csv"), {
      label: "churned",
      schema,
    });
    expect(data.table.rows).toBe(4000);
    expect(data.labels).toHaveLength(4000);
    const kinds = Object.fromEntries(
      [...data.table.columns].map(([name, column]) => [
        name,
        column instanceof Float64Array ? "numeric" : "text",
      ]),
    );
    expect(kinds).toEqual({
      region: "text",
      plan: "text",
      tenure_months: "numeric",
      monthly_charges: "numeric",
      total_charges: "numeric",
      support_calls: "numeric",
      is_autopay: "text",
    });
    expect(data.features).toEqual(Object.keys(kinds));
    expect(Object.fromEntries(data.skipped.map((s) => [s.column, s.reason]))).toEqual({
      customer_id: "role id",
      signup_date: "type datetime",
      age_band: "sensitive: kept for fairness, not used as a feature",
      last_feedback: "free text",
    });
    // Missing numbers are NaN, missing categories null, booleans true/false.
    expect((data.table.columns.get("total_charges") as Float64Array).some(Number.isNaN)).toBe(true);
    expect((data.table.columns.get("region") as (string | null)[]).includes(null)).toBe(true);
    expect(new Set(data.table.columns.get("is_autopay") as (string | null)[])).toEqual(
      new Set(["true", "false"]),
    );
  });

  it("names the columns when the label is not in the file", async () => {
    await expect(
      loadTrainingData(join(examples, "data/churn-reference.csv"), { label: "chrned" }),
    ).rejects.toMatchObject({
      code: "missing_label",
      message: expect.stringMatching(/"chrned" is not in .*customer_id/),
    });
  });

  it("trains a logistic model on the churn data whose ONNX graph scores the raw columns of a new batch", async () => {
    const schema = await loadDatasetSchema(join(examples, "schema.yml"));
    const train = await loadTrainingData(join(examples, "data/churn-reference.csv"), {
      label: "churned",
      schema,
    });
    const plan = fitFeaturePlan(train.table);
    const y = Int32Array.from(train.labels, (label) => (label === 1 ? 1 : 0));
    const model = fitLogisticRegression({
      x: designMatrix(plan, train.table),
      rows: train.table.rows,
      features: plan.width,
      y,
      classes: 2,
    });
    expect(model.converged).toBe(true);
    const bytes = exportLogisticModel(plan, model, [0, 1], {
      producerName: "mlship",
      producerVersion: "test",
    });

    const batch = await loadTrainingData(join(examples, "data/churn-current-clean.csv"), {
      label: "churned",
      schema,
    });
    const prediction = await predict(await loadModel(ort, bytes, { name: "churn.onnx" }), batch.table);
    if (prediction.kind !== "classifier") throw new Error("expected a classifier");
    const p = prediction.probabilities;
    // The model separates churners from the others: churners get a higher mean probability.
    let churners = 0;
    let others = 0;
    let churnSum = 0;
    let otherSum = 0;
    batch.labels.forEach((label, r) => {
      if (label === 1) {
        churners++;
        churnSum += p[r * 2 + 1];
      } else {
        others++;
        otherSum += p[r * 2 + 1];
      }
    });
    expect(churnSum / churners).toBeGreaterThan(otherSum / others + 0.1);
  });
});
