import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fitLogisticRegression, predictLogisticProbabilities } from "./logistic-regression.js";

interface ReferenceCase {
  name: string;
  C: number;
  x: number[][];
  y: number[];
  classes: number;
  /** The optimum (scikit-learn's fit polished by Newton's method to a gradient below 1e-10). */
  coef: number[][];
  intercept: number[];
  /** What scikit-learn itself returned: it stops on a relative objective change of 64·eps. */
  sklearnCoef: number[][];
  proba: number[][];
}

const reference = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../../test/fixtures/logistic/logistic-reference.json"), "utf8"),
) as { sklearn: string; cases: ReferenceCase[] };

describe(`logistic regression against scikit-learn ${reference.sklearn} (lbfgs)`, () => {
  for (const ref of reference.cases) {
    it(`${ref.name}: reaches the optimum scikit-learn's objective defines (coefficients, intercepts, probabilities)`, () => {
      const rows = ref.x.length;
      const features = ref.x[0].length;
      const x = Float64Array.from(ref.x.flat());
      const model = fitLogisticRegression(
        { x, rows, features, y: Int32Array.from(ref.y), classes: ref.classes },
        { c: ref.C, tolerance: 1e-10, maxIterations: 10_000 },
      );
      expect(model.converged).toBe(true);
      const coefficients = Array.from(model.coefficients);
      ref.coef.flat().forEach((expected, i) => {
        expect(coefficients[i]).toBeCloseTo(expected, 6);
      });
      ref.intercept.forEach((expected, i) => {
        expect(model.intercepts[i]).toBeCloseTo(expected, 6);
      });
      const probabilities = predictLogisticProbabilities(model, x.subarray(0, 10 * features), 10);
      ref.proba.flat().forEach((expected, i) => {
        expect(probabilities[i]).toBeCloseTo(expected, 7);
      });
      // And scikit-learn's own, less converged answer is within its stopping error of ours.
      ref.sklearnCoef.flat().forEach((expected, i) => {
        expect(Math.abs(coefficients[i] - expected)).toBeLessThan(1e-4);
      });
    });
  }

  it("refuses a single class, which has nothing to separate", () => {
    expect(() =>
      fitLogisticRegression({
        x: new Float64Array(2),
        rows: 2,
        features: 1,
        y: new Int32Array(2),
        classes: 1,
      }),
    ).toThrow(/two classes/);
  });
});
