/**
 * `mlship serve` as a user runs it (the built CLI): Open Inference Protocol v2 and v1 predict round
 * trips give the predictions the model layer gives `mlship evaluate` for the same rows (binary ZipMap,
 * multiclass, regression, one input per column), the metadata and health routes, and models from a
 * local registry.
 */
import { copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Column, ColumnTable } from "../../src/onnx/column-table.js";
import { loadModel } from "../../src/onnx/onnx-model.js";
import { type Prediction, predict } from "../../src/onnx/predict.js";
import { useCli } from "../cli/run-cli.js";
import { type FixtureModel, fixturePath, ort } from "../model/model-fixtures.js";
import { get, post, type ServeProcess, startServe } from "./serve-process.js";

const cli = useCli("serve");
const ROWS = 40;

/** Deterministic feature values: row i, feature j. */
const value = (i: number, j: number) => Math.round(Math.sin(i * 7.1 + j * 3.3) * 400) / 100;
const matrixRows = (width: number) =>
  Array.from({ length: ROWS }, (_, i) => Array.from({ length: width }, (_, j) => value(i, j)));
const PLANS = ["basic", "pro", "team", "unknown-plan"];
const pipelineRows = Array.from({ length: ROWS }, (_, i) => ({ age: 20 + (i % 50), plan: PLANS[i % 4] }));

/** What the model layer predicts (src/onnx/predict.ts, what mlship evaluate runs) for the rows. */
async function modelLayer(
  name: FixtureModel,
  rows: (number[] | Record<string, unknown>)[],
): Promise<Prediction> {
  const model = await loadModel(ort, fixturePath(name));
  try {
    if (Array.isArray(rows[0])) {
      const width = (rows[0] as number[]).length;
      const names = Array.from({ length: width }, (_, j) => `f${j}`);
      const columns = new Map<string, Column>();
      names.forEach((column, j) => {
        columns.set(
          column,
          Float64Array.from(rows as number[][], (row) => row[j]),
        );
      });
      return await predict(model, { rows: rows.length, columns }, { features: names });
    }
    const records = rows as Record<string, unknown>[];
    const table: ColumnTable = {
      rows: records.length,
      columns: new Map<string, Column>([
        ["age", Float64Array.from(records, (row) => row.age as number)],
        ["plan", records.map((row) => row.plan as string)],
      ]),
    };
    return await predict(model, table);
  } finally {
    await model.release();
  }
}

/** The model layer's prediction as v1 predictions. */
function asInstances(prediction: Prediction): unknown[] {
  if (prediction.kind === "regressor") return Array.from(prediction.values);
  const { classes, labels, probabilities } = prediction;
  return Array.from({ length: labels.length }, (_, i) => ({
    label: labels[i],
    probabilities: Object.fromEntries(
      classes.map((c, k) => [String(c), probabilities[i * classes.length + k]]),
    ),
  }));
}

let server: ServeProcess;
const MODELS: FixtureModel[] = [
  "binary-linear-zipmap.onnx",
  "multiclass-linear-zipmap.onnx",
  "tree-regressor.onnx",
  "pipeline-two-inputs.onnx",
  "skl2onnx-zipmap-named.onnx",
];

beforeAll(async () => {
  server = await startServe(
    cli,
    MODELS.flatMap((model) => ["--model", fixturePath(model)]),
  );
}, 60_000);
afterAll(async () => {
  await server?.stop();
});

