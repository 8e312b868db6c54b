/**
 * The streaming table interface every reader (CSV, JSON Lines, Parquet)
 * implements. Readers hand out batches of rows; consumers read cells through
 * the batch's accessors so the CSV reader can parse numbers straight from bytes
 * without materializing strings.
 */

export type TableFormat = "csv" | "jsonl" | "parquet";

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
}
