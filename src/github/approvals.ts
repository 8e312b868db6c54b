/**
 * The Environment approvals of a workflow run (REST `GET /repos/{owner}/{repo}/actions/runs/{run_id}/approvals`):
 * who approved or rejected the run's jobs for which environments. A promotion records them in its
 * deployment's payload.
 */
import type { GitHubClient } from "./client.js";

export interface RunApproval {
  login: string;
  state: "approved" | "rejected" | "pending";
  environments: string[];
  comment?: string;
}

export async function runApprovals(client: GitHubClient, runId: number): Promise<RunApproval[]> {
  const { data } = await client.octokit.rest.actions.getReviewsForRun({
    owner: client.owner,
    repo: client.repo,
    run_id: runId,
  });
  return data.map((review) => ({
    login: review.user.login,
    state: review.state,
    environments: review.environments.map((environment) => environment.name ?? "").filter(Boolean),
    ...(review.comment ? { comment: review.comment } : {}),
  }));
}
