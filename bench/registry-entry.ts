/**
 * Registry benchmarks (issue 4 §6 and §2), bundled and run by bench/registry.mjs:
 *
 *   economy              REST requests of `mlship package` (packageModel on the GitHub backend) and of
 *                        `resolve churn@production`, counted by the fake GitHub (targets: assets + 4,
 *                        the published release read back and checked; ≤ 2)
 *   serve                start a fake GitHub and print its URL and token (for the streaming client)
 *   stream <url> <token> <bytes>
 *                        publish a model file of <bytes> and download it again; print this process's peak RSS
 */
import { createHash, randomFillSync } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveOnnxRuntime } from "../src/onnx/runtime/resolve-runtime.js";
import { ReleasesRegistry } from "../src/registry/github-releases-registry.js";
import type { ModelManifest } from "../src/registry/manifest.js";
import { packageModel } from "../src/registry/package-model.js";
import { startFakeGitHub } from "../test/support/fake-github.js";

const [mode, ...rest] = process.argv.slice(2);
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

async function main(): Promise<void> {
  if (mode === "economy") {
    const fake = await startFakeGitHub();
    const registry = () =>
      new ReleasesRegistry({
        token: fake.token,
        apiUrl: fake.url,
        repository: "acme/models",
        env: {},
        retryUnitMs: 1,
      });
    const model = rest[0];
    const outcome = await packageModel({
      model,
      name: "churn",
      version: "auto",
      registry: registry(),
      runtime: () => resolveOnnxRuntime(),
      env: {},
    });
    const packageCalls = fake.calls.length;
    const assets = outcome.version.assets.length;
    const deploying = registry();
    const deployment = await deploying.recordDeployment({
      name: "churn",
      version: outcome.version.version,
      environment: "production",
      strategy: "direct",
      trafficPercent: 100,
    });
    await deploying.setDeploymentStatus(deployment.id, "success");
    fake.resetCalls();
    await registry().resolve("churn@production");
    const resolveCalls = fake.calls.length;
    fake.resetCalls();
    await registry().resolve("churn@latest");
    print({
      package: { requests: packageCalls, assets, target: `≤ assets + 4 = ${assets + 4}` },
      resolveEnvironment: { requests: resolveCalls, target: "≤ 2" },
      resolveLatest: { requests: fake.calls.length },
    });
    await fake.close();
  } else if (mode === "serve") {
    const fake = await startFakeGitHub();
    print({ url: fake.url, token: fake.token });
    process.stdin.resume();
    process.stdin.on("end", () => fake.close().then(() => process.exit(0)));
  } else if (mode === "stream") {
    const [url, token, size] = rest;
    const bytes = Number(size);
    const dir = await mkdtemp(join(tmpdir(), "mlship-bench-registry-"));
    try {
      const file = join(dir, "model.onnx");
      const hash = createHash("sha256");
      const out = createWriteStream(file);
      const chunk = Buffer.alloc(1 << 20);
      for (let written = 0; written < bytes; written += chunk.length) {
        randomFillSync(chunk);
        const piece = chunk.subarray(0, Math.min(chunk.length, bytes - written));
        hash.update(piece);
        if (!out.write(piece)) await new Promise((r) => out.once("drain", r));
      }
      await new Promise((r) => out.end(r));
      const sha256 = hash.digest("hex");
      const manifest: ModelManifest = {
        schemaVersion: 1,
        name: "big",
        version: "1.0.0",
        task: null,
        createdAt: new Date().toISOString(),
        model: { file: "model.onnx", sha256, bytes, opset: null, inputs: [], outputs: [] },
        features: [],
        label: null,
        metrics: {},
        params: {},
        data: {},
        lineage: { repository: null, commit: null, runId: null, runUrl: null, parent: null, trainer: null },
      };
      const manifestFile = join(dir, "manifest.json");
      await (await import("node:fs/promises")).writeFile(manifestFile, JSON.stringify(manifest));
      const registry = new ReleasesRegistry({
        token,
        apiUrl: url,
        repository: "acme/models",
        env: {},
        retryUnitMs: 1,
      });
      const rssBefore = process.memoryUsage().rss;
      let started = performance.now();
      await registry.publish({ manifest, files: { "model.onnx": file, "manifest.json": manifestFile } });
      const publishSeconds = (performance.now() - started) / 1000;
      const peakAfterPublish = process.resourceUsage().maxRSS * 1024;
      started = performance.now();
      const downloaded = await new ReleasesRegistry({
        token,
        apiUrl: url,
        repository: "acme/models",
        env: {},
        retryUnitMs: 1,
      }).download("big", "1.0.0", join(dir, "out"));
      const downloadSeconds = (performance.now() - started) / 1000;
      print({
        bytes,
        publishSeconds,
        downloadSeconds,
        verified: Boolean(downloaded["model.onnx"]),
        rssBeforeBytes: rssBefore,
        peakRssAfterPublishBytes: peakAfterPublish,
        peakRssBytes: process.resourceUsage().maxRSS * 1024,
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  } else {
    process.stderr.write("usage: economy <model.onnx> | serve | stream <url> <token> <bytes>\n");
    process.exit(2);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
