/**
 * Drift of each column between a reference profile and the current data's,
 * choosing the test as Evidently does by default (get_default_stattest):
 *
 * | reference rows | numeric, > 5 values | numeric, ≤ 5 values | categorical, > 2 values | binary |
 * |---|---|---|---|---|
 * | ≤ 1000 | ks (p < 0.05) | chi2 (p < 0.05) | chi2 (p < 0.05) | ztest (p < 0.05) |
 * | > 1000 | wasserstein, normed (≥ 0.1) | jensenshannon (≥ 0.1) | jensenshannon (≥ 0.1) | jensenshannon (≥ 0.1) |
 *
 * ("values" counts distinct values of reference and current together.) Any
 * test can be set per column. The statistics are those of the data itself
 * (scipy's, on the raw values) while each side has at most 2^20 distinct
 * numbers, or fits its category store; past that a side is a sketch and the
 * result says how far off it can be (`approximate`, see drift-bounds.ts) and
 * whether the verdict could flip (`borderline`).
 */
import { MlshipError } from "../../lib/errors.js";
import { type ColumnProfileState, normalizeBoolean } from "../profile/column-profile.js";
import type { CategoryDistribution, NumericDistribution } from "../profile/column-stats.js";
import { columnDistributions, type DataProfile } from "../profile/profile.js";
import type { DriftApproximation, DriftColumnResult, DriftTestName } from "../validate/report.js";
import {
  type BinBounds,
  chi2Bound,
  type Interval,
  jensenShannonRange,
  klRange,
  ksBound,
  point,
  psiRange,
  restOf,
  type SideBins,
  type SideCounts,
  shareInterval,
  wassersteinBound,
  wassersteinSideError,
} from "./drift-bounds.js";
import {
  type CategoryCounts,
  chi2Test,
  histogramShares,
  jensenShannonCategorical,
  jensenShannonNumeric,
  klCategorical,
  klNumeric,
  ksTest,
  type NumericBinning,
  normalizedWasserstein,
  numericBinEdges,
  psiCategorical,
  psiNumeric,
  type TestResult,
  type WeightedSample,
  weightedStd,
  zTest,
} from "./drift-tests.js";

/** Default thresholds: a p-value for ks, chi2 and ztest; a distance for the rest (Evidently's defaults). */
export const DEFAULT_DRIFT_THRESHOLDS: Record<DriftTestName, number> = {
  ks: 0.05,
  chi2: 0.05,
  ztest: 0.05,
  wasserstein: 0.1,
  jensenshannon: 0.1,
  psi: 0.1,
  kl: 0.1,
};

const P_VALUE_TESTS: ReadonlySet<DriftTestName> = new Set(["ks", "chi2", "ztest"]);
/** Reference size up to which statistical tests are used rather than distances (Evidently). */
export const SMALL_REFERENCE_ROWS = 1000;

export interface ColumnDriftSettings {
  test?: DriftTestName;
  threshold?: number;
}

export interface ColumnDriftInput {
  reference: ColumnProfileState;
  current: ColumnProfileState;
  /** Rows in the reference dataset (Evidently decides on the dataset's size). */
  referenceRows: number;
  settings?: ColumnDriftSettings;
}

type DriftKind = "numeric" | "categorical";

/** Which columns drift applies to: numbers and categories; not free text, dates, ids or ignored columns. */
export function driftKind(type: string): DriftKind | undefined {
  if (type === "number" || type === "integer") return "numeric";
  if (type === "category" || type === "boolean") return "categorical";
  return undefined;
}

