/**
 * Finds onnxruntime-node at run time, so the bundles in dist/ carry no native
 * binaries (docs/design.md, "Runtime facts"):
 *   1. the package installed next to mlship (the npm-installed CLI depends on it);
 *   2. else a complete copy in the cache (the runner's tool cache in Actions,
 *      the user's cache folder elsewhere);
 *   3. else the npm registry: the tarballs of onnxruntime-node and
 *      onnxruntime-common, checked against pinned sha512 integrity before
 *      anything is extracted, installed into that cache once.
 * The package is loaded with a `require` made by `createRequire` and a
 * specifier held in a variable, which ncc/webpack leave alone: nothing of
 * onnxruntime-node is bundled.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { MlshipError } from "../../lib/errors.js";
import type { ProgressOutput } from "../../lib/progress.js";
import type { Ort } from "../ort.js";
import type { FetchLike } from "./download-tarball.js";
import {
  hasCompleteInstall,
  installedPackageDir,
  installRuntime,
  pinnedTarballs,
  requireNativeBinding,
} from "./install-runtime.js";
import {
  type IntegrityTable,
  ONNXRUNTIME_VERSION,
  PINNED_INTEGRITY,
  RUNTIME_PACKAGES,
} from "./pinned-runtime.js";
import {
  type Environment,
  npmRegistry,
  redactUrl,
  runtimeCacheRoot,
  runtimeInstallDir,
} from "./runtime-locations.js";

export type { FetchLike } from "./download-tarball.js";
export type { IntegrityTable } from "./pinned-runtime.js";

/** A variable, not a literal in `require(...)`: bundlers must not follow it. */
const RUNTIME_PACKAGE: string = RUNTIME_PACKAGES[0];
const DEFAULT_IDLE_TIMEOUT_MS = 60_000;

export interface ResolveRuntimeOptions {
  /** onnxruntime-node version to download when none is installed (default: ONNXRUNTIME_VERSION). */
  version?: string;
  /** sha512 SRI per `name@version` (default: PINNED_INTEGRITY). */
  integrity?: IntegrityTable;
  /** npm registry to download from (default: MLSHIP_NPM_REGISTRY, npm_config_registry, registry.npmjs.org). */
  registry?: string;
  /** Folder holding `<version>/<platform>-<arch>/` installs (default: the tool cache or the user cache). */
  cacheDir?: string;
  /** The HTTP getter (default: the global fetch). */
  fetch?: FetchLike;
  /** Look for an installed onnxruntime-node first (default: true). */
  loadInstalled?: boolean;
  /** Where to resolve the installed package from (default: this module, i.e. mlship's own location). */
  installedFrom?: string | URL;
  /** Give up a download when no byte arrives for this long (default: 60 s). */
  idleTimeoutMs?: number;
  /** Where download notices and progress go (default: stderr); `null` for silence. */
  output?: ProgressOutput | null;
  /** Environment to read the registry and cache settings from (default: process.env). */
  env?: Environment;
}

export type RuntimeSource = "installed" | "cache" | "download";

export interface RuntimeDescription {
  source: RuntimeSource;
  /** Version of the loaded package (from its package.json). */
  version: string;
  /** Folder of the loaded onnxruntime-node package. */
  path: string;
  /** Registry it was downloaded from (source "download" only; credentials redacted). */
  registry?: string;
  /** One line for logs. */
  summary: string;
}

export interface ResolvedRuntime {
  ort: Ort;
  description: RuntimeDescription;
}

const resolutions = new Map<string, Promise<ResolvedRuntime>>();
let lastDescription: RuntimeDescription | undefined;

/**
 * The onnxruntime-node module, loaded once per process for the same settings.
 * A failed resolution is forgotten, so a later call tries again.
 */
export function resolveOnnxRuntime(options: ResolveRuntimeOptions = {}): Promise<Ort> {
  const settings = settingsOf(options);
  const key = JSON.stringify([
    settings.version,
    settings.registry,
    settings.cacheRoot,
    settings.loadInstalled,
    String(settings.installedFrom),
  ]);
  let resolution = resolutions.get(key);
  if (!resolution) {
    resolution = resolveWith(settings);
    resolutions.set(key, resolution);
    resolution.catch(() => resolutions.delete(key));
  }
  return resolution.then((resolved) => resolved.ort);
}

/** Which runtime the last successful resolution loaded, for logs; undefined before any. */
export function describeRuntime(): RuntimeDescription | undefined {
  return lastDescription;
}

/** One resolution without the per-process memo: looks at the installed package, the cache, the registry afresh. */
export function loadOnnxRuntime(options: ResolveRuntimeOptions = {}): Promise<ResolvedRuntime> {
  return resolveWith(settingsOf(options));
}

