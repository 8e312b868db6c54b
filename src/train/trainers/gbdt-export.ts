/**
 * builtin:gbdt as one ONNX graph over the raw columns: the gbdt feature plan
 * (numbers as they are, categories one-hot), then an ai.onnx.ml
 * TreeEnsembleClassifier (binary: the logit trees with LOGISTIC, which
 * onnxruntime turns into [1 − p, p]; multiclass: K trees per round with
 * SOFTMAX) or TreeEnsembleRegressor, with the base scores as base_values.
 * Splits are BRANCH_LEQ on the float32 thresholds training split on, so
 * onnxruntime's float32 comparisons route every row as training did; missing
 * values follow nodes_missing_value_tracks_true.
 */
import {
  type Attribute,
  attr,
  ML_DOMAIN,
  type ModelMetadata,
  OnnxGraphBuilder,
} from "../../onnx/export/onnx-graph.js";
import type { GbdtModel } from "./gbdt.js";
import { addGbdtFeatureGraph, type GbdtFeaturePlan } from "./gbdt-features.js";
import type { ClassLabels } from "./logistic-export.js";

export function exportGbdtModel(
  plan: GbdtFeaturePlan,
  model: GbdtModel,
  classes: ClassLabels | undefined,
  metadata: ModelMetadata,
): Uint8Array {
  if (model.features !== plan.width) {
    throw new Error(`the model has ${model.features} features but the plan makes ${plan.width}`);
  }
  const graph = new OnnxGraphBuilder("mlship_gbdt");
  const features = addGbdtFeatureGraph(graph, plan);
  const ensemble = ensembleAttributes(model);
  if (model.task === "regression") {
    graph.node(
      "TreeEnsembleRegressor",
      [features],
      ["variable"],
      {
        ...ensemble.nodes,
        n_targets: attr.int(1),
        target_treeids: attr.ints(ensemble.leafTrees),
        target_nodeids: attr.ints(ensemble.leafNodes),
        target_ids: attr.ints(ensemble.leafOutputs),
        target_weights: attr.floats(ensemble.leafWeights),
        base_values: attr.floats(Array.from(model.baseScores)),
        post_transform: attr.string("NONE"),
      },
      ML_DOMAIN,
    );
    graph.output("variable", "float", ["N", 1]);
    return graph.toBytes(metadata);
  }
  const labels = classes ?? Array.from({ length: model.task === "binary" ? 2 : model.outputs }, (_, i) => i);
  if (labels.length !== (model.task === "binary" ? 2 : model.outputs)) {
    throw new Error(
      `the model has ${model.task === "binary" ? 2 : model.outputs} classes, got ${labels.length} labels`,
    );
  }
  const numericLabels = typeof labels[0] === "number";
  graph.node(
    "TreeEnsembleClassifier",
    [features],
    ["label", "probabilities"],
    {
      ...ensemble.nodes,
      class_treeids: attr.ints(ensemble.leafTrees),
      class_nodeids: attr.ints(ensemble.leafNodes),
      class_ids: attr.ints(ensemble.leafOutputs),
      class_weights: attr.floats(ensemble.leafWeights),
      base_values: attr.floats(Array.from(model.baseScores)),
      post_transform: attr.string(model.task === "binary" ? "LOGISTIC" : "SOFTMAX"),
      ...(numericLabels
        ? { classlabels_int64s: attr.ints(labels as number[]) }
        : { classlabels_strings: attr.strings(labels as string[]) }),
    },
    ML_DOMAIN,
  );
  graph.output("label", numericLabels ? "int64" : "string", ["N"]);
  graph.output("probabilities", "float", ["N", labels.length]);
  return graph.toBytes(metadata);
}

/** The nodes_* attributes of every tree, and the leaves' (tree, node, output, weight). */
function ensembleAttributes(model: GbdtModel) {
  const treeIds: number[] = [];
  const nodeIds: number[] = [];
  const featureIds: number[] = [];
  const modes: string[] = [];
  const values: number[] = [];
  const trueIds: number[] = [];
  const falseIds: number[] = [];
  const missingTracksTrue: number[] = [];
  const leafTrees: number[] = [];
  const leafNodes: number[] = [];
  const leafOutputs: number[] = [];
  const leafWeights: number[] = [];
  model.trees.forEach((tree, t) => {
    // Binary trees write the logit to output 0: onnxruntime's binary case turns it into [1 − σ, σ].
    const output = model.task === "binary" ? 0 : t % model.outputs;
    for (let node = 0; node < tree.feature.length; node++) {
      treeIds.push(t);
      nodeIds.push(node);
      const leaf = tree.feature[node] < 0;
      featureIds.push(leaf ? 0 : tree.feature[node]);
      modes.push(leaf ? "LEAF" : "BRANCH_LEQ");
      values.push(leaf ? 0 : tree.threshold[node]);
      trueIds.push(leaf ? 0 : tree.left[node]);
      falseIds.push(leaf ? 0 : tree.right[node]);
      missingTracksTrue.push(leaf ? 0 : tree.missingGoLeft[node]);
      if (leaf) {
        leafTrees.push(t);
        leafNodes.push(node);
        leafOutputs.push(output);
        leafWeights.push(tree.value[node]);
      }
    }
  });
  const nodes: Record<string, Attribute> = {
    nodes_treeids: attr.ints(treeIds),
    nodes_nodeids: attr.ints(nodeIds),
    nodes_featureids: attr.ints(featureIds),
    nodes_modes: attr.strings(modes),
    nodes_values: attr.floats(values),
    nodes_truenodeids: attr.ints(trueIds),
    nodes_falsenodeids: attr.ints(falseIds),
    nodes_missing_value_tracks_true: attr.ints(missingTracksTrue),
  };
  return { nodes, leafTrees, leafNodes, leafOutputs, leafWeights };
}
