/**
 * The importance step. Permutation importance as scikit-learn defines it: the drop of the score when
 * one column's values are shuffled, averaged over repeats; here through the ONNX model, on at most
 * `importanceRows` rows (a seeded sample).
 */

import { Random } from "../../lib/random.js";
import { metricDirection } from "../../metrics/metric-direction.js";
import { type ColumnTable, isNumericColumn } from "../../onnx/column-table.js";
import { mappingOf } from "../../onnx/feature-order.js";
import type { OnnxModel } from "../../onnx/onnx-model.js";
import { predict } from "../../onnx/predict.js";
import { type EvaluateSettings, type EvaluationReport, primaryMetric } from "../evaluation-report.js";
import { metricsOf } from "../predictions.js";
import type { EvaluationRows } from "./evaluation-rows.js";
import { selectRows } from "./evaluation-rows.js";
import type { CandidateRun } from "./predict-models.js";
import { CANDIDATE } from "./predict-models.js";
import { toPredictionSet } from "./prediction-set.js";

type ImportanceSettings = Pick<
  EvaluateSettings,
  "seed" | "importanceRows" | "importanceRepeats" | "task" | "label" | "data"
>;

export async function permutationImportance(
  model: OnnxModel,
  rows: EvaluationRows,
  run: Pick<CandidateRun, "features" | "task" | "classes">,
  settings: ImportanceSettings,
): Promise<NonNullable<EvaluationReport["importance"]>> {
  const random = new Random(settings.seed + 1);
  const sample = sampleRows(rows, settings.importanceRows, random);
  const table = sample.table;
  const metric = primaryMetric(run.task);
  const sign = metricDirection(metric) === "maximize" ? 1 : -1;
  const mapping = mappingOf(run.features);
  const score = async (t: ColumnTable) => {
    const prediction = await predict(model, t, mapping);
    const { set } = toPredictionSet(
      prediction,
      sample.labels,
      { ...settings, task: run.task },
      CANDIDATE,
      run.classes,
    );
    return metricsOf(set).metrics[metric];
  };
  const reference = await score(table);
  const used = run.features.names.filter((name) => table.columns.has(name));
  const ranked = [];
  for (const feature of used) {
    const drops: number[] = [];
    for (let repeat = 0; repeat < settings.importanceRepeats; repeat++) {
      const shuffled = withColumnShuffled(table, feature, random);
      drops.push(sign * (reference - (await score(shuffled))));
    }
    const mean = drops.reduce((a, b) => a + b, 0) / drops.length;
    const std = Math.sqrt(drops.reduce((a, b) => a + (b - mean) ** 2, 0) / drops.length);
    ranked.push({ feature, mean, std });
  }
  ranked.sort((a, b) => b.mean - a.mean);
  return { metric, repeats: settings.importanceRepeats, rows: table.rows, features: ranked };
}

/** At most `limit` rows, a seeded sample kept in file order. */
function sampleRows(
  rows: EvaluationRows,
  limit: number,
  random: Random,
): { table: ColumnTable; labels: (string | number)[] } {
  let picked = Array.from({ length: rows.table.rows }, (_, i) => i);
  if (picked.length > limit) {
    picked = random
      .shuffle(picked)
      .slice(0, limit)
      .sort((a, b) => a - b);
  }
  return { table: selectRows(rows.table, picked), labels: picked.map((r) => rows.labels[r]) };
}

/** The table with one column's values in a random order. */
function withColumnShuffled(table: ColumnTable, feature: string, random: Random): ColumnTable {
  const column = table.columns.get(feature)!;
  const order = random.shuffle(Array.from({ length: table.rows }, (_, i) => i));
  const shuffled = isNumericColumn(column)
    ? Float64Array.from(order, (o) => column[o])
    : order.map((o) => column[o]);
  const columns = new Map(table.columns);
  columns.set(feature, shuffled);
  return { rows: table.rows, columns };
}
