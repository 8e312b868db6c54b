import type { MlshipConfig } from "../../config/index.js";
import { loadConfig, loadConfiguredDatasetSchema } from "../../config/index.js";
import type { TableFormat } from "../../data/readers/table-reader.js";
import { loadDatasetSchema } from "../../data/schema/dataset-schema.js";
import { validateData } from "../../data/validate/validate.js";
import { ExitCode, MlshipError } from "../../lib/errors.js";
import { createProgress } from "../../lib/progress.js";
import { renderValidationText } from "../../report/validation-text.js";
import { type Command, numberOption, type ParsedArgs, stringOption } from "../command.js";
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
    const config = await loadConfig(stringOption(args, "config"), { cwd: context.cwd });
    const data = args.positionals[0] ?? config.data.current;
    if (!data) {
      throw new MlshipError(
        "bad_usage",
        "no data to validate: give a file (mlship validate data.csv) or set data.current in mlship.yml",
      );
    }
    const schemaFile = stringOption(args, "schema");
    const schema = schemaFile
      ? { schema: await loadDatasetSchema(schemaFile), source: schemaFile }
      : await configuredSchema(config);
    const failOn = stringOption(args, "fail-on");
    if (failOn !== undefined && failOn !== "error" && failOn !== "warning" && failOn !== "never") {
      throw new MlshipError(
        "bad_usage",
        `--fail-on: expected error, warning or never, got ${JSON.stringify(failOn)}`,
      );
    }
    const progress = createProgress(context.stderr, `validating ${data}`);
    const result = await validateData({
      data,
      format: formatOption(args),
      delimiter: delimiterOption(args, config),
      schema,
      reference: stringOption(args, "reference") ?? config.data.reference,
      quality: { ...config.quality, ...(failOn ? { failOn } : {}) },
      drift: config.drift,
      parallelism: numberOption(args, "threads", { min: 1, max: 64, integer: true }),
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

async function configuredSchema(config: MlshipConfig) {
  const schema = await loadConfiguredDatasetSchema(config);
  if (!schema) return undefined;
  return { schema, source: typeof config.schema === "string" ? config.schema : "mlship.yml" };
}
