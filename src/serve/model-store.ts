/**
 * The models a server serves (docs/design.md, "Model server"): each `--model` is a registry ref
 * (resolved at start-up; one that names nothing stops the server) downloaded with the registry's
 * checksum-verified download into the server's own folder, or a local `.onnx` file served as
 * `<file stem>@0.0.0-local`. Each version is loaded with the model layer (src/onnx), run once on a
 * row of zeros so the first request does not pay for the runtime's warm-up, and kept. A version
 * that cannot be downloaded or loaded is kept too, as failed with the reason, and never answers.
 */
import { existsSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { MlshipError } from "../lib/errors.js";
import { resolveInput } from "../lib/input.js";
import { loadModel, type OnnxModel } from "../onnx/onnx-model.js";
import type { Ort } from "../onnx/ort.js";
import type { ModelManifest } from "../registry/manifest.js";
import { parseRef } from "../registry/refs.js";
import type { Registry } from "../registry/registry.js";
import { MODEL_FILE } from "../registry/version-files.js";
import { type Rollout, singleVersionRollout } from "./rollout.js";
import { type FeedPlan, planFeeds, warmUp } from "./tensors.js";

/** The version a local `.onnx` file is served as. */
export const LOCAL_VERSION = "0.0.0-local";

/** A local model's name: its file stem, which must be a URL path segment. */
const LOCAL_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Where one served version comes from. */
export type VersionSource =
  | { kind: "file"; path: string }
  | { kind: "registry"; ref: string; registry: string };

export type LoadState =
  | { state: "loading" }
  | { state: "ready"; model: OnnxModel; plan: FeedPlan }
  | { state: "failed"; reason: string };

export interface ServedVersion {
  name: string;
  version: string;
  source: VersionSource;
  status: LoadState;
}

export interface ServedModel {
  name: string;
  /**
   * How requests are split between its versions (src/serve/rollout.ts); at first the first version
   * given answers alone. Replaced whole (one assignment) when it changes, so a request routed by the
   * old one finishes on the version it was given.
   */
  rollout: Rollout;
  /** In the order given. */
  versions: Map<string, ServedVersion>;
}

/** A `--model` as given, resolved to a name and version. */
interface ModelSpec {
  name: string;
  version: string;
  source: VersionSource;
}

export interface ModelStoreOptions {
  cwd: string;
  /** The registry refs resolve in (opened on first use). */
  registry: () => Registry;
  /** mlship.yml's model.features for its model.name. */
  configuredFeatures?: { model: string; names: string[]; from: string };
  log: (message: string) => void;
  /** Told each time a version's load state changes (loading, ready, failed or freed): the metrics' `mlship_model_loaded`. */
  onStatus?: (served: ServedVersion) => void;
}

export class ModelStore {
  readonly models = new Map<string, ServedModel>();
  private downloads: string | undefined;
  private runtime: (() => Promise<Ort>) | undefined;

  private constructor(private readonly options: ModelStoreOptions) {}

  /**
   * Checks every `--model` and resolves the registry refs, before anything is loaded.
   * @throws MlshipError (exit 2, located at `models`): a ref that names nothing, a missing file, a model given twice.
   */
  static async resolve(specs: readonly string[], options: ModelStoreOptions): Promise<ModelStore> {
    const store = new ModelStore(options);
    for (const spec of specs) {
      const resolved = await store.resolveSpec(spec);
      const model = store.models.get(resolved.name) ?? {
        name: resolved.name,
        rollout: singleVersionRollout(resolved.version),
        versions: new Map<string, ServedVersion>(),
      };
      if (model.versions.has(resolved.version)) {
        throw new MlshipError(
          "bad_usage",
          `${spec} is ${resolved.name}@${resolved.version}, which another --model already serves`,
          { setting: "models" },
        );
      }
      const served: ServedVersion = { ...resolved, status: { state: "loading" } };
      model.versions.set(resolved.version, served);
      store.models.set(resolved.name, model);
      store.changed(served);
    }
    return store;
  }

  private async resolveSpec(spec: string): Promise<ModelSpec> {
    if (/\.onnx$/i.test(spec)) {
      const path = resolveInput(this.options.cwd, spec);
      if (!existsSync(path) || !statSync(path).isFile()) {
        throw new MlshipError("file_not_found", `${spec}: no such model file`, { setting: "models" });
      }
      const name = basename(path).replace(/\.onnx$/i, "");
      if (!LOCAL_NAME.test(name)) {
        throw new MlshipError(
          "bad_model_name",
          `${spec}: the file's name ${JSON.stringify(name)} becomes the model's name in URLs; rename the file ` +
            "to letters, digits, '.', '_' and '-' (starting with a letter or digit)",
          { setting: "models" },
        );
      }
      return { name, version: LOCAL_VERSION, source: { kind: "file", path } };
    }
    const registry = this.options.registry();
    try {
      parseRef(spec);
      const resolved = await registry.resolve(spec);
      if (resolved) {
        return {
          name: resolved.name,
          version: resolved.version,
          source: { kind: "registry", ref: spec, registry: registry.describe },
        };
      }
    } catch (error) {
      if (error instanceof MlshipError && error.location.setting === undefined) {
        throw new MlshipError(error.code, error.message, { ...error.location, setting: "models" });
      }
      throw error;
    }
    throw new MlshipError(
      "unknown_ref",
      `${spec} resolves to nothing in ${registry.describe} (see mlship registry list)`,
      { setting: "models" },
    );
  }

  /**
   * The version `version` of the registry-served model `name` as the registry has it (`v1.2.0` read
   * as `1.2.0`), or undefined when the model is served from a local file or the registry has no such
   * version: the versions a rollout may name beyond the ones served.
   */
  async registryVersion(name: string, version: string): Promise<string | undefined> {
    const model = this.models.get(name);
    const source = model && [...model.versions.values()][0]?.source;
    if (source?.kind !== "registry") return undefined;
    const registry = this.options.registry();
    for (const candidate of new Set([version, version.replace(/^v(?=\d)/, "")])) {
      try {
        const resolved = await registry.resolve(`${name}@${candidate}`);
        if (resolved && resolved.name === name) return resolved.version;
      } catch (error) {
        if (!(error instanceof MlshipError)) throw error;
      }
    }
    return undefined;
  }

  /**
   * Adds `name@version` from the registry the model is served from, not loaded yet (loadAll or
   * loadVersion loads it). @throws MlshipError `unknown_version` when the registry has no such version.
   */
  async addRegistryVersion(name: string, version: string): Promise<ServedVersion> {
    const model = this.models.get(name);
    const existing = model?.versions.get(version);
    if (existing) return existing;
    const resolved = model && (await this.registryVersion(name, version));
    if (!model || resolved !== version) {
      const fromFile = model && [...model.versions.values()][0]?.source.kind === "file";
      const why = fromFile
        ? `${name} is served from a local file, which is version ${LOCAL_VERSION} only`
        : `${name}@${version} is not in ${this.options.registry().describe}`;
      throw new MlshipError("unknown_version", why);
    }
    const served: ServedVersion = {
      name,
      version,
      source: { kind: "registry", ref: `${name}@${version}`, registry: this.options.registry().describe },
      status: { state: "loading" },
    };
    model.versions.set(version, served);
    this.changed(served);
    return served;
  }

  /** Loads one version added after start-up (addRegistryVersion); never throws: a failure is its state. */
  async loadVersion(served: ServedVersion): Promise<void> {
    if (!this.runtime) throw new Error("loadVersion before loadAll");
    await this.load(served, this.runtime);
  }

  /** Forgets a version that never served (one that failed to load when a rollout asked for it). */
  async dropVersion(served: ServedVersion): Promise<void> {
    const model = this.models.get(served.name);
    if (served.status.state === "ready") await served.status.model.release();
    if (model?.versions.get(served.version) === served) model.versions.delete(served.version);
    served.status = { state: "failed", reason: "not served" };
    this.changed(served);
  }

  /** Downloads and loads every version, all at once; never throws: a version that fails is kept as failed. */
  async loadAll(runtime: () => Promise<Ort>): Promise<void> {
    this.runtime = runtime;
    const all = [...this.models.values()].flatMap((model) => [...model.versions.values()]);
    await Promise.all(all.map((version) => this.load(version, runtime)));
  }

  private async load(served: ServedVersion, runtime: () => Promise<Ort>): Promise<void> {
    const label = `${served.name}@${served.version}`;
    try {
      const { file, manifest } = await this.fetch(served);
      const model = await loadModel(await runtime(), file, { name: label });
      try {
        const plan = planFeeds(model, this.featureSetting(served.name), manifest);
        await warmUp(model, plan);
        served.status = { state: "ready", model, plan };
        this.changed(served);
      } catch (error) {
        await model.release();
        throw error;
      }
      this.options.log(`loaded ${label} from ${describeSource(served.source)}`);
    } catch (error) {
      const reason = error instanceof MlshipError ? error.message : `internal error: ${String(error)}`;
      served.status = { state: "failed", reason };
      this.changed(served);
      this.options.log(`failed to load ${label} from ${describeSource(served.source)}: ${reason}`);
      if (!(error instanceof MlshipError)) this.options.log((error as Error)?.stack ?? String(error));
    }
  }

  private async fetch(served: ServedVersion): Promise<{ file: string; manifest?: ModelManifest }> {
    if (served.source.kind === "file") return { file: served.source.path };
    // Each version downloads into a folder of its own inside the server's folder (removed on close).
    this.downloads ??= await mkdtemp(join(tmpdir(), "mlship-serve-"));
    const registry = this.options.registry();
    const files = await registry.download(
      served.name,
      served.version,
      join(this.downloads, `${served.name}@${served.version}`),
    );
    const version = await registry.get(served.name, served.version);
    return { file: files[MODEL_FILE], manifest: version?.manifest };
  }

  private featureSetting(name: string) {
    const configured = this.options.configuredFeatures;
    return configured && configured.model === name
      ? { names: configured.names, from: configured.from }
      : undefined;
  }

  private changed(served: ServedVersion): void {
    try {
      this.options.onStatus?.(served);
    } catch (error) {
      this.options.log(`a load-state watcher failed: ${(error as Error)?.stack ?? String(error)}`);
    }
  }

  /** True once every version is loaded. */
  ready(): boolean {
    for (const model of this.models.values()) {
      for (const version of model.versions.values()) if (version.status.state !== "ready") return false;
    }
    return true;
  }

  /** Frees every session and removes the downloads. */
  async close(): Promise<void> {
    for (const model of this.models.values()) {
      for (const version of model.versions.values()) {
        if (version.status.state === "ready") await version.status.model.release();
        version.status = { state: "failed", reason: "the server is shutting down" };
        this.changed(version);
      }
    }
    if (this.downloads) await rm(this.downloads, { recursive: true, force: true });
  }
}

function describeSource(source: VersionSource): string {
  return source.kind === "file" ? source.path : `${source.ref} in ${source.registry}`;
}
