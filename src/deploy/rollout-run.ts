/**
 * What the strategies of the rollout engine share (src/deploy/run-deploy.ts, src/deploy/strategies/): a
 * running rollout, its analysed steps, traffic back to stable, the automatic rollback on a failed check,
 * the promotion of the candidate, and the report.
 */
import type { IncidentResult } from "../incidents/incident.js";
import { ExitCode, MlshipError } from "../lib/errors.js";
import { formatNumber } from "../lib/format-number.js";
import type { DeploymentRecord } from "../registry/registry.js";
import type { Rollout } from "../serve/rollout.js";
import { type AnalysisResult, analyse, describeAnalysis } from "./analysis.js";
import { rolloutIncident } from "./incident-report.js";
import type { Figures, MetricsSource } from "./metrics-source.js";
import type { DeployDeps, DeployPlan, DeployReport, DeployResult, StepReport } from "./run-deploy.js";
import type { StatusWriter } from "./status-writer.js";

/** The stats window's bounds (docs/design.md, "Model server"). */
export const MAX_WINDOW_SECONDS = 3600;

export interface Run {
  plan: DeployPlan;
  deps: Required<Pick<DeployDeps, "registry" | "target" | "clock" | "log">> & DeployDeps;
  metrics: MetricsSource;
  status: StatusWriter;
  record: DeploymentRecord;
  stable: string;
  /** The stable version when the rollout began. */
  stableBefore: string;
  /** The rollout's sticky key when it began, kept through the steps. */
  sticky: Pick<Rollout, "stickyKey">;
  steps: StepReport[];
}

/** Candidate weight 0, stable untouched; false when the target could not be told. */
export async function backToStable(run: Run): Promise<boolean> {
  try {
    await run.deps.target.setRollout(run.plan.name, {
      stable: run.stable,
      candidate: run.plan.version,
      strategy: "canary",
      weight: 0,
      ...run.sticky,
    });
    return true;
  } catch (error) {
    run.deps.log(
      `error: could not put the traffic of ${run.plan.name} back on ${run.stable}: ${error instanceof Error ? error.message : String(error)}`,
    );
    return false;
  }
}

/**
 * How a step is analysed: the arm held to the checks, the label of its lines (`canary 25%`, `shadow`),
 * how long it runs before its analysis (default the interval) and, for a bluegreen's keep-warm, the
 * figures read otherwise (stable's from before the switch).
 */
export interface StepMode {
  arm: "candidate" | "shadow";
  label: string;
  seconds?: number;
  read?: (windowSeconds: number) => Promise<Figures>;
}

/** Waits the step's time, then analyses; an inconclusive verdict waits on (up to max-wait), then maps. */
export async function analyseStep(run: Run, weight: number, mode?: StepMode): Promise<StepReport> {
  const { plan, deps } = run;
  const step = mode ?? { arm: "candidate", label: `canary ${formatNumber(weight)}%` };
  const { arm, label } = step;
  const seconds = step.seconds ?? plan.intervalSeconds;
  const read =
    step.read ??
    ((windowSeconds: number) =>
      run.metrics.figures({
        model: plan.name,
        windowSeconds,
        arms: { stable: run.stable, [arm]: plan.version },
      }));
  const start = deps.clock.now();
  await deps.clock.sleep(seconds * 1000, deps.signal);
  for (;;) {
    const windowSeconds = Math.min(
      MAX_WINDOW_SECONDS,
      Math.max(1, Math.ceil((deps.clock.now() - start) / 1000)),
    );
    const figures = await read(windowSeconds);
    const result = analyse(plan.checks, figures, {
      minRequests: plan.minRequests,
      reference: plan.reference,
      arm,
    });
    const waited = (deps.clock.now() - start) / 1000 - seconds;
    if (result.verdict !== "inconclusive" || waited >= plan.maxWaitSeconds) {
      return stepReport(plan, weight, result, figures, windowSeconds, { arm, label });
    }
    const next = Math.min(plan.intervalSeconds, plan.maxWaitSeconds - waited);
    deps.log(
      `${label}: ${describeAnalysis(result)}; waiting ${formatNumber(next)}s more (max-wait ${formatNumber(plan.maxWaitSeconds)}s)`,
    );
    await deps.clock.sleep(next * 1000, deps.signal);
  }
}

