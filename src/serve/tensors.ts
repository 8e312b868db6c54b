/**
 * What goes into and comes out of a served model, in the server's two dialects (docs/design.md,
 * "Model server"): Open Inference Protocol v2 tensors (`{name, datatype, shape, data}`) and v1
 * instances (`{feature: value}` rows, or arrays of F numbers for a model with one [N, F] input).
 * Both become a column table that the model layer's `predict` (src/onnx/predict.ts, what
 * `mlship evaluate` runs) takes, so a served prediction is the evaluated one. Every way a request
 * can be wrong is a `RequestError` (400) naming the input or feature and what the model expects.
 */
import { MlshipError } from "../lib/errors.js";
import { ownRecord, ownValue } from "../lib/own-keys.js";
import type { Column, ColumnTable } from "../onnx/column-table.js";
import { type FeatureSetting, resolveFeatures } from "../onnx/feature-order.js";
import { checkDeclaredShapes, type InputMappingOptions } from "../onnx/input-mapping.js";
import type { OnnxModel } from "../onnx/onnx-model.js";
import type { ValueSignature } from "../onnx/onnx-signature.js";
import { type Prediction, predict } from "../onnx/predict.js";
import type { ModelManifest } from "../registry/manifest.js";
import type { ServedPrediction } from "./hooks.js";

/** A request the server refuses, with the HTTP status and the message of its `{"error": …}` body. */
export class RequestError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "RequestError";
  }
}

const bad = (message: string) => new RequestError(400, message);

/** onnxruntime's element types → the Open Inference Protocol's datatypes. */
const DATATYPES: Record<string, string> = {
  bool: "BOOL",
  uint8: "UINT8",
  uint16: "UINT16",
  uint32: "UINT32",
  uint64: "UINT64",
  int8: "INT8",
  int16: "INT16",
  int32: "INT32",
  int64: "INT64",
  float16: "FP16",
  float32: "FP32",
  float64: "FP64",
  bfloat16: "BF16",
  string: "BYTES",
};

export function datatypeOf(element: string): string {
  return DATATYPES[element] ?? element.toUpperCase();
}

/** A tensor as OIP metadata describes it: variable dimensions are -1. */
export interface TensorMetadata {
  name: string;
  datatype: string;
  shape: number[];
}

/** One feature a row carries, and the model input element it goes into. */
interface Feature {
  name: string;
  element: string;
}

type OutputKind = "label" | "probabilities" | "values";

/** How requests reach a loaded model and what it answers: fixed at load time. */
export interface FeedPlan {
  /** `matrix`: one [N, F] input fed F features side by side; `columns`: one input per feature, by name. */
  layout: "matrix" | "columns";
  inputs: TensorMetadata[];
  /** The row features, in the model's order; for a matrix whose features are not named, undefined. */
  features?: Feature[];
  /** Where a matrix's feature names came from (a setting, the model's metadata, the registry manifest). */
  featuresFrom?: string;
  /** The matrix's element type and fixed width, when it has one. */
  matrix?: { input: string; element: string; width?: number };
  outputs: (TensorMetadata & { kind: OutputKind })[];
}

const describeTensor = (t: TensorMetadata) => `${t.name} (${t.datatype} [${t.shape.join(",")}])`;

/** `X (FP32 [-1,3])`: what a model expects, for messages. */
export function describeSignature(plan: FeedPlan): string {
  return plan.inputs.map(describeTensor).join(", ");
}

function tensorMetadata(value: ValueSignature): TensorMetadata {
  const shape = (value.shape ?? [null, null]).map((dim) => (typeof dim === "number" ? dim : -1));
  return { name: value.name, datatype: datatypeOf(value.type), shape };
}

/**
 * How `model` is fed and what it answers. A model with one numeric [N, F] input (F ≠ 1) takes F
 * features side by side, named by, in turn: `setting` (mlship.yml's model.features), the model's
 * metadata, the registry manifest's features; without names, v1 rows must be arrays of F numbers.
 */
