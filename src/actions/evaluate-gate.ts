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
import { basename, join, resolve } from "node:path";
import * as core from "@actions/core";
import { z } from "zod";
import { loadConfig, loadConfiguredDatasetSchema } from "../config/index.js";
import { chooseBaseline } from "../evaluate/baseline.js";
import { EVALUATION_DEFAULTS, evaluate } from "../evaluate/evaluate.js";
import { parseRule } from "../evaluate/gate-rules.js";
import { gatherReportContext } from "../evaluate/report-context.js";
import { createGitHubClient } from "../github/client.js";
import { commentMarker, publishCheckRun, upsertPullRequestComment } from "../github/pull-request.js";
import { writeFileAtomic, writeJsonAtomic } from "../lib/atomic-write.js";
import { MlshipError } from "../lib/errors.js";
import { readJsonFile } from "../lib/read-json.js";
import { runUrlOf } from "../lib/run-context.js";
import { chooseFeatureSetting } from "../onnx/feature-order.js";
import { resolveOnnxRuntime } from "../onnx/runtime/resolve-runtime.js";
import { lazyRegistry } from "../registry/open-registry.js";
import { renderEvaluationMarkdown } from "../report/evaluation-markdown.js";
import { readActionInputs } from "./action-inputs.js";
import { type ActionIO, maskSecret } from "./action-io.js";
import {
  DEFAULT_CONFIG_FILE,
  EvaluateGateInput as Input,
  EvaluateGateOutput as Output,
} from "./constants.js";

export interface EvaluateGateSettings {
  model: string;
  data?: string;
  label?: string;
  name?: string;
  baseline?: string;
  rules: string[];
  confidence?: number;
  slices: string[];
  sensitive: string[];
  /** The columns of a model with one [N, F] input, comma-separated or one a line, as given. */
  features?: string;
  config?: string;
  registry: string;
  comment: boolean;
  check: boolean;
  token?: string;
  /** validate-data's JSON report of the same data, summarized in the report. */
  validation?: string;
  /** The candidate's training metrics.json, for the report's lineage. */
  trainingMetrics?: string;
  temp: string;
  workspace: string;
}

const flag = (name: string) =>
  z
    .enum(["true", "false"], {
      error: (issue) => `expected true or false, got ${JSON.stringify(issue.input)}`,
    })
    .optional()
    .transform((v) => v !== "false")
    .describe(name);

const InputsSchema = z.object({
  [Input.model]: z.string({ error: "required: the candidate ONNX model" }),
  [Input.confidence]: z
    .string()
    .regex(/^0?\.\d+$/, "expected a number between 0 and 1, e.g. 0.95")
    .transform(Number)
    .optional(),
  [Input.comment]: flag("comment"),
  [Input.check]: flag("check"),
});

