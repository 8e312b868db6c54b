/**
 * One training run of a built-in trainer (today builtin:logistic): load the
 * data, hold out a stratified validation split, fit, export one ONNX graph,
 * score the validation rows with that exported graph (the artifact is what is
 * measured), and write `model.onnx` and `metrics.json` — or restore both from
 * the training cache when nothing that decides them has changed.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { sha256File } from "../../data/fingerprint.js";
import type { TableFormat } from "../../data/readers/table-reader.js";
import type { DatasetSchema } from "../../data/schema/dataset-schema.js";
import { MlshipError } from "../../errors.js";
import { computeMetrics, type MetricsResult } from "../../evaluate/metrics.js";
import { writeFileAtomic, writeJsonAtomic } from "../../fs/atomic-write.js";
import { VERSION } from "../../version.js";
import type { Column, ColumnTable } from "../column-table.js";
import { loadModel } from "../onnx-model.js";
import type { Ort } from "../ort.js";
import { predict } from "../predict.js";
import { designMatrix, fitFeaturePlan } from "../trainers/features.js";
import { exportLogisticModel } from "../trainers/logistic-export.js";
import { fitLogisticRegression } from "../trainers/logistic-regression.js";
import { loadTrainingData } from "../trainers/training-table.js";
import { LocalTrainingCache, trainingCacheKey } from "./training-cache.js";

export const BUILTIN_TRAINERS = ["builtin:logistic"] as const;
export type BuiltinTrainer = (typeof BUILTIN_TRAINERS)[number];

/** builtin:logistic's params and their defaults (scikit-learn's LogisticRegression names). */
export const LOGISTIC_PARAMS = { C: 1, max_iter: 100, tol: 1e-4 } as const;

export interface TrainSettings {
  data: string;
  label: string;
  trainer: BuiltinTrainer;
  /** Params as given (`--param C=0.5`): names must be the trainer's, values numbers. */
  params: Record<string, string | number>;
  schema?: DatasetSchema;
  format?: TableFormat;
  delimiter?: string;
  /** Share of rows held out for validation (stratified by class). */
  validationFraction: number;
  seed: number;
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
  task: "binary" | "multiclass";
  label: string;
  classes: (string | number)[];
  params: Record<string, number>;
  seed: number;
  rows: { train: number; validation: number; missingLabel: number };
  features: string[];
  skipped: { column: string; reason: string }[];
  data: { sha256: string };
  validation: MetricsResult;
  train: MetricsResult;
  /** L-BFGS iterations, and whether the gradient tolerance was met before max_iter. */
  fit: { iterations: number; converged: boolean };
  mlship: string;
}

const MAX_CLASSES = 100;

