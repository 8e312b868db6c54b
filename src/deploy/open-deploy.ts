/**
 * What a deploy request runs against, opened from its settings: the registry, the incident tracker that
 * goes with it (the local registry's folder, or the GitHub repository's issues), the target and the
 * metrics source (the target's own statistics, or Prometheus when mlship.yml configures it).
 */
import { runApprovals } from "../github/approvals.js";
import { createGitHubClient } from "../github/client.js";
import { GitHubIncidentTracker } from "../incidents/github-incidents.js";
import type { IncidentTracker } from "../incidents/incident.js";
import { LocalIncidentTracker } from "../incidents/local-incidents.js";
import { LocalRegistry } from "../registry/local-registry.js";
import { openRegistry } from "../registry/open-registry.js";
import type { Registry } from "../registry/registry.js";
import type { MetricsSource } from "./metrics-source.js";
import { PrometheusSource, prometheusSourceOptions } from "./prometheus-source.js";
import type { DeployRequest } from "./request.js";
import { type DeployTarget, parseTarget } from "./server-target.js";

export interface OpenContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
  /** How the adapter names the registry value (`--registry github:x`). */
  describeSpec?: (spec: string) => string;
}

export interface OpenedDeploy {
  registry: Registry;
  incidents: IncidentTracker;
  target: DeployTarget;
  metrics: MetricsSource;
}

/** The registry and incident tracker of a registry setting. */
export function openRecords(
  spec: string,
  context: OpenContext,
): { registry: Registry; incidents: IncidentTracker } {
  const registry = openRegistry(spec, {
    cwd: context.cwd,
    env: context.env,
    log: context.log,
    describeSpec: context.describeSpec,
  });
  if (registry instanceof LocalRegistry)
    return { registry, incidents: new LocalIncidentTracker(registry.root) };
  const repository = spec.startsWith("github:") ? spec.slice("github:".length) : undefined;
  const client = createGitHubClient({
    env: context.env,
    repository,
    repositorySource: context.describeSpec?.(spec),
    permission: "issues: write",
    log: context.log,
  });
  return { registry, incidents: new GitHubIncidentTracker(client) };
}

/** Everything a rollout of `request` runs against. */
export function openDeploy(request: DeployRequest, context: OpenContext): OpenedDeploy {
  const target = parseTarget(request.target.spec, { env: context.env, source: request.target.source });
  const metrics = request.prometheus
    ? new PrometheusSource(prometheusSourceOptions(request.prometheus))
    : target.metrics;
  return { ...openRecords(request.registry, context), target, metrics };
}

/**
 * In GitHub Actions (GITHUB_RUN_ID, GITHUB_REPOSITORY and a token set): a reader of the run's Environment
 * approvals, for a promotion's payload; undefined elsewhere.
 */
export function approvalsReader(env: NodeJS.ProcessEnv, log: (message: string) => void) {
  const runId = Number(env.GITHUB_RUN_ID);
  if (!Number.isInteger(runId) || runId <= 0 || !env.GITHUB_REPOSITORY) return undefined;
  if (!(env.GITHUB_TOKEN || env.GH_TOKEN)) return undefined;
  return () => runApprovals(createGitHubClient({ env, permission: "actions: read", log }), runId);
}
