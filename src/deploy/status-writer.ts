/**
 * The deployment's statuses as a rollout writes them (docs/design.md, "Rollouts"): a write that fails
 * (GitHub 5xx past the client's retries, a network error) never stops the rollout. The latest state is
 * kept and written with the next status, and {@link StatusWriter.flush} tries it again, with growing waits,
 * before the rollout returns.
 */
import type { DeploymentState, Registry } from "../registry/registry.js";
import type { Clock } from "./clock.js";

export interface StatusLinks {
  logUrl?: string;
  environmentUrl?: string;
}

export class StatusWriter {
  private pending: { state: DeploymentState; description: string } | undefined;
  /** Statuses that could not be written at their time (their text), for the report. */
  readonly failures: string[] = [];

  constructor(
    private readonly registry: Registry,
    readonly deploymentId: string,
    private readonly links: StatusLinks,
    private readonly clock: Clock,
    private readonly log: (message: string) => void,
  ) {}

  /** Writes `state`; a failure is logged and the state kept for the next write or {@link flush}. */
  async write(state: DeploymentState, description: string): Promise<void> {
    this.pending = { state, description };
    await this.tryPending();
  }

  /** The last state asked for is written (tried `attempts` times, 2, 4, 8… s apart); false when it never was. */
  async flush(attempts = 5): Promise<boolean> {
    for (let attempt = 1; this.pending && attempt <= attempts; attempt++) {
      await this.clock.sleep(1000 * 2 ** attempt);
      await this.tryPending();
    }
    return this.pending === undefined;
  }

  /** The state not written yet, if any. */
  get unwritten(): string | undefined {
    return this.pending && `${this.pending.state}: ${this.pending.description}`;
  }

  private async tryPending(): Promise<void> {
    const pending = this.pending;
    if (!pending) return;
    try {
      await this.registry.setDeploymentStatus(this.deploymentId, pending.state, {
        description: pending.description,
        ...this.links,
      });
      if (this.pending === pending) this.pending = undefined;
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error);
      this.failures.push(`${pending.state}: ${why}`);
      this.log(
        `warning: status ${pending.state} of deployment ${this.deploymentId} not written (${why}); the rollout goes on and writes it later`,
      );
    }
  }
}
