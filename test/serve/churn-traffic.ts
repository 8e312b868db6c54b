/**
 * Churn traffic for the serving tests: a churn model trained by `mlship train` on the example
 * reference data, rows from that reference, and the same rows shifted (longer tenure, higher
 * charges, more support calls, premium plans) so that 200 of them drift without doubt.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import { type CliWorkspace, EXAMPLES, ROOT } from "../cli/run-cli.js";

export const REFERENCE_CSV = join(EXAMPLES, "churn-reference.csv");
export const SCHEMA = join(ROOT, "examples/schema.yml");

/** Trains `builtin:logistic` on the churn reference into `<out>/model.onnx`, served as `model`. */
export async function trainChurn(cli: CliWorkspace, out = "churn"): Promise<string> {
  const result = await cli.run([
    "train",
    "--data",
    REFERENCE_CSV,
    "--label",
    "churned",
    "--schema",
    SCHEMA,
    "--out",
    out,
  ]);
  expect(result.code, result.stderr).toBe(0);
  return cli.path(join(out, "model.onnx"));
}

type Row = Record<string, unknown>;

/** `count` rows of the reference (the same rows as churn-reference.csv), from row `from` (0-based). */
export async function referenceRows(count: number, from = 0): Promise<Row[]> {
  const text = await readFile(join(EXAMPLES, "churn-reference.jsonl"), "utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .slice(from, from + count)
    .map((line) => JSON.parse(line) as Row);
}

/** The rows moved far from the reference on four features. */
export function shifted(rows: Row[]): Row[] {
  return rows.map((row) => ({
    ...row,
    tenure_months: (row.tenure_months as number) + 30,
    monthly_charges: Math.round((row.monthly_charges as number) * 160) / 100,
    support_calls: row.support_calls === null ? null : (row.support_calls as number) + 4,
    plan: "premium",
  }));
}

/** `rows` in requests of `size` instances. */
export function inRequests(rows: Row[], size: number): Row[][] {
  return Array.from({ length: Math.ceil(rows.length / size) }, (_, i) =>
    rows.slice(i * size, (i + 1) * size),
  );
}
