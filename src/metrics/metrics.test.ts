import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { isMlshipError } from "../lib/errors.js";
import { computeMetrics, METRIC_NAMES, type MetricsInput, type MetricsResult } from "./metrics.js";

/** Written by scripts/reference/metrics_reference.py (scikit-learn 1.2.1 on the same inputs). */
const fixture = JSON.parse(
  readFileSync(new URL("../../test/fixtures/metrics/metrics-reference.json", import.meta.url), "utf8"),
) as { sklearn: string; cases: ReferenceCase[] };

interface Expected {
  /** null where scikit-learn raises (the metric is undefined); computeMetrics gives NaN. */
  metrics: Record<string, number | null>;
  perClass?: { precision: number; recall: number; f1: number; support: number }[];
  confusionMatrix?: number[][];
}
type ReferenceCase =
  | { name: string; task: "binary"; yTrue: number[]; scores: number[]; expected: Expected }
  | {
      name: string;
      task: "multiclass";
      yTrue: number[];
      probabilities: number[][];
      classes: number;
      expected: Expected;
    }
  | { name: string; task: "regression"; yTrue: number[]; yPred: number[]; expected: Expected };

const TOLERANCE = 1e-9;

/** Agreement to 1e-9, absolute or relative (mape reaches 1e14 when a target is 0). */
function expectAgrees(actual: number, expected: number | null, label: string): void {
  if (expected === null) {
    expect(actual, label).toBeNaN();
    return;
  }
  const difference = Math.abs(actual - expected);
  const agrees = difference <= TOLERANCE || difference <= TOLERANCE * Math.abs(expected);
  expect(agrees, `${label}: got ${actual}, scikit-learn ${expected}`).toBe(true);
}

function toInput(reference: ReferenceCase): MetricsInput {
  switch (reference.task) {
    case "binary":
      return {
        task: "binary",
        yTrue: Int32Array.from(reference.yTrue),
        scores: Float64Array.from(reference.scores),
      };
    case "multiclass":
      return {
        task: "multiclass",
        yTrue: reference.yTrue,
        probabilities: reference.probabilities,
        classes: reference.classes,
      };
    case "regression":
      return { task: "regression", yTrue: reference.yTrue, yPred: reference.yPred };
  }
}

function expectMatchesReference(result: MetricsResult, expected: Expected): void {
  expect(Object.keys(result.metrics).sort()).toEqual(Object.keys(expected.metrics).sort());
  for (const [name, value] of Object.entries(expected.metrics))
    expectAgrees(result.metrics[name], value, name);
  if (expected.perClass) {
    expect(result.perClass?.length).toBe(expected.perClass.length);
    expected.perClass.forEach((scores, c) => {
      const actual = result.perClass![c];
      expect(actual.class).toBe(c);
      expect(actual.support, `support of class ${c}`).toBe(scores.support);
      expectAgrees(actual.precision, scores.precision, `precision of class ${c}`);
      expectAgrees(actual.recall, scores.recall, `recall of class ${c}`);
      expectAgrees(actual.f1, scores.f1, `f1 of class ${c}`);
    });
  }
  expect(result.confusionMatrix).toEqual(expected.confusionMatrix);
}

describe("computeMetrics agrees with scikit-learn to 1e-9", () => {
  it("has reference cases for every task", () => {
    const tasks = new Set(fixture.cases.map((c) => c.task));
    expect([...tasks].sort()).toEqual(["binary", "multiclass", "regression"]);
    expect(fixture.sklearn).toBe("1.2.1");
  });

  for (const reference of fixture.cases) {
    it(`${reference.task}: ${reference.name}`, () => {
      expectMatchesReference(computeMetrics(toInput(reference)), reference.expected);
    });
  }
});

