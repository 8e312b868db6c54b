/** The incident a failed rollout opens (or comments on): its failing checks, figures and steps (src/incidents). */
import type { IncidentReport, IncidentStep } from "../incidents/incident.js";
import type { DeployPlan, StepReport } from "./run-deploy.js";

/** The incident report of a rollout whose step `failed` rolled it back. */
export function rolloutIncident(
  plan: DeployPlan,
  steps: readonly StepReport[],
  failed: StepReport,
  stable: string,
  deploymentId: string,
): IncidentReport {
  const failing = failed.checks.filter((c) => c.verdict !== "pass");
  const keyFigure = (failing.find((c) => c.verdict === "fail") ?? failing[0])?.metric;
  return {
    name: plan.name,
    environment: plan.environment,
    kind: "rollout",
    version: plan.version,
    summary: `rollout of ${plan.version} failed at ${failed.weight}% and was rolled back to ${stable}`,
    failingChecks: failing.map((c) => ({
      rule: c.rule,
      verdict: c.verdict === "fail" ? "fail" : "inconclusive",
      reason: `${c.reason} (deployment ${deploymentId})`,
    })),
    figures: {
      columns: ["candidate", "bound"],
      rows: [
        { name: "requests", values: [failed.requests.candidate, undefined] },
        ...failed.checks.map((c) => ({ name: c.rule, values: [c.value ?? undefined, c.bound ?? undefined] })),
      ],
    },
    steps: steps.map(
      (step): IncidentStep => ({
        weight: step.weight,
        verdict: step.verdict === "promoted" ? "pass" : step.verdict,
        figure: keyFigure ? (step.checks.find((c) => c.metric === keyFigure)?.value ?? undefined) : undefined,
      }),
    ),
    keyFigure,
    runUrl: plan.runUrl,
  };
}
