/** Version bundles for registry tests: a manifest and its files in a temporary folder, the model's bytes given. */
import { createHash } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { ModelManifest } from "../../src/registry/manifest.js";
import type { VersionBundle } from "../../src/registry/registry.js";

let scratch: string | undefined;

/** Removes every bundle made so far. */
export async function removeBundles(): Promise<void> {
  if (scratch) await rm(scratch, { recursive: true, force: true });
  scratch = undefined;
}

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

/** A version bundle whose model (`model`'s bytes) is stored as parts of `partBytes`. */
export async function makePartsBundle(
  name: string,
  version: string,
  model: string,
  partBytes: number,
): Promise<VersionBundle> {
  const bundle = await makeBundle(name, version, model);
  const dir = dirname(bundle.files["model.onnx"]);
  const bytes = Buffer.from(model);
  const parts = [];
  const files: Record<string, string> = { ...bundle.files };
  delete files["model.onnx"];
  for (let start = 0, index = 0; start < bytes.length; start += partBytes, index++) {
    const file = `model.onnx.part-${String(index).padStart(3, "0")}`;
    const part = bytes.subarray(start, start + partBytes);
    await writeFile(join(dir, file), part);
    parts.push({ file, sha256: createHash("sha256").update(part).digest("hex"), bytes: part.length });
    files[file] = join(dir, file);
  }
  const manifest = { ...bundle.manifest, model: { ...bundle.manifest.model, parts } };
  await writeFile(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  return { ...bundle, manifest, files };
}

/** The manifest of `bundle` with `change` applied, as JSON text (a hand that edits it may break its types). */
export function manifestText(bundle: VersionBundle, change: (manifest: ModelManifest) => void): string {
  const manifest = structuredClone(bundle.manifest);
  change(manifest);
  return JSON.stringify(manifest);
}
