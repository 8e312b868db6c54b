/**
 * `rollback` (docs/design.md, "Rollouts"): the environment goes back to the registry's rollback target —
 * `previousGood`, or the version asked for — at once. A `direct` deployment records it with `success` and
 * `rollbackOf` = the deployment it undid (which is then no rollback target: rolling back twice does not
 * move further back), auto_inactive marks the undone one `inactive`, and the open incident of the model
 * and environment gets a comment. A rollout left `in_progress` (its run gone) is ended first: traffic back
 * on stable, marked `error`.
 */
import type { IncidentResult, IncidentTracker } from "../incidents/incident.js";
import { ExitCode, MlshipError } from "../lib/errors.js";
import {
  type DeploymentExtras,
  type DeploymentRecord,
  isActiveDeployment,
  type Registry,
} from "../registry/registry.js";
import { endDeployment } from "./run-deploy.js";
import type { DeployTarget } from "./server-target.js";

export interface RollbackPlan {
  name: string;
  environment: string;
  /** The version to go back to; default the registry's previous good one. */
  to?: string;
  runUrl?: string;
  actor?: DeploymentExtras["actor"];
}

export interface RollbackDeps {
  registry: Registry;
  target: DeployTarget;
  incidents?: IncidentTracker;
  log?: (message: string) => void;
}

export interface RollbackReport {
  name: string;
  environment: string;
  /** rolled-back: traffic moved and recorded; unchanged: already rolled back (nothing written). */
  result: "rolled-back" | "unchanged";
  exitCode: ExitCode;
  summary: string;
  /** The version that served before, and the one that serves now. */
  from: string;
  to: string;
  /** The new `direct` deployment, and the one it undid. */
  deploymentId?: string;
  rollbackOf?: string;
  /** A deployment left in progress that was ended first. */
  ended?: string;
  incident?: IncidentResult;
  targetUrl: string;
}

/**
 * Rolls `plan.name` in `plan.environment` back.
 * @throws MlshipError `nothing_to_roll_back` (exit 2) naming why (no deployment, no earlier version),
 * `unknown_version` (exit 2) for a `to` not in the registry; the target's errors (unreachable: exit 1).
 */
export async function runRollback(plan: RollbackPlan, deps: RollbackDeps): Promise<RollbackReport> {
  const { registry, target } = deps;
  const log = deps.log ?? (() => {});
  const latest = await registry.latest(plan.name, plan.environment);
  const leftover = latest && isActiveDeployment(latest) ? latest : undefined;
  if (leftover) {
    await endDeployment(leftover, deps, "ended by mlship rollback: traffic back on stable");
    log(
      `deployment ${leftover.id} (${leftover.strategy} of ${leftover.version}) was in progress: ended, traffic back on stable`,
    );
  }
  const current = await registry.current(plan.name, plan.environment);
  if (!current)
    throw nothing(
      plan,
      registry,
      latest === undefined ? "no deployment of it is recorded" : "no deployment of it succeeded",
    );
  const to = plan.to ?? (await rollbackTarget(plan, current, registry));
  const base = {
    name: plan.name,
    environment: plan.environment,
    targetUrl: target.url,
    ...(leftover ? { ended: leftover.id } : {}),
  };
  if (to === undefined || to === current.version) {
    // Rolled back already (the current deployment is a rollback, or serves `to`): nothing moves further back.
    await target.setRollout(plan.name, { stable: current.version, strategy: "canary", weight: 0 });
    return {
      ...base,
      result: "unchanged",
      exitCode: ExitCode.ok,
      summary: `${plan.name} in ${plan.environment} is rolled back already: deployment ${current.id} serves ${current.version}; nothing changed`,
      from: current.version,
      to: current.version,
    };
  }
  if (!(await registry.get(plan.name, to))) {
    throw new MlshipError("unknown_version", `${plan.name}@${to} is not in ${registry.describe}`, {
      setting: "to",
    });
  }
  await target.setRollout(plan.name, { stable: to, strategy: "canary", weight: 0 });
  const record = await registry.recordDeployment({
    name: plan.name,
    version: to,
    environment: plan.environment,
    strategy: "direct",
    trafficPercent: 100,
    rollbackOf: current.id,
    ...(plan.actor ? { actor: plan.actor } : {}),
  });
  const summary = `rolled ${plan.name} in ${plan.environment} back from ${current.version} to ${to}`;
  await registry.setDeploymentStatus(record.id, "success", {
    description: `rollback: ${to} serves again (was ${current.version}, deployment ${current.id})`,
    logUrl: plan.runUrl,
    environmentUrl: target.url,
  });
  const incident = await commentIncident(plan, deps, `↩️ ${summary} (deployment ${record.id}).`, log);
  return {
    ...base,
    result: "rolled-back",
    exitCode: ExitCode.ok,
    summary,
    from: current.version,
    to,
    deploymentId: record.id,
    rollbackOf: current.id,
    ...(incident ? { incident } : {}),
  };
}

/** previousGood's version; undefined when the current deployment is itself a rollback (nothing further back). */
async function rollbackTarget(
  plan: RollbackPlan,
  current: DeploymentRecord,
  registry: Registry,
): Promise<string | undefined> {
  const previous = await registry.previousGood(plan.name, plan.environment);
  if (previous) return previous.version;
  if (current.rollbackOf) return undefined;
  throw nothing(
    plan,
    registry,
    `${current.version} (deployment ${current.id}) is the only version that served there; give --to <version>`,
  );
}

function nothing(plan: RollbackPlan, registry: Registry, why: string): MlshipError {
  return new MlshipError(
    "nothing_to_roll_back",
    `nothing to roll ${plan.name} in ${plan.environment} back to (${registry.describe}): ${why}`,
  );
}

async function commentIncident(
  plan: RollbackPlan,
  deps: RollbackDeps,
  markdown: string,
  log: (message: string) => void,
): Promise<IncidentResult | undefined> {
  if (!deps.incidents) return undefined;
  try {
    const result = await deps.incidents.comment(
      { name: plan.name, environment: plan.environment, kind: "rollout" },
      markdown,
    );
    if (result.notice) log(`notice: ${result.notice}`);
    return result;
  } catch (error) {
    log(
      `warning: the incident could not be commented on: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}
