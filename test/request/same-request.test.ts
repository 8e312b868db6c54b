/**
 * The CLI and the actions resolve one request from the same settings: `mlship evaluate`'s options
 * and the evaluate-gate action's inputs, `mlship validate`'s and validate-data's, `mlship train`'s
 * and the train action's, `mlship package`'s and package-model's, each with mlship.yml, through
 * src/evaluate/request.ts, src/validate/request.ts, src/train/request.ts and src/package/request.ts.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  getInputs as evaluateGateInputs,
  spellInput as evaluateInput,
} from "../../src/actions/evaluate-gate.js";
import {
  spellInput as packageInput,
  getInputs as packageModelInputs,
} from "../../src/actions/package-model.js";
import { spellInput as trainInput, getInputs as trainInputs } from "../../src/actions/train.js";
import { getInputs as validateDataInputs } from "../../src/actions/validate-data.js";
import { optionSpelling, parseCommandArgs } from "../../src/cli/command.js";
import { evaluateCommand, evaluateGiven } from "../../src/cli/commands/evaluate.js";
import { packageCommand, packageGiven } from "../../src/cli/commands/registry.js";
import { trainCommand, trainGiven } from "../../src/cli/commands/train.js";
import { validateCommand, validateGiven } from "../../src/cli/commands/validate.js";
import { resolveEvaluateRequest } from "../../src/evaluate/request.js";
import { MlshipError } from "../../src/lib/errors.js";
import { resolvePackageRequest } from "../../src/package/request.js";
import { resolveTrainRequest } from "../../src/train/request.js";
import { resolveValidateRequest } from "../../src/validate/request.js";

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), "mlship-request-"));
  await writeFile(
    join(cwd, "mlship.yml"),
    [
      "model: { name: churn }",
      "label: churned",
      "data: { current: holdout.csv, reference: train.csv }",
      "gate: { rules: ['roc_auc >= baseline - 0.02'], confidence: 0.9, inconclusive: fail }",
      "quality: { failOn: warning }",
    ].join("\n"),
  );
});
afterAll(() => rm(cwd, { recursive: true, force: true }));

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? "";
const env = {};

async function fromCli(argv: string[]) {
  const given = evaluateGiven(parseCommandArgs(evaluateCommand, ["--model", "m.onnx", ...argv]));
  return (await resolveEvaluateRequest(given, { cwd, env })).request;
}

async function fromAction(inputs: Record<string, string>) {
  const settings = evaluateGateInputs(
    reader({ model: "m.onnx", config: "mlship.yml", ...inputs }),
    {},
    () => {},
  );
  return (await resolveEvaluateRequest(settings.given, { cwd, env })).request;
}

async function errorOf(promise: Promise<unknown>): Promise<MlshipError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MlshipError);
  return error as MlshipError;
}

describe("mlship evaluate and the evaluate-gate action resolve one request", () => {
  // The runner passes the action's registry default (github, in action.yml): both name one registry here.
  it("from mlship.yml alone: the same defaults, values and sources", async () => {
    const cli = await fromCli(["--registry", "github"]);
    expect(await fromAction({ registry: "github" })).toEqual(cli);
    expect(cli).toMatchObject({
      name: "churn",
      baseline: "churn@production",
      confidence: 0.9,
      inconclusive: "fail",
      replicates: 200,
      rules: ["roc_auc >= baseline - 0.02"],
      data: join(cwd, "holdout.csv"),
    });
    expect(cli.sources.confidence).toEqual({
      kind: "config",
      file: "mlship.yml",
      key: "gate.confidence",
      line: 4,
    });
    expect(cli.sources.replicates).toEqual({ kind: "default" });
  });

  it("from every setting given: options and inputs override mlship.yml alike", async () => {
    const cli = await fromCli([
      ...["--data", "d.csv", "--label", "y", "--name", "other", "--baseline", "b.onnx"],
      ...["--registry", "local:reg", "--gate", "f1 >= 0.5", "--gate", "accuracy >= 0.5"],
      ...["--confidence", "0.95", "--min-rows", "30", "--inconclusive", "pass"],
      ...["--slice", "plan", "--slice", "region", "--sensitive", "gender", "--features", "a,b"],
      ...["--replicates", "50", "--seed", "7", "--importance-repeats", "0", "--schema", "s.yml"],
      ...["--format", "csv", "--delimiter", "tab", "--validation", "v.json", "--metrics", "t.json"],
    ]);
    const action = await fromAction({
      data: "d.csv",
      label: "y",
      name: "other",
      baseline: "b.onnx",
      registry: "local:reg",
      rules: "f1 >= 0.5\n# a comment\naccuracy >= 0.5",
      confidence: "0.95",
      "min-rows": "30",
      inconclusive: "pass",
      slices: "plan, region",
      sensitive: "gender",
      features: "a,b",
      replicates: "50",
      seed: "7",
      "importance-repeats": "0",
      schema: "s.yml",
      format: "csv",
      delimiter: "tab",
      validation: "v.json",
      "training-metrics": "t.json",
    });
    expect(action).toEqual(cli);
    expect(cli).toMatchObject({ minRows: 30, delimiter: "\t", slices: ["plan", "region"], seed: 7 });
  });

  it("without a model name, compares with no baseline in both (a file name is no registry name)", async () => {
    await writeFile(join(cwd, "unnamed.yml"), "label: churned\ndata: { current: holdout.csv }\n");
    const cli = await fromCli(["--config", "unnamed.yml", "--registry", "github"]);
    const action = await fromAction({ config: "unnamed.yml", registry: "github" });
    expect(action).toEqual(cli);
    expect(cli.name).toBe("m");
    expect(cli.baseline).toBeUndefined();
  });

  it("compares with nothing given no-baseline, in both", async () => {
    expect((await fromCli(["--no-baseline"])).baseline).toBeUndefined();
    expect((await fromAction({ "no-baseline": "true" })).baseline).toBeUndefined();
  });

  it("accepts the same confidence range in both, and names the setting as each adapter spells it", async () => {
    const cli = await errorOf(fromCli(["--confidence", "0.3"]));
    const action = await errorOf(fromAction({ confidence: "0.3" }));
    expect(cli.message).toBe(action.message);
    expect(cli.describe(optionSpelling(evaluateCommand))).toBe(
      '--confidence: expected a number from 0.5 to 0.999, got "0.3"',
    );
    expect(action.describe(evaluateInput)).toBe(
      `input 'confidence': expected a number from 0.5 to 0.999, got "0.3"`,
    );
  });

  it("names mlship.yml, the line and the key when the configured value is out of range", async () => {
    await writeFile(
      join(cwd, "low.yml"),
      "label: churned\ndata:\n  current: holdout.csv\ngate:\n  confidence: 0.2\n",
    );
    const error = await errorOf(fromCli(["--config", "low.yml"]));
    expect(error.describe(optionSpelling(evaluateCommand))).toBe(
      "low.yml:5 (gate.confidence): expected a number from 0.5 to 0.999, got 0.2",
    );
  });

  it("spells the rules setting --gate in the CLI and input 'rules' in the action", () => {
    const error = new MlshipError("bad_gate_rule", "nope", { setting: "rules" });
    expect(error.describe(optionSpelling(evaluateCommand))).toBe("--gate: nope");
    expect(error.describe(evaluateInput)).toBe("input 'rules': nope");
  });

  it("names MLSHIP_REGISTRY when the registry came from the environment", async () => {
    const given = evaluateGiven(parseCommandArgs(evaluateCommand, ["--model", "m.onnx"]));
    const { request } = await resolveEvaluateRequest(given, { cwd, env: { MLSHIP_REGISTRY: "github" } });
    expect(request.registry).toBe("github");
    expect(request.sources.registry).toEqual({ kind: "environment", variable: "MLSHIP_REGISTRY" });
  });
});

describe("mlship validate and the validate-data action resolve one request", () => {
  const cliRequest = async (argv: string[]) =>
    (await resolveValidateRequest(validateGiven(parseCommandArgs(validateCommand, argv)), { cwd })).request;
  const actionRequest = async (inputs: Record<string, string>) => {
    const { report: _, profileOut: __, workspace: ___, ...given } = validateDataInputs(reader(inputs), {});
    return (await resolveValidateRequest(given, { cwd })).request;
  };

  it("from mlship.yml alone", async () => {
    const cli = await cliRequest([]);
    expect(await actionRequest({})).toEqual(cli);
    expect(cli).toMatchObject({
      data: join(cwd, "holdout.csv"),
      reference: join(cwd, "train.csv"),
      failOn: "warning",
    });
  });

  it("from every setting given", async () => {
    const cli = await cliRequest([
      ...["d.csv", "--schema", "s.yml", "--reference", "r.csv", "--fail-on", "never"],
      ...["--format", "csv", "--delimiter", ";", "--threads", "2"],
    ]);
    const action = await actionRequest({
      data: "d.csv",
      schema: "s.yml",
      reference: "r.csv",
      "fail-on": "never",
      format: "csv",
      delimiter: ";",
      threads: "2",
    });
    expect(action).toEqual(cli);
    expect(cli).toMatchObject({ data: "d.csv", failOn: "never", threads: 2 });
  });
});

describe("mlship train and the train action resolve one request", () => {
  let dir: string;
  beforeAll(async () => {
    dir = join(cwd, "train");
    await mkdir(dir);
    await writeFile(
      join(dir, "mlship.yml"),
      [
        "label: churned",
        "data: { train: train.csv, delimiter: ';' }",
        "train:",
        "  params: { max_iter: 50 }",
        "  search:",
        "    method: random",
        "    trials: 4",
        "    space: { max_iter: { type: int, low: 10, high: 100 } }",
      ].join("\n"),
    );
  });

  // The action's `out` defaults to the runner's temporary folder, the CLI's to the working folder: both given here.
  const cliRequest = async (argv: string[]) =>
    (
      await resolveTrainRequest(trainGiven(parseCommandArgs(trainCommand, ["--out", "out", ...argv])), {
        cwd: dir,
      })
    ).request;
  const actionRequest = async (inputs: Record<string, string>) =>
    (
      await resolveTrainRequest(
        trainInputs(reader({ config: "mlship.yml", out: "out", ...inputs }), {}).given,
        { cwd: dir },
      )
    ).request;

  it("from mlship.yml alone: the same defaults, values and sources", async () => {
    const cli = await cliRequest([]);
    expect(await actionRequest({})).toEqual(cli);
    expect(cli).toMatchObject({
      mode: "train",
      trainer: "builtin:logistic",
      data: join(dir, "train.csv"),
      label: "churned",
      delimiter: ";",
      params: { max_iter: 50 },
      seed: 1,
      validationFraction: 0.2,
      parallel: 1,
      cache: true,
      cacheDir: join(dir, ".mlship/cache/train"),
      out: join(dir, "out"),
    });
    expect(cli.sources.params).toEqual({ kind: "config", file: "mlship.yml", key: "train.params", line: 4 });
    expect(cli.sources.trainer).toEqual({ kind: "default" });
  });

  it("from every setting given: options and inputs override mlship.yml alike", async () => {
    const cli = await cliRequest([
      ...["--data", "d.csv", "--label", "y", "--trainer", "builtin:gbdt"],
      ...["--param", "max_depth=3", "--param", "learning_rate=0.1", "--seed", "7", "--cv", "3"],
      ...["--search", "tpe", "--trials", "5", "--parallel", "2", "--no-cache"],
    ]);
    const action = await actionRequest({
      data: "d.csv",
      label: "y",
      trainer: "builtin:gbdt",
      params: "max_depth=3\n# a comment\nlearning_rate=0.1",
      seed: "7",
      cv: "3",
      search: "tpe",
      trials: "5",
      parallel: "2",
      cache: "false",
    });
    expect(action).toEqual(cli);
    expect(cli).toMatchObject({
      mode: "search",
      params: { max_iter: 50, max_depth: "3", learning_rate: "0.1" },
      cache: false,
      searchSpec: { method: "tpe", trials: 5, objective: "roc_auc", direction: "maximize" },
    });
    expect(cli.cacheDir).toBeUndefined();
  });

  it("takes the action's params as one JSON object too", async () => {
    const action = await actionRequest({ params: '{"max_iter": 80, "C": 0.5}' });
    expect(action).toEqual(await cliRequest(["--param", "max_iter=80", "--param", "C=0.5"]));
  });

  it.each([
    [["--parallel", "65"], { parallel: "65" }, "parallel", 'expected a whole number from 1 to 64, got "65"'],
    [["--cv", "1"], { cv: "1" }, "cv", 'expected a whole number from 2 to 100, got "1"'],
    [["--trainer", "builtin:xgboost"], { trainer: "builtin:xgboost" }, "trainer", "is not available"],
    [["--param", "C"], { params: "C" }, "params", 'expected name=value, got "C"'],
    [
      ["--trainer", "builtin:gbdt", "--command", "x"],
      { trainer: "builtin:gbdt", command: "x" },
      "command",
      "not both",
    ],
    [
      ["--plan", "2", "--collect", "jobs"],
      { plan: "2", collect: "jobs" },
      "collect",
      "give one of plan, trial and collect",
    ],
  ])("refuses %j alike, each naming the setting as it spells it", async (argv, inputs, setting, message) => {
    const cli = await errorOf(cliRequest(argv));
    const action = await errorOf(actionRequest(inputs));
    expect(action.message).toBe(cli.message);
    expect(cli.message).toContain(message);
    const option = setting === "params" ? "param" : setting;
    expect(cli.describe(optionSpelling(trainCommand))).toBe(`--${option}: ${cli.message}`);
    expect(action.describe(trainInput)).toBe(`input '${setting}': ${cli.message}`);
  });
});

describe("mlship package and the package-model action resolve one request", () => {
  const cliRequest = (argv: string[], env: NodeJS.ProcessEnv = {}, at = cwd) =>
    resolvePackageRequest(packageGiven(parseCommandArgs(packageCommand, argv)), { cwd: at, env });
  const actionRequest = (inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}, at = cwd) =>
    resolvePackageRequest(packageModelInputs(reader(inputs), {}, () => {}).given, { cwd: at, env });

  // The runner passes the action's registry default (github, in action.yml): both name one registry here.
  it("from mlship.yml alone: the name from model.name, version auto, the same sources", async () => {
    const cli = await cliRequest(["--model", "m.onnx", "--registry", "github"]);
    expect(await actionRequest({ model: "m.onnx", registry: "github" })).toEqual(cli);
    expect(cli).toMatchObject({ model: join(cwd, "m.onnx"), name: "churn", version: "auto" });
    expect(cli.sources.name).toEqual({ kind: "config", file: "mlship.yml", key: "model.name", line: 1 });
    expect(cli.sources.version).toEqual({ kind: "default" });
  });

  it("from every setting the action has: options and inputs override mlship.yml alike", async () => {
    const cli = await cliRequest([
      ...["--model", "m.onnx", "--name", "other", "--version", "v1.2.0", "--metrics", "t.json"],
      ...["--evaluation", "e.json", "--profile", "p.json", "--registry", "local:reg"],
    ]);
    const action = await actionRequest({
      model: "m.onnx",
      name: "other",
      version: "v1.2.0",
      metrics: "t.json",
      evaluation: "e.json",
      profile: "p.json",
      registry: "local:reg",
    });
    expect(action).toEqual(cli);
    expect(cli).toMatchObject({
      name: "other",
      version: "1.2.0",
      metrics: join(cwd, "t.json"),
      profile: join(cwd, "p.json"),
      registry: "local:reg",
    });
    expect(cli.sources.name).toEqual({ kind: "explicit" });
  });

  it("takes the registry from MLSHIP_REGISTRY in both when none is given", async () => {
    const env = { MLSHIP_REGISTRY: "github:acme/models" };
    const cli = await cliRequest(["--model", "m.onnx"], env);
    expect(await actionRequest({ model: "m.onnx" }, env)).toEqual(cli);
    expect(cli.registry).toBe("github:acme/models");
    expect(cli.sources.registry).toEqual({ kind: "environment", variable: "MLSHIP_REGISTRY" });
  });

  it("names the missing model and name as each adapter spells them", async () => {
    const model = [await errorOf(cliRequest([])), await errorOf(actionRequest({}))];
    expect(model[0].message).toBe(model[1].message);
    expect(model[0].describe(optionSpelling(packageCommand))).toBe("--model: required: the ONNX model file");
    expect(model[1].describe(packageInput)).toBe("input 'model': required: the ONNX model file");

    const bare = join(cwd, "bare");
    await mkdir(bare, { recursive: true });
    const name = [
      await errorOf(cliRequest(["--model", "m.onnx"], {}, bare)),
      await errorOf(actionRequest({ model: "m.onnx" }, {}, bare)),
    ];
    const why = "required: the model's name: give it, or set model.name in mlship.yml";
    expect(name[0].describe(optionSpelling(packageCommand))).toBe(`--name: ${why}`);
    expect(name[1].describe(packageInput)).toBe(`input 'name': ${why}`);
  });

  it("refuses a malformed data fingerprint before reading the model, naming --data-fingerprint", async () => {
    const error = await errorOf(cliRequest(["--model", "m.onnx", "--data-fingerprint", "abc:12"]));
    expect(error.describe(optionSpelling(packageCommand))).toBe(
      '--data-fingerprint: expected <sha256>[:<rows>], got "abc:12"',
    );
  });
});
