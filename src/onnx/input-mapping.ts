/**
 * Maps a table's columns onto a model's inputs and fills the input tensors
 * batch by batch. Two layouts are understood:
 *  - one numeric tensor [N, F] whose F features are columns in a declared
 *    order (`features`), as most hand-built and neural-network models take;
 *  - one input per column, named after it, [N, 1] or [N] — scikit-learn
 *    pipelines exported by skl2onnx: float/double/int64 for numbers, string
 *    for categories.
 * Missing values go in as NaN for floating-point inputs (the model's Imputer
 * replaces them) and "" for strings; integer inputs cannot hold one.
 */

import type { Tensor } from "onnxruntime-node";
import { MlshipError } from "../lib/errors.js";
import { ownRecord } from "../lib/own-keys.js";
import { type Column, type ColumnTable, isNumericColumn } from "./column-table.js";
import type { Dimension, ValueSignature } from "./onnx-signature.js";
import type { Ort } from "./ort.js";

export interface InputMappingOptions {
  /** Column names in the order the model's single [N, F] input takes them. */
  features?: readonly string[];
  /** Where the features came from, for messages ("the model's metadata", "--features"). */
  featuresFrom?: string;
}

type InputElement = "float32" | "float64" | "int64" | "int32" | "string";
const INPUT_ELEMENTS = new Set<string>(["float32", "float64", "int64", "int32", "string"]);

/** One model input and the columns that fill it: one column, or F columns side by side. */
export interface InputFeed {
  input: ValueSignature;
  element: InputElement;
  columnNames: string[];
  columns: Column[];
  /** Tensor rank the model declares: 1 for [N], 2 for [N, F]. */
  rank: 1 | 2;
}

export interface InputMapping {
  feeds: InputFeed[];
  /** Rows per run the model demands when its first dimension is a fixed number (e.g. exported with batch 1). */
  fixedBatch?: number;
}

/**
 * The largest fixed batch dimension mlship runs a model with. A model exported with a fixed
 * batch takes exactly that many rows per run, so a short batch is padded up to it: the
 * padding is allocated whatever the data's size, hence the bound (README.md, "Evaluate").
 */
export const MAX_FIXED_BATCH = 65_536;
/** The most features one [N, F] input can take: more columns than any table mlship reads in memory. */
export const MAX_FEATURE_WIDTH = 1_000_000;

export function mapInputs(
  inputs: readonly ValueSignature[],
  table: ColumnTable,
  options: InputMappingOptions = {},
): InputMapping {
  for (const input of inputs) checkInputType(input, inputs);
  checkDeclaredShapes(inputs);
  const feeds = options.features
    ? [featureMatrix(inputs, table, options.features, options.featuresFrom)]
    : columnPerInput(inputs, table);
  const fixed = fixedBatchOf(inputs);
  return fixed === undefined ? { feeds } : { feeds, fixedBatch: fixed };
}

/**
 * Refuses declared dimensions mlship would have to allocate for without the data asking
 * for it: a fixed batch above MAX_FIXED_BATCH rows, a feature width above MAX_FEATURE_WIDTH,
 * inputs that disagree on their fixed batch. Nothing is ever sized from a symbolic dimension.
 */
export function checkDeclaredShapes(inputs: readonly ValueSignature[]): void {
  for (const input of inputs) {
    const [batch, width] = input.shape ?? [];
    if (typeof batch === "number" && batch > MAX_FIXED_BATCH) {
      throw new MlshipError(
        "unsupported_model_shape",
        `model input '${input.name}' is ${describeInput(input)}: a fixed batch of ${batch.toLocaleString("en-US")} rows ` +
          `per run, more than mlship runs a model with (at most ${MAX_FIXED_BATCH.toLocaleString("en-US")}). Export the ` +
          "model with a dynamic batch dimension (skl2onnx: FloatTensorType([None, F]); torch.onnx.export: dynamic_axes).",
      );
    }
    if (typeof width === "number" && width > MAX_FEATURE_WIDTH) {
      throw new MlshipError(
        "unsupported_model_shape",
        `model input '${input.name}' is ${describeInput(input)}: ${width.toLocaleString("en-US")} features per row, ` +
          `more than mlship feeds into one input (at most ${MAX_FEATURE_WIDTH.toLocaleString("en-US")}); no table has that many columns.`,
      );
    }
  }
  const fixed = inputs.filter((input) => typeof input.shape?.[0] === "number" && input.shape[0] > 0);
  if (new Set(fixed.map((input) => input.shape![0])).size > 1) {
    throw new MlshipError(
      "unsupported_model_shape",
      `the model's inputs declare different fixed batch sizes (${describeInputs(fixed)}): no batch of rows can fill them all`,
    );
  }
}

function fixedBatchOf(inputs: readonly ValueSignature[]): number | undefined {
  const fixed = inputs.map((input) => input.shape?.[0]).find((dim) => typeof dim === "number" && dim > 0);
  return typeof fixed === "number" ? fixed : undefined;
}

