/**
 * HTTP requests to the servers a rollout talks to (the model server's admin API, Prometheus):
 * a request that gets no answer (connection refused, reset, timed out) or a 502/503/504 is tried
 * again after a growing pause, a few times, and then fails with an error naming the URL.
 */
import { ExitCode, MlshipError } from "../lib/errors.js";

export interface RetryOptions {
  /** Tries in all (default 4). */
  attempts?: number;
  /** The pause before the second try, doubled before each next one (default 250 ms). */
  backoffMs?: number;
  /** Longest wait for one answer (default 10 s). */
  timeoutMs?: number;
  /** Waits (tests pass a fake clock's). */
  sleep?: (ms: number) => Promise<void>;
  fetch?: typeof fetch;
}

const RETRIED_STATUSES = new Set([502, 503, 504]);

const realSleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * `fetch(url, init)` with retries; any answer but 502/503/504 is returned as it is (the last
 * one once the tries are spent).
 * @throws MlshipError `unreachable` (exit 1) naming `what`, the URL and the last cause when no try got an answer.
 */
export async function fetchWithRetry(
  what: string,
  url: string,
  init: RequestInit = {},
  options: RetryOptions = {},
): Promise<Response> {
  const attempts = Math.max(1, options.attempts ?? 4);
  const sleep = options.sleep ?? realSleep;
  const doFetch = options.fetch ?? fetch;
  let delay = options.backoffMs ?? 250;
  let cause = "";
  for (let attempt = 1; attempt <= attempts; attempt++) {
    if (attempt > 1) {
      await sleep(delay);
      delay *= 2;
    }
    try {
      const response = await doFetch(url, {
        ...init,
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
      });
      if (!RETRIED_STATUSES.has(response.status) || attempt === attempts) return response;
      cause = `HTTP ${response.status}`;
      await response.body?.cancel();
    } catch (error) {
      cause = describeFetchError(error);
    }
  }
  throw new MlshipError(
    "unreachable",
    `${what} at ${url} did not answer after ${attempts} tries (${cause}); check that it runs and that the URL is right`,
    {},
    ExitCode.checkFailed,
  );
}

/** Node's fetch hides the reason in `cause` (ECONNREFUSED, ENOTFOUND); a timeout is an AbortSignal's. */
function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return "no answer in time";
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? error.message;
}

/** The `error` field of a JSON answer (the server's and Prometheus' refusals), else the text itself. */
export async function errorText(response: Response): Promise<string> {
  const text = await response.text();
  try {
    const body = JSON.parse(text) as { error?: unknown };
    if (typeof body.error === "string") return body.error;
  } catch {
    // Not JSON: the text as it is.
  }
  return text.trim().slice(0, 500);
}
