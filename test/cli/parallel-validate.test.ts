/**
 * `mlship validate --threads n` splits a CSV into byte ranges read by worker
 * threads. Whatever the split hits (a quoted newline, text that looks like a
 * row, CRLF, blank lines), the report must be the one a single read gives:
 * same rows, same issues on the same lines.
 */
import { writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import type { ValidationReport } from "../../src/data/validate/report.js";
import { seededRandom } from "../data/temp-dir.js";
import { expectNoCrash, readJson, useCli } from "./run-cli.js";

const cli = useCli("parallel-validate");

const SCHEMA = "columns:\n  id:\n    type: integer\n  x:\n    type: number\n  note:\n    type: string\n";

interface Generated {
  content: string;
  rows: number;
  /** Lines of the rows whose x is NaN. */
  nanLines: number[];
}

interface Options {
  name: string;
  rows: number;
  eol: string;
  bom: boolean;
  /** short: mostly a word, some quoted over two lines; long: quoted over 20-60 lines; rows: the same, each line row-like. */
  notes: "short" | "long" | "rows";
  seed: number;
}

/** Rows `id,x,note`; some x are NaN; notes may be quoted over several lines and hold text that looks like rows. */
function generate(options: Options): Generated {
  const random = seededRandom(options.seed);
  const { eol } = options;
  let content = `${options.bom ? "\ufeff" : ""}id,x,note${eol}`;
  let line = 2;
  const nanLines: number[] = [];
  for (let id = 1; id <= options.rows; id++) {
    if (random() < 0.01) {
      content += eol; // a blank line
      line++;
    }
    const nan = random() < 0.002;
    if (nan) nanLines.push(line);
    const x = nan ? "NaN" : random() < 0.1 ? "" : (random() * 1000).toFixed(3);
    let note: string;
    if (options.notes === "short" && random() >= 0.1) {
      note = `n${id % 17}`;
    } else {
      const count = options.notes === "short" ? 2 : 20 + Math.floor(random() * 40);
      const parts = Array.from({ length: count }, (_, k) =>
        options.notes === "rows"
          ? `${id + k},NaN,fake row ${k}`
          : k % 2
            ? `${id + k},NaN,"fake row"`
            : `text ${k}, with a comma`,
      );
      note = `"${parts.join(eol).replaceAll('"', '""')}"`;
      line += count - 1;
    }
    content += `${id},${x},${note}${eol}`;
    line++;
  }
  return { content, rows: options.rows, nanLines };
}

async function validate(data: string, threads: number): Promise<ValidationReport> {
  const out = `${data}.threads-${threads}.json`;
  const result = await cli.run([
    "validate",
    data,
    "--schema",
    "schema.yml",
    "--threads",
    String(threads),
    "--json",
    out,
  ]);
  expectNoCrash(result);
  expect(result.code, result.stderr).toBe(1);
  return readJson<ValidationReport>(cli.path(out));
}

/** The report without the float sums whose last bits depend on the order values were added in. */
function comparable(report: ValidationReport) {
  return { ...report, columns: report.columns.map(({ mean, std, ...rest }) => rest) };
}

describe("mlship validate --threads", () => {
  it.each<Options>([
    { name: "short-notes.csv", rows: 40_000, eol: "\n", bom: false, notes: "short", seed: 1 },
    { name: "long-quoted-notes.csv", rows: 6_000, eol: "\n", bom: false, notes: "long", seed: 2 },
    {
      name: "quoted-lines-that-look-like-rows.csv",
      rows: 6_000,
      eol: "\n",
      bom: false,
      notes: "rows",
      seed: 4,
    },
    { name: "crlf-bom.csv", rows: 40_000, eol: "\r\n", bom: true, notes: "short", seed: 3 },
  ])(
    "$name: every thread count gives the single read's rows, issues and lines",
    async (options) => {
      const generated = generate(options);
      await writeFile(cli.path("schema.yml"), SCHEMA);
      await writeFile(cli.path(options.name), generated.content);

      const single = await validate(options.name, 1);
      expect(single.rows).toBe(generated.rows);
      const nonFinite = single.issues.find((i) => i.code === "non_finite");
      expect(generated.nanLines.length).toBeGreaterThan(2);
      expect(nonFinite?.count).toBe(generated.nanLines.length);
      expect(nonFinite?.lines ?? [nonFinite?.line]).toEqual(
        generated.nanLines.slice(0, (nonFinite?.lines ?? [nonFinite?.line]).length),
      );

      for (const threads of [2, 3, 5]) {
        const parallel = await validate(options.name, threads);
        expect(comparable(parallel), `--threads ${threads}`).toEqual(comparable(single));
        parallel.columns.forEach((column, i) => {
          const mean = single.columns[i].mean;
          if (mean !== undefined)
            expect(Math.abs(column.mean! - mean)).toBeLessThanOrEqual(1e-12 * Math.abs(mean));
        });
      }
    },
    120_000,
  );
});

describe("mlship validate --threads: errors", () => {
  it("a ragged row late in the file is reported at its line, as a single read reports it", async () => {
    let content = "a,b\n";
    for (let i = 1; i <= 20_000; i++) content += i % 100 ? `${i},${i % 7}\n` : `${i},"two\nlines"\n`;
    content += "1,2,3\n4,5\n";
    await writeFile(cli.path("ragged-late.csv"), content);
    const line = content.split("\n").length - 2;
    for (const threads of ["1", "4"]) {
      const result = await cli.run(["validate", "ragged-late.csv", "--threads", threads]);
      expectNoCrash(result);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`ragged-late.csv:${line}: row at line ${line} has 3 fields`);
    }
  });
});
