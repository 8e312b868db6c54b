/**
 * The files a training command writes and mlship reads (the contract in
 * command-trainer.ts): progress.jsonl, read while the program runs, and
 * metrics.json, read once it has exited. Python's bare NaN and Infinity are
 * accepted in both.
 */

import { open } from "node:fs/promises";
import { StringDecoder } from "node:string_decoder";
import { ownRecord } from "../lib/own-keys.js";

export interface CommandProgressEvent {
  step: number;
  /** Every other number on the line, nested objects flattened with dots (`NaN` and `Infinity` as Python writes them are kept). */
  values: Record<string, number>;
}

// ---------------------------------------------------------------- progress.jsonl

/** Reads the lines appended to progress.jsonl since the last poll; a partial last line waits for its newline. */
export class ProgressReader {
  private offset = 0;
  private lineNumber = 0;
  private partial = "";
  private decoder = new StringDecoder("utf8");

  constructor(
    private readonly file: string,
    private readonly emit: (event: CommandProgressEvent) => void,
    private readonly warn: (message: string) => void,
  ) {}

  /** `final`: the program has ended, so a last line without a newline is complete. */
  async poll(final = false): Promise<void> {
    const handle = await open(this.file, "r").catch(() => undefined);
    if (!handle) return;
    try {
      const { size } = await handle.stat();
      if (size < this.offset) {
        this.warn(
          `${this.file} shrank while the trainer ran; reading it again from the start (append to it instead)`,
        );
        this.offset = 0;
        this.partial = "";
        this.decoder = new StringDecoder("utf8");
      }
      if (size > this.offset) {
        const buffer = Buffer.alloc(size - this.offset);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, this.offset);
        this.offset += bytesRead;
        this.take(this.decoder.write(buffer.subarray(0, bytesRead)));
      }
    } finally {
      await handle.close();
    }
    if (final) {
      const rest = this.partial + this.decoder.end();
      this.partial = "";
      if (rest.trim()) this.line(rest);
    }
  }

  private take(text: string): void {
    const lines = (this.partial + text).split("\n");
    this.partial = lines.pop() ?? "";
    for (const line of lines) this.line(line);
  }

  private line(text: string): void {
    this.lineNumber += 1;
    if (!text.trim()) return;
    const parsed = parseProgressLine(text);
    if ("error" in parsed)
      this.warn(`${this.file}:${this.lineNumber}: ignored a progress line: ${parsed.error}`);
    else this.emit(parsed.event);
  }
}

/** `{"step": 3, "val_auc": 0.81}` → `{ step: 3, values: { val_auc: 0.81 } }`; other values than numbers are ignored. */
export function parseProgressLine(line: string): { event: CommandProgressEvent } | { error: string } {
  let value: unknown;
  try {
    value = parseLenientJson(line);
  } catch (error) {
    return { error: `not JSON (${(error as Error).message}): ${clip(line)}` };
  }
  if (!isPlainObject(value)) return { error: `not a JSON object: ${clip(line)}` };
  const { step, ...rest } = value;
  if (typeof step !== "number" || !Number.isFinite(step)) {
    return { error: `no numeric "step" (write {"step": 3, "val_auc": 0.81}): ${clip(line)}` };
  }
  const values: Record<string, number> = ownRecord();
  flatten(rest, "", (key, leaf) => {
    if (typeof leaf === "number") values[key] = leaf;
  });
  return { event: { step, values } };
}

// ---------------------------------------------------------------- metrics.json

/** A JSON object of finite numbers, nested objects flattened with dots (`{"val": {"auc": 0.8}}` → `val.auc`). */
export function parseMetrics(text: string): { metrics: Record<string, number> } | { error: string } {
  let value: unknown;
  try {
    value = parseLenientJson(text);
  } catch (error) {
    return { error: `not valid JSON (${(error as Error).message})` };
  }
  if (!isPlainObject(value)) {
    return { error: `must be a JSON object of numbers like {"roc_auc": 0.91}, not ${describe(value)}` };
  }
  const metrics: Record<string, number> = ownRecord();
  const problems: string[] = [];
  flatten(value, "", (key, leaf) => {
    if (Object.hasOwn(metrics, key))
      problems.push(`"${key}" appears twice once nested objects are flattened`);
    else if (typeof leaf !== "number") problems.push(`"${key}" is ${describe(leaf)}`);
    else if (!Number.isFinite(leaf)) problems.push(`"${key}" is ${leaf}`);
    else metrics[key] = leaf;
  });
  if (problems.length > 0) {
    return {
      error: `${problems.join("; ")}: every metric must be a finite number (nested objects are flattened with dots)`,
    };
  }
  if (Object.keys(metrics).length === 0) return { error: 'holds no metrics: write e.g. {"roc_auc": 0.91}' };
  return { metrics };
}

/** Nesting deeper than this is no metrics file: its objects are visited as (bad) leaves. */
const MAX_NESTING = 32;

/** Visits the leaves of nested objects with dotted keys (recursion bounded by MAX_NESTING). */
function flatten(
  value: Record<string, unknown>,
  prefix: string,
  visit: (key: string, leaf: unknown) => void,
  depth = 1,
): void {
  for (const [key, item] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (isPlainObject(item) && depth < MAX_NESTING) flatten(item, path, visit, depth + 1);
    else visit(path, item);
  }
}

const NON_FINITE_MARK = "\u0000";

/** JSON.parse that also reads the bare NaN, Infinity and -Infinity Python's json module writes. */
export function parseLenientJson(text: string): unknown {
  const marked = text.replace(/"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g, (token) =>
    token.startsWith('"') ? token : `"\\u0000${token}"`,
  );
  return JSON.parse(marked, (_key, value) =>
    typeof value === "string" && value.startsWith(NON_FINITE_MARK) ? Number(value.slice(1)) : value,
  );
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "string") return `the string ${clip(JSON.stringify(value))}`;
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function clip(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
