/** The GitHub backend against the fake GitHub: the contract, then GitHub's own failure modes. */
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { MlshipError } from "../../src/lib/errors.js";
import { ReleasesRegistry } from "../../src/registry/github-releases-registry.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { removeBundles } from "../support/version-bundles.js";
import { makeBundle, registryContract } from "./contract.js";

afterAll(removeBundles);

function registryFor(fake: FakeGitHub, log?: (message: string) => void): ReleasesRegistry {
  return new ReleasesRegistry({
    token: fake.token,
    apiUrl: fake.url,
    repository: `${fake.owner}/${fake.repo}`,
    retryUnitMs: 5,
    log,
    env: {},
  });
}

registryContract("github (fake GitHub REST server)", async () => {
  const fake = await startFakeGitHub({ perPageMax: 2 });
  // Each operation gets a fresh registry object, as each CLI run does (no stale release list).
  const registry = new Proxy({} as ReleasesRegistry, {
    get: (_, property) => {
      const fresh = registryFor(fake);
      const value = fresh[property as keyof ReleasesRegistry];
      return typeof value === "function" ? value.bind(fresh) : value;
    },
  });
  return {
    registry,
    async corrupt(name, version, asset, bytes) {
      const release = fake.releases.find((r) => r.tag_name === `${name}@v${version}`)!;
      const id = release.assets.find((a) => a.name === asset)!.id;
      fake.assetBytes.set(id, Buffer.from(bytes));
    },
    async replaceManifest(name, version, text) {
      const release = fake.releases.find((r) => r.tag_name === `${name}@v${version}`)!;
      release.body = `# ${name} v${version}\n\n<!-- mlship-manifest:${Buffer.from(text).toString("base64")} -->\n`;
    },
    close: () => fake.close(),
  };
});

