/**
 * The one entry point for model metrics: labels and model outputs in, the metrics
 * docs/design.md names ("Metrics") out, with scikit-learn's names and values.
 */
import { MlshipError } from "../lib/errors.js";
import {
  accuracy,
  balancedAccuracy,
  type ClassScores,
  classScores,
  macroAverage,
  matthewsCorrcoef,
  weightedAverage,
} from "./classification-metrics.js";
import { type ClassLabels, type ConfusionMatrix, confusionMatrix } from "./confusion-matrix.js";
import { argmaxClasses, type ProbabilityMatrix } from "./probability-matrix.js";
import { binaryLogLoss, brierScore, multiclassLogLoss } from "./probability-metrics.js";
import {
  explainedVariance,
  maxError,
  meanAbsoluteError,
  meanAbsolutePercentageError,
  meanSquaredError,
  r2Score,
  rootMeanSquaredError,
} from "./regression-metrics.js";
import { rocAucAndAveragePrecision, rocAucOvr } from "./roc.js";

export interface BinaryMetricsInput {
  task: "binary";
  /** 0/1 labels. */
  yTrue: ClassLabels;
  /** Probability of class 1, in [0, 1]; a row is predicted positive when its score is > 0.5. */
  scores: ArrayLike<number>;
}

export interface MulticlassMetricsInput {
  task: "multiclass";
  /** Class indices 0..classes-1. */
  yTrue: ClassLabels;
  /**
   * Class probabilities, each row summing to 1: either one array per row, or all rows
   * flattened row-major (length rows × classes, as an ONNX output tensor is).
   * A row is predicted as its most probable class (the first one on ties).
   */
  probabilities: ArrayLike<number> | readonly ArrayLike<number>[];
  classes: number;
}

export interface RegressionMetricsInput {
  task: "regression";
  yTrue: ArrayLike<number>;
  yPred: ArrayLike<number>;
}

/** The metrics computeMetrics gives for each task, in its order. */
export const METRIC_NAMES = {
  binary: [
    "accuracy",
    "balanced_accuracy",
    "precision",
    "recall",
    "f1",
    "roc_auc",
    "average_precision",
    "log_loss",
    "brier_score",
    "matthews_corrcoef",
  ],
  multiclass: [
    "accuracy",
    "balanced_accuracy",
    "precision_macro",
    "recall_macro",
    "f1_macro",
    "f1_weighted",
    "roc_auc_ovr",
    "log_loss",
    "matthews_corrcoef",
  ],
  regression: ["mae", "mse", "rmse", "r2", "mape", "explained_variance", "max_error"],
} as const satisfies Record<MetricsInput["task"], readonly string[]>;

export type MetricsInput = BinaryMetricsInput | MulticlassMetricsInput | RegressionMetricsInput;

export interface MetricsResult {
  /** Metric name (snake_case, as docs/design.md lists them) → value. NaN where the metric is undefined. */
  metrics: Record<string, number>;
  /** Classification only: scores of every class 0..K-1 (scikit-learn's `average=None`). */
  perClass?: ClassScores[];
  /** Classification only: rows = true class, columns = predicted class. */
  confusionMatrix?: ConfusionMatrix;
}

/**
 * Computes every metric of the task. Metrics that are undefined on the given
 * labels (ROC AUC with a single class in y_true, where scikit-learn raises) are NaN.
 * Throws an MlshipError ("invalid_metric_input") when the inputs are malformed.
 */
export function computeMetrics(input: MetricsInput): MetricsResult {
  switch (input.task) {
    case "binary":
      return binaryMetrics(input);
    case "multiclass":
      return multiclassMetrics(input);
    case "regression":
      return regressionMetrics(input);
  }
}

function binaryMetrics({ yTrue, scores }: BinaryMetricsInput): MetricsResult {
  checkRows(yTrue.length, scores.length, "scores");
  checkClassLabels(yTrue, 2);
  checkProbabilities(scores, "scores");
  const yPred = Int32Array.from({ length: scores.length }, (_, i) => (scores[i] > 0.5 ? 1 : 0));
  const matrix = confusionMatrix(yTrue, yPred, 2);
  const positive = classScores(matrix)[1];
  const curves = rocAucAndAveragePrecision(yTrue, scores);
  return {
    metrics: {
      accuracy: accuracy(matrix),
      balanced_accuracy: balancedAccuracy(matrix),
      precision: positive.precision,
      recall: positive.recall,
      f1: positive.f1,
      roc_auc: curves.rocAuc,
      average_precision: curves.averagePrecision,
      log_loss: binaryLogLoss(yTrue, scores),
      brier_score: brierScore(yTrue, scores),
      matthews_corrcoef: matthewsCorrcoef(matrix),
    },
    perClass: classScores(matrix),
    confusionMatrix: matrix,
  };
}

