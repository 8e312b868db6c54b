/**
 * `mlship package` and `mlship registry …` as a user runs them (the built CLI
 * in place, so it finds onnxruntime-node), against a local registry and
 * against the fake GitHub.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ReleasesRegistry } from "../../src/registry/github-releases-registry.js";
import { LocalRegistry } from "../../src/registry/local-registry.js";
import type { Registry, VersionBundle } from "../../src/registry/registry.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { makeBundle, makePartsBundle, manifestText, removeBundles } from "../support/version-bundles.js";
import { expectNoCrash, expectUserError, ROOT } from "./run-cli.js";

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

describe("mlship package: the model's name", () => {
  it("comes from mlship.yml's model.name when --name is not given", async () => {
    await writeFile(join(dir, "named.yml"), "model:\n  name: from-config\n");
    const packaged = await mlship(
      ["package", "--model", MODEL, "--config", "named.yml", "--registry", "local:named", "--json", "-"],
      {},
    );
    expect(packaged.code, packaged.stderr).toBe(0);
    expect(JSON.parse(packaged.stdout)).toMatchObject({ name: "from-config", tag: "from-config@v0.1.0" });
  });

  it("is exit 2 naming --name when neither it nor mlship.yml gives one", async () => {
    const missing = await mlship(["package", "--model", MODEL, "--registry", "local:named"]);
    expectUserError(missing, 2);
    expect(missing.stderr).toBe(
      "mlship: error: --name: required: the model's name: give it, or set model.name in mlship.yml\n",
    );
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

describe("mlship package from several processes at once (the fake GitHub)", () => {
  const packageAs = (model: string, version: string) =>
    mlship(
      [
        "package",
        "--model",
        model,
        "--name",
        "race",
        "--version",
        version,
        "--registry",
        "github",
        "--json",
        "-",
      ],
      backends[1].env(),
    );

  it("publishes the same bytes once: every process exits 0 reporting the one release, which matches its SHA256SUMS", async () => {
    const runs = await Promise.all([1, 2, 3].map(() => packageAs(MODEL, "1.0.0")));
    for (const run of runs) expect(run.code, run.stderr).toBe(0);
    const results = runs.map((r) => JSON.parse(r.stdout));
    expect(results.map((r) => r.created).sort()).toEqual([false, false, true]);
    expect(new Set(results.map((r) => r.url)).size).toBe(1);
    expect(results.every((r) => r.manifest.model.sha256 === results[0].manifest.model.sha256)).toBe(true);
    expect(fake.releaseProblems("race@v1.0.0")).toEqual([]);
  });

  it("publishes one of two models under one version; the other process exits 1, and the release matches its SHA256SUMS", async () => {
    const runs = await Promise.all([packageAs(MODEL, "2.0.0"), packageAs(OTHER_MODEL, "2.0.0")]);
    expect(runs.map((r) => r.code).sort()).toEqual([0, 1]);
    const loser = runs.find((r) => r.code === 1)!;
    expectNoCrash(loser);
    expect(loser.stderr).toMatch(
      /^mlship: error: race@v2\.0\.0 is already published with other model bytes/m,
    );
    const winner = JSON.parse(runs.find((r) => r.code === 0)!.stdout);
    expect(fake.releaseProblems("race@v2.0.0")).toEqual([]);
    const release = fake.releases.find((r) => r.tag_name === "race@v2.0.0" && !r.draft)!;
    const model = fake.assetBytes.get(release.assets.find((a) => a.name === "model.onnx")!.id)!;
    expect(createHash("sha256").update(model).digest("hex")).toBe(winner.manifest.model.sha256);
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

describe("--registry github:<owner>/<repo>: another repository's registry, without GITHUB_REPOSITORY", () => {
  let other: FakeGitHub;
  beforeAll(async () => {
    other = await startFakeGitHub({ owner: "other-org", repo: "shared.models" });
  });
  afterAll(() => other.close());
  const laptop = () => ({ GITHUB_API_URL: other.url, GITHUB_TOKEN: other.token });

  it("packages to it and reads it back, from --registry and from MLSHIP_REGISTRY", async () => {
    const packaged = await mlship(
      ["package", "--model", MODEL, "--name", "churn", "--registry", "github:other-org/shared.models"],
      laptop(),
    );
    expect(packaged.code, packaged.stderr).toBe(0);
    expect(packaged.stdout).toMatch(/^published churn@v0\.1\.0 in github:other-org\/shared\.models/);
    expect(other.releases.map((r) => [r.tag_name, r.draft])).toEqual([["churn@v0.1.0", false]]);
    const listed = await mlship(["registry", "list", "churn", "--json", "-"], {
      ...laptop(),
      MLSHIP_REGISTRY: "github:other-org/shared.models",
    });
    expect(listed.code, listed.stderr).toBe(0);
    expect(JSON.parse(listed.stdout).map((v: { tag: string }) => v.tag)).toEqual(["churn@v0.1.0"]);
  });

  it("does not tag another repository's release with the workflow's own commit", async () => {
    const packaged = await mlship(
      ["package", "--model", OTHER_MODEL, "--name", "churn", "--registry", "github:other-org/shared.models"],
      {
        ...laptop(),
        GITHUB_REPOSITORY: "acme/models",
        GITHUB_SHA: "0123456789abcdef0123456789abcdef01234567",
      },
    );
    expect(packaged.code, packaged.stderr).toBe(0);
    const release = other.releases.find((r) => r.tag_name === "churn@v0.2.0")!;
    expect(release.target_commitish).not.toBe("0123456789abcdef0123456789abcdef01234567");
  });

  it("refuses a malformed repository (exit 2), saying where it came from and the expected format", async () => {
    const cases: [string[], Record<string, string>, string][] = [
      [
        ["--registry", "github:other-org"],
        {},
        "Invalid repository 'other-org' in --registry github:other-org.",
      ],
      [["--registry", "github:"], {}, "Invalid repository '' in --registry github:."],
      [
        ["--registry", "github:../models"],
        {},
        "Invalid repository '../models' in --registry github:../models.",
      ],
      [["--registry", "github:acme/.."], {}, "Invalid repository 'acme/..' in --registry github:acme/..."],
      [
        [],
        { MLSHIP_REGISTRY: "github:acme/models/extra" },
        "Invalid repository 'acme/models/extra' in MLSHIP_REGISTRY=github:acme/models/extra.",
      ],
    ];
    for (const [options, env, message] of cases) {
      const result = await mlship(["registry", "list", "churn", ...options], { ...laptop(), ...env });
      expectUserError(result, 2);
      expect(result.stderr).toContain(`${message} Expected format {owner}/{repo}.`);
    }
    const plain = await mlship(["registry", "list", "churn", "--registry", "github"], laptop());
    expectUserError(plain, 2);
    expect(plain.stderr).toMatch(/set GITHUB_REPOSITORY to owner\/repo \(or use github:<owner>\/<repo>\)/);
  });
});

describe("mlship registry download of a version a hostile hand edited", () => {
  const sentinel = () => join(dir, "sentinel");
  const githubEnv = () => ({
    GITHUB_API_URL: fake.url,
    GITHUB_TOKEN: fake.token,
    GITHUB_REPOSITORY: "acme/models",
  });
  let bundle: VersionBundle;
  let github: ReleasesRegistry;
  const local = () => join(dir, "hostile-local", "hostile", "1.0.0");
  const release = () => fake.releases.find((r) => r.tag_name === "hostile@v1.0.0")!;
  const asset = (name: string) => release().assets.find((a) => a.name === name)!;
  const download = (registry: string, env: Record<string, string> = {}) =>
    mlship(["registry", "download", "hostile@1.0.0", "-o", "out/x", "--registry", registry], env);
  const hostilePartNames = () => ["../../sentinel", sentinel(), "__proto__", "sub/model.onnx.part-000"];
  const hostileFileNames = () => [
    "../../sentinel",
    sentinel(),
    "__proto__",
    "sub/model.onnx",
    "..\\sentinel",
  ];
  const sumsListing = (name: string) => `${createHash("sha256").update("keep me").digest("hex")}  ${name}\n`;

  beforeAll(async () => {
    bundle = await makePartsBundle("hostile", "1.0.0", "a model kept in three parts", 10);
    await new LocalRegistry(join(dir, "hostile-local")).publish(bundle);
    github = new ReleasesRegistry({
      token: fake.token,
      apiUrl: fake.url,
      repository: `${fake.owner}/${fake.repo}`,
      retryUnitMs: 5,
      env: {},
    });
    await github.publish(bundle);
  });
  beforeEach(() => writeFile(sentinel(), "keep me"));
  afterAll(removeBundles);

  /** The sentinel outside the target keeps its bytes; the target and its parent were never made. */
  async function expectNothingTouched(): Promise<void> {
    expect(await readFile(sentinel(), "utf8")).toBe("keep me");
    expect(existsSync(join(dir, "out"))).toBe(false);
  }

  it("local: refuses a manifest whose parts name a path (exit 2, naming the tag and the field), touching nothing", async () => {
    const original = await readFile(join(local(), "manifest.json"), "utf8");
    for (const file of hostilePartNames()) {
      const text = manifestText(bundle, (m) => {
        m.model.parts![0].file = file;
      });
      await writeFile(join(local(), "manifest.json"), text);
      const result = await download("local:hostile-local");
      expectUserError(result, 2);
      expect(result.stderr).toMatch(
        /hostile@v1\.0\.0: manifest\.json is not a valid manifest at model\.parts\[0\]\.file: must be model\.onnx\.part-NNN/,
      );
      await expectNothingTouched();
    }
    await writeFile(join(local(), "manifest.json"), original);
  });

  it("local: refuses a SHA256SUMS naming a path (exit 2, naming the line), touching nothing", async () => {
    const original = await readFile(join(local(), "SHA256SUMS"), "utf8");
    for (const name of hostileFileNames()) {
      await writeFile(join(local(), "SHA256SUMS"), original + sumsListing(name));
      const result = await download("local:hostile-local");
      expectUserError(result, 2);
      expect(result.stderr).toContain(
        `SHA256SUMS:${original.split("\n").length}: the file name ${JSON.stringify(name)}`,
      );
      expect(result.stderr).toMatch(
        /is not a plain file name .*; refusing the download \(nothing was written to /,
      );
      await expectNothingTouched();
    }
    await writeFile(join(local(), "SHA256SUMS"), original);
  });

  it("local: refuses a model whose parts SHA256SUMS does not list (exit 1), writing nothing", async () => {
    const original = await readFile(join(local(), "SHA256SUMS"), "utf8");
    await writeFile(
      join(local(), "SHA256SUMS"),
      original
        .split("\n")
        .filter((line) => !line.endsWith("model.onnx.part-001"))
        .join("\n"),
    );
    const result = await download("local:hostile-local");
    expectUserError(result, 1);
    expect(result.stderr).toMatch(
      /model\.onnx\.part-001 \(a part of model\.onnx\) is not listed in SHA256SUMS/,
    );
    await expectNothingTouched();
    await writeFile(join(local(), "SHA256SUMS"), original);
  });

  it("evaluate --baseline <ref>: refuses a baseline whose manifest names a path, touching nothing", async () => {
    const original = await readFile(join(local(), "manifest.json"), "utf8");
    await writeFile(join(dir, "rows.csv"), "tenure,churned\n1,0\n");
    for (const file of hostilePartNames()) {
      const text = manifestText(bundle, (m) => {
        m.model.parts![0].file = file;
      });
      await writeFile(join(local(), "manifest.json"), text);
      const result = await mlship([
        "evaluate",
        "--model",
        MODEL,
        "--data",
        "rows.csv",
        "--label",
        "churned",
        "--baseline",
        "hostile@1.0.0",
        "--registry",
        "local:hostile-local",
      ]);
      expectUserError(result, 2);
      expect(result.stderr).toMatch(
        /hostile@v1\.0\.0: manifest\.json is not a valid manifest at model\.parts\[0\]\.file/,
      );
      await expectNothingTouched();
    }
    await writeFile(join(local(), "manifest.json"), original);
  });

  it("github: refuses a release body or manifest.json asset whose parts name a path (exit 2), touching nothing", async () => {
    const body = release().body;
    for (const file of hostilePartNames()) {
      const text = manifestText(bundle, (m) => {
        m.model.parts![0].file = file;
      });
      release().body = `# hostile\n\n<!-- mlship-manifest:${Buffer.from(text).toString("base64")} -->\n`;
      const fromBody = await download("github", githubEnv());
      expectUserError(fromBody, 2);
      expect(fromBody.stderr).toMatch(
        /hostile@v1\.0\.0: the manifest in the release body is not a valid manifest at model\.parts\[0\]\.file/,
      );
      await expectNothingTouched();
      // No manifest in the body: the manifest.json asset is read instead.
      release().body = "# hostile\n";
      const original = fake.assetBytes.get(asset("manifest.json").id)!;
      fake.assetBytes.set(asset("manifest.json").id, Buffer.from(text));
      const fromAsset = await download("github", githubEnv());
      fake.assetBytes.set(asset("manifest.json").id, original);
      expectUserError(fromAsset, 2);
      expect(fromAsset.stderr).toMatch(
        /hostile@v1\.0\.0: the manifest\.json asset is not a valid manifest at model\.parts\[0\]\.file/,
      );
      await expectNothingTouched();
    }
    release().body = body;
  });

  it("github: refuses a SHA256SUMS naming a path (exit 2), and never fetches an asset it does not list", async () => {
    const sums = asset("SHA256SUMS");
    const original = fake.assetBytes.get(sums.id)!;
    for (const name of hostileFileNames()) {
      fake.attach(release().id, name, Buffer.from("keep me"));
      fake.assetBytes.set(sums.id, Buffer.concat([original, Buffer.from(sumsListing(name))]));
      const listed = await download("github", githubEnv());
      expectUserError(listed, 2);
      expect(listed.stderr).toContain(`the file name ${JSON.stringify(name)} is not a plain file name`);
      await expectNothingTouched();
      // Attached but not listed: the download goes on without it.
      fake.assetBytes.set(sums.id, original);
      const unlisted = await download("github", githubEnv());
      expect(unlisted.code, unlisted.stderr).toBe(0);
      expect(await readFile(sentinel(), "utf8")).toBe("keep me");
      expect((await readdir(join(dir, "out", "x"))).sort()).toEqual([
        "SHA256SUMS",
        "manifest.json",
        "model-card.md",
        "model.onnx",
      ]);
      expect(await readFile(join(dir, "out", "x", "model.onnx"), "utf8")).toBe("a model kept in three parts");
      expect(release().assets.find((a) => a.name === name)?.download_count).toBe(0);
      release().assets = release().assets.filter((a) => a.name !== name);
      await rm(join(dir, "out"), { recursive: true });
    }
  });
});

