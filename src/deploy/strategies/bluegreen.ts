/**
 * bluegreen (docs/design.md, "Rollouts"): the candidate is loaded beside stable (weight 0: stable answers
 * every request), smoke rows are sent to the candidate's versioned infer URL, then the pre-switch analysis
 * (every smoke row answered; stable's figures over the interval before the switch, the baseline), the
 * switch (weight 100: the candidate answers every request, the old version stays loaded), and the
 * keep-warm window: the candidate's figures after the switch held to the checks against that baseline.
 * A failure at any point switches back at once (as canary: `failure` naming the check, the incident
 * opened or commented on, exit 1); a pass makes the candidate stable and the old version leaves the
 * rollout. Requests in flight finish on the version they were routed to (the server's contract), so
 * neither switch fails a request.
 */
import { ExitCode, MlshipError } from "../../lib/errors.js";
import { formatNumber } from "../../lib/format-number.js";
import type { CheckResult } from "../analysis.js";
import { errorText } from "../http-retry.js";
import type { Figures } from "../metrics-source.js";
import { analyseStep, promote, type Run, rollBack } from "../rollout-run.js";
import type { DeployReport, StepReport } from "../run-deploy.js";
import type { SmokeRows } from "../smoke-rows.js";

export interface SmokeReport {
  /** `--smoke rows.csv`, `the profile.json of m@1.1.0`. */
  from: string;
  sent: number;
  /** Rows the candidate answered with 2xx. */
  answered: number;
  /** The first row the candidate refused (1-based), its status and what it said. */
  failed?: { row: number; status: number; said: string };
}

const SMOKE_TIMEOUT_MS = 30_000;

export async function bluegreen(run: Run, rows: SmokeRows): Promise<DeployReport> {
  const { plan, deps } = run;
  const keepWarm = plan.keepWarmSeconds ?? 300;
  await deps.target.setRollout(plan.name, {
    stable: run.stable,
    candidate: plan.version,
    strategy: "bluegreen",
    weight: 0,
    ...run.sticky,
  });
  const loaded = `bluegreen: ${plan.version} loaded beside ${run.stable}; ${rows.bodies.length} smoke requests`;
  deps.log(`${loaded} (rows from ${rows.from})`);
  await run.status.write("in_progress", loaded);
  const smoke = await sendSmoke(run, rows);
  const smokeCheck: CheckResult = {
    rule: "smoke",
    source: rows.from,
    metric: "smoke_answered",
    value: smoke.answered,
    bound: smoke.sent,
    verdict: smoke.failed ? "fail" : "pass",
    reason: smoke.failed
      ? `${plan.version} answered smoke row ${smoke.failed.row} with ${smoke.failed.status}: ${smoke.failed.said}`
      : `${plan.version} answered ${smoke.answered}/${smoke.sent} smoke rows`,
  };
  // The pre-switch window: stable answers; its figures are the baseline the keep-warm window is held to.
  await deps.clock.sleep(plan.intervalSeconds * 1000, deps.signal);
  const before = await run.metrics.figures({
    model: plan.name,
    windowSeconds: Math.max(1, Math.ceil(plan.intervalSeconds)),
    arms: { stable: run.stable },
  });
  const baselineRequests = before.arms.stable?.requests;
  const preSwitch: StepReport = {
    weight: 0,
    verdict: smokeCheck.verdict,
    outcome: smokeCheck.verdict === "pass" ? "pass" : "fail",
    checks: [smokeCheck],
    windowSeconds: plan.intervalSeconds,
    requests: { stable: baselineRequests, candidate: smoke.sent },
    description: `bluegreen pre-switch: ${smokeCheck.reason}; baseline ${formatNumber(baselineRequests ?? 0)} requests of ${run.stable}`,
  };
  run.steps.push(preSwitch);
  deps.log(preSwitch.description);
  if (preSwitch.outcome === "fail") {
    const report = await rollBack(run, preSwitch, "bluegreen pre-switch");
    return { ...report, smoke: { from: rows.from, ...smoke } };
  }
  await run.status.write("in_progress", preSwitch.description);

  await deps.target.setRollout(plan.name, {
    stable: run.stable,
    candidate: plan.version,
    strategy: "bluegreen",
    weight: 100,
    ...run.sticky,
  });
  const switched = `bluegreen: switched to ${plan.version}; ${run.stable} kept warm for ${formatNumber(keepWarm)}s`;
  deps.log(switched);
  await run.status.write("in_progress", switched);
  const read = async (windowSeconds: number): Promise<Figures> => {
    const after = await run.metrics.figures({
      model: plan.name,
      windowSeconds,
      arms: { candidate: plan.version },
    });
    return { ...after, arms: { stable: before.arms.stable, candidate: after.arms.candidate } };
  };
  const warm = await analyseStep(run, 100, {
    arm: "candidate",
    label: "bluegreen keep-warm",
    seconds: keepWarm,
    read,
  });
  run.steps.push(warm);
  deps.log(warm.description);
  if (warm.outcome === "fail") {
    const report = await rollBack(run, warm, "bluegreen keep-warm: switched back");
    return { ...report, smoke: { from: rows.from, ...smoke } };
  }
  await run.status.write("in_progress", warm.description);
  const report = await promote(
    run,
    `bluegreen: ${plan.version} is stable after ${formatNumber(keepWarm)}s kept warm`,
  );
  return { ...report, smoke: { from: rows.from, ...smoke } };
}

/**
 * Sends each smoke row to the candidate's versioned infer URL. A row the candidate refuses is sent to
 * stable too: when stable refuses it as well, the rows do not fit the model (exit 2), not the candidate.
 */
async function sendSmoke(run: Run, rows: SmokeRows): Promise<Omit<SmokeReport, "from">> {
  const { plan, deps } = run;
  let answered = 0;
  for (const [i, body] of rows.bodies.entries()) {
    const answer = await post(deps.target.inferUrl(plan.name, plan.version), body);
    if (answer.ok) {
      answered++;
      continue;
    }
    const stable = await post(deps.target.inferUrl(plan.name, run.stable), body);
    if (stable.status === 0) {
      throw new MlshipError(
        "unreachable",
        `${deps.target.description} did not answer smoke row ${i + 1}: ${stable.said}`,
        {},
        ExitCode.checkFailed,
      );
    }
    if (!stable.ok) {
      throw new MlshipError(
        "bad_smoke",
        `smoke row ${i + 1} of ${rows.from} does not fit the model: ${plan.version} answered ${answer.status} (${answer.said}) and ${run.stable} answered ${stable.status} too (${stable.said})`,
        { setting: "smoke" },
      );
    }
    return { sent: i + 1, answered, failed: { row: i + 1, status: answer.status, said: answer.said } };
  }
  return { sent: rows.bodies.length, answered };
}

async function post(url: string, body: unknown): Promise<{ ok: boolean; status: number; said: string }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(SMOKE_TIMEOUT_MS),
    });
  } catch (error) {
    return {
      ok: false,
      status: 0,
      said: `no answer: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (response.ok) {
    await response.arrayBuffer();
    return { ok: true, status: response.status, said: "" };
  }
  return { ok: false, status: response.status, said: await errorText(response) };
}