function multiclassMetrics({ yTrue, probabilities, classes }: MulticlassMetricsInput): MetricsResult {
  if (!Number.isInteger(classes) || classes < 2) {
    throw invalid(`classes must be an integer ≥ 2, got ${classes}.`);
  }
  const matrixOfProbabilities = toProbabilityMatrix(probabilities, classes);
  checkRows(yTrue.length, matrixOfProbabilities.values.length / classes, "probability rows");
  checkClassLabels(yTrue, classes);
  checkProbabilityRows(matrixOfProbabilities);
  const matrix = confusionMatrix(yTrue, argmaxClasses(matrixOfProbabilities), classes);
  return {
    metrics: {
      accuracy: accuracy(matrix),
      balanced_accuracy: balancedAccuracy(matrix),
      precision_macro: macroAverage(matrix, "precision"),
      recall_macro: macroAverage(matrix, "recall"),
      f1_macro: macroAverage(matrix, "f1"),
      f1_weighted: weightedAverage(matrix, "f1"),
      roc_auc_ovr: rocAucOvr(yTrue, matrixOfProbabilities),
      log_loss: multiclassLogLoss(yTrue, matrixOfProbabilities),
      matthews_corrcoef: matthewsCorrcoef(matrix),
    },
    perClass: classScores(matrix),
    confusionMatrix: matrix,
  };
}

function regressionMetrics({ yTrue, yPred }: RegressionMetricsInput): MetricsResult {
  checkRows(yTrue.length, yPred.length, "yPred");
  checkFinite(yTrue, "yTrue");
  checkFinite(yPred, "yPred");
  return {
    metrics: {
      mae: meanAbsoluteError(yTrue, yPred),
      mse: meanSquaredError(yTrue, yPred),
      rmse: rootMeanSquaredError(yTrue, yPred),
      r2: r2Score(yTrue, yPred),
      mape: meanAbsolutePercentageError(yTrue, yPred),
      explained_variance: explainedVariance(yTrue, yPred),
      max_error: maxError(yTrue, yPred),
    },
  };
}

function invalid(message: string): MlshipError {
  return new MlshipError("invalid_metric_input", message);
}

function checkRows(labels: number, predictions: number, what: string): void {
  if (labels === 0) throw invalid("No rows to evaluate: yTrue is empty.");
  if (labels !== predictions) {
    throw invalid(
      `yTrue has ${labels} rows but ${what} has ${predictions}; they must have one entry per row.`,
    );
  }
}

function checkClassLabels(yTrue: ClassLabels, classes: number): void {
  for (let i = 0; i < yTrue.length; i++) {
    const label = yTrue[i];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw invalid(
        `yTrue[${i}] is ${label}; labels must be class indices 0..${classes - 1}` +
          (classes === 2 ? " (0 = negative, 1 = positive)." : "."),
      );
    }
  }
}

function checkFinite(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]))
      throw invalid(`${what}[${i}] is ${values[i]}; expected a finite number.`);
  }
}

function checkProbabilities(values: ArrayLike<number>, what: string): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!(value >= 0 && value <= 1)) {
      throw invalid(`${what}[${i}] is ${value}; expected a probability in [0, 1] (e.g. a sigmoid output).`);
    }
  }
}

/** scikit-learn's own test (`np.allclose(1, row_sum)`): |1 − s| ≤ 1e-8 + 1e-5·|s|. */
function checkProbabilityRows({ values, classes }: ProbabilityMatrix): void {
  for (let row = 0; row * classes < values.length; row++) {
    let sum = 0;
    for (let k = 0; k < classes; k++) {
      const value = values[row * classes + k];
      if (!(value >= 0 && value <= 1)) {
        throw invalid(
          `probability of class ${k} in row ${row} is ${value}; expected a probability in [0, 1].`,
        );
      }
      sum += value;
    }
    if (Math.abs(1 - sum) > 1e-8 + 1e-5 * Math.abs(sum)) {
      throw invalid(`probability row ${row} sums to ${sum}; each row must sum to 1 (e.g. a softmax output).`);
    }
  }
}

function toProbabilityMatrix(
  probabilities: ArrayLike<number> | readonly ArrayLike<number>[],
  classes: number,
): ProbabilityMatrix {
  const first: unknown = probabilities.length > 0 ? probabilities[0] : 0;
  if (typeof first === "number") {
    const flat = probabilities as ArrayLike<number>;
    if (flat.length % classes !== 0) {
      throw invalid(`probabilities has ${flat.length} values, not a multiple of classes (${classes}).`);
    }
    return { values: Float64Array.from(flat), classes };
  }
  const rows = probabilities as readonly ArrayLike<number>[];
  const values = new Float64Array(rows.length * classes);
  rows.forEach((row, i) => {
    if (row.length !== classes)
      throw invalid(`probability row ${i} has ${row.length} values, expected ${classes}.`);
    for (let k = 0; k < classes; k++) values[i * classes + k] = row[k];
  });
  return { values, classes };
}
