/** Packaging details the CLI tests do not reach: a model split into parts and put back together. */
import { createHash } from "node:crypto";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { resolveOnnxRuntime } from "../../src/onnx/runtime/resolve-runtime.js";
import { LocalRegistry } from "../../src/registry/local-registry.js";
import { packageModel } from "../../src/registry/package-model.js";
import { REPO_ROOT } from "../actions/runner.js";

const MODEL = join(REPO_ROOT, "test/fixtures/models/binary-linear-zipmap.onnx");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-package-"));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe("packageModel", () => {
  it("stores a model over the part size as parts, and a download puts the exact bytes back together", async () => {
    const registry = new LocalRegistry(join(dir, "registry"));
    const bytes = await readFile(MODEL);
    const outcome = await packageModel({
      model: MODEL,
      name: "churn",
      version: "auto",
      registry,
      runtime: () => resolveOnnxRuntime(),
      env: {},
      partBytes: 100,
    });
    const parts = outcome.manifest.model.parts ?? [];
    expect(parts).toHaveLength(Math.ceil(bytes.length / 100));
    expect(parts[0]?.file).toBe("model.onnx.part-000");
    expect(outcome.version.assets.map((a) => a.name)).not.toContain("model.onnx");
    const files = await registry.download("churn", outcome.version.version, join(dir, "out"));
    expect(
      createHash("sha256")
        .update(await readFile(files["model.onnx"]))
        .digest("hex"),
    ).toBe(createHash("sha256").update(bytes).digest("hex"));
    expect((await readdir(join(dir, "out"))).some((name) => name.includes(".part-"))).toBe(false);
  });

  it("refuses a model that does not take the features its training run declared", async () => {
    const metrics = join(dir, "metrics.json");
    await writeFile(metrics, JSON.stringify({ features: ["tenure", "plan"] }));
    await expect(
      packageModel({
        model: MODEL,
        name: "churn",
        version: "auto",
        metrics,
        registry: new LocalRegistry(join(dir, "registry")),
        runtime: () => resolveOnnxRuntime(),
        env: {},
      }),
    ).rejects.toThrow(
      /the model takes \d+ features in one tensor \(\w+\), but 2 are declared \(tenure, plan\)/,
    );
  });
});
