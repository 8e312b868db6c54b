/**
 * The rollout engine against a real `mlship serve` (the built CLI) and the local registry, on a manual
 * clock whose sleeps send each step's traffic: a good canary is promoted step by step; a drifted candidate
 * is rolled back at its first step with a `failure` and one incident (a second bad rollout comments on it);
 * a model without traffic stays inconclusive and fails (analysis.inconclusive: fail); a rollout already in
 * progress is refused, a leftover of this same run is ended and started afresh; an abort puts traffic back;
 * a target that refuses the token or does not answer leaves the deployment `error`.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseChecks } from "../../src/deploy/analysis.js";
import { ManualClock } from "../../src/deploy/clock.js";
import { runRollback } from "../../src/deploy/rollback.js";
import { type DeployPlan, runDeploy } from "../../src/deploy/run-deploy.js";
import { ServerTarget } from "../../src/deploy/server-target.js";
import { LocalIncidentTracker } from "../../src/incidents/local-incidents.js";
import { MlshipError } from "../../src/lib/errors.js";
import { LocalRegistry } from "../../src/registry/local-registry.js";
import { useCli } from "../cli/run-cli.js";
import { call, type ServeProcess, startServe } from "../serve/serve-process.js";
import { freePort } from "../support/free-port.js";
import { rejection } from "../support/user-error.js";
import { publish, TOKEN, trafficClock, writeDriftedModel } from "./deploy-fixture.js";

const cli = useCli("run-deploy");
let server: ServeProcess;
let registry: LocalRegistry;
let incidents: LocalIncidentTracker;
let target: ServerTarget;
const env = { MLSHIP_ADMIN_TOKEN: TOKEN };
const CHECKS = parseChecks([
  { text: "error_rate <= stable + 0.01", source: "--check" },
  { text: "prediction_psi < 0.2", source: "--check" },
]);

function plan(name: string, version: string, extra: Partial<DeployPlan> = {}): DeployPlan {
  return {
    name,
    version,
    environment: "production",
    strategy: "canary",
    steps: [10, 25, 50, 100],
    intervalSeconds: 60,
    maxWaitSeconds: 120,
    checks: CHECKS,
    minRequests: 10,
    inconclusive: "fail",
    ...extra,
  };
}

const rolloutOf = async (model: string) =>
  (await call(`${server.url}/admin/models/${model}/rollout`, { token: TOKEN })).json;

beforeAll(async () => {
  const drifted = await writeDriftedModel(cli);
  for (const name of ["good", "bad", "quiet", "busy", "mirror"]) await publish(cli, name, "1.0.0");
  await publish(cli, "mirror", "1.1.0");
  await publish(cli, "mirror", "2.0.0", drifted);
  await publish(cli, "good", "1.1.0");
  await publish(cli, "quiet", "1.1.0");
  await publish(cli, "busy", "1.1.0");
  await publish(cli, "bad", "2.0.0", drifted);
  const models = ["good", "bad", "quiet", "busy", "mirror"].flatMap((name) => ["--model", `${name}@1.0.0`]);
  server = await startServe(cli, ["--registry", "local:reg", ...models], env);
  registry = new LocalRegistry(cli.path("reg"));
  incidents = new LocalIncidentTracker(cli.path("reg"));
  target = new ServerTarget(server.url, { env });
  // 1.0.0 goes live in production first: the rollback target of what follows.
  for (const name of ["good", "bad", "quiet", "busy", "mirror"]) {
    const first = await runDeploy(plan(name, "1.0.0", { strategy: "direct" }), { registry, target });
    expect(first.result).toBe("unchanged");
  }
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

describe("runDeploy canary on a real mlship serve", () => {
  it("promotes a good candidate step by step: success, stable 1.1.0, 1.0.0 the rollback target", async () => {
    const clock = trafficClock(() => server.url, "good", 400);
    const report = await runDeploy(plan("good", "1.1.0"), { registry, target, clock, incidents });
    expect(report.result, report.summary).toBe("pass");
    expect(report.exitCode).toBe(0);
    expect(report.steps.map((s) => [s.weight, s.verdict])).toEqual([
      [10, "pass"],
      [25, "pass"],
      [50, "pass"],
      [100, "promoted"],
    ]);
    expect(clock.sleeps).toEqual([60_000, 60_000, 60_000]);
    expect(await rolloutOf("good")).toEqual({ stable: "1.1.0", strategy: "canary", weight: 0 });
    const [deployment] = await registry.history("good", "production");
    expect(deployment.id).toBe(report.deploymentId);
    expect(deployment.state).toBe("success");
    expect(deployment.steps).toEqual([10, 25, 50, 100]);
    expect(deployment.analysis?.checks).toEqual(["error_rate <= stable + 0.01", "prediction_psi < 0.2"]);
    expect(deployment.environmentUrl).toBe(server.url);
    expect(deployment.statuses.map((s) => s.description)).toContain("canary 25%: 2/2 checks passed");
    expect((await registry.current("good", "production"))?.version).toBe("1.1.0");
    expect((await registry.previousGood("good", "production"))?.version).toBe("1.0.0");
  }, 120_000);

  it("rolls a drifted candidate back at its first step: failure naming the check, one incident", async () => {
    const clock = trafficClock(() => server.url, "bad", 400);
    const report = await runDeploy(plan("bad", "2.0.0"), { registry, target, clock, incidents });
    expect(report.result).toBe("fail");
    expect(report.exitCode).toBe(1);
    expect(report.steps.map((s) => [s.weight, s.verdict])).toEqual([[10, "fail"]]);
    expect(report.failedCheck?.rule).toBe("prediction_psi < 0.2");
    expect(await rolloutOf("bad")).toEqual({
      stable: "1.0.0",
      candidate: "2.0.0",
      strategy: "canary",
      weight: 0,
    });
    const [deployment] = await registry.history("bad", "production");
    expect(deployment.state).toBe("failure");
    expect(deployment.stateDescription).toMatch(
      /^canary 10%: rolled back to 1\.0\.0: prediction_psi < 0\.2: /,
    );
    expect(report.incident?.action).toBe("opened");
    expect((await registry.current("bad", "production"))?.version).toBe("1.0.0");

    const again = await runDeploy(plan("bad", "2.0.0"), {
      registry,
      target,
      clock: trafficClock(() => server.url, "bad", 400),
      incidents,
    });
    expect(again.result).toBe("fail");
    expect(again.incident?.action).toBe("commented");
    expect(again.incident?.incident?.id).toBe(report.incident?.incident?.id);
    const all = await incidents.incidents("bad");
    expect(all).toHaveLength(1);
    expect(all[0].comments).toHaveLength(1);
    expect(all[0].body).toContain("prediction_psi");
  }, 120_000);

  it("fails a step that stays inconclusive without traffic after max-wait, and says so", async () => {
    const clock = trafficClock(() => server.url, "quiet", 0);
    const report = await runDeploy(plan("quiet", "1.1.0"), { registry, target, clock });
    expect(report.result).toBe("fail");
    expect(report.steps).toHaveLength(1);
    expect(report.steps[0].verdict).toBe("inconclusive");
    expect(report.steps[0].description).toContain(
      "after max-wait 120s: counted as fail (analysis.inconclusive: fail)",
    );
    // The interval, then waits of an interval up to max-wait.
    expect(clock.sleeps).toEqual([60_000, 60_000, 60_000]);
    expect(await rolloutOf("quiet")).toMatchObject({ stable: "1.0.0", weight: 0 });
  }, 60_000);

  it("puts traffic back on stable and marks the deployment error when aborted mid-rollout", async () => {
    const controller = new AbortController();
    let sleeps = 0;
    const clock = new ManualClock(0, () => {
      if (++sleeps === 2) controller.abort(new Error("SIGTERM"));
    });
    const report = await runDeploy(plan("busy", "1.1.0", { minRequests: 0 }), {
      registry,
      target,
      clock,
      signal: controller.signal,
    });
    expect(report.result).toBe("cancelled");
    expect(report.exitCode).toBe(1);
    expect(await rolloutOf("busy")).toMatchObject({ stable: "1.0.0", weight: 0 });
    const [deployment] = await registry.history("busy", "production");
    expect(deployment.state).toBe("error");
    expect(deployment.stateDescription).toContain("cancelled; traffic back on 1.0.0");
  }, 60_000);
});

describe("runDeploy shadow", () => {
  it("mirrors traffic to a good candidate, reports its figures, and never promotes it", async () => {
    const clock = trafficClock(() => server.url, "mirror", 100);
    const report = await runDeploy(plan("mirror", "1.1.0", { strategy: "shadow", durationSeconds: 90 }), {
      registry,
      target,
      clock,
    });
    expect(report.result, report.summary).toBe("pass");
    // --duration: the copies run 90s instead of the 60s interval.
    expect(clock.sleeps).toEqual([90_000]);
    expect(report.exitCode).toBe(0);
    expect(report.steps).toHaveLength(1);
    expect(report.steps[0].verdict).toBe("pass");
    expect(report.steps[0].requests.candidate).toBeGreaterThanOrEqual(10);
    expect(report.steps[0].shadow?.disagreement).toBe(0);
    expect(report.summary).toContain("not promoted: 1.0.0 serves");
    expect(await rolloutOf("mirror")).toEqual({ stable: "1.0.0", strategy: "canary", weight: 0 });
    const [deployment] = await registry.history("mirror", "production");
    expect(deployment).toMatchObject({
      version: "1.1.0",
      strategy: "shadow",
      trafficPercent: 0,
      state: "inactive",
    });
    expect((await registry.current("mirror", "production"))?.version).toBe("1.0.0");
  }, 60_000);

  it("fails a drifted candidate's shadow (exit 1) with stable serving throughout", async () => {
    const clock = trafficClock(() => server.url, "mirror", 100);
    const report = await runDeploy(plan("mirror", "2.0.0", { strategy: "shadow" }), {
      registry,
      target,
      clock,
      incidents,
    });
    expect(report.result).toBe("fail");
    expect(report.exitCode).toBe(1);
    expect(report.failedCheck?.rule).toBe("prediction_psi < 0.2");
    expect(report.steps[0].shadow?.disagreement).toBe(1);
    expect(report.incident).toBeUndefined();
    expect(await rolloutOf("mirror")).toEqual({ stable: "1.0.0", strategy: "canary", weight: 0 });
    expect((await registry.history("mirror", "production"))[0].state).toBe("failure");
  }, 60_000);
});

describe("runDeploy refusals and faults", () => {
  it("refuses a second rollout while one is in progress, naming it and its run", async () => {
    const running = await registry.recordDeployment({
      name: "quiet",
      version: "1.1.0",
      environment: "staging",
      strategy: "canary",
      trafficPercent: 10,
    });
    await registry.setDeploymentStatus(running.id, "in_progress", {
      description: "canary 10%",
      logUrl: "https://github.com/o/r/actions/runs/1",
    });
    const refused = await rejection(
      runDeploy(plan("quiet", "1.1.0", { environment: "staging", strategy: "direct" }), { registry, target }),
    );
    expect(refused.code).toBe("rollout_in_progress");
    expect(refused.exitCode).toBe(2);
    expect(refused.message).toContain(`deployment ${running.id}`);
    expect(refused.message).toContain("https://github.com/o/r/actions/runs/1");

    // A rerun of that same run ends its leftover and starts afresh.
    const rerun = await runDeploy(
      plan("quiet", "1.1.0", {
        environment: "staging",
        strategy: "direct",
        runUrl: "https://github.com/o/r/actions/runs/1",
      }),
      { registry, target },
    );
    expect(rerun.abandoned).toBe(running.id);
    expect(rerun.result).toBe("pass");
    const [latest, leftover] = await registry.history("quiet", "staging");
    expect(latest.state).toBe("success");
    expect(leftover.state).toBe("error");
    expect(leftover.stateDescription).toContain("abandoned");
    // Back to 1.0.0 for the other tests.
    await target.setRollout("quiet", { stable: "1.0.0", strategy: "canary", weight: 0 });
  }, 60_000);

  it("names the token when the target answers 401, leaving the deployment error", async () => {
    const wrong = new ServerTarget(server.url, { env: { MLSHIP_ADMIN_TOKEN: "nope" } });
    const refused = await rejection(
      runDeploy(plan("good", "1.0.0", { environment: "dev" }), { registry, target: wrong }),
    );
    expect(refused.code).toBe("unauthorized");
    expect(refused.exitCode).toBe(2);
    expect(refused.message).toContain("MLSHIP_ADMIN_TOKEN");
    const [deployment] = await registry.history("good", "dev");
    expect(deployment.state).toBe("error");
  });

  it("retries a target that does not answer, then exit 1 with the deployment error and traffic unchanged", async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const gone = new ServerTarget(url, { env, retry: { sleep: async () => {} } });
    const before = await rolloutOf("good");
    const failed = await rejection(
      runDeploy(plan("good", "1.0.0", { environment: "qa" }), { registry, target: gone }),
    );
    expect(failed.code).toBe("unreachable");
    expect(failed.exitCode).toBe(1);
    expect(failed.message).toContain(`${url}/admin/models/good/rollout did not answer after 4 tries`);
    const [deployment] = await registry.history("good", "qa");
    expect(deployment.state).toBe("error");
    expect(deployment.stateDescription).toContain("traffic unchanged");
    expect(await rolloutOf("good")).toEqual(before);
  });

  it("refuses a version the registry does not have", async () => {
    const refused = await rejection(runDeploy(plan("good", "9.9.9"), { registry, target }));
    expect(refused.code).toBe("unknown_version");
    expect(refused.exitCode).toBe(2);
    expect(refused.message).toContain("good@9.9.9 is not in local:");
  });
});

/** The local registry whose status writes fail (a GitHub 5xx past the client's retries) `failures` times. */
function flakyStatuses(failures: number): LocalRegistry & { failed: number } {
  const flaky = Object.create(registry) as LocalRegistry & { failed: number };
  flaky.failed = 0;
  flaky.setDeploymentStatus = async (...args) => {
    if (flaky.failed < failures) {
      flaky.failed++;
      throw new MlshipError("github_error", "GitHub answered 502 writing the status", {}, 1);
    }
    return registry.setDeploymentStatus(...args);
  };
  return flaky;
}

