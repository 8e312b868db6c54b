/**
 * A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, embedded
 * delimiters and newlines; CRLF or LF; an optional UTF-8 BOM; any one-byte
 * delimiter). It scans bytes and records field offsets, so numbers are parsed
 * from the bytes and strings are only built when a consumer asks for one.
 * Memory holds one chunk of rows at a time, whatever the file's length.
 */
import { isUtf8 } from "node:buffer";
import { MlshipError } from "../../lib/errors.js";
import { hash64Bytes, hash64String, hashBytes, hashString } from "../sketch/hash.js";
import { type ByteSource, openTextSource } from "./byte-source.js";
import { parseDateBytes, parseDatetime } from "./parse-datetime.js";
import { parseNumberBytes, parseNumberText } from "./parse-number.js";
import {
  type CellBytes,
  type RowBatch,
  type TableReader,
  TEXT_CACHE_LIMIT,
  type TextCache,
} from "./table-reader.js";

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** Longest column name accepted: longer ones are data or an unclosed quote, not a header. */
export const MAX_COLUMN_NAME_LENGTH = 1024;
/** A row longer than this is refused rather than buffered without bound. */
export const MAX_ROW_BYTES = 256 * 1024 * 1024;
const ROW_HASH_SEED = 0x9747b28c;

export interface CsvOptions {
  /** One-byte field delimiter; default ",". */
  delimiter?: string;
  /**
   * Read only the rows that start in [start, end) of the file (a part read by a
   * worker thread); `start` must be where a row starts. Uncompressed files only.
   */
  range?: { start: number; end: number };
  /** The header, when the range does not start at the top of the file. */
  header?: string[];
}

/** Where a CSV file's rows are, for splitting it into byte ranges. */
export interface CsvLayout {
  fileBytes: number;
  compressed: boolean;
  /** False for standard input or a pipe: read once, never split. */
  seekable: boolean;
  /** Offset of the first byte after the header row. */
  dataStart: number;
}

/** Field flag: the field was quoted and contains doubled quotes, so its text needs unescaping. */
const FLAG_ESCAPED = 1;
const FLAG_QUOTED = 2;

function sameBytes(a: Uint8Array, buf: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== buf[start + i]) return false;
  return true;
}

class CsvBatch implements RowBatch {
  rows = 0;
  constructor(
    readonly buf: Buffer,
    readonly columns: number,
    readonly starts: Int32Array,
    readonly ends: Int32Array,
    readonly flags: Uint8Array,
    readonly rowStarts: Int32Array,
    readonly rowEnds: Int32Array,
    readonly lines: Float64Array,
  ) {}

  line(row: number): number {
    return this.lines[row];
  }

  isMissing(row: number, col: number): boolean {
    const f = row * this.columns + col;
    return this.starts[f] === this.ends[f] && (this.flags[f] & FLAG_QUOTED) === 0;
  }

  number(row: number, col: number): number {
    const f = row * this.columns + col;
    if (this.flags[f] & FLAG_ESCAPED) return parseNumberText(this.text(row, col));
    return parseNumberBytes(this.buf, this.starts[f], this.ends[f]);
  }

  text(row: number, col: number): string {
    const f = row * this.columns + col;
    const raw = this.buf.toString("utf8", this.starts[f], this.ends[f]);
    return this.flags[f] & FLAG_ESCAPED ? raw.replaceAll('""', '"') : raw;
  }

  cachedText(row: number, col: number, cache: TextCache): string {
    const f = row * this.columns + col;
    const start = this.starts[f];
    const end = this.ends[f];
    if (this.flags[f] & FLAG_ESCAPED) {
      cache.fresh = true;
      return this.text(row, col);
    }
    const { buf } = this;
    const key = hashBytes(buf, start, end) >>> 2;
    const hit = cache.entries.get(key);
    if (hit && sameBytes(hit.bytes, buf, start, end)) {
      cache.fresh = false;
      return hit.text;
    }
    const text = buf.toString("utf8", start, end);
    cache.fresh = true;
    if (!hit && cache.entries.size < TEXT_CACHE_LIMIT) {
      cache.entries.set(key, { text, bytes: Uint8Array.prototype.slice.call(buf, start, end) });
    }
    return text;
  }

