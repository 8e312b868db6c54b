/**
 * The one place Octokit is created: the REST client with the retry and
 * throttling plugins, pointed at GITHUB_API_URL (GitHub Enterprise Server
 * too), plus streaming uploads and downloads of release assets, which
 * Octokit's own request would hold in memory whole.
 *
 * The token never appears in a message: errors carry the status and GitHub's
 * message only.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";
import Bottleneck from "bottleneck";
import { MlshipError } from "../lib/errors.js";
import { VERSION } from "../lib/version.js";

const MlshipOctokit = Octokit.plugin(retry, throttling);
export type GitHubOctokit = InstanceType<typeof MlshipOctokit>;

export interface GitHubClientOptions {
  /** Default: GITHUB_TOKEN. */
  token?: string;
  /** Default: GITHUB_API_URL, else https://api.github.com. */
  apiUrl?: string;
  /** `owner/repo`; default: GITHUB_REPOSITORY. */
  repository?: string;
  /** Where `repository` came from, for the message when it is malformed (default: GITHUB_REPOSITORY). */
  repositorySource?: string;
  /** What the caller needs the token for, named in the error when it is missing (e.g. `contents: write`). */
  permission: string;
  /** Told about waits (rate limits, retries). */
  log?: (message: string) => void;
  /** Milliseconds per second of a retry-after wait and per retry step (tests shorten it; default 1000). */
  retryUnitMs?: number;
  env?: NodeJS.ProcessEnv;
}

export interface GitHubClient {
  octokit: GitHubOctokit;
  owner: string;
  repo: string;
  apiUrl: string;
  /** Uploads a file to a release's upload_url as asset `name`, streamed. */
  uploadAsset(uploadUrl: string, name: string, file: string): Promise<{ id: number; size: number }>;
  /** Streams a release asset's bytes into `file`. */
  downloadAsset(assetId: number, file: string): Promise<void>;
}

