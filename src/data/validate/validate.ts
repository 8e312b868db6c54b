/**
 * `mlship validate`: reads a dataset once, checking it against its schema (a
 * schema file, or the one the reference data implies), profiling it, counting
 * duplicates and outliers, and comparing it with the reference for drift.
 * Returns the report and the data's profile; writing them is the caller's job.
 */

import { MlshipError } from "../../lib/errors.js";
import { formatNumber, formatP } from "../../lib/format-number.js";
import { inputKind, readInput, streamDigest } from "../../lib/input.js";
import { ownValue } from "../../lib/own-keys.js";
import { columnDrift, driftKind } from "../drift/column-drift.js";
import type { DriftConfig } from "../drift/drift-config.js";
import { sha256File } from "../fingerprint.js";
import type { ColumnProfileState } from "../profile/column-profile.js";
import { NumericDistribution } from "../profile/column-stats.js";
import {
  buildProfile,
  type ColumnProfileJSON,
  type DataProfile,
  profileTable,
  redactPii,
} from "../profile/profile.js";
import { parseProfile } from "../profile/profile-schema.js";
import { likelyDelimiter, setDelimiterHint } from "../readers/csv-reader.js";
import { detectFormat, openTable } from "../readers/open-table.js";
import type { TableFormat } from "../readers/table-reader.js";
import { type ColumnSpec, type DatasetSchema, datasetSchemaHash } from "../schema/dataset-schema.js";
import type { ColumnChecks, OutlierFences } from "./column-checks.js";
import { MAX_EXACT_KEYS, type PassPlan } from "./data-pass.js";
import type { HashPairSet } from "./hash-pair-set.js";
import type { IssueCollector } from "./issue-collector.js";
import { type ProgressListener, runDataPass } from "./parallel-pass.js";
import type { QualityConfig } from "./quality-config.js";
import type {
  ColumnSummary,
  DriftColumnResult,
  DriftReport,
  Severity,
  ValidationIssue,
  ValidationReport,
} from "./report.js";

export interface ValidateSettings {
  data: string;
  format?: TableFormat;
  delimiter?: string;
  /** A loaded dataset schema and where it came from. */
  schema?: { schema: DatasetSchema; source: string };
  /** Reference data file, or a profile JSON written by `mlship profile`. */
  reference?: string;
  quality: QualityConfig;
  drift: DriftConfig;
  /** Worker threads for large uncompressed CSV files: a number, or undefined for one per core. 1 reads in this thread. */
  parallelism?: number;
  /** Told, while the data is read, how many of its bytes have been read and how many there are. */
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
}

export interface ValidateResult {
  report: ValidationReport;
  /** The current data's profile (what `--profile-out` writes). */
  profile: DataProfile;
  /** The reference's profile, when a reference was given. */
  referenceProfile?: DataProfile;
  /** What could not be done and why (e.g. outliers of data read from a pipe), for stderr or the log. */
  notes: string[];
}

interface EffectiveColumn {
  spec: ColumnSpec;
  /** The spec was inferred from the reference, not declared in a schema file. */
  inferred: boolean;
}

