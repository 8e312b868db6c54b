/**
 * Opens a data file as a stream of byte chunks, transparently gunzipping
 * gzip data (told by its first bytes, so a pipe needs no seeking), and refuses
 * files that are clearly not what their name says before any parsing starts.
 * Standard input and pipes are read once, as src/lib/input.ts describes.
 */
import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { MlshipError } from "../../lib/errors.js";
import { inputKind, openablePath, streamChunks, streamHead } from "../../lib/input.js";

export const CHUNK_BYTES = 1 << 20;

export interface ByteSource {
  /** Size of the file on disk; 0 for a stream (standard input, a pipe), whose size is unknown. */
  readonly fileBytes: number;
  /** False for a stream: read once, no byte ranges. */
  readonly seekable: boolean;
  readonly compressed: boolean;
  /**
   * The bytes in order. A file's chunks are read into two buffers in turn: a chunk stays
   * valid until the chunk after the next one is asked for (copy what must live longer).
   */
  chunks(): AsyncIterable<Buffer>;
  /** Bytes read from disk so far. */
  bytesRead(): number;
}

const GZIP_MAGIC = [0x1f, 0x8b];
/** Why Parquet cannot come from standard input or a pipe. */
export const PARQUET_NEEDS_FILE =
  "Parquet needs random access (its index is at the end of the file), which a pipe or standard input cannot give: save it to a file and give that file";
const PARQUET_MAGIC = "PAR1";

export async function assertReadableFile(file: string): Promise<number> {
  try {
    const info = await stat(openablePath(file));
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
  if (code === "ENXIO") {
    return new MlshipError(
      "file_unreadable",
      `${file}: cannot be read: it is a socket (mlship reads files, pipes and standard input)`,
      { file },
    );
  }
  return new MlshipError("file_unreadable", `${file}: cannot be read (${code ?? String(error)})`, { file });
}

/** The first `bytes` bytes (fewer when the file is shorter); a stream keeps them for its one read. */
export async function readHead(file: string, bytes: number): Promise<Buffer> {
  if (inputKind(file).kind === "stream") return streamHead(file, bytes);
  // stat() succeeds where open() may not (no read permission, a socket): that is the user's file, not a bug.
  const handle = await open(openablePath(file), "r").catch((error: unknown) => {
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

/**
 * Opens a text data file (CSV, JSON Lines) from byte `start` (uncompressed files only), gunzipping
 * when the bytes are gzip. `look`: the reader only looks at the start (the header), so a stream
 * keeps what it reads for the one full read.
 */
export async function openTextSource(
  file: string,
  formatName: string,
  start = 0,
  look = false,
): Promise<ByteSource> {
  const seekable = inputKind(file).kind !== "stream";
  const fileBytes = seekable ? await assertReadableFile(file) : 0;
  const head = await readHead(file, 4);
  const compressed = isGzip(head);
  if (!compressed && isParquet(head)) {
    throw new MlshipError(
      "wrong_format",
      seekable
        ? `${file} is a Parquet file, not ${formatName}: rename it to .parquet or set the format to parquet (--format parquet on the command line, input 'format' in an action)`
        : `${file} holds Parquet, not ${formatName}; ${PARQUET_NEEDS_FILE}`,
      { file },
    );
  }
  let read = 0;
  return {
    fileBytes,
    seekable,
    compressed,
    bytesRead: () => read,
    async *chunks() {
      if (seekable && !compressed) {
        for await (const chunk of fileChunks(file, start)) {
          read += chunk.length;
          yield chunk;
        }
        return;
      }
      const raw: Readable = seekable
        ? createReadStream(openablePath(file), { highWaterMark: CHUNK_BYTES })
        : Readable.from(streamChunks(file, look), { objectMode: false });
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
        if (error instanceof MlshipError) throw error; // the stream's own (read twice, unreadable)
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

/**
 * A file's bytes from `start`, read into two buffers in turn rather than a new buffer for
 * each chunk (as a read stream does): at tens of MB/s a thread would otherwise leave tens of
 * MB of dead buffers between collections, which the process's memory target cannot afford.
 */
export async function* fileChunks(file: string, start = 0): AsyncGenerator<Buffer> {
  const handle = await open(openablePath(file), "r").catch((error: unknown) => {
    throw unreadable(file, error);
  });
  try {
    const buffers = [Buffer.allocUnsafeSlow(CHUNK_BYTES), Buffer.allocUnsafeSlow(CHUNK_BYTES)];
    let position = start;
    for (let turn = 0; ; turn ^= 1) {
      const buffer = buffers[turn];
      let bytesRead: number;
      try {
        ({ bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position));
      } catch (error) {
        throw unreadable(file, error);
      }
      if (bytesRead === 0) return;
      position += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}
