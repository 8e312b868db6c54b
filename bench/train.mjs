#!/usr/bin/env node
// Training and inference speed of the built-in trainers (issue 3 §7), written to
// bench/results/train.json (part of `npm run bench`; it can run on its own):
//
//   node bench/train.mjs                                   # full sizes (~3 minutes on 2 cores)
//   BENCH_TRAIN_ROWS=100000 BENCH_INFER_ROWS=100000 node bench/train.mjs   # quick run
//
// (a) builtin:gbdt on a seeded synthetic table (20 float features), 100 rounds, max_depth 6,
//     max_leaf_nodes none, early stopping off: fit time, row-rounds/s, test AUC; and the same
//     fit by scikit-learn's HistGradientBoostingClassifier through Debian's python3 on the same
//     bytes (its own thread count, and one thread).
// (b) inference on BENCH_INFER_ROWS rows: predict() of the model layer (column table in,
//     probabilities and labels out) for an exported builtin:logistic and builtin:gbdt model,
//     against bare InferenceSession.run calls on float tensors built beforehand.
// (c) `mlship train` (dist/cli/index.js) fresh (--no-cache) against a cache hit: wall times
//     and their ratio. Skipped, with a note, when dist/cli/index.js is missing.
// (d) `mlship train` as a user runs it on the same problem: the training rows as a CSV file,
//     builtin:gbdt (the params of (a)) and builtin:logistic, the whole process timed with its
//     peak RSS, beside (a)'s trainer-alone figure.
//
// Env: BENCH_TRAIN_ROWS (1000000), BENCH_TEST_ROWS (200000), BENCH_ROUNDS (100), BENCH_DEPTH (6),
// BENCH_INFER_ROWS (1000000), BENCH_INFER_FIT_ROWS (100000: rows the inference models are fitted
// on), BENCH_REPEATS (3), BENCH_SEED (7), BENCH_PYTHON (/usr/bin/python3), BENCH_CLI
// (dist/cli/index.js), BENCH_SKIP (comma list of gbdt,sklearn,cli,infer,cache), BENCH_NOTE (a note
// recorded beside the figures).
import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleEntry } from "./lib/bundle.mjs";
import { machine } from "./lib/machine.mjs";
import { runWithPeakRss } from "./rss-wrapper.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const env = (name, fallback) => (process.env[name] === undefined ? fallback : Number(process.env[name]));
const config = {
  trainRows: env("BENCH_TRAIN_ROWS", 1_000_000),
  testRows: env("BENCH_TEST_ROWS", 200_000),
  rounds: env("BENCH_ROUNDS", 100),
  maxDepth: env("BENCH_DEPTH", 6),
  inferRows: env("BENCH_INFER_ROWS", 1_000_000),
  inferFitRows: env("BENCH_INFER_FIT_ROWS", 100_000),
  repeats: env("BENCH_REPEATS", 3),
  seed: env("BENCH_SEED", 7),
};
const python = process.env.BENCH_PYTHON ?? "/usr/bin/python3";
const cli = join(root, process.env.BENCH_CLI ?? "dist/cli/index.js");
const skip = new Set((process.env.BENCH_SKIP ?? "").split(",").filter(Boolean));
const BUILD_DIR = join(here, ".build", "train-entry");
const GENERATOR = 1;
const OUT = join(here, "results", "train.json");

const log = (...args) => console.error("[bench:train]", ...args);
const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, digits = 4) => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x);

