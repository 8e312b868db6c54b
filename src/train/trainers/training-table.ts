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
  const labelIndex = columns.indexOf(options.label);
  if (labelIndex < 0) {
    throw new MlshipError(
      "missing_label",
      `the label column "${options.label}" is not in ${file} (columns: ${columns.slice(0, 8).join(", ")}${columns.length > 8 ? ", …" : ""})`,
      { file, column: options.label },
    );
  }
  const plan = columns.map((name, index) =>
    options.keepAll
      ? anyKind(index === labelIndex, specs.get(name))
      : featureKind(index === labelIndex, specs.get(name)),
  );
  const numeric = new Map<string, number[]>();
  const categorical = new Map<string, (string | null)[]>();
  const labels: (string | number | null)[] = [];
  const labelNumeric = isNumericType(specs.get(options.label)?.type);
  columns.forEach((name, i) => {
    if (plan[i].kind === "numeric") numeric.set(name, []);
    if (plan[i].kind === "categorical") categorical.set(name, []);
  });
  let rows = 0;
  for await (const batch of reader.batches()) {
    for (let row = 0; row < batch.rows; row++) {
      for (let col = 0; col < columns.length; col++) {
        const { kind } = plan[col];
        if (kind === "skip") continue;
        const missing = batch.isMissing(row, col);
        if (kind === "label") {
          labels.push(missing ? null : labelNumeric ? batch.number(row, col) : batch.text(row, col));
        } else if (kind === "numeric") {
          numeric.get(columns[col])!.push(missing ? Number.NaN : batch.number(row, col));
        } else {
          const text = missing ? null : batch.text(row, col);
          categorical
            .get(columns[col])!
            .push(text !== null && plan[col].boolean ? (normalizeBoolean(text) ?? text) : text);
        }
      }
    }
    rows += batch.rows;
  }
  const table = new Map<string, Column>();
  for (const name of columns) {
    const values = numeric.get(name);
    if (values) table.set(name, Float64Array.from(values));
    else if (categorical.has(name)) table.set(name, categorical.get(name)!);
  }
  return {
    table: { rows, columns: table },
    labels,
    features: columns.filter((_, i) => plan[i].kind === "numeric" || plan[i].kind === "categorical"),
    skipped: columns.flatMap((name, i) =>
      plan[i].kind === "skip" ? [{ column: name, reason: plan[i].reason! }] : [],
    ),
  };
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
