/**
 * A fake of the GitHub Actions cache service (v2) on loopback, for running
 * the built actions end to end: the Twirp JSON API the runner exposes at
 * ACTIONS_RESULTS_URL, and the Azure-blob style signed URLs the archives are
 * PUT to and GET from. The message shapes are those of
 * `github.actions.results.api.v1.CacheService` (results/api/v1/cache.proto,
 * generated into @actions/cache's lib/generated): proto field names in JSON,
 * int64 as strings, and Twirp errors as `{ code, msg }`.
 *
 * Like the real service: entries are immutable (a second CreateCacheEntry of a
 * key and version is refused), only finalized entries are found, an exact key
 * wins over the restore-key prefixes, and a prefix matches the newest entry.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

interface CreateCacheEntryRequest {
  key: string;
  version: string;
}
interface CreateCacheEntryResponse {
  ok: boolean;
  signed_upload_url?: string;
  message?: string;
}
interface FinalizeCacheEntryUploadRequest {
  key: string;
  version: string;
  /** int64 in proto JSON: a decimal string. */
  size_bytes: string;
}
interface FinalizeCacheEntryUploadResponse {
  ok: boolean;
  entry_id?: string;
  message?: string;
}
interface GetCacheEntryDownloadURLRequest {
  key: string;
  restore_keys?: string[];
  version: string;
}
interface GetCacheEntryDownloadURLResponse {
  ok: boolean;
  signed_download_url?: string;
  matched_key?: string;
}

export interface FakeCacheEntry {
  id: number;
  key: string;
  version: string;
  blob: string;
  finalized: boolean;
  createdAt: number;
  size?: number;
}

export interface FakeActionsCache {
  /** ACTIONS_RESULTS_URL (with its trailing slash, as the runner sets it). */
  url: string;
  /** ACTIONS_RUNTIME_TOKEN the fake expects. */
  token: string;
  entries: FakeCacheEntry[];
  /** Every Twirp method called, in order. */
  calls: string[];
  /** The environment that points @actions/cache at this fake. */
  env(): Record<string, string>;
  close(): Promise<void>;
}

const SERVICE = "/twirp/github.actions.results.api.v1.CacheService/";