describe("runDeploy when status writes fail", () => {
  it("carries on and writes the final state once the registry answers again", async () => {
    const logged: string[] = [];
    const flaky = flakyStatuses(3);
    const report = await runDeploy(plan("busy", "1.1.0", { environment: "flaky", strategy: "direct" }), {
      registry: flaky,
      target,
      clock: new ManualClock(),
      log: (message) => logged.push(message),
    });
    expect(report.result).toBe("pass");
    expect(report.unwrittenStatus).toBeUndefined();
    expect(flaky.failed).toBe(3);
    expect(logged.filter((line) => line.startsWith("warning: status"))).toHaveLength(3);
    const [deployment] = await registry.history("busy", "flaky");
    expect(deployment.state).toBe("success");
    expect(await rolloutOf("busy")).toMatchObject({ stable: "1.1.0" });
    await target.setRollout("busy", { stable: "1.0.0", strategy: "canary", weight: 0 });
  });

  it("still finishes the rollout when the status can never be written, and says so", async () => {
    const report = await runDeploy(plan("busy", "1.1.0", { environment: "down", strategy: "direct" }), {
      registry: flakyStatuses(100),
      target,
      clock: new ManualClock(),
    });
    expect(report.result).toBe("pass");
    expect(report.unwrittenStatus).toMatch(/^success: direct: 1\.1\.0 serves 100%/);
    expect(await rolloutOf("busy")).toMatchObject({ stable: "1.1.0" });
    await target.setRollout("busy", { stable: "1.0.0", strategy: "canary", weight: 0 });
  });
});

