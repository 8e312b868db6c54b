/**
 * The registry on GitHub (docs/design.md, "Registry on GitHub Releases"): one
 * release per version, tagged `<name>@v<version>`, created as a draft, its
 * assets uploaded, then published; deployments in the Deployments API with
 * `task: deploy:<name>` and `ref` = the tag.
 *
 * Economy (GITHUB_TOKEN allows 1,000 requests an hour per repository): the
 * releases are listed once per registry object (100 per page, assets
 * included) and every read is answered from that list; each release body
 * ends with the manifest in a hidden comment, so listing versions with their
 * metrics costs no extra request. Publishing a version costs the list, the
 * draft, one upload per asset, the publish and one read-back of the release
 * (its assets checked against SHA256SUMS by GitHub's digests);
 * `resolve <name>@<env>` the deployment list and the newest deployment's
 * statuses.
 */

import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import { sha256File } from "../data/fingerprint.js";
import {
  createGitHubClient,
  describeGitHubError,
  type GitHubClient,
  type GitHubClientOptions,
  httpStatus,
} from "../github/client.js";
import { ExitCode, MlshipError } from "../lib/errors.js";
import { checkWith, parseJsonWith } from "../lib/read-json.js";
import { CHECKSUMS_FILE, type Checksums, formatChecksums, parseChecksums } from "./checksums.js";
import { type ModelManifest, parseManifest } from "./manifest.js";
import {
  checkEnvironment,
  checkModelName,
  checkVersion,
  parseRef,
  parseReleaseTag,
  releaseTag,
} from "./refs.js";
import {
  DeploymentExtras,
  type DeploymentRecord,
  type DeploymentRequest,
  type DeploymentState,
  type DeploymentStatusRecord,
  type DeploymentStatusUpdate,
  deploymentExtrasOf,
  deploymentPicker,
  type PublishResult,
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
  MODEL_FILE,
  resolveWith,
  sameBytesOrFail,
} from "./version-files.js";

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

/** A deployment's `payload` as mlship writes it (docs/design.md); a deployment made by other tools may carry other keys. */
const DeploymentPayload = z.looseObject({
  version: z.string().optional(),
  strategy: z.string().optional(),
  trafficPercent: z.number().min(0).max(100).optional(),
  ...DeploymentExtras.shape,
});

const MANIFEST_MARKER = "mlship-manifest:";
const MANIFEST_COMMENT = new RegExp(`<!-- ${MANIFEST_MARKER}(\\S*) -->`);
const UPLOAD_ATTEMPTS = 4;

export interface ReleasesRegistryOptions extends Omit<GitHubClientOptions, "permission"> {
  /** An existing client (tests, or one shared by several registries). */
  client?: GitHubClient;
}

/** What a run uploads to a draft: asset → local file and asset → sha256 (SHA256SUMS included), and the body. */
interface Upload {
  files: Map<string, string>;
  sums: Checksums;
  body: string;
}

export class ReleasesRegistry implements Registry {
  readonly describe: string;
  private readonly client: GitHubClient;
  private readonly log: (message: string) => void;
  private readonly unit: number;
  private readonly env: NodeJS.ProcessEnv;
  private releases: Promise<Release[]> | undefined;

