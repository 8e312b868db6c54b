/** `mlship deploy`: a rollout of a registered version to an environment (src/deploy/). */
import type { AbOutcome } from "../../deploy/ab-verdict.js";
import { DEFAULT_CHECKS } from "../../deploy/analysis.js";
import { approvalsReader, openDeploy, openRecords } from "../../deploy/open-deploy.js";
import { type PromoteReport, runPromote } from "../../deploy/promote.js";
import {
  type DeployGiven,
  type RollbackGiven,
  resolveDeployRequest,
  resolvePromoteRequest,
  resolveRollbackRequest,
} from "../../deploy/request.js";
import { type RollbackReport, runRollback } from "../../deploy/rollback.js";
import { AB_WEIGHT, type DeployReport, runDeploy } from "../../deploy/run-deploy.js";
import { parseTarget } from "../../deploy/server-target.js";

import { formatNumber } from "../../lib/format-number.js";
import { renderTable } from "../../lib/text-table.js";
import type { Command, OptionSpec, ParsedArgs } from "../command.js";
import { booleanOption, stringOption } from "../command.js";
import { printsText, writeJsonResult } from "../output.js";

export const TARGET_OPTION: OptionSpec = {
  type: "string",
  value: "<server:url>",
  description:
    "where traffic is shifted: server:<url> of mlship serve's admin API, token from MLSHIP_ADMIN_TOKEN (default: mlship.yml's deploy.target, else server:http://127.0.0.1:8080)",
};

export const DEPLOY_REGISTRY_OPTION: OptionSpec = {
  type: "string",
  value: "<github[:owner/repo]|local:dir>",
  description:
    "the registry holding the versions and the deployment records (default: MLSHIP_REGISTRY, else local:.mlship/registry)",
};

