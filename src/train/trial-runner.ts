/**
 * Entry point of `train-trial.js` (src/train/trial-process.ts): one built-in trial in a process of
 * its own. Reads the run's settings as JSON on standard input, trains, and writes the outcome as
 * JSON on standard output; a user error is written there too (exit 1 or 2), anything else is a bug
 * (its stack on standard error, exit 3).
 */
import { DatasetSchemaSchema } from "../data/schema/dataset-schema.js";
import { isMlshipError } from "../lib/errors.js";
import { resolveOnnxRuntime } from "../onnx/runtime/resolve-runtime.js";
import { trainBuiltin } from "./train-builtin.js";
import type { BuiltinRunSettings } from "./train-once.js";
import { TRIAL_RUNNER_SCRIPT, TRIAL_RUNNER_TAG, type TrialRunnerOutput } from "./trial-process.js";

const EXIT_INTERNAL_ERROR = 3;

async function readStandardInput(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function write(output: TrialRunnerOutput): void {
  process.stdout.write(JSON.stringify(output));
}

if (process.argv[2] !== TRIAL_RUNNER_TAG) {
  process.stderr.write(`${TRIAL_RUNNER_SCRIPT} runs only as a trial process started by mlship train\n`);
  process.exitCode = EXIT_INTERNAL_ERROR;
} else {
  try {
    const settings = JSON.parse(await readStandardInput()) as BuiltinRunSettings;
    const outcome = await trainBuiltin({
      ...settings,
      // Through its schema again: records keyed by column names get back their null prototype.
      schema: settings.schema && DatasetSchemaSchema.parse(settings.schema),
      runtime: () => resolveOnnxRuntime(),
    });
    write({ ok: true, metrics: outcome.report.validation.metrics, cached: outcome.cacheHit });
  } catch (error) {
    if (isMlshipError(error)) {
      const { code, message, location, exitCode } = error;
      write({ ok: false, error: { code, message, location, exitCode } });
      process.exitCode = exitCode;
    } else {
      process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
      process.exitCode = EXIT_INTERNAL_ERROR;
    }
  }
}
