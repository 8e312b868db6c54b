import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parquetWriteFile } from "hyparquet-writer";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../../config/index.js";
import { datasetSchemaHash, parseDatasetSchema } from "../schema/dataset-schema.js";
import type { QualityConfig } from "./quality-config.js";
import type { ValidationIssue, ValidationReport } from "./report.js";
import { validateData } from "./validate.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-validate-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function write(name: string, text: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, text);
  return file;
}

interface RunOptions {
  schema?: string;
  reference?: string;
  quality?: Partial<QualityConfig>;
}

async function validateFile(file: string, options: RunOptions = {}): Promise<ValidationReport> {
  const config = defaultConfig();
  const { report } = await validateData({
    data: file,
    schema:
      options.schema === undefined
        ? undefined
        : { schema: parseDatasetSchema(options.schema, "schema.yml"), source: "schema.yml" },
    reference: options.reference,
    quality: { ...config.quality, ...options.quality },
    drift: config.drift,
  });
  return report;
}

async function validateCsv(csv: string, options: RunOptions = {}): Promise<ValidationReport> {
  return validateFile(await write("data.csv", csv), options);
}

function codes(report: ValidationReport): string[] {
  return report.issues.map((i) => i.code).sort();
}

/** The one issue with this code (and column): fails when there is none or several. */
function only(report: ValidationReport, code: string, column?: string): ValidationIssue {
  const found = report.issues.filter((i) => i.code === code && (column === undefined || i.column === column));
  expect(found, `issues ${JSON.stringify(report.issues, null, 1)}`).toHaveLength(1);
  return found[0];
}

/** A one-column CSV: a header and one value a line. */
function column(name: string, values: (string | number)[]): string {
  return `${name}\n${values.join("\n")}\n`;
}

/** A CSV of `name` and a row number beside it, so repeated values do not make repeated rows. */
function numbered(name: string, values: (string | number)[]): string {
  return `row,${name}\n${values.map((v, i) => `${i + 1},${v}`).join("\n")}\n`;
}

