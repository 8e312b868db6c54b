/**
 * A fake of the GitHub REST API on loopback, for the registry and the actions:
 * releases (drafts, publish, tags), release assets (uploads on a separate
 * uploads host path, downloads by redirect), deployments and their statuses.
 * Every answer is typed with @octokit/openapi-types, so it has GitHub's shape;
 * lists paginate with `Link` headers as GitHub does. Faults can be injected
 * per request (5xx, 403 rate limits with their headers, 429 with retry-after),
 * and requests held until a test lets them go (to order two clients' steps).
 *
 * What GitHub does when several clients work on one tag, as modelled here:
 * drafts are per client (any number of drafts may carry one tag); an upload
 * shows as an asset in state `open` while its bytes arrive, and a second
 * upload of a name the release already has (in any state) is 422
 * `already_exists`; publishing a draft whose tag another published release
 * has is 422 `already_exists`, as is creating a release for it; publishing an
 * already published release again changes nothing.
 *
 * Deployments, as GitHub documents them: a status with `log_url` sets
 * `target_url` too; a description over 140 characters is 422; a `success`
 * status with `auto_inactive` (default true) adds an `inactive` status to every
 * prior non-transient deployment of the same repository and environment name
 * (whatever its task) whose latest state is `success`. GitHub's reference says
 * "non-production" and its 2018 changelog extended this to production
 * deployments (then behind a preview, now the default API):
 * `autoInactiveProduction: false` models the narrower reading. A deployment to
 * an environment that does not exist creates it, as GitHub does.
 *
 * Issues: numbers shared with pull requests; labels that do not exist are
 * created on first use (colour `ededed`, no description), as GitHub does for
 * a token with push access; lists filter by `state` (default `open`) and
 * `labels` (every one named), newest first, paginated. `permissions.issues =
 * "read"` answers issue writes 403 "Resource not accessible by integration",
 * as GitHub answers a GITHUB_TOKEN without `issues: write`.
 *
 * The production code is pointed at it with GITHUB_API_URL only.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { components } from "@octokit/openapi-types";

type Release = components["schemas"]["release"];
type ReleaseAsset = components["schemas"]["release-asset"];
type Deployment = components["schemas"]["deployment"];
type DeploymentStatus = components["schemas"]["deployment-status"];
type SimpleUser = components["schemas"]["simple-user"];
type BasicError = components["schemas"]["basic-error"];
type IssueComment = components["schemas"]["issue-comment"];
type CheckRun = components["schemas"]["check-run"];
type ValidationError = components["schemas"]["validation-error"];
type Issue = components["schemas"]["issue"];
type Label = components["schemas"]["label"];
type Environment = components["schemas"]["environment"];
type EnvironmentApprovals = components["schemas"]["environment-approvals"];

const DEPLOYMENT_STATUS_STATES: readonly DeploymentStatus["state"][] = [
  "error",
  "failure",
  "inactive",
  "pending",
  "success",
  "queued",
  "in_progress",
];

export interface FakeCall {
  method: string;
  /** Path without the query. */
  path: string;
  query: string;
  status: number;
}

export interface Fault {
  method?: string;
  /** Matched against the path. */
  path: RegExp;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** How many matching requests fail (default 1). */
  times?: number;
  /** For uploads: store the asset as GitHub does after an upstream failure (state `starter`), then fail. */
  leaveStarterAsset?: boolean;
}

export interface Hold {
  method?: string;
  /** Matched against the path. For uploads the request is held once its asset shows (state `open`). */
  path: RegExp;
}

export interface HeldRequest {
  /** Resolves when a matching request arrives (and is held). */
  reached: Promise<void>;
  /** Lets it go on. */
  release(): void;
}

