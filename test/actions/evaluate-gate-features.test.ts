/**
 * The evaluate-gate action (dist/evaluate-gate/index.js, as the runner runs it) on a model with one
 * [N, F] input that names no column, as skl2onnx exports scikit-learn models by default: the
 * `features` input, mlship.yml's model.features, the model's metadata, and the refusal that says
 * how to set them. No pull request and no check run: nothing is posted.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { seededRandom } from "../data/temp-dir.js";
import { skl2onnxScore } from "../model/model-fixtures.js";
import { REPO_ROOT, removeRunnerTemps, runAction } from "./runner.js";

const FEATURES = ["tenure", "calls", "spend", "late"];
let workspace: string;

beforeAll(async () => {
  workspace = await mkdtemp(join(tmpdir(), "mlship-gate-features-"));
  for (const model of ["skl2onnx-zipmap.onnx", "skl2onnx-zipmap-named.onnx"])
    await copyFile(join(REPO_ROOT, "test/fixtures/models", model), join(workspace, model));
  // The columns in another order than the model takes them, and an id column besides.
  const random = seededRandom(3);
  const lines = ["customer_id,late,spend,churned,calls,tenure"];
  for (let id = 0; id < 300; id++) {
    const [tenure, calls, spend, late] = FEATURES.map(() => Math.round((random() * 2 - 1) * 1e4) / 1e4);
    const p = 1 / (1 + Math.exp(-skl2onnxScore([tenure, calls, spend, late])));
    lines.push([id, late, spend, random() < p ? 1 : 0, calls, tenure].join(","));
  }
  await writeFile(join(workspace, "holdout.csv"), `${lines.join("\n")}\n`);
  await writeFile(join(workspace, "mlship.yml"), "label: churned\ndata: { current: holdout.csv }\n");
  await writeFile(
    join(workspace, "configured.yml"),
    `label: churned\ndata: { current: holdout.csv }\nmodel:\n  features: [${FEATURES.join(", ")}]\n`,
  );
}, 60_000);
afterAll(async () => rm(workspace, { recursive: true, force: true }));
afterEach(removeRunnerTemps);

const env = (inputs: Record<string, string>) => ({
  INPUT_MODEL: "skl2onnx-zipmap.onnx",
  INPUT_BASELINE: "skl2onnx-zipmap-named.onnx",
  INPUT_RULES: "accuracy >= baseline",
  INPUT_CONFIG: "mlship.yml",
  INPUT_COMMENT: "false",
  INPUT_CHECK: "false",
  ...inputs,
});

interface Features {
  source: string;
  names: string[];
  setting?: string;
}
interface Report {
  features: Features;
  baseline: { features: Features };
  delta: Record<string, { value: number }>;
  metrics: Record<string, number>;
}

describe("evaluate-gate action: a model with one [N, F] input and no feature names", () => {
  it("feeds the columns the features input lists (one a line), to the candidate and the baseline alike", async () => {
    const run = await runAction("evaluate-gate", env({ INPUT_FEATURES: FEATURES.join("\n") }), { workspace });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs.passed).toBe("true");
    const report = JSON.parse(await readFile(run.outputs.report, "utf8")) as Report;
    expect(report.features).toMatchObject({
      source: "setting",
      names: FEATURES,
      setting: "input 'features'",
    });
    expect(report.baseline.features).toMatchObject({ source: "setting", names: FEATURES });
    expect(report.delta.accuracy.value).toBe(0);
    expect(report.metrics.roc_auc).toBeGreaterThan(0.8);
    expect(run.summary).toContain(
      "Candidate features (4, from input 'features'): tenure, calls, spend, late",
    );
  });

  it("takes mlship.yml's model.features when the input is left out", async () => {
    const run = await runAction("evaluate-gate", env({ INPUT_CONFIG: "configured.yml" }), { workspace });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(await readFile(run.outputs.report, "utf8")) as Report;
    expect(report.features).toMatchObject({ source: "setting", setting: "configured.yml (model.features)" });
    expect(report.delta.accuracy.value).toBe(0);
  });

  it("reads the candidate's and the baseline's names from their metadata when no features are set", async () => {
    const named = await runAction(
      "evaluate-gate",
      env({ INPUT_MODEL: "skl2onnx-zipmap-named.onnx", INPUT_BASELINE: "skl2onnx-zipmap-named.onnx" }),
      { workspace },
    );
    expect(named.exitCode, named.stdout + named.stderr).toBe(0);
    const report = JSON.parse(await readFile(named.outputs.report, "utf8")) as Report;
    expect(report.features).toMatchObject({ source: "metadata", names: FEATURES });
    expect(report.baseline.features).toMatchObject({ source: "metadata", names: FEATURES });
  });

  it("fails the step without features, naming F, the data's columns and the features input", async () => {
    const run = await runAction("evaluate-gate", env({}), { workspace });
    expect(run.exitCode).toBe(1);
    const error = run.commands.find((c) => c.command === "error")?.message ?? "";
    expect(error).toContain(
      "input 'float_input' is float32 [?,4]: 4 features in one tensor, and the model names none of them; " +
        "the data has 5 columns besides the label (customer_id, late, spend, calls, tenure), not 4",
    );
    expect(error).toContain("the evaluate-gate action's `features` input");
    expect(run.stdout).not.toMatch(/^\s+at /m);
  });

  it("fails the step for a features input that lists a column twice, naming the input", async () => {
    const run = await runAction("evaluate-gate", env({ INPUT_FEATURES: "tenure, calls, tenure, late" }), {
      workspace,
    });
    expect(run.exitCode).toBe(1);
    expect(run.commands.find((c) => c.command === "error")?.message).toContain(
      "input 'features': the feature 'tenure' is listed twice",
    );
  });
});
