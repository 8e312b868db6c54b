/**
 * End-to-end: the built dist/validate-data/index.js, run as the runner runs it
 * (`npm test` builds before vitest; run `npm run build` first when running alone).
 */
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT, removeRunnerTemps, runAction, type WorkflowCommand } from "./runner.js";

const DRIFTED = "examples/data/churn-current.csv";
const CLEAN = "examples/data/churn-current-clean.csv";
const REFERENCE = "examples/data/churn-reference.csv";
const EXAMPLE_SCHEMA = "examples/schema.yml";

const annotations = (commands: WorkflowCommand[], level: string) =>
  commands.filter((c) => c.command === level);

async function sha256(file: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(join(REPO_ROOT, file)))
    .digest("hex");
}

const tempDirs: string[] = [];
afterAll(async () => {
  await removeRunnerTemps();
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "mlship-validate-action-"));
  tempDirs.push(dir);
  return dir;
}

/** A schema that caps monthly_charges at 150, which two rows of the drifted batch exceed. */
async function writeSchema(dataset: string): Promise<string> {
  const file = join(await tempDir(), "schema.yml");
  await writeFile(
    file,
    `columns:\n  monthly_charges: { type: number, min: 0, max: 150 }\ndataset: ${dataset}\n`,
  );
  return file;
}

