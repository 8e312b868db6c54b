import { mlshipConfigJsonSchema } from "../../config/index.js";
import { datasetSchemaJsonSchema } from "../../data/schema/dataset-schema.js";
import { ExitCode, MlshipError } from "../../lib/errors.js";
import { type Command, stringOption } from "../command.js";
import { writeJsonOutput, writeJsonResult } from "../output.js";

export const configSchemaCommand: Command = {
  name: ["config", "schema"],
  summary: "print the JSON Schema of mlship.yml (or of dataset schema files) for editors",
  usage: "mlship config schema [--kind config|dataset] [-o file]",
  options: {
    kind: {
      type: "string",
      value: "<config|dataset>",
      description: "which file's JSON Schema (default config)",
    },
    output: {
      type: "string",
      short: "o",
      value: "<file>",
      description: "write it here instead of stdout",
      writes: "file",
    },
  },
  async run(args, context) {
    const kind = stringOption(args, "kind") ?? "config";
    if (kind !== "config" && kind !== "dataset") {
      throw new MlshipError("bad_usage", `--kind: expected config or dataset, got ${JSON.stringify(kind)}`);
    }
    const schema = kind === "config" ? mlshipConfigJsonSchema() : datasetSchemaJsonSchema();
    const output = stringOption(args, "output");
    if (output) await writeJsonOutput("--output", output, schema, context);
    else if (stringOption(args, "json") === undefined)
      context.stdout.write(`${JSON.stringify(schema, null, 2)}\n`);
    await writeJsonResult(args, context, schema);
    return ExitCode.ok;
  },
};
