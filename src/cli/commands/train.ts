import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import {
  findConfigFile,
  loadConfig,
  loadConfiguredDatasetSchema,
  SEARCH_METHODS,
} from "../../config/index.js";
import type { SearchConfig } from "../../config/sections/train.js";
import { loadDatasetSchema } from "../../data/schema/dataset-schema.js";
import { writeFileAtomic, writeJsonAtomic } from "../../lib/atomic-write.js";
import { ExitCode, MlshipError } from "../../lib/errors.js";
import { formatNumber } from "../../lib/format-number.js";
import { checkOutputFolder } from "../../lib/output-path.js";
import { ownRecord } from "../../lib/own-keys.js";
import { formatPath } from "../../lib/structured-file.js";
import { renderTable } from "../../lib/text-table.js";
import { metricDirection } from "../../metrics/metric-direction.js";
import { METRIC_NAMES } from "../../metrics/metrics.js";
import { resolveOnnxRuntime } from "../../onnx/runtime/resolve-runtime.js";
import { resolveParams, searchSpaceProblems } from "../../train/builtin-params.js";
import { BUILTIN_TRAINERS, type BuiltinTrainer, trainBuiltin } from "../../train/train-builtin.js";
import { trainWithCommand } from "../../train/train-command.js";
import {
  collectTrials,
  parseTrialSpec,
  planTrials,
  TRIAL_RECORD_FILE,
  writeStudyFile,
} from "../../tune/fan-out.js";
import { runSearch, type SearchMethod, type TrialHooks, type TrialOutcome } from "../../tune/run-search.js";
import { summarizeSearch } from "../../tune/search-summary.js";
import type { Study } from "../../tune/study.js";
import type { Direction, Trial } from "../../tune/trial.js";
import {
  booleanOption,
  type Command,
  type CommandContext,
  numberOption,
  type ParsedArgs,
  stringOption,
} from "../command.js";
import { printsText, writeJsonResult } from "../output.js";
import { DELIMITER_OPTION, delimiterOption, FORMAT_OPTION, formatOption } from "./validate.js";

