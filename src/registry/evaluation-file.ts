/**
 * What mlship reads back from an evaluation (`mlship evaluate --json`, the evaluate-gate action's
 * evaluation.json): packaging a model takes its metrics (the evaluation setting). The fields read are checked,
 * the rest of the report passes as it is.
 */
import { z } from "zod";
import { MetricValuesSchema } from "../train/metrics-file.js";

export const EvaluationFileSchema = z.looseObject({
  task: z.enum(["binary", "multiclass", "regression"]).optional(),
  metrics: MetricValuesSchema,
  gate: z.looseObject({ passed: z.boolean() }).optional(),
});

export const EVALUATION_FILE =
  "an evaluation (the JSON report of mlship evaluate or the evaluate-gate action)";
