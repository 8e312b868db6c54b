/** A model's predictions beside the true labels, checked against what the model can say. */

import { ExitCode, MlshipError } from "../../lib/errors.js";
import type { Prediction } from "../../onnx/predict.js";
import type { EvaluateSettings, EvaluationReport } from "../evaluation-report.js";
import type { PredictionSet } from "../predictions.js";

export interface ScoredPrediction {
  set: PredictionSet;
  /** The classes as the model names them (none for a regression model). */
  classes: string[];
  task: EvaluationReport["task"];
}

type LabelSettings = Pick<EvaluateSettings, "task" | "label" | "data">;

/** The labels as the prediction's class indices (or numbers), checked against what the model can say. */
export function toPredictionSet(
  prediction: Prediction,
  labels: (string | number)[],
  settings: LabelSettings,
  who: string,
  expectedClasses?: string[],
): ScoredPrediction {
  if (prediction.kind === "regressor") return regressionSet(prediction, labels, settings, who);
  if (settings.task === "regression") {
    throw new MlshipError(
      "wrong_model_kind",
      `${who} is a classifier, but the gate is for regression (model.task)`,
      {},
      ExitCode.badInput,
    );
  }
  return classificationSet(prediction, labels, settings, who, expectedClasses);
}

function regressionSet(
  prediction: Extract<Prediction, { kind: "regressor" }>,
  labels: (string | number)[],
  settings: LabelSettings,
  who: string,
): ScoredPrediction {
  if (settings.task && settings.task !== "regression") {
    throw new MlshipError(
      "wrong_model_kind",
      `${who} is a regression model, but the gate is for ${settings.task} classification (model.task)`,
      {},
      ExitCode.badInput,
    );
  }
  const yTrue = Float64Array.from(labels, (v) => Number(v));
  const bad = yTrue.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) {
    throw new MlshipError(
      "bad_label",
      `"${settings.label}" holds ${JSON.stringify(labels[bad])}, not a number, at data row ${bad + 1}: a regression model needs numeric labels`,
      { file: settings.data, column: settings.label },
    );
  }
  const yPred = Float64Array.from(
    { length: labels.length },
    (_, i) => prediction.values[i * prediction.targets],
  );
  checkFinite(yPred, who);
  return { set: { task: "regression", yTrue, yPred }, classes: [], task: "regression" };
}

function classificationSet(
  prediction: Exclude<Prediction, { kind: "regressor" }>,
  labels: (string | number)[],
  settings: LabelSettings,
  who: string,
  expectedClasses?: string[],
): ScoredPrediction {
  const n = labels.length;
  const classes = prediction.classes.map(String);
  if (expectedClasses && classes.join("\u0000") !== expectedClasses.join("\u0000")) {
    throw new MlshipError(
      "classes_differ",
      `it predicts the classes ${classes.join(", ")}, the candidate ${expectedClasses.join(", ")}`,
    );
  }
  const yTrue = classIndices(labels, classes, settings, who);
  const c = classes.length;
  checkFinite(prediction.probabilities, who);
  if (c === 2 && settings.task !== "multiclass") {
    const scores = Float64Array.from({ length: n }, (_, i) => prediction.probabilities[i * 2 + 1]);
    return { set: { task: "binary", yTrue, scores }, classes, task: "binary" };
  }
  return {
    set: {
      task: "multiclass",
      yTrue,
      probabilities: Float64Array.from(prediction.probabilities),
      classes: c,
    },
    classes,
    task: "multiclass",
  };
}

/** Each label's index among the model's classes; a label the model never saw is the user's error. */
function classIndices(
  labels: (string | number)[],
  classes: string[],
  settings: LabelSettings,
  who: string,
): Int32Array {
  const index = new Map(classes.map((c, i) => [normalizeClass(c), i]));
  const yTrue = new Int32Array(labels.length);
  const unseen = new Map<string, number>();
  labels.forEach((label, i) => {
    const k = index.get(normalizeClass(String(label)));
    if (k === undefined) unseen.set(String(label), (unseen.get(String(label)) ?? 0) + 1);
    else yTrue[i] = k;
  });
  if (unseen.size > 0) {
    const list = [...unseen.entries()].slice(0, 5).map(([l, c]) => `${JSON.stringify(l)} (${c} rows)`);
    throw new MlshipError(
      "unseen_labels",
      `"${settings.label}" holds labels ${who} never saw: ${list.join(", ")}${unseen.size > 5 ? ", …" : ""}; it knows ${classes.join(", ")}`,
      { file: settings.data, column: settings.label },
    );
  }
  return yTrue;
}

/** `1`, `1.0` and `true`/`True` name the same class as the model's `1` / `true`. */
function normalizeClass(value: string): string {
  const number = Number(value);
  if (value.trim() !== "" && Number.isFinite(number)) return String(number);
  const lower = value.toLowerCase();
  return lower === "true" || lower === "false" ? lower : value;
}

function checkFinite(values: ArrayLike<number>, who: string): void {
  let bad = 0;
  let first = -1;
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i])) {
      bad++;
      if (first < 0) first = i;
    }
  }
  if (bad > 0) {
    throw new MlshipError(
      "nan_scores",
      `${who} gave ${bad} non-finite score${bad === 1 ? "" : "s"} (NaN or infinite; first at value ${first}): its output cannot be scored`,
    );
  }
}