describe("validateData: cell checks against a schema", () => {
  it("reports text in a number column as type_mismatch at its first line, with the count", async () => {
    const report = await validateCsv(column("x", [1, "abc", 3, "xyz"]), {
      schema: "columns: { x: { type: number } }",
    });
    expect(codes(report)).toEqual(["type_mismatch"]);
    expect(only(report, "type_mismatch", "x")).toMatchObject({
      severity: "error",
      count: 2,
      line: 3,
      lines: [3, 5],
    });
    expect(report.passed).toBe(false);
  });

  it('reports "NaN" and "Infinity" in a number column as non_finite, not type_mismatch', async () => {
    const report = await validateCsv(column("x", [1, "NaN", "Infinity", 4]), {
      schema: "columns: { x: { type: number } }",
    });
    expect(codes(report)).toEqual(["non_finite"]);
    expect(only(report, "non_finite", "x")).toMatchObject({ severity: "error", count: 2, line: 3 });
  });

  it("reports 1.5 in an integer column as type_mismatch saying it is not a whole number", async () => {
    const report = await validateCsv(column("n", [1, 1.5, 3]), {
      schema: "columns: { n: { type: integer } }",
    });
    expect(codes(report)).toEqual(["type_mismatch"]);
    const issue = only(report, "type_mismatch", "n");
    expect(issue).toMatchObject({ count: 1, line: 3 });
    expect(issue.message).toContain("not a whole number");
  });

  it("reports empty cells of a column that is not nullable as missing_value", async () => {
    const report = await validateCsv("id,x\n1,\n2,5\n3,\n", {
      schema: "columns: { id: { type: integer }, x: { type: number, nullable: false } }",
    });
    expect(codes(report)).toEqual(["missing_value"]);
    expect(only(report, "missing_value", "x")).toMatchObject({ count: 2, line: 2, lines: [2, 4] });
  });

  it("accepts empty cells in a nullable column", async () => {
    const report = await validateCsv("id,x\n1,\n2,5\n", {
      schema: "columns: { id: { type: integer }, x: { type: number } }",
    });
    expect(report.issues).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it("reports numbers outside min/max as out_of_range; the bounds themselves are allowed", async () => {
    const report = await validateCsv(column("x", [0, 10, -1, 11, 5]), {
      schema: "columns: { x: { type: number, min: 0, max: 10 } }",
    });
    expect(codes(report)).toEqual(["out_of_range"]);
    expect(only(report, "out_of_range", "x")).toMatchObject({ count: 2, line: 4, lines: [4, 5] });
  });

  it("reports dates outside datetime min/max bounds as out_of_range", async () => {
    const dates = ["2024-01-01", "2024-06-01T12:00:00Z", "2024-12-31", "2023-12-31", "2025-01-01"];
    const report = await validateCsv(column("day", dates), {
      schema: 'columns: { day: { type: datetime, min: "2024-01-01", max: "2024-12-31" } }',
    });
    expect(codes(report)).toEqual(["out_of_range"]);
    expect(only(report, "out_of_range", "day")).toMatchObject({ count: 2, line: 5, lines: [5, 6] });
  });

  it("quotes an out-of-range date as a date, not as epoch milliseconds", async () => {
    const report = await validateCsv(column("day", ["2024-06-01", "2025-03-04"]), {
      schema: 'columns: { day: { type: datetime, max: "2024-12-31" } }',
    });
    expect(only(report, "out_of_range", "day").message).toContain("2025-03-04");
  });

  it("reads a naive date-time bound as UTC, as naive date-times in the data are read, whatever the local zone", async () => {
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      const report = await validateCsv(column("at", ["2024-06-01T11:00:00", "2024-06-01T13:00:00"]), {
        schema: 'columns: { at: { type: datetime, max: "2024-06-01T12:00:00" } }',
      });
      expect(only(report, "out_of_range", "at")).toMatchObject({ count: 1, line: 3 });
    } finally {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    }
  });

  it("reports a category outside its declared values as unexpected_value (an error)", async () => {
    const report = await validateCsv(numbered("plan", ["basic", "gold", "pro", "gold"]), {
      schema: "columns: { row: { type: integer }, plan: { type: category, values: [basic, pro] } }",
    });
    expect(codes(report)).toEqual(["unexpected_value"]);
    const issue = only(report, "unexpected_value", "plan");
    expect(issue).toMatchObject({ severity: "error", count: 2, line: 3, lines: [3, 5] });
    expect(issue.message).toContain('"gold"');
  });

  it("accepts every boolean spelling (yes/no, 1/0, True) against a boolean column's values", async () => {
    const report = await validateCsv(numbered("flag", ["yes", "no", "1", "0", "True", "f"]), {
      schema: "columns: { row: { type: integer }, flag: { type: boolean, values: [true, false] } }",
    });
    expect(report.issues).toEqual([]);
  });

  it("reports a boolean outside a boolean column's values as unexpected_value, whatever its spelling", async () => {
    const report = await validateCsv(numbered("flag", ["yes", "no", "Y", "0"]), {
      schema: "columns: { row: { type: integer }, flag: { type: boolean, values: [true] } }",
    });
    expect(codes(report)).toEqual(["unexpected_value"]);
    expect(only(report, "unexpected_value", "flag")).toMatchObject({ count: 2, lines: [3, 5] });
  });

  it("reports values not matching the pattern as pattern_mismatch", async () => {
    const report = await validateCsv(column("code", ["C000123", "X1", "C000124"]), {
      schema: 'columns: { code: { type: string, pattern: "^C\\\\d{6}$" } }',
    });
    expect(codes(report)).toEqual(["pattern_mismatch"]);
    expect(only(report, "pattern_mismatch", "code")).toMatchObject({ count: 1, line: 3 });
  });

  it("reports repeated string ids of a unique column as not_unique", async () => {
    const report = await validateCsv(numbered("id", ["a", "b", "a", "c", "b"]), {
      schema: "columns: { row: { type: integer }, id: { type: string, unique: true } }",
    });
    expect(codes(report)).toEqual(["not_unique"]);
    expect(only(report, "not_unique", "id")).toMatchObject({ count: 2, line: 4, lines: [4, 6] });
  });

  it("reports repeated integer ids of a unique column as not_unique", async () => {
    const report = await validateCsv(numbered("id", [7, 8, 7, 9]), {
      schema: "columns: { row: { type: integer }, id: { type: integer, unique: true } }",
    });
    expect(codes(report)).toEqual(["not_unique"]);
    expect(only(report, "not_unique", "id")).toMatchObject({ count: 1, line: 4 });
  });

  it("quotes a repeated date of a unique datetime column as a date", async () => {
    const report = await validateCsv(numbered("day", ["2024-01-01", "2024-02-29", "2024-02-29"]), {
      schema: "columns: { row: { type: integer }, day: { type: datetime, unique: true } }",
    });
    expect(only(report, "not_unique", "day")).toMatchObject({ count: 1, line: 4 });
    expect(only(report, "not_unique", "day").message).toContain("2024-02-29");
  });

  it("does not take 1.5 and 1.25 for the same value in a unique number column", async () => {
    const report = await validateCsv(column("x", [1.5, 1.25, 2, 0.5]), {
      schema: "columns: { x: { type: number, unique: true } }",
    });
    expect(report.issues).toEqual([]);
  });
});

describe("validateData: personal data", () => {
  const notes = [
    "hello",
    "write to ann.lee@example.com",
    "call 415-555-2671 after six",
    "paid with 4111 1111 1111 1111",
    "see you",
  ];

  it("warns about e-mails, phone numbers and card numbers in a text column not marked pii", async () => {
    const report = await validateCsv(column("note", notes), {
      schema: "columns: { note: { type: string } }",
    });
    expect(codes(report)).toEqual(["pii_card_number", "pii_email", "pii_phone"]);
    expect(only(report, "pii_email", "note")).toMatchObject({ severity: "warning", count: 1, line: 3 });
    expect(only(report, "pii_phone", "note")).toMatchObject({ severity: "warning", count: 1, line: 4 });
    expect(only(report, "pii_card_number", "note")).toMatchObject({ severity: "warning", count: 1, line: 5 });
    expect(report.passed).toBe(true);
  });

  it("does not warn about personal data in a column marked pii: true", async () => {
    const report = await validateCsv(column("note", notes), {
      schema: "columns: { note: { type: string, pii: true } }",
    });
    expect(report.issues).toEqual([]);
  });

  it("does not scan for personal data when quality.pii is false", async () => {
    const report = await validateCsv(column("note", notes), {
      schema: "columns: { note: { type: string } }",
      quality: { pii: false },
    });
    expect(report.issues).toEqual([]);
  });

  it("never prints a pii column's values in a message, whatever check fails on them", async () => {
    const csv =
      "email,salary\n" +
      "zed.secret@example.com,-987654\n" +
      "zed.secret@example.com,5000\n" +
      "not-an-address-qq,secret-salary\n" +
      "outsider@example.org,6000\n" +
      ",7000\n";
    const report = await validateCsv(csv, {
      schema: `columns:
  email: { type: category, pii: true, unique: true, nullable: false, pattern: "^[^@]+@[^@]+$", values: [a@b.io] }
  salary: { type: number, pii: true, min: 0 }`,
    });
    expect(codes(report)).toEqual([
      "missing_value",
      "not_unique",
      "out_of_range",
      "pattern_mismatch",
      "type_mismatch",
      "unexpected_value",
    ]);
    const messages = report.issues.map((i) => i.message).join("\n");
    for (const secret of ["zed.secret", "not-an-address-qq", "outsider", "987654", "secret-salary"]) {
      expect(messages).not.toContain(secret);
    }
  });

  it("shows no values of a pii column in its column summary (no min, max or top values)", async () => {
    const csv = "birth,name\n1961-04-12,Yuri\n1969-07-20,Neil\n1963-06-16,Valentina\n";
    const report = await validateCsv(csv, {
      schema: "columns: { birth: { type: datetime, pii: true }, name: { type: category, pii: true } }",
    });
    const text = JSON.stringify(report.columns);
    for (const secret of ["1961", "1969", "Yuri", "Neil"]) expect(text).not.toContain(secret);
    expect(report.columns.map((c) => c.count)).toEqual([3, 3]);
  });
});

describe("validateData: columns", () => {
  it("reports a schema column absent from the data as missing_column, at line 1", async () => {
    const report = await validateCsv(column("a", [1, 2]), {
      schema: "columns: { a: { type: integer }, b: { type: integer } }",
    });
    expect(codes(report)).toEqual(["missing_column"]);
    expect(only(report, "missing_column", "b")).toMatchObject({ severity: "error", line: 1 });
  });

  it("reports a data column the schema lacks as an unexpected_column error", async () => {
    const report = await validateCsv("a,c\n1,2\n", { schema: "columns: { a: { type: integer } }" });
    expect(codes(report)).toEqual(["unexpected_column"]);
    expect(only(report, "unexpected_column", "c")).toMatchObject({ severity: "error", line: 1 });
    expect(report.passed).toBe(false);
  });

  it("makes an extra column only a warning when the schema sets allowExtraColumns", async () => {
    const report = await validateCsv("a,c\n1,2\n", {
      schema: "columns: { a: { type: integer } }\ndataset: { allowExtraColumns: true }",
    });
    expect(only(report, "unexpected_column", "c").severity).toBe("warning");
    expect(report.passed).toBe(true);
  });
});

describe("validateData: dataset limits", () => {
  it("reports a column missing more than dataset.maxMissingShare as missing_share", async () => {
    const report = await validateCsv("a,b\n1,\n2,\n3,x\n4,y\n", {
      schema: "columns: { a: { type: integer }, b: { type: string } }\ndataset: { maxMissingShare: 0.25 }",
    });
    expect(codes(report)).toEqual(["missing_share"]);
    expect(only(report, "missing_share", "b")).toMatchObject({ severity: "error", count: 2 });
  });

  it("lets a column's own maxMissingShare override the dataset's", async () => {
    const report = await validateCsv("a,b\n1,\n2,\n3,x\n4,y\n", {
      schema:
        "columns: { a: { type: integer }, b: { type: string, maxMissingShare: 0.5 } }\ndataset: { maxMissingShare: 0.25 }",
    });
    expect(report.issues).toEqual([]);
  });

  it("warns about exactly repeated rows as duplicate_rows, with their lines", async () => {
    const report = await validateCsv("a,b\n1,x\n2,y\n1,x\n3,z\n1,x\n", {
      schema: "columns: { a: { type: integer }, b: { type: string } }",
    });
    expect(codes(report)).toEqual(["duplicate_rows"]);
    expect(only(report, "duplicate_rows")).toMatchObject({ severity: "warning", count: 2, lines: [4, 6] });
  });

  it("fails on repeated rows above dataset.maxDuplicateShare as duplicate_share", async () => {
    const report = await validateCsv("a,b\n1,x\n2,y\n1,x\n3,z\n1,x\n", {
      schema: "columns: { a: { type: integer }, b: { type: string } }\ndataset: { maxDuplicateShare: 0.2 }",
    });
    expect(codes(report)).toEqual(["duplicate_rows", "duplicate_share"]);
    expect(only(report, "duplicate_share")).toMatchObject({ severity: "error", count: 2 });
  });

  it("does not count rows that differ in one cell as duplicates", async () => {
    const report = await validateCsv("a,b\n1,x\n1,y\n2,x\n", {
      schema: "columns: { a: { type: integer }, b: { type: string } }",
    });
    expect(report.issues).toEqual([]);
  });

  it("reports fewer rows than dataset.rows.min as row_count", async () => {
    const report = await validateCsv(column("a", [1, 2, 3]), {
      schema: "columns: { a: { type: integer } }\ndataset: { rows: { min: 5 } }",
    });
    expect(codes(report)).toEqual(["row_count"]);
    expect(only(report, "row_count").message).toContain("fewer than the 5 required");
  });

  it("reports more rows than dataset.rows.max as row_count", async () => {
    const report = await validateCsv(column("a", [1, 2, 3]), {
      schema: "columns: { a: { type: integer } }\ndataset: { rows: { max: 2 } }",
    });
    expect(codes(report)).toEqual(["row_count"]);
    expect(only(report, "row_count").message).toContain("more than the 2 allowed");
  });

  it("reports a file with a header and no rows as no_rows, and fails", async () => {
    const report = await validateCsv("a,b\n");
    expect(codes(report)).toEqual(["no_rows"]);
    expect(report.rows).toBe(0);
    expect(report.passed).toBe(false);
  });
});

describe("validateData: outliers", () => {
  const oneToTwenty = Array.from({ length: 20 }, (_, i) => i + 1);

  it("without a reference, finds outliers against the data's own fences (a second read)", async () => {
    const report = await validateCsv(column("x", [...oneToTwenty, 1000]));
    expect(codes(report)).toEqual(["outliers"]);
    const issue = only(report, "outliers", "x");
    expect(issue).toMatchObject({ severity: "warning", count: 1, line: 22 });
    expect(issue.message).toContain("this data");
  });

  it("with a reference, takes the fences from the reference, not from the data", async () => {
    const reference = await write("reference.csv", column("x", oneToTwenty));
    // Compared with itself, 100..104 holds no outlier; against 1..20 every value is one.
    const data = column("x", [100, 101, 102, 103, 104]);
    const alone = await validateCsv(data);
    expect(alone.issues.filter((i) => i.code === "outliers")).toEqual([]);
    const report = await validateFile(await write("current.csv", data), { reference });
    const issue = only(report, "outliers", "x");
    expect(issue).toMatchObject({ count: 5, line: 2 });
    expect(issue.message).toContain("the reference");
  });

  it("fails when a column's outliers exceed dataset.maxOutlierShare (outlier_share)", async () => {
    const report = await validateCsv(column("x", [...oneToTwenty, 1000, 2000]), {
      schema: "columns: { x: { type: number } }\ndataset: { maxOutlierShare: 0.05 }",
    });
    expect(codes(report)).toEqual(["outlier_share", "outliers"]);
    expect(only(report, "outlier_share", "x")).toMatchObject({ severity: "error", count: 2 });
    expect(only(report, "outliers", "x").count).toBe(2);
  });

  it("does not report outlier_share when the share is within dataset.maxOutlierShare", async () => {
    const report = await validateCsv(column("x", [...oneToTwenty, 1000]), {
      schema: "columns: { x: { type: number } }\ndataset: { maxOutlierShare: 0.1 }",
    });
    expect(codes(report)).toEqual(["outliers"]);
  });
});

describe("validateData: without a schema", () => {
  it("warns about a column that is 95% numbers as mixed_types, counting the rest", async () => {
    const values: (string | number)[] = Array.from({ length: 19 }, (_, i) => i + 1);
    values.splice(7, 0, "n/a");
    const report = await validateCsv(column("x", values));
    expect(codes(report)).toEqual(["mixed_types"]);
    const issue = only(report, "mixed_types", "x");
    expect(issue).toMatchObject({ severity: "warning", count: 1 });
    expect(issue.message).toContain("95.0% numbers");
  });

  it("does not take coordinates or millisecond timestamps for personal data", async () => {
    const csv = "lat,lon,ts\n52.5200066,13.4049540,1700000000004\n-33.8688197,151.2092955,1700000000012\n";
    const report = await validateCsv(csv);
    expect(report.issues).toEqual([]);
  });

  it("reports nothing for a clean file", async () => {
    const report = await validateCsv("a,b\n1,x\n2,y\n3,z\n");
    expect(report.issues).toEqual([]);
    expect(report.passed).toBe(true);
  });
});

describe("validateData: verdict", () => {
  const warningOnly = "a,b\n1,x\n1,x\n2,y\n"; // one duplicate row: a warning
  const withError = column("x", [1, "abc"]);
  const schema = "columns: { a: { type: integer }, b: { type: string } }";

  it("with failOn error, passes on warnings", async () => {
    const report = await validateCsv(warningOnly, { schema, quality: { failOn: "error" } });
    expect(codes(report)).toEqual(["duplicate_rows"]);
    expect(report.passed).toBe(true);
  });

  it("with failOn warning, fails on a warning", async () => {
    const report = await validateCsv(warningOnly, { schema, quality: { failOn: "warning" } });
    expect(report.passed).toBe(false);
  });

  it("with failOn never, passes despite errors", async () => {
    const report = await validateCsv(withError, {
      schema: "columns: { x: { type: number } }",
      quality: { failOn: "never" },
    });
    expect(codes(report)).toEqual(["type_mismatch"]);
    expect(report.passed).toBe(true);
  });

  it("lists errors before warnings", async () => {
    const report = await validateCsv("a,b\n1,x\n1,x\nzz,y\n", { schema });
    expect(report.issues.map((i) => i.severity)).toEqual(["error", "warning"]);
  });
});

describe("validateData: issue lines", () => {
  it("lists at most quality.maxIssueLines lines while count is the total", async () => {
    const values = ["a", "b", "c", "d", "e", "f", "g", "h"];
    const report = await validateCsv(column("x", values), {
      schema: "columns: { x: { type: number } }",
      quality: { maxIssueLines: 3 },
    });
    expect(only(report, "type_mismatch", "x")).toMatchObject({ count: 8, line: 2, lines: [2, 3, 4] });
  });
});

describe("validateData: fingerprint", () => {
  it("is the sha256 of the file's bytes, the rows and the columns, with no schema hash without a schema", async () => {
    const file = await write("data.csv", "a,b\n1,x\n2,y\n");
    const report = await validateFile(file);
    const bytes = await readFile(file);
    expect(report.fingerprint).toEqual({
      sha256: createHash("sha256").update(bytes).digest("hex"),
      bytes: bytes.length,
      rows: 2,
      columns: ["a", "b"],
      schemaSha256: null,
    });
  });

  it("carries the schema's hash when a schema is used", async () => {
    const text = "columns: { a: { type: integer }, b: { type: string } }";
    const report = await validateCsv("a,b\n1,x\n", { schema: text });
    expect(report.fingerprint.schemaSha256).toBe(datasetSchemaHash(parseDatasetSchema(text, "schema.yml")));
  });
});

describe("validateData: formats", () => {
  const rows: { id: number; amount: number | null; plan: string; code: string; note: string }[] = [
    { id: 1, amount: 10.5, plan: "basic", code: "C000001", note: "fine" },
    { id: 2, amount: null, plan: "pro", code: "C000002", note: "fine" },
    { id: 3, amount: 150, plan: "gold", code: "C000003", note: "mail ann@example.com" },
    { id: 4, amount: 20, plan: "basic", code: "bad", note: "fine" },
    { id: 2, amount: 30, plan: "pro", code: "C000005", note: "fine" },
    { id: 1, amount: 10.5, plan: "basic", code: "C000001", note: "fine" },
    { id: 7, amount: -3, plan: "gold", code: "C000007", note: "fine" },
  ];
  const schema = `columns:
  id: { type: integer, unique: true }
  amount: { type: number, min: 0, max: 100, nullable: false }
  plan: { type: category, values: [basic, pro] }
  code: { type: string, pattern: "^C\\\\d{6}$" }
  note: { type: string }`;

  function summary(report: ValidationReport): [string, string | undefined, number | undefined][] {
    return report.issues
      .map((i): [string, string | undefined, number | undefined] => [i.code, i.column, i.count])
      .sort((a, b) => `${a[0]}${a[1]}`.localeCompare(`${b[0]}${b[1]}`));
  }

  it("gives the same issue codes and counts for the same data as CSV, JSON Lines and Parquet", async () => {
    const csv = await write(
      "data.csv",
      `id,amount,plan,code,note\n${rows.map((r) => [r.id, r.amount ?? "", r.plan, r.code, r.note].join(",")).join("\n")}\n`,
    );
    const jsonl = await write("data.jsonl", `${rows.map((r) => JSON.stringify(r)).join("\n")}\n`);
    const parquet = join(dir, "data.parquet");
    parquetWriteFile({
      filename: parquet,
      columnData: [
        { name: "id", data: rows.map((r) => r.id), type: "INT32" },
        { name: "amount", data: rows.map((r) => r.amount), type: "DOUBLE" },
        { name: "plan", data: rows.map((r) => r.plan), type: "STRING" },
        { name: "code", data: rows.map((r) => r.code), type: "STRING" },
        { name: "note", data: rows.map((r) => r.note), type: "STRING" },
      ],
    });
    const fromCsv = await validateFile(csv, { schema });
    expect(summary(fromCsv)).toEqual([
      ["duplicate_rows", undefined, 1],
      ["missing_value", "amount", 1],
      ["not_unique", "id", 2],
      ["out_of_range", "amount", 2],
      ["outliers", "amount", 1],
      ["pattern_mismatch", "code", 1],
      ["pii_email", "note", 1],
      ["unexpected_value", "plan", 2],
    ]);
    expect(summary(await validateFile(jsonl, { schema }))).toEqual(summary(fromCsv));
    const fromParquet = await validateFile(parquet, { schema });
    expect(fromParquet.format).toBe("parquet");
    expect(summary(fromParquet)).toEqual(summary(fromCsv));
  });
});
