/**
 * Reporting on a pull request: one comment per model, found again by a hidden
 * marker and updated in place on every push (no pile-up), and a check run whose
 * conclusion is the gate's verdict. Both bodies are trimmed to GitHub's limits.
 */

import { MlshipError } from "../lib/errors.js";
import { describeGitHubError, type GitHubClient, httpStatus } from "./client.js";

/** GitHub refuses comment bodies and check-run summaries longer than this. */
export const GITHUB_TEXT_LIMIT = 65_535;

export function commentMarker(model: string): string {
  return `<!-- mlship:evaluate:${model} -->`;
}

/** Cuts markdown to `limit` characters at a line break, saying so and pointing to the full report. */
export function trimMarkdown(markdown: string, limit = GITHUB_TEXT_LIMIT, fullReportUrl?: string): string {
  if (markdown.length <= limit) return markdown;
  const note = `\n\n…the report is longer than GitHub shows here${fullReportUrl ? `: [the full report](${fullReportUrl})` : " (the full report is in the job summary and the report file)"}.\n`;
  const cut = markdown.lastIndexOf("\n", limit - note.length);
  let head = markdown.slice(0, cut > 0 ? cut : limit - note.length);
  // An open <details> or code fence would swallow the note.
  if ((head.match(/```/g)?.length ?? 0) % 2 === 1) head += "\n```";
  const open = (head.match(/<details>/g)?.length ?? 0) - (head.match(/<\/details>/g)?.length ?? 0);
  head += "\n</details>".repeat(Math.max(open, 0));
  return head + note;
}

export interface CommentResult {
  id: number;
  url: string;
  created: boolean;
}

/** Creates the model's comment on the pull request, or updates the one carrying its marker. */
export async function upsertPullRequestComment(
  client: GitHubClient,
  pullRequest: number,
  marker: string,
  markdown: string,
): Promise<CommentResult> {
  const body = trimMarkdown(`${marker}\n${markdown}`);
  const repo = { owner: client.owner, repo: client.repo };
  try {
    const comments = await client.octokit.paginate(client.octokit.rest.issues.listComments, {
      ...repo,
      issue_number: pullRequest,
      per_page: 100,
    });
    // The marker opens every comment mlship writes; one quoted inside another comment (or inside data
    // shown in a report) is not ours, so only a body that starts with it is taken.
    const existing = comments.find((c) => c.body?.trimStart().startsWith(marker));
    if (existing) {
      const { data } = await client.octokit.rest.issues.updateComment({
        ...repo,
        comment_id: Number(existing.id),
        body,
      });
      return { id: Number(data.id), url: data.html_url, created: false };
    }
    const { data } = await client.octokit.rest.issues.createComment({
      ...repo,
      issue_number: pullRequest,
      body,
    });
    return { id: Number(data.id), url: data.html_url, created: true };
  } catch (error) {
    throw new MlshipError(
      "github_error",
      `${describeGitHubError(error, `commenting on pull request #${pullRequest}`)}${httpStatus(error) === 403 ? ' (the job needs "pull-requests: write")' : ""}`,
      {},
      1,
    );
  }
}

export interface CheckRunRequest {
  name: string;
  headSha: string;
  passed: boolean;
  title: string;
  summary: string;
  detailsUrl?: string;
}

/** The check run with the verdict as its conclusion; without `checks: write` it is skipped (returned, not thrown). */
export async function publishCheckRun(
  client: GitHubClient,
  request: CheckRunRequest,
): Promise<{ id: number; url: string | null } | { skipped: string }> {
  try {
    const { data } = await client.octokit.rest.checks.create({
      owner: client.owner,
      repo: client.repo,
      name: request.name,
      head_sha: request.headSha,
      status: "completed",
      conclusion: request.passed ? "success" : "failure",
      details_url: request.detailsUrl,
      output: {
        title: request.title.slice(0, 255),
        summary: trimMarkdown(request.summary, GITHUB_TEXT_LIMIT, request.detailsUrl),
      },
    });
    return { id: Number(data.id), url: data.html_url };
  } catch (error) {
    const status = httpStatus(error);
    if (status === 403 || status === 404) {
      return {
        skipped: `${describeGitHubError(error, "creating the check run")}; grant "checks: write" to get the check run`,
      };
    }
    throw new MlshipError("github_error", describeGitHubError(error, "creating the check run"), {}, 1);
  }
}
