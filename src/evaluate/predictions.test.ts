import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  calibration,
  fairness,
  gather,
  metricsOf,
  type PredictionSet,
  pairedBootstrap,
  rocAt,
} from "./predictions.js";

const reference = JSON.parse(
  readFileSync(new URL("../../test/fixtures/evaluation/evaluation-reference.json", import.meta.url), "utf8"),
) as {
  y: number[];
  p: number[];
  groups: string[];
  calibration: { prob_true: number[]; prob_pred: number[]; ece: number };
  fairness: {
    demographic_parity_difference: number;
    demographic_parity_ratio: number;
    equalized_odds_difference: number;
    selection_rates: number[];
  };
  roc: { fpr: number[]; tpr: number[] };
};
const set: Extract<PredictionSet, { task: "binary" }> = {
  task: "binary",
  yTrue: Int32Array.from(reference.y),
  scores: Float64Array.from(reference.p),
};

describe("calibration (against scikit-learn's calibration_curve)", () => {
  it("bins the predictions as calibration_curve does, and weighs the gaps into the expected calibration error", () => {
    const result = calibration(set, 10);
    expect(result.bins.map((b) => b.fractionPositive)).toEqual(
      reference.calibration.prob_true.map((v) => expect.closeTo(v, 12)),
    );
    expect(result.bins.map((b) => b.meanPredicted)).toEqual(
      reference.calibration.prob_pred.map((v) => expect.closeTo(v, 12)),
    );
    expect(result.ece).toBeCloseTo(reference.calibration.ece, 12);
  });
});

describe("fairness (Fairlearn's definitions)", () => {
  it("gives the demographic parity difference and ratio and the equalized odds difference over the groups", () => {
    const result = fairness(set, "group", reference.groups);
    expect(result.groups.map((g) => g.selectionRate)).toEqual(
      reference.fairness.selection_rates.map((v) => expect.closeTo(v, 12)),
    );
    expect(result.demographic_parity_difference).toBeCloseTo(
      reference.fairness.demographic_parity_difference,
      12,
    );
    expect(result.demographic_parity_ratio).toBeCloseTo(reference.fairness.demographic_parity_ratio, 12);
    expect(result.equalized_odds_difference).toBeCloseTo(reference.fairness.equalized_odds_difference, 12);
  });
});

describe("ROC curve readings (against scikit-learn's roc_curve)", () => {
  it("gives the highest true-positive rate at or below each false-positive rate", () => {
    expect(rocAt(set, reference.roc.fpr)).toEqual(reference.roc.tpr.map((v) => expect.closeTo(v, 12)));
  });
});

describe("paired bootstrap", () => {
  it("is seeded, pairs the two models on each resample, and a model against itself differs by exactly 0", () => {
    const a = pairedBootstrap(set, set, { replicates: 50, seed: 3, confidence: 0.95 });
    const b = pairedBootstrap(set, set, { replicates: 50, seed: 3, confidence: 0.95 });
    expect(a.values.roc_auc.candidate).toEqual(b.values.roc_auc.candidate);
    expect(a.values.roc_auc.candidate).toEqual(a.values.roc_auc.baseline);
    const other = pairedBootstrap(set, set, { replicates: 50, seed: 4, confidence: 0.95 });
    expect(other.values.roc_auc.candidate).not.toEqual(a.values.roc_auc.candidate);
  });

  it("resamples rows, so a resample's metrics are the metrics of the gathered rows", () => {
    const rows = Int32Array.from([0, 0, 5, 9, 9, 9, 12, 40]);
    expect(metricsOf(set, rows).metrics).toEqual(metricsOf(gather(set, rows)).metrics);
  });
});

describe("the O(n) binary resample", () => {
  it("gives the metrics of the gathered rows, to 1e-12", async () => {
    const { prepareBinary, weightedBinaryMetrics } = await import("../metrics/weighted-binary.js");
    const prepared = prepareBinary(set.yTrue, set.scores);
    // Ties too: scores rounded to two decimals.
    const tied = { ...set, scores: Float64Array.from(set.scores, (s) => Math.round(s * 100) / 100) };
    const preparedTied = prepareBinary(tied.yTrue, tied.scores);
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed;
    };
    for (let replicate = 0; replicate < 5; replicate++) {
      const indices = Int32Array.from({ length: set.yTrue.length }, () => next() % set.yTrue.length);
      const counts = new Int32Array(set.yTrue.length);
      for (const i of indices) counts[i]++;
      for (const [data, p] of [
        [set, prepared],
        [tied, preparedTied],
      ] as const) {
        const expected = metricsOf(data, indices).metrics;
        const actual = weightedBinaryMetrics(p, counts);
        for (const name of Object.keys(expected)) expect(actual[name], name).toBeCloseTo(expected[name], 12);
      }
    }
  });
});