export const trainCommand: Command = {
  name: ["train"],
  summary:
    "train a model (built-in trainers or your own program), or search its params; cached by content hash",
  usage:
    'mlship train [--data f] [--label col] [--trainer builtin:logistic|builtin:gbdt | --command "…"] [--param k=v]… [--search m --trials n --parallel n] [--out dir] [--no-cache]',
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
    const configFile = stringOption(args, "config") ?? (await findConfigFile(context.cwd));
    const config = await loadConfig(stringOption(args, "config"), { cwd: context.cwd });
    const root = configFile ? dirname(resolve(context.cwd, configFile)) : context.cwd;
    const command =
      stringOption(args, "command") ?? (stringOption(args, "trainer") ? undefined : config.train.command);
    const outDir = resolve(context.cwd, stringOption(args, "out") ?? ".");
    await checkOutputFolder(outDir, "--out", TRAIN_OUTPUT_FILES);
    const cacheDir = booleanOption(args, "no-cache")
      ? undefined
      : resolve(context.cwd, ".mlship/cache/train");
    const params = { ...config.train.params, ...parseParams(args) };
    const searching = ["search", "trials", "plan"].some((name) => stringOption(args, name) !== undefined);
    if (command === undefined) {
      const search = searching ? config.train.search : undefined;
      checkBuiltinSettings(builtinTrainerOf(args, config), params, search, configFile);
    }
    const planned = numberOption(args, "plan", { min: 1, max: 256, integer: true });
    const trialSpec = stringOption(args, "trial");
    const collectDir = stringOption(args, "collect");
    if (planned !== undefined || collectDir !== undefined) {
      const search = requireSearch(config);
      const method = stringOption(args, "search") ?? search.method;
      const objective = search.objective.metric;
      const direction = search.objective.direction ?? metricDirection(objective);
      if (planned !== undefined) {
        const include = planTrials({
          space: search.space,
          method: method as SearchMethod,
          trials: planned,
          seed: search.seed,
          direction,
        });
        const matrix = { include };
        if (stringOption(args, "json") !== undefined) await writeJsonResult(args, context, matrix);
        else context.stdout.write(`${JSON.stringify(matrix)}\n`);
        return ExitCode.ok;
      }
      const collected = await collectTrials(resolve(context.cwd, collectDir!), objective, direction);
      await writeStudyFile(join(outDir, "study.jsonl"), collected.study);
      return reportSearch(args, context, {
        study: collected.study,
        best: collected.best,
        objective,
        direction,
        method: "collected",
        outDir,
        trialDir: (trial) => collected.records.get(trial)!,
      });
    }
    if (trialSpec !== undefined) {
      const spec = parseTrialSpec(trialSpec);
      const started = Date.now();
      const record = (
        status: "complete" | "failed",
        metrics: Record<string, number>,
        extra: { error?: string; cached?: boolean } = {},
      ) =>
        writeJsonAtomic(join(outDir, TRIAL_RECORD_FILE), {
          ...spec,
          status,
          metrics,
          durationMs: Date.now() - started,
          ...(extra.cached ? { cached: true } : {}),
          error: extra.error,
        });
      try {
        const outcome = await trainOnce(
          args,
          context,
          config,
          command,
          root,
          { ...params, ...spec.params },
          outDir,
          cacheDir,
          false,
        );
        if ("pruned" in outcome) throw new Error("a single trial has no pruner to stop it");
        await record("complete", outcome.metrics, { cached: outcome.cached });
        return ExitCode.ok;
      } catch (error) {
        if (error instanceof MlshipError) await record("failed", {}, { error: error.message });
        throw error;
      }
    }
    const searchMethod = stringOption(args, "search");
    if (searchMethod !== undefined || stringOption(args, "trials") !== undefined) {
      const parallel = numberOption(args, "parallel", { min: 1, max: 64, integer: true }) ?? 1;
      return runTrainSearch(args, context, {
        config,
        method: searchMethod,
        outDir,
        parallel,
        trainOnce: (trialParams, trialOut, hooks) =>
          // A command trainer is its own process already; built-in trainers run in a child
          // mlship each when trials overlap, since in one process they would only take turns.
          parallel > 1 && command === undefined
            ? trainInChildProcess(args, context, { ...params, ...trialParams }, trialOut)
            : trainOnce(
                args,
                context,
                config,
                command,
                root,
                { ...params, ...trialParams },
                trialOut,
                cacheDir,
                true,
                hooks,
              ),
      });
    }
    return trainOnce(args, context, config, command, root, params, outDir, cacheDir, false).then(
      () => ExitCode.ok,
    );
  },
};

type Config = Awaited<ReturnType<typeof loadConfig>>;

/** What a run, a search or a trial writes into --out: none of them may be a folder. */
const TRAIN_OUTPUT_FILES = ["model.onnx", "metrics.json", "study.jsonl", "search.json", TRIAL_RECORD_FILE];
type ParamValues = Record<string, string | number | boolean>;

