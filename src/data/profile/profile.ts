/**
 * The data profile: per-column statistics of a dataset, computed in one
 * streaming pass, mergeable across shards (`mlship profile merge`), and
 * stored by the registry as a model's reference data for drift checks.
 */

import { maxOf } from "../../lib/arrays.js";
import { MlshipError } from "../../lib/errors.js";
import { ownValue } from "../../lib/own-keys.js";
import type { RowBatch, TableReader } from "../readers/table-reader.js";
import type { ColumnSpec, ColumnType, DatasetSchema } from "../schema/dataset-schema.js";
import { HyperLogLog } from "../sketch/hyperloglog.js";
import type { ValueStore } from "../sketch/value-store.js";
import {
  type CellObserver,
  type ColumnProfiler,
  type ColumnProfileState,
  InferringColumnProfiler,
  inferType,
  NumericColumnProfiler,
  TextColumnProfiler,
} from "./column-profile.js";
import { CategoryDistribution, NumericDistribution } from "./column-stats.js";

export const PROFILE_KIND = "mlship.profile";
/**
 * 2: numeric columns keep their values exactly up to 2^20 distinct ones (then a
 * KLL sketch of k = 3000). 1: a KLL sketch of k = 200, exact up to 2048 values
 * (still read).
 */
export const PROFILE_SCHEMA_VERSION = 2;
export const READABLE_PROFILE_VERSIONS: readonly number[] = [1, 2];
const SUMMARY_QUANTILES = [0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99] as const;
const HISTOGRAM_BINS = 20;
const TOP_VALUES = 10;

export interface ColumnSummaryStats {
  /** Distinct present values: exact up to 1024, else a HyperLogLog estimate. */
  distinct: number;
  min?: number | string;
  max?: number | string;
  mean?: number;
  /** Population standard deviation. */
  std?: number;
  quantiles?: Record<string, number>;
  /** Equal-width bins between min and max; counts from the column's values (exact while they are). */
  histogram?: { edges: number[]; counts: number[] };
  top?: { value: string; count: number }[];
}

export interface ColumnProfileJSON extends Omit<ColumnProfileState, "distinct">, ColumnSummaryStats {}

export interface DataProfile {
  kind: typeof PROFILE_KIND;
  /** PROFILE_SCHEMA_VERSION when written now; 1 in profiles read from older files. */
  schemaVersion: number;
  /** The files the profile was computed from (several after a merge). */
  sources: { file: string; format: string; rows: number }[];
  rows: number;
  /**
   * Bounds of the sketches, so readers know how far to trust quantiles and counts:
   * the largest rank error of any numeric column (0 while every one is exact; 99%
   * confidence) and the distinct estimate's relative standard error.
   */
  accuracy: { quantileRankError: number; distinctRelativeError: number };
  columns: ColumnProfileJSON[];
}

/** Creates the profiler for a column: typed when the schema declares it, inferring otherwise. */
export function createProfiler(name: string, spec?: Pick<ColumnSpec, "type">): ColumnProfiler {
  switch (spec?.type) {
    case "number":
    case "integer":
    case "datetime":
      return new NumericColumnProfiler(name, spec.type);
    case "category":
    case "string":
    case "boolean":
      return new TextColumnProfiler(name, spec.type);
    default:
      return new InferringColumnProfiler(name);
  }
}

export interface ProfilePass {
  columns: string[];
  profilers: ColumnProfiler[];
  rows: number;
}

/**
 * Reads every batch once and feeds each column to its profiler. `observers`
 * (by column index) and `onBatch` let validation run its checks in the same pass.
 */
export async function runProfilePass(
  reader: TableReader,
  options: {
    types?: Map<string, Pick<ColumnSpec, "type">>;
    observers?: (CellObserver | undefined)[];
    onBatch?: (batch: RowBatch) => void;
  } = {},
): Promise<ProfilePass> {
  const columns = await reader.columns();
  const profilers = columns.map((name) => createProfiler(name, options.types?.get(name)));
  let rows = 0;
  for await (const batch of reader.batches()) {
    for (let col = 0; col < columns.length; col++)
      profilers[col].consume(batch, col, options.observers?.[col]);
    options.onBatch?.(batch);
    rows += batch.rows;
  }
  return { columns, profilers, rows };
}

