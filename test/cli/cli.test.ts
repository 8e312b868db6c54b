/** The `mlship` command as a user runs it: help, version, validate with drift, profile and merge. */
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DataProfile } from "../../src/data/profile/profile.js";
import { CsvReader } from "../../src/data/readers/csv-reader.js";
import type { ValidationReport } from "../../src/data/validate/report.js";
import { EXAMPLES, expectNoCrash, expectUserError, ROOT, readJson, useCli } from "./run-cli.js";

const cli = useCli("cli");

describe("mlship: help and version", () => {
  it("--help lists the commands and exits 0", async () => {
    const result = await cli.run(["--help"]);
    expect(result.code).toBe(0);
    for (const command of ["validate", "schema infer", "profile", "profile merge"]) {
      expect(result.stdout).toContain(`  ${command} `);
    }
  });

  it("--version prints package.json's version", async () => {
    const { version } = JSON.parse(await readFile(join(ROOT, "package.json"), "utf8")) as { version: string };
    const result = await cli.run(["--version"]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(`mlship ${version}`);
  });

  it("validate --help shows its usage and options and exits 0", async () => {
    const result = await cli.run(["validate", "--help"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("usage: mlship validate");
    for (const option of ["--schema", "--reference", "--json", "--delimiter", "--format"]) {
      expect(result.stdout).toContain(option);
    }
  });

  it("registry --help lists the registry's commands and exits 0", async () => {
    const result = await cli.run(["registry", "--help"]);
    expect(result.code).toBe(0);
    for (const command of ["list", "show", "download", "resolve"]) {
      expect(result.stdout).toContain(`  registry ${command} `);
    }
  });

  it("an unknown registry command exits 2, names it and lists the registry's commands", async () => {
    const result = await cli.run(["registry", "lst"]);
    expectUserError(result);
    expect(result.stderr).toContain('unknown registry command "lst"');
    expect(result.stderr).toContain("list, show, download, resolve");
  });

  it("an unknown command exits 2 and names it", async () => {
    const result = await cli.run(["frobnicate"]);
    expectUserError(result);
    expect(result.stderr).toContain('"frobnicate"');
  });
});

describe("mlship validate against the reference", () => {
  it("the drifted batch fails (exit 1) with a complete JSON report", async () => {
    const data = join(EXAMPLES, "churn-current.csv");
    const result = await cli.run([
      "validate",
      data,
      "--reference",
      join(EXAMPLES, "churn-reference.csv"),
      "--json",
      "drifted.json",
    ]);
    expectNoCrash(result);
    expect(result.code).toBe(1);
    const report = await readJson<ValidationReport>(cli.path("drifted.json"));
    expect(report.passed).toBe(false);
    expect(report.drift?.drifted).toBe(true);
    expect(report.drift?.columns.length).toBeGreaterThan(0);
    for (const column of report.drift?.columns ?? []) {
      expect(column).toEqual(
        expect.objectContaining({
          name: expect.any(String),
          test: expect.any(String),
          statistic: expect.any(Number),
          pValue: column.pValue === null ? null : expect.any(Number),
          threshold: expect.any(Number),
          drifted: expect.any(Boolean),
        }),
      );
    }
    const sha256 = createHash("sha256")
      .update(await readFile(data))
      .digest("hex");
    expect(report.fingerprint.sha256).toBe(sha256);
    expect(report.issues.length).toBeGreaterThan(0);
    for (const issue of report.issues) {
      expect(issue).toEqual(
        expect.objectContaining({
          code: expect.any(String),
          severity: expect.stringMatching(/^(error|warning)$/),
          message: expect.any(String),
        }),
      );
    }
  });

  it("the clean batch passes (exit 0)", async () => {
    const result = await cli.run([
      "validate",
      join(EXAMPLES, "churn-current-clean.csv"),
      "--reference",
      join(EXAMPLES, "churn-reference.csv"),
      "--json",
      "clean.json",
    ]);
    expectNoCrash(result);
    expect(result.code, result.stdout).toBe(0);
    const report = await readJson<ValidationReport>(cli.path("clean.json"));
    expect(report.passed).toBe(true);
    expect(report.drift?.drifted).toBe(false);
  });
});

describe("mlship profile merge", () => {
  const whole = join(EXAMPLES, "churn-reference.csv");
  let profiles: Promise<{ expected: DataProfile; merged: DataProfile }> | undefined;

  /** Profiles the whole file and its two halves (header repeated), and merges the halves' profiles. */
  function profileHalvesAndWhole() {
    profiles ??= (async () => {
      const text = await readFile(whole, "utf8");
      // The example has no quoted newlines, so each row is one line.
      const [header, ...lines] = text.trimEnd().split("\n");
      const half = Math.floor(lines.length / 2);
      await writeFile(cli.path("first.csv"), `${header}\n${lines.slice(0, half).join("\n")}\n`);
      await writeFile(cli.path("second.csv"), `${header}\n${lines.slice(half).join("\n")}\n`);
      for (const [data, out] of [
        [whole, "whole.json"],
        ["first.csv", "first.json"],
        ["second.csv", "second.json"],
      ]) {
        const result = await cli.run(["profile", data, "-o", out]);
        expectNoCrash(result);
        expect(result.code, result.stderr).toBe(0);
      }
      const merge = await cli.run(["profile", "merge", "first.json", "second.json", "-o", "merged.json"]);
      expectNoCrash(merge);
      expect(merge.code, merge.stderr).toBe(0);
      return {
        expected: await readJson<DataProfile>(cli.path("whole.json")),
        merged: await readJson<DataProfile>(cli.path("merged.json")),
      };
    })();
    return profiles;
  }

  it("the merged profile has the whole file's rows, and per column its type, count, missing, min and max", async () => {
    const { expected, merged } = await profileHalvesAndWhole();
    expect(merged.rows).toBe(expected.rows);
    const exact = (p: DataProfile) =>
      p.columns.map(({ name, type, count, missing, min, max }) => ({ name, type, count, missing, min, max }));
    expect(exact(merged)).toEqual(exact(expected));
  });

  // Profiles keep a compensated sum, so the mean does not depend on how the file was split.
  it("the merged means equal the whole file's exactly", async () => {
    const { expected, merged } = await profileHalvesAndWhole();
    expect(merged.columns.map((c) => c.mean)).toEqual(expected.columns.map((c) => c.mean));
  });

  it("each merged quantile lies within the stated rank error of its true rank in the whole file", async () => {
    const { merged } = await profileHalvesAndWhole();
    const epsilon = merged.accuracy.quantileRankError;
    const values = await columnValues(whole);
    const misses: string[] = [];
    let checked = 0;
    for (const column of merged.columns) {
      if (!column.quantiles || column.type === "datetime") continue;
      const sorted = values.get(column.name)!.sort((a, b) => a - b);
      for (const [key, value] of Object.entries(column.quantiles)) {
        const q = Number(key.slice(1)) / 100;
        const below = sorted.filter((x) => x < value).length / sorted.length;
        const atOrBelow = sorted.filter((x) => x <= value).length / sorted.length;
        checked++;
        if (q < below - epsilon || q > atOrBelow + epsilon) {
          misses.push(`${column.name} ${key} = ${value}: true rank ${below}..${atOrBelow}`);
        }
      }
    }
    expect(checked).toBeGreaterThan(0);
    expect(misses).toEqual([]);
  });
});

/** The present numeric values of every column of a CSV. */
async function columnValues(file: string): Promise<Map<string, number[]>> {
  const reader = new CsvReader(file);
  const columns = await reader.columns();
  const values = new Map(columns.map((name) => [name, [] as number[]]));
  for await (const batch of reader.batches()) {
    for (let row = 0; row < batch.rows; row++) {
      columns.forEach((name, col) => {
        if (batch.isMissing(row, col)) return;
        const value = batch.number(row, col);
        if (Number.isFinite(value)) values.get(name)!.push(value);
      });
    }
  }
  return values;
}
