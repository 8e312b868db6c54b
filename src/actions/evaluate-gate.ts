/**
 * The evaluate-gate action: `mlship evaluate` on a pull request. Evaluates the
 * candidate against the baseline (by default `<name>@production` in the
 * registry), writes the JSON and markdown reports, the job summary, one comment
 * per model on the pull request (updated in place), a check run `mlship / <name>`,
 * and fails the step when the gate fails, so a required check blocks the merge.
 *
 * Pull requests from forks get a read-only token: nothing is posted then; the
 * report and `mlship-pr.json` (which pull request, which model) are left for
 * `mlship-comment.yml`, which posts them from a trusted workflow_run.
 */
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as core from "@actions/core";
import { z } from "zod";
import type { EvaluationReport } from "../evaluate/evaluate.js";
import { gatherReportContext } from "../evaluate/report-context.js";
import {
  type EvaluateGiven,
  type EvaluateRequest,
  resolveEvaluateRequest,
  runEvaluation,
} from "../evaluate/request.js";
import { createGitHubClient } from "../github/client.js";
import { commentMarker, publishCheckRun, upsertPullRequestComment } from "../github/pull-request.js";
import { writeFileAtomic, writeJsonAtomic } from "../lib/atomic-write.js";
import { readJsonFile } from "../lib/read-json.js";
import { runUrlOf } from "../lib/run-context.js";
import { resolveOnnxRuntime } from "../onnx/runtime/resolve-runtime.js";
import { renderEvaluationMarkdown } from "../report/evaluation-markdown.js";
import { flag, readActionInputs } from "./action-inputs.js";
import { type ActionIO, inputSpelling, maskSecret } from "./action-io.js";
import {
  DEFAULT_CONFIG_FILE,
  EvaluateGateInput as Input,
  EvaluateGateOutput as Output,
} from "./constants.js";

export interface EvaluateGateSettings {
  /** The evaluation settings as given; src/evaluate/request.ts resolves them. */
  given: EvaluateGiven;
  comment: boolean;
  check: boolean;
  token?: string;
  temp: string;
  workspace: string;
}

const InputsSchema = z.object({
  [Input.comment]: flag(true),
  [Input.check]: flag(true),
  [Input.noBaseline]: flag(false),
});

