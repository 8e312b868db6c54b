/** The validate-data adapter in-process, with a fake runner: inputs, the order of its reports, action.yml. */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ValidateDataInput, ValidateDataOutput } from "../../src/actions/constants.js";
import {
  getInputs,
  runValidateData,
  spellInput,
  type ValidateDataSettings,
} from "../../src/actions/validate-data.js";
import { MlshipError } from "../../src/lib/errors.js";
import { FakeActionIO } from "./fake-action-io.js";
import { REPO_ROOT } from "./runner.js";

const DRIFTED = join(REPO_ROOT, "examples/data/churn-current.csv");
const CLEAN = join(REPO_ROOT, "examples/data/churn-current-clean.csv");
const REFERENCE = join(REPO_ROOT, "examples/data/churn-reference.csv");

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-validate-run-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const reader = (inputs: Record<string, string>) => (name: string) => inputs[name] ?? "";

describe("getInputs", () => {
  it("treats empty inputs as unset and puts the report in RUNNER_TEMP", () => {
    const settings = getInputs(reader({ data: "d.csv", config: "mlship.yml" }), {
      RUNNER_TEMP: "/runner/tmp",
      GITHUB_WORKSPACE: "/ws",
    });
    expect(settings).toEqual({
      data: "d.csv",
      schema: undefined,
      reference: undefined,
      config: undefined,
      failOn: undefined,
      profileOut: undefined,
      report: join("/runner/tmp", "mlship-validation.json"),
      workspace: "/ws",
    });
  });

  it("reads every input by its action.yml name", () => {
    const settings = getInputs(
      reader({
        data: "d.csv",
        schema: "s.yml",
        reference: "r.csv",
        config: "ci/mlship.yml",
        "fail-on": "warning",
        "profile-out": "p.json",
        report: "r.json",
      }),
      {},
    );
    expect(settings).toMatchObject({
      data: "d.csv",
      schema: "s.yml",
      reference: "r.csv",
      config: "ci/mlship.yml",
      failOn: "warning",
      profileOut: "p.json",
      report: "r.json",
    });
  });

  it("rejects an unknown fail-on level, naming the input and the choices", async () => {
    const settings = getInputs(reader({ data: DRIFTED, "fail-on": "always" }), {});
    const error = await runValidateData(settings, new FakeActionIO()).catch((e: MlshipError) => e);
    expect(error).toBeInstanceOf(MlshipError);
    expect((error as MlshipError).describe(spellInput)).toBe(
      `input 'fail-on': expected one of error, warning, never, got "always"`,
    );
  });
});

describe("runValidateData", () => {
  const settings = (overrides: Partial<ValidateDataSettings> = {}): ValidateDataSettings => ({
    data: DRIFTED,
    reference: REFERENCE,
    config: undefined,
    report: join(dir, "report.json"),
    workspace: REPO_ROOT,
    ...overrides,
  });

  it("sets every output and writes the summary before failing the step", async () => {
    const io = new FakeActionIO();
    const report = await runValidateData(settings(), io);
    expect(report.passed).toBe(false);
    expect(io.outputs()).toEqual({
      passed: "false",
      "report-file": join(dir, "report.json"),
      report: join(dir, "report.json"),
      fingerprint: report.fingerprint.sha256,
      "drift-share": String(report.drift!.share),
      drifted: "true",
    });
    const kinds = io.events.map((e) => e.kind);
    expect(kinds.at(-1)).toBe("failed");
    expect(kinds.indexOf("summary")).toBeLessThan(kinds.indexOf("annotation"));
    expect(kinds.lastIndexOf("output")).toBeLessThan(kinds.indexOf("summary"));
    expect(JSON.parse(await readFile(join(dir, "report.json"), "utf8"))).toEqual(report);
  });

  it("does not fail the step when the data passes", async () => {
    const io = new FakeActionIO();
    await runValidateData(settings({ data: CLEAN }), io);
    expect(io.events.some((e) => e.kind === "failed")).toBe(false);
    expect(io.outputs().passed).toBe("true");
  });

  it("lets the fail-on input override mlship.yml", async () => {
    const io = new FakeActionIO();
    await runValidateData(settings({ failOn: "warning", data: CLEAN }), io);
    expect(io.outputs().passed).toBe("false");
    expect(io.events.at(-1)).toEqual({
      kind: "failed",
      message: expect.stringMatching(
        /^validation failed: 0 errors, \d+ warnings \(fail-on: warning\)\. First: /,
      ),
    });
  });

  it("reports drift as not measured without a reference", async () => {
    const io = new FakeActionIO();
    await runValidateData(settings({ data: CLEAN, reference: undefined }), io);
    expect(io.outputs()).toMatchObject({ "drift-share": "0", drifted: "false" });
  });

  it("writes the profile when asked", async () => {
    await runValidateData(
      settings({ data: CLEAN, profileOut: join(dir, "profile.json") }),
      new FakeActionIO(),
    );
    expect(JSON.parse(await readFile(join(dir, "profile.json"), "utf8"))).toMatchObject({ rows: 1500 });
  });

  it("asks for the data input when neither it nor mlship.yml names the data", async () => {
    await expect(runValidateData(settings({ data: undefined }), new FakeActionIO())).rejects.toThrow(
      "no data to validate: give a file, or set data.current in mlship.yml",
    );
  });

  it("requires a config file that was named explicitly", async () => {
    await expect(
      runValidateData(settings({ config: join(dir, "missing.yml") }), new FakeActionIO()),
    ).rejects.toMatchObject({ code: "file_not_found" });
  });
});

describe("actions/validate-data/action.yml", () => {
  let action: { inputs: object; outputs: object; runs: object };
  beforeAll(async () => {
    action = parse(await readFile(join(REPO_ROOT, "actions/validate-data/action.yml"), "utf8"));
  });

  it("declares exactly the inputs and outputs the code reads and sets", () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.values(ValidateDataInput).sort());
    expect(Object.keys(action.outputs).sort()).toEqual(Object.values(ValidateDataOutput).sort());
  });

  it("runs the bundled action on node24", () => {
    expect(action.runs).toEqual({ using: "node24", main: "../../dist/validate-data/index.js" });
  });
});
