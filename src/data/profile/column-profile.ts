/**
 * One column's profile while reading: typed (the schema says what the column
 * holds) or inferring (no schema: every reading is tried and the type is
 * decided at the end, as TFDV's infer_schema does). A CellObserver, when
 * given, sees each cell as it is read, so validation checks share the pass.
 */

import { isNonFiniteSpelling } from "../readers/parse-number.js";
import { type RowBatch, TextCache } from "../readers/table-reader.js";
import type { ColumnType } from "../schema/dataset-schema.js";
import { hashString } from "../sketch/hash.js";
import {
  CategoryDistribution,
  type CategoryDistributionJSON,
  NumericDistribution,
  type NumericDistributionJSON,
  type NumericDistributionV1JSON,
} from "./column-stats.js";

/** What validation wants to hear about each cell of a column. */
export interface CellObserver {
  missing(batch: RowBatch, row: number): void;
  /** A value that is not of the column's type; `reason` says how. */
  invalid(batch: RowBatch, row: number, reason: InvalidReason): void;
  /** A parsed number (number, integer, datetime as epoch ms). */
  number(batch: RowBatch, row: number, value: number): void;
  /** Whether `text` must be called for category/string cells (pattern, allowed values, PII). */
  readonly wantsText: boolean;
  /** A present category/string cell; `value` is its text when the profiler already built it. */
  text(batch: RowBatch, row: number, value: string | undefined): void;
}

export type InvalidReason = "not_a_number" | "non_finite" | "not_an_integer" | "not_a_boolean" | "not_a_date";

/** Counts of present values by how they read, and their total text length (inferring profiles). */
export type ProfileKinds = {
  number: number;
  integer: number;
  boolean: number;
  datetime: number;
  textLength: number;
};

export interface ColumnProfileState {
  name: string;
  type: ColumnType;
  /** True when the type was declared by a schema; false when inferred from the data. */
  declared: boolean;
  /** Present (non-missing) values. */
  count: number;
  missing: number;
  /** Present values that are not of the declared type. */
  invalid: number;
  /** How many present values read as each kind (inferring profiles only: lets merged profiles re-infer). */
  kinds?: ProfileKinds;
  /** Version 2 as written now; version 1 in profiles written before (still read). */
  numeric?: NumericDistributionJSON | NumericDistributionV1JSON;
  categories?: CategoryDistributionJSON;
  /**
   * The column holds personal data (`pii: true`): the profile keeps counts and
   * the distinct estimate, never values or sketches of them.
   */
  pii?: true;
  /** Distinct estimate of a pii column (the others derive it from their sketches). */
  distinct?: number;
}

const BOOLEAN_SPELLINGS = new Map<string, string>([
  ["true", "true"],
  ["false", "false"],
  ["t", "true"],
  ["f", "false"],
  ["yes", "true"],
  ["no", "false"],
  ["y", "true"],
  ["n", "false"],
  ["1", "true"],
  ["0", "false"],
]);

/** "true"/"false" for a boolean spelling (true/false, yes/no, t/f, y/n, 1/0, any case), else undefined. */
export function normalizeBoolean(text: string): string | undefined {
  return BOOLEAN_SPELLINGS.get(text) ?? BOOLEAN_SPELLINGS.get(text.trim().toLowerCase());
}

export interface ColumnProfiler {
  readonly name: string;
  consume(batch: RowBatch, col: number, observer?: CellObserver): void;
  /** The column's type: declared, or inferred from what was read. */
  type(): ColumnType;
  state(): ColumnProfileState;
}

/** number, integer and datetime columns. */
export class NumericColumnProfiler implements ColumnProfiler {
  missing = 0;
  invalid = 0;
  readonly distribution: NumericDistribution;

  constructor(
    readonly name: string,
    readonly columnType: "number" | "integer" | "datetime",
    distribution = new NumericDistribution(),
  ) {
    this.distribution = distribution;
  }

  type(): ColumnType {
    return this.columnType;
  }

  consume(batch: RowBatch, col: number, observer?: CellObserver): void {
    const datetime = this.columnType === "datetime";
    const integer = this.columnType === "integer";
    const distribution = this.distribution;
    for (let row = 0; row < batch.rows; row++) {
      if (batch.isMissing(row, col)) {
        this.missing++;
        observer?.missing(batch, row);
        continue;
      }
      let value: number;
      if (datetime) {
        value = batch.datetime(row, col);
        if (Number.isNaN(value)) {
          this.invalid++;
          observer?.invalid(batch, row, "not_a_date");
          continue;
        }
      } else {
        value = batch.number(row, col);
        if (!Number.isFinite(value)) {
          this.invalid++;
          const nonFinite = Number.isNaN(value) ? isNonFiniteSpelling(batch.text(row, col)) : true;
          observer?.invalid(batch, row, nonFinite ? "non_finite" : "not_a_number");
          continue;
        }
        if (integer && !Number.isInteger(value)) {
          this.invalid++;
          observer?.invalid(batch, row, "not_an_integer");
          continue;
        }
      }
      distribution.add(value);
      observer?.number(batch, row, value);
    }
  }

  state(): ColumnProfileState {
    return {
      name: this.name,
      type: this.columnType,
      declared: true,
      count: this.distribution.moments.count,
      missing: this.missing,
      invalid: this.invalid,
      numeric: this.distribution.toJSON(),
    };
  }
}

/** category, string and boolean columns. */
export class TextColumnProfiler implements ColumnProfiler {
  missing = 0;
  invalid = 0;
  count = 0;
  readonly distribution: CategoryDistribution;
  private readonly cache = new TextCache();

