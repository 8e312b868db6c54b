import { z } from "zod";

const DataPathSchema = z.string().min(1);

export const DataConfigSchema = z
  .strictObject({
    train: DataPathSchema.optional().describe(
      "Training data (CSV, JSONL or Parquet), relative to mlship.yml.",
    ),
    current: DataPathSchema.optional().describe("The data to validate and compare with the reference."),
    reference: DataPathSchema.optional().describe(
      "Reference data for drift checks, or a profile.json written by `mlship profile`.",
    ),
    delimiter: z
      .string()
      .length(1, { message: 'must be a single character, such as "," or ";" (write a tab as "\\t")' })
      .optional()
      .describe('CSV field delimiter (one character). Unset: ",", or a tab for .tsv files.'),
  })
  .describe("Where the data lives. Paths are relative to the folder of mlship.yml.");

export type DataConfig = z.infer<typeof DataConfigSchema>;
