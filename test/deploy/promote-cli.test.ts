/**
 * `mlship promote` as a user meets it (the built CLI) against a real `mlship serve` and the local
 * registry: a version whose release carries an evaluation.json with a passed gate goes live (direct),
 * recording who asked and — in GitHub Actions — the run's Environment approvals (read from the fake
 * GitHub); one without an evaluation, or with a failed gate, is refused (exit 1, naming it) unless
 * --force with a reason, which the deployment keeps.
 */
import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalRegistry } from "../../src/registry/local-registry.js";
import { useCli } from "../cli/run-cli.js";
import { fixturePath } from "../model/model-fixtures.js";
import { call, type ServeProcess, startServe } from "../serve/serve-process.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { spawnMlship, TOKEN } from "./deploy-fixture.js";

const cli = useCli("promote-cli");
let server: ServeProcess;
let registry: LocalRegistry;
let github: FakeGitHub;

async function pack(version: string, gate?: boolean) {
  const args = ["package", "--model", fixturePath("binary-linear-zipmap.onnx"), "--name", "churn"];
  if (gate !== undefined) {
    const file = `evaluation-${version}.json`;
    await writeFile(
      cli.path(file),
      JSON.stringify({ task: "binary", metrics: { accuracy: 0.9 }, gate: { passed: gate, rules: [] } }),
    );
    args.push("--evaluation", file);
  }
  const result = await cli.run([...args, "--version", version, "--registry", "local:reg"]);
  expect(result.code, result.stderr).toBe(0);
}

function promote(args: string[], env: NodeJS.ProcessEnv = {}) {
  const common = ["--name", "churn", "--env", "production", "--registry", "local:reg"];
  return spawnMlship(cli, ["promote", ...common, "--target", `server:${server.url}`, ...args], env).exited;
}

const stableOf = async () =>
  (await call(`${server.url}/admin/models/churn/rollout`, { token: TOKEN })).json.stable;

beforeAll(async () => {
  await pack("1.0.0", true);
  await pack("1.1.0", true);
  await pack("1.2.0");
  await pack("1.3.0", false);
  server = await startServe(cli, ["--registry", "local:reg", "--model", "churn@1.0.0"], {
    MLSHIP_ADMIN_TOKEN: TOKEN,
  });
  registry = new LocalRegistry(cli.path("reg"));
  github = await startFakeGitHub();
  github.addEnvironment("production", { reviewers: ["alice"] });
  github.approveRun(77, { environment: "production", login: "alice", comment: "looks good" });
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await github?.close();
});

describe("mlship promote", () => {
  it("promotes an evaluated version directly, recording the actor and the run's approvals", async () => {
    const result = await promote(["--version", "1.1.0"], {
      GITHUB_ACTOR: "bob",
      GITHUB_TRIGGERING_ACTOR: "carol",
      GITHUB_RUN_ID: "77",
      GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
      GITHUB_TOKEN: github.token,
      GITHUB_API_URL: github.url,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("promote churn@1.1.0 to production: evaluation: passed");
    expect(await stableOf()).toBe("1.1.0");
    const [deployment] = await registry.history("churn", "production");
    expect(deployment).toMatchObject({
      version: "1.1.0",
      strategy: "direct",
      state: "success",
      actor: "carol",
    });
    expect(deployment.logUrl).toBe(`https://github.com/${github.owner}/${github.repo}/actions/runs/77`);
    expect(deployment.approvals).toEqual([
      { login: "alice", state: "approved", environments: ["production"], comment: "looks good" },
    ]);
    expect(deployment.forced).toBeUndefined();
  }, 60_000);

  it("refuses a version without an evaluation.json, and one whose gate failed (exit 1, named)", async () => {
    const none = await promote(["--version", "1.2.0"]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      "refusing to promote churn@1.2.0 to production: its release churn@v1.2.0 has no evaluation.json",
    );
    const failed = await promote(["--version", "1.3.0"]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain("the gate of churn@v1.3.0's evaluation.json failed");
    expect(await stableOf()).toBe("1.1.0");
  }, 60_000);

  it("promotes past the check with --force and a reason, which the deployment records", async () => {
    const result = await promote(["--version", "1.2.0", "--force", "--reason", "hotfix for incident 12"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain("evaluation: its release churn@v1.2.0 has no evaluation.json — forced");
    expect(await stableOf()).toBe("1.2.0");
    const [deployment] = await registry.history("churn", "production");
    expect(deployment).toMatchObject({ version: "1.2.0", forced: true, reason: "hotfix for incident 12" });
  }, 60_000);

  it("exit 2 for --force without a reason, and for a reason without --force, naming the option", async () => {
    const result = await promote(["--version", "1.3.0", "--force"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--reason: required with force");
    const unforced = await promote(["--version", "1.3.0", "--reason", "hotfix"]);
    expect(unforced.code).toBe(2);
    expect(unforced.stderr).toContain("--reason: given without force");
  });
});