export function planFeeds(
  model: OnnxModel,
  setting: FeatureSetting | undefined,
  manifest: ModelManifest | undefined,
): FeedPlan {
  checkDeclaredShapes(model.inputs);
  const inputs = model.inputs.map(tensorMetadata);
  const outputs = outputPlan(model);
  const [only] = model.inputs;
  const isMatrix =
    model.inputs.length === 1 && only.isTensor && only.type !== "string" && only.shape?.length === 2;
  const width = isMatrix ? only.shape![1] : undefined;
  if (!isMatrix || width === 1) {
    const features = model.inputs.map((input) => ({ name: input.name, element: input.type }));
    return { layout: "columns", inputs, features, outputs };
  }
  const fixed = typeof width === "number" ? width : undefined;
  const matrix = { input: only.name, element: only.type, width: fixed };
  const named = matrixNames(model, setting, manifest, fixed);
  const features = named?.names.map((name) => ({ name, element: only.type }));
  return { layout: "matrix", inputs, features, featuresFrom: named?.from, matrix, outputs };
}

function matrixNames(
  model: OnnxModel,
  setting: FeatureSetting | undefined,
  manifest: ModelManifest | undefined,
  width: number | undefined,
): { names: string[]; from: string } | undefined {
  try {
    const order = resolveFeatures(model, [], { setting });
    return { names: order.names, from: order.setting ?? "the model's metadata" };
  } catch (error) {
    // No setting and no metadata: resolveFeatures would fall back on a data file's columns.
    if (!(error instanceof MlshipError && error.code === "input_mismatch" && !setting)) throw error;
  }
  const listed = manifest?.features.map((feature) => feature.name) ?? [];
  if (listed.length > 0 && (width === undefined || listed.length === width)) {
    return { names: listed, from: "the registry manifest" };
  }
  return undefined;
}

function outputPlan(model: OnnxModel): FeedPlan["outputs"] {
  const { label, probabilities, values } = model.predictionOutputs;
  const declared = (name: string) => model.outputs.find((output) => output.name === name);
  const plan: FeedPlan["outputs"] = [];
  if (model.kind === "regressor" && values) {
    const shape = declared(values)?.shape;
    const width = shape && shape.length > 1 ? (typeof shape[1] === "number" ? shape[1] : -1) : undefined;
    plan.push({
      name: values,
      datatype: "FP32",
      shape: width === undefined ? [-1] : [-1, width],
      kind: "values",
    });
    return plan;
  }
  if (label) {
    plan.push({
      name: label,
      datatype: datatypeOf(declared(label)?.type ?? "int64"),
      shape: [-1],
      kind: "label",
    });
  }
  if (probabilities) {
    const classes = model.classLabels?.length ?? -1;
    // A ZipMap's probabilities are served under the ZipMap output's name, as a [N, classes] tensor.
    const name = model.zipMapOutput ?? probabilities;
    plan.push({ name, datatype: "FP32", shape: [-1, classes], kind: "probabilities" });
  }
  return plan;
}

/** Runs the model once on a row of zeros (empty strings for text), so the first request is not the slowest. */
export async function warmUp(model: OnnxModel, plan: FeedPlan): Promise<void> {
  const features =
    plan.features ??
    Array.from({ length: plan.matrix?.width ?? 0 }, (_, j) => ({
      name: positionalName(plan, j),
      element: plan.matrix!.element,
    }));
  if (features.length === 0) return;
  const columns = new Map<string, Column>(
    features.map((f) => [f.name, f.element === "string" ? [""] : new Float64Array(1)]),
  );
  await predict(model, { rows: 1, columns }, mappingOf(plan, features));
}

function positionalName(plan: FeedPlan, j: number): string {
  return `${plan.matrix!.input}[${j}]`;
}

function mappingOf(plan: FeedPlan, features: readonly Feature[]): InputMappingOptions {
  return plan.layout === "matrix"
    ? { features: features.map((f) => f.name), featuresFrom: plan.featuresFrom ?? "the request" }
    : {};
}

/** A request made ready for the model layer. */
export interface ModelInput {
  table: ColumnTable;
  mapping: InputMappingOptions;
  features: Feature[];
}

// ---------------------------------------------------------------------------------------------
// values

const INTEGER_LIMITS: Record<string, number> = { int32: 2 ** 31, int64: 2 ** 63 };

