/**
 * Runs a validation pass over a file: in this thread, or — for large
 * uncompressed CSV files on a machine with several cores — in worker threads,
 * one byte range each, whose results merge into the pass of the whole file.
 *
 * A range starts after a newline, which is a row boundary unless a quoted
 * value holding a newline spans it. Each worker reads whole rows, past the end
 * of its range if its last row runs over, and reports where it stopped; when
 * that is not where the next range starts (or a worker fails), the guess was
 * wrong and the file is read again in this thread, so the result is the same.
 */
import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { MlshipError } from "../../lib/errors.js";
import type { ColumnProfileState } from "../profile/column-profile.js";
import { CsvReader } from "../readers/csv-reader.js";
import { findRowStart } from "../readers/csv-split.js";
import type { TableReader } from "../readers/table-reader.js";
import { ExactValues } from "../sketch/value-store.js";
import { DataPass, type MergedPass, mergePassResults, type PassPlan, type PassResult } from "./data-pass.js";

/** Files smaller than this are read in this thread: starting workers costs more than it saves. */
export const PARALLEL_MIN_BYTES = 32 * 1024 * 1024;
const WORKER_TAG = "mlship.data-pass";

interface WorkerInput {
  tag: typeof WORKER_TAG;
  plan: PassPlan;
  start: number;
  end: number;
  header: string[] | undefined;
}

type WorkerOutput =
  | { ok: true; result: PassResult; stoppedAt: number; lines: number }
  | { ok: false; message: string; userError: boolean };

/** Sent by a worker while it reads: bytes of its range read so far. */
interface WorkerProgress {
  progress: number;
}

/** Told how many bytes of the file have been read so far. */
export type ProgressListener = (bytesRead: number) => void;

/** Workers report progress each time they have read this much more. */
const PROGRESS_STEP_BYTES = 8 * 1024 * 1024;

/** Reads the file once and returns the merged pass. */
export async function runDataPass(
  plan: PassPlan,
  reader: TableReader,
  parallelism?: number,
  onProgress: ProgressListener = () => {},
): Promise<MergedPass> {
  const parts = await planParts(plan, reader, parallelism);
  if (parts) {
    const merged = await runInWorkers(plan, parts, onProgress);
    if (merged) {
      merged.pass.settleRepeatCounts();
      return merged;
    }
  }
  const pass = new DataPass(plan);
  for await (const batch of reader.batches()) {
    pass.consume(batch);
    onProgress(reader.bytesRead());
  }
  pass.settleRepeatCounts();
  return { pass, rows: pass.rows, states: pass.states() };
}

async function planParts(
  plan: PassPlan,
  reader: TableReader,
  parallelism: number | undefined,
): Promise<number[] | undefined> {
  if (!(reader instanceof CsvReader) || !workerEntry()) return undefined;
  const threads = parallelism ?? availableParallelism();
  if (threads < 2) return undefined;
  const layout = await reader.layout();
  // A pipe or standard input has no byte offsets to split at: it is read once, here.
  if (!layout.seekable || layout.compressed) return undefined;
  if (layout.fileBytes < (parallelism ? 0 : PARALLEL_MIN_BYTES)) return undefined;
  const starts = [0];
  for (let i = 1; i < threads; i++) {
    const guess = Math.max(layout.dataStart, Math.floor((layout.fileBytes * i) / threads));
    const start = await findRowStart(plan.file, guess, layout.fileBytes);
    if (start > starts[starts.length - 1] && start < layout.fileBytes) starts.push(start);
  }
  return starts.length > 1 ? [...starts, layout.fileBytes] : undefined;
}

