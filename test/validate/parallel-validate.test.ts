/**
 * Reading a CSV in worker threads over byte ranges must give the report a
 * single read gives: the same issues with the same counts and lines, the same
 * duplicates (also across ranges), the same profile. One documented difference:
 * a row repeating a row of an earlier range is counted, but its line is not
 * listed. Runs the built CLI, since worker threads start the bundled script.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const cli = join(import.meta.dirname, "../../dist/cli/index.js");
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mlship-parallel-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rows with problems spread through the file, quoted newlines, and repeats far apart. */
function writeData(file: string, rows: number): void {
  const lines = ["id,amount,count,region,note"];
  for (let i = 0; i < rows; i++) {
    const id = i % 997 === 5 ? "dup-id" : `id-${i}`;
    const amount = i % 1009 === 3 ? "oops" : ((i * 7919) % 1000) / 10;
    const count = i % 613 === 1 ? "" : String(i % 9);
    const region = ["north", "south", "east", "west"][i % 4];
    const note =
      i % 50 === 0
        ? `"line one\nline two, with ""quotes"""`
        : i % 1201 === 7
          ? "mail me at a.b@example.com"
          : "ok";
    lines.push(`${id},${amount},${count},${region},${note}`);
    if (i % 4999 === 11) lines.push(`${id},${amount},${count},${region},${note}`); // an exact repeat
  }
  // The same row at the top and the bottom: a repeat only a merge of the ranges can see.
  lines.push(lines[1]);
  writeFileSync(file, `${lines.join("\n")}\n`);
}

const SCHEMA = `columns:
  id: { type: string, role: id, unique: true }
  amount: { type: number, min: 0, max: 90 }
  count: { type: integer, nullable: false }
  region: { type: category, values: [north, south, east] }
  note: { type: string }
dataset:
  maxDuplicateShare: 0.5
`;

interface Issue {
  code: string;
  count: number;
  lines?: number[];
}

/** Issues with the lines of repeats left out (repeats across ranges are counted, not located). */
function comparable(report: Record<string, unknown>): Issue[] {
  return (report.issues as Issue[]).map((issue) =>
    issue.code === "duplicate_rows" || issue.code === "not_unique"
      ? { ...issue, line: undefined, lines: undefined }
      : issue,
  );
}

/** The listed lines of an issue in a parallel read are lines the single read lists or would list. */
function expectLinesAmongRepeats(
  parallel: Record<string, unknown>,
  single: Record<string, unknown>,
  code: string,
): void {
  const find = (r: Record<string, unknown>) => (r.issues as Issue[]).find((i) => i.code === code);
  const lines = find(parallel)?.lines ?? [];
  expect(lines.length).toBeGreaterThan(0);
  expect(lines).toEqual([...lines].sort((a, b) => a - b));
  expect(find(parallel)?.count).toBe(find(single)?.count);
}

/** Column summaries with std rounded: merged squared deviations differ from one pass in the last bits (means do not). */
function columnsRounded(report: Record<string, unknown>): unknown[] {
  return (report.columns as Record<string, unknown>[]).map((c) => ({
    ...c,
    std: typeof c.std === "number" ? Number(c.std.toPrecision(12)) : c.std,
  }));
}

async function validate(args: string[]): Promise<{ code: number; report: Record<string, unknown> }> {
  const out = join(dir, `report-${Math.random().toString(36).slice(2)}.json`);
  let code = 0;
  try {
    await run(process.execPath, [cli, "validate", ...args, "--json", out, "-q"]);
  } catch (error) {
    code = (error as { code: number }).code;
  }
  return { code, report: JSON.parse(readFileSync(out, "utf8")) };
}

describe("validate with worker threads", () => {
  it("reports the same issues, lines, counts and profile as a single read", async () => {
    const data = join(dir, "data.csv");
    const schema = join(dir, "schema.yml");
    writeData(data, 30_000);
    writeFileSync(schema, SCHEMA);
    const single = await validate([data, "--schema", schema, "--threads", "1"]);
    for (const threads of ["2", "3"]) {
      const parallel = await validate([data, "--schema", schema, "--threads", threads]);
      expect(parallel.code).toBe(single.code);
      expect(comparable(parallel.report)).toEqual(comparable(single.report));
      expectLinesAmongRepeats(parallel.report, single.report, "duplicate_rows");
      expect(columnsRounded(parallel.report)).toEqual(columnsRounded(single.report));
      expect(parallel.report.rows).toBe(single.report.rows);
    }
    const codes = (single.report.issues as { code: string }[]).map((i) => i.code);
    expect(codes).toEqual(
      expect.arrayContaining([
        "type_mismatch",
        "out_of_range",
        "missing_value",
        "unexpected_value",
        "not_unique",
        "duplicate_rows",
        "pii_email",
      ]),
    );
  });

  it("counts a repeat of the first row at the end of the file, across the ranges", async () => {
    const data = join(dir, "repeat.csv");
    writeData(data, 20_000);
    const single = await validate([data, "--threads", "1"]);
    const parallel = await validate([data, "--threads", "2"]);
    const repeats = (r: Record<string, unknown>) =>
      (r.issues as { code: string; count: number }[]).find((i) => i.code === "duplicate_rows")?.count;
    expect(comparable(parallel.report)).toEqual(comparable(single.report));
    expect(repeats(parallel.report)).toBe(repeats(single.report));
  });

  it("gives the single-read result when a split falls inside a quoted value holding newlines", async () => {
    const data = join(dir, "spanning.csv");
    const big = Array.from({ length: 20_000 }, (_, i) => `part ${i}`).join("\n");
    writeFileSync(data, `id,text\n1,short\n2,"${big}"\n3,"also ""quoted"""\n4,end\n`);
    const single = await validate([data, "--threads", "1"]);
    const parallel = await validate([data, "--threads", "2"]);
    expect(parallel.code).toBe(0);
    expect(parallel.report.rows).toBe(4);
    expect(parallel.report).toEqual(single.report);
  });
});