/** One training run (a single train, or one trial of a search); prints its summary unless quiet. */
async function trainOnce(
  args: ParsedArgs,
  context: CommandContext,
  config: Config,
  command: string | undefined,
  root: string,
  params: ParamValues,
  outDir: string,
  cacheDir: string | undefined,
  quiet: boolean,
  hooks?: TrialHooks,
): Promise<TrialOutcome> {
  if (command !== undefined) {
    if (stringOption(args, "trainer"))
      throw new MlshipError("bad_usage", "give --trainer or --command, not both");
    const data = stringOption(args, "data") ?? config.data.train;
    const outcome = await trainWithCommand({
      command,
      params,
      data: data ? { train: data } : {},
      cachePaths: config.train.cache.paths,
      root,
      outDir,
      cacheDir,
      timeoutMs: config.train.timeoutMinutes * 60_000,
      runtime: () => resolveOnnxRuntime(),
      log: (line) => context.stderr.write(`${line}\n`),
      signal: hooks?.signal,
      onProgress: hooks?.progress,
    });
    if ("pruned" in outcome) return outcome;
    if (!quiet) await writeJsonResult(args, context, outcome);
    if (!quiet && printsText(args)) {
      const metrics = Object.entries(outcome.report.metrics).map(([name, value]) => [
        name,
        formatNumber(value),
      ]);
      context.stdout.write(
        `${[
          `${outcome.cacheHit ? "cache hit: restored" : "trained"} with ${outcome.report.command}`,
          `  model:   ${outcome.model}`,
          `  metrics: ${outcome.metrics}`,
          ...(metrics.length > 0 ? ["", ...renderTable(["metric", "value"], metrics)] : []),
        ].join("\n")}\n`,
      );
    }
    return { metrics: outcome.report.metrics, cached: outcome.cacheHit };
  }
  const data = stringOption(args, "data") ?? config.data.train;
  if (!data)
    throw new MlshipError("bad_usage", "no training data: give --data or set data.train in mlship.yml");
  const label = stringOption(args, "label") ?? config.label;
  if (!label) throw new MlshipError("bad_usage", "no label: give --label or set label in mlship.yml");
  const trainer = builtinTrainerOf(args, config);
  const schemaFile = stringOption(args, "schema");
  const schema = schemaFile ? await loadDatasetSchema(schemaFile) : await loadConfiguredDatasetSchema(config);
  const outcome = await trainBuiltin({
    data,
    label,
    trainer,
    params: Object.fromEntries(
      Object.entries(params).map(([k, v]) => [k, typeof v === "boolean" ? String(v) : v]),
    ),
    task: config.model.task,
    schema,
    format: formatOption(args),
    delimiter: delimiterOption(args, config),
    validationFraction: numberOption(args, "validation-fraction", { min: 0.01, max: 0.9 }) ?? 0.2,
    seed: numberOption(args, "seed", { min: 0, integer: true }) ?? 1,
    cv: numberOption(args, "cv", { min: 2, max: 100, integer: true }),
    outDir,
    cacheDir,
    runtime: () => resolveOnnxRuntime(),
  });
  const { report } = outcome;
  if (!quiet) await writeJsonResult(args, context, { ...outcome, report });
  if (!quiet && printsText(args)) {
    const lines = [
      `${outcome.cacheHit ? "cache hit: restored" : "trained"} ${report.trainer} on ${report.rows.train.toLocaleString("en-US")} rows (${report.task}, label ${report.label}; ${report.features.length} features)`,
      `  model:   ${outcome.model}`,
      `  metrics: ${outcome.metrics}`,
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
    ];
    context.stdout.write(`${lines.join("\n")}\n`);
  }
  return { metrics: report.validation.metrics, cached: outcome.cacheHit };
}

/** The built-in trainer to train with: --trainer, else mlship.yml's train.trainer, else builtin:logistic. */
function builtinTrainerOf(args: ParsedArgs, config: Config): BuiltinTrainer {
  const trainer = stringOption(args, "trainer") ?? config.train.trainer ?? "builtin:logistic";
  if (!(BUILTIN_TRAINERS as readonly string[]).includes(trainer)) {
    throw new MlshipError(
      "bad_usage",
      `--trainer: ${JSON.stringify(trainer)} is not available; available: ${BUILTIN_TRAINERS.join(", ")}`,
    );
  }
  return trainer as BuiltinTrainer;
}

/**
 * A built-in trainer's params (--param, train.params), and the ranges of the space it searches and
 * the metric it optimizes, checked before anything is trained: a search would otherwise fail trial
 * after trial for one bad bound, or finish with no trial reporting its objective.
 */