export function createGitHubClient(options: GitHubClientOptions): GitHubClient {
  const env = options.env ?? process.env;
  const repository = options.repository ?? env.GITHUB_REPOSITORY;
  if (repository === undefined || (options.repository === undefined && repository === "")) {
    throw new MlshipError(
      "missing_repository",
      "no repository for the GitHub registry: set GITHUB_REPOSITORY to owner/repo (or use github:<owner>/<repo>)",
    );
  }
  const { owner, repo } = parseRepository(
    repository,
    options.repository !== undefined ? (options.repositorySource ?? "the repository") : "GITHUB_REPOSITORY",
  );
  const token = options.token || env.GITHUB_TOKEN || env.GH_TOKEN;
  if (!token) {
    throw new MlshipError(
      "missing_token",
      `no GitHub token: set GITHUB_TOKEN (in a workflow, pass token: \${{ github.token }}) with the "${options.permission}" permission`,
    );
  }
  const apiUrl = (options.apiUrl || env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
  const unit = options.retryUnitMs ?? 1000;
  const log = options.log ?? (() => {});
  /** A throttling handler: says how long it waits (as the headers say), then retries twice at most. */
  const retryAfterWait =
    (message: string) =>
    (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
      log(`${message.replace("{s}", String(retryAfter))}, then retrying ${request.method} ${request.url}`);
      return retryCount < 2;
    };
  const octokit = new MlshipOctokit({
    auth: token,
    baseUrl: apiUrl,
    userAgent: `mlship/${VERSION}`,
    // A failed request is thrown, and told once by the caller that knows what it was for (a 422 that
    // means another run won a race is no error at all): Octokit's own line per failure would only alarm.
    log: { debug: () => {}, info: () => {}, warn: log, error: () => {} },
    retry: { retryAfterBaseValue: unit },
    throttle: {
      // GitHub asks for a second between content-creating requests, and three before another one that
      // notifies people (a new release); `retryUnitMs` scales these with the other waits.
      write: new Bottleneck.Group({ id: "mlship-write", maxConcurrent: 1, minTime: unit }),
      notifications: new Bottleneck.Group({
        id: "mlship-notifications",
        maxConcurrent: 1,
        minTime: 3 * unit,
      }),
      retryAfterBaseValue: unit,
      fallbackSecondaryRateRetryAfter: 60,
      onRateLimit: retryAfterWait("GitHub's rate limit is spent: waiting {s} s as its headers say"),
      onSecondaryRateLimit: retryAfterWait("GitHub's secondary rate limit: waiting {s} s"),
    },
  });

  return {
    octokit,
    owner,
    repo,
    apiUrl,
    async uploadAsset(uploadUrl, name, file) {
      const { size } = await stat(file);
      const url = new URL(`${uploadUrl.replace(/\{[^}]*\}$/, "")}?name=${encodeURIComponent(name)}`);
      // Not through fetch: undici keeps a copy of a streamed request body (to replay it on a redirect),
      // so a 1 GiB model would sit in memory. node:http streams it with backpressure.
      const send = url.protocol === "https:" ? httpsRequest : httpRequest;
      const { status, text } = await new Promise<{ status: number; text: string }>(
        (resolvePromise, reject) => {
          const request = send(
            url,
            {
              method: "POST",
              headers: {
                authorization: `token ${token}`,
                accept: "application/vnd.github+json",
                "user-agent": `mlship/${VERSION}`,
                "x-github-api-version": "2022-11-28",
                "content-type": "application/octet-stream",
                "content-length": size,
              },
            },
            (response) => {
              const chunks: Buffer[] = [];
              response.on("data", (chunk: Buffer) => chunks.push(chunk));
              response.on("end", () =>
                resolvePromise({
                  status: response.statusCode ?? 0,
                  text: Buffer.concat(chunks).toString("utf8"),
                }),
              );
              response.on("error", reject);
            },
          );
          request.on("error", reject);
          pipeline(createReadStream(file, { highWaterMark: 1 << 20 }), request).catch(reject);
        },
      );
      if (status < 200 || status >= 300) {
        let message = text;
        try {
          message = (JSON.parse(text) as { message?: string }).message ?? text;
        } catch {}
        throw new GitHubHttpError(status, `upload of ${name}: ${message || `HTTP ${status}`}`);
      }
      const asset = JSON.parse(text) as { id: number; size: number };
      return { id: asset.id, size: asset.size };
    },
    async downloadAsset(assetId, file) {
      const { url, headers } = octokit.request.endpoint(
        "GET /repos/{owner}/{repo}/releases/assets/{asset_id}",
        {
          owner,
          repo,
          asset_id: assetId,
          headers: { accept: "application/octet-stream" },
        },
      );
      let lastError: unknown;
      for (let attempt = 0; attempt < 4; attempt++) {
        if (attempt > 0) await new Promise((r) => setTimeout(r, unit * attempt ** 2));
        try {
          const response = await fetch(url, {
            headers: { ...(headers as Record<string, string>), authorization: `token ${token}` },
            redirect: "follow",
          });
          if (!response.ok || !response.body) {
            const error = new GitHubHttpError(
              response.status,
              `GET asset ${assetId}: HTTP ${response.status}`,
            );
            if (response.status < 500 && response.status !== 429) throw error;
            lastError = error;
            continue;
          }
          await pipeline(
            Readable.fromWeb(response.body as import("node:stream/web").ReadableStream),
            createWriteStream(file),
          );
          return;
        } catch (error) {
          if (error instanceof GitHubHttpError && error.status < 500 && error.status !== 429) throw error;
          lastError = error;
        }
      }
      throw lastError;
    },
  };
}

/** GitHub's rules for names: an owner of letters, digits, `-` (and `_` on Enterprise), a repository of letters, digits, `.`, `_`, `-`. */
const OWNER = /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * `owner/repo`, checked, so that neither part can change the API paths it goes into.
 * @param source where the text came from, named in the message (`--registry`, `GITHUB_REPOSITORY`).
 * @throws MlshipError `bad_repository` (exit 2).
 */
export function parseRepository(text: string, source: string): { owner: string; repo: string } {
  const [owner, repo, ...rest] = text.split("/");
  if (
    rest.length > 0 ||
    !OWNER.test(owner ?? "") ||
    !REPO.test(repo ?? "") ||
    repo === "." ||
    repo === ".."
  ) {
    throw new MlshipError(
      "bad_repository",
      `Invalid repository '${text}' in ${source}. Expected format {owner}/{repo}.`,
    );
  }
  return { owner, repo };
}

export class GitHubHttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The HTTP status of an Octokit (or our) error, or undefined for a network error. */
export function httpStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown })?.status;
  return typeof status === "number" ? status : undefined;
}

/** One line for a failed GitHub call: the status and GitHub's message, never the request's headers. */
export function describeGitHubError(error: unknown, what: string): string {
  const status = httpStatus(error);
  const message = (error as Error)?.message ?? String(error);
  if (status === 401) return `${what}: GitHub refused the token (401 Bad credentials)`;
  if (status === 403 || status === 404) {
    return `${what}: GitHub answered ${status} (${message}); the token may lack the permission, or the repository is not there`;
  }
  return `${what}: ${status ? `GitHub answered ${status}` : "GitHub could not be reached"} (${message})`;
}
