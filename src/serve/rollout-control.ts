/**
 * Changing a model's rollout in a running server (`PUT /admin/models/{name}/rollout`; docs/design.md,
 * "Model server"): the body is checked (src/serve/rollout.ts: every problem named by its field), then
 * the new rollout replaces the old one in one assignment, so a request already routed finishes on the
 * version it was given and the next one is routed by the new rollout. Changes are applied one at a
 * time in the order they came: of two concurrent changes both are answered and the last one wins.
 */
import type { ServeMetrics } from "./metrics.js";
import type { ModelStore, ServedModel } from "./model-store.js";
import { describeRollout, parseRollout, type Rollout } from "./rollout.js";
import { findModel } from "./routes/answer.js";

export interface RolloutControlOptions {
  metrics: ServeMetrics;
  log: (message: string) => void;
}

export class RolloutControl {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: ModelStore,
    private readonly options: RolloutControlOptions,
  ) {
    for (const model of store.models.values()) this.publish(model);
  }

  /** The rollout of `name`. @throws RequestError 404 when no such model is served. */
  rollout(name: string): Rollout {
    return findModel(this.store, name).rollout;
  }

  /**
   * Checks `body` and makes it `name`'s rollout once every change asked before is done.
   * @throws RequestError 404 (no such model); MlshipError naming every field that is wrong (400).
   */
  change(name: string, body: unknown): Promise<Rollout> {
    const model = findModel(this.store, name);
    const run = async () => {
      const rollout = parseRollout(body, { model: name, versions: model.versions.keys() });
      model.rollout = rollout;
      this.publish(model);
      this.options.log(`rollout of ${name}: ${describeRollout(rollout)}`);
      return rollout;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  /** The rollout's weights in the metrics (`mlship_rollout_weight`). */
  private publish(model: ServedModel): void {
    this.options.metrics.setRolloutWeights(model.name, rolloutWeights(model.rollout));
  }
}

/** The share of requests (0..100) each version of a rollout answers; a shadow's copies are not answers. */
export function rolloutWeights(rollout: Rollout): Record<string, number> {
  const { stable, candidate, strategy, weight } = rollout;
  if (candidate === undefined) return { [stable]: 100 };
  const share = strategy === "shadow" ? 0 : weight;
  return { [stable]: 100 - share, [candidate]: share };
}
