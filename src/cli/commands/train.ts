/** `mlship train`: argv → the training request (src/train/request.ts) → runTraining → text or --json. */
import { join } from "node:path";
import { ExitCode } from "../../lib/errors.js";
import { formatNumber } from "../../lib/format-number.js";
import { renderTable } from "../../lib/text-table.js";
import { resolveOnnxRuntime } from "../../onnx/runtime/resolve-runtime.js";
import { BUILTIN_TRAINERS } from "../../train/builtin-params.js";
import { resolveTrainRequest, type TrainGiven } from "../../train/request.js";
import { runTraining, type TrainRun } from "../../train/run-training.js";
import type { SearchSummary } from "../../tune/search-summary.js";
import { type Command, optionSpelling, type ParsedArgs, stringOption } from "../command.js";
import { printsText, writeJsonResult } from "../output.js";
import { DELIMITER_OPTION, FORMAT_OPTION } from "./validate.js";

export const trainCommand: Command = {
  name: ["train"],
  summary:
    "train a model (built-in trainers or your own program), or search its params; cached by content hash",
  usage:
    'mlship train [--data f] [--label col] [--trainer builtin:logistic|builtin:gbdt | --command "…"] [--param k=v]… [--search m --trials n --parallel n] [--out dir] [--no-cache]',
  settingOptions: { params: "param", cache: "no-cache" },
  options: {
    data: {
      type: "string",
      value: "<file>",
      description: "training data (default: mlship.yml's data.train)",
    },
    label: {
      type: "string",
      value: "<column>",
      description: "the column to predict (default: mlship.yml's label)",
    },
    command: {
      type: "string",
      value: '"<cmd>"',
      description: "your own training program (default: mlship.yml's train.command); see below",
    },
    trainer: {
      type: "string",
      value: "<name>",
      description: `the trainer: ${BUILTIN_TRAINERS.join(", ")} (default builtin:logistic)`,
    },
    param: {
      type: "string",
      value: "<k=v>",
      multiple: true,
      description:
        "a trainer param: builtin:logistic C, max_iter, tol; builtin:gbdt learning_rate, max_iter, max_leaf_nodes, max_depth, min_samples_leaf, l2_regularization, max_bins, subsample, colsample_bytree, early_stopping, n_iter_no_change, tol; any name for --command",
    },
    schema: {
      type: "string",
      value: "<file>",
      description: "dataset schema: types and roles decide the features",
    },
    out: {
      type: "string",
      value: "<dir>",
      description: "where model.onnx and metrics.json go (default: .)",
      writes: "folder",
    },
    seed: { type: "string", value: "<n>", description: "seed of the validation split (default 1)" },
    "validation-fraction": {
      type: "string",
      value: "<x>",
      description: "share of rows held out, stratified (default 0.2)",
    },
    search: {
      type: "string",
      value: "<grid|random|tpe>",
      description:
        "search the params of train.search.space in mlship.yml (default method: train.search.method)",
    },
    trials: {
      type: "string",
      value: "<n>",
      description: "trials of the search (default: train.search.trials)",
    },
    parallel: {
      type: "string",
      value: "<n>",
      description: "trials of a search run at once, each in its own process (default 1)",
    },
    plan: {
      type: "string",
      value: "<n>",
      description: "print n trials of train.search as a matrix for strategy.matrix (fan-out across CI jobs)",
    },
    trial: {
      type: "string",
      value: "<json>",
      description: "run one trial of a plan (one matrix entry) into --out, leaving trial.json",
    },
    collect: {
      type: "string",
      value: "<dir>",
      description: "gather the trial.json of fanned-out trials under <dir>, pick the best into --out",
    },
    cv: {
      type: "string",
      value: "<k>",
      description: "also run k-fold cross-validation (stratified) and report each metric's mean and std",
    },
    "no-cache": { type: "boolean", description: "train even when .mlship/cache holds this exact run" },
    format: FORMAT_OPTION,
    delimiter: DELIMITER_OPTION,
  },
  details: `
builtin:logistic: L2 logistic regression on mean-imputed, standardized numeric columns and mode-imputed,
one-hot categorical ones. builtin:gbdt: histogram gradient boosting (as scikit-learn's HistGradientBoosting)
on raw numeric columns (missing values learn their own side) and one-hot categorical ones; classification,
or regression when model.task says so or the label is numeric with more than 20 values.
Free text, dates, ids, ignored and sensitive columns are left out (metrics.json says which and why).
The model is one ONNX graph over the raw columns. Validation metrics are computed on the exported graph.
A run whose trainer, mlship version, params, seed, label and data bytes are unchanged is restored from
.mlship/cache/train/ instead of trained.
--command runs your program through the shell with MLSHIP_PARAMS (a JSON file of the params),
MLSHIP_TRIAL_DIR, MLSHIP_PROGRESS, MLSHIP_MODEL and MLSHIP_METRICS set and {param} placeholders replaced;
it writes the ONNX model and metrics.json, and mlship checks the model loads. Its cache key also covers the
files under train.cache.paths (your code).
--search runs the trials of train.search (space, method, trials, seed, objective), --parallel n at a time
(each in its own process), each in <out>/trials/<n> and cached like a single run, recorded in
<out>/study.jsonl (rerun to resume), and copies the best trial's model and metrics to <out>.
--plan n prints n trials as {"include": [...]} for a job matrix; each job runs --trial '<entry>' and uploads
its --out folder; --collect <dir of downloads> picks the best. train.search.pruner (median or asha) stops
command trials whose progress lines report a lagging objective; built-in trainers report no progress.`,
  async run(args, context) {
    const { request } = await resolveTrainRequest(trainGiven(args), context);
    const result = await runTraining(request, {
      cwd: context.cwd,
      spell: optionSpelling(this),
      log: (line) => context.stderr.write(`${line}\n`),
      runtime: () => resolveOnnxRuntime(),
    });
    if (result.mode === "plan") {
      if (stringOption(args, "json") !== undefined) await writeJsonResult(args, context, result.matrix);
      else context.stdout.write(`${JSON.stringify(result.matrix)}\n`);
    } else if (result.mode === "train" || result.mode === "trial") {
      await writeJsonResult(args, context, result.run);
      if (printsText(args)) context.stdout.write(renderRunText(result.run));
    } else {
      await writeJsonResult(args, context, result.summary);
      if (printsText(args)) context.stdout.write(renderSearchText(result.summary, result.out));
    }
    return ExitCode.ok;
  },
};

