import { stringify } from "yaml";
import { loadConfig } from "../../config/index.js";
import { profileTable } from "../../data/profile/profile.js";
import { openTable } from "../../data/readers/open-table.js";
import { compactSchema, inferSchema } from "../../data/schema/infer-schema.js";
import { ExitCode } from "../../lib/errors.js";
import { type Command, requirePositional, stringOption } from "../command.js";
import { printsText, writeJsonResult, writeOutput } from "../output.js";
import { DELIMITER_OPTION, delimiterOption, FORMAT_OPTION, formatOption } from "./validate.js";

export const schemaInferCommand: Command = {
  name: ["schema", "infer"],
  summary: "propose a dataset schema from data, for you to edit",
  usage: "mlship schema infer <data> [-o schema.yml] [--label col]",
  options: {
    output: {
      type: "string",
      short: "o",
      value: "<file>",
      description: "write the schema here (default: print it)",
      writes: "file",
    },
    label: {
      type: "string",
      value: "<column>",
      description: "the label column (default: mlship.yml's label)",
    },
    format: FORMAT_OPTION,
    delimiter: DELIMITER_OPTION,
  },
  details: `
Types come from what every value reads as; categories list the values seen; columns with missing values
are nullable with a missing-share limit of twice what was seen; an all-distinct *_id column is a unique id.`,
  async run(args, context) {
    const data = requirePositional(args, 0, "the data file", this);
    const config = await loadConfig(stringOption(args, "config"), { cwd: context.cwd });
    const profile = await profileTable(
      openTable(data, { format: formatOption(args), delimiter: delimiterOption(args, config) }),
    );
    const schema = inferSchema(profile, { label: stringOption(args, "label") ?? config.label });
    const text = `# Proposed by \`mlship schema infer ${data}\` from ${profile.rows} rows: review and tighten it.\n${stringify(compactSchema(schema), { lineWidth: 0, flowCollectionPadding: false })}`;
    const output = stringOption(args, "output");
    if (output) {
      await writeOutput("--output", output, text, context);
      if (printsText(args)) {
        context.stdout.write(
          `wrote ${output}: ${profile.columns.length} columns from ${profile.rows.toLocaleString("en-US")} rows\n`,
        );
      }
    } else if (printsText(args)) {
      context.stdout.write(text);
    }
    await writeJsonResult(args, context, schema);
    return ExitCode.ok;
  },
};
