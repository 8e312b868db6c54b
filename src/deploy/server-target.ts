/**
 * Where a rollout shifts traffic (docs/design.md, "Rollouts"): a {@link DeployTarget}. `server:<url>` is the
 * mlship model server's admin API (`GET|PUT /admin/models/{name}/rollout`, bearer token from
 * `MLSHIP_ADMIN_TOKEN`); its live figures come from a {@link MetricsSource} (the server's stats unless
 * Prometheus is configured). The Kubernetes targets (`kserve:`, `argo:`) come in a later release through
 * the same interface.
 */
import { ExitCode, MlshipError } from "../lib/errors.js";
import type { Rollout } from "../serve/rollout.js";
import { errorText, fetchWithRetry, type RetryOptions } from "./http-retry.js";
import type { MetricsSource } from "./metrics-source.js";
import { ADMIN_TOKEN_VARIABLE, adminRefusal, ServerStatsSource } from "./server-stats-source.js";

export interface DeployTarget {
  /** `server http://127.0.0.1:8080`. */
  readonly description: string;
  /** Where the model serves, for the deployment's `environment_url`. */
  readonly url: string;
  /** What the target serves now. @throws MlshipError unreachable (1), unauthorized / unknown model (2). */
  current(model: string): Promise<Rollout>;
  /** Applies a rollout and resolves once it is in effect (a version not served yet is loaded first). */
  setRollout(model: string, rollout: Rollout): Promise<Rollout>;
  /** The URL a request to one version of the model goes to (Open Inference Protocol v2 infer). */
  inferUrl(model: string, version: string): string;
  /** The target's own live figures (the server's stats). */
  readonly metrics: MetricsSource;
}

export interface TargetOptions {
  env?: NodeJS.ProcessEnv;
  retry?: RetryOptions;
  /** How messages name the setting (`--target`, `mlship.yml:4 (deploy.target)`). */
  source?: string;
}

const LATER = ["kserve", "argo"];

/**
 * `server:<http(s) url>` → a {@link ServerTarget}.
 * @throws MlshipError `bad_target` (exit 2) naming the spec and what is supported.
 */
export function parseTarget(spec: string, options: TargetOptions = {}): DeployTarget {
  const where = options.source ?? "--target";
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(spec)?.[1]?.toLowerCase();
  if (scheme === "server") {
    const url = spec.slice("server:".length);
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== "http:" && parsed.protocol !== "https:")) {
      throw new MlshipError(
        "bad_target",
        `${where} ${JSON.stringify(spec)}: expected server:<http(s) URL of mlship serve>, e.g. server:http://127.0.0.1:8080`,
      );
    }
    return new ServerTarget(url, options);
  }
  const later =
    scheme && LATER.includes(scheme) ? ` (${scheme}: is planned for a later release, not built yet)` : "";
  throw new MlshipError(
    "bad_target",
    `${where} ${JSON.stringify(spec)}: unsupported target${later}; supported: server:<url> (the mlship server's admin API)`,
  );
}

export class ServerTarget implements DeployTarget {
  readonly description: string;
  readonly url: string;
  readonly metrics: MetricsSource;
  private readonly token: string | undefined;

  constructor(
    url: string,
    private readonly options: TargetOptions = {},
  ) {
    this.url = url.replace(/\/+$/, "");
    this.description = `server ${this.url}`;
    const fromEnv = (options.env ?? process.env)[ADMIN_TOKEN_VARIABLE];
    this.token = fromEnv === "" ? undefined : fromEnv;
    this.metrics = new ServerStatsSource({ url: this.url, env: options.env, retry: options.retry });
  }

  current(model: string): Promise<Rollout> {
    return this.call(model, "GET");
  }

  setRollout(model: string, rollout: Rollout): Promise<Rollout> {
    return this.call(model, "PUT", rollout);
  }

  inferUrl(model: string, version: string): string {
    return `${this.url}/v2/models/${encodeURIComponent(model)}/versions/${encodeURIComponent(version)}/infer`;
  }

  private async call(model: string, method: "GET" | "PUT", body?: Rollout): Promise<Rollout> {
    const url = `${this.url}/admin/models/${encodeURIComponent(model)}/rollout`;
    const headers: Record<string, string> = { accept: "application/json" };
    if (this.token !== undefined) headers.authorization = `Bearer ${this.token}`;
    if (body) headers["content-type"] = "application/json";
    const init: RequestInit = { method, headers, body: body ? JSON.stringify(body) : undefined };
    // A PUT may load a version first: give it longer than a read.
    const retry = { timeoutMs: method === "PUT" ? 120_000 : 10_000, ...this.options.retry };
    const response = await fetchWithRetry("the model server", url, init, retry);
    if (response.ok) return (await response.json()) as Rollout;
    const said = await errorText(response);
    const refused = adminRefusal(response.status, url, said, this.token !== undefined);
    if (refused) throw refused;
    if (response.status === 404) {
      throw new MlshipError(
        "unknown_model",
        `${url}: the server does not serve model "${model}" (404: ${said})`,
      );
    }
    if (response.status === 400) {
      throw new MlshipError("bad_rollout", `${url} refused the rollout (400: ${said})`);
    }
    throw new MlshipError(
      "unreachable",
      `${url} answered ${response.status}: ${said}`,
      {},
      ExitCode.checkFailed,
    );
  }
}
