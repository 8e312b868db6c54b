import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type FakeRegistry,
  type FakeRuntime,
  fakeRuntime,
  runtimeAnswers,
  startFakeRegistry,
} from "../../../test/fixtures/runtime/fake-packages.js";
import { MlshipError } from "../../lib/errors.js";
import type { FetchLike } from "./download-tarball.js";
import { COMPLETION_MARKER } from "./install-runtime.js";
import {
  describeRuntime,
  loadOnnxRuntime,
  type ResolveRuntimeOptions,
  resolveOnnxRuntime,
} from "./resolve-runtime.js";

interface FakeOrt {
  marker: string;
  commonMarker: string;
  loadedFrom: string;
}

const platformArch = `${process.platform}-${process.arch}`;
let work: string;
let cacheDir: string;
let registry: FakeRegistry | undefined;
let versionCounter = 0;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), "mlship-runtime-"));
  cacheDir = join(work, "cache");
  await mkdir(cacheDir);
});
afterEach(async () => {
  await registry?.close();
  registry = undefined;
  await rm(work, { recursive: true, force: true });
});

/** A fresh version per test: Node's require cache never hands one test another test's module. */
function newRuntime(options: Omit<Parameters<typeof fakeRuntime>[0], "version"> = {}): FakeRuntime {
  versionCounter += 1;
  return fakeRuntime({ version: `0.0.${versionCounter}-test`, ...options });
}

async function serve(runtime: FakeRuntime): Promise<FakeRegistry> {
  registry = await startFakeRegistry(runtimeAnswers(runtime));
  return registry;
}

function options(runtime: FakeRuntime, extra: ResolveRuntimeOptions = {}): ResolveRuntimeOptions {
  return {
    version: runtime.version,
    integrity: runtime.integrity,
    registry: registry?.url ?? "http://127.0.0.1:9",
    cacheDir,
    loadInstalled: false,
    output: null,
    ...extra,
  };
}

const noNetwork: FetchLike = async (url) => {
  throw new Error(`unexpected request to ${url}`);
};

async function filesUnder(folder: string): Promise<string[]> {
  const entries = await readdir(folder, { recursive: true });
  return entries.map(String).sort();
}

describe("resolveOnnxRuntime: the installed package", () => {
  it("loads the onnxruntime-node installed next to mlship, without touching the cache", async () => {
    const { ort, description } = await loadOnnxRuntime({ cacheDir, fetch: noNetwork, output: null });
    expect(description.source).toBe("installed");
    expect(description.version).toBe("1.30.0");
    expect(description.path).toMatch(/node_modules[\\/]onnxruntime-node$/);
    expect(typeof ort.InferenceSession.create).toBe("function");
    expect(typeof ort.Tensor).toBe("function");
    expect(await filesUnder(cacheDir)).toEqual([]);
  });

  it("looks for the installed package from installedFrom, and falls back when it is not there", async () => {
    const runtime = newRuntime();
    await serve(runtime);
    const elsewhere = pathToFileURL(join(work, "app", "dist", "index.js"));
    const { description } = await loadOnnxRuntime(
      options(runtime, { loadInstalled: true, installedFrom: elsewhere }),
    );
    expect(description.source).toBe("download");
  });

  it("reports an installed package without a binary for this platform", async () => {
    const app = join(work, "app");
    const packageDir = join(app, "node_modules", "onnxruntime-node");
    await mkdir(join(packageDir, "dist"), { recursive: true });
    await mkdir(join(packageDir, "bin", "napi-v6", "sunos", "sparc"), { recursive: true });
    await writeFile(join(packageDir, "bin", "napi-v6", "sunos", "sparc", "x.node"), "");
    await writeFile(
      join(packageDir, "package.json"),
      JSON.stringify({ name: "onnxruntime-node", version: "9.9.9", main: "dist/index.js" }),
    );
    await writeFile(join(packageDir, "dist", "index.js"), "exports.x = 1;\n");
    const error = await loadOnnxRuntime({
      installedFrom: pathToFileURL(join(app, "index.js")),
      cacheDir,
      fetch: noNetwork,
      output: null,
    }).catch((e) => e);
    expect(error).toBeInstanceOf(MlshipError);
    expect(error.code).toBe("runtime_unsupported_platform");
    expect(error.message).toBe(
      `onnxruntime-node 9.9.9 has no native binary for ${process.platform}/${process.arch} (it ships sunos/sparc); ` +
        "run mlship on one of those platforms, or install an onnxruntime-node build for this one next to mlship",
    );
  });
});

