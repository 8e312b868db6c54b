import { describe, expect, it } from "vitest";
import { Random } from "../lib/random.js";
import { computeMetrics } from "../metrics/metrics.js";
import { FeedbackStore } from "./feedback.js";
import type { ServedPrediction } from "./hooks.js";
import { LiveStats } from "./live-stats.js";

const T0 = Date.UTC(2026, 0, 1, 12, 0, 0);
type Output = NonNullable<ServedPrediction["outputs"]>[number];

function setup(options: { capacity?: number; ttlSeconds?: number } = {}) {
  const stats = new LiveStats();
  const feedback = new FeedbackStore(stats, { ...options, clock: () => T0 + 1000 });
  const serve = (p: Partial<ServedPrediction> & { requestId: string; outputs: Output[] }, now = T0) => {
    const prediction: ServedPrediction = {
      model: "churn",
      version: "1.0.0",
      arm: "stable",
      status: 200,
      seconds: 0.001,
      ...p,
    };
    stats.record(prediction, now);
    feedback.remember(prediction, now);
  };
  return { stats, feedback, serve, online: (now = T0 + 1000) => stats.snapshot("churn", 300, now).series };
}

/** Expects `run` to throw an MlshipError with `code` whose location's path is `path`, and a message matching `message`. */
function expectRefused(run: () => unknown, code: string, path?: string, message?: RegExp): void {
  expect(run).toThrow(
    expect.objectContaining({
      code,
      ...(path !== undefined ? { location: { path } } : {}),
      ...(message ? { message: expect.stringMatching(message) } : {}),
    }),
  );
}

/** A binary classifier's outputs and true labels, rows served 1 to 3 per request. */
function binaryTraffic(n: number, seed: number) {
  const random = new Random(seed);
  const rows = Array.from({ length: n }, () => {
    const truth = random.uniform() < 0.4 ? 1 : 0;
    const p = Math.min(0.99, Math.max(0.01, truth ? random.between(0.2, 1) : random.between(0, 0.8)));
    const yes = Math.round(p * 1000) / 1000;
    return { truth, output: { label: yes > 0.5 ? "yes" : "no", probabilities: { no: 1 - yes, yes } } };
  });
  const requests: { id: string; rows: typeof rows }[] = [];
  for (let i = 0; i < rows.length; ) {
    const size = 1 + (requests.length % 3);
    requests.push({ id: `req-${requests.length}`, rows: rows.slice(i, i + size) });
    i += size;
  }
  return { rows, requests };
}

