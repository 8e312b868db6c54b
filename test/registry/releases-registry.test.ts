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
