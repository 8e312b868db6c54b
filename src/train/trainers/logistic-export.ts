/**
 * builtin:logistic as one ONNX graph over the raw columns: the feature plan's
 * imputation, scaling and one-hot encoding, then a LinearClassifier whose
 * softmax gives the probabilities. A binary model is written as two classes
 * with scores [0, w·x + b], whose softmax is [1 − σ(z), σ(z)]: exactly the
 * logistic model, with a probability tensor the model server can read.
 */
import { appendAll } from "../../lib/arrays.js";
import { attr, ML_DOMAIN, type ModelMetadata, OnnxGraphBuilder } from "../../onnx/export/onnx-graph.js";
import { addFeatureGraph, type FeaturePlan } from "./features.js";
import type { LogisticModel } from "./logistic-regression.js";

/** The label values of the classes, in class-index order: all numbers (int64 labels) or all strings. */
export type ClassLabels = number[] | string[];

export function exportLogisticModel(
  plan: FeaturePlan,
  model: LogisticModel,
  classes: ClassLabels,
  metadata: ModelMetadata,
): Uint8Array {
  if (model.features !== plan.width) {
    throw new Error(
      `the model has ${model.features} weights per class but the plan makes ${plan.width} features`,
    );
  }
  const k = classes.length;
  const coefficients: number[] = [];
  const intercepts: number[] = [];
  if (model.outputs === 1) {
    appendAll(coefficients, new Array<number>(model.features).fill(0));
    appendAll(coefficients, model.coefficients);
    intercepts.push(0, model.intercepts[0]);
  } else {
    appendAll(coefficients, model.coefficients);
    appendAll(intercepts, model.intercepts);
  }
  const graph = new OnnxGraphBuilder("mlship_logistic");
  const features = addFeatureGraph(graph, plan);
  const numericLabels = typeof classes[0] === "number";
  graph.node(
    "LinearClassifier",
    [features],
    ["label", "probabilities"],
    {
      coefficients: attr.floats(coefficients),
      intercepts: attr.floats(intercepts),
      post_transform: attr.string("SOFTMAX"),
      ...(numericLabels
        ? { classlabels_ints: attr.ints(classes as number[]) }
        : { classlabels_strings: attr.strings(classes as string[]) }),
    },
    ML_DOMAIN,
  );
  graph.output("label", numericLabels ? "int64" : "string", ["N"]);
  graph.output("probabilities", "float", ["N", k]);
  return graph.toBytes(metadata);
}
