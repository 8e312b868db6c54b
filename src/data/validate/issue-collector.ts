/**
 * Gathers issues while a file is read: one entry per (code, column), counting
 * every occurrence and keeping the lines of the first few, so a report can say
 * "1,204 rows, first at lines 12, 40, 77" without holding all of them.
 */
import type { Severity, ValidationIssue } from "./report.js";

interface Entry {
  code: string;
  severity: Severity;
  column?: string;
  count: number;
  lines: number[];
  /** Builds the message once the count is final. */
  describe: (count: number, example: string | undefined) => string;
  example?: string;
}

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
    const key = `${code}\u0000${column ?? ""}`;
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { code, severity, column, count: 0, lines: [], describe, example };
      this.entries.set(key, entry);
      this.order.push(entry);
    }
    entry.count++;
    if (line !== undefined && entry.lines.length < this.maxLines) entry.lines.push(line);
  }

  /** Adds a finished issue (dataset-level checks computed after the pass). */
  add(issue: ValidationIssue): void {
    const key = `${issue.code}\u0000${issue.column ?? ""}\u0000${this.order.length}`;
    const entry: Entry = {
      code: issue.code,
      severity: issue.severity,
      column: issue.column,
      count: issue.count ?? 1,
      lines: issue.lines ?? (issue.line !== undefined ? [issue.line] : []),
      describe: () => issue.message,
    };
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
    return [...this.order]
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

/** "3 rows (lines 4, 9, 12)" / "1 row (line 4)" / "1,204 rows (first at lines 4, 9, …)". */
export function describeRows(count: number, what = "row"): string {
  return `${count.toLocaleString("en-US")} ${what}${count === 1 ? "" : "s"}`;
}
