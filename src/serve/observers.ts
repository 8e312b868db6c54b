/**
 * What watches a server's traffic (docs/design.md, "Model server"): the Prometheus metrics
 * (metrics.ts), the live statistics (live-stats.ts), the predictions waiting for their label
 * (feedback.ts) and, when asked for, the prediction log (prediction-log.ts), all told of each prediction through one `onPrediction` hook. Each is told apart,
 * inside its own try/catch: statistics never break a response, and one that fails does not keep
 * the others from counting.
 */
import { FeedbackStore } from "./feedback.js";
import type { ServedPrediction, ServeHooks } from "./hooks.js";
import { LiveStats } from "./live-stats.js";
import { ServeMetrics } from "./metrics.js";
import type { PredictionLog } from "./prediction-log.js";

export interface Observers {
  metrics: ServeMetrics;
  stats: LiveStats;
  feedback: FeedbackStore;
  /** Tells the metrics, the statistics, the feedback and then `extra`'s hook of each prediction. */
  hooks: ServeHooks;
}

export function createObservers(
  log: (message: string) => void,
  extra: ServeHooks = {},
  options: { metrics?: ServeMetrics; predictionLog?: PredictionLog } = {},
): Observers {
  const metrics = options.metrics ?? new ServeMetrics();
  const stats = new LiveStats();
  const feedback = new FeedbackStore(stats);
  const watchers: Watcher[] = [
    ["the metrics", (p) => metrics.observe(p)],
    ["the live statistics", (p) => stats.record(p)],
    ["the feedback store", (p) => feedback.remember(p)],
  ];
  return { metrics, stats, feedback, hooks: tellEach(log, watchers, extra, options.predictionLog) };
}

/**
 * The hooks of a server that watches nothing of its own (`--no-metrics`): the prediction log, when
 * asked for, and `extra`'s hook.
 */
export function unwatchedHooks(
  log: (message: string) => void,
  extra: ServeHooks = {},
  predictionLog?: PredictionLog,
): ServeHooks {
  // Without a log, the routes get no hook of ours and do not gather rows and outputs at all.
  return predictionLog ? tellEach(log, [], extra, predictionLog) : extra;
}

type Watcher = [name: string, watch: (p: ServedPrediction) => void];

function tellEach(
  log: (message: string) => void,
  watchers: Watcher[],
  extra: ServeHooks,
  predictionLog: PredictionLog | undefined,
): ServeHooks {
  if (predictionLog) watchers.push(["the prediction log", (p) => predictionLog.record(p)]);
  if (extra.onPrediction) watchers.push(["a prediction hook", extra.onPrediction.bind(extra)]);
  const onPrediction = (prediction: ServedPrediction) => {
    for (const [name, watch] of watchers) {
      try {
        watch(prediction);
      } catch (error) {
        log(`${name} failed on a prediction: ${(error as Error)?.stack ?? String(error)}`);
      }
    }
  };
  return { onPrediction };
}