  datetime(row: number, col: number): number {
    const f = row * this.columns + col;
    const date = parseDateBytes(this.buf, this.starts[f], this.ends[f]);
    return Number.isNaN(date) ? parseDatetime(this.text(row, col)) : date;
  }

  cellBytes(row: number, col: number, out: CellBytes): boolean {
    const f = row * this.columns + col;
    if (this.flags[f] & FLAG_ESCAPED) return false;
    out.buf = this.buf;
    out.start = this.starts[f];
    out.end = this.ends[f];
    return true;
  }

  hash(row: number, col: number): number {
    const f = row * this.columns + col;
    if (this.flags[f] & FLAG_ESCAPED) return hashString(this.text(row, col));
    return hashBytes(this.buf, this.starts[f], this.ends[f]);
  }

  hash64(row: number, col: number, out: Uint32Array): void {
    const f = row * this.columns + col;
    if (this.flags[f] & FLAG_ESCAPED) hash64String(this.text(row, col), 0, out);
    else hash64Bytes(this.buf, this.starts[f], this.ends[f], 0, out);
  }

  rowHash(row: number, out: Uint32Array): void {
    hash64Bytes(this.buf, this.rowStarts[row], this.rowEnds[row], ROW_HASH_SEED, out);
  }
}

/** Growable field-offset storage reused across chunks. */
class FieldStore {
  starts = new Int32Array(1 << 16);
  ends = new Int32Array(1 << 16);
  flags = new Uint8Array(1 << 16);
  rowStarts = new Int32Array(1 << 12);
  rowEnds = new Int32Array(1 << 12);
  lines = new Float64Array(1 << 12);

  ensureFields(n: number): void {
    if (n <= this.starts.length) return;
    const size = Math.max(n, this.starts.length * 2);
    this.starts = grow(this.starts, size);
    this.ends = grow(this.ends, size);
    const flags = new Uint8Array(size);
    flags.set(this.flags);
    this.flags = flags;
  }

  ensureRows(n: number): void {
    if (n <= this.rowStarts.length) return;
    const size = Math.max(n, this.rowStarts.length * 2);
    this.rowStarts = grow(this.rowStarts, size);
    this.rowEnds = grow(this.rowEnds, size);
    const lines = new Float64Array(size);
    lines.set(this.lines);
    this.lines = lines;
  }
}

function grow(array: Int32Array, size: number): Int32Array<ArrayBuffer> {
  const next = new Int32Array(size);
  next.set(array);
  return next;
}

interface RowScan {
  /** Offset after the row's terminator, or -1 when the buffer ends inside the row. */
  next: number;
  fields: number;
  /** Newlines inside the row (quoted newlines + the terminator). */
  newlines: number;
  /** Offset where the row's content ends (before CR/LF). */
  contentEnd: number;
}

export class CsvReader implements TableReader {
  readonly format = "csv" as const;
  private header: string[] | undefined;
  private source: ByteSource | undefined;
  private readonly delimiter: number;
  private consumed = false;
  /** Line where the row being scanned starts, for error messages. */
  private rowLine = 1;
  private readonly range: { start: number; end: number } | undefined;
  /** File offset after the header row, once read. */
  private headerEnd = 0;
  /** File offset where reading stopped: the start of the first row not read. */
  private stopOffset = 0;
  /** Newlines consumed (the header's and blank lines included). */
  private newlines = 0;

  constructor(
    readonly file: string,
    options: CsvOptions = {},
  ) {
    const delimiter = options.delimiter ?? ",";
    if (Buffer.byteLength(delimiter) !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
      throw new MlshipError(
        "bad_delimiter",
        `delimiter ${JSON.stringify(delimiter)} is not usable: give one single-byte character such as "," ";" or "\\t"`,
        { file },
      );
    }
    this.delimiter = delimiter.charCodeAt(0);
    this.range = options.range;
    if (options.header) this.header = options.header;
  }

