/** `mlship evaluate` as a user runs it (the built CLI in place): verdicts, the JSON contract, and bad input. */
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { OnnxGraphBuilder } from "../../src/onnx/export/onnx-graph.js";
import { expectUserError, ROOT } from "./run-cli.js";

const cli = join(ROOT, "dist/cli/index.js");
let dir: string;

function mlship(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: dir, maxBuffer: 64 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-evaluate-cli-"));
  await copyFile(join(ROOT, "examples/data/churn-reference.csv"), join(dir, "train.csv"));
  await copyFile(join(ROOT, "examples/data/churn-current-clean.csv"), join(dir, "holdout.csv"));
  const schema = await readFile(join(ROOT, "examples/schema.yml"), "utf8");
  await writeFile(join(dir, "schema.yml"), schema);
  await writeFile(
    join(dir, "schema-no-plan.yml"),
    schema.replace("plan: { type: category,", "plan: { role: ignore, type: category,"),
  );
  await writeFile(join(dir, "mlship.yml"), "model: { task: binary }\nlabel: churned\nschema: schema.yml\n");
  const train = async (args: string[]) => {
    const result = await mlship(["train", "--data", "train.csv", ...args]);
    if (result.code !== 0) throw new Error(result.stderr);
  };
  await train(["--label", "churned", "--out", "logistic"]);
  await train(["--label", "churned", "--param", "C=0.5", "--out", "candidate"]);
  await train(["--label", "churned", "--schema", "schema-no-plan.yml", "--out", "no-plan"]);
  await writeFile(join(dir, "regression.yml"), "label: tenure_months\nschema: schema.yml\n");
  const regression = await mlship([
    "train",
    "--config",
    "regression.yml",
    "--data",
    "train.csv",
    "--trainer",
    "builtin:gbdt",
    "--param",
    "max_iter=5",
    "--out",
    "regressor",
  ]);
  if (regression.code !== 0) throw new Error(regression.stderr);
}, 120_000);
afterAll(async () => rm(dir, { recursive: true, force: true }));

const base = ["evaluate", "--data", "holdout.csv", "--replicates", "50", "--importance-repeats", "1"];

