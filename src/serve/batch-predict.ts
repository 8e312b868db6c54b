/**
 * The model layer behind the dynamic batcher (batcher.ts): each request is a column table
 * (src/onnx/column-table.ts, the form `mlship evaluate` feeds the model in), checked against
 * the model before it is batched; a batch's tables are stacked into one table, `predict`
 * (src/onnx/predict.ts) fills one tensor per model input from it and runs the session once,
 * and the prediction is cut back into one per request.
 *
 * Copies: a request's values are written once into its table (by the route that parses
 * it); stacking copies numeric columns with one typed-array `set` each (none at all when
 * the batch holds a single request); the model layer's feeder writes them into the input
 * tensor. The per-request predictions are views into the batch's arrays, not copies.
 */
import type { Column, ColumnTable } from "../onnx/column-table.js";
import { isNumericColumn } from "../onnx/column-table.js";
import { createBatchFeeder, type InputMappingOptions, mapInputs } from "../onnx/input-mapping.js";
import { type OnnxModel, withModelName } from "../onnx/onnx-model.js";
import { type Prediction, type PredictOptions, predict } from "../onnx/predict.js";
import { type Batcher, createBatcher } from "./batcher.js";

/**
 * Throws the model layer's MlshipError for rows the model cannot take — a missing input
 * or feature (missing_column), a wrong shape (input_mismatch), text for a numeric input
 * (input_type_mismatch), a missing or fractional value for an integer input
 * (input_value_invalid) — naming the input and what the model expects. Call it on every
 * request before it is submitted: rows that pass cannot make the batch they join fail.
 */
export function checkBatchPart(
  model: OnnxModel,
  table: ColumnTable,
  options: InputMappingOptions = {},
): void {
  withModelName(model.name, () => {
    const mapping = mapInputs(model.inputs, table, options);
    // Only integer inputs can refuse a value once the columns fit (float inputs take NaN,
    // string inputs take anything): fill those alone, as the run would.
    const integerFeeds = mapping.feeds.filter((feed) => feed.element === "int64" || feed.element === "int32");
    if (integerFeeds.length > 0 && table.rows > 0) {
      createBatchFeeder(model.ort, { feeds: integerFeeds }, table.rows).feeds(0, table.rows);
    }
  });
}

/**
 * One run of the model for the requests of a batch, each already passed by checkBatchPart:
 * one prediction per request, its rows in its order.
 */
export async function predictParts(
  model: OnnxModel,
  parts: readonly ColumnTable[],
  options: PredictOptions = {},
): Promise<Prediction[]> {
  if (parts.length === 1) return [await predict(model, parts[0], options)];
  const names = withModelName(model.name, () =>
    mapInputs(model.inputs, parts[0], options).feeds.flatMap((feed) => feed.columnNames),
  );
  const prediction = await predict(model, stackTables(parts, names), options);
  return splitPrediction(
    prediction,
    parts.map((part) => part.rows),
  );
}

export interface ModelBatcherOptions {
  /** The most rows one session run takes (a larger request runs alone). */
  maxBatch: number;
  /** How long the first queued request waits for others, in ms; 0 = no batching. */
  maxDelayMs: number;
  /** Session runs in flight at once (default 1). */
  maxConcurrentRuns?: number;
  /** How rows map onto the model's inputs (features), as for `predict`. */
  predict?: PredictOptions;
}

/** A batcher for one loaded model version: submit a request's checked table, get its prediction. */
export function createModelBatcher(
  model: OnnxModel,
  options: ModelBatcherOptions,
): Batcher<ColumnTable, Prediction> {
  const { predict: predictOptions = {}, ...settings } = options;
  return createBatcher<ColumnTable, Prediction>({
    ...settings,
    run: (parts) => predictParts(model, parts, predictOptions),
    rowsOf: (table) => table.rows,
  });
}

/** The parts' rows one after the other, in the columns `names` only. */
export function stackTables(parts: readonly ColumnTable[], names: readonly string[]): ColumnTable {
  const rows = parts.reduce((sum, part) => sum + part.rows, 0);
  const columns = new Map<string, Column>();
  for (const name of names) {
    const pieces = parts.map((part) => part.columns.get(name));
    if (pieces.some((piece) => piece === undefined)) continue;
    columns.set(name, stackColumn(pieces as Column[], rows));
  }
  return { rows, columns };
}

/**
 * A numeric column when every piece is numeric; else text, numbers written as the model
 * layer writes them into a string input (String(value), a missing value as null).
 */
function stackColumn(pieces: readonly Column[], rows: number): Column {
  if (pieces.every(isNumericColumn)) {
    const stacked = new Float64Array(rows);
    let offset = 0;
    for (const piece of pieces) {
      stacked.set(piece, offset);
      offset += piece.length;
    }
    return stacked;
  }
  const stacked: (string | null)[] = [];
  for (const piece of pieces) {
    if (!isNumericColumn(piece)) {
      for (const value of piece) stacked.push(value);
      continue;
    }
    for (const value of piece) stacked.push(Number.isNaN(value) ? null : String(value));
  }
  return stacked;
}

/** The batch's prediction as one prediction per part, each a view of the part's rows. */
export function splitPrediction(prediction: Prediction, partRows: readonly number[]): Prediction[] {
  let start = 0;
  return partRows.map((rows) => {
    const end = start + rows;
    const part = slicePrediction(prediction, start, end);
    start = end;
    return part;
  });
}

function slicePrediction(prediction: Prediction, start: number, end: number): Prediction {
  if (prediction.kind === "regressor") {
    const { targets } = prediction;
    return { ...prediction, values: prediction.values.subarray(start * targets, end * targets) };
  }
  const width = prediction.classes.length;
  const labels = Array.isArray(prediction.labels)
    ? prediction.labels.slice(start, end)
    : prediction.labels.subarray(start, end);
  return {
    ...prediction,
    labels,
    probabilities: prediction.probabilities.subarray(start * width, end * width),
  };
}
