import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { MlshipError } from "../lib/errors.js";
import { type BatcherOptions, createBatcher } from "./batcher.js";

/** A call's rows are numbers; the fake model answers each row with ten times it. */
type Rows = number[];

interface FakeRun {
  parts: readonly Rows[];
  rows: number;
  succeed(): void;
  fail(error: Error): void;
}

/** A runner whose runs stay pending until the test settles them, one deferred promise per run. */
function fakeModel() {
  const runs: FakeRun[] = [];
  const run = (parts: readonly Rows[]) =>
    new Promise<Rows[]>((resolve, reject) => {
      runs.push({
        parts,
        rows: parts.reduce((sum, part) => sum + part.length, 0),
        succeed: () => resolve(parts.map((part) => part.map((row) => row * 10))),
        fail: reject,
      });
    });
  return { runs, run };
}

function batcherOver(
  model: ReturnType<typeof fakeModel>,
  settings: Omit<BatcherOptions<Rows, Rows>, "run" | "rowsOf">,
) {
  return createBatcher<Rows, Rows>({ ...settings, rowsOf: (part) => part.length, run: model.run });
}

/** Lets settled runs hand their results out and the batcher start what is due. */
const settle = () => vi.advanceTimersByTimeAsync(0);

/** Settles every run as it comes (the clock moving on by `stepMs` between rounds) until no call waits. */
async function succeedAll(model: ReturnType<typeof fakeModel>, stepMs: number): Promise<void> {
  let settled = 0;
  for (let round = 0; round < 1000; round++) {
    await vi.advanceTimersByTimeAsync(stepMs);
    if (settled === model.runs.length) return;
    while (settled < model.runs.length) model.runs[settled++].succeed();
  }
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe("dynamic batcher", () => {
  it("coalesces 64 concurrent calls into fewer runs, each caller getting its own rows' results in order", async () => {
    const model = fakeModel();
    const batcher = batcherOver(model, { maxBatch: 16, maxDelayMs: 2 });
    const calls = Array.from({ length: 64 }, (_, i) =>
      Array.from({ length: 1 + (i % 3) }, (_, j) => i * 100 + j),
    );
    const answers = calls.map((rows) => batcher.submit(rows));
    await succeedAll(model, 1);
    const results = await Promise.all(answers);
    results.forEach((result, i) => {
      expect(result).toEqual(calls[i].map((row) => row * 10));
    });
    expect(model.runs.length).toBeLessThan(64);
    expect(batcher.stats).toMatchObject({ calls: 64, runs: model.runs.length, rows: 127, queuedCalls: 0 });
  });

  it("never puts more than maxBatch rows into one run", async () => {
    const model = fakeModel();
    const batcher = batcherOver(model, { maxBatch: 5, maxDelayMs: 2 });
    const answers = Array.from({ length: 40 }, (_, i) => batcher.submit([i, i + 0.5]));
    await succeedAll(model, 1);
    await Promise.all(answers);
    expect(model.runs.filter((run) => run.rows > 5)).toEqual([]);
    expect(model.runs.some((run) => run.parts.length > 1)).toBe(true);
  });

  it("runs a call larger than maxBatch alone, after the calls queued before it", async () => {
    const model = fakeModel();
    const batcher = batcherOver(model, { maxBatch: 4, maxDelayMs: 2, startWhenIdle: false });
    const small = batcher.submit([1]);
    const large = batcher.submit([2, 3, 4, 5, 6, 7]);
    const after = batcher.submit([8]);
    await succeedAll(model, 2);
    expect(model.runs.map((run) => run.parts)).toEqual([[[1]], [[2, 3, 4, 5, 6, 7]], [[8]]]);
    expect(await large).toEqual([20, 30, 40, 50, 60, 70]);
    expect([await small, await after]).toEqual([[10], [80]]);
  });

  it("waits maxDelayMs from the first queued call for others to join, then runs what has come", async () => {
    const model = fakeModel();
    const batcher = batcherOver(model, { maxBatch: 100, maxDelayMs: 5, startWhenIdle: false });
    void batcher.submit([1]);
    await vi.advanceTimersByTimeAsync(3);
    void batcher.submit([2]);
    void batcher.submit([3]);
    await vi.advanceTimersByTimeAsync(1);
    expect(model.runs).toHaveLength(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(model.runs.map((run) => run.parts)).toEqual([[[1], [2], [3]]]);
  });

  it("starts a batch as soon as it holds maxBatch rows, without waiting for the delay", async () => {
    const model = fakeModel();
    const batcher = batcherOver(model, { maxBatch: 3, maxDelayMs: 1000, startWhenIdle: false });
    for (const row of [1, 2, 3]) void batcher.submit([row]);
    expect(model.runs.map((run) => run.parts)).toEqual([[[1], [2], [3]]]);
  });

  it("starts a lone call on an idle batcher at once", () => {
    const model = fakeModel();
    const batcher = batcherOver(model, { maxBatch: 64, maxDelayMs: 1000 });
    void batcher.submit([7]);
    expect(model.runs).toHaveLength(1);
  });

  it("queues calls while the model is busy and runs them together once it is free", async () => {
    const model = fakeModel();
    const batcher = batcherOver(model, { maxBatch: 64, maxDelayMs: 1 });
    void batcher.submit([1]);
    for (const row of [2, 3, 4]) void batcher.submit([row]);
    await vi.advanceTimersByTimeAsync(10);
    expect(model.runs).toHaveLength(1);
    model.runs[0].succeed();
    await settle();
    expect(model.runs.map((run) => run.parts)).toEqual([[[1]], [[2], [3], [4]]]);
  });

  it("runs each call at once and on its own when maxDelayMs is 0", () => {
    const model = fakeModel();
    const batcher = batcherOver(model, { maxBatch: 64, maxDelayMs: 0 });
    for (let i = 0; i < 10; i++) void batcher.submit([i]);
    expect(model.runs.map((run) => run.parts)).toEqual(Array.from({ length: 10 }, (_, i) => [[i]]));
  });

  it("rejects the callers of a failed run only, with its error", async () => {
    const model = fakeModel();
    const batcher = batcherOver(model, { maxBatch: 2, maxDelayMs: 1 });
    const first = batcher.submit([1]);
    // Caught as they are made, so the test sees the errors the callers get.
    const failing = [batcher.submit([2]), batcher.submit([3])].map((call) =>
      call.catch((error: unknown) => error),
    );
    const last = batcher.submit([4]);
    model.runs[0].succeed();
    await vi.advanceTimersByTimeAsync(1);
    expect(model.runs[1].parts).toEqual([[2], [3]]);
    const failure = new Error("onnxruntime: out of memory");
    model.runs[1].fail(failure);
    await settle();
    model.runs[2].succeed();
    expect(await Promise.all(failing)).toEqual([failure, failure]);
    expect([await first, await last]).toEqual([[10], [40]]);
    expect(batcher.stats).toMatchObject({ runs: 3, failedRuns: 1 });
  });

  it("rejects the callers of a run whose runner answers the wrong number of parts", async () => {
    const batcher = createBatcher<Rows, Rows>({
      maxBatch: 8,
      maxDelayMs: 1,
      rowsOf: (part) => part.length,
      run: async () => [],
    });
    await expect(batcher.submit([1])).rejects.toThrow("returned 0 results for 1 calls");
  });

  it("on close runs what is queued at once, refuses new calls, and resolves when the runs are done", async () => {
    const model = fakeModel();
    const batcher = batcherOver(model, { maxBatch: 64, maxDelayMs: 60_000, startWhenIdle: false });
    const queued = [batcher.submit([1]), batcher.submit([2])];
    let closed = false;
    const closing = batcher.close().then(() => {
      closed = true;
    });
    expect(model.runs.map((run) => run.parts)).toEqual([[[1], [2]]]);
    const refused = batcher.submit([3]);
    await expect(refused).rejects.toBeInstanceOf(MlshipError);
    await expect(refused).rejects.toThrow("shutting down");
    await settle();
    expect(closed).toBe(false);
    model.runs[0].succeed();
    await closing;
    expect(await Promise.all(queued)).toEqual([[10], [20]]);
  });

  it("closes at once when nothing is queued or running", async () => {
    const batcher = batcherOver(fakeModel(), { maxBatch: 8, maxDelayMs: 2 });
    await expect(batcher.close()).resolves.toBeUndefined();
  });
});
