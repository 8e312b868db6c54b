/**
 * Shadow comparison: the candidate of a shadow rollout answers a copy of each request
 * off the request path; its outputs are compared with the answer the client got for the
 * same request id (docs/design.md, "Model server"):
 * - disagreement: share of rows whose predicted class differs (classifiers: the output's
 *   label, else the most probable class);
 * - mean absolute score difference: per row, the mean over the classes of
 *   |p_shadow − p_answer| (a missing class counts as 0; for two classes it is the
 *   difference of the positive class's probability), or |value_shadow − value_answer| for
 *   a regressor; averaged over rows.
 * The two halves of a pair may come in either order: the first waits at most
 * {@link PAIRING_TTL_MS} and among at most {@link PAIRING_CAPACITY} others (oldest dropped).
 */
import { ExpiringMap } from "./expiring-map.js";
import type { ServedPrediction } from "./hooks.js";

export const PAIRING_TTL_MS = 60_000;
export const PAIRING_CAPACITY = 4096;

type Output = NonNullable<ServedPrediction["outputs"]>[number];

export interface ShadowFiguresJSON {
  /** Versions whose answers the shadow was compared with. */
  against: string[];
  /** Requests compared. */
  compared: number;
  /** Requests whose answer and shadow had different row counts (not compared). */
  mismatched: number;
  rows: number;
  /** Share of rows whose predicted class differs; null for a regressor or no rows. */
  disagreement: number | null;
  /** Mean absolute difference of the scores; null without rows. */
  meanAbsScoreDiff: number | null;
}

export class ShadowFigures {
  compared = 0;
  mismatched = 0;
  rows = 0;
  classifiedRows = 0;
  disagreements = 0;
  absDiffSum = 0;
  readonly against = new Set<string>();

  add(answerVersion: string, answer: readonly Output[], shadow: readonly Output[]): void {
    this.against.add(answerVersion);
    if (answer.length !== shadow.length) {
      this.mismatched++;
      return;
    }
    this.compared++;
    answer.forEach((a, i) => {
      const s = shadow[i];
      this.rows++;
      const classA = predictedClass(a);
      const classS = predictedClass(s);
      if (classA !== undefined && classS !== undefined) {
        this.classifiedRows++;
        if (classA !== classS) this.disagreements++;
      }
      this.absDiffSum += scoreDifference(a, s);
    });
  }

  merge(other: ShadowFigures): void {
    this.compared += other.compared;
    this.mismatched += other.mismatched;
    this.rows += other.rows;
    this.classifiedRows += other.classifiedRows;
    this.disagreements += other.disagreements;
    this.absDiffSum += other.absDiffSum;
    for (const v of other.against) this.against.add(v);
  }

  toJSON(): ShadowFiguresJSON {
    return {
      against: [...this.against].sort(),
      compared: this.compared,
      mismatched: this.mismatched,
      rows: this.rows,
      disagreement: this.classifiedRows > 0 ? this.disagreements / this.classifiedRows : null,
      meanAbsScoreDiff: this.rows > 0 ? this.absDiffSum / this.rows : null,
    };
  }
}

function predictedClass(output: Output): string | undefined {
  if (output.label !== undefined) return String(output.label);
  const probabilities = output.probabilities;
  if (!probabilities) return undefined;
  let best: string | undefined;
  for (const [label, p] of Object.entries(probabilities))
    if (best === undefined || p > probabilities[best]) best = label;
  return best;
}

function scoreDifference(a: Output, s: Output): number {
  if (a.probabilities && s.probabilities) {
    const classes = new Set([...Object.keys(a.probabilities), ...Object.keys(s.probabilities)]);
    let sum = 0;
    for (const c of classes) sum += Math.abs((s.probabilities[c] ?? 0) - (a.probabilities[c] ?? 0));
    return sum / classes.size;
  }
  if (a.value !== undefined && s.value !== undefined) return Math.abs(s.value - a.value);
  return 0;
}

interface Half {
  version: string;
  outputs: readonly Output[];
}

export interface ShadowPair {
  model: string;
  shadowVersion: string;
  answer: Half;
  shadow: Half;
}

/** Matches a shadow's outputs with the answer for the same model and request id. */
export class ShadowPairing {
  private readonly pending = new ExpiringMap<string, { answer?: Half; shadow?: Half }>(
    PAIRING_CAPACITY,
    PAIRING_TTL_MS,
  );

  /** Offers a successful prediction; returns the pair once both halves are in. */
  offer(prediction: ServedPrediction, now: number): ShadowPair | undefined {
    if (!prediction.outputs || prediction.status < 200 || prediction.status >= 300) return undefined;
    const key = `${prediction.model}\u0000${prediction.requestId}`;
    const half = { version: prediction.version, outputs: prediction.outputs };
    const waiting = this.pending.get(key, now);
    const entry = waiting ?? {};
    if (prediction.arm === "shadow") entry.shadow = half;
    else entry.answer = half;
    if (entry.answer && entry.shadow) {
      this.pending.delete(key);
      return {
        model: prediction.model,
        shadowVersion: entry.shadow.version,
        answer: entry.answer,
        shadow: entry.shadow,
      };
    }
    // The first half waits; the second fills the entry in place (keeping the first's age).
    if (!waiting) this.pending.set(key, entry, now);
    return undefined;
  }

  get size(): number {
    return this.pending.size;
  }
}
