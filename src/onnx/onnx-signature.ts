/**
 * What an ONNX model takes and gives, read from its protobuf (no runtime
 * needed): inputs and outputs with element types and symbolic dimensions, the
 * opsets, whether it classifies or regresses, its class labels, and which
 * outputs carry the predictions. onnxruntime-node fetches tensors only, so a
 * classifier whose probabilities come out of a `ZipMap` (skl2onnx's default)
 * is read through the tensor that feeds the ZipMap instead.
 */
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;
type ModelProto = onnxProto.onnx.IModelProto;
type GraphProto = onnxProto.onnx.IGraphProto;
type NodeProto = onnxProto.onnx.INodeProto;
type TypeProto = onnxProto.onnx.ITypeProto;
type ValueInfoProto = onnxProto.onnx.IValueInfoProto;

/** One dimension: a fixed size, a symbolic name (`"N"`), or null when neither is given. */
export type Dimension = number | string | null;

export interface ValueSignature {
  name: string;
  /**
   * A tensor's element type as onnxruntime names it (`float32`, `float64`,
   * `int64`, `string`, …); for other values the ONNX type
   * (`seq(map(int64,tensor(float)))` for a ZipMap).
   */
  type: string;
  isTensor: boolean;
  /** Dimensions of a tensor; null when the model does not say (or for non-tensors). */
  shape: Dimension[] | null;
}

export interface OpsetVersion {
  /** `ai.onnx` for the default domain. */
  domain: string;
  version: number;
}

export type ModelKind = "classifier" | "regressor";

/** The graph outputs a prediction reads; all are tensors onnxruntime-node can fetch. */
export interface PredictionOutputs {
  /** Classifiers: the predicted label per row, when the model gives one. */
  label?: string;
  /** Classifiers: the N×C probability tensor (the ZipMap's input when probabilities come through a ZipMap). */
  probabilities?: string;
  /** Regressors: the value tensor (N or N×targets). */
  values?: string;
}

export interface OnnxSignature {
  irVersion: number;
  opsets: OpsetVersion[];
  producer: { name: string; version: string };
  inputs: ValueSignature[];
  outputs: ValueSignature[];
  kind: ModelKind;
  /** Class labels in probability-column order, when the graph names them. */
  classLabels?: string[] | number[];
  predictionOutputs: PredictionOutputs;
  /** The ZipMap output the probabilities were taken from instead, if any. */
  zipMapOutput?: string;
  /** The model's metadata_props (key → value); keys are user text, hence a Map. */
  metadata: ReadonlyMap<string, string>;
}

/** ai.onnx.ml operators that make a model a classifier. */
const CLASSIFIER_OPS = new Set(["LinearClassifier", "TreeEnsembleClassifier", "SVMClassifier", "ZipMap"]);
const CLASS_LABEL_ATTRIBUTES = ["classlabels_strings", "classlabels_int64s", "classlabels_ints"];

/** onnx.TensorProto.DataType -> onnxruntime's element type names. */
const ELEMENT_TYPES: Record<number, string> = {
  1: "float32",
  2: "uint8",
  3: "int8",
  4: "uint16",
  5: "int16",
  6: "int32",
  7: "int64",
  8: "string",
  9: "bool",
  10: "float16",
  11: "float64",
  12: "uint32",
  13: "uint64",
  14: "complex64",
  15: "complex128",
  16: "bfloat16",
};
/** The same types as ONNX spells them inside non-tensor types. */
const ONNX_TYPE_NAMES: Record<number, string> = {
  1: "float",
  6: "int32",
  7: "int64",
  8: "string",
  11: "double",
};

const FLOAT_TYPES = new Set(["float32", "float64", "float16"]);
const LABEL_TYPES = new Set(["int64", "int32", "string"]);

/** protobufjs hands out 64-bit integers as `Long` objects. */
type Int64 = number | { toNumber(): number } | null | undefined;
export function int64(value: Int64): number {
  if (value === null || value === undefined) return 0;
  return typeof value === "number" ? value : value.toNumber();
}

export function decodeModelProto(bytes: Uint8Array): ModelProto {
  // A plain Uint8Array view, not a Buffer: protobufjs 6 makes empty byte fields with
  // `new buf.constructor(0)`, which for a Buffer is the deprecated Buffer() (a warning on stderr).
  const view = Buffer.isBuffer(bytes)
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : bytes;
  return onnx.ModelProto.decode(view);
}

