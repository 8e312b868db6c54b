/**
 * One training run of a built-in trainer (builtin:logistic, builtin:gbdt): load the
 * data, hold out a stratified validation split, fit, export one ONNX graph,
 * score the validation rows with that exported graph (the artifact is what is
 * measured), and write `model.onnx` and `metrics.json` — or restore both from
 * the training cache when nothing that decides them has changed.
 */
import { join } from "node:path";
import { sha256File } from "../data/fingerprint.js";
import type { TableFormat } from "../data/readers/table-reader.js";
import type { DatasetSchema } from "../data/schema/dataset-schema.js";
import { writeFileAtomic, writeJsonAtomic } from "../lib/atomic-write.js";
import { MlshipError } from "../lib/errors.js";
import { requireRegularInput } from "../lib/input.js";
import { VERSION } from "../lib/version.js";
import { computeMetrics, type MetricsResult } from "../metrics/metrics.js";
import type { ColumnTable } from "../onnx/column-table.js";
import type { ModelMetadata } from "../onnx/export/onnx-graph.js";
import { FEATURES_METADATA_KEY } from "../onnx/feature-order.js";
import { loadModel, type OnnxModel } from "../onnx/onnx-model.js";
import type { Ort } from "../onnx/ort.js";
import { predict } from "../onnx/predict.js";
import { type BuiltinTrainer, GBDT_PARAM_NAMES, resolveParams } from "./builtin-params.js";
import { BuiltinTrainReportFileSchema } from "./metrics-file.js";
import { selectRows, stratifiedFolds, stratifiedSplit } from "./split.js";
import { designMatrix, fitFeaturePlan, planInputOrder } from "./trainers/features.js";
import { fitGbdt, type GbdtParams } from "./trainers/gbdt.js";
import { exportGbdtModel } from "./trainers/gbdt-export.js";
import { fitGbdtFeaturePlan, gbdtFeatureColumns } from "./trainers/gbdt-features.js";
import { exportLogisticModel } from "./trainers/logistic-export.js";
import { fitLogisticRegression } from "./trainers/logistic-regression.js";
import { loadTrainingData, type TrainingData } from "./trainers/training-table.js";
import {
  LocalTrainingCache,
  restoreTrainingRun,
  type TrainingCacheKey,
  trainingCacheKey,
} from "./training-cache.js";

export { BUILTIN_TRAINERS, type BuiltinTrainer } from "./builtin-params.js";
export type TrainTask = "binary" | "multiclass" | "regression";

/** A numeric label with more distinct values than this is a regression target (unless the config says). */
const MAX_INFERRED_CLASSES = 20;

export interface TrainSettings {
  data: string;
  label: string;
  trainer: BuiltinTrainer;
  /** Params as given (`--param C=0.5`): names must be the trainer's, values numbers. */
  params: Record<string, string | number>;
  /** The task (mlship.yml's model.task); unset: classification, or regression for a gbdt on a many-valued numeric label. */
  task?: TrainTask;
  schema?: DatasetSchema;
  format?: TableFormat;
  delimiter?: string;
  /** Share of rows held out for validation (stratified by class). */
  validationFraction: number;
  seed: number;
  /** Also run k-fold cross-validation (stratified for classification) and report each metric's mean and std. */
  cv?: number;
  outDir: string;
  /** The local cache folder; undefined: no cache (`--no-cache`). */
  cacheDir?: string;
  /** Loads onnxruntime-node (resolveOnnxRuntime in production). */
  runtime: () => Promise<Ort>;
}

export interface TrainOutcome {
  model: string;
  metrics: string;
  cacheHit: boolean;
  cacheKey: string;
  report: TrainReport;
}

export interface TrainReport {
  trainer: BuiltinTrainer;
  task: TrainTask;
  label: string;
  /** Class labels in class order; empty for regression. */
  classes: (string | number)[];
  params: Record<string, number | string | null>;
  seed: number;
  rows: { train: number; validation: number; missingLabel: number };
  features: string[];
  skipped: { column: string; reason: string }[];
  data: { sha256: string };
  validation: MetricsResult;
  train: MetricsResult;
  /** k-fold cross-validation (--cv k): mean and population std of each metric over the folds. */
  cv?: { folds: number; metrics: Record<string, { mean: number; std: number }> };
  /** builtin:logistic: L-BFGS iterations and convergence; builtin:gbdt: boosting rounds kept. */
  fit: { iterations: number; converged?: boolean };
  mlship: string;
}