/** Checks one value for a model input element; null is a missing value where the input can hold one. */
function checkValue(
  element: string,
  value: unknown,
  where: () => string,
  expects: () => string,
): number | string | null {
  const refuse = (what: string) => bad(`${where()} is ${preview(value)}, not ${what}; ${expects()}`);
  if (element === "string") {
    if (typeof value === "string" || value === null) return value;
    if (typeof value === "number") return String(value);
    throw refuse("text");
  }
  const limit = INTEGER_LIMITS[element];
  if (limit !== undefined) {
    if (typeof value === "number" && Number.isInteger(value) && value >= -limit && value < limit)
      return value;
    throw refuse(`a whole number in ${element} range`);
  }
  if (typeof value === "number" || value === null) return value;
  throw refuse("a number");
}

function preview(value: unknown): string {
  if (value === undefined) return "missing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function emptyColumn(element: string, rows: number): Column {
  return element === "string" ? new Array<string | null>(rows).fill(null) : new Float64Array(rows);
}

function setCell(column: Column, row: number, value: number | string | null): void {
  if (column instanceof Float64Array) column[row] = value === null ? Number.NaN : (value as number);
  else column[row] = value as string | null;
}

// ---------------------------------------------------------------------------------------------
// Open Inference Protocol v2

export interface InferInput {
  name: string;
  datatype: string;
  shape: number[];
  data: unknown;
  parameters?: Record<string, unknown>;
}

/** The most values one infer request may hold (what a body limit of 1 GiB could carry at most). */
const MAX_VALUES = 2 ** 28;

/** The inputs of an infer request, checked against the model, as the table its features make. */
export function inputFromInfer(plan: FeedPlan, inputs: readonly InferInput[]): ModelInput {
  const expects = `the model expects: ${describeSignature(plan)}`;
  const byName = new Map<string, InferInput>();
  for (const input of inputs) {
    if (byName.has(input.name)) throw bad(`input '${input.name}' is given twice; ${expects}`);
    const known = plan.inputs.find((t) => t.name === input.name);
    if (!known) throw bad(`the model has no input '${input.name}'; ${expects}`);
    byName.set(input.name, input);
  }
  const missing = plan.inputs.filter((t) => !byName.has(t.name));
  if (missing.length > 0) {
    throw bad(
      `missing input${missing.length > 1 ? "s" : ""} ${missing.map(describeTensor).join(", ")}; ${expects}`,
    );
  }
  let rows: number | undefined;
  const flat = plan.inputs.map((tensor) => {
    const input = byName.get(tensor.name)!;
    const values = checkTensor(tensor, input, expects);
    if (rows !== undefined && input.shape[0] !== rows) {
      throw bad(`input '${input.name}' has ${input.shape[0]} rows, the others ${rows}; ${expects}`);
    }
    rows = input.shape[0];
    return { tensor, input, values };
  });
  const n = rows ?? 0;
  if (plan.layout === "matrix") {
    const { input, values } = flat[0];
    const width = input.shape[1];
    const features =
      plan.features ??
      Array.from({ length: width }, (_, j) => ({
        name: positionalName(plan, j),
        element: plan.matrix!.element,
      }));
    const columns = new Map<string, Column>();
    features.forEach((feature, j) => {
      const column = emptyColumn(feature.element, n);
      for (let i = 0; i < n; i++) setCell(column, i, values[i * width + j] as number);
      columns.set(feature.name, column);
    });
    return { table: { rows: n, columns }, mapping: mappingOf(plan, features), features };
  }
  const columns = new Map<string, Column>();
  const features = plan.features!;
  for (const { tensor, values } of flat) {
    const element = features.find((f) => f.name === tensor.name)!.element;
    const column = emptyColumn(element, n);
    for (let i = 0; i < n; i++) setCell(column, i, values[i] as number | string);
    columns.set(tensor.name, column);
  }
  return { table: { rows: n, columns }, mapping: {}, features };
}

