/**
 * What the deploy-canary and promote actions share: the context their rollout runs in (the tokens of the
 * inputs), the hand-over to their `post:` step (core.saveState: which deployment, where, whether the main
 * step finished — never a token), the outputs and the job summary of a rollout, and the post step itself,
 * which puts traffic back on stable and marks the deployment `error` when the main step was cancelled or
 * killed before it could (docs/design.md, "Rollouts").
 */
import { join } from "node:path";
import * as core from "@actions/core";
import type { CheckResult } from "../deploy/analysis.js";
import { type OpenedDeploy, openRecords } from "../deploy/open-deploy.js";
import type { DeployRequest } from "../deploy/request.js";
import { type DeployReport, endDeployment } from "../deploy/run-deploy.js";
import { parseTarget } from "../deploy/server-target.js";
import { writeJsonAtomic } from "../lib/atomic-write.js";
import { formatNumber } from "../lib/format-number.js";
import { codeSpan, escapeMarkdown, markdownTable, mermaidNumber, mermaidText } from "../lib/markdown.js";
import type { DeploymentRecord, Registry } from "../registry/registry.js";
import type { ActionIO } from "./action-io.js";
import { DeployCanaryOutput as Output, DeployState as State } from "./constants.js";
import { asOwnCommands } from "./workflow-commands.js";

/** The tokens of the inputs and where the action runs. */
export interface ActionContextSettings {
  token?: string;
  adminToken?: string;
  /** RUNNER_TEMP: where the JSON report is written. */
  temp: string;
  workspace: string;
}

/** The request layer's context: the workspace, and the environment with the inputs' tokens. */
export function actionContext(settings: ActionContextSettings, env: NodeJS.ProcessEnv) {
  return {
    cwd: settings.workspace,
    env: {
      ...env,
      ...(settings.token ? { GITHUB_TOKEN: settings.token } : {}),
      ...(settings.adminToken ? { MLSHIP_ADMIN_TOKEN: settings.adminToken } : {}),
    },
  };
}

/** An explicit target is named as the input it came from (`input 'target'`), not as the CLI's option. */
export function targetNamedByInput(request: DeployRequest, input: string): DeployRequest {
  if (request.sources.target.kind !== "explicit") return request;
  return { ...request, target: { ...request.target, source: `input '${input}'` } };
}

/** The state handed from the main step to the post step. */
export interface ActionState {
  save(name: string, value: string): void;
  get(name: string): string;
}

export const coreActionState: ActionState = {
  save: (name, value) => asOwnCommands(() => core.saveState(name, value)),
  get: (name) => core.getState(name),
};

/**
 * One bundle serves as the main step and the post step (`runs.main` and `runs.post` name the same file, as
 * actions/checkout does): the main step marks the state first, and the post step, which gets the main
 * step's state, finds the mark — also after a main step that was killed.
 */
export async function mainOrPost(
  main: () => Promise<void>,
  post: () => Promise<void>,
  state: ActionState = coreActionState,
): Promise<void> {
  if (state.get(State.post) === "true") return post();
  state.save(State.post, "true");
  return main();
}

/**
 * Runs a rollout with the post step kept informed: where it goes before it starts, the deployment's id and
 * the stable version as soon as they are known, and `finished` once the engine has ended it either way
 * (its own rollback and error statuses included). SIGINT or SIGTERM (the runner cancelling the job) aborts
 * it: the engine puts traffic back on stable and marks the deployment `error`.
 */
export async function runTracked<T>(
  request: DeployRequest,
  opened: OpenedDeploy,
  state: ActionState,
  run: (opened: OpenedDeploy, signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const { plan } = request;
  state.save(State.name, plan.name);
  state.save(State.environment, plan.environment);
  state.save(State.version, plan.version);
  state.save(State.target, request.target.spec);
  state.save(State.registry, request.registry);
  const registry = tap(opened.registry, "recordDeployment", (record: DeploymentRecord) =>
    state.save(State.deploymentId, record.id),
  );
  let stableSaved = false;
  const target = tap(opened.target, "current", (now: { stable: string }) => {
    if (stableSaved) return;
    stableSaved = true;
    state.save(State.stable, now.stable);
  });
  const controller = new AbortController();
  const handlers = (["SIGINT", "SIGTERM"] as const).map((name) => {
    const handler = () => controller.abort(new Error(`${name}: the job was cancelled`));
    process.once(name, handler);
    return { name, handler };
  });
  try {
    return await run({ ...opened, registry, target }, controller.signal);
  } finally {
    for (const { name, handler } of handlers) process.removeListener(name, handler);
    state.save(State.finished, "true");
  }
}

/** `object` with `method` reporting each result to `seen` (the object's own behaviour unchanged). */
function tap<T extends object, R>(object: T, method: keyof T & string, seen: (result: R) => void): T {
  return new Proxy(object, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      if (property !== method) return value.bind(target);
      return async (...args: unknown[]) => {
        // bounded: the arguments of one call of the method
        const result = await value.apply(target, args);
        seen(result);
        return result;
      };
    },
  });
}

