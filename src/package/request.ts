/**
 * The package request: the one place that merges what the user gave (`mlship package`'s options,
 * the package-model action's inputs) with mlship.yml and the environment, and holds every default,
 * check and fallback of packaging a model. The CLI and the action map their spelling onto these
 * settings and print or output the result; they keep no default or check of their own.
 */
import { z } from "zod";
import { configFileOf, configuredSource, loadConfig } from "../config/index.js";
import { resolveInput } from "../lib/input.js";
import { locateSettingError, type SettingSource, settingCollector } from "../lib/setting-source.js";
import type { Ort } from "../onnx/ort.js";
import { DEFAULT_REGISTRY, openRegistry } from "../registry/open-registry.js";
import { type PackageOutcome, packageModel } from "../registry/package-model.js";
import { checkModelName, checkVersion } from "../registry/refs.js";
import type { Registry } from "../registry/registry.js";

const text = z.string().min(1);
const FINGERPRINT = /^([0-9a-f]{64})(?::(\d+))?$/;

/** Every setting of packaging a model, checked: the one schema both adapters resolve through. */
export const PackageRequestSchema = z.object({
  /** The ONNX model. */
  model: z.string({ error: "required: the ONNX model file" }).min(1, "required: the ONNX model file"),
  /** The model's name in the registry; default mlship.yml's model.name. */
  name: z.string({ error: "required: the model's name: give it, or set model.name in mlship.yml" }),
  /** `x.y.z`, or `auto` (the default): the latest's minor bumped, its major when the features changed. */
  version: text,
  /** metrics.json of the training run: metrics, params, label, features, trainer, data fingerprint. */
  metrics: text.optional(),
  /** evaluation.json (mlship evaluate): attached, its metrics take precedence. */
  evaluation: text.optional(),
  /** A data profile (mlship profile), attached as the reference for drift checks. */
  profile: text.optional(),
  /** `<sha256>[:<rows>]` of the training data, when no metrics.json says it. */
  dataFingerprint: z
    .string()
    .regex(FINGERPRINT, {
      error: (issue) => `expected <sha256>[:<rows>], got ${JSON.stringify(issue.input)}`,
    })
    .transform((fingerprint) => {
      const [, sha256, rows] = FINGERPRINT.exec(fingerprint)!;
      return { sha256, rows: rows === undefined ? null : Number(rows) };
    })
    .optional(),
  /** For the model card. */
  intendedUse: text.optional(),
  /** For the model card. */
  limitations: text.optional(),
  /** Where the version goes; default MLSHIP_REGISTRY, else local:.mlship/registry. */
  registry: text,
});

export type PackageSetting = keyof typeof PackageRequestSchema.shape;

/** What an adapter was given, as the user typed it; unset settings are left out. */
export type PackageGiven = { [K in PackageSetting]?: string } & {
  /** The mlship.yml to read; unset: mlship.yml (or .yaml) in `cwd` when present. */
  config?: string;
};

export type PackageRequest = z.output<typeof PackageRequestSchema> & {
  /** Where each setting's value came from. */
  sources: Record<PackageSetting, SettingSource>;
  /** The mlship.yml read, if any. */
  configFile?: string;
};

/** The version `auto` picks the next of. */
export const AUTO_VERSION = "auto";

export interface PackageRequestContext {
  /** The folder relative files are read from (the working folder, the workspace). */
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Merges `given` (explicit), mlship.yml and the environment into the package request. The model's
 * files are resolved against `cwd`; the name and version are checked before anything is read.
 * @throws MlshipError `bad_usage` located at the setting, the config key or the variable that is wrong;
 *   `bad_model_name`, `bad_version` for a name or a version the registry cannot take.
 */
export async function resolvePackageRequest(
  given: PackageGiven,
  context: PackageRequestContext,
): Promise<PackageRequest> {
  const config = await loadConfig(given.config, { cwd: context.cwd });
  const explicit: SettingSource = { kind: "explicit" };
  const configured = configuredSource(config);
  const fallback = (value: unknown): [unknown, SettingSource] => [value, { kind: "default" }];
  const { sources, values, set } = settingCollector(PackageRequestSchema);

  set("model", [[given.model, explicit]]);
  set("name", [
    [given.name, explicit],
    [config.model.name, configured("model.name")],
  ]);
  set("version", [[given.version, explicit], fallback(AUTO_VERSION)]);
  for (const file of ["metrics", "evaluation", "profile"] as const) set(file, [[given[file], explicit]]);
  set("dataFingerprint", [[given.dataFingerprint, explicit]]);
  set("intendedUse", [[given.intendedUse, explicit]]);
  set("limitations", [[given.limitations, explicit]]);
  set("registry", [
    [given.registry, explicit],
    [context.env.MLSHIP_REGISTRY || undefined, { kind: "environment", variable: "MLSHIP_REGISTRY" }],
    fallback(DEFAULT_REGISTRY),
  ]);

  const request = { ...values, sources, configFile: configFileOf(config) } as PackageRequest;
  const at = (file: string | undefined) => (file === undefined ? undefined : resolveInput(context.cwd, file));
  request.model = resolveInput(context.cwd, request.model);
  request.metrics = at(request.metrics);
  request.evaluation = at(request.evaluation);
  request.profile = at(request.profile);
  // The registry's own rules for names and versions (src/registry/refs.ts), before the model is read.
  checkModelName(request.name);
  if (request.version !== AUTO_VERSION) request.version = checkVersion(request.version);
  return request;
}

export interface RunPackageOptions extends PackageRequestContext {
  log: (message: string) => void;
  runtime: () => Promise<Ort>;
  /** How the adapter names a registry value it was given (`--registry github:x`), for the GitHub registry's messages. */
  describeRegistry?: (spec: string) => string;
}

export interface Packaged {
  outcome: PackageOutcome;
  /** The registry the version went to (`registry.describe` names it). */
  registry: Registry;
}

/**
 * Packages the model a request names into its registry (src/registry/package-model.ts).
 * An error about a setting is located where its value came from.
 */
export async function runPackage(request: PackageRequest, options: RunPackageOptions): Promise<Packaged> {
  try {
    const registry = openRegistry(request.registry, {
      cwd: options.cwd,
      env: options.env,
      log: options.log,
      describeSpec: options.describeRegistry,
      fromEnvironment: request.sources.registry.kind === "environment",
    });
    const outcome = await packageModel({
      model: request.model,
      name: request.name,
      version: request.version,
      metrics: request.metrics,
      evaluation: request.evaluation,
      profile: request.profile,
      trainingData: request.dataFingerprint,
      intendedUse: request.intendedUse,
      limitations: request.limitations,
      registry,
      runtime: options.runtime,
      env: options.env,
    });
    return { outcome, registry };
  } catch (error) {
    locateSettingError(error, request.sources);
  }
}