function checkBuiltinSettings(
  trainer: BuiltinTrainer,
  params: ParamValues,
  search: SearchConfig | undefined,
  configFile: string | undefined,
): void {
  resolveParams(trainer, params);
  if (!search) return;
  const [problem] = searchSpaceProblems(trainer, search.space);
  if (problem) {
    throw new MlshipError("invalid_config", problem.message, {
      file: configFile,
      path: `train.search.space.${formatPath(problem.path)}`,
    });
  }
  const reported: string[] = [...new Set(Object.values(METRIC_NAMES).flat())];
  if (!reported.includes(search.objective.metric)) {
    throw new MlshipError(
      "invalid_config",
      `${JSON.stringify(search.objective.metric)} is not a metric ${trainer} reports; it reports: ${reported.join(", ")}`,
      { file: configFile, path: "train.search.objective.metric" },
    );
  }
}

/** `--search`: the trials of train.search, the best one's model and metrics copied to the output folder. */
async function runTrainSearch(
  args: ParsedArgs,
  context: CommandContext,
  options: {
    config: Config;
    method: string | undefined;
    outDir: string;
    parallel: number;
    trainOnce: (params: ParamValues, outDir: string, hooks: TrialHooks) => Promise<TrialOutcome>;
  },
): Promise<ExitCode> {
  const search = requireSearch(options.config);
  const method = options.method ?? search.method;
  if (!(SEARCH_METHODS as readonly string[]).includes(method)) {
    throw new MlshipError(
      "bad_usage",
      `--search: expected one of ${SEARCH_METHODS.join(", ")}, got ${JSON.stringify(method)}`,
    );
  }
  const objective = search.objective.metric;
  const direction = search.objective.direction ?? metricDirection(objective);
  const outcome = await runSearch({
    space: search.space,
    method: method as SearchMethod,
    trials: numberOption(args, "trials", { min: 1, integer: true }) ?? search.trials,
    parallel: options.parallel,
    seed: search.seed,
    objective,
    direction,
    studyFile: join(options.outDir, "study.jsonl"),
    runTrial: (params, trial, hooks) =>
      options.trainOnce(params, join(options.outDir, "trials", String(trial)), hooks),
    pruner: search.pruner,
    onTrial: (trial) =>
      context.stderr.write(
        `trial ${trial.number}: ${trial.status}${trial.value !== undefined ? ` ${objective} ${formatNumber(trial.value)}` : ""} ${JSON.stringify(trial.params)}${trial.error ? ` (${trial.error})` : ""}\n`,
      ),
  });
  return reportSearch(args, context, {
    study: outcome.study,
    best: outcome.best,
    objective,
    direction,
    method,
    outDir: options.outDir,
    trialDir: (trial) => join(options.outDir, "trials", String(trial)),
  });
}