const MAX_CLASSES = 100;

/** Params with the trainer's defaults filled in (resolveParams). */
type ResolvedParams = ReturnType<typeof resolveParams>;

/**
 * One run, as its steps: the cache entry it would be (restored on a hit), the labeled rows split
 * for validation, the fit, the exported model scored on both parts (and k folds with --cv), the files.
 */
export async function trainBuiltin(settings: TrainSettings): Promise<TrainOutcome> {
  const params = resolveParams(settings.trainer, settings.params);
  checkSeed(settings.seed);
  requireRegularInput(
    settings.data,
    "training reads the data more than once (its hash for the cache, the columns' types, the rows)",
  );
  const outputs = await planOutputs(settings, params);
  const cached = await restoreTrainingRun<TrainReport>(
    outputs.cache,
    outputs.key.key,
    settings.outDir,
    BuiltinTrainReportFileSchema,
  );
  if (cached) return outcomeOf(outputs, true, cached);

  const data = await prepareData(settings);
  const fitModel = modelFitter(settings, params, data);
  const fitted = fitModel(data.train.table, data.train.y);
  const ort = await settings.runtime();
  const scores = await scoreExported(ort, fitted.bytes, data);
  const report = trainReport(settings, params, data, outputs.dataSha256, scores, fitted.fit);
  if (settings.cv !== undefined)
    report.cv = await crossValidate(ort, fitModel, data, settings.cv, settings.seed);
  await writeOutputs(outputs, fitted.bytes, report);
  return outcomeOf(outputs, false, report);
}

/** Labels as the trainers take them: class indices, or the regression target. */
type Truth = Int32Array | Float64Array;

/** Where a run's files go, and the cache entry that holds (or will hold) them. */
interface RunOutputs {
  model: string;
  metrics: string;
  cache: LocalTrainingCache | undefined;
  key: TrainingCacheKey;
  dataSha256: string;
}

/** The cache key covers everything that decides the model and its metrics: params, split, features, task, data bytes. */
async function planOutputs(settings: TrainSettings, params: ResolvedParams): Promise<RunOutputs> {
  const data = await sha256File(settings.data);
  const key = await trainingCacheKey({
    trainer: settings.trainer,
    trainerVersion: VERSION,
    params: {
      ...params,
      seed: settings.seed,
      validationFraction: settings.validationFraction,
      label: settings.label,
      cv: settings.cv ?? null,
      // What decides the features and the task: a schema that drops a column trains another model.
      schema: settings.schema ?? null,
      task: settings.task ?? null,
      format: settings.format ?? null,
      delimiter: settings.delimiter ?? null,
    },
    data: { train: data.sha256 },
  });
  return {
    model: join(settings.outDir, "model.onnx"),
    metrics: join(settings.outDir, "metrics.json"),
    cache: settings.cacheDir ? new LocalTrainingCache(settings.cacheDir) : undefined,
    key,
    dataSha256: data.sha256,
  };
}

function outcomeOf(outputs: RunOutputs, cacheHit: boolean, report: TrainReport): TrainOutcome {
  return { model: outputs.model, metrics: outputs.metrics, cacheHit, cacheKey: outputs.key.key, report };
}

/** Rows of the labeled data: their table and their truth. */
interface Part {
  rows: number[];
  table: ColumnTable;
  y: Truth;
}

interface PreparedData {
  loaded: TrainingData;
  /** Rows of the table that have a label; `Part.rows` index this list. */
  labeled: number[];
  task: TrainTask;
  target: Target;
  train: Part;
  validation: Part;
}

