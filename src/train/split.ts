/** Holding out validation rows, and taking rows out of a column table. */
import { Random } from "../lib/random.js";
import type { Column, ColumnTable } from "../onnx/column-table.js";

/**
 * A seeded stratified split: each class's rows, shuffled by the seed (src/lib/random.ts), give
 * the same share to validation, and each class keeps one.
 */
export function stratifiedSplit(
  y: Int32Array,
  classes: number,
  fraction: number,
  seed: number,
): { train: number[]; validation: number[] } {
  const random = new Random(seed);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  y.forEach((c, i) => {
    byClass[c].push(i);
  });
  const train: number[] = [];
  const validation: number[] = [];
  for (const rows of byClass) {
    random.shuffle(rows);
    // Every class keeps a training row: a model cannot learn a class it never saw.
    const held = Math.min(Math.round(rows.length * fraction), rows.length - 1);
    for (let i = 0; i < rows.length; i++) (i < held ? validation : train).push(rows[i]);
  }
  const ascending = (a: number, b: number) => a - b;
  return { train: train.sort(ascending), validation: validation.sort(ascending) };
}

/** The rows `picked` (indices into `labeled`, which indexes the table) of a table. */
export function selectRows(table: ColumnTable, labeled: number[], picked: number[]): ColumnTable {
  const columns = new Map<string, Column>();
  for (const [name, column] of table.columns) {
    columns.set(
      name,
      column instanceof Float64Array
        ? Float64Array.from(picked, (i) => column[labeled[i]])
        : picked.map((i) => column[labeled[i]]),
    );
  }
  return { rows: picked.length, columns };
}

/**
 * k folds for cross-validation: each class's rows, shuffled by the seed, are
 * dealt round-robin to the folds, so every fold has about the same class mix
 * (as scikit-learn's StratifiedKFold with shuffle). Each fold's rows ascending.
 */
export function stratifiedFolds(y: Int32Array, classes: number, k: number, seed: number): number[][] {
  if (!Number.isInteger(k) || k < 2 || k > y.length) {
    throw new Error(`cross-validation needs 2 ≤ k ≤ rows, got k = ${k} for ${y.length} rows`);
  }
  const random = new Random(seed);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  y.forEach((c, i) => {
    byClass[c].push(i);
  });
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const rows of byClass) {
    random.shuffle(rows);
    for (const row of rows) {
      folds[next].push(row);
      next = (next + 1) % k;
    }
  }
  return folds.map((fold) => fold.sort((a, b) => a - b));
}
