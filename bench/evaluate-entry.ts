/**
 * The floor of `mlship evaluate` (issue 5 §6), bundled and run by bench/evaluate.mjs: reading the
 * evaluation file and running both models over it through the model layer, then the metric
 * computation alone (both models' metrics, and the paired bootstrap of the intervals).
 * Prints one JSON line.
 */
import { loadDatasetSchema } from "../src/data/schema/dataset-schema.js";
import { metricsOf, type PredictionSet, pairedBootstrap } from "../src/evaluate/predictions.js";
import { loadModel } from "../src/onnx/onnx-model.js";
import { predict } from "../src/onnx/predict.js";
import { resolveOnnxRuntime } from "../src/onnx/runtime/resolve-runtime.js";
import { loadTrainingData } from "../src/train/trainers/training-table.js";

async function main(): Promise<void> {
  const [candidateFile, baselineFile, data, schemaFile, replicatesText] = process.argv.slice(2);
  const ort = await resolveOnnxRuntime();
  const schema = await loadDatasetSchema(schemaFile);
  let started = performance.now();
  const loaded = await loadTrainingData(data, { label: "churned", schema, keepAll: true });
  const readSeconds = (performance.now() - started) / 1000;
  const sets: PredictionSet[] = [];
  const predictSeconds: number[] = [];
  const yTrue = Int32Array.from(loaded.labels, (v) => Number(v));
  for (const file of [candidateFile, baselineFile]) {
    const model = await loadModel(ort, file);
    started = performance.now();
    const prediction = await predict(model, loaded.table);
    predictSeconds.push((performance.now() - started) / 1000);
    if (prediction.kind !== "classifier") throw new Error("expected a classifier");
    sets.push({
      task: "binary",
      yTrue,
      scores: Float64Array.from(yTrue, (_, i) => prediction.probabilities[i * 2 + 1]),
    });
    await model.release();
  }
  started = performance.now();
  for (const set of sets) metricsOf(set);
  const metricsSeconds = (performance.now() - started) / 1000;
  started = performance.now();
  const replicates = Number(replicatesText);
  pairedBootstrap(sets[0], sets[1], { replicates, seed: 1, confidence: 0.95 });
  const bootstrapSeconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `${JSON.stringify({ rows: loaded.table.rows, readSeconds, predictSeconds, metricsSeconds, bootstrapSeconds, replicates })}\n`,
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
