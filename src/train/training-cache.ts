/**
 * Content-hash caching of training runs (issue #3 §5). A run's key hashes
 * everything that decides its result: the trainer (a built-in and mlship's
 * version, or the user's command), the params, the fingerprints of the data,
 * and the content of the files the config lists under `train.cache.paths`.
 * Any change to those misses; nothing else (paths, times, order of params) does.
 * The local store keeps each result under `.mlship/cache/train/<key>/`,
 * written to a temporary folder and renamed into place, so a reader never sees
 * half a result and two writers of the same key cannot mix their files.
 * Every hit and every store stamps the entry's time, so a CI job can keep just
 * the entries its run used ({@link LocalTrainingCache.entriesUsedSince}).
 */
import { createHash, randomBytes } from "node:crypto";
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { z } from "zod";
import { sha256File } from "../data/fingerprint.js";
import { MlshipError } from "../lib/errors.js";

export interface TrainingCacheInputs {
  /** `builtin:logistic`, `builtin:gbdt`, or `command:<the command line>`. */
  trainer: string;
  /** mlship's version for built-in trainers (their code is part of the result). */
  trainerVersion: string;
  params: Record<string, unknown>;
  /** SHA-256 of each data file the run reads, by role (train, validation, …). */
  data: Record<string, string>;
  /** Files and folders whose content the run depends on (`train.cache.paths`), relative to `root`. */
  paths?: string[];
  /** Folder the paths are relative to (the repository). */
  root?: string;
}

export interface TrainingCacheKey {
  key: string;
  /** What went into the key, for the cache entry's manifest and for debugging a miss. */
  inputs: {
    trainer: string;
    trainerVersion: string;
    params: unknown;
    data: Record<string, string>;
    files: Record<string, string>;
  };
}