export interface FakeGitHub {
  /** GITHUB_API_URL. */
  url: string;
  owner: string;
  repo: string;
  token: string;
  calls: FakeCall[];
  releases: Release[];
  deployments: Deployment[];
  /** Bytes of each asset by id. */
  assetBytes: Map<number, Buffer>;
  /** Pull request (issue) comments by issue number. */
  comments: Map<number, IssueComment[]>;
  checkRuns: CheckRun[];
  /** Pull requests the fake answers GET /pulls/{number} for: number → head sha. */
  pulls: Map<number, string>;
  /** Each deployment's statuses, oldest first, by deployment id. */
  deploymentStatuses: Map<number, DeploymentStatus[]>;
  environments: Environment[];
  /** Creates an environment (with required reviewers, by login, when given); an existing one is returned as it is. */
  addEnvironment(name: string, options?: { reviewers?: string[] }): Environment;
  /** The Environment approvals of each workflow run, by run id; a run not here is 404, as an unknown run is. */
  runApprovals: Map<number, EnvironmentApprovals[]>;
  /** Records a reviewer's decision on a run's environment (the run is created when new). */
  approveRun(
    runId: number,
    approval: { environment: string; login: string; state?: EnvironmentApprovals["state"]; comment?: string },
  ): EnvironmentApprovals;
  issues: Issue[];
  /** The repository's labels (created on first use). */
  labels: Label[];
  /** What the token may do; `issues: "read"` makes every issue write 403. */
  permissions: { issues: "read" | "write" };
  fail(fault: Fault): void;
  /** Holds the next request that matches until `release()`. */
  hold(hold: Hold): HeldRequest;
  /** Attaches an asset to a release as it is (any name, any bytes): what a hostile hand could leave there. */
  attach(releaseId: number, name: string, bytes: Buffer): ReleaseAsset;
  /**
   * What is wrong with the release of `tag` as a user would meet it: not exactly one published release,
   * drafts of it left, assets that disagree with its SHA256SUMS or its manifest. Empty when it is sound.
   */
  releaseProblems(tag: string): string[];
  /** Every request from now on is counted afresh. */
  resetCalls(): void;
  close(): Promise<void>;
}

