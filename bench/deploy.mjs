#!/usr/bin/env node
// Rollout figures (issue 12, "Speed and cost"), written to bench/results/deploy.json (part of
// `npm run bench`; it can run on its own after `npm run build`):
//
//   node bench/deploy.mjs        # ~1 minute on 2 cores
//
// Everything runs as users run it: `mlship serve` (the built CLI) loading its models from a GitHub
// registry (the tests' fake GitHub, in another process, counting every REST request), a load generator
// in this process (BENCH_DEPLOY_CONCURRENCY requests in flight, one 10-row v1 predict body each), and
// `mlship deploy` run as a whole process against both, with a 1 s analysis interval and the default checks.
//
// (a) REST requests per step (target ≤ 2): two good candidates rolled out by canary, one in 2 analysed
//     steps (10,50,100), one in 4 (10,25,50,75,100), after a first one (the first rollout of an
//     environment has no earlier deployment to look at); the requests each rollout made to GitHub (its
//     deployment, statuses, incident look-up), counted by the fake GitHub. The difference of the two is
//     the cost of 2 steps; the rest is the cost of a rollout. The server's own requests (loading the
//     candidate's release) are counted apart (otherRequests).
// (b) Decision latency: a bad candidate (every coefficient negated: its predictions flip) rolled out by
//     canary, BENCH_DEPLOY_REPEATS times; from the first answer the candidate gave to the last (the load
//     generator reads each answer's x-model-version), i.e. from the moment it starts failing until traffic
//     is back on stable. Its floor is the interval (1 s): the step must run before it is judged.
// (c) Analysis cost per step against the server's stats, ten checks: reading the figures
//     (GET /admin/models/{name}/stats over HTTP) and judging them, BENCH_DEPLOY_ANALYSES times, while
//     traffic is split 50/50 (target < 50 ms).
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { bundleEntry } from "./lib/bundle.mjs";
import { machine } from "./lib/machine.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const OUT = join(here, "results", "deploy.json");
const cli = resolve(root, process.env.BENCH_CLI ?? "dist/cli/index.js");
const number = (name, fallback) => (process.env[name] === undefined ? fallback : Number(process.env[name]));
const config = {
  concurrency: number("BENCH_DEPLOY_CONCURRENCY", 8),
  repeats: number("BENCH_DEPLOY_REPEATS", 3),
  analyses: number("BENCH_DEPLOY_ANALYSES", 30),
  interval: "1s",
  /** Two good canaries, of 2 and 4 analysed steps: the difference is the cost of 2 steps. */
  shortSteps: "10,50,100",
  longSteps: "10,25,50,75,100",
};
const ADMIN_TOKEN = "bench-admin-token";
const log = (...args) => console.error("[bench:deploy]", ...args);
const round = (x, digits = 4) => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? Number.NaN
    : s.length % 2
      ? s[(s.length - 1) / 2]
      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const started = machine(root);
log("bundling bench/deploy-entry.ts with ncc ...");
const entry = bundleEntry(root, "bench/deploy-entry.ts", join(here, ".build", "deploy-entry"));
const work = mkdtempSync(join(tmpdir(), "mlship-bench-deploy-"));
const lastJson = (text) => JSON.parse(text.trim().split("\n").at(-1));

/** The fake GitHub, in its own process; `calls()` reads the requests it counted since `reset()`. */
async function startGitHub() {
  const child = spawn(process.execPath, [entry, "github"], { stdio: ["pipe", "pipe", "inherit"] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on("line", (line) => waiting.shift()?.(JSON.parse(line)));
  const next = () => new Promise((resolve) => waiting.push(resolve));
  const info = await next();
  const ask = (command) => {
    const answer = next();
    child.stdin.write(`${command}\n`);
    return answer;
  };
  return {
    ...info,
    reset: () => ask("reset"),
    calls: async () => (await ask("calls")).calls,
    stop: () => child.stdin.end(),
  };
}

const github = await startGitHub();
const env = {
  ...process.env,
  NO_COLOR: "1",
  GITHUB_TOKEN: github.token,
  GITHUB_API_URL: github.url,
  GITHUB_REPOSITORY: github.repository,
  MLSHIP_ADMIN_TOKEN: ADMIN_TOKEN,
};
const registry = `github:${github.repository}`;
/** The CLI as a whole process, without blocking this one: the load generator runs meanwhile. */
const mlship = (args) =>
  new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cli, ...args], { cwd: work, env });
    let stdout = "";
    let stderr = "";
    /** Each line of the log with the moment it came (performance.now() of this process). */
    const lines = [];
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
      for (const line of String(chunk).trim().split("\n")) lines.push({ t: performance.now(), line });
    });
    child.on("error", reject);
    child.on("close", (status) =>
      resolvePromise({ status, stdout, stderr, lines, seconds: (performance.now() - t0) / 1000 }),
    );
  });

