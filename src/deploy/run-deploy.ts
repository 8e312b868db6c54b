/**
 * The rollout engine (docs/design.md, "Rollouts"): shifts a model's traffic on a {@link DeployTarget} by a
 * strategy, judges each step with the analysis (src/deploy/analysis.ts) over the step's window, and records
 * it all as one deployment of the registry with a status per step. A failed check rolls back by itself:
 * the candidate's weight goes to 0 (stable untouched), the deployment is marked `failure` naming the check,
 * and the model's incident is opened or commented on. An aborted rollout (the CLI's SIGINT/SIGTERM, an
 * action's cancel) puts traffic back on stable and marks the deployment `error`.
 *
 * Strategies: `canary`, `shadow` and `direct` here; `bluegreen` and `ab` in src/deploy/strategies/.
 */
import { DEPLOY_STRATEGIES } from "../config/sections/deploy.js";
import type { DataProfile } from "../data/profile/profile.js";
import type { IncidentResult, IncidentTracker } from "../incidents/incident.js";
import { ExitCode, MlshipError } from "../lib/errors.js";
import { formatNumber } from "../lib/format-number.js";
import {
  type DeploymentExtras,
  type DeploymentRecord,
  isActiveDeployment,
  type Registry,
} from "../registry/registry.js";
import type { AbOutcome, AbSettings } from "./ab-verdict.js";
import type { Check, CheckResult, CheckVerdict } from "./analysis.js";
import { type Clock, realClock } from "./clock.js";
import type { MetricsSource, ShadowFigures } from "./metrics-source.js";
import { analyseStep, backToStable, finish, promote, type Run, report, rollBack } from "./rollout-run.js";
import type { DeployTarget } from "./server-target.js";
import { type SmokeRows, smokeRows } from "./smoke-rows.js";
import { StatusWriter } from "./status-writer.js";
import { AB_WEIGHT, abTest } from "./strategies/ab.js";
import { bluegreen, type SmokeReport } from "./strategies/bluegreen.js";

export { AB_WEIGHT, DEPLOY_STRATEGIES };
export type DeployStrategy = (typeof DEPLOY_STRATEGIES)[number];

/** A rollout as the engine runs it (the request layer, src/deploy/request.ts, builds it). */
export interface DeployPlan {
  name: string;
  version: string;
  environment: string;
  strategy: DeployStrategy;
  /** Candidate weights in percent, ascending; the last is 100 (the candidate becomes stable). */
  steps: number[];
  /** Seconds each step runs before its analysis (and the analysis window). */
  intervalSeconds: number;
  /** Seconds a step whose analysis is inconclusive waits, at most, beyond its interval. */
  maxWaitSeconds: number;
  checks: Check[];
  /** Requests an arm needs before its figures count (analysis.min_requests). */
  minRequests: number;
  /** What an analysis still inconclusive after max-wait counts as. */
  inconclusive: "fail" | "pass";
  /** The run's page (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID), the deployment's log_url. */
  runUrl?: string;
  /** Recorded in the payload as they are (a promotion's actor, approvals, forced + reason). */
  extras?: Pick<DeploymentExtras, "actor" | "approvals" | "forced" | "reason" | "rollbackOf">;
  /** The release's profile.json, for `input_drift_share`. */
  reference?: DataProfile;
  /** bluegreen: seconds the old version stays warm after the switch, the window analysed (default 300). */
  keepWarmSeconds?: number;
  /** ab: the longest the split runs (default 3600); shadow: how long the copies run (default the interval). */
  durationSeconds?: number;
  /** bluegreen: the data file of smoke rows and how messages name it; default rows from the release's profile.json. */
  smoke?: { file: string; source: string };
  /** ab: what keeps a user on one arm (`header:<name>`, `field:<name>`); default the rollout's own, else none. */
  stickyKey?: string;
  /** ab: the outcome metric, the test's confidence and the feedback each arm needs. */
  ab?: AbSettings;
}

export interface DeployDeps {
  registry: Registry;
  target: DeployTarget;
  /** Where the analysis reads figures; default the target's own. */
  metrics?: MetricsSource;
  /** Incidents of the model and environment; none: not recorded. */
  incidents?: IncidentTracker;
  clock?: Clock;
  /** Aborts the rollout: traffic back on stable, deployment `error`. */
  signal?: AbortSignal;
  log?: (message: string) => void;
}

