/** The A/B tests against scipy (scripts/reference/two_sample_reference.py → test/fixtures/two-sample-reference.json). */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { abVerdict } from "../deploy/ab-verdict.js";
import type { ArmFigures, Figures } from "../deploy/metrics-source.js";
import { emptyArm } from "../deploy/metrics-source.js";
import { studentTSf } from "../lib/distributions.js";
import { twoProportionZTest, welchTTest } from "./two-sample.js";

interface Reference {
  proportions: { a: [number, number]; b: [number, number]; z: number; p: number }[];
  means: {
    a: { mae: number; mse: number; n: number };
    b: { mae: number; mse: number; n: number };
    t: number;
    p: number;
  }[];
  t_sf: { t: number; dof: number; sf: number }[];
}

const reference = JSON.parse(
  readFileSync(new URL("../../test/fixtures/two-sample-reference.json", import.meta.url), "utf8"),
) as Reference;

const close = (actual: number, expected: number, relative = 1e-9) =>
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.max(Math.abs(expected), 1e-300));

function arm(
  name: "stable" | "candidate",
  version: string,
  task: "binary" | "regression",
  labelled: number,
  metrics: Record<string, number>,
): ArmFigures {
  return { ...emptyArm(name, version, labelled), online: { task, labelled, metrics } };
}

const figures = (stable: ArmFigures, candidate: ArmFigures): Figures => ({
  model: "m",
  windowSeconds: 60,
  source: "test",
  arms: { stable, candidate },
});

describe("two-sample tests agree with scipy", () => {
  it("student t survival function matches scipy.stats.t.sf", () => {
    for (const { t, dof, sf } of reference.t_sf) close(studentTSf(t, dof), sf, 1e-10);
  });

  it("two-proportion z-test matches chi2_contingency(correction=False)", () => {
    for (const { a, b, z, p } of reference.proportions) {
      const result = twoProportionZTest(a[0], a[1], b[0], b[1]);
      close(result.statistic, z);
      close(result.pValue, p, 1e-9);
    }
  });

  it("Welch's t-test from MAE and MSE matches ttest_ind(equal_var=False) on the absolute errors", () => {
    for (const { a, b, t, p } of reference.means) {
      const summary = (s: { mae: number; mse: number; n: number }) => ({
        mean: s.mae,
        std: Math.sqrt((s.mse - s.mae * s.mae) * (s.n / (s.n - 1))),
        n: s.n,
      });
      const result = welchTTest(summary(a), summary(b));
      close(result.statistic, t, 1e-8);
      close(result.pValue, p, 1e-8);
    }
  });
});

describe("abVerdict", () => {
  const settings = { confidence: 0.95, minLabelled: 100 };

  it("calls a clearly more accurate candidate better, with scipy's p-value", () => {
    const [ref] = reference.proportions; // 90/100 against 70/100
    const outcome = abVerdict(
      figures(
        arm("stable", "1.0.0", "binary", 100, { accuracy: 0.7 }),
        arm("candidate", "1.1.0", "binary", 100, { accuracy: 0.9 }),
      ),
      settings,
    );
    expect(outcome.metric).toBe("accuracy");
    expect(outcome.verdict).toBe("candidate better");
    close(outcome.test?.pValue ?? Number.NaN, ref.p);
  });

  it("calls a candidate with the larger MAE worse (lower is better for a loss)", () => {
    const ref = reference.means.find((m) => m.p < 0.05 && m.a.mae > m.b.mae)!;
    const outcome = abVerdict(
      figures(
        arm("stable", "1.0.0", "regression", ref.b.n, { mae: ref.b.mae, mse: ref.b.mse }),
        arm("candidate", "1.1.0", "regression", ref.a.n, { mae: ref.a.mae, mse: ref.a.mse }),
      ),
      { confidence: 0.95, minLabelled: 10 },
    );
    expect(outcome.metric).toBe("mae");
    expect(outcome.verdict).toBe("stable better");
    close(outcome.test?.pValue ?? Number.NaN, ref.p, 1e-8);
  });

  it("finds no difference when the test does not reject at the confidence", () => {
    const outcome = abVerdict(
      figures(
        arm("stable", "1.0.0", "binary", 100, { accuracy: 0.49 }),
        arm("candidate", "1.1.0", "binary", 100, { accuracy: 0.51 }),
      ),
      settings,
    );
    expect(outcome.verdict).toBe("no difference");
  });

  it("is inconclusive with too little feedback on an arm, naming it", () => {
    const outcome = abVerdict(
      figures(
        arm("stable", "1.0.0", "binary", 500, { accuracy: 0.5 }),
        arm("candidate", "1.1.0", "binary", 40, { accuracy: 1 }),
      ),
      settings,
    );
    expect(outcome.verdict).toBe("inconclusive");
    expect(outcome.reason).toContain("1.1.0 has 40 labelled rows; 100 per arm needed");
  });
});