export async function startFakeGitHub(
  options: {
    owner?: string;
    repo?: string;
    perPageMax?: number;
    /** false: assets carry no `digest` (GitHub Enterprise Server before digests, older releases). */
    digests?: boolean;
    /** false: a success leaves production deployments alone (GitHub's reference's "non-production"). Default true. */
    autoInactiveProduction?: boolean;
  } = {},
): Promise<FakeGitHub> {
  const owner = options.owner ?? "acme";
  const repo = options.repo ?? "models";
  const perPageMax = options.perPageMax ?? 100;
  const token = `ghs_${randomBytes(12).toString("hex")}`;
  const releases: Release[] = [];
  const deployments: Deployment[] = [];
  const statuses = new Map<number, DeploymentStatus[]>();
  const assetBytes = new Map<number, Buffer>();
  const tags = new Set<string>();
  const comments = new Map<number, IssueComment[]>();
  const checkRuns: CheckRun[] = [];
  const pulls = new Map<number, string>();
  const environments: Environment[] = [];
  const runApprovals = new Map<number, EnvironmentApprovals[]>();
  const issues: Issue[] = [];
  const labels: Label[] = [];
  const permissions: FakeGitHub["permissions"] = { issues: "write" };
  const calls: FakeCall[] = [];
  const faults: (Fault & { left: number })[] = [];
  const holds: (Hold & { taken: boolean; arrived: () => void; gate: Promise<void> })[] = [];
  /** Waits while a hold matches this request. */
  async function held(method: string, path: string): Promise<void> {
    const hold = holds.find((h) => !h.taken && (!h.method || h.method === method) && h.path.test(path));
    if (!hold) return;
    hold.taken = true;
    hold.arrived();
    await hold.gate;
  }
  let nextId = 1000;
  let clock = Date.parse("2026-11-26T10:00:00Z");
  let base = "";
  const repoPath = `/repos/${owner}/${repo}`;
  const digestOf = (bytes: Buffer) =>
    options.digests === false ? null : `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
  const now = () => {
    clock += 1000;
    return new Date(clock).toISOString();
  };

  const user: SimpleUser = {
    login: "github-actions[bot]",
    id: 41898282,
    node_id: "MDM6Qm90NDE4OTgyODI=",
    avatar_url: "https://avatars.githubusercontent.com/in/15368?v=4",
    gravatar_id: "",
    url: "https://api.github.com/users/github-actions%5Bbot%5D",
    html_url: "https://github.com/apps/github-actions",
    followers_url: "",
    following_url: "",
    gists_url: "",
    starred_url: "",
    subscriptions_url: "",
    organizations_url: "",
    repos_url: "",
    events_url: "",
    received_events_url: "",
    type: "Bot",
    site_admin: false,
  };

  const api = (path: string) => `${base}${repoPath}${path}`;

  function newRelease(body: Partial<Release>): Release {
    const id = nextId++;
    return {
      url: api(`/releases/${id}`),
      html_url: `https://github.com/${owner}/${repo}/releases/tag/${encodeURIComponent(body.tag_name ?? "")}`,
      assets_url: api(`/releases/${id}/assets`),
      upload_url: `${base}/uploads${repoPath}/releases/${id}/assets{?name,label}`,
      tarball_url: null,
      zipball_url: null,
      id,
      node_id: `RE_${id}`,
      tag_name: body.tag_name ?? "",
      target_commitish: body.target_commitish ?? "main",
      name: body.name ?? null,
      body: body.body ?? null,
      draft: body.draft ?? false,
      prerelease: body.prerelease ?? false,
      created_at: now(),
      published_at: null,
      author: user,
      assets: [],
    };
  }

  function publish(release: Release) {
    release.draft = false;
    release.published_at = now();
    tags.add(release.tag_name);
  }

  function newAsset(
    name: string,
    contentType: string,
    bytes: Buffer,
    state: "uploaded" | "open",
  ): ReleaseAsset {
    const id = nextId++;
    assetBytes.set(id, bytes);
    return {
      url: api(`/releases/assets/${id}`),
      browser_download_url: `${base}/download/${id}`,
      id,
      node_id: `RA_${id}`,
      name,
      label: null,
      state,
      content_type: contentType,
      size: bytes.length,
      digest: digestOf(bytes),
      download_count: 0,
      created_at: now(),
      updated_at: now(),
      uploader: user,
    };
  }

  const notFound = (): [number, BasicError] => [
    404,
    { message: "Not Found", documentation_url: "https://docs.github.com/rest" },
  ];
  const invalid = (
    resource: string,
    code: string,
    field: string,
    message?: string,
  ): [number, ValidationError] => [
    422,
    {
      message: "Validation Failed",
      documentation_url: "https://docs.github.com/rest",
      errors: [{ resource, code, field, message }],
    },
  ];

  const forbidden = (what: string): [number, BasicError] => [
    403,
    {
      message: "Resource not accessible by integration",
      documentation_url: `https://docs.github.com/rest/${what}`,
    },
  ];

  function userNamed(login: string): SimpleUser {
    const id = 5000 + [...login].reduce((sum, c) => sum + c.charCodeAt(0), 0);
    return {
      ...user,
      login,
      id,
      node_id: `U_${id}`,
      url: `https://api.github.com/users/${login}`,
      html_url: `https://github.com/${login}`,
      type: "User",
    };
  }

  function environmentNamed(name: string, reviewers: string[] = []): Environment {
    const existing = environments.find((e) => e.name === name);
    if (existing) return existing;
    const id = nextId++;
    const environment: Environment = {
      id,
      node_id: `EN_${id}`,
      name,
      url: api(`/environments/${encodeURIComponent(name)}`),
      html_url: `https://github.com/${owner}/${repo}/deployments/activity_log?environments_filter=${encodeURIComponent(name)}`,
      created_at: now(),
      updated_at: now(),
      protection_rules: reviewers.length
        ? [
            {
              id: nextId++,
              node_id: `GA_${id}`,
              type: "required_reviewers",
              prevent_self_review: false,
              reviewers: reviewers.map((login) => ({ type: "User" as const, reviewer: userNamed(login) })),
            },
          ]
        : [],
      deployment_branch_policy: null,
    };
    environments.push(environment);
    return environment;
  }

  /** The labels of these names, each created (colour ededed, no description) when the repository lacks it. */
  function labelsNamed(names: unknown): Label[] {
    const list = Array.isArray(names) ? names : [];
    return list.map((entry) => {
      const name = String(typeof entry === "object" && entry ? (entry as { name?: unknown }).name : entry);
      let label = labels.find((l) => l.name.toLowerCase() === name.toLowerCase());
      if (!label) {
        const id = nextId++;
        label = {
          id,
          node_id: `LA_${id}`,
          url: api(`/labels/${encodeURIComponent(name)}`),
          name,
          description: null,
          color: "ededed",
          default: false,
        };
        labels.push(label);
      }
      return label;
    });
  }

  const labelNames = (issue: Issue) =>
    issue.labels.map((l) => (typeof l === "string" ? l : (l.name ?? "")).toLowerCase());

  /** The latest state of a deployment, `undefined` when it has no status. */
  const latestState = (deployment: Deployment) => statuses.get(Number(deployment.id))?.at(-1)?.state;

  function addStatus(
    deployment: Deployment,
    input: {
      state: DeploymentStatus["state"];
      description?: string;
      log_url?: string;
      environment_url?: string;
    },
  ): DeploymentStatus {
    const id = nextId++;
    const status: DeploymentStatus = {
      url: `${deployment.url}/statuses/${id}`,
      id,
      node_id: `DES_${id}`,
      state: input.state,
      creator: user,
      description: input.description ?? "",
      environment: deployment.environment,
      target_url: input.log_url ?? "",
      log_url: input.log_url ?? "",
      environment_url: input.environment_url ?? "",
      created_at: now(),
      updated_at: now(),
      deployment_url: deployment.url,
      repository_url: deployment.repository_url,
    };
    statuses.set(Number(deployment.id), [...(statuses.get(Number(deployment.id)) ?? []), status]);
    return status;
  }

  /** GitHub's auto_inactive: prior successes of the same environment name (any task) become inactive. */
  function inactivatePrior(deployment: Deployment): void {
    for (const other of deployments) {
      if (Number(other.id) >= Number(deployment.id) || other.environment !== deployment.environment) continue;
      if (other.transient_environment) continue;
      if (other.production_environment && options.autoInactiveProduction === false) continue;
      if (latestState(other) === "success") addStatus(other, { state: "inactive" });
    }
  }

  /** A page of a newest-first list, and its Link header. */
  function page<T>(items: T[], url: URL): { body: T[]; link?: string } {
    const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30), perPageMax);
    const number = Math.max(Number(url.searchParams.get("page") ?? 1), 1);
    const last = Math.max(Math.ceil(items.length / perPage), 1);
    const body = items.slice((number - 1) * perPage, number * perPage);
    const at = (n: number) => {
      const next = new URL(url);
      next.searchParams.set("page", String(n));
      next.searchParams.set("per_page", String(perPage));
      return next.href;
    };
    const links = [];
    if (number < last) links.push(`<${at(number + 1)}>; rel="next"`, `<${at(last)}>; rel="last"`);
    if (number > 1) links.push(`<${at(1)}>; rel="first"`, `<${at(number - 1)}>; rel="prev"`);
    return { body, link: links.length ? links.join(", ") : undefined };
  }

  type Answer = [number, unknown, Record<string, string>?];

  async function route(
    method: string,
    url: URL,
    request: IncomingMessage,
    readBody: () => Promise<Buffer>,
  ): Promise<Answer> {
    const path = url.pathname;
    const body = path.startsWith("/uploads/") ? Buffer.alloc(0) : await readBody();
    const json = () => JSON.parse(body.toString("utf8") || "{}");
    let m: RegExpMatchArray | null;
    if (path.startsWith(`/uploads${repoPath}/releases/`)) {
      m = path.match(/\/releases\/(\d+)\/assets$/);
      const release = m && releases.find((r) => r.id === Number(m![1]));
      if (!release || method !== "POST") {
        await readBody();
        return notFound();
      }
      const name = url.searchParams.get("name") ?? "";
      if (release.assets.some((a) => a.name === name)) {
        await readBody();
        return invalid("ReleaseAsset", "already_exists", "name");
      }
      // The asset shows (state `open`) while its bytes arrive; other clients see it in the lists.
      const asset = newAsset(
        name,
        String(request.headers["content-type"] ?? "application/octet-stream"),
        Buffer.alloc(0),
        "open",
      );
      asset.digest = null;
      release.assets.push(asset);
      await held(method, path);
      const bytes = await readBody();
      if (!releases.includes(release) || !release.assets.includes(asset)) return notFound();
      assetBytes.set(asset.id, bytes);
      Object.assign(asset, {
        state: "uploaded",
        size: bytes.length,
        digest: digestOf(bytes),
        updated_at: now(),
      });
      return [201, asset];
    }
    m = path.match(/^\/download\/(\d+)$/);
    if (m) {
      const bytes = assetBytes.get(Number(m[1]));
      return bytes ? [200, bytes] : notFound();
    }
    if (!path.startsWith(repoPath)) return notFound();
    const rest = path.slice(repoPath.length);

    if (rest === "/releases" && method === "GET") {
      const sorted = [...releases].sort((a, b) => b.id - a.id);
      const { body: items, link } = page(sorted, url);
      return [200, items, link ? { link } : {}];
    }
    if (rest === "/releases" && method === "POST") {
      const input = json() as Partial<Release>;
      if (!input.tag_name) return invalid("Release", "missing_field", "tag_name");
      if (releases.some((r) => r.tag_name === input.tag_name && !r.draft)) {
        return invalid("Release", "already_exists", "tag_name");
      }
      const release = newRelease(input);
      releases.push(release);
      if (!release.draft) publish(release);
      return [201, release];
    }
    m = rest.match(/^\/releases\/tags\/(.+)$/);
    if (m && method === "GET") {
      const tag = decodeURIComponent(m[1]);
      const release = releases.find((r) => r.tag_name === tag && !r.draft);
      return release ? [200, release] : notFound();
    }
    m = rest.match(/^\/releases\/assets\/(\d+)$/);
    if (m) {
      const id = Number(m[1]);
      const release = releases.find((r) => r.assets.some((a) => a.id === id));
      const asset = release?.assets.find((a) => a.id === id);
      if (!release || !asset) return notFound();
      if (method === "DELETE") {
        release.assets = release.assets.filter((a) => a.id !== id);
        assetBytes.delete(id);
        return [204, undefined];
      }
      if (method === "GET" && String(request.headers.accept).includes("application/octet-stream")) {
        asset.download_count++;
        return [
          302,
          undefined,
          { location: `${asset.browser_download_url}?token=${randomBytes(6).toString("hex")}` },
        ];
      }
      if (method === "GET") return [200, asset];
    }
    m = rest.match(/^\/releases\/(\d+)(\/assets)?$/);
    if (m) {
      const release = releases.find((r) => r.id === Number(m![1]));
      if (!release) return notFound();
      if (m[2]) {
        const { body: items, link } = page(release.assets, url);
        return [200, items, link ? { link } : {}];
      }
      if (method === "GET") return [200, release];
      if (method === "DELETE") {
        releases.splice(releases.indexOf(release), 1);
        for (const asset of release.assets) assetBytes.delete(asset.id);
        return [204, undefined];
      }
      if (method === "PATCH") {
        const input = json() as Partial<Release>;
        if (input.name !== undefined) release.name = input.name;
        if (input.body !== undefined) release.body = input.body;
        if (input.draft === false && release.draft) {
          if (releases.some((r) => r !== release && r.tag_name === release.tag_name && !r.draft)) {
            return invalid("Release", "already_exists", "tag_name");
          }
          publish(release);
        }
        return [200, release];
      }
    }
    m = rest.match(/^\/pulls\/(\d+)$/);
    if (m && method === "GET") {
      const sha = pulls.get(Number(m[1]));
      if (!sha) return notFound();
      // The fields a client reads; the full pull-request object has many more.
      return [
        200,
        {
          number: Number(m[1]),
          state: "open",
          head: { sha, ref: "feature", repo: { full_name: `someone/${repo}` } },
          base: { ref: "main", repo: { full_name: `${owner}/${repo}` } },
        },
      ];
    }
    m = rest.match(/^\/issues\/(\d+)\/comments$/);
    if (m) {
      const issue = Number(m[1]);
      const list = comments.get(issue) ?? [];
      if (method === "GET") {
        const { body: items, link } = page(list, url);
        return [200, items, link ? { link } : {}];
      }
      if (method === "POST") {
        const onIssue = issues.find((i) => i.number === issue);
        if (onIssue && permissions.issues !== "write")
          return forbidden("issues/comments#create-an-issue-comment");
        const input = json() as { body?: string };
        if (!input.body) return invalid("IssueComment", "missing_field", "body");
        const id = nextId++;
        const comment: IssueComment = {
          id,
          node_id: `IC_${id}`,
          url: api(`/issues/comments/${id}`),
          body: input.body,
          html_url: `https://github.com/${owner}/${repo}/${onIssue ? "issues" : "pull"}/${issue}#issuecomment-${id}`,
          user,
          created_at: now(),
          updated_at: now(),
          issue_url: api(`/issues/${issue}`),
          author_association: "NONE",
        };
        comments.set(issue, [...list, comment]);
        if (onIssue) onIssue.comments++;
        return [201, comment];
      }
    }
    m = rest.match(/^\/issues\/comments\/(\d+)$/);
    if (m && method === "PATCH") {
      const comment = [...comments.values()].flat().find((c) => Number(c.id) === Number(m![1]));
      if (!comment) return notFound();
      comment.body = (json() as { body: string }).body;
      comment.updated_at = now();
      return [200, comment];
    }
    if (rest === "/check-runs" && method === "POST") {
      const input = json() as {
        name: string;
        head_sha: string;
        status?: CheckRun["status"];
        conclusion?: CheckRun["conclusion"];
        output?: { title?: string; summary?: string; text?: string };
        details_url?: string;
      };
      if (!input.name || !input.head_sha)
        return invalid("CheckRun", "missing_field", input.name ? "head_sha" : "name");
      if ((input.output?.summary?.length ?? 0) > 65535)
        return invalid(
          "CheckRun",
          "invalid",
          "output.summary",
          "summary is too long (maximum is 65535 characters)",
        );
      const id = nextId++;
      const run: CheckRun = {
        id,
        head_sha: input.head_sha,
        node_id: `CR_${id}`,
        external_id: null,
        url: api(`/check-runs/${id}`),
        html_url: `https://github.com/${owner}/${repo}/runs/${id}`,
        details_url: input.details_url ?? null,
        status: input.status ?? "queued",
        conclusion: input.conclusion ?? null,
        started_at: now(),
        completed_at: input.status === "completed" ? now() : null,
        output: {
          title: input.output?.title ?? null,
          summary: input.output?.summary ?? null,
          text: input.output?.text ?? null,
          annotations_count: 0,
          annotations_url: api(`/check-runs/${id}/annotations`),
        },
        name: input.name,
        check_suite: { id: 1 },
        app: null,
        pull_requests: [],
      };
      checkRuns.push(run);
      return [201, run];
    }
    if (rest === "/deployments" && method === "POST") {
      const input = json() as {
        ref: string;
        task?: string;
        environment?: string;
        payload?: unknown;
        description?: string;
        transient_environment?: boolean;
        production_environment?: boolean;
      };
      if (!tags.has(input.ref))
        return [
          422,
          { message: `No ref found for: ${input.ref}`, documentation_url: "https://docs.github.com/rest" },
        ];
      const id = nextId++;
      const deployment: Deployment = {
        url: api(`/deployments/${id}`),
        id,
        node_id: `DE_${id}`,
        sha: createHash("sha1").update(input.ref).digest("hex"),
        ref: input.ref,
        task: input.task ?? "deploy",
        payload: (input.payload ?? {}) as Deployment["payload"],
        original_environment: input.environment ?? "production",
        environment: input.environment ?? "production",
        description: input.description ?? null,
        creator: user,
        created_at: now(),
        updated_at: now(),
        statuses_url: api(`/deployments/${id}/statuses`),
        repository_url: `${base}${repoPath}`,
        transient_environment: input.transient_environment ?? false,
        production_environment:
          input.production_environment ?? (input.environment ?? "production") === "production",
      };
      deployments.push(deployment);
      environmentNamed(deployment.environment);
      return [201, deployment];
    }
    if (rest === "/deployments" && method === "GET") {
      const filters = ["task", "environment", "ref", "sha"] as const;
      const matching = deployments
        .filter((d) =>
          filters.every((f) => !url.searchParams.has(f) || String(d[f]) === url.searchParams.get(f)),
        )
        .sort((a, b) => Number(b.id) - Number(a.id));
      const { body: items, link } = page(matching, url);
      return [200, items, link ? { link } : {}];
    }
    m = rest.match(/^\/deployments\/(\d+)\/statuses$/);
    if (m) {
      const deployment = deployments.find((d) => Number(d.id) === Number(m![1]));
      if (!deployment) return notFound();
      const list = statuses.get(Number(deployment.id)) ?? [];
      if (method === "GET") {
        const { body: items, link } = page([...list].reverse(), url);
        return [200, items, link ? { link } : {}];
      }
      if (method === "POST") {
        const input = json() as {
          state?: DeploymentStatus["state"];
          description?: string;
          log_url?: string;
          target_url?: string;
          environment_url?: string;
          auto_inactive?: boolean;
        };
        if (!input.state || !DEPLOYMENT_STATUS_STATES.includes(input.state))
          return invalid("DeploymentStatus", input.state ? "invalid" : "missing_field", "state");
        if ((input.description?.length ?? 0) > 140)
          return invalid(
            "DeploymentStatus",
            "custom",
            "description",
            "description is too long (maximum is 140 characters)",
          );
        const status = addStatus(deployment, {
          ...input,
          state: input.state,
          log_url: input.log_url ?? input.target_url,
        });
        if (input.state === "success" && input.auto_inactive !== false) inactivatePrior(deployment);
        return [201, status];
      }
    }
    m = rest.match(/^\/environments\/([^/]+)$/);
    if (m && method === "GET") {
      const environment = environments.find((e) => e.name === decodeURIComponent(m![1]));
      return environment ? [200, environment] : notFound();
    }
    if (rest === "/environments" && method === "GET") {
      const { body: items, link } = page(environments, url);
      return [200, { total_count: environments.length, environments: items }, link ? { link } : {}];
    }
    m = rest.match(/^\/actions\/runs\/(\d+)\/approvals$/);
    if (m && method === "GET") {
      const approvals = runApprovals.get(Number(m[1]));
      return approvals ? [200, approvals] : notFound();
    }
    if (rest === "/issues" && method === "GET") {
      const state = url.searchParams.get("state") ?? "open";
      const wanted = (url.searchParams.get("labels") ?? "")
        .split(",")
        .map((l) => l.trim().toLowerCase())
        .filter(Boolean);
      const matching = issues
        .filter((i) => state === "all" || i.state === state)
        .filter((i) => wanted.every((w) => labelNames(i).includes(w)))
        .sort((a, b) => b.number - a.number);
      const { body: items, link } = page(matching, url);
      return [200, items, link ? { link } : {}];
    }
    if (rest === "/issues" && method === "POST") {
      if (permissions.issues !== "write") return forbidden("issues/issues#create-an-issue");
      const input = json() as { title?: unknown; body?: string; labels?: unknown[] };
      if (input.title === undefined || input.title === "") return invalid("Issue", "missing_field", "title");
      const number = Math.max(0, ...pulls.keys(), ...comments.keys(), ...issues.map((i) => i.number)) + 1;
      const id = nextId++;
      const issue: Issue = {
        id,
        node_id: `I_${id}`,
        url: api(`/issues/${number}`),
        repository_url: `${base}${repoPath}`,
        labels_url: api(`/issues/${number}/labels{/name}`),
        comments_url: api(`/issues/${number}/comments`),
        events_url: api(`/issues/${number}/events`),
        html_url: `https://github.com/${owner}/${repo}/issues/${number}`,
        number,
        state: "open",
        state_reason: null,
        title: String(input.title),
        body: input.body ?? null,
        user,
        labels: labelsNamed(input.labels),
        assignee: null,
        assignees: [],
        milestone: null,
        locked: false,
        comments: 0,
        closed_at: null,
        created_at: now(),
        updated_at: now(),
        author_association: "NONE",
      };
      issues.push(issue);
      return [201, issue];
    }
    m = rest.match(/^\/issues\/(\d+)$/);
    if (m) {
      const issue = issues.find((i) => i.number === Number(m![1]));
      if (!issue) return notFound();
      if (method === "GET") return [200, issue];
      if (method === "PATCH") {
        if (permissions.issues !== "write") return forbidden("issues/issues#update-an-issue");
        const input = json() as {
          title?: string;
          body?: string | null;
          state?: string;
          state_reason?: Issue["state_reason"];
          labels?: unknown[];
        };
        if (input.state !== undefined && input.state !== "open" && input.state !== "closed")
          return invalid("Issue", "invalid", "state");
        if (input.title !== undefined) issue.title = input.title;
        if (input.body !== undefined) issue.body = input.body;
        if (input.labels !== undefined) issue.labels = labelsNamed(input.labels);
        if (input.state === "closed" && issue.state === "open") {
          Object.assign(issue, {
            state: "closed",
            state_reason: input.state_reason ?? "completed",
            closed_at: now(),
            closed_by: user,
          });
        } else if (input.state === "open" && issue.state === "closed") {
          Object.assign(issue, { state: "open", state_reason: "reopened", closed_at: null, closed_by: null });
        }
        issue.updated_at = now();
        return [200, issue];
      }
    }
    return notFound();
  }

  const server: Server = createServer(async (request, response: ServerResponse) => {
    let body: Promise<Buffer> | undefined;
    const readBody = () => {
      body ??= (async () => {
        const chunks: Buffer[] = [];
        for await (const chunk of request) chunks.push(chunk as Buffer);
        return Buffer.concat(chunks);
      })();
      return body;
    };
    const url = new URL(request.url ?? "/", base);
    const method = request.method ?? "GET";
    const record = (status: number) => calls.push({ method, path: url.pathname, query: url.search, status });
    const send = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      record(status);
      if (Buffer.isBuffer(payload)) {
        response.writeHead(status, {
          "content-type": "application/octet-stream",
          "content-length": payload.length,
          ...headers,
        });
        response.end(payload);
        return;
      }
      const text = payload === undefined ? "" : JSON.stringify(payload);
      response.writeHead(status, {
        ...(text ? { "content-type": "application/json; charset=utf-8" } : {}),
        "x-github-api-version-selected": "2022-11-28",
        "x-ratelimit-limit": "1000",
        "x-ratelimit-remaining": "999",
        ...headers,
      });
      response.end(text);
    };
    const isDownload = url.pathname.startsWith("/download/");
    if (!isDownload) {
      const auth = request.headers.authorization ?? "";
      if (auth !== `token ${token}` && auth !== `Bearer ${token}`) {
        await readBody();
        return send(401, { message: "Bad credentials", documentation_url: "https://docs.github.com/rest" });
      }
    }
    const fault = faults.find(
      (f) => f.left > 0 && (!f.method || f.method === method) && f.path.test(url.pathname),
    );
    if (fault) {
      fault.left--;
      await readBody();
      if (fault.leaveStarterAsset) {
        const release = releases.find((r) => url.pathname.includes(`/releases/${r.id}/assets`));
        release?.assets.push(
          newAsset(url.searchParams.get("name") ?? "", "application/octet-stream", Buffer.alloc(0), "open"),
        );
      }
      return send(
        fault.status,
        fault.body ?? { message: `fault ${fault.status}`, documentation_url: "https://docs.github.com/rest" },
        fault.headers,
      );
    }
    try {
      if (!url.pathname.startsWith("/uploads/")) await held(method, url.pathname);
      const [status, payload, headers] = await route(method, url, request, readBody);
      send(status, payload, headers);
    } catch (error) {
      send(500, { message: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    owner,
    repo,
    token,
    calls,
    releases,
    deployments,
    assetBytes,
    comments,
    checkRuns,
    pulls,
    deploymentStatuses: statuses,
    environments,
    addEnvironment: (name, { reviewers } = {}) => environmentNamed(name, reviewers),
    runApprovals,
    approveRun: (runId, { environment, login, state = "approved", comment = "" }) => {
      const found = environmentNamed(environment);
      const approval: EnvironmentApprovals = {
        environments: [
          {
            id: Number(found.id),
            node_id: found.node_id,
            name: found.name,
            url: found.url,
            html_url: found.html_url,
            created_at: found.created_at,
            updated_at: found.updated_at,
          },
        ],
        state,
        user: userNamed(login),
        comment,
      };
      runApprovals.set(runId, [...(runApprovals.get(runId) ?? []), approval]);
      return approval;
    },
    issues,
    labels,
    permissions,
    fail: (fault) => faults.push({ ...fault, left: fault.times ?? 1 }),
    hold: (hold) => {
      let arrived = () => {};
      let release = () => {};
      const reached = new Promise<void>((resolve) => {
        arrived = resolve;
      });
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      holds.push({ ...hold, taken: false, arrived, gate });
      return { reached, release };
    },
    releaseProblems: (tag) => {
      const published = releases.filter((r) => r.tag_name === tag && !r.draft);
      const drafts = releases.filter((r) => r.tag_name === tag && r.draft);
      const problems = drafts.map((d) => `draft ${d.id} of ${tag} is left`);
      if (published.length !== 1) return [...problems, `${published.length} published releases of ${tag}`];
      const release = published[0];
      const bytesOf = (name: string) => {
        const asset = release.assets.find((a) => a.name === name);
        return asset && assetBytes.get(asset.id);
      };
      const sums = new Map<string, string>();
      for (const line of (bytesOf("SHA256SUMS")?.toString("utf8") ?? "").split("\n").filter(Boolean))
        sums.set(line.slice(66), line.slice(0, 64));
      if (sums.size === 0) problems.push("no SHA256SUMS");
      for (const [name, sum] of sums) {
        const bytes = bytesOf(name);
        if (!bytes) problems.push(`${name} is listed but not attached`);
        else if (createHash("sha256").update(bytes).digest("hex") !== sum) problems.push(`${name} differs`);
      }
      for (const asset of release.assets) {
        if (asset.name !== "SHA256SUMS" && !sums.has(asset.name))
          problems.push(`${asset.name} is not listed`);
        if (asset.state !== "uploaded") problems.push(`${asset.name} is ${asset.state}`);
      }
      const manifest = bytesOf("manifest.json");
      const model =
        manifest && (JSON.parse(manifest.toString("utf8")) as { model: { sha256: string } }).model;
      if (model && sums.has("model.onnx") && sums.get("model.onnx") !== model.sha256)
        problems.push("model.onnx is not the manifest's");
      return problems;
    },
    attach: (releaseId, name, bytes) => {
      const release = releases.find((r) => r.id === releaseId);
      if (!release) throw new Error(`no release ${releaseId}`);
      const asset = newAsset(name, "application/octet-stream", bytes, "uploaded");
      release.assets.push(asset);
      return asset;
    },
    resetCalls: () => {
      calls.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
