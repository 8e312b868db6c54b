/**
 * The deploy actions' logic without a runner: a bluegreen or ab input it cannot read is refused naming
 * the input, the post step stays silent after a main step that finished, and `result` tells an
 * inconclusive rollback from a failed one.
 */
import { describe, expect, it } from "vitest";
import { type ActionState, resultOf, runDeployPost } from "../../src/actions/deploy-action.js";
import { getInputs, runDeployCanary, spellInput } from "../../src/actions/deploy-canary.js";
import type { DeployReport, StepReport } from "../../src/deploy/run-deploy.js";
import { isMlshipError } from "../../src/lib/errors.js";
import { FakeActionIO } from "./fake-action-io.js";

const stateOf = (values: Record<string, string>): ActionState & { saved: Record<string, string> } => {
  const saved: Record<string, string> = {};
  return {
    saved,
    save: (name, value) => {
      saved[name] = value;
    },
    get: (name) => values[name] ?? "",
  };
};

describe("deploy-canary's inputs for bluegreen and ab", () => {
  for (const [input, value] of [
    ["keep-warm", "soon"],
    ["duration", "forever"],
    ["sticky-key", "cookie:session"],
  ] as const) {
    it(`refuses a '${input}' it cannot read, naming the input (exit 2)`, async () => {
      const read = (name: string) =>
        ({ name: "churn", version: "1.0.0", environment: "production", [input]: value })[name] ?? "";
      const settings = getInputs(read, {}, () => {});
      const error = await runDeployCanary(settings, new FakeActionIO(), stateOf({})).catch((e) => e);
      expect(isMlshipError(error) && error.exitCode).toBe(2);
      expect(isMlshipError(error) && error.describe(spellInput)).toMatch(new RegExp(`^input '${input}': `));
    });
  }
});

describe("the post step", () => {
  it("does nothing a user sees when the main step finished, or recorded no deployment", async () => {
    const states: Record<string, string>[] = [
      {
        "deployment-id": "7",
        finished: "true",
        registry: "github:nobody/none",
        target: "server:http://0.0.0.0:1",
      },
      { name: "churn", environment: "production" },
    ];
    for (const state of states) {
      const io = new FakeActionIO();
      await runDeployPost({ workspace: process.cwd() }, stateOf(state), io, {});
      expect(io.events).toEqual([]);
    }
  });
});

describe("the result output", () => {
  const step = (verdict: StepReport["verdict"]): StepReport => ({
    weight: 10,
    verdict,
    outcome: verdict === "promoted" ? "promoted" : verdict === "pass" ? "pass" : "fail",
    checks: [],
    windowSeconds: 60,
    requests: {},
    description: "",
  });
  const report = (result: DeployReport["result"], steps: StepReport[]) => ({ result, steps }) as DeployReport;

  it("is inconclusive when the step that rolled back stayed inconclusive past max-wait, else the rollout's", () => {
    expect(resultOf(report("fail", [step("pass"), step("inconclusive")]))).toBe("inconclusive");
    expect(resultOf(report("fail", [step("fail")]))).toBe("fail");
    expect(resultOf(report("unchanged", []))).toBe("pass");
    expect(resultOf(report("cancelled", [step("pass")]))).toBe("cancelled");
  });
});