export function columnDrift(input: ColumnDriftInput): DriftColumnResult | undefined {
  const kind = driftKind(input.reference.type);
  if (!kind || driftKind(input.current.type) !== kind) return undefined;
  const ref = columnDistributions(input.reference);
  const cur = columnDistributions(input.current);
  // A boolean read without a schema keeps its spellings (yes/no, True/False); read with one, true/false.
  // Compare booleans as true/false on both sides, or one column in two spellings looks drifted.
  const booleans = input.reference.type === "boolean" || input.current.type === "boolean";
  const sides =
    kind === "numeric"
      ? numericSides(ref.numeric, cur.numeric)
      : categoricalSides(ref.categories, cur.categories, booleans);
  if (!sides) return undefined;

  const chosen = input.settings?.test ? "configured" : "default";
  const test = input.settings?.test ?? defaultTest(kind, input.referenceRows, sides.distinct());
  const threshold = input.settings?.threshold ?? DEFAULT_DRIFT_THRESHOLDS[test];
  const name = input.reference.name;
  let result: TestResult;
  try {
    result = sides.run(test);
  } catch (error) {
    if (error instanceof MlshipError) throw error;
    throw new MlshipError(
      "drift_test_unsuitable",
      `drift test ${test} cannot check column "${name}": ${(error as Error).message}; choose another test in drift.columns`,
      { column: name, path: `drift.columns.${name}.test` },
    );
  }
  const { statistic, pValue } = result;
  const approximate = sides.exact ? null : approximation(result, sides.bound(test, result), sides.sketched);
  const drifted = P_VALUE_TESTS.has(test) ? (pValue ?? 1) < threshold : statistic >= threshold;
  const borderline = approximate !== null && isBorderline(test, threshold, approximate);
  return { name, test, statistic, pValue, threshold, drifted, chosen, approximate, borderline };
}

/** Every column two profiles share that drift applies to, tested with its default test and threshold. */
export interface ProfileDrift {
  results: DriftColumnResult[];
  /** Share of the tested columns that drifted; undefined when no column could be tested. */
  share: number | undefined;
}

/**
 * The drift of `current` against `reference` column by column, as `mlship validate --reference` judges it
 * without a drift: section (default tests and thresholds): a server's live input profile against the
 * release's profile.json, say.
 */
export function driftAgainstReference(reference: DataProfile, current: DataProfile): ProfileDrift {
  const results: DriftColumnResult[] = [];
  for (const column of current.columns) {
    const ref = reference.columns.find((c) => c.name === column.name);
    if (!ref || !driftKind(column.type)) continue;
    const result = columnDrift({ reference: ref, current: column, referenceRows: reference.rows });
    if (result) results.push(result);
  }
  const drifted = results.filter((r) => r.drifted).length;
  return { results, share: results.length === 0 ? undefined : drifted / results.length };
}

export function defaultTest(kind: DriftKind, referenceRows: number, distinct: number): DriftTestName {
  if (referenceRows <= SMALL_REFERENCE_ROWS) {
    if (kind === "numeric") return distinct > 5 ? "ks" : "chi2";
    return distinct > 2 ? "chi2" : "ztest";
  }
  if (kind === "numeric") return distinct > 5 ? "wasserstein" : "jensenshannon";
  return "jensenshannon";
}

/** The range of the exact statistic (and p-value) around a sketch's result, widened to hold the result itself. */
interface Bound {
  statistic: Interval;
  pValue: Interval | null;
  confidence: number;
}

/** The two sides of a column, as the tests need them. */
interface Sides {
  /** True when both sides hold every value with its exact count. */
  exact: boolean;
  sketched: ("reference" | "current")[];
  /** Distinct values of both sides together (for the default test). */
  distinct(): number;
  run(test: DriftTestName): TestResult;
  /** How far the exact result can be from `result` (called only when not exact). */
  bound(test: DriftTestName, result: TestResult): Bound;
}

function approximation(
  result: TestResult,
  bound: Bound,
  sketched: DriftApproximation["sketched"],
): DriftApproximation {
  const low = Math.min(bound.statistic.low, result.statistic);
  const high = Math.max(bound.statistic.high, result.statistic);
  const pValue =
    result.pValue === null || bound.pValue === null
      ? null
      : { low: Math.min(bound.pValue.low, result.pValue), high: Math.max(bound.pValue.high, result.pValue) };
  return {
    statistic: { low, high },
    pValue,
    errorBound: Math.max(result.statistic - low, high - result.statistic),
    confidence: bound.confidence,
    sketched,
  };
}

