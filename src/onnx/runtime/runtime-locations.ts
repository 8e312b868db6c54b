/**
 * Where the runtime comes from and where it is kept: the npm registry to
 * download from, the tarball URLs on it, and the cache folder. Pure functions
 * of the environment, so they are tested with plain values.
 */
import { join } from "node:path";
import { MlshipError } from "../../lib/errors.js";

export const DEFAULT_NPM_REGISTRY = "https://registry.npmjs.org";

/** The folder under the runner's tool cache, by its convention `<tool>/<version>/<platform>-<arch>`. */
export const TOOL_CACHE_FOLDER = "mlship-onnxruntime-node";

export type Environment = Readonly<Record<string, string | undefined>>;

/** `MLSHIP_NPM_REGISTRY`, else npm's own setting (`npm_config_registry`, set by npm and npx), else the public registry. */
export function npmRegistry(env: Environment): string {
  for (const name of ["MLSHIP_NPM_REGISTRY", "npm_config_registry", "NPM_CONFIG_REGISTRY"]) {
    const value = env[name]?.trim();
    if (!value) continue;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      throw new MlshipError(
        "bad_registry",
        `${name} is not a URL: ${JSON.stringify(redactUrl(value))}; set it to an npm registry such as ${DEFAULT_NPM_REGISTRY}`,
      );
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") {
      throw new MlshipError(
        "bad_registry",
        `${name} must be an http(s) URL, got ${redactUrl(value)}; set it to an npm registry such as ${DEFAULT_NPM_REGISTRY}`,
      );
    }
    return value;
  }
  return DEFAULT_NPM_REGISTRY;
}

/** `<registry>/<name>/-/<name>-<version>.tgz`, the path every npm registry serves tarballs at. */
export function tarballUrl(registry: string, name: string, version: string): string {
  const base = registry.endsWith("/") ? registry : `${registry}/`;
  const file = `${name.slice(name.lastIndexOf("/") + 1)}-${version}.tgz`;
  return new URL(`${name}/-/${file}`, base).href;
}

/** A URL fit for messages and logs: user and password (a registry token) replaced by `***`. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.username && !parsed.password) return url;
    parsed.username = "***";
    parsed.password = "";
    return parsed.href;
  } catch {
    return url.replace(/\/\/[^/@]*@/, "//***@");
  }
}

export interface CacheLocation {
  /** Folder holding one `<version>/<platform>-<arch>/` install per version and platform. */
  root: string;
  /** Why this root: the runner's tool cache, the user cache, or an explicit folder. */
  kind: "tool-cache" | "user-cache" | "explicit";
}

/**
 * Inside Actions the runner's tool cache (`RUNNER_TOOL_CACHE`, kept across runs
 * on self-hosted runners and restorable with actions/cache); elsewhere the
 * user's cache folder (`XDG_CACHE_HOME`, `LOCALAPPDATA` on Windows, else `~/.cache`).
 */
export function runtimeCacheRoot(env: Environment, home: string, platform: string): CacheLocation {
  const toolCache = env.RUNNER_TOOL_CACHE?.trim();
  if (toolCache) return { root: join(toolCache, TOOL_CACHE_FOLDER), kind: "tool-cache" };
  const xdg = env.XDG_CACHE_HOME?.trim();
  const windows = platform === "win32" ? env.LOCALAPPDATA?.trim() : undefined;
  const userCache = xdg || windows || join(home, ".cache");
  return { root: join(userCache, "mlship", "onnxruntime-node"), kind: "user-cache" };
}

/** `<root>/<version>/<platform>-<arch>`: one complete install, or nothing. */
export function runtimeInstallDir(root: string, version: string, platform: string, arch: string): string {
  return join(root, version, `${platform}-${arch}`);
}
