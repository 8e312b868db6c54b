import { describe, expect, it } from "vitest";
import { Random } from "../lib/random.js";
import { LabelledRows, type Outcome, onlineMetrics } from "./online-metrics.js";

const right: Outcome = {
  task: "classification",
  classes: ["no", "yes"],
  truth: 1,
  probabilities: [0.1, 0.9],
};
const wrong: Outcome = {
  task: "classification",
  classes: ["no", "yes"],
  truth: 0,
  probabilities: [0.1, 0.9],
};

describe("LabelledRows", () => {
  it("keeps every row up to its capacity, then a sample of that size, and says how many rows it stands for", () => {
    const rows = new LabelledRows(50, new Random(1));
    for (let i = 0; i < 400; i++) rows.add(right);
    const metrics = onlineMetrics([rows])!;
    expect(metrics).toMatchObject({ task: "binary", labelled: 400, scored: 50 });
    expect(metrics.metrics.accuracy).toBe(1);
  });

  it("merges over capacity in proportion to the rows each side stood for", () => {
    const random = new Random(2);
    const many = new LabelledRows(100, random);
    for (let i = 0; i < 900; i++) many.add(right);
    const few = new LabelledRows(100, random);
    for (let i = 0; i < 100; i++) few.add(wrong);
    many.merge(few);
    expect(many.seen).toBe(1000);
    expect(many.rows).toHaveLength(100);
    // 90% of the sample from the side that stood for 900 of the 1000 rows.
    expect(many.rows.filter((r) => r === right)).toHaveLength(90);
  });

  it("reports undefined metrics as null and a model's bad probabilities as an error, not a crash", () => {
    const one = new LabelledRows(10, new Random(3));
    one.add(right);
    expect(onlineMetrics([one])!.metrics.roc_auc).toBeNull();
    const bad = new LabelledRows(10, new Random(3));
    bad.add({ task: "classification", classes: ["a", "b", "c"], truth: 0, probabilities: [0.5, 0.5, 0.5] });
    const result = onlineMetrics([bad])!;
    expect(result.metrics).toEqual({});
    expect(result.error).toMatch(/sums to 1.5/);
  });

  it("gives nothing without labelled rows", () => {
    expect(onlineMetrics([new LabelledRows(10, new Random(4))])).toBeUndefined();
  });
});
