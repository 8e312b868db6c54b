import { appendFile, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MlshipError } from "../../src/lib/errors.js";
import { LocalRegistry } from "../../src/registry/local-registry.js";
import { removeBundles } from "../support/version-bundles.js";
import { makeBundle, registryContract } from "./contract.js";

registryContract("local", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mlship-local-registry-"));
  return {
    registry: new LocalRegistry(dir),
    corrupt: (name, version, asset, bytes) => writeFile(join(dir, name, version, asset), bytes),
    replaceManifest: (name, version, text) => writeFile(join(dir, name, version, "manifest.json"), text),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});

describe("LocalRegistry's deployment log", () => {
  it("names the line and the field of a record that is not one (exit 2)", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mlship-local-registry-"));
    try {
      const registry = new LocalRegistry(dir);
      await registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
      await registry.recordDeployment({
        name: "churn",
        version: "1.0.0",
        environment: "production",
        strategy: "direct",
        trafficPercent: 100,
      });
      const log = join(dir, "churn", "deployments.jsonl");
      await appendFile(
        log,
        '{"event":"created","id":"x","at":"now","name":"churn","version":"1.0.0","environment":"production","strategy":"direct","trafficPercent":"all"}\n',
      );
      const error = await registry.history("churn", "production").catch((e: MlshipError) => e);
      expect(error).toBeInstanceOf(MlshipError);
      expect((error as MlshipError).exitCode).toBe(2);
      expect((error as MlshipError).describe()).toMatch(
        /deployments\.jsonl:2: this line is not a deployment record at trafficPercent: /,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
      await removeBundles();
    }
  });
});
