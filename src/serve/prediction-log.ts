/**
 * The prediction log (docs/design.md, "Model server", "Prediction log"): `mlship serve
 * --log-predictions <dir>` writes one JSON line per row predicted, under `<dir>/<model>/`, off the
 * request path. `record` only decides whether the request is sampled, builds its lines and queues
 * them; one writer drains the queue to disk. The queue is bounded (QUEUE_LIMIT_BYTES): when the disk
 * cannot keep up, whole requests are dropped and counted, never held in memory without end.
 *
 * Each file is written as `predictions-<start>-<pid>-<seq>.jsonl.partial` and renamed to
 * `….jsonl` once it is closed (at `maxBytes`, or when the server stops): a file named `.jsonl` is
 * always whole.
 */
import { constants } from "node:fs";
import { access, type FileHandle, mkdir, open, rename, rm, stat } from "node:fs/promises";
import { join } from "node:path";
import { hashString } from "../data/sketch/hash.js";
import { MlshipError } from "../lib/errors.js";
import type { ServedPrediction } from "./hooks.js";

/** The most bytes of lines waiting for the disk; beyond it whole requests are dropped. */
export const QUEUE_LIMIT_BYTES = 16 * 1024 * 1024;
/** The most bytes the writer hands the disk in one write. */
const WRITE_CHUNK_BYTES = 1024 * 1024;
export const LOG_FILE_PREFIX = "predictions-";
export const FINISHED_SUFFIX = ".jsonl";
export const PARTIAL_SUFFIX = ".jsonl.partial";

/** One logged row, as a line of the log (docs/design.md, "Prediction log"). */
export interface PredictionLogLine {
  requestId: string;
  /** When the request was answered, ISO 8601 in UTC. */
  time: string;
  model: string;
  version: string;
  arm: ServedPrediction["arm"];
  /** The row's place in its request, from 0. */
  row: number;
  /** Feature → value, as the model layer got them (a missing number is null). */
  inputs: Record<string, unknown>;
  /** `{label, probabilities}` for a classifier, `{value}` for a regressor. */
  outputs: NonNullable<ServedPrediction["outputs"]>[number];
}

export interface PredictionLogOptions {
  /** Share (0, 1] of requests logged, chosen by a hash of the request id. */
  sample: number;
  /** A file is finished and a new one started once it holds this many bytes. */
  maxBytes: number;
  /** The server's log: drops, write failures. */
  log: (message: string) => void;
  /** Told of every line dropped (the Prometheus counter). */
  onDropped?: (lines: number) => void;
  /** Bytes the queue may hold (default QUEUE_LIMIT_BYTES). */
  queueLimitBytes?: number;
  now?: () => Date;
}

interface QueuedRequest {
  model: string;
  lines: string[];
  bytes: number;
}

interface OpenFile {
  handle: FileHandle;
  partial: string;
  bytes: number;
}

/**
 * Whether the request `requestId` is logged at share `sample`: a hash of the id, so the stable
 * answer and its shadow copy are logged together, and a request id always gets the same answer.
 */
export function sampled(requestId: string, sample: number): boolean {
  if (sample >= 1) return true;
  return hashString(requestId, 0x5eed) / 2 ** 32 < sample;
}

export class PredictionLog {
  private readonly queue: QueuedRequest[] = [];
  private queuedBytes = 0;
  private readonly files = new Map<string, OpenFile>();
  private draining: Promise<void> | undefined;
  private closed = false;
  private sequence = 0;
  private droppedBurst = 0;
  /** Lines dropped since the server started. */
  dropped = 0;
  /** Lines written since the server started. */
  written = 0;

  private constructor(
    readonly dir: string,
    private readonly options: PredictionLogOptions,
  ) {}

  /**
   * Creates `dir` when absent and checks that it can be written.
   * @throws MlshipError (exit 2, setting `logPredictions`) naming the folder and why.
   */
  static async open(dir: string, options: PredictionLogOptions): Promise<PredictionLog> {
    try {
      await mkdir(dir, { recursive: true });
      if (!(await stat(dir)).isDirectory())
        throw Object.assign(new Error("not a folder"), { code: "ENOTDIR" });
      await access(dir, constants.W_OK | constants.X_OK);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason =
        code === "ENOTDIR" || code === "EEXIST"
          ? "it is a file, or a path through a file, not a folder"
          : code === "EACCES" || code === "EPERM" || code === "EROFS"
            ? "not allowed to write there"
            : (code ?? String(error));
      throw new MlshipError("not_a_folder", `${dir}: cannot write the prediction log there (${reason})`, {
        setting: "logPredictions",
        file: dir,
      });
    }
    return new PredictionLog(dir, options);
  }

