/**
 * Where a rollout's analysis reads its figures (docs/design.md, "Rollouts"): one model's arms
 * (stable, candidate, shadow) over a window of time. Two backends: the server's own statistics
 * (`server-stats-source.ts`, the default) and Prometheus (`prometheus-source.ts`).
 *
 * A figure a source cannot give (no traffic, no series, NaN) is `undefined`, and the analysis
 * holds a check on it `inconclusive`, never `pass`.
 */
import type { DataProfile } from "../data/profile/profile.js";

export const ARMS = ["stable", "candidate", "shadow"] as const;
export type ArmName = (typeof ARMS)[number];

export interface FiguresQuery {
  model: string;
  /** The window, in seconds, ending now. */
  windowSeconds: number;
  /** The version each arm serves; only the arms named are read. */
  arms: Partial<Record<ArmName, string>>;
}

/** Counts of one output class's predicted probability per histogram bucket (not cumulative). */
export interface ScoreHistogram {
  class: string;
  /** Upper bound of each bucket, ascending; the last is +Infinity. */
  upperBounds: number[];
  counts: number[];
}

/** Metrics of the rows whose true label came back (feedback), as src/metrics names them. */
export interface OnlineFigures {
  task: "binary" | "multiclass" | "regression";
  /** Labelled rows in the window. */
  labelled: number;
  /** Labelled rows the metrics were computed on, when a sample of them (the server's stats). */
  scored?: number;
  /** Metric name → value; undefined where the metric is undefined on these rows. */
  metrics: Record<string, number | undefined>;
}

/** A shadow arm's outputs against the answers to the same requests. */
export interface ShadowFigures {
  compared: number;
  /** Share of rows whose predicted class differs (undefined for regressors). */
  disagreement: number | undefined;
  meanAbsScoreDiff: number | undefined;
}

export interface ArmFigures {
  arm: ArmName;
  version: string;
  /** Requests answered in the window. */
  requests: number | undefined;
  /**
   * Requests answered with an error: 4xx caused by the input and 5xx. Both count for a rollout
   * (`errorRate`): a candidate that refuses what stable answers (a changed signature) is as broken as one
   * that fails, and rules against `stable` cancel the errors clients cause on both arms alike.
   */
  errors: { client: number; server: number } | undefined;
  /** (client + server errors) / requests; undefined without requests. */
  errorRate: number | undefined;
  latencyP50Ms: number | undefined;
  latencyP99Ms: number | undefined;
  /** The `mlship profile` of the rows served (the server's stats only). */
  inputProfile: DataProfile | undefined;
  /** The `mlship profile` of the outputs: `label`, `probability_<class>` or `value` (the server's stats only). */
  outputProfile: DataProfile | undefined;
  /** The predicted probability per class in fixed buckets (Prometheus, classifiers only). */
  scoreHistograms: ScoreHistogram[] | undefined;
  online: OnlineFigures | undefined;
  shadow: ShadowFigures | undefined;
}

export interface Figures {
  model: string;
  windowSeconds: number;
  /** Where the figures were read (`server http://…`, `prometheus http://…`), for reports. */
  source: string;
  /** Every arm of the query, in its order; an arm without traffic has `requests` 0 or undefined. */
  arms: Partial<Record<ArmName, ArmFigures>>;
}

export interface MetricsSource {
  /** `server http://127.0.0.1:8080`, `prometheus http://prometheus:9090`. */
  readonly description: string;
  /**
   * The figures of each arm of the query.
   * @throws MlshipError when the source cannot be read (unreachable, refused, unknown model, bad query).
   */
  figures(query: FiguresQuery): Promise<Figures>;
}

/** An arm with no figure known: what a source reports for an arm it found nothing about. */
export function emptyArm(arm: ArmName, version: string, requests: number | undefined): ArmFigures {
  return {
    arm,
    version,
    requests,
    errors: undefined,
    errorRate: undefined,
    latencyP50Ms: undefined,
    latencyP99Ms: undefined,
    inputProfile: undefined,
    outputProfile: undefined,
    scoreHistograms: undefined,
    online: undefined,
    shadow: undefined,
  };
}

/** The arms of a query, in the order stable, candidate, shadow. */
export function queriedArms(query: FiguresQuery): { arm: ArmName; version: string }[] {
  return ARMS.flatMap((arm) => {
    const version = query.arms[arm];
    return version === undefined ? [] : [{ arm, version }];
  });
}