  /** File size, compression, and where the data rows start. */
  async layout(): Promise<CsvLayout> {
    await this.columns();
    // Only looks at the start: a stream keeps it for the one read.
    const source = await openTextSource(this.file, "CSV", 0, true);
    return {
      fileBytes: source.fileBytes,
      compressed: source.compressed,
      seekable: source.seekable,
      dataStart: this.headerEnd,
    };
  }

  /** After reading: the file offset of the first row not read (the end of the range, or of the file). */
  stoppedAt(): number {
    return this.stopOffset;
  }

  /** After reading: how many lines the rows read spanned. */
  linesRead(): number {
    return this.newlines;
  }

  bytesRead(): number {
    return this.source?.bytesRead() ?? 0;
  }

  async columns(): Promise<string[]> {
    if (this.header) return this.header;
    // Reading the header alone: scan the first chunk(s) until one row is complete.
    for await (const _ of this.scan(true)) break;
    return this.header!;
  }

  batches(): AsyncIterable<RowBatch> {
    if (this.consumed) throw new Error("CsvReader.batches() may be iterated once");
    this.consumed = true;
    return this.scan(false);
  }

  // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the CSV reader's chunk loop over every byte of the file: row scanning, partial rows carried into the next chunk and batch flushing share the buffer and offsets as locals, which helpers would pass back and forth per row
  private async *scan(headerOnly: boolean): AsyncGenerator<RowBatch> {
    const rangeStart = headerOnly ? 0 : (this.range?.start ?? 0);
    const rangeEnd = headerOnly ? Number.POSITIVE_INFINITY : (this.range?.end ?? Number.POSITIVE_INFINITY);
    const source = await openTextSource(this.file, "CSV", rangeStart, headerOnly);
    if (!headerOnly) this.source = source;
    const store = new FieldStore();
    const scan: RowScan = { next: 0, fields: 0, newlines: 0, contentEnd: 0 };
    let pending: Buffer | undefined;
    const joiner = new ChunkJoiner();
    /** File offset of pending's first byte. */
    let pendingBase = rangeStart;
    /** File offset after the last chunk read. */
    let sourceOffset = rangeStart;
    let line = 1;
    let firstChunk = rangeStart === 0;
    let header: string[] | undefined = rangeStart === 0 ? undefined : this.header;
    if (!header && rangeStart > 0)
      throw new Error("CsvReader: a range after the top of the file needs the header");
    let sawBytes = false;
    let stopped = false;

    const chunks = source.chunks()[Symbol.asyncIterator]();
    // However the read ends (a row the reader refuses throws mid-file), the file is closed now,
    // not when the collector finds the handle.
    try {
      while (true) {
        const { value, done } = await chunks.next();
        const eof = done === true;
        let buf: Buffer;
        let base: number;
        if (eof) {
          if (!pending || pending.length === 0) break;
          buf = pending;
          base = pendingBase;
        } else {
          sawBytes ||= value.length > 0;
          base = pending && pending.length > 0 ? pendingBase : sourceOffset;
          buf = pending && pending.length > 0 ? joiner.join(pending, value) : value;
          sourceOffset += value.length;
        }
        let pos = 0;
        if (firstChunk) {
          if (buf.length < 4 && !eof) {
            pending = buf;
            continue;
          }
          firstChunk = false;
          this.refuseBinary(buf);
          if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
        }

        if (!header) {
          pos = this.skipBlankLines(buf, pos, (n) => {
            line += n;
          });
          store.ensureFields(64);
          this.rowLine = line;
          const ok = this.scanRow(buf, pos, eof, store, 0, 0, scan);
          if (!ok) {
            pending = buf.subarray(pos);
            pendingBase = base + pos;
            if (eof) this.failUnterminated();
            if (pending.length > MAX_ROW_BYTES) this.failLongRow(line);
            continue;
          }
          header = this.readHeader(buf, store, scan.fields, line);
          this.header = header;
          line += scan.newlines;
          pos = scan.next;
          this.headerEnd = base + pos;
          if (headerOnly) {
            await chunks.return?.(undefined);
            return;
          }
        }

        const columns = header.length;
        let rows = 0;
        let fieldBase = 0;
        while (pos < buf.length) {
          if (base + pos >= rangeEnd) {
            stopped = true;
            break;
          }
          // A CR at the end of the buffer may be the first half of a CRLF.
          if (buf[pos] === CR && pos + 1 === buf.length && !eof) break;
          if (buf[pos] === LF || buf[pos] === CR) {
            // Blank lines (LF, CRLF, or a lone CR as rows end in old Mac files) carry no row, as pandas skips them.
            pos += buf[pos] === CR && buf[pos + 1] === LF ? 2 : 1;
            line++;
            continue;
          }
          store.ensureFields(fieldBase + columns + 1);
          store.ensureRows(rows + 1);
          this.rowLine = line;
          const ok = this.scanRow(buf, pos, eof, store, fieldBase, columns + 1, scan);
          if (!ok) break;
          if (scan.fields !== columns) this.failRagged(line, scan.fields, columns, header);
          store.rowStarts[rows] = pos;
          store.rowEnds[rows] = scan.contentEnd;
          store.lines[rows] = line;
          line += scan.newlines;
          rows++;
          fieldBase += columns;
          pos = scan.next;
        }
        if (eof && pos < buf.length && !stopped) this.failUnterminated();
        pending = pos < buf.length ? buf.subarray(pos) : undefined;
        pendingBase = base + pos;
        this.stopOffset = base + pos;
        this.newlines = line - 1;
        if (pending && pending.length > MAX_ROW_BYTES) this.failLongRow(line);
        if (rows > 0) {
          const end = store.rowEnds[rows - 1];
          if (!isUtf8(buf.subarray(0, end))) this.failEncoding(buf, store, rows);
          const batch = new CsvBatch(
            buf,
            columns,
            store.starts,
            store.ends,
            store.flags,
            store.rowStarts,
            store.rowEnds,
            store.lines,
          );
          batch.rows = rows;
          yield batch;
        }
        if (stopped) {
          await chunks.return?.(undefined);
          return;
        }
        if (eof) break;
      }
    } finally {
      await chunks.return?.(undefined);
    }
    if (!header) {
      throw new MlshipError(
        "empty_file",
        sawBytes ? `${this.file} holds no CSV header row` : `${this.file} is empty: a CSV needs a header row`,
        { file: this.file },
      );
    }
    if (headerOnly) this.header = header;
  }