  constructor(
    readonly name: string,
    readonly columnType: "category" | "string" | "boolean",
    distribution = new CategoryDistribution(),
  ) {
    this.distribution = distribution;
  }

  type(): ColumnType {
    return this.columnType;
  }

  consume(batch: RowBatch, col: number, observer?: CellObserver): void {
    const { distribution, cache } = this;
    const kind = this.columnType;
    const wantsText = observer?.wantsText ?? false;
    for (let row = 0; row < batch.rows; row++) {
      if (batch.isMissing(row, col)) {
        this.missing++;
        observer?.missing(batch, row);
        continue;
      }
      if (kind === "string") {
        // Free text: counted by hash only; the text is built only if a check needs it.
        distribution.distinct.addHash(batch.hash(row, col));
        this.count++;
        if (wantsText) observer!.text(batch, row, undefined);
        continue;
      }
      const text = batch.cachedText(row, col, cache);
      const fresh = cache.fresh;
      if (kind === "boolean") {
        const normalized = normalizeBoolean(text);
        if (normalized === undefined) {
          this.invalid++;
          observer?.invalid(batch, row, "not_a_boolean");
          continue;
        }
        distribution.top.add(normalized);
        if (fresh) distribution.distinct.addHash(hashString(normalized));
      } else {
        distribution.top.add(text);
        // Adding a value twice does not change a HyperLogLog: hash each text once.
        if (fresh) distribution.distinct.addHash(hashString(text));
      }
      this.count++;
      if (wantsText) observer!.text(batch, row, text);
    }
  }

  state(): ColumnProfileState {
    return {
      name: this.name,
      type: this.columnType,
      declared: true,
      count: this.count,
      missing: this.missing,
      invalid: this.invalid,
      categories: this.distribution.toJSON(),
    };
  }
}

/** Most distinct values a column may have and still be inferred as a category. */
export const MAX_INFERRED_CATEGORIES = 100;
/** Longest average text a category may have; longer values read as free text. */
const MAX_CATEGORY_TEXT_LENGTH = 40;

/** No declared type: keeps every reading and decides the type at the end. */
export class InferringColumnProfiler implements ColumnProfiler {
  missing = 0;
  count = 0;
  readonly kinds: ProfileKinds = { number: 0, integer: 0, boolean: 0, datetime: 0, textLength: 0 };
  readonly numbers = new NumericDistribution();
  readonly dates = new NumericDistribution();
  readonly texts = new CategoryDistribution();
  private readonly cache = new TextCache();

  constructor(readonly name: string) {}

  consume(batch: RowBatch, col: number, observer?: CellObserver): void {
    const { kinds } = this;
    for (let row = 0; row < batch.rows; row++) {
      if (batch.isMissing(row, col)) {
        this.missing++;
        observer?.missing(batch, row);
        continue;
      }
      this.count++;
      // Every cell counts towards the distinct estimate; only texts that are not numbers go
      // to the category counts (numbers are counted exactly by the numeric distribution).
      this.texts.distinct.addHash(batch.hash(row, col));
      const value = batch.number(row, col);
      if (Number.isFinite(value)) {
        kinds.number++;
        if (Number.isInteger(value)) kinds.integer++;
        this.numbers.add(value);
        observer?.number(batch, row, value);
        if (observer?.wantsText) observer.text(batch, row, undefined);
        continue;
      }
      const text = batch.cachedText(row, col, this.cache);
      kinds.textLength += text.length;
      this.texts.top.add(text);
      if (normalizeBoolean(text) !== undefined) {
        kinds.boolean++;
      } else {
        const epoch = batch.datetime(row, col);
        if (!Number.isNaN(epoch)) {
          kinds.datetime++;
          this.dates.add(epoch);
        }
      }
      if (observer?.wantsText) observer.text(batch, row, text);
    }
  }

  type(): ColumnType {
    return inferType(this.count, this.kinds, this.texts.distinct.estimate());
  }

  /** The category counts including the numbers seen (a column of "1", "2", "A" is a category of three). */
  private categoriesWithNumbers(): CategoryDistribution {
    const numbers = this.numbers.smallValueCounts();
    if (!numbers || numbers.size === 0) return this.texts;
    const top = this.texts.top.clone();
    for (const [value, n] of numbers) top.add(String(value), n);
    return new CategoryDistribution(top, this.texts.distinct);
  }

  state(): ColumnProfileState {
    const type = this.type();
    const base = {
      name: this.name,
      type,
      declared: false,
      count: this.count,
      missing: this.missing,
      kinds: { ...this.kinds },
      categories: this.categoriesWithNumbers().toJSON(),
    };
    if (type === "number" || type === "integer")
      return { ...base, invalid: 0, numeric: this.numbers.toJSON() };
    if (type === "datetime") return { ...base, invalid: 0, numeric: this.dates.toJSON() };
    return { ...base, invalid: 0 };
  }
}

/**
 * The type a column's readings suggest: all numbers → integer or number; all
 * boolean spellings (true/false, yes/no, 0/1 counts as integer) → boolean;
 * all ISO dates → datetime; few distinct short texts → category; else string.
 */
export function inferType(count: number, kinds: ProfileKinds, distinct: number): ColumnType {
  if (count === 0) return "string";
  if (kinds.number === count) return kinds.integer === count ? "integer" : "number";
  if (kinds.boolean === count) return "boolean";
  if (kinds.datetime === count) return "datetime";
  const averageLength = kinds.textLength / count;
  if (
    distinct <= Math.min(MAX_INFERRED_CATEGORIES, Math.max(2, count / 2)) &&
    averageLength <= MAX_CATEGORY_TEXT_LENGTH
  ) {
    return "category";
  }
  return "string";
}
