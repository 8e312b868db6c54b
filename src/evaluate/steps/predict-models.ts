/**
 * The predict step: the candidate, then the baseline, run on the same rows; each prediction timed
 * (the serving figures' throughput) and set beside the labels. A baseline that cannot run on these
 * rows is reported as not like-for-like instead of failing the evaluation.
 */

import { MlshipError } from "../../lib/errors.js";
import { type FeatureOrder, mappingOf, resolveFeatures } from "../../onnx/feature-order.js";
import type { InputMappingOptions } from "../../onnx/input-mapping.js";
import { loadModel, type OnnxModel } from "../../onnx/onnx-model.js";
import type { Ort } from "../../onnx/ort.js";
import { predict } from "../../onnx/predict.js";
import type { EvaluateSettings, EvaluationReport } from "../evaluation-report.js";
import type { PredictionSet } from "../predictions.js";
import type { EvaluationRows } from "./evaluation-rows.js";
import { type ScoredPrediction, toPredictionSet } from "./prediction-set.js";

export const CANDIDATE = "the candidate model";

/** One model's run over the evaluation rows. */
export interface ModelRun {
  features: FeatureOrder;
  mapping: InputMappingOptions;
  /** The wall time of the batched prediction over all rows. */
  seconds: number;
  set: PredictionSet;
}

export type CandidateRun = ModelRun & Pick<ScoredPrediction, "classes" | "task">;

export interface BaselineRun {
  model: OnnxModel;
  info: NonNullable<EvaluationReport["baseline"]>;
  /** Absent when the baseline cannot run on these rows (`info.note` says why). */
  run?: ModelRun;
  noBaselineReason?: string;
}

type PredictSettings = Pick<
  EvaluateSettings,
  "model" | "task" | "label" | "data" | "features" | "schema" | "sensitive"
>;

/** Loads the candidate; a regressor for a classification gate (or the reverse) is the user's error. */
export async function loadCandidate(ort: Ort, settings: PredictSettings): Promise<OnnxModel> {
  const candidate = await loadModel(ort, settings.model);
  if (settings.task && (candidate.kind === "regressor") !== (settings.task === "regression")) {
    await candidate.release();
    throw new MlshipError(
      "wrong_model_kind",
      candidate.kind === "regressor"
        ? `the candidate model is a regression model, but the gate is for ${settings.task} classification (model.task)`
        : `the candidate model is a classifier, but the gate is for regression (model.task)`,
      { file: settings.model },
    );
  }
  return candidate;
}

export async function predictCandidate(
  candidate: OnnxModel,
  rows: EvaluationRows,
  settings: PredictSettings,
): Promise<CandidateRun> {
  const features = await explained(CANDIDATE, candidate, () =>
    resolveFeatures(candidate, rows.columns, featureOptions(settings)),
  );
  const mapping = mappingOf(features);
  const started = performance.now();
  const prediction = await explained(CANDIDATE, candidate, () => predict(candidate, rows.table, mapping));
  const seconds = (performance.now() - started) / 1000;
  const { set, classes, task } = toPredictionSet(prediction, rows.labels, settings, CANDIDATE);
  return { features, mapping, seconds, set, classes, task };
}

/** Runs the baseline like the candidate; its description for the report either way. */
export async function predictBaseline(
  baselineModel: OnnxModel,
  baseline: NonNullable<EvaluateSettings["baseline"]>,
  candidate: { model: OnnxModel; run: CandidateRun },
  rows: EvaluationRows,
  settings: PredictSettings,
): Promise<BaselineRun> {
  const signature = compareSignatures(candidate.model, baselineModel);
  const info: BaselineRun["info"] = {
    file: baseline.file,
    name: baseline.name,
    version: baseline.version,
    sha256: baselineModel.sha256,
    comparable: signature === undefined,
    note: signature,
  };
  try {
    info.features = resolveFeatures(baselineModel, rows.columns, featureOptions(settings));
    const mapping = mappingOf(info.features);
    const started = performance.now();
    const prediction = await predict(baselineModel, rows.table, mapping);
    const seconds = (performance.now() - started) / 1000;
    const { set } = toPredictionSet(
      prediction,
      rows.labels,
      { ...settings, task: candidate.run.task },
      "the baseline model",
      candidate.run.classes,
    );
    return { model: baselineModel, info, run: { features: info.features, mapping, seconds, set } };
  } catch (error) {
    if (!(error instanceof MlshipError)) throw error;
    info.comparable = false;
    info.note = `the baseline cannot run on these rows: ${error.message}`;
    return { model: baselineModel, info, noBaselineReason: info.note };
  }
}

function featureOptions(settings: PredictSettings) {
  return { setting: settings.features, excluded: notFeatures(settings) };
}

/** Columns that are never a model's features: the schema's id, ignore and sensitive ones, and the fairness groups. */
function notFeatures(settings: Pick<EvaluateSettings, "schema" | "sensitive">): Map<string, string> {
  const excluded = new Map<string, string>();
  for (const [name, spec] of Object.entries(settings.schema?.columns ?? {})) {
    if (spec.role === "id" || spec.role === "ignore" || spec.role === "sensitive")
      excluded.set(name, `role ${spec.role}`);
  }
  for (const name of settings.sensitive) if (!excluded.has(name)) excluded.set(name, "sensitive");
  return excluded;
}

/** Runs `step` for a model, saying which model (`who`) in the message of an MlshipError it throws. */
async function explained<T>(who: string, model: OnnxModel, step: () => T | Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (!(error instanceof MlshipError)) throw error;
    const message = error.message.startsWith(`${model.name}: `)
      ? `${who} ${error.message}`
      : `${who}: ${error.message}`;
    throw new MlshipError(error.code, message, error.location, error.exitCode);
  }
}

function compareSignatures(candidate: OnnxModel, baseline: OnnxModel): string | undefined {
  const describe = (m: OnnxModel) => m.inputs.map((i) => `${i.name}:${i.type}`).sort();
  const a = describe(candidate);
  const b = describe(baseline);
  if (a.join(",") === b.join(",")) return undefined;
  const onlyCandidate = a.filter((x) => !b.includes(x));
  const onlyBaseline = b.filter((x) => !a.includes(x));
  return `not like-for-like: the models take different inputs (${[
    onlyCandidate.length ? `only the candidate: ${onlyCandidate.join(", ")}` : "",
    onlyBaseline.length ? `only the baseline: ${onlyBaseline.join(", ")}` : "",
  ]
    .filter(Boolean)
    .join("; ")})`;
}