  /**
   * Scans one row starting at `pos`, writing up to `maxFields` field offsets at
   * `fieldBase` (0 = unlimited, used for the header). Returns false when the
   * buffer ends before the row does (and more input may come).
   */
  // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the per-byte RFC 4180 state machine (quotes, doubled quotes, CR/LF, field offsets), run on every byte of every row; one function keeps the inner loop free of calls
  private scanRow(
    buf: Buffer,
    pos: number,
    eof: boolean,
    store: FieldStore,
    fieldBase: number,
    maxFields: number,
    out: RowScan,
  ): boolean {
    const delimiter = this.delimiter;
    const length = buf.length;
    let fields = 0;
    let newlines = 0;
    let i = pos;
    while (true) {
      // One field.
      if (maxFields === 0) store.ensureFields(fieldBase + fields + 1);
      const slot = fieldBase + (maxFields === 0 || fields < maxFields ? fields : maxFields - 1);
      let start: number;
      let end: number;
      let flags = 0;
      if (i < length && buf[i] === QUOTE) {
        flags = FLAG_QUOTED;
        start = i + 1;
        let j = start;
        while (true) {
          const q = buf.indexOf(QUOTE, j);
          if (q < 0) {
            if (!eof) return false;
            this.failUnterminated();
          }
          if (buf[q + 1] === QUOTE) {
            flags |= FLAG_ESCAPED;
            j = q + 2;
            continue;
          }
          if (q + 1 === length && !eof) return false;
          end = q;
          break;
        }
        for (let k = start; k < end; k++) if (buf[k] === LF) newlines++;
        i = end + 1;
        const after = buf[i];
        if (i < length && after !== delimiter && after !== LF && after !== CR) {
          this.failStrayQuote(buf, pos, i, this.rowLine + newlines);
        }
      } else {
        start = i;
        while (i < length) {
          const c = buf[i];
          if (c === delimiter || c === LF || c === CR) break;
          i++;
        }
        end = i;
      }
      store.starts[slot] = start;
      store.ends[slot] = end;
      store.flags[slot] = flags;
      fields++;
      if (i >= length) {
        if (!eof) return false;
        out.next = length;
        out.contentEnd = length;
        break;
      }
      const c = buf[i];
      if (c === delimiter) {
        i++;
        if (i >= length && !eof) return false;
        if (i >= length) {
          // Trailing delimiter at end of file: one more empty field.
          if (maxFields === 0) store.ensureFields(fieldBase + fields + 1);
          const last = fieldBase + (maxFields === 0 || fields < maxFields ? fields : maxFields - 1);
          store.starts[last] = i;
          store.ends[last] = i;
          store.flags[last] = 0;
          fields++;
          out.next = length;
          out.contentEnd = length;
          break;
        }
        continue;
      }
      // Row terminator: LF, CRLF, or a lone CR (old Mac files).
      out.contentEnd = i;
      if (c === CR) {
        if (i + 1 >= length && !eof) return false;
        i += buf[i + 1] === LF ? 2 : 1;
      } else {
        i++;
      }
      newlines++;
      out.next = i;
      break;
    }
    out.fields = fields;
    out.newlines = newlines;
    return true;
  }