  constructor(options: ReleasesRegistryOptions = {}) {
    this.client =
      options.client ?? createGitHubClient({ ...options, permission: "contents: write, deployments: write" });
    this.describe = `github:${this.client.owner}/${this.client.repo}`;
    this.log = options.log ?? (() => {});
    this.unit = options.retryUnitMs ?? 1000;
    this.env = options.env ?? process.env;
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

  /**
   * Publishes a version so that several runs may do it at once (docs/design.md's
   * contract; README.md, "Two writers at once"): each run fills a draft of its
   * own, or takes up a leftover draft only when everything in it is exactly what
   * it uploads; it never deletes or replaces another run's assets. GitHub lets
   * one draft per tag become the release (a second publish is 422
   * already_exists): the loser deletes its own draft and reports the winner's
   * release when the model bytes are the same, exit 1 when they differ. Before
   * success is reported, the published release is read back and checked against
   * its SHA256SUMS.
   */
  async publish(bundle: VersionBundle): Promise<PublishResult> {
    const { name, version, sums } = await checkBundle(bundle);
    const tag = releaseTag(name, version);
    const modelSha256 = bundle.manifest.model.sha256;
    const releases = await this.allReleases();
    const published = releases.find((r) => r.tag_name === tag && !r.draft);
    if (published) return this.adoptPublished(name, version, published, modelSha256);
    const scratch = await mkdtemp(join(tmpdir(), "mlship-publish-"));
    try {
      const checksumsText = formatChecksums(sums);
      const checksums = join(scratch, CHECKSUMS_FILE);
      await writeFile(checksums, checksumsText);
      const upload: Upload = {
        files: new Map([...Object.entries(bundle.files), [CHECKSUMS_FILE, checksums]]),
        sums: new Map([...sums, [CHECKSUMS_FILE, createHash("sha256").update(checksumsText).digest("hex")]]),
        body: releaseBody(bundle.notes ?? "", bundle.manifest),
      };
      const drafts = releases.filter((r) => r.tag_name === tag && r.draft);
      const leftover = drafts.find((draft) => holdsOnly(draft, upload));
      for (const draft of drafts.filter((d) => d !== leftover)) {
        this.log(
          `leaving the draft release ${tag} (id ${draft.id}) alone: it does not hold exactly this run's files (another run may be filling it)`,
        );
      }
      if (leftover) {
        this.log(
          `taking up the draft release ${tag} (id ${leftover.id}) left by an earlier run: everything in it is what this run uploads`,
        );
        const outcome = await this.fillAndPublish(leftover, upload, { own: false, name, version, bundle });
        if (outcome) return outcome;
      }
      let draft: Release;
      try {
        const { data } = await this.client.octokit.rest.repos.createRelease({
          ...this.repo,
          tag_name: tag,
          name: `${name} v${version}`,
          body: upload.body,
          draft: true,
          ...this.targetCommit(),
        });
        draft = data as unknown as Release;
      } catch (error) {
        if (isAlreadyExists(error)) return this.lostRace(name, version, tag, modelSha256);
        throw this.fail(error, `creating the draft release ${tag}`);
      }
      return (await this.fillAndPublish(draft, upload, { own: true, name, version, bundle }))!;
    } finally {
      await rm(scratch, { recursive: true, force: true });
    }
  }

  /** The commit the tag is made on: the workflow's, when the release is in the workflow's own repository. */
  private targetCommit(): { target_commitish?: string } {
    const sha = this.env.GITHUB_SHA;
    const own = this.env.GITHUB_REPOSITORY === `${this.client.owner}/${this.client.repo}`;
    return sha && own ? { target_commitish: sha } : {};
  }

  /**
   * Uploads what `draft` lacks and publishes it. A draft of another run
   * (`own: false`) is never changed but by adding: any trouble there gives it up
   * (undefined), and the caller fills a draft of its own.
   */
  private async fillAndPublish(
    draft: Release,
    upload: Upload,
    context: { own: boolean; name: string; version: string; bundle: VersionBundle },
  ): Promise<PublishResult | undefined> {
    const { own, name, version } = context;
    const tag = draft.tag_name;
    for (const [asset, path] of upload.files) {
      const sha256 = upload.sums.get(asset)!;
      if (draft.assets.some((a) => a.name === asset && isExactly(a, sha256))) continue;
      const done = own
        ? await this.uploadToOwnDraft(draft, asset, path, sha256)
        : await this.uploadToSharedDraft(draft, asset, path, sha256);
      if (!done) return undefined;
    }
    let release: Release;
    try {
      const { data } = await this.client.octokit.rest.repos.updateRelease({
        ...this.repo,
        release_id: draft.id,
        draft: false,
        body: upload.body,
      });
      release = data as unknown as Release;
    } catch (error) {
      if (isAlreadyExists(error)) {
        return this.lostRace(
          name,
          version,
          tag,
          context.bundle.manifest.model.sha256,
          own ? draft : undefined,
        );
      }
      if (!own && httpStatus(error) === 404) {
        this.log(`the draft release ${tag} (id ${draft.id}) went away before it was published`);
        return undefined;
      }
      throw this.fail(error, `publishing the release ${tag}`);
    }
    this.releases = undefined;
    const reread = await this.call(`reading back the release ${tag}`, async () => {
      const { data } = await this.client.octokit.rest.repos.getRelease({
        ...this.repo,
        release_id: release.id,
      });
      return data as unknown as Release;
    });
    await this.verifyRelease(reread, upload.sums, context.bundle.manifest);
    return { version: await this.toVersion(name, version, reread, context.bundle.manifest), created: true };
  }

  /**
   * Another run published the tag first: this run's own draft (if it made one) is deleted, and the
   * winner's release is reported when it holds the same model bytes.
   */
  private async lostRace(
    name: string,
    version: string,
    tag: string,
    modelSha256: string,
    ownDraft?: Release,
  ): Promise<PublishResult> {
    this.releases = undefined;
    this.log(`another run published ${tag} first; checking its release`);
    if (ownDraft) await this.deleteOwnDraft(ownDraft);
    const winner = await this.call(`reading the published release ${tag}`, async () => {
      const { data } = await this.client.octokit.rest.repos.getReleaseByTag({ ...this.repo, tag });
      return data as unknown as Release;
    });
    return this.adoptPublished(name, version, winner, modelSha256);
  }

  /** A published release of this version: the same model bytes and consistent with its SHA256SUMS, or an error. */
  private async adoptPublished(
    name: string,
    version: string,
    release: Release,
    modelSha256: string,
  ): Promise<PublishResult> {
    const existing = await this.versionOf(name, version, release);
    sameBytesOrFail(existing, modelSha256);
    const sums = parseChecksums(
      await this.assetText(release, CHECKSUMS_FILE),
      `${release.tag_name}/${CHECKSUMS_FILE}`,
    );
    await this.verifyRelease(release, sums, existing.manifest);
    return { version: existing, created: false };
  }

  /**
   * Every asset of a published release against SHA256SUMS (GitHub's `digest`;
   * where it gives none, the asset's bytes), and the manifest's model against both.
   * @throws MlshipError `inconsistent_release` (exit 1) listing what disagrees.
   */
  private async verifyRelease(release: Release, sums: Checksums, manifest: ModelManifest): Promise<void> {
    const problems: string[] = [];
    const attached = new Map(release.assets.map((a) => [a.name, a]));
    for (const [asset, expected] of sums) {
      const found = attached.get(asset);
      if (!found) problems.push(`${asset} is listed in ${CHECKSUMS_FILE} but not attached`);
      else if (found.state !== "uploaded") problems.push(`${asset} is not fully uploaded (${found.state})`);
      else {
        const actual = await this.assetSha256(release, found);
        if (actual !== expected)
          problems.push(`${asset} has sha256 ${actual}, ${CHECKSUMS_FILE} says ${expected}`);
      }
    }
    for (const asset of release.assets) {
      if (!sums.has(asset.name) && asset.name !== CHECKSUMS_FILE)
        problems.push(`${asset.name} is attached but not listed in ${CHECKSUMS_FILE}`);
    }
    const parts = manifest.model.parts;
    if (parts) {
      for (const part of parts)
        if (sums.get(part.file) !== part.sha256)
          problems.push(`${part.file} is not in ${CHECKSUMS_FILE} with the sha256 manifest.json gives`);
    } else if (sums.get(MODEL_FILE) !== manifest.model.sha256) {
      problems.push(`${MODEL_FILE} is not in ${CHECKSUMS_FILE} with the sha256 manifest.json gives`);
    }
    if (problems.length > 0) {
      throw new MlshipError(
        "inconsistent_release",
        `${release.tag_name} is published in ${this.describe}, but its files disagree with its ${CHECKSUMS_FILE}: ${problems.join("; ")}`,
        {},
        ExitCode.checkFailed,
      );
    }
  }

  /** An asset's sha256: GitHub's digest, else its bytes hashed. */
  private async assetSha256(release: Release, asset: ReleaseAsset): Promise<string> {
    if (asset.digest?.startsWith("sha256:")) return asset.digest.slice("sha256:".length);
    return this.withAsset(release, asset.name, async (file) => (await sha256File(file)).sha256);
  }

  /**
   * Uploads one asset to a draft this run created. After a failed attempt, or
   * when the name is taken (a run that took the draft up), what stands under
   * the name stays if it is exactly this file, and is deleted otherwise.
   */
  private async uploadToOwnDraft(
    release: Release,
    asset: string,
    path: string,
    sha256: string,
  ): Promise<true> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.client.uploadAsset(release.upload_url, asset, path);
        return true;
      } catch (error) {
        const status = httpStatus(error);
        const retryable = status === undefined || status >= 500 || status === 429 || status === 422;
        if (!retryable || attempt >= UPLOAD_ATTEMPTS)
          throw this.fail(error, `uploading ${asset} to ${release.tag_name}`);
        this.log(
          `uploading ${asset} failed (${status ?? "network error"}); retrying (attempt ${attempt + 1} of ${UPLOAD_ATTEMPTS})`,
        );
        if (status !== 422) await new Promise((r) => setTimeout(r, this.unit * attempt ** 2));
        const standing = (await this.listAssets(release)).find((a) => a.name === asset);
        if (standing && isExactly(standing, sha256)) return true;
        if (standing) await this.deleteAsset(standing.id);
        else if (status === 422) throw this.fail(error, `uploading ${asset} to ${release.tag_name}`);
      }
    }
  }

  /** Adds one asset to a draft another run may be filling: nothing is deleted; false when it did not go in. */
  private async uploadToSharedDraft(
    release: Release,
    asset: string,
    path: string,
    sha256: string,
  ): Promise<boolean> {
    try {
      await this.client.uploadAsset(release.upload_url, asset, path);
      return true;
    } catch (error) {
      const standing = (await this.listAssets(release).catch(() => [])).find((a) => a.name === asset);
      if (standing && isExactly(standing, sha256)) return true;
      this.log(
        `could not add ${asset} to the draft release ${release.tag_name} (id ${release.id}): ${(error as Error).message}; leaving that draft as it is and filling one of this run's own`,
      );
      return false;
    }
  }

  private async listAssets(release: Release): Promise<ReleaseAsset[]> {
    const { data } = await this.client.octokit.rest.repos.listReleaseAssets({
      ...this.repo,
      release_id: release.id,
      per_page: 100,
    });
    return data as unknown as ReleaseAsset[];
  }

  /** The loser of a race removes the draft it created (a draft is never anyone's release). */
  private async deleteOwnDraft(draft: Release): Promise<void> {
    await this.client.octokit.rest.repos.deleteRelease({ ...this.repo, release_id: draft.id }).then(
      () => this.log(`deleted this run's draft release ${draft.tag_name} (id ${draft.id})`),
      (error: unknown) =>
        this.log(
          `could not delete this run's draft release ${draft.tag_name} (id ${draft.id}): ${(error as Error).message}`,
        ),
    );
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
    return release && this.versionOf(name, version, release);
  }

  async list(name: string): Promise<VersionListing> {
    checkModelName(name);
    const found: { version: string; release: Release }[] = [];
    for (const release of await this.allReleases()) {
      const version = release.draft ? undefined : parseReleaseTag(release.tag_name, name);
      if (version) found.push({ version, release });
    }
    return loadListing(
      name,
      found.map(({ version, release }) => ({
        version,
        url: release.html_url,
        load: () => this.toVersion(name, version, release),
      })),
    );
  }

  async resolve(ref: string): Promise<ResolvedRef | undefined> {
    return resolveWith(this, parseRef(ref), this.log);
  }

  async download(name: string, version: string, dir: string): Promise<Record<string, string>> {
    const tag = releaseTag(name, version);
    const release = (await this.allReleases()).find((r) => r.tag_name === tag && !r.draft);
    if (!release) throw new MlshipError("unknown_version", `${tag} is not in ${this.describe}`, {}, 1);
    const found = await this.versionOf(name, version, release);
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
        payload: payloadOf(request),
        required_contexts: [],
        auto_merge: false,
        description: request.description ?? `${tag} (${request.strategy}, ${request.trafficPercent}%)`,
        production_environment: request.environment === "production",
        transient_environment: false,
      });
      const deployment = data as { id: number; created_at: string };
      return {
        ...request,
        id: String(deployment.id),
        createdAt: deployment.created_at,
        state: "pending",
        statuses: [],
      };
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

  async setDeploymentStatus(
    id: string,
    state: DeploymentState,
    update: DeploymentStatusUpdate = {},
  ): Promise<void> {
    // 5xx and network errors are retried by the client's retry plugin (3 retries, waits growing 1, 4, 9 units).
    await this.call(`setting deployment ${id} to ${state}`, () =>
      this.client.octokit.rest.repos.createDeploymentStatus({
        ...this.repo,
        deployment_id: Number(id),
        state,
        description: statusDescription(update.description),
        log_url: update.logUrl,
        environment_url: update.environmentUrl,
        auto_inactive: update.autoInactive ?? true,
      }),
    );
  }

  async history(name: string, environment: string): Promise<DeploymentRecord[]> {
    const records: DeploymentRecord[] = [];
    for await (const record of this.deployments(name, environment)) records.push(record);
    return records;
  }

  async latest(name: string, environment: string): Promise<DeploymentRecord | undefined> {
    for await (const record of this.deployments(name, environment)) return record;
    return undefined;
  }

  async current(name: string, environment: string): Promise<DeploymentRecord | undefined> {
    const picker = deploymentPicker();
    for await (const record of this.deployments(name, environment)) {
      picker.add(record);
      if (picker.current) break;
    }
    return picker.current;
  }

  async previousGood(name: string, environment: string): Promise<DeploymentRecord | undefined> {
    const picker = deploymentPicker();
    for await (const record of this.deployments(name, environment)) if (picker.add(record)) break;
    return picker.previousGood;
  }

  /** The model's deployments to an environment, newest first, each with its statuses (fetched as needed). */
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
          const statuses: DeploymentStatusRecord[] = (
            await this.client.octokit.paginate(this.client.octokit.rest.repos.listDeploymentStatuses, {
              ...this.repo,
              deployment_id: Number(deployment.id),
              per_page: 100,
            })
          ).map((status) => ({
            state: status.state as DeploymentState,
            description: status.description || undefined,
            logUrl: status.log_url || status.target_url || undefined,
            environmentUrl: status.environment_url || undefined,
            createdAt: status.created_at,
          }));
          const source = {
            where: `the payload of deployment ${deployment.id} (${name} to ${environment})`,
            what: "a valid deployment payload",
            code: "bad_deployment" as const,
          };
          const payload =
            typeof deployment.payload === "string"
              ? parseJsonWith(DeploymentPayload, deployment.payload || "{}", source)
              : checkWith(DeploymentPayload, deployment.payload, source);
          yield {
            ...deploymentExtrasOf(payload),
            id: String(deployment.id),
            name,
            version: payload.version ?? deployment.ref.slice(`${name}@v`.length),
            environment: deployment.environment,
            strategy: payload.strategy ?? "direct",
            trafficPercent: payload.trafficPercent ?? 100,
            description: deployment.description ?? undefined,
            createdAt: deployment.created_at,
            state: statuses[0]?.state ?? "pending",
            stateDescription: statuses[0]?.description,
            logUrl: statuses[0]?.logUrl,
            environmentUrl: statuses[0]?.environmentUrl,
            statuses,
          };
        }
      }
    } catch (error) {
      if (error instanceof MlshipError) throw error;
      throw this.fail(error, `reading the deployments of ${name} to ${environment}`);
    }
  }

  /** A release as a version; a manifest that cannot be read is an error naming the tag. */
  private async versionOf(name: string, version: string, release: Release): Promise<RegistryVersion> {
    try {
      return await this.toVersion(name, version, release);
    } catch (error) {
      if (isBadManifest(error)) throw corruptVersionError(release.tag_name, error);
      throw error;
    }
  }

  private async toVersion(
    name: string,
    version: string,
    release: Release,
    known?: ModelManifest,
  ): Promise<RegistryVersion> {
    const manifest = known ?? (await this.manifestOf(name, version, release));
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

  /**
   * The manifest in the release body, else the manifest.json asset (one download).
   * @throws MlshipError `bad_manifest` when the one found cannot be read, or there is none.
   */
  private async manifestOf(name: string, version: string, release: Release): Promise<ModelManifest> {
    const encoded = release.body?.match(MANIFEST_COMMENT)?.[1];
    if (encoded !== undefined) {
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded)) {
        throw new MlshipError("bad_manifest", "the manifest in the release body is not base64");
      }
      const text = Buffer.from(encoded, "base64").toString("utf8");
      return parseManifest(text, "the manifest in the release body", { name, version });
    }
    if (!release.assets.some((a) => a.name === MANIFEST_FILE)) {
      throw new MlshipError(
        "bad_manifest",
        `there is no manifest: neither the release body nor a ${MANIFEST_FILE} asset holds one`,
      );
    }
    return parseManifest(await this.assetText(release, MANIFEST_FILE), `the ${MANIFEST_FILE} asset`, {
      name,
      version,
    });
  }

  /** An asset's text (SHA256SUMS, manifest.json): downloaded into a scratch file. */
  private async assetText(release: Release, asset: string): Promise<string> {
    return this.withAsset(release, asset, (file) => readFile(file, "utf8"));
  }

  /** Downloads an asset into a scratch file (named by us, not by the asset) for `use`. */
  private async withAsset<T>(release: Release, asset: string, use: (file: string) => Promise<T>): Promise<T> {
    const id = release.assets.find((a) => a.name === asset)?.id;
    if (id === undefined)
      throw new MlshipError("missing_asset", `${release.tag_name} has no asset ${asset}`, {}, 1);
    const scratch = await mkdtemp(join(tmpdir(), "mlship-asset-"));
    try {
      const file = join(scratch, "asset");
      await this.call(`downloading ${asset} of ${release.tag_name}`, () =>
        this.client.downloadAsset(id, file),
      );
      return await use(file);
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

/** A deployment's payload (docs/design.md, "Rollouts"): model, version, strategy, traffic, and the extras given. */
function payloadOf(request: DeploymentRequest): Record<string, unknown> {
  return {
    model: request.name,
    version: request.version,
    strategy: request.strategy,
    trafficPercent: request.trafficPercent,
    ...deploymentExtrasOf(request),
  };
}

/** The release notes, then the manifest (base64 JSON) in a comment GitHub does not show. */
export function releaseBody(notes: string, manifest: ModelManifest): string {
  const encoded = Buffer.from(JSON.stringify(manifest)).toString("base64");
  return `${notes.trimEnd()}\n\n<!-- ${MANIFEST_MARKER}${encoded} -->\n`;
}

/** An asset that is fully uploaded with exactly these bytes. */
function isExactly(asset: ReleaseAsset, sha256: string): boolean {
  return asset.state === "uploaded" && asset.digest === `sha256:${sha256}`;
}

/** A draft whose body and every asset (by GitHub's digest) are exactly what this run would upload. */
function holdsOnly(draft: Release, upload: Upload): boolean {
  const normalize = (text: string | null | undefined) => (text ?? "").replace(/\r\n/g, "\n").trim();
  return (
    normalize(draft.body) === normalize(upload.body) &&
    draft.assets.every((asset) => {
      const sha256 = upload.sums.get(asset.name);
      return sha256 !== undefined && isExactly(asset, sha256);
    })
  );
}

/** GitHub's 422 for a tag that already has a published release (or an asset name already taken). */
function isAlreadyExists(error: unknown): boolean {
  if (httpStatus(error) !== 422) return false;
  const errors = (error as { response?: { data?: { errors?: { code?: string }[] } } }).response?.data?.errors;
  return errors?.some((e) => e.code === "already_exists") ?? false;
}
