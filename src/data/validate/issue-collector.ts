/**
 * Gathers issues while a file is read: one counter per (code, column,
 * variant), counting every occurrence and keeping the lines of the first few,
 * so a report can say "1,204 rows, first at lines 12, 40, 77" without holding
 * all of them. Counters of collectors that read parts of one file (worker
 * threads over byte ranges) merge: counts add, lines follow in file order.
 */
import { appendAll } from "../../lib/arrays.js";
import type { Severity, ValidationIssue } from "./report.js";

export type DescribeIssue = (count: number, example: string | undefined) => string;

/** One issue being counted; `hit` is cheap enough for every cell. */
export class IssueCounter {
  count = 0;
  readonly lines: number[] = [];
  example?: string;

  constructor(
    readonly key: string,
    readonly code: string,
    readonly severity: Severity,
    readonly column: string | undefined,
    readonly describe: DescribeIssue,
    private readonly maxLines: number,
  ) {}

  /** Counts one occurrence; `example` is kept from the first one only, so pass it only when `count` is 0. */
  hit(line: number | undefined, example?: string): void {
    if (this.count === 0) this.example = example;
    this.count++;
    if (line !== undefined && this.lines.length < this.maxLines) this.lines.push(line);
  }

  /** Adds the counts of the same issue in a later part of the file, whose lines start after `lineOffset`. */
  absorb(part: IssueCounterState, lineOffset: number): void {
    if (part.count === 0) return;
    if (this.count === 0) this.example = part.example;
    this.count += part.count;
    for (const line of part.lines) {
      if (this.lines.length >= this.maxLines) break;
      this.lines.push(line + lineOffset);
    }
  }

  state(): IssueCounterState {
    return { key: this.key, count: this.count, lines: this.lines, example: this.example };
  }
}

/** What a counter holds, as plain data (crosses worker threads). */
export interface IssueCounterState {
  key: string;
  count: number;
  lines: number[];
  example?: string;
}

export class IssueCollector {
  private readonly counters = new Map<string, IssueCounter>();
  private readonly order: IssueCounter[] = [];

  constructor(
    private readonly file: string,
    private readonly maxLines: number,
  ) {}

  /**
   * The counter for (code, column, variant), created on first use with this
   * severity and message. Counters that are never hit are not reported, so
   * checks create theirs up front.
   */
  counter(
    code: string,
    severity: Severity,
    column: string | undefined,
    describe: DescribeIssue,
    variant = "",
  ): IssueCounter {
    const key = `${code}\u0000${column ?? ""}\u0000${variant}`;
    let counter = this.counters.get(key);
    if (!counter) {
      counter = new IssueCounter(key, code, severity, column, describe, this.maxLines);
      this.counters.set(key, counter);
      this.order.push(counter);
    }
    return counter;
  }

  /** Adds a finished issue (dataset-level checks computed after the pass). */
  add(issue: ValidationIssue): void {
    const counter = new IssueCounter(
      `${issue.code}\u0000${issue.column ?? ""}\u0000#${this.order.length}`,
      issue.code,
      issue.severity,
      issue.column,
      () => issue.message,
      this.maxLines,
    );
    counter.count = issue.count ?? 1;
    appendAll(counter.lines, issue.lines ?? (issue.line !== undefined ? [issue.line] : []));
    this.order.push(counter);
  }

  /** The counters that were hit, as plain data. */
  states(): IssueCounterState[] {
    return this.order.filter((c) => c.count > 0).map((c) => c.state());
  }

  /** Adds counters read from a later part of the file; every key must name a counter this collector has. */
  absorb(parts: IssueCounterState[], lineOffset: number): void {
    for (const part of parts) {
      const counter = this.counters.get(part.key);
      if (!counter)
        throw new Error(`issue counter ${JSON.stringify(part.key)} is unknown to the merging collector`);
      counter.absorb(part, lineOffset);
    }
  }

  issues(): ValidationIssue[] {
    const severityRank = (s: Severity) => (s === "error" ? 0 : 1);
    return this.order
      .filter((counter) => counter.count > 0)
      .sort((a, b) => severityRank(a.severity) - severityRank(b.severity))
      .map((counter) => {
        const issue: ValidationIssue = {
          code: counter.code,
          severity: counter.severity,
          message: counter.describe(counter.count, counter.example),
          count: counter.count,
        };
        if (counter.column !== undefined) issue.column = counter.column;
        if (counter.lines.length > 0) {
          issue.file = this.file;
          issue.line = counter.lines[0];
          issue.lines = counter.lines;
        }
        return issue;
      });
  }
}
