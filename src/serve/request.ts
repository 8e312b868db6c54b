/**
 * The serve request: the one place that merges what the user gave (`mlship serve`'s options) with
 * mlship.yml and the environment, and holds every default and range of the model server
 * (docs/design.md, "Model server"). The CLI maps its spelling onto these settings; it keeps no
 * default or check of its own.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { z } from "zod";
import { configFileOf, configuredSource, loadConfig, type MlshipConfig } from "../config/index.js";
import { MlshipError } from "../lib/errors.js";
import { numberSetting, type SettingSource, settingCollector } from "../lib/setting-source.js";
import { DEFAULT_REGISTRY } from "../registry/open-registry.js";

const text = z.string().min(1);

/** What the server uses unless told otherwise. */
export const SERVE_DEFAULTS = {
  port: 8080,
  host: "127.0.0.1",
  /** 10 MiB: a few tens of thousands of rows of a few dozen features. */
  bodyLimit: "10mb",
  /** Seconds to receive a request and to answer it. */
  timeout: 30,
  /** The most rows the dynamic batcher puts in one session run. */
  maxBatch: 256,
  /** Milliseconds the first queued request waits for others; 0 turns batching off. */
  maxDelayMs: 2,
  /** The share of requests the prediction log keeps: every one. */
  logSample: 1,
  /** A prediction log file is finished (renamed to .jsonl) and a new one started at this size. */
  logMaxBytes: "64mb",
  /** Prometheus metrics, live statistics and feedback are collected (`--no-metrics` turns them off). */
  metrics: true,
} as const;

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i;
const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
/** The largest body the server takes (1 GiB), and the smallest (1 KiB: an infer request of a few rows). */
const MAX_BODY = 1024 ** 3;
const MIN_BODY = 1024;

/** A size in bytes, given as `1048576`, `512kb`, `10mb` or `1gb` (1 kb = 1024 bytes). */
export function sizeSetting() {
  return z.union([z.number(), z.string()]).transform((raw, ctx) => {
    const match = SIZE.exec(String(raw));
    const bytes = match ? Math.round(Number(match[1]) * SIZE_UNITS[(match[2] ?? "b").toLowerCase()]) : NaN;
    if (!Number.isFinite(bytes) || bytes < MIN_BODY || bytes > MAX_BODY) {
      ctx.addIssue({
        code: "custom",
        message: `expected a size from 1kb to 1gb (bytes, or a number with kb, mb or gb), got ${JSON.stringify(raw)}`,
      });
      return z.NEVER;
    }
    return bytes;
  });
}

/** Every setting of the server, checked. */
export const ServeRequestSchema = z.object({
  /** TCP port; 0 lets the system choose (the line `listening on …` says which). */
  port: numberSetting({ min: 0, max: 65_535, integer: true }),
  host: text,
  /** Where registry refs resolve; default MLSHIP_REGISTRY, else local:.mlship/registry. */
  registry: text,
  /** Registry refs (`churn@production`) or local `.onnx` files; default `<model.name>@production`. */
  models: z
    .array(text, { error: "no model to serve: give --model, or set model.name in mlship.yml" })
    .min(1, "no model to serve: give --model, or set model.name in mlship.yml"),
  /** The largest request body, in bytes. */
  bodyLimit: sizeSetting(),
  /** Seconds a request may take to arrive and to be answered. */
  timeout: numberSetting({ min: 0.001, max: 3600 }),
  /** A file holding the admin API's bearer token (read once, trimmed); else MLSHIP_ADMIN_TOKEN. */
  adminTokenFile: text.optional(),
  /** The most rows one batched session run takes (a larger request runs alone). */
  maxBatch: numberSetting({ min: 1, max: 1_000_000, integer: true }),
  /** Milliseconds the dynamic batcher waits for more requests; 0 = no batching. */
  maxDelayMs: numberSetting({ min: 0, max: 1000 }),
  /** A folder keeping the rollouts and loaded versions across restarts (`<dir>/state.json`). */
  state: text.optional(),
  /** A folder for the prediction log (JSON Lines, one line per row, under `<dir>/<model>/`); unset: no log. */
  logPredictions: text.optional(),
  /** The share (0, 1] of requests the prediction log keeps, every row of each. */
  logSample: numberSetting({ min: 0, max: 1 }).refine((share) => share > 0, {
    error: (issue) => `expected a number above 0 and at most 1, got ${JSON.stringify(issue.input)}`,
  }),
  /** The size at which a prediction log file is finished and the next one started. */
  logMaxBytes: sizeSetting(),
  /**
   * Whether the server watches its traffic: Prometheus metrics, live statistics and feedback. Off,
   * `/metrics`, `/admin/models/{name}/stats` and `/v1/feedback` answer 404; routing is unchanged.
   */
  metrics: z.boolean(),
});

export type ServeSetting = keyof typeof ServeRequestSchema.shape;