describe("v1 predict and OIP v2 infer answer what the model layer predicts", () => {
  it.each([
    ["binary-linear-zipmap.onnx", 3],
    ["multiclass-linear-zipmap.onnx", 2],
    ["tree-regressor.onnx", 2],
  ] as const)("%s: rows as arrays of F numbers (v1) and one [N, F] tensor (v2)", async (model, width) => {
    const rows = matrixRows(width);
    const expected = await modelLayer(model, rows);
    const name = model.replace(".onnx", "");
    const v1 = await post(`${server.url}/v1/models/${name}:predict`, { instances: rows });
    expect(v1.status, JSON.stringify(v1.json)).toBe(200);
    expect(v1.json.predictions).toEqual(asInstances(expected));

    const v2 = await post(`${server.url}/v2/models/${name}/infer`, {
      id: "req-7",
      inputs: [{ name: "X", datatype: "FP32", shape: [ROWS, width], data: rows }],
    });
    expect(v2.status, JSON.stringify(v2.json)).toBe(200);
    expect(v2.json).toMatchObject({ model_name: name, model_version: "0.0.0-local", id: "req-7" });
    const outputs = v2.json.outputs as { name: string; datatype: string; shape: number[]; data: unknown[] }[];
    if (expected.kind === "regressor") {
      expect(outputs).toEqual([
        { name: "variable", datatype: "FP32", shape: [ROWS, 1], data: Array.from(expected.values) },
      ]);
    } else {
      const classes = expected.classes.length;
      expect(outputs).toEqual([
        {
          name: "output_label",
          datatype: typeof expected.classes[0] === "string" ? "BYTES" : "INT64",
          shape: [ROWS],
          data: Array.isArray(expected.labels) ? expected.labels : Array.from(expected.labels),
        },
        {
          name: "output_probability",
          datatype: "FP32",
          shape: [ROWS, classes],
          data: Array.from(expected.probabilities),
        },
      ]);
    }
  });

  it("a model with one input per column: v1 records and v2 tensors by input name (FP32 and BYTES)", async () => {
    const expected = await modelLayer("pipeline-two-inputs.onnx", pipelineRows);
    if (expected.kind !== "classifier") throw new Error("the pipeline is a classifier");
    const url = `${server.url}/v1/models/pipeline-two-inputs:predict`;
    const v1 = await post(url, { instances: pipelineRows });
    expect(v1.json.predictions).toEqual(asInstances(expected));

    const v2 = await post(`${server.url}/v2/models/pipeline-two-inputs/infer`, {
      inputs: [
        { name: "plan", datatype: "BYTES", shape: [ROWS, 1], data: pipelineRows.map((row) => [row.plan]) },
        { name: "age", datatype: "FP32", shape: [ROWS, 1], data: pipelineRows.map((row) => row.age) },
      ],
      outputs: [{ name: "probabilities" }],
    });
    expect(v2.status, JSON.stringify(v2.json)).toBe(200);
    expect(v2.json.outputs).toEqual([
      { name: "probabilities", datatype: "FP32", shape: [ROWS, 2], data: Array.from(expected.probabilities) },
    ]);
  });

  it("a model whose metadata names its features takes v1 records by those names", async () => {
    const names = ["tenure", "calls", "spend", "late"];
    const rows = matrixRows(4);
    const expected = await modelLayer("skl2onnx-zipmap-named.onnx", rows);
    const records = rows.map((row) => Object.fromEntries(names.map((name, j) => [name, row[j]])));
    const v1 = await post(`${server.url}/v1/models/skl2onnx-zipmap-named:predict`, { instances: records });
    expect(v1.json.predictions).toEqual(asInstances(expected));
  });

  it("64 requests in flight at once are each answered with their own rows' predictions", async () => {
    const rows = matrixRows(3);
    const expected = asInstances(await modelLayer("binary-linear-zipmap.onnx", rows));
    const answers = await Promise.all(
      Array.from({ length: 64 }, (_, k) =>
        post(`${server.url}/v1/models/binary-linear-zipmap:predict`, { instances: [rows[k % ROWS]] }),
      ),
    );
    answers.forEach((answer, k) => {
      expect(answer.status).toBe(200);
      expect(answer.json.predictions).toEqual([expected[k % ROWS]]);
    });
  });
});

