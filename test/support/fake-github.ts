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
        const input = json() as { body?: string };
        if (!input.body) return invalid("IssueComment", "missing_field", "body");
        const id = nextId++;
        const comment: IssueComment = {
          id,
          node_id: `IC_${id}`,
          url: api(`/issues/comments/${id}`),
          body: input.body,
          html_url: `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${id}`,
          user,
          created_at: now(),
          updated_at: now(),
          issue_url: api(`/issues/${issue}`),
          author_association: "NONE",
        };
        comments.set(issue, [...list, comment]);
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
        transient_environment: false,
        production_environment: (input.environment ?? "production") === "production",
      };
      deployments.push(deployment);
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
        const input = json() as { state: DeploymentStatus["state"]; description?: string };
        const id = nextId++;
        const status: DeploymentStatus = {
          url: `${deployment.url}/statuses/${id}`,
          id,
          node_id: `DES_${id}`,
          state: input.state,
          creator: user,
          description: input.description ?? "",
          environment: deployment.environment,
          target_url: "",
          created_at: now(),
          updated_at: now(),
          deployment_url: deployment.url,
          repository_url: deployment.repository_url,
        };
        statuses.set(Number(deployment.id), [...list, status]);
        return [201, status];
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
