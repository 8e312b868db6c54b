/**
 * What both registry backends do with a version's files: check a bundle and
 * checksum it, stage it with its SHA256SUMS, tell a re-publish of the same
 * model bytes from a clash, download into a folder only after every file
 * matched SHA256SUMS, and resolve refs.
 */
import { randomBytes } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { sha256File } from "../data/fingerprint.js";
import { ExitCode, MlshipError } from "../errors.js";
import { CHECKSUMS_FILE, formatChecksums, parseChecksums } from "./checksums.js";
import { checkModelName, checkVersion, type ParsedRef, releaseTag } from "./refs.js";
import type { Registry, RegistryVersion, ResolvedRef, VersionBundle } from "./registry.js";

export const MODEL_FILE = "model.onnx";
export const MANIFEST_FILE = "manifest.json";
/** Asset names a version may carry besides the model (parts) and SHA256SUMS. */
export const OPTIONAL_FILES = ["profile.json", "evaluation.json", "model-card.md"] as const;
const ASSET_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Checks a bundle's name, version and files, and returns the SHA-256 of each file. */
export async function checkBundle(
  bundle: VersionBundle,
): Promise<{ name: string; version: string; sums: Record<string, string> }> {
  const name = checkModelName(bundle.manifest.name);
  const version = checkVersion(bundle.manifest.version);
  const hasModel = MODEL_FILE in bundle.files || bundle.manifest.model.parts !== undefined;
  if (!hasModel || !(MANIFEST_FILE in bundle.files)) {
    throw new Error(`a version bundle needs ${MODEL_FILE} and ${MANIFEST_FILE}`);
  }
  const sums: Record<string, string> = {};
  for (const [asset, path] of Object.entries(bundle.files)) {
    if (!ASSET_NAME.test(asset) || asset === CHECKSUMS_FILE) throw new Error(`bad asset name ${asset}`);
    sums[asset] = (await sha256File(path)).sha256;
  }
  const modelSum = bundle.manifest.model.parts ? undefined : sums[MODEL_FILE];
  if (modelSum !== undefined && modelSum !== bundle.manifest.model.sha256) {
    throw new Error(`manifest.json's model.sha256 is not the sha256 of ${bundle.files[MODEL_FILE]}`);
  }
  return { name, version, sums };
}

/** Copies the bundle's files and its SHA256SUMS into `dir`. */
export async function stageBundle(
  bundle: VersionBundle,
  sums: Record<string, string>,
  dir: string,
  copy: (from: string, to: string) => Promise<void>,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [asset, path] of Object.entries(bundle.files)) await copy(path, join(dir, asset));
  await writeFile(join(dir, CHECKSUMS_FILE), formatChecksums(sums));
}

/**
 * A version is its model's bytes: publishing the same bytes again is fine, other
 * bytes under the same version are not.
 * @throws MlshipError (exit 1) naming the file whose checksum differs.
 */
export async function sameBytesOrFail(
  existing: RegistryVersion,
  sums: Record<string, string>,
  readChecksums: () => Promise<string>,
): Promise<void> {
  const published = existing.manifest.model.sha256;
  const ours = sums[MODEL_FILE];
  if (ours !== undefined && ours === published) return;
  const theirs = parseChecksums(await readChecksums(), `${existing.tag}/${CHECKSUMS_FILE}`);
  const differing =
    ours === undefined
      ? Object.keys(sums).find(
          (asset) => asset.startsWith(`${MODEL_FILE}.part-`) && theirs[asset] !== sums[asset],
        )
      : MODEL_FILE;
  if (differing === undefined) return;
  throw new MlshipError(
    "version_exists",
    `${existing.tag} is already published with other model bytes: ${differing} has sha256 ${theirs[differing] ?? "(absent)"} there, ${sums[differing] ?? "(absent)"} here. Publish under a new version (or --version auto).`,
    {},
    ExitCode.checkFailed,
  );
}