export async function startFakeActionsCache(): Promise<FakeActionsCache> {
  const token = `runtime-${randomBytes(8).toString("hex")}`;
  const entries: FakeCacheEntry[] = [];
  const blobs = new Map<string, Buffer>();
  const stagedBlocks = new Map<string, Map<string, Buffer>>();
  const calls: string[] = [];
  let nextId = 1;
  let base = "";

  const blobUrl = (blob: string) => `${base}devstoreaccount1/actions-cache/${blob}?sv=2024-01-01&sig=fake`;

  const twirp: Record<string, (body: never) => unknown> = {
    CreateCacheEntry(request: CreateCacheEntryRequest): CreateCacheEntryResponse | TwirpError {
      if (entries.some((e) => e.key === request.key && e.version === request.version)) {
        return new TwirpError(
          409,
          "already_exists",
          "cache entry with the same key, version, and scope already exists",
        );
      }
      const entry: FakeCacheEntry = {
        id: nextId++,
        key: request.key,
        version: request.version,
        blob: randomBytes(8).toString("hex"),
        finalized: false,
        createdAt: Date.now() + entries.length,
      };
      entries.push(entry);
      return { ok: true, signed_upload_url: blobUrl(entry.blob) };
    },
    FinalizeCacheEntryUpload(request: FinalizeCacheEntryUploadRequest): FinalizeCacheEntryUploadResponse {
      const entry = entries.find(
        (e) => e.key === request.key && e.version === request.version && !e.finalized,
      );
      const bytes = entry && blobs.get(entry.blob);
      if (!entry || !bytes) return { ok: false, message: "no upload for this key and version" };
      if (String(bytes.length) !== request.size_bytes) {
        return {
          ok: false,
          message: `size ${request.size_bytes} differs from the ${bytes.length} bytes uploaded`,
        };
      }
      entry.finalized = true;
      entry.size = bytes.length;
      return { ok: true, entry_id: String(entry.id) };
    },
    GetCacheEntryDownloadURL(request: GetCacheEntryDownloadURLRequest): GetCacheEntryDownloadURLResponse {
      const usable = entries.filter((e) => e.finalized && e.version === request.version);
      const newest = (list: FakeCacheEntry[]) => list.sort((a, b) => b.createdAt - a.createdAt)[0];
      let match = usable.find((e) => e.key === request.key);
      for (const prefix of request.restore_keys ?? []) {
        match ??= newest(usable.filter((e) => e.key.startsWith(prefix)));
      }
      if (!match) return { ok: false };
      return { ok: true, signed_download_url: blobUrl(match.blob), matched_key: match.key };
    },
  };

  const server: Server = createServer(async (request, response) => {
    try {
      const body = await readBody(request);
      const url = new URL(request.url ?? "/", base);
      if (url.pathname.startsWith(SERVICE) && request.method === "POST") {
        const method = url.pathname.slice(SERVICE.length);
        calls.push(method);
        if (request.headers.authorization !== `Bearer ${token}`) {
          return sendJson(response, 401, { code: "unauthenticated", msg: "invalid runtime token" });
        }
        const handler = twirp[method];
        if (!handler) return sendJson(response, 404, { code: "bad_route", msg: `no method ${method}` });
        const result = handler(JSON.parse(body.toString("utf8")) as never);
        if (result instanceof TwirpError)
          return sendJson(response, result.status, { code: result.code, msg: result.message });
        return sendJson(response, 200, result);
      }
      const blob = url.pathname.match(/^\/devstoreaccount1\/actions-cache\/([0-9a-f]+)$/)?.[1];
      if (blob && url.searchParams.get("sig") === "fake")
        return serveBlob(blob, url, request, response, body);
      response.writeHead(404).end();
    } catch (error) {
      sendJson(response, 500, { code: "internal", msg: String(error) });
    }
  });

  function serveBlob(
    blob: string,
    url: URL,
    request: IncomingMessage,
    response: ServerResponse,
    body: Buffer,
  ) {
    const headers = {
      etag: `"0x${randomBytes(8).toString("hex").toUpperCase()}"`,
      "last-modified": new Date().toUTCString(),
      "x-ms-request-id": randomBytes(16).toString("hex"),
      "x-ms-version": "2024-11-04",
    };
    if (request.method === "PUT") {
      const comp = url.searchParams.get("comp");
      if (comp === "block") {
        const blocks = stagedBlocks.get(blob) ?? new Map<string, Buffer>();
        blocks.set(url.searchParams.get("blockid") ?? "", body);
        stagedBlocks.set(blob, blocks);
        return response.writeHead(201, headers).end();
      }
      if (comp === "blocklist") {
        const ids = [...body.toString("utf8").matchAll(/<(?:Latest|Uncommitted|Committed)>([^<]*)</g)].map(
          (m) => m[1],
        );
        const blocks = stagedBlocks.get(blob);
        blobs.set(blob, Buffer.concat(ids.map((id) => blocks?.get(id) ?? Buffer.alloc(0))));
        return response.writeHead(201, headers).end();
      }
      if (request.headers["x-ms-blob-type"] !== "BlockBlob") {
        return response.writeHead(400, headers).end("x-ms-blob-type must be BlockBlob");
      }
      blobs.set(blob, body);
      return response.writeHead(201, headers).end();
    }
    if (request.method === "GET" || request.method === "HEAD") {
      const bytes = blobs.get(blob);
      if (!bytes) return response.writeHead(404, headers).end();
      response.writeHead(200, {
        ...headers,
        "content-type": "application/octet-stream",
        "content-length": String(bytes.length),
        "x-ms-blob-type": "BlockBlob",
      });
      return response.end(request.method === "GET" ? bytes : undefined);
    }
    response.writeHead(405, headers).end();
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url: base,
    token,
    entries,
    calls,
    env: () => ({
      ACTIONS_RESULTS_URL: base,
      ACTIONS_RUNTIME_TOKEN: token,
      ACTIONS_CACHE_SERVICE_V2: "True",
      GITHUB_SERVER_URL: "https://github.com",
    }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

class TwirpError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly message: string,
  ) {}
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks)));
    request.on("error", reject);
  });
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  const text = JSON.stringify(value);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}
