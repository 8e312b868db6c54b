import { createHash } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { ExitCode, MlshipError } from "../../src/lib/errors.js";
import { type LoadModelOptions, loadModel, nativeReason, type OnnxModel } from "../../src/onnx/onnx-model.js";
import { seededRandom, useTempDir } from "../data/temp-dir.js";
import { editedFixture, type FixtureModel, fixtureBytes, fixturePath, onnx, ort } from "./model-fixtures.js";

const tmp = useTempDir("onnx-model");

async function load(name: FixtureModel): Promise<OnnxModel> {
  return loadModel(ort, fixturePath(name));
}

async function loadError(source: Uint8Array | string, options?: LoadModelOptions): Promise<MlshipError> {
  try {
    const model = await loadModel(ort, source, options);
    await model.release();
  } catch (error) {
    if (error instanceof MlshipError) return error;
    throw error;
  }
  throw new Error("the model loaded without an error");
}

describe("loadModel: the signature", () => {
  it("reads a binary LinearClassifier with a ZipMap: float [N,3] input, int64 labels, probabilities via the ZipMap's input", async () => {
    const model = await load("binary-linear-zipmap.onnx");
    expect(model.inputs).toEqual([{ name: "X", type: "float32", isTensor: true, shape: ["N", 3] }]);
    expect(model.outputs).toEqual([
      { name: "output_label", type: "int64", isTensor: true, shape: ["N"] },
      { name: "output_probability", type: "seq(map(int64,tensor(float)))", isTensor: false, shape: null },
    ]);
    expect(model.kind).toBe("classifier");
    expect(model.classLabels).toEqual([0, 1]);
    expect(model.zipMapOutput).toBe("output_probability");
    expect(model.predictionOutputs).toEqual({ probabilities: "probability_tensor", label: "output_label" });
  });

  it("reads skl2onnx's default input, one float [?, 4] tensor, and the metadata_props as a Map", async () => {
    const plain = await load("skl2onnx-zipmap.onnx");
    const named = await load("skl2onnx-zipmap-named.onnx");
    expect(plain.inputs).toEqual([
      { name: "float_input", type: "float32", isTensor: true, shape: [null, 4] },
    ]);
    expect(plain.metadata).toEqual(new Map());
    expect(named.metadata).toEqual(new Map([["features", '["tenure","calls","spend","late"]']]));
    await plain.release();
    await named.release();
  });

  it("takes a negative declared size (an exporter's -1 for any) for an unknown one", async () => {
    const bytes = editedFixture("binary-linear-zipmap.onnx", (model) => {
      model.graph!.input![0].type!.tensorType!.shape!.dim![0] = { dimValue: -1 };
    });
    const model = await loadModel(ort, bytes);
    expect(model.inputs[0].shape).toEqual([null, 3]);
    await model.release();
  });

  it("reads IR version, opsets and producer", async () => {
    const model = await load("binary-linear-zipmap.onnx");
    expect(model.irVersion).toBe(8);
    expect(model.opsets).toEqual([
      { domain: "ai.onnx", version: 17 },
      { domain: "ai.onnx.ml", version: 3 },
    ]);
    expect(model.producer).toEqual({ name: "mlship-test-models", version: "1" });
  });

  it("gives the file's size and SHA-256", async () => {
    const bytes = fixtureBytes("tree-regressor.onnx");
    const model = await load("tree-regressor.onnx");
    expect(model.bytes).toBe(bytes.length);
    expect(model.sha256).toBe(createHash("sha256").update(bytes).digest("hex"));
  });

  it("takes a TreeEnsembleRegressor for a regressor reading its float output", async () => {
    const model = await load("tree-regressor.onnx");
    expect(model.kind).toBe("regressor");
    expect(model.classLabels).toBeUndefined();
    expect(model.zipMapOutput).toBeUndefined();
    expect(model.predictionOutputs).toEqual({ values: "variable" });
    expect(model.outputs).toEqual([{ name: "variable", type: "float32", isTensor: true, shape: ["N", 1] }]);
  });

  it("reads one input per column of a pipeline, with the class labels of its LinearClassifier", async () => {
    const model = await load("pipeline-two-inputs.onnx");
    expect(model.inputs).toEqual([
      { name: "age", type: "float32", isTensor: true, shape: ["N", 1] },
      { name: "plan", type: "string", isTensor: true, shape: ["N", 1] },
    ]);
    expect(model.kind).toBe("classifier");
    expect(model.classLabels).toEqual([0, 1]);
    expect(model.zipMapOutput).toBeUndefined();
    expect(model.predictionOutputs).toEqual({ probabilities: "probabilities", label: "label" });
  });

  it("reads string class labels from a multiclass ZipMap", async () => {
    const model = await load("multiclass-linear-zipmap.onnx");
    expect(model.classLabels).toEqual(["setosa", "versicolor", "virginica"]);
    expect(model.outputs[1].type).toBe("seq(map(string,tensor(float)))");
    expect(model.predictionOutputs).toEqual({ probabilities: "probability_tensor", label: "output_label" });
  });

  it("loads bytes as it loads the file, named by options.name", async () => {
    const fromFile = await load("multiclass-linear-zipmap.onnx");
    const fromBytes = await loadModel(ort, fixtureBytes("multiclass-linear-zipmap.onnx"), {
      name: "iris.onnx",
    });
    expect(fromBytes.name).toBe("iris.onnx");
    const { name: _a, session: _b, release: _c, ...signature } = fromBytes;
    const { name: _d, session: _e, release: _f, ...expected } = fromFile;
    expect(signature).toEqual(expected);
  });

  it("leaves initializers out of the inputs (models before IR 4 list them there too)", async () => {
    const bytes = editedFixture("tree-regressor.onnx", (model) => {
      const weights = {
        name: "unused_weights",
        dataType: onnx.TensorProto.DataType.FLOAT,
        dims: [1],
        floatData: [1],
      };
      model.graph!.initializer = [onnx.TensorProto.create(weights)];
      model.graph!.input!.push({
        name: "unused_weights",
        type: {
          tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimValue: 1 }] } },
        },
      });
    });
    const model = await loadModel(ort, bytes);
    expect(model.inputs.map((input) => input.name)).toEqual(["X"]);
  });

  it("takes the kind from options over the guess from the operators", async () => {
    const model = await loadModel(ort, fixtureBytes("tree-regressor.onnx"), { kind: "classifier" });
    expect(model.kind).toBe("classifier");
    expect(model.predictionOutputs).toEqual({ probabilities: "variable" });
  });
});

