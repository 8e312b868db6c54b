/**
 * The real onnxruntime-node and onnxruntime-common tarballs, served from a
 * loopback registry: the pinned integrity values match them, the tar reader
 * extracts the ~100 MB package exactly as npm did, and the runtime loaded from
 * the cache runs a model. The tarballs come from the local npm cache (where
 * `npm ci` left them); without them the test is skipped and says why.
 */
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, stat } from "node:fs/promises";
import { homedir, tmpdir } from "node:os";
import { join, relative } from "node:path";
import onnxProto from "onnx-proto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startFakeRegistry } from "../../../test/fixtures/runtime/fake-packages.js";
import { ONNXRUNTIME_VERSION, PINNED_INTEGRITY, RUNTIME_PACKAGES } from "./pinned-runtime.js";
import { loadOnnxRuntime } from "./resolve-runtime.js";

const { onnx } = onnxProto;
const root = join(import.meta.dirname, "..", "..", "..");

/** Where npm's content-addressed cache (cacache) keeps a tarball with this sha512 integrity. */
function npmCacheFile(integrity: string): string {
  const cache =
    process.env.npm_config_cache ??
    (process.platform === "win32" && process.env.LOCALAPPDATA
      ? join(process.env.LOCALAPPDATA, "npm-cache")
      : join(homedir(), ".npm"));
  const hex = Buffer.from(integrity.slice("sha512-".length), "base64").toString("hex");
  return join(cache, "_cacache", "content-v2", "sha512", hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
}

/** y = x + x over a float vector: the smallest model that proves the native runtime runs. */
function doublingModel(): Uint8Array {
  const vector = (name: string) =>
    onnx.ValueInfoProto.create({
      name,
      type: {
        tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim: [{ dimParam: "N" }] } },
      },
    });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    opsetImport: [{ domain: "", version: 17 }],
    graph: {
      name: "double",
      node: [{ opType: "Add", input: ["x", "x"], output: ["y"] }],
      input: [vector("x")],
      output: [vector("y")],
    },
  });
  return onnx.ModelProto.encode(model).finish();
}

async function fileSizes(folder: string): Promise<Record<string, number>> {
  const sizes: Record<string, number> = {};
  for (const entry of await readdir(folder, { recursive: true })) {
    const path = join(folder, String(entry));
    const info = await stat(path);
    if (info.isFile()) sizes[relative(folder, path).split("\\").join("/")] = info.size;
  }
  return sizes;
}

let work: string;
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "mlship-runtime-real-"));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe("the real onnxruntime-node tarballs", () => {
  it("download, verify, extract as npm does, and run a model from the cache (skipped without npm's cached copies)", async (context) => {
    const files = Object.fromEntries(
      RUNTIME_PACKAGES.map((name) => [
        name,
        npmCacheFile(PINNED_INTEGRITY[`${name}@${ONNXRUNTIME_VERSION}`]),
      ]),
    );
    const missing = Object.values(files).filter((file) => !existsSync(file));
    if (missing.length > 0) context.skip(`the npm cache has no copy of ${missing.join(", ")}`);

    const answers = Object.fromEntries(
      await Promise.all(
        RUNTIME_PACKAGES.map(async (name) => [
          `/${name}/-/${name}-${ONNXRUNTIME_VERSION}.tgz`,
          await readFile(files[name]),
        ]),
      ),
    );
    const registry = await startFakeRegistry(answers);
    try {
      const { ort, description } = await loadOnnxRuntime({
        registry: registry.url,
        cacheDir: work,
        loadInstalled: false,
        output: null,
      });
      expect(description.source).toBe("download");
      expect(description.version).toBe(ONNXRUNTIME_VERSION);

      const session = await ort.InferenceSession.create(doublingModel());
      const { y } = await session.run({ x: new ort.Tensor("float32", Float32Array.from([1, 2.5]), [2]) });
      expect(Array.from(y.data as Float32Array)).toEqual([2, 5]);
      await session.release();

      for (const name of RUNTIME_PACKAGES) {
        const extracted = await fileSizes(join(description.path, "..", name));
        expect(extracted, name).toEqual(await fileSizes(join(root, "node_modules", name)));
      }
    } finally {
      await registry.close();
    }
  });
});
