// Child process of bench/train.mjs for builtin:gbdt training speed and model-layer inference
// speed. Bundled with ncc into bench/.build/train-entry/ before measuring. Usage (after bundling):
//   node bench/.build/train-entry/index.js gen   <dir> <trainRows> <testRows> <seed>
//   node bench/.build/train-entry/index.js csv   <dir>
//   node bench/.build/train-entry/index.js gbdt  <dir> <rounds> <maxDepth>
//   node bench/.build/train-entry/index.js infer <dir> <rows> <fitRows> <repeats>
// gen writes the synthetic data set (FEATURES float32 columns, column-major, and a uint8 label)
// as raw files that numpy reads with np.fromfile; csv writes its training rows as train.csv for
// `mlship train` to read as a user's file; gbdt fits builtin:gbdt on it (early stopping
// off, max_leaf_nodes none) and scores the test rows; infer fits and exports builtin:logistic and
// builtin:gbdt models, then times predict() (the model layer, from a column table) against bare
// InferenceSession.run calls on tensors prepared beforehand. Each mode prints one JSON line.
import { closeSync, openSync, readFileSync, renameSync, statSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-node";
import { rocAuc } from "../src/metrics/roc.js";
import type { Column, ColumnTable } from "../src/onnx/column-table.js";
import { loadModel, type OnnxModel } from "../src/onnx/onnx-model.js";
import { DEFAULT_BATCH_SIZE, predict } from "../src/onnx/predict.js";
import { designMatrix, fitFeaturePlan } from "../src/train/trainers/features.js";
import { fitGbdt, gbdtProbabilities } from "../src/train/trainers/gbdt.js";
import { exportGbdtModel } from "../src/train/trainers/gbdt-export.js";
import { fitGbdtFeaturePlan, gbdtFeatureColumns } from "../src/train/trainers/gbdt-features.js";
import type { FeatureColumns } from "../src/train/trainers/histogram-binning.js";
import type { Tree } from "../src/train/trainers/histogram-tree.js";
import { exportLogisticModel } from "../src/train/trainers/logistic-export.js";
import { fitLogisticRegression } from "../src/train/trainers/logistic-regression.js";

const FEATURES = 20;
const METADATA = { producerName: "mlship-bench", producerVersion: "0" };

/** mulberry32: small, seeded, the same everywhere. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * rows × 20 features: 0–9 standard normal, 10–14 uniform on [0, 1), 15–19 standard normal noise
 * correlated with 0–4. The label is Bernoulli(σ(logit)) with a logit that mixes linear terms,
 * thresholds, a product and a sine, so both a linear model and trees have something to find and
 * neither can reach AUC 1.
 */
function generate(rows: number, seed: number): { x: Float32Array; y: Uint8Array } {
  const random = generator(seed);
  const normal = () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const x = new Float32Array(rows * FEATURES);
  const y = new Uint8Array(rows);
  const f = new Float64Array(FEATURES);
  for (let r = 0; r < rows; r++) {
    for (let j = 0; j < 10; j++) f[j] = normal();
    for (let j = 10; j < 15; j++) f[j] = random();
    for (let j = 15; j < 20; j++) f[j] = 0.6 * f[j - 15] + 0.8 * normal();
    for (let j = 0; j < FEATURES; j++) x[j * rows + r] = f[j];
    const logit =
      0.8 * f[0] -
      0.6 * f[1] +
      0.5 * f[2] +
      (f[3] > 0.5 ? 1 : -0.3) +
      0.7 * f[4] * f[5] +
      Math.sin(2 * f[6]) +
      (f[10] > 0.7 ? 0.9 : 0) -
      1.2 * (f[11] - 0.5) ** 2 +
      0.3 * Math.abs(f[7]) -
      0.4;
    y[r] = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
  }
  return { x, y };
}

function readSet(dir: string, name: string): { x: Float32Array; y: Uint8Array; rows: number } {
  const y = new Uint8Array(readFileSync(join(dir, `${name}-y.u8`)));
  const raw = readFileSync(join(dir, `${name}-x.f32`));
  const x = new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  if (x.length !== y.length * FEATURES) throw new Error(`${name}: ${x.length} values for ${y.length} rows`);
  return { x, y, rows: y.length };
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function columnTable(x: Float32Array, rows: number, take = rows): ColumnTable {
  const columns = new Map<string, Column>();
  for (let j = 0; j < FEATURES; j++) {
    columns.set(`f${String(j).padStart(2, "0")}`, Float64Array.from(x.subarray(j * rows, j * rows + take)));
  }
  return { rows: take, columns };
}

function gen(dir: string, trainRows: number, testRows: number, seed: number): object {
  const start = process.hrtime.bigint();
  for (const [name, rows, s] of [
    ["train", trainRows, seed],
    ["test", testRows, seed + 1],
  ] as const) {
    const { x, y } = generate(rows, s);
    writeFileSync(join(dir, `${name}-x.f32`), x);
    writeFileSync(join(dir, `${name}-y.u8`), y);
  }
  return { trainRows, testRows, features: FEATURES, seed, seconds: seconds(start) };
}

/**
 * The training rows of the data set as the CSV file a user would train on: f00 … f19 (6
 * significant digits, as data files usually hold) and label. Written through a temporary file.
 */
function csv(dir: string): object {
  const start = process.hrtime.bigint();
  const train = readSet(dir, "train");
  const path = join(dir, "train.csv");
  const fd = openSync(`${path}.tmp`, "w");
  const names = Array.from({ length: FEATURES }, (_, j) => `f${String(j).padStart(2, "0")}`);
  writeSync(fd, `${names.join(",")},label\n`);
  const chunk: string[] = [];
  const cells = new Array<string>(FEATURES + 1);
  for (let r = 0; r < train.rows; r++) {
    for (let j = 0; j < FEATURES; j++) cells[j] = String(Number(train.x[j * train.rows + r].toPrecision(6)));
    cells[FEATURES] = String(train.y[r]);
    chunk.push(cells.join(","));
    if (chunk.length === 10_000 || r === train.rows - 1) {
      writeSync(fd, `${chunk.join("\n")}\n`);
      chunk.length = 0;
    }
  }
  closeSync(fd);
  renameSync(`${path}.tmp`, path);
  return { path, rows: train.rows, bytes: statSync(path).size, seconds: seconds(start) };
}

function gbdt(dir: string, rounds: number, maxDepth: number): object {
  const train = readSet(dir, "train");
  const test = readSet(dir, "test");
  const x: FeatureColumns = { rows: train.rows, features: FEATURES, values: train.x };
  const start = process.hrtime.bigint();
  const model = fitGbdt(
    { x, y: Int32Array.from(train.y), task: "binary", classes: 2 },
    { maxIter: rounds, maxDepth, maxLeafNodes: null, earlyStopping: false, seed: 0 },
  );
  const fitSeconds = seconds(start);
  const p = gbdtProbabilities(model, { rows: test.rows, features: FEATURES, values: test.x });
  const scores = Float64Array.from(test.y, (_, r) => p[2 * r + 1]);
  const leaves = model.trees.reduce((sum, tree) => sum + countLeaves(tree), 0);
  return {
    trainRows: train.rows,
    testRows: test.rows,
    rounds: model.iterations,
    maxDepth,
    fitSeconds,
    rowRoundsPerSecond: (train.rows * model.iterations) / fitSeconds,
    meanLeaves: leaves / model.trees.length,
    testAuc: rocAuc(Int32Array.from(test.y), scores),
  };
}

function countLeaves(tree: Tree): number {
  let leaves = 0;
  for (let i = 0; i < tree.feature.length; i++) if (tree.feature[i] === -1) leaves++;
  return leaves;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The fetches predict() asks for: probabilities and label of a classifier. */
function fetchesOf(model: OnnxModel): string[] {
  const { probabilities, label } = model.predictionOutputs;
  return [probabilities, label].filter((name): name is string => name !== undefined);
}

/** Tensors for every batch of `batch` rows, built before any timing: one [n, 1] float input per column. */
function preparedBatches(model: OnnxModel, table: ColumnTable, batch: number): Record<string, ort.Tensor>[] {
  const feeds: Record<string, ort.Tensor>[] = [];
  for (let start = 0; start < table.rows; start += batch) {
    const count = Math.min(batch, table.rows - start);
    const feed: Record<string, ort.Tensor> = {};
    for (const input of model.inputs) {
      const column = table.columns.get(input.name) as Float64Array;
      feed[input.name] = new ort.Tensor("float32", Float32Array.from(column.subarray(start, start + count)), [
        count,
        1,
      ]);
    }
    feeds.push(feed);
  }
  return feeds;
}

async function timeInference(model: OnnxModel, table: ColumnTable, repeats: number) {
  const fetches = fetchesOf(model);
  const batched = preparedBatches(model, table, DEFAULT_BATCH_SIZE);
  const whole = preparedBatches(model, table, table.rows);
  const bare = async (feeds: Record<string, ort.Tensor>[]) => {
    const start = process.hrtime.bigint();
    for (const feed of feeds) await model.session.run(feed, fetches);
    return seconds(start);
  };
  const layer = async () => {
    const start = process.hrtime.bigint();
    await predict(model, table);
    return seconds(start);
  };
  // One untimed round of each, then `repeats` interleaved rounds.
  await bare(batched);
  await bare(whole);
  await layer();
  const times = { predict: [] as number[], bareBatched: [] as number[], bareWhole: [] as number[] };
  for (let i = 0; i < repeats; i++) {
    times.predict.push(await layer());
    times.bareBatched.push(await bare(batched));
    times.bareWhole.push(await bare(whole));
  }
  const rows = table.rows;
  const m = {
    predict: median(times.predict),
    bareBatched: median(times.bareBatched),
    bareWhole: median(times.bareWhole),
  };
  return {
    rows,
    inputs: model.inputs.length,
    fetches,
    batchSize: DEFAULT_BATCH_SIZE,
    seconds: m,
    rowsPerSecond: {
      predict: rows / m.predict,
      bareBatched: rows / m.bareBatched,
      bareWhole: rows / m.bareWhole,
    },
    /** The model layer's time over the bare batched runs', minus 1. */
    overheadVsBareBatched: m.predict / m.bareBatched - 1,
    overheadVsBareWhole: m.predict / m.bareWhole - 1,
    runs: times,
  };
}

async function infer(dir: string, rows: number, fitRows: number, repeats: number): Promise<object> {
  const train = readSet(dir, "train");
  if (rows > train.rows) throw new Error(`infer: ${rows} rows asked, the data set has ${train.rows}`);
  const fitTable = columnTable(train.x, train.rows, Math.min(fitRows, train.rows));
  const yFit = Int32Array.from(train.y.subarray(0, fitTable.rows));
  const table = columnTable(train.x, train.rows, rows);

  const linearPlan = fitFeaturePlan(fitTable);
  const linear = fitLogisticRegression(
    {
      x: designMatrix(linearPlan, fitTable),
      rows: fitTable.rows,
      features: linearPlan.width,
      y: yFit,
      classes: 2,
    },
    { c: 1, maxIterations: 100, tolerance: 1e-4 },
  );
  const linearBytes = exportLogisticModel(linearPlan, linear, [0, 1], METADATA);

  const treePlan = fitGbdtFeaturePlan(fitTable);
  const trees = fitGbdt(
    { x: gbdtFeatureColumns(treePlan, fitTable), y: yFit, task: "binary", classes: 2 },
    { maxIter: 100, maxDepth: 6, maxLeafNodes: null, earlyStopping: false, seed: 0 },
  );
  const treeBytes = exportGbdtModel(treePlan, trees, [0, 1], METADATA);

  const result: Record<string, object> = {};
  for (const [name, bytes] of [
    ["logistic", linearBytes],
    ["gbdt", treeBytes],
  ] as const) {
    const model = await loadModel(ort, bytes, { name: `${name}.onnx` });
    result[name] = { modelBytes: bytes.length, ...(await timeInference(model, table, repeats)) };
    await model.release();
  }
  return { fitRows: fitTable.rows, gbdtTrees: trees.trees.length, ...result };
}

async function main(): Promise<void> {
  const [mode, dir, ...rest] = process.argv.slice(2);
  const n = rest.map(Number);
  let out: object;
  if (mode === "gen" && n.length === 3) out = gen(dir, n[0], n[1], n[2]);
  else if (mode === "csv" && n.length === 0) out = csv(dir);
  else if (mode === "gbdt" && n.length === 2) out = gbdt(dir, n[0], n[1]);
  else if (mode === "infer" && n.length === 3) out = await infer(dir, n[0], n[1], n[2]);
  else {
    console.error(
      "usage: train-entry gen <dir> <trainRows> <testRows> <seed> | csv <dir> | gbdt <dir> <rounds> <maxDepth> | infer <dir> <rows> <fitRows> <repeats>",
    );
    process.exit(2);
  }
  console.log(JSON.stringify(out));
}

main().catch((error) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
