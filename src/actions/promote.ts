/**
 * The promote action: `mlship promote` in a job that runs in the environment's GitHub Environment, so its
 * required reviewers approve it. The inputs become the promote request (src/deploy/request.ts); the
 * release must hold an evaluation.json with a passed gate unless `force` with a `reason`; who asked and the
 * run's Environment approvals (REST: the run's approvals) go into the deployment's payload; then the
 * version is deployed by `strategy` (default direct), with deploy-canary's outputs, summary and post step.
 */
import * as core from "@actions/core";
import { z } from "zod";
import { approvalsReader, openDeploy } from "../deploy/open-deploy.js";
import { runPromote } from "../deploy/promote.js";
import { type PromoteGiven, resolvePromoteRequest } from "../deploy/request.js";
import { flag, readActionInputs } from "./action-inputs.js";
import { type ActionIO, inputSpelling, maskSecret } from "./action-io.js";
import { PromoteInput as Input } from "./constants.js";
import {
  type ActionContextSettings,
  type ActionState,
  actionContext,
  coreActionState,
  publishDeployReport,
  runTracked,
  targetNamedByInput,
} from "./deploy-action.js";
import { deployInputs } from "./deploy-canary.js";

export interface PromoteSettings extends ActionContextSettings {
  given: PromoteGiven;
}

/** How this action's errors name a setting: `input 'reason'`, `input 'version'`. */
export const spellInput = inputSpelling(Input);

const InputsSchema = z.object({ [Input.force]: flag(false) });

export function getInputs(
  readInput: (name: string) => string = (name) => core.getInput(name),
  env: NodeJS.ProcessEnv = process.env,
  mask: (secret: string) => void = maskSecret,
): PromoteSettings {
  const { raw, inputs } = readActionInputs(Object.values(Input), InputsSchema, readInput, {
    secrets: [Input.token, Input.adminToken],
    mask,
  });
  const deploy = deployInputs(raw, env);
  return { ...deploy, given: { ...deploy.given, force: inputs[Input.force], reason: raw[Input.reason] } };
}

export async function runPromoteAction(
  settings: PromoteSettings,
  io: ActionIO,
  state: ActionState = coreActionState,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const context = actionContext(settings, env);
  const resolved = await resolvePromoteRequest(settings.given, context);
  const request = { ...resolved, ...targetNamedByInput(resolved, Input.target) };
  const log = (message: string) => io.info(message);
  const opened = openDeploy(request, {
    ...context,
    log,
    describeSpec: (spec) => `the '${Input.registry}' input (${spec})`,
  });
  const approvals = approvalsReader(context.env, log);
  const report = await runTracked(request, opened, state, (deps, signal) =>
    runPromote(
      { deploy: request.plan, force: request.force, reason: request.reason },
      { ...deps, signal, log, approvals },
    ),
  );
  await publishDeployReport(
    report,
    settings,
    io,
    `mlship promote (evaluation: ${report.forced ? `${report.evaluation} — forced` : report.evaluation})`,
  );
}
