/**
 * The validation report: what `mlship validate --json` writes and what the
 * validate-data action renders. Field names are a contract (issue #2, DESIGN.md).
 */

export type Severity = "error" | "warning";

export type DriftTestName = "ks" | "chi2" | "ztest" | "wasserstein" | "jensenshannon" | "psi" | "kl";

export interface ValidationIssue {
  /** Stable machine-readable code, e.g. `type_mismatch`, `missing_share`, `drift`. */
  code: string;
  severity: Severity;
  /** Column the issue is about; absent for dataset-level issues. */
  column?: string;
  /** 1-based line of the first offending row in the file (CSV/JSONL), or row number for Parquet. */
  line?: number;
  /** File the line refers to. */
  file?: string;
  message: string;
  /** How many rows or values are affected in total (the listed line is the first). */
  count?: number;
  /** Further offending lines after the first, capped. */
  lines?: number[];
}

export interface ColumnSummary {
  name: string;
  type: string;
  role?: string;
  count: number;
  missing: number;
  distinct: number;
  min?: number | string;
  max?: number | string;
  mean?: number;
  std?: number;
  top?: { value: string; count: number }[];
}

export interface DriftColumnResult {
  name: string;
  test: DriftTestName;
  statistic: number;
  /** Present for tests that have one (ks, chi2, ztest); null otherwise. */
  pValue: number | null;
  threshold: number;
  drifted: boolean;
  /** Why the test was chosen: `default` (as Evidently chooses) or `configured`. */
  chosen: "default" | "configured";
  /**
   * null: the statistic (and p-value) are those of the data itself. Otherwise a side
   * had more distinct values than the profile keeps exactly (2^20 numbers, or a
   * category store's capacity) and the statistic comes from a sketch: how far off it can be.
   */
  approximate: DriftApproximation | null;
  /** The threshold lies within the approximation's range: the exact statistic could give the other verdict. */
  borderline: boolean;
}

export interface DriftApproximation {
  /** The exact statistic lies in [low, high] (with `confidence`); the reported statistic lies inside too. */
  statistic: { low: number; high: number };
  /** Tests with a p-value: the p-values at the two ends of the statistic's range; else null. */
  pValue: { low: number; high: number } | null;
  /** The farthest the exact statistic can be from the reported one: max(statistic − low, high − statistic). */
  errorBound: number;
  /** Probability the range holds: 0.99 for each side a quantile sketch summarizes, 1 for category counts. */
  confidence: number;
  /** The sides summarized by a sketch. */
  sketched: ("reference" | "current")[];
}

export interface DriftReport {
  reference: { source: string; rows: number };
  columns: DriftColumnResult[];
  /** Share of checked columns that drifted. */
  share: number;
  /** Dataset drift: share > threshold. */
  threshold: number;
  drifted: boolean;
}

export interface Fingerprint {
  /** SHA-256 of the file's bytes as stored (compressed bytes for .gz). */
  sha256: string;
  bytes: number;
  rows: number;
  columns: string[];
  /** SHA-256 of the canonical JSON of the schema used, or null without one. */
  schemaSha256: string | null;
}

export interface ValidationReport {
  passed: boolean;
  file: string;
  format: string;
  rows: number;
  columns: ColumnSummary[];
  issues: ValidationIssue[];
  drift: DriftReport | null;
  fingerprint: Fingerprint;
}
