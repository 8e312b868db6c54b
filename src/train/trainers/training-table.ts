/**
 * Loads a dataset into memory by column for training: the label, numeric
 * features (number, integer) as Float64Array with NaN for missing values,
 * categorical features (category, boolean) as texts with null for missing.
 * Free text, dates, ids, ignored and sensitive columns are not features
 * (sensitive ones are kept for fairness reports, not for fitting).
 */

import { normalizeBoolean } from "../../data/profile/column-profile.js";
import { profileTable } from "../../data/profile/profile.js";
import { type OpenTableOptions, openTable } from "../../data/readers/open-table.js";
import type { RowBatch } from "../../data/readers/table-reader.js";
import type { ColumnSpec, DatasetSchema } from "../../data/schema/dataset-schema.js";
import { MlshipError } from "../../lib/errors.js";
import type { Column, ColumnTable } from "../../onnx/column-table.js";

export interface TrainingData {
  /** The feature columns: numeric ones as Float64Array (NaN missing), categorical ones as texts (null missing). */
  table: ColumnTable;
  /** The label's values, one per row (null where missing). */
  labels: (string | number | null)[];
  /** Which columns became features, and which were left out and why. */
  features: string[];
  skipped: { column: string; reason: string }[];
}

export interface LoadTrainingOptions extends OpenTableOptions {
  label: string;
  /** Declared columns; without a schema the types are inferred from a first read. */
  schema?: DatasetSchema;
  /**
   * Load every column, whatever its role or type (numbers as numbers, the rest as
   * texts): for scoring a model, whose inputs decide which columns it reads, and
   * for slices and fairness groups.
   */
  keepAll?: boolean;
}

export async function loadTrainingData(file: string, options: LoadTrainingOptions): Promise<TrainingData> {
  const specs = options.schema
    ? new Map(Object.entries(options.schema.columns))
    : await inferSpecs(file, options);
  const reader = openTable(file, options);
  const columns = await reader.columns();
  const labelIndex = labelColumn(file, columns, options.label);
  const kindOf = options.keepAll ? anyKind : featureKind;
  const plan = columns.map((name, index) => kindOf(index === labelIndex, specs.get(name)));
  const collected = new CollectedColumns(plan, isNumericType(specs.get(options.label)?.type));
  let rows = 0;
  for await (const batch of reader.batches()) {
    collected.read(batch);
    rows += batch.rows;
  }
  const table = new Map<string, Column>();
  columns.forEach((name, col) => {
    const column = collected.column(col);
    if (column) table.set(name, column);
  });
  return {
    table: { rows, columns: table },
    labels: collected.labels,
    features: columns.filter((_, i) => plan[i].kind === "numeric" || plan[i].kind === "categorical"),
    skipped: columns.flatMap((name, i) =>
      plan[i].kind === "skip" ? [{ column: name, reason: plan[i].reason! }] : [],
    ),
  };
}

/** The index of the label column, or an error naming the columns there are. */
function labelColumn(file: string, columns: string[], label: string): number {
  const index = columns.indexOf(label);
  if (index >= 0) return index;
  throw new MlshipError(
    "missing_label",
    `the label column "${label}" is not in ${file} (columns: ${columns.slice(0, 8).join(", ")}${columns.length > 8 ? ", …" : ""})`,
    { file, column: label },
  );
}

/** The label and the feature columns as the batches arrive, each column read whole per batch. */
class CollectedColumns {
  readonly labels: (string | number | null)[] = [];
  private readonly numeric = new Map<number, number[]>();
  private readonly categorical = new Map<number, (string | null)[]>();

  constructor(
    private readonly plan: ColumnPlan[],
    private readonly labelNumeric: boolean,
  ) {
    plan.forEach(({ kind }, col) => {
      if (kind === "numeric") this.numeric.set(col, []);
      if (kind === "categorical") this.categorical.set(col, []);
    });
  }

  read(batch: RowBatch): void {
    this.plan.forEach(({ kind, boolean }, col) => {
      if (kind === "label") readLabels(batch, col, this.labelNumeric, this.labels);
      else if (kind === "numeric") readNumbers(batch, col, this.numeric.get(col)!);
      else if (kind === "categorical")
        readCategories(batch, col, boolean === true, this.categorical.get(col)!);
    });
  }

  /** A feature column's values (numbers as Float64Array, NaN missing); undefined for the label and skipped columns. */
  column(col: number): Column | undefined {
    const numbers = this.numeric.get(col);
    return numbers ? Float64Array.from(numbers) : this.categorical.get(col);
  }
}

function readLabels(batch: RowBatch, col: number, numeric: boolean, out: (string | number | null)[]): void {
  for (let row = 0; row < batch.rows; row++) {
    if (batch.isMissing(row, col)) out.push(null);
    else out.push(numeric ? batch.number(row, col) : batch.text(row, col));
  }
}

function readNumbers(batch: RowBatch, col: number, out: number[]): void {
  for (let row = 0; row < batch.rows; row++) {
    out.push(batch.isMissing(row, col) ? Number.NaN : batch.number(row, col));
  }
}

/** Texts, null when missing; a boolean column's spellings become `true` or `false` (normalizeBoolean). */
function readCategories(batch: RowBatch, col: number, boolean: boolean, out: (string | null)[]): void {
  for (let row = 0; row < batch.rows; row++) {
    const text = batch.isMissing(row, col) ? null : batch.text(row, col);
    out.push(text !== null && boolean ? (normalizeBoolean(text) ?? text) : text);
  }
}

interface ColumnPlan {
  kind: "label" | "numeric" | "categorical" | "skip";
  boolean?: boolean;
  reason?: string;
}

function featureKind(isLabel: boolean, spec: Pick<ColumnSpec, "type" | "role"> | undefined): ColumnPlan {
  if (isLabel) return { kind: "label" };
  if (!spec) return { kind: "skip", reason: "not in the schema" };
  if (spec.role === "id" || spec.role === "ignore") return { kind: "skip", reason: `role ${spec.role}` };
  if (spec.role === "sensitive")
    return { kind: "skip", reason: "sensitive: kept for fairness, not used as a feature" };
  if (isNumericType(spec.type)) return { kind: "numeric" };
  if (spec.type === "category") return { kind: "categorical" };
  if (spec.type === "boolean") return { kind: "categorical", boolean: true };
  return { kind: "skip", reason: spec.type === "string" ? "free text" : `type ${spec.type}` };
}

function anyKind(isLabel: boolean, spec: Pick<ColumnSpec, "type" | "role"> | undefined): ColumnPlan {
  if (isLabel) return { kind: "label" };
  if (isNumericType(spec?.type)) return { kind: "numeric" };
  return { kind: "categorical", boolean: spec?.type === "boolean" };
}

function isNumericType(type: string | undefined): boolean {
  return type === "number" || type === "integer";
}

async function inferSpecs(
  file: string,
  options: OpenTableOptions,
): Promise<Map<string, Pick<ColumnSpec, "type" | "role">>> {
  const profile = await profileTable(openTable(file, options));
  return new Map(profile.columns.map((c) => [c.name, { type: c.type, role: "feature" as const }]));
}
