/**
 * A dynamic batcher, as Triton's: concurrent calls for one model version are coalesced into
 * one run of up to `maxBatch` rows, or of what has come when the first queued call has
 * waited `maxDelayMs` (whichever comes first), so a busy server runs the model once for many
 * small requests (docs/design.md, "Model server").
 *
 * - A call is a *part* of a batch: its own rows in whatever shape the runner wants (the
 *   model layer's column table, see batch-predict.ts), counted by `rowsOf`. `run` gets the
 *   parts of one batch in arrival order and returns one result per part, in the same order;
 *   each caller gets the result of its own part, so it gets exactly its rows back.
 * - A call of `maxBatch` rows or more is never split: it runs on its own (after the calls
 *   queued before it), so one request is answered by one run of one model version and
 *   fails or succeeds as a whole.
 * - A failed run rejects the calls of that run only. That is why each request must be
 *   validated *before* it is submitted (input names, types, shapes, values): a bad request
 *   that reached a batch would make the model fail for every request coalesced with it.
 *   What fails inside a run after validation is the model's fault, and is reported to each
 *   caller of that run.
 * - `maxConcurrentRuns` bounds the runs in flight (Triton's instance count): a batch that
 *   is due while the model is busy waits for a free run and keeps taking calls up to
 *   `maxBatch` meanwhile, which is where batching gains throughput under load.
 * - A call that finds the batcher idle (nothing queued, nothing running) starts at once:
 *   there is no traffic to wait for, so a lone request pays no delay (`startWhenIdle`).
 * - `maxDelayMs` 0 turns batching off: each call runs at once, on its own.
 * - `close()` stops taking calls (they are refused with an MlshipError), runs what is
 *   queued without waiting for the delay, and resolves once every run has finished.
 */
import { MlshipError } from "../lib/errors.js";

export interface BatcherOptions<Part, Result> {
  /** The most rows one run takes (a single larger call runs alone). */
  maxBatch: number;
  /** How long the first queued call waits for others, in milliseconds; 0 = no batching. */
  maxDelayMs: number;
  /** Runs in flight at once (default 1). */
  maxConcurrentRuns?: number;
  /** Start a call at once when nothing is queued or running (default true). */
  startWhenIdle?: boolean;
  /** The rows of one call. */
  rowsOf(part: Part): number;
  /** Runs one batch: one result per part, in the order of `parts`. */
  run(parts: readonly Part[]): Promise<readonly Result[]>;
}

export interface BatcherStats {
  /** Calls submitted and accepted. */
  calls: number;
  /** Runs started. */
  runs: number;
  /** Rows of all runs started. */
  rows: number;
  /** Runs that failed (each rejected its own calls only). */
  failedRuns: number;
  /** The most rows one run took. */
  largestRun: number;
  /** Calls and rows waiting now. */
  queuedCalls: number;
  queuedRows: number;
  /** Runs in flight now. */
  runsInFlight: number;
}

export interface Batcher<Part, Result> {
  /** The result of this part, from the run it was batched into. */
  submit(part: Part): Promise<Result>;
  /** Refuses new calls, runs what is queued, resolves when no run is left. */
  close(): Promise<void>;
  /** A snapshot of the counters. */
  readonly stats: BatcherStats;
}

interface Queued<Part, Result> {
  part: Part;
  rows: number;
  since: number;
  resolve(result: Result): void;
  reject(error: unknown): void;
}