describe("resolveOnnxRuntime: download into the cache", () => {
  it("downloads both tarballs, verifies, extracts and loads them, and marks the install complete", async () => {
    const runtime = newRuntime();
    const server = await serve(runtime);
    const lines: string[] = [];
    const { ort, description } = await loadOnnxRuntime(
      options(runtime, { output: { write: (text: string) => lines.push(text) } }),
    );
    const fake = ort as unknown as FakeOrt;
    const installDir = join(cacheDir, runtime.version, platformArch);
    expect(fake.marker).toBe("fake onnxruntime-node");
    expect(fake.commonMarker).toBe("fake onnxruntime-common");
    expect(fake.loadedFrom).toBe(join(installDir, "node_modules", "onnxruntime-node", "dist"));
    expect(server.requests).toEqual([runtime.paths["onnxruntime-node"], runtime.paths["onnxruntime-common"]]);
    expect(description).toMatchObject({ source: "download", version: runtime.version, registry: server.url });
    expect(lines.join("")).toContain(`downloading onnxruntime-node ${runtime.version} for ${platformArch}`);

    const marker = JSON.parse(await readFile(join(installDir, COMPLETION_MARKER), "utf8"));
    expect(marker.packages.map((p: { integrity: string }) => p.integrity)).toEqual([
      runtime.integrity[`onnxruntime-node@${runtime.version}`],
      runtime.integrity[`onnxruntime-common@${runtime.version}`],
    ]);
    // Only the install itself: no tarballs, no temporary folders.
    expect(await readdir(join(cacheDir, runtime.version))).toEqual([platformArch]);
    expect(await readdir(installDir)).toEqual([COMPLETION_MARKER, "node_modules"].sort());
  });

  it("uses the cached install on the next call without any request", async () => {
    const runtime = newRuntime();
    const server = await serve(runtime);
    await loadOnnxRuntime(options(runtime));
    const requestsAfterFirst = server.requests.length;
    const { ort, description } = await loadOnnxRuntime(options(runtime, { fetch: noNetwork }));
    expect((ort as unknown as FakeOrt).marker).toBe("fake onnxruntime-node");
    expect(description.source).toBe("cache");
    expect(server.requests.length).toBe(requestsAfterFirst);
    expect(describeRuntime()).toEqual(description);
  });

  it("redoes an install whose folder has no completion marker (a crashed earlier attempt)", async () => {
    const runtime = newRuntime();
    const server = await serve(runtime);
    const installDir = join(cacheDir, runtime.version, platformArch);
    await mkdir(join(installDir, "node_modules", "onnxruntime-node"), { recursive: true });
    await writeFile(join(installDir, "node_modules", "onnxruntime-node", "half-written.js"), "");
    const { description } = await loadOnnxRuntime(options(runtime));
    expect(description.source).toBe("download");
    expect(server.requests.length).toBe(2);
    expect(existsSync(join(installDir, "node_modules", "onnxruntime-node", "half-written.js"))).toBe(false);
    expect(existsSync(join(installDir, COMPLETION_MARKER))).toBe(true);
  });

  it("redoes an install whose marker names other integrity values", async () => {
    const runtime = newRuntime();
    const server = await serve(runtime);
    await loadOnnxRuntime(options(runtime));
    const markerFile = join(cacheDir, runtime.version, platformArch, COMPLETION_MARKER);
    const marker = JSON.parse(await readFile(markerFile, "utf8"));
    marker.packages[0].integrity = "sha512-older";
    await writeFile(markerFile, JSON.stringify(marker));
    const { description } = await loadOnnxRuntime(options(runtime));
    expect(description.source).toBe("download");
    expect(server.requests.length).toBe(4);
  });

  it("removes temporary folders that crashed attempts left long ago", async () => {
    const runtime = newRuntime();
    await serve(runtime);
    const stale = join(cacheDir, runtime.version, `.${platformArch}.partial-1-dead`);
    await mkdir(stale, { recursive: true });
    const longAgo = new Date(Date.now() - 24 * 60 * 60 * 1000);
    await utimes(stale, longAgo, longAgo);
    await loadOnnxRuntime(options(runtime));
    expect(existsSync(stale)).toBe(false);
  });

  it("memoizes per process: a second resolveOnnxRuntime returns the same module without a request", async () => {
    const runtime = newRuntime();
    const server = await serve(runtime);
    const first = await resolveOnnxRuntime(options(runtime));
    const second = await resolveOnnxRuntime(options(runtime));
    expect(second).toBe(first);
    expect(server.requests.length).toBe(2);
  });

  it("forgets a failed resolution, so a later call tries again", async () => {
    const runtime = newRuntime();
    const server = await serve(runtime);
    server.answers.delete(runtime.paths["onnxruntime-common"]);
    await expect(resolveOnnxRuntime(options(runtime))).rejects.toThrow(/HTTP 404/);
    server.answers.set(runtime.paths["onnxruntime-common"], runtime.tarballs["onnxruntime-common"]);
    const ort = (await resolveOnnxRuntime(options(runtime))) as unknown as FakeOrt;
    expect(ort.marker).toBe("fake onnxruntime-node");
  });
});

