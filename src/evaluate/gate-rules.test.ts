import { describe, expect, it } from "vitest";
import { MlshipError } from "../lib/errors.js";
import { evaluateGate, evaluateRule, parseRule, percentileInterval } from "./gate-rules.js";

describe("parseRule", () => {
  it("reads numbers and expressions of the baseline", () => {
    expect(parseRule("accuracy >= 0.9").bound).toEqual({ kind: "number", value: 0.9 });
    expect(parseRule("f1 >= baseline - 0.01").bound).toEqual({ kind: "baseline", scale: 1, offset: -0.01 });
    expect(parseRule("latency_p99_ms <= baseline * 1.2").bound).toEqual({
      kind: "baseline",
      scale: 1.2,
      offset: 0,
    });
    expect(parseRule("model_bytes <= 50e6").bound).toEqual({ kind: "number", value: 50e6 });
    expect(parseRule("roc_auc > baseline")).toMatchObject({ metric: "roc_auc", op: ">" });
  });

  it("names the rule and the problem when it cannot be read", () => {
    expect(() => parseRule("accuracy => 0.9", "--gate")).toThrow(MlshipError);
    expect(() => parseRule("accuracy => 0.9", "--gate")).toThrow(
      /--gate: "accuracy => 0.9" is not "<metric> <op> <bound>"/,
    );
    expect(() => parseRule("f1 >= baseline ^ 2")).toThrow(/the bound "baseline \^ 2"/);
  });
});

describe("evaluateRule", () => {
  const inputs = {
    candidate: { f1: 0.8, accuracy: 0.85 },
    baseline: { f1: 0.82, accuracy: 0.85 },
    rows: 1000,
  };

  it("holds the candidate to a constant or to the baseline's value", () => {
    expect(evaluateRule(parseRule("accuracy >= 0.9"), inputs)).toMatchObject({
      verdict: "fail",
      value: 0.85,
      bound: 0.9,
    });
    expect(evaluateRule(parseRule("f1 >= baseline - 0.05"), inputs)).toMatchObject({
      verdict: "pass",
      bound: expect.closeTo(0.77, 12),
    });
    expect(evaluateRule(parseRule("f1 >= baseline - 0.01"), inputs)).toMatchObject({ verdict: "fail" });
  });

  it("skips a rule against the baseline when there is none, and says why", () => {
    const result = evaluateRule(parseRule("f1 >= baseline"), {
      candidate: { f1: 0.8 },
      rows: 10,
      noBaselineReason: "nothing is deployed to production",
    });
    expect(result).toMatchObject({
      verdict: "skipped",
      reason: "skipped: nothing is deployed to production",
    });
  });

  it("with confidence, fails only when the whole interval of the margin is on the failing side", () => {
    const rule = parseRule("f1 >= baseline - 0.01");
    const noisy = {
      candidate: Float64Array.from([0.78, 0.8, 0.83, 0.79, 0.81]),
      baseline: Float64Array.from([0.82, 0.8, 0.81, 0.83, 0.82]),
    };
    const withinNoise = evaluateRule(rule, { ...inputs, confidence: 0.9, replicates: { f1: noisy } });
    expect(withinNoise.verdict).toBe("pass");
    expect(withinNoise.reason).toMatch(/within noise/);
    const clearlyWorse = {
      candidate: Float64Array.from([0.7, 0.71, 0.72, 0.7, 0.71]),
      baseline: Float64Array.from([0.82, 0.8, 0.81, 0.83, 0.82]),
    };
    const failed = evaluateRule(rule, {
      ...inputs,
      candidate: { f1: 0.71 },
      confidence: 0.9,
      replicates: { f1: clearlyWorse },
    });
    expect(failed.verdict).toBe("fail");
    expect(failed.reason).toMatch(/wholly on the failing side/);
  });

  it("is inconclusive with fewer rows than min_rows, counted as the gate is told", () => {
    const rule = parseRule("f1 >= baseline");
    const small = { ...inputs, rows: 20, minRows: 100 };
    expect(evaluateRule(rule, small).verdict).toBe("inconclusive");
    expect(evaluateGate([rule], small, "pass").passed).toBe(true);
    expect(evaluateGate([rule], small, "fail").passed).toBe(false);
  });

  it("fails a rule whose metric is NaN, and skips one whose metric the evaluation lacks", () => {
    expect(
      evaluateRule(parseRule("roc_auc >= 0.5"), { candidate: { roc_auc: Number.NaN }, rows: 5 }).verdict,
    ).toBe("fail");
    expect(evaluateRule(parseRule("rmse <= 3"), { candidate: { f1: 1 }, rows: 5 })).toMatchObject({
      verdict: "skipped",
      reason: "the evaluation has no metric rmse",
    });
  });
});

describe("percentileInterval", () => {
  it("interpolates percentiles linearly, as numpy does by default", () => {
    const values = Float64Array.from({ length: 101 }, (_, i) => i);
    const [low, high] = percentileInterval(values, 0.95);
    expect(low).toBeCloseTo(2.5, 12);
    expect(high).toBeCloseTo(97.5, 12);
  });
});