describe("runRollback", () => {
  it("switches back to the previous good version, records it and comments on the open incident", async () => {
    // good: 1.0.0 then 1.1.0 promoted by the canary above; an incident is open (a monitor breach, say).
    const opened = await incidents.openOrUpdate({
      name: "good",
      environment: "production",
      kind: "rollout",
      version: "1.1.0",
      summary: "rollout of 1.1.0 failed",
      failingChecks: [],
    });
    const undone = await registry.current("good", "production");
    expect(undone?.version).toBe("1.1.0");
    const report = await runRollback(
      { name: "good", environment: "production" },
      { registry, target, incidents },
    );
    expect(report.result).toBe("rolled-back");
    expect([report.from, report.to]).toEqual(["1.1.0", "1.0.0"]);
    expect(await rolloutOf("good")).toEqual({ stable: "1.0.0", strategy: "canary", weight: 0 });
    const [latest, previous] = await registry.history("good", "production");
    expect(latest).toMatchObject({
      version: "1.0.0",
      strategy: "direct",
      state: "success",
      rollbackOf: undone?.id,
    });
    expect(previous.id).toBe(undone?.id);
    expect(previous.state).toBe("inactive");
    expect(report.incident?.action).toBe("commented");
    expect(report.incident?.incident?.id).toBe(opened.incident?.id);

    // Twice: nothing moves further back.
    const again = await runRollback(
      { name: "good", environment: "production" },
      { registry, target, incidents },
    );
    expect(again.result).toBe("unchanged");
    expect(again.to).toBe("1.0.0");
    expect((await registry.history("good", "production"))[0].id).toBe(latest.id);
    expect(await rolloutOf("good")).toEqual({ stable: "1.0.0", strategy: "canary", weight: 0 });
  }, 60_000);

  it("exit 2 naming why when there is nothing to roll back to", async () => {
    const none = await rejection(runRollback({ name: "good", environment: "nowhere" }, { registry, target }));
    expect(none.code).toBe("nothing_to_roll_back");
    expect(none.exitCode).toBe(2);
    expect(none.message).toContain("no deployment of it is recorded");
    const only = await rejection(
      runRollback({ name: "bad", environment: "production" }, { registry, target }),
    );
    expect(only.message).toContain("1.0.0 (deployment");
    expect(only.message).toContain("is the only version that served there; give --to <version>");
  });
});
