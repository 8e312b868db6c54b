/** Timing for watching a running program: a pause, and a task repeated until stopped. */

export function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** Runs `task` every `intervalMs` until stopped; `stop` waits for a running task to end. */
export class Poller {
  private stopped = false;
  private wake: (() => void) | undefined;
  private failure: { error: unknown } | undefined;
  private readonly loop: Promise<void>;

  constructor(task: () => Promise<void>, intervalMs: number) {
    this.loop = (async () => {
      while (!this.stopped) {
        await new Promise<void>((done) => {
          const timer = setTimeout(done, intervalMs);
          this.wake = () => {
            clearTimeout(timer);
            done();
          };
        });
        if (this.stopped) return;
        try {
          await task();
        } catch (error) {
          // Kept for stop(): a rejection nobody awaits yet would be reported as unhandled.
          this.failure = { error };
          return;
        }
      }
    })();
  }

  /** Ends the loop; rethrows what a task threw. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.loop;
    if (this.failure) throw this.failure.error;
  }
}
