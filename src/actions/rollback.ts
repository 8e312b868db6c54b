/**
 * The rollback action: `mlship rollback` — the environment goes back to its previous good version (or
 * `to`) at once, recorded as a `direct` deployment with `success`; the inputs become the rollback request
 * (src/deploy/request.ts), the work is src/deploy/rollback.ts's.
 */
import * as core from "@actions/core";
import { z } from "zod";
import { openRecords } from "../deploy/open-deploy.js";
import { type RollbackGiven, resolveRollbackRequest } from "../deploy/request.js";
import { type RollbackReport, runRollback } from "../deploy/rollback.js";
import { parseTarget } from "../deploy/server-target.js";
import { codeSpan, escapeMarkdown } from "../lib/markdown.js";
import { readActionInputs } from "./action-inputs.js";
import { type ActionIO, inputSpelling, maskSecret } from "./action-io.js";
import { RollbackInput as Input, RollbackOutput as Output } from "./constants.js";
import { actionContext } from "./deploy-action.js";
import { configOf } from "./deploy-canary.js";

export interface RollbackSettings {
  given: RollbackGiven;
  token?: string;
  adminToken?: string;
  workspace: string;
}

/** How this action's errors name a setting: `input 'to'`, `input 'environment'`. */
export const spellInput = inputSpelling(Input);

export function getInputs(
  readInput: (name: string) => string = (name) => core.getInput(name),
  env: NodeJS.ProcessEnv = process.env,
  mask: (secret: string) => void = maskSecret,
): RollbackSettings {
  const { raw } = readActionInputs(Object.values(Input), z.object({}), readInput, {
    secrets: [Input.token, Input.adminToken],
    mask,
  });
  return {
    given: {
      config: configOf(raw[Input.config]),
      name: raw[Input.name],
      environment: raw[Input.environment],
      to: raw[Input.to],
      target: raw[Input.target],
      registry: raw[Input.registry],
    },
    token: raw[Input.token],
    adminToken: raw[Input.adminToken],
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
  };
}

export async function runRollbackAction(
  settings: RollbackSettings,
  io: ActionIO,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const context = actionContext({ ...settings, temp: "" }, env);
  const request = await resolveRollbackRequest(settings.given, context);
  const log = (message: string) => io.info(message);
  const source = settings.given.target === undefined ? request.target.source : `input '${Input.target}'`;
  const target = parseTarget(request.target.spec, { env: context.env, source });
  const records = openRecords(request.registry, {
    ...context,
    log,
    describeSpec: (spec) => `the '${Input.registry}' input (${spec})`,
  });
  const report = await runRollback(request.plan, { ...records, target, log });
  io.setOutput(Output.version, report.to);
  io.setOutput(Output.deploymentId, report.deploymentId ?? "");
  io.info(`rollback of ${report.name} in ${report.environment}: ${report.summary}`);
  await io.writeSummary(renderRollbackSummary(report));
  if (report.exitCode !== 0) io.setFailed(report.summary);
}

export function renderRollbackSummary(report: RollbackReport): string {
  const lines = [
    `### mlship rollback: ${escapeMarkdown(`${report.name} in ${report.environment}`)} — ${report.result}`,
    escapeMarkdown(report.summary),
    `${codeSpan(report.from)} → ${codeSpan(report.to)} · [serving](${report.targetUrl})${
      report.deploymentId
        ? ` · deployment ${codeSpan(report.deploymentId)} (undid ${codeSpan(report.rollbackOf ?? "")})`
        : ""
    }`,
  ];
  if (report.ended) lines.push(`Ended deployment ${codeSpan(report.ended)}, left in progress.`);
  if (report.incident?.incident) {
    lines.push(
      `Incident ${report.incident.action}: [${escapeMarkdown(report.incident.incident.title)}](${report.incident.incident.url})`,
    );
  }
  return `${lines.join("\n\n")}\n`;
}