/** The end of a search (run here or collected from jobs): the best trial's files, search.json, the table. */
async function reportSearch(
  args: ParsedArgs,
  context: CommandContext,
  options: {
    study: Study;
    best: Trial | undefined;
    objective: string;
    direction: Direction;
    method: string;
    outDir: string;
    trialDir: (trial: number) => string;
  },
): Promise<ExitCode> {
  const { best, study, objective, direction, method } = options;
  if (!best) {
    throw new MlshipError(
      "no_trial_succeeded",
      `no trial of the search finished with ${objective}: see ${join(options.outDir, "study.jsonl")}`,
      {},
      ExitCode.checkFailed,
    );
  }
  const bestDir = options.trialDir(best.number);
  for (const name of ["model.onnx", "metrics.json"]) {
    await writeFileAtomic(join(options.outDir, name), await readFile(join(bestDir, name)));
  }
  const summary = summarizeSearch(study, best, { objective, direction, method });
  await writeJsonAtomic(join(options.outDir, "search.json"), summary);
  await writeJsonResult(args, context, summary);
  if (printsText(args)) {
    const names = [...new Set(study.trials.flatMap((t) => Object.keys(t.params)))];
    const rows = study.trials.map((t) => [
      `${t.number}${t.number === best.number ? " *" : ""}`,
      ...names.map((n) =>
        t.params[n] === undefined
          ? ""
          : String(typeof t.params[n] === "number" ? formatNumber(t.params[n] as number) : t.params[n]),
      ),
      t.value === undefined ? "" : formatNumber(t.value),
      t.status,
      t.durationMs === undefined ? "" : `${(t.durationMs / 1000).toFixed(1)} s`,
    ]);
    context.stdout.write(
      `${[
        `search (${method}, ${study.trials.length} trials, ${direction} ${objective}): best trial ${best.number}, ${objective} ${formatNumber(best.value!)}`,
        `  model:   ${join(options.outDir, "model.onnx")}`,
        `  study:   ${join(options.outDir, "study.jsonl")}`,
        ...(summary.importance.length > 0
          ? [
              `  parameter importance: ${summary.importance.map((i) => `${i.param} ${(i.importance * 100).toFixed(0)}%`).join(", ")}`,
            ]
          : []),
        "",
        ...renderTable(["trial", ...names, objective, "status", "time"], rows),
      ].join("\n")}\n`,
    );
  }
  return ExitCode.ok;
}

function requireSearch(config: Config) {
  const search = config.train.search;
  if (!search) {
    throw new MlshipError("bad_usage", "a search needs a search space: set train.search.space in mlship.yml");
  }
  return search;
}

/** Options a trial's child process does not take from its parent's command line. */
const SEARCH_ONLY_OPTIONS = new Set([
  "search",
  "trials",
  "parallel",
  "plan",
  "trial",
  "collect",
  "out",
  "json",
  "param",
  "help",
]);

/** One built-in trial as `mlship train` in a child process (the same script), its params last. */
async function trainInChildProcess(
  args: ParsedArgs,
  context: CommandContext,
  params: ParamValues,
  outDir: string,
): Promise<{ metrics: Record<string, number>; cached: boolean }> {
  const argv = ["train"];
  for (const [name, value] of Object.entries(args.values)) {
    if (SEARCH_ONLY_OPTIONS.has(name) || value === undefined || value === false) continue;
    argv.push(value === true ? `--${name}` : `--${name}=${String(value)}`);
  }
  for (const [name, value] of Object.entries(params)) argv.push(`--param=${name}=${String(value)}`);
  argv.push(`--out=${outDir}`, "--json=-");
  const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
    execFile(
      process.execPath,
      [process.argv[1], ...argv],
      { cwd: context.cwd, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        done({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }),
    );
  });
  if (result.code !== 0) {
    const message =
      result.stderr
        .trim()
        .split("\n")
        .pop()
        ?.replace(/^mlship: error: /, "") ?? `exit ${result.code}`;
    if (result.code === ExitCode.badInput || result.code === ExitCode.checkFailed)
      throw new MlshipError("trial_failed", message);
    throw new Error(`a trial's mlship process failed (exit ${result.code}): ${result.stderr.trim()}`);
  }
  // The child's --json=- result: its metrics.json report and whether the cache held the run.
  const child = JSON.parse(result.stdout) as {
    cacheHit: boolean;
    report: { validation: { metrics: Record<string, number> } };
  };
  return { metrics: child.report.validation.metrics, cached: child.cacheHit };
}

/** `--param C=0.5 --param max_iter=200` → { C: "0.5", max_iter: "200" }. */
function parseParams(args: ParsedArgs): Record<string, string> {
  const raw = args.values.param;
  const list = Array.isArray(raw) ? raw : typeof raw === "string" ? [raw] : [];
  const params: Record<string, string> = ownRecord();
  for (const item of list) {
    const eq = item.indexOf("=");
    if (eq <= 0)
      throw new MlshipError("bad_usage", `--param: expected name=value, got ${JSON.stringify(item)}`);
    params[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
  }
  return params;
}