/** A list input: one item a line, or comma-separated. */
function list(text: string | undefined): string[] {
  return (text ?? "")
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** How this action's errors name a setting: `input 'baseline'`, `input 'training-metrics'`. */
export const spellInput = inputSpelling(Input);

export function getInputs(
  readInput: (name: string) => string = (name) => core.getInput(name),
  env: NodeJS.ProcessEnv = process.env,
  mask: (secret: string) => void = maskSecret,
): EvaluateGateSettings {
  const { raw, inputs } = readActionInputs(Object.values(Input), InputsSchema, readInput, {
    secrets: [Input.token],
    mask,
  });
  const config = raw[Input.config];
  return {
    given: {
      config: config === DEFAULT_CONFIG_FILE ? undefined : config,
      model: raw[Input.model],
      data: raw[Input.data],
      label: raw[Input.label],
      name: raw[Input.name],
      baseline: raw[Input.baseline],
      noBaseline: inputs[Input.noBaseline],
      registry: raw[Input.registry],
      rules: (raw[Input.rules] ?? "")
        .split("\n")
        .map((r) => r.trim())
        .filter((r) => r && !r.startsWith("#")),
      confidence: raw[Input.confidence],
      minRows: raw[Input.minRows],
      inconclusive: raw[Input.inconclusive],
      slices: list(raw[Input.slices]),
      sensitive: list(raw[Input.sensitive]),
      features: raw[Input.features],
      replicates: raw[Input.replicates],
      seed: raw[Input.seed],
      importanceRepeats: raw[Input.importanceRepeats],
      schema: raw[Input.schema],
      format: raw[Input.format],
      delimiter: raw[Input.delimiter],
      validation: raw[Input.validation],
      trainingMetrics: raw[Input.trainingMetrics],
    },
    comment: inputs[Input.comment],
    check: inputs[Input.check],
    token: raw[Input.token],
    temp: env.RUNNER_TEMP || tmpdir(),
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
  };
}

interface PullRequestContext {
  number: number;
  headSha: string;
  fromFork: boolean;
}

const RepoSchema = z.looseObject({ full_name: z.string() });
const PullRequestEventSchema = z.looseObject({
  pull_request: z
    .looseObject({
      number: z.int().min(1),
      head: z.looseObject({ sha: z.string(), repo: RepoSchema.nullable() }),
      base: z.looseObject({ repo: RepoSchema }),
    })
    .optional(),
});

/** The pull request of a pull_request or pull_request_target event, from the event payload file. */
export async function pullRequestOf(env: NodeJS.ProcessEnv): Promise<PullRequestContext | undefined> {
  const event = env.GITHUB_EVENT_NAME;
  if ((event !== "pull_request" && event !== "pull_request_target") || !env.GITHUB_EVENT_PATH)
    return undefined;
  const payload = await readJsonFile(env.GITHUB_EVENT_PATH, "the event payload", PullRequestEventSchema);
  const pr = payload.pull_request;
  if (!pr) return undefined;
  return {
    number: pr.number,
    headSha: pr.head.sha,
    fromFork: pr.head.repo?.full_name !== pr.base.repo.full_name,
  };
}

export async function runEvaluateGate(
  settings: EvaluateGateSettings,
  io: ActionIO,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const githubEnv = settings.token ? { ...env, GITHUB_TOKEN: settings.token } : env;
  const { request, config } = await resolveEvaluateRequest(settings.given, {
    cwd: settings.workspace,
    env: githubEnv,
  });
  const evaluation = await runEvaluation(request, config, {
    cwd: settings.workspace,
    env: githubEnv,
    spell: spellInput,
    log: (m) => io.info(m),
    runtime: () => resolveOnnxRuntime(),
    describeRegistry: (spec) => `the '${Input.registry}' input (${spec})`,
  });
  if (evaluation.baseline.kind === "none") io.info(`No baseline: ${evaluation.baseline.reason}.`);
  const written = await writeReports(request, evaluation, settings, io, env);
  await postToPullRequest(request.name, evaluation.report, written, settings, io, env, githubEnv);
  failWhenGateFailed(evaluation.report, io);
}

type Evaluation = Awaited<ReturnType<typeof runEvaluation>>;

interface WrittenReports {
  markdown: string;
  markdownFile: string;
}

/** The JSON and markdown reports in the runner's temp folder, the step's outputs and the job summary. */
async function writeReports(
  request: EvaluateRequest,
  { report, baseline, registry }: Evaluation,
  settings: EvaluateGateSettings,
  io: ActionIO,
  env: NodeJS.ProcessEnv,
): Promise<WrittenReports> {
  const { name } = request;
  const reportFile = join(settings.temp, `mlship-evaluation-${name}.json`);
  const markdownFile = join(settings.temp, `mlship-evaluation-${name}.md`);
  const reportContext = await gatherReportContext({
    report,
    trainingMetrics: request.trainingMetrics && resolve(settings.workspace, request.trainingMetrics),
    validation: request.validation && resolve(settings.workspace, request.validation),
    env,
    baselineRef: request.baseline,
    registry,
    onHistoryError: (message) => io.info(message),
  });
  const markdown = renderEvaluationMarkdown(report, { name, context: reportContext });
  await writeJsonAtomic(reportFile, report);
  await writeFileAtomic(markdownFile, markdown);
  io.setOutput(Output.passed, String(report.gate.passed));
  io.setOutput(Output.reportFile, reportFile);
  io.setOutput(Output.markdownFile, markdownFile);
  io.setOutput(Output.report, reportFile);
  io.setOutput(Output.markdown, markdownFile);
  io.setOutput(Output.metrics, JSON.stringify(report.metrics));
  io.setOutput(Output.baselineVersion, baseline.kind === "model" ? (baseline.version ?? baseline.name) : "");
  await io.writeSummary(markdown);
  return { markdown, markdownFile };
}

/**
 * The pull request's comment and the check run. A fork's token is read-only: the report and
 * mlship-pr.json are left for mlship-comment.yml instead.
 */
async function postToPullRequest(
  name: string,
  report: EvaluationReport,
  { markdown, markdownFile }: WrittenReports,
  settings: EvaluateGateSettings,
  io: ActionIO,
  env: NodeJS.ProcessEnv,
  githubEnv: NodeJS.ProcessEnv,
): Promise<void> {
  const pr = await pullRequestOf(env);
  if (pr?.fromFork) {
    await writeJsonAtomic(join(settings.temp, "mlship-pr.json"), {
      number: pr.number,
      model: name,
      marker: commentMarker(name),
    });
    io.info(
      `Pull request #${pr.number} comes from a fork, whose token is read-only: the report (${markdownFile}) and mlship-pr.json are left for mlship-comment.yml to post.`,
    );
    return;
  }
  const comment = settings.comment && pr !== undefined;
  if (!comment && !settings.check) return;
  const client = createGitHubClient({
    env: githubEnv,
    permission: "pull-requests: write, checks: write",
    log: (m) => io.info(m),
  });
  if (comment) {
    const posted = await upsertPullRequestComment(client, pr.number, commentMarker(name), markdown);
    io.setOutput(Output.commentUrl, posted.url);
    io.info(
      `${posted.created ? "Commented on" : "Updated the comment on"} pull request #${pr.number}: ${posted.url}`,
    );
  }
  const headSha = pr?.headSha ?? env.GITHUB_SHA;
  if (settings.check && headSha) {
    const failed = report.gate.rules.filter((r) => r.verdict === "fail").length;
    const check = await publishCheckRun(client, {
      name: `mlship / ${name}`,
      headSha,
      passed: report.gate.passed,
      title: `${report.gate.passed ? "passed" : "failed"}: ${failed} of ${report.gate.rules.length} rules failed`,
      summary: markdown,
      detailsUrl: runUrlOf(env),
    });
    io.info("skipped" in check ? check.skipped : `Check run mlship / ${name}: ${check.url}`);
  }
}

/** A failed gate fails the step, naming each rule that failed or could not be decided. */
function failWhenGateFailed(report: EvaluationReport, io: ActionIO): void {
  if (report.gate.passed) return;
  const failed = report.gate.rules.filter((r) => r.verdict === "fail" || r.verdict === "inconclusive");
  io.setFailed(`the gate failed: ${failed.map((r) => `${r.rule} (${r.reason})`).join("; ")}`);
}
