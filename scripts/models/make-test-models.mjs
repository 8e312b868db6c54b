#!/usr/bin/env node
// Writes the small ONNX models the model-layer tests use (same bytes on every run):
//   node scripts/models/make-test-models.mjs [--out <dir>]     (default: test/fixtures/models/)
// Every model is IR version 8 with opset 17 and ai.onnx.ml 3, which every onnxruntime
// since 1.12 loads and Debian's python3-onnx (onnx 1.12) checker accepts. The weights are
// round numbers so the tests can compute the expected predictions by hand.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
const DataType = onnx.TensorProto.DataType;
const AttributeType = onnx.AttributeProto.AttributeType;
const ML = "ai.onnx.ml";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * @param {string} name
 * @param {number} elemType
 * @param {(number | string | null)[]} dims numbers are fixed sizes, strings symbolic ones, null unknown ones
 */
function tensorValue(name, elemType, dims) {
  const dim = dims.map((d) => (d === null ? {} : typeof d === "string" ? { dimParam: d } : { dimValue: d }));
  return { name, type: { tensorType: { elemType, shape: { dim } } } };
}

/** The output skl2onnx gives a classifier's probabilities by default: one map per row, label -> probability. */
function zipMapValue(name, keyType) {
  const valueType = { tensorType: { elemType: DataType.FLOAT } };
  return { name, type: { sequenceType: { elemType: { mapType: { keyType, valueType } } } } };
}

const attribute = {
  floats: (name, floats) => ({ name, type: AttributeType.FLOATS, floats }),
  ints: (name, ints) => ({ name, type: AttributeType.INTS, ints }),
  int: (name, i) => ({ name, type: AttributeType.INT, i }),
  string: (name, text) => ({ name, type: AttributeType.STRING, s: Buffer.from(text, "utf8") }),
  strings: (name, texts) => ({
    name,
    type: AttributeType.STRINGS,
    strings: texts.map((t) => Buffer.from(t, "utf8")),
  }),
};

function model(graphName, graph, docString, metadataProps = []) {
  return onnx.ModelProto.create({
    irVersion: 8,
    producerName: "mlship-test-models",
    producerVersion: "1",
    docString,
    metadataProps,
    opsetImport: [
      { domain: "", version: 17 },
      { domain: ML, version: 3 },
    ],
    graph: { name: graphName, ...graph },
  });
}

/** Binary logistic regression over X[N,3], probabilities through a ZipMap, as skl2onnx exports it. */
function binaryLinearZipMap() {
  return model(
    "binary_linear_zipmap",
    {
      input: [tensorValue("X", DataType.FLOAT, ["N", 3])],
      output: [
        tensorValue("output_label", DataType.INT64, ["N"]),
        zipMapValue("output_probability", DataType.INT64),
      ],
      node: [
        {
          name: "LinearClassifier",
          opType: "LinearClassifier",
          domain: ML,
          input: ["X"],
          output: ["output_label", "probability_tensor"],
          attribute: [
            attribute.ints("classlabels_ints", [0, 1]),
            attribute.floats("coefficients", [0.5, -1, 2]),
            attribute.floats("intercepts", [0.25]),
            attribute.string("post_transform", "LOGISTIC"),
          ],
        },
        {
          name: "ZipMap",
          opType: "ZipMap",
          domain: ML,
          input: ["probability_tensor"],
          output: ["output_probability"],
          attribute: [attribute.ints("classlabels_int64s", [0, 1])],
        },
      ],
    },
    "p(1) = sigmoid(0.5*x0 - x1 + 2*x2 + 0.25)",
  );
}

/**
 * Two trees on X[N,2], summed onto a base value of 10:
 *   tree 0: x0 <= 0.5 ? (x1 <= 1 ? -1 : 0.5) : 3
 *   tree 1: x1 <= 0 ? 0.25 : -0.75
 */
