/**
 * A small typed builder of ONNX models on onnx-proto, for the graphs the
 * built-in trainers export (imputer, scaler, one-hot encoder, linear and tree
 * models, ZipMap). It writes IR version 8 with opset 17 and ai.onnx.ml 3:
 * models every onnxruntime since 1.12 loads and onnx 1.12's checker accepts
 * (docs/design.md). The same graph gives the same bytes: nothing depends on time
 * or on the order a Map was filled.
 */
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

export const IR_VERSION = 8;
export const ONNX_OPSET = 17;
export const ONNX_ML_OPSET = 3;
export const ML_DOMAIN = "ai.onnx.ml";

export type ElementType = "float" | "double" | "int64" | "string";

const ELEMENT_TYPES: Record<ElementType, number> = {
  float: onnx.TensorProto.DataType.FLOAT,
  double: onnx.TensorProto.DataType.DOUBLE,
  int64: onnx.TensorProto.DataType.INT64,
  string: onnx.TensorProto.DataType.STRING,
};

/** A dimension: a fixed size, or a name for a size known at run time (the batch, "N"). */
export type Dim = number | string;

/** An attribute value, tagged with its ONNX type (a JS number cannot say int or float). */
export type Attribute =
  | { kind: "int"; value: number }
  | { kind: "float"; value: number }
  | { kind: "string"; value: string }
  | { kind: "ints"; value: readonly number[] }
  | { kind: "floats"; value: readonly number[] }
  | { kind: "strings"; value: readonly string[] };

export const attr = {
  int: (value: number): Attribute => ({ kind: "int", value }),
  float: (value: number): Attribute => ({ kind: "float", value }),
  string: (value: string): Attribute => ({ kind: "string", value }),
  ints: (value: readonly number[]): Attribute => ({ kind: "ints", value }),
  floats: (value: readonly number[]): Attribute => ({ kind: "floats", value }),
  strings: (value: readonly string[]): Attribute => ({ kind: "strings", value }),
};

export interface ModelMetadata {
  producerName: string;
  producerVersion: string;
  docString?: string;
  /** Key-value pairs stored in the model (metadata_props), written in key order. */
  properties?: Record<string, string>;
}

const utf8 = new TextEncoder();

export class OnnxGraphBuilder {
  private readonly inputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly outputs: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly nodes: InstanceType<typeof onnx.NodeProto>[] = [];
  private readonly initializers: InstanceType<typeof onnx.TensorProto>[] = [];
  private readonly valueInfos: InstanceType<typeof onnx.ValueInfoProto>[] = [];
  private readonly names = new Set<string>();
  private usesMl = false;

  constructor(private readonly name: string) {}

  /** Declares a tensor input of the graph. */
  input(name: string, type: ElementType, shape: readonly Dim[]): string {
    this.claim(name);
    this.inputs.push(tensorValueInfo(name, type, shape));
    return name;
  }

  /** Declares a tensor output of the graph (the value must be produced by a node). */
  output(name: string, type: ElementType, shape: readonly Dim[]): void {
    this.outputs.push(tensorValueInfo(name, type, shape));
  }

  /**
   * Declares the type of an intermediate value. ai.onnx.ml operators have no
   * shape inference in onnx 1.12, so its strict checker needs to be told.
   */
  valueInfo(name: string, type: ElementType, shape: readonly Dim[]): void {
    this.valueInfos.push(tensorValueInfo(name, type, shape));
  }

  /** Declares an output that is a sequence of maps, as ZipMap produces (class → probability). */
  mapSequenceOutput(name: string, keyType: "int64" | "string"): void {
    this.outputs.push(
      onnx.ValueInfoProto.create({
        name,
        type: onnx.TypeProto.create({
          sequenceType: onnx.TypeProto.Sequence.create({
            elemType: onnx.TypeProto.create({
              mapType: onnx.TypeProto.Map.create({
                keyType: ELEMENT_TYPES[keyType],
                valueType: onnx.TypeProto.create({
                  tensorType: onnx.TypeProto.Tensor.create({ elemType: ELEMENT_TYPES.float }),
                }),
              }),
            }),
          }),
        }),
      }),
    );
  }

