import { describe, expect, it } from "vitest";
import { MlshipError } from "../../src/lib/errors.js";
import {
  chooseFeatureSetting,
  type FeatureSetting,
  mappingOf,
  parseFeatureList,
  resolveFeatures,
} from "../../src/onnx/feature-order.js";
import type { ValueSignature } from "../../src/onnx/onnx-signature.js";

const tensor = (name: string, type: string, shape: ValueSignature["shape"]): ValueSignature => ({
  name,
  type,
  isTensor: true,
  shape,
});

/** A model as skl2onnx exports one by default: one float input [?, 4]. */
const matrixModel = (features?: unknown, shape: ValueSignature["shape"] = [null, 4]) => ({
  name: "model.onnx",
  inputs: [tensor("float_input", "float32", shape)],
  metadata: new Map(features === undefined ? [] : [["features", JSON.stringify(features)]]),
});

const PIPELINE = {
  name: "pipeline.onnx",
  inputs: [tensor("age", "float32", ["N", 1]), tensor("plan", "string", ["N", 1])],
  metadata: new Map<string, string>(),
};

function resolveError(...args: Parameters<typeof resolveFeatures>): MlshipError {
  try {
    resolveFeatures(...args);
  } catch (error) {
    if (error instanceof MlshipError) return error;
    throw error;
  }
  throw new Error("the features were resolved without an error");
}

const setting = (names: string[], from = "--features"): FeatureSetting => ({ names, from });

describe("resolveFeatures: a model with one input per column", () => {
  it("feeds each input from the column of its name, the data's order aside", () => {
    const order = resolveFeatures(PIPELINE, ["plan", "x", "age"]);
    expect(order).toEqual({ source: "inputs", names: ["age", "plan"] });
    expect(mappingOf(order)).toEqual({});
  });

  it("says the names came from the model's metadata when it lists exactly its inputs", () => {
    const model = { ...PIPELINE, metadata: new Map([["features", '["plan","age"]']]) };
    expect(resolveFeatures(model, ["age", "plan"])).toEqual({ source: "metadata", names: ["plan", "age"] });
  });

  it("takes a setting that lists exactly its inputs, and refuses one that lists others", () => {
    expect(resolveFeatures(PIPELINE, ["age", "plan"], { setting: setting(["plan", "age"]) }).source).toBe(
      "setting",
    );
    const error = resolveError(PIPELINE, ["age", "plan", "tier"], { setting: setting(["age", "tier"]) });
    expect(error.message).toBe(
      "--features lists age, tier, but pipeline.onnx takes one input per column, fed by name: age, plan. " +
        "Leave the features out, or list exactly those columns.",
    );
    expect(error.exitCode).toBe(2);
  });

  it("takes a single [N, 1] input named after a column as that column", () => {
    const model = { name: "m.onnx", inputs: [tensor("age", "float32", ["N", 1])], metadata: new Map() };
    expect(resolveFeatures(model, ["id", "age"])).toEqual({ source: "inputs", names: ["age"] });
  });
});

