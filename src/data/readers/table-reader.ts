/**
 * The streaming table interface every reader (CSV, JSON Lines, Parquet)
 * implements. Readers hand out batches of rows; consumers read cells through
 * the batch's accessors so the CSV reader can parse numbers straight from bytes
 * without materializing strings.
 */

export type TableFormat = "csv" | "jsonl" | "parquet";

/**
 * Texts already seen in one column, keyed by a 30-bit hash of their bytes
 * (a small integer, cheap as a Map key) and checked byte for byte on a hit, so
 * columns with few distinct values (categories, booleans) do not build a new
 * string for every cell. Holds at most TEXT_CACHE_LIMIT texts.
 */
export class TextCache {
  readonly entries = new Map<number, { text: string; bytes: Uint8Array }>();
  /** Set by each lookup: true when the text was built afresh (first sight, a full cache, or a hash collision). */
  fresh = false;
}
export const TEXT_CACHE_LIMIT = 4096;

/** Where a cell's bytes are, for byte-level scans (filled by `cellBytes`). */
export interface CellBytes {
  buf: Uint8Array;
  start: number;
  end: number;
}

export interface RowBatch {
  /** Number of rows in the batch. */
  readonly rows: number;
  /** 1-based line where the row starts (CSV, JSONL) or 1-based row number (Parquet). */
  line(row: number): number;
  /** True when the cell is empty (CSV), null or absent (JSONL, Parquet). */
  isMissing(row: number, col: number): boolean;
  /** The cell as a number: NaN when it is not a number, ±Infinity when it says so. */
  number(row: number, col: number): number;
  /** The cell as text, as written in the file (numbers as JavaScript prints them for JSONL/Parquet). */
  text(row: number, col: number): string;
  /** The cell's text, from `cache` when these bytes were seen before in the column. */
  cachedText(row: number, col: number, cache: TextCache): string;
  /** The cell as an ISO 8601 date or date-time, in epoch milliseconds; NaN when it is not one. */
  datetime(row: number, col: number): number;
  /**
   * Points `out` at the cell's UTF-8 bytes and returns true, or returns false
   * when the batch holds values rather than bytes (JSON Lines, Parquet).
   */
  cellBytes(row: number, col: number, out: CellBytes): boolean;
  /** 32-bit hash of the cell's text (equal texts, equal hashes across formats). */
  hash(row: number, col: number): number;
  /** 64-bit hash (two uint32 in `out`) of the cell's text, for uniqueness checks; out[0] equals hash(). */
  hash64(row: number, col: number, out: Uint32Array): void;
  /** 64-bit hash (two uint32 in `out`) of the whole row, for exact-duplicate detection. */
  rowHash(row: number, out: Uint32Array): void;
}

export interface TableReader {
  readonly file: string;
  readonly format: TableFormat;
  /** Column names in file order. Resolves once the header (or metadata) has been read. */
  columns(): Promise<string[]>;
  /** Batches in file order. May be iterated once. */
  batches(): AsyncIterable<RowBatch>;
  /** Bytes consumed from the file so far (compressed bytes for .gz); for progress. */
  bytesRead(): number;
  /** True, once `columns()` resolved, for a prediction log of `mlship serve` (its columns are the model's inputs). */
  readonly predictionLog?: boolean;
}
