/**
 * Drift statistics at realistic sizes equal scipy's, through the built CLI as a user
 * runs it: `mlship validate current.csv --reference reference.csv` (the current file
 * read by two worker threads, whose exact stores merge) and `mlship profile
 * reference.csv -o reference.json` + `mlship validate current.csv --reference
 * reference.json`, on 20,000- and 200,000-row pairs.
 *
 * The files are too large to commit: scripts/reference/validate-drift-data.mjs writes
 * them deterministically, and the test first checks that it wrote the very bytes
 * scripts/reference/validate_drift_reference.py computed scipy's values on (the sha256
 * in test/fixtures/validate-drift/expected.json, "generatedPairs"). Each pair is
 * checked in five rounds: Evidently's default tests, then four rounds of tests set per
 * column in mlship.yml, so every test (ks, chi2, ztest, wasserstein, jensenshannon, psi,
 * kl) meets numeric and categorical columns. Tolerance: 1e-9 relative, statistic and
 * p-value alike.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { DriftColumnResult, ValidationReport } from "../../src/data/validate/report.js";
import { expectNoCrash, ROOT, readJson, useCli } from "./run-cli.js";

const run = promisify(execFile);
const cli = useCli("drift-scipy");

interface ExpectedResult {
  test: string;
  statistic: number;
  pValue: number | null;
  configured: boolean;
}
interface GeneratedPair {
  name: string;
  generator: { script: string; args: (string | number)[] };
  reference: { file: string; rows: number; sha256: string };
  current: { file: string; rows: number; sha256: string };
  rounds: { columns: Record<string, ExpectedResult> }[];
}
const expected: { versions: Record<string, string>; generatedPairs: GeneratedPair[] } = JSON.parse(
  await readFile(join(ROOT, "test/fixtures/validate-drift/expected.json"), "utf8"),
);

const RELATIVE_TOLERANCE = 1e-9;

function relativeError(actual: number, wanted: number): number {
  if (actual === wanted) return 0;
  return Math.abs(actual - wanted) / Math.abs(wanted);
}

/** mlship.yml for one round: round 0 leaves the tests to Evidently's rules. */
function roundConfig(columns: Record<string, ExpectedResult>): string {
  const lines = ["drift:", "  columns:"];
  for (const [name, want] of Object.entries(columns)) {
    if (want.configured) lines.push(`    ${name}:`, `      test: ${want.test}`);
  }
  return lines.length > 2 ? `${lines.join("\n")}\n` : "quality:\n  failOn: never\n";
}

describe.each(expected.generatedPairs)("$name rows: mlship's drift statistics against scipy's", (pair) => {
  const reports = new Map<string, ValidationReport>();
  const written = { reference: "", current: "" };

  beforeAll(async () => {
    const { stdout } = await run(process.execPath, [
      join(ROOT, pair.generator.script),
      cli.dir,
      ...pair.generator.args.map(String),
    ]);
    const files = JSON.parse(stdout) as Record<"reference" | "current", { sha256: string }>;
    written.reference = files.reference.sha256;
    written.current = files.current.sha256;
    const profiled = await cli.run(["profile", pair.reference.file, "-o", `${pair.name}-reference.json`]);
    expectNoCrash(profiled);
    expect(profiled.code, profiled.stderr).toBe(0);
    for (const [round, { columns }] of pair.rounds.entries()) {
      const config = `${pair.name}-round-${round}.yml`;
      await writeFile(cli.path(config), roundConfig(columns));
      for (const [mode, reference, extra] of [
        ["data", pair.reference.file, ["--threads", "2"]],
        ["profile", `${pair.name}-reference.json`, []],
      ] as const) {
        const out = `${pair.name}-${round}-${mode}.json`;
        const result = await cli.run([
          "validate",
          pair.current.file,
          "--reference",
          reference,
          "--config",
          config,
          "--json",
          out,
          ...extra,
        ]);
        expectNoCrash(result);
        reports.set(`${round}/${mode}`, await readJson<ValidationReport>(cli.path(out)));
      }
    }
  }, 600_000);

  it("regenerates the very files scipy's values were computed on", async () => {
    expect(written.reference).toBe(pair.reference.sha256);
    expect(written.current).toBe(pair.current.sha256);
    const bytes = await readFile(cli.path(pair.reference.file));
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(pair.reference.sha256);
  });

  it("marks no result approximate or borderline: every side holds its values exactly", () => {
    const marked = [...reports.values()].flatMap((report) =>
      (report.drift?.columns ?? []).filter((c) => c.approximate !== null || c.borderline).map((c) => c.name),
    );
    expect(reports.size).toBe(pair.rounds.length * 2);
    expect(marked).toEqual([]);
  });

  const cases = pair.rounds.flatMap(({ columns }, round) =>
    Object.entries(columns).flatMap(([name, want]) =>
      (["data", "profile"] as const).map((mode) => ({ round, name, want, mode })),
    ),
  );

  it.each(cases)(
    "round $round, $name: $want.test equals scipy's against the reference $mode",
    ({ round, name, want, mode }) => {
      const report = reports.get(`${round}/${mode}`);
      expect(report?.rows).toBe(pair.current.rows);
      expect(report?.drift?.reference.rows).toBe(pair.reference.rows);
      const got = report?.drift?.columns.find((c) => c.name === name) as DriftColumnResult;
      expect(got, `no drift result for ${name}`).toBeDefined();
      expect([got.test, got.chosen]).toEqual([want.test, want.configured ? "configured" : "default"]);
      expect(
        relativeError(got.statistic, want.statistic),
        `${name} ${want.test}: mlship ${got.statistic}, scipy ${want.statistic}`,
      ).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
      if (want.pValue === null) {
        expect(got.pValue).toBeNull();
        return;
      }
      expect(
        relativeError(got.pValue as number, want.pValue),
        `${name} ${want.test}: mlship p ${got.pValue}, scipy p ${want.pValue}`,
      ).toBeLessThanOrEqual(RELATIVE_TOLERANCE);
    },
  );
});
