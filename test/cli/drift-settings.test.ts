/**
 * A drift test set in mlship.yml that cannot apply to its column (a z-test on a column
 * of many values, ks on categories) is the user's setting to fix: exit 2 naming the
 * column and the setting, never an internal error.
 */
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectUserError, ROOT, useCli } from "./run-cli.js";

const cli = useCli("drift-settings");
const FIXTURES = join(ROOT, "test/fixtures/validate-drift");

describe("mlship validate with a drift test that does not fit the column", () => {
  it.each([
    ["ztest", "x", /drift\.columns\.x\.test.*ztest cannot check column "x": z-test needs a binary column/],
    ["ks", "c", /drift\.columns\.c\.test.*ks cannot check column "c": ks needs numbers/],
    ["wasserstein", "b", /drift\.columns\.b\.test.*wasserstein cannot check column "b"/],
  ])("%s on column %s is exit 2, naming the setting", async (test, column, message) => {
    const config = `${test}-${column}.yml`;
    await writeFile(cli.path(config), `drift:\n  columns:\n    ${column}:\n      test: ${test}\n`);
    const result = await cli.run([
      "validate",
      join(FIXTURES, "small-current.csv"),
      "--reference",
      join(FIXTURES, "small-reference.csv"),
      "--config",
      config,
    ]);
    expectUserError(result, 2);
    expect(result.stderr).toMatch(message);
  });
});
