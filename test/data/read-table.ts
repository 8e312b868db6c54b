/** Test helpers: read a whole table through a reader into plain values. */
import type { RowBatch, TableReader } from "../../src/data/readers/table-reader.js";

export interface ReadRow {
  line: number;
  /** Cell texts; null where the reader says the cell is missing. */
  cells: (string | null)[];
}

export interface ReadTable {
  columns: string[];
  rows: ReadRow[];
}

export function rowOf(batch: RowBatch, row: number, columns: number): ReadRow {
  const cells: (string | null)[] = [];
  for (let col = 0; col < columns; col++) {
    cells.push(batch.isMissing(row, col) ? null : batch.text(row, col));
  }
  return { line: batch.line(row), cells };
}

export async function readTable(reader: TableReader): Promise<ReadTable> {
  const columns = await reader.columns();
  const rows: ReadRow[] = [];
  for await (const batch of reader.batches()) {
    for (let row = 0; row < batch.rows; row++) rows.push(rowOf(batch, row, columns.length));
  }
  return { columns, rows };
}

/** Every cell's number(), row by row. */
export async function readNumbers(reader: TableReader): Promise<number[][]> {
  const columns = (await reader.columns()).length;
  const out: number[][] = [];
  for await (const batch of reader.batches()) {
    for (let row = 0; row < batch.rows; row++) {
      const values: number[] = [];
      for (let col = 0; col < columns; col++) values.push(batch.number(row, col));
      out.push(values);
    }
  }
  return out;
}