describe("mlship evaluate", () => {
  it("passes (exit 0) and writes the JSON contract: metrics, intervals, delta, slices, fairness, importance, gate", async () => {
    const result = await mlship([
      ...base,
      "--model",
      "candidate/model.onnx",
      "--baseline",
      "logistic/model.onnx",
      "--gate",
      "roc_auc >= baseline - 0.01",
      "--gate",
      "demographic_parity_difference <= 0.5",
      "--confidence",
      "0.95",
      "--slice",
      "plan",
      "--sensitive",
      "age_band",
      "--json",
      "eval.json",
      "--report",
      "report.md",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^gate PASSED: /);
    const report = JSON.parse(await readFile(join(dir, "eval.json"), "utf8"));
    expect(Object.keys(report)).toEqual(
      expect.arrayContaining([
        "model",
        "baseline",
        "rows",
        "metrics",
        "intervals",
        "delta",
        "slices",
        "fairness",
        "importance",
        "gate",
      ]),
    );
    expect(report.rows).toBe(1500);
    expect(report.intervals.roc_auc.low).toBeLessThan(report.metrics.roc_auc);
    expect(report.intervals.roc_auc.high).toBeGreaterThan(report.metrics.roc_auc);
    expect(report.delta.roc_auc.value).toBeCloseTo(
      report.metrics.roc_auc - report.baselineMetrics.roc_auc,
      12,
    );
    expect(report.delong.candidate.auc).toBeCloseTo(report.metrics.roc_auc, 12);
    expect(report.delong.difference.difference).toBeCloseTo(report.delta.roc_auc.value, 12);
    expect(report.slices[0].slices.map((s: { value: string }) => s.value).sort()).toEqual([
      "basic",
      "premium",
      "standard",
    ]);
    expect(report.fairness[0].groups.map((g: { group: string }) => g.group)).toContain("25-34");
    expect(report.importance.features.length).toBe(7);
    expect(report.gate.rules).toEqual([
      expect.objectContaining({ rule: "roc_auc >= baseline - 0.01", metric: "roc_auc", verdict: "pass" }),
      expect.objectContaining({ rule: "demographic_parity_difference <= 0.5", verdict: "pass", bound: 0.5 }),
    ]);
    expect(await readFile(join(dir, "report.md"), "utf8")).toMatch(
      /^### ✅ .*: the gate passed vs `logistic\/model\.onnx`/,
    );
  });

  it("fails (exit 1) naming the rule, its value, its bound and why", async () => {
    const result = await mlship([
      ...base,
      "--model",
      "candidate/model.onnx",
      "--no-baseline",
      "--gate",
      "roc_auc >= 0.99",
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^gate FAILED: /);
    expect(result.stdout).toMatch(/roc_auc >= 0\.99 +fail +0\.7\d+ not >= 0\.99/);
  });

  it("skips rules against the baseline when there is none, and says so", async () => {
    const result = await mlship([
      ...base,
      "--model",
      "candidate/model.onnx",
      "--gate",
      "f1 >= baseline",
      "--json",
      "-",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.baseline).toBeNull();
    expect(report.gate.rules[0]).toMatchObject({
      verdict: "skipped",
      reason: expect.stringMatching(/^skipped: no baseline was given/),
    });
  });

  it("says a baseline with other inputs is not like-for-like", async () => {
    const result = await mlship([
      ...base,
      "--model",
      "candidate/model.onnx",
      "--baseline",
      "no-plan/model.onnx",
      "--json",
      "-",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report.baseline).toMatchObject({
      comparable: false,
      note: "not like-for-like: the models take different inputs (only the candidate: plan:string)",
    });
  });
});

describe("mlship evaluate against a registry", () => {
  it("takes the baseline from a ref, and charts the metric over the registry's versions", async () => {
    const packaged = await mlship([
      "package",
      "--model",
      "logistic/model.onnx",
      "--metrics",
      "logistic/metrics.json",
      "--name",
      "churn",
      "--registry",
      "local:reg",
    ]);
    expect(packaged.code, packaged.stderr).toBe(0);
    const result = await mlship([
      ...base,
      "--model",
      "candidate/model.onnx",
      "--baseline",
      "churn@latest",
      "--registry",
      "local:reg",
      "--metrics",
      "candidate/metrics.json",
      "--report",
      "registry.md",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/against churn@v0\.1\.0 on 1,500 rows/);
    const markdown = await readFile(join(dir, "registry.md"), "utf8");
    expect(markdown).toContain("History of roc_auc over the registry's versions");
    expect(markdown).toMatch(
      /x-axis \["0\.1\.0", "candidate"\]\n {2}y-axis "roc_auc"\n {2}line \[0\.\d+, 0\.\d+\]/,
    );
  });
});

describe("mlship package with an evaluation", () => {
  it("records the evaluation's metrics and puts their intervals in the model card", async () => {
    const evaluation = JSON.parse(await readFile(join(dir, "eval.json"), "utf8"));
    const packaged = await mlship([
      "package",
      "--model",
      "candidate/model.onnx",
      "--metrics",
      "candidate/metrics.json",
      "--evaluation",
      "eval.json",
      "--name",
      "evaluated",
      "--registry",
      "local:reg",
      "--json",
      "-",
    ]);
    expect(packaged.code, packaged.stderr).toBe(0);
    const { manifest } = JSON.parse(packaged.stdout);
    expect(manifest.metrics.roc_auc).toBe(evaluation.metrics.roc_auc);
    const card = await readFile(join(dir, "reg", "evaluated", "0.1.0", "model-card.md"), "utf8");
    const low = evaluation.intervals.roc_auc.low.toFixed(4);
    expect(card).toMatch(
      new RegExp(`\\| roc\\\\_auc \\| 0\\.\\d{4} \\| ${low.replace(".", "\\.")} – 0\\.\\d{4} \\|`),
    );
    expect(await readFile(join(dir, "reg", "evaluated", "0.1.0", "evaluation.json"), "utf8")).toContain(
      '"gate"',
    );
  });
});

describe("mlship evaluate on bad input (exit 2, a message naming the problem)", () => {
  it("a label column the data lacks", async () => {
    const result = await mlship([...base, "--model", "candidate/model.onnx", "--label", "nope"]);
    expectUserError(result);
    expect(result.stderr).toMatch(/the label column "nope" is not in .*holdout\.csv/);
  });

  it("labels the model never saw", async () => {
    const result = await mlship([...base, "--model", "candidate/model.onnx", "--label", "age_band"]);
    expectUserError(result);
    expect(result.stderr).toMatch(
      /"age_band" holds labels the candidate model never saw: "\d\d-\d\d" \(\d+ rows\)/,
    );
  });

  it("a regression model for a classification gate", async () => {
    const result = await mlship([...base, "--model", "regressor/model.onnx"]);
    expectUserError(result);
    expect(result.stderr).toMatch(
      /the candidate model is a regression model, but the gate is for binary classification/,
    );
  });

  it("no rows with a label", async () => {
    const header = (await readFile(join(dir, "holdout.csv"), "utf8")).split("\n")[0];
    await writeFile(join(dir, "empty.csv"), `${header}\n`);
    const result = await mlship(["evaluate", "--model", "candidate/model.onnx", "--data", "empty.csv"]);
    expectUserError(result);
    expect(result.stderr).toMatch(/empty\.csv has no rows with a value in "churned": nothing to evaluate/);
  });

  it("a model whose scores are NaN", async () => {
    // tenure_months − tenure_months = 0, and 0 / 0: NaN for every row.
    const graph = new OnnxGraphBuilder("nan");
    graph.input("tenure_months", "float", ["N", 1]);
    graph.node("Sub", ["tenure_months", "tenure_months"], ["zero"]);
    graph.node("Div", ["zero", "zero"], ["value"]);
    graph.output("value", "float", ["N", 1]);
    await writeFile(join(dir, "nan.onnx"), graph.toBytes({ producerName: "test", producerVersion: "1" }));
    const result = await mlship([
      "evaluate",
      "--config",
      "regression.yml",
      "--model",
      "nan.onnx",
      "--data",
      "holdout.csv",
      "--label",
      "monthly_charges",
    ]);
    expectUserError(result);
    expect(result.stderr).toMatch(
      /the candidate model gave 1500 non-finite scores \(NaN or infinite; first at value 0\): its output cannot be scored/,
    );
  });

  it("a gate rule that does not parse", async () => {
    const result = await mlship([...base, "--model", "candidate/model.onnx", "--gate", "roc_auc => 0.8"]);
    expectUserError(result);
    expect(result.stderr).toMatch(/--gate: "roc_auc => 0\.8" is not "<metric> <op> <bound>"/);
  });
  it("a seed too large to be a whole number exactly", async () => {
    const result = await mlship([...base, "--model", "candidate/model.onnx", "--seed", "1e20"]);
    expectUserError(result);
    expect(result.stderr).toMatch(/--seed: expected a whole number from 0 to 9007199254740991, got "1e20"/);
  });
});
