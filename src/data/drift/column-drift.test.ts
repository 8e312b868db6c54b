import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultConfig } from "../../config/index.js";
import { type ColumnProfileJSON, type DataProfile, profileTable } from "../profile/profile.js";
import { openTable } from "../readers/open-table.js";
import type { DriftColumnResult } from "../validate/report.js";
import { validateData } from "../validate/validate.js";
import { type ColumnDriftSettings, columnDrift } from "./column-drift.js";
import { chi2Test, ksTest, weightedSample, zTest } from "./drift-tests.js";

let dir: string;
let files = 0;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-drift-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeColumn(values: (string | number)[], name = "v"): Promise<string> {
  const file = join(dir, `data-${++files}.csv`);
  await writeFile(file, `${name}\n${values.join("\n")}\n`);
  return file;
}

async function profileOf(values: (string | number)[]): Promise<DataProfile> {
  return profileTable(openTable(await writeColumn(values)));
}

function only(profile: DataProfile): ColumnProfileJSON {
  expect(profile.columns).toHaveLength(1);
  return profile.columns[0];
}

/** Drift of one column between two small files, as `mlship validate --reference` computes it. */
async function drift(
  reference: (string | number)[],
  current: (string | number)[],
  settings?: ColumnDriftSettings,
): Promise<DriftColumnResult> {
  const ref = await profileOf(reference);
  const cur = await profileOf(current);
  const result = columnDrift({
    reference: only(ref),
    current: only(cur),
    referenceRows: ref.rows,
    settings,
  });
  if (!result) throw new Error("no drift result");
  return result;
}

/** `n` values cycling through `values`. */
function cycle<T>(values: T[], n: number): T[] {
  return Array.from({ length: n }, (_, i) => values[i % values.length]);
}

function counts(values: (string | number)[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const v of values) out.set(String(v), (out.get(String(v)) ?? 0) + 1);
  return out;
}

const SIX = [1, 2, 3, 4, 5, 6];
const FIVE = [1, 2, 3, 4, 5];

describe("columnDrift: the default test (Evidently's choice)", () => {
  it("uses ks for a numeric column with more than 5 values and a reference of at most 1000 rows", async () => {
    const result = await drift(cycle(SIX, 60), cycle(SIX, 50));
    expect(result).toMatchObject({ test: "ks", threshold: 0.05, chosen: "default" });
  });

  it("uses chi2 for a numeric column with at most 5 values and a small reference", async () => {
    const result = await drift(cycle(FIVE, 60), cycle(FIVE, 50));
    expect(result).toMatchObject({ test: "chi2", threshold: 0.05, chosen: "default" });
  });

  it("counts the values of reference and current together (3 + 3 new = 6 values: ks)", async () => {
    const result = await drift(cycle([1, 2, 3], 60), cycle([4, 5, 6], 50));
    expect(result.test).toBe("ks");
  });

  it("uses chi2 for a categorical column with more than 2 values and a small reference", async () => {
    const result = await drift(cycle(["a", "b", "c"], 60), cycle(["a", "b", "c"], 50));
    expect(result).toMatchObject({ test: "chi2", threshold: 0.05 });
  });

  it("uses ztest for a binary column and a small reference", async () => {
    const result = await drift(cycle(["cat", "dog"], 60), cycle(["cat", "dog"], 50));
    expect(result).toMatchObject({ test: "ztest", threshold: 0.05 });
  });

  it("still counts a reference of exactly 1000 rows as small", async () => {
    const result = await drift(cycle(SIX, 1000), cycle(SIX, 50));
    expect(result.test).toBe("ks");
  });

  it("uses the normed wasserstein distance for a numeric column with more than 5 values past 1000 reference rows", async () => {
    const result = await drift(cycle(SIX, 1001), cycle(SIX, 50));
    expect(result).toMatchObject({ test: "wasserstein", threshold: 0.1, pValue: null });
  });

  it("uses jensenshannon for a numeric column with at most 5 values past 1000 reference rows", async () => {
    const result = await drift(cycle(FIVE, 1001), cycle(FIVE, 50));
    expect(result).toMatchObject({ test: "jensenshannon", threshold: 0.1, pValue: null });
  });

  it("uses jensenshannon for a categorical column past 1000 reference rows", async () => {
    const result = await drift(cycle(["a", "b", "c"], 1001), cycle(["a", "b", "c"], 50));
    expect(result).toMatchObject({ test: "jensenshannon", threshold: 0.1 });
  });

  it("uses jensenshannon for a binary column past 1000 reference rows", async () => {
    const result = await drift(cycle(["cat", "dog"], 1001), cycle(["cat", "dog"], 50));
    expect(result).toMatchObject({ test: "jensenshannon", threshold: 0.1 });
  });

  it("checks no free text or dates", async () => {
    const text = only(await profileOf(Array.from({ length: 30 }, (_, i) => `note number ${i} about things`)));
    const dates = only(
      await profileOf(Array.from({ length: 30 }, (_, i) => `2024-01-${String(i + 1).padStart(2, "0")}`)),
    );
    expect([text.type, dates.type]).toEqual(["string", "datetime"]);
    expect(columnDrift({ reference: text, current: text, referenceRows: 30 })).toBeUndefined();
    expect(columnDrift({ reference: dates, current: dates, referenceRows: 30 })).toBeUndefined();
  });
});

