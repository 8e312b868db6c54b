/**
 * The bluegreen and ab strategies of the rollout engine against a real `mlship serve` (the built CLI) and
 * the local registry, on a manual clock whose sleeps send each window's traffic: a good bluegreen switch
 * makes the candidate stable and a drifted one is switched back, both with zero failed requests under a
 * load loop, and an abort after the switch puts traffic back; an ab split is decided from feedback (the more accurate arm wins), and one without enough
 * feedback is inconclusive.
 */
import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseChecks } from "../../src/deploy/analysis.js";
import { ManualClock } from "../../src/deploy/clock.js";
import { type DeployPlan, runDeploy } from "../../src/deploy/run-deploy.js";
import { ServerTarget } from "../../src/deploy/server-target.js";
import { LocalIncidentTracker } from "../../src/incidents/local-incidents.js";
import { LocalRegistry } from "../../src/registry/local-registry.js";
import { useCli } from "../cli/run-cli.js";
import { call, post, type ServeProcess, startServe } from "../serve/serve-process.js";
import { publish, TOKEN, traffic, trafficClock, writeDriftedModel } from "./deploy-fixture.js";

const cli = useCli("deploy-strategies");
let server: ServeProcess;
let registry: LocalRegistry;
let incidents: LocalIncidentTracker;
let target: ServerTarget;
const env = { MLSHIP_ADMIN_TOKEN: TOKEN };
const MODELS = ["blue", "green", "split", "thin"];

function plan(name: string, version: string, extra: Partial<DeployPlan>): DeployPlan {
  return {
    name,
    version,
    environment: "production",
    strategy: "bluegreen",
    steps: [10, 25, 50, 100],
    intervalSeconds: 60,
    maxWaitSeconds: 60,
    checks: parseChecks([
      { text: "error_rate <= stable + 0.01", source: "--check" },
      { text: "prediction_psi < 0.2", source: "--check" },
    ]),
    minRequests: 10,
    inconclusive: "fail",
    ...extra,
  };
}

const rolloutOf = async (model: string) =>
  (await call(`${server.url}/admin/models/${model}/rollout`, { token: TOKEN })).json;

/** Sends `model` requests (4 at a time) until stopped; resolves with every status seen. */
function loadLoop(model: string): { stop: () => Promise<number[]> } {
  let running = true;
  const statuses: number[] = [];
  const loop = Promise.all(
    Array.from({ length: 4 }, async () => {
      while (running) statuses.push(...(await traffic(server.url, model, 4)));
    }),
  );
  return {
    stop: async () => {
      running = false;
      await loop;
      return statuses;
    },
  };
}

