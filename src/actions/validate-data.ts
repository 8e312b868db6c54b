/**
 * The validate-data action: reads its inputs into one settings object, calls
 * `validateData` (src/data/validate), and reports the result the GitHub way —
 * the JSON report file, step outputs, a job summary and line annotations.
 * The statistics all live in the core; this file only wires and reports.
 */
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as core from "@actions/core";
import { z } from "zod";
import type { QualityConfig } from "../config/index.js";
import type { ValidationIssue, ValidationReport } from "../data/validate/report.js";
import { writeJsonAtomic } from "../lib/atomic-write.js";
import { checkOutputFile } from "../lib/output-path.js";
import { createProgress } from "../lib/progress.js";
import { renderValidationMarkdown } from "../report/validation-markdown.js";
import { renderValidationText } from "../report/validation-text.js";
import { resolveValidateRequest, runValidation } from "../validate/request.js";
import { readActionInputs } from "./action-inputs.js";
import { type ActionIO, inputSpelling } from "./action-io.js";
import { type Annotation, emitAnnotations, workspacePath } from "./annotations.js";
import {
  DEFAULT_CONFIG_FILE,
  DEFAULT_VALIDATION_REPORT_FILE,
  ValidateDataInput as Input,
  ValidateDataOutput as Output,
} from "./constants.js";

export type FailOn = QualityConfig["failOn"];

export interface ValidateDataSettings {
  /** Data file to validate; unset: mlship.yml's data.current. */
  data?: string;
  /** Dataset schema file; unset: mlship.yml's schema, else the reference's columns. */
  schema?: string;
  /** Reference data or profile JSON; unset: mlship.yml's data.reference. */
  reference?: string;
  /** mlship.yml to read; unset: mlship.yml (or mlship.yaml) in the working directory when present. */
  config?: string;
  /** Which issues fail the step, as given; src/data/validate/request.ts checks it (default quality.failOn). */
  failOn?: string;
  format?: string;
  delimiter?: string;
  threads?: string;
  /** Where to write the data's profile JSON, if anywhere. */
  profileOut?: string;
  /** Where to write the JSON report. */
  report: string;
  /** The repository checkout (GITHUB_WORKSPACE): annotation paths are relative to it. */
  workspace: string;
}

/** How messages name the output inputs. */
const REPORT_INPUT = `the '${Input.report}' input`;
const PROFILE_OUT_INPUT = `the '${Input.profileOut}' input`;

/** How this action's errors name a setting: `input 'fail-on'`. */
export const spellInput = inputSpelling(Input);

/**
 * Reads and checks the inputs. An empty input is an unset one.
 * @throws MlshipError `bad_usage` naming the input.
 */
export function getInputs(
  readInput: (name: string) => string = (name) => core.getInput(name),
  env: NodeJS.ProcessEnv = process.env,
): ValidateDataSettings {
  const { raw } = readActionInputs(Object.values(Input), z.object({}), readInput, { trim: false });
  const config = raw[Input.config];
  return {
    data: raw[Input.data],
    schema: raw[Input.schema],
    reference: raw[Input.reference],
    config: config === DEFAULT_CONFIG_FILE ? undefined : config,
    failOn: raw[Input.failOn],
    format: raw[Input.format],
    delimiter: raw[Input.delimiter],
    threads: raw[Input.threads],
    profileOut: raw[Input.profileOut],
    report: raw[Input.report] ?? join(env.RUNNER_TEMP || tmpdir(), DEFAULT_VALIDATION_REPORT_FILE),
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
  };
}

/**
 * Validates the data and reports it: the JSON report, outputs, the job summary,
 * annotations, and — when the data fails — the failed status, last, so a
 * failing step still has all its outputs and its summary.
 * @throws MlshipError when an input or a file is wrong (no report then).
 */