export async function trainBuiltin(settings: TrainSettings): Promise<TrainOutcome> {
  const params = resolveParams(settings.params);
  const data = await sha256File(settings.data);
  const key = await trainingCacheKey({
    trainer: settings.trainer,
    trainerVersion: VERSION,
    params: {
      ...params,
      seed: settings.seed,
      validationFraction: settings.validationFraction,
      label: settings.label,
    },
    data: { train: data.sha256 },
  });
  const model = join(settings.outDir, "model.onnx");
  const metrics = join(settings.outDir, "metrics.json");
  const cache = settings.cacheDir ? new LocalTrainingCache(settings.cacheDir) : undefined;
  const hit = await cache?.get(key.key);
  if (cache && hit) {
    await cache.restore(hit, settings.outDir);
    const report = JSON.parse(await readFile(metrics, "utf8")) as TrainReport;
    return { model, metrics, cacheHit: true, cacheKey: key.key, report };
  }

  const loaded = await loadTrainingData(settings.data, {
    label: settings.label,
    schema: settings.schema,
    format: settings.format,
    delimiter: settings.delimiter,
  });
  const labeled = loaded.labels.flatMap((label, row) => (label === null ? [] : [row]));
  const classes = sortedClasses(labeled.map((row) => loaded.labels[row]!));
  if (classes.length < 2) {
    throw new MlshipError(
      "one_class",
      `the label "${settings.label}" has ${classes.length} class in ${settings.data}: a classifier needs two`,
      {
        file: settings.data,
        column: settings.label,
      },
    );
  }
  if (classes.length > MAX_CLASSES) {
    throw new MlshipError(
      "too_many_classes",
      `the label "${settings.label}" has ${classes.length} distinct values: builtin:logistic is a classifier (at most ${MAX_CLASSES} classes); is it a regression target?`,
      { file: settings.data, column: settings.label },
    );
  }
  const classIndex = new Map<string | number, number>(classes.map((c, i) => [c, i]));
  const y = Int32Array.from(labeled, (row) => classIndex.get(loaded.labels[row]!)!);
  const { train, validation } = stratifiedSplit(
    y,
    classes.length,
    settings.validationFraction,
    settings.seed,
  );
  const trainTable = selectRows(loaded.table, labeled, train);
  const validationTable = selectRows(loaded.table, labeled, validation);
  const yTrain = Int32Array.from(train, (i) => y[i]);
  const yValidation = Int32Array.from(validation, (i) => y[i]);

  const plan = fitFeaturePlan(trainTable);
  const fitted = fitLogisticRegression(
    {
      x: designMatrix(plan, trainTable),
      rows: trainTable.rows,
      features: plan.width,
      y: yTrain,
      classes: classes.length,
    },
    { c: params.C, maxIterations: params.max_iter, tolerance: params.tol },
  );
  const bytes = exportLogisticModel(plan, fitted, classes as number[] | string[], {
    producerName: "mlship",
    producerVersion: VERSION,
    docString: `builtin:logistic trained on ${settings.data} to predict ${settings.label}`,
    properties: { trainer: settings.trainer, label: settings.label, params: JSON.stringify(params) },
  });

  const ort = await settings.runtime();
  const onnx = await loadModel(ort, bytes, { name: "model.onnx" });
  const task = classes.length === 2 ? "binary" : "multiclass";
  const score = async (table: ColumnTable, truth: Int32Array): Promise<MetricsResult> => {
    const prediction = await predict(onnx, table);
    if (prediction.kind !== "classifier") throw new Error("the exported model is not a classifier");
    if (truth.length === 0) return { metrics: {} };
    return task === "binary"
      ? computeMetrics({
          task,
          yTrue: truth,
          scores: Float64Array.from(truth, (_, r) => prediction.probabilities[r * 2 + 1]),
        })
      : computeMetrics({
          task,
          yTrue: truth,
          probabilities: prediction.probabilities,
          classes: classes.length,
        });
  };
  const report: TrainReport = {
    trainer: settings.trainer,
    task,
    label: settings.label,
    classes,
    params,
    seed: settings.seed,
    rows: {
      train: train.length,
      validation: validation.length,
      missingLabel: loaded.labels.length - labeled.length,
    },
    features: loaded.features,
    skipped: loaded.skipped,
    data: { sha256: data.sha256 },
    validation: await score(validationTable, yValidation),
    train: await score(trainTable, yTrain),
    fit: { iterations: fitted.iterations, converged: fitted.converged },
    mlship: VERSION,
  };
  onnx.release();
  await writeFileAtomic(model, bytes);
  await writeJsonAtomic(metrics, report);
  await cache?.put(key, { "model.onnx": model, "metrics.json": metrics });
  return { model, metrics, cacheHit: false, cacheKey: key.key, report };
}

function resolveParams(given: Record<string, string | number>): Record<string, number> {
  const params: Record<string, number> = { ...LOGISTIC_PARAMS };
  for (const [name, raw] of Object.entries(given)) {
    if (!(name in LOGISTIC_PARAMS)) {
      throw new MlshipError(
        "unknown_param",
        `builtin:logistic has no param "${name}" (it has ${Object.keys(LOGISTIC_PARAMS).join(", ")})`,
      );
    }
    const value = typeof raw === "number" ? raw : Number(raw);
    if (!Number.isFinite(value) || value <= 0 || (name === "max_iter" && !Number.isInteger(value))) {
      throw new MlshipError(
        "bad_param",
        `param ${name}: expected a positive ${name === "max_iter" ? "whole number" : "number"}, got ${JSON.stringify(raw)}`,
      );
    }
    params[name] = value;
  }
  return params;
}

/** Distinct labels, numbers ascending or texts in code-point order (scikit-learn sorts its classes_ too). */
function sortedClasses(labels: (string | number)[]): (string | number)[] {
  const distinct = [...new Set(labels)];
  if (distinct.every((l) => typeof l === "number")) return (distinct as number[]).sort((a, b) => a - b);
  return distinct.map(String).sort();
}

/** A seeded stratified split: each class gives the same share of its rows to validation. */
export function stratifiedSplit(
  y: Int32Array,
  classes: number,
  fraction: number,
  seed: number,
): { train: number[]; validation: number[] } {
  let state = seed >>> 0 || 0x9e3779b9;
  const random = () => {
    // xorshift32: small, seeded, the same on every platform.
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  y.forEach((c, i) => {
    byClass[c].push(i);
  });
  const train: number[] = [];
  const validation: number[] = [];
  for (const rows of byClass) {
    for (let i = rows.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [rows[i], rows[j]] = [rows[j], rows[i]];
    }
    const held = Math.round(rows.length * fraction);
    validation.push(...rows.slice(0, held));
    train.push(...rows.slice(held));
  }
  const ascending = (a: number, b: number) => a - b;
  return { train: train.sort(ascending), validation: validation.sort(ascending) };
}

/** The rows `picked` (indices into `labeled`, which indexes the table) of a table. */
function selectRows(table: ColumnTable, labeled: number[], picked: number[]): ColumnTable {
  const columns = new Map<string, Column>();
  for (const [name, column] of table.columns) {
    columns.set(
      name,
      column instanceof Float64Array
        ? Float64Array.from(picked, (i) => column[labeled[i]])
        : picked.map((i) => column[labeled[i]]),
    );
  }
  return { rows: picked.length, columns };
}