beforeAll(async () => {
  const drifted = await writeDriftedModel(cli);
  for (const name of MODELS) await publish(cli, name, "1.0.0", name === "split" ? drifted : undefined);
  await publish(cli, "blue", "1.1.0");
  await publish(cli, "green", "2.0.0", drifted);
  await publish(cli, "split", "1.1.0");
  await publish(cli, "thin", "1.1.0");
  server = await startServe(
    cli,
    ["--registry", "local:reg", ...MODELS.flatMap((m) => ["--model", `${m}@1.0.0`])],
    env,
  );
  registry = new LocalRegistry(cli.path("reg"));
  incidents = new LocalIncidentTracker(cli.path("reg"));
  target = new ServerTarget(server.url, { env });
  for (const name of MODELS) {
    const first = await runDeploy(plan(name, "1.0.0", { strategy: "direct" }), { registry, target });
    expect(first.result).toBe("unchanged");
  }
  // Smoke rows: three columns of numbers (the fixture's [N, 3] input is unnamed: sent by position).
  await writeFile(cli.path("smoke.csv"), "a,b,c\n0.5,1,1.5\n-1,-2,-3\n2,4,6\n");
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

describe("runDeploy bluegreen", () => {
  it("switches to a good candidate with zero failed requests: success, stable 1.1.0, 1.0.0 the rollback target", async () => {
    const load = loadLoop("blue");
    const clock = trafficClock(() => server.url, "blue", 200);
    const report = await runDeploy(
      plan("blue", "1.1.0", {
        keepWarmSeconds: 120,
        smoke: { file: cli.path("smoke.csv"), source: "--smoke" },
      }),
      { registry, target, clock, incidents },
    ).finally(() => load.stop());
    const statuses = await load.stop();
    expect(report.result, report.summary).toBe("pass");
    expect(report.smoke).toMatchObject({ sent: 3, answered: 3 });
    expect(report.steps.map((s) => [s.weight, s.verdict])).toEqual([
      [0, "pass"],
      [100, "pass"],
      [100, "promoted"],
    ]);
    expect(clock.sleeps).toEqual([60_000, 120_000]);
    expect(statuses.length).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    // The old version is no longer in the rollout.
    expect(await rolloutOf("blue")).toEqual({ stable: "1.1.0", strategy: "canary", weight: 0 });
    const [deployment] = await registry.history("blue", "production");
    expect(deployment).toMatchObject({ strategy: "bluegreen", state: "success" });
    expect((await registry.previousGood("blue", "production"))?.version).toBe("1.0.0");
  }, 120_000);

  it("switches a drifted candidate back at once with zero failed requests: failure naming the check, an incident", async () => {
    const load = loadLoop("green");
    const clock = trafficClock(() => server.url, "green", 200);
    const report = await runDeploy(
      plan("green", "2.0.0", {
        keepWarmSeconds: 120,
        smoke: { file: cli.path("smoke.csv"), source: "--smoke" },
      }),
      { registry, target, clock, incidents },
    ).finally(() => load.stop());
    const statuses = await load.stop();
    expect(report.result).toBe("fail");
    expect(report.exitCode).toBe(1);
    expect(report.steps.map((s) => [s.weight, s.verdict])).toEqual([
      [0, "pass"],
      [100, "fail"],
    ]);
    expect(report.failedCheck?.rule).toBe("prediction_psi < 0.2");
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    expect(await rolloutOf("green")).toMatchObject({ stable: "1.0.0", weight: 0 });
    const [deployment] = await registry.history("green", "production");
    expect(deployment.state).toBe("failure");
    expect(deployment.stateDescription).toMatch(
      /^bluegreen keep-warm: switched back: rolled back to 1\.0\.0: prediction_psi/,
    );
    expect(report.incident?.action).toBe("opened");
    expect((await registry.current("green", "production"))?.version).toBe("1.0.0");
  }, 120_000);
  it("puts traffic back on stable and marks the deployment error when aborted after the switch", async () => {
    const controller = new AbortController();
    let sleeps = 0;
    let switched: unknown;
    const clock = new ManualClock(0, async () => {
      // The second sleep is the keep-warm window: the candidate answers every request.
      if (++sleeps === 2) {
        switched = await rolloutOf("green");
        controller.abort(new Error("SIGTERM"));
      }
    });
    const report = await runDeploy(
      plan("green", "2.0.0", { smoke: { file: cli.path("smoke.csv"), source: "--smoke" } }),
      { registry, target, clock, signal: controller.signal },
    );
    expect(switched).toMatchObject({
      stable: "1.0.0",
      candidate: "2.0.0",
      strategy: "bluegreen",
      weight: 100,
    });
    expect(report.result).toBe("cancelled");
    expect(await rolloutOf("green")).toMatchObject({ stable: "1.0.0", strategy: "canary", weight: 0 });
    const [deployment] = await registry.history("green", "production");
    expect(deployment.state).toBe("error");
    expect(deployment.stateDescription).toContain("cancelled; traffic back on 1.0.0");
  }, 60_000);
});

/**
 * A manual clock whose every sleep sends `requests` predictions of `model` (10 rows each, a user header
 * per request) and, when `labelled`, the true labels back as feedback: the labels 1.1.0 (the good model)
 * predicts — 1.0.0 (the drifted one) predicts the other class of two.
 */
function feedbackClock(model: string, requests: number, labelled: boolean): ManualClock {
  let sent = 0;
  return new ManualClock(Date.UTC(2026, 0, 1), async () => {
    const feedback: { id: string; label: string[] }[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, worker) => {
        for (let i = worker; i < requests; i += 8) {
          const id = `${model}-${sent++}`;
          const rows = Array.from({ length: 10 }, (_, r) => {
            const x = r / 5 - 1;
            return [x, -x / 2, x * 0.3];
          });
          const answer = await post(
            `${server.url}/v1/models/${model}:predict`,
            { instances: rows },
            {
              "x-request-id": id,
              "x-user": `user-${i}`,
            },
          );
          expect(answer.status).toBe(200);
          const predictions = answer.json.predictions as {
            label: string;
            probabilities: Record<string, number>;
          }[];
          const good = answer.headers.get("x-model-version") === "1.1.0";
          const label = predictions.map((p) => {
            if (good) return String(p.label);
            return Object.keys(p.probabilities).find((c) => c !== String(p.label))!;
          });
          feedback.push({ id, label });
        }
      }),
    );
    if (labelled) {
      const sentBack = await post(`${server.url}/v1/feedback`, feedback);
      expect(sentBack.status).toBe(202);
    }
  });
}