describe("columnDrift: configured tests", () => {
  it("uses a configured test and threshold instead of the default, reported as configured", async () => {
    const result = await drift(cycle(SIX, 60), cycle(SIX, 50), { test: "psi", threshold: 0.3 });
    expect(result).toMatchObject({ test: "psi", threshold: 0.3, pValue: null, chosen: "configured" });
  });

  it("uses a configured test with that test's default threshold", async () => {
    const result = await drift(cycle(SIX, 60), cycle(SIX, 50), { test: "wasserstein" });
    expect(result).toMatchObject({ test: "wasserstein", threshold: 0.1, chosen: "configured" });
  });

  it("uses a configured threshold with the default test", async () => {
    const result = await drift(cycle(SIX, 60), cycle(SIX, 50), { threshold: 0.01 });
    expect(result).toMatchObject({ test: "ks", threshold: 0.01, chosen: "default" });
  });
});

describe("columnDrift: profiles lose nothing while their sketches are exact", () => {
  const reference = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 2, 3, 8, 4, 6, 2, 6, 4, 3, 3];
  const current = [2, 7, 1, 8, 2, 8, 1, 8, 2, 8, 4, 5, 9, 0, 4, 5, 2, 3, 5, 3, 6, 0, 2, 8, 7, 4, 7, 1, 3];

  it("gives the ks statistic and p-value of the raw values", async () => {
    const result = await drift(reference, current);
    const raw = ksTest(weightedSample(reference), weightedSample(current));
    expect(result.test).toBe("ks");
    expect(result.statistic).toBe(raw.statistic);
    expect(result.pValue).toBe(raw.pValue);
  });

  it("gives the chi2 of the raw counts of a numeric column with few values", async () => {
    const ref = cycle([1, 2, 3, 3, 2], 47);
    const cur = cycle([1, 3, 3, 4, 4, 1], 53);
    const result = await drift(ref, cur);
    const raw = chi2Test(counts(ref), counts(cur));
    expect(result.test).toBe("chi2");
    expect(result.statistic).toBe(raw.statistic);
    expect(result.pValue).toBe(raw.pValue);
  });

  it("gives the chi2 of the raw counts of a categorical column", async () => {
    const ref = cycle(["red", "green", "blue", "red"], 41);
    const cur = cycle(["red", "blue", "blue", "green", "violet"], 37);
    const result = await drift(ref, cur);
    const raw = chi2Test(counts(ref), counts(cur));
    expect(result.test).toBe("chi2");
    expect(result.statistic).toBe(raw.statistic);
    expect(result.pValue).toBe(raw.pValue);
  });

  it("gives the z-test of the raw counts of a binary column", async () => {
    const ref = cycle(["cat", "dog", "dog"], 45);
    const cur = cycle(["cat", "cat", "dog"], 39);
    const result = await drift(ref, cur);
    const raw = zTest(counts(ref), counts(cur));
    expect(result.test).toBe("ztest");
    expect(result.statistic).toBe(raw.statistic);
    expect(result.pValue).toBe(raw.pValue);
  });
});

