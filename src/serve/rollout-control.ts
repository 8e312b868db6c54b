/**
 * Changing a model's rollout in a running server (`PUT /admin/models/{name}/rollout`; docs/design.md,
 * "Model server"): the body is checked (src/serve/rollout.ts: every problem named by its field); a
 * version it names that the server does not serve yet is loaded first (a registry-served model's
 * `<name>@<version>`; a model from a local file has its one version only), and the switch happens
 * once it is ready: the new rollout is written to the state (`--state`) and then replaces the old
 * one in one assignment, so a request already routed finishes on the version it was given and the
 * next one is routed by the new rollout. Versions stay loaded once loaded (switching back is
 * instant). Changes are applied one at a time in the order they came: of two concurrent changes
 * both are answered and the last one wins.
 */
import { MlshipError } from "../lib/errors.js";
import type { ServeMetrics } from "./metrics.js";
import type { ModelStore, ServedModel, ServedVersion } from "./model-store.js";
import { describeRollout, parseRollout, type Rollout, rolloutVersions } from "./rollout.js";
import { findModel } from "./routes/answer.js";
import type { StateStore } from "./state-store.js";

export interface RolloutControlOptions {
  /** Where the rollout weights are published; none with `--no-metrics`. */
  metrics?: ServeMetrics;
  state: StateStore;
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
   * Checks `body`, loads the versions it names that are not served yet, records it in the state and
   * makes it `name`'s rollout, once every change asked before is done.
   * @throws RequestError 404 (no such model); MlshipError naming every field that is wrong (400).
   */
  change(name: string, body: unknown): Promise<Rollout> {
    const model = findModel(this.store, name);
    const run = async () => {
      const rollout = parseRollout(body, { model: name, versions: await this.knownVersions(model, body) });
      await this.ready(model, rollout);
      await this.persist(model, rollout);
      model.rollout = rollout;
      this.publish(model);
      this.options.log(`rollout of ${name}: ${describeRollout(rollout)}`);
      return rollout;
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }

  /** Writes every served model's rollout and versions to the state (at start-up). */
  async persistAll(): Promise<void> {
    for (const model of this.store.models.values()) await this.persist(model, model.rollout);
  }

  private persist(model: ServedModel, rollout: Rollout) {
    return this.options.state.setModel(model.name, { rollout, versions: [...model.versions.keys()] });
  }

  /** The versions served, and those of `body`'s stable and candidate that the registry has. */
  private async knownVersions(model: ServedModel, body: unknown): Promise<string[]> {
    const known = [...model.versions.keys()];
    const named = body !== null && typeof body === "object" ? (body as Record<string, unknown>) : {};
    for (const field of ["stable", "candidate"]) {
      const version = Object.hasOwn(named, field) ? named[field] : undefined;
      if (typeof version !== "string" || version === "" || known.includes(version)) continue;
      if (known.includes(version.replace(/^v(?=\d)/, ""))) continue;
      const found = await this.store.registryVersion(model.name, version);
      if (found !== undefined && !known.includes(found)) known.push(found);
    }
    return known;
  }

  /**
   * Every version of `rollout` ready to answer: loaded now when it was not served yet.
   * @throws MlshipError naming the field whose version cannot serve (it failed to load, or is still loading).
   */
  private async ready(model: ServedModel, rollout: Rollout): Promise<void> {
    const added: ServedVersion[] = [];
    for (const version of rolloutVersions(rollout)) {
      if (!model.versions.has(version)) added.push(await this.store.addRegistryVersion(model.name, version));
    }
    await Promise.all(added.map((served) => this.store.loadVersion(served)));
    const problems: string[] = [];
    for (const [field, version] of [
      ["stable", rollout.stable],
      ["candidate", rollout.candidate],
    ] as const) {
      const served = version === undefined ? undefined : model.versions.get(version);
      if (!served || served.status.state === "ready") continue;
      const why =
        served.status.state === "failed" ? `failed to load: ${served.status.reason}` : "is still loading";
      problems.push(`${field}: ${model.name}@${version} ${why}`);
    }
    if (problems.length === 0) return;
    // A version loaded for this change alone that cannot serve is not kept.
    for (const served of added) if (served.status.state !== "ready") await this.store.dropVersion(served);
    throw new MlshipError("model_load_failed", `${problems.join("; ")}; the rollout is unchanged`);
  }

  /** The rollout's weights in the metrics (`mlship_rollout_weight`). */
  private publish(model: ServedModel): void {
    this.options.metrics?.setRolloutWeights(model.name, rolloutWeights(model.rollout));
  }
}

/** The share of requests (0..100) each version of a rollout answers; a shadow's copies are not answers. */
export function rolloutWeights(rollout: Rollout): Record<string, number> {
  const { stable, candidate, strategy, weight } = rollout;
  if (candidate === undefined) return { [stable]: 100 };
  const share = strategy === "shadow" ? 0 : weight;
  return { [stable]: 100 - share, [candidate]: share };
}

/**
 * Puts back what the state (`--state`) says a served model served: its versions (added from the
 * registry, loaded with the others) and its rollout. Models the state has that this server does not
 * serve are left in it as they are, and the log says so.
 * @throws MlshipError `bad_state` naming the file and the model's versions when one cannot be served here.
 */
export async function restoreState(
  store: ModelStore,
  state: StateStore,
  log: (message: string) => void,
): Promise<void> {
  for (const [name, saved] of Object.entries(state.state.models)) {
    const model = store.models.get(name);
    if (!model) {
      log(
        `the state ${state.file} has model ${name}, which --model does not serve; its entry is kept as it is`,
      );
      continue;
    }
    for (const version of saved.versions) {
      if (model.versions.has(version)) continue;
      try {
        await store.addRegistryVersion(name, version);
      } catch (error) {
        if (!(error instanceof MlshipError)) throw error;
        throw new MlshipError(
          "bad_state",
          `models.${name}.versions: ${error.message}, so the state cannot be restored`,
          {
            file: state.file,
            path: `models.${name}.versions`,
          },
        );
      }
    }
    model.rollout = saved.rollout;
    log(`restored ${name} from ${state.file}: ${describeRollout(saved.rollout)}`);
  }
}