function checkInputType(input: ValueSignature, inputs: readonly ValueSignature[]): void {
  if (input.isTensor && INPUT_ELEMENTS.has(input.type) && (input.shape === null || input.shape.length <= 2))
    return;
  throw new MlshipError(
    "unsupported_model_input",
    `model input '${input.name}' is ${describeInput(input)}; mlship feeds float32, float64, int64, int32 and ` +
      `string tensors of shape [N] or [N, F]. The model expects: ${describeInputs(inputs)}`,
  );
}

function featureMatrix(
  inputs: readonly ValueSignature[],
  table: ColumnTable,
  features: readonly string[],
  from: string | undefined,
): InputFeed {
  const listed = `${features.join(", ")}${from ? ` (from ${from})` : ""}`;
  if (inputs.length !== 1) {
    throw new MlshipError(
      "input_mismatch",
      `features name the columns of one [N, F] input, but the model has ${inputs.length} inputs: ` +
        `${describeInputs(inputs)}. Leave features out to feed each input from the column of its name.`,
    );
  }
  const input = inputs[0];
  const width = input.shape?.[1];
  if (
    input.type === "string" ||
    input.shape?.length !== 2 ||
    (typeof width === "number" && width !== features.length)
  ) {
    throw new MlshipError(
      "input_mismatch",
      `model input '${input.name}' is ${describeInput(input)}, which ${features.length} features ` +
        `(${listed}) cannot fill: it expects ${typeof width === "number" ? `${width} numeric columns` : "one numeric tensor [N, F]"}.`,
    );
  }
  const missing = features.filter((name) => !table.columns.has(name));
  if (missing.length > 0) {
    throw new MlshipError(
      "missing_column",
      `model input '${input.name}' takes the features ${listed}, but the data has no column ` +
        `${missing.map((name) => `'${name}'`).join(", ")}; the data has: ${describeColumns(table)}`,
      { column: missing[0] },
    );
  }
  const columns = features.map((name) => table.columns.get(name)!);
  features.forEach((name, i) => {
    checkColumnFeeds(input, name, columns[i], inputs);
  });
  return { input, element: input.type as InputElement, columnNames: [...features], columns, rank: 2 };
}

function columnPerInput(inputs: readonly ValueSignature[], table: ColumnTable): InputFeed[] {
  const missing = inputs.filter((input) => !table.columns.has(input.name));
  if (missing.length > 0) {
    const wide = missing.find(
      (input) => typeof input.shape?.[1] === "number" && (input.shape[1] as number) > 1,
    );
    const hint = !wide
      ? ""
      : inputs.length === 1
        ? ` Input '${wide.name}' takes ${wide.shape![1]} features in one tensor: pass features, the ${wide.shape![1]} ` +
          "column names in the order the model was trained on."
        : ` Input '${wide.name}' takes ${wide.shape![1]} features in one tensor beside other inputs; mlship fills ` +
          "several columns into one tensor only for a model with that one input.";
    throw new MlshipError(
      "missing_column",
      `the data has no column for model input${missing.length > 1 ? "s" : ""} ` +
        `${missing.map((input) => `'${input.name}' (${describeInput(input)})`).join(", ")}. ` +
        `The model expects: ${describeInputs(inputs)}; the data has: ${describeColumns(table)}.${hint}`,
      { column: missing[0].name },
    );
  }
  return inputs.map((input) => {
    const width = input.shape?.[1];
    if (typeof width === "number" && width !== 1) {
      throw new MlshipError(
        "input_mismatch",
        `model input '${input.name}' is ${describeInput(input)}: ${width} features in one tensor, which the ` +
          `column '${input.name}' cannot fill.${inputs.length === 1 ? ` Pass features, the ${width} column names in training order.` : ""}`,
        { column: input.name },
      );
    }
    const column = table.columns.get(input.name)!;
    checkColumnFeeds(input, input.name, column, inputs);
    const rank = input.shape?.length === 1 ? 1 : 2;
    return { input, element: input.type as InputElement, columnNames: [input.name], columns: [column], rank };
  });
}

/** Numbers can feed any input (written as text for string inputs); text feeds string inputs only. */
function checkColumnFeeds(
  input: ValueSignature,
  name: string,
  column: Column,
  inputs: readonly ValueSignature[],
): void {
  if (input.type === "string" || isNumericColumn(column)) return;
  throw new MlshipError(
    "input_type_mismatch",
    `column '${name}' holds text, but model input '${input.name}' takes ${describeInput(input)}. ` +
      `The model expects: ${describeInputs(inputs)}. Encode the column as numbers or export the model ` +
      "with a string input for it (e.g. a OneHotEncoder in the pipeline).",
    { column: name },
  );
}

