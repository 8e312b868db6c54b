/**
 * Parquet through hyparquet (pure JavaScript), one row group at a time so
 * memory follows the row-group size, not the file's. Snappy is built in;
 * gzip, zstd, brotli and lz4 come from hyparquet-compressors.
 */
import { asyncBufferFromFile, type FileMetaData, parquetMetadataAsync, parquetRead } from "hyparquet";
import { compressors } from "hyparquet-compressors";
import { MlshipError } from "../../lib/errors.js";
import { inputKind, openablePath } from "../../lib/input.js";
import { assertReadableFile, isParquet, PARQUET_NEEDS_FILE, readHead } from "./byte-source.js";
import { ValueBatch } from "./jsonl-reader.js";
import type { RowBatch, TableReader } from "./table-reader.js";

/** Row groups larger than this are read in slices so one group cannot fill memory. */
const MAX_ROWS_PER_READ = 65_536;

export class ParquetReader implements TableReader {
  readonly format = "parquet" as const;
  private metadata: FileMetaData | undefined;
  private header: string[] | undefined;
  private read = 0;
  private consumed = false;

  constructor(readonly file: string) {}

  bytesRead(): number {
    return this.read;
  }

  private async open() {
    const kind = inputKind(this.file);
    if (kind.kind === "stream") {
      throw new MlshipError("needs_regular_file", `${this.file} is ${kind.what}; ${PARQUET_NEEDS_FILE}`, {
        file: this.file,
      });
    }
    const bytes = await assertReadableFile(this.file);
    const head = await readHead(this.file, 4);
    if (!isParquet(head)) {
      throw new MlshipError(
        "not_parquet",
        `${this.file} is not a Parquet file (it does not start with "PAR1")`,
        {
          file: this.file,
        },
      );
    }
    const buffer = await asyncBufferFromFile(openablePath(this.file));
    if (!this.metadata) {
      try {
        this.metadata = await parquetMetadataAsync(buffer);
      } catch (error) {
        throw new MlshipError(
          "unreadable_parquet",
          `${this.file} is not a readable Parquet file: ${(error as Error).message}`,
          { file: this.file },
        );
      }
    }
    return { buffer, bytes };
  }

  async columns(): Promise<string[]> {
    if (this.header) return this.header;
    await this.open();
    const schema = this.metadata!.schema;
    // Top-level columns are the root's children.
    const names: string[] = [];
    let i = 1;
    while (i < schema.length) {
      names.push(schema[i].name);
      i += subtreeSize(schema, i);
    }
    this.header = names;
    return names;
  }

  batches(): AsyncIterable<RowBatch> {
    if (this.consumed) throw new Error("ParquetReader.batches() may be iterated once");
    this.consumed = true;
    return this.scan();
  }

  private async *scan(): AsyncGenerator<RowBatch> {
    const { buffer, bytes } = await this.open();
    const columns = await this.columns();
    const metadata = this.metadata!;
    const total = Number(metadata.num_rows);
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const groupRows = Number(group.num_rows);
      for (let offset = 0; offset < groupRows; offset += MAX_ROWS_PER_READ) {
        const start = rowStart + offset;
        const end = Math.min(rowStart + groupRows, start + MAX_ROWS_PER_READ);
        // Rows as arrays in column order: row objects keyed by column name would lose a column
        // named __proto__ and read others through Object.prototype.
        let rows: unknown[][];
        try {
          rows = await new Promise<unknown[][]>((onComplete, reject) => {
            parquetRead({
              file: buffer,
              metadata,
              rowStart: start,
              rowEnd: end,
              columns,
              compressors,
              rowFormat: "array",
              onComplete,
            }).catch(reject);
          });
        } catch (error) {
          throw new MlshipError(
            "unreadable_parquet",
            `${this.file}: rows ${start + 1}–${end} cannot be read: ${(error as Error).message}`,
            { file: this.file, line: start + 1 },
          );
        }
        const values = rows.map((row) => row.map((value) => value ?? null));
        const lines = values.map((_, i) => start + i + 1);
        const batch = new ValueBatch(values, lines);
        this.read = total > 0 ? Math.round((bytes * end) / total) : bytes;
        yield batch;
      }
      rowStart += groupRows;
    }
  }
}

function subtreeSize(schema: FileMetaData["schema"], i: number): number {
  let size = 1;
  const children = schema[i].num_children ?? 0;
  let next = i + 1;
  for (let c = 0; c < children; c++) {
    const s = subtreeSize(schema, next);
    size += s;
    next += s;
  }
  return size;
}
