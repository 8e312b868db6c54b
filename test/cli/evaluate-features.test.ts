/**
 * `mlship evaluate` (the built CLI) on models whose one [N, F] input names no column — scikit-learn
 * exported by skl2onnx with its defaults — and on models that declare dimensions nobody should
 * allocate for. The skl2onnx-style models are test/fixtures/models/skl2onnx-zipmap*.onnx
 * (scripts/models/make-test-models.mjs).
 */
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { attr, type Dim, ML_DOMAIN, OnnxGraphBuilder } from "../../src/onnx/export/onnx-graph.js";
import { seededRandom } from "../data/temp-dir.js";
import { skl2onnxScore } from "../model/model-fixtures.js";
import { expectNoCrash, expectUserError, ROOT, readJson, useCli } from "./run-cli.js";

const cli = useCli("evaluate-features");

const FEATURES = ["tenure", "calls", "spend", "late"];
const ROWS = 400;

interface Row {
  id: number;
  x: number[];
  churned: number;
  gender: string;
}

/** Rows whose label follows the skl2onnx-style model's own probability, so it scores well above chance. */
function makeRows(): Row[] {
  const random = seededRandom(42);
  return Array.from({ length: ROWS }, (_, id) => {
    const x = FEATURES.map(() => Math.round((random() * 2 - 1) * 1e4) / 1e4);
    const p = 1 / (1 + Math.exp(-skl2onnxScore(x)));
    return { id: 1000 + id, x, churned: random() < p ? 1 : 0, gender: random() < 0.5 ? "f" : "m" };
  });
}
const rows = makeRows();

/** A CSV of `columns` (any of customer_id, gender, churned and the four features), in that order. */
async function writeCsv(file: string, columns: string[]): Promise<void> {
  const value = (row: Row, column: string) => {
    if (column === "customer_id") return row.id;
    if (column === "gender") return row.gender;
    if (column === "churned") return row.churned;
    return row.x[FEATURES.indexOf(column)];
  };
  const lines = [columns.join(","), ...rows.map((row) => columns.map((c) => value(row, c)).join(","))];
  await writeFile(cli.path(file), `${lines.join("\n")}\n`);
}

/** The accuracy the model must reach when its features come in the right order. */
const expectedAccuracy =
  rows.filter((row) => (skl2onnxScore(row.x) > 0 ? 1 : 0) === row.churned).length / rows.length;

const evaluate = (args: string[]) =>
  cli.run([
    "evaluate",
    "--label",
    "churned",
    "--no-baseline",
    "--replicates",
    "20",
    "--importance-repeats",
    "1",
    ...args,
  ]);

type Report = {
  features: { source: string; names: string[]; input?: string; setting?: string };
  metrics: Record<string, number>;
  importance: { features: { feature: string }[] };
};

/** The metrics that depend on the predictions (not the timings). */
function scores(report: Report): Record<string, number> {
  const { accuracy, roc_auc, log_loss, brier_score } = report.metrics;
  return { accuracy, roc_auc, log_loss, brier_score };
}

beforeAll(async () => {
  for (const model of ["skl2onnx-zipmap.onnx", "skl2onnx-zipmap-named.onnx"])
    await copyFile(join(ROOT, "test/fixtures/models", model), cli.path(model));
  await writeCsv("exact.csv", [...FEATURES, "churned"]);
  await writeCsv("with-id.csv", ["customer_id", ...FEATURES, "churned"]);
  await writeCsv("shuffled.csv", ["late", "churned", "customer_id", "spend", "tenure", "gender", "calls"]);
  await writeCsv("roles.csv", ["customer_id", ...FEATURES, "gender", "churned"]);
  await writeFile(
    cli.path("schema.yml"),
    [
      "columns:",
      "  customer_id: { type: integer, role: id }",
      ...FEATURES.map((f) => `  ${f}: { type: number }`),
      "  gender: { type: category, role: sensitive }",
      "  churned: { type: integer, role: label }",
    ].join("\n"),
  );
});

