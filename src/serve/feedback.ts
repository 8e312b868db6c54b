/**
 * Feedback: `POST /v1/feedback` with `{ "id": "<x-request-id>", "label": … }` or a list of
 * them joins each true label to the prediction served under that request id and adds the
 * pair to the online metrics of every version that predicted it — the answer's and, in a
 * shadow rollout, the shadow's (docs/design.md, "Model server").
 *
 * - Predictions wait for their label at most {@link FEEDBACK_TTL_SECONDS} (1 hour) and
 *   among at most {@link FEEDBACK_CAPACITY} others; the oldest go first. A label counts
 *   once: the prediction is forgotten once joined.
 * - A request of one row takes one label (or a list of one); a request of n rows a list
 *   of n labels, in row order. A classifier's label must be one of its classes (compared
 *   as text: 1, "1" and true/"true" match the class "1"/"true"); a regressor's a number.
 * - An id that is unknown, expired or already joined is `{ matched: false }`, counted, not
 *   an error. A malformed item is an MlshipError naming it (`[2].label`); nothing of a
 *   batch is applied unless every item is well formed.
 * - Only predictions with class probabilities or a value are kept (the metrics need them).
 */
import { z } from "zod";
import { MlshipError } from "../lib/errors.js";
import { ExpiringMap } from "./expiring-map.js";
import type { ServedPrediction } from "./hooks.js";
import type { Arm, LiveStats } from "./live-stats.js";
import type { Outcome } from "./online-metrics.js";

export const FEEDBACK_CAPACITY = 50_000;
export const FEEDBACK_TTL_SECONDS = 3600;

type Output = NonNullable<ServedPrediction["outputs"]>[number];
type LabelValue = string | number | boolean;

interface Remembered {
  model: string;
  predictions: { version: string; arm: Arm; outputs: readonly Output[] }[];
}

const labelValue = z.union([z.string(), z.number(), z.boolean()]);
const FeedbackItemSchema = z.strictObject({
  id: z.string().min(1, "id must be a non-empty request id (the x-request-id of the prediction)"),
  label: z.union([labelValue, z.array(labelValue).min(1)]),
});
const FeedbackListSchema = z.array(FeedbackItemSchema).min(1, "a feedback list needs at least one item");
export type FeedbackItem = z.infer<typeof FeedbackItemSchema>;

export interface FeedbackResult {
  id: string;
  matched: boolean;
}

export interface FeedbackCounts {
  received: number;
  matched: number;
  unmatched: number;
}

/** Where joined labels go: the live statistics. */
export type OutcomeSink = Pick<LiveStats, "recordOutcome">;

export class FeedbackStore {
  private readonly waiting: ExpiringMap<string, Remembered>;
  private readonly totals: FeedbackCounts = { received: 0, matched: 0, unmatched: 0 };
  private readonly clock: () => number;

  constructor(
    private readonly sink: OutcomeSink,
    options: { capacity?: number; ttlSeconds?: number; clock?: () => number } = {},
  ) {
    this.waiting = new ExpiringMap(
      options.capacity ?? FEEDBACK_CAPACITY,
      (options.ttlSeconds ?? FEEDBACK_TTL_SECONDS) * 1000,
    );
    this.clock = options.clock ?? Date.now;
  }

  /** Keeps a successful prediction for its label (a shadow's joins the answer's entry). */
  remember(prediction: ServedPrediction, now = this.clock()): void {
    const outputs = prediction.outputs;
    if (!outputs || outputs.length === 0 || prediction.status < 200 || prediction.status >= 300) return;
    if (!outputs.every((o) => o.probabilities !== undefined || o.value !== undefined)) return;
    const entry = { version: prediction.version, arm: prediction.arm, outputs };
    const existing = this.waiting.get(prediction.requestId, now);
    // The answer and its shadow copy join one entry, whichever comes first; another answer
    // under the same id (a client reusing ids) replaces it.
    const shadow = prediction.arm === "shadow";
    if (
      existing?.model === prediction.model &&
      !existing.predictions.some((p) => (p.arm === "shadow") === shadow)
    ) {
      existing.predictions.push(entry);
      return;
    }
    this.waiting.set(prediction.requestId, { model: prediction.model, predictions: [entry] }, now);
  }