export interface StepReport {
  /** The candidate's share of traffic, in percent. */
  weight: number;
  /** The analysis's verdict; `promoted` for the last step (no analysis: the candidate is stable). */
  verdict: CheckVerdict | "promoted";
  /** What the step counts as after max-wait (`analysis.inconclusive`). */
  outcome: "pass" | "fail" | "promoted";
  checks: CheckResult[];
  /** Seconds the step ran before its last analysis (its window). */
  windowSeconds: number;
  /** Requests of each arm in the window (a shadow's copies count as the candidate's). */
  requests: { stable?: number; candidate?: number };
  /** A shadow step: its answers compared with stable's on the same requests. */
  shadow?: ShadowFigures;
  /** The one line its status got (`canary 25%: 4/4 checks passed`). */
  description: string;
}

/** inconclusive: an ab rollout whose outcome could not be decided (too little feedback). */
export type DeployResult = "pass" | "fail" | "inconclusive" | "cancelled" | "unchanged";

export interface DeployReport {
  name: string;
  version: string;
  environment: string;
  strategy: DeployStrategy;
  /** pass: the version serves; fail: the analysis failed and traffic went back to stable; cancelled: aborted. */
  result: DeployResult;
  exitCode: ExitCode;
  /** One line: what happened. */
  summary: string;
  deploymentId: string;
  /** The stable version before and after. */
  stableBefore: string;
  stableAfter: string;
  steps: StepReport[];
  /** The check that failed the rollout, if any. */
  failedCheck?: CheckResult;
  incident?: IncidentResult;
  /** A status that still could not be written when the rollout ended. */
  unwrittenStatus?: string;
  /** A leftover in-progress deployment of an earlier attempt of this run, ended before this one. */
  abandoned?: string;
  targetUrl: string;
  runUrl?: string;
  /** ab: each arm's outcome from feedback, the two-sample test and the verdict. */
  ab?: AbOutcome;
  /** bluegreen: where the smoke rows came from and how the candidate answered them. */
  smoke?: SmokeReport;
}

/**
 * Runs a rollout to its end: pass (the candidate serves), fail (rolled back, exit 1) or cancelled.
 * @throws MlshipError for bad input (unknown version: exit 2; a rollout of the model and environment
 * already running: exit 2 naming it) and for a target or metrics source that cannot be reached (exit 1,
 * the deployment marked `error`, traffic put back on stable when it had moved).
 */
export async function runDeploy(plan: DeployPlan, deps: DeployDeps): Promise<DeployReport> {
  const { registry, target } = deps;
  const clock = deps.clock ?? realClock;
  const log = deps.log ?? (() => {});
  if (!(await registry.get(plan.name, plan.version))) {
    throw new MlshipError(
      "unknown_version",
      `${plan.name}@${plan.version} is not in ${registry.describe}; publish it with mlship package first`,
      { setting: "version" },
    );
  }
  // Bad smoke rows are the user's input: refused before anything is recorded or moved.
  const smoke =
    plan.strategy === "bluegreen"
      ? await smokeRows(registry, plan.name, plan.version, plan.smoke)
      : undefined;
  const abandoned = await endLeftover(plan, { ...deps, clock, log });
  const record = await registry.recordDeployment({
    name: plan.name,
    version: plan.version,
    environment: plan.environment,
    strategy: plan.strategy,
    trafficPercent: initialTraffic(plan),
    ...(plan.strategy === "canary" ? { steps: plan.steps } : {}),
    analysis:
      plan.strategy === "direct"
        ? undefined
        : {
            checks: plan.checks.map((c) => c.text),
            intervalSeconds: plan.intervalSeconds,
            source: (deps.metrics ?? target.metrics).description,
            minRequests: plan.minRequests,
            inconclusive: plan.inconclusive,
          },
    ...(plan.strategy === "ab"
      ? {
          ab: {
            ...(plan.ab?.metric ? { metric: plan.ab.metric } : {}),
            confidence: plan.ab?.confidence ?? 0.95,
            minLabelled: plan.ab?.minLabelled ?? 100,
            durationSeconds: plan.durationSeconds ?? 3600,
            ...(plan.stickyKey ? { stickyKey: plan.stickyKey } : {}),
          },
        }
      : {}),
    ...plan.extras,
  });
  const status = new StatusWriter(
    registry,
    record.id,
    { logUrl: plan.runUrl, environmentUrl: target.url },
    clock,
    log,
  );
  log(
    `deployment ${record.id}: ${plan.strategy} of ${plan.name}@${plan.version} to ${plan.environment} on ${target.description}`,
  );
  const run: Run = {
    plan,
    deps: { ...deps, clock, log },
    metrics: deps.metrics ?? target.metrics,
    status,
    record,
    stable: "",
    stableBefore: "",
    sticky: {},
    steps: [],
  };
  const report = await runStrategy(run, smoke);
  return { ...report, ...(abandoned ? { abandoned } : {}) };
}

