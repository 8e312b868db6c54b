/**
 * A streaming JSON Lines reader: one JSON object per line. The first object's
 * keys are the columns; a later line with a key the first did not have is an
 * error (the file has no single table shape), a missing key is a missing value.
 *
 * A prediction log of `mlship serve` (docs/design.md, "Prediction log") is told
 * apart by its first line's shape: its table is each line's `inputs` (the
 * features as columns), and the lines of shadow copies are left out, since
 * they repeat the inputs of a request already counted.
 */
import { isUtf8 } from "node:buffer";
import { MlshipError } from "../../lib/errors.js";
import { combineHash, hash64String, hashString } from "../sketch/hash.js";
import { openTextSource } from "./byte-source.js";
import { MAX_ROW_BYTES } from "./csv-reader.js";
import { parseDatetime } from "./parse-datetime.js";
import { parseNumberText } from "./parse-number.js";
import type { RowBatch, TableReader, TextCache } from "./table-reader.js";

const LF = 0x0a;
const ROW_HASH_SEED = 0x9747b28c;

/** Text of a JSON or Parquet value as validation sees it. */
export function valueText(value: unknown): string {
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint")
    return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value === null || value === undefined) return "";
  return JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v));
}

/** Number of a JSON or Parquet value: NaN for anything that does not spell a number. */
export function valueNumber(value: unknown): number {
  if (typeof value === "number") return value;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "string") return parseNumberText(value);
  return Number.NaN;
}

/**
 * A batch of rows held as values (JSON Lines, Parquet). Its row hash combines
 * the cells' hashes, so rows that hold the same values are duplicates however
 * the file wrote them (key order, spacing).
 */
export class ValueBatch implements RowBatch {
  private readonly cell = new Uint32Array(2);

  constructor(
    readonly values: unknown[][],
    readonly lines: number[],
  ) {}

  get rows(): number {
    return this.values.length;
  }

  line(row: number): number {
    return this.lines[row];
  }

  isMissing(row: number, col: number): boolean {
    const v = this.values[row][col];
    return v === null || v === undefined;
  }

  number(row: number, col: number): number {
    return valueNumber(this.values[row][col]);
  }

  text(row: number, col: number): string {
    return valueText(this.values[row][col]);
  }

  cachedText(row: number, col: number, cache: TextCache): string {
    // Values are strings already: nothing to save, and every text counts as fresh.
    cache.fresh = true;
    return valueText(this.values[row][col]);
  }

  datetime(row: number, col: number): number {
    const value = this.values[row][col];
    if (value instanceof Date) return value.getTime();
    return parseDatetime(valueText(value));
  }

  cellBytes(): boolean {
    return false;
  }

  hash(row: number, col: number): number {
    return hashString(valueText(this.values[row][col]));
  }

  hash64(row: number, col: number, out: Uint32Array): void {
    hash64String(valueText(this.values[row][col]), 0, out);
  }

  rowHash(row: number, out: Uint32Array): void {
    const { cell } = this;
    let a = ROW_HASH_SEED;
    let b = ROW_HASH_SEED;
    for (let col = 0; col < this.values[row].length; col++) {
      this.hash64(row, col, cell);
      // Missing and empty text hash alike as text; keep them apart.
      const missing = this.isMissing(row, col) ? 0x6d697373 : 0;
      a = combineHash(a, cell[0] ^ missing);
      b = combineHash(b, cell[1] ^ missing);
    }
    out[0] = a;
    out[1] = b;
  }
}

/** The keys every line of a prediction log has, besides `inputs` and `outputs`. */
const LOG_KEYS = ["requestId", "time", "model", "version", "arm"] as const;

/** Whether `record` is a line of `mlship serve`'s prediction log. */
export function isPredictionLogLine(record: object): boolean {
  const line = record as Record<string, unknown>;
  const isObject = (value: unknown) => value !== null && typeof value === "object" && !Array.isArray(value);
  return (
    LOG_KEYS.every((key) => typeof line[key] === "string") && isObject(line.inputs) && isObject(line.outputs)
  );
}

export class JsonlReader implements TableReader {
  readonly format = "jsonl" as const;
  /** Set once the first line is read: whether the file is a prediction log. */
  predictionLog: boolean | undefined;
  private header: string[] | undefined;
  private bytes: () => number = () => 0;
  private consumed = false;

  constructor(readonly file: string) {}

  bytesRead(): number {
    return this.bytes();
  }

  async columns(): Promise<string[]> {
    if (this.header) return this.header;
    for await (const _ of this.scan(true)) break;
    if (!this.header)
      throw new MlshipError("empty_file", `${this.file} holds no JSON object`, { file: this.file });
    return this.header;
  }

  batches(): AsyncIterable<RowBatch> {
    if (this.consumed) throw new Error("JsonlReader.batches() may be iterated once");
    this.consumed = true;
    return this.scan(false);
  }

  private async *scan(headerOnly: boolean): AsyncGenerator<RowBatch> {
    const source = await openTextSource(this.file, "JSON Lines", 0, headerOnly);
    if (!headerOnly) this.bytes = () => source.bytesRead();
    let pending: Buffer | undefined;
    let line = 1;
    let header: string[] | undefined;
    let index = new Map<string, number>();
    for await (const chunk of source.chunks()) {
      const buf = pending ? Buffer.concat([pending, chunk]) : chunk;
      const { consumed, batch } = this.parseLines(buf, false, line, header, index);
      line = batch.nextLine;
      if (!header && batch.header) {
        header = batch.header;
        index = new Map(header.map((name, i) => [name, i]));
        this.header = header;
        if (headerOnly) return;
      }
      pending = consumed < buf.length ? buf.subarray(consumed) : undefined;
      if (pending && pending.length > MAX_ROW_BYTES) {
        throw new MlshipError("row_too_long", `line ${line} is longer than 256 MiB`, {
          file: this.file,
          line,
        });
      }
      if (batch.values.length > 0) yield this.toBatch(batch);
    }
    if (pending) {
      const { batch } = this.parseLines(pending, true, line, header, index);
      if (!header && batch.header) this.header = batch.header;
      if (batch.values.length > 0 && !headerOnly) yield this.toBatch(batch);
    }
    if (!this.header) throw this.noRows();
  }

