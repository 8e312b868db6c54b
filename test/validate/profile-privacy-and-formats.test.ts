/** What a profile may publish, and how JSON Lines rows compare. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultConfig } from "../../src/config/index.js";
import { profileTable } from "../../src/data/profile/profile.js";
import { openTable } from "../../src/data/readers/open-table.js";
import { parseDatasetSchema } from "../../src/data/schema/dataset-schema.js";
import { validateData } from "../../src/data/validate/validate.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "mlship-privacy-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

const SCHEMA = parseDatasetSchema(
  "columns:\n  email: { type: string, pii: true }\n  birth_year: { type: integer, pii: true }\n  plan: { type: category }\n",
  "schema.yml",
);

describe("profiles of pii columns", () => {
  it("keep counts and the distinct estimate but no value of the column", async () => {
    const file = write(
      "people.csv",
      "email,birth_year,plan\nann@example.com,1961,basic\nbob@example.com,1975,premium\n,1988,basic\n",
    );
    const profile = await profileTable(openTable(file), SCHEMA);
    const email = profile.columns.find((c) => c.name === "email")!;
    expect(email).toMatchObject({ pii: true, count: 2, missing: 1, distinct: 2 });
    const text = JSON.stringify(profile.columns.filter((c) => c.pii));
    for (const value of ["ann@example.com", "bob@example.com", "1961", "1975", "1988"]) {
      expect(text).not.toContain(value);
    }
    expect(profile.columns.find((c) => c.name === "plan")?.top?.[0]).toEqual({ value: "basic", count: 2 });
  });

  it("are left out of drift, since the reference keeps nothing to compare", async () => {
    const reference = write("ref.csv", "email,birth_year,plan\na@x.io,1960,basic\nb@x.io,1961,basic\n");
    const current = write("cur.csv", "email,birth_year,plan\nc@x.io,1990,premium\nd@x.io,1991,premium\n");
    const config = defaultConfig();
    const { report, profile } = await validateData({
      data: current,
      reference,
      schema: { schema: SCHEMA, source: "schema.yml" },
      quality: config.quality,
      drift: config.drift,
    });
    expect(report.drift?.columns.map((c) => c.name)).toEqual(["plan"]);
    expect(JSON.stringify(profile)).not.toContain("1990");
  });
});

describe("JSON Lines", () => {
  it("counts rows holding the same values as duplicates whatever the key order or spacing", async () => {
    const file = write(
      "dups.jsonl",
      '{"a":1,"b":"x"}\n{"b":"x","a":1}\n{"a": 1, "b": "x"}\n{"a":2,"b":null}\n{"a":2}\n',
    );
    const config = defaultConfig();
    const { report } = await validateData({ data: file, quality: config.quality, drift: config.drift });
    expect(report.issues.find((i) => i.code === "duplicate_rows")).toMatchObject({
      count: 3,
      lines: [2, 3, 5],
    });
  });

  it("refuses a first record with no keys, naming the line", async () => {
    const file = write("empty-object.jsonl", "\n{}\n");
    await expect(openTable(file).columns()).rejects.toMatchObject({
      code: "no_columns",
      location: { line: 2 },
    });
  });
});
