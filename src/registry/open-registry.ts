/**
 * `--registry github`, `github:<owner>/<repo>` or `local:<dir>` (default:
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
  /** Where `spec` came from, for messages (default `--registry`; an action says its input). */
  source?: string;
}

export function openRegistry(spec: string | undefined, options: OpenRegistryOptions): Registry {
  const fromEnv = spec === undefined && options.env.MLSHIP_REGISTRY !== undefined;
  const chosen = spec ?? options.env.MLSHIP_REGISTRY ?? DEFAULT_REGISTRY;
  const source = fromEnv ? "MLSHIP_REGISTRY" : (options.source ?? "--registry");
  if (chosen === "github") return new ReleasesRegistry({ env: options.env, log: options.log });
  if (chosen.startsWith("github:")) {
    return new ReleasesRegistry({
      env: options.env,
      log: options.log,
      repository: chosen.slice("github:".length),
      repositorySource: fromEnv
        ? `MLSHIP_REGISTRY=${chosen}`
        : options.source
          ? `${options.source} (${chosen})`
          : `--registry ${chosen}`,
    });
  }
  if (chosen.startsWith("local:") && chosen.length > "local:".length) {
    return new LocalRegistry(resolve(options.cwd, chosen.slice("local:".length)), { log: options.log });
  }
  throw new MlshipError(
    "bad_registry",
    `${source}: expected "github", "github:<owner>/<repo>" or "local:<dir>", got ${JSON.stringify(chosen)}`,
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
