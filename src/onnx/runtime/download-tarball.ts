/**
 * Downloads one tarball to a file, streaming (onnxruntime-node's is ~100 MB),
 * hashing the bytes as they pass, and gives up when the server goes quiet.
 * The caller compares the hash with the pinned integrity before it extracts
 * anything.
 */
import { createHash } from "node:crypto";
import { open } from "node:fs/promises";
import { MlshipError } from "../../lib/errors.js";
import { createProgress, type ProgressOutput } from "../../lib/progress.js";
import { redactUrl } from "./runtime-locations.js";

/** The part of `fetch` the download uses; tests and proxies can supply their own. */
export type FetchLike = (
  url: string,
  init: { signal: AbortSignal; headers: Record<string, string> },
) => Promise<Response>;

export interface DownloadRequest {
  url: string;
  /** Where the bytes go; the file must not exist yet. */
  file: string;
  /** `name@version`, for messages. */
  label: string;
  /** How to fix a failed download, appended to every error message. */
  remedy: string;
  fetch: FetchLike;
  /** Give up when no byte arrives for this long (waiting for the headers included). */
  idleTimeoutMs: number;
  output?: ProgressOutput;
}

export interface DownloadResult {
  /** `sha512-<base64>` of the bytes written. */
  integrity: string;
  bytes: number;
}

export async function downloadTarball(request: DownloadRequest): Promise<DownloadResult> {
  const { file, label, remedy, idleTimeoutMs } = request;
  const shownUrl = redactUrl(request.url);
  const { url, headers } = splitCredentials(request.url);
  const controller = new AbortController();
  let stalled = false;
  let timer: NodeJS.Timeout | undefined;
  const rearm = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      stalled = true;
      controller.abort();
    }, idleTimeoutMs);
  };
  const failure = (what: string) => new MlshipError("runtime_download_failed", `${what}. ${remedy}`);
  const stalledError = () =>
    failure(`download of ${shownUrl} stalled: no data for ${formatSeconds(idleTimeoutMs)} s`);

  rearm();
  let response: Response;
  try {
    response = await request.fetch(url, { signal: controller.signal, headers });
  } catch (error) {
    clearTimeout(timer);
    if (stalled) throw stalledError();
    throw failure(`cannot download ${shownUrl}: ${networkReason(error)}`);
  }
  if (response.status !== 200 || !response.body) {
    clearTimeout(timer);
    controller.abort();
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ""}`;
    throw failure(`cannot download ${label} from ${shownUrl}: ${status}`);
  }

  const total = Number(response.headers.get("content-length") ?? 0);
  const progress = request.output ? createProgress(request.output, `downloading ${label}`) : undefined;
  const hash = createHash("sha512");
  let bytes = 0;
  const handle = await open(file, "wx");
  try {
    for await (const chunk of response.body) {
      rearm();
      hash.update(chunk);
      await handle.write(chunk);
      bytes += chunk.byteLength;
      progress?.update(bytes, total);
    }
  } catch (error) {
    if (stalled) throw stalledError();
    throw failure(`download of ${shownUrl} broke off after ${bytes} bytes: ${networkReason(error)}`);
  } finally {
    clearTimeout(timer);
    progress?.finish();
    await handle.close();
  }
  return { integrity: `sha512-${hash.digest("base64")}`, bytes };
}

/** fetch refuses URLs with `user:password@`; such a registry gets them as a Basic authorization header. */
function splitCredentials(raw: string): { url: string; headers: Record<string, string> } {
  const parsed = new URL(raw);
  if (!parsed.username && !parsed.password) return { url: raw, headers: {} };
  const user = decodeURIComponent(parsed.username);
  const password = decodeURIComponent(parsed.password);
  parsed.username = "";
  parsed.password = "";
  const token = Buffer.from(`${user}:${password}`).toString("base64");
  return { url: parsed.href, headers: { authorization: `Basic ${token}` } };
}

/** undici reports "fetch failed" and keeps the reason (ECONNREFUSED, ENOTFOUND, a TLS error) in `cause`. */
function networkReason(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  const inner = cause instanceof Error ? cause : error instanceof Error ? error : undefined;
  if (!inner) return String(error);
  const code = (inner as NodeJS.ErrnoException).code;
  return code && !inner.message.includes(code) ? `${code} (${inner.message})` : inner.message;
}

function formatSeconds(ms: number): string {
  return Number((ms / 1000).toFixed(1)).toString();
}
