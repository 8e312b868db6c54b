import * as ort from "onnxruntime-node";
import { describe, expect, it } from "vitest";
import { checkWithOnnx, onnxCheckerAvailable } from "../../../test/support/onnx-checker.js";
import { attr, ML_DOMAIN, OnnxGraphBuilder } from "./onnx-graph.js";

/** Raw columns → Imputer → Scaler → LinearClassifier, as a built-in trainer exports a logistic model. */
function logisticPipeline(): Uint8Array {
  const graph = new OnnxGraphBuilder("logistic");
  graph.input("x", "float", ["N", 2]);
  graph.node(
    "Imputer",
    ["x"],
    ["imputed"],
    { imputed_value_floats: attr.floats([1.5, -2]), replaced_value_float: attr.float(Number.NaN) },
    ML_DOMAIN,
  );
  graph.node(
    "Scaler",
    ["imputed"],
    ["scaled"],
    { offset: attr.floats([1, 0]), scale: attr.floats([0.5, 2]) },
    ML_DOMAIN,
  );
  graph.node(
    "LinearClassifier",
    ["scaled"],
    ["label", "probabilities"],
    {
      classlabels_ints: attr.ints([0, 1]),
      coefficients: attr.floats([0.25, -0.5, -0.25, 0.5]),
      intercepts: attr.floats([-0.1, 0.1]),
      post_transform: attr.string("LOGISTIC"),
    },
    ML_DOMAIN,
  );
  graph.output("label", "int64", ["N"]);
  graph.output("probabilities", "float", ["N", 2]);
  return graph.toBytes({ producerName: "mlship", producerVersion: "test", properties: { b: "2", a: "1" } });
}

describe("OnnxGraphBuilder", () => {
  it("builds a model onnxruntime runs, computing what the operators define", async () => {
    const session = await ort.InferenceSession.create(logisticPipeline());
    const x = new Float32Array([3, 1, Number.NaN, 0.5]);
    const out = await session.run({ x: new ort.Tensor("float32", x, [2, 2]) });
    const probabilities = out.probabilities.data as Float32Array;
    // Row 1: scaled = [(3-1)*0.5, (1-0)*2] = [1, 2]; row 2 imputes 1.5: [0.25, 1].
    for (const [row, [a, b]] of [
      [0, [1, 2]],
      [1, [0.25, 1]],
    ] as const) {
      // LinearClassifier scores class c as coefficients[2c..2c+1] · x + intercepts[c]; LOGISTIC is 1/(1+e^-s) per class.
      const score1 = -0.25 * a + 0.5 * b + 0.1;
      expect(probabilities[row * 2 + 1]).toBeCloseTo(1 / (1 + Math.exp(-score1)), 5);
    }
    expect(Array.from(out.label.data as BigInt64Array, Number)).toHaveLength(2);
  });

  it("gives the same bytes for the same graph, with metadata in key order", () => {
    expect(Buffer.from(logisticPipeline()).equals(Buffer.from(logisticPipeline()))).toBe(true);
  });

  it("refuses a name used twice, which would make an invalid graph", () => {
    const graph = new OnnxGraphBuilder("twice");
    graph.input("x", "float", ["N", 1]);
    expect(() => graph.node("Identity", ["x"], ["x"])).toThrow(/the name x is used twice/);
  });

  it.skipIf(!onnxCheckerAvailable)("passes onnx.checker with full shape inference (python3-onnx)", () => {
    expect(() => checkWithOnnx(logisticPipeline())).not.toThrow();
  });
});