/** The candidate's share of traffic the deployment record starts with. */
function initialTraffic(plan: DeployPlan): number {
  if (plan.strategy === "direct") return 100;
  if (plan.strategy === "canary") return plan.steps[0];
  if (plan.strategy === "ab") return AB_WEIGHT;
  return 0;
}

async function runStrategy(run: Run, smoke: SmokeRows | undefined): Promise<DeployReport> {
  const { plan, deps } = run;
  let moved = false;
  try {
    await run.status.write("in_progress", `${plan.strategy}: starting on ${deps.target.description}`);
    const now = await deps.target.current(plan.name);
    run.stable = now.stable;
    run.stableBefore = now.stable;
    if (now.stickyKey !== undefined) run.sticky = { stickyKey: now.stickyKey };
    if (now.stable === plan.version && now.candidate === undefined) {
      await run.status.write("success", `${plan.version} is stable already; traffic unchanged`);
      return await finish(run, "unchanged", `${plan.name}@${plan.version} already serves every request`);
    }
    moved = true;
    if (plan.strategy === "direct") return await promote(run, `direct: ${plan.version} serves 100%`);
    if (plan.strategy === "shadow") return await shadow(run);
    if (plan.strategy === "bluegreen" && smoke) return await bluegreen(run, smoke);
    if (plan.strategy === "ab") return await abTest(run);
    return await canary(run);
  } catch (error) {
    return await stopped(run, error, moved);
  }
}

/** A rollout ended by an abort (traffic back, `error`, report) or a fault (traffic back, `error`, rethrown). */
async function stopped(run: Run, error: unknown, moved: boolean): Promise<DeployReport> {
  const { plan, deps } = run;
  const cancelled = deps.signal?.aborted === true;
  const restored = moved && run.stable !== "" ? await backToStable(run) : undefined;
  const traffic = !moved
    ? "traffic unchanged"
    : restored
      ? `traffic back on ${run.stable}`
      : restored === false
        ? "traffic could not be put back"
        : "traffic unchanged";
  const why = cancelled ? "" : `: ${error instanceof Error ? error.message : String(error)}`;
  await run.status.write(
    "error",
    `${plan.strategy} ${plan.version}: ${cancelled ? "cancelled" : "stopped"}; ${traffic}${why}`,
  );
  await run.status.flush();
  if (!cancelled) throw error;
  return report(
    run,
    "cancelled",
    ExitCode.checkFailed,
    `rollout of ${plan.name}@${plan.version} cancelled; ${traffic}`,
  );
}

async function canary(run: Run): Promise<DeployReport> {
  const { plan, deps } = run;
  for (const weight of plan.steps) {
    if (weight >= 100) break;
    await deps.target.setRollout(plan.name, {
      stable: run.stable,
      candidate: plan.version,
      strategy: "canary",
      weight,
      ...run.sticky,
    });
    const starting = `canary ${formatNumber(weight)}%: analysing over ${formatNumber(plan.intervalSeconds)}s`;
    deps.log(
      `${starting} (${plan.version} answers ${formatNumber(weight)}% of requests, ${run.stable} the rest)`,
    );
    await run.status.write("in_progress", starting);
    const step = await analyseStep(run, weight);
    run.steps.push(step);
    deps.log(step.description);
    if (step.outcome === "fail") return await rollBack(run, step);
    await run.status.write("in_progress", step.description);
  }
  return await promote(run, `canary: ${plan.version} is stable after ${run.steps.length} analysed steps`);
}

/**
 * shadow: stable answers every request and the candidate gets a copy of each for the duration, else the
 * interval (longer
 * while inconclusive, up to max-wait); the checks are held on the shadow arm. It never promotes: the
 * mirror stops (stable alone), and the deployment ends `inactive` (passed; `mlship promote` follows) or
 * `failure` (a check failed, exit 1). Users never saw the candidate's answers: no incident.
 */
