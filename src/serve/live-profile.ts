/**
 * The profile of the rows a model served, kept per time bucket of the live statistics
 * and merged over a window into the same profile JSON `mlship profile` writes
 * (src/data/profile), so `mlship validate`'s drift tests run on it.
 *
 * A column's type is the JSON type of its values (the model layer hands typed rows):
 * numbers are `number`, booleans `boolean`, strings `category` (a model's text input is
 * a categorical feature), anything else `string` (counted, not drift-tested). The sketches
 * are smaller than a file profile's so that a bucket's memory stays bounded whatever the
 * traffic (docs/design.md, "Model server"): numeric values exact up to
 * {@link LIVE_EXACT_VALUES} distinct ones per bucket, then a KLL sketch of k =
 * {@link LIVE_SKETCH_K} (99%-confidence rank error 2.296 / k^0.9723 ≈ 1.33%, also after
 * merging); categories exact up to {@link LIVE_TOP_VALUES} distinct values, then
 * SpaceSaving counters; distinct counts by a HyperLogLog of 2^10 registers (3.3%).
 */

import {
  type ColumnProfiler,
  type ColumnProfileState,
  NumericColumnProfiler,
  TextColumnProfiler,
} from "../data/profile/column-profile.js";
import { CategoryDistribution, NumericDistribution } from "../data/profile/column-stats.js";
import { buildProfile, type DataProfile, mergeColumnStates } from "../data/profile/profile.js";
import { ValueBatch } from "../data/readers/jsonl-reader.js";
import { HyperLogLog } from "../data/sketch/hyperloglog.js";
import { TopK } from "../data/sketch/top-k.js";
import { ValueStore } from "../data/sketch/value-store.js";

export const LIVE_EXACT_VALUES = 1024;
export const LIVE_SKETCH_K = 200;
export const LIVE_TOP_VALUES = 200;
const LIVE_HLL = { precision: 10, exactLimit: 128 } as const;

type LiveColumnType = "number" | "boolean" | "category" | "string";
type LiveProfiler = NumericColumnProfiler | TextColumnProfiler;

function columnTypeOf(value: unknown): LiveColumnType {
  if (typeof value === "number" || typeof value === "bigint") return "number";
  if (typeof value === "boolean") return "boolean";
  if (typeof value === "string") return "category";
  return "string";
}

function liveProfiler(name: string, type: LiveColumnType): LiveProfiler {
  if (type === "number") {
    const values = new ValueStore({ exactLimit: LIVE_EXACT_VALUES, k: LIVE_SKETCH_K });
    return new NumericColumnProfiler(
      name,
      "number",
      new NumericDistribution(values, new HyperLogLog(LIVE_HLL)),
    );
  }
  const categories = new CategoryDistribution(
    new TopK({ capacity: LIVE_TOP_VALUES }),
    new HyperLogLog(LIVE_HLL),
  );
  return new TextColumnProfiler(name, type, categories);
}

function mergeProfiler(into: LiveProfiler, from: LiveProfiler): void {
  into.missing += from.missing;
  into.invalid += from.invalid;
  if (into instanceof NumericColumnProfiler && from instanceof NumericColumnProfiler) {
    into.distribution.merge(from.distribution);
  } else if (into instanceof TextColumnProfiler && from instanceof TextColumnProfiler) {
    into.count += from.count;
    into.distribution.merge(from.distribution);
  }
}

/** The profile of the rows of one series in one time bucket. */
export class LiveProfile {
  rows = 0;
  private readonly columns = new Map<string, LiveProfiler>();

  /**
   * Adds rows. `types` holds the series' column types (shared by its buckets, so every
   * bucket profiles a column alike and their profiles merge); a column's first present
   * value decides its type.
   */
  add(rows: readonly Record<string, unknown>[], types: Map<string, LiveColumnType>): void {
    if (rows.length === 0) return;
    for (const row of rows) {
      for (const [name, value] of Object.entries(row)) {
        if (this.columns.has(name) || value === null || value === undefined) continue;
        let type = types.get(name);
        if (!type) {
          type = columnTypeOf(value);
          types.set(name, type);
        }
        const profiler = liveProfiler(name, type);
        // Rows of this bucket that came before the column did not have it.
        profiler.missing = this.rows;
        this.columns.set(name, profiler);
      }
    }
    const names = [...this.columns.keys()];
    const batch = new ValueBatch(
      rows.map((row) => names.map((name) => row[name])),
      rows.map((_, i) => this.rows + i + 1),
    );
    names.forEach((name, col) => {
      this.columns.get(name)!.consume(batch, col);
    });
    this.rows += rows.length;
  }

  /** Adds `other`'s rows to this profile (`other` is left as it was). */
  merge(other: LiveProfile): void {
    for (const [name, theirs] of other.columns) {
      let mine = this.columns.get(name);
      if (!mine) {
        mine = liveProfiler(name, theirs instanceof NumericColumnProfiler ? "number" : theirs.columnType);
        mine.missing = this.rows;
        this.columns.set(name, mine);
      }
      mergeProfiler(mine, theirs);
    }
    for (const [name, mine] of this.columns) if (!other.columns.has(name)) mine.missing += other.rows;
    this.rows += other.rows;
  }

  columnNames(): string[] {
    return [...this.columns.keys()];
  }

  /** The column's state; a column these rows never had is all missing. */
  state(name: string, type: LiveColumnType): ColumnProfileState {
    const profiler: ColumnProfiler =
      this.columns.get(name) ?? Object.assign(liveProfiler(name, type), { missing: this.rows });
    return profiler.state();
  }
}

/**
 * Merges the profiles of a window's buckets into one `mlship profile` JSON whose one
 * source is named `source` (format `live`). Undefined when no bucket has a row.
 */
export function windowProfile(
  parts: readonly LiveProfile[],
  types: ReadonlyMap<string, LiveColumnType>,
  source: string,
): DataProfile | undefined {
  const filled = parts.filter((p) => p.rows > 0);
  if (filled.length === 0) return undefined;
  const names: string[] = [];
  for (const part of filled)
    for (const name of part.columnNames()) if (!names.includes(name)) names.push(name);
  const states = names.map((name) => {
    const type = types.get(name) ?? "string";
    return mergeColumnStates(
      filled.map((part) => part.state(name, type)),
      (i) => `bucket ${i + 1}`,
    );
  });
  const rows = filled.reduce((sum, p) => sum + p.rows, 0);
  return buildProfile([{ file: source, format: "live", rows }], states);
}

export type { LiveColumnType };
