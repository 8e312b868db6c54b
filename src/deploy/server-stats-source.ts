/**
 * Figures from the model server's own statistics (docs/design.md, "Model server": `GET
 * /admin/models/{name}/stats?window=<s>`), the default metrics source of a rollout. The admin token is
 * sent as a bearer token: the one given, else `MLSHIP_ADMIN_TOKEN`.
 *
 * Each arm's figures are the series of the stats with that arm and the arm's version; an arm the
 * stats hold no series of had no traffic in the window (0 requests, every other figure undefined).
 */
import { z } from "zod";
import type { DataProfile } from "../data/profile/profile.js";
import { parseProfile } from "../data/profile/profile-schema.js";
import { ExitCode, MlshipError } from "../lib/errors.js";
import { errorText, fetchWithRetry, type RetryOptions } from "./http-retry.js";
import {
  ARMS,
  type ArmFigures,
  type ArmName,
  emptyArm,
  type Figures,
  type FiguresQuery,
  type MetricsSource,
  queriedArms,
} from "./metrics-source.js";

export const ADMIN_TOKEN_VARIABLE = "MLSHIP_ADMIN_TOKEN";

/**
 * The admin API's 401/403 as an error naming the token: none sent, or the wrong one (`tokenFrom` says where it
 * came from). Undefined for any other status.
 */
export function adminRefusal(
  status: number,
  url: string,
  said: string,
  tokenSent: boolean,
  tokenFrom: string = ADMIN_TOKEN_VARIABLE,
): MlshipError | undefined {
  if (status !== 401 && status !== 403) return undefined;
  const how = tokenSent
    ? `check ${tokenFrom}: it must be the server's admin token (--admin-token-file or ${ADMIN_TOKEN_VARIABLE} of mlship serve)`
    : `no admin token was sent: set ${ADMIN_TOKEN_VARIABLE} to the server's admin token`;
  return new MlshipError("unauthorized", `${url} refused the admin API (${status}: ${said}); ${how}`);
}

export interface ServerStatsSourceOptions {
  /** The server's base URL (`http://127.0.0.1:8080`). */
  url: string;
  /** The admin token; undefined: `MLSHIP_ADMIN_TOKEN` from `env`, else none. */
  token?: string;
  env?: NodeJS.ProcessEnv;
  retry?: RetryOptions;
}

const nullableNumber = z.number().nullable();

/** The part of the stats JSON the analysis reads (src/serve/live-stats.ts, `StatsSnapshot`). */
const StatsSchema = z.object({
  model: z.string(),
  series: z.array(
    z.object({
      version: z.string(),
      arm: z.enum(ARMS),
      requests: z.number(),
      errors: z.object({ client: z.number(), server: z.number() }),
      latencyMs: z.object({ p50: nullableNumber, p99: nullableNumber }).nullable(),
      inputProfile: z.unknown(),
      outputProfile: z.unknown(),
      shadow: z
        .object({ compared: z.number(), disagreement: nullableNumber, meanAbsScoreDiff: nullableNumber })
        .nullable()
        .optional(),
      online: z
        .object({
          task: z.enum(["binary", "multiclass", "regression"]),
          labelled: z.number(),
          scored: z.number().optional(),
          metrics: z.record(z.string(), nullableNumber),
        })
        .nullable()
        .optional(),
    }),
  ),
});
type StatsSeries = z.infer<typeof StatsSchema>["series"][number];

export class ServerStatsSource implements MetricsSource {
  readonly description: string;
  private readonly base: string;
  private readonly token: string | undefined;
  private readonly tokenFrom: string;

  constructor(private readonly options: ServerStatsSourceOptions) {
    this.base = options.url.replace(/\/+$/, "");
    this.description = `server ${this.base}`;
    const fromEnv = (options.env ?? process.env)[ADMIN_TOKEN_VARIABLE];
    this.token = options.token ?? (fromEnv === "" ? undefined : fromEnv);
    this.tokenFrom = options.token !== undefined ? "the admin token given" : ADMIN_TOKEN_VARIABLE;
  }

  async figures(query: FiguresQuery): Promise<Figures> {
    const url = `${this.base}/admin/models/${encodeURIComponent(query.model)}/stats?window=${query.windowSeconds}`;
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    const response = await fetchWithRetry("the model server", url, { headers }, this.options.retry);
    if (!response.ok) throw await this.refusal(response, url, query.model);
    const stats = await readStats(response, url);
    return {
      model: query.model,
      windowSeconds: query.windowSeconds,
      source: this.description,
      arms: Object.fromEntries(
        queriedArms(query).map(({ arm, version }) => [arm, armFigures(stats, url, arm, version)]),
      ),
    };
  }

  private async refusal(response: Response, url: string, model: string): Promise<MlshipError> {
    const said = await errorText(response);
    const refused = adminRefusal(response.status, url, said, this.token !== undefined, this.tokenFrom);
    if (refused) return refused;
    if (response.status === 404) {
      return new MlshipError(
        "unknown_model",
        `${url}: the server has no statistics of model "${model}" (404: ${said})`,
      );
    }
    return new MlshipError(
      "metrics_source_error",
      `${url} answered ${response.status}: ${said}`,
      {},
      response.status >= 500 ? ExitCode.checkFailed : ExitCode.badInput,
    );
  }
}

async function readStats(response: Response, url: string): Promise<z.infer<typeof StatsSchema>> {
  const text = await response.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw notStats(url, "the answer is not JSON");
  }
  const parsed = StatsSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw notStats(url, `${issue.path.join(".") || "the answer"}: ${issue.message}`);
  }
  return parsed.data;
}

function notStats(url: string, why: string): MlshipError {
  return new MlshipError(
    "metrics_source_error",
    `${url} did not answer with the statistics of an mlship server (${why}); is the URL an mlship serve?`,
    {},
    ExitCode.checkFailed,
  );
}

function armFigures(
  stats: z.infer<typeof StatsSchema>,
  url: string,
  arm: ArmName,
  version: string,
): ArmFigures {
  const series = stats.series.find((s) => s.arm === arm && s.version === version);
  if (!series) return emptyArm(arm, version, 0);
  const { requests, errors } = series;
  const defined = (x: number | null | undefined) => (x === null || x === undefined ? undefined : x);
  return {
    arm,
    version,
    requests,
    errors: { ...errors },
    errorRate: requests > 0 ? (errors.client + errors.server) / requests : undefined,
    latencyP50Ms: defined(series.latencyMs?.p50),
    latencyP99Ms: defined(series.latencyMs?.p99),
    inputProfile: profileOf(series.inputProfile, `${url} (${arm} ${version} inputProfile)`),
    outputProfile: profileOf(series.outputProfile, `${url} (${arm} ${version} outputProfile)`),
    scoreHistograms: undefined,
    online: onlineOf(series),
    shadow: series.shadow
      ? {
          compared: series.shadow.compared,
          disagreement: defined(series.shadow.disagreement),
          meanAbsScoreDiff: defined(series.shadow.meanAbsScoreDiff),
        }
      : undefined,
  };
}

function profileOf(value: unknown, where: string): DataProfile | undefined {
  return value === null || value === undefined ? undefined : parseProfile(value, where);
}

function onlineOf(series: StatsSeries): ArmFigures["online"] {
  if (!series.online) return undefined;
  const metrics: Record<string, number | undefined> = {};
  for (const [name, value] of Object.entries(series.online.metrics)) metrics[name] = value ?? undefined;
  const { task, labelled, scored } = series.online;
  return { task, labelled, ...(scored === undefined ? {} : { scored }), metrics };
}