export async function runValidateData(
  settings: ValidateDataSettings,
  io: ActionIO,
): Promise<ValidationReport> {
  const { request, config } = await resolveValidateRequest(
    {
      config: settings.config,
      data: settings.data,
      schema: settings.schema,
      reference: settings.reference,
      failOn: settings.failOn,
      format: settings.format,
      delimiter: settings.delimiter,
      threads: settings.threads,
    },
    { cwd: process.cwd() },
  );
  const { data, failOn } = request;
  // A wrong output path fails before the data is read, naming the input.
  await checkOutputFile(resolve(settings.report), REPORT_INPUT);
  if (settings.profileOut) await checkOutputFile(settings.profileOut, PROFILE_OUT_INPUT);
  // The runner's log is no terminal: a plain progress line every ten seconds of a long read.
  const progress = createProgress({ write: (line) => io.info(line.trimEnd()) }, `validating ${data}`);
  const { report, profile, notes } = await runValidation(request, config, {
    onProgress: (done, total) => progress.update(done, total),
  });

  const reportFile = resolve(settings.report);
  await writeJsonAtomic(reportFile, report, { option: REPORT_INPUT });
  if (settings.profileOut) await writeJsonAtomic(settings.profileOut, profile, { option: PROFILE_OUT_INPUT });
  for (const note of notes) io.info(note);

  io.setOutput(Output.passed, String(report.passed));
  io.setOutput(Output.reportFile, reportFile);
  io.setOutput(Output.report, reportFile);
  io.setOutput(Output.fingerprint, report.fingerprint.sha256);
  io.setOutput(Output.driftShare, String(report.drift?.share ?? 0));
  io.setOutput(Output.drifted, String(report.drift?.drifted ?? false));

  const show = (file: string) => workspacePath(file, settings.workspace);
  io.info(renderValidationText(report));
  await io.writeSummary(renderValidationMarkdown(report, { displayPath: show }));
  annotateIssues(io, report.issues, show, { willFail: !report.passed });
  if (!report.passed) io.setFailed(failureMessage(report, failOn, show));
  return report;
}

/** One annotation per issue that points at a line; a notice counts the issues only the summary shows. */
function annotateIssues(
  io: ActionIO,
  issues: ValidationIssue[],
  show: (file: string) => string,
  { willFail }: { willFail: boolean },
): void {
  const located = issues.filter((issue) => issue.file !== undefined && issue.line !== undefined);
  const annotations: Annotation[] = located.map((issue) => ({
    level: issue.severity,
    message: `${issue.message}${moreLines(issue)}`,
    file: show(issue.file!),
    startLine: issue.line,
    title: issue.column !== undefined ? `${issue.code} in ${issue.column}` : issue.code,
  }));
  const emitted = emitAnnotations(io, annotations, { reserveErrors: willFail ? 1 : 0 });
  const overLimit = located.length - emitted;
  const unlocated = issues.length - located.length;
  if (overLimit + unlocated === 0) return;
  const why = [
    overLimit > 0 ? `${overLimit} over GitHub's limit of annotations per step` : "",
    unlocated > 0 ? `${unlocated} not tied to a line` : "",
  ].filter(Boolean);
  const more = overLimit + unlocated;
  io.annotate(
    "notice",
    `${plural(more, "more issue")} (${why.join(", ")}) ${more === 1 ? "is" : "are"} listed in the job summary and the JSON report.`,
    { title: "mlship validate-data" },
  );
}

function moreLines(issue: ValidationIssue): string {
  if (!issue.lines || issue.lines.length < 2) return "";
  const truncated = (issue.count ?? 0) > issue.lines.length;
  return ` (lines ${issue.lines.join(", ")}${truncated ? ", …" : ""})`;
}

function failureMessage(report: ValidationReport, failOn: FailOn, show: (file: string) => string): string {
  const errors = report.issues.filter((issue) => issue.severity === "error");
  const warnings = report.issues.length - errors.length;
  const first = errors[0] ?? report.issues[0];
  const where = first?.file && first.line !== undefined ? ` at ${show(first.file)}:${first.line}` : "";
  const detail = first ? ` First: ${first.code}${where}: ${first.message}` : "";
  return `validation failed: ${plural(errors.length, "error")}, ${plural(warnings, "warning")} (fail-on: ${failOn}).${detail}`;
}

function plural(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}