describe("ReleasesRegistry against GitHub's failures", () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await startFakeGitHub();
  });
  afterEach(() => fake.close());

  it("retries an upload that failed with 502, deleting the half-made asset, so no asset is duplicated", async () => {
    fake.fail({ method: "POST", path: /\/uploads\/.*\/assets$/, status: 502, leaveStarterAsset: true });
    const messages: string[] = [];
    await registryFor(fake, (m) => messages.push(m)).publish(await makeBundle("churn", "1.0.0", "model-one"));
    const release = fake.releases.find((r) => r.tag_name === "churn@v1.0.0")!;
    expect(release.draft).toBe(false);
    const names = release.assets.map((a) => a.name).sort();
    expect(names).toEqual(["SHA256SUMS", "manifest.json", "model-card.md", "model.onnx"]);
    expect(release.assets.every((a) => a.state === "uploaded")).toBe(true);
    expect(messages.join("\n")).toMatch(/failed \(502\); retrying/);
    expect(fake.calls.some((c) => c.method === "DELETE" && c.path.includes("/releases/assets/"))).toBe(true);
  });

  it("takes up a draft left by a crashed run when everything in it is exactly what this run uploads", async () => {
    const bundle = await makeBundle("churn", "1.0.0", "model-one");
    fake.fail({ method: "PATCH", path: /\/releases\/\d+$/, status: 500, times: 4 });
    await expect(registryFor(fake).publish(bundle)).rejects.toThrow(/publishing the release churn@v1\.0\.0/);
    expect(fake.releases.filter((r) => r.draft)).toHaveLength(1);
    fake.resetCalls();
    const messages: string[] = [];
    const result = await registryFor(fake, (m) => messages.push(m)).publish(bundle);
    expect(result.created).toBe(true);
    expect(fake.releases).toHaveLength(1);
    expect(fake.releases[0].draft).toBe(false);
    expect(messages.join("\n")).toMatch(
      /taking up the draft release churn@v1\.0\.0 \(id \d+\) left by an earlier run/,
    );
    // Every asset on the draft matched by digest: nothing uploaded again, no second release.
    expect(fake.calls.filter((c) => c.path.startsWith("/uploads/"))).toEqual([]);
    expect(fake.calls.filter((c) => c.method === "POST" && c.path.endsWith("/releases"))).toHaveLength(0);
    expect(fake.releases[0].assets.map((a) => a.name).sort()).toEqual([
      "SHA256SUMS",
      "manifest.json",
      "model-card.md",
      "model.onnx",
    ]);
  });

  it("leaves a leftover draft that holds other files alone, and publishes from a draft of its own", async () => {
    fake.fail({ method: "PATCH", path: /\/releases\/\d+$/, status: 500, times: 4 });
    await expect(registryFor(fake).publish(await makeBundle("churn", "1.0.0", "model-one"))).rejects.toThrow(
      /publishing the release churn@v1\.0\.0/,
    );
    const leftover = structuredClone(fake.releases[0]);
    fake.resetCalls();
    const messages: string[] = [];
    // The same model bytes, but another manifest (its createdAt): not exactly what is on the draft.
    const result = await registryFor(fake, (m) => messages.push(m)).publish(
      await makeBundle("churn", "1.0.0", "model-one"),
    );
    expect(result.created).toBe(true);
    expect(messages.join("\n")).toMatch(
      new RegExp(
        `leaving the draft release churn@v1\\.0\\.0 \\(id ${leftover.id}\\) alone: it does not hold exactly this run's files`,
      ),
    );
    expect(fake.releases.find((r) => r.id === leftover.id)).toEqual(leftover);
    expect(fake.calls.filter((c) => c.method === "DELETE")).toEqual([]);
    expect(fake.releases.filter((r) => !r.draft).map((r) => r.id)).not.toContain(leftover.id);
    expect(fake.releaseProblems("churn@v1.0.0")).toEqual([`draft ${leftover.id} of churn@v1.0.0 is left`]);
  });

  it("waits out a spent rate limit as GitHub's headers say, then carries on", async () => {
    const reset = Math.ceil(Date.now() / 1000) + 1;
    fake.fail({
      path: /\/releases$/,
      method: "GET",
      status: 403,
      headers: { "x-ratelimit-remaining": "0", "x-ratelimit-reset": String(reset) },
      body: {
        message: "API rate limit exceeded for installation ID 1.",
        documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api",
      },
    });
    const messages: string[] = [];
    expect(await registryFor(fake, (m) => messages.push(m)).list("churn")).toEqual({
      versions: [],
      corrupt: [],
    });
    expect(messages.join("\n")).toMatch(/rate limit is spent: waiting \d+ s as its headers say/);
    expect(fake.calls.map((c) => c.status)).toEqual([403, 200]);
  });

  it("names the missing token and the permission it needs, and never prints a token", async () => {
    expect(() => new ReleasesRegistry({ apiUrl: fake.url, repository: "acme/models", env: {} })).toThrow(
      /no GitHub token: set GITHUB_TOKEN .* with the "contents: write, deployments: write" permission/,
    );
    const wrong = new ReleasesRegistry({
      token: "ghs_wrong",
      apiUrl: fake.url,
      repository: "acme/models",
      env: {},
    });
    const error = await wrong.list("churn").catch((e: Error) => e);
    expect(String((error as Error).message)).toMatch(/GitHub refused the token \(401 Bad credentials\)/);
    expect(JSON.stringify(error)).not.toContain("ghs_wrong");
    expect(String((error as Error).message)).not.toContain(fake.token);
  });

  it("names a deployment whose payload is not mlship's (exit 2), and a version there that is not one", async () => {
    const registry = registryFor(fake);
    await registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
    const record = await registry.recordDeployment({
      name: "churn",
      version: "1.0.0",
      environment: "production",
      strategy: "direct",
      trafficPercent: 100,
    });
    await registry.setDeploymentStatus(record.id, "success");
    const deployment = fake.deployments.find((d) => String(d.id) === record.id)!;
    const cases: [unknown, RegExp][] = [
      ["{not json", /the payload of deployment \d+ \(churn to production\) is not valid JSON/],
      [
        { version: "1.0.0", trafficPercent: "all" },
        /the payload of deployment \d+ \(churn to production\) is not a valid deployment payload at trafficPercent: /,
      ],
      [
        { version: "../../1.0.0" },
        /the version of churn's current deployment to production \(id \d+\) "\.\.\/\.\.\/1\.0\.0" is not a semantic version/,
      ],
    ];
    for (const [payload, message] of cases) {
      deployment.payload = payload as typeof deployment.payload;
      const error = await registryFor(fake)
        .resolve("churn@production")
        .catch((e: MlshipError) => e);
      expect(error).toBeInstanceOf(MlshipError);
      expect((error as MlshipError).exitCode).toBe(2);
      expect((error as MlshipError).message).toMatch(message);
    }
  });

  it("publishes in assets + 4 requests and resolves an environment in 2", async () => {
    const bundle = await makeBundle("churn", "1.0.0", "model-one");
    fake.resetCalls();
    await registryFor(fake).publish(bundle);
    // The list, the draft, each asset and SHA256SUMS, the publish, and the read-back that checks the
    // published assets' digests against SHA256SUMS.
    expect(fake.calls).toHaveLength(Object.keys(bundle.files).length + 1 + 4);
    const registry = registryFor(fake);
    const deployment = await registry.recordDeployment({
      name: "churn",
      version: "1.0.0",
      environment: "production",
      strategy: "direct",
      trafficPercent: 100,
    });
    await registry.setDeploymentStatus(deployment.id, "success");
    fake.resetCalls();
    expect(await registryFor(fake).resolve("churn@production")).toMatchObject({ version: "1.0.0" });
    expect(fake.calls).toHaveLength(2);
  });
});