async function shadow(run: Run): Promise<DeployReport> {
  const { plan, deps } = run;
  await deps.target.setRollout(plan.name, {
    stable: run.stable,
    candidate: plan.version,
    strategy: "shadow",
    weight: 0,
    ...run.sticky,
  });
  const seconds = plan.durationSeconds ?? plan.intervalSeconds;
  const starting = `shadow: ${plan.version} gets a copy of every request for ${formatNumber(seconds)}s`;
  deps.log(`${starting} (${run.stable} answers)`);
  await run.status.write("in_progress", starting);
  const step = await analyseStep(run, 0, { arm: "shadow", label: "shadow", seconds });
  run.steps.push(step);
  deps.log(step.description);
  await deps.target.setRollout(plan.name, {
    stable: run.stable,
    strategy: "canary",
    weight: 0,
    ...run.sticky,
  });
  const disagreement = step.shadow?.disagreement;
  const compared = disagreement === undefined ? "" : `; disagreement ${formatNumber(disagreement)}`;
  if (step.outcome === "fail") {
    const failed =
      step.checks.find((c) => c.verdict === "fail") ?? step.checks.find((c) => c.verdict !== "pass");
    const because = failed ? `${failed.rule}: ${failed.reason}` : step.description;
    await run.status.write("failure", `shadow of ${plan.version} failed: ${because}`);
    await run.status.flush();
    return report(
      run,
      "fail",
      ExitCode.checkFailed,
      `shadow of ${plan.name}@${plan.version} failed: ${because}${compared}; ${run.stable} served throughout`,
      { failedCheck: failed },
    );
  }
  await run.status.write(
    "inactive",
    `shadow of ${plan.version} passed (${step.description.replace(/^shadow: /, "")}); not promoted`,
  );
  return finish(
    run,
    "pass",
    `shadow of ${plan.name}@${plan.version} passed${compared}; not promoted: ${run.stable} serves (mlship promote follows)`,
  );
}

/**
 * The model and environment's deployment still in progress, if any: one left by an earlier attempt of
 * this same run (a rerun after a crash: its log_url is this run's) is ended — traffic back on stable,
 * marked `error` — and the rollout starts again from its first step; any other is a rollout running
 * now (or one whose run died elsewhere: `mlship rollback` ends it), and this one is refused.
 * @returns what was ended, for the report.
 */
async function endLeftover(plan: DeployPlan, deps: Run["deps"]): Promise<string | undefined> {
  const latest = await deps.registry.latest(plan.name, plan.environment);
  const running = latest && isActiveDeployment(latest) ? latest : undefined;
  if (!running) return undefined;
  if (!plan.runUrl || running.logUrl !== plan.runUrl) {
    const where = running.logUrl ? ` by run ${running.logUrl}` : "";
    throw new MlshipError(
      "rollout_in_progress",
      `a rollout of ${plan.name} to ${plan.environment} is in progress: deployment ${running.id} (${running.strategy} of ${running.version}, started ${running.createdAt}${where}); wait for it to end, or end it with mlship rollback --name ${plan.name} --env ${plan.environment} if its run is gone`,
    );
  }
  await endDeployment(
    running,
    deps,
    "abandoned: its run stopped mid-rollout; a rerun starts again from the first step",
  );
  deps.log(
    `deployment ${running.id} of an earlier attempt of this run ended (traffic back on stable); starting afresh`,
  );
  return running.id;
}

/**
 * Ends a deployment left in progress: when the target still sends the version traffic (or copies) as a
 * candidate, its weight goes to 0 under canary; the deployment is marked `error` with `why`.
 */
export async function endDeployment(
  running: DeploymentRecord,
  deps: Pick<DeployDeps, "registry" | "target">,
  why: string,
): Promise<void> {
  const now = await deps.target.current(running.name);
  if (now.candidate === running.version && (now.weight > 0 || now.strategy !== "canary")) {
    // Its traffic back on stable: no share of requests, no copies (shadow), no switch (bluegreen).
    await deps.target.setRollout(running.name, { ...now, strategy: "canary", weight: 0 });
  }
  await deps.registry.setDeploymentStatus(running.id, "error", {
    description: why,
    environmentUrl: deps.target.url,
  });
}