function treeRegressor() {
  const trees = [
    // tree, node, feature, threshold, mode, true node, false node
    [0, 0, 0, 0.5, "BRANCH_LEQ", 1, 2],
    [0, 1, 1, 1, "BRANCH_LEQ", 3, 4],
    [0, 2, 0, 0, "LEAF", 0, 0],
    [0, 3, 0, 0, "LEAF", 0, 0],
    [0, 4, 0, 0, "LEAF", 0, 0],
    [1, 0, 1, 0, "BRANCH_LEQ", 1, 2],
    [1, 1, 0, 0, "LEAF", 0, 0],
    [1, 2, 0, 0, "LEAF", 0, 0],
  ];
  const leaves = [
    // tree, node, weight
    [0, 2, 3],
    [0, 3, -1],
    [0, 4, 0.5],
    [1, 1, 0.25],
    [1, 2, -0.75],
  ];
  const column = (rows, i) => rows.map((row) => row[i]);
  return model(
    "tree_regressor",
    {
      input: [tensorValue("X", DataType.FLOAT, ["N", 2])],
      output: [tensorValue("variable", DataType.FLOAT, ["N", 1])],
      node: [
        {
          name: "TreeEnsembleRegressor",
          opType: "TreeEnsembleRegressor",
          domain: ML,
          input: ["X"],
          output: ["variable"],
          attribute: [
            attribute.int("n_targets", 1),
            attribute.string("aggregate_function", "SUM"),
            attribute.string("post_transform", "NONE"),
            attribute.floats("base_values", [10]),
            attribute.ints("nodes_treeids", column(trees, 0)),
            attribute.ints("nodes_nodeids", column(trees, 1)),
            attribute.ints("nodes_featureids", column(trees, 2)),
            attribute.floats("nodes_values", column(trees, 3)),
            attribute.strings("nodes_modes", column(trees, 4)),
            attribute.ints("nodes_truenodeids", column(trees, 5)),
            attribute.ints("nodes_falsenodeids", column(trees, 6)),
            attribute.ints("target_treeids", column(leaves, 0)),
            attribute.ints("target_nodeids", column(leaves, 1)),
            attribute.ints(
              "target_ids",
              leaves.map(() => 0),
            ),
            attribute.floats("target_weights", column(leaves, 2)),
          ],
        },
      ],
    },
    "10 + tree0 + tree1 (see make-test-models.mjs)",
  );
}

/**
 * A scikit-learn-style pipeline with one input per column: age (float, missing -> 30) and
 * plan (string, one-hot over basic/pro/team, unknown -> all zeros), concatenated into
 * [age, basic, pro, team] and fed to a binary logistic regression; plain tensor outputs.
 */
function pipelineTwoInputs() {
  return model(
    "pipeline_two_inputs",
    {
      input: [tensorValue("age", DataType.FLOAT, ["N", 1]), tensorValue("plan", DataType.STRING, ["N", 1])],
      output: [
        tensorValue("label", DataType.INT64, ["N"]),
        tensorValue("probabilities", DataType.FLOAT, ["N", 2]),
      ],
      // onnx's shape inference knows no types for Imputer and OneHotEncoder outputs; declare them.
      valueInfo: [
        tensorValue("age_imputed", DataType.FLOAT, ["N", 1]),
        tensorValue("plan_onehot", DataType.FLOAT, ["N", 1, 3]),
        tensorValue("plan_flat", DataType.FLOAT, ["N", 3]),
        tensorValue("features", DataType.FLOAT, ["N", 4]),
      ],
      node: [
        {
          name: "Imputer",
          opType: "Imputer",
          domain: ML,
          input: ["age"],
          output: ["age_imputed"],
          attribute: [
            attribute.floats("imputed_value_floats", [30]),
            { name: "replaced_value_float", type: AttributeType.FLOAT, f: Number.NaN },
          ],
        },
        {
          name: "OneHotEncoder",
          opType: "OneHotEncoder",
          domain: ML,
          input: ["plan"],
          output: ["plan_onehot"],
          attribute: [attribute.strings("cats_strings", ["basic", "pro", "team"]), attribute.int("zeros", 1)],
        },
        {
          name: "Flatten",
          opType: "Flatten",
          input: ["plan_onehot"],
          output: ["plan_flat"],
          attribute: [attribute.int("axis", 1)],
        },
        {
          name: "Concat",
          opType: "Concat",
          input: ["age_imputed", "plan_flat"],
          output: ["features"],
          attribute: [attribute.int("axis", 1)],
        },
        {
          name: "LinearClassifier",
          opType: "LinearClassifier",
          domain: ML,
          input: ["features"],
          output: ["label", "probabilities"],
          attribute: [
            attribute.ints("classlabels_ints", [0, 1]),
            attribute.floats("coefficients", [-0.05, 0.5, -0.5, 1]),
            attribute.floats("intercepts", [1]),
            attribute.string("post_transform", "LOGISTIC"),
          ],
        },
      ],
    },
    "p(1) = sigmoid(-0.05*age + 0.5*basic - 0.5*pro + team + 1), age missing -> 30",
  );
}

