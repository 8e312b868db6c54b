import { z } from "zod";

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
    params: z
      .record(z.string(), z.union([z.number(), z.string(), z.boolean()]))
      .default({})
      .describe("Params of the trainer or command; --param k=v on the command line overrides them."),
    timeoutMinutes: z
      .number()
      .positive()
      .default(60)
      .describe("A command trainer is stopped after this long."),
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
  .refine((train) => !(train.trainer && train.command), {
    message: "set either trainer or command, not both",
  })
  .describe("How `mlship train` trains.");

export type TrainConfig = z.infer<typeof TrainConfigSchema>;
