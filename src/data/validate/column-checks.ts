/**
 * The per-cell checks of one column, run while the column is profiled:
 * nullability, type, range, allowed values, pattern, uniqueness, outliers
 * against known fences, and personal data in columns not marked `pii`.
 * Every issue counter is created up front, so checks built from the same
 * options in another thread name the same counters and their counts merge.
 */

import { type CellObserver, type InvalidReason, normalizeBoolean } from "../profile/column-profile.js";
import { parseDatetime } from "../readers/parse-datetime.js";
import type { CellBytes, RowBatch } from "../readers/table-reader.js";
import type { ColumnSpec } from "../schema/dataset-schema.js";
import type { TextPattern } from "../schema/user-pattern.js";
import { columnPattern } from "../schema/user-pattern.js";
import { HashPairSet } from "./hash-pair-set.js";
import type { IssueCollector, IssueCounter } from "./issue-collector.js";
import { bytesMayHoldPii, detectPii, type PiiKind } from "./pii.js";

export interface OutlierFences {
  low: number;
  high: number;
  /** How the fences were set, for messages: "1.5×IQR of the reference". */
  basis: string;
}

export interface ColumnCheckOptions {
  name: string;
  /** The column's index in the file. */
  column: number;
  spec: ColumnSpec;
  /** Checks come from an inferred schema (no schema file): domain surprises are warnings, not errors. */
  inferred: boolean;
  issues: IssueCollector;
  fences?: OutlierFences;
  scanPii: boolean;
  /** Distinct values a unique column keeps exactly before counting repeats by sampling. */
  maxExactKeys?: number;
}

/** A number's IEEE-754 bits as two words: equal numbers, equal keys. */
const NUMBER_BITS = new Float64Array(1);
const NUMBER_WORDS = new Uint32Array(NUMBER_BITS.buffer);

const PII_LABEL: Record<PiiKind, string> = {
  email: "e-mail addresses",
  phone: "phone numbers",
  card_number: "payment-card numbers (Luhn-valid)",
};

const INVALID_LABEL: Record<InvalidReason, string> = {
  not_a_number: "not a number",
  non_finite: "NaN or infinite",
  not_an_integer: "not a whole number",
  not_a_boolean: "not a boolean (true/false, yes/no, 1/0)",
  not_a_date: "not an ISO 8601 date or date-time",
};

const INVALID_REASONS = Object.keys(INVALID_LABEL) as InvalidReason[];
const PII_KINDS = Object.keys(PII_LABEL) as PiiKind[];
/** Longest example value quoted in a message. */
const MAX_EXAMPLE_LENGTH = 60;

function values(n: number): string {
  return `${n.toLocaleString("en-US")} value${n === 1 ? "" : "s"}`;
}

function eg(example: string | undefined, quote = true): string {
  if (example === undefined) return "";
  return `, e.g. ${quote ? JSON.stringify(example) : example}`;
}

export class ColumnChecks implements CellObserver {
  readonly wantsText: boolean;
  private readonly name: string;
  private readonly column: number;
  private readonly spec: ColumnSpec;
  private readonly min: number;
  private readonly max: number;
  private readonly allowed: Set<string> | undefined;
  private readonly pattern: TextPattern | undefined;
  /** Exposed so parallel passes can merge the ids each part saw. */
  readonly unique: HashPairSet | undefined;
  private fences: OutlierFences | undefined;
  private readonly scanPii: boolean;
  private readonly hash = new Uint32Array(2);
  private readonly bytes: CellBytes = { buf: new Uint8Array(0), start: 0, end: 0 };
  private readonly piiSeen = new Map<string, PiiKind | null>();
  private readonly missingValues: IssueCounter;
  private readonly invalidValues: Record<InvalidReason, IssueCounter>;
  private readonly outOfRange: IssueCounter;
  private readonly outlierValues: IssueCounter;
  private readonly unexpectedValues: IssueCounter;
  private readonly patternMismatches: IssueCounter;
  /** Repeats of a unique column's values; its count is completed when parts merge. */
  readonly repeatedValues: IssueCounter;
  private readonly piiValues: Record<PiiKind, IssueCounter>;

