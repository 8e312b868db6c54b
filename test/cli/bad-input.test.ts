/**
 * What a user sees when the input is wrong: exit 2 (or 1 when it is a check
 * that failed) and a message that says what and where, never an internal error.
 */
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import type { ValidationReport } from "../../src/data/validate/report.js";
import { expectNoCrash, expectUserError, readJson, useCli } from "./run-cli.js";

const cli = useCli("bad-input");

async function file(name: string, content: string | Buffer): Promise<string> {
  await writeFile(cli.path(name), content);
  return name;
}

/** Runs `mlship validate <args> --json report.json` and returns the result and the report (when written). */
async function validate(name: string, ...args: string[]) {
  const out = `${name}.report.json`;
  const result = await cli.run(["validate", name, ...args, "--json", out]);
  const report =
    result.code === 0 || result.code === 1 ? await readJson<ValidationReport>(cli.path(out)) : undefined;
  return { result, report };
}

describe("mlship validate: files that are not a table", () => {
  it("an empty file: exit 2, says it is empty", async () => {
    const result = await cli.run(["validate", await file("empty.csv", "")]);
    expectUserError(result);
    expect(result.stderr).toMatch(/empty\.csv.*empty/);
  });

  it("a header without rows: exit 1 with the issue no_rows", async () => {
    const { result, report } = await validate(await file("header-only.csv", "a,b\n"));
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(report?.issues.map((i) => i.code)).toContain("no_rows");
  });

  it("random bytes with zero bytes named .csv: exit 2, says it is binary", async () => {
    const bytes = randomBytes(64 * 1024);
    bytes[100] = 0;
    const result = await cli.run(["validate", await file("garbage.csv", bytes)]);
    expectUserError(result);
    expect(result.stderr).toMatch(/garbage\.csv.*binary/);
  });

  it("a corrupt .gz: exit 2, says the gzip data is corrupt", async () => {
    const result = await cli.run([
      "validate",
      await file("broken.csv.gz", Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3])),
    ]);
    expectUserError(result);
    expect(result.stderr).toMatch(/broken\.csv\.gz.*gzip/);
  });

  it("a missing file: exit 2, names it", async () => {
    const result = await cli.run(["validate", "no-such-file.csv"]);
    expectUserError(result);
    expect(result.stderr).toMatch(/no-such-file\.csv.*no such file/);
  });

  it("a missing file without an extension: exit 2, says there is no such file", async () => {
    const result = await cli.run(["validate", "no-such-file"]);
    expectUserError(result);
    expect(result.stderr).toMatch(/no-such-file.*no such file/);
  });

  it("a directory as data: exit 2, says it is a directory", async () => {
    await mkdir(cli.path("folder.csv"), { recursive: true });
    await mkdir(cli.path("folder"), { recursive: true });
    for (const name of ["folder.csv", "folder"]) {
      const result = await cli.run(["validate", name]);
      expectUserError(result);
      expect(result.stderr).toMatch(new RegExp(`${name}.* is a directory`));
    }
  });

  it("a file the system will not open (a socket named .csv): exit 2, names it", async () => {
    // Stands in for a file without read permission, which root (CI containers) can read anyway.
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(cli.path("socket.csv"), resolve));
    try {
      const result = await cli.run(["validate", "socket.csv"]);
      expectUserError(result);
      expect(result.stderr).toMatch(/socket\.csv.*cannot be read/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("mlship validate: CSV syntax errors name the line", () => {
  it("a row with too many fields: exit 2, names its line", async () => {
    const result = await cli.run(["validate", await file("ragged.csv", "a,b\n1,2\n3,4\n5,6,7\n8,9\n")]);
    expectUserError(result);
    expect(result.stderr).toMatch(/ragged\.csv:4: .*line 4 has 3 fields but the header has 2/);
  });

  it("an unterminated quote: exit 2, names the line where the quote opened", async () => {
    const content = 'id,note\n1,ok\n2,"opens here\n3,more\n4,and more\n';
    const result = await cli.run(["validate", await file("unterminated.csv", content)]);
    expectUserError(result);
    expect(result.stderr).toMatch(/unterminated\.csv:3: .*quote opened .*line 3/);
  });

  it("latin1 bytes: exit 2, names the line and says to re-encode as UTF-8", async () => {
    const content = Buffer.from("name,n\nbob,1\ncafé,2\n", "latin1");
    const result = await cli.run(["validate", await file("latin1.csv", content)]);
    expectUserError(result);
    expect(result.stderr).toMatch(/latin1\.csv:3: .*not valid UTF-8.*re-encode/);
  });

  it("latin1 bytes in JSON Lines: exit 2, names the line and says to re-encode as UTF-8", async () => {
    const content = Buffer.from('{"name":"bob"}\n{"name":"café"}\n', "latin1");
    const result = await cli.run(["validate", await file("latin1.jsonl", content)]);
    expectUserError(result);
    expect(result.stderr).toMatch(/latin1\.jsonl:2: .*not valid UTF-8.*re-encode/);
  });
});

describe("mlship validate: huge cells", () => {
  it("a 10 MB quoted cell is read as one value (exit 0, 2 rows)", async () => {
    const content = `id,text\n1,"${"x".repeat(5 * 1024 * 1024)},\n${"y".repeat(5 * 1024 * 1024)}"\n2,short\n`;
    const { result, report } = await validate(await file("big-cell.csv", content), "-q");
    expectNoCrash(result);
    expect(result.code).toBe(0);
    expect(report?.rows).toBe(2);
  });

  it("a header that is one 10 MB field is refused as no header (exit 2, names the column)", async () => {
    const name = "h".repeat(10 * 1024 * 1024);
    const result = await cli.run(["validate", await file("big-header.csv", `${name}\n1\n2\n`), "-q"]);
    expectUserError(result);
    expect(result.stderr).toMatch(/big-header\.csv:1.*column 1.*is every quote closed/);
    expect(result.stderr.length).toBeLessThan(2000);
  });
});

describe("mlship validate: the wrong delimiter", () => {
  const semicolons = "id;plan;tenure\n1;basic;20\n2;premium;31\n3;basic;4\n";
  const semicolonsWithDecimalCommas = "id;plan;charges\n1;basic;20,5\n2;premium;99,9\n";

  it("a ';' file with decimal commas read as ',': exit 2, names the line and suggests --delimiter ';'", async () => {
    const result = await cli.run(["validate", await file("decimal-commas.csv", semicolonsWithDecimalCommas)]);
    expectUserError(result);
    expect(result.stderr).toMatch(/decimal-commas\.csv:2: .*--delimiter ';'/);
  });

  it("a ';' file without commas read as ',' is read as one column (no crash)", async () => {
    const { result, report } = await validate(await file("semicolons.csv", semicolons));
    expectNoCrash(result);
    expect(report?.fingerprint.columns).toEqual(["id;plan;tenure"]);
  });

  it("a ';' file without commas read as ',' suggests --delimiter ';'", async () => {
    const result = await cli.run(["validate", await file("semicolons-hint.csv", semicolons)]);
    expect(`${result.stdout}\n${result.stderr}`).toMatch(/--delimiter ['"]?;/);
  });

  it("the same file with --delimiter ';' has its three columns", async () => {
    const { result, report } = await validate(
      await file("semicolons-ok.csv", semicolons),
      "--delimiter",
      ";",
    );
    expectNoCrash(result);
    expect(report?.fingerprint.columns).toEqual(["id", "plan", "tenure"]);
  });
});

describe("mlship validate: checks that fail (exit 1) name the problem", () => {
  it("NaN and Infinity in a column the schema declares a number: exit 1, non_finite with the line", async () => {
    await file("number-schema.yml", "columns:\n  id:\n    type: integer\n  x:\n    type: number\n");
    const data = await file("non-finite.csv", "id,x\n1,0.5\n2,NaN\n3,Infinity\n4,1.5\n");
    const { result, report } = await validate(data, "--schema", "number-schema.yml");
    expectNoCrash(result);
    expect(result.code).toBe(1);
    const issue = report?.issues.find((i) => i.code === "non_finite");
    expect(issue).toMatchObject({ column: "x", line: 3, severity: "error" });
  });

  it("a schema naming a column the data lacks: exit 1, missing_column naming it", async () => {
    await file("extra-column-schema.yml", "columns:\n  a:\n    type: integer\n  zz:\n    type: number\n");
    const data = await file("two-columns.csv", "a\n1\n2\n");
    const { result, report } = await validate(data, "--schema", "extra-column-schema.yml");
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(report?.issues.find((i) => i.code === "missing_column")).toMatchObject({ column: "zz" });
  });

  it("a reference sharing some columns: exit 1, missing_column for the column the data lacks", async () => {
    await file("reference-some.csv", "a,c\n1,2\n3,4\n5,6\n7,8\n");
    const { result, report } = await validate(
      await file("some-shared.csv", "a,b\n1,2\n3,4\n"),
      "--reference",
      "reference-some.csv",
    );
    expectNoCrash(result);
    expect(result.code).toBe(1);
    expect(report?.issues.find((i) => i.code === "missing_column")).toMatchObject({ column: "c" });
  });
});

describe("mlship validate: wrong companions and options (exit 2)", () => {
  it("a reference sharing no column: exit 2, says so and names the reference", async () => {
    await file("reference-none.csv", "x,y\n1,2\n");
    const result = await cli.run([
      "validate",
      await file("none-shared.csv", "a,b\n1,2\n"),
      "--reference",
      "reference-none.csv",
    ]);
    expectUserError(result);
    expect(result.stderr).toMatch(/reference-none\.csv.*shares no column/);
  });

  it("a schema with `type: numbr`: exit 2, names the file, line and path", async () => {
    await file("typo-schema.yml", "columns:\n  a:\n    type: numbr\n");
    const result = await cli.run([
      "validate",
      await file("typo.csv", "a\n1\n"),
      "--schema",
      "typo-schema.yml",
    ]);
    expectUserError(result);
    expect(result.stderr).toMatch(/typo-schema\.yml:3 \(columns\.a\.type\): .*"numbr"/);
  });

  it("an unknown option: exit 2 with the usage", async () => {
    const result = await cli.run(["validate", await file("any.csv", "a\n1\n"), "--bogus"]);
    expectUserError(result);
    expect(result.stderr).toMatch(/--bogus/);
    expect(result.stderr).toMatch(/usage: mlship validate/);
  });

  it("--threads that is not a whole number from 1 to 64: exit 2 naming the option", async () => {
    const data = await file("threads.csv", "a\n1\n");
    for (const bad of ["2.5", "0", "many"]) {
      const result = await cli.run(["validate", data, "--threads", bad]);
      expectUserError(result);
      expect(result.stderr).toMatch(/--threads/);
    }
  });
});

describe("mlship validate --json: written atomically", () => {
  it("replaces an existing report and leaves no temporary file", async () => {
    await mkdir(cli.path("atomic"), { recursive: true });
    await file("atomic/report.json", "old content");
    const result = await cli.run([
      "validate",
      await file("atomic/data.csv", "a\n1\n2\n"),
      "--json",
      "atomic/report.json",
    ]);
    expectNoCrash(result);
    expect(result.code).toBe(0);
    expect((await readJson<ValidationReport>(cli.path("atomic/report.json"))).rows).toBe(2);
    expect((await readdir(cli.path("atomic"))).sort()).toEqual(["data.csv", "report.json"]);
  });

  it("leaves the existing report untouched and no temporary file when the input is wrong", async () => {
    await mkdir(cli.path("atomic-bad"), { recursive: true });
    await file("atomic-bad/report.json", "old content");
    const result = await cli.run([
      "validate",
      await file("atomic-bad/data.csv", "a,b\n1\n"),
      "--json",
      "atomic-bad/report.json",
    ]);
    expectUserError(result);
    expect(await readFile(cli.path("atomic-bad/report.json"), "utf8")).toBe("old content");
    expect((await readdir(cli.path("atomic-bad"))).sort()).toEqual(["data.csv", "report.json"]);
  });
});
