/**
 * Incidents as GitHub issues, labelled `mlship` and `incident` (GitHub creates
 * the labels on first use). The open issue of a model, environment and kind is
 * found by its marker among the open `mlship` issues, every page read. Without
 * `issues: write` (GitHub answers 403), nothing is written and the result
 * carries a notice: an incident that cannot be recorded never fails a rollout.
 */
import { describeGitHubError, type GitHubClient } from "../github/client.js";
import { closeIssue, commentOnIssue, createIssue, findOpenIssue, isForbidden } from "../github/issues.js";
import { MlshipError } from "../lib/errors.js";
import {
  INCIDENT_LABELS,
  type Incident,
  type IncidentKey,
  type IncidentReport,
  type IncidentResult,
  type IncidentTracker,
  incidentBody,
  incidentMarkdown,
  incidentMarker,
  incidentTitle,
} from "./incident.js";

export class GitHubIncidentTracker implements IncidentTracker {
  readonly describe: string;

  constructor(private readonly client: GitHubClient) {
    this.describe = `github:${client.owner}/${client.repo}`;
  }

  async find(key: IncidentKey): Promise<Incident | undefined> {
    try {
      return await this.open(key);
    } catch (error) {
      throw this.fail(error, `finding the open incident of ${key.name} in ${key.environment}`);
    }
  }

  async openOrUpdate(report: IncidentReport): Promise<IncidentResult> {
    return this.writing(`recording the incident of ${report.name} in ${report.environment}`, async () => {
      const open = await this.open(report);
      if (open) {
        await commentOnIssue(this.client, Number(open.id), incidentMarkdown(report, "again"));
        return { action: "commented", incident: open };
      }
      const issue = await createIssue(this.client, {
        title: incidentTitle(report),
        body: incidentBody(report),
        labels: [...INCIDENT_LABELS],
      });
      return { action: "opened", incident: { id: String(issue.number), url: issue.url, title: issue.title } };
    });
  }

  async comment(key: IncidentKey, markdown: string): Promise<IncidentResult> {
    return this.writing(`commenting on the incident of ${key.name} in ${key.environment}`, async () => {
      const open = await this.open(key);
      if (!open) return { action: "none" };
      await commentOnIssue(this.client, Number(open.id), markdown);
      return { action: "commented", incident: open };
    });
  }

  async close(key: IncidentKey, markdown: string): Promise<IncidentResult> {
    return this.writing(`closing the incident of ${key.name} in ${key.environment}`, async () => {
      const open = await this.open(key);
      if (!open) return { action: "none" };
      await commentOnIssue(this.client, Number(open.id), markdown);
      await closeIssue(this.client, Number(open.id));
      return { action: "closed", incident: open };
    });
  }

  /** A write: a 403 (no `issues: write`) is a notice in the result, anything else an MlshipError. */
  private async writing(what: string, write: () => Promise<IncidentResult>): Promise<IncidentResult> {
    try {
      return await write();
    } catch (error) {
      if (isForbidden(error)) {
        return {
          action: "skipped",
          notice: `${what} skipped: GitHub answered 403 (${(error as Error).message}); give the job's token the "issues: write" permission`,
        };
      }
      throw this.fail(error, what);
    }
  }

  private async open(key: IncidentKey): Promise<Incident | undefined> {
    const issue = await findOpenIssue(this.client, INCIDENT_LABELS[0], incidentMarker(key));
    return issue && { id: String(issue.number), url: issue.url, title: issue.title };
  }

  private fail(error: unknown, what: string): Error {
    if (error instanceof MlshipError) return error;
    return new MlshipError("github_error", describeGitHubError(error, what), {}, 1);
  }
}
