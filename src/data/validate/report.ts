/**
 * The validation report: what `mlship validate --json` writes and what the
 * validate-data action renders. Field names are a contract (issue #2, docs/design.md).
 * The zod schemas give the types and check a report read back (`mlship evaluate
 * --validation`), naming the path of a field of the wrong type.
 */
import { z } from "zod";

export type Severity = "error" | "warning";

export type DriftTestName = "ks" | "chi2" | "ztest" | "wasserstein" | "jensenshannon" | "psi" | "kl";

const count = z.int().min(0);
/** A number JSON holds as null where it was NaN (a share of no columns, a mean of no values). */
const figure = z
  .number()
  .nullable()
  .transform((value) => value ?? Number.NaN);

export const ValidationIssueSchema = z.looseObject({
  /** Stable machine-readable code, e.g. `type_mismatch`, `missing_share`, `drift`. */
  code: z.string(),
  severity: z.enum(["error", "warning"]),
  /** Column the issue is about; absent for dataset-level issues. */
  column: z.string().optional(),
  /** 1-based line of the first offending row in the file (CSV/JSONL), or row number for Parquet. */
  line: count.optional(),
  /** File the line refers to. */
  file: z.string().optional(),
  message: z.string(),
  /** How many rows or values are affected in total (the listed line is the first). */
  count: count.optional(),
  /** Further offending lines after the first, capped. */
  lines: z.array(count).optional(),
});
export type ValidationIssue = z.infer<typeof ValidationIssueSchema>;

export const ColumnSummarySchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  role: z.string().optional(),
  count,
  missing: count,
  distinct: count,
  min: z.union([z.number(), z.string()]).optional(),
  max: z.union([z.number(), z.string()]).optional(),
  mean: figure.optional(),
  std: figure.optional(),
  top: z.array(z.looseObject({ value: z.string(), count })).optional(),
});
export type ColumnSummary = z.infer<typeof ColumnSummarySchema>;

export const DriftColumnResultSchema = z.looseObject({
  name: z.string(),
  test: z.enum(["ks", "chi2", "ztest", "wasserstein", "jensenshannon", "psi", "kl"]),
  statistic: figure,
  /** Present for tests that have one (ks, chi2, ztest); null otherwise. */
  pValue: z.number().nullable(),
  threshold: z.number(),
  drifted: z.boolean(),
  /** Why the test was chosen: `default` (as Evidently chooses) or `configured`. */
  chosen: z.enum(["default", "configured"]),
  /**
   * null: the statistic (and p-value) are those of the data itself. Otherwise a side
   * had more distinct values than the profile keeps exactly (2^20 numbers, or a
   * category store's capacity) and the statistic comes from a sketch: how far off it can be.
   * (Absent in reports of mlship versions before it: read as null.)
   */
  approximate: z
    .looseObject({
      /** The exact statistic lies in [low, high] (with `confidence`); the reported statistic lies inside too. */
      statistic: z.looseObject({ low: z.number(), high: z.number() }),
      /** Tests with a p-value: the p-values at the two ends of the statistic's range; else null. */
      pValue: z.looseObject({ low: z.number(), high: z.number() }).nullable(),
      /** The farthest the exact statistic can be from the reported one: max(statistic − low, high − statistic). */
      errorBound: z.number().min(0),
      /** Probability the range holds: 0.99 for each side a quantile sketch summarizes, 1 for category counts. */
      confidence: z.number().min(0).max(1),
      /** The sides summarized by a sketch. */
      sketched: z.array(z.enum(["reference", "current"])),
    })
    .nullable()
    .default(null),
  /** The threshold lies within the approximation's range: the exact statistic could give the other verdict. */
  borderline: z.boolean().default(false),
});
export type DriftColumnResult = z.infer<typeof DriftColumnResultSchema>;
export type DriftApproximation = NonNullable<DriftColumnResult["approximate"]>;

export const DriftReportSchema = z.looseObject({
  reference: z.looseObject({ source: z.string(), rows: count }),
  columns: z.array(DriftColumnResultSchema),
  /** Share of checked columns that drifted. */
  share: figure,
  /** Dataset drift: share > threshold. */
  threshold: z.number(),
  drifted: z.boolean(),
});
export type DriftReport = z.infer<typeof DriftReportSchema>;

export const FingerprintSchema = z.looseObject({
  /** SHA-256 of the file's bytes as stored (compressed bytes for .gz). */
  sha256: z.string(),
  bytes: count,
  rows: count,
  columns: z.array(z.string()),
  /** SHA-256 of the canonical JSON of the schema used, or null without one. */
  schemaSha256: z.string().nullable(),
});
export type Fingerprint = z.infer<typeof FingerprintSchema>;

export const ValidationReportSchema = z.looseObject({
  passed: z.boolean(),
  file: z.string(),
  format: z.string(),
  rows: count,
  columns: z.array(ColumnSummarySchema),
  issues: z.array(ValidationIssueSchema),
  drift: DriftReportSchema.nullable(),
  fingerprint: FingerprintSchema,
});
export type ValidationReport = z.infer<typeof ValidationReportSchema>;