/** Loads the table, keeps the labeled rows, decides the task and the target, and holds out the validation rows. */
async function prepareData(settings: TrainSettings): Promise<PreparedData> {
  const loaded = await loadTrainingData(settings.data, {
    label: settings.label,
    schema: settings.schema,
    format: settings.format,
    delimiter: settings.delimiter,
  });
  const labeled = loaded.labels.flatMap((label, row) => (label === null ? [] : [row]));
  const labels = labeled.map((row) => loaded.labels[row]!);
  const task = settings.task ?? inferTask(settings.trainer, labels);
  const target =
    task === "regression" ? regressionTarget(labels, settings) : classTarget(labels, settings, task);
  if (settings.cv !== undefined) checkFoldCount(settings, settings.cv, target);
  const { train, validation } = stratifiedSplit(
    target.strata,
    Math.max(1, target.classes.length),
    settings.validationFraction,
    settings.seed,
  );
  const data = { loaded, labeled, task, target };
  return { ...data, train: partOf(data, train), validation: partOf(data, validation) };
}

function partOf(data: Pick<PreparedData, "loaded" | "labeled" | "target">, rows: number[]): Part {
  const y = data.target.y;
  return {
    rows,
    table: selectRows(data.loaded.table, data.labeled, rows),
    y: y instanceof Int32Array ? Int32Array.from(rows, (i) => y[i]) : Float64Array.from(rows, (i) => y[i]),
  };
}

type ModelFitter = (table: ColumnTable, y: Truth) => FitOutcome;

/** The fit of the chosen trainer, exporting one ONNX graph that carries the run's metadata. */
function modelFitter(settings: TrainSettings, params: ResolvedParams, data: PreparedData): ModelFitter {
  const { task, target } = data;
  const metadata: ModelMetadata = {
    producerName: "mlship",
    producerVersion: VERSION,
    docString: `${settings.trainer} trained on ${settings.data} to predict ${settings.label}`,
    properties: {
      trainer: settings.trainer,
      label: settings.label,
      task,
      params: JSON.stringify(params),
      // The feature columns, so a reader can tell which columns feed the model (src/onnx/feature-order.ts).
      [FEATURES_METADATA_KEY]: JSON.stringify(planInputOrder(data.train.table)),
    },
  };
  return (table, y) =>
    settings.trainer === "builtin:logistic"
      ? fitLogistic(table, y as Int32Array, target.classes, params as Record<string, number>, metadata)
      : fitGbdtModel(table, y, task, target.classes, params, settings.seed, metadata);
}

/** The exported graph (what is shipped is what is measured) scored on the validation rows, then the training rows. */
async function scoreExported(
  ort: Ort,
  bytes: Uint8Array,
  data: PreparedData,
): Promise<{ validation: MetricsResult; train: MetricsResult }> {
  const onnx = await loadModel(ort, bytes, { name: "model.onnx" });
  try {
    const validation = await scoreModel(onnx, data.validation, data);
    const train = await scoreModel(onnx, data.train, data);
    return { validation, train };
  } finally {
    await onnx.release();
  }
}

async function scoreModel(
  model: OnnxModel,
  part: Pick<Part, "table" | "y">,
  { task, target }: Pick<PreparedData, "task" | "target">,
): Promise<MetricsResult> {
  const truth = part.y;
  if (truth.length === 0) return { metrics: {} };
  const prediction = await predict(model, part.table);
  if (task === "regression") {
    if (prediction.kind !== "regressor") throw new Error("the exported model is not a regressor");
    return computeMetrics({ task, yTrue: truth, yPred: prediction.values });
  }
  if (prediction.kind !== "classifier") throw new Error("the exported model is not a classifier");
  return task === "binary"
    ? computeMetrics({
        task,
        yTrue: truth as Int32Array,
        scores: Float64Array.from(truth, (_, r) => prediction.probabilities[r * 2 + 1]),
      })
    : computeMetrics({
        task,
        yTrue: truth as Int32Array,
        probabilities: prediction.probabilities,
        classes: target.classes.length,
      });
}

function trainReport(
  settings: TrainSettings,
  params: ResolvedParams,
  data: PreparedData,
  dataSha256: string,
  scores: { validation: MetricsResult; train: MetricsResult },
  fit: FitOutcome["fit"],
): TrainReport {
  return {
    trainer: settings.trainer,
    task: data.task,
    label: settings.label,
    classes: data.target.classes,
    params,
    seed: settings.seed,
    rows: {
      train: data.train.rows.length,
      validation: data.validation.rows.length,
      missingLabel: data.loaded.labels.length - data.labeled.length,
    },
    features: data.loaded.features,
    skipped: data.loaded.skipped,
    data: { sha256: dataSha256 },
    validation: scores.validation,
    train: scores.train,
    fit,
    mlship: VERSION,
  };
}