export function createBatcher<Part, Result>(options: BatcherOptions<Part, Result>): Batcher<Part, Result> {
  const settings = checkedSettings(options);
  const queue: Queued<Part, Result>[] = [];
  const counts = { calls: 0, runs: 0, rows: 0, failedRuns: 0, largestRun: 0 };
  let queuedRows = 0;
  let inFlight = 0;
  let closed = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let drained: (() => void) | undefined;
  let closing: Promise<void> | undefined;

  function start(batch: Queued<Part, Result>[]): void {
    const rows = batch.reduce((sum, call) => sum + call.rows, 0);
    inFlight++;
    counts.runs++;
    counts.rows += rows;
    counts.largestRun = Math.max(counts.largestRun, rows);
    void runBatch(batch).finally(() => {
      inFlight--;
      pump();
    });
  }

  async function runBatch(batch: Queued<Part, Result>[]): Promise<void> {
    try {
      const results = await options.run(batch.map((call) => call.part));
      if (results.length !== batch.length) {
        throw new Error(`the batch runner returned ${results.length} results for ${batch.length} calls`);
      }
      batch.forEach((call, i) => {
        call.resolve(results[i]);
      });
    } catch (error) {
      counts.failedRuns++;
      for (const call of batch) call.reject(error);
    }
  }

  /** The calls at the head of the queue that fit one run: at least one, at most maxBatch rows unless one call is larger. */
  function takeBatch(): Queued<Part, Result>[] {
    let rows = queue[0].rows;
    let count = 1;
    while (count < queue.length && rows + queue[count].rows <= settings.maxBatch) rows += queue[count++].rows;
    queuedRows -= rows;
    return queue.splice(0, count);
  }

  function headIsDue(now: number): boolean {
    return closed || queuedRows >= settings.maxBatch || now - queue[0].since >= settings.maxDelayMs;
  }

  /** Starts every due batch there is room for, then sets the timer for the next one. */
  function pump(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    while (queue.length > 0 && inFlight < settings.maxConcurrentRuns && headIsDue(performance.now())) {
      start(takeBatch());
    }
    if (queue.length > 0 && inFlight < settings.maxConcurrentRuns) {
      const wait = Math.max(0, queue[0].since + settings.maxDelayMs - performance.now());
      timer = setTimeout(pump, wait);
    }
    if (drained && queue.length === 0 && inFlight === 0) drained();
  }

  return {
    submit(part) {
      if (closed) {
        return Promise.reject(
          new MlshipError("server_closing", "the model server is shutting down and takes no new requests"),
        );
      }
      const rows = options.rowsOf(part);
      counts.calls++;
      return new Promise<Result>((resolve, reject) => {
        const call: Queued<Part, Result> = { part, rows, since: performance.now(), resolve, reject };
        if (settings.maxDelayMs === 0) {
          start([call]);
          return;
        }
        const idle = queue.length === 0 && inFlight === 0;
        queue.push(call);
        queuedRows += rows;
        if (idle && settings.startWhenIdle) start(takeBatch());
        else pump();
      });
    },
    close() {
      closed = true;
      closing ??= new Promise<void>((resolve) => {
        drained = resolve;
        pump();
      });
      return closing;
    },
    get stats(): BatcherStats {
      return { ...counts, queuedCalls: queue.length, queuedRows, runsInFlight: inFlight };
    },
  };
}

function checkedSettings<Part, Result>(options: BatcherOptions<Part, Result>) {
  const { maxBatch, maxDelayMs, maxConcurrentRuns = 1, startWhenIdle = true } = options;
  // The server's request layer checks the user's --max-batch and --max-delay-ms; these are bugs.
  if (!Number.isInteger(maxBatch) || maxBatch < 1)
    throw new RangeError(`maxBatch must be a whole number ≥ 1, got ${maxBatch}`);
  if (!Number.isFinite(maxDelayMs) || maxDelayMs < 0)
    throw new RangeError(`maxDelayMs must be ≥ 0, got ${maxDelayMs}`);
  if (
    !(Number.isInteger(maxConcurrentRuns) && maxConcurrentRuns >= 1) &&
    maxConcurrentRuns !== Number.POSITIVE_INFINITY
  ) {
    throw new RangeError(`maxConcurrentRuns must be a whole number ≥ 1, got ${maxConcurrentRuns}`);
  }
  return { maxBatch, maxDelayMs, maxConcurrentRuns, startWhenIdle };
}
