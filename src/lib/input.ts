/**
 * Inputs a user names — data, mlship.yml, schemas, profiles, metrics, models — as README.md's
 * "Files and streams" describes. A regular file is read as often as the work needs. Standard
 * input (`-`, /dev/stdin), a FIFO, a process substitution (`<(…)`) or a character device is a
 * stream: it is read once, from its first byte to its last. Its start may be looked at first (the
 * format, a header); the one read then begins again at the first byte. Work that would need a
 * second read of a stream refuses it and says why, rather than hanging or reading nothing.
 *
 * Opening a FIFO waits until something writes to it; when that takes a moment, a line on stderr
 * says mlship is waiting and for what.
 */
import { createHash } from "node:crypto";
import { createReadStream, open as openFd, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { Socket } from "node:net";
import { resolve } from "node:path";
import { MlshipError } from "./errors.js";

/** The name that means standard input (and, for outputs, standard output). */
export const STANDARD_STREAM = "-";
const STDIN_NAMES = new Set([STANDARD_STREAM, "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"]);
/** Standard input redirected from a file is that file, opened again through this path. */
const STDIN_PATH = "/dev/stdin";
/** How long an open may wait for the other end of a FIFO before mlship says it is waiting. */
const WAITING_NOTICE_MS = 300;

export function isStandardInput(name: string): boolean {
  return STDIN_NAMES.has(name);
}

/** What an input name refers to, as far as reading it goes. */
export type InputKind =
  /** A regular file: `path` opens it (it differs from the name for `-` redirected from a file). */
  | { kind: "file"; path: string; bytes: number }
  /** Read once, front to back; `what` says what it is, for messages ("standard input", "a pipe"). */
  | { kind: "stream"; what: string; source: "stdin" | "fifo" | "device" }
  /** Missing, a folder, a socket, no permission…: the open says which, in the caller's words. */
  | { kind: "other"; path: string };

export function inputKind(name: string): InputKind {
  if (isStandardInput(name)) {
    const info = statOrUndefined(STDIN_PATH);
    if (info?.isFile()) return { kind: "file", path: STDIN_PATH, bytes: info.size };
    return { kind: "stream", what: "standard input", source: "stdin" };
  }
  const info = statOrUndefined(name);
  if (info?.isFile()) return { kind: "file", path: name, bytes: info.size };
  if (info?.isFIFO()) return { kind: "stream", what: "a pipe (FIFO)", source: "fifo" };
  if (info?.isCharacterDevice() || info?.isBlockDevice()) {
    return { kind: "stream", what: "a device", source: "device" };
  }
  return { kind: "other", path: name };
}

function statOrUndefined(path: string) {
  try {
    return statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined; // ENOTDIR, EACCES, ELOOP…: the open reports it
  }
}

/** `name` resolved against the working folder; standard input's names stay as they are. */
export function resolveInput(cwd: string, name: string): string {
  return isStandardInput(name) ? name : resolve(cwd, name);
}

export function isStreamInput(name: string): boolean {
  return inputKind(name).kind === "stream";
}

/** The path to open for `name` when it is not a stream (`-` redirected from a file is /dev/stdin). */
export function openablePath(name: string): string {
  const kind = inputKind(name);
  return kind.kind === "stream" ? name : kind.path;
}

/**
 * Refuses a stream where the work reads its input more than once.
 * @param why what needs the second read, e.g. "training reads the data twice (types, then rows)".
 * @throws MlshipError `needs_regular_file` naming the input.
 */
export function requireRegularInput(name: string, why: string): void {
  const kind = inputKind(name);
  if (kind.kind !== "stream") return;
  throw new MlshipError(
    "needs_regular_file",
    `${name} is ${kind.what}, which can be read only once, but ${why}: save it to a file and give that file`,
    { file: name },
  );
}

/**
 * The whole content of an input: a regular file read again each call, a stream read once — or,
 * with `keep`, kept so that the next reader starts again at its first byte (for an input that may
 * be either of two things, a profile or JSON Lines data, read once to tell which).
 * Errors opening a file are the system's (ENOENT, EISDIR, EACCES…), for the caller to word.
 */
export async function readInput(name: string, keep = false): Promise<Buffer> {
  const kind = inputKind(name);
  if (kind.kind !== "stream") return readFile(kind.path);
  const chunks: Buffer[] = [];
  for await (const chunk of streamOf(name, kind).chunks(keep)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** The bytes of an input stream, from the first: `look` keeps them for the next reader. */
export function streamChunks(name: string, look: boolean): AsyncGenerator<Buffer> {
  return streamOf(name).chunks(look);
}

/** The first `bytes` bytes of a stream (fewer when it is shorter), kept for the next reader. */
export async function streamHead(name: string, bytes: number): Promise<Buffer> {
  const head: Buffer[] = [];
  let length = 0;
  for await (const chunk of streamChunks(name, true)) {
    head.push(chunk);
    length += chunk.length;
    if (length >= bytes) break;
  }
  return Buffer.concat(head).subarray(0, bytes);
}

/**
 * The SHA-256 and length of a stream's bytes, known once its one read has ended: the fingerprint
 * of data that cannot be read a second time to hash it.
 */
export function streamDigest(name: string): Promise<{ sha256: string; bytes: number }> {
  return streamOf(name).digest;
}

/** The streams read in this process, by name (standard input's names are one). */
const streams = new Map<string, StreamInput>();
let pendingOpens = 0;

function streamOf(name: string, kind = inputKind(name)): StreamInput {
  if (kind.kind !== "stream") throw new Error(`${name} is not a stream: read it as a file`);
  const key = isStandardInput(name) ? STANDARD_STREAM : resolve(name);
  let stream = streams.get(key);
  if (!stream) {
    stream = new StreamInput(name, kind.what, kind.source);
    streams.set(key, stream);
  }
  return stream;
}

/**
 * Lets go of the streams read (a command that stopped early leaves a pipe open, which would
 * keep the process alive). True when an open still waits for a FIFO's writer: only exiting ends it.
 */
export function releaseInputs(): boolean {
  for (const stream of streams.values()) stream.release();
  return pendingOpens > 0;
}

class StreamInput {
  /**
   * Every chunk read from the source, in order. Looks leave them here for the next reader; the one
   * read drops each once it has passed it.
   */
  private readonly log: (Buffer | undefined)[] = [];
  private ended = false;
  /** The read from the source in flight: one at a time, so chunks enter the log in order. */
  private pulling: Promise<void> | undefined;
  private reading: { iterator: AsyncIterator<Buffer>; release(): void } | undefined;
  private opening: Promise<NonNullable<StreamInput["reading"]>> | undefined;
  private readBegun = false;
  private readonly hash = createHash("sha256");
  private bytes = 0;
  readonly digest: Promise<{ sha256: string; bytes: number }>;
  private settleDigest: (value: { sha256: string; bytes: number }) => void = () => {};

  constructor(
    private readonly name: string,
    private readonly what: string,
    private readonly source: "stdin" | "fifo" | "device",
  ) {
    this.digest = new Promise((resolve) => {
      this.settleDigest = resolve;
    });
  }

  /** The chunks from the first; a `look` may stop anywhere and leaves them for the next reader. */
  async *chunks(look: boolean): AsyncGenerator<Buffer> {
    if (this.readBegun) {
      throw new MlshipError(
        "stream_read_twice",
        `${this.name} is ${this.what}, which can be read only once, and it has been read already: give each input its own file, or save this one to a file and give that`,
        { file: this.name },
      );
    }
    if (!look) this.readBegun = true;
    for (let index = 0; ; index++) {
      while (index >= this.log.length && !this.ended) await this.pull();
      if (index >= this.log.length) break;
      const chunk = this.log[index]!;
      if (!look) {
        this.log[index] = undefined;
        this.hash.update(chunk);
        this.bytes += chunk.length;
      }
      yield chunk;
    }
    if (!look) this.settleDigest({ sha256: this.hash.digest("hex"), bytes: this.bytes });
  }

  private pull(): Promise<void> {
    this.pulling ??= this.readSource().finally(() => {
      this.pulling = undefined;
    });
    return this.pulling;
  }

  private async readSource(): Promise<void> {
    this.opening ??= this.open();
    const { iterator } = await this.opening;
    try {
      const { value, done } = await iterator.next();
      if (done) this.ended = true;
      else this.log.push(Buffer.isBuffer(value) ? value : Buffer.from(value));
    } catch (error) {
      throw new MlshipError(
        "file_unreadable",
        `${this.name}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
        { file: this.name },
      );
    }
  }

  private async open(): Promise<NonNullable<StreamInput["reading"]>> {
    if (this.source === "stdin") {
      const stdin = process.stdin;
      if (stdin.isTTY)
        process.stderr.write("mlship: reading standard input from the terminal (end it with Ctrl-D)\n");
      this.reading = { iterator: stdin[Symbol.asyncIterator](), release: () => stdin.destroy() };
    } else if (this.source === "fifo") {
      const fd = await openWaiting(this.name);
      // A socket on the pipe reads without holding a thread of the pool, and closes when released.
      const socket = new Socket({ fd, readable: true, writable: false });
      this.reading = { iterator: socket[Symbol.asyncIterator](), release: () => socket.destroy() };
    } else {
      const stream = createReadStream(this.name, { highWaterMark: 1 << 20 });
      this.reading = { iterator: stream[Symbol.asyncIterator](), release: () => stream.destroy() };
    }
    return this.reading;
  }

  release(): void {
    this.reading?.release();
  }
}

/** Opens a FIFO for reading, saying on stderr when no writer has come after a moment. */
function openWaiting(name: string): Promise<number> {
  pendingOpens++;
  const notice = setTimeout(() => {
    process.stderr.write(
      `mlship: waiting for a writer on ${name} (a FIFO: nothing has opened it for writing yet)…\n`,
    );
  }, WAITING_NOTICE_MS);
  return new Promise<number>((resolve, reject) => {
    openFd(name, "r", (error, fd) => {
      pendingOpens--;
      clearTimeout(notice);
      if (error)
        reject(
          new MlshipError("file_unreadable", `${name}: cannot be read (${error.code ?? error.message})`, {
            file: name,
          }),
        );
      else resolve(fd);
    });
  });
}
