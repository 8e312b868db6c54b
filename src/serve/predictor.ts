/**
 * How the routes run a model (docs/design.md, "Model server"): with dynamic batching on
 * (`--max-delay-ms` above 0), each request is checked against the model first (checkBatchPart: a bad
 * request is refused with 400 and never joins a batch), then submitted to the batcher of its version
 * (batch-predict.ts), which coalesces concurrent requests into one session run of up to
 * `--max-batch` rows and gives each its own rows back. With `--max-delay-ms 0`, each request runs
 * the model on its own. `close` runs what is queued and stops the batchers (graceful shutdown).
 */

import type { ColumnTable } from "../onnx/column-table.js";
import type { OnnxModel } from "../onnx/onnx-model.js";
import { type Prediction, predict } from "../onnx/predict.js";
import { checkBatchPart, createModelBatcher } from "./batch-predict.js";
import type { Batcher } from "./batcher.js";
import type { ModelInput } from "./tensors.js";

export interface BatchSettings {
  /** The most rows one session run takes. */
  maxBatch: number;
  /** How long the first queued request waits for others, in ms; 0 = no batching. */
  maxDelayMs: number;
}

export interface Predictor {
  predict(model: OnnxModel, input: ModelInput): Promise<Prediction>;
  /** Runs what is queued, then refuses new requests. */
  close(): Promise<void>;
  /** Requests run and model runs they took, over every batcher (equal without batching). */
  counts(): { calls: number; runs: number };
}

/** Each request on its own: the model layer's `predict`. */
export function directPredictor(): Predictor {
  let calls = 0;
  return {
    predict: (model, input) => {
      calls++;
      return predict(model, input.table, input.mapping);
    },
    close: async () => {},
    counts: () => ({ calls, runs: calls }),
  };
}

export function createPredictor(settings: BatchSettings): Predictor {
  if (settings.maxDelayMs === 0) return directPredictor();
  // One batcher per loaded version and feature mapping (a model whose features are positional can be
  // sent rows of different widths; those never share a run).
  const batchers = new Map<OnnxModel, Map<string, Batcher<ColumnTable, Prediction>>>();
  const batcherOf = (model: OnnxModel, input: ModelInput) => {
    let byMapping = batchers.get(model);
    if (!byMapping) {
      byMapping = new Map();
      batchers.set(model, byMapping);
    }
    const key = JSON.stringify(input.mapping);
    let batcher = byMapping.get(key);
    if (!batcher) {
      batcher = createModelBatcher(model, { ...settings, predict: input.mapping });
      byMapping.set(key, batcher);
    }
    return batcher;
  };
  const every = () => [...batchers.values()].flatMap((byMapping) => [...byMapping.values()]);
  return {
    async predict(model, input) {
      checkBatchPart(model, input.table, input.mapping);
      return batcherOf(model, input).submit(input.table);
    },
    async close() {
      await Promise.all(every().map((batcher) => batcher.close()));
    },
    counts() {
      const stats = every().map((batcher) => batcher.stats);
      return {
        calls: stats.reduce((sum, s) => sum + s.calls, 0),
        runs: stats.reduce((sum, s) => sum + s.runs, 0),
      };
    },
  };
}