export function stepReport(
  plan: DeployPlan,
  weight: number,
  result: AnalysisResult,
  figures: Figures,
  windowSeconds: number,
  mode: StepMode,
): StepReport {
  const outcome = result.verdict === "inconclusive" ? plan.inconclusive : result.verdict;
  const described = describeAnalysis(result);
  const mapped =
    result.verdict === "inconclusive"
      ? ` after max-wait ${formatNumber(plan.maxWaitSeconds)}s: counted as ${outcome} (analysis.inconclusive: ${plan.inconclusive})`
      : "";
  return {
    weight,
    verdict: result.verdict,
    outcome,
    checks: result.checks,
    windowSeconds,
    requests: { stable: figures.arms.stable?.requests, candidate: figures.arms[mode.arm]?.requests },
    ...(mode.arm === "shadow" ? { shadow: figures.arms.shadow?.shadow } : {}),
    description: `${mode.label}: ${described}${mapped}`,
  };
}

/** The analysis failed: candidate weight 0, `failure` naming the check, the incident opened or commented on. */
export async function rollBack(
  run: Run,
  step: StepReport,
  label = `canary ${formatNumber(step.weight)}%`,
): Promise<DeployReport> {
  const { plan, deps } = run;
  const restored = await backToStable(run);
  if (!restored) {
    throw new MlshipError(
      "unreachable",
      `the analysis failed but ${deps.target.description} could not be told to send traffic back to ${run.stable}`,
      {},
      ExitCode.checkFailed,
    );
  }
  const failed =
    step.checks.find((c) => c.verdict === "fail") ?? step.checks.find((c) => c.verdict !== "pass");
  const because = failed ? `${failed.rule}: ${failed.reason}` : step.description;
  await run.status.write("failure", `${label}: rolled back to ${run.stable}: ${because}`);
  const incident = await recordIncident(run, step);
  const at = plan.strategy === "canary" ? `at ${formatNumber(step.weight)}%` : `(${label})`;
  const summary = `rolled back ${plan.name}@${plan.version} ${at}: ${because}`;
  return report(run, "fail", ExitCode.checkFailed, summary, { failedCheck: failed, incident });
}

export async function recordIncident(run: Run, step: StepReport): Promise<IncidentResult | undefined> {
  const { plan, deps } = run;
  if (!deps.incidents) return undefined;
  try {
    const result = await deps.incidents.openOrUpdate(
      rolloutIncident(plan, run.steps, step, run.stable, run.record.id),
    );
    if (result.notice) deps.log(`notice: ${result.notice}`);
    return result;
  } catch (error) {
    deps.log(
      `warning: the incident could not be recorded: ${error instanceof Error ? error.message : String(error)}`,
    );
    return undefined;
  }
}

/** The candidate becomes stable; `success`; an open incident of the model and environment is closed. */
export async function promote(run: Run, summary: string): Promise<DeployReport> {
  const { plan, deps } = run;
  const previous = run.stable;
  await deps.target.setRollout(plan.name, {
    stable: plan.version,
    strategy: "canary",
    weight: 0,
  } satisfies Rollout);
  if (plan.strategy !== "direct") {
    run.steps.push({
      weight: 100,
      verdict: "promoted",
      outcome: "promoted",
      checks: [],
      windowSeconds: 0,
      requests: {},
      description: `${plan.strategy} 100%: ${plan.version} is stable`,
    });
  }
  run.stable = plan.version;
  await run.status.write("success", `${summary} (was ${previous})`);
  let incident: IncidentResult | undefined;
  if (deps.incidents) {
    try {
      incident = await deps.incidents.close(
        { name: plan.name, environment: plan.environment, kind: "rollout" },
        `✅ ${plan.name}@${plan.version} was rolled out to ${plan.environment} by ${plan.strategy}${run.steps.length ? ` (${run.steps.length} steps passed)` : ""}; closing.`,
      );
    } catch (error) {
      deps.log(
        `warning: the incident could not be closed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }
  const done = await finish(run, "pass", `${summary}; ${previous} is the rollback target`);
  return incident ? { ...done, incident } : done;
}

export async function finish(run: Run, result: DeployResult, summary: string): Promise<DeployReport> {
  await run.status.flush();
  return report(run, result, ExitCode.ok, summary);
}

export function report(
  run: Run,
  result: DeployResult,
  exitCode: ExitCode,
  summary: string,
  extra: Partial<DeployReport> = {},
): DeployReport {
  const { plan } = run;
  const unwritten = run.status.unwritten;
  return {
    name: plan.name,
    version: plan.version,
    environment: plan.environment,
    strategy: plan.strategy,
    result,
    exitCode,
    summary,
    deploymentId: run.record.id,
    stableBefore: run.stableBefore,
    stableAfter: run.stable,
    steps: run.steps,
    targetUrl: run.deps.target.url,
    ...(plan.runUrl ? { runUrl: plan.runUrl } : {}),
    ...(unwritten ? { unwrittenStatus: unwritten } : {}),
    ...extra,
  };
}