let server;
let result;
try {
  const made = spawnSync(
    process.execPath,
    [entry, "models", join(root, "test/fixtures/models/binary-linear-zipmap.onnx"), join(work, "models")],
    { encoding: "utf8" },
  );
  if (made.status !== 0) throw new Error(`deploy-entry models failed: ${made.stderr}`);
  const versions = [
    ["1.0.0", "good-1.onnx"],
    ["1.1.0", "good-2.onnx"],
    ["1.2.0", "drifted.onnx"],
    ["1.3.0", "good-3.onnx"],
  ];
  for (const [version, file] of versions) {
    log(`mlship package churn@${version} (${file}) into ${registry} ...`);
    const packed = await mlship([
      "package",
      "--model",
      join(work, "models", file),
      "--name",
      "churn",
      "--version",
      version,
      "--registry",
      registry,
    ]);
    if (packed.status !== 0) throw new Error(`mlship package ${version} failed: ${packed.stderr}`);
  }

  server = await startServe();
  log(`mlship serve at ${server.url}; load: ${config.concurrency} requests in flight`);
  const load = startLoad(server.url, config.concurrency);
  try {
    await sleep(1000);
    const costs = await economy();
    const decisions = [];
    for (let i = 0; i < config.repeats; i++) decisions.push(await badRollout(load, i));
    const analysis = await analysisCost(server.url);
    result = { economy: costs, decisions, analysis, load: load.summary() };
  } finally {
    await load.stop();
  }
} finally {
  server?.child.kill("SIGTERM");
  github.stop();
  rmSync(work, { recursive: true, force: true });
}

const latencies = result.decisions.map((d) => d.decisionSeconds);
const summary = {
  restRequestsPerStep: result.economy.requestsPerStep,
  restRequestsPerRollout: result.economy.requestsPerRollout,
  restTarget: "≤ 2 per step",
  decisionLatencySeconds: { median: round(median(latencies)), max: round(Math.max(...latencies)) },
  decisionFloorSeconds: 1,
  analysisMs: result.analysis.totalMs,
  analysisTarget: "< 50 ms for 10 checks",
};
log(
  `REST requests per step: ${summary.restRequestsPerStep} (target ≤ 2), ${summary.restRequestsPerRollout} more per rollout; decision latency median ${summary.decisionLatencySeconds.median} s (1 s interval); analysis ${summary.analysisMs.median} ms median, ${summary.analysisMs.p95} ms p95 for 10 checks (target < 50 ms)`,
);
mkdirSync(dirname(OUT), { recursive: true });
const temp = `${OUT}.${process.pid}.tmp`;
writeFileSync(
  temp,
  `${JSON.stringify({ benchmark: "deploy", machine: started, config, summary, ...result }, null, 2)}\n`,
);
renameSync(temp, OUT);
log(`wrote ${OUT}`);

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function startServe() {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(
      process.execPath,
      [cli, "serve", "--port", "0", "--registry", registry, "--model", "churn@1.0.0"],
      { cwd: work, env, stdio: ["ignore", "pipe", "pipe"] },
    );
    // Both pipes are read to the end: a full pipe would stall the server.
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const found = /^listening on (http:\/\/\S+)$/m.exec(stdout);
      if (found) resolvePromise({ url: found[1], child });
    });
    child.on("exit", (code) => reject(new Error(`mlship serve exited ${code}: ${stderr}`)));
  });
}

/** Requests in flight all the time; each answer's time and version kept. */
function startLoad(url, concurrency) {
  const rows = Array.from({ length: 10 }, (_, i) => {
    const x = i / 5 - 1;
    return [x, -x / 2, x * 0.3];
  });
  const body = JSON.stringify({ instances: rows });
  const answers = [];
  let failed = 0;
  let running = true;
  const worker = async () => {
    while (running) {
      try {
        const response = await fetch(`${url}/v1/models/churn:predict`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body,
        });
        await response.arrayBuffer();
        if (!response.ok) failed++;
        answers.push({ t: performance.now(), version: response.headers.get("x-model-version") });
      } catch {
        failed++;
      }
    }
  };
  const workers = Array.from({ length: concurrency }, worker);
  const t0 = performance.now();
  return {
    answers,
    since: (t) => answers.filter((a) => a.t >= t),
    summary: () => ({
      requests: answers.length,
      failed,
      perSecond: round(answers.length / ((performance.now() - t0) / 1000)),
    }),
    stop: async () => {
      running = false;
      await Promise.all(workers);
    },
  };
}

