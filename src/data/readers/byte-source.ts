/**
 * Opens a data file as a stream of byte chunks, transparently gunzipping
 * `.gz` files, and refuses files that are clearly not what their name says
 * before any parsing starts.
 */
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import { MlshipError } from "../../errors.js";

export const CHUNK_BYTES = 1 << 20;

export interface ByteSource {
  /** Size of the file on disk. */
  readonly fileBytes: number;
  readonly compressed: boolean;
  chunks(): AsyncIterable<Buffer>;
  /** Bytes read from disk so far. */
  bytesRead(): number;
}

const GZIP_MAGIC = [0x1f, 0x8b];
const PARQUET_MAGIC = "PAR1";

export async function assertReadableFile(file: string): Promise<number> {
  try {
    const info = await stat(file);
    if (info.isDirectory())
      throw new MlshipError("not_a_file", `${file} is a directory, not a data file`, { file });
    return info.size;
  } catch (error) {
    throw unreadable(file, error);
  }
}

/** The MlshipError for a file the system would not open or read (missing, no permission, a socket …). */
function unreadable(file: string, error: unknown): MlshipError {
  if (error instanceof MlshipError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return new MlshipError("file_not_found", `${file}: no such file`, { file });
  if (code === "EACCES") return new MlshipError("file_unreadable", `${file}: permission denied`, { file });
  return new MlshipError("file_unreadable", `${file}: cannot be read (${code ?? String(error)})`, { file });
}

export async function readHead(file: string, bytes: number): Promise<Buffer> {
  // stat() succeeds where open() may not (no read permission, a socket): that is the user's file, not a bug.
  const handle = await open(file, "r").catch((error: unknown) => {
    throw unreadable(file, error);
  });
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}

export function isParquet(head: Uint8Array): boolean {
  return head.length >= 4 && Buffer.from(head.subarray(0, 4)).toString("latin1") === PARQUET_MAGIC;
}

/** Opens a text data file (CSV, JSON Lines) from byte `start` (uncompressed files only), gunzipping when the bytes are gzip. */
export async function openTextSource(file: string, formatName: string, start = 0): Promise<ByteSource> {
  const fileBytes = await assertReadableFile(file);
  const head = await readHead(file, 4);
  const compressed = isGzip(head);
  if (!compressed && isParquet(head)) {
    throw new MlshipError(
      "wrong_format",
      `${file} is a Parquet file, not ${formatName}: rename it to .parquet or pass --format parquet`,
      { file },
    );
  }
  let read = 0;
  return {
    fileBytes,
    compressed,
    bytesRead: () => read,
    async *chunks() {
      const raw = createReadStream(file, { highWaterMark: CHUNK_BYTES, start: compressed ? 0 : start });
      raw.on("data", (chunk) => {
        read += chunk.length;
      });
      if (!compressed) {
        try {
          for await (const chunk of raw) yield chunk as Buffer;
        } catch (error) {
          throw unreadable(file, error);
        }
        return;
      }
      const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
      raw.pipe(gunzip);
      raw.on("error", (error) => gunzip.destroy(error));
      try {
        for await (const chunk of gunzip) yield chunk as Buffer;
      } catch (error) {
        const message = (error as Error).message;
        throw new MlshipError("corrupt_gzip", `${file}: the gzip data is corrupt or truncated (${message})`, {
          file,
        });
      } finally {
        // Stopping early (a reader that only wanted the header) leaves the piped file stream open otherwise.
        raw.destroy();
      }
    },
  };
}
