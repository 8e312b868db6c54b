/**
 * The features builtin:gbdt fits on and carries into its ONNX graph. Unlike
 * the linear plan (features.ts) numeric columns are neither imputed nor
 * scaled: trees are unaffected by scaling, and a missing number stays NaN so
 * each split learns where missing values go (as scikit-learn's
 * HistGradientBoosting does) instead of treating them as the mean. Categorical
 * columns are one-hot encoded as in the linear plan (sorted categories, a
 * missing value as the training mode, an unseen one as all zeros). The
 * numbers are float32, as the graph's inputs are, so training splits and
 * onnxruntime's comparisons see the same values.
 */
import { appendAll } from "../../lib/arrays.js";
import { type ColumnTable, isNumericColumn } from "../../onnx/column-table.js";
import { attr, type OnnxGraphBuilder } from "../../onnx/export/onnx-graph.js";
import { addCategoricalGraph, fitFeaturePlan } from "./features.js";
import type { FeatureColumns } from "./histogram-binning.js";

export interface GbdtFeaturePlan {
  /** Numeric columns, used as they are (NaN = missing). */
  numeric: string[];
  categorical: { name: string; categories: string[]; mode: string }[];
  /** Model features: the numeric columns, then each category of each categorical column. */
  width: number;
  /** A name per model feature ("tenure", "plan=basic"), for reports and importances. */
  featureNames: string[];
}

export function fitGbdtFeaturePlan(table: ColumnTable): GbdtFeaturePlan {
  // The linear plan's categories and modes are the ones wanted here; its means and scales are not used.
  const plan = fitFeaturePlan(table);
  const numeric = plan.numeric.map((f) => f.name);
  const categorical = plan.categorical.map(({ name, categories, mode }) => ({ name, categories, mode }));
  const featureNames = [
    ...numeric,
    ...categorical.flatMap((c) => c.categories.map((category) => `${c.name}=${category}`)),
  ];
  return { numeric, categorical, width: featureNames.length, featureNames };
}

/** The plan's features of a table as float32 columns (NaN where a number is missing). */
export function gbdtFeatureColumns(plan: GbdtFeaturePlan, table: ColumnTable): FeatureColumns {
  const { rows } = table;
  const values = new Float32Array(rows * plan.width);
  plan.numeric.forEach((name, f) => {
    values.set(column(table, name, "numeric") as Float64Array, f * rows);
  });
  let offset = plan.numeric.length;
  for (const feature of plan.categorical) {
    const texts = column(table, feature.name, "text") as (string | null)[];
    const index = new Map(feature.categories.map((c, i) => [c, i]));
    for (let r = 0; r < rows; r++) {
      const i = index.get(texts[r] ?? feature.mode);
      if (i !== undefined) values[(offset + i) * rows + r] = 1;
    }
    offset += feature.categories.length;
  }
  return { rows, features: plan.width, values };
}

function column(table: ColumnTable, name: string, kind: "numeric" | "text") {
  const values = table.columns.get(name);
  if (!values || isNumericColumn(values) !== (kind === "numeric")) {
    throw new Error(`the table has no ${kind} column "${name}", which the gbdt features were fitted with`);
  }
  return values;
}

/**
 * Adds the plan's preprocessing to a graph: one input per raw column (float
 * [N,1] numeric, string [N,1] categorical), numeric ones passed through,
 * categorical ones imputed and one-hot encoded. Returns the name of the
 * [N, width] float tensor of model features.
 */
export function addGbdtFeatureGraph(graph: OnnxGraphBuilder, plan: GbdtFeaturePlan): string {
  const parts: string[] = plan.numeric.map((name) => graph.input(name, "float", ["N", 1]));
  appendAll(parts, addCategoricalGraph(graph, plan.categorical));
  if (parts.length === 1) return parts[0];
  graph.node("Concat", parts, ["features"], { axis: attr.int(1) });
  return "features";
}