function deployArgs(version, extra = []) {
  return [
    "deploy",
    "--name",
    "churn",
    "--version",
    version,
    "--env",
    "production",
    "--strategy",
    "canary",
    "--interval",
    config.interval,
    "--target",
    `server:${url()}`,
    "--registry",
    registry,
    ...extra,
  ];
}
function url() {
  return server.url;
}

function rolloutCall(call) {
  return /\/deployments|\/issues|\/environments/.test(call.path);
}

/** A good canary of `version`: the rollout's requests to GitHub, by route. */
async function goodRollout(version, steps) {
  await github.reset();
  const run = await mlship(deployArgs(version, ["--steps", steps]));
  if (run.status !== 0) throw new Error(`good canary exited ${run.status}: ${run.stderr}`);
  const calls = await github.calls();
  const rollout = calls.filter(rolloutCall);
  const byRoute = {};
  for (const call of rollout) {
    const route = `${call.method} ${call.path.replace(/\/\d+/g, "/{id}").replace(/^\/repos\/[^/]+\/[^/]+/, "")}`;
    byRoute[route] = (byRoute[route] ?? 0) + 1;
  }
  const analysed = steps.split(",").length - 1;
  log(
    `good canary of ${version}: ${rollout.length} rollout requests, ${analysed} analysed steps, ${run.seconds.toFixed(1)} s`,
  );
  return {
    version,
    steps,
    analysedSteps: analysed,
    cliSeconds: round(run.seconds),
    rolloutRequests: rollout.length,
    byRoute,
    otherRequests: calls.length - rollout.length,
  };
}

/** Requests per analysed step: the difference between a long and a short canary; the rest is per rollout. */
async function economy() {
  // The first rollout of an environment finds no earlier deployment to look at: it is one request
  // cheaper than the next ones, so it is run first and kept apart.
  const first = await goodRollout("1.1.0", config.shortSteps);
  const long = await goodRollout("1.3.0", config.longSteps);
  const short = await goodRollout("1.1.0", config.shortSteps);
  const perStep = (long.rolloutRequests - short.rolloutRequests) / (long.analysedSteps - short.analysedSteps);
  return {
    requestsPerStep: round(perStep),
    requestsPerRollout: round(short.rolloutRequests - perStep * short.analysedSteps),
    rollouts: [first, long, short],
    otherNote:
      "otherRequests: not the rollout's records: the server loading the candidate's release (release, assets) and the CLI resolving the version",
  };
}

async function badRollout(load, i) {
  const t0 = performance.now();
  const run = await mlship(deployArgs("1.2.0", ["--steps", "10,50,100"]));
  if (run.status !== 1) throw new Error(`bad canary exited ${run.status} (expected 1): ${run.stderr}`);
  // Answers still in flight when the CLI returned.
  await sleep(200);
  const bad = load.since(t0).filter((a) => a.version === "1.2.0");
  if (bad.length === 0) throw new Error("the bad candidate answered no request");
  const decision = (bad.at(-1).t - bad[0].t) / 1000;
  log(
    `bad canary ${i + 1}: rolled back ${decision.toFixed(2)} s after its first answer (${bad.length} answers; CLI ${run.seconds.toFixed(1)} s)`,
  );
  return {
    decisionSeconds: round(decision),
    candidateAnswers: bad.length,
    cliSeconds: round(run.seconds),
    firstLine: run.stdout.trim().split("\n")[0],
    /** The engine's log, each line at its time in seconds after the candidate's first answer. */
    log: run.lines.map(({ t, line }) => `${((t - bad[0].t) / 1000).toFixed(3)} s  ${line}`),
  };
}

async function analysisCost(url) {
  const put = await fetch(`${url}/admin/models/churn/rollout`, {
    method: "PUT",
    headers: { "content-type": "application/json", authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({ strategy: "canary", stable: "1.1.0", candidate: "1.0.0", weight: 50 }),
  });
  if (!put.ok) throw new Error(`PUT rollout answered ${put.status}: ${await put.text()}`);
  await sleep(3000);
  const run = spawnSync(
    process.execPath,
    [entry, "analysis", url, ADMIN_TOKEN, "churn", "1.1.0", "1.0.0", String(config.analyses)],
    { encoding: "utf8" },
  );
  if (run.status !== 0) throw new Error(`deploy-entry analysis failed: ${run.stderr}`);
  const figures = lastJson(run.stdout);
  const total = figures.readMs.map((r, k) => r + figures.judgeMs[k]);
  const stat = (xs) => ({
    median: round(median(xs), 3),
    p95: round(quantile(xs, 0.95), 3),
    max: round(Math.max(...xs), 3),
  });
  // The first reads warm up the connection and V8; they are kept in `max`.
  return {
    checks: figures.checks,
    verdict: figures.verdict,
    repeats: total.length,
    readMs: stat(figures.readMs),
    judgeMs: stat(figures.judgeMs),
    totalMs: stat(total),
  };
}
