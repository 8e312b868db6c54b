#!/usr/bin/env node
// Serving speed of `mlship serve` (issue 11, "Speed"), written to bench/results/serve.json (part of
// `npm run bench`; it can run on its own after `npm run build`):
//
//   node bench/serve.mjs                                                    # ~5 minutes
//   BENCH_SERVE_SECONDS=1 BENCH_SERVE_WARMUP=1 BENCH_SERVE_RSS_SECONDS=5 node bench/serve.mjs   # smoke run
//
// Two models, trained here with the built CLI: the churn model (builtin:logistic on
// examples/data/churn-reference.csv with examples/mlship.yml, as the demo's production model: seven
// per-column inputs, four numeric and three string) and a breast-cancer builtin:gbdt (30 numeric
// per-column inputs, examples/data/breast-cancer/breast-cancer-train.csv). Each request is one Open
// Inference Protocol v2 infer body of one row; BENCH_SERVE_BODIES rows of the example data (the churn
// rows with every numeric value present; the breast-cancer test rows) are rotated.
//
// Servers, all started before the first cell and serving both models, each in its own process:
//   bare        bench/serve-bare.mjs: node:http + JSON.parse + tensors + one session.run per request
//   default     mlship serve (batching on: --max-delay-ms 2, metrics and stats on), as users run it
//   nobatch     mlship serve --max-delay-ms 0 (each request runs alone; metrics and stats on)
//   nometrics   mlship serve --max-delay-ms 0 --no-metrics (routing only: no metrics, stats, feedback)
// For each model and concurrency (1, 16, 64) the four servers are measured close in time, so that
// other load on the machine hits them alike: each warmed up for BENCH_SERVE_WARMUP seconds, then
// BENCH_SERVE_ROUNDS rounds in alternating order (forward, backward, …) of BENCH_SERVE_SECONDS /
// BENCH_SERVE_ROUNDS seconds each, measured with autocannon (in this process: the load generator
// shares the machine's cores with the server) and taken together. Latencies are autocannon's
// per-response times in ms (kept here at full resolution: its own histogram counts whole
// milliseconds). Any error, timeout or non-2xx answer fails the bench.
//
// Then the RSS run: a fresh `mlship serve` (default settings) under load at concurrency 16 for
// BENCH_SERVE_RSS_SECONDS seconds, both models' bodies alternating, its VmRSS (/proc/<pid>/status)
// sampled every second: first, last, max, and the least-squares slope over the second half. Then the
// same run again with the server's V8 old space capped (BENCH_SERVE_RSS_HEAP_MIB, 192): V8 grows its
// heap lazily while it may, so only a capped run tells live data (bounded or not) from garbage.
//
// Env: BENCH_SERVE_SECONDS (8), BENCH_SERVE_ROUNDS (2), BENCH_SERVE_WARMUP (2),
// BENCH_SERVE_RSS_SECONDS (60), BENCH_SERVE_BODIES (16), BENCH_CLI (dist/cli/index.js), BENCH_NOTE (a note recorded beside the
// figures).
import { spawn, spawnSync } from "node:child_process";
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import autocannon from "autocannon";
import { parse } from "csv-parse/sync";
import { machine } from "./lib/machine.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const env = (name, fallback) => (process.env[name] === undefined ? fallback : Number(process.env[name]));
const config = {
  seconds: env("BENCH_SERVE_SECONDS", 8),
  warmupSeconds: env("BENCH_SERVE_WARMUP", 2),
  rssSeconds: env("BENCH_SERVE_RSS_SECONDS", 60),
  bodies: env("BENCH_SERVE_BODIES", 16),
  rounds: env("BENCH_SERVE_ROUNDS", 2),
  rssHeapMiB: env("BENCH_SERVE_RSS_HEAP_MIB", 192),
  concurrency: [1, 16, 64],
  rssConcurrency: 16,
};
const cli = resolve(root, process.env.BENCH_CLI ?? "dist/cli/index.js");
const OUT = join(here, "results", "serve.json");
const MiB = 2 ** 20;

