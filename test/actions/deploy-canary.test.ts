/**
 * The deploy-canary, rollback and promote actions from dist/ as the runner runs them, in a job started by
 * `workflow_dispatch`, against the fake GitHub (the registry: releases, deployments, issues, the run's
 * approvals) and a real `mlship serve` loading its versions from the same releases, under a load loop:
 * a canary promoted (outputs, summary, deployment statuses); a drifted one rolled back (step failed,
 * result fail, incident issue); the main step killed mid-rollout, then its post step (traffic back on
 * stable, deployment error); a rollback; a promotion refused without an evaluation, then forced with the
 * run's approvals recorded; a bad input named.
 */
import { spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useCli } from "../cli/run-cli.js";
import { TOKEN, traffic, writeDriftedModel } from "../deploy/deploy-fixture.js";
import { fixturePath } from "../model/model-fixtures.js";
import { call, type ServeProcess, startServe } from "../serve/serve-process.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { type ActionRun, removeRunnerTemps, runAction } from "./runner.js";

const cli = useCli("deploy-action");
let github: FakeGitHub;
let server: ServeProcess;
const RUN_ID = 4242;
const MODELS = ["good", "bad", "kill", "cancel"];

/** The variables every step of the fake run sees: the repository, the run, the workflow_dispatch event. */
let runEnv: Record<string, string> = {};

beforeAll(async () => {
  github = await startFakeGitHub();
  runEnv = {
    GITHUB_API_URL: github.url,
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
    GITHUB_RUN_ID: String(RUN_ID),
    GITHUB_ACTOR: "alice",
    GITHUB_EVENT_NAME: "workflow_dispatch",
    GITHUB_EVENT_PATH: cli.path("event.json"),
  };
  await writeFile(
    runEnv.GITHUB_EVENT_PATH,
    JSON.stringify({
      inputs: { model: "good", version: "1.1.0", environment: "production" },
      ref: "refs/heads/main",
    }),
  );
  await writeFile(cli.path("mlship.yml"), "analysis:\n  min_requests: 10\n");
  const registryEnv = {
    GITHUB_API_URL: github.url,
    GITHUB_REPOSITORY: runEnv.GITHUB_REPOSITORY,
    GITHUB_TOKEN: github.token,
  };
  const drifted = await writeDriftedModel(cli);
  for (const name of MODELS) {
    await packageToGitHub(name, "1.0.0", registryEnv);
    await packageToGitHub(name, "1.1.0", registryEnv, name === "bad" ? drifted : undefined);
  }
  await packageToGitHub("good", "1.2.0", registryEnv);
  server = await startServe(
    cli,
    ["--registry", "github", ...MODELS.flatMap((m) => ["--model", `${m}@1.0.0`])],
    {
      ...registryEnv,
      MLSHIP_ADMIN_TOKEN: TOKEN,
    },
  );
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await github?.close();
  await removeRunnerTemps();
});

