/** `mlship evaluate`: the candidate against the baseline on the same rows, and the gate's verdict. */
import { findConfigFile, loadConfig, loadConfiguredDatasetSchema } from "../../config/index.js";
import { loadDatasetSchema } from "../../data/schema/dataset-schema.js";
import { chooseBaseline } from "../../evaluate/baseline.js";
import { EVALUATION_DEFAULTS, evaluate } from "../../evaluate/evaluate.js";
import { type GateRule, parseRule } from "../../evaluate/gate-rules.js";
import { gatherReportContext } from "../../evaluate/report-context.js";
import { ExitCode, MlshipError } from "../../lib/errors.js";
import { resolveInput } from "../../lib/input.js";
import { chooseFeatureSetting } from "../../onnx/feature-order.js";
import { resolveOnnxRuntime } from "../../onnx/runtime/resolve-runtime.js";
import { lazyRegistry } from "../../registry/open-registry.js";
import { renderEvaluationMarkdown } from "../../report/evaluation-markdown.js";
import { renderEvaluationText } from "../../report/evaluation-text.js";
import { type Command, numberOption, type ParsedArgs, stringOption } from "../command.js";
import { printsText, writeJsonResult, writeOutput } from "../output.js";
import { DELIMITER_OPTION, delimiterOption, FORMAT_OPTION, formatOption } from "./validate.js";

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
  options: {
    model: { type: "string", value: "<file>", description: "the candidate ONNX model" },
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
        "the model to compare with: a file or a registry ref (default: gate.baseline, else <model.name>@production)",
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
    const configFile = stringOption(args, "config") ?? (await findConfigFile(context.cwd));
    const config = await loadConfig(stringOption(args, "config"), { cwd: context.cwd });
    const model = stringOption(args, "model");
    if (!model)
      throw new MlshipError("bad_usage", `give the candidate model: --model m.onnx\nusage: ${this.usage}`);
    const data = stringOption(args, "data") ?? config.data.current;
    if (!data) throw new MlshipError("bad_usage", "no data: give --data or set data.current in mlship.yml");
    const label = stringOption(args, "label") ?? config.label;
    if (!label) throw new MlshipError("bad_usage", "no label: give --label or set label in mlship.yml");
    const gateFlags = listOption(args, "gate");
    const rules: GateRule[] = gateFlags.length
      ? gateFlags.map((rule) => parseRule(rule, "--gate"))
      : config.gate.rules.map((rule, i) =>
          parseRule(rule, `${configFile ?? "mlship.yml"} (gate.rules[${i}])`),
        );
    const inconclusive = stringOption(args, "inconclusive") ?? config.gate.inconclusive;
    if (inconclusive !== "pass" && inconclusive !== "fail") {
      throw new MlshipError(
        "bad_usage",
        `--inconclusive: expected pass or fail, got ${JSON.stringify(inconclusive)}`,
      );
    }
    const featuresText = stringOption(args, "features");
    const features = chooseFeatureSetting(
      featuresText === undefined ? undefined : { text: featuresText, from: "--features" },
      config.model.features,
      configFile ?? "mlship.yml",
    );
    const spec = args.values["no-baseline"]
      ? undefined
      : (stringOption(args, "baseline") ??
        config.gate.baseline ??
        (config.model.name ? `${config.model.name}@production` : undefined));
    const registry = lazyRegistry(stringOption(args, "registry"), {
      cwd: context.cwd,
      env: context.env,
      log: (m) => context.stderr.write(`${m}\n`),
    });
    const baseline = await chooseBaseline(spec, registry, context.cwd);

    const schemaFile = stringOption(args, "schema");
    try {
      const report = await evaluate({
        model: resolveInput(context.cwd, model),
        data: resolveInput(context.cwd, data),
        label,
        baseline: baseline.kind === "model" ? baseline : undefined,
        noBaselineReason: baseline.kind === "none" ? baseline.reason : undefined,
        rules,
        confidence: numberOption(args, "confidence", { min: 0.5, max: 0.999 }) ?? config.gate.confidence,
        minRows: numberOption(args, "min-rows", { min: 1, integer: true }) ?? config.gate.min_rows,
        inconclusive,
        slices: listOption(args, "slice").length ? listOption(args, "slice") : config.gate.slices,
        sensitive: listOption(args, "sensitive").length
          ? listOption(args, "sensitive")
          : config.gate.sensitive,
        replicates:
          numberOption(args, "replicates", { min: 10, max: 100_000, integer: true }) ??
          EVALUATION_DEFAULTS.replicates,
        seed: numberOption(args, "seed", { min: 0, integer: true }) ?? EVALUATION_DEFAULTS.seed,
        importanceRepeats:
          numberOption(args, "importance-repeats", { min: 0, max: 100, integer: true }) ??
          EVALUATION_DEFAULTS.importanceRepeats,
        importanceRows: EVALUATION_DEFAULTS.importanceRows,
        latencyRows: EVALUATION_DEFAULTS.latencyRows,
        task: config.model.task,
        schema: schemaFile ? await loadDatasetSchema(schemaFile) : await loadConfiguredDatasetSchema(config),
        format: formatOption(args),
        delimiter: delimiterOption(args, config),
        features,
        runtime: () => resolveOnnxRuntime(),
      });
      await writeJsonResult(args, context, report);
      const reportFile = stringOption(args, "report");
      if (reportFile) {
        const reportContext = await gatherReportContext({
          report,
          trainingMetrics: stringOption(args, "metrics"),
          validation: stringOption(args, "validation"),
          env: context.env,
          baselineRef: spec,
          registry,
        });
        await writeOutput(
          "--report",
          reportFile,
          renderEvaluationMarkdown(report, { name: config.model.name, context: reportContext }),
          context,
        );
      }
      if (printsText(args)) context.stdout.write(renderEvaluationText(report));
      return report.gate.passed ? ExitCode.ok : ExitCode.checkFailed;
    } finally {
      if (baseline.kind === "model") await baseline.cleanup?.();
    }
  },
};