/** Runs a command, returns its stdout's last line parsed as JSON and the wall seconds. */
function runJson(command, args, options = {}) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: "utf8", maxBuffer: 64 << 20, ...options });
  const wallSeconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.status}:\n${(result.stderr ?? "").slice(-2000)}`,
    );
  }
  // One JSON line (train-entry, python) or one pretty-printed document (mlship --json -).
  const out = result.stdout.trim();
  const json =
    out.startsWith("{") && out.endsWith("}") && !out.includes("\n{")
      ? JSON.parse(out)
      : JSON.parse(out.split("\n").at(-1));
  return { json, wallSeconds };
}

function bundle() {
  log("bundling bench/train-entry.ts with ncc ...");
  return bundleEntry(root, "bench/train-entry.ts", BUILD_DIR);
}

/** The synthetic data set, generated once per (rows, test rows, seed) into bench/.data/. */
function dataset(entry) {
  const dir = join(here, ".data", `train-synthetic-${config.trainRows}-${config.testRows}-s${config.seed}`);
  const meta = join(dir, "meta.json");
  // Bump GENERATOR when generate() in train-entry.ts changes: the data is then written again.
  const want = {
    generator: GENERATOR,
    trainRows: config.trainRows,
    testRows: config.testRows,
    seed: config.seed,
  };
  if (
    existsSync(meta) &&
    JSON.stringify(JSON.parse(readFileSync(meta, "utf8")).want) === JSON.stringify(want)
  ) {
    return dir;
  }
  mkdirSync(dir, { recursive: true });
  log(
    `generating ${config.trainRows} + ${config.testRows} rows × 20 features into ${relative(root, dir)} ...`,
  );
  const { json } = runJson(process.execPath, [
    entry,
    "gen",
    dir,
    String(config.trainRows),
    String(config.testRows),
    String(config.seed),
  ]);
  writeFileSync(meta, `${JSON.stringify({ want, generated: json }, null, 2)}\n`);
  return dir;
}

const SKLEARN = `
import json, os, sys, time
import numpy as np, sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.metrics import roc_auc_score
d, rounds, depth = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
def load(name):
    y = np.fromfile(os.path.join(d, name + "-y.u8"), dtype=np.uint8)
    x = np.fromfile(os.path.join(d, name + "-x.f32"), dtype=np.float32).reshape(20, len(y)).T
    return np.ascontiguousarray(x), y
xt, yt = load("train"); xs, ys = load("test")
m = HistGradientBoostingClassifier(max_iter=rounds, max_depth=depth, max_leaf_nodes=None,
                                   early_stopping=False, random_state=0)
t = time.perf_counter(); m.fit(xt, yt); s = time.perf_counter() - t
try:
    from threadpoolctl import threadpool_info
    threads = [i.get("num_threads") for i in threadpool_info() if i.get("user_api") == "openmp"]
except Exception:
    threads = []
print(json.dumps({"sklearn": sklearn.__version__, "numpy": np.__version__, "fitSeconds": s,
                  "rounds": int(m.n_iter_), "openmpThreads": threads,
                  "testAuc": float(roc_auc_score(ys, m.predict_proba(xs)[:, 1]))}))