export async function profileTable(reader: TableReader, schema?: DatasetSchema): Promise<DataProfile> {
  const types = schema ? new Map(Object.entries(schema.columns)) : undefined;
  const pass = await runProfilePass(reader, { types });
  return buildProfile(
    [{ file: reader.file, format: reader.format, rows: pass.rows }],
    redactPii(
      pass.profilers.map((p) => p.state()),
      schema,
    ),
  );
}

/**
 * Profiles are published (the registry stores one with every model), so the
 * columns a schema marks `pii: true` keep their counts and distinct estimate
 * but lose every sketch, which would hold their values.
 */
export function redactPii(states: ColumnProfileState[], schema?: DatasetSchema): ColumnProfileState[] {
  if (!schema) return states;
  return states.map((state) => {
    if (!ownValue(schema.columns, state.name)?.pii) return state;
    const { name, type, declared, count, missing, invalid } = state;
    return {
      name,
      type,
      declared,
      count,
      missing,
      invalid,
      pii: true,
      distinct: summarizeColumn(state).distinct,
    };
  });
}

export function buildProfile(sources: DataProfile["sources"], states: ColumnProfileState[]): DataProfile {
  return {
    kind: PROFILE_KIND,
    schemaVersion: PROFILE_SCHEMA_VERSION,
    sources,
    rows: sources.reduce((sum, s) => sum + s.rows, 0),
    accuracy: {
      quantileRankError: states.reduce((worst, state) => Math.max(worst, rankErrorOf(state)), 0),
      distinctRelativeError: new HyperLogLog().standardError,
    },
    columns: states.map((state) => ({ ...state, ...summarizeColumn(state) })),
  };
}

function rankErrorOf(state: ColumnProfileState): number {
  return state.numeric ? NumericDistribution.fromJSON(state.numeric).values.rankError : 0;
}

export function summarizeColumn(state: ColumnProfileState): ColumnSummaryStats {
  const summary: ColumnSummaryStats = { distinct: state.distinct ?? 0 };
  if (state.numeric) {
    const numeric = NumericDistribution.fromJSON(state.numeric);
    const { moments, values } = numeric;
    summary.distinct = Math.round(numeric.distinct.estimate());
    if (moments.count > 0) {
      const asDate = state.type === "datetime";
      summary.min = asDate ? new Date(moments.min).toISOString() : moments.min;
      summary.max = asDate ? new Date(moments.max).toISOString() : moments.max;
      if (!asDate) {
        summary.mean = moments.mean;
        summary.std = moments.std;
      }
      summary.quantiles = Object.fromEntries(
        SUMMARY_QUANTILES.map((q) => [`p${Math.round(q * 100)}`, values.quantile(q)]),
      );
      summary.histogram = histogram(values, moments.min, moments.max);
    }
  }
  if (state.categories) {
    const categories = CategoryDistribution.fromJSON(state.categories);
    if (!state.numeric) summary.distinct = Math.round(categories.distinct.estimate());
    if (state.type !== "string" || categories.top.total > 0) {
      summary.top = categories.top.top(TOP_VALUES).map((e) => ({ value: e.value, count: e.count }));
    }
  }
  return summary;
}

function histogram(sketch: ValueStore, min: number, max: number): { edges: number[]; counts: number[] } {
  const n = sketch.count;
  if (min === max) return { edges: [min, max], counts: [n] };
  const bins = HISTOGRAM_BINS;
  const edges = Array.from({ length: bins + 1 }, (_, i) =>
    i === bins ? max : min + ((max - min) * i) / bins,
  );
  // rank(x) is the share ≤ x, so bin i holds (edge_i, edge_i+1]; the first bin also takes min itself.
  const ranks = edges.map((edge, i) => (i === 0 ? 0 : i === bins ? 1 : sketch.rank(edge)));
  const counts = edges.slice(1).map((_, i) => Math.round((ranks[i + 1] - ranks[i]) * n));
  return { edges, counts };
}

/** Restores the column distributions a profile stores, for drift tests and merging. */
export function columnDistributions(column: ColumnProfileState): {
  numeric?: NumericDistribution;
  categories?: CategoryDistribution;
} {
  return {
    numeric: column.numeric ? NumericDistribution.fromJSON(column.numeric) : undefined,
    categories: column.categories ? CategoryDistribution.fromJSON(column.categories) : undefined,
  };
}