export async function validateData(settings: ValidateSettings): Promise<ValidateResult> {
  const { quality } = settings;
  const notes: string[] = [];
  const dataKind = inputKind(settings.data);
  // A stream is read once: its fingerprint is taken as it passes, and no second read counts outliers.
  const once = dataKind.kind === "stream" ? dataKind.what : undefined;
  if (once && !settings.reference && settings.schema?.schema.dataset.maxOutlierShare !== undefined) {
    throw new MlshipError(
      "needs_regular_file",
      `${settings.data} is ${once}, which can be read only once, but the schema's dataset.maxOutlierShare needs outliers counted against the data's own quartiles, a second read: give a reference, or save the data to a file and give that file`,
      { file: settings.data },
    );
  }
  const reader = openTable(settings.data, { format: settings.format, delimiter: settings.delimiter });
  const columns = await reader.columns();
  const referenceProfile = settings.reference
    ? await loadReference(settings.reference, settings.schema?.schema, settings.delimiter)
    : undefined;
  if (referenceProfile) checkReferenceOverlap(referenceProfile, columns, settings);

  const effective = effectiveColumns(settings.schema?.schema, referenceProfile);
  const presence = checkColumnPresence(columns, effective, settings, {
    fromReference: referenceProfile !== undefined,
    predictionLog: reader.predictionLog === true,
  });
  const delimiterHint = oneColumnHint(columns, reader.format, settings);
  if (delimiterHint) presence.push(delimiterHint);

  const referenceColumns = new Map(referenceProfile?.columns.map((c) => [c.name, c]));
  const plan: PassPlan = {
    file: settings.data,
    format: reader.format,
    delimiter: settings.delimiter,
    columns,
    plans: columns.map((name) => {
      const column = effective?.get(name);
      const reference = referenceColumns.get(name);
      return {
        spec: column?.spec ?? null,
        inferred: column?.inferred ?? true,
        checked: column?.spec.role !== "ignore",
        fences: reference ? outlierFences(reference, quality, "the reference") : undefined,
      };
    }),
    maxIssueLines: quality.maxIssueLines,
    scanPii: quality.pii,
    maxExactKeys: MAX_EXACT_KEYS,
  };
  const [outcome, file] = await Promise.all([
    runDataPass(plan, reader, settings.parallelism, progressOf(settings, dataKind)),
    once ? streamDigest(settings.data) : sha256File(settings.data),
  ]);
  const { pass, states } = outcome;
  const { checks } = pass;
  const { issues } = pass;
  for (const issue of presence) issues.add(issue);
  const profile = buildProfile(
    [{ file: settings.data, format: reader.format, rows: outcome.rows }],
    redactPii(states, settings.schema?.schema),
  );

  if (!referenceProfile && outcome.rows > 0) {
    const targets = ownOutlierTargets(settings, profile, checks);
    if (targets.length > 0 && once) {
      notes.push(
        `outliers were not counted: without a reference they are measured against the data's own quartiles, which takes a second read, and ${settings.data} is ${once}, read once (give a reference, or a file)`,
      );
    } else if (targets.length > 0) await countOutliersAgainstOwnProfile(settings, targets);
  }
  if (!effective) reportMixedTypes(profile, issues);
  checkDatasetLimits(settings.schema?.schema, profile, outcome.rows, pass.duplicates, checks, issues);

  const drift = referenceProfile ? computeDrift(referenceProfile, profile, settings, effective) : null;
  if (drift) reportDrift(drift, issues);

  const found = issues.issues();
  const report: ValidationReport = {
    passed: verdict(found, quality.failOn),
    file: settings.data,
    format: reader.format,
    rows: outcome.rows,
    columns: profile.columns.map((c) => columnSummary(c, effective?.get(c.name)?.spec)),
    issues: found,
    drift,
    fingerprint: {
      sha256: file.sha256,
      bytes: file.bytes,
      rows: outcome.rows,
      columns,
      schemaSha256: settings.schema ? datasetSchemaHash(settings.schema.schema) : null,
    },
  };
  return { report, profile, referenceProfile, notes };
}

/** The listener the pass calls, scaled to the file's size for the caller's (0: a stream's, unknown). */
function progressOf(
  settings: ValidateSettings,
  kind: ReturnType<typeof inputKind>,
): ProgressListener | undefined {
  const { onProgress } = settings;
  if (!onProgress) return undefined;
  if (kind.kind !== "file") return (bytesRead) => onProgress(bytesRead, 0);
  const total = kind.bytes;
  return (bytesRead) => onProgress(Math.min(bytesRead, total), total);
}

function verdict(issues: ValidationIssue[], failOn: QualityConfig["failOn"]): boolean {
  if (failOn === "never") return true;
  const failing: Severity[] = failOn === "warning" ? ["error", "warning"] : ["error"];
  return !issues.some((issue) => failing.includes(issue.severity));
}

/** Reads a reference: a profile JSON as written by `mlship profile`, or a data file profiled now. */
export async function loadReference(
  file: string,
  schema?: DatasetSchema,
  delimiter?: string,
): Promise<DataProfile> {
  if (file.toLowerCase().endsWith(".json")) {
    const profile = await readProfileIfProfile(file);
    if (profile) return profile;
  }
  return profileTable(openTable(file, { delimiter }), schema);
}

