import { z } from "zod";

export const OUTLIER_METHODS = ["iqr", "zscore"] as const;
export const FAIL_ON_LEVELS = ["error", "warning", "never"] as const;

/** The usual fences: Tukey's 1.5 × IQR, and 3 standard deviations. */
export const DEFAULT_OUTLIER_K = { iqr: 1.5, zscore: 3 } as const satisfies Record<OutlierMethod, number>;

export const OutlierConfigSchema = z
  .strictObject({
    method: z
      .enum(OUTLIER_METHODS)
      .default("iqr")
      .describe(
        "iqr: outside [Q1 - k·IQR, Q3 + k·IQR]; zscore: more than k standard deviations from the mean.",
      ),
    k: z.number().positive().optional().describe("Fence width. Default 1.5 for iqr, 3 for zscore."),
  })
  .transform((outliers) => ({ method: outliers.method, k: outliers.k ?? DEFAULT_OUTLIER_K[outliers.method] }))
  .describe("How numeric outliers are found.");

export const QualityConfigSchema = z
  .strictObject({
    outliers: OutlierConfigSchema.prefault({}),
    maxIssueLines: z.int().min(1).default(5).describe("How many offending lines each issue lists."),
    pii: z
      .boolean()
      .default(true)
      .describe("Warn about values that look like personal data (emails, phones, cards)."),
    failOn: z
      .enum(FAIL_ON_LEVELS)
      .default("error")
      .describe("Which issues fail the check: errors only, warnings too, or never."),
  })
  .describe("Data quality checks.");

export type OutlierMethod = (typeof OUTLIER_METHODS)[number];
export type OutlierConfig = z.infer<typeof OutlierConfigSchema>;
export type QualityConfig = z.infer<typeof QualityConfigSchema>;
