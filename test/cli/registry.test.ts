/**
 * `mlship package` and `mlship registry …` as a user runs them (the built CLI
 * in place, so it finds onnxruntime-node), against a local registry and
 * against the fake GitHub.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { expectUserError, ROOT } from "./run-cli.js";

const cli = join(ROOT, "dist/cli/index.js");
const MODEL = join(ROOT, "test/fixtures/models/binary-linear-zipmap.onnx");
const OTHER_MODEL = join(ROOT, "test/fixtures/models/tree-regressor.onnx");
const TWO_INPUTS = join(ROOT, "test/fixtures/models/pipeline-two-inputs.onnx");

let dir: string;
let fake: FakeGitHub;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-registry-cli-"));
  fake = await startFakeGitHub();
});
afterAll(async () => {
  await fake.close();
  await rm(dir, { recursive: true, force: true });
});

function mlship(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { cwd: dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr }),
    );
  });
}

const sha256 = async (file: string) =>
  createHash("sha256")
    .update(await readFile(file))
    .digest("hex");

const backends = [
  { name: "local", registry: "local:reg", env: () => ({}) },
  {
    name: "the fake GitHub",
    registry: "github",
    env: () => ({
      GITHUB_API_URL: fake.url,
      GITHUB_TOKEN: fake.token,
      GITHUB_REPOSITORY: `${fake.owner}/${fake.repo}`,
      GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
      GITHUB_RUN_ID: "4242",
      GITHUB_SERVER_URL: "https://github.com",
    }),
  },
];

describe.each(backends)("mlship package and registry ($name)", ({ registry, env }) => {
  it("round-trips the manifest and the model bytes: package, show churn@latest, download", async () => {
    const packaged = await mlship(
      ["package", "--model", MODEL, "--name", "churn", "--registry", registry, "--json", "-"],
      env(),
    );
    expect(packaged.code, packaged.stderr).toBe(0);
    const result = JSON.parse(packaged.stdout);
    expect(result).toMatchObject({ created: true, version: "0.1.0", tag: "churn@v0.1.0" });
    expect(result.manifest.model.sha256).toBe(await sha256(MODEL));

    const shown = await mlship(
      ["registry", "show", "churn@latest", "--registry", registry, "--json", "-"],
      env(),
    );
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).manifest).toEqual(result.manifest);

    const target = `download-${registry.replace(/\W/g, "")}`;
    const downloaded = await mlship(
      ["registry", "download", "churn@latest", "-o", target, "--registry", registry],
      env(),
    );
    expect(downloaded.code, downloaded.stderr).toBe(0);
    expect(await sha256(join(dir, target, "model.onnx"))).toBe(await sha256(MODEL));
    expect(JSON.parse(await readFile(join(dir, target, "manifest.json"), "utf8"))).toEqual(result.manifest);
    expect(await readFile(join(dir, target, "model-card.md"), "utf8")).toMatch(/^# churn v0\.1\.0/);
  });

  it("is a no-op for the same bytes, bumps the version for new ones, and refuses a taken version (exit 1)", async () => {
    const again = await mlship(
      ["package", "--model", MODEL, "--name", "churn", "--registry", registry],
      env(),
    );
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^already published \(same model bytes\) churn@v0\.1\.0/);
    const taken = await mlship(
      ["package", "--model", OTHER_MODEL, "--name", "churn", "--version", "0.1.0", "--registry", registry],
      env(),
    );
    expectUserError(taken, 1);
    expect(taken.stderr).toMatch(
      /churn@v0\.1\.0 is already published with other model bytes: model\.onnx has sha256/,
    );
    // The same inputs as 0.1.0's: a minor bump; other inputs (two per-column inputs): a major one.
    const package_ = (model: string) =>
      mlship(["package", "--model", model, "--name", "churn", "--registry", registry, "--json", "-"], env());
    const next = await package_(OTHER_MODEL);
    expect(next.code, next.stderr).toBe(0);
    expect(JSON.parse(next.stdout)).toMatchObject({
      version: "0.2.0",
      manifest: { lineage: { parent: "0.1.0" } },
    });
    const major = await package_(TWO_INPUTS);
    expect(major.code, major.stderr).toBe(0);
    expect(JSON.parse(major.stdout)).toMatchObject({
      version: "1.0.0",
      manifest: { lineage: { parent: "0.2.0" } },
    });
    const resolved = await mlship(["registry", "resolve", "churn@latest", "--registry", registry], env());
    expect(resolved.stdout).toBe("1.0.0\n");
    const listed = await mlship(["registry", "list", "churn", "--registry", registry, "--json", "-"], env());
    const versions = JSON.parse(listed.stdout).map((v: { version: string }) => v.version);
    expect(versions).toEqual(["1.0.0", "0.2.0", "0.1.0"]);
  });

  it("exits 1 for a ref that names nothing, and 2 for a name that would break a tag", async () => {
    expectUserError(
      await mlship(["registry", "resolve", "churn@production", "--registry", registry], env()),
      1,
    );
    expectUserError(await mlship(["registry", "resolve", "churn@9.9.9", "--registry", registry], env()), 1);
    const bad = await mlship(["package", "--model", MODEL, "--name", "../x", "--registry", registry], env());
    expectUserError(bad, 2);
    expect(bad.stderr).toMatch(/model name "\.\.\/x" is not allowed/);
  });
});

describe("mlship package on GitHub", () => {
  it("records lineage from the GITHUB_* variables", async () => {
    const shown = await mlship(
      ["registry", "show", "churn@0.1.0", "--registry", "github", "--json", "-"],
      backends[1].env(),
    );
    expect(JSON.parse(shown.stdout).manifest.lineage).toMatchObject({
      repository: "acme/models",
      commit: "0123456789abcdef0123456789abcdef01234567",
      runId: "4242",
      runUrl: "https://github.com/acme/models/actions/runs/4242",
    });
  });

  it("names the missing token and its permission", async () => {
    const missing = await mlship(["registry", "list", "churn", "--registry", "github"], {
      GITHUB_REPOSITORY: "acme/models",
      GITHUB_API_URL: fake.url,
    });
    expectUserError(missing, 2);
    expect(missing.stderr).toMatch(/no GitHub token: set GITHUB_TOKEN/);
  });
});

describe("mlship package from two processes at once (local registry)", () => {
  it("publishes the version once: the other process finds the same bytes, or is refused for other bytes", async () => {
    const same = await Promise.all([
      mlship([
        "package",
        "--model",
        MODEL,
        "--name",
        "race",
        "--version",
        "1.0.0",
        "--registry",
        "local:race",
        "--json",
        "-",
      ]),
      mlship([
        "package",
        "--model",
        MODEL,
        "--name",
        "race",
        "--version",
        "1.0.0",
        "--registry",
        "local:race",
        "--json",
        "-",
      ]),
    ]);
    expect(same.map((r) => r.code)).toEqual([0, 0]);
    expect(same.map((r) => JSON.parse(r.stdout).created).sort()).toEqual([false, true]);
    const other = await Promise.all([
      mlship([
        "package",
        "--model",
        MODEL,
        "--name",
        "race",
        "--version",
        "2.0.0",
        "--registry",
        "local:race",
      ]),
      mlship([
        "package",
        "--model",
        OTHER_MODEL,
        "--name",
        "race",
        "--version",
        "2.0.0",
        "--registry",
        "local:race",
      ]),
    ]);
    expect(other.map((r) => r.code).sort()).toEqual([0, 1]);
    const listed = await mlship(["registry", "list", "race", "--registry", "local:race", "--json", "-"]);
    expect(JSON.parse(listed.stdout).map((v: { version: string }) => v.version)).toEqual(["2.0.0", "1.0.0"]);
  });
});

describe("mlship package input errors", () => {
  it("refuses a file that is not an ONNX model (exit 2), publishing nothing", async () => {
    await writeFile(join(dir, "not-a-model.onnx"), "hello");
    const result = await mlship([
      "package",
      "--model",
      "not-a-model.onnx",
      "--name",
      "churn",
      "--registry",
      "local:bad",
    ]);
    expectUserError(result, 2);
    expect(result.stderr).toMatch(/not-a-model\.onnx/);
  });
});
