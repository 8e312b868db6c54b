/**
 * The fake GitHub's deployment statuses, environments, run approvals and issues answer as GitHub's REST
 * API documents them, read through Octokit (so the shapes are the typed ones the production code reads).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createGitHubClient, type GitHubClient, httpStatus } from "../../src/github/client.js";
import { type FakeGitHub, startFakeGitHub } from "./fake-github.js";

let fake: FakeGitHub;
let client: GitHubClient;
let repo: { owner: string; repo: string };

async function open(options: Parameters<typeof startFakeGitHub>[0] = {}) {
  fake = await startFakeGitHub(options);
  client = createGitHubClient({
    token: fake.token,
    apiUrl: fake.url,
    repository: `${fake.owner}/${fake.repo}`,
    permission: "test",
    retryUnitMs: 1,
    env: {},
  });
  repo = { owner: fake.owner, repo: fake.repo };
  await client.octokit.rest.repos.createRelease({ ...repo, tag_name: "churn@v1.0.0" });
}

afterEach(() => fake.close());

const statusOf = (promise: Promise<unknown>) => promise.then(() => 200, httpStatus);

describe("fake GitHub: deployment statuses", () => {
  beforeEach(() => open());

  const deploy = async (environment: string, task = "deploy:churn", extra: Record<string, unknown> = {}) =>
    (
      await client.octokit.rest.repos.createDeployment({
        ...repo,
        ref: "churn@v1.0.0",
        task,
        environment,
        ...extra,
      })
    ).data as { id: number };
  const succeed = (id: number, autoInactive?: boolean) =>
    client.octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: id,
      state: "success",
      auto_inactive: autoInactive,
    });
  const latest = async (id: number) =>
    (await client.octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: id })).data[0]?.state;

  it("lists statuses newest first; log_url sets target_url; environment_url is kept", async () => {
    const { id } = await deploy("staging");
    await client.octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: id,
      state: "in_progress",
    });
    await client.octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: id,
      state: "success",
      description: "done",
      log_url: "https://github.com/acme/models/actions/runs/1",
      environment_url: "http://127.0.0.1:8080",
    });
    const { data } = await client.octokit.rest.repos.listDeploymentStatuses({ ...repo, deployment_id: id });
    expect(data.map((s) => s.state)).toEqual(["success", "in_progress"]);
    expect(data[0]).toMatchObject({
      description: "done",
      environment: "staging",
      log_url: "https://github.com/acme/models/actions/runs/1",
      target_url: "https://github.com/acme/models/actions/runs/1",
      environment_url: "http://127.0.0.1:8080",
    });
  });

  it("refuses a description over 140 characters and an unknown state (422)", async () => {
    const { id } = await deploy("staging");
    // Untyped on purpose: the bodies are what a client could send, not what the types allow.
    const post = (body: Record<string, unknown>) =>
      statusOf(
        client.octokit.request(`POST /repos/${fake.owner}/${fake.repo}/deployments/${id}/statuses`, body),
      );
    expect(await post({ state: "success", description: "x".repeat(141) })).toBe(422);
    expect(await post({ state: "done" })).toBe(422);
    expect(await post({ state: "success", description: "x".repeat(140) })).toBe(200);
  });

  it("auto_inactive: a success makes earlier successes of the same environment inactive, whatever their task", async () => {
    const old = await deploy("staging");
    await succeed(old.id);
    const otherModel = await deploy("staging", "deploy:fraud");
    await succeed(otherModel.id);
    const failed = await deploy("staging");
    await client.octokit.rest.repos.createDeploymentStatus({
      ...repo,
      deployment_id: failed.id,
      state: "failure",
    });
    const transient = await deploy("staging", "deploy:churn", { transient_environment: true });
    await succeed(transient.id);
    const elsewhere = await deploy("qa");
    await succeed(elsewhere.id);
    const newest = await deploy("staging");
    await succeed(newest.id);
    expect(await latest(old.id)).toBe("inactive");
    expect(await latest(otherModel.id)).toBe("inactive");
    expect(await latest(failed.id)).toBe("failure");
    expect(await latest(transient.id)).toBe("success");
    expect(await latest(elsewhere.id)).toBe("success");
    expect(await latest(newest.id)).toBe("success");
  });

  it("auto_inactive false leaves earlier successes as they are", async () => {
    const old = await deploy("staging");
    await succeed(old.id);
    await succeed((await deploy("staging")).id, false);
    expect(await latest(old.id)).toBe("success");
  });

  it("with autoInactiveProduction false, leaves production deployments alone (the reference's narrower reading)", async () => {
    await fake.close();
    await open({ autoInactiveProduction: false });
    const old = await deploy("production");
    await succeed(old.id);
    await succeed((await deploy("production")).id);
    expect(await latest(old.id)).toBe("success");
  });
});

describe("fake GitHub: environments and run approvals", () => {
  beforeEach(() => open());

  it("answers 404 for an environment that does not exist, and the environment once added or deployed to", async () => {
    const get = (name: string) =>
      client.octokit.rest.repos.getEnvironment({ ...repo, environment_name: name }).then((r) => r.data);
    expect(await statusOf(get("production"))).toBe(404);
    fake.addEnvironment("production", { reviewers: ["alice"] });
    const environment = await get("production");
    expect(environment.name).toBe("production");
    expect(environment.protection_rules?.[0]).toMatchObject({ type: "required_reviewers" });
    await client.octokit.rest.repos.createDeployment({
      ...repo,
      ref: "churn@v1.0.0",
      environment: "staging",
    });
    expect((await get("staging")).name).toBe("staging");
  });

  it("lists a run's approvals, and answers 404 for an unknown run", async () => {
    expect(await statusOf(client.octokit.rest.actions.getReviewsForRun({ ...repo, run_id: 5 }))).toBe(404);
    fake.approveRun(5, { environment: "production", login: "alice", comment: "ship it" });
    const { data } = await client.octokit.rest.actions.getReviewsForRun({ ...repo, run_id: 5 });
    expect(data).toHaveLength(1);
    expect(data[0]).toMatchObject({ state: "approved", comment: "ship it", user: { login: "alice" } });
    expect(data[0].environments.map((e) => e.name)).toEqual(["production"]);
  });
});

describe("fake GitHub: issues", () => {
  beforeEach(() => open({ perPageMax: 2 }));

  const create = (title: string, labels: string[]) =>
    client.octokit.rest.issues.create({ ...repo, title, body: `about ${title}`, labels }).then((r) => r.data);

  it("creates an issue, creating its labels on first use, and reads it back", async () => {
    const issue = await create("first", ["mlship", "incident"]);
    expect(issue).toMatchObject({
      number: 1,
      state: "open",
      title: "first",
      body: "about first",
      comments: 0,
    });
    expect(fake.labels.map((l) => [l.name, l.color, l.description])).toEqual([
      ["mlship", "ededed", null],
      ["incident", "ededed", null],
    ]);
    const { data } = await client.octokit.rest.issues.get({ ...repo, issue_number: 1 });
    expect(data.html_url).toBe(`https://github.com/${fake.owner}/${fake.repo}/issues/1`);
    expect(await statusOf(client.octokit.rest.issues.get({ ...repo, issue_number: 9 }))).toBe(404);
  });

  it("updates state, body and labels; closing sets closed_at and the reason", async () => {
    await create("first", ["mlship"]);
    const { data } = await client.octokit.rest.issues.update({
      ...repo,
      issue_number: 1,
      state: "closed",
      body: "fixed",
      labels: ["mlship", "resolved"],
    });
    expect(data).toMatchObject({ state: "closed", state_reason: "completed", body: "fixed" });
    expect(data.closed_at).not.toBeNull();
    expect(data.labels.map((l) => (typeof l === "string" ? l : l.name))).toEqual(["mlship", "resolved"]);
  });

  it("lists by state and labels (every one named), newest first, with Link pagination", async () => {
    for (const n of [1, 2, 3, 4]) await create(`issue ${n}`, n === 2 ? ["other"] : ["mlship", "incident"]);
    await client.octokit.rest.issues.update({ ...repo, issue_number: 4, state: "closed" });
    const first = await client.octokit.rest.issues.listForRepo({
      ...repo,
      labels: "mlship,incident",
      per_page: 1,
    });
    expect(first.data.map((i) => i.number)).toEqual([3]);
    expect(first.headers.link).toMatch(/rel="next"/);
    const all = await client.octokit.paginate(client.octokit.rest.issues.listForRepo, {
      ...repo,
      labels: "mlship",
      per_page: 1,
    });
    expect(all.map((i) => i.number)).toEqual([3, 1]);
    const closed = await client.octokit.rest.issues.listForRepo({ ...repo, state: "closed" });
    expect(closed.data.map((i) => i.number)).toEqual([4]);
  });

  it("counts comments on an issue and links them to it", async () => {
    await create("first", []);
    const { data } = await client.octokit.rest.issues.createComment({
      ...repo,
      issue_number: 1,
      body: "again",
    });
    expect(data.html_url).toMatch(/\/issues\/1#issuecomment-\d+$/);
    expect((await client.octokit.rest.issues.get({ ...repo, issue_number: 1 })).data.comments).toBe(1);
  });

  it("answers 403 to every issue write when the token lacks issues: write, and still lets it read", async () => {
    await create("first", []);
    fake.permissions.issues = "read";
    expect(await statusOf(create("second", []))).toBe(403);
    expect(
      await statusOf(client.octokit.rest.issues.update({ ...repo, issue_number: 1, state: "closed" })),
    ).toBe(403);
    expect(
      await statusOf(client.octokit.rest.issues.createComment({ ...repo, issue_number: 1, body: "x" })),
    ).toBe(403);
    expect((await client.octokit.rest.issues.listForRepo(repo)).data).toHaveLength(1);
  });
});
