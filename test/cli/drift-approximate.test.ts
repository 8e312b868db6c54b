/**
 * Past 2^20 distinct values a side of a numeric column is a KLL sketch (k = 3000), so
 * drift statistics are approximate: the report says so with an error bound that must
 * hold the exact statistic (computed here by brute force), and a verdict whose exact
 * statistic could fall on the other side of the threshold is borderline. Through the
 * built CLI, on 1,100,000 values per side (one column, so the files stay ~20 MB).
 */
import { writeFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import type { DriftColumnResult, ValidationReport } from "../../src/data/validate/report.js";
import { seededRandom } from "../data/temp-dir.js";
import { expectNoCrash, readJson, useCli } from "./run-cli.js";

const cli = useCli("drift-approximate");
const ROWS = 1_100_000;
/** Uniform on [0, 100) against the same shifted by 1.4: the normed distance is about 0.05, half the default threshold. */
const SHIFT = 1.4;

function values(seed: number, shift: number): Float64Array {
  const random = seededRandom(seed);
  return Float64Array.from({ length: ROWS }, () => random() * 100 + shift);
}

async function writeCsv(name: string, column: Float64Array): Promise<void> {
  const lines = ["x"];
  for (const x of column) lines.push(String(x));
  await writeFile(cli.path(name), `${lines.join("\n")}\n`);
}

/**
 * Evidently's normed wasserstein by brute force: with equal sizes W1 is the mean gap
 * between the sorted samples; divided by the reference's population std (two-pass).
 */
function exactNormedWasserstein(reference: Float64Array, current: Float64Array): number {
  const a = reference.slice().sort();
  const b = current.slice().sort();
  let gaps = 0;
  for (let i = 0; i < a.length; i++) gaps += Math.abs(a[i] - b[i]);
  let sum = 0;
  for (const x of a) sum += x;
  const mean = sum / a.length;
  let squares = 0;
  for (const x of a) squares += (x - mean) ** 2;
  return gaps / a.length / Math.sqrt(squares / a.length);
}

async function validate(reference: string, out: string, config?: string) {
  const result = await cli.run([
    "validate",
    "current.csv",
    "--reference",
    reference,
    "--json",
    out,
    ...(config ? ["--config", config] : []),
  ]);
  expectNoCrash(result);
  const report = await readJson<ValidationReport>(cli.path(out));
  const column = report.drift?.columns.find((c) => c.name === "x") as DriftColumnResult;
  return { result, column };
}

describe("mlship validate with more than 1,000,000 distinct values per side", () => {
  let exact = 0;
  let againstData: Awaited<ReturnType<typeof validate>>;
  let atThreshold: Awaited<ReturnType<typeof validate>>;

  beforeAll(async () => {
    const reference = values(1, 0);
    const current = values(2, SHIFT);
    exact = exactNormedWasserstein(reference, current);
    await writeCsv("reference.csv", reference);
    await writeCsv("current.csv", current);
    againstData = await validate("reference.csv", "against-data.json");
    const profiled = await cli.run(["profile", "reference.csv", "-o", "reference.json"]);
    expectNoCrash(profiled);
    expect(profiled.code, profiled.stderr).toBe(0);
    // A threshold set at the exact statistic: the sketch cannot tell which side it is on.
    await writeFile(cli.path("at-threshold.yml"), `drift:\n  columns:\n    x:\n      threshold: ${exact}\n`);
    atThreshold = await validate("reference.json", "at-threshold.json", "at-threshold.yml");
  }, 300_000);

  it("marks the statistic approximate, both sides sketched, with a bound of about 0.1% rank error", () => {
    const { column } = againstData;
    expect(column.test).toBe("wasserstein");
    expect(column.approximate).not.toBeNull();
    expect(column.approximate?.sketched).toEqual(["reference", "current"]);
    expect(column.approximate?.confidence).toBeCloseTo(0.98, 12);
    // ε·(max − min)/std per side, ε ≤ 0.001 and (max − min)/std = √12 for uniform data.
    expect(column.approximate?.errorBound).toBeGreaterThan(0);
    expect(column.approximate?.errorBound).toBeLessThanOrEqual(2 * 0.001 * Math.sqrt(12) * 1.01);
  });

  it("holds the exact statistic (brute force) within the reported range", () => {
    const { statistic } = againstData.column.approximate!;
    expect(exact).toBeGreaterThanOrEqual(statistic.low);
    expect(exact).toBeLessThanOrEqual(statistic.high);
  });

  it("is not borderline when the whole range is below the threshold", () => {
    expect(againstData.column).toMatchObject({ threshold: 0.1, drifted: false, borderline: false });
    expect(againstData.result.code, againstData.result.stderr).toBe(0);
  });

  it("shows the bound in the text report", () => {
    expect(againstData.result.stdout).toMatch(/x\s+wasserstein\s+0\.0\d+ ± \d/);
    expect(againstData.result.stdout).toMatch(/approximate \(x\)/);
  });

  it("gives the same approximate statistic against the reference's profile.json", () => {
    expect(atThreshold.column.statistic).toBe(againstData.column.statistic);
    expect(atThreshold.column.approximate).toEqual(againstData.column.approximate);
  });

  it("reports a verdict as borderline when the threshold lies within the bound", () => {
    expect(atThreshold.column.threshold).toBe(exact);
    expect(atThreshold.column.borderline).toBe(true);
    expect(atThreshold.result.stdout).toMatch(/x\s+wasserstein\s+.*(DRIFT|ok) \(borderline\)/);
  });
});