async function runInWorkers(
  plan: PassPlan,
  bounds: number[],
  onProgress: ProgressListener,
): Promise<MergedPass | undefined> {
  const entry = workerEntry()!;
  const parts = bounds.length - 1;
  // The parts share the exact-key budget: their sets together hold what one read's would.
  const partPlan: PassPlan = { ...plan, maxExactKeys: Math.max(1024, Math.floor(plan.maxExactKeys / parts)) };
  const inputs: WorkerInput[] = bounds.slice(0, -1).map((start, i) => ({
    tag: WORKER_TAG,
    plan: partPlan,
    start,
    end: bounds[i + 1],
    header: i === 0 ? undefined : plan.columns,
  }));
  const read = inputs.map(() => 0);
  const outputs = await Promise.all(
    inputs.map((input, i) =>
      runWorker(entry, input, (bytes) => {
        read[i] = bytes;
        onProgress(read.reduce((a, b) => a + b, 0));
      }),
    ),
  );
  const failed = outputs.find((o) => !o.ok);
  if (failed) return undefined; // read again in this thread: its error names the right line
  const done = outputs as Extract<WorkerOutput, { ok: true }>[];
  for (let i = 0; i + 1 < done.length; i++) {
    if (done[i].stoppedAt !== bounds[i + 1]) return undefined; // a quoted newline spanned the split
  }
  const offsets: number[] = [];
  let lines = 0;
  for (const output of done) {
    offsets.push(lines);
    lines += output.lines;
  }
  return mergePassResults(
    plan,
    done.map((o) => o.result),
    offsets,
  );
}

function runWorker(entry: string, input: WorkerInput, onProgress: ProgressListener): Promise<WorkerOutput> {
  return new Promise((resolve) => {
    // A small young generation keeps each worker's heap close to what it holds (the memory target is the process's).
    const worker = new Worker(entry, { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    worker.on("message", (message: WorkerOutput | WorkerProgress) => {
      if ("progress" in message) onProgress(message.progress);
      else resolve(message);
    });
    worker.once("error", (error) => resolve({ ok: false, message: error.message, userError: false }));
    worker.once("exit", (code) => {
      if (code !== 0) resolve({ ok: false, message: `worker exited with code ${code}`, userError: false });
    });
  });
}

function exactValueBuffers(state: ColumnProfileState): ArrayBuffer[] {
  const exact = state.numeric && "version" in state.numeric ? state.numeric.values.exact : null;
  return exact instanceof ExactValues
    ? [exact.values.buffer as ArrayBuffer, exact.counts.buffer as ArrayBuffer]
    : [];
}

/**
 * The worker script: `data-pass-worker.js`, bundled beside the script this code runs
 * from (each dist/ folder whose bundle validates data has one). Only the data pass is in
 * it, so a worker does not load the whole CLI or action. Unbundled sources (tests on
 * .ts files) have none, and read in one thread.
 */
function workerEntry(): string | undefined {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith(".js")) return undefined;
  const script = join(dirname(here), WORKER_SCRIPT);
  return existsSync(script) ? script : undefined;
}

/** The file name of the worker script in each dist/ folder (scripts/build.mjs writes it). */
export const WORKER_SCRIPT = "data-pass-worker.js";

/** The body of a worker thread: reads its byte range and posts the pass result. */
export async function runDataPassWorker(): Promise<void> {
  if (isMainThread || (workerData as WorkerInput | undefined)?.tag !== WORKER_TAG) {
    throw new Error(`${WORKER_SCRIPT} runs only as a worker thread started by mlship's data pass`);
  }
  const input = workerData as WorkerInput;
  let output: WorkerOutput;
  const transfer: ArrayBuffer[] = [];
  try {
    const reader = new CsvReader(input.plan.file, {
      delimiter: input.plan.delimiter,
      range: { start: input.start, end: input.end },
      header: input.header,
    });
    const pass = new DataPass(input.plan);
    let reported = 0;
    for await (const batch of reader.batches()) {
      pass.consume(batch);
      const read = reader.bytesRead();
      if (read - reported >= PROGRESS_STEP_BYTES) {
        reported = read;
        parentPort!.postMessage({ progress: read } satisfies WorkerProgress);
      }
    }
    const result = pass.result();
    transfer.push(result.duplicates.slots.buffer as ArrayBuffer);
    for (const unique of result.uniques) if (unique) transfer.push(unique.slots.buffer as ArrayBuffer);
    // A numeric column's exact values (up to 2^20 of them) move to the main thread rather than being copied.
    for (const state of result.states) transfer.push(...exactValueBuffers(state)); // bounded: two buffers a column
    output = { ok: true, result, stoppedAt: reader.stoppedAt(), lines: reader.linesRead() };
  } catch (error) {
    output = { ok: false, message: (error as Error).message, userError: error instanceof MlshipError };
  }
  parentPort!.postMessage(output, transfer);
}
