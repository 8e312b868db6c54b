/**
 * The cached copy of onnxruntime-node: one folder per version and platform
 * holding `node_modules/<package>/` for each runtime package, complete only
 * when `.mlship-complete.json` (written last) names the verified integrity of
 * every tarball. An install is built in a temporary folder beside its target
 * and renamed into place, so readers see a complete install or none.
 */
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, rmdir, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { MlshipError } from "../../lib/errors.js";
import type { ProgressOutput } from "../../lib/progress.js";
import { downloadTarball, type FetchLike } from "./download-tarball.js";
import { extractTarball } from "./extract-tarball.js";
import { type IntegrityTable, RUNTIME_PACKAGES } from "./pinned-runtime.js";
import { redactUrl, tarballUrl } from "./runtime-locations.js";

export const COMPLETION_MARKER = ".mlship-complete.json";
/** Temporary folders of attempts older than this are left-overs of crashed runs and are removed. */
const STALE_ATTEMPT_MS = 6 * 60 * 60 * 1000;

export interface PinnedTarball {
  name: string;
  version: string;
  integrity: string;
  url: string;
}

interface CompletionRecord {
  schemaVersion: 1;
  platform: string;
  arch: string;
  installedAt: string;
  packages: Array<{ name: string; version: string; integrity: string; url: string }>;
}

/** The tarballs to fetch for `version`, each with its pinned integrity. */
export function pinnedTarballs(
  version: string,
  integrity: IntegrityTable,
  registry: string,
): PinnedTarball[] {
  return RUNTIME_PACKAGES.map((name) => {
    const key = `${name}@${version}`;
    const pinned = integrity[key];
    // A missing pin is mlship's own bug (the table is code), not something a user can fix.
    if (!pinned) throw new Error(`no pinned integrity for ${key}: add it to PINNED_INTEGRITY`);
    return { name, version, integrity: pinned, url: tarballUrl(registry, name, version) };
  });
}

/** The folder of the package to load inside an install. */
export function installedPackageDir(installDir: string, name: string = RUNTIME_PACKAGES[0]): string {
  return join(installDir, "node_modules", name);
}

/**
 * True when `installDir` holds a complete install of exactly these tarballs.
 * A folder without a valid marker is what a crashed earlier attempt left: it is removed.
 */
export async function hasCompleteInstall(installDir: string, tarballs: PinnedTarball[]): Promise<boolean> {
  if (!existsSync(installDir)) return false;
  if (await markerMatches(installDir, tarballs)) return true;
  await rm(installDir, { recursive: true, force: true });
  return false;
}

export interface InstallRequest {
  installDir: string;
  tarballs: PinnedTarball[];
  platform: string;
  arch: string;
  fetch: FetchLike;
  idleTimeoutMs: number;
  output?: ProgressOutput;
}

/**
 * Downloads every tarball, checks each against its pinned integrity before any
 * is extracted, extracts them, checks the native binding exists for this
 * platform, writes the marker and renames the folder into place. On any
 * failure nothing is left behind.
 */
export async function installRuntime(request: InstallRequest): Promise<void> {
  const { installDir, tarballs } = request;
  const parent = dirname(installDir);
  const firstCreated = await mkdir(parent, { recursive: true });
  await removeStaleAttempts(parent, basename(installDir));
  const attempt = join(
    parent,
    `.${basename(installDir)}.partial-${process.pid}-${randomBytes(4).toString("hex")}`,
  );
  try {
    const downloads = join(attempt, ".downloads");
    await mkdir(downloads, { recursive: true });
    const files = [];
    for (const tarball of tarballs) files.push(await fetchVerified(tarball, downloads, request));
    for (const [index, tarball] of tarballs.entries()) {
      await extractTarball(files[index], installedPackageDir(attempt, tarball.name), {
        stripComponents: 1,
        label: `${tarball.name}-${tarball.version}.tgz`,
      });
    }
    await requireNativeBinding(installedPackageDir(attempt), tarballs[0], request.platform, request.arch);
    await rm(downloads, { recursive: true, force: true });
    const record: CompletionRecord = {
      schemaVersion: 1,
      platform: request.platform,
      arch: request.arch,
      installedAt: new Date().toISOString(),
      packages: tarballs.map(({ name, version, integrity, url }) => ({
        name,
        version,
        integrity,
        url: redactUrl(url),
      })),
    };
    await writeFile(join(attempt, COMPLETION_MARKER), `${JSON.stringify(record, null, 2)}\n`);
    await moveIntoPlace(attempt, installDir, tarballs);
  } catch (error) {
    await rm(attempt, { recursive: true, force: true });
    await removeEmptyFolders(parent, firstCreated);
    throw error;
  }
}

