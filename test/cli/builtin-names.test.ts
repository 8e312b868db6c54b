/**
 * Column, class, metric and config names that are also members of every JavaScript object
 * (`__proto__`, `constructor`, `toString`, `hasOwnProperty`, `valueOf`) are ordinary names: kept
 * by schema infer, validated, trained on, sliced by, and never mistaken for a metric.
 */
import { readFile, writeFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { expectUserError, readJson, useCli } from "./run-cli.js";

const cli = useCli("builtin-names");
const NAMES = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf"];

/** 300 rows: `__proto__` and `toString` numbers, `constructor` and `hasOwnProperty` categories
 * (with such names as values), `valueOf` whole numbers, and a label whose classes are `__proto__`
 * and `constructor`. */
function csv(): string {
  let state = 7;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const lines = [[...NAMES, "label"].join(",")];
  for (let i = 0; i < 300; i++) {
    const x = random() * 4 - 2;
    const category = ["__proto__", "constructor", "toString", "red"][i % 4];
    const y = x + (category === "constructor" ? 1 : 0) + random() - 0.5 > 0.3 ? "constructor" : "__proto__";
    lines.push([x.toFixed(3), category, random().toFixed(3), i % 3 ? "valueOf" : "x", i % 6, y].join(","));
  }
  return `${lines.join("\n")}\n`;
}

beforeAll(async () => {
  await writeFile(cli.path("data.csv"), csv());
});

describe("names of Object.prototype members as column names", () => {
  it("schema infer keeps every column, and the data validates against the schema (exit 0)", async () => {
    const infer = await cli.run(["schema", "infer", "data.csv", "--label", "label", "-o", "schema.yml"]);
    expect(infer.code, infer.stderr).toBe(0);
    const schema = await readFile(cli.path("schema.yml"), "utf8");
    for (const name of [...NAMES, "label"]) expect(schema).toMatch(new RegExp(`^  ${name}:$`, "m"));
    const validate = await cli.run(["validate", "data.csv", "--schema", "schema.yml"]);
    expect(validate.code, validate.stdout + validate.stderr).toBe(0);
    expect(validate.stdout).not.toMatch(/unexpected_column|missing_column/);
  });

  it.each(["builtin:logistic", "builtin:gbdt"])(
    "%s trains on all five columns, with the classes __proto__ and constructor in metrics.json",
    async (trainer) => {
      const out = `model-${trainer.slice(8)}`;
      const result = await cli.run([
        "train",
        "--data",
        "data.csv",
        "--label",
        "label",
        "--trainer",
        trainer,
        "--out",
        out,
      ]);
      expect(result.code, result.stderr).toBe(0);
      const metrics = await readJson<{ features: string[]; classes: string[]; skipped: unknown[] }>(
        cli.path(`${out}/metrics.json`),
      );
      expect(metrics.features).toEqual(NAMES);
      expect(metrics.classes).toEqual(["__proto__", "constructor"]);
      expect(metrics.skipped).toEqual([]);
    },
  );

  it("evaluate slices by constructor, whose values include __proto__ and toString", async () => {
    const result = await cli.run([
      "evaluate",
      "--model",
      "model-gbdt/model.onnx",
      "--data",
      "data.csv",
      "--label",
      "label",
      "--slice",
      "constructor",
      "--sensitive",
      "hasOwnProperty",
      "--replicates",
      "20",
      "--json",
      "evaluation.json",
    ]);
    expect(result.code, result.stderr).toBe(0);
    const report = await readJson<{
      classes: string[];
      slices: { column: string; slices: { value: string; rows: number }[] }[];
    }>(cli.path("evaluation.json"));
    expect(report.classes).toEqual(["__proto__", "constructor"]);
    expect(report.slices[0].column).toBe("constructor");
    expect(report.slices[0].slices.map((s) => [s.value, s.rows])).toEqual(
      expect.arrayContaining([
        ["__proto__", 75],
        ["constructor", 75],
        ["toString", 75],
        ["red", 75],
      ]),
    );
  });
});

describe("gate rules naming a metric the evaluation does not compute", () => {
  const evaluate = (args: string[]) =>
    cli.run([
      "evaluate",
      "--model",
      "model-logistic/model.onnx",
      "--data",
      "data.csv",
      "--label",
      "label",
      ...args,
    ]);

  it.each(["constructor", "toString", "__proto__", "roc_aux"])(
    '--gate "%s >= 0.5" is exit 2 listing the binary classifier\'s metrics',
    async (metric) => {
      const result = await evaluate(["--gate", `${metric} >= 0.5`]);
      expectUserError(result);
      expect(result.stderr).toContain(
        `--gate: "${metric} >= 0.5": "${metric}" is not a metric of a binary classifier`,
      );
      expect(result.stderr).toMatch(/known: accuracy, .*roc_auc, .*latency_p99_ms/);
      expect(result.stderr).not.toMatch(/NaN/);
    },
  );

  it("a misspelt metric in mlship.yml's gate.rules is exit 2 naming the rule's place", async () => {
    await writeFile(cli.path("gate.yml"), 'gate:\n  rules: ["roc_auc >= 0.5", "f1_scor >= 0.5"]\n');
    const result = await evaluate(["--config", "gate.yml"]);
    expectUserError(result);
    expect(result.stderr).toMatch(
      /gate\.yml \(gate\.rules\[1\]\): "f1_scor >= 0\.5": "f1_scor" is not a metric/,
    );
  });

  it("a fairness figure without a sensitive column is exit 2 saying it needs one", async () => {
    const result = await evaluate(["--gate", "demographic_parity_difference <= 0.2"]);
    expectUserError(result);
    expect(result.stderr).toMatch(/needs a sensitive column \(--sensitive/);
  });
});

describe("names of Object.prototype members as mlship.yml keys", () => {
  it("a param named __proto__ under train.params is read, and refused as unknown to builtin:gbdt", async () => {
    await writeFile(cli.path("params.yml"), "train:\n  trainer: builtin:gbdt\n  params:\n    __proto__: 3\n");
    const result = await cli.run([
      "train",
      "--config",
      "params.yml",
      "--data",
      "data.csv",
      "--label",
      "label",
    ]);
    expectUserError(result);
    expect(result.stderr).toMatch(
      /params\.yml:4 \(train\.params\.__proto__\): builtin:gbdt has no param "__proto__"/,
    );
  });

  it("a schema declaring a column __proto__ with the wrong type names it", async () => {
    await writeFile(cli.path("bad-schema.yml"), "columns:\n  __proto__: { type: numbr }\n");
    const result = await cli.run(["validate", "data.csv", "--schema", "bad-schema.yml"]);
    expectUserError(result);
    expect(result.stderr).toMatch(/bad-schema\.yml:2 \(columns\.__proto__\.type\)/);
  });
});
