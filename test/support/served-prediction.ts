import type { ServedPrediction } from "../../src/serve/hooks.js";

/** A successful 10 ms answer of churn 1.0.0's stable arm, with `overrides`. */
export function servedPrediction(overrides: Partial<ServedPrediction> = {}): ServedPrediction {
  return {
    model: "churn",
    version: "1.0.0",
    arm: "stable",
    requestId: "r",
    status: 200,
    seconds: 0.01,
    ...overrides,
  };
}
