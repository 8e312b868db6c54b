import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { defaultConfig } from "../../config/index.js";
import { type DataProfile, profileTable } from "../profile/profile.js";
import { openTable } from "../readers/open-table.js";
import type { ValidationReport } from "../validate/report.js";
import { validateData } from "../validate/validate.js";
import { parseDatasetSchema } from "./dataset-schema.js";
import { compactSchema, type InferSchemaOptions, inferSchema } from "./infer-schema.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-infer-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeCsv(name: string, csv: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, csv);
  return file;
}

async function profileCsv(csv: string): Promise<DataProfile> {
  return profileTable(openTable(await writeCsv("data.csv", csv)));
}

async function inferCsv(csv: string, options?: InferSchemaOptions) {
  return inferSchema(await profileCsv(csv), options);
}

/** Rows of a CSV from columns of equal length. */
function table(columns: Record<string, (string | number)[]>): string {
  const names = Object.keys(columns);
  const rows = columns[names[0]].length;
  const lines = Array.from({ length: rows }, (_, r) => names.map((n) => columns[n][r]).join(","));
  return `${names.join(",")}\n${lines.join("\n")}\n`;
}

const CUSTOMERS = table({
  customer_id: ["C001", "C002", "C003", "C004", "C005", "C006", "C007", "C008"],
  tenure: [1, 5, 12, 0, 3, 24, 7, 2],
  charges: [29.5, 70.25, 99.9, 20, 45, 80.1, 55.5, 30],
  plan: ["basic", "pro", "basic", "basic", "pro", "basic", "pro", "basic"],
  autopay: ["yes", "no", "yes", "yes", "no", "yes", "no", "no"],
  signup: [
    "2024-01-03",
    "2023-08-14",
    "2023-01-20",
    "2024-02-01",
    "2023-11-30",
    "2022-02-01",
    "2023-07-07",
    "2023-12-12",
  ],
  gender: ["f", "m", "f", "m", "f", "m", "f", "m"],
  churned: [0, 1, 0, 0, 1, 0, 0, 1],
});

describe("inferSchema", () => {
  it("proposes each column's type from the data", async () => {
    const schema = await inferCsv(CUSTOMERS);
    expect(
      Object.fromEntries(Object.entries(schema.columns).map(([name, spec]) => [name, spec.type])),
    ).toEqual({
      customer_id: "string",
      tenure: "integer",
      charges: "number",
      plan: "category",
      autopay: "boolean",
      signup: "datetime",
      gender: "category",
      churned: "integer",
    });
  });

  it("makes a column nullable only when values were missing", async () => {
    const schema = await inferCsv("a,b\n1,x\n2,\n3,y\n4,x\n");
    expect(schema.columns.a.nullable).toBe(false);
    expect(schema.columns.b.nullable).toBe(true);
  });

  it("lists a category column's values, sorted", async () => {
    const schema = await inferCsv(CUSTOMERS);
    expect(schema.columns.plan.values).toEqual(["basic", "pro"]);
  });

  it("lists no values for free text, numbers or booleans", async () => {
    const schema = await inferCsv(CUSTOMERS);
    for (const name of ["customer_id", "tenure", "charges", "autopay"]) {
      expect(schema.columns[name].values, name).toBeUndefined();
    }
  });

  it("marks a distinct column named *_id as an id, unique", async () => {
    const schema = await inferCsv(CUSTOMERS);
    expect(schema.columns.customer_id).toMatchObject({ role: "id", unique: true });
  });

  it("marks an id column with repeats as an id but not unique", async () => {
    const ids = Array.from({ length: 40 }, (_, i) => `C${i}`);
    ids[39] = "C0";
    const schema = await inferCsv(table({ order_id: ids }));
    expect(schema.columns.order_id).toMatchObject({ role: "id", unique: false });
  });

  it("does not take a distinct column for an id unless its name says so", async () => {
    const schema = await inferCsv(table({ code: ["a1", "b2", "c3", "d4"] }));
    expect(schema.columns.code.role).toBe("feature");
  });

  it("marks the configured label as the label, with its integer classes as values", async () => {
    const schema = await inferCsv(CUSTOMERS, { label: "churned" });
    expect(schema.columns.churned).toMatchObject({ role: "label", values: [0, 1] });
    expect(schema.columns.churned.min).toBeUndefined();
  });

  it("lists no values for an integer label with many values (a regression target)", async () => {
    const days = Array.from({ length: 300 }, (_, i) => (i * 37) % 211);
    const schema = await inferCsv(table({ x: days.map((_, i) => i % 5), days }), { label: "days" });
    expect(schema.columns.days.role).toBe("label");
    expect(schema.columns.days.values).toBeUndefined();
  });

  it("marks columns named like protected attributes (gender, age, …) as sensitive", async () => {
    const schema = await inferCsv(
      table({ gender: ["f", "m", "f", "m"], age: [30, 41, 25, 60], x: [1, 2, 3, 4] }),
    );
    expect(schema.columns.gender.role).toBe("sensitive");
    expect(schema.columns.age.role).toBe("sensitive");
    expect(schema.columns.x.role).toBe("feature");
  });

  it("marks the configured sensitive columns as sensitive", async () => {
    const schema = await inferCsv(CUSTOMERS, { sensitive: ["plan"] });
    expect(schema.columns.plan.role).toBe("sensitive");
  });

  it("gives a never-negative integer feature min 0", async () => {
    const schema = await inferCsv(CUSTOMERS);
    expect(schema.columns.tenure.min).toBe(0);
    expect(schema.columns.charges.min).toBeUndefined();
  });

  it("allows twice the share of missing values seen", async () => {
    const x = ["1", "", "3", "4", "5", "6", "7", "8", "9", "10"];
    const schema = await inferCsv(table({ row: x.map((_, i) => i), x }));
    expect(schema.columns.x.maxMissingShare).toBe(0.2);
  });

  it("caps the allowed missing share at 1", async () => {
    const schema = await inferCsv("x,y\n1,\n2,\n3,\n4,a\n");
    expect(schema.columns.y.maxMissingShare).toBe(1);
  });

  it("sets no missing share for a complete column", async () => {
    const schema = await inferCsv(CUSTOMERS);
    expect(schema.columns.tenure.maxMissingShare).toBeUndefined();
  });
});

