/**
 * The model registry (docs/design.md, "Registry on GitHub Releases"): versions of a
 * model with their files, and which version serves in which environment. Two
 * backends pass one contract test suite: GitHub Releases + Deployments
 * (`ReleasesRegistry`) and a folder (`LocalRegistry`).
 */
import type { ModelManifest } from "./manifest.js";

/** The files of one version as published: asset name → local path. `SHA256SUMS` is written by the registry. */
export interface VersionBundle {
  manifest: ModelManifest;
  /** Must hold `model.onnx` and `manifest.json`; may hold `profile.json`, `evaluation.json`, `model-card.md`. */
  files: Record<string, string>;
  /** Release notes (the model card's markdown), shown on the release page. */
  notes?: string;
}

export interface RegistryVersion {
  name: string;
  version: string;
  /** `<name>@v<version>`. */
  tag: string;
  createdAt: string;
  manifest: ModelManifest;
  /** Asset names and sizes, `SHA256SUMS` included. */
  assets: { name: string; bytes: number }[];
  /** Where a person sees it (the release page, or the folder). */
  url: string;
}

export interface PublishResult {
  version: RegistryVersion;
  /** False when the same bytes were already published as this version (nothing changed). */
  created: boolean;
}

/** A version whose manifest cannot be read (bad JSON, not the schema, another version's): listed apart, never used. */
export interface CorruptVersion {
  name: string;
  version: string;
  tag: string;
  /** What is wrong, naming the field. */
  reason: string;
  url: string;
}

/** A model's versions: the readable ones, newest (highest semver) first, and the corrupt ones. */
export interface VersionListing {
  versions: RegistryVersion[];
  corrupt: CorruptVersion[];
}

/** A name and version a ref resolved to. */
export interface ResolvedRef {
  name: string;
  version: string;
  tag: string;
  /** How it was resolved: the version given, the newest version, or the environment's current deployment. */
  via: "version" | "latest" | "environment";
  /** `latest`: newer versions passed over because their manifest cannot be read. */
  skipped?: CorruptVersion[];
}

export const DEPLOYMENT_STATES = [
  "pending",
  "queued",
  "in_progress",
  "success",
  "failure",
  "error",
  "inactive",
] as const;
export type DeploymentState = (typeof DEPLOYMENT_STATES)[number];

export interface DeploymentRequest {
  name: string;
  version: string;
  environment: string;
  /** canary, bluegreen, shadow, ab, or direct (a promotion). */
  strategy: string;
  /** Share of traffic the version takes (0..100). */
  trafficPercent: number;
  description?: string;
}

export interface DeploymentRecord extends DeploymentRequest {
  /** The backend's id (GitHub's deployment id, as a string). */
  id: string;
  createdAt: string;
  /** The latest status; `pending` until one is set. */
  state: DeploymentState;
  stateDescription?: string;
}

export interface Registry {
  /** A short description for messages: `github:owner/repo` or `local:<dir>`. */
  readonly describe: string;
  /**
   * Publishes a version. The same bytes again: a no-op (`created: false`).
   * @throws MlshipError (exit 1) when the version exists with other bytes, naming the file whose checksum differs.
   */
  publish(bundle: VersionBundle): Promise<PublishResult>;
  /**
   * A published version; undefined when there is none.
   * @throws MlshipError `bad_manifest` (exit 2) when its manifest cannot be read, naming the tag and the field.
   */
  get(name: string, version: string): Promise<RegistryVersion | undefined>;
  /** Every published version of a model, newest (highest semver) first; corrupt ones apart. */
  list(name: string): Promise<VersionListing>;
  /**
   * `churn@1.2.0`, `churn@latest` (the newest readable version), `churn@production`;
   * undefined when nothing matches.
   */
  resolve(ref: string): Promise<ResolvedRef | undefined>;
  /**
   * Downloads a version's files into `dir`, each checked against SHA256SUMS
   * first: on a mismatch nothing is written to `dir`, and nothing outside it and
   * its temporary sibling folder is touched. Returns asset name → path.
   */
  download(name: string, version: string, dir: string): Promise<Record<string, string>>;
  recordDeployment(request: DeploymentRequest): Promise<DeploymentRecord>;
  setDeploymentStatus(id: string, state: DeploymentState, description?: string): Promise<void>;
  /** The model's deployments to an environment, newest first. */
  history(name: string, environment: string): Promise<DeploymentRecord[]>;
  /** The newest deployment whose latest status is `success`. */
  current(name: string, environment: string): Promise<DeploymentRecord | undefined>;
  /** The rollback target: the newest successful deployment before the current one, of another version. */
  previousGood(name: string, environment: string): Promise<DeploymentRecord | undefined>;
}

/** The current and previous-good deployments of a history (newest first): the rule both backends share. */
export function pickCurrentAndPrevious(history: readonly DeploymentRecord[]): {
  current?: DeploymentRecord;
  previousGood?: DeploymentRecord;
} {
  const successes = history.filter((d) => d.state === "success");
  const current = successes[0];
  const previousGood = current ? successes.find((d) => d.version !== current.version) : undefined;
  return { current, previousGood };
}
