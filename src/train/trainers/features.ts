/**
 * The preprocessing a built-in linear model learns from its training table
 * and carries into its ONNX graph: numeric columns imputed with their mean and
 * standardized (population std, as scikit-learn's StandardScaler), categorical
 * columns imputed with their mode and one-hot encoded (categories in sorted
 * order; a category unseen in training encodes as all zeros).
 */
import { appendAll } from "../../lib/arrays.js";
import { type ColumnTable, isNumericColumn } from "../../onnx/column-table.js";
import { attr, ML_DOMAIN, type OnnxGraphBuilder } from "../../onnx/export/onnx-graph.js";

export interface NumericFeature {
  name: string;
  mean: number;
  /** Population standard deviation; 1 where the column is constant, so scaling is a no-op. */
  scale: number;
}

export interface CategoricalFeature {
  name: string;
  categories: string[];
  mode: string;
}

export interface FeaturePlan {
  numeric: NumericFeature[];
  categorical: CategoricalFeature[];
  /** Columns of the design matrix: numeric features, then each category of each categorical feature. */
  width: number;
}

/** The value unseen categories are mapped to before one-hot encoding: no category, all zeros. */
const UNSEEN = "\u0000unseen";

/** The columns a plan of this table takes, in the order of the model's inputs: numeric ones, then text ones. */
export function planInputOrder(table: ColumnTable): string[] {
  const columns = [...table.columns];
  return [
    ...columns.filter(([, values]) => isNumericColumn(values)),
    ...columns.filter(([, values]) => !isNumericColumn(values)),
  ].map(([name]) => name);
}

/** The plan for a table's columns: numeric columns are numeric features, text columns categorical ones. */
export function fitFeaturePlan(table: ColumnTable): FeaturePlan {
  const columns = [...table.columns];
  const numericColumns = columns.filter((entry): entry is [string, Float64Array] =>
    isNumericColumn(entry[1]),
  );
  const textColumns = columns.filter(
    (entry): entry is [string, (string | null)[]] => !isNumericColumn(entry[1]),
  );
  const numeric = numericColumns.map(([name, values]) => {
    let n = 0;
    let sum = 0;
    for (const v of values) {
      if (Number.isNaN(v)) continue;
      n++;
      sum += v;
    }
    const mean = n > 0 ? sum / n : 0;
    let squares = 0;
    for (const v of values) if (!Number.isNaN(v)) squares += (v - mean) ** 2;
    const std = n > 0 ? Math.sqrt(squares / n) : 0;
    return { name, mean, scale: std > 0 ? std : 1 };
  });
  const categorical = textColumns.map(([name, values]) => {
    const counts = new Map<string, number>();
    for (const v of values) if (v !== null) counts.set(v, (counts.get(v) ?? 0) + 1);
    const categories = [...counts.keys()].sort();
    // The most frequent value; ties go to the first in sorted order, so the plan is deterministic.
    let mode = categories[0] ?? "";
    for (const category of categories) if (counts.get(category)! > (counts.get(mode) ?? 0)) mode = category;
    return { name, categories, mode };
  });
  const width = numeric.length + categorical.reduce((sum, c) => sum + c.categories.length, 0);
  return { numeric, categorical, width };
}

/** The design matrix (rows × width, row-major) the plan makes of a table. */
export function designMatrix(plan: FeaturePlan, table: ColumnTable): Float64Array {
  const { rows } = table;
  const x = new Float64Array(rows * plan.width);
  plan.numeric.forEach((feature, j) => {
    const values = featureColumn(table, feature.name, "numeric") as Float64Array;
    for (let r = 0; r < rows; r++) {
      const v = Number.isNaN(values[r]) ? feature.mean : values[r];
      x[r * plan.width + j] = (v - feature.mean) / feature.scale;
    }
  });
  let offset = plan.numeric.length;
  for (const feature of plan.categorical) {
    const values = featureColumn(table, feature.name, "text") as (string | null)[];
    const index = new Map(feature.categories.map((c, i) => [c, i]));
    for (let r = 0; r < rows; r++) {
      const i = index.get(values[r] ?? feature.mode);
      if (i !== undefined) x[r * plan.width + offset + i] = 1;
    }
    offset += feature.categories.length;
  }
  return x;
}

function featureColumn(table: ColumnTable, name: string, kind: "numeric" | "text") {
  const column = table.columns.get(name);
  if (!column || isNumericColumn(column) !== (kind === "numeric")) {
    throw new Error(`the table has no ${kind} column "${name}", which the feature plan was fitted with`);
  }
  return column;
}

/**
 * Adds the plan's preprocessing to a graph: one input per raw column (float
 * [N,1] for numeric, string [N,1] for categorical) and the nodes that make the
 * standardized design matrix. Returns the name of that [N, width] float tensor.
 */
export function addFeatureGraph(graph: OnnxGraphBuilder, plan: FeaturePlan): string {
  const parts: string[] = [];
  if (plan.numeric.length > 0) {
    const inputs = plan.numeric.map((f) => graph.input(f.name, "float", ["N", 1]));
    graph.node("Concat", inputs, ["numeric_raw"], { axis: attr.int(1) });
    graph.node(
      "Imputer",
      ["numeric_raw"],
      ["numeric_imputed"],
      {
        imputed_value_floats: attr.floats(plan.numeric.map((f) => f.mean)),
        replaced_value_float: attr.float(Number.NaN),
      },
      ML_DOMAIN,
    );
    graph.valueInfo("numeric_imputed", "float", ["N", plan.numeric.length]);
    graph.node(
      "Scaler",
      ["numeric_imputed"],
      ["numeric_scaled"],
      {
        offset: attr.floats(plan.numeric.map((f) => f.mean)),
        scale: attr.floats(plan.numeric.map((f) => 1 / f.scale)),
      },
      ML_DOMAIN,
    );
    graph.valueInfo("numeric_scaled", "float", ["N", plan.numeric.length]);
    parts.push("numeric_scaled");
  }
  appendAll(parts, addCategoricalGraph(graph, plan.categorical));
  if (parts.length === 1) return parts[0];
  graph.node("Concat", parts, ["features"], { axis: attr.int(1) });
  return "features";
}

/**
 * One string input [N,1] per categorical feature, encoded as the plans define:
 * known categories to themselves, a missing value ("") to the training mode,
 * anything else to "unseen", then one-hot (unseen: all zeros). Returns the
 * [N, categories] float tensor of each feature, in order.
 */
export function addCategoricalGraph(
  graph: OnnxGraphBuilder,
  features: readonly CategoricalFeature[],
): string[] {
  return features.map((feature, i) => {
    const input = graph.input(feature.name, "string", ["N", 1]);
    graph.node(
      "LabelEncoder",
      [input],
      [`category_${i}_imputed`],
      {
        keys_strings: attr.strings([...feature.categories, ""]),
        values_strings: attr.strings([...feature.categories, feature.mode]),
        default_string: attr.string(UNSEEN),
      },
      ML_DOMAIN,
    );
    graph.valueInfo(`category_${i}_imputed`, "string", ["N", 1]);
    graph.node(
      "OneHotEncoder",
      [`category_${i}_imputed`],
      [`category_${i}_onehot`],
      { cats_strings: attr.strings(feature.categories), zeros: attr.int(1) },
      ML_DOMAIN,
    );
    graph.valueInfo(`category_${i}_onehot`, "float", ["N", 1, feature.categories.length]);
    graph.node("Flatten", [`category_${i}_onehot`], [`category_${i}_encoded`], { axis: attr.int(1) });
    return `category_${i}_encoded`;
  });
}