  private skipBlankLines(buf: Buffer, pos: number, onLine: (n: number) => void): number {
    while (pos < buf.length && (buf[pos] === LF || buf[pos] === CR)) {
      if (buf[pos] === LF) onLine(1);
      else if (buf[pos + 1] !== LF) onLine(1);
      pos++;
    }
    return pos;
  }

  private readHeader(buf: Buffer, store: FieldStore, fields: number, line: number): string[] {
    const raw = buf.subarray(store.starts[0], store.ends[fields - 1]);
    if (!isUtf8(raw)) {
      throw new MlshipError(
        "not_utf8",
        "the header is not valid UTF-8: re-encode the file as UTF-8 (for example `iconv -f latin1 -t utf-8`)",
        { file: this.file, line },
      );
    }
    const names: string[] = [];
    const seen = new Map<string, number>();
    for (let f = 0; f < fields; f++) {
      let name = buf.toString("utf8", store.starts[f], store.ends[f]);
      if (store.flags[f] & FLAG_ESCAPED) name = name.replaceAll('""', '"');
      name = name.trim();
      if (name.length > MAX_COLUMN_NAME_LENGTH) {
        throw new MlshipError(
          "column_name_too_long",
          `header column ${f + 1} has a name of ${name.length.toLocaleString("en-US")} characters (at most ${MAX_COLUMN_NAME_LENGTH.toLocaleString("en-US")}): is the first line a header, and is every quote closed?`,
          { file: this.file, line, column: f + 1 },
        );
      }
      if (name === "") {
        throw new MlshipError("empty_column_name", `header column ${f + 1} has no name`, {
          file: this.file,
          line,
          column: f + 1,
        });
      }
      const previous = seen.get(name);
      if (previous !== undefined) {
        throw new MlshipError(
          "duplicate_column",
          `column "${name}" appears twice in the header (columns ${previous + 1} and ${f + 1})`,
          { file: this.file, line, column: name },
        );
      }
      seen.set(name, f);
      names.push(name);
    }
    return names;
  }

  private refuseBinary(head: Buffer): void {
    const probe = head.subarray(0, 4096);
    const nul = probe.indexOf(0);
    if (nul >= 0) {
      throw new MlshipError(
        "not_text",
        `${this.file} is not a CSV file: it holds binary data (a zero byte at offset ${nul})`,
        { file: this.file },
      );
    }
  }

