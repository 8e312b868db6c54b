/**
 * The deploy request: the one place that merges what the user gave (`mlship deploy`'s options, an
 * action's inputs) with mlship.yml's `deploy:` and `analysis:` sections and the environment, and holds
 * every default of a rollout (docs/design.md, "Rollouts"). Adapters map their spelling onto these
 * settings; they keep no default or check of their own.
 */
import { resolve } from "node:path";
import { z } from "zod";
import { configFileOf, configuredSource, loadConfig, type MlshipConfig } from "../config/index.js";
import { DEPLOY_STRATEGIES, DURATION_TEXT } from "../config/sections/deploy.js";
import { MlshipError } from "../lib/errors.js";
import { locationOf, type SettingSource, settingCollector } from "../lib/setting-source.js";
import { DEFAULT_REGISTRY } from "../registry/open-registry.js";
import { checkEnvironment, checkModelName, checkVersion } from "../registry/refs.js";
import { StickyKeySchema } from "../serve/rollout.js";
import { type CheckText, configuredChecks, parseChecks } from "./analysis.js";
import type { RollbackPlan } from "./rollback.js";
import type { DeployPlan, DeployStrategy } from "./run-deploy.js";

/** What a rollout uses unless told otherwise. */
export const DEPLOY_DEFAULTS = {
  strategy: "canary",
  steps: [10, 25, 50, 100],
  /** Seconds per canary step (and its analysis window). */
  interval: 60,
  /** Seconds an inconclusive step waits beyond its interval. */
  maxWait: 300,
  /** bluegreen: seconds the old version stays warm while the switch is analysed. */
  keepWarm: 300,
  /** ab: seconds the split runs at most. */
  abDuration: 3600,
  /** ab: the confidence of the two-sample test. */
  abConfidence: 0.95,
  /** ab: labelled rows each arm needs before the test decides. */
  abMinLabelled: 100,
  /** mlship serve's own default address. */
  target: "server:http://127.0.0.1:8080",
} as const;

const DURATION_UNITS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600 };

/** Seconds from `90`, `"90"`, `"60s"`, `"5m"`, `"1h"` or `"500ms"`. */
export function durationSetting(what: string, min: number) {
  return z.union([z.number(), z.string()]).transform((raw, ctx) => {
    const match = DURATION_TEXT.exec(String(raw));
    const seconds = match ? Number(match[1]) * DURATION_UNITS[(match[2] ?? "s").toLowerCase()] : Number.NaN;
    if (!Number.isFinite(seconds) || seconds < min || seconds > 86_400) {
      ctx.addIssue({
        code: "custom",
        message: `expected ${what}: a duration from ${min}s to 24h (60s, 5m, 1h, 500ms, or seconds), got ${JSON.stringify(raw)}`,
      });
      return z.NEVER;
    }
    return seconds;
  });
}

/** `10,25,50,100` or a list of numbers: ascending weights in (0, 100]; 100 is added when missing. */
const stepsSetting = z.union([z.string(), z.array(z.number())]).transform((raw, ctx) => {
  const items = typeof raw === "string" ? raw.split(",").map((s) => s.trim()) : raw;
  const steps = items.map((item) =>
    typeof item === "number" ? item : item === "" ? Number.NaN : Number(item),
  );
  const bad = steps.findIndex((w, i) => !(w > 0 && w <= 100) || (i > 0 && w <= steps[i - 1]));
  if (steps.length === 0 || bad >= 0) {
    ctx.addIssue({
      code: "custom",
      message: `expected ascending weights in percent above 0 and at most 100 (e.g. 10,25,50,100), got ${JSON.stringify(raw)}${bad >= 0 ? ` (item ${bad + 1}: ${JSON.stringify(items[bad])})` : ""}`,
    });
    return z.NEVER;
  }
  return steps.at(-1) === 100 ? steps : [...steps, 100];
});

const text = z.string().min(1);

