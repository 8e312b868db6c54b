import { describe, expect, it } from "vitest";
import type { DriftColumnResult, ValidationIssue, ValidationReport } from "../data/validate/report.js";
import { escapeMarkdown } from "../lib/markdown.js";
import { MAX_ISSUE_ROWS, renderValidationMarkdown } from "./validation-markdown.js";

function report(overrides: Partial<ValidationReport> = {}): ValidationReport {
  return {
    passed: true,
    file: "data/batch.csv",
    format: "csv",
    rows: 200,
    columns: [
      { name: "age", type: "integer", count: 200, missing: 10, distinct: 50, mean: 41.25 },
      {
        name: "plan",
        type: "category",
        count: 200,
        missing: 0,
        distinct: 3,
        top: [{ value: "basic", count: 120 }],
      },
      { name: "email", type: "string", count: 200, missing: 0, distinct: 200 },
    ],
    issues: [],
    drift: null,
    fingerprint: {
      sha256: "ab".repeat(32),
      bytes: 12345,
      rows: 200,
      columns: ["age", "plan", "email"],
      schemaSha256: null,
    },
    ...overrides,
  };
}

function issue(overrides: Partial<ValidationIssue> = {}): ValidationIssue {
  return {
    code: "out_of_range",
    severity: "error",
    column: "age",
    file: "data/batch.csv",
    line: 7,
    count: 2,
    message: "2 values outside [0, 120]",
    ...overrides,
  };
}

function driftColumn(name: string, overrides: Partial<DriftColumnResult> = {}): DriftColumnResult {
  return {
    name,
    test: "wasserstein",
    statistic: 0.05,
    pValue: null,
    threshold: 0.1,
    drifted: false,
    chosen: "default",
    approximate: null,
    borderline: false,
    ...overrides,
  };
}

function mermaidBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```mermaid\n([\s\S]*?)```/g)].map((m) => m[1]);
}

