/**
 * The path outputs as a workflow reads them from the built actions: each `<x>-file` output is
 * the file, and the older name beside it (kept for existing workflows) holds the same path.
 */
import { existsSync } from "node:fs";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { REPO_ROOT, removeRunnerTemps, runAction } from "./runner.js";

const CHURN = join(REPO_ROOT, "examples/data/churn-reference.csv");
const SCHEMA = join(REPO_ROOT, "examples/schema.yml");

const workspaces: string[] = [];
afterAll(async () => {
  await Promise.all(workspaces.map((dir) => rm(dir, { recursive: true, force: true })));
});
afterEach(removeRunnerTemps);

async function workspace(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mlship-file-outputs-"));
  workspaces.push(dir);
  await copyFile(CHURN, join(dir, "train.csv"));
  await writeFile(
    join(dir, "mlship.yml"),
    ["label: churned", "data: { train: train.csv }", `schema: ${JSON.stringify(SCHEMA)}`].join("\n"),
  );
  return dir;
}

describe("path outputs of the built actions", () => {
  it("train sets model-file and metrics-file, and model / metrics hold the same paths", async () => {
    const run = await runAction(
      "train",
      { INPUT_TRAINER: "builtin:logistic", INPUT_CACHE: "false" },
      { workspace: await workspace() },
    );
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(existsSync(run.outputs["model-file"])).toBe(true);
    expect(JSON.parse(await readFile(run.outputs["metrics-file"], "utf8"))).toHaveProperty(
      "trainer",
      "builtin:logistic",
    );
    expect(run.outputs.model).toBe(run.outputs["model-file"]);
    expect(run.outputs.metrics).toBe(run.outputs["metrics-file"]);
    expect(run.outputs["study-file"]).toBe("");
  });

  it("validate-data sets report-file, and report holds the same path", async () => {
    const dir = await workspace();
    const run = await runAction("validate-data", { INPUT_DATA: "train.csv" }, { workspace: dir });
    expect([0, 1], run.stdout + run.stderr).toContain(run.exitCode);
    expect(JSON.parse(await readFile(run.outputs["report-file"], "utf8"))).toHaveProperty("fingerprint");
    expect(run.outputs.report).toBe(run.outputs["report-file"]);
  });
});