describe("columnDrift: verdicts", () => {
  const reference = cycle([1, 2, 3, 4, 5, 6, 7], 40);
  const current = cycle([2, 3, 4, 5, 6, 7, 8, 9], 40);

  it("with a p-value test, drifts when p is below the threshold", async () => {
    const { pValue } = await drift(reference, current);
    expect(pValue).toBeGreaterThan(0);
    expect(pValue).toBeLessThan(1);
    const result = await drift(reference, current, { test: "ks", threshold: pValue! * 1.000001 });
    expect(result.drifted).toBe(true);
  });

  it("with a p-value test, does not drift when p equals the threshold", async () => {
    const { pValue } = await drift(reference, current);
    const result = await drift(reference, current, { test: "ks", threshold: pValue! });
    expect(result.drifted).toBe(false);
  });

  it("with a distance, drifts when the statistic reaches the threshold", async () => {
    const { statistic } = await drift(reference, current, { test: "wasserstein" });
    expect(statistic).toBeGreaterThan(0);
    const result = await drift(reference, current, { test: "wasserstein", threshold: statistic });
    expect(result.drifted).toBe(true);
  });

  it("with a distance, does not drift when the statistic is below the threshold", async () => {
    const { statistic } = await drift(reference, current, { test: "wasserstein" });
    const result = await drift(reference, current, { test: "wasserstein", threshold: statistic * 1.000001 });
    expect(result.drifted).toBe(false);
  });

  it("does not find drift between a column and itself", async () => {
    for (const values of [
      cycle(SIX, 60),
      cycle(FIVE, 60),
      cycle(["a", "b", "c"], 60),
      cycle(["x", "y"], 60),
    ]) {
      expect((await drift(values, values)).drifted).toBe(false);
    }
  });

  it("compares booleans spelled True/False with the same booleans spelled yes/no as equal", async () => {
    const result = await drift(cycle(["True", "False", "False"], 60), cycle(["yes", "no", "no"], 60));
    expect(result).toMatchObject({ test: "ztest", drifted: false, pValue: 1 });
  });
});

describe("dataset drift (validateData with a reference)", () => {
  // "a" moves far; "b" stays the same.
  const reference = `a,b\n${Array.from({ length: 40 }, (_, i) => `${i % 8},${i % 6}`).join("\n")}\n`;
  const current = `a,b\n${Array.from({ length: 40 }, (_, i) => `${(i % 8) + 20},${(i + 1) % 6}`).join("\n")}\n`;

  async function validateWithThreshold(threshold: number) {
    const ref = join(dir, "reference.csv");
    const data = join(dir, "current.csv");
    await writeFile(ref, reference);
    await writeFile(data, current);
    const config = defaultConfig();
    const { report } = await validateData({
      data,
      reference: ref,
      quality: config.quality,
      drift: { ...config.drift, threshold },
    });
    return report;
  }

  it("is not drifted when the share of drifted columns equals the threshold", async () => {
    const report = await validateWithThreshold(0.5);
    expect(report.drift?.columns.map((c) => [c.name, c.drifted])).toEqual([
      ["a", true],
      ["b", false],
    ]);
    expect(report.drift).toMatchObject({ share: 0.5, threshold: 0.5, drifted: false });
    expect(report.issues.map((i) => i.code)).not.toContain("dataset_drift");
  });

  it("is drifted, an error, when the share of drifted columns exceeds the threshold", async () => {
    const report = await validateWithThreshold(0.4);
    expect(report.drift).toMatchObject({ share: 0.5, drifted: true });
    expect(report.issues.find((i) => i.code === "dataset_drift")).toMatchObject({
      severity: "error",
      count: 1,
    });
    expect(report.passed).toBe(false);
  });

  it("warns about each drifted column", async () => {
    const report = await validateWithThreshold(0.5);
    expect(report.issues.filter((i) => i.code === "column_drift").map((i) => [i.column, i.severity])).toEqual(
      [["a", "warning"]],
    );
  });

  it("finds no drift between a file and itself, booleans included", async () => {
    const file = join(dir, "self.csv");
    const rows = Array.from(
      { length: 40 },
      (_, i) => `${i % 7},${i % 3 === 0 ? "yes" : "no"},${"abc"[i % 3]}`,
    );
    await writeFile(file, `x,flag,c\n${rows.join("\n")}\n`);
    const config = defaultConfig();
    const { report } = await validateData({
      data: file,
      reference: file,
      quality: config.quality,
      drift: config.drift,
    });
    expect(report.drift?.columns.map((c) => [c.name, c.test, c.drifted])).toEqual([
      ["x", "ks", false],
      ["flag", "ztest", false],
      ["c", "chi2", false],
    ]);
  });
});