/** Multinomial logistic regression over X[N,2] with string class labels and a ZipMap output. */
function multiclassLinearZipMap() {
  const classes = ["setosa", "versicolor", "virginica"];
  return model(
    "multiclass_linear_zipmap",
    {
      input: [tensorValue("X", DataType.FLOAT, ["N", 2])],
      output: [
        tensorValue("output_label", DataType.STRING, ["N"]),
        zipMapValue("output_probability", DataType.STRING),
      ],
      node: [
        {
          name: "LinearClassifier",
          opType: "LinearClassifier",
          domain: ML,
          input: ["X"],
          output: ["output_label", "probability_tensor"],
          attribute: [
            attribute.strings("classlabels_strings", classes),
            attribute.floats("coefficients", [1, -1, 0, 0.5, -1, 1]),
            attribute.floats("intercepts", [0, 0.5, -0.5]),
            attribute.int("multi_class", 1),
            attribute.string("post_transform", "SOFTMAX"),
          ],
        },
        {
          name: "ZipMap",
          opType: "ZipMap",
          domain: ML,
          input: ["probability_tensor"],
          output: ["output_probability"],
          attribute: [attribute.strings("classlabels_strings", classes)],
        },
      ],
    },
    "p = softmax([x0 - x1, 0.5*x1 + 0.5, x1 - x0 - 0.5])",
  );
}

/**
 * A binary logistic regression as skl2onnx exports it by default (`initial_types=[("float_input",
 * FloatTensorType([None, 4]))]`): one float input [?, 4] that names none of its columns, a
 * LinearClassifier and a ZipMap. `features`, when given, is stored as the metadata_props key
 * "features" (the column names in the tensor's order), as mlship reads it.
 */
function skl2onnxBinary(features) {
  return model(
    "skl2onnx_binary",
    {
      input: [tensorValue("float_input", DataType.FLOAT, [null, 4])],
      output: [
        tensorValue("output_label", DataType.INT64, [null]),
        zipMapValue("output_probability", DataType.INT64),
      ],
      node: [
        {
          name: "LinearClassifier",
          opType: "LinearClassifier",
          domain: ML,
          input: ["float_input"],
          output: ["output_label", "probability_tensor"],
          attribute: [
            attribute.ints("classlabels_ints", [0, 1]),
            attribute.floats("coefficients", [1, -2, 0.5, 3]),
            attribute.floats("intercepts", [-0.5]),
            attribute.string("post_transform", "LOGISTIC"),
          ],
        },
        {
          name: "ZipMap",
          opType: "ZipMap",
          domain: ML,
          input: ["probability_tensor"],
          output: ["output_probability"],
          attribute: [attribute.ints("classlabels_int64s", [0, 1])],
        },
      ],
    },
    "p(1) = sigmoid(x0 - 2*x1 + 0.5*x2 + 3*x3 - 0.5)",
    features ? [{ key: "features", value: JSON.stringify(features) }] : [],
  );
}

/** File name -> model bytes. */
export function buildTestModels() {
  const models = {
    "binary-linear-zipmap.onnx": binaryLinearZipMap(),
    "tree-regressor.onnx": treeRegressor(),
    "pipeline-two-inputs.onnx": pipelineTwoInputs(),
    "multiclass-linear-zipmap.onnx": multiclassLinearZipMap(),
    "skl2onnx-zipmap.onnx": skl2onnxBinary(),
    // The same model with its columns named in its metadata, in an order no file needs to share.
    "skl2onnx-zipmap-named.onnx": skl2onnxBinary(["tenure", "calls", "spend", "late"]),
  };
  return Object.fromEntries(
    Object.entries(models).map(([file, m]) => [file, onnx.ModelProto.encode(m).finish()]),
  );
}

function main(argv) {
  const at = argv.indexOf("--out");
  const out = at >= 0 ? resolve(argv[at + 1]) : join(root, "test/fixtures/models");
  mkdirSync(out, { recursive: true });
  for (const [file, bytes] of Object.entries(buildTestModels())) {
    writeFileSync(join(out, file), bytes);
    console.log(`${join(out, file)} (${bytes.length} bytes)`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url))
  main(process.argv.slice(2));
