/** The GitHub backend against the fake GitHub: the contract, then GitHub's own failure modes. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ReleasesRegistry } from "../../src/registry/github-releases-registry.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { makeBundle, registryContract } from "./contract.js";

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

  it("takes up a draft left by a crashed run instead of creating a second release", async () => {
    const crashed = registryFor(fake);
    fake.fail({ method: "PATCH", path: /\/releases\/\d+$/, status: 500, times: 4 });
    await expect(crashed.publish(await makeBundle("churn", "1.0.0", "model-one"))).rejects.toThrow(
      /publishing the release churn@v1\.0\.0/,
    );
    expect(fake.releases.filter((r) => r.draft)).toHaveLength(1);
    fake.resetCalls();
    const result = await registryFor(fake).publish(await makeBundle("churn", "1.0.0", "model-one"));
    expect(result.created).toBe(true);
    expect(fake.releases).toHaveLength(1);
    expect(fake.releases[0].draft).toBe(false);
    // The model and the card on the draft matched by digest and stayed; the manifest (a new createdAt) and
    // SHA256SUMS were replaced.
    const uploaded = fake.calls
      .filter((c) => c.path.startsWith("/uploads/"))
      .map((c) => new URLSearchParams(c.query).get("name"));
    expect(uploaded.sort()).toEqual(["SHA256SUMS", "manifest.json"]);
    expect(fake.releases[0].assets.map((a) => a.name).sort()).toEqual([
      "SHA256SUMS",
      "manifest.json",
      "model-card.md",
      "model.onnx",
    ]);
    expect(fake.calls.filter((c) => c.method === "POST" && c.path.endsWith("/releases"))).toHaveLength(0);
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
    expect(await registryFor(fake, (m) => messages.push(m)).list("churn")).toEqual([]);
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

  it("publishes in assets + 3 requests and resolves an environment in 2", async () => {
    const bundle = await makeBundle("churn", "1.0.0", "model-one");
    fake.resetCalls();
    await registryFor(fake).publish(bundle);
    expect(fake.calls).toHaveLength(Object.keys(bundle.files).length + 1 + 3);
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
