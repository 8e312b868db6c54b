/**
 * The study file: an append-only JSON Lines log of a search, one event a line.
 *
 * ```jsonl
 * {"event":"study","version":1,"objective":"val_auc","direction":"maximize","method":"tpe","seed":7}
 * {"event":"started","trial":0,"params":{"lr":0.01},"at":"2025-01-01T00:00:00.000Z"}
 * {"event":"progress","trial":0,"step":1,"value":0.71}
 * {"event":"finished","trial":0,"status":"complete","value":0.83,"metrics":{"val_auc":0.83},"durationMs":5120,"at":"…"}
 * ```
 *
 * A progress or objective value that is not a number is written as `null`
 * (what JSON.stringify makes of NaN) and read back as NaN.
 *
 * Why appending whole lines is safe enough: each study file has exactly one
 * writer (the search process; fanned-out CI jobs each write their own file and
 * `--collect` merges them), and {@link StudyWriter} serializes that writer's
 * appends, so lines never interleave. Each event is one `appendFile` of a
 * complete line to a file opened with O_APPEND, so a crash can at worst leave
 * the last line incomplete: {@link readStudy} ignores such a torn last line,
 * and {@link resumeStudy} cuts it off before new lines are appended. No lock is
 * taken; two searches must not share a study file.
 */

import { appendFile, readFile, truncate } from "node:fs/promises";
import { z } from "zod";
import { MlshipError } from "../lib/errors.js";
import { ownRecord, ownValue } from "../lib/own-keys.js";
import { userKeyedRecord } from "../lib/user-keyed-record.js";
import type { Direction, Trial } from "./trial.js";

export const STUDY_FILE_VERSION = 1;
const INVALID_STUDY = "invalid_study";

const ParamsSchema = userKeyedRecord(z.string(), z.union([z.string(), z.number(), z.boolean()]));
const MaybeNumber = z.number().nullable();
const TrialNumber = z.int().min(0);

const StudyHeaderEventSchema = z.strictObject({
  event: z.literal("study"),
  version: z.literal(STUDY_FILE_VERSION),
  objective: z.string().min(1),
  direction: z.enum(["minimize", "maximize"]),
  method: z.string().optional(),
  seed: z.int().optional(),
  createdAt: z.string().optional(),
});

const StartedEventSchema = z.strictObject({
  event: z.literal("started"),
  trial: TrialNumber,
  params: ParamsSchema,
  at: z.string().optional(),
});

const ProgressEventSchema = z.strictObject({
  event: z.literal("progress"),
  trial: TrialNumber,
  step: z.number().min(0),
  value: MaybeNumber,
});

const FinishedEventSchema = z.strictObject({
  event: z.literal("finished"),
  trial: TrialNumber,
  status: z.enum(["complete", "pruned", "failed"]),
  value: MaybeNumber.optional(),
  metrics: userKeyedRecord(z.string(), MaybeNumber).default(ownRecord()),
  durationMs: z.number().min(0).optional(),
  /** The trial's result was restored from the training cache. */
  cached: z.boolean().optional(),
  at: z.string().optional(),
  error: z.string().optional(),
});

export const StudyEventSchema = z.discriminatedUnion("event", [
  StudyHeaderEventSchema,
  StartedEventSchema,
  ProgressEventSchema,
  FinishedEventSchema,
]);

export type StudyEvent = z.input<typeof StudyEventSchema>;
type ParsedEvent = z.infer<typeof StudyEventSchema>;
export type StudyHeader = Omit<z.infer<typeof StudyHeaderEventSchema>, "event">;

export interface Study {
  header?: StudyHeader;
  /** By trial number. */
  trials: Trial[];
}

export interface ReadStudyResult extends Study {
  /** The last line was cut short by a crash and was ignored. */
  tornLine?: { line: number; text: string };
  /** Bytes of the file up to and including the last complete line. */
  completeBytes: number;
  /** The file ends without a newline after a valid last event. */
  missingFinalNewline: boolean;
}

/** An empty study to which events are applied. */
export function emptyStudy(header?: StudyHeader): Study {
  return { header, trials: [] };
}

/**
 * Applies one event to an in-memory study (what the search does as it appends,
 * and what {@link readStudy} does for each line). `seq` orders progress across
 * trials: the line number when reading a file.
 * @throws MlshipError `invalid_study` when the event does not fit the study so far.
 */
export function applyStudyEvent(study: Study, input: StudyEvent, seq: number, file?: string): void {
  // Through JSON first, so NaN values become null exactly as in the file.
  applyParsedEvent(study, StudyEventSchema.parse(JSON.parse(JSON.stringify(input))), seq, file);
}

function applyParsedEvent(study: Study, event: ParsedEvent, seq: number, file?: string): void {
  const fail = (message: string): never => {
    throw new MlshipError(INVALID_STUDY, message, { file, line: file ? seq : undefined });
  };
  if (event.event === "study") {
    if (study.header !== undefined || study.trials.length > 0)
      fail("the study header must be the first event");
    const { event: _, ...header } = event;
    study.header = header;
    return;
  }
  const existing = findTrial(study, event.trial);
  if (event.event === "started") {
    if (existing) fail(`trial ${event.trial} was started twice`);
    study.trials.push({
      number: event.trial,
      params: event.params,
      status: "running",
      progress: [],
      metrics: {},
      startedAt: event.at,
    });
    study.trials.sort((a, b) => a.number - b.number);
    return;
  }
  const trial = existing ?? fail(`${event.event} event for trial ${event.trial}, which was never started`);
  if (trial.status !== "running")
    fail(`${event.event} event for trial ${event.trial}, which already finished`);
  if (event.event === "progress") {
    trial.progress.push({ step: event.step, value: event.value ?? Number.NaN, seq });
    return;
  }
  trial.status = event.status;
  trial.value = event.value === undefined ? undefined : (event.value ?? Number.NaN);
  trial.metrics = Object.fromEntries(Object.entries(event.metrics).map(([k, v]) => [k, v ?? Number.NaN]));
  trial.finishedAt = event.at;
  trial.durationMs = event.durationMs;
  if (event.cached) trial.cached = true;
  trial.error = event.error;
}