/**
 * Merges profiles of shards of one dataset into the profile of their union.
 * Columns must match by name; declared types must agree; inferred types are
 * decided again from the merged readings.
 */
export function mergeProfiles(profiles: DataProfile[], names: string[] = []): DataProfile {
  if (profiles.length === 0) throw new MlshipError("bad_usage", "profile merge needs at least one profile");
  const first = profiles[0];
  const label = (i: number) => names[i] ?? `profile ${i + 1}`;
  profiles.forEach((profile, i) => {
    const a = first.columns.map((c) => c.name).join("\u0000");
    const b = profile.columns.map((c) => c.name).join("\u0000");
    if (a !== b) {
      const missing = first.columns
        .filter((c) => !profile.columns.some((d) => d.name === c.name))
        .map((c) => c.name);
      const extra = profile.columns
        .filter((c) => !first.columns.some((d) => d.name === c.name))
        .map((c) => c.name);
      throw new MlshipError(
        "profile_mismatch",
        `${label(i)} has other columns than ${label(0)}${missing.length ? ` (lacks ${missing.join(", ")})` : ""}${extra.length ? ` (adds ${extra.join(", ")})` : ""}${!missing.length && !extra.length ? " (in another order)" : ""}`,
        { file: names[i] },
      );
    }
  });
  const states = first.columns.map((_, c) => {
    const parts = profiles.map((p) => p.columns[c]);
    return mergeColumnStates(parts, (i) => label(i));
  });
  return buildProfile(
    profiles.flatMap((p) => p.sources),
    states,
  );
}

export function mergeColumnStates(
  parts: ColumnProfileState[],
  label: (i: number) => string,
): ColumnProfileState {
  const declared = parts[0].declared;
  parts.forEach((part, i) => {
    if (part.declared !== declared || (declared && part.type !== parts[0].type)) {
      throw new MlshipError(
        "profile_mismatch",
        `column "${part.name}" is ${part.declared ? "declared" : "inferred"} ${part.type} in ${label(i)} but ${parts[0].declared ? "declared" : "inferred"} ${parts[0].type} in ${label(0)}: profile both shards with the same schema`,
      );
    }
  });
  const merged: ColumnProfileState = {
    name: parts[0].name,
    type: parts[0].type,
    declared,
    count: sum(parts.map((p) => p.count)),
    missing: sum(parts.map((p) => p.missing)),
    invalid: sum(parts.map((p) => p.invalid)),
  };
  if (parts.some((p) => p.pii)) {
    // Redacted shards keep no sketch to merge: the largest estimate is a lower bound of the union's.
    return { ...merged, pii: true, distinct: maxOf(parts.map((p) => summarizeColumn(p).distinct)) };
  }
  const categories = mergeDistributions(
    parts.map((p) => p.categories),
    CategoryDistribution.fromJSON,
  );
  if (declared) {
    const numeric = mergeDistributions(
      parts.map((p) => p.numeric),
      NumericDistribution.fromJSON,
    );
    if (numeric) merged.numeric = numeric.toJSON();
    if (categories) merged.categories = categories.toJSON();
    return merged;
  }
  const kinds = { number: 0, integer: 0, boolean: 0, datetime: 0, textLength: 0 };
  for (const part of parts) {
    for (const key of Object.keys(kinds) as (keyof typeof kinds)[]) kinds[key] += part.kinds?.[key] ?? 0;
  }
  merged.kinds = kinds;
  merged.type = inferType(merged.count, kinds, categories?.distinct.estimate() ?? 0);
  if (categories) merged.categories = categories.toJSON();
  const numericType: ColumnType[] = ["number", "integer", "datetime"];
  if (numericType.includes(merged.type)) {
    // Every shard read all-numeric (or all-date) for the union to: each carries the distribution.
    const numeric = mergeDistributions(
      parts.map((p) => p.numeric),
      NumericDistribution.fromJSON,
    );
    if (numeric) merged.numeric = numeric.toJSON();
  }
  return merged;
}

function mergeDistributions<J, D extends { merge(other: D): void }>(
  parts: (J | undefined)[],
  fromJSON: (json: J) => D,
): D | undefined {
  let merged: D | undefined;
  for (const part of parts) {
    if (!part) continue;
    const d = fromJSON(part);
    if (merged) merged.merge(d);
    else merged = d;
  }
  return merged;
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
