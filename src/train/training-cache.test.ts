import { mkdir, mkdtemp, readFile, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CommandTrainReportFileSchema } from "./metrics-file.js";
import { canonicalJson, LocalTrainingCache, restoreTrainingRun, trainingCacheKey } from "./training-cache.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-train-cache-"));
  await mkdir(join(dir, "src"));
  await writeFile(join(dir, "src", "train.py"), "print('train')\n");
  await writeFile(join(dir, "src", "features.py"), "FEATURES = 3\n");
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const base = () => ({
  trainer: "builtin:gbdt",
  trainerVersion: "0.1.0",
  params: { learning_rate: 0.1, max_depth: 6 },
  data: { train: "a".repeat(64) },
});

describe("training cache key", () => {
  it("is the same for the same inputs, whatever the order of the params", async () => {
    const a = await trainingCacheKey({ ...base(), params: { learning_rate: 0.1, max_depth: 6 } });
    const b = await trainingCacheKey({ ...base(), params: { max_depth: 6, learning_rate: 0.1 } });
    expect(a.key).toBe(b.key);
    expect(a.key).toMatch(/^[0-9a-f]{64}$/);
  });

  it("changes with one param", async () => {
    const a = await trainingCacheKey(base());
    const b = await trainingCacheKey({ ...base(), params: { learning_rate: 0.1, max_depth: 7 } });
    expect(a.key).not.toBe(b.key);
  });

  it("changes with the data fingerprint, the trainer and its version", async () => {
    const a = (await trainingCacheKey(base())).key;
    expect((await trainingCacheKey({ ...base(), data: { train: "b".repeat(64) } })).key).not.toBe(a);
    expect((await trainingCacheKey({ ...base(), trainer: "builtin:logistic" })).key).not.toBe(a);
    expect((await trainingCacheKey({ ...base(), trainerVersion: "0.2.0" })).key).not.toBe(a);
  });

  it("changes when one byte of a listed file changes, for a file or a folder listed", async () => {
    const key = () => trainingCacheKey({ ...base(), root: dir, paths: ["src"] });
    const before = await key();
    expect(Object.keys(before.inputs.files)).toEqual(["src/features.py", "src/train.py"]);
    await writeFile(join(dir, "src", "features.py"), "FEATURES = 4\n");
    expect((await key()).key).not.toBe(before.key);
  });

  it("refuses a listed path outside the repository or missing, naming it", async () => {
    await expect(trainingCacheKey({ ...base(), root: dir, paths: ["../elsewhere"] })).rejects.toMatchObject({
      code: "bad_cache_path",
    });
    await expect(trainingCacheKey({ ...base(), root: dir, paths: ["nope.py"] })).rejects.toThrow(
      /nope\.py does not exist/,
    );
  });

  it("writes canonical JSON with keys sorted at every level", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 3 } })).toBe(
      '{"a":{"c":3,"d":[2,{"y":2,"z":1}]},"b":1}',
    );
  });
});

