import { loadConfig, loadConfiguredDatasetSchema } from "../../config/index.js";
import { mergeProfiles, profileTable } from "../../data/profile/profile.js";
import { readProfile } from "../../data/profile/profile-schema.js";
import { openTable } from "../../data/readers/open-table.js";
import { loadDatasetSchema } from "../../data/schema/dataset-schema.js";
import { ExitCode, MlshipError } from "../../lib/errors.js";
import { type Command, requirePositional, stringOption } from "../command.js";
import { printsText, writeJsonOutput, writeJsonResult } from "../output.js";
import { DELIMITER_OPTION, delimiterOption, FORMAT_OPTION, formatOption } from "./validate.js";

export const profileCommand: Command = {
  name: ["profile"],
  summary: "compute a mergeable data profile (the reference for drift checks)",
  usage: "mlship profile <data> -o <profile.json> [--schema f]",
  options: {
    output: {
      type: "string",
      short: "o",
      value: "<file>",
      description: "where to write the profile (JSON; - for stdout)",
      writes: "file",
    },
    schema: {
      type: "string",
      value: "<file>",
      description: "dataset schema: profile with its types instead of inferring",
    },
    format: FORMAT_OPTION,
    delimiter: DELIMITER_OPTION,
  },
  details: `
Per column: count, missing, distinct estimate (HyperLogLog), min/max, mean/std, the numeric values (exact up to
2^20 distinct ones, then a KLL sketch), quantiles, a histogram, and top values. Profiles of shards merge with
\`mlship profile merge\` into the profile of their union.`,
  async run(args, context) {
    const data = requirePositional(args, 0, "the data file to profile", this);
    const output = stringOption(args, "output");
    if (!output && stringOption(args, "json") === undefined) {
      throw new MlshipError("bad_usage", "say where the profile goes: -o profile.json (or --json -)");
    }
    const config = await loadConfig(stringOption(args, "config"), { cwd: context.cwd });
    const schemaFile = stringOption(args, "schema");
    const schema = schemaFile
      ? await loadDatasetSchema(schemaFile)
      : await loadConfiguredDatasetSchema(config);
    const profile = await profileTable(
      openTable(data, { format: formatOption(args), delimiter: delimiterOption(args, config) }),
      schema,
    );
    if (output) await writeJsonOutput("--output", output, profile, context);
    await writeJsonResult(args, context, profile);
    if (output && printsText(args)) {
      context.stdout.write(
        `profiled ${profile.rows.toLocaleString("en-US")} rows × ${profile.columns.length} columns of ${data} → ${output}\n`,
      );
    }
    return ExitCode.ok;
  },
};

export const profileMergeCommand: Command = {
  name: ["profile", "merge"],
  summary: "merge profiles of shards into the profile of their union",
  usage: "mlship profile merge <a.json> <b.json>… -o <merged.json>",
  options: {
    output: {
      type: "string",
      short: "o",
      value: "<file>",
      description: "where to write the merged profile (- for stdout)",
      writes: "file",
    },
  },
  async run(args, context) {
    if (args.positionals.length < 1)
      throw new MlshipError("bad_usage", `give the profiles to merge\nusage: ${this.usage}`);
    const output = stringOption(args, "output");
    if (!output && stringOption(args, "json") === undefined) {
      throw new MlshipError("bad_usage", "say where the merged profile goes: -o merged.json (or --json -)");
    }
    const profiles = await Promise.all(args.positionals.map(readProfile));
    const merged = mergeProfiles(profiles, args.positionals);
    if (output) await writeJsonOutput("--output", output, merged, context);
    await writeJsonResult(args, context, merged);
    if (output && printsText(args)) {
      context.stdout.write(
        `merged ${profiles.length} profiles: ${merged.rows.toLocaleString("en-US")} rows → ${output}\n`,
      );
    }
    return ExitCode.ok;
  },
};
