import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MlshipError } from "../../lib/errors.js";
import { openTable } from "../readers/open-table.js";
import { parseDatasetSchema } from "../schema/dataset-schema.js";
import { type ColumnProfileJSON, type DataProfile, mergeProfiles, profileTable } from "./profile.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-profile-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function profileCsv(name: string, csv: string, schema?: string): Promise<DataProfile> {
  const file = join(dir, name);
  await writeFile(file, csv);
  return profileTable(openTable(file), schema ? parseDatasetSchema(schema, "schema.yml") : undefined);
}

function col(profile: DataProfile, name: string): ColumnProfileJSON {
  const found = profile.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name} in ${profile.columns.map((c) => c.name).join(", ")}`);
  return found;
}

// x: 2 4 4 4 5 5 7 9 and one missing (mean 5, numpy std 2); c: a×5, b×2, c×2.
const X = [2, 4, 4, 4, 5, 5, 7, 9, ""];
const C = ["a", "b", "a", "c", "a", "b", "c", "a", "a"];
const KNOWN = `x,c\n${X.map((x, i) => `${x},${C[i]}`).join("\n")}\n`;

describe("profileTable on a known small file", () => {
  it("counts rows, present and missing values", async () => {
    const profile = await profileCsv("known.csv", KNOWN);
    expect(profile.rows).toBe(9);
    expect(col(profile, "x")).toMatchObject({ count: 8, missing: 1 });
    expect(col(profile, "c")).toMatchObject({ count: 9, missing: 0 });
  });

  it("gives the mean and numpy's population standard deviation", async () => {
    const x = col(await profileCsv("known.csv", KNOWN), "x");
    expect(x.mean).toBeCloseTo(5, 12);
    expect(x.std).toBeCloseTo(2, 12); // numpy.std([2,4,4,4,5,5,7,9]) == 2.0 (pandas' ddof=1 would give 2.138)
  });

  it("gives min and max", async () => {
    const x = col(await profileCsv("known.csv", KNOWN), "x");
    expect([x.min, x.max]).toEqual([2, 9]);
  });

  it("gives nearest-rank quantiles of the values", async () => {
    const x = col(await profileCsv("known.csv", KNOWN), "x");
    expect(x.quantiles).toEqual({ p1: 2, p5: 2, p25: 4, p50: 4, p75: 5, p95: 9, p99: 9 });
  });

  it("gives a 20-bin histogram from min to max whose counts sum to the count", async () => {
    const x = col(await profileCsv("known.csv", KNOWN), "x");
    const histogram = x.histogram!;
    expect(histogram.edges).toHaveLength(21);
    expect([histogram.edges[0], histogram.edges[20]]).toEqual([2, 9]);
    expect(histogram.counts.reduce((a, b) => a + b, 0)).toBe(8);
    const expected = new Array(20).fill(0);
    expected[0] = 1; // 2 (the minimum)
    expected[5] = 3; // 4 in (3.75, 4.1]
    expected[8] = 2; // 5 in (4.8, 5.15]
    expected[14] = 1; // 7 in (6.9, 7.25]
    expected[19] = 1; // 9 in (8.65, 9]
    expect(histogram.counts).toEqual(expected);
  });

  it("gives one bin holding every value when they are all equal", async () => {
    const x = col(await profileCsv("flat.csv", "x\n3\n3\n3\n"), "x");
    expect(x.histogram).toEqual({ edges: [3, 3], counts: [3] });
  });

  it("gives the top values by count, ties by value", async () => {
    const c = col(await profileCsv("known.csv", KNOWN), "c");
    expect(c.type).toBe("category");
    expect(c.top).toEqual([
      { value: "a", count: 5 },
      { value: "b", count: 2 },
      { value: "c", count: 2 },
    ]);
  });

  it("counts distinct present values", async () => {
    const profile = await profileCsv("known.csv", KNOWN);
    expect(col(profile, "x").distinct).toBe(5);
    expect(col(profile, "c").distinct).toBe(3);
  });

  it("infers each column's type from its values", async () => {
    const csv =
      "i,n,b,d,c,s\n" +
      "1,1.5,yes,2024-01-01,red,the first of many free-text notes\n" +
      "2,2,no,2024-01-02,blue,another note that says something else\n" +
      "3,-0.25,yes,2024-01-03T10:00:00Z,red,a third note again unlike the others\n" +
      "4,1e3,no,2024-01-04,red,and the very last note in this file\n";
    const profile = await profileCsv("types.csv", csv);
    expect(profile.columns.map((c) => [c.name, c.type])).toEqual([
      ["i", "integer"],
      ["n", "number"],
      ["b", "boolean"],
      ["d", "datetime"],
      ["c", "category"],
      ["s", "string"],
    ]);
  });

  it("reports a datetime column's min and max as ISO strings", async () => {
    const d = col(await profileCsv("dates.csv", "d\n2024-03-01\n2023-12-31\n2024-01-15\n"), "d");
    expect([d.min, d.max]).toEqual(["2023-12-31T00:00:00.000Z", "2024-03-01T00:00:00.000Z"]);
  });

  it("follows the schema's declared types and counts values that do not fit as invalid", async () => {
    const profile = await profileCsv("declared.csv", "x\n1\n2\nabc\n", "columns: { x: { type: number } }");
    expect(col(profile, "x")).toMatchObject({ type: "number", declared: true, count: 2, invalid: 1 });
  });
});

describe("mergeProfiles", () => {
  const header = "x,c";
  const lines = X.map((x, i) => `${x},${C[i]}`);

  /** The fields a merge must reproduce exactly while the sketches are exact. */
  function exactFields(profile: DataProfile) {
    return {
      rows: profile.rows,
      columns: profile.columns.map((c) => ({
        name: c.name,
        type: c.type,
        count: c.count,
        missing: c.missing,
        distinct: c.distinct,
        min: c.min,
        max: c.max,
        quantiles: c.quantiles,
        histogram: c.histogram,
        top: c.top,
      })),
    };
  }

  it("gives the whole file's exact fields from the profiles of its shards", async () => {
    const whole = await profileCsv("whole.csv", `${header}\n${lines.join("\n")}\n`);
    const a = await profileCsv("a.csv", `${header}\n${lines.slice(0, 4).join("\n")}\n`);
    const b = await profileCsv("b.csv", `${header}\n${lines.slice(4).join("\n")}\n`);
    const merged = mergeProfiles([a, b]);
    expect(exactFields(merged)).toEqual(exactFields(whole));
    expect(col(merged, "x").mean).toBeCloseTo(col(whole, "x").mean!, 12);
    expect(col(merged, "x").std).toBeCloseTo(col(whole, "x").std!, 12);
  });

  it("lists the shards as the merged profile's sources", async () => {
    const a = await profileCsv("a.csv", `${header}\n${lines.slice(0, 4).join("\n")}\n`);
    const b = await profileCsv("b.csv", `${header}\n${lines.slice(4).join("\n")}\n`);
    const merged = mergeProfiles([a, b]);
    expect(merged.sources.map((s) => [s.file.endsWith("a.csv") || s.file.endsWith("b.csv"), s.rows])).toEqual(
      [
        [true, 4],
        [true, 5],
      ],
    );
    expect(merged.rows).toBe(9);
  });

  it("refuses profiles with other columns, naming the column", async () => {
    const a = await profileCsv("a.csv", "x,c\n1,a\n");
    const b = await profileCsv("b.csv", "x,d\n1,a\n");
    const error = (() => {
      try {
        mergeProfiles([a, b], ["a.json", "b.json"]);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MlshipError);
    expect(error).toMatchObject({ code: "profile_mismatch" });
    expect((error as Error).message).toContain("lacks c");
    expect((error as Error).message).toContain("adds d");
  });

  it("refuses profiles whose schemas declared a column's type differently, naming the column", async () => {
    const a = await profileCsv("a.csv", "x\n1\n", "columns: { x: { type: integer } }");
    const b = await profileCsv("b.csv", "x\n1\n", "columns: { x: { type: number } }");
    expect(() => mergeProfiles([a, b])).toThrow(MlshipError);
    expect(() => mergeProfiles([a, b])).toThrow(/column "x" is declared number .* but declared integer/);
  });

  it("refuses to merge a declared column with an inferred one, naming the column", async () => {
    const a = await profileCsv("a.csv", "x\n1\n", "columns: { x: { type: integer } }");
    const b = await profileCsv("b.csv", "x\n1\n");
    expect(() => mergeProfiles([a, b])).toThrow(/column "x" is inferred integer/);
  });

  it("infers the type again from both shards: integers and a 2.5 make a number column", async () => {
    const a = await profileCsv("a.csv", "x\n1\n2\n3\n");
    const b = await profileCsv("b.csv", "x\n2.5\n4\n");
    expect([col(a, "x").type, col(b, "x").type]).toEqual(["integer", "number"]);
    const merged = col(mergeProfiles([a, b]), "x");
    expect(merged.type).toBe("number");
    expect(merged).toMatchObject({ count: 5, min: 1, max: 4 });
    expect(merged.mean).toBeCloseTo(2.5, 12);
  });

  it("infers the type again from both shards: numbers and words make a text column without a numeric summary", async () => {
    const a = await profileCsv("a.csv", "x\n1\n2\n1\n2\n");
    const b = await profileCsv("b.csv", "x\nlow\nhigh\nlow\nhigh\n");
    const merged = col(mergeProfiles([a, b]), "x");
    expect(merged.type).toBe("category");
    expect(merged.numeric).toBeUndefined();
    expect(merged.mean).toBeUndefined();
    expect(merged.count).toBe(8);
  });

  it("needs at least one profile", () => {
    expect(() => mergeProfiles([])).toThrow(MlshipError);
  });
});