async function fetchVerified(
  tarball: PinnedTarball,
  folder: string,
  request: InstallRequest,
): Promise<string> {
  const fileName = `${tarball.name.replace("/", "-")}-${tarball.version}.tgz`;
  const file = join(folder, fileName);
  const { integrity } = await downloadTarball({
    url: tarball.url,
    file,
    label: `${tarball.name}@${tarball.version}`,
    remedy:
      `Install onnxruntime-node next to mlship (npm install onnxruntime-node@${tarball.version}) ` +
      "so nothing has to be downloaded, or set MLSHIP_NPM_REGISTRY to an npm registry this machine can reach",
    fetch: request.fetch,
    idleTimeoutMs: request.idleTimeoutMs,
    output: request.output,
  });
  if (!integrityMatches(tarball.integrity, integrity)) {
    throw new MlshipError(
      "runtime_checksum_mismatch",
      `checksum mismatch for ${fileName}: expected ${tarball.integrity}, got ${integrity}; nothing was installed. ` +
        `The registry (${redactUrl(tarball.url)}) served other bytes than the published package: ` +
        "check MLSHIP_NPM_REGISTRY or a proxy in between, or install onnxruntime-node next to mlship",
    );
  }
  return file;
}

/** SRI strings may list several hashes; any sha512 one equal to ours is a match. */
function integrityMatches(expected: string, actual: string): boolean {
  return expected
    .split(/\s+/)
    .map((entry) => entry.replace(/\?.*$/, ""))
    .some((entry) => entry === actual);
}

/**
 * onnxruntime-node loads its native binding from `bin/napi-v<n>/<platform>/<arch>/`
 * (n from its package.json `binary.napi_versions`); without a `.node` file
 * there, there is nothing to run on this machine.
 */
export async function requireNativeBinding(
  packageDir: string,
  package_: { name: string; version: string },
  platform: string,
  arch: string,
): Promise<void> {
  const manifest = JSON.parse(await readFile(join(packageDir, "package.json"), "utf8")) as {
    binary?: { napi_versions?: number[] };
  };
  for (const napi of manifest.binary?.napi_versions ?? [6]) {
    const folder = join(packageDir, "bin", `napi-v${napi}`, platform, arch);
    const files = await readdir(folder).catch(() => [] as string[]);
    if (files.some((file) => file.endsWith(".node"))) return;
  }
  const shipped = await shippedPlatforms(join(packageDir, "bin"));
  throw new MlshipError(
    "runtime_unsupported_platform",
    `${package_.name} ${package_.version} has no native binary for ${platform}/${arch} ` +
      `(it ships ${shipped.length > 0 ? shipped.join(", ") : "none"}); ` +
      "run mlship on one of those platforms, or install an onnxruntime-node build for this one next to mlship",
  );
}

async function shippedPlatforms(binFolder: string): Promise<string[]> {
  const found = new Set<string>();
  for (const napi of await listFolders(binFolder)) {
    for (const platform of await listFolders(join(binFolder, napi))) {
      for (const arch of await listFolders(join(binFolder, napi, platform))) found.add(`${platform}/${arch}`);
    }
  }
  return [...found].sort();
}

async function listFolders(folder: string): Promise<string[]> {
  try {
    const entries = await readdir(folder, { withFileTypes: true });
    return entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return [];
  }
}

async function markerMatches(installDir: string, tarballs: PinnedTarball[]): Promise<boolean> {
  let record: CompletionRecord;
  try {
    record = JSON.parse(await readFile(join(installDir, COMPLETION_MARKER), "utf8")) as CompletionRecord;
  } catch {
    return false;
  }
  if (!Array.isArray(record.packages)) return false;
  return tarballs.every((tarball) =>
    record.packages.some(
      (entry) =>
        entry.name === tarball.name &&
        entry.version === tarball.version &&
        entry.integrity === tarball.integrity,
    ),
  );
}

/** Another process may have finished the same install first: then its copy is as good as ours. */
async function moveIntoPlace(attempt: string, installDir: string, tarballs: PinnedTarball[]): Promise<void> {
  try {
    await rename(attempt, installDir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const occupied = code === "ENOTEMPTY" || code === "EEXIST" || code === "EPERM";
    if (!occupied || !(await markerMatches(installDir, tarballs))) throw error;
    await rm(attempt, { recursive: true, force: true });
  }
}

async function removeStaleAttempts(parent: string, installName: string): Promise<void> {
  const prefix = `.${installName}.partial-`;
  for (const entry of await readdir(parent)) {
    if (!entry.startsWith(prefix)) continue;
    const folder = join(parent, entry);
    const info = await stat(folder).catch(() => undefined);
    if (info && Date.now() - info.mtimeMs > STALE_ATTEMPT_MS)
      await rm(folder, { recursive: true, force: true });
  }
}

/** Undoes `mkdir -p`: removes `folder` and its parents up to `firstCreated` while they are empty. */
async function removeEmptyFolders(folder: string, firstCreated: string | undefined): Promise<void> {
  if (!firstCreated) return;
  let current = folder;
  for (;;) {
    try {
      await rmdir(current);
    } catch {
      return;
    }
    if (current === firstCreated) return;
    const up = dirname(current);
    if (up === current) return;
    current = up;
  }
}
