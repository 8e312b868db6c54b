import { describe, expect, it } from "vitest";
import { MlshipError } from "../../src/lib/errors.js";
import { type ColumnTable, columnTableFromRows } from "../../src/onnx/column-table.js";
import {
  createBatchFeeder,
  type InputMappingOptions,
  MAX_FIXED_BATCH,
  mapInputs,
} from "../../src/onnx/input-mapping.js";
import type { ValueSignature } from "../../src/onnx/onnx-signature.js";
import { ort } from "./model-fixtures.js";

const tensor = (name: string, type: string, shape: ValueSignature["shape"]): ValueSignature => ({
  name,
  type,
  isTensor: true,
  shape,
});

const MATRIX = [tensor("X", "float32", ["N", 3])];
const PIPELINE = [tensor("age", "float32", ["N", 1]), tensor("plan", "string", ["N", 1])];

const table = columnTableFromRows([
  { a: 1, b: 2, c: 3, age: 20, plan: "pro", note: "x" },
  { a: 4, b: null, c: 6, age: null, plan: null, note: "y" },
]);

function mappingError(
  inputs: ValueSignature[],
  data: ColumnTable,
  options?: InputMappingOptions,
): MlshipError {
  try {
    mapInputs(inputs, data, options);
  } catch (error) {
    if (error instanceof MlshipError) return error;
    throw error;
  }
  throw new Error("the columns were mapped without an error");
}

/** The tensors of rows [start, start + count) as plain arrays, by input name. */
function feed(
  inputs: ValueSignature[],
  data: ColumnTable,
  options: InputMappingOptions,
  start = 0,
  count = data.rows,
) {
  const feeder = createBatchFeeder(ort, mapInputs(inputs, data, options), 16);
  const tensors = feeder.feeds(start, count);
  return Object.fromEntries(
    Object.entries(tensors).map(([name, t]) => [
      name,
      { dims: t.dims, data: Array.from(t.data as ArrayLike<unknown>) },
    ]),
  );
}

describe("columnTableFromRows", () => {
  it("makes number columns Float64Array with NaN for missing, other columns text with null", () => {
    const t = columnTableFromRows([{ n: 1.5, s: "a", m: 1 }, { n: null, s: 2 }, { m: "x" }]);
    expect(t.rows).toBe(3);
    expect([...t.columns.keys()]).toEqual(["n", "s", "m"]);
    expect(t.columns.get("n")).toEqual(Float64Array.from([1.5, Number.NaN, Number.NaN]));
    expect(t.columns.get("s")).toEqual(["a", "2", null]);
    expect(t.columns.get("m")).toEqual(["1", null, "x"]);
  });
});

