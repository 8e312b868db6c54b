import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, loadConfiguredDatasetSchema } from "../../config/index.js";
import { validateData } from "../../data/validate/validate.js";
import { ExitCode, MlshipError } from "../../errors.js";
import { renderValidationText } from "../../report/validation-text.js";
import { type Command, stringOption } from "../command.js";
import { writeJsonResult } from "../output.js";

/** The bundled example project, beside dist/ in the package. */
export function examplesDir(): string {
  // dist/cli/index.js (or src/cli/commands/demo.ts in tests) → the package root's examples/.
  const here = dirname(fileURLToPath(import.meta.url));
  const levels = here.includes(`${"src"}/cli`) ? 3 : 2;
  return join(here, ...Array<string>(levels).fill(".."), "examples");
}

export const demoCommand: Command = {
  name: ["demo"],
  summary: "run the lifecycle on the bundled example (today: validate a clean and a drifted batch)",
  usage: "mlship demo [--examples dir]",
  options: {
    examples: {
      type: "string",
      value: "<dir>",
      description: "the example project (default: the bundled examples/)",
    },
  },
  details: `
Validates examples/data/churn-current-clean.csv and the drifted examples/data/churn-current.csv against
examples/data/churn-reference.csv with examples/schema.yml. Later steps (train, evaluate, package, deploy)
join the demo as they land. Exit 0 when the demo ran: the drifted batch failing validation is the point.`,
  async run(args, context) {
    const dir = stringOption(args, "examples") ?? examplesDir();
    const config = await loadConfig(join(dir, "mlship.yml"));
    const schema = await loadConfiguredDatasetSchema(config);
    const { current, reference } = config.data;
    if (!current || !reference) {
      throw new MlshipError(
        "bad_usage",
        `${join(dir, "mlship.yml")} must set data.current and data.reference for the demo`,
      );
    }
    // Paths as the user would type them from here.
    const shown = (path: string) => relative(context.cwd, path) || path;
    const batches = [
      {
        title: "1. a new batch like the training data",
        data: shown(join(dir, "data", "churn-current-clean.csv")),
      },
      { title: "2. a new batch that drifted", data: shown(current) },
    ];
    const reports = [];
    for (const batch of batches) {
      const { report } = await validateData({
        data: batch.data,
        schema: schema ? { schema, source: shown(join(dir, "schema.yml")) } : undefined,
        reference: shown(reference),
        quality: config.quality,
        drift: config.drift,
      });
      reports.push(report);
      context.stdout.write(
        `\n== ${batch.title}: mlship validate ${batch.data} --reference ${shown(reference)}\n\n`,
      );
      context.stdout.write(renderValidationText(report));
    }
    await writeJsonResult(args, context, { validations: reports });
    const [clean, drifted] = reports;
    context.stdout.write(
      `\ndemo: the clean batch ${clean.passed ? "passed" : "FAILED"}; the drifted batch ${drifted.drift?.drifted ? "was flagged as drifted" : "was NOT flagged"}.\n`,
    );
    return ExitCode.ok;
  },
};
