/**
 * `mlship validate <current.csv> --reference <reference.csv>` end to end against
 * scipy: CSV reading, type inference, profiling (quantile sketches, exact up to
 * 2048 values per column), Evidently's default test choice and the report's
 * drift section must give the statistics scipy computes on the same values.
 *
 * The fixtures (test/fixtures/validate-drift/) are written by
 * scripts/reference/validate_drift_reference.py:
 * - small (800 reference rows, <= 1000): ks for x and n, chi2 for k and c
 *   (scipy.stats.chi2_contingency), ztest for b;
 * - large (1500 reference rows): normed wasserstein for x and n
 *   (scipy.stats.wasserstein_distance / np.std(ref)), jensenshannon for k, c and b
 *   (scipy.spatial.distance.jensenshannon on per-value shares, zero shares kept).
 *
 * Tolerances: statistic within 1e-9 (absolute, or relative when larger than 1),
 * p-value within 1e-9 relative (all the fixture's p-values are exact in scipy:
 * exact KS paths, chi2.sf, norm.sf).
 *
 * z-test sign: mlship folds yes/no into false/true and counts the second of the
 * sorted keys ("true" = yes) as 1; the script sorts "no" < "yes" and counts yes
 * as 1 too, so the signed z is compared (the script records its choice as `ones`).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/index.js";
import type { DriftColumnResult, ValidationReport } from "../../src/data/validate/report.js";
import { validateData } from "../../src/data/validate/validate.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/validate-drift");

interface ExpectedColumn {
  test: string;
  statistic: number;
  pValue: number | null;
  pValueExact?: boolean;
  dof?: number;
  ones?: string;
}
interface ExpectedPair {
  name: string;
  reference: string;
  current: string;
  referenceRows: number;
  currentRows: number;
  columns: Record<string, ExpectedColumn>;
}
const expected: { versions: Record<string, string>; pairs: ExpectedPair[] } = JSON.parse(
  readFileSync(join(FIXTURES, "expected.json"), "utf8"),
);

const STATISTIC_TOLERANCE = 1e-9;
const P_VALUE_RELATIVE_TOLERANCE = 1e-9;

/** |a − b|, relative to |b| when |b| > 1. */
function statisticError(actual: number, wanted: number): number {
  return Math.abs(actual - wanted) / Math.max(1, Math.abs(wanted));
}

function relativeError(actual: number, wanted: number): number {
  if (actual === wanted) return 0;
  return Math.abs(actual - wanted) / Math.abs(wanted);
}

const observed = { statistic: 0, pValue: 0 };
afterAll(() => {
  console.log(
    `drift vs scipy ${expected.versions.scipy}: max statistic error ${observed.statistic.toExponential(3)}, ` +
      `max p-value relative error ${observed.pValue.toExponential(3)}`,
  );
});

describe.each(expected.pairs)("mlship validate $current --reference $reference", (pair) => {
  const config = defaultConfig();
  let report: ValidationReport;
  let byName: Map<string, DriftColumnResult>;

  beforeAll(async () => {
    ({ report } = await validateData({
      data: join(FIXTURES, pair.current),
      reference: join(FIXTURES, pair.reference),
      quality: config.quality,
      drift: config.drift,
    }));
    byName = new Map(report.drift?.columns.map((c) => [c.name, c]));
  });

  it("reads every row and checks drift on every column", () => {
    expect(report.rows).toBe(pair.currentRows);
    expect(report.drift?.reference.rows).toBe(pair.referenceRows);
    expect(report.columns.map((c) => [c.name, c.type])).toEqual([
      ["x", "number"],
      ["n", "integer"],
      ["k", "integer"],
      ["c", "category"],
      ["b", "boolean"],
    ]);
    expect(report.drift?.columns.map((c) => c.name).sort()).toEqual(Object.keys(pair.columns).sort());
  });

  it.each(Object.entries(pair.columns))("%s: same test and statistic as scipy", (name, want) => {
    const got = byName.get(name);
    expect(got, `no drift result for ${name}`).toBeDefined();
    if (!got) return;
    expect(got.chosen).toBe("default");
    expect(got.test).toBe(want.test);

    const statisticErr = statisticError(got.statistic, want.statistic);
    observed.statistic = Math.max(observed.statistic, statisticErr);
    expect(
      statisticErr,
      `${name} ${want.test}: mlship ${got.statistic}, scipy ${want.statistic}`,
    ).toBeLessThanOrEqual(STATISTIC_TOLERANCE);

    if (want.pValue === null) {
      expect(got.pValue).toBeNull();
      return;
    }
    expect(want.pValueExact, "the fixture's p-values are all exact in scipy").toBe(true);
    expect(got.pValue).not.toBeNull();
    const pErr = relativeError(got.pValue as number, want.pValue);
    observed.pValue = Math.max(observed.pValue, pErr);
    expect(pErr, `${name} ${want.test}: mlship p ${got.pValue}, scipy p ${want.pValue}`).toBeLessThanOrEqual(
      P_VALUE_RELATIVE_TOLERANCE,
    );
  });
});
