/**
 * Two-sample tests of an A/B rollout's outcome (docs/design.md, "Rollouts"), two-sided, agreeing with
 * scipy (scripts/reference/two_sample_reference.py):
 * - a proportion (accuracy: each labelled row right or wrong): the pooled two-proportion z-test, whose
 *   z² is the χ² of the 2×2 table (scipy.stats.chi2_contingency(correction=False));
 * - a mean of per-row values (mae: each row's absolute error): Welch's t-test from each arm's mean,
 *   sample standard deviation and count (scipy.stats.ttest_ind_from_stats(equal_var=False)).
 */
import { normalSf, studentTSf } from "../lib/distributions.js";

export interface TwoSampleResult {
  test: "two-proportion z-test" | "Welch's t-test";
  /** z or t: positive when sample a's figure is the larger. */
  statistic: number;
  /** Welch's degrees of freedom (Welch–Satterthwaite); undefined for the z-test. */
  dof?: number;
  /** Two-sided p-value; NaN when the test is undefined (no variance at all). */
  pValue: number;
}

/** Pooled two-proportion z-test of `successesA / nA` against `successesB / nB`. */
export function twoProportionZTest(
  successesA: number,
  nA: number,
  successesB: number,
  nB: number,
): TwoSampleResult {
  const pooled = (successesA + successesB) / (nA + nB);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / nA + 1 / nB));
  const diff = successesA / nA - successesB / nB;
  const statistic = se > 0 ? diff / se : diff === 0 ? 0 : Number.NaN;
  const pValue = se > 0 ? 2 * normalSf(Math.abs(statistic)) : diff === 0 ? 1 : Number.NaN;
  return { test: "two-proportion z-test", statistic, pValue };
}

export interface SampleSummary {
  mean: number;
  /** Sample standard deviation (n − 1 in the denominator). */
  std: number;
  n: number;
}

/** Welch's unequal-variance t-test of sample a's mean against sample b's. */
export function welchTTest(a: SampleSummary, b: SampleSummary): TwoSampleResult {
  const va = (a.std * a.std) / a.n;
  const vb = (b.std * b.std) / b.n;
  const se = Math.sqrt(va + vb);
  const diff = a.mean - b.mean;
  if (!(se > 0)) {
    return { test: "Welch's t-test", statistic: Number.NaN, pValue: diff === 0 ? 1 : Number.NaN };
  }
  const statistic = diff / se;
  const dof = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  return { test: "Welch's t-test", statistic, dof, pValue: 2 * studentTSf(Math.abs(statistic), dof) };
}
