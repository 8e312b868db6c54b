/**
 * Every JSON file mlship reads back (a training run's metrics.json, an evaluation, a validation
 * report, a fanned-out trial's trial.json) is checked with its schema: a field of the wrong type
 * is exit 2 naming the file and the path of the field, never a crash or a silent pass.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { expectUserError, ROOT, useCli } from "./run-cli.js";

const cli = useCli("json-files");
const MODEL = join(ROOT, "test/fixtures/models/binary-linear-zipmap.onnx");

const write = (name: string, value: unknown) => writeFile(cli.path(name), JSON.stringify(value));

beforeAll(async () => {
  await write("metrics-bad.json", {
    trainer: "builtin:logistic",
    validation: { metrics: { roc_auc: "high" } },
  });
  await write("evaluation-bad.json", { metrics: [0.9] });
});

describe("mlship package: the metrics.json and evaluation.json it reads", () => {
  it("a metrics.json whose validation.metrics.roc_auc is text is exit 2 naming the field", async () => {
    const result = await cli.run([
      ...["package", "--model", MODEL, "--name", "churn", "--registry", "local:reg"],
      ...["--metrics", "metrics-bad.json"],
    ]);
    expectUserError(result);
    expect(result.stderr).toMatch(
      /metrics-bad\.json \(validation\.metrics\.roc_auc\): not a training run's metrics\.json: .*number/,
    );
  });

  it("an evaluation.json whose metrics are a list is exit 2 naming the field", async () => {
    const result = await cli.run([
      ...["package", "--model", MODEL, "--name", "churn", "--registry", "local:reg"],
      ...["--evaluation", "evaluation-bad.json"],
    ]);
    expectUserError(result);
    expect(result.stderr).toMatch(/evaluation-bad\.json \(metrics\): not an evaluation/);
  });
});

describe("mlship evaluate --report: the training metrics and validation report it shows", () => {
  const evaluate = (extra: string[]) =>
    cli.run([
      ...[
        "evaluate",
        "--model",
        "trained/model.onnx",
        "--data",
        "data.csv",
        "--label",
        "y",
        "--replicates",
        "10",
      ],
      ...["--importance-repeats", "0", "--report", "report.md", ...extra],
    ]);

  beforeAll(async () => {
    const rows = Array.from({ length: 40 }, (_, i) => `${(i % 7) / 7},${(i % 5) / 5},${i % 2}`);
    const header = "f0,f1,y";
    await writeFile(cli.path("data.csv"), `${header}\n${rows.join("\n")}\n`);
    const trained = await cli.run(["train", "--data", "data.csv", "--label", "y", "--out", "trained"]);
    expect(trained.code, trained.stderr).toBe(0);
  });

  it("a validation report whose rows is text is exit 2 naming the field", async () => {
    await write("validation-bad.json", {
      passed: true,
      file: "data.csv",
      format: "csv",
      rows: "many",
      columns: [],
      issues: [],
      drift: null,
      fingerprint: { sha256: "0", bytes: 1, rows: 1, columns: [], schemaSha256: null },
    });
    const result = await evaluate(["--validation", "validation-bad.json"]);
    expectUserError(result);
    expect(result.stderr).toMatch(/validation-bad\.json \(rows\): not mlship validate's JSON report/);
  });

  it("a training metrics.json whose params is a list is exit 2 naming the field", async () => {
    await write("metrics-params.json", { trainer: "builtin:gbdt", params: [1, 2] });
    const result = await evaluate(["--metrics", "metrics-params.json"]);
    expectUserError(result);
    expect(result.stderr).toMatch(/metrics-params\.json \(params\): not a training run's metrics\.json/);
  });
});

describe("mlship train --collect: the trial.json of each job", () => {
  it("a trial.json whose metrics hold text is exit 2 naming the file and the field", async () => {
    await writeFile(
      cli.path("search.yml"),
      "train:\n  search:\n    space: { C: { type: loguniform, low: 0.01, high: 10 } }\n",
    );
    await mkdir(cli.path("jobs/0"), { recursive: true });
    await write("jobs/0/trial.json", {
      trial: 0,
      params: { C: 1 },
      status: "complete",
      metrics: { roc_auc: "0.9" },
      durationMs: 5,
    });
    const result = await cli.run(["train", "--config", "search.yml", "--collect", "jobs", "--out", "best"]);
    expectUserError(result);
    expect(result.stderr).toMatch(/jobs\/0\/trial\.json \(metrics\.roc_auc\): not a trial's trial\.json/);
  });
});
