/**
 * The train action as the runner runs it: `node dist/train/index.js` with
 * INPUT_* variables, each run in a fresh workspace (a new runner), the Actions
 * cache served by a fake of the results service on loopback.
 */
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { TrainInput, TrainOutput } from "../../src/actions/constants.js";
import { type FakeActionsCache, startFakeActionsCache } from "../support/fake-actions-cache.js";
import { REPO_ROOT, removeRunnerTemps, runAction } from "./runner.js";

const CHURN = join(REPO_ROOT, "examples/data/churn-reference.csv");
const SCHEMA = join(REPO_ROOT, "examples/schema.yml");

let fake: FakeActionsCache;
const workspaces: string[] = [];
beforeAll(async () => {
  fake = await startFakeActionsCache();
});
afterAll(async () => {
  await fake.close();
  await Promise.all(workspaces.map((dir) => rm(dir, { recursive: true, force: true })));
});
afterEach(removeRunnerTemps);

/** A fresh checkout: an mlship.yml for the churn data, and its training file as train.csv. */
async function freshWorkspace(configLines: string[] = []): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mlship-train-action-"));
  workspaces.push(dir);
  await copyFile(CHURN, join(dir, "train.csv"));
  await writeFile(
    join(dir, "mlship.yml"),
    [
      "label: churned",
      "data: { train: train.csv }",
      `schema: ${JSON.stringify(SCHEMA)}`,
      ...configLines,
    ].join("\n"),
  );
  return dir;
}

const calls = (method: string) => fake.calls.filter((c) => c === method).length;

describe("train action (dist/train/index.js)", () => {
  it("trains and saves the cache; the same run on a new runner is a cache hit that saves nothing", async () => {
    const first = await runAction(
      "train",
      { INPUT_TRAINER: "builtin:logistic", ...fake.env() },
      {
        workspace: await freshWorkspace(),
      },
    );
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(first.outputs["cache-hit"]).toBe("false");
    expect(existsSync(first.outputs.model)).toBe(true);
    const metrics = JSON.parse(await readFile(first.outputs.metrics, "utf8"));
    expect(metrics.validation.metrics.roc_auc).toBeGreaterThan(0.7);
    expect(JSON.parse(first.outputs["best-params"])).toMatchObject({ C: 1 });
    expect(first.summary).toMatch(/^### mlship train: builtin:logistic trained/);
    expect(fake.entries.filter((e) => e.finalized)).toHaveLength(1);
    const saves = calls("CreateCacheEntry");

    const second = await runAction(
      "train",
      { INPUT_TRAINER: "builtin:logistic", ...fake.env() },
      {
        workspace: await freshWorkspace(),
      },
    );
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(second.outputs["cache-hit"]).toBe("true");
    expect(second.summary).toContain("restored from the training cache (cache hit)");
    expect(second.stdout).toContain("nothing to save");
    expect(calls("CreateCacheEntry")).toBe(saves);
    expect(await readFile(second.outputs.model)).toEqual(await readFile(first.outputs.model));
  });

  it("misses when one byte of the data changes, and saves the new result", async () => {
    const inputs = { INPUT_TRAINER: "builtin:logistic", INPUT_PARAMS: "C=0.25", ...fake.env() };
    const first = await runAction("train", inputs, { workspace: await freshWorkspace() });
    expect(first.outputs["cache-hit"]).toBe("false");
    const changed = await freshWorkspace();
    const data = await readFile(join(changed, "train.csv"), "utf8");
    // The last row's label 0 → 1: one byte.
    await writeFile(join(changed, "train.csv"), data.replace(/0\n$/, "1\n"));
    expect(await readFile(join(changed, "train.csv"), "utf8")).not.toBe(data);
    const before = fake.entries.length;
    const second = await runAction("train", inputs, { workspace: changed });
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(second.stdout).toMatch(/Restored the training cache mlship-train-/);
    expect(second.outputs["cache-hit"]).toBe("false");
    expect(fake.entries.length).toBe(before + 1);
  });

  it("searches 2 trials at a time, reports the trials in the summary, and a rerun restores every trial", async () => {
    const search = [
      "train:",
      "  search:",
      "    method: random",
      "    trials: 4",
      "    space: { C: { type: loguniform, low: 0.001, high: 10 } }",
    ];
    const inputs = { INPUT_SEARCH: "random", INPUT_PARALLEL: "2", ...fake.env() };
    const first = await runAction("train", inputs, { workspace: await freshWorkspace(search) });
    expect(first.exitCode, first.stdout + first.stderr).toBe(0);
    expect(first.outputs["cache-hit"]).toBe("false");
    expect(existsSync(first.outputs.study)).toBe(true);
    const best = JSON.parse(first.outputs["best-params"]);
    expect(best.C).toBeGreaterThan(0.001);
    expect(first.summary).toMatch(
      /^### mlship train: search \(random, 4 trials\) — best trial \d, `roc_auc` 0\.\d+/,
    );
    expect(first.summary).toContain("```mermaid\nxychart-beta");
    expect(first.summary.match(/^\| \**\d/gm)).toHaveLength(4);

    const second = await runAction("train", inputs, { workspace: await freshWorkspace(search) });
    expect(second.exitCode, second.stdout + second.stderr).toBe(0);
    expect(second.outputs["cache-hit"]).toBe("true");
    expect(JSON.parse(second.outputs["best-params"])).toEqual(best);
    expect(second.summary).toContain("4 restored from the training cache");
  });

  it("plans a fan-out as a matrix output", async () => {
    const run = await runAction(
      "train",
      { INPUT_PLAN: "3" },
      {
        workspace: await freshWorkspace([
          "train:",
          "  search: { method: random, space: { C: { type: loguniform, low: 0.001, high: 10 } } }",
        ]),
      },
    );
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const matrix = JSON.parse(run.outputs.matrix);
    expect(matrix.include.map((t: { trial: number }) => t.trial)).toEqual([0, 1, 2]);
  });

  it("trains with the local cache only, and says so, outside Actions' cache service", async () => {
    const run = await runAction(
      "train",
      { INPUT_TRAINER: "builtin:logistic" },
      { workspace: await freshWorkspace() },
    );
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain("The Actions cache service is not available");
    expect(run.outputs["cache-hit"]).toBe("false");
  });

  it("fails the step naming the input, or the problem, for bad input", async () => {
    const workspace = await freshWorkspace();
    const badTrials = await runAction("train", { INPUT_TRIALS: "many" }, { workspace });
    expect(badTrials.exitCode).toBe(1);
    expect(badTrials.stdout).toContain(`::error::input 'trials': expected a number, got "many"`);
    const badParams = await runAction("train", { INPUT_PARAMS: "C 0.5" }, { workspace });
    expect(badParams.stdout).toContain(`::error::input 'params': expected name=value, got "C 0.5"`);
    const noData = await runAction("train", { INPUT_DATA: "missing.csv" }, { workspace });
    expect(noData.exitCode).toBe(1);
    expect(noData.stdout).toMatch(/::error::.*missing\.csv/);
    expect(noData.stdout).not.toMatch(/at .*\.js:\d+/);
  });
});

describe("actions/train/action.yml", () => {
  it("declares exactly the inputs and outputs the code reads and sets, and runs dist/train on node24", async () => {
    const action = parse(await readFile(join(REPO_ROOT, "actions/train/action.yml"), "utf8"));
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(TrainInput).sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(TrainOutput).sort());
    expect(action.runs).toEqual({ using: "node24", main: "../../dist/train/index.js" });
  });
});