/** Could a statistic (or p-value) within the range fall on the other side of the threshold? */
function isBorderline(test: DriftTestName, threshold: number, approximate: DriftApproximation): boolean {
  if (P_VALUE_TESTS.has(test)) {
    const p = approximate.pValue;
    return p !== null && p.low < threshold && p.high >= threshold;
  }
  const { low, high } = approximate.statistic;
  return low < threshold && high >= threshold;
}

// ───────────────────────────────────────── numeric ─────────────────────────────────────────

function numericSides(ref?: NumericDistribution, cur?: NumericDistribution): Sides | undefined {
  if (!ref || !cur || ref.values.count === 0 || cur.values.count === 0) return undefined;
  const a = ref.values;
  const b = cur.values;
  const sketched = [...(a.isExact ? [] : ["reference" as const]), ...(b.isExact ? [] : ["current" as const])];
  const refSample = a.weighted();
  const curSample = b.weighted();
  const binning: NumericBinning = {
    min: Math.min(a.min, b.min),
    max: Math.max(a.max, b.max),
    refDistinct: a.distinct,
  };
  // The std the normed distance divides by: numpy's two-pass std of the values while exact, the moments' (also exact) past that.
  const refStd = a.isExact ? weightedStd(refSample) : ref.moments.std;
  const counts = (sample: WeightedSample) => {
    const out: CategoryCounts = new Map();
    sample.values.forEach((value, i) => {
      const key = String(value);
      out.set(key, (out.get(key) ?? 0) + sample.weights[i]);
    });
    return out;
  };
  const confidence = 1 - 0.01 * sketched.length;
  return {
    exact: sketched.length === 0,
    sketched,
    distinct() {
      if (a.isExact && b.isExact) return unionSize(refSample.values, curSample.values);
      return ref.distinct.clone().merge(cur.distinct).estimate();
    },
    run(test) {
      switch (test) {
        case "ks":
          return ksTest(refSample, curSample);
        case "wasserstein":
          return { statistic: normalizedWasserstein(refSample, curSample, refStd), pValue: null };
        case "chi2":
          return chi2Test(counts(refSample), counts(curSample));
        case "ztest":
          return zTest(counts(refSample), counts(curSample));
        case "jensenshannon":
          return { statistic: jensenShannonNumeric(refSample, curSample, binning), pValue: null };
        case "psi":
          return { statistic: psiNumeric(refSample, curSample, binning), pValue: null };
        case "kl":
          return { statistic: klNumeric(refSample, curSample, binning), pValue: null };
      }
    },
    bound(test, result) {
      switch (test) {
        case "ks": {
          const { statistic, pValue } = ksBound(
            result.statistic,
            [a.rankError, b.rankError],
            a.count,
            b.count,
          );
          return { statistic, pValue, confidence };
        }
        case "wasserstein": {
          const errors: [number, number] = [
            wassersteinSideError(a.rankError, a.min, a.max),
            wassersteinSideError(b.rankError, b.min, b.max),
          ];
          return { statistic: wassersteinBound(result.statistic, errors, refStd), pValue: null, confidence };
        }
        case "chi2":
        case "ztest": {
          const { ref: r, cur: c } = numericValueCounts(refSample, curSample, a, b);
          const { statistic, pValue } = chi2Bound(r, c);
          return { statistic, pValue, confidence };
        }
        case "jensenshannon":
        case "psi":
        case "kl": {
          const bins = numericBins(refSample, curSample, a, b, binning);
          const range =
            test === "jensenshannon"
              ? jensenShannonRange(bins)
              : test === "psi"
                ? psiRange(bins)
                : klRange(bins);
          return { statistic: range, pValue: null, confidence };
        }
      }
    },
  };
}

