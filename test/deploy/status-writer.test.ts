/**
 * The deployment's statuses as a rollout writes them: a step's status never holds the rollout up while the
 * registry is slow (GitHub's client waits a second between writes), every status lands in the order asked,
 * and an end state is written only after the statuses before it.
 */
import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/deploy/clock.js";
import { StatusWriter } from "../../src/deploy/status-writer.js";
import type { DeploymentState, Registry } from "../../src/registry/registry.js";

/** A registry whose status writes wait until `release()`; `written` lists them in the order they landed. */
function slowRegistry() {
  const written: string[] = [];
  const waiting: (() => void)[] = [];
  const registry = {
    setDeploymentStatus: (_id: string, state: DeploymentState, update?: { description?: string }) =>
      new Promise<void>((resolve) => {
        waiting.push(() => {
          written.push(`${state}: ${update?.description}`);
          resolve();
        });
      }),
  } as unknown as Registry;
  const release = async () => {
    while (waiting.length > 0) {
      waiting.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  return { registry, written, release, waiting };
}

describe("StatusWriter", () => {
  it("returns at once from a step's status while the registry is slow, and writes every status in order", async () => {
    const slow = slowRegistry();
    const writer = new StatusWriter(slow.registry, "7", {}, new ManualClock(0), () => {});
    await writer.write("in_progress", "canary 10%: analysing");
    await writer.write("in_progress", "canary 10%: 3/3 checks passed");
    let ended = false;
    const end = writer.write("success", "stable").then(() => {
      ended = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(slow.written).toEqual([]);
    expect(ended).toBe(false);
    await slow.release();
    await end;
    expect(slow.written).toEqual([
      "in_progress: canary 10%: analysing",
      "in_progress: canary 10%: 3/3 checks passed",
      "success: stable",
    ]);
    expect(await writer.flush()).toBe(true);
    expect(writer.unwritten).toBeUndefined();
  });
});
