/**
 * The registry setting: `github`, `github:<owner>/<repo>` or `local:<dir>` (default:
 * MLSHIP_REGISTRY, else `local:.mlship/registry`) → a Registry. Plain `github`
 * means the repository of GITHUB_REPOSITORY (the workflow's own).
 */
import { resolve } from "node:path";
import { MlshipError } from "../lib/errors.js";
import { ReleasesRegistry } from "./github-releases-registry.js";
import { LocalRegistry } from "./local-registry.js";
import type { Registry } from "./registry.js";

export const DEFAULT_REGISTRY = "local:.mlship/registry";

export interface OpenRegistryOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  log?: (message: string) => void;
  /**
   * How the adapter names a registry value it was given, for the GitHub registry's messages
   * (`--registry github:x`, `the 'registry' input (github:x)`; default `the registry setting github:x`).
   */
  describeSpec?: (spec: string) => string;
  /** `spec` is MLSHIP_REGISTRY's value (the request layer resolved it). */
  fromEnvironment?: boolean;
}

export function openRegistry(spec: string | undefined, options: OpenRegistryOptions): Registry {
  const fromEnv =
    options.fromEnvironment ?? (spec === undefined && options.env.MLSHIP_REGISTRY !== undefined);
  const chosen = spec ?? options.env.MLSHIP_REGISTRY ?? DEFAULT_REGISTRY;
  if (chosen === "github") return new ReleasesRegistry({ env: options.env, log: options.log });
  if (chosen.startsWith("github:")) {
    return new ReleasesRegistry({
      env: options.env,
      log: options.log,
      repository: chosen.slice("github:".length),
      repositorySource: fromEnv
        ? `MLSHIP_REGISTRY=${chosen}`
        : (options.describeSpec?.(chosen) ?? `the registry setting ${chosen}`),
    });
  }
  if (chosen.startsWith("local:") && chosen.length > "local:".length) {
    return new LocalRegistry(resolve(options.cwd, chosen.slice("local:".length)), { log: options.log });
  }
  throw new MlshipError(
    "bad_registry",
    `expected "github", "github:<owner>/<repo>" or "local:<dir>", got ${JSON.stringify(chosen)}`,
    fromEnv ? { variable: "MLSHIP_REGISTRY" } : { setting: "registry" },
  );
}

/**
 * A registry opened on first use and then reused: the baseline lookup and the
 * report's metric history share it (and the GitHub backend's one list of releases).
 */
export function lazyRegistry(spec: string | undefined, options: OpenRegistryOptions): () => Registry {
  let registry: Registry | undefined;
  return () => {
    registry ??= openRegistry(spec, options);
    return registry;
  };
}