/** A list input: one item a line, or comma-separated. */
function list(text: string | undefined): string[] {
  return (text ?? "")
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export function getInputs(
  readInput: (name: string) => string = (name) => core.getInput(name),
  env: NodeJS.ProcessEnv = process.env,
  mask: (secret: string) => void = maskSecret,
): EvaluateGateSettings {
  const { raw, inputs } = readActionInputs(Object.values(Input), InputsSchema, readInput, {
    secrets: [Input.token],
    mask,
  });
  const token = raw[Input.token];
  const config = raw[Input.config];
  return {
    model: inputs[Input.model],
    data: raw[Input.data],
    label: raw[Input.label],
    name: raw[Input.name],
    baseline: raw[Input.baseline],
    rules: (raw[Input.rules] ?? "")
      .split("\n")
      .map((r) => r.trim())
      .filter((r) => r && !r.startsWith("#")),
    confidence: inputs[Input.confidence],
    slices: list(raw[Input.slices]),
    sensitive: list(raw[Input.sensitive]),
    features: raw[Input.features],
    config: config === DEFAULT_CONFIG_FILE ? undefined : config,
    registry: raw[Input.registry] ?? "github",
    comment: inputs[Input.comment],
    check: inputs[Input.check],
    token,
    validation: raw[Input.validation],
    trainingMetrics: raw[Input.trainingMetrics],
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
  const config = await loadConfig(settings.config, { cwd: settings.workspace });
  const at = (file: string) => resolve(settings.workspace, file);
  const name = settings.name ?? config.model.name ?? basename(settings.model).replace(/\.onnx$/i, "");
  const data = settings.data ?? config.data.current;
  if (!data)
    throw new MlshipError(
      "invalid_input",
      `No data to evaluate on: set the '${Input.data}' input or data.current in mlship.yml.`,
    );
  const label = settings.label ?? config.label;
  if (!label)
    throw new MlshipError(
      "invalid_input",
      `No label: set the '${Input.label}' input or label in mlship.yml.`,
    );
  const rules = settings.rules.length
    ? settings.rules.map((rule, i) => parseRule(rule, `input 'rules', line ${i + 1}`))
    : config.gate.rules.map((rule, i) => parseRule(rule, `mlship.yml (gate.rules[${i}])`));
  const features = chooseFeatureSetting(
    settings.features === undefined
      ? undefined
      : { text: settings.features, from: `input '${Input.features}'` },
    config.model.features,
    settings.config ?? DEFAULT_CONFIG_FILE,
  );
  const githubEnv = settings.token ? { ...env, GITHUB_TOKEN: settings.token } : env;
  const spec = settings.baseline ?? config.gate.baseline ?? `${name}@production`;
  const registry = lazyRegistry(settings.registry, {
    cwd: settings.workspace,
    env: githubEnv,
    log: (m) => io.info(m),
    source: `the '${Input.registry}' input`,
  });
  const baseline = await chooseBaseline(spec, registry, settings.workspace);

  if (baseline.kind === "none") io.info(`No baseline: ${baseline.reason}.`);
  let report: Awaited<ReturnType<typeof evaluate>>;
  try {
    report = await evaluate({
      model: at(settings.model),
      data: at(data),
      label,
      baseline: baseline.kind === "model" ? baseline : undefined,
      noBaselineReason: baseline.kind === "none" ? baseline.reason : undefined,
      rules,
      confidence: settings.confidence ?? config.gate.confidence,
      minRows: config.gate.min_rows,
      inconclusive: config.gate.inconclusive,
      slices: settings.slices.length ? settings.slices : config.gate.slices,
      sensitive: settings.sensitive.length ? settings.sensitive : config.gate.sensitive,
      ...EVALUATION_DEFAULTS,
      task: config.model.task,
      schema: await loadConfiguredDatasetSchema(config),
      delimiter: config.data.delimiter,
      features,
      runtime: () => resolveOnnxRuntime(),
    });
  } finally {
    if (baseline.kind === "model") await baseline.cleanup?.();
  }

  const reportFile = join(settings.temp, `mlship-evaluation-${name}.json`);
  const markdownFile = join(settings.temp, `mlship-evaluation-${name}.md`);
  const reportContext = await gatherReportContext({
    report,
    trainingMetrics: settings.trainingMetrics && at(settings.trainingMetrics),
    validation: settings.validation && at(settings.validation),
    env,
    baselineRef: spec,
    registry,
    onHistoryError: (message) => io.info(message),
  });
  const markdown = renderEvaluationMarkdown(report, { name, context: reportContext });
  await writeJsonAtomic(reportFile, report);
  await writeFileAtomic(markdownFile, markdown);
  io.setOutput(Output.passed, String(report.gate.passed));
  io.setOutput(Output.report, reportFile);
  io.setOutput(Output.markdown, markdownFile);
  io.setOutput(Output.metrics, JSON.stringify(report.metrics));
  io.setOutput(Output.baselineVersion, baseline.kind === "model" ? (baseline.version ?? baseline.name) : "");
  await io.writeSummary(markdown);

  const pr = await pullRequestOf(env);
  const runUrl = runUrlOf(env);
  if (pr?.fromFork) {
    await writeJsonAtomic(join(settings.temp, "mlship-pr.json"), {
      number: pr.number,
      model: name,
      marker: commentMarker(name),
    });
    io.info(
      `Pull request #${pr.number} comes from a fork, whose token is read-only: the report (${markdownFile}) and mlship-pr.json are left for mlship-comment.yml to post.`,
    );
  } else if ((settings.comment && pr) || settings.check) {
    const client = createGitHubClient({
      env: githubEnv,
      permission: "pull-requests: write, checks: write",
      log: (m) => io.info(m),
    });
    if (settings.comment && pr) {
      const comment = await upsertPullRequestComment(client, pr.number, commentMarker(name), markdown);
      io.setOutput(Output.commentUrl, comment.url);
      io.info(
        `${comment.created ? "Commented on" : "Updated the comment on"} pull request #${pr.number}: ${comment.url}`,
      );
    }
    if (settings.check) {
      const headSha = pr?.headSha ?? env.GITHUB_SHA;
      if (headSha) {
        const check = await publishCheckRun(client, {
          name: `mlship / ${name}`,
          headSha,
          passed: report.gate.passed,
          title: `${report.gate.passed ? "passed" : "failed"}: ${report.gate.rules.filter((r) => r.verdict === "fail").length} of ${report.gate.rules.length} rules failed`,
          summary: markdown,
          detailsUrl: runUrl,
        });
        io.info("skipped" in check ? check.skipped : `Check run mlship / ${name}: ${check.url}`);
      }
    }
  }
  if (!report.gate.passed) {
    const failed = report.gate.rules.filter((r) => r.verdict === "fail" || r.verdict === "inconclusive");
    io.setFailed(`the gate failed: ${failed.map((r) => `${r.rule} (${r.reason})`).join("; ")}`);
  }
}
