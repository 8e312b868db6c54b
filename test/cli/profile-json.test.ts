/**
 * A reference profile.json is data mlship trusts for its drift verdict: a damaged one
 * (wrong types, negative counts, missing fields, truncated sketches, counts that do not
 * add up) must be refused with exit 2 and the path of the bad value, never used.
 * Profiles written before exact stores (schemaVersion 1, as registry releases hold
 * them) still read and work: test/fixtures/profiles/v1-5k-reference.json was written by
 * mlship's previous version from the 5,000-row reference of
 * scripts/reference/validate-drift-data.mjs.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { copyFile, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import type { DataProfile } from "../../src/data/profile/profile.js";
import type { DriftColumnResult, ValidationReport } from "../../src/data/validate/report.js";
import { EXAMPLES, expectNoCrash, expectUserError, ROOT, readJson, useCli } from "./run-cli.js";

const cli = useCli("profile-json");
const V1_PROFILE = join(ROOT, "test/fixtures/profiles/v1-5k-reference.json");
/** sha256 of the 5,000-row reference the version 1 profile was computed from. */
const V1_SOURCE_SHA256 = "6c6f69c12e12055f86332d2dca828d232e14c7bba12419d8c2cc5797f2d6a5fa";

// biome-ignore lint/suspicious/noExplicitAny: the tests reach into parsed JSON to damage it.
type Loose = Record<string, any>;
type Json = Loose & { columns: Loose[] };

let good: Json;
beforeAll(async () => {
  const made = await cli.run(["profile", join(EXAMPLES, "churn-reference.csv"), "-o", "good.json"]);
  expect(made.code, made.stderr).toBe(0);
  good = JSON.parse(await readFile(cli.path("good.json"), "utf8"));
}, 120_000);

function column(profile: Json, name: string): Loose {
  const found = profile.columns.find((c) => c.name === name);
  if (!found) throw new Error(`no column ${name}`);
  return found;
}

/** Writes a damaged copy of the good profile and validates the churn data against it. */
async function validateAgainst(name: string, damage: (p: Json) => void) {
  const profile: Json = structuredClone(good);
  damage(profile);
  await writeFile(cli.path(name), JSON.stringify(profile));
  return cli.run(["validate", join(EXAMPLES, "churn-current.csv"), "--reference", name]);
}

describe("mlship validate --reference refuses a damaged profile.json, naming the bad value", () => {
  const cases: [string, (p: Json) => void, RegExp][] = [
    ["a negative count", (p) => (column(p, "tenure_months").count = -3), /columns\[5\]\.count\b.*-3/],
    ["a number written as text", (p) => (p.rows = "4000"), /\(rows\).*expected a number, got "4000"/],
    ["a missing column name", (p) => delete p.columns[0].name, /columns\[0\]\.name.*required/],
    [
      "truncated exact values",
      (p) => {
        const exact = column(p, "monthly_charges").numeric.values.exact;
        exact.values = exact.values.slice(0, 8);
      },
      /columns\[6\]\.numeric.*"values".*(truncated|corrupt)/,
    ],
    [
      "exact counts that do not sum to the count",
      (p) => {
        const numeric = column(p, "total_charges").numeric;
        numeric.values.count += 1;
      },
      /columns\[7\]\.numeric.*exact counts sum to/,
    ],
    [
      "a column whose counts do not make the profile's rows",
      (p) => (column(p, "support_calls").missing += 5),
      /columns\[8\]\.count.*but the profile has 4000 rows/,
    ],
    [
      "a mean that is not a number",
      (p) => (column(p, "monthly_charges").numeric.moments.mean = "high"),
      /columns\[6\]\.numeric\.moments\.mean.*expected a number/,
    ],
    [
      "a category count below zero",
      (p) => (column(p, "plan").categories.top.items[0][1] = -10),
      /columns\[4\]\.categories\.top\.items\[0\]\[1\]/,
    ],
    [
      "truncated distinct-count registers",
      (p) => {
        const distinct = column(p, "customer_id").categories.distinct;
        distinct.registers = distinct.registers.slice(0, 100);
      },
      /columns\[0\]\.categories.*registers/,
    ],
    ["no kind", (p) => delete p.kind, /\(kind\).*expected "mlship\.profile"/],
    [
      "a schema version from the future",
      (p) => (p.schemaVersion = 3),
      /\(schemaVersion\).*3 is not a version/,
    ],
  ];

  it.each(cases)("%s", async (_name, damage, where) => {
    const result = await validateAgainst(`bad-${_name.replaceAll(" ", "-")}.json`, damage);
    expectUserError(result, 2);
    expect(result.stderr).toMatch(/bad-.*\.json/);
    expect(result.stderr).toMatch(/not a valid mlship profile/);
    expect(result.stderr).toMatch(where);
  });

  it("accepts the undamaged profile", async () => {
    const result = await validateAgainst("undamaged.json", () => {});
    expectNoCrash(result);
    expect([0, 1]).toContain(result.code);
  });

  it("mlship profile merge refuses a damaged profile too", async () => {
    await validateAgainst("merge-bad.json", (p) => (column(p, "tenure_months").count = -1));
    const result = await cli.run(["profile", "merge", "good.json", "merge-bad.json", "-o", "merged.json"]);
    expectUserError(result, 2);
    expect(result.stderr).toMatch(/merge-bad\.json.*columns\[5\]\.count/);
  });
});