async function readProfileIfProfile(file: string): Promise<DataProfile | undefined> {
  let text: string;
  try {
    // Kept, for a stream: when it is no profile it is JSON Lines data, read again as a table.
    text = (await readInput(file, true)).toString("utf8");
  } catch (error) {
    if (error instanceof MlshipError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new MlshipError(
      code === "ENOENT" ? "file_not_found" : "file_unreadable",
      `${file}: ${code === "ENOENT" ? "no such file" : "cannot be read"}`,
      { file },
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined; // not one JSON document: JSON Lines data
  }
  // A JSON object with a profile's fields is checked as a profile (a damaged one is refused,
  // never read as a row of data); anything else is data.
  if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) {
    const fields = Object.keys(parsed);
    if (PROFILE_FIELDS.some((field) => fields.includes(field))) return parseProfile(parsed, file);
  }
  return undefined;
}

/** Top-level fields only a profile has. */
const PROFILE_FIELDS = ["kind", "schemaVersion", "sources", "accuracy"];

function checkReferenceOverlap(reference: DataProfile, columns: string[], settings: ValidateSettings): void {
  const shared = reference.columns.filter((c) => columns.includes(c.name));
  if (shared.length === 0) {
    throw new MlshipError(
      "reference_mismatch",
      `the reference ${settings.reference} shares no column with ${settings.data} (reference: ${reference.columns
        .slice(0, 5)
        .map((c) => c.name)
        .join(", ")}…; data: ${columns.slice(0, 5).join(", ")}…): is it the reference for this data?`,
      { file: settings.reference },
    );
  }
}

/** The checks each column gets: from the schema file, else inferred from the reference (as TFDV does). */
function effectiveColumns(
  schema?: DatasetSchema,
  reference?: DataProfile,
): Map<string, EffectiveColumn> | undefined {
  if (schema)
    return new Map(Object.entries(schema.columns).map(([name, spec]) => [name, { spec, inferred: false }]));
  if (!reference) return undefined;
  return new Map(
    reference.columns.map((column) => [column.name, { spec: specFromProfile(column), inferred: true }]),
  );
}

/** A loose spec from a profiled column: its type, and for categories the values seen. */
export function specFromProfile(column: ColumnProfileJSON | ColumnProfileState): ColumnSpec {
  const spec: ColumnSpec = { type: column.type, nullable: true, unique: false, role: "feature", pii: false };
  if (column.type === "category" && column.categories?.top.exact) {
    spec.values = column.categories.top.items.map(([value]) => value);
  }
  return spec;
}

function checkColumnPresence(
  columns: string[],
  effective: Map<string, EffectiveColumn> | undefined,
  settings: ValidateSettings,
  { fromReference, predictionLog }: { fromReference: boolean; predictionLog: boolean },
): ValidationIssue[] {
  if (!effective) return [];
  const found: ValidationIssue[] = [];
  const source = settings.schema ? `the schema (${settings.schema.source})` : "the reference";
  const present = new Set(columns);
  for (const [name, column] of effective) {
    if (present.has(name)) continue;
    // A prediction log holds the model's inputs only: the label, the id and what the model does not take are absent.
    found.push({
      code: "missing_column",
      severity: predictionLog ? "warning" : "error",
      column: name,
      message: predictionLog
        ? `column "${name}" (${column.spec.type}) is in ${source} but not among the prediction log's inputs (the model does not take it)`
        : `column "${name}" (${column.spec.type}) is in ${source} but not in the data`,
      file: settings.data,
      line: 1,
    });
  }
  const allowExtra = settings.schema?.schema.dataset.allowExtraColumns ?? fromReference;
  for (const name of columns) {
    if (effective.has(name)) continue;
    found.push({
      code: "unexpected_column",
      severity: allowExtra ? "warning" : "error",
      column: name,
      message: `column "${name}" is not in ${source}${settings.schema && !allowExtra ? " (set dataset.allowExtraColumns: true to allow it)" : ""}`,
      file: settings.data,
      line: 1,
    });
  }
  return found;
}

/** A CSV read as one column whose name holds another usual delimiter was probably read with the wrong one. */
function oneColumnHint(
  columns: string[],
  format: TableFormat,
  settings: ValidateSettings,
): ValidationIssue | undefined {
  if (format !== "csv" || columns.length !== 1) return undefined;
  const used = settings.delimiter ?? detectFormat(settings.data)?.delimiter ?? ",";
  const other = likelyDelimiter(columns[0], used.charCodeAt(0));
  if (!other) return undefined;
  return {
    code: "single_column",
    severity: "warning",
    column: columns[0],
    message: `the file reads as one column, "${columns[0].slice(0, 60)}": it is probably separated by ${other.name}; ${setDelimiterHint(other.option)}`,
    file: settings.data,
    line: 1,
  };
}

/** Outlier fences from a column's profile: Tukey's k·IQR, or k standard deviations. */
export function outlierFences(
  column: ColumnProfileState,
  quality: QualityConfig,
  whose: string,
): OutlierFences | undefined {
  if ((column.type !== "number" && column.type !== "integer") || !column.numeric) return undefined;
  const numeric = NumericDistribution.fromJSON(column.numeric);
  if (numeric.moments.count < 4) return undefined;
  const { method, k } = quality.outliers;
  if (method === "zscore") {
    const { mean, std } = numeric.moments;
    return { low: mean - k * std, high: mean + k * std, basis: `|z| > ${k} against ${whose}` };
  }
  const q1 = numeric.values.quantile(0.25);
  const q3 = numeric.values.quantile(0.75);
  const iqr = q3 - q1;
  return { low: q1 - k * iqr, high: q3 + k * iqr, basis: `${k}×IQR of ${whose}` };
}

interface OutlierTarget {
  index: number;
  check: ColumnChecks;
  fences: OutlierFences;
}

/** The checked numeric columns whose outliers, without a reference, are measured against the data's own fences. */
function ownOutlierTargets(
  settings: ValidateSettings,
  profile: DataProfile,
  checks: (ColumnChecks | undefined)[],
): OutlierTarget[] {
  return profile.columns
    .map((column, index) => ({
      index,
      check: checks[index],
      fences: outlierFences(column, settings.quality, "this data"),
    }))
    .filter((t): t is OutlierTarget => !!t.check && !!t.fences);
}

/** Without a reference the fences come from the data itself, so outliers take a second read. */
async function countOutliersAgainstOwnProfile(
  settings: ValidateSettings,
  targets: OutlierTarget[],
): Promise<void> {
  for (const target of targets) target.check.useFences(target.fences);
  const reader = openTable(settings.data, { format: settings.format, delimiter: settings.delimiter });
  for await (const batch of reader.batches()) {
    for (const { index, check } of targets) {
      for (let row = 0; row < batch.rows; row++) {
        if (batch.isMissing(row, index)) continue;
        const value = batch.number(row, index);
        if (Number.isFinite(value)) check.checkOutlier(batch, row, value);
      }
    }
  }
}

function reportMixedTypes(profile: DataProfile, issues: IssueCollector): void {
  for (const column of profile.columns) {
    const kinds = column.kinds;
    if (!kinds || column.count === 0) continue;
    const numeric = kinds.number / column.count;
    if (numeric >= 0.9 && numeric < 1) {
      const other = column.count - kinds.number;
      issues.add({
        code: "mixed_types",
        severity: "warning",
        column: column.name,
        count: other,
        message: `"${column.name}" is ${(numeric * 100).toFixed(1)}% numbers but ${other.toLocaleString("en-US")} value${other === 1 ? " is" : "s are"} not (read as ${column.type}); declare its type in a schema to find them`,
      });
    }
  }
}

function checkDatasetLimits(
  schema: DatasetSchema | undefined,
  profile: DataProfile,
  rows: number,
  duplicates: HashPairSet,
  checks: (ColumnChecks | undefined)[],
  issues: IssueCollector,
): void {
  const limits = schema?.dataset;
  if (rows === 0) {
    issues.add({ code: "no_rows", severity: "error", message: "the data has a header but no rows" });
  }
  if (limits?.rows?.min !== undefined && rows < limits.rows.min) {
    issues.add({
      code: "row_count",
      severity: "error",
      message: `${rows.toLocaleString("en-US")} rows, fewer than the ${limits.rows.min.toLocaleString("en-US")} required`,
    });
  }
  if (limits?.rows?.max !== undefined && rows > limits.rows.max) {
    issues.add({
      code: "row_count",
      severity: "error",
      message: `${rows.toLocaleString("en-US")} rows, more than the ${limits.rows.max.toLocaleString("en-US")} allowed`,
    });
  }
  if (rows === 0) return;
  for (const column of profile.columns) {
    const spec = ownValue(schema?.columns, column.name);
    const limit = spec?.maxMissingShare ?? limits?.maxMissingShare;
    const share = column.missing / rows;
    if (limit !== undefined && share > limit) {
      issues.add({
        code: "missing_share",
        severity: "error",
        column: column.name,
        count: column.missing,
        message: `${(share * 100).toFixed(2)}% of "${column.name}" is missing (${column.missing.toLocaleString("en-US")} rows), above the ${(limit * 100).toFixed(2)}% allowed`,
      });
    }
  }
  const repeated = duplicates.repeats();
  if (limits?.maxDuplicateShare !== undefined && repeated / rows > limits.maxDuplicateShare) {
    issues.add({
      code: "duplicate_share",
      severity: "error",
      count: Math.round(repeated),
      message: `${((repeated / rows) * 100).toFixed(2)}% of rows repeat an earlier row${duplicates.exact ? "" : " (estimated from a hash sample)"}, above the ${(limits.maxDuplicateShare * 100).toFixed(2)}% allowed`,
    });
  }
  if (limits?.maxOutlierShare !== undefined) {
    checks.forEach((check, index) => {
      if (!check || check.outliers === 0) return;
      const share = check.outliers / rows;
      if (share > limits.maxOutlierShare!) {
        const name = profile.columns[index].name;
        issues.add({
          code: "outlier_share",
          severity: "error",
          column: name,
          count: check.outliers,
          message: `${(share * 100).toFixed(2)}% of "${name}" are outliers, above the ${(limits.maxOutlierShare! * 100).toFixed(2)}% allowed`,
        });
      }
    });
  }
}

function computeDrift(
  reference: DataProfile,
  current: DataProfile,
  settings: ValidateSettings,
  effective: Map<string, EffectiveColumn> | undefined,
): DriftReport {
  const { drift } = settings;
  const excluded = new Set(drift.exclude);
  const referenceColumns = new Map(reference.columns.map((c) => [c.name, c]));
  const results = current.columns.flatMap((column) => {
    const role = effective?.get(column.name)?.spec.role;
    if (excluded.has(column.name) || role === "id" || role === "ignore") return [];
    const ref = referenceColumns.get(column.name);
    if (!ref || !driftKind(column.type)) return [];
    const result = columnDrift({
      reference: ref,
      current: column,
      referenceRows: reference.rows,
      settings: ownValue(drift.columns, column.name),
    });
    return result ? [result] : [];
  });
  const drifted = results.filter((r) => r.drifted).length;
  const share = results.length > 0 ? drifted / results.length : 0;
  return {
    reference: { source: settings.reference!, rows: reference.rows },
    columns: results,
    share,
    threshold: drift.threshold,
    drifted: share > drift.threshold,
  };
}

function reportDrift(drift: DriftReport, issues: IssueCollector): void {
  const drifted = drift.columns.filter((c) => c.drifted);
  for (const column of drifted) {
    issues.add({
      code: "column_drift",
      severity: "warning",
      column: column.name,
      message: `"${column.name}" drifted: ${column.test} ${column.pValue !== null ? `p = ${formatP(column.pValue)} < ${column.threshold}` : `${column.statistic.toFixed(4)} ≥ ${column.threshold}`}${approximateText(column)}`,
    });
  }
  if (drift.drifted) {
    issues.add({
      code: "dataset_drift",
      severity: "error",
      count: drifted.length,
      message: `dataset drift: ${drifted.length} of ${drift.columns.length} columns drifted (${(drift.share * 100).toFixed(1)}% > ${(drift.threshold * 100).toFixed(0)}%): ${drifted.map((c) => c.name).join(", ")}`,
    });
  }
}

/** " (approximate: …; borderline)" for a result from a sketch, else nothing. */
function approximateText(column: DriftColumnResult): string {
  if (!column.approximate) return "";
  const bound =
    column.pValue !== null && column.approximate.pValue
      ? `p between ${formatP(column.approximate.pValue.low)} and ${formatP(column.approximate.pValue.high)}`
      : `± ${formatNumber(column.approximate.errorBound)}`;
  return ` (approximate: ${bound}${column.borderline ? "; borderline" : ""})`;
}

function columnSummary(column: ColumnProfileJSON, spec?: ColumnSpec): ColumnSummary {
  const summary: ColumnSummary = {
    name: column.name,
    type: column.type,
    count: column.count,
    missing: column.missing,
    distinct: column.distinct,
  };
  if (spec?.role) summary.role = spec.role;
  // The smallest and largest values are values: a pii column (a birth date, a salary) shows neither.
  if (column.min !== undefined && !spec?.pii) summary.min = column.min;
  if (column.max !== undefined && !spec?.pii) summary.max = column.max;
  if (column.mean !== undefined) summary.mean = column.mean;
  if (column.std !== undefined) summary.std = column.std;
  if (column.top && column.type !== "string" && !spec?.pii) summary.top = column.top.slice(0, 5);
  return summary;
}
