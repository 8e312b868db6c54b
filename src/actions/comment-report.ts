/**
 * The comment-report action, for pull requests from forks: in a trusted
 * `workflow_run` job it posts the report that the untrusted pull-request run
 * left as an artifact. The artifact is data only: its JSON is validated, the
 * pull request it names must be the one whose head commit the triggering run
 * built, the marker is rebuilt from a checked model name, and the markdown is
 * only ever a comment body (trimmed to GitHub's limit). Nothing in it runs.
 */
import { readFile } from "node:fs/promises";
import * as core from "@actions/core";
import { z } from "zod";
import { MODEL_NAME_PATTERN } from "../config/index.js";
import { createGitHubClient, describeGitHubError } from "../github/client.js";
import { commentMarker, upsertPullRequestComment } from "../github/pull-request.js";
import { MlshipError } from "../lib/errors.js";
import { readJsonFile } from "../lib/read-json.js";
import { readActionInputs } from "./action-inputs.js";
import { type ActionIO, maskSecret } from "./action-io.js";
import { CommentReportInput as Input, CommentReportOutput as Output } from "./constants.js";

export interface CommentReportSettings {
  /** The markdown report from the artifact. */
  report: string;
  /** mlship-pr.json from the artifact. */
  pullRequest: string;
  token?: string;
}

const PrInfoSchema = z.strictObject({
  number: z.int().min(1),
  model: z.string().regex(MODEL_NAME_PATTERN).max(64),
  marker: z.string(),
});

const EventSchema = z.looseObject({
  workflow_run: z.looseObject({ head_sha: z.string().optional(), event: z.string().optional() }).optional(),
});

const MAX_REPORT_BYTES = 1024 * 1024;

const InputsSchema = z.object({
  [Input.report]: z.string({ error: "required: the markdown report file" }),
  [Input.pullRequest]: z.string({ error: "required: mlship-pr.json" }),
  [Input.token]: z.string().optional(),
});

/**
 * Reads and checks the inputs; the token is masked in the log before anything else.
 * @throws MlshipError `bad_usage` naming the input.
 */
export function getInputs(
  readInput: (name: string) => string = (name) => core.getInput(name),
  mask: (secret: string) => void = maskSecret,
): CommentReportSettings {
  const { inputs } = readActionInputs(Object.values(Input), InputsSchema, readInput, {
    secrets: [Input.token],
    mask,
  });
  return {
    report: inputs[Input.report],
    pullRequest: inputs[Input.pullRequest],
    token: inputs[Input.token],
  };
}

export async function runCommentReport(
  settings: CommentReportSettings,
  io: ActionIO,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  // Checked below as untrusted_artifact, nothing posted: its fields come from a fork's run.
  const info = PrInfoSchema.safeParse(
    await readJsonFile(settings.pullRequest, "mlship-pr.json", z.unknown()),
  );
  if (!info.success) {
    throw new MlshipError(
      "untrusted_artifact",
      `${settings.pullRequest} is not what evaluate-gate writes (${info.error.issues[0].message} at ${info.error.issues[0].path.join(".") || "the top"}); nothing posted`,
      { file: settings.pullRequest },
    );
  }
  const { number, model } = info.data;
  const markdown = await readFile(settings.report, "utf8");
  if (Buffer.byteLength(markdown) > MAX_REPORT_BYTES) {
    throw new MlshipError(
      "untrusted_artifact",
      `${settings.report} is over 1 MiB, not an evaluation report; nothing posted`,
      { file: settings.report },
    );
  }
  const event = env.GITHUB_EVENT_PATH
    ? await readJsonFile(env.GITHUB_EVENT_PATH, "the event payload", EventSchema)
    : {};
  const run = event.workflow_run;
  if (env.GITHUB_EVENT_NAME !== "workflow_run" || !run?.head_sha) {
    throw new MlshipError(
      "wrong_event",
      "comment-report runs on workflow_run events (the pull-request run that left the report); nothing posted",
    );
  }
  const client = createGitHubClient({
    env: settings.token ? { ...env, GITHUB_TOKEN: settings.token } : env,
    permission: "pull-requests: write",
    log: (m) => io.info(m),
  });
  let headSha: string;
  try {
    const { data } = await client.octokit.rest.pulls.get({
      owner: client.owner,
      repo: client.repo,
      pull_number: number,
    });
    headSha = data.head.sha;
  } catch (error) {
    throw new MlshipError(
      "github_error",
      describeGitHubError(error, `reading pull request #${number}`),
      {},
      1,
    );
  }
  if (headSha !== run.head_sha) {
    throw new MlshipError(
      "untrusted_artifact",
      `the artifact names pull request #${number}, whose head is ${headSha}, but the run that made it built ${run.head_sha}; nothing posted`,
      {},
      1,
    );
  }
  const comment = await upsertPullRequestComment(client, number, commentMarker(model), markdown);
  io.setOutput(Output.commentUrl, comment.url);
  io.info(
    `${comment.created ? "Commented on" : "Updated the comment on"} pull request #${number}: ${comment.url}`,
  );
}
