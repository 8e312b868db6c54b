/**
 * The column-major table the model layer reads: numbers as Float64Array (NaN
 * where a value is missing), text as string arrays (null where missing).
 */
import { ownValue } from "../lib/own-keys.js";

export type Column = Float64Array | (string | null)[];

export interface ColumnTable {
  rows: number;
  /** Column name -> values, one per row. */
  columns: Map<string, Column>;
}

export function isNumericColumn(column: Column): column is Float64Array {
  return column instanceof Float64Array;
}

/**
 * Builds a table from row objects (request bodies, tests). A column whose
 * present values are all numbers becomes numeric; any other value makes the
 * column text (numbers and booleans written as JavaScript prints them).
 * null, undefined and absent keys are missing values.
 */
export function columnTableFromRows(rows: readonly Readonly<Record<string, unknown>>[]): ColumnTable {
  const names: string[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    for (const name of Object.keys(row)) {
      if (!seen.has(name)) {
        seen.add(name);
        names.push(name);
      }
    }
  }
  const columns = new Map<string, Column>();
  for (const name of names) {
    const values = rows.map((row) => ownValue(row, name));
    const numeric = values.every(
      (value) => value === null || value === undefined || typeof value === "number",
    );
    columns.set(
      name,
      numeric
        ? Float64Array.from(values, (value) => (typeof value === "number" ? value : Number.NaN))
        : values.map((value) => (value === null || value === undefined ? null : String(value))),
    );
  }
  return { rows: rows.length, columns };
}
