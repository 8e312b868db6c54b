/**
 * Every action's action.yml against its code: the inputs and outputs it declares are the
 * constants the code reads and sets, every input is read through the one helper
 * (src/actions/action-inputs.ts), and outputs follow one naming rule across actions: a path ends
 * in `-file` (older path outputs stay as documented aliases), JSON is JSON.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import * as commentReport from "../../src/actions/comment-report.js";
import * as constants from "../../src/actions/constants.js";
import * as deployCanary from "../../src/actions/deploy-canary.js";
import * as evaluateGate from "../../src/actions/evaluate-gate.js";
import * as packageModel from "../../src/actions/package-model.js";
import * as promote from "../../src/actions/promote.js";
import * as rollback from "../../src/actions/rollback.js";
import * as train from "../../src/actions/train.js";
import * as validateData from "../../src/actions/validate-data.js";
import { REPO_ROOT } from "./runner.js";

interface ActionYml {
  inputs?: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs?: Record<string, { description: string }>;
  runs: { using: string; main: string; post?: string };
}

type ReadInput = (name: string) => string;

/** Per action: its constants and its getInputs, with the values its required inputs need. */
const ACTIONS: Record<
  string,
  {
    input: Record<string, string>;
    output: Record<string, string>;
    getInputs: (read: ReadInput) => unknown;
    required?: Record<string, string>;
  }
> = {
  "validate-data": {
    input: constants.ValidateDataInput,
    output: constants.ValidateDataOutput,
    getInputs: (read) => validateData.getInputs(read),
  },
  train: {
    input: constants.TrainInput,
    output: constants.TrainOutput,
    getInputs: (read) => train.getInputs(read),
  },
  "evaluate-gate": {
    input: constants.EvaluateGateInput,
    output: constants.EvaluateGateOutput,
    getInputs: (read) => evaluateGate.getInputs(read, {}, () => {}),
    required: { model: "model.onnx" },
  },
  "package-model": {
    input: constants.PackageModelInput,
    output: constants.PackageModelOutput,
    getInputs: (read) => packageModel.getInputs(read, {}, () => {}),
    required: { model: "model.onnx", name: "churn" },
  },
  "comment-report": {
    input: constants.CommentReportInput,
    output: constants.CommentReportOutput,
    getInputs: (read) => commentReport.getInputs(read, () => {}),
    required: { report: "report.md", "pull-request": "mlship-pr.json" },
  },
  "deploy-canary": {
    input: constants.DeployCanaryInput,
    output: constants.DeployCanaryOutput,
    getInputs: (read) => deployCanary.getInputs(read, {}, () => {}),
    required: { version: "1.0.0", environment: "production" },
  },
  promote: {
    input: constants.PromoteInput,
    output: constants.PromoteOutput,
    getInputs: (read) => promote.getInputs(read, {}, () => {}),
    required: { version: "1.0.0", environment: "production" },
  },
  rollback: {
    input: constants.RollbackInput,
    output: constants.RollbackOutput,
    getInputs: (read) => rollback.getInputs(read, {}, () => {}),
    required: { environment: "production" },
  },
};

/** Actions with a `post:` step: the same bundle as the main step (src/actions/deploy-action.ts, mainOrPost). */
const POST_STEPS = new Set(["deploy-canary", "promote"]);

/** Path outputs kept under their old name for existing workflows, each the same path as its `-file` twin. */
const PATH_ALIASES: Record<string, Record<string, string>> = {
  "validate-data": { report: "report-file" },
  train: { model: "model-file", metrics: "metrics-file", study: "study-file" },
  "evaluate-gate": { report: "report-file", markdown: "markdown-file" },
  "package-model": { manifest: "manifest-file" },
  "deploy-canary": { report: "report-file" },
  promote: { report: "report-file" },
};

/** How an output that holds a file's path is described. */
const PATH = /^(Absolute )?path of /i;

function actionYml(name: string): ActionYml {
  return parse(readFileSync(join(REPO_ROOT, "actions", name, "action.yml"), "utf8")) as ActionYml;
}

const names = readdirSync(join(REPO_ROOT, "actions")).sort();

describe("the actions/ folder", () => {
  it("holds exactly the actions this test knows, so a new one is checked too", () => {
    expect(names).toEqual(Object.keys(ACTIONS).sort());
  });
});

describe.each(names)("actions/%s/action.yml", (name) => {
  const yml = actionYml(name);
  const known = ACTIONS[name];

  it("declares exactly the inputs and outputs the code's constants name", () => {
    expect(Object.keys(yml.inputs ?? {}).sort()).toEqual(Object.values(known.input).sort());
    expect(Object.keys(yml.outputs ?? {}).sort()).toEqual(Object.values(known.output).sort());
  });

  it("runs its own bundle on node24, built from src/actions/<name>-main.ts (its post step too)", () => {
    const post = POST_STEPS.has(name) ? { post: `../../dist/${name}/index.js` } : {};
    expect(yml.runs).toEqual({ using: "node24", main: `../../dist/${name}/index.js`, ...post });
    expect(existsSync(join(REPO_ROOT, "src/actions", `${name}-main.ts`))).toBe(true);
  });

  it("reads every declared input once, by its action.yml name", () => {
    const read: string[] = [];
    known.getInputs((input) => {
      read.push(input);
      return known.required?.[input] ?? "";
    });
    expect(read.sort()).toEqual(Object.keys(yml.inputs ?? {}).sort());
  });

  it("names its path outputs <x>-file, keeping older path outputs only as documented aliases", () => {
    const outputs = yml.outputs ?? {};
    const aliases = PATH_ALIASES[name] ?? {};
    for (const [output, { description }] of Object.entries(outputs)) {
      if (output.endsWith("-file")) expect(description, output).toMatch(PATH);
      else if (output in aliases) {
        expect(outputs, output).toHaveProperty(aliases[output]);
        expect(description, output).toMatch(new RegExp(`^The same path as ${aliases[output]}\\b`));
      } else expect(description, output).not.toMatch(PATH);
    }
  });
});

describe("outputs across actions", () => {
  it("mean the same thing under the same name, apart from the documented path aliases", () => {
    const kinds = new Map<string, { action: string; kind: string }>();
    for (const name of names) {
      for (const [output, { description }] of Object.entries(actionYml(name).outputs ?? {})) {
        if (output in (PATH_ALIASES[name] ?? {})) continue;
        const kind = PATH.test(description) ? "path" : /\bJSON\b/.test(description) ? "json" : "text";
        const seen = kinds.get(output);
        if (seen) expect(`${name}: ${kind}`, output).toBe(`${name}: ${seen.kind}`);
        else kinds.set(output, { action: name, kind });
      }
    }
    expect(kinds.get("metrics")?.kind).toBe("json");
  });
});

describe("src/actions", () => {
  it("reads inputs only through readActionInputs (no adapter calls the input reader itself)", () => {
    const folder = join(REPO_ROOT, "src/actions");
    for (const file of readdirSync(folder).filter((f) => f.endsWith(".ts") && f !== "action-inputs.ts")) {
      const text = readFileSync(join(folder, file), "utf8");
      const calls =
        text.match(/\breadInput\(|core\.getInput\(name\)|core\.get(Boolean|Multiline)Input\(/g) ?? [];
      // The one allowed form: the default reader handed to readActionInputs, `(name) => core.getInput(name)`.
      const defaultReaders = text.match(/\(name\) => core\.getInput\(name\)/g) ?? [];
      expect(calls.length, file).toBe(defaultReaders.length);
      if (defaultReaders.length > 0) expect(text, file).toContain("readActionInputs(");
    }
  });
});