describe("mlship package --profile", () => {
  it("refuses a damaged profile before publishing anything", async () => {
    await validateAgainst("package-bad.json", (p) => (p.rows = -1));
    const result = await promisify(execFile)(
      process.execPath,
      [
        join(ROOT, "dist/cli/index.js"),
        "package",
        "--model",
        join(ROOT, "test/fixtures/models/binary-linear-zipmap.onnx"),
        "--name",
        "churn",
        "--registry",
        "local:reg",
        "--profile",
        "package-bad.json",
      ],
      { cwd: cli.dir },
    ).then(
      () => ({ code: 0, stderr: "" }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).toMatch(/package-bad\.json \(rows\): not a valid mlship profile/);
    expect(existsSync(cli.path("reg/churn/0.1.0"))).toBe(false);
  });
});

describe("a version 1 profile (written before exact stores) still works as the reference", () => {
  const reports: Record<"v1" | "data", Map<string, DriftColumnResult>> = { v1: new Map(), data: new Map() };
  let merged: DataProfile;

  beforeAll(async () => {
    await promisify(execFile)(process.execPath, [
      join(ROOT, "scripts/reference/validate-drift-data.mjs"),
      cli.dir,
      "5k",
      "5000",
      "5000",
    ]);
    await copyFile(V1_PROFILE, cli.path("v1.json"));
    for (const [key, reference] of [
      ["v1", "v1.json"],
      ["data", "5k-reference.csv"],
    ] as const) {
      const result = await cli.run([
        "validate",
        "5k-current.csv",
        "--reference",
        reference,
        "--json",
        `report-${key}.json`,
      ]);
      expectNoCrash(result);
      const report = await readJson<ValidationReport>(cli.path(`report-${key}.json`));
      for (const c of report.drift?.columns ?? []) reports[key].set(c.name, c);
    }
    const current = await cli.run(["profile", "5k-current.csv", "-o", "current.json"]);
    expect(current.code, current.stderr).toBe(0);
    const merge = await cli.run(["profile", "merge", "v1.json", "current.json", "-o", "merged.json"]);
    expectNoCrash(merge);
    expect(merge.code, merge.stderr).toBe(0);
    merged = await readJson<DataProfile>(cli.path("merged.json"));
  }, 120_000);

  it("is the profile of the data regenerated here", async () => {
    const bytes = await readFile(cli.path("5k-reference.csv"));
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(V1_SOURCE_SHA256);
  });

  it("gives the exact statistics where its counts were exact (categories, few distinct numbers)", () => {
    for (const name of ["n", "k", "flag", "c", "b"]) {
      const v1 = reports.v1.get(name);
      expect(v1?.approximate, name).toBeNull();
      expect(v1?.statistic, name).toBe(reports.data.get(name)?.statistic);
    }
  });

  it("marks its sketched columns approximate, with bounds that hold the exact statistic", () => {
    for (const name of ["x", "price"]) {
      const v1 = reports.v1.get(name)!;
      const exact = reports.data.get(name)!;
      expect(v1.approximate, name).not.toBeNull();
      expect(exact.approximate, name).toBeNull();
      expect(exact.statistic, name).toBeGreaterThanOrEqual(v1.approximate!.statistic.low);
      expect(exact.statistic, name).toBeLessThanOrEqual(v1.approximate!.statistic.high);
    }
  });

  it("merges with a version 2 profile into a version 2 profile", () => {
    expect(merged.schemaVersion).toBe(2);
    expect(merged.rows).toBe(5000 + 5000);
  });
});
