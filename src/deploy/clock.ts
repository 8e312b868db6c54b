/**
 * The time a rollout runs on (docs/design.md, "Rollouts"): `now()` and `sleep(ms)`. The real clock waits;
 * the manual clock of tests moves its time forward at once (and runs a hook, e.g. traffic for the step), so
 * a ten-step rollout runs in seconds. A sleep ends early, rejecting, when its AbortSignal fires.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Waits `ms`; rejects with the signal's reason once `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

function aborted(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new Error("aborted");
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((done, fail) => {
      if (signal?.aborted) return fail(aborted(signal));
      const onAbort = () => {
        clearTimeout(timer);
        fail(aborted(signal as AbortSignal));
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener("abort", onAbort);
        done();
      }, ms);
      signal?.addEventListener("abort", onAbort, { once: true });
    }),
};

/**
 * A clock that moves only when slept on: each `sleep(ms)` runs `onSleep(ms)` (awaited), then adds `ms`
 * to its time. Tests give it the traffic a step sees.
 */
export class ManualClock implements Clock {
  private time: number;
  /** Every sleep asked for, in order (ms). */
  readonly sleeps: number[] = [];

  constructor(
    start = Date.UTC(2026, 0, 1),
    private readonly onSleep?: (ms: number) => Promise<void> | void,
  ) {
    this.time = start;
  }

  now(): number {
    return this.time;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw aborted(signal);
    this.sleeps.push(ms);
    await this.onSleep?.(ms);
    this.time += ms;
    if (signal?.aborted) throw aborted(signal);
  }
}
