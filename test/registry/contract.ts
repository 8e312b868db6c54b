/**
 * The registry contract (DESIGN.md, "Registry on GitHub Releases"): one suite
 * that every backend passes, run by local-registry.test.ts and
 * releases-registry.test.ts against their own backend.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MlshipError } from "../../src/errors.js";
import type { ModelManifest } from "../../src/registry/manifest.js";
import type { Registry, VersionBundle } from "../../src/registry/registry.js";

export interface RegistryUnderTest {
  registry: Registry;
  /** Replaces a stored asset's bytes behind the registry's back (a corrupted upload or disk). */
  corrupt(name: string, version: string, asset: string, bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

let scratch: string | undefined;

/** A version bundle with `model` as the model's bytes. */
export async function makeBundle(name: string, version: string, model: string): Promise<VersionBundle> {
  scratch ??= await mkdtemp(join(tmpdir(), "mlship-registry-bundles-"));
  const dir = await mkdtemp(join(scratch, `${name}-${version}-`));
  const bytes = Buffer.from(model);
  const manifest: ModelManifest = {
    schemaVersion: 1,
    name,
    version,
    task: "binary",
    createdAt: new Date().toISOString(),
    model: {
      file: "model.onnx",
      sha256: createHash("sha256").update(bytes).digest("hex"),
      bytes: bytes.length,
      opset: 17,
      inputs: [{ name: "tenure", type: "tensor(float)", shape: [null, 1] }],
      outputs: [{ name: "probabilities", type: "tensor(float)", shape: [null, 2] }],
    },
    features: [{ name: "tenure", type: "number" }],
    label: "churned",
    metrics: { roc_auc: 0.81 },
    params: { C: 1 },
    data: { train: { sha256: "a".repeat(64), rows: 3200 } },
    lineage: {
      repository: null,
      commit: null,
      runId: null,
      runUrl: null,
      parent: null,
      trainer: "builtin:logistic",
    },
  };
  await writeFile(join(dir, "model.onnx"), bytes);
  await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  await writeFile(join(dir, "model-card.md"), `# ${name} v${version}\n`);
  return {
    manifest,
    files: {
      "model.onnx": join(dir, "model.onnx"),
      "manifest.json": join(dir, "manifest.json"),
      "model-card.md": join(dir, "model-card.md"),
    },
    notes: `# ${name} v${version}\n`,
  };
}

async function expectError(promise: Promise<unknown>, exitCode: number, message: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(MlshipError);
  expect((error as MlshipError).exitCode).toBe(exitCode);
  expect((error as MlshipError).message).toMatch(message);
}

export function registryContract(backend: string, open: () => Promise<RegistryUnderTest>): void {
  describe(`registry contract: ${backend}`, () => {
    let under: RegistryUnderTest;
    let registry: Registry;
    let out: string;
    beforeAll(async () => {
      scratch = await mkdtemp(join(tmpdir(), "mlship-registry-contract-"));
    });
    afterAll(async () => {
      if (scratch) await rm(scratch, { recursive: true, force: true });
      scratch = undefined;
    });
    beforeEach(async () => {
      under = await open();
      registry = under.registry;
      out = await mkdtemp(join(scratch!, "out-"));
      return () => under.close();
    });

    it("publishes a version and gives back its manifest, its assets and its exact model bytes", async () => {
      const bundle = await makeBundle("churn", "1.0.0", "model-one");
      const published = await registry.publish(bundle);
      expect(published.created).toBe(true);
      expect(published.version.tag).toBe("churn@v1.0.0");
      const got = await registry.get("churn", "1.0.0");
      expect(got?.manifest).toEqual(bundle.manifest);
      expect(got?.assets.map((a) => a.name).sort()).toEqual([
        "SHA256SUMS",
        "manifest.json",
        "model-card.md",
        "model.onnx",
      ]);
      const files = await registry.download("churn", "1.0.0", join(out, "v1"));
      expect(await readFile(files["model.onnx"], "utf8")).toBe("model-one");
      expect(await readFile(files.SHA256SUMS, "utf8")).toContain(
        `${createHash("sha256").update("model-one").digest("hex")}  model.onnx`,
      );
    });

    it("treats publishing the same model bytes again as a no-op", async () => {
      await registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
      const again = await registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
      expect(again.created).toBe(false);
      expect((await registry.list("churn")).map((v) => v.version)).toEqual(["1.0.0"]);
    });

    it("refuses the same version with other model bytes (exit 1), naming the file and both checksums", async () => {
      await registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
      await expectError(
        registry.publish(await makeBundle("churn", "1.0.0", "model-two")),
        1,
        /churn@v1\.0\.0 is already published with other model bytes: model\.onnx has sha256 [0-9a-f]{64} there, [0-9a-f]{64} here/,
      );
    });

    it("lists versions newest first by semantic version, and resolves latest and exact versions", async () => {
      for (const version of ["0.2.0", "0.10.0", "0.9.0"]) {
        await registry.publish(await makeBundle("churn", version, `model-${version}`));
      }
      await registry.publish(await makeBundle("fraud", "3.0.0", "other model"));
      expect((await registry.list("churn")).map((v) => v.version)).toEqual(["0.10.0", "0.9.0", "0.2.0"]);
      expect(await registry.resolve("churn@latest")).toMatchObject({ version: "0.10.0", via: "latest" });
      expect(await registry.resolve("churn")).toMatchObject({ version: "0.10.0" });
      expect(await registry.resolve("churn@0.9.0")).toMatchObject({ version: "0.9.0", tag: "churn@v0.9.0" });
      expect(await registry.resolve("churn@v0.2.0")).toMatchObject({ version: "0.2.0" });
      expect(await registry.resolve("churn@1.0.0")).toBeUndefined();
      expect(await registry.resolve("nothing@latest")).toBeUndefined();
      expect(await registry.list("nothing")).toEqual([]);
    });

    it("records deployments: current is the newest success, the rollback target the newest earlier good version", async () => {
      for (const version of ["1.0.0", "1.1.0", "1.2.0"]) {
        await registry.publish(await makeBundle("churn", version, `model-${version}`));
      }
      const deploy = async (version: string, state: "success" | "failure") => {
        const record = await registry.recordDeployment({
          name: "churn",
          version,
          environment: "production",
          strategy: "canary",
          trafficPercent: 100,
        });
        expect(record.state).toBe("pending");
        await registry.setDeploymentStatus(record.id, state, `${version} ${state}`);
        return record;
      };
      expect(await registry.current("churn", "production")).toBeUndefined();
      expect(await registry.resolve("churn@production")).toBeUndefined();
      await deploy("1.0.0", "success");
      await deploy("1.1.0", "success");
      await deploy("1.1.0", "success");
      await deploy("1.2.0", "failure");
      await registry.recordDeployment({
        name: "churn",
        version: "1.0.0",
        environment: "staging",
        strategy: "direct",
        trafficPercent: 100,
      });
      expect((await registry.current("churn", "production"))?.version).toBe("1.1.0");
      expect((await registry.previousGood("churn", "production"))?.version).toBe("1.0.0");
      expect(await registry.resolve("churn@production")).toMatchObject({
        version: "1.1.0",
        via: "environment",
      });
      const history = await registry.history("churn", "production");
      expect(history.map((d) => [d.version, d.state])).toEqual([
        ["1.2.0", "failure"],
        ["1.1.0", "success"],
        ["1.1.0", "success"],
        ["1.0.0", "success"],
      ]);
      expect(history[0]).toMatchObject({
        strategy: "canary",
        trafficPercent: 100,
        stateDescription: "1.2.0 failure",
      });
      expect(await registry.current("churn", "staging")).toBeUndefined();
    });

    it("keeps every deployment record when many are written at once", async () => {
      await registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
      const records = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          registry.recordDeployment({
            name: "churn",
            version: "1.0.0",
            environment: "qa",
            strategy: "direct",
            trafficPercent: i,
          }),
        ),
      );
      await Promise.all(records.map((r) => registry.setDeploymentStatus(r.id, "success")));
      const history = await registry.history("churn", "qa");
      expect(history).toHaveLength(12);
      expect(new Set(history.map((d) => d.trafficPercent)).size).toBe(12);
      expect(history.every((d) => d.state === "success")).toBe(true);
    });

    it("refuses a download whose bytes do not match SHA256SUMS (exit 1), writing nothing", async () => {
      await registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
      await under.corrupt("churn", "1.0.0", "model.onnx", Buffer.from("model-evil"));
      const target = join(out, "tampered");
      await expectError(
        registry.download("churn", "1.0.0", target),
        1,
        /churn@v1\.0\.0: model\.onnx has sha256 [0-9a-f]{64}, but SHA256SUMS says [0-9a-f]{64}; refusing the download/,
      );
      expect(existsSync(target)).toBe(false);
      expect(await readdir(out)).toEqual([]);
    });

    it("refuses names, versions and refs that would break a tag or a path (exit 2)", async () => {
      for (const name of ["../x", "a b", "x@y", "Churn", ""]) {
        await expectError(
          registry.publish(
            await makeBundle("churn", "1.0.0", "m").then((b) => ({
              ...b,
              manifest: { ...b.manifest, name },
            })),
          ),
          2,
          /is not allowed/,
        );
      }
      await expectError(
        registry.publish(
          await makeBundle("churn", "1.0.0", "m").then((b) => ({
            ...b,
            manifest: { ...b.manifest, version: "1.0" },
          })),
        ),
        2,
        /not a semantic version/,
      );
      await expectError(registry.resolve("churn@../../etc"), 2, /not allowed/);
      await expectError(registry.get("../x", "1.0.0"), 2, /not allowed/);
      await expectError(
        registry.recordDeployment({
          name: "churn",
          version: "9.9.9",
          environment: "production",
          strategy: "direct",
          trafficPercent: 100,
        }),
        1,
        /churn@v9\.9\.9.*not in/,
      );
    });
  });
}
