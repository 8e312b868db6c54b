/**
 * Batched inference over a column table: maps the columns onto the model's
 * inputs, runs the session one batch at a time (input buffers reused), and
 * gathers labels and class probabilities, or regression values, into arrays
 * the size of the table.
 */
import type { Tensor } from "onnxruntime-node";
import { MlshipError } from "../lib/errors.js";
import type { ColumnTable } from "./column-table.js";
import { createBatchFeeder, type InputMappingOptions, mapInputs } from "./input-mapping.js";
import { nativeReason, type OnnxModel, withModelName } from "./onnx-model.js";

/**
 * Rows per session run. Measured with the test models on 262,144 rows (2-core AMD EPYC,
 * onnxruntime-node 1.30, median of 7, million rows/s at 1k / 4k / 8k / 16k / 64k):
 *   binary linear + ZipMap   6.5 / 7.7 / 7.6 / 7.7 / 5.9
 *   3-class linear + ZipMap  1.8 / 2.0 / 1.9 / 1.8 / 1.9  (onnxruntime's own speed for it)
 *   2-tree regressor        30.3 / 48.6 / 50.8 / 55.9 / 57.1
 *   pipeline (float+string)  5.7 / 6.1 / 6.2 / 6.3 / 6.2
 * 16k is at or near the best for every model; 64k loses speed on the linear ones. The buffers
 * at 16k are small (16k × features × 4 bytes per input).
 */
export const DEFAULT_BATCH_SIZE = 16_384;

/** The most output values kept over all rows (2^28 float32 values: 1 GiB). */
const MAX_OUTPUT_VALUES = 2 ** 28;

export interface PredictOptions extends InputMappingOptions {
  /** Rows per session run (default DEFAULT_BATCH_SIZE); a model with a fixed batch dimension overrides it. */
  batchSize?: number;
}

export interface ClassifierPrediction {
  kind: "classifier";
  /** Class labels in probability-column order (0…C-1 when the model does not name them). */
  classes: string[] | number[];
  /** Predicted label per row: text labels as strings, numeric ones in a Float64Array. */
  labels: string[] | Float64Array;
  /** N×C probabilities, row-major: row i's probability of classes[c] is at i*C + c. */
  probabilities: Float32Array;
}

export interface RegressorPrediction {
  kind: "regressor";
  /** Predicted values, row-major N×targets. */
  values: Float32Array;
  /** Values per row (1 for a single-target regressor). */
  targets: number;
}

export type Prediction = ClassifierPrediction | RegressorPrediction;

export async function predict(
  model: OnnxModel,
  table: ColumnTable,
  options: PredictOptions = {},
): Promise<Prediction> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new MlshipError("bad_usage", `batch size must be a whole number of at least 1, got ${batchSize}`);
  }
  const mapping = withModelName(model.name, () => mapInputs(model.inputs, table, options));
  const collector =
    model.kind === "classifier"
      ? classifierCollector(model, table.rows)
      : regressorCollector(model, table.rows);
  // Buffers are sized from the rows there are, never from a batch larger than the table.
  const feeder = createBatchFeeder(model.ort, mapping, Math.max(1, Math.min(batchSize, table.rows)));
  for (let start = 0; start < table.rows; start += feeder.batchSize) {
    const count = Math.min(feeder.batchSize, table.rows - start);
    const feeds = withModelName(model.name, () => feeder.feeds(start, count));
    let outputs: Record<string, Tensor>;
    try {
      outputs = await model.session.run(feeds, collector.fetches);
    } catch (error) {
      throw new MlshipError(
        "inference_failed",
        `${model.name}: inference failed on rows ${start + 1}–${start + count}: ` +
          nativeReason(error instanceof Error ? error.message : String(error)),
      );
    }
    collector.add(outputs, start, count, mapping.fixedBatch ?? count);
  }
  return collector.result();
}

/**
 * The values per row of an output tensor, checked against the rows the batch fed: the
 * model must answer every row once, and what is kept for all rows must fit in memory.
 * Output buffers are sized from this and the table's rows, never from a declared shape.
 */
function valuesPerRow(model: OnnxModel, output: string, tensor: Tensor, fed: number, rows: number): number {
  const dims = tensor.dims;
  if (dims.length === 0 || dims[0] !== fed) {
    throw new MlshipError(
      "model_output_mismatch",
      `${model.name}: output '${output}' has shape [${dims.join(",")}] for a batch of ${fed} rows; ` +
        "mlship reads one row of output per input row (the first dimension)",
    );
  }
  const width = dims.length > 1 ? tensor.size / dims[0] : 1;
  if (rows * width > MAX_OUTPUT_VALUES) {
    throw new MlshipError(
      "model_output_mismatch",
      `${model.name}: output '${output}' gives ${width.toLocaleString("en-US")} values per row; ` +
        `${rows.toLocaleString("en-US")} rows would hold ${(rows * width).toLocaleString("en-US")}, ` +
        `more than mlship keeps (${MAX_OUTPUT_VALUES.toLocaleString("en-US")})`,
    );
  }
  return width;
}

interface Collector {
  fetches: string[];
  /** Rows [start, start + count) of the table, from a run that fed `fed` rows (more when padded to a fixed batch). */
  add(outputs: Record<string, Tensor>, start: number, count: number, fed: number): void;
  result(): Prediction;
}