  /**
   * Joins a feedback body (one item or a list) to the predictions waiting for it.
   * @throws MlshipError naming the item and field when the body is malformed or a label does not fit its prediction.
   */
  submit(body: unknown, now = this.clock()): { results: FeedbackResult[]; counts: FeedbackCounts } {
    const list = Array.isArray(body);
    const parsed = list ? FeedbackListSchema.safeParse(body) : FeedbackItemSchema.safeParse(body);
    if (!parsed.success) throw badBody(parsed.error);
    const items: FeedbackItem[] = Array.isArray(parsed.data) ? parsed.data : [parsed.data];
    // Everything is checked before anything is applied.
    const taken = new Set<string>();
    const joins = items.map((item, i) => {
      const entry = taken.has(item.id) ? undefined : this.waiting.get(item.id, now);
      if (!entry) return undefined;
      taken.add(item.id);
      const where = list ? `[${i}].label` : "label";
      return {
        item,
        entry,
        outcomes: outcomesOfEntry(entry, item.label, where),
      };
    });
    const results = joins.map((join, i) => {
      if (!join) return { id: items[i].id, matched: false };
      this.waiting.delete(join.item.id);
      join.entry.predictions.forEach((p, j) => {
        for (const outcome of join.outcomes[j])
          this.sink.recordOutcome(join.entry.model, p.version, p.arm, outcome, now);
      });
      return { id: join.item.id, matched: true };
    });
    const matched = results.filter((r) => r.matched).length;
    this.totals.received += results.length;
    this.totals.matched += matched;
    this.totals.unmatched += results.length - matched;
    return { results, counts: { received: results.length, matched, unmatched: results.length - matched } };
  }

  /** Feedback items received since start, matched and not. */
  counts(): FeedbackCounts {
    return { ...this.totals };
  }

  /** Predictions waiting for a label. */
  get size(): number {
    return this.waiting.size;
  }
}

const SHAPE = '{"id": "<x-request-id>", "label": …}';

function badBody(error: z.ZodError): MlshipError {
  const issue = error.issues[0];
  const path = issue.path
    .map((p) => (typeof p === "number" ? `[${p}]` : `.${String(p)}`))
    .join("")
    .replace(/^\./, "");
  const last = issue.path.at(-1);
  let message = issue.message;
  if (issue.path.length === 0 && issue.code === "invalid_type")
    message = `feedback must be ${SHAPE} or a list of them`;
  else if (last === "label")
    message = "label must be a string, a number, a boolean, or a list of them (one per row)";
  else if (last === "id" && issue.code === "invalid_type")
    message = "id must be the request id (x-request-id) of the prediction";
  else if (issue.code === "unrecognized_keys")
    message = `unexpected ${issue.keys.map((k) => `"${k}"`).join(", ")}: feedback is ${SHAPE}`;
  else if (issue.code === "invalid_type") message = `each feedback item must be ${SHAPE}`;
  return new MlshipError("bad_usage", path ? `${path}: ${message}` : message, path ? { path } : {});
}

/**
 * The outcomes of every prediction of an entry. The label must fit the answer the client
 * got (else an MlshipError); a shadow whose classes differ from the answer's is left out.
 */
function outcomesOfEntry(entry: Remembered, label: LabelValue | LabelValue[], where: string): Outcome[][] {
  const answered = entry.predictions.some((p) => p.arm !== "shadow");
  return entry.predictions.map((p) => {
    if (p.arm !== "shadow" || !answered) return outcomesOf(p.outputs, label, where);
    try {
      return outcomesOf(p.outputs, label, where);
    } catch (error) {
      if (error instanceof MlshipError) return [];
      throw error;
    }
  });
}

/** The outcomes of one prediction's rows with the labels given. */
function outcomesOf(outputs: readonly Output[], label: LabelValue | LabelValue[], where: string): Outcome[] {
  const labels = Array.isArray(label) ? label : [label];
  if (labels.length !== outputs.length) {
    throw new MlshipError(
      "bad_label",
      `${where}: the prediction has ${outputs.length} row${outputs.length === 1 ? "" : "s"}, the feedback ${labels.length} label${labels.length === 1 ? "" : "s"}; give one label per row, in row order`,
      { path: where },
    );
  }
  return outputs.map((output, row) =>
    outcomeOf(output, labels[row], labels.length > 1 ? `${where}[${row}]` : where),
  );
}

function outcomeOf(output: Output, label: LabelValue, where: string): Outcome {
  if (output.probabilities) {
    const classes = Object.keys(output.probabilities);
    const truth = classes.indexOf(String(label));
    if (truth < 0) {
      throw new MlshipError(
        "bad_label",
        `${where}: ${JSON.stringify(label)} is not one of the model's classes (${classes.join(", ")})`,
        { path: where },
      );
    }
    return {
      task: "classification",
      classes,
      truth,
      probabilities: classes.map((c) => output.probabilities![c]),
    };
  }
  const truth =
    typeof label === "number"
      ? label
      : typeof label === "string" && label.trim() !== ""
        ? Number(label)
        : Number.NaN;
  if (!Number.isFinite(truth)) {
    throw new MlshipError(
      "bad_label",
      `${where}: a regressor's label must be a finite number, got ${JSON.stringify(label)}`,
      {
        path: where,
      },
    );
  }
  return { task: "regression", truth, value: output.value! };
}
