/**
 * What both registry backends do with a version's files: check a bundle and
 * checksum it, stage it with its SHA256SUMS, tell a re-publish of the same
 * model bytes from a clash, download into a folder only after every file
 * matched SHA256SUMS, and resolve refs.
 */
import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readFile, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { finished } from "node:stream/promises";
import { sha256File } from "../data/fingerprint.js";
import { ExitCode, MlshipError } from "../lib/errors.js";
import { checkWith } from "../lib/read-json.js";
import { isPlainFileName, PART_NAME, PLAIN_NAME_RULE } from "./asset-names.js";
import { CHECKSUMS_FILE, type Checksums, formatChecksums, parseChecksums } from "./checksums.js";
import { ModelManifestSchema } from "./manifest.js";
import {
  checkModelName,
  checkVersion,
  compareVersionsDescending,
  type ParsedRef,
  releaseTag,
} from "./refs.js";
import type {
  CorruptVersion,
  Registry,
  RegistryVersion,
  ResolvedRef,
  VersionBundle,
  VersionListing,
} from "./registry.js";

export const MODEL_FILE = "model.onnx";
export const MANIFEST_FILE = "manifest.json";
/** Asset names a version may carry besides the model (parts) and SHA256SUMS. */
export const OPTIONAL_FILES = ["profile.json", "evaluation.json", "model-card.md"] as const;

/** Checks a bundle's name, version and files, and returns the SHA-256 of each file. */
export async function checkBundle(
  bundle: VersionBundle,
): Promise<{ name: string; version: string; sums: Map<string, string> }> {
  const name = checkModelName(bundle.manifest.name);
  const version = checkVersion(bundle.manifest.version);
  // What is published must read back: the same schema as every read.
  checkWith(ModelManifestSchema, bundle.manifest, {
    where: `the manifest of ${releaseTag(name, version)}`,
    what: "a valid manifest",
    code: "bad_manifest",
  });
  const assets = Object.keys(bundle.files);
  const hasModel = assets.includes(MODEL_FILE) || bundle.manifest.model.parts !== undefined;
  if (!hasModel || !assets.includes(MANIFEST_FILE)) {
    throw new Error(`a version bundle needs ${MODEL_FILE} and ${MANIFEST_FILE}`);
  }
  const sums = new Map<string, string>();
  for (const [asset, path] of Object.entries(bundle.files)) {
    if (!isPlainFileName(asset) || asset === CHECKSUMS_FILE) throw new Error(`bad asset name ${asset}`);
    sums.set(asset, (await sha256File(path)).sha256);
  }
  const modelSum = bundle.manifest.model.parts ? undefined : sums.get(MODEL_FILE);
  if (modelSum !== undefined && modelSum !== bundle.manifest.model.sha256) {
    throw new Error(`manifest.json's model.sha256 is not the sha256 of ${bundle.files[MODEL_FILE]}`);
  }
  for (const part of bundle.manifest.model.parts ?? []) {
    if (sums.get(part.file) !== part.sha256)
      throw new Error(`the bundle's ${part.file} is not the manifest's`);
  }
  return { name, version, sums };
}

/** Copies the bundle's files and its SHA256SUMS into `dir`. */
export async function stageBundle(
  bundle: VersionBundle,
  sums: Checksums,
  dir: string,
  copy: (from: string, to: string) => Promise<void>,
): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [asset, path] of Object.entries(bundle.files)) await copy(path, join(dir, asset));
  await writeFile(join(dir, CHECKSUMS_FILE), formatChecksums(sums));
}

/**
 * A version is its model's bytes (manifest.json's `model.sha256`, whole or in
 * parts): publishing the same bytes again is fine, other bytes under the same
 * version are not. Volatile fields (createdAt, lineage) play no part.
 * @throws MlshipError (exit 1) naming both checksums.
 */
export function sameBytesOrFail(existing: RegistryVersion, modelSha256: string): void {
  const published = existing.manifest.model.sha256;
  if (published === modelSha256) return;
  throw new MlshipError(
    "version_exists",
    `${existing.tag} is already published with other model bytes: ${MODEL_FILE} has sha256 ${published} there, ${modelSha256} here. Publish under a new version (or let the version be auto).`,
    {},
    ExitCode.checkFailed,
  );
}

/**
 * Fetches SHA256SUMS and every file it lists into a temporary folder beside
 * `dir`, checks each, reassembles a model stored as parts, and only then moves
 * the files into `dir`. Every name (from SHA256SUMS, the manifest's parts) is a
 * plain file name before it becomes a path, so nothing outside the temporary
 * folder is read, written or deleted.
 * @throws MlshipError on a mismatch (exit 1) or a malformed SHA256SUMS (exit 2), with nothing written to `dir`.
 */