describe("FeedbackStore online metrics", () => {
  it("gives a binary model's online accuracy, ROC AUC and the rest equal to the offline metrics of the same rows", () => {
    const { feedback, serve, online } = setup();
    const { rows, requests } = binaryTraffic(300, 11);
    for (const r of requests) serve({ requestId: r.id, outputs: r.rows.map((row) => row.output) });
    const answer = feedback.submit(
      requests.map((r) => ({ id: r.id, label: r.rows.map((row) => (row.truth ? "yes" : "no")) })),
      T0 + 500,
    );
    expect(answer.counts).toEqual({ received: requests.length, matched: requests.length, unmatched: 0 });
    const offline = computeMetrics({
      task: "binary",
      yTrue: Int32Array.from(rows, (r) => r.truth),
      scores: Float64Array.from(rows, (r) => r.output.probabilities.yes),
    }).metrics;
    const [series] = online();
    expect(series.online).toMatchObject({ task: "binary", labelled: 300, scored: 300 });
    expect(series.online!.metrics.accuracy).toBe(offline.accuracy);
    expect(series.online!.metrics.roc_auc).toBe(offline.roc_auc);
    expect(series.online!.metrics).toEqual(offline);
  });

  it("gives a multiclass model's and a regressor's metrics equal to the offline ones", () => {
    const { feedback, serve, stats } = setup();
    const classes = ["a", "b", "c"];
    const random = new Random(5);
    const truths: number[] = [];
    const probabilities: number[][] = [];
    const values: [number, number][] = [];
    for (let i = 0; i < 60; i++) {
      const raw = classes.map(() => random.uniform() + 0.05);
      const sum = raw.reduce((a, b) => a + b, 0);
      const p = raw.map((x) => x / sum);
      probabilities.push(p);
      truths.push(random.integer(0, 2));
      serve({
        requestId: `m${i}`,
        outputs: [{ probabilities: Object.fromEntries(classes.map((c, k) => [c, p[k]])) }],
      });
      const value = random.normal(10, 3);
      values.push([value, value + random.normal(0, 1)]);
      serve({ model: "price", requestId: `p${i}`, outputs: [{ value }] });
    }
    feedback.submit(
      truths.map((t, i) => ({ id: `m${i}`, label: classes[t] })),
      T0,
    );
    feedback.submit(
      values.map(([, truth], i) => ({ id: `p${i}`, label: truth })),
      T0,
    );
    const multiclass = stats.snapshot("churn", 60, T0).series[0].online!;
    expect(multiclass.task).toBe("multiclass");
    expect(multiclass.metrics).toEqual(
      computeMetrics({ task: "multiclass", yTrue: Int32Array.from(truths), probabilities, classes: 3 })
        .metrics,
    );
    const regression = stats.snapshot("price", 60, T0).series[0].online!;
    expect(regression.task).toBe("regression");
    expect(regression.metrics).toEqual(
      computeMetrics({
        task: "regression",
        yTrue: Float64Array.from(values, ([, t]) => t),
        yPred: Float64Array.from(values, ([v]) => v),
      }).metrics,
    );
  });

  it("reports outcomes per arm, and for the shadow version of the same request", () => {
    const { feedback, serve, online } = setup();
    serve({ requestId: "a", outputs: [{ probabilities: { no: 0.2, yes: 0.8 } }] });
    serve({
      requestId: "b",
      arm: "candidate",
      version: "1.1.0",
      outputs: [{ probabilities: { no: 0.9, yes: 0.1 } }],
    });
    serve({
      requestId: "a",
      arm: "shadow",
      version: "2.0.0",
      outputs: [{ probabilities: { no: 0.7, yes: 0.3 } }],
    });
    feedback.submit([
      { id: "a", label: "yes" },
      { id: "b", label: "yes" },
    ]);
    const accuracy = online().map((s) => [s.version, s.arm, s.online?.labelled, s.online?.metrics.accuracy]);
    expect(accuracy).toEqual([
      ["1.0.0", "stable", 1, 1],
      ["1.1.0", "candidate", 1, 0],
      ["2.0.0", "shadow", 1, 0],
    ]);
  });

  it("joins a shadow copy that came before its answer, and skips a shadow whose classes the label does not fit", () => {
    const { feedback, serve, online } = setup();
    serve({
      requestId: "a",
      arm: "shadow",
      version: "2.0.0",
      outputs: [{ probabilities: { no: 0.4, yes: 0.6 } }],
    });
    serve({ requestId: "a", outputs: [{ probabilities: { no: 0.2, yes: 0.8 } }] });
    serve({ requestId: "b", outputs: [{ probabilities: { no: 0.2, yes: 0.8 } }] });
    serve({
      requestId: "b",
      arm: "shadow",
      version: "2.0.0",
      outputs: [{ probabilities: { stay: 0.4, leave: 0.6 } }],
    });
    feedback.submit([
      { id: "a", label: "yes" },
      { id: "b", label: "no" },
    ]);
    const labelled = online().map((s) => [s.version, s.arm, s.online?.labelled]);
    expect(labelled).toEqual([
      ["1.0.0", "stable", 2],
      ["2.0.0", "shadow", 1],
    ]);
  });

  it("answers matched: false for an unknown id, and counts it, without an error", () => {
    const { feedback, serve } = setup();
    serve({ requestId: "known", outputs: [{ probabilities: { no: 0.2, yes: 0.8 } }] });
    const answer = feedback.submit([
      { id: "nobody-sent-this", label: "yes" },
      { id: "known", label: "no" },
      { id: "known", label: "no" },
    ]);
    expect(answer.results).toEqual([
      { id: "nobody-sent-this", matched: false },
      { id: "known", matched: true },
      { id: "known", matched: false },
    ]);
    expect(feedback.submit({ id: "known", label: "yes" }).results).toEqual([{ id: "known", matched: false }]);
    expect(feedback.counts()).toEqual({ received: 4, matched: 1, unmatched: 3 });
  });
});

