import { describe, expect, it } from "vitest";
import { METRIC_DIRECTIONS, metricDirection } from "./metric-direction.js";
import { computeMetrics } from "./metrics.js";

describe("metricDirection", () => {
  it("maximizes scores and minimizes losses and errors", () => {
    expect(metricDirection("roc_auc")).toBe("maximize");
    expect(metricDirection("r2")).toBe("maximize");
    expect(metricDirection("log_loss")).toBe("minimize");
    expect(metricDirection("max_error")).toBe("minimize");
    expect(metricDirection("latency_p99_ms")).toBe("minimize");
    expect(metricDirection("rows_per_s")).toBe("maximize");
  });

  it("knows the direction of every metric computeMetrics returns", () => {
    const names = [
      computeMetrics({ task: "binary", yTrue: [0, 1], scores: [0.2, 0.8] }),
      computeMetrics({
        task: "multiclass",
        yTrue: [0, 1, 2],
        probabilities: [
          [1, 0, 0],
          [0, 1, 0],
          [0, 0, 1],
        ],
        classes: 3,
      }),
      computeMetrics({ task: "regression", yTrue: [1, 2], yPred: [1, 3] }),
    ].flatMap((result) => Object.keys(result.metrics));
    for (const name of names) expect(Object.hasOwn(METRIC_DIRECTIONS, name), name).toBe(true);
  });

  it("throws an unknown_metric error naming the known metrics for a misspelt name", () => {
    expect(() => metricDirection("acuracy")).toThrow(/Unknown metric 'acuracy'\. Expected one of: accuracy/);
    expect(() => metricDirection("toString")).toThrow(/Unknown metric 'toString'/);
  });
});
