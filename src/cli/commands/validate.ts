import type { MlshipConfig } from "../../config/index.js";
import type { TableFormat } from "../../data/readers/table-reader.js";
import { ExitCode, MlshipError } from "../../lib/errors.js";
import { createProgress } from "../../lib/progress.js";
import { renderValidationText } from "../../report/validation-text.js";
import { resolveValidateRequest, runValidation, type ValidateGiven } from "../../validate/request.js";
import { type Command, type ParsedArgs, stringOption } from "../command.js";
import { printsText, writeJsonOutput, writeJsonResult } from "../output.js";

export const FORMAT_OPTION = {
  type: "string",
  value: "<csv|jsonl|parquet>",
  description: "file format (default: from the file name)",
} as const;
export const DELIMITER_OPTION = {
  type: "string",
  value: "<char>",
  description: 'CSV delimiter (default "," or tab for .tsv)',
} as const;

export function formatOption(args: ParsedArgs): TableFormat | undefined {
  const format = stringOption(args, "format");
  if (format === undefined) return undefined;
  if (format !== "csv" && format !== "jsonl" && format !== "parquet") {
    throw new MlshipError(
      "bad_usage",
      `--format: expected csv, jsonl or parquet, got ${JSON.stringify(format)}`,
    );
  }
  return format;
}

export function delimiterOption(args: ParsedArgs, config?: MlshipConfig): string | undefined {
  const raw = stringOption(args, "delimiter") ?? config?.data.delimiter;
  return raw === "\\t" || raw === "tab" ? "\t" : raw;
}

export const validateCommand: Command = {
  name: ["validate"],
  summary: "check data against its schema, for quality problems, and for drift against a reference",
  usage: "mlship validate [<data>] [--schema f] [--reference data-or-profile] [--profile-out f] [--json f]",
  options: {
    schema: {
      type: "string",
      value: "<file>",
      description: "dataset schema (YAML/JSON); default: mlship.yml's schema",
    },
    reference: {
      type: "string",
      value: "<file>",
      description:
        "reference data or profile.json to check drift against; default: mlship.yml's data.reference",
    },
    "profile-out": {
      type: "string",
      value: "<file>",
      description: "also write the data's profile (JSON) to <file> (- for stdout)",
      writes: "file",
    },
    "fail-on": {
      type: "string",
      value: "<error|warning|never>",
      description: "which issues fail the check (default error)",
    },
    format: FORMAT_OPTION,
    delimiter: DELIMITER_OPTION,
    threads: {
      type: "string",
      value: "<n>",
      description:
        "worker threads for uncompressed CSV files of 32 MB or more (default: one per core; 1: none)",
    },
    quiet: { type: "boolean", short: "q", description: "print only the verdict line" },
  },
  details: `
<data> is a CSV, TSV, JSON Lines or Parquet file (optionally .gz); default: mlship.yml's data.current.
Without --schema or a schema in mlship.yml, the reference's types and categories are the schema (as TFDV
infers one); without either, types are inferred from the data itself.`,
  async run(args, context) {
    const { request, config } = await resolveValidateRequest(validateGiven(args), context);
    const { data } = request;
    const progress = createProgress(context.stderr, `validating ${data}`);
    const result = await runValidation(request, config, {
      onProgress: (done, total) => progress.update(done, total),
    });
    progress.finish();
    const profileOut = stringOption(args, "profile-out");
    if (profileOut) await writeJsonOutput("--profile-out", profileOut, result.profile, context);
    await writeJsonResult(args, context, result.report);
    for (const note of result.notes) context.stderr.write(`mlship: note: ${note}\n`);
    if (printsText(args)) {
      const text = renderValidationText(result.report);
      context.stdout.write(args.values.quiet ? `${text.split("\n")[0]}\n` : text);
    }
    return result.report.passed ? ExitCode.ok : ExitCode.checkFailed;
  },
};

/** The options as given: the defaults and checks are the request layer's (src/data/validate/request.ts). */
export function validateGiven(args: ParsedArgs): ValidateGiven {
  return {
    config: stringOption(args, "config"),
    data: args.positionals[0],
    schema: stringOption(args, "schema"),
    reference: stringOption(args, "reference"),
    failOn: stringOption(args, "fail-on"),
    format: stringOption(args, "format"),
    delimiter: stringOption(args, "delimiter"),
    threads: stringOption(args, "threads"),
  };
}
