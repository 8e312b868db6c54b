/** `mlship evaluate`: the candidate against the baseline on the same rows, and the gate's verdict. */

import { gatherReportContext } from "../../evaluate/report-context.js";
import { type EvaluateGiven, resolveEvaluateRequest, runEvaluation } from "../../evaluate/request.js";
import { ExitCode } from "../../lib/errors.js";
import { resolveOnnxRuntime } from "../../onnx/runtime/resolve-runtime.js";
import { renderEvaluationMarkdown } from "../../report/evaluation-markdown.js";
import { renderEvaluationText } from "../../report/evaluation-text.js";
import { type Command, optionSpelling, type ParsedArgs, stringOption } from "../command.js";
import { printsText, writeJsonResult, writeOutput } from "../output.js";
import { DELIMITER_OPTION, FORMAT_OPTION } from "./validate.js";

function listOption(args: ParsedArgs, name: string): string[] {
  const raw = args.values[name];
  return Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : [];
}

export const evaluateCommand: Command = {
  name: ["evaluate"],
  summary:
    "evaluate a model against the baseline on the same rows: metrics, intervals, slices, fairness, the gate",
  usage:
    "mlship evaluate --model m.onnx --data d --label col [--baseline m.onnx|name@env] [--gate rule]… [--slice col]… [--sensitive col]…",
  settingOptions: { rules: "gate", slices: "slice", trainingMetrics: "metrics" },
  options: {
    model: { type: "string", value: "<file>", description: "the candidate ONNX model" },
    name: {
      type: "string",
      value: "<name>",
      description: "the model's name in the report (default: model.name, else the model's file name)",
    },
    data: {
      type: "string",
      value: "<file>",
      description: "held-out data (default: mlship.yml's data.current)",
    },
    label: {
      type: "string",
      value: "<column>",
      description: "the true labels (default: mlship.yml's label)",
    },
    baseline: {
      type: "string",
      value: "<file|ref>",
      description:
        "the model to compare with: a file or a registry ref (default: gate.baseline, else <name>@production when --name or model.name is set)",
    },
    "no-baseline": {
      type: "boolean",
      description: "compare with nothing (rules against the baseline are skipped)",
    },
    registry: {
      type: "string",
      value: "<github[:owner/repo]|local:dir>",
      description: "where baseline refs resolve (default: MLSHIP_REGISTRY, else local:.mlship/registry)",
    },
    gate: {
      type: "string",
      value: "<rule>",
      multiple: true,
      description: 'a gate rule, e.g. "roc_auc >= baseline - 0.01" (default: gate.rules)',
    },
    confidence: {
      type: "string",
      value: "<x>",
      description:
        "judge rules against the baseline by the paired bootstrap interval at this level (default: gate.confidence)",
    },
    "min-rows": {
      type: "string",
      value: "<n>",
      description: "fewer rows make baseline rules inconclusive (default: gate.min_rows)",
    },
    inconclusive: {
      type: "string",
      value: "<pass|fail>",
      description: "what an inconclusive rule counts as (default: gate.inconclusive, pass)",
    },
    slice: {
      type: "string",
      value: "<column>",
      multiple: true,
      description: "metrics per value of a column (numeric ones in 4 quantile bins)",
    },
    sensitive: {
      type: "string",
      value: "<column>",
      multiple: true,
      description: "fairness figures over a column's groups (binary classifiers)",
    },
    features: {
      type: "string",
      value: "<a,b,…>",
      description:
        "the columns of a model with one [N, F] input, in training order (default: model.features, the model's metadata, else the data's columns in file order when exactly F)",
    },
    replicates: {
      type: "string",
      value: "<n>",
      description: "bootstrap resamples for the intervals (default 200)",
    },
    seed: { type: "string", value: "<n>", description: "seed of the resamples and shuffles (default 1)" },
    "importance-repeats": {
      type: "string",
      value: "<n>",
      description: "permutation importance repeats (default 5; 0 turns it off)",
    },
    schema: { type: "string", value: "<file>", description: "dataset schema (types of the columns)" },
    report: {
      type: "string",
      value: "<file>",
      description: "also write the markdown report (the PR comment's body; - for stdout)",
      writes: "file",
    },
    validation: {
      type: "string",
      value: "<file>",
      description: "mlship validate's JSON report of this data, summarized in the report",
    },
    metrics: {
      type: "string",
      value: "<file>",
      description: "the candidate's training metrics.json: trainer, params, data for the report's lineage",
    },
    format: FORMAT_OPTION,
    delimiter: DELIMITER_OPTION,
  },
  details: `
Exit 0 when the gate passes, 1 when it fails, 2 for bad input. Rules: "<metric> <op> <bound>", op one of
>= > <= <, bound a number or baseline, baseline ± x, baseline * x; metrics include the serving figures
(latency_p99_ms, rows_per_s, model_bytes) and, with --sensitive, demographic_parity_difference,
demographic_parity_ratio and equalized_odds_difference. Without a baseline, rules against it are skipped
and say why. A model with one [N, F] input that names no column takes --features, else model.features,
else the names in its metadata (key "features"), else the data's F columns in file order when exactly F
remain besides the label and the schema's id, ignore and sensitive columns; the report says which.`,
  async run(args, context) {
    const { request, config } = await resolveEvaluateRequest(evaluateGiven(args), context);
    const log = (m: string) => context.stderr.write(`${m}\n`);
    const { report, registry } = await runEvaluation(request, config, {
      ...context,
      spell: optionSpelling(this),
      log,
      runtime: () => resolveOnnxRuntime(),
      describeRegistry: (spec) => `--registry ${spec}`,
    });
    await writeJsonResult(args, context, report);
    const reportFile = stringOption(args, "report");
    if (reportFile) {
      const reportContext = await gatherReportContext({
        report,
        trainingMetrics: request.trainingMetrics,
        validation: request.validation,
        env: context.env,
        baselineRef: request.baseline,
        registry,
      });
      await writeOutput(
        "--report",
        reportFile,
        renderEvaluationMarkdown(report, { name: request.name, context: reportContext }),
        context,
      );
    }
    if (printsText(args)) context.stdout.write(renderEvaluationText(report));
    return report.gate.passed ? ExitCode.ok : ExitCode.checkFailed;
  },
};

/** The options as given: every default, check and fallback is the request layer's (src/evaluate/request.ts). */
export function evaluateGiven(args: ParsedArgs): EvaluateGiven {
  const option = (name: string) => stringOption(args, name);
  return {
    config: option("config"),
    model: option("model"),
    data: option("data"),
    label: option("label"),
    name: option("name"),
    baseline: option("baseline"),
    noBaseline: args.values["no-baseline"] === true,
    registry: option("registry"),
    rules: listOption(args, "gate"),
    confidence: option("confidence"),
    minRows: option("min-rows"),
    inconclusive: option("inconclusive"),
    slices: listOption(args, "slice"),
    sensitive: listOption(args, "sensitive"),
    features: option("features"),
    replicates: option("replicates"),
    seed: option("seed"),
    importanceRepeats: option("importance-repeats"),
    schema: option("schema"),
    format: option("format"),
    delimiter: option("delimiter"),
    validation: option("validation"),
    trainingMetrics: option("metrics"),
  };
}
