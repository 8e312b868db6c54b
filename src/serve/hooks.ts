/**
 * What the server tells the parts that watch its traffic (statistics, metrics, the prediction log):
 * one `ServedPrediction` after each prediction request, answered or refused (docs/design.md,
 * "Model server"). The request path calls `onPrediction` after the response is sent; a hook must not
 * throw and must not block.
 */

export interface ServedPrediction {
  model: string;
  version: string;
  arm: "stable" | "candidate" | "shadow";
  /** The `x-request-id` of the response. */
  requestId: string;
  /** HTTP status and wall time of the request. */
  status: number;
  seconds: number;
  /** The feature rows as the model layer got them. */
  rows?: Record<string, unknown>[];
  outputs?: { label?: string | number; probabilities?: Record<string, number>; value?: number }[];
}

export interface ServeHooks {
  onPrediction?(p: ServedPrediction): void;
}
