/**
 * The evaluate-gate action as the runner runs it on a pull_request event
 * (`node dist/evaluate-gate/index.js`, GITHUB_EVENT_PATH a real payload),
 * against the fake GitHub: the comment (created, then updated in place) and
 * the check run with the verdict.
 */
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { EvaluateGateInput, EvaluateGateOutput } from "../../src/actions/constants.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { REPO_ROOT, removeRunnerTemps, runAction } from "./runner.js";

const EVENT = join(REPO_ROOT, "test/fixtures/events/pull_request.synchronize.json");
const CLI = join(REPO_ROOT, "dist/cli/index.js");

let fake: FakeGitHub;
let workspace: string;

function train(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, "train", ...args], { cwd: workspace }, (error, _stdout, stderr) =>
      error ? reject(new Error(stderr)) : resolve(),
    );
  });
}

beforeAll(async () => {
  fake = await startFakeGitHub();
  workspace = await mkdtemp(join(tmpdir(), "mlship-gate-"));
  await copyFile(join(REPO_ROOT, "examples/data/churn-reference.csv"), join(workspace, "train.csv"));
  await copyFile(join(REPO_ROOT, "examples/data/churn-current-clean.csv"), join(workspace, "holdout.csv"));
  await copyFile(join(REPO_ROOT, "examples/schema.yml"), join(workspace, "schema.yml"));
  await writeFile(
    join(workspace, "mlship.yml"),
    [
      "model: { name: churn, task: binary }",
      "label: churned",
      "schema: schema.yml",
      "data: { train: train.csv, current: holdout.csv }",
    ].join("\n"),
  );
  await train(["--out", "baseline"]);
  await train(["--param", "C=0.5", "--out", "candidate"]);
  await train([
    "--trainer",
    "builtin:gbdt",
    "--param",
    "max_iter=1",
    "--param",
    "max_depth=1",
    "--out",
    "weak",
  ]);
  await new Promise<void>((resolve) => {
    execFile(
      process.execPath,
      [CLI, "validate", "holdout.csv", "--json", "validation.json"],
      { cwd: workspace },
      () => resolve(),
    );
  });
}, 120_000);
afterAll(async () => {
  await fake.close();
  await rm(workspace, { recursive: true, force: true });
});
afterEach(removeRunnerTemps);

const env = (model: string) => ({
  GITHUB_EVENT_NAME: "pull_request",
  GITHUB_EVENT_PATH: EVENT,
  GITHUB_API_URL: fake.url,
  GITHUB_REPOSITORY: "acme/models",
  GITHUB_SHA: "0000000000000000000000000000000000000000",
  GITHUB_RUN_ID: "99",
  GITHUB_SERVER_URL: "https://github.com",
  INPUT_MODEL: model,
  INPUT_BASELINE: "baseline/model.onnx",
  INPUT_RULES: "roc_auc >= baseline - 0.02\nlatency_p99_ms <= 1000",
  INPUT_COMMENT: "true",
  INPUT_CHECK: "true",
  INPUT_CONFIG: "mlship.yml",
  INPUT_TOKEN: fake.token,
});

