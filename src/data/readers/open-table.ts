/**
 * Picks the reader for a data file from its name (`.csv`, `.tsv`, `.jsonl`, `.parquet`, each
 * optionally `.gz`), or — for standard input and pipes, whose names say nothing — from its first
 * bytes.
 */
import { type Stats, statSync } from "node:fs";
import { extname } from "node:path";
import { MlshipError } from "../../lib/errors.js";
import { isStandardInput, isStreamInput } from "../../lib/input.js";
import { openTextSource } from "./byte-source.js";
import { CsvReader } from "./csv-reader.js";
import { JsonlReader } from "./jsonl-reader.js";
import { ParquetReader } from "./parquet-reader.js";
import type { RowBatch, TableFormat, TableReader } from "./table-reader.js";

export interface OpenTableOptions {
  format?: TableFormat;
  delimiter?: string;
}

export function detectFormat(file: string): { format: TableFormat; delimiter?: string } | undefined {
  const name = file.toLowerCase().replace(/\.gz$/, "");
  switch (extname(name)) {
    case ".csv":
    case ".txt":
      return { format: "csv" };
    case ".tsv":
    case ".tab":
      return { format: "csv", delimiter: "\t" };
    case ".jsonl":
    case ".ndjson":
    case ".json":
      return { format: "jsonl" };
    case ".parquet":
    case ".pq":
      return { format: "parquet" };
    default:
      return undefined;
  }
}

export function openTable(file: string, options: OpenTableOptions = {}): TableReader {
  const detected = detectFormat(file);
  const format = options.format ?? detected?.format;
  if (!format) {
    if (isStandardInput(file) || isStreamInput(file)) return new SniffingReader(file, options.delimiter);
    refuseMissingOrFolder(file);
    throw new MlshipError(
      "unknown_format",
      `cannot tell the format of ${file} from its name: use .csv, .tsv, .jsonl or .parquet (optionally .gz), or set the format (--format on the command line, input 'format' in an action)`,
      { file },
    );
  }
  if (format === "parquet" && file.toLowerCase().endsWith(".gz")) {
    throw new MlshipError(
      "unknown_format",
      `${file}: gzipped Parquet is not supported (Parquet compresses inside)`,
      {
        file,
      },
    );
  }
  switch (format) {
    case "csv":
      return new CsvReader(file, { delimiter: options.delimiter ?? detected?.delimiter });
    case "jsonl":
      return new JsonlReader(file);
    case "parquet":
      return new ParquetReader(file);
  }
}

/** How much of a stream's start is looked at to tell its format. */
const SNIFF_BYTES = 4096;

/**
 * A table from standard input or a pipe named without an extension (`-`, /dev/fd/63): JSON Lines
 * when its first character (after a byte order mark and blanks) opens an object, else CSV. Gzip
 * is told apart before; Parquet is refused there, since a stream cannot give it random access.
 */
class SniffingReader implements TableReader {
  private inner: TableReader | undefined;

  constructor(
    readonly file: string,
    private readonly delimiter: string | undefined,
  ) {}

  get format(): TableFormat {
    return this.inner?.format ?? "csv";
  }

  private async reader(): Promise<TableReader> {
    if (!this.inner) {
      const source = await openTextSource(this.file, "CSV or JSON Lines", 0, true);
      let start = Buffer.alloc(0);
      for await (const chunk of source.chunks()) {
        start = Buffer.concat([start, chunk]);
        if (start.length >= SNIFF_BYTES || start.some((byte) => !isBlank(byte))) break;
      }
      const first = start.find((byte) => !isBlank(byte));
      this.inner =
        first === 0x7b ? new JsonlReader(this.file) : new CsvReader(this.file, { delimiter: this.delimiter });
    }
    return this.inner;
  }

  async columns(): Promise<string[]> {
    return (await this.reader()).columns();
  }

  async *batches(): AsyncGenerator<RowBatch> {
    yield* (await this.reader()).batches();
  }

  bytesRead(): number {
    return this.inner?.bytesRead() ?? 0;
  }
}

/** Space, tab, CR, LF and the bytes of a UTF-8 byte order mark. */
function isBlank(byte: number): boolean {
  return (
    byte === 0x20 ||
    byte === 0x09 ||
    byte === 0x0d ||
    byte === 0x0a ||
    byte === 0xef ||
    byte === 0xbb ||
    byte === 0xbf
  );
}

/** A folder or a typo usually has no known extension either: say that rather than "cannot tell the format". */
function refuseMissingOrFolder(file: string): void {
  let info: Stats | undefined;
  try {
    info = statSync(file, { throwIfNoEntry: false });
  } catch {
    return; // e.g. ENOTDIR: the reader will say what is wrong once a format is given
  }
  if (!info) throw new MlshipError("file_not_found", `${file}: no such file`, { file });
  if (info.isDirectory())
    throw new MlshipError("not_a_file", `${file} is a directory, not a data file`, { file });
}