/** The `result` output: pass (unchanged counts), fail, inconclusive (a step still inconclusive after max-wait), cancelled. */
export function resultOf(report: DeployReport): "pass" | "fail" | "inconclusive" | "cancelled" {
  if (report.result === "unchanged" || report.result === "pass") return "pass";
  if (report.result === "cancelled") return "cancelled";
  return report.steps.at(-1)?.verdict === "inconclusive" ? "inconclusive" : "fail";
}

/**
 * The outputs, the JSON report in RUNNER_TEMP, the job summary; the step fails (exit 1) when the rollout
 * did not pass (rolled back, cancelled).
 */
export async function publishDeployReport(
  report: DeployReport,
  settings: ActionContextSettings,
  io: ActionIO,
  heading: string,
): Promise<void> {
  const file = join(settings.temp, `mlship-deploy-${report.name}-${report.environment}.json`);
  await writeJsonAtomic(file, report);
  io.setOutput(Output.result, resultOf(report));
  io.setOutput(Output.deploymentId, report.deploymentId);
  io.setOutput(Output.stableVersion, report.stableAfter);
  io.setOutput(Output.reportFile, file);
  io.setOutput(Output.report, file);
  io.info(
    `${report.strategy} of ${report.name}@${report.version} to ${report.environment}: ${report.summary}`,
  );
  await io.writeSummary(renderDeploySummary(report, heading));
  if (report.exitCode !== 0) io.setFailed(report.summary);
}

const VERDICT_MARK: Record<string, string> = {
  pass: "✅",
  fail: "❌",
  inconclusive: "❔",
  promoted: "🚀",
};

/** The job summary: the outcome, the step table, and a chart of the candidate's weight and key figure by step. */
export function renderDeploySummary(report: DeployReport, heading: string): string {
  const result = resultOf(report);
  const links = [
    `deployment ${codeSpan(report.deploymentId)}`,
    `stable ${codeSpan(report.stableAfter)} (was ${codeSpan(report.stableBefore || "none")})`,
    `[serving](${report.targetUrl})`,
  ];
  if (report.incident?.incident) {
    links.push(
      `incident ${report.incident.action}: [${escapeMarkdown(report.incident.incident.title)}](${report.incident.incident.url})`,
    );
  } else if (report.incident?.notice)
    links.push(`incident not recorded: ${escapeMarkdown(report.incident.notice)}`);
  const parts = [
    `### ${escapeMarkdown(heading)}: ${escapeMarkdown(`${report.strategy} of ${report.name}@${report.version} to ${report.environment}`)} — ${VERDICT_MARK[result] ?? ""} ${result}`,
    escapeMarkdown(report.summary),
    links.join(" · "),
  ];
  if (report.steps.length > 0) {
    parts.push(
      markdownTable(
        ["step", "weight", "verdict", "requests (candidate/stable)", "analysis"],
        report.steps.map((step, i) => [
          String(i + 1),
          `${formatNumber(step.weight)}%`,
          `${VERDICT_MARK[step.verdict] ?? ""} ${step.verdict === step.outcome ? step.verdict : `${step.verdict} → ${step.outcome}`}`,
          step.verdict === "promoted"
            ? ""
            : `${count(step.requests.candidate)}/${count(step.requests.stable)}`,
          step.description,
        ]),
        [1],
      ),
      stepChart(report),
    );
    const last = report.steps.filter((s) => s.checks.length > 0).at(-1);
    if (last) {
      parts.push(
        `**Checks at ${formatNumber(last.weight)}%**`,
        markdownTable(
          ["check", "candidate", "bound", "verdict", "why"],
          last.checks.map((check) => [
            check.rule,
            figure(check.value),
            figure(check.bound),
            `${VERDICT_MARK[check.verdict]} ${check.verdict}`,
            check.reason,
          ]),
          [1, 2],
        ),
      );
    }
  }
  if (report.unwrittenStatus)
    parts.push(`⚠️ The final status could not be written: ${escapeMarkdown(report.unwrittenStatus)}`);
  return `${parts.join("\n\n")}\n`;
}