describe("loadModel: files that are not a loadable model give exit code 2 and say why", () => {
  it("a path that does not exist", async () => {
    const missing = tmp.path("nowhere/model.onnx");
    const error = await loadError(missing);
    expect(error.code).toBe("file_not_found");
    expect(error.exitCode).toBe(ExitCode.badInput);
    expect(error.message).toBe(`${missing}: no such file`);
    expect(error.location.file).toBe(missing);
  });

  it("a directory", async () => {
    const dir = tmp.path("a-directory.onnx");
    await mkdir(dir, { recursive: true });
    const error = await loadError(dir);
    expect(error.code).toBe("not_a_file");
    expect(error.message).toContain("is a directory");
  });

  it("random bytes", async () => {
    const random = seededRandom(3);
    const bytes = Uint8Array.from({ length: 4096 }, () => Math.floor(random() * 256));
    const file = tmp.path("random.onnx");
    await writeFile(file, bytes);
    const error = await loadError(file);
    expect(error.code).toBe("not_onnx");
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(new RegExp(`^${file} is not an ONNX model`));
    expect(error.location.file).toBe(file);
  });

  it("text", async () => {
    const error = await loadError(new TextEncoder().encode("label,score\n1,0.5\n"), { name: "scores.csv" });
    expect(error.code).toBe("not_onnx");
    expect(error.message).toMatch(/^scores\.csv is not an ONNX model/);
  });

  it("an empty file", async () => {
    const error = await loadError(new Uint8Array(0));
    expect(error.code).toBe("not_onnx");
    expect(error.message).toBe("model is empty, not an ONNX model");
  });

  it("a protobuf with no graph", async () => {
    const error = await loadError(onnx.ModelProto.encode({ irVersion: 8, producerName: "x" }).finish());
    expect(error.code).toBe("not_onnx");
    expect(error.message).toContain("it holds no graph");
  });

  it("a model cut short", async () => {
    const whole = fixtureBytes("pipeline-two-inputs.onnx");
    const file = tmp.path("truncated.onnx");
    await writeFile(file, whole.subarray(0, Math.floor(whole.length / 2)));
    const error = await loadError(file);
    expect(error.code).toBe("truncated_model");
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain("is cut short");
  });

  it("an opset newer than the runtime supports, with the newest it does", async () => {
    const bytes = editedFixture("binary-linear-zipmap.onnx", (model) => {
      model.opsetImport![0].version = 99;
    });
    const error = await loadError(bytes, { name: "future.onnx" });
    expect(error.code).toBe("unsupported_opset");
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(
      /^future\.onnx uses opset 99 of ai\.onnx, newer than onnxruntime 1\.\d+\.\d+ supports \(up to \d+\)\. Export the model with opset \d+ or lower/,
    );
    expect(error.message).not.toContain("onnxruntime_src");
  });

  it("an ai.onnx.ml opset newer than the runtime supports", async () => {
    const bytes = editedFixture("tree-regressor.onnx", (model) => {
      model.opsetImport![1].version = 99;
    });
    const error = await loadError(bytes);
    expect(error.code).toBe("unsupported_opset");
    expect(error.message).toContain("opset 99 of ai.onnx.ml");
  });

  it("an IR version newer than the runtime reads", async () => {
    const bytes = editedFixture("tree-regressor.onnx", (model) => {
      model.irVersion = 99;
    });
    const error = await loadError(bytes);
    expect(error.code).toBe("unsupported_ir_version");
    expect(error.message).toMatch(
      /^model has ONNX IR version 99, newer than onnxruntime \S+ reads \(up to \d+\)/,
    );
  });

  it("an operator the runtime does not know, with the runtime's reason and no C++ location", async () => {
    const bytes = editedFixture("tree-regressor.onnx", (model) => {
      model.graph!.node![0].opType = "TreeEnsembleRegresser";
    });
    const error = await loadError(bytes);
    expect(error.code).toBe("model_load_failed");
    expect(error.message).toMatch(/^model: onnxruntime \S+ cannot load the model: /);
    expect(error.message).toContain("TreeEnsembleRegresser");
  });
});

describe("nativeReason", () => {
  it("drops the source location and C++ signature before onnxruntime's message", () => {
    const message =
      "/onnxruntime_src/onnxruntime/core/graph/model.cc:202 onnxruntime::Model::Model(onnx::ModelProto&&, " +
      "const onnxruntime::PathString&, const std::function<void(int)>&) Unsupported model IR version: 99, max supported IR version: 13\n";
    expect(nativeReason(message)).toBe("Unsupported model IR version: 99, max supported IR version: 13");
  });

  it("leaves a plain message as it is", () => {
    expect(nativeReason("Failed to load model because protobuf parsing failed.")).toBe(
      "Failed to load model because protobuf parsing failed.",
    );
  });
});