const log = (...args) => console.error("[bench:serve]", ...args);
const round = (x, digits = 4) => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);

/** Trains the two models with the built CLI; returns name → model.onnx path (named after the model). */
function trainModels(work) {
  const train = (name, args) => {
    log(`mlship train ${name} ...`);
    const out = join(work, `train-${name}`);
    const result = spawnSync(process.execPath, [cli, "train", ...args, "--no-cache", "--out", out], {
      cwd: work,
      encoding: "utf8",
    });
    if (result.status !== 0)
      throw new Error(`mlship train ${name} exited ${result.status}:\n${result.stderr}`);
    // A local model is served as <file stem>@0.0.0-local.
    const file = join(work, `${name}.onnx`);
    copyFileSync(join(out, "model.onnx"), file);
    return file;
  };
  return {
    churn: train("churn", ["--config", join(root, "examples/mlship.yml"), "--trainer", "builtin:logistic"]),
    "breast-cancer": train("breast-cancer", [
      "--trainer",
      "builtin:gbdt",
      "--data",
      join(root, "examples/data/breast-cancer/breast-cancer-train.csv"),
      "--label",
      "malignant",
    ]),
  };
}

/** Starts a server process and resolves once it prints `listening on http://…`. */
function startServer(name, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
      const match = /^listening on (http:\/\/\S+)$/m.exec(stdout);
      if (!match) return;
      child.stdout.removeAllListeners("data");
      child.stdout.resume();
      resolve({
        name,
        url: match[1],
        pid: child.pid,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null) return done(child.exitCode);
            child.once("exit", (code) => done(code));
            child.kill("SIGTERM");
          }),
      });
    });
    child.once("exit", (code) =>
      reject(new Error(`${name} exited (${code}) before listening:\n${stderr.slice(-2000)}`)),
    );
  });
}

/** Open Inference Protocol v2 bodies of one row each, by the model's inputs (GET /v2/models/{name}). */
async function inferBodies(url, model, rows) {
  const metadata = await (await fetch(`${url}/v2/models/${model}`)).json();
  return rows.slice(0, config.bodies).map((row, i) =>
    JSON.stringify({
      id: `bench-${i}`,
      inputs: metadata.inputs.map((input) => {
        const raw = row[input.name];
        if (raw === undefined) throw new Error(`${model}: the example rows have no column ${input.name}`);
        return {
          name: input.name,
          datatype: input.datatype,
          shape: [1, 1],
          data: [input.datatype === "BYTES" ? raw : Number(raw)],
        };
      }),
    }),
  );
}

function exampleRows() {
  const read = (file) => parse(readFileSync(join(root, file)), { columns: true, skip_empty_lines: true });
  const numeric = ["tenure_months", "monthly_charges", "total_charges", "support_calls"];
  return {
    churn: read("examples/data/churn-reference.csv").filter((row) =>
      numeric.every((name) => row[name] !== "" && Number.isFinite(Number(row[name]))),
    ),
    "breast-cancer": read("examples/data/breast-cancer/breast-cancer-test.csv"),
  };
}

