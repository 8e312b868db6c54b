/**
 * The registry on GitHub (DESIGN.md, "Registry on GitHub Releases"): one
 * release per version, tagged `<name>@v<version>`, created as a draft, its
 * assets uploaded, then published; deployments in the Deployments API with
 * `task: deploy:<name>` and `ref` = the tag.
 *
 * Economy (GITHUB_TOKEN allows 1,000 requests an hour per repository): the
 * releases are listed once per registry object (100 per page, assets
 * included) and every read is answered from that list; each release body
 * ends with the manifest in a hidden comment, so listing versions with their
 * metrics costs no extra request. Publishing a version costs the list, the
 * draft, one upload per asset and the publish; `resolve <name>@<env>` the
 * deployment list and the newest deployment's statuses.
 */

import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MlshipError } from "../errors.js";
import {
  createGitHubClient,
  describeGitHubError,
  type GitHubClient,
  type GitHubClientOptions,
  httpStatus,
} from "../github/client.js";
import { CHECKSUMS_FILE, formatChecksums } from "./checksums.js";
import { type ModelManifest, ModelManifestSchema } from "./manifest.js";
import {
  checkEnvironment,
  checkModelName,
  checkVersion,
  compareVersionsDescending,
  parseRef,
  parseReleaseTag,
  releaseTag,
} from "./refs.js";
import type {
  DeploymentRecord,
  DeploymentRequest,
  DeploymentState,
  PublishResult,
  Registry,
  RegistryVersion,
  ResolvedRef,
  VersionBundle,
} from "./registry.js";
import { checkBundle, downloadVerified, resolveWith, sameBytesOrFail } from "./version-files.js";

interface ReleaseAsset {
  id: number;
  name: string;
  size: number;
  state: string;
  digest?: string | null;
}
interface Release {
  id: number;
  tag_name: string;
  draft: boolean;
  body?: string | null;
  html_url: string;
  upload_url: string;
  created_at: string;
  published_at: string | null;
  assets: ReleaseAsset[];
}

const MANIFEST_MARKER = "mlship-manifest:";
const UPLOAD_ATTEMPTS = 4;

export interface ReleasesRegistryOptions extends Omit<GitHubClientOptions, "permission"> {
  /** An existing client (tests, or one shared by several registries). */
  client?: GitHubClient;
}

export class ReleasesRegistry implements Registry {
  readonly describe: string;
  private readonly client: GitHubClient;
  private readonly log: (message: string) => void;
  private readonly unit: number;
  private releases: Promise<Release[]> | undefined;

  constructor(options: ReleasesRegistryOptions = {}) {
    this.client =
      options.client ?? createGitHubClient({ ...options, permission: "contents: write, deployments: write" });
    this.describe = `github:${this.client.owner}/${this.client.repo}`;
    this.log = options.log ?? (() => {});
    this.unit = options.retryUnitMs ?? 1000;
  }

  private get repo() {
    return { owner: this.client.owner, repo: this.client.repo };
  }

  /** Every release (drafts too, which a token with push access sees), newest first; listed once. */
  private allReleases(): Promise<Release[]> {
    this.releases ??= this.client.octokit
      .paginate(this.client.octokit.rest.repos.listReleases, { ...this.repo, per_page: 100 })
      .then((list) => list as unknown as Release[])
      .catch((error: unknown) => {
        this.releases = undefined;
        throw this.fail(error, `listing the releases of ${this.client.owner}/${this.client.repo}`);
      });
    return this.releases;
  }