describe("renderValidationMarkdown", () => {
  it("opens with a passing verdict that counts rows, columns, errors and warnings", () => {
    const md = renderValidationMarkdown(report({ issues: [issue({ severity: "warning" })] }));
    expect(md.split("\n")[0]).toBe("### ✅ Data validation passed: 200 rows, 3 columns, 0 errors, 1 warning");
  });

  it("opens with a failing verdict when the report did not pass", () => {
    const md = renderValidationMarkdown(report({ passed: false, issues: [issue(), issue()] }));
    expect(md.split("\n")[0]).toBe(
      "### ❌ Data validation failed: 200 rows, 3 columns, 2 errors, 0 warnings",
    );
  });

  it("lists each issue with its first line as file:line", () => {
    const md = renderValidationMarkdown(report({ issues: [issue()] }));
    expect(md).toContain("| severity | code | column | first at | count | message |");
    expect(md).toContain(
      "| ❌ error | out\\_of\\_range | age | data/batch.csv:7 | 2 | 2 values outside \\[0, 120\\] |",
    );
  });

  it("shows file paths through displayPath", () => {
    const md = renderValidationMarkdown(report({ issues: [issue({ file: "/ws/data/batch.csv" })] }), {
      displayPath: (file) => file.replace("/ws/", ""),
    });
    expect(md).toContain("| data/batch.csv:7 |");
  });

  it("escapes pipes and line breaks so a cell cannot break the table", () => {
    const md = renderValidationMarkdown(
      report({ issues: [issue({ column: "a|b", message: "first line\nsecond | line" })] }),
    );
    const row = md.split("\n").find((line) => line.includes("first line"))!;
    expect(row).toContain("a\\|b");
    expect(row).toContain("first line<br>second \\| line");
    // six cells: the escaped pipes do not count as separators
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(6);
  });

  it("escapes markup in values so they show as written", () => {
    expect(escapeMarkdown("<script>*x*</script>")).toBe("\\<script\\>\\*x\\*\\</script\\>");
  });

  it(`caps the issues table at ${MAX_ISSUE_ROWS} rows and counts the rest`, () => {
    const issues = Array.from({ length: MAX_ISSUE_ROWS + 7 }, (_, i) => issue({ line: i + 2 }));
    const md = renderValidationMarkdown(report({ issues }));
    expect(md.split("\n").filter((line) => line.startsWith("| ❌ error"))).toHaveLength(MAX_ISSUE_ROWS);
    expect(md).toContain("… and 7 more issues (the JSON report lists them all).");
  });

  it("says so when there are no issues", () => {
    expect(renderValidationMarkdown(report())).toContain("No issues found.");
  });

  it("tabulates every column with its missing share, mean or top value, and drift test", () => {
    const md = renderValidationMarkdown(
      report({
        drift: {
          reference: { source: "data/ref.csv", rows: 1000 },
          columns: [
            driftColumn("age", {
              test: "ks",
              statistic: 0.31,
              pValue: 0.00001234,
              threshold: 0.05,
              drifted: true,
            }),
          ],
          share: 1,
          threshold: 0.5,
          drifted: true,
        },
      }),
    );
    expect(md).toContain(
      "| age | integer | 10 (5.00%) | 50 | 41.2500 | ks | 0.3100 | 1.23e-5 | **drifted** |",
    );
    expect(md).toContain("| plan | category | 0 | 3 | top: basic (120) | – | – | – | – |");
  });

  it("shows an approximate statistic with ± its bound, its p-value range, and a borderline verdict", () => {
    const md = renderValidationMarkdown(
      report({
        drift: {
          reference: { source: "data/ref.csv", rows: 5_000_000 },
          columns: [
            driftColumn("age", {
              test: "ks",
              statistic: 0.0123,
              pValue: 0.031,
              threshold: 0.05,
              drifted: true,
              borderline: true,
              approximate: {
                statistic: { low: 0.0104, high: 0.0142 },
                pValue: { low: 0.002, high: 0.21 },
                errorBound: 0.0019,
                confidence: 0.98,
                sketched: ["reference", "current"],
              },
            }),
          ],
          share: 1,
          threshold: 0.5,
          drifted: true,
        },
      }),
    );
    const row = md.split("\n").find((line) => line.startsWith("| age"))!;
    expect(row).toContain("0.0123 ± 0.0019");
    expect(row).toContain("0.0310 (0.0020–0.2100)");
    expect(row).toContain("**drifted** (borderline)");
    expect(md).toMatch(/approximate \(age\).*98% confidence/);
  });

  it("marks nothing approximate or borderline for exact results", () => {
    const md = renderValidationMarkdown(
      report({
        drift: {
          reference: { source: "data/ref.csv", rows: 1000 },
          columns: [driftColumn("age", { statistic: 0.2, drifted: true })],
          share: 1,
          threshold: 0.5,
          drifted: true,
        },
      }),
    );
    expect(md).not.toMatch(/±|borderline|approximate/);
  });

  it("prints no value for a column the report gives none for (pii columns)", () => {
    const md = renderValidationMarkdown(report());
    expect(md).toContain("| email | string | 0 | 200 |  | – | – | – | – |");
  });

  it("says drift was not checked without a reference, and draws no chart", () => {
    const md = renderValidationMarkdown(report());
    expect(md).toContain("Not checked: no reference was given.");
    expect(mermaidBlocks(md)).toEqual([]);
  });

  it("summarises dataset drift in one line", () => {
    const md = renderValidationMarkdown(
      report({
        drift: {
          reference: { source: "data/ref.csv", rows: 4000 },
          columns: [driftColumn("age", { statistic: 0.3, drifted: true }), driftColumn("plan")],
          share: 0.5,
          threshold: 0.4,
          drifted: true,
        },
      }),
    );
    expect(md).toContain(
      "Against data/ref.csv (4,000 rows): 1 of 2 columns drifted (share 50%, threshold 40%) → **dataset drift**.",
    );
  });

  it("charts the ten columns furthest past their thresholds, distances and p-values apart", () => {
    const distances = Array.from({ length: 11 }, (_, i) =>
      driftColumn(`d${i}`, { statistic: 0.11 + i * 0.05, drifted: true }),
    );
    const pValues = [
      driftColumn("p_small", { test: "ks", pValue: 1e-12, statistic: 0.4, threshold: 0.05, drifted: true }),
      driftColumn("p_zero", { test: "chi2", pValue: 0, statistic: 90, threshold: 0.05, drifted: true }),
    ];
    const undrifted = driftColumn("calm", { statistic: 0.01 });
    const md = renderValidationMarkdown(
      report({
        drift: {
          reference: { source: "ref.csv", rows: 5000 },
          columns: [...distances, ...pValues, undrifted],
          share: 13 / 14,
          threshold: 0.5,
          drifted: true,
        },
      }),
    );
    const [distanceChart, pChart] = mermaidBlocks(md);
    expect(distanceChart).toContain('title "Drifted columns: test statistic (bars) vs threshold (line)"');
    // ranked by statistic / threshold: d10 (6.1×) … d3 (2.6×) make the top ten with both p-value columns
    expect(distanceChart).toContain('x-axis ["d10", "d9", "d8", "d7", "d6", "d5", "d4", "d3"]');
    expect(distanceChart).toContain("bar [0.61, 0.56, 0.51, 0.46, 0.41, 0.36, 0.31, 0.26]");
    expect(distanceChart).toContain("line [0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]");
    expect(distanceChart).toContain('y-axis "distance" 0 --> 1');
    expect(pChart).toContain('title "Drifted columns: -log10(p-value) (bars) vs -log10(threshold) (line)"');
    expect(pChart).toContain('x-axis ["p_zero", "p_small"]');
    expect(pChart).toContain("bar [300, 12]");
    expect(pChart).toContain("line [1.301, 1.301]");
    expect(md).not.toContain('"calm"');
  });

  it("keeps chart labels inside their quotes", () => {
    const md = renderValidationMarkdown(
      report({
        drift: {
          reference: { source: "ref.csv", rows: 5000 },
          columns: [
            driftColumn('say "hi"\nnow, a very long column name indeed', { statistic: 0.5, drifted: true }),
          ],
          share: 1,
          threshold: 0.5,
          drifted: true,
        },
      }),
    );
    expect(mermaidBlocks(md)[0]).toContain(`x-axis ["say 'hi' now, a very lo…"]`);
  });

  it("ends with the fingerprint", () => {
    const md = renderValidationMarkdown(
      report({ fingerprint: { ...report().fingerprint, schemaSha256: "cd".repeat(32) } }),
    );
    expect(md.trimEnd().split("\n").at(-1)).toBe(
      `Fingerprint: sha256 \`${"ab".repeat(32)}\` · 12,345 bytes · 200 rows · schema sha256 \`${"cd".repeat(32)}\``,
    );
  });
});
