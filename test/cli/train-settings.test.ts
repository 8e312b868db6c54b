/**
 * Settings out of their range never reach a trainer: each is refused with exit 2, naming the
 * setting and its allowed range, before anything is trained (no model.onnx is written).
 */
import { existsSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { expectUserError, useCli } from "./run-cli.js";

const cli = useCli("train-settings");

/** 60 rows: x numeric, color a category, y a 0/1 label whose class 1 has 6 rows. */
async function smallData(): Promise<string> {
  const path = cli.path("small.csv");
  if (existsSync(path)) return path;
  const lines = ["x,color,y"];
  for (let i = 0; i < 60; i++)
    lines.push(`${i * 0.5},${["red", "green", "blue"][i % 3]},${i % 10 === 0 ? 1 : 0}`);
  await writeFile(path, `${lines.join("\n")}\n`);
  return path;
}

let runs = 0;
/** `mlship train` in a fresh folder (with `config` as its mlship.yml); the folder is returned too. */
async function train(args: string[], config?: string[]) {
  const folder = cli.path(`run-${++runs}`);
  await mkdir(folder);
  const base = ["train", "--data", await smallData(), "--label", "y", "--out", `${folder}/out`, "--no-cache"];
  if (config) {
    await writeFile(`${folder}/mlship.yml`, `${config.join("\n")}\n`);
    base.push("--config", `${folder}/mlship.yml`);
  }
  const result = await cli.run([...base, ...args]);
  return { ...result, trained: existsSync(`${folder}/out/model.onnx`) };
}

// [trainer, param, value, what the message says about the range]
const PARAMS: [string, string, string, RegExp][] = [
  ["builtin:logistic", "C", "0", /a number in \(0, ∞\)/],
  ["builtin:logistic", "C", "-1", /a number in \(0, ∞\)/],
  ["builtin:logistic", "max_iter", "0", /a whole number in \[1, ∞\)/],
  ["builtin:logistic", "max_iter", "2.5", /a whole number in \[1, ∞\)/],
  ["builtin:logistic", "tol", "-0.1", /a number in \[0, ∞\)/],
  ["builtin:gbdt", "learning_rate", "0", /a number in \(0, ∞\)/],
  ["builtin:gbdt", "learning_rate", "-0.1", /a number in \(0, ∞\)/],
  ["builtin:gbdt", "learning_rate", "fast", /a number in \(0, ∞\)/],
  ["builtin:gbdt", "max_iter", "0", /a whole number in \[1, ∞\)/],
  ["builtin:gbdt", "max_depth", "0", /a whole number in \[1, ∞\) or "none"/],
  ["builtin:gbdt", "max_leaf_nodes", "1", /a whole number in \[2, ∞\) or "none"/],
  ["builtin:gbdt", "min_samples_leaf", "0", /a whole number in \[1, ∞\)/],
  ["builtin:gbdt", "l2_regularization", "-1", /a number in \[0, ∞\)/],
  ["builtin:gbdt", "max_bins", "1", /a whole number in \[2, 255\]/],
  ["builtin:gbdt", "max_bins", "256", /a whole number in \[2, 255\]/],
  ["builtin:gbdt", "subsample", "0", /a number in \(0, 1\]/],
  ["builtin:gbdt", "subsample", "1.5", /a number in \(0, 1\]/],
  ["builtin:gbdt", "colsample_bytree", "0", /a number in \(0, 1\]/],
  ["builtin:gbdt", "colsample_bytree", "2", /a number in \(0, 1\]/],
  ["builtin:gbdt", "n_iter_no_change", "0", /a whole number in \[1, ∞\)/],
  ["builtin:gbdt", "tol", "-1", /a number in \[0, ∞\)/],
  ["builtin:gbdt", "early_stopping", "maybe", /auto, true or false/],
];

describe("mlship train: a param out of its range is exit 2 naming it and its range, before training", () => {
  it.each(PARAMS)("%s --param %s=%s", async (trainer, name, value, range) => {
    const result = await train(["--trainer", trainer, "--param", `${name}=${value}`]);
    expectUserError(result);
    expect(result.stderr).toContain(`param ${name} of ${trainer}`);
    expect(result.stderr).toMatch(range);
    expect(result.trained).toBe(false);
  });

  it.each(PARAMS)(
    "%s train.params.%s: %s in mlship.yml names the file's line and path",
    async (trainer, name, value, range) => {
      const result = await train(
        [],
        [`train:`, `  trainer: ${trainer}`, `  params: { ${name}: ${JSON.stringify(value)} }`],
      );
      expectUserError(result);
      expect(result.stderr).toMatch(new RegExp(`mlship\\.yml:3 \\(train\\.params\\.${name}\\)`));
      expect(result.stderr).toMatch(range);
      expect(result.trained).toBe(false);
    },
  );
});

// [the options, what the message must say]
const OPTIONS: [string[], RegExp][] = [
  [["--cv", "1"], /--cv: expected a whole number from 2 to 100, got "1"/],
  [["--cv", "101"], /--cv: expected a whole number from 2 to 100/],
  [["--cv", "7"], /--cv: 7 folds: the class 1 of "y" has 6 rows, .*give from 2 to 6 folds/],
  [["--cv", "7", "--trainer", "builtin:gbdt"], /--cv: 7 folds: the class 1 of "y" has 6 rows/],
  [["--validation-fraction", "0"], /--validation-fraction: expected a number from 0.01 to 0.9/],
  [["--validation-fraction", "1"], /--validation-fraction: expected a number from 0.01 to 0.9/],
  [["--seed=-1"], /--seed: expected a whole number ≥ 0/],
  [["--seed", "1e20"], /--seed: expected a whole number from 0 to \d+/],
  [["--search", "random", "--trials", "0"], /--trials: expected a whole number ≥ 1/],
  [
    ["--search", "random", "--trials", "2", "--parallel", "0"],
    /--parallel: expected a whole number from 1 to 64/,
  ],
  [["--plan", "0"], /--plan: expected a whole number from 1 to 256/],
];

describe("mlship train: an option out of its range is exit 2 naming it and its range", () => {
  const search = ["train:", "  search:", "    space: { C: { type: loguniform, low: 0.01, high: 10 } }"];
  it.each(OPTIONS)("%j", async (options, message) => {
    const result = await train(options, search);
    expectUserError(result);
    expect(result.stderr).toMatch(message);
    expect(result.trained).toBe(false);
    expect(existsSync(cli.path(`run-${runs}/out/study.jsonl`))).toBe(false);
  });
});

// [the search space, the trainer, the path named, what the message says]
const SPACES: [string, string, string, RegExp][] = [
  [
    "max_bins: { type: int, low: 1, high: 64 }",
    "builtin:gbdt",
    "train.search.space.max_bins.low",
    /\[2, 255\], got 1/,
  ],
  [
    "max_bins: { type: int, low: 16, high: 300 }",
    "builtin:gbdt",
    "train.search.space.max_bins.high",
    /\[2, 255\], got 300/,
  ],
  [
    "max_depth: { type: uniform, low: 2, high: 8 }",
    "builtin:gbdt",
    "train.search.space.max_depth.type",
    /use type int/,
  ],
  [
    "subsample: { type: choice, values: [0.5, 1.5] }",
    "builtin:gbdt",
    "train.search.space.subsample.values[1]",
    /\(0, 1\], got 1.5/,
  ],
  [
    "learning_rate: { type: uniform, low: 0, high: 0.3 }",
    "builtin:gbdt",
    "train.search.space.learning_rate.low",
    /\(0, ∞\), got 0/,
  ],
  [
    "C: { type: uniform, low: -1, high: 1 }",
    "builtin:logistic",
    "train.search.space.C.low",
    /\(0, ∞\), got -1/,
  ],
  [
    "depth: { type: int, low: 1, high: 3 }",
    "builtin:gbdt",
    "train.search.space.depth",
    /has no param "depth"/,
  ],
];

describe("mlship train --search: a space reaching outside a built-in trainer's ranges is exit 2 before any trial", () => {
  it.each(SPACES)("%s (%s)", async (space, trainer, path, message) => {
    const config = ["train:", "  search:", "    method: random", `    space: { ${space} }`];
    const fromCli = await train(["--trainer", trainer, "--search", "random", "--trials", "2"], config);
    expectUserError(fromCli);
    expect(fromCli.stderr).toContain(`(${path})`);
    expect(fromCli.stderr).toMatch(message);
    expect(existsSync(cli.path(`run-${runs}/out/study.jsonl`))).toBe(false);
    // The same space under a trainer set in mlship.yml: refused when the file is read.
    const fromFile = await train(
      ["--search", "random", "--trials", "2"],
      [config[0], `  trainer: ${trainer}`, ...config.slice(1)],
    );
    expectUserError(fromFile);
    expect(fromFile.stderr).toContain(`(${path})`);
    expect(fromFile.stderr).toMatch(message);
  });
});

describe("mlship train --search: an objective built-in trainers do not report is exit 2 before any trial", () => {
  it.each(["roc_aux", "constructor"])("objective %s", async (metric) => {
    const config = [
      "train:",
      "  search:",
      `    objective: { metric: ${metric} }`,
      "    space: { C: { type: loguniform, low: 0.01, high: 10 } }",
    ];
    const result = await train(["--search", "random", "--trials", "2"], config);
    expectUserError(result);
    expect(result.stderr).toContain("(train.search.objective.metric)");
    expect(result.stderr).toMatch(
      new RegExp(`"${metric}" is not a metric builtin:logistic reports; it reports: accuracy, .*roc_auc`),
    );
    expect(existsSync(cli.path(`run-${runs}/out/study.jsonl`))).toBe(false);
  });
});

describe("mlship train: the smallest settings in range still train", () => {
  it("--cv equal to the smallest class's rows, max_bins 2, max_depth 1, one round of early stopping", async () => {
    const result = await train([
      "--trainer",
      "builtin:gbdt",
      "--cv",
      "6",
      ...["max_bins=2", "max_depth=1", "max_iter=1", "early_stopping=true", "min_samples_leaf=1"].flatMap(
        (p) => ["--param", p],
      ),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.trained).toBe(true);
  });

  it("a class of one row keeps it for training at the largest validation fraction", async () => {
    const path = cli.path("one-row-class.csv");
    await writeFile(path, "x,y\n1,a\n2,a\n3,a\n4,b\n5,a\n6,a\n");
    for (const trainer of ["builtin:logistic", "builtin:gbdt"]) {
      const result = await cli.run([
        "train",
        "--data",
        path,
        "--label",
        "y",
        "--trainer",
        trainer,
        "--validation-fraction",
        "0.9",
        "--no-cache",
        "--out",
        cli.path(`one-${trainer.slice(8)}`),
      ]);
      expect(result.code, result.stderr).toBe(0);
    }
  });
});