export const DeployRequestSchema = z.object({
  name: z.string({ error: "required: the model's name: give it, or set model.name in mlship.yml" }).min(1),
  version: z.string({ error: "no version to deploy: give --version" }).min(1),
  environment: z.string({ error: "no environment: give --env (e.g. staging, production)" }).min(1),
  strategy: z.enum(DEPLOY_STRATEGIES, {
    error: (issue) => `expected one of ${DEPLOY_STRATEGIES.join(", ")}, got ${JSON.stringify(issue.input)}`,
  }),
  steps: stepsSetting,
  interval: durationSetting("the step interval", 0.001),
  maxWait: durationSetting("the longest extra wait of an inconclusive step", 0),
  checks: z.array(text).optional(),
  keepWarm: durationSetting("how long the old version stays warm after a bluegreen switch", 0),
  duration: durationSetting("how long the split (ab) or the copies (shadow) run", 0.001).optional(),
  smoke: text.optional(),
  stickyKey: StickyKeySchema.optional(),
  target: text,
  registry: text,
});

export type DeploySetting = keyof typeof DeployRequestSchema.shape;

/** What the adapter was given, as the user typed it; unset settings are left out. */
export interface DeployGiven {
  config?: string;
  name?: string;
  version?: string;
  environment?: string;
  strategy?: string;
  steps?: string;
  interval?: string;
  maxWait?: string;
  checks?: string[];
  /** bluegreen: a data file of smoke rows. */
  smoke?: string;
  keepWarm?: string;
  duration?: string;
  stickyKey?: string;
  target?: string;
  registry?: string;
}

export interface DeployRequest {
  plan: DeployPlan;
  /** The target spec (`server:<url>`) and how messages name where it came from. */
  target: { spec: string; source: string };
  registry: string;
  /** The Prometheus the analysis reads, when mlship.yml's analysis.prometheus is set. */
  prometheus?: MlshipConfig["analysis"]["prometheus"];
  sources: Record<DeploySetting, SettingSource>;
  configFile?: string;
}

export interface DeployContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** `where` a setting's value came from, as a message names it (`--target`, `mlship.yml:4 (deploy.target)`). */
export function describeSetting(source: SettingSource, option: string): string {
  if (source.kind === "config")
    return `${source.file}${source.line ? `:${source.line}` : ""} (${source.key})`;
  if (source.kind === "environment") return source.variable;
  if (source.kind === "default") return `the default ${option}`;
  return option;
}

/**
 * Merges `given` (explicit), mlship.yml and the environment into the rollout's plan.
 * @throws MlshipError (exit 2) located at the setting, the config key or the variable that is wrong; a
 * check that cannot be read `bad_check` / `unknown_metric`.
 */
