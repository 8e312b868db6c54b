/**
 * What the request path tells the rest of the server about each answered request
 * (docs/design.md, "Model server"): the live statistics, the Prometheus metrics and
 * the feedback store consume it.
 */

export interface ServedPrediction {
  model: string;
  version: string;
  arm: "stable" | "candidate" | "shadow";
  requestId: string;
  /** HTTP status of the request. */
  status: number;
  /** Wall time of the request, in seconds. */
  seconds: number;
  /** The feature rows as the model layer got them. */
  rows?: Record<string, unknown>[];
  outputs?: { label?: string | number; probabilities?: Record<string, number>; value?: number }[];
}

export interface ServeHooks {
  onPrediction?(p: ServedPrediction): void;
}
