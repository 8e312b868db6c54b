/**
 * The per-cell checks of one column, run while the column is profiled:
 * nullability, type, range, allowed values, pattern, uniqueness, outliers
 * against known fences, and personal data in columns not marked `pii`.
 */
import type { CellObserver, InvalidReason } from "../profile/column-profile.js";
import type { CellBytes, RowBatch } from "../readers/table-reader.js";
import { type ColumnSpec, columnPatternRegExp } from "../schema/dataset-schema.js";
import { HashPairSet } from "./hash-pair-set.js";
import type { IssueCollector, IssueCounter } from "./issue-collector.js";
import { bytesMayHoldPii, detectPii, type PiiKind } from "./pii.js";
import type { Severity } from "./report.js";

export interface OutlierFences {
  low: number;
  high: number;
  /** How the fences were set, for messages: "IQR × 1.5 of the reference". */
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

export class ColumnChecks implements CellObserver {
  readonly wantsText: boolean;
  outliers = 0;
  private readonly name: string;
  private readonly column: number;
  private readonly spec: ColumnSpec;
  private readonly issues: IssueCollector;
  private readonly min: number;
  private readonly max: number;
  private readonly allowed: Set<string> | undefined;
  private readonly pattern: RegExp | undefined;
  private readonly unique: HashPairSet | undefined;
  private fences: OutlierFences | undefined;
  private outlierCounter: IssueCounter | undefined;
  private readonly scanPii: boolean;
  private readonly domainSeverity: Severity;
  private readonly hash = new Uint32Array(2);
  private readonly bytes: CellBytes = { buf: new Uint8Array(0), start: 0, end: 0 };
  private readonly piiSeen = new Map<string, PiiKind | null>();
  private readonly show: (text: string) => string | undefined;

  constructor(options: ColumnCheckOptions) {
    const { spec } = options;
    this.name = options.name;
    this.column = options.column;
    this.spec = spec;
    this.issues = options.issues;
    this.fences = options.fences;
    this.domainSeverity = options.inferred ? "warning" : "error";
    this.min = toBound(spec.min, spec.type, Number.NEGATIVE_INFINITY);
    this.max = toBound(spec.max, spec.type, Number.POSITIVE_INFINITY);
    const numericType = spec.type === "number" || spec.type === "integer";
    this.allowed =
      spec.values && !(numericType && spec.type !== "integer")
        ? new Set(spec.values.map((v) => (spec.type === "boolean" ? String(v).toLowerCase() : String(v))))
        : undefined;
    this.pattern = columnPatternRegExp(spec);
    this.unique = spec.unique ? new HashPairSet() : undefined;
    this.scanPii = options.scanPii && !spec.pii && (spec.type === "string" || spec.type === "category");
    // pii columns never show their values in reports.
    this.show = spec.pii ? () => undefined : (text) => (text.length > 60 ? `${text.slice(0, 57)}…` : text);
    this.wantsText =
      this.scanPii ||
      this.pattern !== undefined ||
      (this.allowed !== undefined && !numericType) ||
      (this.unique !== undefined && !numericType);
  }

  missing(batch: RowBatch, row: number): void {
    if (this.spec.nullable) return;
    this.issues.record(
      "missing_value",
      "error",
      this.name,
      batch.line(row),
      (n) =>
        `${n.toLocaleString("en-US")} missing value${n === 1 ? "" : "s"} in "${this.name}", which is not nullable`,
    );
  }

  invalid(batch: RowBatch, row: number, reason: InvalidReason): void {
    const text = batch.text(row, this.column);
    const code = reason === "non_finite" ? "non_finite" : "type_mismatch";
    this.issues.record(
      code,
      "error",
      this.name,
      batch.line(row),
      (n, example) =>
        `${n.toLocaleString("en-US")} value${n === 1 ? "" : "s"} in "${this.name}" (${this.spec.type}) ${n === 1 ? "is" : "are"} ${INVALID_LABEL[reason]}${example !== undefined ? `, e.g. ${JSON.stringify(example)}` : ""}`,
      this.show(text),
    );
  }

  number(batch: RowBatch, row: number, value: number): void {
    if (value < this.min || value > this.max) {
      this.issues.record(
        "out_of_range",
        "error",
        this.name,
        batch.line(row),
        (n, example) =>
          `${n.toLocaleString("en-US")} value${n === 1 ? "" : "s"} in "${this.name}" outside [${this.spec.min ?? "-∞"}, ${this.spec.max ?? "∞"}]${example !== undefined ? `, e.g. ${example}` : ""}`,
        this.spec.pii ? undefined : String(value),
      );
    }
    if (this.fences) this.checkOutlier(batch, row, value);
    if (this.allowed && this.spec.type === "integer" && !this.allowed.has(String(value))) {
      this.unexpected(batch, row, String(value));
    }
    if (this.unique && this.spec.type !== "string" && this.spec.type !== "category") {
      NUMBER_BITS[0] = value;
      this.hash[0] = NUMBER_WORDS[0];
      this.hash[1] = NUMBER_WORDS[1];
      this.checkUnique(batch, row, String(value));
    }
  }

