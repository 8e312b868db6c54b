/**
 * One read of (a part of) a dataset for validation: each column's profiler
 * and checks, and the duplicate-row count, fed batch by batch. A pass is
 * described by a plan of plain data, so parts of one file can be read in
 * worker threads and their results merged into the pass of the whole file.
 */
import type { ColumnProfiler, ColumnProfileState } from "../profile/column-profile.js";
import { createProfiler, mergeColumnStates } from "../profile/profile.js";
import type { RowBatch, TableFormat } from "../readers/table-reader.js";
import type { ColumnSpec } from "../schema/dataset-schema.js";
import { ColumnChecks, type OutlierFences } from "./column-checks.js";
import { HashPairSet, type HashPairSetState } from "./hash-pair-set.js";
import { IssueCollector, type IssueCounter, type IssueCounterState } from "./issue-collector.js";

export interface ColumnPlan {
  /** The declared or reference-inferred spec; null when the type is inferred from this data. */
  spec: ColumnSpec | null;
  /** The spec came from the reference, not a schema file. */
  inferred: boolean;
  /** False for `role: ignore` columns. */
  checked: boolean;
  fences?: OutlierFences;
}

/** Everything a pass needs, as plain data (it crosses to worker threads). */
export interface PassPlan {
  file: string;
  format: TableFormat;
  delimiter?: string;
  columns: string[];
  plans: ColumnPlan[];
  maxIssueLines: number;
  scanPii: boolean;
  /**
   * Most distinct rows (and ids of a unique column) kept exactly before
   * duplicate counting turns to sampling; bounds the memory of a pass
   * (8 bytes a slot, at most two slots a key). Parts of a file share it.
   */
  maxExactKeys: number;
}

/** Distinct keys a whole read keeps exactly: 2 Mi keys, 32 MiB of slots at most. */
export const MAX_EXACT_KEYS = 1 << 21;
const MAX_EXACT_KEYS_TEXT = MAX_EXACT_KEYS.toLocaleString("en-US");

/** What a pass over one part found, as plain data (typed arrays can be transferred). */
export interface PassResult {
  rows: number;
  states: ColumnProfileState[];
  issues: IssueCounterState[];
  duplicates: HashPairSetState;
  uniques: (HashPairSetState | null)[];
}

/** Said of repeat counts estimated from a hash sample. */
export const SAMPLED = ` (estimated: more than ${MAX_EXACT_KEYS_TEXT} distinct keys, so counted on a hash sample)`;

const INFERENCE_ONLY: ColumnSpec = {
  type: "string",
  nullable: true,
  unique: false,
  role: "feature",
  pii: false,
};

export class DataPass {
  readonly issues: IssueCollector;
  readonly profilers: ColumnProfiler[];
  readonly checks: (ColumnChecks | undefined)[];
  duplicates: HashPairSet;
  readonly repeatedRows: IssueCounter;
  rows = 0;
  private readonly rowHash = new Uint32Array(2);

  constructor(readonly plan: PassPlan) {
    this.issues = new IssueCollector(plan.file, plan.maxIssueLines);
    this.profilers = plan.columns.map((name, i) => createProfiler(name, plan.plans[i].spec ?? undefined));
    this.checks = plan.columns.map((name, column) => {
      const columnPlan = plan.plans[column];
      if (!columnPlan.checked) return undefined;
      return new ColumnChecks({
        name,
        column,
        spec: columnPlan.spec ?? INFERENCE_ONLY,
        inferred: columnPlan.inferred,
        issues: this.issues,
        fences: columnPlan.fences,
        scanPii: plan.scanPii,
        maxExactKeys: plan.maxExactKeys,
      });
    });
    this.duplicates = new HashPairSet(plan.maxExactKeys);
    this.repeatedRows = this.issues.counter(
      "duplicate_rows",
      "warning",
      undefined,
      (n) =>
        `${n.toLocaleString("en-US")} row${n === 1 ? "" : "s"} exactly repeat${n === 1 ? "s" : ""} an earlier row${this.duplicates.exact ? "" : SAMPLED}`,
    );
  }

  /**
   * Once every row is in: where a set kept only a sample of its keys, the
   * repeat counts become the sample's estimate of the whole (the listed lines
   * are real repeats, the first ones found).
   */
  settleRepeatCounts(): void {
    if (!this.duplicates.exact) this.repeatedRows.count = Math.round(this.duplicates.repeats());
    for (const check of this.checks) {
      if (check?.unique && !check.unique.exact)
        check.repeatedValues.count = Math.round(check.unique.repeats());
    }
  }

  consume(batch: RowBatch): void {
    const { profilers, checks } = this;
    for (let col = 0; col < profilers.length; col++) profilers[col].consume(batch, col, checks[col]);
    const { duplicates, repeatedRows, rowHash } = this;
    for (let row = 0; row < batch.rows; row++) {
      batch.rowHash(row, rowHash);
      if (duplicates.add(rowHash[0], rowHash[1])) repeatedRows.hit(batch.line(row));
    }
    this.rows += batch.rows;
  }

  /** The profile states of what was consumed. */
  states(): ColumnProfileState[] {
    return this.profilers.map((p) => p.state());
  }

  result(): PassResult {
    return {
      rows: this.rows,
      states: this.states(),
      issues: this.issues.states(),
      duplicates: this.duplicates.state(),
      uniques: this.checks.map((check) => check?.unique?.state() ?? null),
    };
  }
}

export interface MergedPass {
  pass: DataPass;
  rows: number;
  states: ColumnProfileState[];
}

/**
 * Merges the results of consecutive parts of one file. `lineOffsets[i]` is the
 * number of lines before part i (part lines count from 1 at its first byte).
 */
export function mergePassResults(plan: PassPlan, parts: PassResult[], lineOffsets: number[]): MergedPass {
  const merged = new DataPass(plan);
  merged.duplicates = HashPairSet.fromState(parts[0].duplicates, plan.maxExactKeys);
  parts.forEach((part, i) => {
    merged.issues.absorb(part.issues, lineOffsets[i]);
    if (i === 0) return;
    merged.repeatedRows.count += merged.duplicates.absorb(part.duplicates);
    part.uniques.forEach((unique, column) => {
      const check = merged.checks[column];
      if (!unique || !check?.unique) return;
      if (i === 1) check.unique.absorb(parts[0].uniques[column]!);
      check.repeatedValues.count += check.unique.absorb(unique);
    });
  });
  const states = plan.columns.map((name, column) =>
    mergeColumnStates(
      parts.map((part) => part.states[column]),
      (i) => `part ${i + 1} of ${name}`,
    ),
  );
  return { pass: merged, rows: parts.reduce((sum, part) => sum + part.rows, 0), states };
}