`;

function benchGbdt(entry, dir) {
  const runs = [];
  for (let i = 0; i < config.repeats; i++) {
    log(`builtin:gbdt fit ${i + 1}/${config.repeats} ...`);
    const { json, wallSeconds } = runJson(process.execPath, [
      entry,
      "gbdt",
      dir,
      String(config.rounds),
      String(config.maxDepth),
    ]);
    runs.push({ ...json, processWallSeconds: wallSeconds });
  }
  const fitSeconds = median(runs.map((r) => r.fitSeconds));
  return {
    params: {
      max_iter: config.rounds,
      max_depth: config.maxDepth,
      max_leaf_nodes: null,
      early_stopping: false,
    },
    threads: 1,
    fitSeconds,
    rowRoundsPerSecond: (config.trainRows * runs[0].rounds) / fitSeconds,
    processWallSeconds: median(runs.map((r) => r.processWallSeconds)),
    testAuc: runs[0].testAuc,
    meanLeaves: runs[0].meanLeaves,
    runs: runs.map((r) => r.fitSeconds),
  };
}

function benchSklearn(dir, threads) {
  const runs = [];
  for (let i = 0; i < config.repeats; i++) {
    log(`scikit-learn fit (${threads ?? "default"} threads) ${i + 1}/${config.repeats} ...`);
    const childEnv = { ...process.env };
    if (threads) childEnv.OMP_NUM_THREADS = String(threads);
    runs.push(
      runJson(python, ["-c", SKLEARN, dir, String(config.rounds), String(config.maxDepth)], { env: childEnv })
        .json,
    );
  }
  const fitSeconds = median(runs.map((r) => r.fitSeconds));
  return {
    sklearn: runs[0].sklearn,
    threads: threads ?? runs[0].openmpThreads[0] ?? null,
    fitSeconds,
    rowRoundsPerSecond: (config.trainRows * runs[0].rounds) / fitSeconds,
    testAuc: runs[0].testAuc,
    runs: runs.map((r) => r.fitSeconds),
  };
}

function benchInference(entry, dir) {
  log(`inference on ${config.inferRows} rows (models fitted on ${config.inferFitRows}) ...`);
  return runJson(process.execPath, [
    entry,
    "infer",
    dir,
    String(config.inferRows),
    String(config.inferFitRows),
    String(Math.max(3, config.repeats)),
  ]).json;
}

function benchCache() {
  if (!existsSync(cli)) {
    return { skipped: `${relative(root, cli)} is missing: run npm run build first` };
  }
  const cases = [
    { name: "churn-reference (4,000 rows)", data: join(root, "examples/data/churn-reference.csv") },
    { name: "bench reference (100,000 rows)", data: join(here, ".data/reference-100000.csv") },
  ].filter((c) => existsSync(c.data));
  const results = [];
  for (const c of cases) {
    const work = mkdtempSync(join(tmpdir(), "mlship-bench-train-"));
    try {
      const args = (extra) => [
        cli,
        "train",
        "--trainer",
        "builtin:gbdt",
        "--data",
        c.data,
        "--label",
        "churned",
        "--schema",
        join(root, "examples/schema.yml"),
        "--out",
        "out",
        "--json",
        "-",
        ...extra,
      ];
      const run = (extra) => {
        const { json, wallSeconds } = runJson(process.execPath, args(extra), { cwd: work });
        return { cacheHit: json.cacheHit, wallSeconds };
      };
      log(`mlship train cache: ${c.name} ...`);
      const fresh = [];
      for (let i = 0; i < config.repeats; i++) fresh.push(run(["--no-cache"]));
      run([]); // fills the cache
      const hits = [];
      for (let i = 0; i < config.repeats; i++) hits.push(run([]));
      if (fresh.some((r) => r.cacheHit) || hits.some((r) => !r.cacheHit)) {
        throw new Error(`cache runs of ${c.name} did not hit/miss as expected`);
      }
      const freshSeconds = median(fresh.map((r) => r.wallSeconds));
      const hitSeconds = median(hits.map((r) => r.wallSeconds));
      results.push({
        data: c.name,
        freshSeconds,
        hitSeconds,
        freshOverHit: freshSeconds / hitSeconds,
        runs: { fresh: fresh.map((r) => r.wallSeconds), hit: hits.map((r) => r.wallSeconds) },
      });
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }
  // Node's start-up alone, for reading the hit times.
  const node = [];
  for (let i = 0; i < config.repeats; i++)
    node.push(runJson(process.execPath, ["-e", "console.log(1)"]).wallSeconds);
  return {
    cli: relative(root, cli),
    command: "mlship train --trainer builtin:gbdt --schema examples/schema.yml",
    cases: results,
    nodeStartSeconds: median(node),
  };
}

/**
 * `mlship train` (dist/cli/index.js) as a user runs it on the same problem: the training rows
 * written as a CSV file (once, beside the raw files), the whole process timed (start-up, reading
 * and parsing the CSV, the stratified 20% validation split, the fit on the other 80%, the ONNX
 * export, scoring train and validation rows through the exported model, writing the files), with
 * its peak resident memory. builtin:gbdt with the trainer-alone params, and builtin:logistic.
 */
async function benchCli(entry, dir) {
  if (!existsSync(cli)) return { skipped: `${relative(root, cli)} is missing: run npm run build first` };
  const csv = join(dir, "train.csv");
  if (!existsSync(csv)) {
    log(`writing ${relative(root, csv)} (${config.trainRows} rows × 20 features) ...`);
    runJson(process.execPath, [entry, "csv", dir]);
  }
  const trainers = {
    gbdt: [
      "builtin:gbdt",
      `max_iter=${config.rounds}`,
      `max_depth=${config.maxDepth}`,
      "max_leaf_nodes=none",
      "early_stopping=false",
    ],
    logistic: ["builtin:logistic"],
  };
  const result = { data: relative(root, csv), bytes: statSync(csv).size, rows: config.trainRows };
  for (const [name, [trainer, ...params]] of Object.entries(trainers)) {
    const runs = [];
    for (let i = 0; i < config.repeats; i++) {
      log(`mlship train --trainer ${trainer} on the CSV ${i + 1}/${config.repeats} ...`);
      const work = mkdtempSync(join(tmpdir(), "mlship-bench-cli-"));
      try {
        const args = [cli, "train", "--data", csv, "--label", "label", "--trainer", trainer];
        for (const param of params) args.push("--param", param);
        args.push("--no-cache", "--out", "out", "--json", "report.json");
        const stdout = openSync(join(work, "stdout.txt"), "w");
        const measured = await runWithPeakRss(process.execPath, args, {
          cwd: work,
          stdio: ["ignore", stdout, "inherit"],
        });
        closeSync(stdout);
        if (measured.exitCode !== 0) {
          throw new Error(
            `mlship train ${trainer} exited ${measured.exitCode}: ${readFileSync(join(work, "stdout.txt"), "utf8").slice(-2000)}`,
          );
        }
        const { report } = JSON.parse(readFileSync(join(work, "report.json"), "utf8"));
        runs.push({
          wallSeconds: measured.seconds,
          peakRssBytes: measured.peakRssBytes,
          trainRows: report.rows.train,
          validationRows: report.rows.validation,
          validationAuc: report.validation.metrics.roc_auc,
          iterations: report.fit.iterations,
        });
      } finally {
        rmSync(work, { recursive: true, force: true });
      }
    }
    result[name] = {
      command: `mlship train --data train.csv --label label --trainer ${trainer}${params.map((p) => ` --param ${p}`).join("")} --no-cache`,
      wallSeconds: median(runs.map((r) => r.wallSeconds)),
      peakRssBytes: median(runs.map((r) => r.peakRssBytes ?? Number.NaN)),
      trainRows: runs[0].trainRows,
      validationRows: runs[0].validationRows,
      validationAuc: runs[0].validationAuc,
      iterations: runs[0].iterations,
      runs: runs.map((r) => r.wallSeconds),
    };
  }
  return result;
}

function table(result) {
  const rows = [];
  const { gbdt, sklearn, sklearn1, inference, cache } = result;
  if (gbdt) {
    rows.push([
      `builtin:gbdt fit, ${config.trainRows} × 20, ${config.rounds} rounds, depth ${config.maxDepth} (1 thread)`,
      `${round(gbdt.fitSeconds, 3)} s`,
      `${round(gbdt.rowRoundsPerSecond / 1e6, 3)} M row-rounds/s`,
      `AUC ${gbdt.testAuc.toFixed(4)}`,
    ]);
  }
  for (const s of [sklearn, sklearn1].filter(Boolean)) {
    rows.push([
      `scikit-learn ${s.sklearn} HistGradientBoostingClassifier (${s.threads ?? "?"} threads)`,
      `${round(s.fitSeconds, 3)} s`,
      `${round(s.rowRoundsPerSecond / 1e6, 3)} M row-rounds/s`,
      `AUC ${s.testAuc.toFixed(4)}${gbdt ? `, mlship/sklearn time ${round(gbdt.fitSeconds / s.fitSeconds, 3)}×` : ""}`,
    ]);
  }
  for (const name of ["gbdt", "logistic"]) {
    const c = result.cli?.[name];
    if (!c) continue;
    rows.push([
      `mlship train builtin:${name} (CLI, whole process), ${result.cli.rows}-row CSV: fits ${c.trainRows}, validates ${c.validationRows}`,
      `${round(c.wallSeconds, 3)} s`,
      `peak RSS ${round(c.peakRssBytes / 2 ** 20, 4)} MiB`,
      `validation AUC ${c.validationAuc.toFixed(4)}${name === "gbdt" && gbdt ? `, ${round(c.wallSeconds / gbdt.fitSeconds, 3)}× the trainer-alone fit` : ""}`,
    ]);
  }
  for (const name of ["logistic", "gbdt"]) {
    const i = inference?.[name];
    if (!i) continue;
    rows.push([
      `inference ${name}, ${i.rows} rows: predict() / bare run (16k batches) / bare run (one batch)`,
      `${round(i.seconds.predict, 3)} / ${round(i.seconds.bareBatched, 3)} / ${round(i.seconds.bareWhole, 3)} s`,
      `${round(i.rowsPerSecond.predict / 1e6, 3)} / ${round(i.rowsPerSecond.bareBatched / 1e6, 3)} / ${round(i.rowsPerSecond.bareWhole / 1e6, 3)} M rows/s`,
      `overhead ${round(100 * i.overheadVsBareBatched, 3)}% (vs one batch ${round(100 * i.overheadVsBareWhole, 3)}%)`,
    ]);
  }
  for (const c of cache?.cases ?? []) {
    rows.push([
      `mlship train builtin:gbdt, ${c.data}: fresh / cache hit`,
      `${round(c.freshSeconds, 3)} / ${round(c.hitSeconds, 3)} s`,
      "",
      `ratio ${round(c.freshOverHit, 3)}×`,
    ]);
  }
  return rows.map((r) => `| ${r.join(" | ")} |`).join("\n");
}

async function main() {
  const started = machine(root);
  const entry = bundle();
  const dir = dataset(entry);
  // BENCH_NOTE: what the figures need beside them (e.g. a machine shared with other work).
  const result = {
    machine: started,
    ...(process.env.BENCH_NOTE ? { note: process.env.BENCH_NOTE } : {}),
    config,
  };
  if (!skip.has("gbdt")) result.gbdt = benchGbdt(entry, dir);
  if (!skip.has("sklearn")) {
    result.sklearn = benchSklearn(dir, undefined);
    result.sklearn1 = benchSklearn(dir, 1);
  }
  if (!skip.has("cli")) result.cli = await benchCli(entry, dir);
  if (!skip.has("infer")) result.inference = benchInference(entry, dir);
  if (!skip.has("cache")) result.cache = benchCache();
  if (result.gbdt && result.sklearn) {
    // Against the faster scikit-learn run: on a busy 2-core VM its 2 OpenMP threads can be slower than 1.
    const best = result.sklearn1.fitSeconds < result.sklearn.fitSeconds ? result.sklearn1 : result.sklearn;
    result.targets = {
      gbdtTimeOverSklearn: result.gbdt.fitSeconds / result.sklearn.fitSeconds,
      gbdtTimeOverSklearnOneThread: result.gbdt.fitSeconds / result.sklearn1.fitSeconds,
      gbdtTimeOverFasterSklearn: result.gbdt.fitSeconds / best.fitSeconds,
      aucDifference: result.gbdt.testAuc - result.sklearn.testAuc,
      gbdtWithin2xAtEqualAuc:
        result.gbdt.fitSeconds <= 2 * best.fitSeconds &&
        Math.abs(result.gbdt.testAuc - best.testAuc) <= 0.005,
    };
  }
  if (result.inference) {
    result.targets = {
      ...result.targets,
      inferenceOverheadWithin25Percent: {
        logistic: result.inference.logistic.overheadVsBareBatched <= 0.25,
        gbdt: result.inference.gbdt.overheadVsBareBatched <= 0.25,
      },
    };
  }
  result.finished = new Date().toISOString();
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(`${OUT}.tmp`, `${JSON.stringify(result, null, 2)}\n`);
  renameSync(`${OUT}.tmp`, OUT);
  console.log(table(result));
  log(`wrote ${relative(root, OUT)}`);
}

main().catch((error) => {
  console.error(`[bench:train] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
});