/** An input's datatype, shape and data against the model's declaration; its values, flat, row-major. */
function checkTensor(tensor: TensorMetadata, input: InferInput, expects: string): unknown[] {
  const name = `input '${input.name}'`;
  if (input.datatype !== tensor.datatype) {
    throw bad(
      `${name} has datatype ${input.datatype}, but the model takes ${describeTensor(tensor)}; ${expects}`,
    );
  }
  const shape = input.shape;
  const rankOk = shape.length === tensor.shape.length;
  const dimsOk = rankOk && tensor.shape.every((dim, i) => i === 0 || dim === -1 || dim === shape[i]);
  const fixedBatch = tensor.shape[0];
  if (!dimsOk || (fixedBatch !== -1 && shape[0] !== fixedBatch)) {
    throw bad(
      `${name} has shape [${shape.join(",")}], but the model takes ${describeTensor(tensor)}; ${expects}`,
    );
  }
  const size = shape.reduce((product, dim) => product * dim, 1);
  if (size > MAX_VALUES)
    throw bad(`${name} has shape [${shape.join(",")}]: more values than the server takes`);
  if (!Array.isArray(input.data)) throw bad(`${name}: data must be an array (flat, or nested as the shape)`);
  const values: unknown[] = [];
  flattenInto(input.data, values, 0, size);
  if (values.length !== size) {
    throw bad(
      `${name} has ${values.length === size + 1 ? "more than " : ""}${Math.min(values.length, size)} values, ` +
        `but shape [${shape.join(",")}] holds ${size}`,
    );
  }
  const element = elementOf(tensor.datatype);
  for (let i = 0; i < size; i++) {
    const value = values[i];
    if (value === null)
      throw bad(`${name} data[${i}] is null; ${tensor.datatype} data holds no missing values`);
    values[i] = checkValue(
      element,
      value,
      () => `${name} data[${i}]`,
      () => expects,
    );
  }
  return values;
}

/** Pushes the leaves of nested arrays, stopping one past `limit` (enough to say there are too many). */
function flattenInto(data: unknown[], out: unknown[], depth: number, limit: number): void {
  if (depth > 32) throw bad("data is nested more than 32 levels deep");
  for (const item of data) {
    if (out.length > limit) return;
    if (Array.isArray(item)) flattenInto(item, out, depth + 1, limit);
    else out.push(item);
  }
}

function elementOf(datatype: string): string {
  for (const [element, name] of Object.entries(DATATYPES)) if (name === datatype) return element;
  return datatype.toLowerCase();
}

export interface InferOutput extends TensorMetadata {
  data: (number | string | null)[];
}

/** The model's outputs as OIP tensors, only `requested` ones when the request names some. */
export function inferOutputs(
  plan: FeedPlan,
  prediction: Prediction,
  requested?: readonly string[],
): InferOutput[] {
  for (const name of requested ?? []) {
    if (!plan.outputs.some((output) => output.name === name)) {
      throw bad(
        `the model has no output '${name}'; it gives: ${plan.outputs.map(describeTensor).join(", ")}`,
      );
    }
  }
  const chosen = requested?.length ? plan.outputs.filter((o) => requested.includes(o.name)) : plan.outputs;
  return chosen.map((output) => {
    const { name, datatype } = output;
    if (output.kind === "values" && prediction.kind === "regressor") {
      const rows = prediction.values.length / prediction.targets;
      const shape = output.shape.length > 1 ? [rows, prediction.targets] : [rows];
      return { name, datatype, shape, data: numbers(prediction.values) };
    }
    if (prediction.kind !== "classifier") throw new Error(`no ${output.kind} in a regressor's prediction`);
    const rows = prediction.labels.length;
    if (output.kind === "label") {
      const data = Array.isArray(prediction.labels) ? [...prediction.labels] : numbers(prediction.labels);
      return { name, datatype, shape: [rows], data };
    }
    return {
      name,
      datatype,
      shape: [rows, prediction.classes.length],
      data: numbers(prediction.probabilities),
    };
  });
}

function numbers(values: Float32Array | Float64Array): (number | null)[] {
  return Array.from(values, (value) => (Number.isFinite(value) ? value : null));
}

// ---------------------------------------------------------------------------------------------
// v1 instances