export const deployCommand: Command = {
  name: ["deploy"],
  summary:
    "roll a registered version out to an environment: canary steps, bluegreen, shadow or ab with analysis, or direct",
  usage:
    "mlship deploy --name <name> --version <x.y.z> --env <environment> [--strategy canary|bluegreen|shadow|ab|direct] [--steps 10,25,50,100] [--interval 60s] [--max-wait 5m] [--check <rule>]… [--smoke <data file>] [--keep-warm 5m] [--duration 1h] [--sticky-key header:<name>|field:<name>] [--target server:<url>] [--registry …]",
  options: {
    name: { type: "string", value: "<name>", description: "the model (default: mlship.yml's model.name)" },
    version: { type: "string", value: "<x.y.z>", description: "the version to roll out (in the registry)" },
    env: { type: "string", value: "<environment>", description: "the environment (staging, production…)" },
    strategy: {
      type: "string",
      value: "<canary|bluegreen|shadow|ab|direct>",
      description:
        "canary (default): weight steps, each analysed; bluegreen: smoke requests, switch, old version kept warm; shadow: copies only, never promoted; ab: a split judged by feedback, never promoted; direct: switch at once",
    },
    steps: {
      type: "string",
      value: "<10,25,50,100>",
      description:
        "canary weights in percent, ascending; 100 (the candidate becomes stable) is added when missing",
    },
    interval: {
      type: "string",
      value: "<60s>",
      description: "how long each step runs before its analysis, and the analysis window (default 60s)",
    },
    "max-wait": {
      type: "string",
      value: "<5m>",
      description:
        "how much longer an inconclusive step (too few requests) waits before analysis.inconclusive decides (default 5m)",
    },
    check: {
      type: "string",
      multiple: true,
      value: "<rule>",
      description:
        'an analysis check, e.g. "error_rate <= stable + 0.01" (repeat; default: mlship.yml\'s deploy.checks)',
    },
    smoke: {
      type: "string",
      value: "<data file>",
      description:
        "bluegreen: a .csv/.tsv/.jsonl/.parquet file whose first 20 rows go to the candidate before the switch (default: mlship.yml's deploy.smoke, else rows built from the release's profile.json)",
    },
    "keep-warm": {
      type: "string",
      value: "<5m>",
      description:
        "bluegreen: how long the old version stays loaded after the switch while the candidate is analysed (default 5m)",
    },
    duration: {
      type: "string",
      value: "<1h>",
      description:
        "ab: how long the split runs at most (default 1h); shadow: how long the copies run (default --interval)",
    },
    "sticky-key": {
      type: "string",
      value: "<header:name|field:name>",
      description:
        "ab: what keeps a user on one arm (default: mlship.yml's deploy.sticky_key, else the rollout's own, else none: a random split)",
    },
    target: TARGET_OPTION,
    registry: DEPLOY_REGISTRY_OPTION,
  },
  settingOptions: { environment: "env", checks: "check" },
  details: `
canary: at each step below 100 the candidate answers that share of requests for --interval, then the
analysis compares it with stable over the step's window: pass → next step; fail → rolled back at once
(the candidate's weight 0, stable untouched), the deployment marked failure naming the check, the
model's incident opened or commented on, exit 1. A step whose analysis is inconclusive (too few
requests, a figure missing) waits up to --max-wait more, then counts as analysis.inconclusive
(mlship.yml; default fail). The last step makes the candidate stable: deployment success, the previous
version the rollback target, an open incident closed.
shadow: stable answers every request and the candidate gets a copy of each for --interval (longer
while inconclusive, up to --max-wait); the checks are held on the copies' figures (prediction_psi
compares its answers with stable's). It never promotes: the mirror stops and the deployment ends
inactive when the checks pass (exit 0; mlship promote follows) or failure when one fails (exit 1).
--duration, when given, is how long the copies run instead of --interval.
bluegreen: the candidate is loaded beside stable (stable answers every request) and the smoke rows
(--smoke, else built from the release's profile.json: one per summary quantile) go to its versioned
infer URL, one request each; a row it refuses (and stable answers) fails the smoke check; a row stable
refuses too is bad input (exit 2). Then --interval with stable serving (its figures are the baseline),
the switch (the candidate answers every request, the old version stays loaded), and --keep-warm: the
candidate's figures since the switch held to the checks against that baseline. A failure switches
back at once, as canary rolls back (failure, incident, exit 1); a pass makes the candidate stable and
the old version leaves the rollout. Requests in flight finish on the version they were routed to.
ab: the candidate answers ${AB_WEIGHT}% of requests (sticky by --sticky-key when set) for up to --duration;
every --interval the outcome metric from feedback (POST /v1/feedback) of each arm is compared by a
two-sided test at deploy.ab.confidence (default 0.95): accuracy (classifiers) by the two-proportion
z-test, mae (regressors) by Welch's t-test on the absolute errors (deploy.ab.metric). It stops early
once one arm is better. Verdict: candidate better or no difference (exit 0), stable better (exit 1),
inconclusive when an arm has fewer than deploy.ab.min_labelled (default 100) labelled rows (exit as
analysis.inconclusive: fail → 1). The checks are guardrails meanwhile: a failed one rolls back as
canary does (give --check for ab: the default prediction_psi fails a model that predicts otherwise).
ab never promotes: traffic returns to stable, the deployment ends inactive with the verdict.

Checks (the gate's grammar, bound a number or stable: the stable arm over the same window):
error_rate, latency_p50_ms, latency_p99_ms, requests, prediction_psi, prediction_js,
input_drift_share, and the task's metrics from feedback. Default checks when neither --check nor
deploy.checks is given:
${DEFAULT_CHECKS.map((c) => `  ${c}`).join("\n")}

Every rollout is one deployment record in the registry, with a status per step. SIGINT or SIGTERM
during a rollout puts traffic back on stable and marks the deployment error. A rollout of the same
model and environment still in progress is refused (exit 2) naming it; in GitHub Actions, a rerun
of the same run ends its own leftover and starts again from the first step; a leftover whose run is
gone is ended by mlship rollback.`,
  async run(args, context) {
    const request = await resolveDeployRequest(deployGiven(args), context);
    const log = (message: string) => context.stderr.write(`${message}\n`);
    const opened = openDeploy(request, { ...context, log, describeSpec: (spec) => `--registry ${spec}` });
    const report = await withSignals((signal) => runDeploy(request.plan, { ...opened, signal, log }));
    await writeJsonResult(args, context, report);
    if (printsText(args)) context.stdout.write(renderDeployReport(report));
    return report.exitCode;
  },
};

/** The options as given: every default and check is the request layer's (src/deploy/request.ts). */
export function deployGiven(args: ParsedArgs): DeployGiven {
  const option = (name: string) => stringOption(args, name);
  const checks = args.values.check;
  return {
    config: option("config"),
    name: option("name"),
    version: option("version"),
    environment: option("env"),
    strategy: option("strategy"),
    steps: option("steps"),
    interval: option("interval"),
    maxWait: option("max-wait"),
    checks: Array.isArray(checks) ? checks : undefined,
    smoke: option("smoke"),
    keepWarm: option("keep-warm"),
    duration: option("duration"),
    stickyKey: option("sticky-key"),
    target: option("target"),
    registry: option("registry"),
  };
}

/** Runs `work` with an AbortSignal that SIGINT or SIGTERM fires (the rollout then puts traffic back). */
export async function withSignals<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const handlers = (["SIGINT", "SIGTERM"] as const).map((name) => {
    const handler = () => controller.abort(new Error(`${name}: traffic goes back to stable`));
    process.once(name, handler);
    return { name, handler };
  });
  try {
    return await work(controller.signal);
  } finally {
    for (const { name, handler } of handlers) process.removeListener(name, handler);
  }
}

