import { z } from "zod";

export const GATE_INCONCLUSIVE = ["pass", "fail"] as const;

export const GateConfigSchema = z
  .strictObject({
    rules: z
      .array(z.string().min(1))
      .default([])
      .describe(
        'Gate rules, one a line: "<metric> <op> <bound>", op one of >= > <= <, bound a number or baseline, baseline ± x, baseline * x. E.g. "roc_auc >= baseline - 0.01", "latency_p99_ms <= baseline * 1.2", "demographic_parity_difference <= 0.1".',
      ),
    confidence: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe(
        "With it (e.g. 0.95), a rule against the baseline fails only when the paired bootstrap interval of the difference lies wholly on the failing side.",
      ),
    min_rows: z
      .int()
      .min(1)
      .optional()
      .describe("Fewer evaluation rows than this make rules against the baseline inconclusive."),
    inconclusive: z
      .enum(GATE_INCONCLUSIVE)
      .default("pass")
      .describe("What an inconclusive rule counts as: pass (default) or fail."),
    baseline: z
      .string()
      .min(1)
      .optional()
      .describe("The baseline: a model file or a registry ref. Default: <model.name>@production."),
    slices: z.array(z.string().min(1)).default([]).describe("Columns to report the metrics per value of."),
    sensitive: z
      .array(z.string().min(1))
      .default([])
      .describe("Columns to report fairness figures over (binary classifiers)."),
  })
  .describe("The evaluation gate of pull requests (mlship evaluate, the evaluate-gate action).");

export type GateConfig = z.infer<typeof GateConfigSchema>;