/** k-fold cross-validation on all labeled rows: each fold's model is exported and scored like the final one. */
async function crossValidate(
  ort: Ort,
  fitModel: ModelFitter,
  data: PreparedData,
  k: number,
  seed: number,
): Promise<NonNullable<TrainReport["cv"]>> {
  const all = data.labeled.map((_, i) => i);
  const folds = stratifiedFolds(data.target.strata, Math.max(1, data.target.classes.length), k, seed);
  const perFold: Record<string, number>[] = [];
  for (const held of folds) {
    const heldSet = new Set(held);
    const kept = partOf(
      data,
      all.filter((i) => !heldSet.has(i)),
    );
    const foldModel = await loadModel(ort, fitModel(kept.table, kept.y).bytes, { name: "cv-fold.onnx" });
    try {
      perFold.push((await scoreModel(foldModel, partOf(data, held), data)).metrics);
    } finally {
      await foldModel.release();
    }
  }
  return { folds: k, metrics: summarizeFolds(perFold) };
}

/** model.onnx and metrics.json, each written whole, then kept in the cache. */
async function writeOutputs(outputs: RunOutputs, bytes: Uint8Array, report: TrainReport): Promise<void> {
  await writeFileAtomic(outputs.model, bytes);
  await writeJsonAtomic(outputs.metrics, report);
  await outputs.cache?.put(outputs.key, { "model.onnx": outputs.model, "metrics.json": outputs.metrics });
}

interface FitOutcome {
  bytes: Uint8Array;
  fit: { iterations: number; converged?: boolean };
}

function fitLogistic(
  table: ColumnTable,
  y: Int32Array,
  classes: (string | number)[],
  params: Record<string, number>,
  metadata: ModelMetadata,
): FitOutcome {
  const plan = fitFeaturePlan(table);
  const fitted = fitLogisticRegression(
    { x: designMatrix(plan, table), rows: table.rows, features: plan.width, y, classes: classes.length },
    { c: params.C, maxIterations: params.max_iter, tolerance: params.tol },
  );
  return {
    bytes: exportLogisticModel(plan, fitted, classes as number[] | string[], metadata),
    fit: { iterations: fitted.iterations, converged: fitted.converged },
  };
}

function fitGbdtModel(
  table: ColumnTable,
  y: Int32Array | Float64Array,
  task: TrainTask,
  classes: (string | number)[],
  params: Record<string, number | string | null>,
  seed: number,
  metadata: ModelMetadata,
): FitOutcome {
  const plan = fitGbdtFeaturePlan(table);
  const options: Partial<GbdtParams> = { seed };
  for (const [name, value] of Object.entries(params)) {
    const key = GBDT_PARAM_NAMES[name as keyof typeof GBDT_PARAM_NAMES];
    (options as Record<string, unknown>)[key] =
      name === "early_stopping" ? (value === "auto" ? "auto" : value === "true") : value;
  }
  const model = fitGbdt(
    {
      x: gbdtFeatureColumns(plan, table),
      y,
      task,
      classes: task === "regression" ? undefined : classes.length,
    },
    options,
  );
  return {
    bytes: exportGbdtModel(
      plan,
      model,
      task === "regression" ? undefined : (classes as number[] | string[]),
      metadata,
    ),
    fit: { iterations: model.trees.length / Math.max(1, model.outputs) },
  };
}

/** The seeded generator (src/lib/random.ts) takes whole numbers that a double holds exactly. */
function checkSeed(seed: number): void {
  if (Number.isSafeInteger(seed) && seed >= 0) return;
  throw new MlshipError(
    "bad_usage",
    `expected a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, got ${seed}`,
    { setting: "seed" },
  );
}

/**
 * k-fold cross-validation deals each class's rows to the k folds: every fold needs a row of each
 * class (scikit-learn's StratifiedKFold refuses fewer too), and at least k rows in all.
 */