/** The options as given: every default, check and fallback is the request layer's (src/train/request.ts). */
export function trainGiven(args: ParsedArgs): TrainGiven {
  const option = (name: string) => stringOption(args, name);
  const params = args.values.param;
  return {
    config: option("config"),
    data: option("data"),
    label: option("label"),
    trainer: option("trainer"),
    command: option("command"),
    params: Array.isArray(params) ? params : typeof params === "string" ? [params] : [],
    schema: option("schema"),
    format: option("format"),
    delimiter: option("delimiter"),
    out: option("out"),
    cache: args.values["no-cache"] === true ? false : undefined,
    seed: option("seed"),
    validationFraction: option("validation-fraction"),
    cv: option("cv"),
    search: option("search"),
    trials: option("trials"),
    parallel: option("parallel"),
    plan: option("plan"),
    trial: option("trial"),
    collect: option("collect"),
  };
}

/** One run: how it was trained (or restored), where the files are, its metrics. */
function renderRunText(run: TrainRun): string {
  const { report } = run;
  const how = run.cacheHit ? "cache hit: restored" : "trained";
  const files = [`  model:   ${run.model}`, `  metrics: ${run.metrics}`];
  if (report.trainer === "command") {
    const metrics = Object.entries(report.metrics).map(([name, value]) => [name, formatNumber(value)]);
    return `${[
      `${how} with ${report.command}`,
      ...files,
      ...(metrics.length > 0 ? ["", ...renderTable(["metric", "value"], metrics)] : []),
    ].join("\n")}\n`;
  }
  return `${[
    `${how} ${report.trainer} on ${report.rows.train.toLocaleString("en-US")} rows (${report.task}, label ${report.label}; ${report.features.length} features)`,
    ...files,
    "",
    ...renderTable(
      ["metric", "validation", "train", ...(report.cv ? [`cv (${report.cv.folds} folds)`] : [])],
      Object.keys(report.validation.metrics).map((name) => [
        name,
        formatNumber(report.validation.metrics[name]),
        formatNumber(report.train.metrics[name]),
        ...(report.cv
          ? [
              `${formatNumber(report.cv.metrics[name]?.mean ?? Number.NaN)} ± ${formatNumber(report.cv.metrics[name]?.std ?? Number.NaN)}`,
            ]
          : []),
      ]),
    ),
  ].join("\n")}\n`;
}

/** A search: the best trial, where its files are, the parameter importance, every trial. */
function renderSearchText(summary: SearchSummary, out: string): string {
  const { best, objective, direction, method } = summary;
  const names = [...new Set(summary.trials.flatMap((t) => Object.keys(t.params)))];
  const rows = summary.trials.map((t) => [
    `${t.trial}${t.trial === best.trial ? " *" : ""}`,
    ...names.map((n) =>
      t.params[n] === undefined
        ? ""
        : String(typeof t.params[n] === "number" ? formatNumber(t.params[n] as number) : t.params[n]),
    ),
    t.value === null ? "" : formatNumber(t.value),
    t.status,
    t.durationMs === null ? "" : `${(t.durationMs / 1000).toFixed(1)} s`,
  ]);
  return `${[
    `search (${method}, ${summary.trials.length} trials, ${direction} ${objective}): best trial ${best.trial}, ${objective} ${formatNumber(best.value)}`,
    `  model:   ${join(out, "model.onnx")}`,
    `  study:   ${join(out, "study.jsonl")}`,
    ...(summary.importance.length > 0
      ? [
          `  parameter importance: ${summary.importance.map((i) => `${i.param} ${(i.importance * 100).toFixed(0)}%`).join(", ")}`,
        ]
      : []),
    "",
    ...renderTable(["trial", ...names, objective, "status", "time"], rows),
  ].join("\n")}\n`;
}
