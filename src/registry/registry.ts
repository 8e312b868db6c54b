/**
 * The model registry (docs/design.md, "Registry on GitHub Releases"): versions of a
 * model with their files, and which version serves in which environment. Two
 * backends pass one contract test suite: GitHub Releases + Deployments
 * (`ReleasesRegistry`) and a folder (`LocalRegistry`).
 */
import { z } from "zod";
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

/** A reviewer's decision on the run's Environment (GitHub's run approvals), kept in a promotion's payload. */
export const DeploymentApproval = z.strictObject({
  login: z.string(),
  state: z.enum(["approved", "rejected", "pending"]),
  environments: z.array(z.string()),
  comment: z.string().optional(),
});
export type DeploymentApproval = z.infer<typeof DeploymentApproval>;

/** How a rollout's analysis was set up (docs/design.md, "Rollouts"): recorded as it was asked for. */
export const DeploymentAnalysis = z.looseObject({
  /** The rules, in the gate's grammar (`error_rate <= stable + 0.01`). */
  checks: z.array(z.string()),
  /** Seconds between steps (and the analysis window). */
  intervalSeconds: z.number().nonnegative().optional(),
  /** Where the figures came from: `server`, `prometheus:<url>`. */
  source: z.string().optional(),
  minRequests: z.number().int().nonnegative().optional(),
  inconclusive: z.enum(["fail", "pass"]).optional(),
});
export type DeploymentAnalysis = z.infer<typeof DeploymentAnalysis>;

/**
 * What a deployment records beyond model, version, strategy and traffic (issue 12): each optional, kept in
 * the deployment's payload on GitHub and in the created event of the local log, read back as written.
 */
export const DeploymentExtras = z.object({
  /** The planned traffic steps of a canary, in percent (`[10, 25, 50, 100]`). */
  steps: z.array(z.number().min(0).max(100)).optional(),
  analysis: DeploymentAnalysis.optional(),
  /** A promotion that skipped the evaluation check (`--force`), with its reason. */
  forced: z.boolean().optional(),
  reason: z.string().optional(),
  /** Who asked (GITHUB_TRIGGERING_ACTOR or GITHUB_ACTOR). */
  actor: z.string().optional(),
  approvals: z.array(DeploymentApproval).optional(),
  /** `mlship rollback`: the id of the deployment it rolled back, which is then no rollback target. */
  rollbackOf: z.string().optional(),
  /** An ab rollout's plan: the outcome metric (unset: by the task), the test's confidence, the feedback per arm it needs, its longest duration, the sticky key. Its verdict is in the final status. */
  ab: z
    .object({
      metric: z.string().optional(),
      confidence: z.number(),
      minLabelled: z.number(),
      durationSeconds: z.number(),
      stickyKey: z.string().optional(),
    })
    .optional(),
});
export type DeploymentExtras = z.infer<typeof DeploymentExtras>;

/** The extras a request or a payload carries (the keys set, nothing else). */
export function deploymentExtrasOf(source: DeploymentExtras): DeploymentExtras {
  return Object.fromEntries(
    Object.keys(DeploymentExtras.shape).flatMap((key) => {
      const value = source[key as keyof DeploymentExtras];
      return value === undefined ? [] : [[key, value]];
    }),
  );
}

export interface DeploymentRequest extends DeploymentExtras {
  name: string;
  version: string;
  environment: string;
  /** canary, bluegreen, shadow, ab, or direct (a promotion). */
  strategy: string;
  /** Share of traffic the version takes (0..100). */
  trafficPercent: number;
  description?: string;
}

/** A status to write: GitHub's fields, named as in TypeScript. */
export interface DeploymentStatusUpdate {
  /** One line; cut to GitHub's 140 characters. */
  description?: string;
  /** The run's page (GitHub's `log_url`). */
  logUrl?: string;
  /** Where the version serves (GitHub's `environment_url`). */
  environmentUrl?: string;
  /**
   * Default true, as on GitHub: a `success` adds `inactive` to the earlier deployments of the same environment
   * whose latest status is `success`. They stay rollback targets (see {@link pickCurrentAndPrevious}).
   */
  autoInactive?: boolean;
}

export interface DeploymentStatusRecord {
  state: DeploymentState;
  description?: string;
  logUrl?: string;
  environmentUrl?: string;
  createdAt: string;
}