/** What the adapter was given, as the user typed it; unset settings are left out. */
export type ServeGiven = { [K in Exclude<ServeSetting, "models" | "metrics">]?: string } & {
  models?: string[];
  /** false: `--no-metrics`. */
  metrics?: boolean;
  /** The mlship.yml to read; unset: mlship.yml (or .yaml) in `cwd` when present. */
  config?: string;
};

export type ServeRequest = z.output<typeof ServeRequestSchema> & {
  /** Where each setting's value came from. */
  sources: Record<ServeSetting, SettingSource>;
  /** The mlship.yml read, if any. */
  configFile?: string;
  /** mlship.yml's model.name and model.features: the column order of that model's one [N, F] input. */
  configuredFeatures?: { model: string; names: string[]; from: string };
  /** The admin API's bearer token and where it came from; never logged, never written out. */
  admin?: AdminToken;
};

export interface AdminToken {
  token: string;
  /** `MLSHIP_ADMIN_TOKEN`, or the file it was read from. */
  from: { kind: "environment"; variable: "MLSHIP_ADMIN_TOKEN" } | { kind: "file"; file: string };
}

export interface ServeContext {
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/**
 * Merges `given` (explicit), mlship.yml and the environment into the serve request.
 * @throws MlshipError `bad_usage` located at the setting, the config key or the variable that is wrong.
 */
export async function resolveServeRequest(given: ServeGiven, context: ServeContext): Promise<ServeRequest> {
  const config: MlshipConfig = await loadConfig(given.config, { cwd: context.cwd });
  const configFile = configFileOf(config);
  const explicit: SettingSource = { kind: "explicit" };
  const configured = configuredSource(config);
  const fallback = (value: unknown): [unknown, SettingSource] => [value, { kind: "default" }];
  const { sources, values, set } = settingCollector(ServeRequestSchema);

  set("port", [[given.port, explicit], fallback(SERVE_DEFAULTS.port)]);
  set("host", [[given.host, explicit], fallback(SERVE_DEFAULTS.host)]);
  set("registry", [
    [given.registry, explicit],
    [context.env.MLSHIP_REGISTRY || undefined, { kind: "environment", variable: "MLSHIP_REGISTRY" }],
    fallback(DEFAULT_REGISTRY),
  ]);
  set("models", [
    [given.models?.length ? given.models : undefined, explicit],
    [config.model.name ? [`${config.model.name}@production`] : undefined, configured("model.name")],
  ]);
  set("bodyLimit", [[given.bodyLimit, explicit], fallback(SERVE_DEFAULTS.bodyLimit)]);
  set("timeout", [[given.timeout, explicit], fallback(SERVE_DEFAULTS.timeout)]);
  set("adminTokenFile", [[given.adminTokenFile, explicit]]);
  set("state", [[given.state, explicit]]);
  set("maxBatch", [[given.maxBatch, explicit], fallback(SERVE_DEFAULTS.maxBatch)]);
  set("maxDelayMs", [[given.maxDelayMs, explicit], fallback(SERVE_DEFAULTS.maxDelayMs)]);
  set("logPredictions", [[given.logPredictions, explicit]]);
  set("logSample", [[given.logSample, explicit], fallback(SERVE_DEFAULTS.logSample)]);
  set("logMaxBytes", [[given.logMaxBytes, explicit], fallback(SERVE_DEFAULTS.logMaxBytes)]);
  set("metrics", [[given.metrics, explicit], fallback(SERVE_DEFAULTS.metrics)]);

  const request = { ...values, sources, configFile } as ServeRequest;
  if (config.model.name && config.model.features) {
    request.configuredFeatures = {
      model: config.model.name,
      names: config.model.features,
      from: `${configFile ?? "mlship.yml"} (model.features)`,
    };
  }
  request.admin = await adminToken(request.adminTokenFile, context);
  const twice = request.models.find((model, i) => request.models.indexOf(model) !== i);
  if (twice !== undefined) {
    throw new MlshipError("bad_usage", `${twice} is given twice`, { setting: "models" });
  }
  return request;
}

/**
 * The admin token: `--admin-token-file`'s file (read once, trimmed) over MLSHIP_ADMIN_TOKEN.
 * @throws MlshipError (exit 2) naming the file when it cannot be read or holds nothing.
 */
async function adminToken(file: string | undefined, context: ServeContext): Promise<AdminToken | undefined> {
  if (file === undefined) {
    const token = context.env.MLSHIP_ADMIN_TOKEN?.trim();
    return token ? { token, from: { kind: "environment", variable: "MLSHIP_ADMIN_TOKEN" } } : undefined;
  }
  const path = resolve(context.cwd, file);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : (code ?? String(error));
    throw new MlshipError(
      code === "ENOENT" ? "file_not_found" : "file_unreadable",
      `${file}: cannot read the admin token file (${reason})`,
      { setting: "adminTokenFile", file: path },
    );
  }
  const token = text.trim();
  if (token === "") {
    throw new MlshipError("bad_usage", `${file}: the admin token file is empty; put the token in it`, {
      setting: "adminTokenFile",
      file: path,
    });
  }
  return { token, from: { kind: "file", file: path } };
}