export async function downloadVerified(
  version: RegistryVersion,
  dir: string,
  fetchAsset: (asset: string, target: string) => Promise<void>,
): Promise<Record<string, string>> {
  await checkTargetFolder(dir);
  /** A file that does not match (exit 1), or a name that is not a plain file name (exit 2). */
  const refuse = (detail: string, exitCode: ExitCode = ExitCode.checkFailed) =>
    new MlshipError(
      exitCode === ExitCode.checkFailed ? "checksum_mismatch" : "bad_file_name",
      `${version.tag}: ${detail}; refusing the download (nothing was written to ${dir})`,
      {},
      exitCode,
    );
  const parts = version.manifest.model.parts ?? [];
  parts.forEach((part, index) => {
    if (!PART_NAME.test(part.file))
      throw refuse(
        `manifest.json's model.parts[${index}].file ${JSON.stringify(part.file)} is not model.onnx.part-NNN`,
        ExitCode.badInput,
      );
  });
  const temp = join(dirname(dir), `.${basename(dir)}.download-${randomBytes(4).toString("hex")}`);
  /** A file in the temporary folder: only ever a plain name. */
  const inTemp = (name: string) => {
    if (!isPlainFileName(name))
      throw refuse(`${JSON.stringify(name)} is not ${PLAIN_NAME_RULE}`, ExitCode.badInput);
    return join(temp, name);
  };
  // Folders made for the temporary one are removed again when the download is refused.
  const firstMade = await mkdir(dirname(dir), { recursive: true });
  await mkdir(temp);
  let done = false;
  try {
    await fetchAsset(CHECKSUMS_FILE, inTemp(CHECKSUMS_FILE));
    const sums = await readDownloadedChecksums(inTemp(CHECKSUMS_FILE), version, dir);
    await fetchListed(sums, version, fetchAsset, { inTemp, refuse });
    await assembleModel(parts, sums, { inTemp, refuse });
    const model = await sha256File(inTemp(MODEL_FILE));
    if (model.sha256 !== version.manifest.model.sha256) {
      throw refuse(
        `${MODEL_FILE} has sha256 ${model.sha256}, but manifest.json says ${version.manifest.model.sha256}`,
      );
    }
    const partNames = new Set(parts.map((p) => p.file));
    const names = new Set([...sums.keys()].filter((a) => !partNames.has(a)));
    names.add(CHECKSUMS_FILE).add(MODEL_FILE);
    await mkdir(dir, { recursive: true });
    const files: [string, string][] = [];
    for (const asset of names) {
      await rename(inTemp(asset), join(dir, asset));
      files.push([asset, join(dir, asset)]);
    }
    done = true;
    return Object.fromEntries(files);
  } finally {
    await rm(temp, { recursive: true, force: true });
    if (!done && firstMade) await removeEmptyFolders(dirname(dir), firstMade);
  }
}

/** How a download names its temporary files and refuses what does not match. */
interface DownloadScope {
  inTemp: (name: string) => string;
  refuse: (detail: string, exitCode?: ExitCode) => MlshipError;
}

/** The downloaded SHA256SUMS, parsed; a malformed one says nothing was written. */
async function readDownloadedChecksums(
  file: string,
  version: RegistryVersion,
  dir: string,
): Promise<Checksums> {
  try {
    return parseChecksums(await readFile(file, "utf8"), `${version.tag}/${CHECKSUMS_FILE}`);
  } catch (error) {
    if (!(error instanceof MlshipError)) throw error;
    throw new MlshipError(
      error.code,
      `${error.message}; refusing the download (nothing was written to ${dir})`,
      error.location,
      error.exitCode,
    );
  }
}

/** Every file SHA256SUMS lists, fetched and checked against its sum. */
async function fetchListed(
  sums: Checksums,
  version: RegistryVersion,
  fetchAsset: (asset: string, target: string) => Promise<void>,
  { inTemp, refuse }: DownloadScope,
): Promise<void> {
  const available = new Set(version.assets.map((a) => a.name));
  for (const [asset, expected] of sums) {
    if (asset === CHECKSUMS_FILE) throw refuse(`${CHECKSUMS_FILE} lists itself`, ExitCode.badInput);
    if (!available.has(asset)) throw refuse(`${asset} is listed in ${CHECKSUMS_FILE} but missing`);
    await fetchAsset(asset, inTemp(asset));
    const actual = (await sha256File(inTemp(asset))).sha256;
    if (actual !== expected) {
      throw refuse(`${asset} has sha256 ${actual}, but ${CHECKSUMS_FILE} says ${expected}`);
    }
  }
}