describe("local training cache", () => {
  it("misses, then after a put restores the same files into another folder", async () => {
    const cache = new LocalTrainingCache(join(dir, ".mlship", "cache", "train"));
    const key = await trainingCacheKey(base());
    expect(await cache.get(key.key)).toBeUndefined();
    await writeFile(join(dir, "model.onnx"), "model bytes");
    await writeFile(join(dir, "metrics.json"), '{"roc_auc":0.8}');
    await cache.put(key, {
      "model.onnx": join(dir, "model.onnx"),
      "metrics.json": join(dir, "metrics.json"),
    });
    const hit = await cache.get(key.key);
    expect(hit?.files).toEqual(["metrics.json", "model.onnx"]);
    const restored = await cache.restore(hit!, join(dir, "out"));
    expect(restored.map((f) => f.slice(dir.length))).toEqual(["/out/metrics.json", "/out/model.onnx"]);
    expect(await readFile(join(dir, "out", "model.onnx"), "utf8")).toBe("model bytes");
  });

  it("keeps the first entry when two writers store the same key", async () => {
    const cache = new LocalTrainingCache(join(dir, "cache"));
    const key = await trainingCacheKey(base());
    await writeFile(join(dir, "first.onnx"), "first");
    await writeFile(join(dir, "second.onnx"), "second");
    await Promise.all([
      cache.put(key, { "model.onnx": join(dir, "first.onnx") }),
      cache.put(key, { "model.onnx": join(dir, "second.onnx") }),
    ]);
    const hit = await cache.get(key.key);
    const content = await readFile(join(hit!.dir, "model.onnx"), "utf8");
    expect(["first", "second"]).toContain(content);
    const entry = JSON.parse(await readFile(join(hit!.dir, "cache-entry.json"), "utf8"));
    expect(entry.files).toEqual(["model.onnx"]);
  });

  it("tells the entries a run used (stored or hit) from older ones, and drops the rest", async () => {
    const cache = new LocalTrainingCache(join(dir, "cache"));
    await writeFile(join(dir, "model.onnx"), "m");
    const [old, hitAgain, fresh] = await Promise.all(
      [1, 2, 3].map((depth) => trainingCacheKey({ ...base(), params: { max_depth: depth } })),
    );
    for (const key of [old, hitAgain]) await cache.put(key, { "model.onnx": join(dir, "model.onnx") });
    // Both written by an earlier run, an hour ago (as a restored CI cache holds them).
    const earlier = new Date(Date.now() - 3_600_000);
    for (const key of [old, hitAgain])
      await utimes(join(dir, "cache", key.key, "cache-entry.json"), earlier, earlier);
    const runStart = Date.now();
    await cache.get(hitAgain.key);
    await cache.put(fresh, { "model.onnx": join(dir, "model.onnx") });
    const used = await cache.entriesUsedSince(runStart);
    expect(used).toEqual([hitAgain.key, fresh.key].sort());
    await cache.retainOnly(new Set(used));
    expect(await cache.keys()).toEqual(used);
    expect(await cache.get(old.key)).toBeUndefined();
  });
});

describe("a cache entry mlship cannot trust", () => {
  const store = async () => {
    const cache = new LocalTrainingCache(join(dir, "cache"));
    const key = await trainingCacheKey(base());
    await writeFile(join(dir, "model.onnx"), "m");
    await writeFile(
      join(dir, "metrics.json"),
      JSON.stringify({ command: "python train.py", metrics: { auc: 0.8 } }),
    );
    await cache.put(key, {
      "model.onnx": join(dir, "model.onnx"),
      "metrics.json": join(dir, "metrics.json"),
    });
    return { cache, key: key.key, entry: join(dir, "cache", key.key) };
  };

  it("is a miss, and is removed, when its cache-entry.json names a file outside its folder", async () => {
    const { cache, key, entry } = await store();
    await writeFile(join(entry, "cache-entry.json"), JSON.stringify({ files: ["../../src/train.py"] }));
    expect(await cache.get(key)).toBeUndefined();
    expect(await cache.keys()).toEqual([]);
    expect(await readFile(join(dir, "src", "train.py"), "utf8")).toBe("print('train')\n");
  });

  it("is a miss, and is removed, when its metrics.json has a field of the wrong type", async () => {
    const { cache, key } = await store();
    const schema = CommandTrainReportFileSchema;
    expect(await restoreTrainingRun(cache, key, join(dir, "out"), schema)).toMatchObject({
      metrics: { auc: 0.8 },
    });
    await writeFile(
      join(dir, "cache", key, "metrics.json"),
      JSON.stringify({ command: "x", metrics: { auc: "high" } }),
    );
    expect(await restoreTrainingRun(cache, key, join(dir, "out2"), schema)).toBeUndefined();
    expect(await cache.keys()).toEqual([]);
  });
});