describe("evaluate-gate action (dist/evaluate-gate/index.js) on a pull_request event", () => {
  it("comments and checks on the first run, then updates the same comment and fails the check for a worse model", async () => {
    const first = await runAction(
      "evaluate-gate",
      {
        ...env("candidate/model.onnx"),
        INPUT_VALIDATION: "validation.json",
        "INPUT_TRAINING-METRICS": "candidate/metrics.json",
      },
      { workspace },
    );
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(first.outputs.passed).toBe("true");
    const comments = () => fake.comments.get(7) ?? [];
    expect(comments()).toHaveLength(1);
    expect(comments()[0].body).toMatch(
      /^<!-- mlship:evaluate:churn -->\n### ✅ churn: the gate passed vs `baseline\/model\.onnx`/,
    );
    expect(fake.checkRuns).toHaveLength(1);
    expect(fake.checkRuns[0]).toMatchObject({
      name: "mlship / churn",
      head_sha: "9c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d",
      status: "completed",
      conclusion: "success",
      details_url: "https://github.com/acme/models/actions/runs/99",
    });
    expect(first.summary).toContain("| roc\\_auc |");
    expect(first.summary).toMatch(/\*\*Data validation\*\* ✅ passed: holdout\.csv, 1,500 rows/);
    expect(first.summary).toMatch(
      /- Trainer: `builtin:logistic`\n- Training data: sha256 `[0-9a-f]{64}`\n- Params: `C` 0\.5/,
    );
    const report = JSON.parse(await readFile(first.outputs.report, "utf8"));
    expect(report.gate.passed).toBe(true);
    expect(JSON.parse(first.outputs.metrics).roc_auc).toBeGreaterThan(0.7);

    const second = await runAction("evaluate-gate", env("weak/model.onnx"), { workspace });
    expect(second.exitCode).toBe(1);
    expect(second.outputs.passed).toBe("false");
    expect(comments()).toHaveLength(1);
    expect(comments()[0].body).toMatch(/### ❌ churn: the gate failed/);
    expect(comments()[0].body).toContain("**Failed rules**");
    expect(fake.checkRuns.map((c) => c.conclusion)).toEqual(["success", "failure"]);
    expect(second.commands.find((c) => c.command === "error")?.message).toMatch(
      /^the gate failed: roc_auc >= baseline - 0\.02/,
    );
  });

  it("posts nothing for a pull request from a fork, leaving the report for mlship-comment.yml", async () => {
    const payload = JSON.parse(await readFile(EVENT, "utf8"));
    payload.pull_request.head.repo = {
      ...payload.pull_request.head.repo,
      full_name: "someone/models",
      fork: true,
    };
    const forkEvent = join(workspace, "fork-event.json");
    await writeFile(forkEvent, JSON.stringify(payload));
    const before = fake.calls.length;
    const run = await runAction(
      "evaluate-gate",
      { ...env("candidate/model.onnx"), GITHUB_EVENT_PATH: forkEvent },
      { workspace },
    );
    expect(run.exitCode, run.stdout).toBe(0);
    expect(fake.calls.length).toBe(before);
    expect(run.stdout).toMatch(/comes from a fork/);
    expect(JSON.parse(await readFile(join(run.runnerTemp, "mlship-pr.json"), "utf8"))).toEqual({
      number: 7,
      model: "churn",
      marker: "<!-- mlship:evaluate:churn -->",
    });
  });

  it("fails the step with a message for bad input: a label the data lacks, labels the model never saw", async () => {
    const noLabel = await runAction(
      "evaluate-gate",
      { ...env("candidate/model.onnx"), INPUT_LABEL: "nope" },
      { workspace },
    );
    expect(noLabel.exitCode).toBe(1);
    expect(noLabel.stdout).toMatch(/::error::.*the label column "nope" is not in/);
    expect(noLabel.stdout).not.toMatch(/^\s+at /m);
    const unseen = await runAction(
      "evaluate-gate",
      { ...env("candidate/model.onnx"), INPUT_LABEL: "age_band" },
      { workspace },
    );
    expect(unseen.exitCode).toBe(1);
    expect(unseen.stdout).toMatch(
      /::error::.*"age_band" holds labels the candidate model never saw: "\d\d-\d\d" \(\d+ rows\)/,
    );
  });
});

describe("comment-report action (dist/comment-report/index.js) on a workflow_run event", () => {
  it("posts a fork's report only to the pull request whose head the run built", async () => {
    const payload = JSON.parse(await readFile(EVENT, "utf8"));
    payload.pull_request.number = 8;
    payload.pull_request.head.repo = {
      ...payload.pull_request.head.repo,
      full_name: "someone/models",
      fork: true,
    };
    const forkEvent = join(workspace, "fork-event-8.json");
    await writeFile(forkEvent, JSON.stringify(payload));
    const gate = await runAction(
      "evaluate-gate",
      { ...env("candidate/model.onnx"), GITHUB_EVENT_PATH: forkEvent },
      { workspace },
    );
    expect(gate.exitCode, gate.stdout).toBe(0);
    const artifact = {
      report: gate.outputs.markdown,
      "pull-request": join(gate.runnerTemp, "mlship-pr.json"),
    };
    const headSha = payload.pull_request.head.sha as string;
    fake.pulls.set(8, headSha);
    const workflowRun = async (sha: string) => {
      const file = join(workspace, `workflow-run-${sha.slice(0, 6)}.json`);
      await writeFile(
        file,
        JSON.stringify({
          action: "completed",
          workflow_run: { id: 555, event: "pull_request", head_sha: sha, conclusion: "success" },
        }),
      );
      return runAction(
        "comment-report",
        {
          GITHUB_EVENT_NAME: "workflow_run",
          GITHUB_EVENT_PATH: file,
          GITHUB_API_URL: fake.url,
          GITHUB_REPOSITORY: "acme/models",
          INPUT_REPORT: artifact.report,
          "INPUT_PULL-REQUEST": artifact["pull-request"],
          INPUT_TOKEN: fake.token,
        },
        { workspace },
      );
    };
    const forged = await workflowRun("f".repeat(40));
    expect(forged.exitCode).toBe(1);
    expect(forged.stdout).toMatch(
      /::error::the artifact names pull request #8, whose head is 9c1e2d3f.*, but the run that made it built f{40}; nothing posted/,
    );
    expect(fake.comments.get(8)).toBeUndefined();
    const posted = await workflowRun(headSha);
    expect(posted.exitCode, posted.stdout).toBe(0);
    expect(fake.comments.get(8)).toHaveLength(1);
    expect(fake.comments.get(8)?.[0].body).toMatch(
      /^<!-- mlship:evaluate:churn -->\n### ✅ churn: the gate passed/,
    );
  });
});

describe("actions/evaluate-gate/action.yml", () => {
  it("declares exactly the inputs and outputs the code reads and sets, and runs dist/evaluate-gate on node24", async () => {
    const action = parse(await readFile(join(REPO_ROOT, "actions/evaluate-gate/action.yml"), "utf8"));
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(EvaluateGateInput).sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(EvaluateGateOutput).sort());
    expect(action.runs).toEqual({ using: "node24", main: "../../dist/evaluate-gate/index.js" });
  });
});