describe("mlship registry with a corrupt manifest among the versions", () => {
  describe.each(backends)("($name)", ({ name: backendName, registry, env }) => {
    const model = `corrupt-${backendName === "local" ? "local" : "github"}`;
    let target: Registry;
    beforeAll(async () => {
      target =
        registry === "github"
          ? new ReleasesRegistry({
              token: fake.token,
              apiUrl: fake.url,
              repository: `${fake.owner}/${fake.repo}`,
              retryUnitMs: 5,
              env: {},
            })
          : new LocalRegistry(join(dir, "reg"));
      const first = await mlship(
        ["package", "--model", MODEL, "--name", model, "--version", "0.1.0", "--registry", registry],
        env(),
      );
      expect(first.code, first.stderr).toBe(0);
      for (const version of ["0.2.0", "0.3.0"]) {
        const bundle = await makeBundle(model, version, `model ${version}`);
        await target.publish(bundle);
        const text =
          version === "0.3.0"
            ? manifestText(bundle, (m) => {
                m.metrics.roc_auc = "high" as unknown as number;
              })
            : '{ "schemaVersion": 1, "name": ';
        if (registry === "github") {
          const release = fake.releases.find((r) => r.tag_name === `${model}@v${version}`)!;
          release.body = `# notes\n\n<!-- mlship-manifest:${Buffer.from(text).toString("base64")} -->\n`;
        } else {
          await writeFile(join(dir, "reg", model, version, "manifest.json"), text);
        }
      }
    });
    afterAll(removeBundles);

    it("lists the readable versions and names each corrupt one with its reason on stderr; --json lists the readable ones", async () => {
      const text = await mlship(["registry", "list", model, "--registry", registry], env());
      expect(text.code, text.stderr).toBe(0);
      expect(text.stdout).toMatch(/0\.1\.0/);
      expect(text.stderr).toMatch(
        new RegExp(
          `warning: ${model}@v0\\.3\\.0 left out, its manifest cannot be read: .*not a valid manifest at metrics\\.roc_auc: `,
        ),
      );
      expect(text.stderr).toMatch(new RegExp(`warning: ${model}@v0\\.2\\.0 left out, .*not valid JSON`));
      const json = await mlship(["registry", "list", model, "--registry", registry, "--json", "-"], env());
      expect(json.code, json.stderr).toBe(0);
      const listed = JSON.parse(json.stdout) as { version: string }[];
      expect(listed.map((v) => v.version)).toEqual(["0.1.0"]);
      expect(json.stderr).toContain(`${model}@v0.3.0 left out`);
      expect(json.stderr).toContain(`${model}@v0.2.0 left out`);
    });

    it("shows a corrupt version as exit 2 naming the tag and the field; latest skips it and says so", async () => {
      const shown = await mlship(["registry", "show", `${model}@0.3.0`, "--registry", registry], env());
      expectUserError(shown, 2);
      expect(shown.stderr).toMatch(
        new RegExp(`${model}@v0\\.3\\.0: .*not a valid manifest at metrics\\.roc_auc: `),
      );
      const resolved = await mlship(
        ["registry", "resolve", `${model}@latest`, "--registry", registry],
        env(),
      );
      expect(resolved.code, resolved.stderr).toBe(0);
      expect(resolved.stdout).toBe("0.1.0\n");
      expect(resolved.stderr).toMatch(new RegExp(`skipping ${model}@v0\\.3\\.0 for ${model}@latest: `));
      expect(resolved.stderr).toMatch(new RegExp(`skipping ${model}@v0\\.2\\.0 for ${model}@latest: `));
      const latest = await mlship(
        ["registry", "show", `${model}@latest`, "--registry", registry, "--json", "-"],
        env(),
      );
      expect(latest.code, latest.stderr).toBe(0);
      expect(JSON.parse(latest.stdout).version).toBe("0.1.0");
    });

    it("packages the next version above the corrupt ones (--version auto)", async () => {
      // The same inputs as 0.1.0's, the newest readable version: a minor bump, above 0.3.0's tag.
      const packaged = await mlship(
        ["package", "--model", OTHER_MODEL, "--name", model, "--registry", registry, "--json", "-"],
        env(),
      );
      expect(packaged.code, packaged.stderr).toBe(0);
      expect(JSON.parse(packaged.stdout)).toMatchObject({
        version: "0.4.0",
        manifest: { lineage: { parent: "0.1.0" } },
      });
    });

    it("shows a version whose parent is corrupt, the lineage ending there, said so", async () => {
      const bundle = await makeBundle(model, "0.5.0", "model 0.5.0");
      const manifest = { ...bundle.manifest, lineage: { ...bundle.manifest.lineage, parent: "0.3.0" } };
      await writeFile(bundle.files["manifest.json"], JSON.stringify(manifest));
      await target.publish({ ...bundle, manifest });
      const shown = await mlship(["registry", "show", `${model}@0.5.0`, "--registry", registry], env());
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toContain("parents:  0.3.0 (manifest cannot be read)");
    });
  });
});