describe("mapInputs: one [N, F] tensor from declared features", () => {
  it("fills the features row-major in the declared order, NaN for missing", () => {
    expect(feed(MATRIX, table, { features: ["c", "a", "b"] })).toEqual({
      X: { dims: [2, 3], data: [3, 1, 2, 6, 4, Number.NaN] },
    });
  });

  it("refuses a feature count the input does not take, naming the input", () => {
    const error = mappingError(MATRIX, table, { features: ["a", "b"] });
    expect(error.code).toBe("input_mismatch");
    expect(error.message).toBe(
      "model input 'X' is float32 [N,3], which 2 features (a, b) cannot fill: it expects 3 numeric columns.",
    );
  });

  it("names a feature the data lacks, with the columns the data has", () => {
    const error = mappingError(MATRIX, table, { features: ["a", "b", "d"] });
    expect(error.code).toBe("missing_column");
    expect(error.message).toBe(
      "model input 'X' takes the features a, b, d, but the data has no column 'd'; the data has: a, b, c, age, plan, note",
    );
    expect(error.location.column).toBe("d");
  });

  it("says where the features came from when the data lacks one", () => {
    const error = mappingError(MATRIX, table, {
      features: ["a", "b", "d"],
      featuresFrom: "the model's metadata",
    });
    expect(error.message).toMatch(
      /^model input 'X' takes the features a, b, d \(from the model's metadata\), but the data has no column 'd'/,
    );
  });

  it("refuses a text column, naming the column and the input", () => {
    const error = mappingError(MATRIX, table, { features: ["a", "note", "c"] });
    expect(error.code).toBe("input_type_mismatch");
    expect(error.message).toMatch(/^column 'note' holds text, but model input 'X' takes float32 \[N,3\]\. /);
    expect(error.message).toContain("The model expects: X (float32 [N,3])");
    expect(error.exitCode).toBe(2);
  });

  it("refuses features for a model with one input per column", () => {
    const error = mappingError(PIPELINE, table, { features: ["age", "plan"] });
    expect(error.code).toBe("input_mismatch");
    expect(error.message).toContain("the model has 2 inputs: age (float32 [N,1]), plan (string [N,1])");
  });

  it("asks for features when a wide input has no column of its name", () => {
    const error = mappingError(MATRIX, table);
    expect(error.code).toBe("missing_column");
    expect(error.message).toContain("the data has no column for model input 'X' (float32 [N,3])");
    expect(error.message).toContain(
      "pass features, the 3 column names in the order the model was trained on",
    );
  });
});

describe("mapInputs: a wide input beside others", () => {
  it("says mlship cannot fill it rather than ask for features it cannot use", () => {
    const inputs = [tensor("X", "float32", ["N", 3]), tensor("plan", "string", ["N", 1])];
    const error = mappingError(inputs, table);
    expect(error.message).toContain(
      "Input 'X' takes 3 features in one tensor beside other inputs; mlship fills several columns into one tensor only for a model with that one input.",
    );
    expect(error.message).not.toContain("pass features");
  });
});

describe("mapInputs: one input per column", () => {
  it('feeds float [N,1] and string [N,1] inputs, NaN and "" for missing values', () => {
    expect(feed(PIPELINE, table, {})).toEqual({
      age: { dims: [2, 1], data: [20, Number.NaN] },
      plan: { dims: [2, 1], data: ["pro", ""] },
    });
  });

  it("writes numbers as text for a string input", () => {
    const numbers = columnTableFromRows([
      { age: 1, plan: 3 },
      { age: 2, plan: null },
      { age: 3, plan: 2.5 },
    ]);
    expect(feed(PIPELINE, numbers, {}).plan.data).toEqual(["3", "", "2.5"]);
  });

  it("feeds rank-1 inputs as [N]", () => {
    expect(feed([tensor("a", "float64", ["N"])], table, {})).toEqual({ a: { dims: [2], data: [1, 4] } });
  });

  it("names every input without a column, what the model expects and what the data has", () => {
    const data = columnTableFromRows([{ x: 1 }]);
    const error = mappingError(PIPELINE, data);
    expect(error.code).toBe("missing_column");
    expect(error.message).toBe(
      "the data has no column for model inputs 'age' (float32 [N,1]), 'plan' (string [N,1]). " +
        "The model expects: age (float32 [N,1]), plan (string [N,1]); the data has: x.",
    );
    expect(error.location.column).toBe("age");
  });

  it("refuses text for a float input, naming the input and the column", () => {
    const data = columnTableFromRows([{ age: "young", plan: "pro" }]);
    const error = mappingError(PIPELINE, data);
    expect(error.code).toBe("input_type_mismatch");
    expect(error.message).toMatch(/^column 'age' holds text, but model input 'age' takes float32 \[N,1\]\./);
    expect(error.location.column).toBe("age");
  });

  it("converts whole numbers for int64 inputs and names the row of a missing one", () => {
    const inputs = [tensor("count", "int64", ["N", 1])];
    expect(feed(inputs, columnTableFromRows([{ count: 3 }, { count: -2 }]), {})).toEqual({
      count: { dims: [2, 1], data: [3n, -2n] },
    });
    const data = columnTableFromRows([{ count: 1 }, { count: null }]);
    try {
      feed(inputs, data, {});
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(MlshipError);
      expect((error as MlshipError).message).toBe(
        "column 'count' row 2 is missing, but model input 'count' takes int64, which has no missing value: fill or drop the missing values first",
      );
    }
  });

  it("refuses inputs it cannot feed (bool, rank 3, non-tensor), listing what the model expects", () => {
    for (const input of [
      tensor("flag", "bool", ["N", 1]),
      tensor("image", "float32", ["N", 3, 3]),
      { name: "m", type: "map(string,tensor(float))", isTensor: false, shape: null },
    ]) {
      const error = mappingError([input], table);
      expect(error.code).toBe("unsupported_model_input");
      expect(error.message).toContain(`model input '${input.name}' is`);
    }
  });
});

describe("createBatchFeeder", () => {
  it("gives the later batches' rows from their own offset and a short last batch", () => {
    const data = columnTableFromRows(Array.from({ length: 5 }, (_, i) => ({ a: i, b: 10 * i, c: 100 * i })));
    expect(feed(MATRIX, data, { features: ["a", "b", "c"] }, 3, 2)).toEqual({
      X: { dims: [2, 3], data: [3, 30, 300, 4, 40, 400] },
    });
  });

  it("runs a model with a fixed batch dimension in batches of exactly that size", () => {
    const fixed = [tensor("X", "float32", [4, 1])];
    const data = columnTableFromRows([{ X: 1 }, { X: 2 }]);
    const feeder = createBatchFeeder(ort, mapInputs(fixed, data), 1000);
    expect(feeder.batchSize).toBe(4);
    expect(feeder.feeds(0, 2).X.dims).toEqual([4, 1]);
  });
});

describe("mapInputs: declared dimensions are never allocated for", () => {
  it.each([
    ["a fixed batch of a billion rows", [tensor("X", "float32", [1_000_000_000, 3])], "[1000000000,3]"],
    ["a fixed batch just above the limit", [tensor("X", "float32", [MAX_FIXED_BATCH + 1, 3])], "[65537,3]"],
    ["a rank-1 input with a huge fixed length", [tensor("a", "float32", [1_000_000_000])], "[1000000000]"],
    ["a feature width of 2^31 - 1", [tensor("X", "float32", ["N", 2_147_483_647])], "[N,2147483647]"],
  ])("refuses %s, naming the input and its shape, before allocating", (_, inputs, shape) => {
    const error = mappingError(inputs, table, { features: ["a", "b", "c"] });
    expect(error.code).toBe("unsupported_model_shape");
    expect(error.message).toContain(`model input '${inputs[0].name}' is float32 ${shape}: `);
    expect(error.exitCode).toBe(2);
  });

  it("refuses inputs that declare different fixed batch sizes", () => {
    const error = mappingError([tensor("a", "float32", [4, 1]), tensor("b", "float32", [8, 1])], table);
    expect(error.message).toBe(
      "the model's inputs declare different fixed batch sizes (a (float32 [4,1]), b (float32 [8,1])): no batch of rows can fill them all",
    );
  });

  it("runs a fixed batch up to the limit, padding the data's rows to it", () => {
    const fixed = [tensor("a", "float32", [MAX_FIXED_BATCH, 1])];
    const feeder = createBatchFeeder(ort, mapInputs(fixed, table), 16);
    expect(feeder.batchSize).toBe(MAX_FIXED_BATCH);
    expect(feeder.feeds(0, 2).a.dims).toEqual([MAX_FIXED_BATCH, 1]);
  });
});