describe("compactSchema round trip", () => {
  const errors = (report: ValidationReport) => report.issues.filter((i) => i.severity === "error");

  async function roundTrip(csv: string, options?: InferSchemaOptions) {
    const file = await writeCsv("data.csv", csv);
    const yamlText = stringify(compactSchema(inferSchema(await profileTable(openTable(file)), options)));
    const schema = parseDatasetSchema(yamlText, "schema.yml");
    const config = defaultConfig();
    const { report } = await validateData({
      data: file,
      schema: { schema, source: "schema.yml" },
      quality: config.quality,
      drift: config.drift,
    });
    return { yamlText, schema, report };
  }

  it("writes YAML that parses back to the inferred schema", async () => {
    const file = await writeCsv("data.csv", CUSTOMERS);
    const inferred = inferSchema(await profileTable(openTable(file)), { label: "churned" });
    const parsed = parseDatasetSchema(stringify(compactSchema(inferred)), "schema.yml");
    expect(parsed).toEqual(inferred);
  });

  it("leaves defaults out of the YAML", async () => {
    const { yamlText } = await roundTrip(CUSTOMERS);
    expect(yamlText).not.toMatch(/nullable: true|unique: false|role: feature|pii: false/);
  });

  it("gives a schema the same data passes", async () => {
    const { report } = await roundTrip(CUSTOMERS, { label: "churned" });
    expect(errors(report)).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it("gives a schema the same data passes when values are missing and categories look like other types", async () => {
    const csv = table({
      answer: ["true", "false", "maybe", "true", "maybe", "false", "", "true"],
      level: ["1", "2", "x", "1", "2", "x", "1", ""],
      score: ["1.5", "", "2", "3", "4.25", "5", "6", "7"],
    });
    const { schema, report } = await roundTrip(csv);
    expect(schema.columns.answer).toMatchObject({ type: "category", values: ["false", "maybe", "true"] });
    expect(schema.columns.level).toMatchObject({ type: "category", values: ["1", "2", "x"] });
    expect(errors(report)).toEqual([]);
    expect(report.passed).toBe(true);
  });

  it("gives a schema the same data passes when an id column past the exact distinct count has a few repeats", async () => {
    // 3,000 ids, 30 of them repeated: beyond 1,024 distinct values the count is an estimate,
    // which must not be read as "all distinct" (a unique: true the data itself then fails).
    const ids = Array.from({ length: 3000 }, (_, i) => (i < 30 ? i + 1001 : i + 1000));
    const { schema, report } = await roundTrip(table({ user_id: ids }));
    expect(schema.columns.user_id.role).toBe("id");
    expect(errors(report)).toEqual([]);
    expect(report.passed).toBe(true);
  });
});