/** `mlship package … --registry github` (the built CLI) into the fake GitHub's releases. */
async function packageToGitHub(
  name: string,
  version: string,
  env: Record<string, string>,
  model = fixturePath("binary-linear-zipmap.onnx"),
) {
  const args = ["package", "--model", model, "--name", name, "--version", version, "--registry", "github"];
  const child = spawn(process.execPath, [cli.cli, ...args], {
    cwd: cli.dir,
    env: { PATH: process.env.PATH, NO_COLOR: "1", ...env },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const code = await new Promise<number | null>((done) => child.on("close", done));
  if (code !== 0) throw new Error(`mlship package ${name}@${version} failed (${code}): ${stderr}`);
}

/** The inputs of a step as the runner passes them, over the run's variables. */
function inputs(values: Record<string, string>): Record<string, string> {
  return {
    ...runEnv,
    INPUT_TOKEN: github.token,
    "INPUT_ADMIN-TOKEN": TOKEN,
    INPUT_TARGET: `server:${server.url}`,
    INPUT_REGISTRY: "github",
    INPUT_CONFIG: "mlship.yml",
    ...Object.fromEntries(Object.entries(values).map(([k, v]) => [`INPUT_${k.toUpperCase()}`, v])),
  };
}

const CHECKS = "error_rate <= stable + 0.01\nprediction_psi < 0.2";

/** Runs an action while a load loop sends `load` traffic. */
async function withLoad(load: string, step: Promise<ActionRun>): Promise<ActionRun> {
  let loading = true;
  const loop = (async () => {
    while (loading) await traffic(server.url, load, 16);
  })();
  try {
    return await step;
  } finally {
    loading = false;
    await loop;
  }
}

const canary = (
  name: string,
  options: { signal?: AbortSignal; killSignal?: NodeJS.Signals; interval?: string } = {},
) =>
  runAction(
    "deploy-canary",
    inputs({
      name,
      version: "1.1.0",
      environment: "production",
      steps: "50",
      interval: options.interval ?? "1s",
      "max-wait": "5s",
      checks: CHECKS,
    }),
    { workspace: cli.dir, signal: options.signal, killSignal: options.killSignal },
  );

/** Resolves once the server sends `model`'s candidate 1.1.0 half the traffic: the canary's first step runs. */
async function firstStepOf(model: string): Promise<void> {
  for (;;) {
    const rollout = await rolloutOf(model);
    if (rollout.candidate === "1.1.0" && rollout.weight === 50) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const rolloutOf = async (model: string) =>
  (await call(`${server.url}/admin/models/${model}/rollout`, { token: TOKEN })).json;

/** The deployments of `name` in `environment` in the fake GitHub, oldest first, with their states. */
function deploymentsOf(name: string, environment: string) {
  return github.deployments
    .filter((d) => d.task === `deploy:${name}` && d.environment === environment)
    .map((d) => ({ deployment: d, statuses: github.deploymentStatuses.get(Number(d.id)) ?? [] }));
}

const errors = (run: ActionRun) => run.commands.filter((c) => c.command === "error").map((c) => c.message);

describe("the deploy-canary action", () => {
  it("promotes a good canary: outputs, the step table and chart, a deployment with a status per step", async () => {
    // good@1.0.0 is recorded live first (direct, the server serves it already): the rollback target.
    const first = await runAction(
      "deploy-canary",
      inputs({ name: "good", version: "1.0.0", environment: "production", strategy: "direct" }),
      { workspace: cli.dir },
    );
    expect(first.exitCode, first.stdout).toBe(0);

    const run = await withLoad("good", canary("good"));
    expect(run.exitCode, run.stdout).toBe(0);
    const [, record] = deploymentsOf("good", "production");
    expect(run.outputs).toMatchObject({
      result: "pass",
      "deployment-id": String(record.deployment.id),
      "stable-version": "1.1.0",
    });
    expect(run.outputs.report).toBe(run.outputs["report-file"]);
    expect(run.summary).toContain("### mlship deploy: canary of good@1.1.0 to production — ✅ pass");
    expect(run.summary).toMatch(
      /\| 1 \| 50% \| ✅ pass \| [\d,]+\/[\d,]+ \| canary 50%: 2\/2 checks passed \|/,
    );
    expect(run.summary).toMatch(/```mermaid\nxychart-beta\n[\s\S]*bar \[50, 100\]/);
    expect(record.deployment.ref).toBe("good@v1.1.0");
    expect(record.statuses.map((s) => s.state)).toEqual([
      "in_progress",
      "in_progress",
      "in_progress",
      "success",
    ]);
    expect(record.statuses.at(-1)?.log_url).toBe(
      `https://github.com/${runEnv.GITHUB_REPOSITORY}/actions/runs/${RUN_ID}`,
    );
    expect(await rolloutOf("good")).toEqual({ stable: "1.1.0", strategy: "canary", weight: 0 });
    // The admin token never shows in the log; it was masked before anything ran.
    expect(run.commands).toContainEqual(expect.objectContaining({ command: "add-mask", message: TOKEN }));

    // Its post step, after a main step that finished, does nothing a user sees.
    const statuses = record.statuses.length;
    const post = await runAction("deploy-canary", inputs({}), {
      workspace: cli.dir,
      state: run.state,
    });
    expect(post.exitCode, post.stdout).toBe(0);
    expect(post.summary).toBe("");
    expect(deploymentsOf("good", "production")[1].statuses).toHaveLength(statuses);
  }, 90_000);

  it("fails the step when the analysis fails: result fail, traffic back on stable, an incident issue", async () => {
    const run = await withLoad("bad", canary("bad"));
    expect(run.exitCode).toBe(1);
    expect(run.outputs).toMatchObject({ result: "fail", "stable-version": "1.0.0" });
    expect(errors(run).join("\n")).toMatch(/rolled back bad@1\.1\.0 at 50%: prediction_psi < 0\.2/);
    expect(run.summary).toMatch(/\| prediction\\_psi \\< 0\.2 \| [\d.]+ \| 0\.2000 \| ❌ fail \|/);
    expect(await rolloutOf("bad")).toMatchObject({ stable: "1.0.0", weight: 0 });
    const [record] = deploymentsOf("bad", "production");
    expect(record.statuses.at(-1)?.state).toBe("failure");
    expect(github.issues.filter((i) => i.title.includes("bad in production"))).toHaveLength(1);
  }, 90_000);

  it("leaves its post step to put traffic back and mark the deployment error when the main step is killed", async () => {
    const killer = new AbortController();
    const main = withLoad("kill", canary("kill", { signal: killer.signal, interval: "60s" }));
    await firstStepOf("kill");
    // Mid-step, once GitHub has the step's status (statuses are written behind the rollout, a second apart).
    while (!/analysing/.test(deploymentsOf("kill", "production")[0]?.statuses.at(-1)?.description ?? ""))
      await new Promise((resolve) => setTimeout(resolve, 100));
    killer.abort();
    const killed = await main;
    expect(killed.exitCode).toBeNull();
    expect(killed.state).toMatchObject({ name: "kill", environment: "production", version: "1.1.0" });
    expect(killed.state.finished).toBeUndefined();
    const [record] = deploymentsOf("kill", "production");
    expect(killed.state["deployment-id"]).toBe(String(record.deployment.id));
    expect(record.statuses.at(-1)?.state).toBe("in_progress");

    const post = await runAction("deploy-canary", inputs({}), {
      workspace: cli.dir,
      state: killed.state,
    });
    expect(post.exitCode, post.stdout + post.stderr).toBe(0);
    expect(await rolloutOf("kill")).toMatchObject({ stable: "1.0.0", weight: 0 });
    const status = deploymentsOf("kill", "production")[0].statuses.at(-1);
    expect(status?.state).toBe("error");
    expect(status?.description).toMatch(/^cancelled: the job stopped mid-rollout; traffic back on 1\.0\.0/);
    expect(post.summary).toContain("rollout cancelled");
    // The post step got the admin token from its input, not from the saved state.
    expect(JSON.stringify(killed.state)).not.toContain(TOKEN);
  }, 90_000);

  it("puts traffic back itself when the job is cancelled (SIGINT): result cancelled, its post step silent", async () => {
    const canceller = new AbortController();
    const main = withLoad(
      "cancel",
      canary("cancel", { signal: canceller.signal, killSignal: "SIGINT", interval: "60s" }),
    );
    await firstStepOf("cancel");
    canceller.abort();
    const cancelled = await main;
    expect(cancelled.exitCode).toBe(1);
    expect(cancelled.outputs.result).toBe("cancelled");
    expect(cancelled.state.finished).toBe("true");
    expect(await rolloutOf("cancel")).toMatchObject({ stable: "1.0.0", weight: 0 });
    const [record] = deploymentsOf("cancel", "production");
    expect(record.statuses.at(-1)).toMatchObject({
      state: "error",
      description: expect.stringContaining("cancelled"),
    });

    const statuses = record.statuses.length;
    const post = await runAction("deploy-canary", inputs({}), {
      workspace: cli.dir,
      state: cancelled.state,
    });
    expect(post.exitCode).toBe(0);
    expect(post.summary).toBe("");
    expect(deploymentsOf("cancel", "production")[0].statuses).toHaveLength(statuses);
  }, 90_000);

  it("names the input that is wrong", async () => {
    const run = await runAction(
      "deploy-canary",
      inputs({ name: "good", version: "1.1.0", environment: "production", steps: "50,10" }),
      { workspace: cli.dir },
    );
    expect(run.exitCode).toBe(1);
    expect(errors(run)).toEqual([expect.stringMatching(/^input 'steps': expected ascending weights/)]);
  });
});

describe("the rollback and promote actions", () => {
  it("rolls good in production back to 1.0.0, recorded as a direct deployment", async () => {
    const run = await runAction("rollback", inputs({ name: "good", environment: "production" }), {
      workspace: cli.dir,
    });
    expect(run.exitCode, run.stdout).toBe(0);
    const records = deploymentsOf("good", "production");
    expect(run.outputs).toEqual({ version: "1.0.0", "deployment-id": String(records.at(-1)?.deployment.id) });
    expect(records.at(-1)?.statuses.at(-1)?.state).toBe("success");
    expect((await rolloutOf("good")).stable).toBe("1.0.0");
    expect(run.summary).toContain("### mlship rollback: good in production — rolled-back");
  }, 60_000);

  it("refuses to promote a version without an evaluation, naming it; forced with a reason, records the approvals", async () => {
    const refused = await runAction(
      "promote",
      inputs({ name: "good", version: "1.2.0", environment: "staging" }),
      {
        workspace: cli.dir,
      },
    );
    expect(refused.exitCode).toBe(1);
    expect(errors(refused)).toEqual([
      expect.stringMatching(
        /refusing to promote good@1\.2\.0 to staging: its release good@v1\.2\.0 has no evaluation\.json/,
      ),
    ]);
    expect(deploymentsOf("good", "staging")).toEqual([]);

    github.approveRun(RUN_ID, { environment: "staging", login: "carol", comment: "ship it" });
    const forced = await runAction(
      "promote",
      inputs({ name: "good", version: "1.2.0", environment: "staging", force: "true", reason: "hotfix" }),
      { workspace: cli.dir },
    );
    expect(forced.exitCode, forced.stdout).toBe(0);
    expect(forced.outputs).toMatchObject({ result: "pass", "stable-version": "1.2.0" });
    const [record] = deploymentsOf("good", "staging");
    expect(record.deployment.payload).toMatchObject({
      forced: true,
      reason: "hotfix",
      actor: "alice",
      approvals: [{ login: "carol", state: "approved", environments: ["staging"], comment: "ship it" }],
    });
  }, 60_000);
});