const count = (n: number | undefined) => (n === undefined ? "—" : formatNumber(n));
const figure = (x: number | null) => (x === null ? "—" : formatNumber(x));

/**
 * The candidate's weight by step (bars, left axis in percent) and its key figure — the check that decided
 * the rollout, else the first check — as a line scaled onto the same axis (its range in the title).
 */
function stepChart(report: DeployReport): string {
  const labels = report.steps.map((s, i) => `"${i + 1}: ${formatNumber(s.weight)}%"`);
  const key: CheckResult | undefined =
    report.failedCheck ?? report.steps.find((s) => s.checks.length > 0)?.checks[0];
  const values = key
    ? report.steps.map(
        (s) => s.checks.find((c) => c.metric === key.metric && c.rule === key.rule)?.value ?? null,
      )
    : [];
  const known = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const lines = [
    "```mermaid",
    "xychart-beta",
    `  title "${mermaidText(`${report.name}@${report.version}: candidate weight by step`)}"`,
    `  x-axis [${labels.join(", ")}]`,
    '  y-axis "weight (%)" 0 --> 100',
    `  bar [${report.steps.map((s) => mermaidNumber(s.weight)).join(", ")}]`,
  ];
  if (key && known.length > 0) {
    const top = known.reduce((max, v) => Math.max(max, Math.abs(v)), 0) || 1;
    // The key figure on the weight axis: 100 is its largest magnitude over the steps.
    lines[2] = `  title "${mermaidText(`${report.name}@${report.version}: weight (bars) and ${key.metric} (line, 100 = ${formatNumber(top)}) by step`)}"`;
    lines.push(
      `  line [${values.map((v) => mermaidNumber(v === null ? 0 : (Math.abs(v) / top) * 100)).join(", ")}]`,
    );
  }
  lines.push("```");
  return lines.join("\n");
}

/** What the post step needs besides the saved state: the tokens, from the inputs again (never the state). */
export interface PostSettings {
  token?: string;
  adminToken?: string;
  workspace: string;
}

const ACTIVE = new Set(["pending", "queued", "in_progress"]);

/**
 * The post step: nothing when the main step finished (or never recorded a deployment); otherwise the
 * deployment it left in progress is ended — the candidate's weight 0 on the target (stable untouched) and
 * the deployment marked `error` saying the job stopped mid-rollout.
 */
export async function runDeployPost(
  settings: PostSettings,
  state: ActionState,
  io: ActionIO,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const id = state.get(State.deploymentId);
  if (state.get(State.finished) === "true" || !id) return;
  const [name, environment, version, spec, registrySpec] = [
    State.name,
    State.environment,
    State.version,
    State.target,
    State.registry,
  ].map((key) => state.get(key));
  const context = actionContext({ ...settings, temp: "" }, env);
  const log = (message: string) => io.info(message);
  const { registry } = openRecords(registrySpec, { ...context, log });
  const target = parseTarget(spec, { env: context.env, source: "the main step's target" });
  const record = await findDeployment(registry, name, environment, id);
  if (!record || !ACTIVE.has(record.state)) {
    io.info(
      `deployment ${id} of ${name}@${version} already ended (${record?.state ?? "not found"}); nothing to undo`,
    );
    return;
  }
  // What serves now decides what the record says: the candidate may have become stable just before the stop.
  const now = await target.current(name);
  const switched = now.stable === version && now.candidate === undefined;
  const where = switched
    ? `${version} had become stable; the rollout was not recorded to its end`
    : `traffic back on ${now.stable}`;
  await endDeployment(
    record,
    { registry, target },
    `cancelled: the job stopped mid-rollout; ${where} (post step)`,
  );
  const before = state.get(State.stable);
  const line = `The main step stopped before the rollout of ${name}@${version} to ${environment} ended (cancelled or killed): ${where}${before ? ` (stable when it began: ${before})` : ""}; deployment ${id} is marked error.`;
  io.annotate("warning", line, { title: "mlship deploy: rollout cancelled" });
  await io.writeSummary(`### mlship deploy: rollout cancelled\n\n${escapeMarkdown(line)}\n`);
}

async function findDeployment(
  registry: Registry,
  name: string,
  environment: string,
  id: string,
): Promise<DeploymentRecord | undefined> {
  return (await registry.history(name, environment)).find((record) => record.id === id);
}
