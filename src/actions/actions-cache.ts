/**
 * The GitHub Actions cache as the train action uses it: restore the newest
 * entry under a key prefix, save one under an exact key. Behind a small
 * interface so the action's logic is tested with a fake; this file is the
 * only one that talks to @actions/cache (which speaks to the runner's cache
 * service at ACTIONS_RESULTS_URL).
 */
import * as cache from "@actions/cache";
import { asOwnCommands } from "./workflow-commands.js";

export interface RemoteCache {
  /** False outside Actions (no cache service): restore and save are then skipped. */
  readonly available: boolean;
  /**
   * Restores the newest entry whose key starts with `prefix` into `path`
   * (relative to the workspace); returns the key it restored, or undefined.
   */
  restore(path: string, prefix: string): Promise<string | undefined>;
  /** Saves `path` under `key`; false when the service declined (the key exists, or a save is running). */
  save(path: string, key: string): Promise<boolean>;
}

/**
 * The runner's cache service through @actions/cache (which logs its own
 * warnings and never throws for a miss). Its debug lines and warnings are
 * commands of its own, about keys and paths this action chose, so they pass
 * the guard on the log (workflow-commands.ts).
 */
export function actionsCache(): RemoteCache {
  return {
    available: cache.isFeatureAvailable(),
    // No entry is ever saved under the bare prefix, so the lookup falls through to the newest prefix match.
    restore: (path, prefix) => asOwnCommands(() => cache.restoreCache([path], prefix, [prefix])),
    save: (path, key) => asOwnCommands(async () => (await cache.saveCache([path], key)) !== -1),
  };
}
