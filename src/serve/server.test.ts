/**
 * The server's seams and settings, in process (fastify's inject, no port): the `ServeHooks` told of
 * every prediction, `chooseVersion` deciding which version answers, mlship.yml's model.features naming
 * a [N, F] model's features, and the serve request's defaults and sources.
 */
import { copyFile, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixturePath, ort } from "../../test/model/model-fixtures.js";
import type { Registry } from "../registry/registry.js";
import type { ServedPrediction } from "./hooks.js";
import { ModelStore } from "./model-store.js";
import { resolveServeRequest } from "./request.js";
import { buildServeApp } from "./server.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-serve-unit-"));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A registry holding `churn` 1.0.0 (the binary model) and 2.0.0 (the same model), enough for the store. */
const fakeRegistry = {
  describe: "fake:registry",
  resolve: async (ref: string) => {
    const version = ref.split("@")[1];
    return { name: "churn", version, tag: `churn@v${version}`, via: "version" as const };
  },
  download: async (_name: string, _version: string, target: string) => {
    await mkdir(target, { recursive: true });
    await copyFile(fixturePath("binary-linear-zipmap.onnx"), join(target, "model.onnx"));
    return { "model.onnx": join(target, "model.onnx") };
  },
  get: async () => undefined,
} as unknown as Registry;

async function storeOf(
  specs: string[],
  configuredFeatures?: { model: string; names: string[]; from: string },
) {
  const store = await ModelStore.resolve(specs, {
    cwd: dir,
    registry: () => fakeRegistry,
    configuredFeatures,
    log: () => {},
  });
  await store.loadAll(async () => ort);
  return store;
}

describe("the seams the other parts of the server plug into", () => {
  it("onPrediction is told of each prediction: model, version, arm, request id, status, rows and outputs", async () => {
    const store = await storeOf(["churn@1.0.0"], {
      model: "churn",
      names: ["tenure", "calls", "late"],
      from: "mlship.yml",
    });
    const seen: ServedPrediction[] = [];
    const app = buildServeApp({
      store,
      bodyLimit: 1e6,
      timeoutMs: 10_000,
      hooks: { onPrediction: (p) => seen.push(p) },
      log: () => {},
    });
    try {
      const ok = await app.inject({
        method: "POST",
        url: "/v1/models/churn:predict",
        headers: { "x-request-id": "abc" },
        payload: { instances: [{ tenure: 1, calls: 2, late: 3 }] },
      });
      expect(ok.statusCode, ok.body).toBe(200);
      const refused = await app.inject({
        method: "POST",
        url: "/v1/models/churn:predict",
        payload: { instances: [{}] },
      });
      expect(refused.statusCode).toBe(400);
      expect(seen).toHaveLength(2);
      expect(seen[0]).toMatchObject({
        model: "churn",
        version: "1.0.0",
        arm: "stable",
        requestId: "abc",
        status: 200,
        rows: [{ tenure: 1, calls: 2, late: 3 }],
      });
      const [output] = seen[0].outputs!;
      expect(output.label).toBe(1);
      expect(output.probabilities!["0"] + output.probabilities!["1"]).toBeCloseTo(1, 6);
      expect(seen[1]).toMatchObject({ model: "churn", version: "1.0.0", status: 400 });
      expect(seen[1].rows).toBeUndefined();
    } finally {
      await app.close();
      await store.close();
    }
  });

  it("chooseVersion decides which version answers a request that names none; a version in the URL overrides it", async () => {
    const store = await storeOf(["churn@1.0.0", "churn@2.0.0"]);
    const app = buildServeApp({
      store,
      bodyLimit: 1e6,
      timeoutMs: 10_000,
      chooseVersion: (_model, request) =>
        request.headers["x-user"] === "b"
          ? { version: "2.0.0", arm: "candidate" }
          : { version: "1.0.0", arm: "stable" },
      log: () => {},
    });
    const body = { inputs: [{ name: "X", datatype: "FP32", shape: [1, 3], data: [1, 2, 3] }] };
    try {
      const a = await app.inject({
        method: "POST",
        url: "/v2/models/churn/infer",
        payload: body,
        headers: { "x-user": "a" },
      });
      const b = await app.inject({
        method: "POST",
        url: "/v2/models/churn/infer",
        payload: body,
        headers: { "x-user": "b" },
      });
      expect([a.headers["x-model-version"], b.headers["x-model-version"]]).toEqual(["1.0.0", "2.0.0"]);
      expect(b.json()).toMatchObject({ model_name: "churn", model_version: "2.0.0" });
      const named = await app.inject({
        method: "POST",
        url: "/v2/models/churn/versions/1.0.0/infer",
        payload: body,
        headers: { "x-user": "b" },
      });
      expect(named.headers["x-model-version"]).toBe("1.0.0");
      const metadata = await app.inject({ method: "GET", url: "/v2/models/churn" });
      expect(metadata.json().versions).toEqual(["1.0.0", "2.0.0"]);
    } finally {
      await app.close();
      await store.close();
    }
  });
});

describe("the serve request", () => {
  it("defaults: port 8080 on 127.0.0.1, 10mb, 30 s, and <model.name>@production from mlship.yml", async () => {
    await writeFile(join(dir, "mlship.yml"), "model:\n  name: churn\n  features: [a, b, c]\n");
    const request = await resolveServeRequest({}, { cwd: dir, env: {} });
    expect(request).toMatchObject({
      port: 8080,
      host: "127.0.0.1",
      models: ["churn@production"],
      bodyLimit: 10 * 1024 * 1024,
      timeout: 30,
      registry: "local:.mlship/registry",
      configuredFeatures: { model: "churn", names: ["a", "b", "c"] },
    });
    expect(request.sources.models).toMatchObject({ kind: "config", key: "model.name" });
  });

  it("explicit settings win over mlship.yml and MLSHIP_REGISTRY; sizes take kb, mb, gb", async () => {
    const request = await resolveServeRequest(
      { models: ["x.onnx"], port: "0", bodyLimit: "512kb", registry: "local:r" },
      { cwd: dir, env: { MLSHIP_REGISTRY: "local:env" } },
    );
    expect(request).toMatchObject({
      models: ["x.onnx"],
      port: 0,
      bodyLimit: 512 * 1024,
      registry: "local:r",
    });
    const fromEnv = await resolveServeRequest(
      { models: ["x.onnx"] },
      { cwd: dir, env: { MLSHIP_REGISTRY: "local:env" } },
    );
    expect(fromEnv.registry).toBe("local:env");
    expect(fromEnv.sources.registry).toEqual({ kind: "environment", variable: "MLSHIP_REGISTRY" });
  });

  it("refuses a body limit outside 1kb..1gb and a timeout of 0, naming the setting", async () => {
    const context = { cwd: dir, env: {} };
    await expect(resolveServeRequest({ bodyLimit: "2gb" }, context)).rejects.toMatchObject({
      location: { setting: "bodyLimit" },
    });
    await expect(resolveServeRequest({ timeout: "0" }, context)).rejects.toMatchObject({
      location: { setting: "timeout" },
    });
  });
});