/** `{"instances": [...]}` rows, checked against the model, as the table they make. */
export function inputFromInstances(plan: FeedPlan, instances: readonly unknown[]): ModelInput {
  const n = instances.length;
  const features = instanceFeatures(plan, instances);
  const columns = new Map<string, Column>(features.map((f) => [f.name, emptyColumn(f.element, n)]));
  const expects = () => describeFeatures(plan, features);
  for (let i = 0; i < n; i++) {
    const instance = instances[i];
    if (Array.isArray(instance)) {
      if (plan.layout !== "matrix") {
        throw bad(
          `instances[${i}] is an array; the model takes one input per feature, so send objects: ${expects()}`,
        );
      }
      if (instance.length !== features.length) {
        throw bad(
          `instances[${i}] has ${instance.length} values; the model takes ${features.length}: ${expects()}`,
        );
      }
      features.forEach((feature, j) => {
        setCell(
          columns.get(feature.name)!,
          i,
          checkValue(feature.element, instance[j], () => `instances[${i}][${j}]`, expects),
        );
      });
    } else if (instance !== null && typeof instance === "object") {
      for (const feature of features) {
        const value = ownValue(instance as Record<string, unknown>, feature.name);
        if (value === undefined) throw bad(`instances[${i}] has no feature '${feature.name}'; ${expects()}`);
        setCell(
          columns.get(feature.name)!,
          i,
          checkValue(feature.element, value, () => `instances[${i}].${feature.name}`, expects),
        );
      }
    } else {
      throw bad(
        `instances[${i}] is ${preview(instance)}; each instance is an object of features or an array of values`,
      );
    }
  }
  return { table: { rows: n, columns }, mapping: mappingOf(plan, features), features };
}

/** The features rows carry: the plan's, or for a matrix it does not name, as many as the first array holds. */
function instanceFeatures(plan: FeedPlan, instances: readonly unknown[]): Feature[] {
  if (plan.features) return plan.features;
  const matrix = plan.matrix!;
  const first = instances[0];
  const width = matrix.width ?? (Array.isArray(first) ? first.length : undefined);
  if (width === undefined || !instances.every((instance) => Array.isArray(instance))) {
    const count = matrix.width === undefined ? "F" : String(matrix.width);
    throw bad(
      `the model takes one input, ${describeSignature(plan)}, and names none of its features, ` +
        `so send each instance as an array of ${count} numbers (or name them: model.features in mlship.yml, ` +
        'or the model\'s metadata key "features")',
    );
  }
  return Array.from({ length: width }, (_, j) => ({
    name: positionalName(plan, j),
    element: matrix.element,
  }));
}

function describeFeatures(plan: FeedPlan, features: readonly Feature[]): string {
  const list = features.map((f) => `${f.name} (${datatypeOf(f.element)})`).join(", ");
  return plan.layout === "matrix"
    ? `the model expects ${features.length} features in this order: ${list}`
    : `the model expects the features: ${list}`;
}

/** One v1 prediction per row: `{label, probabilities: {class: p}}` for a classifier, a number for a regressor. */
export function instancePredictions(prediction: Prediction): unknown[] {
  if (prediction.kind === "regressor") {
    const { values, targets } = prediction;
    const rows = values.length / targets;
    return Array.from({ length: rows }, (_, i) =>
      targets === 1 ? finite(values[i]) : numbers(values.subarray(i * targets, (i + 1) * targets)),
    );
  }
  return classifierRows(prediction);
}

function classifierRows(prediction: Extract<Prediction, { kind: "classifier" }>) {
  const { classes, labels, probabilities } = prediction;
  const width = classes.length;
  return Array.from({ length: labels.length }, (_, i) => {
    const probs = ownRecord<number | null>();
    for (let c = 0; c < width; c++) probs[String(classes[c])] = finite(probabilities[i * width + c]);
    return { label: labels[i], probabilities: probs };
  });
}

function finite(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

/** What the hooks get of a prediction: the rows as fed and one output per row. */
export function servedRows(input: ModelInput): Record<string, unknown>[] {
  const { table, features } = input;
  return Array.from({ length: table.rows }, (_, i) => {
    const row = ownRecord<unknown>();
    for (const feature of features) {
      const value = table.columns.get(feature.name)![i];
      row[feature.name] = typeof value === "number" && Number.isNaN(value) ? null : value;
    }
    return row;
  });
}

export function servedOutputs(prediction: Prediction): NonNullable<ServedPrediction["outputs"]> {
  if (prediction.kind === "regressor") {
    const { values, targets } = prediction;
    return Array.from({ length: values.length / targets }, (_, i) => ({ value: values[i * targets] }));
  }
  return classifierRows(prediction).map((row) => ({
    label: row.label,
    probabilities: Object.fromEntries(
      Object.entries(row.probabilities).map(([k, p]) => [k, p ?? Number.NaN]),
    ),
  }));
}