describe("headers, metadata and health", () => {
  it("every prediction response carries x-model-version and x-request-id, the client's kept", async () => {
    const url = `${server.url}/v1/models/tree-regressor:predict`;
    const kept = await post(url, { instances: [[1, 2]] }, { "x-request-id": "client-id-42" });
    expect(kept.headers.get("x-request-id")).toBe("client-id-42");
    expect(kept.headers.get("x-model-version")).toBe("0.0.0-local");
    const made = await post(url, { instances: [[1, 2]] });
    expect(made.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await post(url, { instances: [[1]] });
    expect(refused.status).toBe(400);
    expect(refused.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("GET /v2, health, model metadata (platform onnx, datatypes, shapes with -1) and readiness", async () => {
    expect((await get(`${server.url}/v2`)).json).toMatchObject({ name: "mlship", extensions: [] });
    expect(await get(`${server.url}/v2/health/live`)).toEqual({ status: 200, json: { live: true } });
    expect(await get(`${server.url}/v2/health/ready`)).toEqual({ status: 200, json: { ready: true } });
    const expectedMetadata = {
      name: "pipeline-two-inputs",
      versions: ["0.0.0-local"],
      platform: "onnx",
      inputs: [
        { name: "age", datatype: "FP32", shape: [-1, 1] },
        { name: "plan", datatype: "BYTES", shape: [-1, 1] },
      ],
      outputs: [
        { name: "label", datatype: "INT64", shape: [-1] },
        { name: "probabilities", datatype: "FP32", shape: [-1, 2] },
      ],
    };
    expect((await get(`${server.url}/v2/models/pipeline-two-inputs`)).json).toEqual(expectedMetadata);
    expect((await get(`${server.url}/v2/models/pipeline-two-inputs/versions/0.0.0-local`)).json).toEqual(
      expectedMetadata,
    );
    expect(await get(`${server.url}/v2/models/tree-regressor/ready`)).toEqual({
      status: 200,
      json: { name: "tree-regressor", version: "0.0.0-local", ready: true },
    });
  });
});

describe("models from a registry", () => {
  let registryServer: ServeProcess | undefined;
  afterAll(async () => {
    await registryServer?.stop();
  });

  it("serves refs resolved in a local registry; one whose bytes fail the checksum is refused, the others serve", async () => {
    const pack = async (model: FixtureModel, name: string, version: string) => {
      const result = await cli.run([
        "package",
        "--model",
        fixturePath(model),
        "--name",
        name,
        "--version",
        version,
        "--registry",
        "local:reg",
      ]);
      expect(result.code, result.stderr).toBe(0);
    };
    await pack("binary-linear-zipmap.onnx", "churn", "1.0.0");
    await pack("tree-regressor.onnx", "price", "0.3.0");
    // Another model's bytes under price's name: the download's checksum check refuses them.
    await copyFile(fixturePath("binary-linear-zipmap.onnx"), join(cli.dir, "reg/price/0.3.0/model.onnx"));

    registryServer = await startServe(cli, [
      "--registry",
      "local:reg",
      "--model",
      "churn@latest",
      "--model",
      "price@0.3.0",
    ]);
    const rows = matrixRows(3).slice(0, 5);
    const answer = await post(`${registryServer.url}/v1/models/churn:predict`, { instances: rows });
    expect(answer.status).toBe(200);
    expect(answer.headers.get("x-model-version")).toBe("1.0.0");
    expect(answer.json.predictions).toEqual(asInstances(await modelLayer("binary-linear-zipmap.onnx", rows)));

    const price = await get(`${registryServer.url}/v2/models/price/ready`);
    expect(price.status).toBe(400);
    expect(price.json).toMatchObject({ name: "price", version: "0.3.0", ready: false });
    expect(String(price.json.reason)).toMatch(/sha256|checksum/i);
    expect(registryServer.stderr()).toMatch(/failed to load price@0\.3\.0.*(sha256|checksum)/i);
    expect((await get(`${registryServer.url}/v2/health/ready`)).status).toBe(400);
    const refused = await post(`${registryServer.url}/v1/models/price:predict`, { instances: [[1, 2]] });
    expect(refused.status).toBe(503);
  });

  it("a model file that is not ONNX is reported not ready with the reason; the other model serves", async () => {
    await writeFile(join(cli.dir, "broken.onnx"), "not a model");
    const mixed = await startServe(cli, [
      "--model",
      "broken.onnx",
      "--model",
      fixturePath("tree-regressor.onnx"),
    ]);
    try {
      const broken = await get(`${mixed.url}/v2/models/broken/ready`);
      expect(broken.status).toBe(400);
      expect(String(broken.json.reason)).toMatch(/not an ONNX model/);
      expect(mixed.stderr()).toMatch(/failed to load broken@0\.0\.0-local.*not an ONNX model/);
      expect((await get(`${mixed.url}/v2/health/ready`)).json).toEqual({ ready: false });
      const served = await post(`${mixed.url}/v1/models/tree-regressor:predict`, { instances: [[1, 2]] });
      expect(served.status).toBe(200);
    } finally {
      await mixed.stop();
    }
  });
});
