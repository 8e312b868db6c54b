/**
 * `promote` (docs/design.md, "Rollouts"): a version goes to an environment only when its release holds an
 * `evaluation.json` whose gate passed — else it is refused (exit 1, naming what is missing) unless forced
 * with a reason, which the deployment's payload keeps (`forced`, `reason`). Who asked (`actor`) and, in
 * GitHub Actions, the run's Environment approvals (`approvals`) are recorded too. Then the version is
 * deployed by the strategy chosen (default `direct`) through the rollout engine.
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ExitCode, MlshipError } from "../lib/errors.js";
import { EvaluationFileSchema } from "../registry/evaluation-file.js";
import type { DeploymentApproval, Registry } from "../registry/registry.js";
import { type DeployDeps, type DeployPlan, type DeployReport, runDeploy } from "./run-deploy.js";

export interface PromotePlan {
  deploy: DeployPlan;
  /** Skip the evaluation check; needs `reason`. */
  force: boolean;
  reason?: string;
}

export interface PromoteDeps extends DeployDeps {
  /** The run's Environment approvals (GitHub Actions); undefined: none to record. */
  approvals?: () => Promise<DeploymentApproval[]>;
}

export interface PromoteReport extends DeployReport {
  /** What the evaluation check found: `passed`, or why the version would be refused. */
  evaluation: string;
  forced: boolean;
}

/**
 * Checks the release's evaluation, then deploys.
 * @throws MlshipError `promotion_refused` (exit 1) naming what the release lacks; `bad_usage` (exit 2) for
 * `--force` without a reason; the deploy's errors.
 */
export async function runPromote(plan: PromotePlan, deps: PromoteDeps): Promise<PromoteReport> {
  const { name, version } = plan.deploy;
  if (plan.force && !plan.reason?.trim()) {
    throw new MlshipError(
      "bad_usage",
      "required with force: say why the evaluation check is skipped (it is recorded)",
      {
        setting: "reason",
      },
    );
  }
  const found = await deps.registry.get(name, version);
  if (!found) {
    throw new MlshipError("unknown_version", `${name}@${version} is not in ${deps.registry.describe}`, {
      setting: "version",
    });
  }
  const evaluation = await evaluationVerdict(
    deps.registry,
    name,
    version,
    found.assets.map((a) => a.name),
  );
  if (evaluation !== "passed" && !plan.force) {
    throw new MlshipError(
      "promotion_refused",
      `refusing to promote ${name}@${version} to ${plan.deploy.environment}: ${evaluation}; evaluate it (mlship evaluate, the evaluate-gate action) and package the evaluation with it, or force it with a reason (--force --reason "…"; the promote action's force and reason inputs)`,
      {},
      ExitCode.checkFailed,
    );
  }
  const approvals = deps.approvals ? await readApprovals(deps) : undefined;
  const extras = {
    ...plan.deploy.extras,
    ...(plan.force ? { forced: true, reason: plan.reason?.trim() } : {}),
    ...(approvals ? { approvals } : {}),
  };
  if (plan.force) deps.log?.(`forced past the evaluation check (${evaluation}): ${plan.reason?.trim()}`);
  const report = await runDeploy({ ...plan.deploy, extras }, deps);
  return { ...report, evaluation, forced: plan.force };
}

/** `passed`, or why not: no evaluation.json, one without a gate, a gate that failed, one that cannot be read. */
async function evaluationVerdict(
  registry: Registry,
  name: string,
  version: string,
  assets: string[],
): Promise<string> {
  if (!assets.includes("evaluation.json")) return `its release ${name}@v${version} has no evaluation.json`;
  const dir = await mkdtemp(join(tmpdir(), "mlship-promote-"));
  try {
    const files = await registry.download(name, version, join(dir, "files"));
    const text = await readFile(files["evaluation.json"], "utf8");
    const parsed = EvaluationFileSchema.safeParse(JSON.parse(text));
    if (!parsed.success)
      return `the evaluation.json of ${name}@v${version} cannot be read (${parsed.error.issues[0].message})`;
    const gate = parsed.data.gate;
    if (!gate) return `the evaluation.json of ${name}@v${version} has no gate result`;
    return gate.passed ? "passed" : `the gate of ${name}@v${version}'s evaluation.json failed`;
  } catch (error) {
    return `the evaluation.json of ${name}@v${version} cannot be read (${error instanceof Error ? error.message : String(error)})`;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function readApprovals(deps: PromoteDeps): Promise<DeploymentApproval[] | undefined> {
  try {
    return await deps.approvals?.();
  } catch (error) {
    deps.log?.(
      `warning: the run's Environment approvals could not be read (${error instanceof Error ? error.message : String(error)}); none recorded`,
    );
    return undefined;
  }
}