describe("mlship evaluate: one [N, F] input that names no column (skl2onnx's default)", () => {
  it("takes the data's columns in file order when exactly F remain besides the label, and says so in the text, JSON and markdown", async () => {
    const result = await evaluate([
      "--model",
      "skl2onnx-zipmap.onnx",
      "--data",
      "exact.csv",
      "--json",
      "exact.json",
      "--report",
      "exact.md",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      "features (4, from the data's columns in file order): tenure, calls, spend, late",
    );
    const report = await readJson<Report>(cli.path("exact.json"));
    expect(report.features).toEqual({ source: "file-order", names: FEATURES, input: "float_input" });
    expect(report.metrics.accuracy).toBeCloseTo(expectedAccuracy, 12);
    expect(report.metrics.roc_auc).toBeGreaterThan(0.8);
    expect(report.importance.features.map((f) => f.feature).sort()).toEqual([...FEATURES].sort());
    expect(await readFile(cli.path("exact.md"), "utf8")).toContain(
      "Candidate features (4, from the data's columns in file order): tenure, calls, spend, late",
    );
  });

  it("refuses F + 1 columns (exit 2), naming F, the columns and how to set the features", async () => {
    const result = await evaluate(["--model", "skl2onnx-zipmap.onnx", "--data", "with-id.csv"]);
    expectUserError(result);
    expect(result.stderr).toContain(
      "input 'float_input' is float32 [?,4]: 4 features in one tensor, and the model names none of them; " +
        "the data has 5 columns besides the label (customer_id, tenure, calls, spend, late), not 4",
    );
    expect(result.stderr).toContain("skl2onnx-zipmap.onnx");
    expect(result.stderr).toMatch(
      /--features a,b,… \(mlship evaluate\), the evaluate-gate action's `features` input, or model\.features in mlship\.yml/,
    );
  });

  it("leaves out the columns the schema marks id or sensitive before counting", async () => {
    const result = await evaluate([
      "--model",
      "skl2onnx-zipmap.onnx",
      "--data",
      "roles.csv",
      "--schema",
      "schema.yml",
      "--json",
      "roles.json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = await readJson<Report>(cli.path("roles.json"));
    expect(report.features).toMatchObject({ source: "file-order", names: FEATURES });
    expect(report.metrics.accuracy).toBeCloseTo(expectedAccuracy, 12);
  });

  it("uses mlship.yml's model.features whatever the file's column order, and says where they came from", async () => {
    await writeFile(cli.path("features.yml"), `model:\n  features: [${FEATURES.join(", ")}]\n`);
    const result = await evaluate([
      "--config",
      "features.yml",
      "--model",
      "skl2onnx-zipmap.onnx",
      "--data",
      "shuffled.csv",
      "--json",
      "configured.json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain(
      "features (4, from features.yml (model.features)): tenure, calls, spend, late",
    );
    const report = await readJson<Report>(cli.path("configured.json"));
    expect(report.features).toEqual({
      source: "setting",
      names: FEATURES,
      input: "float_input",
      setting: "features.yml (model.features)",
    });
    expect(report.metrics.accuracy).toBeCloseTo(expectedAccuracy, 12);
  });

  it("takes --features over mlship.yml's model.features", async () => {
    await writeFile(
      cli.path("reversed.yml"),
      `model:\n  features: [${[...FEATURES].reverse().join(", ")}]\n`,
    );
    const result = await evaluate([
      "--config",
      "reversed.yml",
      "--model",
      "skl2onnx-zipmap.onnx",
      "--data",
      "shuffled.csv",
      "--features",
      FEATURES.join(","),
      "--json",
      "flag.json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = await readJson<Report>(cli.path("flag.json"));
    expect(report.features.setting).toBe("--features");
    expect(report.metrics.accuracy).toBeCloseTo(expectedAccuracy, 12);
  });

  it("refuses a model.features list that names a column twice, naming the file and the setting", async () => {
    await writeFile(cli.path("twice.yml"), "model:\n  features: [tenure, calls, tenure, late]\n");
    const result = await evaluate([
      "--config",
      "twice.yml",
      "--model",
      "skl2onnx-zipmap.onnx",
      "--data",
      "exact.csv",
    ]);
    expectUserError(result);
    expect(result.stderr).toMatch(/twice\.yml:2 \(model\.features\): lists the feature 'tenure' twice/);
  });

  it("refuses --features with another count than the input takes", async () => {
    const result = await evaluate([
      "--model",
      "skl2onnx-zipmap.onnx",
      "--data",
      "with-id.csv",
      "--features",
      "tenure,calls,spend",
    ]);
    expectUserError(result);
    expect(result.stderr).toContain("--features lists 3 features (tenure, calls, spend), but ");
    expect(result.stderr).toContain("input 'float_input' is float32 [?,4]: 4 features.");
  });

  it("reads the names stored in the model's metadata: shuffled columns and an extra one score as the file-order run", async () => {
    const exact = await evaluate([
      "--model",
      "skl2onnx-zipmap.onnx",
      "--data",
      "exact.csv",
      "--json",
      "a.json",
    ]);
    const named = await evaluate([
      "--model",
      "skl2onnx-zipmap-named.onnx",
      "--data",
      "shuffled.csv",
      "--json",
      "named.json",
    ]);
    expect(exact.code, exact.stderr).toBe(0);
    expect(named.code, named.stderr).toBe(0);
    expect(named.stdout).toContain("features (4, from the model's metadata): tenure, calls, spend, late");
    const report = await readJson<Report>(cli.path("named.json"));
    expect(report.features).toEqual({ source: "metadata", names: FEATURES, input: "float_input" });
    expect(scores(report)).toEqual(scores(await readJson<Report>(cli.path("a.json"))));
  });
});

describe("mlship evaluate: a model trained by mlship train", () => {
  it("names its features in its metadata, so the data's columns in another order give the same metrics", async () => {
    await writeCsv("train.csv", ["customer_id", ...FEATURES, "churned"]);
    const train = await cli.run([
      "train",
      "--data",
      "train.csv",
      "--label",
      "churned",
      "--schema",
      "schema.yml",
      "--out",
      "trained",
    ]);
    expect(train.code, train.stderr).toBe(0);
    const run = (data: string, json: string) =>
      evaluate(["--model", "trained/model.onnx", "--data", data, "--schema", "schema.yml", "--json", json]);
    const inOrder = await run("roles.csv", "trained-in-order.json");
    const shuffled = await run("shuffled.csv", "trained-shuffled.json");
    expect(inOrder.code, inOrder.stderr).toBe(0);
    expect(shuffled.code, shuffled.stderr).toBe(0);
    const a = await readJson<Report>(cli.path("trained-in-order.json"));
    const b = await readJson<Report>(cli.path("trained-shuffled.json"));
    expect(b.features).toEqual({ source: "metadata", names: FEATURES });
    expect(a.features).toEqual(b.features);
    expect(scores(b)).toEqual(scores(a));
    expect(b.metrics.roc_auc).toBeGreaterThan(0.8);
  });
});

/** A binary LinearClassifier over one float input of `shape` (weights of skl2onnx-zipmap.onnx). */
function linearModel(file: string, shape: Dim[], outputShape: Dim[] = ["N", 2]): Promise<void> {
  const graph = new OnnxGraphBuilder("shape_test");
  graph.input("X", "float", shape);
  graph.node(
    "LinearClassifier",
    ["X"],
    ["label", "probabilities"],
    {
      classlabels_ints: attr.ints([0, 1]),
      coefficients: attr.floats([1, -2, 0.5, 3]),
      intercepts: attr.floats([-0.5]),
      post_transform: attr.string("LOGISTIC"),
    },
    ML_DOMAIN,
  );
  graph.output("label", "int64", [shape[0]]);
  graph.output("probabilities", "float", outputShape);
  return writeFile(cli.path(file), graph.toBytes({ producerName: "test", producerVersion: "1" }));
}

describe("mlship evaluate: dimensions a model declares are never allocated for", () => {
  it.each([
    ["a fixed batch of a billion rows", [1_000_000_000, 4], "a fixed batch of 1,000,000,000 rows per run"],
    ["a feature width of 2^31 - 1", ["N", 2_147_483_647], "2,147,483,647 features per row"],
  ] as const)("refuses %s (exit 2), naming the model, the input and its shape", async (_, shape, what) => {
    const file = `declared-${shape.join("x")}.onnx`;
    await linearModel(file, [...shape]);
    for (const extra of [[], ["--features", FEATURES.join(",")]]) {
      const result = await evaluate(["--model", file, "--data", "exact.csv", ...extra]);
      expectUserError(result);
      expect(result.stderr).toContain(`${file}: model input 'X' is float32 [${shape.join(",")}]: ${what}`);
    }
  });

  it("refuses a declared width no column count matches, naming it and the columns", async () => {
    await linearModel("wide.onnx", ["N", 1000]);
    const result = await evaluate(["--model", "wide.onnx", "--data", "exact.csv"]);
    expectUserError(result);
    expect(result.stderr).toContain(
      "wide.onnx: input 'X' is float32 [N,1000]: 1000 features in one tensor, and the model names none of them; " +
        "the data has 4 columns besides the label (tenure, calls, spend, late), not 1000",
    );
  });

  it("runs a model with a fixed batch of 64 on 400 rows (the last batch padded), scoring as the dynamic one", async () => {
    await linearModel("batch-64.onnx", [64, 4], [64, 2]);
    const fixed = await evaluate([
      "--model",
      "batch-64.onnx",
      "--data",
      "exact.csv",
      "--json",
      "batch-64.json",
    ]);
    expect(fixed.code, fixed.stderr).toBe(0);
    const report = await readJson<Report>(cli.path("batch-64.json"));
    expect(report.metrics.accuracy).toBeCloseTo(expectedAccuracy, 12);
  });

  it("reads the outputs the model gives, whatever output shape it declares", async () => {
    await linearModel("declared-output.onnx", ["N", 4], [1_000_000_000, 2_147_483_647]);
    const result = await evaluate([
      "--model",
      "declared-output.onnx",
      "--data",
      "exact.csv",
      "--json",
      "out.json",
    ]);
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(0);
    expect((await readJson<Report>(cli.path("out.json"))).metrics.accuracy).toBeCloseTo(expectedAccuracy, 12);
  });
});