describe("runDeploy ab", () => {
  it("decides from feedback that the more accurate candidate is better, then puts traffic back on stable", async () => {
    const clock = feedbackClock("split", 60, true);
    let during: unknown;
    const report = await runDeploy(
      plan("split", "1.1.0", {
        strategy: "ab",
        checks: parseChecks([{ text: "error_rate <= stable + 0.01", source: "--check" }]),
        durationSeconds: 600,
        stickyKey: "header:x-user",
        ab: { confidence: 0.95, minLabelled: 100 },
      }),
      {
        registry,
        target,
        clock,
        log: (line) => {
          if (line.startsWith("ab: ")) void rolloutOf("split").then((r) => (during = r));
        },
      },
    );
    expect(report.result, report.summary).toBe("pass");
    expect(report.exitCode).toBe(0);
    expect(report.ab?.verdict).toBe("candidate better");
    expect(report.ab?.metric).toBe("accuracy");
    expect(report.ab?.candidate.value).toBeGreaterThan(report.ab?.stable.value ?? 1);
    expect(report.ab?.candidate.labelled).toBeGreaterThanOrEqual(100);
    expect(report.ab?.stable.labelled).toBeGreaterThanOrEqual(100);
    expect(report.ab?.test?.pValue).toBeLessThan(0.05);
    // Decided at the first look: no need to run the whole duration.
    expect(clock.sleeps).toEqual([60_000]);
    expect(during).toEqual({
      stable: "1.0.0",
      candidate: "1.1.0",
      strategy: "ab",
      weight: 50,
      stickyKey: "header:x-user",
    });
    expect(await rolloutOf("split")).toEqual({
      stable: "1.0.0",
      strategy: "canary",
      weight: 0,
      stickyKey: "header:x-user",
    });
    const [deployment] = await registry.history("split", "production");
    expect(deployment).toMatchObject({
      strategy: "ab",
      trafficPercent: 50,
      state: "inactive",
      ab: { confidence: 0.95, minLabelled: 100, durationSeconds: 600, stickyKey: "header:x-user" },
    });
    expect(deployment.stateDescription).toContain("candidate better");
    expect((await registry.current("split", "production"))?.version).toBe("1.0.0");
  }, 120_000);

  it("is inconclusive (exit 1 by analysis.inconclusive) when too little feedback came back", async () => {
    const clock = feedbackClock("thin", 24, false);
    const report = await runDeploy(
      plan("thin", "1.1.0", {
        strategy: "ab",
        checks: parseChecks([{ text: "error_rate <= stable + 0.01", source: "--check" }]),
        durationSeconds: 120,
        ab: { confidence: 0.95, minLabelled: 100 },
      }),
      { registry, target, clock },
    );
    expect(report.result).toBe("inconclusive");
    expect(report.exitCode).toBe(1);
    expect(report.ab?.verdict).toBe("inconclusive");
    expect(report.ab?.reason).toContain("too little feedback");
    expect(clock.sleeps).toEqual([60_000, 60_000]);
    expect(await rolloutOf("thin")).toEqual({ stable: "1.0.0", strategy: "canary", weight: 0 });
    expect((await registry.history("thin", "production"))[0].state).toBe("inactive");
  }, 120_000);
});