  private noRows(): MlshipError {
    const what = this.predictionLog
      ? "is a prediction log with no line of the stable or candidate arm (shadow lines are not read)"
      : "is empty: no JSON object";
    return new MlshipError("empty_file", `${this.file} ${what}`, { file: this.file });
  }

  private toBatch(parsed: ParsedLines): ValueBatch {
    return new ValueBatch(parsed.values, parsed.lines);
  }

  private parseLines(
    buf: Buffer,
    eof: boolean,
    firstLine: number,
    knownHeader: string[] | undefined,
    knownIndex: Map<string, number>,
  ): { consumed: number; batch: ParsedLines } {
    const parsed: ParsedLines = { values: [], lines: [], nextLine: firstLine };
    let header = knownHeader;
    let index = knownIndex;
    let pos = 0;
    let line = firstLine;
    if (line === 1 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) pos = 3;
    if (line === 1 && buf.subarray(0, 4096).indexOf(0) >= 0) {
      throw new MlshipError("not_text", `${this.file} is not a JSON Lines file: it holds binary data`, {
        file: this.file,
      });
    }
    while (pos < buf.length) {
      let end = buf.indexOf(LF, pos);
      if (end < 0) {
        if (!eof) break;
        end = buf.length;
      }
      let contentEnd = end;
      if (contentEnd > pos && buf[contentEnd - 1] === 0x0d) contentEnd--;
      if (!isUtf8(buf.subarray(pos, contentEnd))) {
        // Decoding would silently turn the bytes into U+FFFD and the values would be wrong.
        throw new MlshipError(
          "not_utf8",
          `line ${line} is not valid UTF-8: re-encode the file as UTF-8 (for example \`iconv -f latin1 -t utf-8\`)`,
          { file: this.file, line },
        );
      }
      const text = buf.toString("utf8", pos, contentEnd);
      const record = text.trim() === "" ? undefined : this.tableRecord(this.recordAt(text, line), line);
      if (record) {
        if (!header) {
          header = this.headerOf(record, line);
          index = new Map(header.map((name, i) => [name, i]));
          parsed.header = header;
        }
        parsed.values.push(this.rowOf(record, header, index, line));
        parsed.lines.push(line);
      }
      line++;
      pos = end + 1;
    }
    parsed.nextLine = line;
    return { consumed: Math.min(pos, buf.length), batch: parsed };
  }

  /** One line's JSON object; anything else is the user's error, at that line. */
  private recordAt(text: string, line: number): object {
    let record: unknown;
    try {
      record = JSON.parse(text);
    } catch (error) {
      throw new MlshipError(
        "invalid_json",
        `line ${line} is not valid JSON (${(error as Error).message}): each line of a JSON Lines file must be one JSON object`,
        { file: this.file, line },
      );
    }
    if (record === null || typeof record !== "object" || Array.isArray(record)) {
      throw new MlshipError(
        "invalid_json",
        `line ${line} is not a JSON object: each line must be one {…} record`,
        {
          file: this.file,
          line,
        },
      );
    }
    return record;
  }

  /**
   * The record as a table row: the line itself, or a prediction log line's inputs (undefined for a
   * shadow copy's line).
   */
  private tableRecord(record: object, line: number): object | undefined {
    this.predictionLog ??= isPredictionLogLine(record);
    if (!this.predictionLog) return record;
    if (!isPredictionLogLine(record)) {
      throw new MlshipError(
        "invalid_json",
        `line ${line} is not a prediction log line, but the first line is: every line needs ${LOG_KEYS.join(", ")}, inputs and outputs`,
        { file: this.file, line },
      );
    }
    const { arm, inputs } = record as { arm: string; inputs: object };
    return arm === "shadow" ? undefined : inputs;
  }

  /** The first record's keys are the columns. */
  private headerOf(record: object, line: number): string[] {
    const header = Object.keys(record);
    if (header.length === 0) {
      throw new MlshipError(
        "no_columns",
        `line ${line} is an empty object {}: the first record's keys are the columns, so it needs at least one`,
        { file: this.file, line },
      );
    }
    return header;
  }

  /** The record's values in the header's order (null where a key is absent); an unknown key is an error. */
  private rowOf(record: object, header: string[], index: Map<string, number>, line: number): unknown[] {
    const row: unknown[] = new Array(header.length).fill(null);
    for (const [key, value] of Object.entries(record)) {
      const col = index.get(key);
      if (col === undefined) {
        throw new MlshipError(
          "unexpected_key",
          `line ${line} has the key "${key}", which the first record does not have: every line needs the same keys (${header.slice(0, 5).join(", ")}${header.length > 5 ? ", …" : ""})`,
          { file: this.file, line, column: key },
        );
      }
      row[col] = value;
    }
    return row;
  }
}

interface ParsedLines {
  values: unknown[][];
  lines: number[];
  header?: string[];
  nextLine: number;
}