export function readSignature(model: ModelProto, kindOverride?: ModelKind): OnnxSignature {
  const graph = model.graph ?? {};
  const initializers = new Set((graph.initializer ?? []).map((tensor) => tensor.name ?? ""));
  // Before IR 4 initializers were listed among the inputs too; they are weights, not inputs.
  const inputs = (graph.input ?? [])
    .filter((value) => !initializers.has(value.name ?? ""))
    .map(valueSignature);
  const outputs = (graph.output ?? []).map(valueSignature);
  const nodes = graph.node ?? [];
  const zipMap = nodes.find(
    (node) => node.opType === "ZipMap" && outputs.some((o) => o.name === node.output?.[0]),
  );
  const kind =
    kindOverride ??
    (nodes.some((node) => CLASSIFIER_OPS.has(node.opType ?? "")) ? "classifier" : "regressor");
  const signature: OnnxSignature = {
    irVersion: int64(model.irVersion),
    opsets: (model.opsetImport ?? []).map((opset) => ({
      domain: opset.domain || "ai.onnx",
      version: int64(opset.version),
    })),
    producer: { name: model.producerName ?? "", version: model.producerVersion ?? "" },
    inputs,
    outputs,
    kind,
    predictionOutputs: predictionOutputs(kind, outputs, zipMap),
    metadata: new Map((model.metadataProps ?? []).map((entry) => [entry.key ?? "", entry.value ?? ""])),
  };
  const classLabels = findClassLabels(zipMap ? [zipMap, ...nodes] : nodes);
  if (kind === "classifier" && classLabels) signature.classLabels = classLabels;
  if (zipMap && kind === "classifier") signature.zipMapOutput = zipMap.output![0];
  return signature;
}

function predictionOutputs(
  kind: ModelKind,
  outputs: ValueSignature[],
  zipMap: NodeProto | undefined,
): PredictionOutputs {
  const floatOutput = outputs.find((o) => o.isTensor && FLOAT_TYPES.has(o.type));
  if (kind === "regressor") {
    const numeric =
      floatOutput ?? outputs.find((o) => o.isTensor && o.type !== "string" && o.type !== "bool");
    return numeric ? { values: numeric.name } : {};
  }
  const result: PredictionOutputs = {};
  const probabilities = zipMap?.input?.[0] ?? floatOutput?.name;
  if (probabilities) result.probabilities = probabilities;
  const label = outputs.find((o) => o.isTensor && LABEL_TYPES.has(o.type) && o.name !== probabilities);
  if (label) result.label = label.name;
  return result;
}

function findClassLabels(nodes: NodeProto[]): string[] | number[] | undefined {
  for (const node of nodes) {
    if (!CLASSIFIER_OPS.has(node.opType ?? "")) continue;
    for (const attribute of node.attribute ?? []) {
      if (!CLASS_LABEL_ATTRIBUTES.includes(attribute.name ?? "")) continue;
      if (attribute.strings?.length) return attribute.strings.map((s) => Buffer.from(s).toString("utf8"));
      if (attribute.ints?.length) return attribute.ints.map(int64);
    }
  }
  return undefined;
}

function valueSignature(value: ValueInfoProto): ValueSignature {
  const type = value.type ?? {};
  const tensor = type.tensorType;
  if (tensor) {
    return {
      name: value.name ?? "",
      type: ELEMENT_TYPES[tensor.elemType ?? 0] ?? `type ${tensor.elemType}`,
      isTensor: true,
      shape: tensor.shape ? (tensor.shape.dim ?? []).map(dimension) : null,
    };
  }
  return { name: value.name ?? "", type: onnxTypeName(type), isTensor: false, shape: null };
}

/** A dimension; a negative size (some exporters write -1 for "any") is unknown, as ONNX sizes are never negative. */
function dimension(dim: onnxProto.onnx.TensorShapeProto.IDimension): Dimension {
  if (dim.dimParam) return dim.dimParam;
  if (dim.dimValue !== null && dim.dimValue !== undefined) {
    const size = int64(dim.dimValue);
    return size >= 0 ? size : null;
  }
  return null;
}

function onnxTypeName(type: TypeProto): string {
  const elementName = (elemType: number | null | undefined) =>
    ONNX_TYPE_NAMES[elemType ?? 0] ?? ELEMENT_TYPES[elemType ?? 0] ?? "unknown";
  if (type.tensorType) return `tensor(${elementName(type.tensorType.elemType)})`;
  if (type.sequenceType) return `seq(${onnxTypeName(type.sequenceType.elemType ?? {})})`;
  if (type.mapType) {
    return `map(${elementName(type.mapType.keyType)},${onnxTypeName(type.mapType.valueType ?? {})})`;
  }
  if (type.optionalType) return `optional(${onnxTypeName(type.optionalType.elemType ?? {})})`;
  if (type.sparseTensorType) return `sparse_tensor(${elementName(type.sparseTensorType.elemType)})`;
  return "unknown";
}

/**
 * Extra protobuf bytes that declare `tensor` a float graph output. Appended to
 * the model's own bytes they merge into its graph (a protobuf parser merges a
 * message field that occurs twice and concatenates the repeated fields inside),
 * so the model the runtime sees is the user's model,
 * byte for byte, plus one output — no re-encoding that could drop fields this
 * older schema does not know.
 */
export function extraOutputBytes(tensor: string): Uint8Array {
  const output: ValueInfoProto = {
    name: tensor,
    type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT } },
  };
  const graph: GraphProto = { output: [output] };
  return onnx.ModelProto.encode({ graph }).finish();
}
