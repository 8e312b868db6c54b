/**
 * Extracts a gzip'd tar (an npm package tarball) into a folder, streaming.
 *
 * A reader of our own on node:zlib rather than the system `tar`: it behaves the
 * same on every runner (GNU tar, bsdtar and Windows' tar.exe differ in their
 * flags and in what they allow), and it enforces the rules below itself instead
 * of trusting a tool's defaults. It reads what npm writes (ustar with pax
 * extended headers; GNU long names too) and, like npm, keeps only regular files
 * and folders: links and devices are skipped, so no entry can write through a
 * link. Absolute paths and `..` segments are refused before anything is written
 * for that entry.
 */
import { createReadStream } from "node:fs";
import { mkdir, open } from "node:fs/promises";
import { join } from "node:path";
import { createGunzip } from "node:zlib";
import { MlshipError } from "../../lib/errors.js";

const BLOCK = 512;
/** pax and GNU long-name headers larger than this are not names: the archive is broken. */
const MAX_META_BYTES = 1 << 20;

export interface ExtractOptions {
  /** Leading path segments to drop, as `tar --strip-components` (npm tarballs: 1, the `package/` folder). */
  stripComponents?: number;
  /** The tarball's name in messages (defaults to its path). */
  label?: string;
}

export interface ExtractResult {
  files: number;
  bytes: number;
}

export async function extractTarball(
  tarball: string,
  destination: string,
  options: ExtractOptions = {},
): Promise<ExtractResult> {
  const strip = options.stripComponents ?? 0;
  const label = options.label ?? tarball;
  const broken = (why: string) =>
    new MlshipError("bad_tarball", `${label} is not a readable tar archive: ${why}`, { file: tarball });
  const gunzip = createReadStream(tarball).pipe(createGunzip({ chunkSize: 256 * 1024 }));
  const reader = new ByteReader(gunzip[Symbol.asyncIterator]());
  const madeFolders = new Set<string>();
  const ensureFolder = async (folder: string) => {
    if (madeFolders.has(folder)) return;
    await mkdir(folder, { recursive: true });
    madeFolders.add(folder);
  };
  await ensureFolder(destination);

  const result: ExtractResult = { files: 0, bytes: 0 };
  try {
    for (;;) {
      const entry = await nextEntry(reader, broken, result.files);
      if (!entry) break;
      const { type, name, size, padded } = entry;
      const target =
        type === "0" || type === "7" || type === "5"
          ? safeTarget(destination, name, strip, label, tarball)
          : undefined;
      if (target && type === "5") await ensureFolder(target.path);
      else if (target) {
        await ensureFolder(target.folder);
        await writeEntry(reader, target.path, size, entry.executable, () => broken(`ends inside ${name}`));
        result.files += 1;
        result.bytes += size;
        await skipOrFail(reader, padded - size, () => broken(`ends inside ${name}`));
        continue;
      }
      // Folders, skipped entries (links, devices, global pax headers) and the root folder stripped away.
      await skipOrFail(reader, padded, () => broken(`ends inside ${name}`));
    }
  } catch (error) {
    // zlib's own errors (Z_DATA_ERROR, Z_BUF_ERROR) mean the gzip layer is broken; anything else is not ours to rename.
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === "string" && code.startsWith("Z_")) throw broken(`gzip: ${(error as Error).message}`);
    throw error;
  } finally {
    gunzip.destroy();
  }
  return result;
}

interface EntryHeader {
  /** The tar type flag: "0"/"7" a file, "5" a folder, anything else skipped. */
  type: string;
  name: string;
  size: number;
  /** The size rounded up to whole blocks: what follows the header in the archive. */
  padded: number;
  executable: boolean;
}

/**
 * The next entry's header, with the pax extended header and GNU long name before it folded in;
 * undefined at the end of the archive.
 */
async function nextEntry(
  reader: ByteReader,
  broken: (why: string) => MlshipError,
  filesSoFar: number,
): Promise<EntryHeader | undefined> {
  let pax: Record<string, string> = {};
  let longName: string | undefined;
  for (;;) {
    const header = await reader.read(BLOCK);
    if (!header) return undefined; // the end-of-archive blocks are optional for readers
    if (header.length < BLOCK) throw broken("ends inside a header");
    if (header.every((byte) => byte === 0)) return undefined;
    if (!checksumMatches(header)) throw broken(`header checksum mismatch after ${filesSoFar} files`);

    const type = header[156] === 0 ? "0" : String.fromCharCode(header[156]);
    const size = pax.size !== undefined ? Number(pax.size) : readNumber(header, 124, 12);
    if (!Number.isSafeInteger(size) || size < 0) throw broken("bad entry size");
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (type !== "x" && type !== "L") {
      const name = pax.path ?? longName ?? headerName(header);
      return { type, name, size, padded, executable: executable(header) };
    }
    const body = await readExtendedHeader(reader, size, padded, broken);
    if (type === "x") pax = { ...pax, ...parsePax(body) };
    else longName = cString(body, 0, size);
  }
}

/** The body of a pax extended header or a GNU long name, bounded: a larger one is not a name. */
async function readExtendedHeader(
  reader: ByteReader,
  size: number,
  padded: number,
  broken: (why: string) => MlshipError,
): Promise<Buffer> {
  if (size > MAX_META_BYTES) throw broken(`extended header of ${size} bytes`);
  const body = await reader.read(padded);
  if (!body || body.length < padded) throw broken("ends inside an extended header");
  return body.subarray(0, size);
}

