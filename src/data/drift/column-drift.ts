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
 * test can be set per column. Numeric samples come from the profiles'
 * quantile sketches: exact while a column has at most 2048 values, otherwise
 * within the sketch's rank error.
 */
import { type ColumnProfileState, normalizeBoolean } from "../profile/column-profile.js";
import type { CategoryDistribution, NumericDistribution } from "../profile/column-stats.js";
import { columnDistributions } from "../profile/profile.js";
import type { DriftColumnResult, DriftTestName } from "../validate/report.js";
import {
  type CategoryCounts,
  chi2Test,
  jensenShannonCategorical,
  jensenShannonNumeric,
  klCategorical,
  klNumeric,
  ksTest,
  normalizedWasserstein,
  psiCategorical,
  psiNumeric,
  type WeightedSample,
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
  const values = kind === "numeric" ? numericSide(ref.numeric) : categoricalSide(ref.categories, booleans);
  const curValues = kind === "numeric" ? numericSide(cur.numeric) : categoricalSide(cur.categories, booleans);
  if (!values || !curValues || values.total === 0 || curValues.total === 0) return undefined;

  const distinct = unionDistinct(values.counts(), curValues.counts(), kind, ref.numeric, cur.numeric);
  const chosen = input.settings?.test ? "configured" : "default";
  const test = input.settings?.test ?? defaultTest(kind, input.referenceRows, distinct);
  const threshold = input.settings?.threshold ?? DEFAULT_DRIFT_THRESHOLDS[test];

  let statistic: number;
  let pValue: number | null = null;
  switch (test) {
    case "ks":
      ({ statistic, pValue } = ksTest(values.sample(), curValues.sample()));
      break;
    case "wasserstein":
      statistic = normalizedWasserstein(values.sample(), curValues.sample());
      break;
    case "chi2":
      ({ statistic, pValue } = chi2Test(values.counts(), curValues.counts()));
      break;
    case "ztest":
      ({ statistic, pValue } = zTest(values.counts(), curValues.counts()));
      break;
    case "jensenshannon":
      statistic =
        kind === "numeric"
          ? jensenShannonNumeric(values.sample(), curValues.sample())
          : jensenShannonCategorical(values.counts(), curValues.counts());
      break;
    case "psi":
      statistic =
        kind === "numeric"
          ? psiNumeric(values.sample(), curValues.sample())
          : psiCategorical(values.counts(), curValues.counts());
      break;
    case "kl":
      statistic =
        kind === "numeric"
          ? klNumeric(values.sample(), curValues.sample())
          : klCategorical(values.counts(), curValues.counts());
      break;
  }
  const drifted = P_VALUE_TESTS.has(test) ? (pValue ?? 1) < threshold : statistic >= threshold;
  return { name: input.reference.name, test, statistic, pValue, threshold, drifted, chosen };
}

export function defaultTest(kind: DriftKind, referenceRows: number, distinct: number): DriftTestName {
  if (referenceRows <= SMALL_REFERENCE_ROWS) {
    if (kind === "numeric") return distinct > 5 ? "ks" : "chi2";
    return distinct > 2 ? "chi2" : "ztest";
  }
  if (kind === "numeric") return distinct > 5 ? "wasserstein" : "jensenshannon";
  return "jensenshannon";
}

interface Side {
  total: number;
  sample(): WeightedSample;
  counts(): CategoryCounts;
}

function numericSide(numeric: NumericDistribution | undefined): Side | undefined {
  if (!numeric) return undefined;
  return {
    total: numeric.moments.count,
    sample: () => {
      // Few distinct values (a 0/1 label, a rating): their exact counts are the exact sample.
      const exact = numeric.values.get();
      if (!exact) return numeric.quantiles.weightedItems();
      const entries = [...exact].sort((a, b) => a[0] - b[0]);
      return {
        values: Float64Array.from(entries, ([value]) => value),
        weights: Float64Array.from(entries, ([, n]) => n),
      };
    },
    counts: () => {
      const exact = numeric.values.get();
      if (exact) return new Map([...exact].map(([value, n]) => [String(value), n]));
      const items = numeric.quantiles.weightedItems();
      const counts: CategoryCounts = new Map();
      items.values.forEach((value, i) => {
        const key = String(value);
        counts.set(key, (counts.get(key) ?? 0) + items.weights[i]);
      });
      return counts;
    },
  };
}

function categoricalSide(categories: CategoryDistribution | undefined, booleans: boolean): Side | undefined {
  if (!categories) return undefined;
  return {
    total: categories.top.total,
    sample: () => {
      throw new Error("a categorical column has no numeric sample");
    },
    counts: () => (booleans ? booleanCounts(categories.counts()) : categories.counts()),
  };
}

/** Counts with every boolean spelling folded into "true" or "false"; other values kept as they are. */
function booleanCounts(counts: CategoryCounts): CategoryCounts {
  const folded: CategoryCounts = new Map();
  for (const [value, n] of counts) {
    const key = normalizeBoolean(value) ?? value;
    folded.set(key, (folded.get(key) ?? 0) + n);
  }
  return folded;
}

function unionDistinct(
  a: CategoryCounts,
  b: CategoryCounts,
  kind: DriftKind,
  refNumeric?: NumericDistribution,
  curNumeric?: NumericDistribution,
): number {
  if (kind === "numeric" && refNumeric && curNumeric) {
    const exactA = refNumeric.values.get();
    const exactB = curNumeric.values.get();
    if (!exactA || !exactB) return refNumeric.distinct.clone().merge(curNumeric.distinct).estimate();
  }
  const keys = new Set(a.keys());
  for (const key of b.keys()) keys.add(key);
  return keys.size;
}