  constructor(options: ColumnCheckOptions) {
    const { spec, issues } = options;
    const name = options.name;
    this.name = name;
    this.column = options.column;
    this.spec = spec;
    this.fences = options.fences;
    this.min = toBound(spec.min, spec.type, Number.NEGATIVE_INFINITY);
    this.max = toBound(spec.max, spec.type, Number.POSITIVE_INFINITY);
    const numericType = spec.type === "number" || spec.type === "integer";
    this.allowed =
      spec.values && spec.type !== "number"
        ? new Set(spec.values.map((v) => (spec.type === "boolean" ? String(v).toLowerCase() : String(v))))
        : undefined;
    this.pattern = columnPattern(spec);
    this.unique = spec.unique ? new HashPairSet(options.maxExactKeys) : undefined;
    this.scanPii = options.scanPii && !spec.pii && (spec.type === "string" || spec.type === "category");
    this.wantsText =
      this.scanPii ||
      this.pattern !== undefined ||
      (this.allowed !== undefined && !numericType) ||
      (this.unique !== undefined && !numericType);

    this.missingValues = issues.counter(
      "missing_value",
      "error",
      name,
      (n) =>
        `${n.toLocaleString("en-US")} missing value${n === 1 ? "" : "s"} in "${name}", which is not nullable`,
    );
    this.invalidValues = Object.fromEntries(
      INVALID_REASONS.map((reason) => [
        reason,
        issues.counter(
          reason === "non_finite" ? "non_finite" : "type_mismatch",
          "error",
          name,
          (n, example) =>
            `${values(n)} in "${name}" (${spec.type}) ${n === 1 ? "is" : "are"} ${INVALID_LABEL[reason]}${eg(example)}`,
          reason,
        ),
      ]),
    ) as Record<InvalidReason, IssueCounter>;
    this.outOfRange = issues.counter(
      "out_of_range",
      "error",
      name,
      (n, example) =>
        `${values(n)} in "${name}" outside [${spec.min ?? "-∞"}, ${spec.max ?? "∞"}]${eg(example, false)}`,
    );
    this.outlierValues = issues.counter("outliers", "warning", name, (n, example) => {
      const fences = this.fences;
      const range = fences ? ` outside [${round(fences.low)}, ${round(fences.high)}] (${fences.basis})` : "";
      return `${n.toLocaleString("en-US")} outlier${n === 1 ? "" : "s"} in "${name}"${range}${eg(example, false)}`;
    });
    const allowedList = spec.values ?? [];
    this.unexpectedValues = issues.counter(
      "unexpected_value",
      options.inferred ? "warning" : "error",
      name,
      (n, example) =>
        `${values(n)} in "${name}" not among the ${allowedList.length} ${options.inferred ? "seen in the reference" : "allowed"} (${allowedList.slice(0, 6).join(", ")}${allowedList.length > 6 ? ", …" : ""})${eg(example)}`,
    );
    this.patternMismatches = issues.counter(
      "pattern_mismatch",
      "error",
      name,
      (n, example) =>
        `${values(n)} in "${name}" do${n === 1 ? "es" : ""} not match /${spec.pattern}/${eg(example)}`,
    );
    this.repeatedValues = issues.counter(
      "not_unique",
      "error",
      name,
      (n, example) =>
        `${n.toLocaleString("en-US")} repeated value${n === 1 ? "" : "s"} in "${name}", which must be unique${eg(example)}${this.unique?.exact === false ? " (estimated on a hash sample of the values)" : ""}`,
    );
    this.piiValues = Object.fromEntries(
      PII_KINDS.map((kind) => [
        kind,
        issues.counter(
          `pii_${kind}`,
          "warning",
          name,
          (n) =>
            `${values(n)} in "${name}" look${n === 1 ? "s" : ""} like ${PII_LABEL[kind]}: mark the column \`pii: true\` in the schema, or remove the data`,
        ),
      ]),
    ) as Record<PiiKind, IssueCounter>;
  }

  /** Outliers counted so far. */
  get outliers(): number {
    return this.outlierValues.count;
  }

  /** The value as a message may quote it: never for pii columns, shortened when long. */
  private example(counter: IssueCounter, text: () => string): string | undefined {
    if (counter.count > 0 || this.spec.pii) return undefined;
    const value = text();
    return value.length > MAX_EXAMPLE_LENGTH ? `${value.slice(0, MAX_EXAMPLE_LENGTH - 3)}…` : value;
  }