/** JSON with object keys sorted at every level: equal values, equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_, v) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(
          Object.keys(v as object)
            .sort()
            .map((k) => [k, (v as Record<string, unknown>)[k]]),
        )
      : v,
  );
}

export async function trainingCacheKey(inputs: TrainingCacheInputs): Promise<TrainingCacheKey> {
  const root = resolve(inputs.root ?? ".");
  const files: Record<string, string> = {};
  for (const path of inputs.paths ?? []) {
    for (const file of await listFiles(root, path))
      files[relative(root, file).split(sep).join("/")] = (await sha256File(file)).sha256;
  }
  const described = {
    trainer: inputs.trainer,
    trainerVersion: inputs.trainerVersion,
    params: JSON.parse(canonicalJson(inputs.params)),
    data: inputs.data,
    files,
  };
  const key = createHash("sha256")
    .update(canonicalJson({ v: 1, ...described }))
    .digest("hex");
  return { key, inputs: described };
}

/** The files under a path (a file, or a folder walked recursively), sorted. */
async function listFiles(root: string, path: string): Promise<string[]> {
  const full = resolve(root, path);
  if (!full.startsWith(root + sep) && full !== root) {
    throw new MlshipError(
      "bad_cache_path",
      `train.cache.paths: ${path} is outside the repository (${root})`,
      {
        path: "train.cache.paths",
      },
    );
  }
  let info: Awaited<ReturnType<typeof stat>>;
  try {
    info = await stat(full);
  } catch {
    throw new MlshipError("bad_cache_path", `train.cache.paths: ${path} does not exist`, {
      path: "train.cache.paths",
    });
  }
  if (!info.isDirectory()) return [full];
  const entries = await readdir(full, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

export interface CachedRun {
  /** Folder holding the cached files. */
  dir: string;
  files: string[];
}

/** The local cache of training results: `<root>/<key>/`. */
export class LocalTrainingCache {
  constructor(readonly root: string) {}

  /** The cached run for a key, or undefined on a miss. */
  async get(key: string): Promise<CachedRun | undefined> {
    const dir = join(this.root, key);
    let text: string;
    try {
      text = await readFile(join(dir, "cache-entry.json"), "utf8");
    } catch {
      return undefined;
    }
    const entry = CacheEntrySchema.safeParse(parseOrUndefined(text));
    // An entry this version cannot trust (edited, from elsewhere) is a miss, and makes way for a new one.
    if (!entry.success) {
      await this.remove(key);
      return undefined;
    }
    await this.touch(key);
    return { dir, files: entry.data.files };
  }

  /** Deletes one entry. */
  async remove(key: string): Promise<void> {
    await rm(join(this.root, key), { recursive: true, force: true });
  }

  /** Stamps an entry as used now (its cache-entry.json's modification time). */
  private async touch(key: string): Promise<void> {
    const now = new Date();
    await utimes(join(this.root, key, "cache-entry.json"), now, now);
  }

  /** Keys of the entries stored or hit at or after `time` (ms since the epoch), sorted. */
  async entriesUsedSince(time: number): Promise<string[]> {
    const used: string[] = [];
    for (const key of await this.keys()) {
      const info = await stat(join(this.root, key, "cache-entry.json")).catch(() => undefined);
      // Times go through seconds as a double on their way to the file system: allow a millisecond.
      if (info && info.mtimeMs >= time - 1) used.push(key);
    }
    return used;
  }

  /** Keys of all complete entries, sorted. */
  async keys(): Promise<string[]> {
    const entries = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    return entries
      .filter((e) => e.isDirectory() && /^[0-9a-f]{64}$/.test(e.name))
      .map((e) => e.name)
      .sort();
  }

  /** Deletes every entry but `keep`. */
  async retainOnly(keep: ReadonlySet<string>): Promise<void> {
    for (const key of await this.keys()) {
      if (!keep.has(key)) await rm(join(this.root, key), { recursive: true, force: true });
    }
  }

  /** Copies a cached run's files into `outDir`; returns their paths there. */
  async restore(run: CachedRun, outDir: string): Promise<string[]> {
    await mkdir(outDir, { recursive: true });
    const restored: string[] = [];
    for (const name of run.files) {
      const temp = join(outDir, `.${name}.${randomBytes(4).toString("hex")}.tmp`);
      await copyFile(join(run.dir, name), temp);
      await rename(temp, join(outDir, name));
      restored.push(join(outDir, name));
    }
    return restored;
  }

  /**
   * Stores files (by their base names) under the key. When another process
   * stored the same key first, its entry stays: same key, same result.
   */
  async put(key: TrainingCacheKey, files: Record<string, string>): Promise<void> {
    const dir = join(this.root, key.key);
    const temp = join(this.root, `.${key.key}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    await mkdir(temp, { recursive: true });
    try {
      const names = Object.keys(files).sort();
      for (const name of names) await copyFile(files[name], join(temp, name));
      const entry = { key: key.key, inputs: key.inputs, files: names, createdAt: new Date().toISOString() };
      await writeFile(join(temp, "cache-entry.json"), `${JSON.stringify(entry, null, 2)}\n`);
      await rename(temp, dir).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOTEMPTY" && error.code !== "EEXIST") throw error;
      });
      await this.touch(key.key);
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }
}

/**
 * On a hit, restores a training run (model.onnx, metrics.json) into `outDir`
 * and returns what its metrics.json holds; undefined on a miss or without a cache.
 */
export async function restoreTrainingRun<Report>(
  cache: LocalTrainingCache | undefined,
  key: string,
  outDir: string,
  /** What the cached metrics.json must hold; an entry whose file does not is a miss (and removed). */
  schema: z.ZodType,
): Promise<Report | undefined> {
  const hit = await cache?.get(key);
  if (!cache || !hit) return undefined;
  const report = schema.safeParse(
    parseOrUndefined(await readFile(join(hit.dir, "metrics.json"), "utf8").catch(() => "")),
  );
  if (!report.success) {
    await cache.remove(key);
    return undefined;
  }
  await cache.restore(hit, outDir);
  return report.data as Report;
}

/** The files of a cache entry: plain names in its folder (never a path that leads out of it). */
const CacheEntrySchema = z.looseObject({
  files: z.array(z.string().regex(/^(?!\.\.?$)[A-Za-z0-9._-]+$/)),
});

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