interface Settings {
  version: string;
  integrity: IntegrityTable;
  registry: string;
  cacheRoot: string;
  fetch: FetchLike;
  loadInstalled: boolean;
  installedFrom: string | URL;
  idleTimeoutMs: number;
  output: ProgressOutput | undefined;
}

function settingsOf(options: ResolveRuntimeOptions): Settings {
  const env = options.env ?? process.env;
  return {
    version: options.version ?? ONNXRUNTIME_VERSION,
    integrity: options.integrity ?? PINNED_INTEGRITY,
    registry: options.registry ?? npmRegistry(env),
    cacheRoot: options.cacheDir ?? runtimeCacheRoot(env, homedir(), process.platform).root,
    fetch: options.fetch ?? ((url, init) => fetch(url, init)),
    loadInstalled: options.loadInstalled ?? true,
    installedFrom: options.installedFrom ?? import.meta.url,
    idleTimeoutMs: options.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    output: options.output === null ? undefined : (options.output ?? process.stderr),
  };
}

async function resolveWith(settings: Settings): Promise<ResolvedRuntime> {
  const resolved =
    (settings.loadInstalled && (await loadInstalledRuntime(settings))) || (await loadCached(settings));
  lastDescription = resolved.description;
  return resolved;
}

async function loadInstalledRuntime(settings: Settings): Promise<ResolvedRuntime | undefined> {
  const packageDir = findInstalledPackage(settings.installedFrom);
  if (!packageDir) return undefined;
  const version = packageVersion(packageDir);
  await requireNativeBinding(packageDir, { name: RUNTIME_PACKAGE, version }, process.platform, process.arch);
  return {
    ort: loadPackage(packageDir, `reinstall it (npm install ${RUNTIME_PACKAGE})`),
    description: describe("installed", version, packageDir, `installed next to mlship`),
  };
}

async function loadCached(settings: Settings): Promise<ResolvedRuntime> {
  const { platform, arch } = process;
  const installDir = runtimeInstallDir(settings.cacheRoot, settings.version, platform, arch);
  const tarballs = pinnedTarballs(settings.version, settings.integrity, settings.registry);
  const packageDir = installedPackageDir(installDir);
  const refetch = `delete ${installDir} to have it fetched again`;
  if (await hasCompleteInstall(installDir, tarballs)) {
    return {
      ort: loadPackage(packageDir, refetch),
      description: describe("cache", packageVersion(packageDir), packageDir, "cached"),
    };
  }
  const registry = redactUrl(settings.registry);
  settings.output?.write(
    `${RUNTIME_PACKAGE} is not installed next to mlship: downloading ${RUNTIME_PACKAGE} ${settings.version} ` +
      `for ${platform}-${arch} from ${registry} into ${installDir} (once; later runs use this copy)\n`,
  );
  await installRuntime({
    installDir,
    tarballs,
    platform,
    arch,
    fetch: settings.fetch,
    idleTimeoutMs: settings.idleTimeoutMs,
    output: settings.output,
  });
  return {
    ort: loadPackage(packageDir, refetch),
    description: {
      ...describe("download", packageVersion(packageDir), packageDir, `downloaded from ${registry}`),
      registry,
    },
  };
}

/** The folder of onnxruntime-node as Node would resolve it from `from`, or undefined when it is not installed. */
function findInstalledPackage(from: string | URL): string | undefined {
  const require = createRequire(from);
  let main: string;
  try {
    main = require.resolve(RUNTIME_PACKAGE);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "MODULE_NOT_FOUND") return undefined;
    throw error;
  }
  // The package root is the nearest folder above its main file with a package.json naming it.
  for (let folder = dirname(main); folder !== dirname(folder); folder = dirname(folder)) {
    const manifest = join(folder, "package.json");
    if (existsSync(manifest) && readManifest(folder).name === RUNTIME_PACKAGE) return folder;
  }
  return undefined;
}

function readManifest(packageDir: string): { name?: string; version?: string } {
  return JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
}

function packageVersion(packageDir: string): string {
  return readManifest(packageDir).version ?? "unknown";
}

/** Loads the package; a native library that does not load here becomes an error naming the folder and the fix. */
function loadPackage(packageDir: string, remedy: string): Ort {
  const require = createRequire(import.meta.url);
  try {
    return require(packageDir) as Ort;
  } catch (error) {
    throw new MlshipError(
      "runtime_load_failed",
      `cannot load ${RUNTIME_PACKAGE} from ${packageDir} on ${process.platform}-${process.arch}: ` +
        `${(error as Error).message}. Its native library needs glibc on Linux, arm64 on macOS, or Windows; ${remedy}`,
      { file: packageDir },
    );
  }
}

function describe(source: RuntimeSource, version: string, path: string, how: string): RuntimeDescription {
  return { source, version, path, summary: `${RUNTIME_PACKAGE} ${version} (${how}) at ${path}` };
}