  /** A constant tensor (float or int64 data), e.g. a weight matrix or an axis. */
  constant(
    name: string,
    type: "float" | "int64",
    dims: readonly number[],
    values: ArrayLike<number>,
  ): string {
    this.claim(name);
    const size = dims.reduce((a, b) => a * b, 1);
    if (size !== values.length) {
      throw new Error(`constant ${name}: dims ${dims.join("×")} hold ${size} values, got ${values.length}`);
    }
    this.initializers.push(
      onnx.TensorProto.create({
        name,
        dataType: ELEMENT_TYPES[type],
        dims: [...dims],
        ...(type === "float" ? { floatData: Array.from(values) } : { int64Data: Array.from(values) }),
      }),
    );
    return name;
  }

  /** Adds a node; `domain` is "" for standard operators, ML_DOMAIN for ai.onnx.ml ones. */
  node(
    opType: string,
    inputs: readonly string[],
    outputs: readonly string[],
    attributes: Record<string, Attribute> = {},
    domain: "" | typeof ML_DOMAIN = "",
  ): void {
    for (const output of outputs) this.claim(output);
    if (domain === ML_DOMAIN) this.usesMl = true;
    this.nodes.push(
      onnx.NodeProto.create({
        opType,
        name: `${opType}_${this.nodes.length}`,
        input: [...inputs],
        output: [...outputs],
        domain,
        attribute: Object.keys(attributes)
          .sort()
          .map((key) => attributeProto(key, attributes[key])),
      }),
    );
  }

  /** The serialized model. */
  toBytes(metadata: ModelMetadata): Uint8Array {
    const opsetImport = [onnx.OperatorSetIdProto.create({ domain: "", version: ONNX_OPSET })];
    if (this.usesMl)
      opsetImport.push(onnx.OperatorSetIdProto.create({ domain: ML_DOMAIN, version: ONNX_ML_OPSET }));
    const properties = metadata.properties ?? {};
    const model = onnx.ModelProto.create({
      irVersion: IR_VERSION,
      opsetImport,
      producerName: metadata.producerName,
      producerVersion: metadata.producerVersion,
      docString: metadata.docString ?? "",
      metadataProps: Object.keys(properties)
        .sort()
        .map((key) => onnx.StringStringEntryProto.create({ key, value: properties[key] })),
      graph: onnx.GraphProto.create({
        name: this.name,
        node: this.nodes,
        input: this.inputs,
        output: this.outputs,
        initializer: this.initializers,
        valueInfo: this.valueInfos,
      }),
    });
    return onnx.ModelProto.encode(model).finish();
  }

  private claim(name: string): void {
    if (this.names.has(name)) throw new Error(`ONNX graph ${this.name}: the name ${name} is used twice`);
    this.names.add(name);
  }
}

function tensorValueInfo(name: string, type: ElementType, shape: readonly Dim[]) {
  return onnx.ValueInfoProto.create({
    name,
    type: onnx.TypeProto.create({
      tensorType: onnx.TypeProto.Tensor.create({
        elemType: ELEMENT_TYPES[type],
        shape: onnx.TensorShapeProto.create({
          dim: shape.map((d) =>
            typeof d === "number"
              ? onnx.TensorShapeProto.Dimension.create({ dimValue: d })
              : onnx.TensorShapeProto.Dimension.create({ dimParam: d }),
          ),
        }),
      }),
    }),
  });
}

function attributeProto(name: string, attribute: Attribute) {
  const { AttributeType } = onnx.AttributeProto;
  switch (attribute.kind) {
    case "int":
      return onnx.AttributeProto.create({ name, type: AttributeType.INT, i: attribute.value });
    case "float":
      return onnx.AttributeProto.create({ name, type: AttributeType.FLOAT, f: attribute.value });
    case "string":
      return onnx.AttributeProto.create({
        name,
        type: AttributeType.STRING,
        s: utf8.encode(attribute.value),
      });
    case "ints":
      return onnx.AttributeProto.create({ name, type: AttributeType.INTS, ints: [...attribute.value] });
    case "floats":
      return onnx.AttributeProto.create({ name, type: AttributeType.FLOATS, floats: [...attribute.value] });
    case "strings":
      return onnx.AttributeProto.create({
        name,
        type: AttributeType.STRINGS,
        strings: attribute.value.map((s) => utf8.encode(s)),
      });
  }
}
