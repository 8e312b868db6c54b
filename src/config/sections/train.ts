import { z } from "zod";
import { ownRecord } from "../../lib/own-keys.js";
import { userKeyedRecord } from "../../lib/user-keyed-record.js";
import { SearchSpaceSchema } from "../../tune/search-space.js";

export const SEARCH_METHODS = ["grid", "random", "tpe"] as const;

export const SearchConfigSchema = z
  .strictObject({
    method: z
      .enum(SEARCH_METHODS)
      .default("tpe")
      .describe("grid, random, or tpe (Tree-structured Parzen Estimator, seeded)."),
    trials: z
      .int()
      .min(1)
      .default(20)
      .describe("Trials to finish; a resumed search counts those in its study file."),
    seed: z.int().min(0).default(0).describe("Seed of the sampler: the same seed suggests the same params."),
    objective: z
      .strictObject({
        metric: z.string().min(1).default("roc_auc").describe("The validation metric to optimize."),
        direction: z
          .enum(["maximize", "minimize"])
          .optional()
          .describe("Unset: the metric's own (roc_auc maximize, log_loss minimize, …)."),
      })
      .prefault({}),
    space: SearchSpaceSchema,
    pruner: z
      .discriminatedUnion("type", [
        z.strictObject({ type: z.literal("none") }),
        z.strictObject({
          type: z.literal("median"),
          nStartupTrials: z.int().min(0).optional(),
          nWarmupSteps: z.int().min(0).optional(),
          intervalSteps: z.int().min(1).optional(),
        }),
        z.strictObject({
          type: z.literal("asha"),
          minResource: z.number().positive().optional(),
          reductionFactor: z.number().min(2).optional(),
          minEarlyStoppingRate: z.int().min(0).optional(),
        }),
      ])
      .default({ type: "none" })
      .describe(
        "Stops trials of a command trainer whose reported objective lags: median (Optuna's MedianPruner) or asha (asynchronous successive halving). Built-in trainers report no progress and are not pruned.",
      ),
  })
  .describe("A hyperparameter search: `mlship train --search` (or this section) runs it.");

export const TrainConfigSchema = z
  .strictObject({
    trainer: z
      .enum(["builtin:logistic", "builtin:gbdt"])
      .optional()
      .describe("A built-in trainer. Unset, with no command: builtin:logistic."),
    command: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Your own training program, run through the shell with MLSHIP_PARAMS, MLSHIP_TRIAL_DIR, MLSHIP_PROGRESS, MLSHIP_MODEL and MLSHIP_METRICS set; {param} placeholders are replaced by param values. It writes the ONNX model and metrics.json.",
      ),
    params: userKeyedRecord(z.string(), z.union([z.number(), z.string(), z.boolean()]))
      .default(ownRecord())
      .describe("Params of the trainer or command; --param k=v on the command line overrides them."),
    timeoutMinutes: z
      .number()
      .positive()
      .default(60)
      .describe("A command trainer is stopped after this long."),
    search: SearchConfigSchema.optional(),
    cache: z
      .strictObject({
        paths: z
          .array(z.string().min(1))
          .default([])
          .describe(
            "Files and folders (relative to mlship.yml) whose content decides a command's result: its code.",
          ),
      })
      .prefault({})
      .describe("What the training cache key includes besides the trainer, params and data."),
  })
  .superRefine((train, ctx) => {
    if (train.trainer && train.command)
      ctx.addIssue({ code: "custom", message: "set either trainer or command, not both" });
    // A built-in trainer's params and search space are checked by the training request
    // (src/train/request.ts), located at their line here: only training reads them.
  })
  .describe("How `mlship train` trains.");

export type TrainConfig = z.infer<typeof TrainConfigSchema>;
export type SearchConfig = z.infer<typeof SearchConfigSchema>;
