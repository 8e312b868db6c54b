/**
 * Online metrics: the task's metrics (docs/design.md, "Metrics") computed by src/metrics
 * on the served predictions whose true label came back as feedback. Labelled rows are
 * kept per time bucket of the live statistics, at most {@link LABELLED_ROWS_PER_SECOND}
 * per second of the bucket's width; past that a bucket keeps a uniform random sample
 * (reservoir), merged buckets a sample stratified by how many rows each stood for, and
 * the result says how many rows were labelled and how many the metrics used.
 */
import { isMlshipError } from "../lib/errors.js";
import type { Random } from "../lib/random.js";
import { computeMetrics, type MetricsInput } from "../metrics/metrics.js";

export const LABELLED_ROWS_PER_SECOND = 50;

/** One served row with its true label, as the feedback store joins them. */
export type Outcome =
  | {
      task: "classification";
      /** The model's class labels, in its order. */
      classes: readonly string[];
      /** Index of the true label in `classes`. */
      truth: number;
      /** Predicted probability of each class, in `classes` order. */
      probabilities: readonly number[];
    }
  | { task: "regression"; truth: number; value: number };

export interface OnlineMetrics {
  task: "binary" | "multiclass" | "regression";
  /** Labelled rows in the window. */
  labelled: number;
  /** Labelled rows the metrics were computed on (all of them unless sampled). */
  scored: number;
  /** Metric name → value; null where the metric is undefined on these rows (one class: no ROC AUC). */
  metrics: Record<string, number | null>;
  /** Why there are no metrics although rows are labelled (the model's probabilities are not ones). */
  error?: string;
}

export class LabelledRows {
  /** Labelled rows this sample stands for. */
  seen = 0;
  rows: Outcome[] = [];

  constructor(
    readonly capacity: number,
    private readonly random: Random,
  ) {}

  add(outcome: Outcome): void {
    this.seen++;
    if (this.rows.length < this.capacity) {
      this.rows.push(outcome);
      return;
    }
    const j = Math.floor(this.random.uniform() * this.seen);
    if (j < this.capacity) this.rows[j] = outcome;
  }

  /** Adds `other`'s rows; over capacity, each side keeps a share of the sample in proportion to the rows it stood for. */
  merge(other: LabelledRows): void {
    const seen = this.seen + other.seen;
    if (this.rows.length + other.rows.length <= this.capacity) {
      this.rows = this.rows.concat(other.rows);
    } else {
      const mine = Math.round((this.capacity * this.seen) / seen);
      this.rows = sample(this.rows, mine, this.random).concat(
        sample(other.rows, this.capacity - mine, this.random),
      );
    }
    this.seen = seen;
  }
}

function sample<T>(items: readonly T[], n: number, random: Random): T[] {
  if (n >= items.length) return [...items];
  return random.shuffle([...items]).slice(0, Math.max(0, n));
}

/**
 * The metrics of the rows of one series over a window, or undefined when none is
 * labelled. Rows of another task or class list than the first (a model changed under
 * the same version) are left out.
 */
export function onlineMetrics(parts: readonly LabelledRows[]): OnlineMetrics | undefined {
  const labelled = parts.reduce((sum, p) => sum + p.seen, 0);
  const rows = parts.flatMap((p) => p.rows);
  if (rows.length === 0) return undefined;
  const input = metricsInput(rows);
  const result: OnlineMetrics = { task: input.input.task, labelled, scored: input.rows, metrics: {} };
  try {
    const { metrics } = computeMetrics(input.input);
    for (const [name, v] of Object.entries(metrics)) result.metrics[name] = Number.isFinite(v) ? v : null;
  } catch (error) {
    if (!isMlshipError(error)) throw error;
    result.error = error.message;
  }
  return result;
}

function metricsInput(rows: readonly Outcome[]): { input: MetricsInput; rows: number } {
  const first = rows[0];
  if (first.task === "regression") {
    const same = rows.filter((r): r is Extract<Outcome, { task: "regression" }> => r.task === "regression");
    return {
      input: {
        task: "regression",
        yTrue: Float64Array.from(same, (r) => r.truth),
        yPred: Float64Array.from(same, (r) => r.value),
      },
      rows: same.length,
    };
  }
  const key = first.classes.join("\u0000");
  const same = rows.filter(
    (r): r is Extract<Outcome, { task: "classification" }> =>
      r.task === "classification" && r.classes.join("\u0000") === key,
  );
  const yTrue = Int32Array.from(same, (r) => r.truth);
  if (first.classes.length === 2) {
    return {
      input: { task: "binary", yTrue, scores: Float64Array.from(same, (r) => r.probabilities[1]) },
      rows: same.length,
    };
  }
  return {
    input: {
      task: "multiclass",
      yTrue,
      probabilities: same.map((r) => r.probabilities),
      classes: first.classes.length,
    },
    rows: same.length,
  };
}
