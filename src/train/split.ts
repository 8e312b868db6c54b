/** Holding out validation rows, and taking rows out of a column table. */
import type { Column, ColumnTable } from "../onnx/column-table.js";

/** A seeded stratified split: each class gives the same share of its rows to validation, and keeps one. */
export function stratifiedSplit(
  y: Int32Array,
  classes: number,
  fraction: number,
  seed: number,
): { train: number[]; validation: number[] } {
  const random = xorshift(seed);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  y.forEach((c, i) => {
    byClass[c].push(i);
  });
  const train: number[] = [];
  const validation: number[] = [];
  for (const rows of byClass) {
    shuffle(rows, random);
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
  const random = xorshift(seed);
  const byClass: number[][] = Array.from({ length: classes }, () => []);
  y.forEach((c, i) => {
    byClass[c].push(i);
  });
  const folds: number[][] = Array.from({ length: k }, () => []);
  let next = 0;
  for (const rows of byClass) {
    shuffle(rows, random);
    for (const row of rows) {
      folds[next].push(row);
      next = (next + 1) % k;
    }
  }
  return folds.map((fold) => fold.sort((a, b) => a - b));
}

/** xorshift32 in [0, 1): small, seeded, the same on every platform. */
function xorshift(seed: number): () => number {
  let state = seed >>> 0 || 0x9e3779b9;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

/** Fisher–Yates, in place. */
function shuffle(rows: number[], random: () => number): void {
  for (let i = rows.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [rows[i], rows[j]] = [rows[j], rows[i]];
  }
}