  async publish(bundle: VersionBundle): Promise<PublishResult> {
    const { name, version, sums } = await checkBundle(bundle);
    const tag = releaseTag(name, version);
    const releases = await this.allReleases();
    const published = releases.find((r) => r.tag_name === tag && !r.draft);
    if (published) {
      const existing = await this.toVersion(name, version, published);
      await sameBytesOrFail(existing, sums, () => this.assetText(published, CHECKSUMS_FILE));
      return { version: existing, created: false };
    }
    const body = releaseBody(bundle.notes ?? "", bundle.manifest);
    // A draft left by a crashed run is taken up again rather than duplicated.
    let draft = releases.find((r) => r.tag_name === tag && r.draft);
    if (draft) {
      this.log(`taking up the draft release ${tag} left by an earlier run`);
    } else {
      draft = await this.call(`creating the draft release ${tag}`, async () => {
        const { data } = await this.client.octokit.rest.repos.createRelease({
          ...this.repo,
          tag_name: tag,
          name: `${name} v${version}`,
          body,
          draft: true,
          ...(process.env.GITHUB_SHA ? { target_commitish: process.env.GITHUB_SHA } : {}),
        });
        return data as unknown as Release;
      });
    }
    const scratch = await mkdtemp(join(tmpdir(), "mlship-publish-"));
    try {
      const checksums = join(scratch, CHECKSUMS_FILE);
      const checksumsText = formatChecksums(sums);
      await writeFile(checksums, checksumsText);
      const files: Record<string, string> = { ...bundle.files, [CHECKSUMS_FILE]: checksums };
      const fileSums: Record<string, string> = {
        ...sums,
        [CHECKSUMS_FILE]: createHash("sha256").update(checksumsText).digest("hex"),
      };
      for (const [asset, path] of Object.entries(files))
        await this.upload(draft, asset, path, fileSums[asset]);
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
    const release = await this.call(`publishing the release ${tag}`, async () => {
      const { data } = await this.client.octokit.rest.repos.updateRelease({
        ...this.repo,
        release_id: draft!.id,
        draft: false,
        body,
      });
      return data as unknown as Release;
    });
    this.releases = undefined;
    return { version: await this.toVersion(name, version, release, bundle.manifest), created: true };
  }

  /** Uploads one asset; after a failed attempt, an asset GitHub kept half-made is deleted before the retry. */
  private async upload(
    release: Release,
    asset: string,
    path: string,
    sha256: string | undefined,
  ): Promise<void> {
    const existing = release.assets.find((a) => a.name === asset);
    if (existing && existing.state === "uploaded" && existing.digest === `sha256:${sha256}`) return;
    if (existing) await this.deleteAsset(existing.id);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.uploadAsset(release.upload_url, asset, path);
        return;
      } catch (error) {
        const status = httpStatus(error);
        const transient = status === undefined || status >= 500 || status === 429;
        if (!transient || attempt >= UPLOAD_ATTEMPTS)
          throw this.fail(error, `uploading ${asset} to ${release.tag_name}`);
        this.log(
          `uploading ${asset} failed (${status ?? "network error"}); retrying (attempt ${attempt + 1} of ${UPLOAD_ATTEMPTS})`,
        );
        await new Promise((r) => setTimeout(r, this.unit * attempt ** 2));
        const { data } = await this.client.octokit.rest.repos.listReleaseAssets({
          ...this.repo,
          release_id: release.id,
          per_page: 100,
        });
        const leftover = data.find((a) => a.name === asset);
        if (leftover) await this.deleteAsset(leftover.id);
      }
    }
  }

  private async deleteAsset(id: number): Promise<void> {
    await this.call(`deleting a half-uploaded asset`, () =>
      this.client.octokit.rest.repos.deleteReleaseAsset({ ...this.repo, asset_id: id }),
    );
  }

  async get(name: string, version: string): Promise<RegistryVersion | undefined> {
    checkModelName(name);
    checkVersion(version);
    const tag = releaseTag(name, version);
    const release = (await this.allReleases()).find((r) => r.tag_name === tag && !r.draft);
    return release && this.toVersion(name, version, release);
  }

  async list(name: string): Promise<RegistryVersion[]> {
    checkModelName(name);
    const found: { version: string; release: Release }[] = [];
    for (const release of await this.allReleases()) {
      const version = release.draft ? undefined : parseReleaseTag(release.tag_name, name);
      if (version) found.push({ version, release });
    }
    found.sort((a, b) => compareVersionsDescending(a.version, b.version));
    return Promise.all(found.map(({ version, release }) => this.toVersion(name, version, release)));
  }

  async resolve(ref: string): Promise<ResolvedRef | undefined> {
    return resolveWith(this, parseRef(ref));
  }

  async download(name: string, version: string, dir: string): Promise<Record<string, string>> {
    const tag = releaseTag(name, version);
    const release = (await this.allReleases()).find((r) => r.tag_name === tag && !r.draft);
    if (!release) throw new MlshipError("unknown_version", `${tag} is not in ${this.describe}`, {}, 1);
    const found = await this.toVersion(name, version, release);
    return downloadVerified(found, dir, async (asset, target) => {
      const id = release.assets.find((a) => a.name === asset)?.id;
      if (id === undefined) throw new MlshipError("missing_asset", `${tag} has no asset ${asset}`, {}, 1);
      await this.call(`downloading ${asset} of ${tag}`, () => this.client.downloadAsset(id, target));
    });
  }

  async recordDeployment(request: DeploymentRequest): Promise<DeploymentRecord> {
    checkModelName(request.name);
    checkVersion(request.version);
    checkEnvironment(request.environment);
    const tag = releaseTag(request.name, request.version);
    try {
      const { data } = await this.client.octokit.rest.repos.createDeployment({
        ...this.repo,
        ref: tag,
        task: `deploy:${request.name}`,
        environment: request.environment,
        payload: {
          model: request.name,
          version: request.version,
          strategy: request.strategy,
          trafficPercent: request.trafficPercent,
        },
        required_contexts: [],
        auto_merge: false,
        description: request.description ?? `${tag} (${request.strategy}, ${request.trafficPercent}%)`,
        production_environment: request.environment === "production",
        transient_environment: false,
      });
      const deployment = data as { id: number; created_at: string };
      return { ...request, id: String(deployment.id), createdAt: deployment.created_at, state: "pending" };
    } catch (error) {
      if (httpStatus(error) === 422) {
        throw new MlshipError(
          "unknown_version",
          `cannot deploy ${tag}: it is not in ${this.describe}`,
          {},
          1,
        );
      }
      throw this.fail(error, `recording the deployment of ${tag}`);
    }
  }

  async setDeploymentStatus(id: string, state: DeploymentState, description?: string): Promise<void> {
    await this.call(`setting deployment ${id} to ${state}`, () =>
      this.client.octokit.rest.repos.createDeploymentStatus({
        ...this.repo,
        deployment_id: Number(id),
        state,
        description,
        // Older successes stay successes: they are the rollback targets.
        auto_inactive: false,
      }),
    );
  }

  async history(name: string, environment: string): Promise<DeploymentRecord[]> {
    const records: DeploymentRecord[] = [];
    for await (const record of this.deployments(name, environment)) records.push(record);
    return records;
  }

  async current(name: string, environment: string): Promise<DeploymentRecord | undefined> {
    for await (const record of this.deployments(name, environment))
      if (record.state === "success") return record;
    return undefined;
  }

  async previousGood(name: string, environment: string): Promise<DeploymentRecord | undefined> {
    let current: DeploymentRecord | undefined;
    for await (const record of this.deployments(name, environment)) {
      if (record.state !== "success") continue;
      if (!current) current = record;
      else if (record.version !== current.version) return record;
    }
    return undefined;
  }

  /** The model's deployments to an environment, newest first, each with its latest status (fetched as needed). */
  private async *deployments(name: string, environment: string): AsyncGenerator<DeploymentRecord> {
    checkModelName(name);
    checkEnvironment(environment);
    const pages = this.client.octokit.paginate.iterator(this.client.octokit.rest.repos.listDeployments, {
      ...this.repo,
      task: `deploy:${name}`,
      environment,
      per_page: 100,
    });
    try {
      for await (const { data } of pages) {
        for (const deployment of data) {
          const { data: statuses } = await this.client.octokit.rest.repos.listDeploymentStatuses({
            ...this.repo,
            deployment_id: Number(deployment.id),
            per_page: 1,
          });
          const payload = (
            typeof deployment.payload === "string"
              ? JSON.parse(deployment.payload || "{}")
              : deployment.payload
          ) as {
            version?: string;
            strategy?: string;
            trafficPercent?: number;
          };
          yield {
            id: String(deployment.id),
            name,
            version: payload.version ?? deployment.ref.slice(`${name}@v`.length),
            environment: deployment.environment,
            strategy: payload.strategy ?? "direct",
            trafficPercent: payload.trafficPercent ?? 100,
            description: deployment.description ?? undefined,
            createdAt: deployment.created_at,
            state: (statuses[0]?.state ?? "pending") as DeploymentState,
            stateDescription: statuses[0]?.description || undefined,
          };
        }
      }
    } catch (error) {
      if (error instanceof MlshipError) throw error;
      throw this.fail(error, `reading the deployments of ${name} to ${environment}`);
    }
  }

  private async toVersion(
    name: string,
    version: string,
    release: Release,
    known?: ModelManifest,
  ): Promise<RegistryVersion> {
    const manifest = known ?? manifestFromBody(release.body) ?? (await this.manifestAsset(release));
    return {
      name,
      version,
      tag: release.tag_name,
      createdAt: release.published_at ?? release.created_at,
      manifest,
      assets: release.assets
        .map((a) => ({ name: a.name, bytes: a.size }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      url: release.html_url,
    };
  }

  private async manifestAsset(release: Release): Promise<ModelManifest> {
    const text = await this.assetText(release, "manifest.json");
    return ModelManifestSchema.parse(JSON.parse(text));
  }

  private async assetText(release: Release, asset: string): Promise<string> {
    const id = release.assets.find((a) => a.name === asset)?.id;
    if (id === undefined)
      throw new MlshipError("missing_asset", `${release.tag_name} has no asset ${asset}`, {}, 1);
    const scratch = await mkdtemp(join(tmpdir(), "mlship-asset-"));
    try {
      const file = join(scratch, asset);
      await this.call(`downloading ${asset} of ${release.tag_name}`, () =>
        this.client.downloadAsset(id, file),
      );
      return await readFile(file, "utf8");
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  private async call<T>(what: string, action: () => Promise<T>): Promise<T> {
    try {
      return await action();
    } catch (error) {
      throw this.fail(error, what);
    }
  }

  private fail(error: unknown, what: string): Error {
    if (error instanceof MlshipError) return error;
    const status = httpStatus(error);
    if (status === undefined && !(error as Error)?.message) return error as Error;
    return new MlshipError(
      "github_error",
      describeGitHubError(error, what),
      {},
      status === 401 || status === 403 || status === 404 ? 2 : 1,
    );
  }
}

/** The release notes, then the manifest (base64 JSON) in a comment GitHub does not show. */
export function releaseBody(notes: string, manifest: ModelManifest): string {
  const encoded = Buffer.from(JSON.stringify(manifest)).toString("base64");
  return `${notes.trimEnd()}\n\n<!-- ${MANIFEST_MARKER}${encoded} -->\n`;
}

export function manifestFromBody(body: string | null | undefined): ModelManifest | undefined {
  const match = body?.match(new RegExp(`<!-- ${MANIFEST_MARKER}([A-Za-z0-9+/=]+) -->`));
  if (!match) return undefined;
  const parsed = ModelManifestSchema.safeParse(JSON.parse(Buffer.from(match[1], "base64").toString("utf8")));
  return parsed.success ? parsed.data : undefined;
}