describe("ReleasesRegistry with several runs publishing one version at once", () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await startFakeGitHub();
  });
  afterEach(() => fake.close());

  const run = () => {
    const messages: string[] = [];
    return { registry: registryFor(fake, (m) => messages.push(m)), log: () => messages.join("\n") };
  };
  const assetDeletes = () =>
    fake.calls.filter((c) => c.method === "DELETE" && c.path.includes("/releases/assets/"));

  it("never touches a draft another run is filling; the loser reports the winner's release (same bytes)", async () => {
    const a = run();
    const b = run();
    // A's first upload is held while its asset shows on A's draft, half made.
    const held = fake.hold({ method: "POST", path: /^\/uploads\// });
    const publishingA = a.registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
    await held.reached;
    const draftOfA = fake.releases.find((r) => r.draft)!;
    const resultB = await b.registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
    expect(resultB.created).toBe(true);
    expect(b.log()).toMatch(
      new RegExp(`leaving the draft release churn@v1\\.0\\.0 \\(id ${draftOfA.id}\\) alone`),
    );
    held.release();
    const resultA = await publishingA;
    expect(resultA.created).toBe(false);
    expect(resultA.version.url).toBe(resultB.version.url);
    expect(a.log()).toMatch(/another run published churn@v1\.0\.0 first/);
    expect(a.log()).toMatch(
      new RegExp(`deleted this run's draft release churn@v1\\.0\\.0 \\(id ${draftOfA.id}\\)`),
    );
    expect(assetDeletes()).toEqual([]);
    expect(fake.releaseProblems("churn@v1.0.0")).toEqual([]);
  });

  it("the loser with other model bytes fails with exit 1, naming both checksums, and deletes its draft", async () => {
    const a = run();
    const held = fake.hold({ method: "POST", path: /^\/uploads\// });
    const publishingA = a.registry
      .publish(await makeBundle("churn", "1.0.0", "model-one"))
      .catch((error: MlshipError) => error);
    await held.reached;
    const resultB = await run().registry.publish(await makeBundle("churn", "1.0.0", "model-two"));
    expect(resultB.created).toBe(true);
    held.release();
    const error = await publishingA;
    expect(error).toBeInstanceOf(MlshipError);
    expect((error as MlshipError).exitCode).toBe(1);
    expect((error as MlshipError).message).toMatch(
      /churn@v1\.0\.0 is already published with other model bytes: model\.onnx has sha256 [0-9a-f]{64} there, [0-9a-f]{64} here/,
    );
    expect(assetDeletes()).toEqual([]);
    expect(fake.releaseProblems("churn@v1.0.0")).toEqual([]);
    const published = fake.releases.find((r) => !r.draft)!;
    const model = published.assets.find((a) => a.name === "model.onnx")!;
    expect(fake.assetBytes.get(model.id)?.toString()).toBe("model-two");
  });

  it("a run that finds the tag taken when it creates its draft reports the winner's release", async () => {
    const a = run();
    const held = fake.hold({ method: "POST", path: /\/releases$/ });
    const publishingA = a.registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
    await held.reached;
    const resultB = await run().registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
    held.release();
    const resultA = await publishingA;
    expect([resultA.created, resultB.created]).toEqual([false, true]);
    expect(resultA.version.url).toBe(resultB.version.url);
    expect(fake.releaseProblems("churn@v1.0.0")).toEqual([]);
  });

  it("takes up a complete draft of exactly its own files while its first run still goes: one release, nothing uploaded twice", async () => {
    const bundle = await makeBundle("churn", "1.0.0", "model-one");
    const held = fake.hold({ method: "PATCH", path: /\/releases\/\d+$/ });
    const publishingA = run().registry.publish(bundle);
    await held.reached;
    const b = run();
    const resultB = await b.registry.publish(bundle);
    expect(b.log()).toMatch(/taking up the draft release churn@v1\.0\.0/);
    held.release();
    const resultA = await publishingA;
    expect(resultA.version.url).toBe(resultB.version.url);
    expect(fake.calls.filter((c) => c.path.startsWith("/uploads/"))).toHaveLength(4);
    expect(fake.releaseProblems("churn@v1.0.0")).toEqual([]);
  });

  it("does not report success when the published release disagrees with its SHA256SUMS (exit 1)", async () => {
    const held = fake.hold({ method: "GET", path: /\/releases\/\d+$/ });
    const publishing = run()
      .registry.publish(await makeBundle("churn", "1.0.0", "model-one"))
      .catch((error: MlshipError) => error);
    await held.reached;
    // Another hand swaps the model card after the publish, before the read-back.
    const release = fake.releases[0];
    release.assets = release.assets.filter((a) => a.name !== "model-card.md");
    fake.attach(release.id, "model-card.md", Buffer.from("# another card\n"));
    held.release();
    const error = await publishing;
    expect(error).toBeInstanceOf(MlshipError);
    expect((error as MlshipError).exitCode).toBe(1);
    expect((error as MlshipError).message).toMatch(
      /churn@v1\.0\.0 is published in github:acme\/models, but its files disagree with its SHA256SUMS: model-card\.md has sha256 [0-9a-f]{64}, SHA256SUMS says [0-9a-f]{64}/,
    );
  });
});

describe("ReleasesRegistry on a GitHub that gives no asset digests", () => {
  it("checks the published release by downloading its assets", async () => {
    const fake = await startFakeGitHub({ digests: false });
    try {
      const bundle = await makeBundle("churn", "1.0.0", "model-one");
      const result = await registryFor(fake).publish(bundle);
      expect(result.created).toBe(true);
      const downloads = fake.calls.filter((c) => c.path.startsWith("/download/"));
      expect(downloads).toHaveLength(Object.keys(bundle.files).length + 1);
      expect(fake.releaseProblems("churn@v1.0.0")).toEqual([]);
    } finally {
      await fake.close();
    }
  });
});

describe("ReleasesRegistry's deployment records on GitHub", () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await startFakeGitHub();
  });
  afterEach(() => fake.close());

  const deploy = async (registry: ReleasesRegistry, name: string, version: string) => {
    return registry.recordDeployment({
      name,
      version,
      environment: "production",
      strategy: "canary",
      trafficPercent: 100,
    });
  };

  it("retries a status write GitHub answers 5xx, so the final state is written once GitHub answers again", async () => {
    const registry = registryFor(fake);
    await registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
    const record = await deploy(registry, "churn", "1.0.0");
    fake.fail({ method: "POST", path: /\/deployments\/\d+\/statuses$/, status: 502, times: 3 });
    await registry.setDeploymentStatus(record.id, "success", {
      description: "canary 100%: 4/4 checks passed",
    });
    const posts = fake.calls.filter((c) => c.method === "POST" && c.path.endsWith("/statuses"));
    expect(posts.map((c) => c.status)).toEqual([502, 502, 502, 201]);
    expect((await registry.current("churn", "production"))?.id).toBe(record.id);
  });

  it("fails with exit 1 naming the deployment and the state when GitHub never answers, for the caller to write later", async () => {
    const registry = registryFor(fake);
    await registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
    const record = await deploy(registry, "churn", "1.0.0");
    fake.fail({ method: "POST", path: /\/statuses$/, status: 503, times: 4 });
    const error = await registry.setDeploymentStatus(record.id, "failure").catch((e: MlshipError) => e);
    expect(error).toBeInstanceOf(MlshipError);
    expect((error as MlshipError).exitCode).toBe(1);
    expect((error as MlshipError).message).toMatch(
      new RegExp(`setting deployment ${record.id} to failure: GitHub answered 503`),
    );
    await registry.setDeploymentStatus(record.id, "failure");
    expect((await registry.history("churn", "production"))[0].state).toBe("failure");
  });

  it("keeps a model current when another model's success in the same environment makes it inactive", async () => {
    const registry = registryFor(fake);
    await registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
    await registry.publish(await makeBundle("fraud", "2.0.0", "model-two"));
    const churn = await deploy(registry, "churn", "1.0.0");
    await registry.setDeploymentStatus(churn.id, "success");
    const fraud = await deploy(registry, "fraud", "2.0.0");
    await registry.setDeploymentStatus(fraud.id, "success");
    // GitHub's auto_inactive reaches every deployment sharing the environment's name, whatever its task.
    expect((await registry.history("churn", "production"))[0].state).toBe("inactive");
    expect((await registry.current("churn", "production"))?.id).toBe(churn.id);
    expect(await registry.resolve("churn@production")).toMatchObject({
      version: "1.0.0",
      via: "environment",
    });
  });

  it("writes the payload and the status links GitHub shows (log_url, environment_url)", async () => {
    const registry = registryFor(fake);
    await registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
    const record = await registry.recordDeployment({
      name: "churn",
      version: "1.0.0",
      environment: "production",
      strategy: "canary",
      trafficPercent: 100,
      steps: [10, 50, 100],
      actor: "octocat",
    });
    await registry.setDeploymentStatus(record.id, "success", {
      logUrl: "https://github.com/acme/models/actions/runs/7",
      environmentUrl: "http://127.0.0.1:8080",
    });
    const deployment = fake.deployments.find((d) => String(d.id) === record.id)!;
    expect(deployment.payload).toEqual({
      model: "churn",
      version: "1.0.0",
      strategy: "canary",
      trafficPercent: 100,
      steps: [10, 50, 100],
      actor: "octocat",
    });
    const [status] = fake.deploymentStatuses.get(Number(record.id))!;
    expect(status).toMatchObject({
      state: "success",
      log_url: "https://github.com/acme/models/actions/runs/7",
      target_url: "https://github.com/acme/models/actions/runs/7",
      environment_url: "http://127.0.0.1:8080",
    });
  });

  it("names the field of a payload another tool wrote wrong (exit 2)", async () => {
    const registry = registryFor(fake);
    await registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
    const record = await deploy(registry, "churn", "1.0.0");
    fake.deployments.find((d) => String(d.id) === record.id)!.payload = { version: "1.0.0", steps: "10,50" };
    const error = await registry.history("churn", "production").catch((e: MlshipError) => e);
    expect((error as MlshipError).exitCode).toBe(2);
    expect((error as MlshipError).message).toMatch(/payload of deployment \d+ .* steps/);
  });
});