/**
 * Fetches SHA256SUMS and every file it lists into a temporary folder beside
 * `dir`, checks each, reassembles a model stored as parts, and only then moves
 * the files into `dir`.
 * @throws MlshipError (exit 1) on a mismatch, with nothing written to `dir`.
 */
export async function downloadVerified(
  version: RegistryVersion,
  dir: string,
  fetchAsset: (asset: string, target: string) => Promise<void>,
): Promise<Record<string, string>> {
  const temp = join(dirname(dir), `.${basename(dir)}.download-${randomBytes(4).toString("hex")}`);
  await mkdir(temp, { recursive: true });
  try {
    await fetchAsset(CHECKSUMS_FILE, join(temp, CHECKSUMS_FILE));
    const sums = parseChecksums(
      await readFile(join(temp, CHECKSUMS_FILE), "utf8"),
      `${version.tag}/${CHECKSUMS_FILE}`,
    );
    const available = new Set(version.assets.map((a) => a.name));
    for (const asset of Object.keys(sums)) {
      if (!ASSET_NAME.test(asset))
        throw mismatch(version, `${CHECKSUMS_FILE} lists a bad file name ${JSON.stringify(asset)}`);
      if (!available.has(asset))
        throw mismatch(version, `${asset} is listed in ${CHECKSUMS_FILE} but missing`);
      await fetchAsset(asset, join(temp, asset));
      const actual = (await sha256File(join(temp, asset))).sha256;
      if (actual !== sums[asset]) {
        throw mismatch(version, `${asset} has sha256 ${actual}, but ${CHECKSUMS_FILE} says ${sums[asset]}`);
      }
    }
    const parts = version.manifest.model.parts;
    if (parts) {
      await joinParts(
        parts.map((p) => join(temp, p.file)),
        join(temp, MODEL_FILE),
      );
      for (const part of parts) await rm(join(temp, part.file));
    }
    if (!(MODEL_FILE in sums) && !parts)
      throw mismatch(version, `${CHECKSUMS_FILE} does not list ${MODEL_FILE}`);
    const model = await sha256File(join(temp, MODEL_FILE));
    if (model.sha256 !== version.manifest.model.sha256) {
      throw mismatch(
        version,
        `${MODEL_FILE} has sha256 ${model.sha256}, but manifest.json says ${version.manifest.model.sha256}`,
      );
    }
    await mkdir(dir, { recursive: true });
    const files: Record<string, string> = {};
    const names = [...Object.keys(sums).filter((a) => !parts?.some((p) => p.file === a)), CHECKSUMS_FILE];
    if (parts) names.push(MODEL_FILE);
    for (const asset of names) {
      await rename(join(temp, asset), join(dir, asset));
      files[asset] = join(dir, asset);
    }
    return files;
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

function mismatch(version: RegistryVersion, detail: string): MlshipError {
  return new MlshipError(
    "checksum_mismatch",
    `${version.tag}: ${detail}; refusing the download (nothing was written)`,
    {},
    ExitCode.checkFailed,
  );
}

async function joinParts(parts: string[], target: string): Promise<void> {
  const out = createWriteStream(target);
  for (const part of parts) await pipeline(createReadStream(part), out, { end: false });
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/** A parsed ref against a registry: the version if it exists, the newest version, or the environment's current one. */
export async function resolveWith(registry: Registry, ref: ParsedRef): Promise<ResolvedRef | undefined> {
  if (ref.kind === "version") {
    const found = await registry.get(ref.name, ref.version);
    return found && { name: ref.name, version: ref.version, tag: found.tag, via: "version" };
  }
  if (ref.kind === "latest") {
    const newest = (await registry.list(ref.name))[0];
    return newest && { name: ref.name, version: newest.version, tag: newest.tag, via: "latest" };
  }
  const current = await registry.current(ref.name, ref.environment);
  return (
    current && {
      name: ref.name,
      version: current.version,
      tag: releaseTag(ref.name, current.version),
      via: "environment",
    }
  );
}