  missing(batch: RowBatch, row: number): void {
    if (!this.spec.nullable) this.missingValues.hit(batch.line(row));
  }

  invalid(batch: RowBatch, row: number, reason: InvalidReason): void {
    const counter = this.invalidValues[reason];
    counter.hit(
      batch.line(row),
      this.example(counter, () => batch.text(row, this.column)),
    );
  }

  number(batch: RowBatch, row: number, value: number): void {
    if (value < this.min || value > this.max) {
      this.outOfRange.hit(
        batch.line(row),
        this.example(this.outOfRange, () => this.numberText(value)),
      );
    }
    if (this.fences) this.checkOutlier(batch, row, value);
    if (this.allowed && this.spec.type === "integer" && !this.allowed.has(String(value))) {
      this.unexpectedValues.hit(
        batch.line(row),
        this.example(this.unexpectedValues, () => String(value)),
      );
    }
    if (this.unique && this.spec.type !== "string" && this.spec.type !== "category") {
      NUMBER_BITS[0] = value;
      if (this.unique.add(NUMBER_WORDS[0], NUMBER_WORDS[1])) {
        this.repeatedValues.hit(
          batch.line(row),
          this.example(this.repeatedValues, () => this.numberText(value)),
        );
      }
    }
  }

  /** A parsed value as a message shows it: dates (epoch milliseconds here) as ISO 8601. */
  private numberText(value: number): string {
    return this.spec.type === "datetime" ? new Date(value).toISOString() : String(value);
  }

  /** Sets fences after the fact (they come from this data's own profile, checked in a second read). */
  useFences(fences: OutlierFences): void {
    this.fences = fences;
  }

  checkOutlier(batch: RowBatch, row: number, value: number): void {
    const fences = this.fences!;
    if (value >= fences.low && value <= fences.high) return;
    this.outlierValues.hit(
      batch.line(row),
      this.example(this.outlierValues, () => String(value)),
    );
  }

  text(batch: RowBatch, row: number, value: string | undefined): void {
    let text = value;
    if (this.allowed) {
      text ??= batch.text(row, this.column);
      // Booleans compare as true/false whatever their spelling (yes/no, 1/0, T/F).
      if (!this.allowed.has(this.spec.type === "boolean" ? (normalizeBoolean(text) ?? text) : text)) {
        const shown = text;
        this.unexpectedValues.hit(
          batch.line(row),
          this.example(this.unexpectedValues, () => shown),
        );
      }
    }
    if (this.pattern) {
      text ??= batch.text(row, this.column);
      if (!this.pattern.test(text)) {
        const shown = text;
        this.patternMismatches.hit(
          batch.line(row),
          this.example(this.patternMismatches, () => shown),
        );
      }
    }
    if (this.unique) {
      batch.hash64(row, this.column, this.hash);
      if (this.unique.add(this.hash[0], this.hash[1])) {
        this.repeatedValues.hit(
          batch.line(row),
          this.example(this.repeatedValues, () => text ?? batch.text(row, this.column)),
        );
      }
    }
    if (this.scanPii) this.checkPii(batch, row, text);
  }

  private checkPii(batch: RowBatch, row: number, value: string | undefined): void {
    let kind: PiiKind | undefined;
    if (value !== undefined && this.piiSeen.has(value)) {
      kind = this.piiSeen.get(value) ?? undefined;
    } else if (value === undefined && batch.cellBytes(row, this.column, this.bytes)) {
      const { buf, start, end } = this.bytes;
      if (!bytesMayHoldPii(buf, start, end)) return;
      kind = detectPii(batch.text(row, this.column));
    } else {
      kind = detectPii(value ?? batch.text(row, this.column));
      // Category columns repeat their values: remember each verdict (bounded).
      if (value !== undefined && this.piiSeen.size < 4096) this.piiSeen.set(value, kind ?? null);
    }
    if (kind) this.piiValues[kind].hit(batch.line(row));
  }
}

function toBound(bound: number | string | undefined, type: ColumnSpec["type"], fallback: number): number {
  if (bound === undefined) return fallback;
  if (typeof bound === "number") return type === "datetime" ? fallback : bound;
  // As the data's values are read: a date-time without an offset is UTC (Date.parse would take local time).
  if (type === "datetime") return parseDatetime(bound);
  return fallback;
}

function round(x: number): number {
  return Number(x.toPrecision(6));
}