/** The `q` quantile (nearest rank) of sorted values. */
const quantile = (sorted, q) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/** One autocannon run: requests/s, p50 and p99 latency (ms), errors. */
async function load(requests, connections, seconds, onTick) {
  const latencies = [];
  const instance = autocannon({
    url: requests.url,
    connections,
    duration: seconds,
    requests: requests.bodies.map((body, i) => ({
      method: "POST",
      path: requests.paths[i % requests.paths.length],
      headers: { "content-type": "application/json" },
      body,
    })),
  });
  instance.on("response", (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  const ticker = onTick ? setInterval(onTick, 1000) : undefined;
  try {
    const result = await instance;
    return summary(latencies, {
      requests: result.requests.total,
      seconds: result.duration,
      errors: result.errors + result.timeouts + result.non2xx,
      non2xx: result.non2xx,
    });
  } finally {
    if (ticker) clearInterval(ticker);
  }
}

/** Figures of a run from its counts and its response times (kept aside, out of the JSON). */
function summary(latencies, counts) {
  latencies.sort((a, b) => a - b);
  const figures = {
    requests: counts.requests,
    seconds: counts.seconds,
    requestsPerSecond: counts.requests / counts.seconds,
    p50Ms: quantile(latencies, 0.5),
    p99Ms: quantile(latencies, 0.99),
    errors: counts.errors,
    non2xx: counts.non2xx,
  };
  Object.defineProperty(figures, "latencies", { value: latencies, enumerable: false });
  return figures;
}

/** The figures of several runs of one server taken together. */
function combine(runs) {
  const sum = (key) => runs.reduce((total, run) => total + run[key], 0);
  const figures = summary(
    runs.flatMap((run) => run.latencies),
    { requests: sum("requests"), seconds: sum("seconds"), errors: sum("errors"), non2xx: sum("non2xx") },
  );
  figures.rounds = runs.length;
  return figures;
}

function checkClean(figures, what) {
  if (figures.errors > 0 || figures.requests === 0) {
    throw new Error(
      `${what}: ${figures.errors} errors (${figures.non2xx} non-2xx) in ${figures.requests} requests: the figures are not valid`,
    );
  }
}

function vmRssBytes(pid) {
  const kb = /^VmRSS:\s+(\d+)\s+kB$/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) * 1024;
}

/** Least-squares slope of y over x. */
function slope(xs, ys) {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

const VARIANTS = {
  bare: "bench/serve-bare.mjs: node:http, JSON.parse, tensors, one session.run per request",
  default: "mlship serve (defaults: batching --max-delay-ms 2, metrics and stats on)",
  nobatch: "mlship serve --max-delay-ms 0 (no batching; metrics and stats on)",
  nometrics: "mlship serve --max-delay-ms 0 --no-metrics (no batching; no metrics, stats or feedback)",
};

function serverArgs(variant, models) {
  if (variant === "bare") {
    return [join(here, "serve-bare.mjs"), ...Object.entries(models).map(([name, file]) => `${name}=${file}`)];
  }
  const args = [cli, "serve", "--port", "0"];
  for (const file of Object.values(models)) args.push("--model", file);
  if (variant !== "default") args.push("--max-delay-ms", "0");
  if (variant === "nometrics") args.push("--no-metrics");
  return args;
}

async function benchCells(models, bodies) {
  const servers = {};
  try {
    for (const variant of Object.keys(VARIANTS)) {
      servers[variant] = await startServer(variant, serverArgs(variant, models));
    }
    const cells = {};
    const variants = Object.keys(servers);
    for (const model of Object.keys(models)) {
      cells[model] = {};
      for (const c of config.concurrency) {
        const runs = Object.fromEntries(variants.map((variant) => [variant, []]));
        const requestsOf = (variant) => ({
          url: servers[variant].url,
          paths: [`/v2/models/${model}/infer`],
          bodies: bodies[model],
        });
        for (const variant of variants) {
          if (config.warmupSeconds > 0)
            checkClean(await load(requestsOf(variant), c, config.warmupSeconds), `${variant} warm-up`);
        }
        // Rounds in alternating order (forward, then backward…), so that a drift of the machine's
        // speed during a cell, or the order itself, does not favour one server.
        for (let round = 0; round < config.rounds; round++) {
          const order = round % 2 === 0 ? variants : [...variants].reverse();
          for (const variant of order) {
            const figures = await load(requestsOf(variant), c, config.seconds / config.rounds);
            checkClean(figures, `${model} ${variant} c=${c}`);
            runs[variant].push(figures);
          }
        }
        cells[model][c] = {};
        for (const variant of variants) {
          const figures = combine(runs[variant]);
          log(
            `${model} c=${c} ${variant}: ${round(figures.requestsPerSecond)} req/s, p50 ${round(figures.p50Ms, 3)} ms, p99 ${round(figures.p99Ms, 3)} ms`,
          );
          cells[model][c][variant] = figures;
        }
      }
    }
    return cells;
  } finally {
    for (const server of Object.values(servers)) await server.stop();
  }
}

/**
 * The RSS run. With `heapMiB`, the server runs with V8's old space capped at that size: what its
 * RSS does when V8 must collect rather than grow, which tells live data from garbage not yet collected.
 */
async function benchRss(models, bodies, heapMiB) {
  const heap = heapMiB === undefined ? [] : [`--max-old-space-size=${heapMiB}`];
  const server = await startServer("rss", [...heap, ...serverArgs("default", models)]);
  try {
    const names = Object.keys(models);
    const requests = {
      url: server.url,
      paths: names.flatMap((name) => bodies[name].map(() => `/v2/models/${name}/infer`)),
      bodies: names.flatMap((name) => bodies[name]),
    };
    const start = Date.now();
    const samples = [{ seconds: 0, bytes: vmRssBytes(server.pid) }];
    log(
      `RSS run: c=${config.rssConcurrency} for ${config.rssSeconds} s${heapMiB ? `, old space capped at ${heapMiB} MiB` : ""} ...`,
    );
    const figures = await load(requests, config.rssConcurrency, config.rssSeconds, () =>
      samples.push({ seconds: (Date.now() - start) / 1000, bytes: vmRssBytes(server.pid) }),
    );
    samples.push({ seconds: (Date.now() - start) / 1000, bytes: vmRssBytes(server.pid) });
    checkClean(figures, "RSS run");
    const half = samples.filter((s) => s.seconds >= config.rssSeconds / 2);
    const mib = samples.map((s) => s.bytes / MiB);
    return {
      server: VARIANTS.default,
      ...(heapMiB === undefined ? {} : { nodeOptions: heap[0] }),
      concurrency: config.rssConcurrency,
      load: figures,
      firstMiB: mib[0],
      lastMiB: mib.at(-1),
      maxMiB: Math.max(...mib),
      secondHalfSlopeMiBPerMinute:
        slope(
          half.map((s) => s.seconds),
          half.map((s) => s.bytes / MiB),
        ) * 60,
      samples: samples.map((s) => [round(s.seconds, 4), round(s.bytes / MiB, 5)]),
    };
  } finally {
    await server.stop();
  }
}

/** The issue's targets, each met or not, from the figures. */
function targets(cells, rss) {
  const perModel = (f) => Object.fromEntries(Object.entries(cells).map(([model, byC]) => [model, f(byC)]));
  const cost = (on, off) => 1 - on.requestsPerSecond / off.requestsPerSecond;
  const p99 = perModel((byC) => ({
    default: byC[1].default.p99Ms / byC[1].bare.p99Ms,
    nobatch: byC[1].nobatch.p99Ms / byC[1].bare.p99Ms,
  }));
  const batching = perModel((byC) => byC[64].default.requestsPerSecond / byC[64].bare.requestsPerSecond);
  const stats = perModel((byC) =>
    Object.fromEntries(config.concurrency.map((c) => [c, cost(byC[c].nobatch, byC[c].nometrics)])),
  );
  const framework = perModel((byC) =>
    Object.fromEntries(config.concurrency.map((c) => [c, cost(byC[c].nometrics, byC[c].bare)])),
  );
  const all = (object, ok) => Object.values(object).every(ok);
  return {
    p99AtC1OverBare: {
      target: "mlship serve's p99 at concurrency 1 ≤ 1.2× the bare server's (default settings)",
      ratio: p99,
      met: all(p99, (r) => r.default <= 1.2),
    },
    throughputAtC64WithBatchingOverBare: {
      target: "throughput at concurrency 64 with dynamic batching (default settings) ≥ 2× the bare server's",
      ratio: batching,
      met: all(batching, (r) => r >= 2),
    },
    metricsAndStatsCost: {
      target:
        "routing + metrics + stats cost ≤ 10% of throughput against the same server with them off: 1 - req/s(nobatch) / req/s(nometrics), both without batching, per concurrency",
      cost: stats,
      met: all(stats, (byC) => all(byC, (c) => c <= 0.1)),
    },
    frameworkCostOverBare: {
      target:
        "fastify is kept unless it costs > 10% against node:http: 1 - req/s(nometrics) / req/s(bare), per concurrency. This bounds fastify's cost from above: mlship's route also checks the body against the model's signature, routes by rollout and runs the model layer's predict (labels, probabilities)",
      cost: framework,
      met: all(framework, (byC) => all(byC, (c) => c <= 0.1)),
    },
    rssFlat: rss
      ? {
          target:
            "RSS flat over the run: the least-squares slope of VmRSS over the second half within ±1 MiB/min",
          slopeMiBPerMinute: rss.secondHalfSlopeMiBPerMinute,
          met: Math.abs(rss.secondHalfSlopeMiBPerMinute) <= 1,
        }
      : undefined,
  };
}

function table(cells) {
  const rows = [];
  for (const [model, byC] of Object.entries(cells)) {
    for (const [c, byVariant] of Object.entries(byC)) {
      for (const [variant, f] of Object.entries(byVariant)) {
        rows.push([model, c, variant, round(f.requestsPerSecond, 4), round(f.p50Ms, 3), round(f.p99Ms, 3)]);
      }
    }
  }
  return [
    "| model | concurrency | server | req/s | p50 ms | p99 ms |",
    "|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.join(" | ")} |`),
  ].join("\n");
}

async function main() {
  if (!existsSync(cli)) throw new Error(`${relative(root, cli)} is missing: run npm run build first`);
  const started = machine(root);
  const work = mkdtempSync(join(tmpdir(), "mlship-bench-serve-"));
  try {
    const models = trainModels(work);
    const rows = exampleRows();
    // The bodies, from the inputs the server reports for each model.
    const probe = await startServer("probe", serverArgs("nometrics", models));
    const bodies = {};
    try {
      for (const model of Object.keys(models))
        bodies[model] = await inferBodies(probe.url, model, rows[model]);
    } finally {
      await probe.stop();
    }
    const cells = await benchCells(models, bodies);
    const rss = config.rssSeconds > 0 ? await benchRss(models, bodies) : undefined;
    const rssCappedHeap =
      config.rssSeconds > 0 ? await benchRss(models, bodies, config.rssHeapMiB) : undefined;
    const result = {
      machine: started,
      ...(process.env.BENCH_NOTE ? { note: process.env.BENCH_NOTE } : {}),
      loadGenerator: `autocannon ${JSON.parse(readFileSync(join(root, "node_modules/autocannon/package.json"), "utf8")).version}, in the bench's own process on the same machine as the servers: it competes with them for the cores`,
      config,
      servers: VARIANTS,
      models: {
        churn:
          "builtin:logistic on examples/data/churn-reference.csv (examples/mlship.yml): 7 per-column inputs (4 FP32, 3 BYTES)",
        "breast-cancer":
          "builtin:gbdt on examples/data/breast-cancer/breast-cancer-train.csv: 30 per-column FP32 inputs",
      },
      request:
        "POST /v2/models/{name}/infer, one row per request (Open Inference Protocol v2), rotated over the bodies",
      cells,
      rss,
      rssCappedHeap,
      targets: targets(cells, rss),
      finished: new Date().toISOString(),
    };
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(`${OUT}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
    renameSync(`${OUT}.tmp`, OUT);
    console.log(table(cells));
    for (const [name, t] of Object.entries(result.targets))
      if (t) log(`${name}: ${t.met ? "met" : "NOT met"}`);
    log(`wrote ${relative(root, OUT)}`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(`[bench:serve] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
