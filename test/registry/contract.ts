/**
 * The registry contract (docs/design.md, "Registry on GitHub Releases"): one suite
 * that every backend passes, run by local-registry.test.ts and
 * releases-registry.test.ts against their own backend.
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MlshipError } from "../../src/lib/errors.js";
import { formatChecksums } from "../../src/registry/checksums.js";
import type { Registry } from "../../src/registry/registry.js";
import { makeBundle, makePartsBundle, manifestText, removeBundles } from "../support/version-bundles.js";

export { makeBundle } from "../support/version-bundles.js";

export interface RegistryUnderTest {
  registry: Registry;
  /** Replaces a stored asset's bytes behind the registry's back (a corrupted upload or disk). */
  corrupt(name: string, version: string, asset: string, bytes: Uint8Array): Promise<void>;
  /** Replaces a version's manifest where the backend reads it (the folder's manifest.json, the release body). */
  replaceManifest(name: string, version: string, text: string): Promise<void>;
  close(): Promise<void>;
}

let scratch: string | undefined;

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
      await removeBundles();
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
      expect((await registry.list("churn")).versions.map((v) => v.version)).toEqual(["1.0.0"]);
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
      expect((await registry.list("churn")).versions.map((v) => v.version)).toEqual([
        "0.10.0",
        "0.9.0",
        "0.2.0",
      ]);
      expect(await registry.resolve("churn@latest")).toMatchObject({ version: "0.10.0", via: "latest" });
      expect(await registry.resolve("churn")).toMatchObject({ version: "0.10.0" });
      expect(await registry.resolve("churn@0.9.0")).toMatchObject({ version: "0.9.0", tag: "churn@v0.9.0" });
      expect(await registry.resolve("churn@v0.2.0")).toMatchObject({ version: "0.2.0" });
      expect(await registry.resolve("churn@1.0.0")).toBeUndefined();
      expect(await registry.resolve("nothing@latest")).toBeUndefined();
      expect(await registry.list("nothing")).toEqual({ versions: [], corrupt: [] });
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
        await registry.setDeploymentStatus(record.id, state, { description: `${version} ${state}` });
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
      // Each success made the earlier ones inactive (auto_inactive, GitHub's default).
      expect(history.map((d) => [d.version, d.state])).toEqual([
        ["1.2.0", "failure"],
        ["1.1.0", "success"],
        ["1.1.0", "inactive"],
        ["1.0.0", "inactive"],
      ]);
      expect(history[0]).toMatchObject({
        strategy: "canary",
        trafficPercent: 100,
        stateDescription: "1.2.0 failure",
      });
      expect(await registry.current("churn", "staging")).toBeUndefined();
    });

    it("gives the newest deployment of an environment as latest, still pending or not", async () => {
      await registry.publish(await makeBundle("churn", "1.0.0", "model-1.0.0"));
      expect(await registry.latest("churn", "production")).toBeUndefined();
      const record = (environment: string) =>
        registry.recordDeployment({
          name: "churn",
          version: "1.0.0",
          environment,
          strategy: "canary",
          trafficPercent: 10,
        });
      const done = await record("production");
      await registry.setDeploymentStatus(done.id, "success");
      const running = await record("production");
      await registry.setDeploymentStatus(running.id, "in_progress", { description: "canary 10%" });
      await record("staging");
      expect(await registry.latest("churn", "production")).toMatchObject({
        id: running.id,
        state: "in_progress",
        stateDescription: "canary 10%",
      });
    });

    it("reads back a rollout's payload and every status with its links, newest first", async () => {
      await registry.publish(await makeBundle("churn", "1.3.0", "model-130"));
      const request = {
        name: "churn",
        version: "1.3.0",
        environment: "production",
        strategy: "canary",
        trafficPercent: 100,
        steps: [10, 25, 50, 100],
        analysis: {
          checks: ["error_rate <= stable + 0.01", "latency_p99_ms <= stable * 1.2"],
          intervalSeconds: 60,
          inconclusive: "fail" as const,
        },
        forced: true,
        reason: "hotfix | *urgent*",
        actor: "octocat",
        approvals: [
          { login: "reviewer", state: "approved" as const, environments: ["production"], comment: "ok" },
        ],
      };
      const record = await registry.recordDeployment(request);
      expect(record).toMatchObject({ ...request, state: "pending", statuses: [] });
      const links = {
        logUrl: "https://github.com/acme/models/actions/runs/42",
        environmentUrl: "http://serve:8080",
      };
      await registry.setDeploymentStatus(record.id, "in_progress", {
        ...links,
        description: "canary 10%: 4/4 checks passed",
      });
      await registry.setDeploymentStatus(record.id, "success", { ...links, description: "x".repeat(200) });
      const [read] = await registry.history("churn", "production");
      expect(read).toMatchObject({ ...request, id: record.id, state: "success", ...links });
      expect(read.statuses.map((s) => [s.state, s.logUrl, s.environmentUrl])).toEqual([
        ["success", links.logUrl, links.environmentUrl],
        ["in_progress", links.logUrl, links.environmentUrl],
      ]);
      expect(read.statuses[1].description).toBe("canary 10%: 4/4 checks passed");
      // GitHub keeps 140 characters of a description: both backends cut it the same way.
      expect(read.stateDescription).toHaveLength(140);
      expect(read.stateDescription?.endsWith("…")).toBe(true);
    });

    it("keeps an earlier success made inactive by a newer one (auto_inactive) as the rollback target", async () => {
      for (const version of ["1.0.0", "1.1.0"]) {
        await registry.publish(await makeBundle("churn", version, `model-${version}`));
      }
      const deploy = async (version: string, environment = "staging") => {
        const record = await registry.recordDeployment({
          name: "churn",
          version,
          environment,
          strategy: "canary",
          trafficPercent: 100,
        });
        await registry.setDeploymentStatus(record.id, "in_progress", { description: "canary 10%" });
        return record;
      };
      const first = await deploy("1.0.0");
      await registry.setDeploymentStatus(first.id, "success");
      const second = await deploy("1.1.0");
      // While the second rolls out, the first is still the current one and its state is untouched.
      expect((await registry.current("churn", "staging"))?.id).toBe(first.id);
      await registry.setDeploymentStatus(second.id, "success");
      const history = await registry.history("churn", "staging");
      expect(history.map((d) => d.state)).toEqual(["success", "inactive"]);
      expect(history[1].statuses.map((s) => s.state)).toEqual(["inactive", "success", "in_progress"]);
      expect((await registry.current("churn", "staging"))?.id).toBe(second.id);
      expect((await registry.previousGood("churn", "staging"))?.id).toBe(first.id);

      // auto_inactive false leaves the earlier success as it is.
      const third = await deploy("1.0.0", "qa");
      await registry.setDeploymentStatus(third.id, "success");
      const fourth = await deploy("1.1.0", "qa");
      await registry.setDeploymentStatus(fourth.id, "success", { autoInactive: false });
      expect((await registry.history("churn", "qa")).map((d) => d.state)).toEqual(["success", "success"]);
    });

    it("falls back to the earlier version when a success later fails (its inactive mark does not matter)", async () => {
      for (const version of ["1.0.0", "1.1.0"]) {
        await registry.publish(await makeBundle("churn", version, `model-${version}`));
      }
      const ids: string[] = [];
      for (const version of ["1.0.0", "1.1.0"]) {
        const record = await registry.recordDeployment({
          name: "churn",
          version,
          environment: "production",
          strategy: "bluegreen",
          trafficPercent: 100,
        });
        await registry.setDeploymentStatus(record.id, "success");
        ids.push(record.id);
      }
      // The analysis after the switch failed: traffic went back to 1.0.0.
      await registry.setDeploymentStatus(ids[1], "failure", { description: "latency_p99_ms failed" });
      expect((await registry.history("churn", "production")).map((d) => d.state)).toEqual([
        "failure",
        "inactive",
      ]);
      expect((await registry.current("churn", "production"))?.id).toBe(ids[0]);
      expect(await registry.previousGood("churn", "production")).toBeUndefined();
    });

    it("passes over a deployment a rollback names (rollbackOf): rolling back twice finds no newer target", async () => {
      for (const version of ["1.0.0", "1.1.0"]) {
        await registry.publish(await makeBundle("churn", version, `model-${version}`));
      }
      const deploy = async (version: string, rollbackOf?: string) => {
        const record = await registry.recordDeployment({
          name: "churn",
          version,
          environment: "production",
          strategy: rollbackOf ? "direct" : "canary",
          trafficPercent: 100,
          rollbackOf,
        });
        await registry.setDeploymentStatus(record.id, "success");
        return record;
      };
      await deploy("1.0.0");
      const bad = await deploy("1.1.0");
      expect((await registry.previousGood("churn", "production"))?.version).toBe("1.0.0");
      const rollback = await deploy("1.0.0", bad.id);
      expect((await registry.current("churn", "production"))?.id).toBe(rollback.id);
      expect((await registry.history("churn", "production"))[0].rollbackOf).toBe(bad.id);
      expect(await registry.previousGood("churn", "production")).toBeUndefined();
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
      // Each reached success (auto_inactive may have marked the earlier ones inactive since).
      expect(history.every((d) => d.statuses.some((s) => s.state === "success"))).toBe(true);
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

    it("round-trips a model stored as parts: every part listed in SHA256SUMS, the model put back together", async () => {
      const bundle = await makePartsBundle("churn", "1.0.0", "a model in three parts", 8);
      await registry.publish(bundle);
      const files = await registry.download("churn", "1.0.0", join(out, "parts"));
      expect(await readFile(files["model.onnx"], "utf8")).toBe("a model in three parts");
      expect((await readdir(join(out, "parts"))).sort()).toEqual([
        "SHA256SUMS",
        "manifest.json",
        "model-card.md",
        "model.onnx",
      ]);
    });

    it("refuses a model in parts when SHA256SUMS does not list every part (exit 1), writing nothing", async () => {
      const bundle = await makePartsBundle("churn", "1.0.0", "a model in three parts", 8);
      await registry.publish(bundle);
      const sums = new Map<string, string>();
      for (const [asset, file] of Object.entries(bundle.files)) {
        if (asset !== "model.onnx.part-001")
          sums.set(
            asset,
            createHash("sha256")
              .update(await readFile(file))
              .digest("hex"),
          );
      }
      await under.corrupt("churn", "1.0.0", "SHA256SUMS", Buffer.from(formatChecksums(sums)));
      await expectError(
        registry.download("churn", "1.0.0", join(out, "parts")),
        1,
        /churn@v1\.0\.0: model\.onnx\.part-001 \(a part of model\.onnx\) is not listed in SHA256SUMS; refusing the download \(nothing was written to /,
      );
      expect(await readdir(out)).toEqual([]);
    });

    it("refuses a manifest whose parts are not part names (exit 2, naming the field), touching nothing outside the target", async () => {
      const sentinel = join(out, "sentinel");
      await writeFile(sentinel, "keep me");
      const bundle = await makePartsBundle("churn", "1.0.0", "a model in three parts", 8);
      await registry.publish(bundle);
      const target = join(out, "deep", "target");
      for (const file of [
        "../../sentinel",
        sentinel,
        "__proto__",
        "sub/model.onnx.part-000",
        "model.onnx.part-000\0",
      ]) {
        await under.replaceManifest(
          "churn",
          "1.0.0",
          manifestText(bundle, (m) => {
            m.model.parts![0].file = file;
          }),
        );
        await expectError(
          registry.download("churn", "1.0.0", target),
          2,
          /^churn@v1\.0\.0: .* at model\.parts\[0\]\.file: must be model\.onnx\.part-NNN/,
        );
        expect(await readFile(sentinel, "utf8")).toBe("keep me");
        expect(await readdir(out)).toEqual(["sentinel"]);
      }
    });

    it("refuses a SHA256SUMS that names anything but a plain file (exit 2), touching nothing outside the target", async () => {
      const sentinel = join(out, "sentinel");
      await writeFile(sentinel, "keep me");
      await registry.publish(await makeBundle("churn", "1.0.0", "model-one"));
      for (const name of ["../../sentinel", sentinel, "__proto__", "sub/model.onnx", "..", "a\\b"]) {
        const sum = createHash("sha256").update("keep me").digest("hex");
        await under.corrupt("churn", "1.0.0", "SHA256SUMS", Buffer.from(`${sum}  ${name}\n`));
        await expectError(
          registry.download("churn", "1.0.0", join(out, "deep", "target")),
          2,
          /is not a plain file name .*; refusing the download \(nothing was written to /,
        );
        expect(await readFile(sentinel, "utf8")).toBe("keep me");
        expect(await readdir(out)).toEqual(["sentinel"]);
      }
    });

    it("lists readable versions and names corrupt ones apart; latest skips them; reading one is exit 2 naming the field", async () => {
      for (const version of ["1.0.0", "1.1.0", "1.2.0", "1.3.0"]) {
        await registry.publish(await makeBundle("churn", version, `model-${version}`));
      }
      const bundle = await makeBundle("churn", "1.3.0", "model-1.3.0");
      await under.replaceManifest(
        "churn",
        "1.3.0",
        manifestText(bundle, (m) => {
          m.metrics.roc_auc = "high" as unknown as number;
        }),
      );
      await under.replaceManifest("churn", "1.2.0", '{"schemaVersion": 1, "name": ');
      await under.replaceManifest(
        "churn",
        "1.1.0",
        manifestText(bundle, () => {}),
      );
      const { versions, corrupt } = await registry.list("churn");
      expect(versions.map((v) => v.version)).toEqual(["1.0.0"]);
      expect(corrupt.map((c) => c.tag)).toEqual(["churn@v1.3.0", "churn@v1.2.0", "churn@v1.1.0"]);
      expect(corrupt[0].reason).toMatch(/not a valid manifest at metrics\.roc_auc: /);
      expect(corrupt[1].reason).toMatch(/not valid JSON/);
      expect(corrupt[2].reason).toMatch(/not a valid manifest at version: it says "1\.3\.0", not "1\.1\.0"/);
      const latest = await registry.resolve("churn@latest");
      expect(latest).toMatchObject({ version: "1.0.0", via: "latest" });
      expect(latest?.skipped?.map((c) => c.tag)).toEqual(["churn@v1.3.0", "churn@v1.2.0", "churn@v1.1.0"]);
      await expectError(registry.get("churn", "1.3.0"), 2, /^churn@v1\.3\.0: .* at metrics\.roc_auc: /);
      await expectError(registry.resolve("churn@1.2.0"), 2, /^churn@v1\.2\.0: .*not valid JSON/);
      await expectError(registry.download("churn", "1.1.0", join(out, "x")), 2, /^churn@v1\.1\.0: /);
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