describe("FeedbackStore bounded memory", () => {
  it("forgets the oldest predictions past its capacity", () => {
    const { feedback, serve } = setup({ capacity: 3 });
    for (let i = 0; i < 5; i++) serve({ requestId: `r${i}`, outputs: [{ value: i }] }, T0 + i);
    expect(feedback.size).toBe(3);
    const matched = feedback.submit(
      [0, 1, 2, 3, 4].map((i) => ({ id: `r${i}`, label: i })),
      T0 + 10,
    ).results;
    expect(matched.map((r) => r.matched)).toEqual([false, false, true, true, true]);
  });

  it("forgets predictions older than its time to live", () => {
    const { feedback, serve } = setup({ ttlSeconds: 60 });
    serve({ requestId: "old", outputs: [{ value: 1 }] }, T0);
    serve({ requestId: "new", outputs: [{ value: 1 }] }, T0 + 30_000);
    const answer = feedback.submit(
      [
        { id: "old", label: 1 },
        { id: "new", label: 1 },
      ],
      T0 + 60_000,
    );
    expect(answer.results.map((r) => r.matched)).toEqual([false, true]);
  });
});

describe("FeedbackStore bad input", () => {
  it("refuses a malformed item, naming it, and applies nothing of the batch", () => {
    const { feedback, serve } = setup();
    serve({ requestId: "a", outputs: [{ value: 1 }] });
    const bad: [unknown, string][] = [
      [
        [
          { id: "a", label: 1 },
          { id: "", label: 2 },
        ],
        "[1].id",
      ],
      [[{ id: "a", label: 1 }, { id: "b" }], "[1].label"],
      [{ id: "a", label: { nested: 1 } }, "label"],
      [{ id: "a", label: 1, extra: true }, ""],
      [[], ""],
      ["a", ""],
    ];
    for (const [body, path] of bad)
      expectRefused(() => feedback.submit(body), "bad_usage", path || undefined);
    expect(feedback.counts().received).toBe(0);
    expect(feedback.submit({ id: "a", label: 1 }).results).toEqual([{ id: "a", matched: true }]);
  });

  it("refuses a label that is not one of the classifier's classes, naming the classes", () => {
    const { feedback, serve } = setup();
    serve({ requestId: "a", outputs: [{ probabilities: { no: 0.2, yes: 0.8 } }] });
    serve({ requestId: "b", outputs: [{ probabilities: { no: 0.2, yes: 0.8 } }] });
    expectRefused(
      () =>
        feedback.submit([
          { id: "b", label: "yes" },
          { id: "a", label: "maybe" },
        ]),
      "bad_label",
      "[1].label",
      /not one of the model's classes \(no, yes\)/,
    );
    // Nothing applied: b still waits for its label.
    expect(feedback.submit({ id: "b", label: "yes" }).results[0].matched).toBe(true);
  });

  it("refuses a label count other than the request's row count, and a regressor's label that is no number", () => {
    const { feedback, serve } = setup();
    serve({ requestId: "two", outputs: [{ value: 1 }, { value: 2 }] });
    expectRefused(() => feedback.submit({ id: "two", label: 1 }), "bad_label", "label", /2 rows.*1 label/);
    expectRefused(
      () => feedback.submit({ id: "two", label: [1, "high"] }),
      "bad_label",
      "label[1]",
      /finite number/,
    );
  });
});