describe("resolveFeatures: one [N, F] input that names no column", () => {
  it("takes the data's columns in file order when exactly F remain besides the label", () => {
    const order = resolveFeatures(matrixModel(), ["d", "a", "c", "b"]);
    expect(order).toEqual({ source: "file-order", names: ["d", "a", "c", "b"], input: "float_input" });
    expect(mappingOf(order)).toEqual({
      features: ["d", "a", "c", "b"],
      featuresFrom: "the data's columns in file order",
    });
  });

  it("leaves out the columns that are never features before counting", () => {
    const excluded = new Map([
      ["customer_id", "role id"],
      ["gender", "sensitive"],
    ]);
    const order = resolveFeatures(matrixModel(), ["customer_id", "a", "gender", "b", "c", "d"], { excluded });
    expect(order.names).toEqual(["a", "b", "c", "d"]);
  });

  it("refuses F + 1 columns, naming F, the columns, the ones left out, and how to set the features", () => {
    const error = resolveError(matrixModel(), ["id", "a", "b", "c", "d", "e"], {
      excluded: new Map([["id", "role id"]]),
    });
    expect(error.code).toBe("input_mismatch");
    expect(error.message).toContain(
      "model.onnx: input 'float_input' is float32 [?,4]: 4 features in one tensor, and the model names none of them; " +
        "the data has 5 columns besides the label (a, b, c, d, e) and the columns left out (id (role id)), not 4",
    );
    expect(error.message).toContain("--features a,b,… (mlship evaluate)");
    expect(error.message).toContain("the evaluate-gate action's `features` input");
    expect(error.message).toContain("model.features in mlship.yml");
    expect(error.exitCode).toBe(2);
  });

  it("refuses an input that declares no width rather than guess the columns", () => {
    const error = resolveError(matrixModel(undefined, ["N", "F"]), ["a", "b"]);
    expect(error.message).toMatch(
      /^model\.onnx: input 'float_input' is float32 \[N,F\], one tensor of features, and declares neither how many nor which columns it takes; the data has 2 columns besides the label \(a, b\)\. Set the columns/,
    );
  });

  it("takes the names stored in the model's metadata over the file order", () => {
    const order = resolveFeatures(matrixModel(["c", "a", "d", "b"]), ["a", "b", "c", "d"]);
    expect(order).toEqual({ source: "metadata", names: ["c", "a", "d", "b"], input: "float_input" });
  });

  it("takes the setting over the metadata", () => {
    const order = resolveFeatures(matrixModel(["c", "a", "d", "b"]), ["a", "b", "c", "d", "e"], {
      setting: setting(["e", "d", "c", "b"], "mlship.yml (model.features)"),
    });
    expect(order).toEqual({
      source: "setting",
      names: ["e", "d", "c", "b"],
      input: "float_input",
      setting: "mlship.yml (model.features)",
    });
  });

  it("refuses a setting with another count than F, naming where it was set", () => {
    const error = resolveError(matrixModel(), ["a", "b", "c"], {
      setting: setting(["a", "b", "c"], "input 'features'"),
    });
    expect(error.message).toBe(
      "input 'features' lists 3 features (a, b, c), but model.onnx input 'float_input' is float32 [?,4]: 4 features.",
    );
  });

  it("refuses metadata that lists another count than F", () => {
    const error = resolveError(matrixModel(["a", "b"]), ["a", "b", "c", "d"]);
    expect(error.message).toMatch(
      /^model\.onnx: its metadata lists 2 features \(a, b\), but input 'float_input' is float32 \[\?,4\]: 4 features\./,
    );
  });

  it.each([
    ["not JSON", "a,b,c,d"],
    ["not an array of names", { a: 1 }],
    ["an empty name", ["a", "", "c", "d"]],
  ])("refuses a features metadata entry that is %s, naming the model and the key", (_, value) => {
    const model = matrixModel();
    model.metadata.set("features", typeof value === "string" ? value : JSON.stringify(value));
    const error = resolveError(model, ["a", "b", "c", "d"]);
    expect(error.code).toBe("bad_model_metadata");
    expect(error.message).toMatch(/^model\.onnx: metadata "features" must be a JSON array of column names/);
  });

  it("refuses a features metadata entry that names a column twice", () => {
    const error = resolveError(matrixModel(["a", "b", "a", "d"]), ["a", "b", "c", "d"]);
    expect(error.message).toBe("model.onnx: metadata \"features\": the feature 'a' is listed twice");
  });
});

describe("resolveFeatures: declared shapes mlship will not allocate for", () => {
  it.each([
    [[1_000_000_000, 3], "a fixed batch of 1,000,000,000 rows per run"],
    [["N", 2_147_483_647], "2,147,483,647 features per row"],
  ])("refuses %j with the model's name, the input's name and its shape", (shape, what) => {
    const error = resolveError(matrixModel(undefined, shape), ["a", "b", "c"]);
    expect(error.code).toBe("unsupported_model_shape");
    expect(error.message).toContain(
      `model.onnx: model input 'float_input' is float32 [${shape.join(",")}]: ${what}`,
    );
    expect(error.exitCode).toBe(2);
  });
});

describe("feature settings", () => {
  it("reads names comma-separated or one a line, trimmed", () => {
    expect(parseFeatureList(" a, b\nc\n\n d ", "--features").names).toEqual(["a", "b", "c", "d"]);
  });

  it("refuses an empty list and a name listed twice, naming where", () => {
    expect(() => parseFeatureList(" , ", "--features")).toThrow(
      "--features: no feature names (give them comma-separated, e.g. a,b,c)",
    );
    expect(() => parseFeatureList("a,b,a", "input 'features'")).toThrow(
      "input 'features': the feature 'a' is listed twice",
    );
  });

  it("takes the run's own setting over mlship.yml's model.features", () => {
    expect(chooseFeatureSetting({ text: "x,y", from: "--features" }, ["a"], "mlship.yml")).toEqual({
      names: ["x", "y"],
      from: "--features",
    });
    expect(chooseFeatureSetting(undefined, ["a", "b"], "ci/mlship.yml")).toEqual({
      names: ["a", "b"],
      from: "ci/mlship.yml (model.features)",
    });
    expect(chooseFeatureSetting(undefined, undefined, "mlship.yml")).toBeUndefined();
  });
});
