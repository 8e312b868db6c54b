/** The example churn data read through the CSV reader, the reference the other formats must match. */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { CsvReader } from "../../src/data/readers/csv-reader.js";
import type { TableReader } from "../../src/data/readers/table-reader.js";
import { type ReadTable, readTable } from "./read-table.js";

export const EXAMPLES = fileURLToPath(new URL("../../examples/data", import.meta.url));

/**
 * A table with types normalized away: an empty string and a missing value are
 * the same (CSV cannot tell an empty `last_feedback` from a missing one; JSON
 * Lines and Parquet write `""`), and each cell keeps its text and its number.
 */
export interface NormalizedTable {
  columns: string[];
  rows: { cells: (string | null)[]; numbers: number[] }[];
}

export async function readNormalized(reader: TableReader): Promise<NormalizedTable> {
  const columns = await reader.columns();
  const rows: NormalizedTable["rows"] = [];
  for await (const batch of reader.batches()) {
    for (let row = 0; row < batch.rows; row++) {
      const cells: (string | null)[] = [];
      const numbers: number[] = [];
      for (let col = 0; col < columns.length; col++) {
        const text = batch.isMissing(row, col) ? "" : batch.text(row, col);
        cells.push(text === "" ? null : text);
        numbers.push(text === "" ? Number.NaN : batch.number(row, col));
      }
      rows.push({ cells, numbers });
    }
  }
  return { columns, rows };
}

export function csvReference(): Promise<NormalizedTable> {
  return readNormalized(new CsvReader(join(EXAMPLES, "churn-reference.csv")));
}

export function csvReferenceTable(): Promise<ReadTable> {
  return readTable(new CsvReader(join(EXAMPLES, "churn-reference.csv")));
}