export async function resolveDeployRequest(
  given: DeployGiven,
  context: DeployContext,
): Promise<DeployRequest> {
  const config = await loadConfig(given.config, { cwd: context.cwd });
  const configFile = configFileOf(config);
  const explicit: SettingSource = { kind: "explicit" };
  const configured = configuredSource(config);
  const fallback = (value: unknown): [unknown, SettingSource] => [value, { kind: "default" }];
  const { sources, values, set } = settingCollector(DeployRequestSchema);
  const deploy = config.deploy;

  set("name", [
    [given.name, explicit],
    [config.model.name, configured("model.name")],
  ]);
  set("version", [[given.version, explicit]]);
  set("environment", [[given.environment, explicit]]);
  set("strategy", [
    [given.strategy, explicit],
    [deploy.strategy, configured("deploy.strategy")],
    fallback(DEPLOY_DEFAULTS.strategy),
  ]);
  set("steps", [
    [given.steps, explicit],
    [deploy.steps, configured("deploy.steps")],
    fallback([...DEPLOY_DEFAULTS.steps]),
  ]);
  set("interval", [
    [given.interval, explicit],
    [deploy.interval, configured("deploy.interval")],
    fallback(DEPLOY_DEFAULTS.interval),
  ]);
  set("maxWait", [
    [given.maxWait, explicit],
    [deploy.max_wait, configured("deploy.max_wait")],
    fallback(DEPLOY_DEFAULTS.maxWait),
  ]);
  set("checks", [
    [given.checks?.length ? given.checks : undefined, explicit],
    [deploy.checks, configured("deploy.checks")],
  ]);
  set("keepWarm", [
    [given.keepWarm, explicit],
    [deploy.keep_warm, configured("deploy.keep_warm")],
    fallback(DEPLOY_DEFAULTS.keepWarm),
  ]);
  set("duration", [
    [given.duration, explicit],
    [deploy.duration, configured("deploy.duration")],
  ]);
  set("smoke", [
    [given.smoke, explicit],
    [deploy.smoke, configured("deploy.smoke")],
  ]);
  set("stickyKey", [
    [given.stickyKey, explicit],
    [deploy.sticky_key, configured("deploy.sticky_key")],
  ]);
  set("target", [
    [given.target, explicit],
    [deploy.target, configured("deploy.target")],
    fallback(DEPLOY_DEFAULTS.target),
  ]);
  set("registry", [
    [given.registry, explicit],
    [context.env.MLSHIP_REGISTRY || undefined, { kind: "environment", variable: "MLSHIP_REGISTRY" }],
    fallback(DEFAULT_REGISTRY),
  ]);

  const at = (setting: DeploySetting) => locationOf(setting, sources[setting]);
  const located = <T>(setting: DeploySetting, check: () => T): T => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof MlshipError)) throw error;
      throw new MlshipError(error.code, error.message, at(setting), error.exitCode);
    }
  };
  const strategy = values.strategy as DeployStrategy;
  const name = located("name", () => checkModelName(values.name as string));
  const version = located("version", () => checkVersion((values.version as string).replace(/^v(?=\d)/, "")));
  const environment = located("environment", () => checkEnvironment(values.environment as string));
  const checks = parseChecks(checkTexts(values.checks as string[] | undefined, sources.checks, configured));
  const plan: DeployPlan = {
    name,
    version,
    environment,
    strategy,
    steps: values.steps as number[],
    intervalSeconds: values.interval as number,
    maxWaitSeconds: values.maxWait as number,
    checks,
    minRequests: config.analysis.min_requests,
    inconclusive: config.analysis.inconclusive,
    keepWarmSeconds: values.keepWarm as number,
    ...runUrlOf(context.env),
  };
  const duration = values.duration as number | undefined;
  if (duration !== undefined) plan.durationSeconds = duration;
  const smoke = values.smoke as string | undefined;
  if (smoke !== undefined) {
    plan.smoke = {
      file: resolve(context.cwd, smoke),
      source: describeSetting(sources.smoke, "--smoke"),
    };
  }
  const stickyKey = values.stickyKey as string | undefined;
  if (stickyKey !== undefined) plan.stickyKey = stickyKey;
  if (strategy === "ab") {
    plan.ab = {
      ...(deploy.ab?.metric ? { metric: deploy.ab.metric } : {}),
      confidence: deploy.ab?.confidence ?? DEPLOY_DEFAULTS.abConfidence,
      minLabelled: deploy.ab?.min_labelled ?? DEPLOY_DEFAULTS.abMinLabelled,
    };
    plan.durationSeconds ??= DEPLOY_DEFAULTS.abDuration;
  }
  const actor = actorOf(context.env);
  if (actor) plan.extras = { actor };
  return {
    plan,
    target: {
      spec: values.target as string,
      source: describeSetting(sources.target, "--target"),
    },
    registry: values.registry as string,
    ...(config.analysis.prometheus ? { prometheus: config.analysis.prometheus } : {}),
    sources,
    configFile,
  };
}

/** The checks' texts with their sources: `--check`, `mlship.yml:12 (deploy.checks[2])`, or none (defaults). */
function checkTexts(
  texts: string[] | undefined,
  source: SettingSource,
  configured: (key: string) => SettingSource,
): CheckText[] {
  if (!texts) return [];
  if (source.kind === "config") return configuredChecks(texts, configured);
  return texts.map((text) => ({ text, source: "--check" }));
}