  /** Sets fences after the fact (they come from this data's own profile, checked in a second read). */
  useFences(fences: OutlierFences): void {
    this.fences = fences;
  }

  checkOutlier(batch: RowBatch, row: number, value: number): void {
    const fences = this.fences!;
    if (value >= fences.low && value <= fences.high) return;
    this.outliers++;
    this.outlierCounter ??= this.issues.counter(
      "outliers",
      "warning",
      this.name,
      (n, example) =>
        `${n.toLocaleString("en-US")} outlier${n === 1 ? "" : "s"} in "${this.name}" outside [${round(fences.low)}, ${round(fences.high)}] (${fences.basis})${example !== undefined ? `, e.g. ${example}` : ""}`,
    );
    this.outlierCounter.hit(batch.line(row), this.outlierCounter.count === 0 && !this.spec.pii ? String(value) : undefined);
  }

  text(batch: RowBatch, row: number, value: string | undefined): void {
    let text = value;
    if (this.allowed) {
      text ??= batch.text(row, this.column);
      if (!this.allowed.has(this.spec.type === "boolean" ? text.toLowerCase() : text)) this.unexpected(batch, row, text);
    }
    if (this.pattern) {
      text ??= batch.text(row, this.column);
      if (!this.pattern.test(text)) {
        this.issues.record(
          "pattern_mismatch",
          "error",
          this.name,
          batch.line(row),
          (n, example) =>
            `${n.toLocaleString("en-US")} value${n === 1 ? "" : "s"} in "${this.name}" do${n === 1 ? "es" : ""} not match /${this.spec.pattern}/${example !== undefined ? `, e.g. ${JSON.stringify(example)}` : ""}`,
          this.show(text),
        );
      }
    }
    if (this.unique) {
      batch.hash64(row, this.column, this.hash);
      if (this.unique.add(this.hash[0], this.hash[1])) this.repeated(batch, row, text ?? batch.text(row, this.column));
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
      const text = value ?? batch.text(row, this.column);
      kind = detectPii(text);
      // Category columns repeat their values: remember each verdict (bounded).
      if (value !== undefined && this.piiSeen.size < 4096) this.piiSeen.set(value, kind ?? null);
    }
    if (!kind) return;
    const found = kind;
    this.issues.record(
      `pii_${found}`,
      "warning",
      this.name,
      batch.line(row),
      (n) =>
        `${n.toLocaleString("en-US")} value${n === 1 ? "" : "s"} in "${this.name}" look${n === 1 ? "s" : ""} like ${PII_LABEL[found]}: mark the column \`pii: true\` in the schema, or remove the data`,
    );
  }

  private unexpected(batch: RowBatch, row: number, value: string): void {
    const allowed = this.spec.values ?? [];
    this.issues.record(
      "unexpected_value",
      this.domainSeverity,
      this.name,
      batch.line(row),
      (n, example) =>
        `${n.toLocaleString("en-US")} value${n === 1 ? "" : "s"} in "${this.name}" not among the ${allowed.length} allowed (${allowed.slice(0, 6).join(", ")}${allowed.length > 6 ? ", …" : ""})${example !== undefined ? `, e.g. ${JSON.stringify(example)}` : ""}`,
      this.show(value),
    );
  }

  private checkUnique(batch: RowBatch, row: number, value: string): void {
    if (this.unique!.add(this.hash[0], this.hash[1])) this.repeated(batch, row, value);
  }

  private repeated(batch: RowBatch, row: number, value: string): void {
    this.issues.record(
      "not_unique",
      "error",
      this.name,
      batch.line(row),
      (n, example) =>
        `${n.toLocaleString("en-US")} repeated value${n === 1 ? "" : "s"} in "${this.name}", which must be unique${example !== undefined ? `, e.g. ${JSON.stringify(example)}` : ""}`,
      this.show(value),
    );
  }
}

function toBound(bound: number | string | undefined, type: ColumnSpec["type"], fallback: number): number {
  if (bound === undefined) return fallback;
  if (typeof bound === "number") return type === "datetime" ? fallback : bound;
  if (type === "datetime") return Date.parse(bound.length === 10 ? `${bound}T00:00:00Z` : bound);
  return fallback;
}

function round(x: number): number {
  return Number(x.toPrecision(6));
}
