/**
 * The package-model action as the runner runs it (`node dist/package-model/index.js`
 * with INPUT_* variables) against the fake GitHub: the requests it makes, its
 * outputs and its job summary.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { PackageModelInput, PackageModelOutput } from "../../src/actions/constants.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { REPO_ROOT, removeRunnerTemps, runAction } from "./runner.js";

const MODEL = join(REPO_ROOT, "test/fixtures/models/binary-linear-zipmap.onnx");

let fake: FakeGitHub;
beforeAll(async () => {
  fake = await startFakeGitHub();
});
afterAll(() => fake.close());
afterEach(removeRunnerTemps);

const github = () => ({
  GITHUB_API_URL: fake.url,
  GITHUB_REPOSITORY: `${fake.owner}/${fake.repo}`,
  GITHUB_SHA: "89abcdef0123456789abcdef0123456789abcdef",
  GITHUB_RUN_ID: "777",
  GITHUB_SERVER_URL: "https://github.com",
  INPUT_TOKEN: fake.token,
  INPUT_REGISTRY: "github",
  INPUT_VERSION: "auto",
});

describe("package-model action (dist/package-model/index.js)", () => {
  it("creates a draft release, uploads the assets, publishes it, and reports the version", async () => {
    fake.resetCalls();
    const run = await runAction("package-model", { ...github(), INPUT_MODEL: MODEL, INPUT_NAME: "churn" });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    const requests = fake.calls.map(
      (c) =>
        `${c.method} ${c.path.replace(/\d+/g, "N")}${c.path.startsWith("/uploads/") ? ` ${new URLSearchParams(c.query).get("name")}` : ""} ${c.status}`,
    );
    expect(requests).toEqual([
      "GET /repos/acme/models/releases 200",
      "POST /repos/acme/models/releases 201",
      "POST /uploads/repos/acme/models/releases/N/assets model.onnx 201",
      "POST /uploads/repos/acme/models/releases/N/assets manifest.json 201",
      "POST /uploads/repos/acme/models/releases/N/assets model-card.md 201",
      "POST /uploads/repos/acme/models/releases/N/assets SHA256SUMS 201",
      "PATCH /repos/acme/models/releases/N 200",
      // The release read back: its assets' digests checked against SHA256SUMS before success is reported.
      "GET /repos/acme/models/releases/N 200",
    ]);
    const release = fake.releases[0];
    expect(release).toMatchObject({
      tag_name: "churn@v0.1.0",
      name: "churn v0.1.0",
      draft: false,
      target_commitish: "89abcdef0123456789abcdef0123456789abcdef",
    });
    expect(run.outputs).toMatchObject({
      version: "0.1.0",
      tag: "churn@v0.1.0",
      "release-url": release.html_url,
      created: "true",
    });
    const manifest = JSON.parse(await readFile(run.outputs.manifest, "utf8"));
    expect(manifest.lineage).toMatchObject({
      commit: "89abcdef0123456789abcdef0123456789abcdef",
      runId: "777",
      parent: null,
    });
    expect(run.summary).toMatch(/^### mlship package: \[churn v0\.1\.0\]\(.*\) published/);
    expect(run.summary).toContain(
      "- Commit: `89abcdef0123456789abcdef0123456789abcdef` · [run](https://github.com/acme/models/actions/runs/777)",
    );
    // The token is masked first thing, and appears nowhere else in the log.
    expect(run.commands[0]).toMatchObject({ command: "add-mask", message: fake.token });
    expect(run.stdout.split(fake.token).length - 1).toBe(1);
  });

  it("returns the existing version for the same bytes, making no write", async () => {
    fake.resetCalls();
    const run = await runAction("package-model", { ...github(), INPUT_MODEL: MODEL, INPUT_NAME: "churn" });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(run.outputs).toMatchObject({ version: "0.1.0", created: "false" });
    expect(fake.calls.map((c) => c.method)).toEqual(["GET"]);
  });

  it("publishes to another repository named in the registry input (github:<owner>/<repo>)", async () => {
    const other = await startFakeGitHub({ owner: "other-org", repo: "shared-models" });
    try {
      const run = await runAction("package-model", {
        ...github(),
        GITHUB_API_URL: other.url,
        INPUT_TOKEN: other.token,
        INPUT_REGISTRY: "github:other-org/shared-models",
        INPUT_MODEL: MODEL,
        INPUT_NAME: "churn",
      });
      expect(run.exitCode, run.stdout + run.stderr).toBe(0);
      expect(run.outputs).toMatchObject({ tag: "churn@v0.1.0", created: "true" });
      expect(other.releases).toHaveLength(1);
      // The workflow's commit is not one of the other repository's.
      expect(other.releases[0].target_commitish).not.toBe(github().GITHUB_SHA);
    } finally {
      await other.close();
    }
  });

  it("fails the step naming the 'registry' input when its repository is malformed", async () => {
    const run = await runAction("package-model", {
      ...github(),
      INPUT_REGISTRY: "github:other-org",
      INPUT_MODEL: MODEL,
      INPUT_NAME: "churn",
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      "::error::Invalid repository 'other-org' in the 'registry' input (github:other-org). Expected format {owner}/{repo}.",
    );
  });

  it("fails the step, naming the problem, for a missing model or a bad name", async () => {
    const missing = await runAction("package-model", { ...github(), INPUT_NAME: "churn" });
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toContain("::error::input 'model': required: the ONNX model file");
    const badName = await runAction("package-model", {
      ...github(),
      INPUT_MODEL: MODEL,
      INPUT_NAME: "Churn Model",
    });
    expect(badName.exitCode).toBe(1);
    expect(badName.stdout).toMatch(/::error::model name "Churn Model" is not allowed/);
  });
});

describe("actions/package-model/action.yml", () => {
  it("declares exactly the inputs and outputs the code reads and sets, and runs dist/package-model on node24", async () => {
    const action = parse(await readFile(join(REPO_ROOT, "actions/package-model/action.yml"), "utf8"));
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(PackageModelInput).sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(PackageModelOutput).sort());
    expect(action.runs).toEqual({ using: "node24", main: "../../dist/package-model/index.js" });
    expect(action.inputs.token.default).toBe(["$", "{{ github.token }}"].join(""));
  });
});
