/**
 * Finds and reads mlship.yml, and resolves the paths in it against the folder
 * the file is in, so commands can run from anywhere.
 */
import { access } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { type DatasetSchema, loadDatasetSchema } from "../data/schema/dataset-schema.js";
import { isStandardInput, resolveInput } from "../lib/input.js";
import { configLabel, type SettingSource } from "../lib/setting-source.js";
import { loadStructuredFile } from "../lib/structured-file.js";
import { defaultConfig, INVALID_CONFIG, type MlshipConfig, MlshipConfigSchema } from "./mlship-config.js";

/** Looked up in this order when no `--config` is given. */
export const CONFIG_FILE_NAMES = ["mlship.yml", "mlship.yaml"] as const;

export interface LoadConfigOptions {
  /** Folder to look for mlship.yml in and to resolve a relative `path` against (default: the working directory). */
  cwd?: string;
}

/**
 * Reads the configuration.
 * - `path` given: that file must exist.
 * - no `path`: `mlship.yml` (or `mlship.yaml`) in `cwd` when present, else all defaults.
 *
 * Paths under `data` and a `schema` path are returned absolute, resolved against
 * the folder of the config file (or `cwd` without one).
 * @throws MlshipError `file_not_found` or `invalid_config` (exit code 2).
 */
export async function loadConfig(path?: string, options: LoadConfigOptions = {}): Promise<MlshipConfig> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const file = path === undefined ? await findConfigFile(cwd) : resolveInput(cwd, path);
  if (file === undefined) return resolveConfigPaths(defaultConfig(), cwd);
  let lines: ((path: readonly PropertyKey[]) => number | undefined) | undefined;
  const config = await loadStructuredFile(file, MlshipConfigSchema, {
    code: INVALID_CONFIG,
    onLines: (lineOfPath) => {
      lines = lineOfPath;
    },
  });
  // Paths in a config read from standard input are relative to the working folder.
  const resolved = resolveConfigPaths(config, isStandardInput(file) ? cwd : dirname(file));
  LOADED_FROM.set(resolved, { file, lineOf: lines });
  return resolved;
}

/** The file each loaded config came from and the line of its values, for messages about its settings. */
const LOADED_FROM = new WeakMap<
  MlshipConfig,
  { file: string; lineOf: ((path: readonly PropertyKey[]) => number | undefined) | undefined }
>();

/** The file `config` was loaded from; undefined for the defaults (no mlship.yml). */
export function configFileOf(config: MlshipConfig): string | undefined {
  return LOADED_FROM.get(config)?.file;
}

/** Where a value taken from `config` at `key` (`gate.confidence`) is: the file's name, the key, its line. */
export function configuredSource(config: MlshipConfig): (key: string) => SettingSource {
  const from = LOADED_FROM.get(config);
  const file = configLabel(from?.file);
  // A numeric segment is a list index (`deploy.checks.1`); a map's key matches it as text all the same.
  const path = (key: string) => key.split(".").map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  return (key) => ({ kind: "config", file, key, line: from?.lineOf?.(path(key)) });
}

/** The config file `loadConfig()` would read from `cwd`, or undefined when there is none. */
export async function findConfigFile(cwd: string = process.cwd()): Promise<string | undefined> {
  for (const name of CONFIG_FILE_NAMES) {
    const candidate = join(resolve(cwd), name);
    if (await exists(candidate)) return candidate;
  }
  return undefined;
}

/** A copy of `config` with its file paths resolved against `baseDir`. */
export function resolveConfigPaths(config: MlshipConfig, baseDir: string): MlshipConfig {
  const at = (path: string | undefined) => (path === undefined ? undefined : resolveInput(baseDir, path));
  return {
    ...config,
    data: {
      ...config.data,
      train: at(config.data.train),
      current: at(config.data.current),
      reference: at(config.data.reference),
    },
    schema: typeof config.schema === "string" ? resolve(baseDir, config.schema) : config.schema,
  };
}

/**
 * The dataset schema the configuration names: read from its file, or the
 * inline one; undefined when the configuration has none.
 * @throws MlshipError `file_not_found` or `invalid_schema`.
 */
export async function loadConfiguredDatasetSchema(config: MlshipConfig): Promise<DatasetSchema | undefined> {
  if (typeof config.schema === "string") return loadDatasetSchema(config.schema);
  return config.schema;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