/** The run's page in GitHub Actions (GITHUB_SERVER_URL/GITHUB_REPOSITORY/actions/runs/GITHUB_RUN_ID). */
export function runUrlOf(env: NodeJS.ProcessEnv): { runUrl?: string } {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_RUN_ID: run } = env;
  if (!repository || !run) return {};
  return {
    runUrl: `${(server || "https://github.com").replace(/\/+$/, "")}/${repository}/actions/runs/${run}`,
  };
}

export const RollbackRequestSchema = z.object({
  name: DeployRequestSchema.shape.name,
  environment: DeployRequestSchema.shape.environment,
  to: text.optional(),
  target: text,
  registry: text,
});

export interface RollbackGiven {
  config?: string;
  name?: string;
  environment?: string;
  to?: string;
  target?: string;
  registry?: string;
}

export interface RollbackRequest {
  plan: RollbackPlan;
  target: { spec: string; source: string };
  registry: string;
}

/**
 * Merges `given`, mlship.yml (model.name, deploy.target) and the environment into a rollback.
 * @throws MlshipError (exit 2) located at the setting that is wrong.
 */
export async function resolveRollbackRequest(
  given: RollbackGiven,
  context: DeployContext,
): Promise<RollbackRequest> {
  const config = await loadConfig(given.config, { cwd: context.cwd });
  const explicit: SettingSource = { kind: "explicit" };
  const configured = configuredSource(config);
  const { sources, values, set } = settingCollector(RollbackRequestSchema);
  set("name", [
    [given.name, explicit],
    [config.model.name, configured("model.name")],
  ]);
  set("environment", [[given.environment, explicit]]);
  set("to", [[given.to, explicit]]);
  set("target", [
    [given.target, explicit],
    [config.deploy.target, configured("deploy.target")],
    [DEPLOY_DEFAULTS.target, { kind: "default" }],
  ]);
  set("registry", [
    [given.registry, explicit],
    [context.env.MLSHIP_REGISTRY || undefined, { kind: "environment", variable: "MLSHIP_REGISTRY" }],
    [DEFAULT_REGISTRY, { kind: "default" }],
  ]);
  const located = <T>(setting: keyof typeof sources, check: () => T): T => {
    try {
      return check();
    } catch (error) {
      if (!(error instanceof MlshipError)) throw error;
      throw new MlshipError(error.code, error.message, locationOf(setting, sources[setting]), error.exitCode);
    }
  };
  const to = values.to as string | undefined;
  const actor = actorOf(context.env);
  return {
    plan: {
      name: located("name", () => checkModelName(values.name as string)),
      environment: located("environment", () => checkEnvironment(values.environment as string)),
      ...(to === undefined ? {} : { to: located("to", () => checkVersion(to.replace(/^v(?=\d)/, ""))) }),
      ...runUrlOf(context.env),
      ...(actor ? { actor } : {}),
    },
    target: { spec: values.target as string, source: describeSetting(sources.target, "--target") },
    registry: values.registry as string,
  };
}

export interface PromoteGiven extends DeployGiven {
  force?: boolean;
  reason?: string;
}

/**
 * A promotion: the deploy request with strategy `direct` unless one is given (mlship.yml's deploy.strategy
 * is for rollouts, not promotions), plus --force and its reason.
 */
export async function resolvePromoteRequest(
  given: PromoteGiven,
  context: DeployContext,
): Promise<DeployRequest & { force: boolean; reason?: string }> {
  const request = await resolveDeployRequest({ ...given, strategy: given.strategy ?? "direct" }, context);
  const reason = given.reason?.trim() || undefined;
  if (reason !== undefined && !given.force) {
    throw new MlshipError(
      "bad_usage",
      "given without force: a reason is what a forced promotion records (--force, or the promote action's force input)",
      {
        setting: "reason",
      },
    );
  }
  return { ...request, force: given.force === true, ...(reason ? { reason } : {}) };
}

/** Who asked: GITHUB_TRIGGERING_ACTOR (who started a rerun), else GITHUB_ACTOR. */
export function actorOf(env: NodeJS.ProcessEnv): string | undefined {
  return env.GITHUB_TRIGGERING_ACTOR || env.GITHUB_ACTOR || undefined;
}