/** model.onnx whole, or joined from its parts once each part is the one SHA256SUMS and the manifest list. */
async function assembleModel(
  parts: readonly { file: string; sha256: string }[],
  sums: Checksums,
  { inTemp, refuse }: DownloadScope,
): Promise<void> {
  if (parts.length === 0) {
    if (!sums.has(MODEL_FILE)) throw refuse(`${CHECKSUMS_FILE} does not list ${MODEL_FILE}`);
    return;
  }
  if (sums.has(MODEL_FILE))
    throw refuse(`manifest.json stores ${MODEL_FILE} as parts, but ${CHECKSUMS_FILE} lists it whole`);
  for (const part of parts) {
    const listed = sums.get(part.file);
    if (listed === undefined)
      throw refuse(`${part.file} (a part of ${MODEL_FILE}) is not listed in ${CHECKSUMS_FILE}`);
    if (listed !== part.sha256)
      throw refuse(
        `${part.file} has sha256 ${listed} in ${CHECKSUMS_FILE}, but ${part.sha256} in manifest.json`,
      );
  }
  await joinParts(
    parts.map((p) => inTemp(p.file)),
    inTemp(MODEL_FILE),
  );
  for (const part of parts) await rm(inTemp(part.file));
}

/** `from` and its parents up to `upTo`, each only while it is empty. */
async function removeEmptyFolders(from: string, upTo: string): Promise<void> {
  for (let folder = from; ; folder = dirname(folder)) {
    const removed = await rmdir(folder).then(
      () => true,
      () => false,
    );
    if (!removed || folder === upTo || dirname(folder) === folder) return;
  }
}

/** Whether an error says a manifest cannot be read (parseManifest's). */
export function isBadManifest(error: unknown): error is MlshipError {
  return error instanceof MlshipError && error.code === "bad_manifest";
}

/** A manifest problem as `get` reports it: the tag first. */
export function corruptVersionError(tag: string, error: MlshipError): MlshipError {
  return new MlshipError("bad_manifest", `${tag}: ${error.message}`, error.location, ExitCode.badInput);
}

/**
 * Loads each candidate version of `name`; the ones whose manifest cannot be
 * read are listed apart with the reason. Both lists newest first.
 */
export async function loadListing(
  name: string,
  candidates: { version: string; url: string; load: () => Promise<RegistryVersion> }[],
): Promise<VersionListing> {
  const loaded = await Promise.all(
    candidates.map(async ({ version, url, load }) => {
      try {
        return { ok: true as const, version: await load() };
      } catch (error) {
        if (!isBadManifest(error)) throw error;
        const corrupt: CorruptVersion = {
          name,
          version,
          tag: releaseTag(name, version),
          reason: error.message,
          url,
        };
        return { ok: false as const, corrupt };
      }
    }),
  );
  const newestFirst = (a: { version: string }, b: { version: string }) =>
    compareVersionsDescending(a.version, b.version);
  return {
    versions: loaded.flatMap((l) => (l.ok ? [l.version] : [])).sort(newestFirst),
    corrupt: loaded.flatMap((l) => (l.ok ? [] : [l.corrupt])).sort(newestFirst),
  };
}

/** The download's target: a folder, or nothing yet. */
async function checkTargetFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (info && !info.isDirectory()) {
    throw new MlshipError(
      "not_a_folder",
      `${dir} exists and is not a folder: the files of a version go into a folder`,
      {
        file: dir,
      },
    );
  }
}

async function joinParts(parts: string[], target: string): Promise<void> {
  const out = createWriteStream(target);
  try {
    for (const part of parts) {
      for await (const chunk of createReadStream(part, { highWaterMark: 1 << 20 })) {
        if (!out.write(chunk)) await once(out, "drain");
      }
    }
  } finally {
    out.end();
    await finished(out);
  }
}

/**
 * A parsed ref against a registry: the version if it exists, the newest
 * readable version (corrupt newer ones are skipped, and told to `log`), or the
 * environment's current one.
 */
export async function resolveWith(
  registry: Registry,
  ref: ParsedRef,
  log: (message: string) => void = () => {},
): Promise<ResolvedRef | undefined> {
  if (ref.kind === "version") {
    const found = await registry.get(ref.name, ref.version);
    return found && { name: ref.name, version: ref.version, tag: found.tag, via: "version" };
  }
  if (ref.kind === "latest") {
    const { versions, corrupt } = await registry.list(ref.name);
    const newest = versions[0];
    const skipped = corrupt.filter(
      (c) => !newest || compareVersionsDescending(c.version, newest.version) < 0,
    );
    for (const c of skipped) log(`skipping ${c.tag} for ${ref.name}@latest: ${c.reason}`);
    if (!newest) return undefined;
    return {
      name: ref.name,
      version: newest.version,
      tag: newest.tag,
      via: "latest",
      ...(skipped.length > 0 ? { skipped } : {}),
    };
  }
  const current = await registry.current(ref.name, ref.environment);
  if (!current) return undefined;
  // A deployment record's payload is as anyone with write access left it.
  const version = checkVersion(
    current.version,
    `the version of ${ref.name}'s current deployment to ${ref.environment} (id ${current.id})`,
  );
  return { name: ref.name, version, tag: releaseTag(ref.name, version), via: "environment" };
}