/** The text report: the outcome, then the step table and the checks of the last analysed step. */
export function renderDeployReport(report: DeployReport): string {
  const lines = [
    `${report.strategy} of ${report.name}@${report.version} to ${report.environment}: ${report.result}`,
    `  ${report.summary}`,
  ];
  if (report.steps.length > 0) {
    lines.push(
      "",
      // bounded: one row per step of the rollout
      ...renderTable(
        ["step", "weight", "verdict", "requests (candidate/stable)", "analysis"],
        report.steps.map((step, i) => [
          String(i + 1),
          `${formatNumber(step.weight)}%`,
          step.verdict === step.outcome ? step.verdict : `${step.verdict} → ${step.outcome}`,
          step.verdict === "promoted"
            ? ""
            : `${count(step.requests.candidate)}/${count(step.requests.stable)}`,
          step.description.replace(/^canary [\d.]+%: /, ""),
        ]),
      ),
    );
    const last = report.steps.filter((s) => s.checks.length > 0).at(-1);
    if (last && report.result !== "pass") {
      lines.push("", `checks at ${formatNumber(last.weight)}%:`);
      for (const check of last.checks) lines.push(`  ${mark(check.verdict)} ${check.rule}: ${check.reason}`);
    }
  }
  if (report.smoke) {
    const { smoke } = report;
    lines.push("", `smoke: ${smoke.answered}/${smoke.sent} rows answered (from ${smoke.from})`);
    if (smoke.failed) lines.push(`  row ${smoke.failed.row}: ${smoke.failed.status} ${smoke.failed.said}`);
  }
  // bounded: two arms and a verdict
  if (report.ab) lines.push("", ...renderAb(report.ab));
  lines.push(
    "",
    `deployment ${report.deploymentId}; stable ${report.stableAfter} (was ${report.stableBefore})`,
  );
  if (report.incident?.incident) {
    lines.push(
      `incident ${report.incident.action}: ${report.incident.incident.title} ${report.incident.incident.url}`,
    );
  } else if (report.incident?.notice) lines.push(`incident not recorded: ${report.incident.notice}`);
  if (report.abandoned) lines.push(`ended the leftover deployment ${report.abandoned} of this run first`);
  if (report.unwrittenStatus)
    lines.push(`warning: the final status could not be written: ${report.unwrittenStatus}`);
  return `${lines.join("\n")}\n`;
}

/** An ab rollout's arms (requests, labelled rows, the metric) and its verdict. */
function renderAb(ab: AbOutcome): string[] {
  const metric = ab.metric ?? "outcome";
  const arms = [
    ["candidate", ab.candidate],
    ["stable", ab.stable],
  ] as const;
  const test = ab.test
    ? `${ab.test.test}: p = ${formatNumber(ab.test.pValue)} (confidence ${formatNumber(ab.confidence)})`
    : `at least ${ab.minLabelled} labelled rows per arm needed`;
  return [
    ...renderTable(
      ["arm", "version", "requests", "labelled", metric],
      arms.map(([arm, figures]) => [
        arm,
        figures.version,
        count(figures.requests),
        formatNumber(figures.labelled),
        figures.value === undefined ? "—" : formatNumber(figures.value),
      ]),
    ),
    `verdict: ${ab.verdict} (${test})`,
  ];
}

const count = (n: number | undefined) => (n === undefined ? "—" : formatNumber(n));
const mark = (verdict: string) => (verdict === "pass" ? "✓" : verdict === "fail" ? "✗" : "?");

