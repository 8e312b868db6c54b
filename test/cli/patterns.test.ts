/**
 * A schema's `pattern` runs on a linear-time engine (RE2 syntax): a nested quantifier cannot hang
 * validation, and what RE2 cannot run is refused when the schema is read, naming the column.
 */
import { writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { expectNoCrash, expectUserError, useCli } from "./run-cli.js";

const cli = useCli("patterns");

describe("mlship validate: schema patterns", () => {
  it("^(a+)+$ against a long aaaa…b value completes and reports the mismatch (exit 1)", async () => {
    await writeFile(cli.path("long.csv"), `code\naaa\n${"a".repeat(100_000)}b\n`);
    await writeFile(cli.path("nested.yml"), 'columns:\n  code: { type: string, pattern: "^(a+)+$" }\n');
    const result = await cli.run(["validate", "long.csv", "--schema", "nested.yml"]);
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/pattern_mismatch long\.csv:3: 1 value in "code" does not match/);
  });

  it.each([
    ["(?=[A-Z])\\\\w+", /lookahead and lookbehind/],
    ["^(\\\\d)\\\\1$", /backreferences/],
  ])(
    "%s is refused at schema load with exit 2, naming the column and the reason",
    async (pattern, reason) => {
      await writeFile(cli.path("data.csv"), "code\nAB\n");
      await writeFile(
        cli.path("refused.yml"),
        `columns:\n  code:\n    type: string\n    pattern: "${pattern}"\n`,
      );
      const result = await cli.run(["validate", "data.csv", "--schema", "refused.yml"]);
      expectUserError(result);
      expect(result.stderr).toMatch(/refused\.yml:4 \(columns\.code\.pattern\): invalid regular expression/);
      expect(result.stderr).toMatch(reason);
    },
  );

  it("a value of a million digits then a letter in a number column is refused as not a number, quickly", async () => {
    await writeFile(cli.path("digits.csv"), `x\n1\n${"1".repeat(1_000_000)}x\n`);
    await writeFile(cli.path("number.yml"), "columns:\n  x: { type: number }\n");
    const result = await cli.run(["validate", "digits.csv", "--schema", "number.yml"]);
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toMatch(/type_mismatch digits\.csv:3/);
  });
});
