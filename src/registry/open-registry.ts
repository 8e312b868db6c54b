/**
 * `--registry github` or `--registry local:<dir>` (default: MLSHIP_REGISTRY,
 * else `local:.mlship/registry`) → a Registry.
 */
import { resolve } from "node:path";
import { MlshipError } from "../errors.js";
import { ReleasesRegistry } from "./github-releases-registry.js";
import { LocalRegistry } from "./local-registry.js";
import type { Registry } from "./registry.js";

export const DEFAULT_REGISTRY = "local:.mlship/registry";

export function openRegistry(
  spec: string | undefined,
  options: { cwd: string; env: NodeJS.ProcessEnv; log?: (message: string) => void },
): Registry {
  const chosen = spec ?? options.env.MLSHIP_REGISTRY ?? DEFAULT_REGISTRY;
  if (chosen === "github") return new ReleasesRegistry({ env: options.env, log: options.log });
  if (chosen.startsWith("local:") && chosen.length > "local:".length) {
    return new LocalRegistry(resolve(options.cwd, chosen.slice("local:".length)));
  }
  throw new MlshipError(
    "bad_registry",
    `--registry: expected "github" or "local:<dir>", got ${JSON.stringify(chosen)}`,
  );
}

/**
 * A registry opened on first use and then reused: the baseline lookup and the
 * report's metric history share it (and the GitHub backend's one list of releases).
 */
export function lazyRegistry(
  spec: string | undefined,
  options: { cwd: string; env: NodeJS.ProcessEnv; log?: (message: string) => void },
): () => Registry {
  let registry: Registry | undefined;
  return () => {
    registry ??= openRegistry(spec, options);
    return registry;
  };
}