describe("computeMetrics input forms", () => {
  const multiclass = fixture.cases.find((c) => c.task === "multiclass" && c.classes === 4);
  if (multiclass?.task !== "multiclass") throw new Error("fixture lacks a 4-class case");

  it("accepts multiclass probabilities flattened row-major, as an ONNX output tensor", () => {
    const flat = Float64Array.from(multiclass.probabilities.flat());
    const result = computeMetrics({
      task: "multiclass",
      yTrue: multiclass.yTrue,
      probabilities: flat,
      classes: 4,
    });
    expectMatchesReference(result, multiclass.expected);
  });

  it("accepts binary labels and scores as plain number arrays", () => {
    const result = computeMetrics({ task: "binary", yTrue: [0, 1, 1, 0], scores: [0.2, 0.9, 0.4, 0.6] });
    expect(result.metrics.accuracy).toBe(0.5);
    expect(result.metrics.roc_auc).toBe(0.75);
  });
});

describe("computeMetrics rejects malformed input", () => {
  function errorOf(input: MetricsInput): { code: string; message: string } {
    try {
      computeMetrics(input);
    } catch (error) {
      if (isMlshipError(error)) return { code: error.code, message: error.message };
      throw error;
    }
    throw new Error("computeMetrics did not throw");
  }

  it("names both lengths when labels and scores differ in length", () => {
    const error = errorOf({ task: "binary", yTrue: [0, 1, 1], scores: [0.1, 0.9] });
    expect(error.code).toBe("invalid_metric_input");
    expect(error.message).toContain("yTrue has 3 rows but scores has 2");
  });

  it("refuses an empty evaluation set", () => {
    expect(errorOf({ task: "regression", yTrue: [], yPred: [] }).message).toContain("No rows to evaluate");
  });

  it("refuses a binary label other than 0 or 1", () => {
    expect(errorOf({ task: "binary", yTrue: [0, 2], scores: [0.1, 0.9] }).message).toContain("yTrue[1] is 2");
  });

  it("refuses a binary score outside [0, 1]", () => {
    expect(errorOf({ task: "binary", yTrue: [0, 1], scores: [0.1, 1.5] }).message).toContain(
      "scores[1] is 1.5",
    );
  });

  it("refuses a class index beyond the number of classes", () => {
    const error = errorOf({
      task: "multiclass",
      yTrue: [0, 3],
      probabilities: [
        [1, 0, 0],
        [0, 0, 1],
      ],
      classes: 3,
    });
    expect(error.message).toContain("labels must be class indices 0..2");
  });

  it("refuses probability rows that do not sum to 1", () => {
    const error = errorOf({
      task: "multiclass",
      yTrue: [0, 1],
      probabilities: [
        [0.5, 0.5],
        [0.2, 0.3],
      ],
      classes: 2,
    });
    expect(error.message).toContain("probability row 1 sums to 0.5");
  });

  it("refuses a flat probability array that is not rows × classes", () => {
    const error = errorOf({ task: "multiclass", yTrue: [0, 1], probabilities: [0.5, 0.5, 1], classes: 2 });
    expect(error.message).toContain("not a multiple of classes (2)");
  });

  it("refuses a non-finite regression prediction", () => {
    expect(errorOf({ task: "regression", yTrue: [1, 2], yPred: [1, Number.NaN] }).message).toContain(
      "yPred[1] is NaN",
    );
  });
});

describe("METRIC_NAMES", () => {
  it("lists exactly the metrics computeMetrics gives for each task", () => {
    const labels = Int32Array.from([0, 1, 0, 1]);
    expect(
      Object.keys(computeMetrics({ task: "binary", yTrue: labels, scores: [0.2, 0.7, 0.4, 0.9] }).metrics),
    ).toEqual(METRIC_NAMES.binary);
    const probabilities = [
      [0.7, 0.2, 0.1],
      [0.1, 0.8, 0.1],
      [0.2, 0.2, 0.6],
    ];
    expect(
      Object.keys(
        computeMetrics({ task: "multiclass", yTrue: Int32Array.from([0, 1, 2]), probabilities, classes: 3 })
          .metrics,
      ),
    ).toEqual(METRIC_NAMES.multiclass);
    expect(
      Object.keys(computeMetrics({ task: "regression", yTrue: [1, 2, 3], yPred: [1, 2, 4] }).metrics),
    ).toEqual(METRIC_NAMES.regression);
  });
});
