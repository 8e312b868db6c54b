/** The rows an evaluation scores: the data's rows with a label, as one table beside their labels. */

import { MlshipError } from "../../lib/errors.js";
import { type ColumnTable, isNumericColumn } from "../../onnx/column-table.js";
import { loadTrainingData } from "../../train/trainers/training-table.js";
import type { EvaluateSettings } from "../evaluation-report.js";

export interface EvaluationRows {
  table: ColumnTable;
  /** The true label of each row of `table`. */
  labels: (string | number)[];
  /** The data's columns, in file order. */
  columns: string[];
  /** Rows left out because their label is empty. */
  missingLabel: number;
}

/** Reads the data and keeps the rows with a label; none left is the user's error. */
export async function loadEvaluationRows(
  settings: Pick<EvaluateSettings, "data" | "label" | "schema" | "format" | "delimiter">,
): Promise<EvaluationRows> {
  const loaded = await loadTrainingData(settings.data, {
    label: settings.label,
    schema: settings.schema,
    format: settings.format,
    delimiter: settings.delimiter,
    keepAll: true,
  });
  const keep = loaded.labels.flatMap((label, i) => (label === null || label === "" ? [] : [i]));
  const missingLabel = loaded.labels.length - keep.length;
  if (keep.length === 0) {
    throw new MlshipError(
      "no_rows",
      `${settings.data} has no rows with a value in "${settings.label}"${missingLabel ? ` (${missingLabel} rows without one)` : ""}: nothing to evaluate`,
      { file: settings.data, column: settings.label },
    );
  }
  const table = selectRows(loaded.table, keep);
  return {
    table,
    labels: keep.map((i) => loaded.labels[i]!),
    columns: [...table.columns.keys()],
    missingLabel,
  };
}

export function selectRows(table: ColumnTable, rows: number[]): ColumnTable {
  if (rows.length === table.rows) return table;
  const columns = new Map<string, ColumnTable["columns"] extends Map<string, infer C> ? C : never>();
  for (const [name, column] of table.columns) {
    columns.set(
      name,
      isNumericColumn(column) ? Float64Array.from(rows, (r) => column[r]) : rows.map((r) => column[r]),
    );
  }
  return { rows: rows.length, columns };
}

/** A column's values as text, a missing one as "(missing)". */
export function columnTexts(table: ColumnTable, column: string, file: string): string[] {
  const values = table.columns.get(column);
  if (!values)
    throw new MlshipError("missing_column", `column "${column}" is not in ${file}`, { file, column });
  return Array.from({ length: table.rows }, (_, i) => {
    const v = values[i];
    return v === null || (typeof v === "number" && Number.isNaN(v)) ? "(missing)" : String(v);
  });
}
