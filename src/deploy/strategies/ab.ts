/**
 * ab (docs/design.md, "Rollouts"): a split of the traffic (the candidate answers AB_WEIGHT% of requests,
 * sticky by `stickyKey` when set) for up to `durationSeconds`, looked at every interval: the outcome
 * metric of each arm from feedback, compared by a two-sample test at the configured confidence
 * (src/deploy/ab-verdict.ts). It stops early once one arm is better; at the end the verdict is
 * candidate better, stable better, no difference, or inconclusive (too little feedback). The checks
 * hold the candidate's arm as guardrails meanwhile: a failed one rolls back at once, as canary does.
 * ab never promotes: traffic returns to stable, the deployment ends `inactive` with the verdict in its
 * status, and `mlship promote` follows when the verdict says so.
 */
import { ExitCode } from "../../lib/errors.js";
import { formatNumber } from "../../lib/format-number.js";
import { type AbOutcome, abVerdict } from "../ab-verdict.js";
import { analyse } from "../analysis.js";
import { finish, MAX_WINDOW_SECONDS, type Run, report, rollBack, stepReport } from "../rollout-run.js";
import type { DeployReport, DeployResult, StepReport } from "../run-deploy.js";

/** The candidate's share of an ab split, in percent. */
export const AB_WEIGHT = 50;

/** What a verdict makes of the rollout: its result and exit code (inconclusive follows analysis.inconclusive). */
function resultOf(
  outcome: AbOutcome,
  inconclusive: "fail" | "pass",
): { result: DeployResult; exit: ExitCode } {
  switch (outcome.verdict) {
    case "candidate better":
    case "no difference":
      return { result: "pass", exit: ExitCode.ok };
    case "stable better":
      return { result: "fail", exit: ExitCode.checkFailed };
    default:
      return { result: "inconclusive", exit: inconclusive === "pass" ? ExitCode.ok : ExitCode.checkFailed };
  }
}

export async function abTest(run: Run): Promise<DeployReport> {
  const { plan, deps } = run;
  const settings = plan.ab ?? { confidence: 0.95, minLabelled: 100 };
  const duration = plan.durationSeconds ?? 3600;
  const stickyKey = plan.stickyKey ?? run.sticky.stickyKey;
  const sticky = stickyKey === undefined ? {} : { stickyKey };
  await deps.target.setRollout(plan.name, {
    stable: run.stable,
    candidate: plan.version,
    strategy: "ab",
    weight: AB_WEIGHT,
    ...sticky,
  });
  const how = stickyKey === undefined ? "at random" : `sticky by ${stickyKey}`;
  const starting = `ab: ${plan.version} answers ${AB_WEIGHT}% of requests (${how}) for up to ${formatNumber(duration)}s`;
  deps.log(`${starting}; ${run.stable} the rest`);
  await run.status.write("in_progress", starting);
  const start = deps.clock.now();
  let step: StepReport;
  let outcome: AbOutcome;
  for (;;) {
    const elapsed = (deps.clock.now() - start) / 1000;
    await deps.clock.sleep(Math.min(plan.intervalSeconds, duration - elapsed) * 1000, deps.signal);
    const seconds = (deps.clock.now() - start) / 1000;
    const windowSeconds = Math.min(MAX_WINDOW_SECONDS, Math.max(1, Math.ceil(seconds)));
    const figures = await run.metrics.figures({
      model: plan.name,
      windowSeconds,
      arms: { stable: run.stable, candidate: plan.version },
    });
    const guard = analyse(plan.checks, figures, {
      minRequests: plan.minRequests,
      reference: plan.reference,
      arm: "candidate",
    });
    outcome = abVerdict(figures, settings);
    const label = `ab ${formatNumber(seconds)}s`;
    step = {
      ...stepReport(plan, AB_WEIGHT, guard, figures, windowSeconds, { arm: "candidate", label }),
      // Guardrails only fail the split; inconclusive ones (too few requests) leave it running.
      ...(guard.verdict === "fail" ? {} : { outcome: "pass" as const }),
    };
    if (step.outcome === "fail") {
      run.steps.push(step);
      deps.log(step.description);
      return { ...(await rollBack(run, step, "ab")), ab: outcome };
    }
    step = { ...step, description: `${label}: ${outcome.verdict}: ${outcome.reason}` };
    deps.log(step.description);
    const decided = outcome.verdict === "candidate better" || outcome.verdict === "stable better";
    if (decided || seconds >= duration) break;
    await run.status.write("in_progress", `${label}: ${outcome.verdict} so far`);
  }
  run.steps.push(step);
  await deps.target.setRollout(plan.name, { stable: run.stable, strategy: "canary", weight: 0, ...sticky });
  const { result, exit } = resultOf(outcome, plan.inconclusive);
  const figures = outcome.metric
    ? `${outcome.metric} ${formatNumber(outcome.candidate.value ?? Number.NaN)} vs ${formatNumber(outcome.stable.value ?? Number.NaN)}`
    : "no feedback";
  await run.status.write(
    "inactive",
    `ab of ${plan.version}: ${outcome.verdict} (${figures}); not promoted, ${run.stable} serves`,
  );
  const summary = `ab of ${plan.name}@${plan.version}: ${outcome.verdict}: ${outcome.reason}; not promoted: ${run.stable} serves (mlship promote follows)`;
  if (exit === ExitCode.ok) return { ...(await finish(run, result, summary)), ab: outcome };
  await run.status.flush();
  return report(run, result, exit, summary, { ab: outcome });
}