/** What the bounds need of a numeric side's store. */
interface StoreErrors {
  count: number;
  isExact: boolean;
  pmfRankError: number;
}

/** Weight of the items equal to each of `values` (ascending) in a sorted sample. */
function massAt(sample: WeightedSample, values: Float64Array): Float64Array {
  const out = new Float64Array(values.length);
  let j = 0;
  for (let i = 0; i < values.length; i++) {
    while (j < sample.values.length && sample.values[j] < values[i]) j++;
    while (j < sample.values.length && sample.values[j] === values[i]) out[i] += sample.weights[j++];
  }
  return out;
}

/** Shares of one side in the listed bins: exact, or the sketch's estimate ± its per-bin error. */
function sideShares(masses: Float64Array, store: StoreErrors): SideBins {
  const unit = 1 / store.count;
  const shares = Array.from(masses, (mass) =>
    store.isExact
      ? point(mass / store.count)
      : shareInterval(mass / store.count, store.pmfRankError, unit, mass > 0),
  );
  return {
    shares,
    rest: store.isExact ? point(Math.max(0, 1 - sumOf(masses) / store.count)) : restOf(shares),
    unit,
  };
}

function sumOf(values: Float64Array): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/**
 * The bins a numeric JS/PSI/KL sums over: the Sturges histogram (every value falls in
 * a listed bin, so no rest), or — for a reference of ≤ 20 exact values — one bin per
 * reference value, the current's other values being the rest.
 */
function numericBins(
  refSample: WeightedSample,
  curSample: WeightedSample,
  a: StoreErrors,
  b: StoreErrors,
  binning: NumericBinning,
): BinBounds {
  const edges = numericBinEdges(refSample, curSample, binning);
  if (edges) {
    const mass = (sample: WeightedSample, store: StoreErrors) =>
      histogramShares(sample, edges).map((share) => share * store.count);
    return {
      ref: { ...sideShares(mass(refSample, a), a), rest: point(0) },
      cur: { ...sideShares(mass(curSample, b), b), rest: point(0) },
      restBins: 0,
    };
  }
  // The reference is exact (≤ 20 distinct values), so the current is the sketched side.
  const values = refSample.values;
  return {
    ref: sideShares(massAt(refSample, values), a),
    cur: sideShares(massAt(curSample, values), b),
    restBins: b.count,
  };
}

/**
 * Per-value counts for chi2 on a numeric column: one category per value of an exact
 * side (none when both are sketches); the sketched side's count there is its
 * estimate ± the per-bin error, and everything else is the rest.
 */
function numericValueCounts(
  refSample: WeightedSample,
  curSample: WeightedSample,
  a: StoreErrors,
  b: StoreErrors,
): { ref: SideCounts; cur: SideCounts } {
  const values = a.isExact ? refSample.values : b.isExact ? curSample.values : new Float64Array(0);
  const toCounts = (side: SideBins, total: number): SideCounts => ({
    counts: side.shares.map((s) => ({ low: s.low * total, high: s.high * total })),
    rest: { low: side.rest.low * total, high: side.rest.high * total },
    total,
  });
  return {
    ref: toCounts(sideShares(massAt(refSample, values), a), a.count),
    cur: toCounts(sideShares(massAt(curSample, values), b), b.count),
  };
}

/** Number of distinct values in the union of two ascending lists. */
function unionSize(a: Float64Array, b: Float64Array): number {
  let i = 0;
  let j = 0;
  let n = 0;
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i] <= b[j]) ? a[i] : b[j];
    while (i < a.length && a[i] === x) i++;
    while (j < b.length && b[j] === x) j++;
    n++;
  }
  return n;
}

// ─────────────────────────────────────── categorical ───────────────────────────────────────

/** A category side: counts (upper bounds when approximate), how far below each true count may be, and what untracked values may hold. */
interface CategorySide {
  counts: CategoryCounts;
  errors: Map<string, number>;
  /** Largest count an untracked value may have (0 when exact). */
  maxError: number;
  total: number;
  exact: boolean;
}