export const rollbackCommand: Command = {
  name: ["rollback"],
  summary: "switch an environment back to its previous good version at once, recorded as a deployment",
  usage:
    "mlship rollback --name <name> --env <environment> [--to <x.y.z>] [--target server:<url>] [--registry …]",
  options: {
    name: { type: "string", value: "<name>", description: "the model (default: mlship.yml's model.name)" },
    env: { type: "string", value: "<environment>", description: "the environment to roll back" },
    to: {
      type: "string",
      value: "<x.y.z>",
      description: "the version to go back to (default: the registry's previous good deployment)",
    },
    target: TARGET_OPTION,
    registry: DEPLOY_REGISTRY_OPTION,
  },
  settingOptions: { environment: "env" },
  details: `
The target serves the version at once (stable, no candidate); a direct deployment records it with
success and rollbackOf = the deployment it undid, which GitHub's auto_inactive marks inactive and which
is no rollback target afterwards: rolling back twice does not move further back (the second time
changes nothing, exit 0). The open incident of the model and environment gets a comment. A rollout
left in progress (its run gone) is ended first: traffic back on stable, marked error.
Exit 2 when there is nothing to roll back to (no deployment succeeded, or only one version served
there), naming why.`,
  async run(args, context) {
    const option = (name: string) => stringOption(args, name);
    const given: RollbackGiven = {
      config: option("config"),
      name: option("name"),
      environment: option("env"),
      to: option("to"),
      target: option("target"),
      registry: option("registry"),
    };
    const request = await resolveRollbackRequest(given, context);
    const log = (message: string) => context.stderr.write(`${message}\n`);
    const target = parseTarget(request.target.spec, { env: context.env, source: request.target.source });
    const records = openRecords(request.registry, {
      ...context,
      log,
      describeSpec: (spec) => `--registry ${spec}`,
    });
    const report = await runRollback(request.plan, { ...records, target, log });
    await writeJsonResult(args, context, report);
    if (printsText(args)) context.stdout.write(renderRollbackReport(report));
    return report.exitCode;
  },
};

export function renderRollbackReport(report: RollbackReport): string {
  const lines = [
    `rollback of ${report.name} in ${report.environment}: ${report.result}`,
    `  ${report.summary}`,
  ];
  if (report.deploymentId) lines.push(`deployment ${report.deploymentId} (rollbackOf ${report.rollbackOf})`);
  if (report.ended) lines.push(`ended the deployment ${report.ended} left in progress`);
  if (report.incident?.incident) {
    lines.push(
      `incident ${report.incident.action}: ${report.incident.incident.title} ${report.incident.incident.url}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

export const promoteCommand: Command = {
  name: ["promote"],
  summary: "deploy an evaluated version to an environment (refused without a passed gate unless forced)",
  usage:
    'mlship promote --name <name> --version <x.y.z> --env <environment> [--strategy direct|canary] [--force --reason "…"] [--target server:<url>] [--registry …]',
  options: {
    name: deployCommand.options.name,
    version: { type: "string", value: "<x.y.z>", description: "the version to promote (in the registry)" },
    env: deployCommand.options.env,
    strategy: {
      type: "string",
      value: "<direct|canary>",
      description: "how traffic moves (default direct: at once); canary takes --steps, --interval, --check…",
    },
    steps: deployCommand.options.steps,
    interval: deployCommand.options.interval,
    "max-wait": deployCommand.options["max-wait"],
    check: deployCommand.options.check,
    force: {
      type: "boolean",
      description: "promote although the release has no evaluation.json with a passed gate (needs --reason)",
    },
    reason: {
      type: "string",
      value: "<text>",
      description: "why --force: recorded in the deployment's payload",
    },
    smoke: deployCommand.options.smoke,
    "keep-warm": deployCommand.options["keep-warm"],
    duration: deployCommand.options.duration,
    "sticky-key": deployCommand.options["sticky-key"],
    target: TARGET_OPTION,
    registry: DEPLOY_REGISTRY_OPTION,
  },
  settingOptions: { environment: "env", checks: "check" },
  details: `
Refused (exit 1, naming what is missing) when the version's release has no evaluation.json whose gate
passed (mlship package --evaluation attaches it), unless --force with --reason; the deployment's payload
records forced and the reason. It records who asked (GITHUB_TRIGGERING_ACTOR, else GITHUB_ACTOR) and, in
GitHub Actions (GITHUB_RUN_ID with a token), the run's Environment approvals: run the job in the
environment's GitHub Environment so its required reviewers approve it. Then it deploys as mlship deploy
does, by default direct.`,
  async run(args, context) {
    const request = await resolvePromoteRequest(
      { ...deployGiven(args), force: booleanOption(args, "force"), reason: stringOption(args, "reason") },
      context,
    );
    const log = (message: string) => context.stderr.write(`${message}\n`);
    const opened = openDeploy(request, { ...context, log, describeSpec: (spec) => `--registry ${spec}` });
    const report = await withSignals((signal) =>
      runPromote(
        { deploy: request.plan, force: request.force, reason: request.reason },
        { ...opened, signal, log, approvals: approvalsReader(context.env, log) },
      ),
    );
    await writeJsonResult(args, context, report);
    if (printsText(args)) context.stdout.write(renderPromoteReport(report));
    return report.exitCode;
  },
};

export function renderPromoteReport(report: PromoteReport): string {
  const evaluation = report.forced
    ? `evaluation: ${report.evaluation} — forced`
    : `evaluation: ${report.evaluation}`;
  return `promote ${report.name}@${report.version} to ${report.environment}: ${evaluation}\n${renderDeployReport(report)}`;
}
