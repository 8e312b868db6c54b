/** `npm run demo` (mlship demo): the lifecycle on the bundled example ends with one passing and one failing gate. */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "./run-cli.js";

it("validates two batches, releases a first model, and shows one passing and one failing gate report", async () => {
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>(
    (resolve) => {
      execFile(
        process.execPath,
        [join(ROOT, "dist/cli/index.js"), "demo"],
        { cwd: ROOT, maxBuffer: 16 << 20 },
        (error, out, err) =>
          resolve({
            code: error ? (typeof error.code === "number" ? error.code : null) : 0,
            stdout: out,
            stderr: err,
          }),
      );
    },
  );
  expect(code, stderr).toBe(0);
  expect(stdout).toMatch(/published churn@v0\.1\.0 .* and recorded it as serving production/);
  expect(stdout.match(/^gate PASSED: .* against churn@v0\.1\.0/gm)).toHaveLength(1);
  expect(stdout.match(/^gate FAILED: .* against churn@v0\.1\.0/gm)).toHaveLength(1);
  expect(stdout).toMatch(
    /roc_auc >= baseline - 0\.01 +fail +0\.\d+ not >= 0\.\d+ .*wholly on the failing side/,
  );
  expect(stdout.trimEnd().split("\n").at(-1)).toBe(
    "demo: the clean batch passed; the drifted batch was flagged as drifted; candidate A: the gate passed; candidate B: the gate failed.",
  );
});