export interface DeploymentRecord extends DeploymentRequest {
  /** The backend's id (GitHub's deployment id, as a string). */
  id: string;
  createdAt: string;
  /** The latest status; `pending` until one is set. */
  state: DeploymentState;
  stateDescription?: string;
  /** The latest status's links. */
  logUrl?: string;
  environmentUrl?: string;
  /** Every status, newest first (auto_inactive's `inactive` too). */
  statuses: DeploymentStatusRecord[];
}

/** GitHub's limit on a status description. */
export const MAX_STATUS_DESCRIPTION = 140;

/** A status description as both backends store it: one line, at most 140 characters (cut with an ellipsis). */
export function statusDescription(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > MAX_STATUS_DESCRIPTION ? `${line.slice(0, MAX_STATUS_DESCRIPTION - 1)}…` : line;
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
  /**
   * Adds a status. On GitHub, 5xx answers and network errors are retried with backoff (the client's retry
   * plugin); what still fails is an MlshipError (exit 1) the caller may hold and write again later.
   */
  setDeploymentStatus(id: string, state: DeploymentState, update?: DeploymentStatusUpdate): Promise<void>;
  /** The model's deployments to an environment, newest first, each with its statuses. */
  history(name: string, environment: string): Promise<DeploymentRecord[]>;
  /**
   * The newest deployment, good or not: the only one that can still be in progress, since every rollout
   * and rollback ends a running one before it records its own. One page of the list, not the history.
   */
  latest(name: string, environment: string): Promise<DeploymentRecord | undefined>;
  /** The newest good deployment (see {@link pickCurrentAndPrevious}). */
  current(name: string, environment: string): Promise<DeploymentRecord | undefined>;
  /** The rollback target: the newest good deployment before the current one, of another version. */
  previousGood(name: string, environment: string): Promise<DeploymentRecord | undefined>;
}

const ACTIVE_STATES: ReadonlySet<string> = new Set(["pending", "queued", "in_progress"]);

/** A deployment still under way (pending, queued, in_progress): a rollout not ended. */
export function isActiveDeployment(record: Pick<DeploymentRecord, "state">): boolean {
  return ACTIVE_STATES.has(record.state);
}

/**
 * A deployment is good when it reached `success` and no `failure` or `error` came after its last success.
 * A later `inactive` does not make it bad: GitHub's auto_inactive marks every earlier success of the
 * environment (of any model sharing the environment's name) inactive when a newer one succeeds, and the
 * version it served stays a sound rollback target.
 */
export function isGoodDeployment(record: Pick<DeploymentRecord, "statuses">): boolean {
  for (const status of record.statuses) {
    if (status.state === "success") return true;
    if (status.state === "failure" || status.state === "error") return false;
  }
  return false;
}

/**
 * Reads a history newest first, one record at a time (so a backend can stop fetching early): `current` is
 * the newest good deployment; `previousGood` the newest good one before it of another version, passing over
 * any deployment a newer good rollback names in `rollbackOf` (a version rolled back from is no target).
 */
export function deploymentPicker(): {
  /** Returns true once both are known (nothing older can change them). */
  add(record: DeploymentRecord): boolean;
  current?: DeploymentRecord;
  previousGood?: DeploymentRecord;
} {
  const rolledBack = new Set<string>();
  const picker = {
    current: undefined as DeploymentRecord | undefined,
    previousGood: undefined as DeploymentRecord | undefined,
    add(record: DeploymentRecord): boolean {
      if (picker.previousGood) return true;
      if (!isGoodDeployment(record)) return false;
      if (record.rollbackOf) rolledBack.add(record.rollbackOf);
      if (rolledBack.has(record.id)) return false;
      if (!picker.current) picker.current = record;
      else if (record.version !== picker.current.version) picker.previousGood = record;
      return picker.previousGood !== undefined;
    },
  };
  return picker;
}

/** The current and previous-good deployments of a history (newest first): the rule both backends share. */
export function pickCurrentAndPrevious(history: readonly DeploymentRecord[]): {
  current?: DeploymentRecord;
  previousGood?: DeploymentRecord;
} {
  const picker = deploymentPicker();
  for (const record of history) if (picker.add(record)) break;
  return { current: picker.current, previousGood: picker.previousGood };
}
