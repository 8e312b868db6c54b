/**
 * Proposes a dataset schema from a profile, as TFDV's infer_schema does: the
 * type each column reads as, whether it had missing values, the categories
 * seen (for columns with few), ranges left open (a user tightens them), ids
 * found by name and uniqueness, and a label when the config names one.
 */
import { ownRecord } from "../../lib/own-keys.js";
import { MAX_INFERRED_CATEGORIES } from "../profile/column-profile.js";
import type { ColumnProfileJSON, DataProfile } from "../profile/profile.js";
import type { ColumnSpec, DatasetSchema } from "./dataset-schema.js";

export interface InferSchemaOptions {
  /** The label column (from mlship.yml), marked role: label. */
  label?: string;
  /** Columns to mark role: sensitive. */
  sensitive?: string[];
}

const ID_NAME = /(^|_)(id|uuid|key)$/i;
const SENSITIVE_NAME = /(^|_)(age|age_band|gender|sex|race|ethnicity|religion|nationality)$/i;

/** The schema as a user would write it: defaults left out, keys in reading order. */
export function compactSchema(schema: DatasetSchema): Record<string, unknown> {
  const columns: Record<string, Record<string, unknown>> = ownRecord();
  for (const [name, spec] of Object.entries(schema.columns)) {
    const out: Record<string, unknown> = { type: spec.type };
    if (spec.role !== "feature") out.role = spec.role;
    if (!spec.nullable) out.nullable = false;
    if (spec.unique) out.unique = true;
    if (spec.pii) out.pii = true;
    for (const key of ["min", "max", "values", "pattern", "maxMissingShare", "description"] as const) {
      if (spec[key] !== undefined) out[key] = spec[key];
    }
    columns[name] = out;
  }
  return { columns, dataset: schema.dataset };
}

export function inferSchema(profile: DataProfile, options: InferSchemaOptions = {}): DatasetSchema {
  const columns: Record<string, ColumnSpec> = ownRecord();
  for (const column of profile.columns) columns[column.name] = inferColumn(column, profile.rows, options);
  return {
    columns,
    dataset: { rows: { min: 1 }, allowExtraColumns: false },
  };
}

function inferColumn(column: ColumnProfileJSON, rows: number, options: InferSchemaOptions): ColumnSpec {
  const spec: ColumnSpec = {
    type: column.type,
    nullable: column.missing > 0,
    unique: false,
    role: "feature",
    pii: false,
  };
  // "Every value distinct" is a claim the data must pass: only make it while the distinct
  // count is exact (up to 1,024 values), never from an estimate that may exceed the truth.
  const allDistinct =
    column.count > 1 && column.distinct >= column.count && column.missing === 0 && exactDistinct(column);
  // HyperLogLog estimates are within a few percent: a *_id column that is nearly all distinct is an id.
  const mostlyDistinct = column.count > 1 && column.distinct >= 0.95 * column.count;
  if (column.name === options.label) spec.role = "label";
  else if (options.sensitive?.includes(column.name) || SENSITIVE_NAME.test(column.name))
    spec.role = "sensitive";
  else if (
    ID_NAME.test(column.name) &&
    mostlyDistinct &&
    (column.type === "string" || column.type === "integer")
  ) {
    spec.role = "id";
    spec.unique = allDistinct;
  }
  const top = column.categories?.top;
  // An integer label lists its classes only when it has few, as a category would: a count
  // or a price (a regression target) would otherwise fail on the next value not seen yet.
  const fewClasses = column.distinct <= Math.min(MAX_INFERRED_CATEGORIES, Math.max(2, column.count / 2));
  if (
    (column.type === "category" ||
      column.type === "boolean" ||
      (spec.role === "label" && column.type === "integer" && fewClasses)) &&
    top?.exact
  ) {
    const values = top.items.map(([value]) => value);
    if (column.type === "integer") spec.values = values.map(Number).sort((a, b) => a - b);
    else if (column.type === "category") spec.values = values.sort();
  }
  if (column.type === "integer" && column.numeric && spec.role !== "label" && spec.role !== "id") {
    // Counts and ages are never negative in the data: say so, and let the user widen it.
    if (column.numeric.moments.min >= 0) spec.min = 0;
  }
  if (column.missing > 0 && rows > 0) {
    const share = column.missing / rows;
    // Room for twice the missing share seen, so the next batch does not fail on noise.
    spec.maxMissingShare = Math.min(1, Number((share * 2).toPrecision(2)));
  }
  return spec;
}

/** Whether the column's distinct count is exact (its HyperLogLog still lists the hashes seen). */
function exactDistinct(column: ColumnProfileJSON): boolean {
  const sketch = column.numeric?.distinct ?? column.categories?.distinct;
  return sketch?.hashes !== undefined;
}