describe("mlship registry download into a path that is a file", () => {
  it("refuses it (exit 2), naming it, and leaves the file as it was", async () => {
    await new LocalRegistry(join(dir, "file-target")).publish(
      await makeBundle("churn", "1.0.0", "model-one"),
    );
    await writeFile(join(dir, "a-file"), "mine");
    const result = await mlship([
      "registry",
      "download",
      "churn@1.0.0",
      "-o",
      "a-file",
      "--registry",
      "local:file-target",
    ]);
    expectUserError(result, 2);
    expect(result.stderr).toMatch(/a-file is a file, not a folder/);
    expect(await readFile(join(dir, "a-file"), "utf8")).toBe("mine");
  });
  afterAll(removeBundles);
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

  it("refuses a metrics.json or evaluation.json with fields of the wrong type (exit 2), naming the file and the field", async () => {
    await writeFile(
      join(dir, "typed-wrong.json"),
      JSON.stringify({ features: "tenure", metrics: { roc_auc: "high" } }),
    );
    for (const [option, message] of [
      ["--metrics", /typed-wrong\.json \(features\): not a training run's metrics\.json: /],
      ["--evaluation", /typed-wrong\.json \(metrics\.roc_auc\): not .*evaluation.*: /],
    ] as const) {
      const result = await mlship([
        "package",
        "--model",
        MODEL,
        "--name",
        "churn",
        option,
        "typed-wrong.json",
        "--registry",
        "local:typed-wrong",
      ]);
      expectUserError(result, 2);
      expect(result.stderr).toMatch(message);
    }
    expect(existsSync(join(dir, "typed-wrong"))).toBe(false);
  });
});
