/**
 * The deploy-canary action: its inputs become the deploy request (src/deploy/request.ts, the same as
 * `mlship deploy`'s), the rollout runs through the engine (src/deploy/run-deploy.ts) with its records in
 * the registry (GitHub Deployments by default), then the outputs, the JSON report and the job summary.
 * Its `post:` step (the same bundle: mainOrPost in deploy-action.ts) ends a rollout the job left behind
 * when cancelled or killed.
 */
import { tmpdir } from "node:os";
import * as core from "@actions/core";
import { z } from "zod";
import { openDeploy } from "../deploy/open-deploy.js";
import { type DeployGiven, resolveDeployRequest } from "../deploy/request.js";
import { runDeploy } from "../deploy/run-deploy.js";
import { readActionInputs } from "./action-inputs.js";
import { type ActionIO, inputSpelling, maskSecret } from "./action-io.js";
import { DEFAULT_CONFIG_FILE, DeployCanaryInput as Input } from "./constants.js";
import {
  type ActionContextSettings,
  type ActionState,
  actionContext,
  coreActionState,
  publishDeployReport,
  runTracked,
  targetNamedByInput,
} from "./deploy-action.js";

export interface DeployCanarySettings extends ActionContextSettings {
  given: DeployGiven;
}

/** How this action's errors name a setting: `input 'version'`, `input 'max-wait'`. */
export const spellInput = inputSpelling(Input);

/** A multi-line input of rules: one a line; blank lines and `#` comments left out. */
export function ruleLines(text: string | undefined): string[] | undefined {
  const rules = (text ?? "")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"));
  return rules.length > 0 ? rules : undefined;
}

/** The config input: its default (mlship.yml) means "mlship.yml or mlship.yaml when present". */
export function configOf(config: string | undefined): string | undefined {
  return config === DEFAULT_CONFIG_FILE ? undefined : config;
}

/**
 * The deploy settings and tokens as given, read from inputs deploy-canary and promote both declare under
 * the same names (promote adds `force` and `reason`).
 */
export function deployInputs(
  raw: Record<string, string | undefined>,
  env: NodeJS.ProcessEnv,
): DeployCanarySettings {
  return {
    given: {
      config: configOf(raw[Input.config]),
      name: raw[Input.name],
      version: raw[Input.version],
      environment: raw[Input.environment],
      strategy: raw[Input.strategy],
      steps: raw[Input.steps],
      interval: raw[Input.interval],
      maxWait: raw[Input.maxWait],
      checks: ruleLines(raw[Input.checks]),
      smoke: raw[Input.smoke],
      keepWarm: raw[Input.keepWarm],
      duration: raw[Input.duration],
      stickyKey: raw[Input.stickyKey],
      target: raw[Input.target],
      registry: raw[Input.registry],
    },
    token: raw[Input.token],
    adminToken: raw[Input.adminToken],
    temp: env.RUNNER_TEMP || tmpdir(),
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
  };
}

/** Reads the inputs as given; the tokens are masked first. Every default and check is the request's. */
export function getInputs(
  readInput: (name: string) => string = (name) => core.getInput(name),
  env: NodeJS.ProcessEnv = process.env,
  mask: (secret: string) => void = maskSecret,
): DeployCanarySettings {
  const { raw } = readActionInputs(Object.values(Input), z.object({}), readInput, {
    secrets: [Input.token, Input.adminToken],
    mask,
  });
  return deployInputs(raw, env);
}

export async function runDeployCanary(
  settings: DeployCanarySettings,
  io: ActionIO,
  state: ActionState = coreActionState,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const context = actionContext(settings, env);
  const request = targetNamedByInput(await resolveDeployRequest(settings.given, context), Input.target);
  const log = (message: string) => io.info(message);
  const opened = openDeploy(request, {
    ...context,
    log,
    describeSpec: (spec) => `the '${Input.registry}' input (${spec})`,
  });
  const report = await runTracked(request, opened, state, (deps, signal) =>
    runDeploy(request.plan, { ...deps, signal, log }),
  );
  await publishDeployReport(report, settings, io, "mlship deploy");
}

/** The post step's settings: only the tokens, read from the inputs again (state is not secret). */
export function getPostInputs(
  readInput: (name: string) => string = (name) => core.getInput(name),
  env: NodeJS.ProcessEnv = process.env,
  mask: (secret: string) => void = maskSecret,
) {
  const { raw } = readActionInputs([Input.token, Input.adminToken], z.object({}), readInput, {
    secrets: [Input.token, Input.adminToken],
    mask,
  });
  return {
    token: raw[Input.token],
    adminToken: raw[Input.adminToken],
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
  };
}
