/**
 * A smoke test of the model server (docs/design.md, "Model server"): start it as `mlship serve` does
 * (startServer), send a few rows of a table to one model as a client would, over HTTP (v1 predict,
 * then one Open Inference Protocol v2 infer built from the model's inputs), read `GET /metrics`,
 * and stop the server gracefully. `mlship demo`'s serving step.
 */
import { MlshipError } from "../lib/errors.js";
import { type ColumnTable, isNumericColumn } from "../onnx/column-table.js";
import { METRIC_NAMES } from "./metrics.js";
import type { ServeRequest } from "./request.js";
import { type StartServerOptions, startServer } from "./server.js";
import type { FeedPlan } from "./tensors.js";

/** One request the smoke test sent, and how it was answered. */
export interface SmokeRequest {
  method: "POST";
  path: string;
  rows: number;
  status: number;
  /** `x-model-version`: the version that answered. */
  version: string | null;
}

export interface SmokeTestResult {
  /** Where the server listened; it no longer does. */
  url: string;
  model: string;
  /** The version that was served (the model's first). */
  version: string;
  requests: SmokeRequest[];
  /** The Open Inference Protocol v2 infer request sent and the response body received. */
  exchange: { path: string; request: InferBody; status: number; response: unknown };
  /**
   * The `/metrics` samples of the model after that traffic: requests by status, request durations'
   * count and sum, prediction scores' count per class, loaded; neither histogram buckets nor process_*.
   */
  metrics: string[];
}

interface InferBody {
  id: string;
  inputs: { name: string; datatype: string; shape: number[]; data: unknown[] }[];
}

/** The samples the smoke test shows, by metric name (the exposition's sample names). */
const SHOWN_SAMPLES = new Set([
  METRIC_NAMES.requests,
  `${METRIC_NAMES.duration}_count`,
  `${METRIC_NAMES.duration}_sum`,
  `${METRIC_NAMES.score}_count`,
  METRIC_NAMES.loaded,
]);

/**
 * Serves `request`'s models, sends `table`'s rows to `model` as v1 predict requests of `batches`
 * rows each (in turn), then its first row as one v2 infer request, reads the metrics, and stops.
 * @throws MlshipError exit 2 as startServer does; `model_load_failed` when the model does not load.
 */
export async function runSmokeTest(
  request: ServeRequest,
  options: StartServerOptions & { model: string; table: ColumnTable; batches: number[] },
): Promise<SmokeTestResult> {
  const server = await startServer(request, options);
  try {
    const served = server.store.models.get(options.model);
    const version = served?.versions.values().next().value;
    if (!served || !version || version.status.state !== "ready") {
      const reason = version?.status.state === "failed" ? `: ${version.status.reason}` : "";
      throw new MlshipError("model_load_failed", `${options.model} could not be served${reason}`);
    }
    const plan = version.status.plan;
    const records = recordsOf(plan, options.table);
    const requests: SmokeRequest[] = [];
    let from = 0;
    for (const rows of options.batches) {
      const path = `/v1/models/${options.model}:predict`;
      const answer = await post(server.url, path, { instances: records.slice(from, from + rows) });
      requests.push({ method: "POST", path, rows, status: answer.status, version: answer.version });
      from += rows;
    }
    const path = `/v2/models/${options.model}/infer`;
    const infer = inferBody(plan, records.slice(0, 1));
    const answer = await post(server.url, path, infer);
    requests.push({ method: "POST", path, rows: 1, status: answer.status, version: answer.version });
    const exposition = await (await fetch(`${server.url}/metrics`)).text();
    return {
      url: server.url,
      model: options.model,
      version: version.version,
      requests,
      exchange: { path, request: infer, status: answer.status, response: answer.body },
      metrics: modelSamples(exposition, options.model),
    };
  } finally {
    await server.close();
  }
}

async function post(
  url: string,
  path: string,
  body: unknown,
): Promise<{ status: number; version: string | null; body: unknown }> {
  const response = await fetch(`${url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    version: response.headers.get("x-model-version"),
    body: await response.json(),
  };
}

/** The table's rows as v1 instances: the model's features by name, a missing value as null. */
export function recordsOf(plan: FeedPlan, table: ColumnTable): Record<string, unknown>[] {
  const features = plan.features?.map((feature) => feature.name);
  if (!features) {
    throw new MlshipError(
      "bad_usage",
      "the model's features are not named: the smoke test sends rows by feature name",
    );
  }
  return Array.from({ length: table.rows }, (_, i) =>
    Object.fromEntries(
      features.map((name) => {
        const column = table.columns.get(name);
        if (!column)
          throw new MlshipError("missing_column", `the data has no column "${name}" the model takes`);
        const value = column[i];
        const missing = value === null || (isNumericColumn(column) && Number.isNaN(value));
        return [name, missing ? null : value];
      }),
    ),
  );
}

/** The Open Inference Protocol v2 request for `records`: one tensor per model input, as a client builds it. */
export function inferBody(plan: FeedPlan, records: Record<string, unknown>[]): InferBody {
  const tensor = (name: string, datatype: string, data: unknown[], width: number) => ({
    name,
    datatype,
    shape: [records.length, width],
    data: data.map((value) => (datatype === "BYTES" && value !== null ? String(value) : value)),
  });
  if (plan.layout === "matrix" && plan.matrix && plan.features) {
    const names = plan.features.map((feature) => feature.name);
    const data = records.flatMap((record) => names.map((name) => record[name]));
    const input = plan.inputs[0];
    return { id: "smoke-1", inputs: [tensor(input.name, input.datatype, data, names.length)] };
  }
  return {
    id: "smoke-1",
    inputs: plan.inputs.map((input) =>
      tensor(
        input.name,
        input.datatype,
        records.map((record) => record[input.name]),
        1,
      ),
    ),
  };
}

/** The exposition's samples of `model` the smoke test shows, in the order served. */
export function modelSamples(exposition: string, model: string): string[] {
  const label = `model="${model}"`;
  return exposition
    .split("\n")
    .filter((line) => SHOWN_SAMPLES.has(line.split(/[{ ]/, 1)[0]) && line.includes(label));
}
