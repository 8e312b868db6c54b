/** The serving step: latency per row at batch 1 and throughput batched, the figures a rollout is sized by. */

import type { ColumnTable } from "../../onnx/column-table.js";
import type { OnnxModel } from "../../onnx/onnx-model.js";
import { predict } from "../../onnx/predict.js";
import type { EvaluationReport } from "../evaluation-report.js";
import { selectRows } from "./evaluation-rows.js";
import type { ModelRun } from "./predict-models.js";

export const SERVING_METRICS = [
  "latency_p50_ms",
  "latency_p95_ms",
  "latency_p99_ms",
  "rows_per_s",
  "model_bytes",
] as const;

/** Latency per row at batch 1 (percentiles over `latencyRows` single-row runs), throughput at the tuned batch size. */
export async function servingFigures(
  model: OnnxModel,
  table: ColumnTable,
  run: Pick<ModelRun, "mapping" | "seconds">,
  latencyRows: number,
): Promise<EvaluationReport["serving"]> {
  const times: number[] = [];
  const count = Math.min(latencyRows, table.rows);
  for (let i = 0; i < count; i++) {
    const row = selectRows(table, [i]);
    const t = performance.now();
    await predict(model, row, run.mapping);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const pick = (q: number) =>
    times.length ? times[Math.min(times.length - 1, Math.floor(q * times.length))] : Number.NaN;
  return {
    latency_p50_ms: pick(0.5),
    latency_p95_ms: pick(0.95),
    latency_p99_ms: pick(0.99),
    rows_per_s: table.rows / run.seconds,
    model_bytes: model.bytes,
  };
}