function checkFoldCount(settings: TrainSettings, k: number, target: Target): void {
  const counts = new Int32Array(Math.max(1, target.classes.length));
  for (const c of target.strata) counts[c]++;
  let smallest = 0;
  for (let c = 1; c < counts.length; c++) if (counts[c] < counts[smallest]) smallest = c;
  if (counts[smallest] >= k) return;
  const what =
    target.classes.length > 0
      ? `the class ${JSON.stringify(target.classes[smallest])} of "${settings.label}" has ${counts[smallest]} rows`
      : `there are ${counts[smallest]} labeled rows`;
  throw new MlshipError(
    "bad_usage",
    `${k} folds: ${what}, and each fold needs one: ${counts[smallest] >= 2 ? `give from 2 to ${counts[smallest]} folds` : "too few to cross-validate"}`,
    { setting: "cv" },
  );
}

/** Classification unless a gbdt sees a numeric label with many distinct values. */
function inferTask(trainer: BuiltinTrainer, labels: (string | number)[]): TrainTask {
  const distinct = new Set(labels);
  if (
    trainer === "builtin:gbdt" &&
    labels.every((l) => typeof l === "number") &&
    distinct.size > MAX_INFERRED_CLASSES
  ) {
    return "regression";
  }
  return distinct.size > 2 ? "multiclass" : "binary";
}

interface Target {
  y: Int32Array | Float64Array;
  classes: (string | number)[];
  /** Class per row for the stratified split (all 0 for regression). */
  strata: Int32Array;
}

function classTarget(labels: (string | number)[], settings: TrainSettings, task: TrainTask): Target {
  const classes = sortedClasses(labels);
  if (classes.length < 2) {
    throw new MlshipError(
      "one_class",
      `the label "${settings.label}" has ${classes.length} class in ${settings.data}: a classifier needs two`,
      { file: settings.data, column: settings.label },
    );
  }
  if (classes.length > MAX_CLASSES) {
    throw new MlshipError(
      "too_many_classes",
      `the label "${settings.label}" has ${classes.length} distinct values: ${settings.trainer} as a classifier takes at most ${MAX_CLASSES}; is it a regression target? (model.task: regression, with builtin:gbdt)`,
      { file: settings.data, column: settings.label },
    );
  }
  if (task === "binary" && classes.length > 2) {
    throw new MlshipError(
      "not_binary",
      `model.task is binary but the label "${settings.label}" has ${classes.length} classes`,
      {
        file: settings.data,
        column: settings.label,
      },
    );
  }
  const index = new Map<string | number, number>(classes.map((c, i) => [c, i]));
  const y = Int32Array.from(
    labels,
    (label) => index.get(typeof classes[0] === "number" ? label : String(label))!,
  );
  return { y, classes, strata: y };
}

function regressionTarget(labels: (string | number)[], settings: TrainSettings): Target {
  if (settings.trainer !== "builtin:gbdt") {
    throw new MlshipError("bad_task", `${settings.trainer} is a classifier: use builtin:gbdt for regression`);
  }
  const y = Float64Array.from(labels, (label) => (typeof label === "number" ? label : Number.NaN));
  const bad = y.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new MlshipError(
      "bad_label",
      `the regression label "${settings.label}" has a value that is not a number: ${JSON.stringify(labels[bad])}`,
      {
        file: settings.data,
        column: settings.label,
      },
    );
  }
  return { y, classes: [], strata: new Int32Array(y.length) };
}

/** Distinct labels, numbers ascending or texts in code-point order (scikit-learn sorts its classes_ too). */
function sortedClasses(labels: (string | number)[]): (string | number)[] {
  const distinct = [...new Set(labels)];
  if (distinct.every((l) => typeof l === "number")) return (distinct as number[]).sort((a, b) => a - b);
  return distinct.map(String).sort();
}

/** Mean and population standard deviation of each metric over the folds (NaN folds left out). */
function summarizeFolds(folds: Record<string, number>[]): Record<string, { mean: number; std: number }> {
  const names = Object.keys(folds[0] ?? {});
  return Object.fromEntries(
    names.map((name) => {
      const values = folds.map((f) => f[name]).filter((v) => Number.isFinite(v));
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      const std = Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length);
      return [name, { mean, std }];
    }),
  );
}