describe("validate-data action (dist)", () => {
  it.runIf(existsSync(join(REPO_ROOT, EXAMPLE_SCHEMA)))(
    "fails the drifted batch checked against examples/schema.yml",
    async () => {
      const run = await runAction("validate-data", {
        INPUT_DATA: DRIFTED,
        INPUT_REFERENCE: REFERENCE,
        INPUT_SCHEMA: EXAMPLE_SCHEMA,
      });
      expect(run.exitCode).toBe(1);
      expect(run.outputs.passed).toBe("false");
      expect(run.outputs.drifted).toBe("true");
      expect(run.summary).toContain("### ❌ Data validation failed");
    },
  );

  it("fails the drifted batch without a schema: outputs, report, summary and annotations", async () => {
    const run = await runAction("validate-data", { INPUT_DATA: DRIFTED, INPUT_REFERENCE: REFERENCE });

    expect(run.exitCode).toBe(1);
    expect(run.outputs).toEqual({
      passed: "false",
      "report-file": join(run.runnerTemp, "mlship-validation.json"),
      report: join(run.runnerTemp, "mlship-validation.json"),
      fingerprint: await sha256(DRIFTED),
      "drift-share": expect.stringMatching(/^0\.\d+$/),
      drifted: "true",
    });
    expect(Number(run.outputs["drift-share"])).toBeGreaterThan(0.5);

    const report = JSON.parse(await readFile(run.outputs.report, "utf8"));
    expect(report).toMatchObject({ passed: false, file: DRIFTED, drift: { drifted: true } });

    expect(run.summary).toMatch(
      /^### ❌ Data validation failed: 1,500 rows, 12 columns, \d+ errors?, \d+ warnings/,
    );
    expect(run.summary).toContain("| severity | code | column | first at | count | message |");
    expect(run.summary).toContain("| column | type | missing | distinct | mean / top | drift test |");
    expect(run.summary).toMatch(/```mermaid\nxychart-beta\n {2}title "Drifted columns: /);
    expect(run.summary).toContain(`Fingerprint: sha256 \`${run.outputs.fingerprint}\``);

    expect(run.stdout).toMatch(
      /^::warning title=outliers in monthly_charges,file=examples\/data\/churn-current\.csv,line=\d+::/m,
    );
    const failure = annotations(run.commands, "error").at(-1)!;
    expect(failure.properties).toEqual({});
    expect(failure.message).toMatch(
      /^validation failed: 1 error, \d+ warnings \(fail-on: error\)\. First: dataset_drift/,
    );
  });

  it("annotates an error at its line, with the path relative to the workspace", async () => {
    const schema = await writeSchema("{ allowExtraColumns: true }");
    const run = await runAction("validate-data", {
      INPUT_DATA: join(REPO_ROOT, DRIFTED),
      INPUT_REFERENCE: REFERENCE,
      INPUT_SCHEMA: schema,
    });

    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(
      /^::error title=out_of_range in monthly_charges,file=examples\/data\/churn-current\.csv,line=\d+::2 values in "monthly_charges" outside \[0, 150\]/m,
    );
  });

  it("keeps to GitHub's 10 error and 10 warning annotations, errors first, and counts the rest in a notice", async () => {
    // every undeclared column is an error: 11 of them, more than GitHub shows
    const schema = await writeSchema("{ allowExtraColumns: false }");
    const run = await runAction("validate-data", {
      INPUT_DATA: DRIFTED,
      INPUT_REFERENCE: REFERENCE,
      INPUT_SCHEMA: schema,
    });

    expect(run.exitCode).toBe(1);
    const levels = run.commands.map((c) => c.command).filter((c) => c !== "debug");
    const warnings = annotations(run.commands, "warning").length;
    // nine issue errors leave room for the step's failure, the tenth
    expect(levels).toEqual([
      ...Array(9).fill("error"),
      ...Array(warnings).fill("warning"),
      "notice",
      "error",
    ]);
    expect(warnings).toBeLessThanOrEqual(10);
    const [notice] = annotations(run.commands, "notice");
    expect(notice.message).toMatch(
      /^\d+ more issues \(\d+ over GitHub's limit of annotations per step, \d+ not tied to a line\)/,
    );
    expect(annotations(run.commands, "error").at(-1)!.message).toMatch(/^validation failed: 13 errors/);
  });

  it("passes the clean batch", async () => {
    const run = await runAction("validate-data", { INPUT_DATA: CLEAN, INPUT_REFERENCE: REFERENCE });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.passed).toBe("true");
    expect(run.outputs.drifted).toBe("false");
    expect(run.summary).toMatch(/^### ✅ Data validation passed: 1,500 rows, 12 columns, 0 errors/);
    expect(annotations(run.commands, "error")).toEqual([]);
  });

  it("passes a drifted batch with fail-on never, still reporting the drift", async () => {
    const run = await runAction("validate-data", {
      INPUT_DATA: DRIFTED,
      INPUT_REFERENCE: REFERENCE,
      "INPUT_FAIL-ON": "never",
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.passed).toBe("true");
    expect(run.outputs.drifted).toBe("true");
    expect(run.summary).toContain("**dataset drift**");
  });

  it("fails on a missing data file with one line naming it and no stack trace", async () => {
    const run = await runAction("validate-data", { INPUT_DATA: "examples/data/no-such-file.csv" });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/^::error::.*examples\/data\/no-such-file\.csv/m);
    expect(`${run.stdout}${run.stderr}`).not.toMatch(/^\s+at /m);
    expect(run.outputs).toEqual({});
  });

  it("fails on a bad fail-on input, naming the input", async () => {
    const run = await runAction("validate-data", { INPUT_DATA: CLEAN, "INPUT_FAIL-ON": "sometimes" });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(
      `::error::input 'fail-on': expected one of error, warning, never, got "sometimes"`,
    );
  });

  it("takes data and reference from the config file and writes report and profile where asked", async () => {
    const dir = await tempDir();
    await writeFile(
      join(dir, "mlship.yml"),
      `data:\n  current: ${join(REPO_ROOT, CLEAN)}\n  reference: ${join(REPO_ROOT, REFERENCE)}\n`,
    );
    const run = await runAction("validate-data", {
      INPUT_CONFIG: join(dir, "mlship.yml"),
      INPUT_REPORT: join(dir, "out/report.json"),
      "INPUT_PROFILE-OUT": join(dir, "out/profile.json"),
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.report).toBe(join(dir, "out/report.json"));
    expect(JSON.parse(await readFile(run.outputs.report, "utf8")).fingerprint.sha256).toBe(
      await sha256(CLEAN),
    );
    expect(JSON.parse(await readFile(join(dir, "out/profile.json"), "utf8"))).toMatchObject({ rows: 1500 });
    // config paths are absolute; annotations and the summary show them relative to the workspace
    expect(annotations(run.commands, "warning")[0].properties.file).toBe(CLEAN);
    expect(run.summary).toContain(`examples/data/churn-current-clean.csv (csv)`);
  });
});