describe("resolveOnnxRuntime: failures leave nothing in the cache", () => {
  it("refuses a tarball whose sha512 differs from the pinned one", async () => {
    const runtime = newRuntime();
    const server = await serve(runtime);
    const tampered = Buffer.from(runtime.tarballs["onnxruntime-node"]);
    tampered[tampered.length - 1] ^= 0xff;
    server.answers.set(runtime.paths["onnxruntime-node"], tampered);
    const error = await loadOnnxRuntime(options(runtime)).catch((e) => e);
    expect(error).toBeInstanceOf(MlshipError);
    expect(error.code).toBe("runtime_checksum_mismatch");
    const expected = runtime.integrity[`onnxruntime-node@${runtime.version}`];
    expect(error.message).toMatch(
      new RegExp(
        `^checksum mismatch for onnxruntime-node-${runtime.version}\\.tgz: expected ${escapeRegExp(expected)}, ` +
          "got sha512-[A-Za-z0-9+/]+=*; nothing was installed",
      ),
    );
    expect(error.exitCode).toBe(2);
    expect(await filesUnder(cacheDir)).toEqual([]);
    // Verified before anything else: the second tarball was never fetched.
    expect(server.requests).toEqual([runtime.paths["onnxruntime-node"]]);
  });

  it("names the URL and the fixes when the registry answers 404", async () => {
    const runtime = newRuntime();
    const server = await serve(runtime);
    server.answers.delete(runtime.paths["onnxruntime-node"]);
    const error = await loadOnnxRuntime(options(runtime)).catch((e) => e);
    expect(error).toBeInstanceOf(MlshipError);
    expect(error.code).toBe("runtime_download_failed");
    expect(error.message).toBe(
      `cannot download onnxruntime-node@${runtime.version} from ${server.url}${runtime.paths["onnxruntime-node"]}: ` +
        `HTTP 404 Not Found. Install onnxruntime-node next to mlship (npm install onnxruntime-node@${runtime.version}) ` +
        "so nothing has to be downloaded, or set MLSHIP_NPM_REGISTRY to an npm registry this machine can reach",
    );
    expect(await filesUnder(cacheDir)).toEqual([]);
  });

  it("names the URL when nothing listens there", async () => {
    const runtime = newRuntime();
    const closed = await startFakeRegistry();
    const url = closed.url;
    await closed.close();
    const error = await loadOnnxRuntime(options(runtime, { registry: url })).catch((e) => e);
    expect(error).toBeInstanceOf(MlshipError);
    expect(error.message).toContain(
      `cannot download ${url}/onnxruntime-node/-/onnxruntime-node-${runtime.version}.tgz`,
    );
    expect(error.message).toContain("ECONNREFUSED");
    expect(error.message).toContain("MLSHIP_NPM_REGISTRY");
    expect(await filesUnder(cacheDir)).toEqual([]);
  });

  it("gives up a download that stalls", async () => {
    const runtime = newRuntime();
    const server = await serve(runtime);
    server.answers.set(runtime.paths["onnxruntime-node"], "stall");
    const error = await loadOnnxRuntime(options(runtime, { idleTimeoutMs: 200 })).catch((e) => e);
    expect(error).toBeInstanceOf(MlshipError);
    expect(error.message).toMatch(
      /^download of http:\/\/127\.0\.0\.1:\d+\/onnxruntime-node\/-\/\S+ stalled: no data for 0\.2 s\. /,
    );
    expect(await filesUnder(cacheDir)).toEqual([]);
  });

  it("refuses a tarball with a path-traversal entry even when its checksum is the pinned one", async () => {
    const runtime = newRuntime({ extraEntries: [{ name: "package/../../../escaped.js", body: "evil" }] });
    await serve(runtime);
    const error = await loadOnnxRuntime(options(runtime)).catch((e) => e);
    expect(error).toBeInstanceOf(MlshipError);
    expect(error.code).toBe("unsafe_tarball");
    expect(error.message).toContain(`refusing to extract onnxruntime-node-${runtime.version}.tgz`);
    expect(await filesUnder(work)).toEqual(["cache"]);
  });

  it("reports a package without a binary for this platform and keeps nothing", async () => {
    const runtime = newRuntime({ binaryFor: { platform: "sunos", arch: "sparc" } });
    await serve(runtime);
    const error = await loadOnnxRuntime(options(runtime)).catch((e) => e);
    expect(error).toBeInstanceOf(MlshipError);
    expect(error.code).toBe("runtime_unsupported_platform");
    expect(error.message).toContain(
      `onnxruntime-node ${runtime.version} has no native binary for ${process.platform}/${process.arch} (it ships sunos/sparc)`,
    );
    expect(await filesUnder(cacheDir)).toEqual([]);
  });

  it("sends registry credentials as basic auth and never shows them", async () => {
    const runtime = newRuntime();
    const server = await serve(runtime);
    server.answers.clear();
    const withCredentials = server.url.replace("http://", "http://ci-user:s3cr3t-token@");
    const error = await loadOnnxRuntime(options(runtime, { registry: withCredentials })).catch((e) => e);
    expect(error.message).toContain("http://***@127.0.0.1");
    expect(error.message).not.toContain("s3cr3t");
    expect(server.headers[0].authorization).toBe(
      `Basic ${Buffer.from("ci-user:s3cr3t-token").toString("base64")}`,
    );
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
