/**
 * Errors a user can cause (bad files, bad options, bad config). They carry what
 * was wrong and where, and the exit code the CLI and the actions use.
 * Anything that is not an MlshipError is a bug and is reported with its stack.
 */

/** Exit codes shared by every command (DESIGN.md, "The CLI"). */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  badInput: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface ErrorLocation {
  /** File the problem is in. */
  file?: string;
  /** 1-based line in the file. */
  line?: number;
  /** Column name or 1-based column number. */
  column?: string | number;
  /** Path inside a structured file, e.g. `drift.threshold`. */
  path?: string;
}

export class MlshipError extends Error {
  readonly code: string;
  readonly exitCode: ExitCode;
  readonly location: ErrorLocation;

  constructor(
    code: string,
    message: string,
    location: ErrorLocation = {},
    exitCode: ExitCode = ExitCode.badInput,
  ) {
    super(message);
    this.name = "MlshipError";
    this.code = code;
    this.location = location;
    this.exitCode = exitCode;
  }

  /** `file:line: column x: message` — the form editors and annotations understand. */
  describe(): string {
    const { file, line, column, path } = this.location;
    let where = "";
    // Messages that already open with the file ("data.csv: no such file") need no second copy of it.
    const named = file !== undefined && this.message.startsWith(file);
    if (file && !named) where = line ? `${file}:${line}` : file;
    if (path) where = where ? `${where} (${path})` : path;
    if (column !== undefined && column !== "") where = `${where}${where ? ", " : ""}column ${column}`;
    return where ? `${where}: ${this.message}` : this.message;
  }
}

export function isMlshipError(error: unknown): error is MlshipError {
  return error instanceof MlshipError;
}