/** Parses study file text (see {@link readStudy}); `file` only names it in errors. */
export function parseStudy(text: string, file: string): ReadStudyResult {
  const study: Study = emptyStudy();
  const lines = text.split("\n");
  // The last element is "" when the text ends with a newline, else an unterminated line.
  const last = lines.pop() ?? "";
  lines.forEach((line, index) => {
    applyLine(study, line, index + 1, file);
  });
  const completeBytes = Buffer.byteLength(lines.map((line) => `${line}\n`).join(""));
  let tornLine: ReadStudyResult["tornLine"];
  let missingFinalNewline = false;
  if (last !== "") {
    const event = tryParseEvent(last);
    if (event === undefined) tornLine = { line: lines.length + 1, text: last };
    else {
      applyParsedEvent(study, event, lines.length + 1, file);
      missingFinalNewline = true;
    }
  }
  return { ...study, tornLine, completeBytes, missingFinalNewline };
}

/**
 * Reads a study file. A last line without its newline that is not a valid event
 * (a crash mid-append) is ignored and reported in `tornLine`; any other bad
 * line is an error naming its line number. Blank lines are skipped.
 * @throws MlshipError `file_not_found`, or `invalid_study` with the file and line.
 */
export async function readStudy(file: string): Promise<ReadStudyResult> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new MlshipError("file_not_found", `study file not found: ${file}`, { file });
    }
    throw error;
  }
  return parseStudy(text, file);
}

/**
 * Opens a study to continue it after a crash or a stop: reads it when it exists
 * (an empty study otherwise), cuts off a torn last line and ends the file with a
 * newline, so the next append starts on a line of its own. Trials still
 * `running` in the result were interrupted; the caller decides whether to
 * record them as failed.
 */
export async function resumeStudy(file: string): Promise<ReadStudyResult> {
  let result: ReadStudyResult;
  try {
    result = await readStudy(file);
  } catch (error) {
    if (error instanceof MlshipError && error.code === "file_not_found") {
      return { ...emptyStudy(), completeBytes: 0, missingFinalNewline: false };
    }
    throw error;
  }
  if (result.tornLine) await truncate(file, result.completeBytes);
  if (result.missingFinalNewline) await appendFile(file, "\n");
  return result;
}

/** Appends events to one study file, one whole line each, in call order. */
export class StudyWriter {
  private pending: Promise<void> = Promise.resolve();

  constructor(readonly file: string) {}

  /** Validates and appends `event`; resolves once the line is written. */
  append(event: StudyEvent): Promise<void> {
    // Through JSON first, so NaN becomes null as it will be read back.
    const line = `${JSON.stringify(StudyEventSchema.parse(JSON.parse(JSON.stringify(event))))}\n`;
    const write = this.pending.then(() => appendFile(this.file, line, "utf8"));
    this.pending = write.catch(() => undefined);
    return write;
  }
}

/** The number the next trial gets: one past the highest so far. */
export function nextTrialNumber(study: Study): number {
  return study.trials.reduce((next, trial) => Math.max(next, trial.number + 1), 0);
}

/**
 * The complete trial with the best finite `metrics[objective]` in `direction`;
 * on a tie the lower trial number wins. Undefined when no trial qualifies.
 */
export function bestTrial(study: Study, objective: string, direction: Direction): Trial | undefined {
  let best: Trial | undefined;
  let bestValue = Number.NaN;
  for (const trial of [...study.trials].sort((a, b) => a.number - b.number)) {
    const value = ownValue(trial.metrics, objective);
    if (trial.status !== "complete" || value === undefined || !Number.isFinite(value)) continue;
    const better = direction === "minimize" ? value < bestValue : value > bestValue;
    if (best === undefined || better) {
      best = trial;
      bestValue = value;
    }
  }
  return best;
}

function findTrial(study: Study, number: number): Trial | undefined {
  return study.trials.find((trial) => trial.number === number);
}

function applyLine(study: Study, line: string, lineNumber: number, file: string): void {
  if (line.trim() === "") return;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (error) {
    throw new MlshipError(INVALID_STUDY, `line is not valid JSON: ${(error as Error).message}`, {
      file,
      line: lineNumber,
    });
  }
  const parsed = StudyEventSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length > 0 ? `${issue.path.join(".")}: ` : "";
    throw new MlshipError(INVALID_STUDY, `not a study event: ${where}${issue.message}`, {
      file,
      line: lineNumber,
    });
  }
  applyParsedEvent(study, parsed.data, lineNumber, file);
}

function tryParseEvent(line: string): ParsedEvent | undefined {
  try {
    const parsed = StudyEventSchema.safeParse(JSON.parse(line));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