export function describeInput(input: ValueSignature): string {
  if (!input.isTensor) return input.type;
  const shape = input.shape ? `[${input.shape.map(describeDimension).join(",")}]` : "[?]";
  return `${input.type} ${shape}`;
}

function describeDimension(dim: Dimension): string {
  return dim === null ? "?" : String(dim);
}

export function describeInputs(inputs: readonly ValueSignature[]): string {
  return inputs.map((input) => `${input.name} (${describeInput(input)})`).join(", ");
}

function describeColumns(table: ColumnTable): string {
  const names = [...table.columns.keys()];
  const shown = names.slice(0, 20).join(", ");
  return names.length > 20 ? `${shown} … (${names.length} columns)` : shown || "no columns";
}

// ---------------------------------------------------------------------------------------------
// batches

export interface BatchFeeder {
  /** Rows per run; the last batch may be shorter unless the model fixes its batch size. */
  readonly batchSize: number;
  /** The input tensors for rows [start, start + count). Reuses its buffers: run each batch before asking for the next. */
  feeds(start: number, count: number): Record<string, Tensor>;
}

type InputBuffer = Float32Array | Float64Array | BigInt64Array | Int32Array | string[];

export function createBatchFeeder(ort: Ort, mapping: InputMapping, batchSize: number): BatchFeeder {
  const size = mapping.fixedBatch ?? batchSize;
  const buffers = mapping.feeds.map((feed) => allocate(feed.element, size * feed.columns.length));
  return {
    batchSize: size,
    feeds(start, count) {
      const tensors: Record<string, Tensor> = ownRecord();
      mapping.feeds.forEach((feed, i) => {
        const width = feed.columns.length;
        const buffer = buffers[i];
        feed.columns.forEach((column, j) => {
          fill(feed, column, feed.columnNames[j], buffer, j, width, start, count);
        });
        // A model with a fixed batch size gets full buffers: the rows after `count` hold what an earlier
        // batch left (real rows, so no surprise values) or zeros, and their predictions are dropped.
        const rows = mapping.fixedBatch ?? count;
        const data = rows === size ? buffer : sliceBuffer(buffer, rows * width);
        const dims = feed.rank === 1 ? [rows] : [rows, width];
        tensors[feed.input.name] = new ort.Tensor(feed.element, data, dims);
      });
      return tensors;
    },
  };
}

function allocate(element: InputElement, length: number): InputBuffer {
  switch (element) {
    case "float32":
      return new Float32Array(length);
    case "float64":
      return new Float64Array(length);
    case "int64":
      return new BigInt64Array(length);
    case "int32":
      return new Int32Array(length);
    case "string":
      return new Array<string>(length).fill("");
  }
}

function sliceBuffer(buffer: InputBuffer, length: number): InputBuffer {
  return Array.isArray(buffer) ? buffer.slice(0, length) : buffer.subarray(0, length);
}

/** Writes rows [start, start + count) of `column` into feature slot `slot` of a row-major buffer `width` wide. */
function fill(
  feed: InputFeed,
  column: Column,
  columnName: string,
  buffer: InputBuffer,
  slot: number,
  width: number,
  start: number,
  count: number,
): void {
  if (Array.isArray(buffer)) {
    for (let i = 0; i < count; i++) buffer[i * width + slot] = textValue(column, start + i);
    return;
  }
  const numbers = column as Float64Array;
  if (buffer instanceof BigInt64Array) {
    for (let i = 0; i < count; i++)
      buffer[i * width + slot] = BigInt(integerValue(feed, columnName, numbers, start + i));
  } else if (buffer instanceof Int32Array) {
    for (let i = 0; i < count; i++)
      buffer[i * width + slot] = integerValue(feed, columnName, numbers, start + i);
  } else if (width === 1) {
    buffer.set(numbers.subarray(start, start + count));
  } else {
    for (let i = 0; i < count; i++) buffer[i * width + slot] = numbers[start + i];
  }
}

function textValue(column: Column, row: number): string {
  if (!isNumericColumn(column)) return column[row] ?? "";
  const value = column[row];
  return Number.isNaN(value) ? "" : String(value);
}

function integerValue(feed: InputFeed, columnName: string, column: Float64Array, row: number): number {
  const value = column[row];
  const limit = feed.element === "int32" ? 2 ** 31 : 2 ** 63;
  if (Number.isInteger(value) && value >= -limit && value < limit) return value;
  const what = Number.isNaN(value)
    ? "is missing"
    : Number.isInteger(value)
      ? `is ${value}, out of ${feed.element} range`
      : `is ${value}, not a whole number`;
  throw new MlshipError(
    "input_value_invalid",
    `column '${columnName}' row ${row + 1} ${what}, but model input '${feed.input.name}' takes ${feed.element}` +
      `${Number.isNaN(value) ? ", which has no missing value: fill or drop the missing values first" : ""}`,
    { column: columnName },
  );
}
