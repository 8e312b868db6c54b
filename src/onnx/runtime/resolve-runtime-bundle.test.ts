/**
 * Bundles resolve-runtime.ts with ncc as the build does and checks that the
 * bundle carries nothing of onnxruntime-node yet finds it at run time.
 *
 * The entry is resolve-runtime.ts itself (ncc keeps its exports in the ESM
 * bundle) and a scratch script drives the bundle: ncc cannot type-check a
 * TypeScript import from an entry outside the project's tsconfig. `-t`
 * (transpile only) skips type checking, which `tsc --noEmit` does anyway, and
 * brings the bundling from ~7 s to ~1 s; what webpack follows is the same.
 */
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  fakeRuntime,
  runtimeAnswers,
  startFakeRegistry,
} from "../../../test/fixtures/runtime/fake-packages.js";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..", "..");
let work: string;
let app: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "mlship-runtime-bundle-"));
  app = join(work, "app");
  await run(
    join(root, "node_modules", ".bin", process.platform === "win32" ? "ncc.cmd" : "ncc"),
    [
      "build",
      "src/onnx/runtime/resolve-runtime.ts",
      "--out",
      join(app, "dist"),
      "--target",
      "es2022",
      "--no-source-map-register",
      "--quiet",
      "--transpile-only",
    ],
    { cwd: root, shell: process.platform === "win32" },
  );
  await writeFile(
    join(app, "run.mjs"),
    [
      'import { loadOnnxRuntime } from "./dist/index.js";',
      "const { ort, description } = await loadOnnxRuntime({ output: null, ...JSON.parse(process.argv[2]) });",
      "const hasSession = typeof ort.InferenceSession?.create === 'function';",
      "process.stdout.write(JSON.stringify({ description, hasSession, marker: ort.marker }));",
    ].join("\n"),
  );
}, 60_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function runBundle(options: object): Promise<{
  description: { source: string; path: string; version: string };
  hasSession: boolean;
  marker?: string;
}> {
  const { stdout } = await run(process.execPath, [join(app, "run.mjs"), JSON.stringify(options)], {
    cwd: app,
  });
  return JSON.parse(stdout);
}

describe("the ncc bundle of resolve-runtime", () => {
  it("contains no native file and no onnxruntime-node or onnxruntime-common code", async () => {
    const files = await readdir(join(app, "dist"), { recursive: true });
    expect(files.map(String).sort()).toEqual(["index.js", "package.json"]);
    const bundle = await readFile(join(app, "dist", "index.js"), "utf8");
    expect(bundle).not.toContain("onnxruntime_binding");
    expect(bundle).not.toContain("initOrtOnce"); // onnxruntime-node's dist/binding.js
    expect(bundle).not.toContain("registerBackend"); // onnxruntime-common
  });

  it("loads the onnxruntime-node installed next to the bundle", async () => {
    await mkdir(join(app, "node_modules"), { recursive: true });
    const link = join(app, "node_modules", "onnxruntime-node");
    await symlink(join(root, "node_modules", "onnxruntime-node"), link, "junction");
    try {
      const result = await runBundle({ cacheDir: join(work, "cache"), registry: "http://127.0.0.1:9" });
      expect(result.description.source).toBe("installed");
      expect(result.description.version).toBe("1.30.0");
      expect(result.hasSession).toBe(true);
    } finally {
      await rm(link, { force: true });
    }
  });

  it("resolves from the bundle's own location, not the source's: with nothing installed there it downloads", async () => {
    const runtime = fakeRuntime({ version: "0.0.0-bundle" });
    const registry = await startFakeRegistry(runtimeAnswers(runtime));
    try {
      const result = await runBundle({
        version: runtime.version,
        integrity: runtime.integrity,
        registry: registry.url,
        cacheDir: join(work, "cache"),
      });
      expect(result.description.source).toBe("download");
      expect(result.marker).toBe("fake onnxruntime-node");
      expect(registry.requests.length).toBe(2);
    } finally {
      await registry.close();
    }
  });
});