interface Target {
  path: string;
  folder: string;
}

/** The entry's place under `destination`, undefined for the stripped leading folders; throws on escapes. */
function safeTarget(
  destination: string,
  name: string,
  strip: number,
  label: string,
  tarball: string,
): Target | undefined {
  const refuse = (why: string) =>
    new MlshipError(
      "unsafe_tarball",
      `refusing to extract ${label}: entry ${JSON.stringify(name)} ${why}; nothing was installed`,
      { file: tarball },
    );
  if (name.includes("\\")) throw refuse("has a backslash in its path");
  if (name.startsWith("/") || /^[A-Za-z]:/.test(name)) throw refuse("has an absolute path");
  const segments = name.split("/").filter((segment) => segment !== "" && segment !== ".");
  if (segments.includes("..")) throw refuse("points outside the package folder (`..`)");
  const kept = segments.slice(strip);
  if (kept.length === 0) return undefined;
  return { path: join(destination, kept.join("/")), folder: join(destination, kept.slice(0, -1).join("/")) };
}

async function writeEntry(
  reader: ByteReader,
  path: string,
  size: number,
  isExecutable: boolean,
  truncated: () => Error,
): Promise<void> {
  const handle = await open(path, "w", isExecutable ? 0o755 : 0o644);
  try {
    let left = size;
    while (left > 0) {
      const piece = await reader.next(left);
      if (!piece) throw truncated();
      await handle.write(piece);
      left -= piece.byteLength;
    }
  } finally {
    await handle.close();
  }
}

async function skipOrFail(reader: ByteReader, bytes: number, truncated: () => Error): Promise<void> {
  let left = bytes;
  while (left > 0) {
    const piece = await reader.next(left);
    if (!piece) throw truncated();
    left -= piece.byteLength;
  }
}

function headerName(header: Buffer): string {
  const name = cString(header, 0, 100);
  // POSIX ustar ("ustar\0" + "00") splits long names into prefix + name; GNU ("ustar  ") uses that space otherwise.
  const posix = header.toString("latin1", 257, 263) === "ustar\0";
  const prefix = posix ? cString(header, 345, 155) : "";
  return prefix ? `${prefix}/${name}` : name;
}

function executable(header: Buffer): boolean {
  return (readNumber(header, 100, 8) & 0o111) !== 0;
}

function cString(buffer: Buffer, offset: number, length: number): string {
  const field = buffer.subarray(offset, offset + length);
  const end = field.indexOf(0);
  return field.toString("utf8", 0, end === -1 ? field.length : end);
}

/** Octal ASCII, or base-256 (high bit set) as GNU and star write for large values. */
function readNumber(buffer: Buffer, offset: number, length: number): number {
  const field = buffer.subarray(offset, offset + length);
  if (field[0] & 0x80) {
    let value = field[0] & 0x7f;
    for (let i = 1; i < field.length; i += 1) value = value * 256 + field[i];
    return value;
  }
  const text = field
    .toString("latin1")
    .replace(/[\0 ]+$/, "")
    .trim();
  return text === "" ? 0 : Number.parseInt(text, 8);
}

/** The header checksum: the sum of its bytes with the checksum field read as spaces (signed sums from old tars too). */
function checksumMatches(header: Buffer): boolean {
  const stored = readNumber(header, 148, 8);
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < BLOCK; i += 1) {
    const byte = i >= 148 && i < 156 ? 0x20 : header[i];
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

/** pax records: `<length> <key>=<value>\n`, the length counting the whole record, in bytes. */
function parsePax(body: Buffer): Record<string, string> {
  const fields: Record<string, string> = {};
  let position = 0;
  while (position < body.length && body[position] !== 0) {
    const space = body.indexOf(0x20, position);
    const length = Number(body.toString("latin1", position, space));
    if (space === -1 || !Number.isSafeInteger(length) || length <= space - position) break;
    const record = body.toString("utf8", space + 1, position + length - 1);
    const equals = record.indexOf("=");
    if (equals > 0) fields[record.slice(0, equals)] = record.slice(equals + 1);
    position += length;
  }
  return fields;
}

/** Reads exact byte counts, or pieces up to a count, from a stream of chunks. */
class ByteReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private ended = false;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** `length` bytes, fewer when the stream ends first; undefined when it had already ended. */
  async read(length: number): Promise<Buffer | undefined> {
    while (this.buffered < length && !this.ended) await this.pull();
    if (this.buffered === 0) return undefined;
    const all = this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
    const taken = Math.min(length, all.length);
    this.chunks = all.length > taken ? [all.subarray(taken)] : [];
    this.buffered -= taken;
    return all.subarray(0, taken);
  }

  /** Up to `limit` bytes, as soon as some are there; undefined at the end of the stream. */
  async next(limit: number): Promise<Buffer | undefined> {
    if (this.buffered === 0 && !this.ended) await this.pull();
    const first = this.chunks[0];
    if (!first) return undefined;
    if (first.length <= limit) {
      this.chunks.shift();
      this.buffered -= first.length;
      return first;
    }
    this.chunks[0] = first.subarray(limit);
    this.buffered -= limit;
    return first.subarray(0, limit);
  }

  private async pull(): Promise<void> {
    const { value, done } = await this.source.next();
    if (done) this.ended = true;
    else if (value.length > 0) {
      this.chunks.push(value);
      this.buffered += value.length;
    }
  }
}
