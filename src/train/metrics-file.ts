/**
 * What mlship reads back from a training run's metrics.json (package --metrics, the gate
 * report's lineage, the training cache): the fields of builtin:logistic's, builtin:gbdt's and a
 * command trainer's reports that readers use, each of its type when present. Metrics are numbers,
 * or null where JSON kept a NaN.
 */
import { z } from "zod";
import { userKeyedRecord } from "../lib/user-keyed-record.js";

export const MetricValuesSchema = userKeyedRecord(z.string(), z.number().nullable());

const ScoredSchema = z.looseObject({ metrics: MetricValuesSchema });

export const TrainingMetricsFileSchema = z.looseObject({
  trainer: z.string().optional(),
  command: z.string().optional(),
  task: z.enum(["binary", "multiclass", "regression"]).optional(),
  label: z.string().optional(),
  classes: z.array(z.union([z.string(), z.number()])).optional(),
  features: z.array(z.string()).optional(),
  params: userKeyedRecord(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  /** A command trainer's metrics. */
  metrics: MetricValuesSchema.optional(),
  /** A built-in trainer's metrics on the validation and the training rows. */
  validation: ScoredSchema.optional(),
  train: ScoredSchema.optional(),
  /** builtin: `{sha256}`; a command: the SHA-256 of each data file by role. */
  data: userKeyedRecord(z.string(), z.string()).optional(),
  rows: z
    .looseObject({
      train: z.int().min(0).optional(),
      validation: z.int().min(0).optional(),
      missingLabel: z.int().min(0).optional(),
    })
    .optional(),
  seed: z.int().optional(),
  mlship: z.string().optional(),
});

export type TrainingMetricsFile = z.infer<typeof TrainingMetricsFileSchema>;

export const TRAINING_METRICS_FILE = "a training run's metrics.json";

/** A built-in trainer's metrics.json as the training cache restores it: what the CLI prints from it. */
export const BuiltinTrainReportFileSchema = TrainingMetricsFileSchema.extend({
  trainer: z.string(),
  task: z.enum(["binary", "multiclass", "regression"]),
  label: z.string(),
  classes: z.array(z.union([z.string(), z.number()])),
  features: z.array(z.string()),
  validation: ScoredSchema,
  train: ScoredSchema,
  rows: z.looseObject({ train: z.int().min(0), validation: z.int().min(0), missingLabel: z.int().min(0) }),
});

/** A command trainer's metrics.json as the training cache restores it. */
export const CommandTrainReportFileSchema = TrainingMetricsFileSchema.extend({
  command: z.string(),
  metrics: MetricValuesSchema,
});