  private failRagged(line: number, got: number, expected: number, header: string[]): never {
    // A one-column header that holds ";" (say) means the file uses another delimiter: quoting is not the fix.
    const other = header.length === 1 ? likelyDelimiter(header[0], this.delimiter) : undefined;
    const hint = other
      ? `the header is one column, so the file is probably separated by ${other.name}: ${setDelimiterHint(other.option)}`
      : got > expected
        ? "an unquoted delimiter inside a value? Quote values that contain the delimiter"
        : "a missing delimiter or a truncated row?";
    throw new MlshipError(
      "ragged_row",
      `row at line ${line} has ${got} fields but the header has ${expected} (${header.slice(0, 4).join(", ")}${header.length > 4 ? ", …" : ""}): ${hint}`,
      { file: this.file, line },
    );
  }

  private failUnterminated(): never {
    throw new MlshipError(
      "unterminated_quote",
      `unterminated quoted field: the quote opened in the row at line ${this.rowLine} is never closed`,
      { file: this.file, line: this.rowLine },
    );
  }

  private failStrayQuote(buf: Buffer, rowStart: number, at: number, line: number): never {
    const snippet = buf.toString("utf8", Math.max(rowStart, at - 20), Math.min(buf.length, at + 20));
    throw new MlshipError(
      "stray_quote",
      `a closing quote is followed by text instead of a delimiter near ${JSON.stringify(snippet)}: quotes inside a quoted value must be doubled ("")`,
      { file: this.file, line },
    );
  }

  private failLongRow(line: number): never {
    throw new MlshipError(
      "row_too_long",
      `the row at line ${line} is longer than ${MAX_ROW_BYTES / 1024 / 1024} MiB: is it a CSV file, and is every quote closed?`,
      { file: this.file, line },
    );
  }

  private failEncoding(buf: Buffer, store: FieldStore, rows: number): never {
    for (let r = 0; r < rows; r++) {
      if (!isUtf8(buf.subarray(store.rowStarts[r], store.rowEnds[r]))) {
        throw new MlshipError(
          "not_utf8",
          `the row at line ${store.lines[r]} is not valid UTF-8: re-encode the file as UTF-8 (for example \`iconv -f latin1 -t utf-8\`)`,
          { file: this.file, line: store.lines[r] },
        );
      }
    }
    throw new MlshipError("not_utf8", "the file is not valid UTF-8", { file: this.file });
  }
}

/**
 * How to set the delimiter, in every spelling (the readers do not know who called them): the
 * command line's `--delimiter`, the actions' input, mlship.yml's data.delimiter.
 */
export function setDelimiterHint(value: string): string {
  return `set the delimiter to ${value} (--delimiter ${value} on the command line, input 'delimiter' in an action, data.delimiter in mlship.yml)`;
}

const DELIMITERS = [
  { char: ",", name: '","', option: "','" },
  { char: ";", name: '";"', option: "';'" },
  { char: "\t", name: "tabs", option: "tab" },
  { char: "|", name: '"|"', option: "'|'" },
];

/** The usual delimiter (other than the one in use) that occurs most often in `text`, if any does. */
export function likelyDelimiter(text: string, current: number): (typeof DELIMITERS)[number] | undefined {
  let best: (typeof DELIMITERS)[number] | undefined;
  let bestCount = 0;
  for (const candidate of DELIMITERS) {
    if (candidate.char.charCodeAt(0) === current) continue;
    const count = text.split(candidate.char).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Joins the unread end of one chunk (a row cut by the chunk's end) to the next chunk, in one
 * buffer reused from chunk to chunk: no new buffer per chunk. The joined bytes stay valid
 * until the next join, as a batch stays valid until the next one is asked for.
 */
class ChunkJoiner {
  private room: Buffer | undefined;

  join(pending: Buffer, next: Buffer): Buffer {
    const length = pending.length + next.length;
    const room = this.room;
    if (room && pending.buffer === room.buffer && length <= room.length) {
      const offset = pending.byteOffset - room.byteOffset;
      room.copyWithin(0, offset, offset + pending.length);
    } else {
      const target =
        room && length <= room.length
          ? room
          : Buffer.allocUnsafeSlow(Math.max(length, 2 * (room?.length ?? next.length)));
      pending.copy(target, 0);
      this.room = target;
    }
    next.copy(this.room!, pending.length);
    return this.room!.subarray(0, length);
  }
}