function classifierCollector(model: OnnxModel, rows: number): Collector {
  const { label, probabilities } = model.predictionOutputs;
  if (!probabilities && !label) throw noPredictionOutput(model, "class probabilities or labels");
  const labelType = model.outputs.find((output) => output.name === label)?.type;
  let classes: string[] | number[] | undefined = model.classLabels;
  let width = 0;
  let firstWidth = 0;
  let probs: Float32Array = new Float32Array(0);
  const labels: string[] | Float64Array =
    labelType === "string" ? new Array<string>(rows) : new Float64Array(rows);

  const addProbabilities = (tensor: Tensor, start: number, count: number, fed: number) => {
    const data = tensor.data as Float32Array | Float64Array;
    const outputWidth = valuesPerRow(model, probabilities!, tensor, fed, rows);
    if (width === 0) {
      firstWidth = outputWidth;
      // One column is the positive class's probability of a binary model.
      width = outputWidth === 1 ? 2 : outputWidth;
      classes ??= Array.from({ length: width }, (_, c) => c);
      if (classes.length !== width) {
        throw new MlshipError(
          "model_output_mismatch",
          `${model.name}: output '${probabilities}' has ${outputWidth} probabilities per row, ` +
            `but the model names ${classes.length} classes (${classes.join(", ")})`,
        );
      }
      probs = new Float32Array(rows * width);
    }
    if (outputWidth !== firstWidth) {
      throw new MlshipError(
        "model_output_mismatch",
        `${model.name}: output '${probabilities}' gave ${firstWidth} probabilities per row, then ${outputWidth}`,
      );
    }
    if (outputWidth === 1) {
      for (let i = 0; i < count; i++) {
        probs[(start + i) * 2] = 1 - data[i];
        probs[(start + i) * 2 + 1] = data[i];
      }
    } else {
      probs.set(data.subarray(0, count * width), start * width);
    }
  };

  const addLabels = (tensor: Tensor, start: number, count: number, fed: number) => {
    valuesPerRow(model, label!, tensor, fed, rows);
    const data = tensor.data;
    if (Array.isArray(labels)) {
      for (let i = 0; i < count; i++) labels[start + i] = (data as string[])[i];
    } else if (data instanceof BigInt64Array) {
      for (let i = 0; i < count; i++) labels[start + i] = Number(data[i]);
    } else {
      for (let i = 0; i < count; i++) labels[start + i] = Number((data as ArrayLike<number>)[i]);
    }
  };

  return {
    fetches: [probabilities, label].filter((name): name is string => name !== undefined),
    add(outputs, start, count, fed) {
      if (probabilities) addProbabilities(outputs[probabilities], start, count, fed);
      if (label) addLabels(outputs[label], start, count, fed);
    },
    result() {
      const classList = classes ?? [];
      if (!probabilities) {
        // A model that gives labels only: each row is certain of its label.
        width = classList.length;
        probs = oneHot(labels, classList);
      }
      return {
        kind: "classifier",
        classes: classList,
        labels: label ? labels : argmaxLabels(probs, classList, rows),
        probabilities: probs,
      };
    },
  };
}

function regressorCollector(model: OnnxModel, rows: number): Collector {
  const output = model.predictionOutputs.values;
  if (!output) throw noPredictionOutput(model, "numeric values");
  let targets = 0;
  let values: Float32Array = new Float32Array(0);
  return {
    fetches: [output],
    add(outputs, start, count, fed) {
      const tensor = outputs[output];
      const width = valuesPerRow(model, output, tensor, fed, rows);
      if (targets === 0) {
        targets = width;
        values = new Float32Array(rows * targets);
      } else if (width !== targets) {
        throw new MlshipError(
          "model_output_mismatch",
          `${model.name}: output '${output}' gave ${targets} values per row, then ${width}`,
        );
      }
      const data = tensor.data;
      if (data instanceof BigInt64Array) {
        for (let i = 0; i < count * targets; i++) values[start * targets + i] = Number(data[i]);
      } else {
        values.set((data as Float32Array).subarray(0, count * targets), start * targets);
      }
    },
    result: () => ({ kind: "regressor", values, targets: targets || 1 }),
  };
}

function argmaxLabels(
  probs: Float32Array,
  classes: string[] | number[],
  rows: number,
): string[] | Float64Array {
  const width = classes.length;
  const best = (row: number) => {
    let top = 0;
    for (let c = 1; c < width; c++) if (probs[row * width + c] > probs[row * width + top]) top = c;
    return classes[top];
  };
  if (typeof classes[0] === "string") return Array.from({ length: rows }, (_, row) => best(row) as string);
  return Float64Array.from({ length: rows }, (_, row) => best(row) as number);
}

function oneHot(labels: string[] | Float64Array, classes: string[] | number[]): Float32Array {
  const index = new Map<string | number, number>(classes.map((label, c) => [label, c]));
  const probs = new Float32Array(labels.length * classes.length);
  for (let row = 0; row < labels.length; row++) {
    const c = index.get(labels[row]);
    if (c !== undefined) probs[row * classes.length + c] = 1;
  }
  return probs;
}

function noPredictionOutput(model: OnnxModel, what: string): MlshipError {
  const outputs = model.outputs.map((output) => `${output.name} (${output.type})`).join(", ");
  return new MlshipError(
    "no_prediction_output",
    `${model.name}: the ${model.kind} has no tensor output with ${what}; its outputs: ${outputs || "none"}`,
  );
}
