/**
 * The deployment's statuses as a rollout writes them (docs/design.md, "Rollouts"): a write that fails
 * (GitHub 5xx past the client's retries, a network error) never stops the rollout. The latest state is
 * kept and written with the next status, and {@link StatusWriter.flush} tries it again, with growing waits,
 * before the rollout returns. Statuses are written one at a time in the order asked. A step's status
 * (`in_progress`) never holds the rollout up — on GitHub the client waits a second between writes, as GitHub
 * asks of clients — while an end state (`success`, `failure`, `error`, `inactive`) is waited for, with every
 * status before it.
 */
import type { DeploymentState, Registry } from "../registry/registry.js";
import type { Clock } from "./clock.js";

export interface StatusLinks {
  logUrl?: string;
  environmentUrl?: string;
}

export class StatusWriter {
  private pending: { state: DeploymentState; description: string } | undefined;
  /** The writes asked for, one after the other. */
  private queue: Promise<void> = Promise.resolve();
  /** Statuses that could not be written at their time (their text), for the report. */
  readonly failures: string[] = [];

  constructor(
    private readonly registry: Registry,
    readonly deploymentId: string,
    private readonly links: StatusLinks,
    private readonly clock: Clock,
    private readonly log: (message: string) => void,
  ) {}

  /**
   * Writes `state` after the statuses asked for before it; resolves at once for `in_progress`, else once
   * it is written or has failed. A failure is logged and the state kept for the next write or {@link flush}.
   */
  write(state: DeploymentState, description: string): Promise<void> {
    const entry = { state, description };
    this.pending = entry;
    this.queue = this.queue.then(() => this.tryWrite(entry));
    return state === "in_progress" ? Promise.resolve() : this.queue;
  }

  /** The last state asked for is written (tried `attempts` times, 2, 4, 8… s apart); false when it never was. */
  async flush(attempts = 5): Promise<boolean> {
    await this.queue;
    for (let attempt = 1; this.pending && attempt <= attempts; attempt++) {
      await this.clock.sleep(1000 * 2 ** attempt);
      await this.tryWrite(this.pending);
    }
    return this.pending === undefined;
  }

  /** The state not written yet, if any. */
  get unwritten(): string | undefined {
    return this.pending && `${this.pending.state}: ${this.pending.description}`;
  }

  /** Writes `entry`; once written, nothing is pending unless a later status was asked for meanwhile. */
  private async tryWrite(entry: { state: DeploymentState; description: string }): Promise<void> {
    try {
      await this.registry.setDeploymentStatus(this.deploymentId, entry.state, {
        description: entry.description,
        ...this.links,
      });
      if (this.pending === entry) this.pending = undefined;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.failures.push(`${entry.state}: ${why}`);
      this.log(
        `warning: status ${entry.state} of deployment ${this.deploymentId} not written (${why}); the rollout goes on and writes it later`,
      );
    }
  }
}