function categorySide(categories: CategoryDistribution, booleans: boolean): CategorySide {
  const { top } = categories;
  const counts: CategoryCounts = new Map();
  const errors = new Map<string, number>();
  for (const entry of top.entries()) {
    const key = booleans ? (normalizeBoolean(entry.value) ?? entry.value) : entry.value;
    counts.set(key, (counts.get(key) ?? 0) + entry.count);
    errors.set(key, (errors.get(key) ?? 0) + entry.error);
  }
  return { counts, errors, maxError: top.maxError, total: top.total, exact: top.isExact };
}

function categoricalSides(
  refCategories: CategoryDistribution | undefined,
  curCategories: CategoryDistribution | undefined,
  booleans: boolean,
): Sides | undefined {
  if (!refCategories || !curCategories) return undefined;
  const ref = categorySide(refCategories, booleans);
  const cur = categorySide(curCategories, booleans);
  if (ref.total === 0 || cur.total === 0) return undefined;
  const sketched = [...(ref.exact ? [] : ["reference" as const]), ...(cur.exact ? [] : ["current" as const])];
  return {
    exact: sketched.length === 0,
    sketched,
    distinct() {
      const keys = new Set(ref.counts.keys());
      for (const key of cur.counts.keys()) keys.add(key);
      return keys.size;
    },
    run(test) {
      switch (test) {
        case "chi2":
          return chi2Test(ref.counts, cur.counts);
        case "ztest":
          return zTest(ref.counts, cur.counts);
        case "jensenshannon":
          return { statistic: jensenShannonCategorical(ref.counts, cur.counts), pValue: null };
        case "psi":
          return { statistic: psiCategorical(ref.counts, cur.counts), pValue: null };
        case "kl":
          return { statistic: klCategorical(ref.counts, cur.counts), pValue: null };
        case "ks":
        case "wasserstein":
          throw new Error(`${test} needs numbers, and the column holds categories`);
      }
    },
    bound(test) {
      const keys = new Set([...ref.counts.keys(), ...cur.counts.keys()]);
      const refCounts = categoryCounts(ref, keys);
      const curCounts = categoryCounts(cur, keys);
      if (test === "chi2" || test === "ztest") {
        const { statistic, pValue } = chi2Bound(refCounts, curCounts);
        return { statistic, pValue, confidence: 1 };
      }
      const bins: BinBounds = {
        ref: shareBins(refCounts),
        cur: shareBins(curCounts),
        // Each category no side tracks holds at least one value somewhere.
        restBins: Math.floor(refCounts.rest.high + curCounts.rest.high),
      };
      const range =
        test === "jensenshannon" ? jensenShannonRange(bins) : test === "psi" ? psiRange(bins) : klRange(bins);
      return { statistic: range, pValue: null, confidence: 1 };
    },
  };
}

/**
 * The count of each listed category on one side as an interval: [count − error, count]
 * when tracked, [0, maxError] when not (0 on an exact side); the rest is what the total leaves.
 */
function categoryCounts(side: CategorySide, keys: Set<string>): SideCounts {
  const counts: Interval[] = [];
  let low = 0;
  let high = 0;
  for (const key of keys) {
    const count = side.counts.get(key);
    const interval =
      count === undefined
        ? { low: 0, high: side.maxError }
        : { low: count - (side.errors.get(key) ?? 0), high: Math.min(count, side.total) };
    counts.push(interval);
    low += interval.low;
    high += interval.high;
  }
  return {
    counts,
    rest: { low: Math.max(0, side.total - high), high: Math.max(0, side.total - low) },
    total: side.total,
  };
}

function shareBins(side: SideCounts): SideBins {
  const t = side.total;
  return {
    shares: side.counts.map((c) => ({ low: c.low / t, high: c.high / t })),
    rest: { low: side.rest.low / t, high: side.rest.high / t },
    unit: 1 / t,
  };
}
