/** The GitHub issues tracker against the fake GitHub: the contract, then GitHub's own ways. */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGitHubClient } from "../../src/github/client.js";
import { GitHubIncidentTracker } from "../../src/incidents/github-incidents.js";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import { badRollout, incidentContract } from "./contract.js";

function trackerFor(fake: FakeGitHub): GitHubIncidentTracker {
  return new GitHubIncidentTracker(
    createGitHubClient({
      token: fake.token,
      apiUrl: fake.url,
      repository: `${fake.owner}/${fake.repo}`,
      permission: "issues: write",
      retryUnitMs: 5,
      env: {},
    }),
  );
}

incidentContract("github (fake GitHub REST server)", async () => {
  const fake = await startFakeGitHub({ perPageMax: 2 });
  return {
    tracker: trackerFor(fake),
    stored: async () =>
      fake.issues.map((i) => ({
        id: String(i.number),
        title: i.title,
        body: i.body ?? "",
        state: i.state,
        comments: (fake.comments.get(i.number) ?? []).map((c) => c.body ?? ""),
      })),
    close: () => fake.close(),
  };
});

describe("GitHubIncidentTracker on GitHub", () => {
  let fake: FakeGitHub;
  beforeEach(async () => {
    fake = await startFakeGitHub({ perPageMax: 2 });
  });
  afterEach(() => fake.close());

  it("labels the issue mlship and incident, which GitHub creates on first use", async () => {
    await trackerFor(fake).openOrUpdate(badRollout());
    expect(fake.issues[0].labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual([
      "mlship",
      "incident",
    ]);
    expect(fake.labels.map((l) => [l.name, l.color])).toEqual([
      ["mlship", "ededed"],
      ["incident", "ededed"],
    ]);
  });

  it("finds the open incident past the first page of open mlship issues", async () => {
    const tracker = trackerFor(fake);
    await tracker.openOrUpdate(badRollout());
    for (const environment of ["a", "b", "c", "d", "e"])
      await tracker.openOrUpdate(badRollout({ environment }));
    fake.resetCalls();
    const result = await tracker.openOrUpdate(badRollout({ version: "1.4.0" }));
    expect(result).toMatchObject({ action: "commented", incident: { id: String(fake.issues[0].number) } });
    expect(fake.issues).toHaveLength(6);
    // Newest first, two a page: the production incident (the oldest) is on the last of three pages.
    expect(fake.calls.filter((c) => c.method === "GET" && c.path.endsWith("/issues"))).toHaveLength(3);
  });

  it("passes over closed incidents and issues that only quote the marker", async () => {
    const tracker = trackerFor(fake);
    await tracker.openOrUpdate(badRollout());
    await tracker.close(badRollout(), "healthy again");
    fake.issues.push({
      ...fake.issues[0],
      number: 99,
      state: "open",
      body: "see `<!-- mlship:incident:churn:production:rollout -->` in the docs",
    });
    expect((await tracker.openOrUpdate(badRollout())).action).toBe("opened");
    expect(fake.issues.filter((i) => i.state === "open")).toHaveLength(2);
  });

  it("skips with a notice, never an error, when the token lacks issues: write (403)", async () => {
    const tracker = trackerFor(fake);
    await tracker.openOrUpdate(badRollout());
    fake.permissions.issues = "read";
    for (const result of [
      await tracker.openOrUpdate(badRollout({ environment: "staging" })),
      await tracker.openOrUpdate(badRollout()),
      await tracker.comment(badRollout(), "rolled back"),
      await tracker.close(badRollout(), "healthy"),
    ]) {
      expect(result.action).toBe("skipped");
      expect(result.notice).toMatch(/GitHub answered 403 .*"issues: write" permission/);
    }
    expect(fake.issues).toHaveLength(1);
    expect(fake.issues[0].state).toBe("open");
    expect(fake.comments.get(fake.issues[0].number)).toBeUndefined();
  });

  it("fails with exit 1 naming what it was doing when GitHub keeps answering 5xx", async () => {
    fake.fail({ method: "GET", path: /\/issues$/, status: 502, times: 10 });
    await expect(trackerFor(fake).openOrUpdate(badRollout())).rejects.toMatchObject({
      exitCode: 1,
      message: expect.stringMatching(/recording the incident of churn in production: GitHub answered 502/),
    });
  });
});
