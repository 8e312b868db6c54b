/** The test models (scripts/models/make-test-models.mjs), the runtime, and the formulas the models compute. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import onnxProto from "onnx-proto";
import type { Ort } from "../../src/onnx/ort.js";

export const ort: Ort = await import("onnxruntime-node");

export const FIXTURE_MODELS = [
  "binary-linear-zipmap.onnx",
  "tree-regressor.onnx",
  "pipeline-two-inputs.onnx",
  "multiclass-linear-zipmap.onnx",
  "skl2onnx-zipmap.onnx",
  "skl2onnx-zipmap-named.onnx",
] as const;
export type FixtureModel = (typeof FIXTURE_MODELS)[number];

export function fixturePath(name: FixtureModel): string {
  return fileURLToPath(new URL(`../fixtures/models/${name}`, import.meta.url));
}

export function fixtureBytes(name: FixtureModel): Uint8Array {
  return readFileSync(fixturePath(name));
}

const { onnx } = onnxProto;
export type ModelProto = InstanceType<typeof onnx.ModelProto>;

/** A fixture decoded, changed by `edit`, and encoded again (for models that must not load). */
export function editedFixture(name: FixtureModel, edit: (model: ModelProto) => void): Uint8Array {
  const model = onnx.ModelProto.decode(fixtureBytes(name));
  edit(model);
  return onnx.ModelProto.encode(model).finish();
}

export { onnx };

// What the models compute, in float64 (the models run in float32; the tests allow for it).

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

export function softmax(scores: number[]): number[] {
  const top = Math.max(...scores);
  const exps = scores.map((s) => Math.exp(s - top));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

/** binary-linear-zipmap: p(1) = sigmoid(0.5*x0 - x1 + 2*x2 + 0.25). */
export const binaryScore = ([x0, x1, x2]: number[]): number => 0.5 * x0 - x1 + 2 * x2 + 0.25;

/** skl2onnx-zipmap(-named): p(1) = sigmoid(x0 - 2*x1 + 0.5*x2 + 3*x3 - 0.5). */
export const skl2onnxScore = ([x0, x1, x2, x3]: number[]): number => x0 - 2 * x1 + 0.5 * x2 + 3 * x3 - 0.5;

/** multiclass-linear-zipmap: softmax of one linear score per class (setosa, versicolor, virginica). */
export const multiclassScores = ([x0, x1]: number[]): number[] => [x0 - x1, 0.5 * x1 + 0.5, -x0 + x1 - 0.5];

/** tree-regressor: 10 + tree 0 + tree 1. */
export function treeValue([x0, x1]: number[]): number {
  const tree0 = x0 <= 0.5 ? (x1 <= 1 ? -1 : 0.5) : 3;
  const tree1 = x1 <= 0 ? 0.25 : -0.75;
  return 10 + tree0 + tree1;
}

/** pipeline-two-inputs: age missing -> 30, plan one-hot over basic/pro/team (others all zeros). */
export function pipelineScore(age: number, plan: string | null): number {
  const a = Number.isNaN(age) ? 30 : age;
  return (
    -0.05 * a + (plan === "basic" ? 0.5 : 0) + (plan === "pro" ? -0.5 : 0) + (plan === "team" ? 1 : 0) + 1
  );
}
