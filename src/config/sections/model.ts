import { z } from "zod";

export const MODEL_TASKS = ["binary", "multiclass", "regression"] as const;

/** A model name becomes part of a git tag (`<name>@v1.2.0`) and of registry folders. */
export const MODEL_NAME_PATTERN = /^[a-z0-9][a-z0-9._-]*$/;

export const ModelNameSchema = z
  .string()
  .max(64)
  .regex(MODEL_NAME_PATTERN, {
    message:
      "must start with a lowercase letter or digit and use only a-z, 0-9, '.', '_' and '-' (it becomes a git tag and a folder name)",
  })
  .refine((name) => !name.includes(".."), { message: 'must not contain ".." (git tags cannot)' })
  .describe(
    "The model's name in the registry: lowercase letters, digits, '.', '_' and '-'; at most 64 characters.",
  );

export const ModelTaskSchema = z
  .enum(MODEL_TASKS)
  .describe("binary or multiclass classification, or regression. Unset: inferred from the label column.");

export const ModelFeaturesSchema = z
  .array(z.string().min(1))
  .min(1)
  .refine((names) => new Set(names).size === names.length, {
    error: (issue) => {
      const names = issue.input as string[];
      const twice = names.find((name, i) => names.indexOf(name) !== i);
      return `lists the feature '${twice}' twice`;
    },
  })
  .describe(
    "The columns a model with one [N, F] input takes, in training order (e.g. a scikit-learn model exported by skl2onnx with FloatTensorType([None, F])). Unset: the model's metadata (key features), else the data's columns in file order when there are exactly F besides the label and the id, ignore and sensitive columns.",
  );

export const ModelConfigSchema = z
  .strictObject({
    name: ModelNameSchema.optional(),
    task: ModelTaskSchema.optional(),
    features: ModelFeaturesSchema.optional(),
  })
  .describe("The model this repository trains.");

export type ModelTask = z.infer<typeof ModelTaskSchema>;
export type ModelConfig = z.infer<typeof ModelConfigSchema>;
