/**
 * Gathers issues while a file is read: one entry per (code, column), counting
 * every occurrence and keeping the lines of the first few, so a report can say
 * "1,204 rows, first at lines 12, 40, 77" without holding all of them.
 */
import type { Severity, ValidationIssue } from "./report.js";

/** One (code, column) issue being counted; `hit` is cheap enough for every cell. */
export class IssueCounter {
  count = 0;
  readonly lines: number[] = [];
  example?: string;

  constructor(
    readonly code: string,
    readonly severity: Severity,
    readonly column: string | undefined,
    readonly describe: (count: number, example: string | undefined) => string,
    private readonly maxLines: number,
  ) {}

  /** Counts one occurrence; `example` is kept from the first one only, so pass it only when `count` is 0. */
  hit(line: number | undefined, example?: string): void {
    if (this.count === 0) this.example = example;
    this.count++;
    if (line !== undefined && this.lines.length < this.maxLines) this.lines.push(line);
  }
}

type Entry = IssueCounter;

export class IssueCollector {
  private readonly entries = new Map<string, Entry>();
  private readonly order: Entry[] = [];

  constructor(
    private readonly file: string,
    private readonly maxLines: number,
  ) {}

  /**
   * Records one occurrence. `describe` and `severity` are taken from the first
   * call for a (code, column) pair; `example` is the first offending value.
   */
  record(
    code: string,
    severity: Severity,
    column: string | undefined,
    line: number | undefined,
    describe: Entry["describe"],
    example?: string,
  ): void {
    const counter = this.counter(code, severity, column, describe);
    counter.hit(line, counter.count === 0 ? example : undefined);
  }

  /** The counter for (code, column), created on first use with this severity and message. */
  counter(code: string, severity: Severity, column: string | undefined, describe: Entry["describe"]): IssueCounter {
    const key = `${code}\u0000${column ?? ""}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = new IssueCounter(code, severity, column, describe, this.maxLines);
      this.entries.set(key, entry);
      this.order.push(entry);
    }
    return entry as IssueCounter;
  }

  /** Adds a finished issue (dataset-level checks computed after the pass). */
  add(issue: ValidationIssue): void {
    const key = `${issue.code}\u0000${issue.column ?? ""}\u0000${this.order.length}`;
    const entry = new IssueCounter(issue.code, issue.severity, issue.column, () => issue.message, this.maxLines);
    entry.count = issue.count ?? 1;
    entry.lines.push(...(issue.lines ?? (issue.line !== undefined ? [issue.line] : [])));
    this.entries.set(key, entry);
    this.order.push(entry);
  }

  has(code: string, column?: string): boolean {
    return this.entries.has(`${code}\u0000${column ?? ""}`);
  }

  count(code: string, column?: string): number {
    return this.entries.get(`${code}\u0000${column ?? ""}`)?.count ?? 0;
  }

  issues(): ValidationIssue[] {
    const severityRank = (s: Severity) => (s === "error" ? 0 : 1);
    return this.order
      .filter((entry) => entry.count > 0)
      .sort((a, b) => severityRank(a.severity) - severityRank(b.severity))
      .map((entry) => {
        const issue: ValidationIssue = {
          code: entry.code,
          severity: entry.severity,
          message: entry.describe(entry.count, entry.example),
          count: entry.count,
        };
        if (entry.column !== undefined) issue.column = entry.column;
        if (entry.lines.length > 0) {
          issue.file = this.file;
          issue.line = entry.lines[0];
          issue.lines = entry.lines;
        }
        return issue;
      });
  }
}
