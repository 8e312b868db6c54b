import { z } from "zod";
import { ownRecord } from "../../lib/own-keys.js";
import { userKeyedRecord } from "../../lib/user-keyed-record.js";
import type { DriftTestName } from "../validate/report.js";

export const DRIFT_TESTS = [
  "ks",
  "chi2",
  "ztest",
  "wasserstein",
  "jensenshannon",
  "psi",
  "kl",
] as const satisfies readonly DriftTestName[];

export const DriftTestSchema = z
  .enum(DRIFT_TESTS)
  .describe(
    "ks, chi2, ztest: drift when the p-value is below the threshold; wasserstein, jensenshannon, psi, kl: drift when the distance reaches the threshold.",
  );

export const ColumnDriftConfigSchema = z
  .strictObject({
    test: DriftTestSchema.optional().describe(
      "The test for this column. Unset: chosen by type and size, as Evidently does.",
    ),
    threshold: z
      .number()
      .min(0)
      .optional()
      .describe(
        "The test's threshold (a p-value or a distance, depending on the test). Unset: the test's default.",
      ),
  })
  .describe("Drift settings for one column.");

export const DriftConfigSchema = z
  .strictObject({
    threshold: z
      .number()
      .min(0)
      .max(1)
      .default(0.5)
      .describe("The dataset drifts when the share of drifted columns exceeds this (0..1)."),
    columns: userKeyedRecord(z.string(), ColumnDriftConfigSchema)
      .default(ownRecord())
      .describe("Per-column overrides: column name -> { test, threshold }."),
    exclude: z.array(z.string()).default([]).describe("Columns not checked for drift."),
  })
  .describe("Drift between the reference and the current data.");

export type DriftTest = z.infer<typeof DriftTestSchema>;
export type ColumnDriftConfig = z.infer<typeof ColumnDriftConfigSchema>;
export type DriftConfig = z.infer<typeof DriftConfigSchema>;
