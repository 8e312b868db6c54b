/**
 * Issues through the REST API: the open issue carrying a hidden marker (found
 * among the open issues with a label, page by page), and creating, commenting
 * on and closing one. Labels a repository lacks are created by GitHub on first
 * use. Bodies are trimmed to GitHub's limit.
 */
import { type GitHubClient, httpStatus } from "./client.js";
import { trimMarkdown } from "./pull-request.js";

export interface IssueRef {
  number: number;
  url: string;
  title: string;
}

/** A line of the body that is exactly the marker (a user's edit above it does not lose it). */
function carries(body: string | null | undefined, marker: string): boolean {
  return (body ?? "").split(/\r?\n/).some((line) => line.trim() === marker);
}

/** The oldest open issue labelled `label` whose body carries `marker`; every page is read until found. */
export async function findOpenIssue(
  client: GitHubClient,
  label: string,
  marker: string,
): Promise<IssueRef | undefined> {
  let found: IssueRef | undefined;
  const pages = client.octokit.paginate.iterator(client.octokit.rest.issues.listForRepo, {
    owner: client.owner,
    repo: client.repo,
    state: "open",
    labels: label,
    per_page: 100,
  });
  for await (const { data } of pages) {
    for (const issue of data) {
      // Newest first: the last match is the oldest, the one a second issue (made by hand) would follow.
      if (!issue.pull_request && carries(issue.body, marker))
        found = { number: issue.number, url: issue.html_url, title: issue.title };
    }
  }
  return found;
}

export async function createIssue(
  client: GitHubClient,
  issue: { title: string; body: string; labels: string[] },
): Promise<IssueRef> {
  const { data } = await client.octokit.rest.issues.create({
    owner: client.owner,
    repo: client.repo,
    title: issue.title,
    body: trimMarkdown(issue.body),
    labels: issue.labels,
  });
  return { number: data.number, url: data.html_url, title: data.title };
}

export async function commentOnIssue(client: GitHubClient, number: number, body: string): Promise<string> {
  const { data } = await client.octokit.rest.issues.createComment({
    owner: client.owner,
    repo: client.repo,
    issue_number: number,
    body: trimMarkdown(body),
  });
  return data.html_url;
}

export async function closeIssue(client: GitHubClient, number: number): Promise<void> {
  await client.octokit.rest.issues.update({
    owner: client.owner,
    repo: client.repo,
    issue_number: number,
    state: "closed",
    state_reason: "completed",
  });
}

/** GitHub's answer to a token without the permission a write needs (`issues: write`). */
export function isForbidden(error: unknown): boolean {
  return httpStatus(error) === 403;
}
