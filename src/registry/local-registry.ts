/**
 * The registry in a folder (`local:<dir>`): each version's files under
 * `<dir>/<name>/<version>/`, and deployment records in an append-only log,
 * `<dir>/<name>/deployments.jsonl`: a `created` event per deployment (its
 * payload: docs/design.md, "Rollouts"), a `status` event per status. A
 * `success` with auto_inactive (the default, as on GitHub) appends `inactive`
 * for the model's earlier successes in that environment — GitHub does it for
 * every deployment sharing the environment's name; the rule that reads the
 * records (`pickCurrentAndPrevious`) does not depend on either.
 *
 * Safe with several processes at once: a version is written into a temporary
 * folder and renamed into place (a reader never sees half a version, and two
 * publishers of one version cannot mix files); each deployment event is one
 * line appended with a single write to a file opened in append mode, so no
 * record is lost or torn.
 */
import { randomBytes } from "node:crypto";
import { appendFile, copyFile, lstat, mkdir, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { MlshipError } from "../lib/errors.js";
import { parseJsonWith } from "../lib/read-json.js";
import { type ModelManifest, parseManifest } from "./manifest.js";
import { checkEnvironment, checkModelName, checkVersion, parseRef, releaseTag } from "./refs.js";
import {
  DEPLOYMENT_STATES,
  DeploymentExtras,
  type DeploymentRecord,
  type DeploymentRequest,
  type DeploymentState,
  type DeploymentStatusUpdate,
  type PublishResult,
  pickCurrentAndPrevious,
  type Registry,
  type RegistryVersion,
  type ResolvedRef,
  statusDescription,
  type VersionBundle,
  type VersionListing,
} from "./registry.js";
import {
  checkBundle,
  corruptVersionError,
  downloadVerified,
  isBadManifest,
  loadListing,
  MANIFEST_FILE,
  resolveWith,
  sameBytesOrFail,
  stageBundle,
} from "./version-files.js";

const DEPLOYMENT_LOG = "deployments.jsonl";

const DeploymentEvent = z.discriminatedUnion("event", [
  z.object({
    event: z.literal("created"),
    id: z.string(),
    at: z.string(),
    name: z.string(),
    version: z.string(),
    environment: z.string(),
    strategy: z.string(),
    trafficPercent: z.number(),
    description: z.string().optional(),
    ...DeploymentExtras.shape,
  }),
  z.object({
    event: z.literal("status"),
    id: z.string(),
    at: z.string(),
    state: z.enum(DEPLOYMENT_STATES),
    description: z.string().optional(),
    logUrl: z.string().optional(),
    environmentUrl: z.string().optional(),
  }),
]);
type DeploymentEvent = z.infer<typeof DeploymentEvent>;

export interface LocalRegistryOptions {
  /** Told what a read passed over (a corrupt newer version for `latest`). */
  log?: (message: string) => void;
}

export class LocalRegistry implements Registry {
  readonly root: string;
  readonly describe: string;
  private readonly log: (message: string) => void;

  constructor(dir: string, options: LocalRegistryOptions = {}) {
    this.root = resolve(dir);
    this.describe = `local:${dir}`;
    this.log = options.log ?? (() => {});
  }

  async publish(bundle: VersionBundle): Promise<PublishResult> {
    const { name, version, sums } = await checkBundle(bundle);
    const existing = await this.get(name, version);
    if (existing) {
      sameBytesOrFail(existing, bundle.manifest.model.sha256);
      return { version: existing, created: false };
    }
    const modelDir = join(this.root, name);
    await mkdir(modelDir, { recursive: true });
    const temp = join(modelDir, `.${version}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
    try {
      await stageBundle(bundle, sums, temp, (from, to) => copyFile(from, to));
      try {
        await rename(temp, join(modelDir, version));
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "ENOTEMPTY" && code !== "EEXIST") throw error;
        // Another process published this version first: the same bytes are fine, others are not.
        const winner = (await this.get(name, version))!;
        sameBytesOrFail(winner, bundle.manifest.model.sha256);
        return { version: winner, created: false };
      }
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
    return { version: (await this.get(name, version))!, created: true };
  }

  async get(name: string, version: string): Promise<RegistryVersion | undefined> {
    checkModelName(name);
    checkVersion(version);
    const dir = join(this.root, name, version);
    if (!(await stat(dir).catch(() => undefined))?.isDirectory()) return undefined;
    try {
      return await this.load(name, version, dir);
    } catch (error) {
      if (isBadManifest(error)) throw corruptVersionError(releaseTag(name, version), error);
      throw error;
    }
  }

  /** A version's folder read back; its manifest checked. @throws MlshipError `bad_manifest`. */
  private async load(name: string, version: string, dir: string): Promise<RegistryVersion> {
    const file = join(dir, MANIFEST_FILE);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new MlshipError(
        "bad_manifest",
        code === "ENOENT" ? `${MANIFEST_FILE} is missing` : `${MANIFEST_FILE} cannot be read (${code})`,
        { file },
      );
    }
    let manifest: ModelManifest;
    try {
      manifest = parseManifest(text, MANIFEST_FILE, { name, version });
    } catch (error) {
      if (isBadManifest(error)) throw new MlshipError(error.code, error.message, { file });
      throw error;
    }
    const assets = [];
    for (const entry of (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile())) {
      assets.push({ name: entry.name, bytes: (await stat(join(dir, entry.name))).size });
    }
    assets.sort((a, b) => a.name.localeCompare(b.name));
    return {
      name,
      version,
      tag: releaseTag(name, version),
      createdAt: manifest.createdAt,
      manifest,
      assets,
      url: pathToFileURL(dir).href,
    };
  }

  async list(name: string): Promise<VersionListing> {
    checkModelName(name);
    const entries = await readdir(join(this.root, name), { withFileTypes: true }).catch(() => []);
    const versions = entries
      .filter((e) => e.isDirectory() && !e.name.startsWith("."))
      .map((e) => e.name)
      .filter((v) => {
        try {
          return checkVersion(v) === v;
        } catch {
          return false;
        }
      });
    return loadListing(
      name,
      versions.map((version) => {
        const dir = join(this.root, name, version);
        return { version, url: pathToFileURL(dir).href, load: () => this.load(name, version, dir) };
      }),
    );
  }

  async resolve(ref: string): Promise<ResolvedRef | undefined> {
    return resolveWith(this, parseRef(ref), this.log);
  }

  async download(name: string, version: string, dir: string): Promise<Record<string, string>> {
    const found = await this.get(name, version);
    if (!found) {
      throw new MlshipError(
        "unknown_version",
        `${releaseTag(name, version)} is not in ${this.describe}`,
        {},
        1,
      );
    }
    const source = join(this.root, name, version);
    return downloadVerified(found, dir, async (asset, target) => {
      // A regular file of the version's folder only: a link there could point anywhere.
      const from = join(source, asset);
      if (!(await lstat(from).catch(() => undefined))?.isFile()) {
        throw new MlshipError(
          "missing_asset",
          `${found.tag}: ${asset} is not a regular file in ${source}; refusing the download (nothing was written to ${dir})`,
          { file: from },
          1,
        );
      }
      await copyFile(from, target);
    });
  }

  async recordDeployment(request: DeploymentRequest): Promise<DeploymentRecord> {
    checkModelName(request.name);
    checkVersion(request.version);
    checkEnvironment(request.environment);
    if (!(await this.get(request.name, request.version))) {
      throw new MlshipError(
        "unknown_version",
        `cannot deploy ${releaseTag(request.name, request.version)}: it is not in ${this.describe}`,
        {},
        1,
      );
    }
    const at = new Date().toISOString();
    // Time first, so ids sort in creation order across processes; random after, so they never collide.
    const id = `${Date.now().toString(36).padStart(9, "0")}-${randomBytes(6).toString("hex")}`;
    await this.append(request.name, { event: "created", id, at, ...request });
    return { ...request, id, createdAt: at, state: "pending", statuses: [] };
  }

  async setDeploymentStatus(
    id: string,
    state: DeploymentState,
    update: DeploymentStatusUpdate = {},
  ): Promise<void> {
    const name = await this.modelOfDeployment(id);
    await this.append(name, {
      event: "status",
      id,
      at: new Date().toISOString(),
      state,
      description: statusDescription(update.description),
      logUrl: update.logUrl,
      environmentUrl: update.environmentUrl,
    });
    if (state !== "success" || update.autoInactive === false) return;
    const records = await this.readDeployments(name);
    const environment = records.find((r) => r.id === id)?.environment;
    for (const earlier of records) {
      if (earlier.id < id && earlier.environment === environment && earlier.state === "success") {
        await this.append(name, {
          event: "status",
          id: earlier.id,
          at: new Date().toISOString(),
          state: "inactive",
        });
      }
    }
  }

  async history(name: string, environment: string): Promise<DeploymentRecord[]> {
    const records = await this.readDeployments(name);
    return records.filter((r) => r.environment === environment).reverse();
  }

  async latest(name: string, environment: string): Promise<DeploymentRecord | undefined> {
    return (await this.history(name, environment))[0];
  }

  async current(name: string, environment: string): Promise<DeploymentRecord | undefined> {
    return pickCurrentAndPrevious(await this.history(name, environment)).current;
  }

  async previousGood(name: string, environment: string): Promise<DeploymentRecord | undefined> {
    return pickCurrentAndPrevious(await this.history(name, environment)).previousGood;
  }

  private async append(name: string, event: DeploymentEvent): Promise<void> {
    const dir = join(this.root, name);
    await mkdir(dir, { recursive: true });
    // One write of one line in append mode: concurrent writers' lines never interleave.
    await appendFile(join(dir, DEPLOYMENT_LOG), `${JSON.stringify(DeploymentEvent.parse(event))}\n`, {
      flag: "a",
    });
  }

  /** The records of the log, oldest first, each with its latest status. */
  private async readDeployments(name: string): Promise<DeploymentRecord[]> {
    checkModelName(name);
    const file = join(this.root, name, DEPLOYMENT_LOG);
    const text = await readFile(file, "utf8").catch(() => "");
    const records = new Map<string, DeploymentRecord>();
    text.split("\n").forEach((line, index) => {
      if (line.trim() === "") return;
      let event: DeploymentEvent;
      try {
        event = parseJsonWith(DeploymentEvent, line, {
          where: "this line",
          what: "a deployment record",
          code: "bad_deployment_log",
        });
      } catch (error) {
        if (!(error instanceof MlshipError)) throw error;
        throw new MlshipError(error.code, error.message, { file, line: index + 1 });
      }
      if (event.event === "created") {
        const { event: _, at, ...request } = event;
        records.set(event.id, { ...request, createdAt: at, state: "pending", statuses: [] });
      } else {
        const record = records.get(event.id);
        if (record) {
          const { event: _, id: __, at, ...status } = event;
          record.statuses.unshift({ ...status, createdAt: at });
          Object.assign(record, {
            state: event.state,
            stateDescription: event.description,
            logUrl: event.logUrl,
            environmentUrl: event.environmentUrl,
          });
        }
      }
    });
    return [...records.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  private async modelOfDeployment(id: string): Promise<string> {
    const models = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    for (const model of models.filter((m) => m.isDirectory())) {
      const text = await readFile(join(this.root, model.name, DEPLOYMENT_LOG), "utf8").catch(() => "");
      if (text.includes(`"id":${JSON.stringify(id)}`)) return model.name;
    }
    throw new MlshipError("unknown_deployment", `no deployment ${id} in ${this.describe}`);
  }
}