  /** Queues the rows of a sampled, answered request; never waits and never throws for the disk. */
  record(prediction: ServedPrediction): void {
    if (this.closed) return;
    const { rows, outputs } = prediction;
    if (prediction.status < 200 || prediction.status >= 300 || !rows?.length || !outputs) return;
    if (!sampled(prediction.requestId, this.options.sample)) return;
    const time = (this.options.now?.() ?? new Date()).toISOString();
    const lines = rows.map((inputs, row) => {
      const line: PredictionLogLine = {
        requestId: prediction.requestId,
        time,
        model: prediction.model,
        version: prediction.version,
        arm: prediction.arm,
        row,
        inputs,
        outputs: outputs[row] ?? {},
      };
      return `${JSON.stringify(line)}\n`;
    });
    const bytes = lines.reduce((sum, line) => sum + Buffer.byteLength(line), 0);
    const limit = this.options.queueLimitBytes ?? QUEUE_LIMIT_BYTES;
    if (this.queuedBytes + bytes > limit) {
      this.drop(lines.length, `the queue holds ${limit} bytes the disk has not taken yet`);
      return;
    }
    this.queue.push({ model: prediction.model, lines, bytes });
    this.queuedBytes += bytes;
    this.kick();
  }

  /** Starts the writer unless it runs; it starts again if lines came while it stopped. */
  private kick(): void {
    if (this.draining) return;
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.queue.length > 0) this.kick();
    });
  }

  /** Bytes waiting for the disk. */
  get pendingBytes(): number {
    return this.queuedBytes;
  }

  /** Writes what is queued, finishes every file (renamed to `.jsonl`) and takes no more lines. */
  async close(): Promise<void> {
    while (this.draining) await this.draining;
    this.closed = true;
    for (const model of [...this.files.keys()]) await this.finish(model);
    this.reportDrops();
  }

  private drop(lines: number, why: string): void {
    if (this.droppedBurst === 0) this.options.log(`prediction log: dropping lines: ${why}`);
    this.droppedBurst += lines;
    this.dropped += lines;
    this.options.onDropped?.(lines);
  }

  private reportDrops(): void {
    if (this.droppedBurst === 0) return;
    this.options.log(`prediction log: ${this.droppedBurst} lines dropped (${this.dropped} since start)`);
    this.droppedBurst = 0;
  }

  /** The one writer: takes the queue in order, a chunk of one model's lines at a time. */
  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const model = this.queue[0].model;
      const file = await this.fileFor(model);
      const room = Math.max(1, Math.min(WRITE_CHUNK_BYTES, this.options.maxBytes - (file?.bytes ?? 0)));
      const lines: string[] = [];
      let bytes = 0;
      // Whole requests of the same model, up to the room left (at least one request).
      while (this.queue.length > 0 && this.queue[0].model === model) {
        const next = this.queue[0];
        if (lines.length > 0 && bytes + next.bytes > room) break;
        this.queue.shift();
        this.queuedBytes -= next.bytes;
        for (const line of next.lines) lines.push(line);
        bytes += next.bytes;
      }
      if (!file) {
        this.drop(lines.length, "the log file could not be opened");
        continue;
      }
      try {
        await file.handle.write(lines.join(""));
        file.bytes += bytes;
        this.written += lines.length;
      } catch (error) {
        this.options.log(`prediction log: cannot write ${file.partial}: ${(error as Error).message}`);
        this.drop(lines.length, "a write failed");
        await this.finish(model);
        continue;
      }
      if (file.bytes >= this.options.maxBytes) await this.finish(model);
      if (this.queue.length === 0) this.reportDrops();
    }
  }

  /** The open file of `model`, a new one when there is none; undefined when it cannot be opened. */
  private async fileFor(model: string): Promise<OpenFile | undefined> {
    const open_ = this.files.get(model);
    if (open_) return open_;
    const folder = join(this.dir, folderName(model));
    const stamp = (this.options.now?.() ?? new Date()).toISOString().replace(/[-:]/g, "").replace(".", "");
    const seq = String(++this.sequence).padStart(6, "0");
    const partial = join(folder, `${LOG_FILE_PREFIX}${stamp}-${process.pid}-${seq}${PARTIAL_SUFFIX}`);
    try {
      await mkdir(folder, { recursive: true });
      const handle = await open(partial, "wx");
      const file = { handle, partial, bytes: 0 };
      this.files.set(model, file);
      return file;
    } catch (error) {
      this.options.log(`prediction log: cannot open ${partial}: ${(error as Error).message}`);
      return undefined;
    }
  }

  /** Closes `model`'s file and renames it to its finished name. */
  private async finish(model: string): Promise<void> {
    const file = this.files.get(model);
    if (!file) return;
    this.files.delete(model);
    try {
      await file.handle.close();
      if (file.bytes === 0) await rm(file.partial, { force: true });
      else await rename(file.partial, `${file.partial.slice(0, -PARTIAL_SUFFIX.length)}${FINISHED_SUFFIX}`);
    } catch (error) {
      this.options.log(`prediction log: cannot finish ${file.partial}: ${(error as Error).message}`);
    }
  }
}

/** A model's folder under the log: its name when that is a plain file name, else percent-encoded. */
export function folderName(model: string): string {
  return /^[A-Za-z0-9_][A-Za-z0-9._-]*$/.test(model)
    ? model
    : encodeURIComponent(model).replace(/\./g, "%2E");
}
