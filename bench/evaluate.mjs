#!/usr/bin/env node
// `mlship evaluate` speed (issue 5 §6), written to bench/results/evaluate.json: evaluate on
// BENCH_EVAL_ROWS rows (default 1,000,000) with a baseline and intervals (BENCH_EVAL_REPLICATES
// bootstrap resamples, default 200, permutation importance off), against the floor made of reading
// the file plus running both models over it (target: total ≤ 1.5× the floor); and the metric
// computation alone (both models' metrics, the paired bootstrap).
//
//   node bench/evaluate.mjs
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { generateBigCsv } from "./generate-big.mjs";
import { bundleEntry } from "./lib/bundle.mjs";
import { machine } from "./lib/machine.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const OUT = join(here, "results", "evaluate.json");
const rows = Number(process.env.BENCH_EVAL_ROWS ?? 1_000_000);
const replicates = Number(process.env.BENCH_EVAL_REPLICATES ?? 200);
const cli = join(root, "dist/cli/index.js");
const schema = join(root, "examples/schema.yml");
const log = (...args) => console.error("[bench:evaluate]", ...args);

const started = machine(root);
const data = join(here, ".data", `evaluate-${rows}.csv`);
if (!existsSync(data)) {
  log(`generating ${rows} rows ...`);
  mkdirSync(dirname(data), { recursive: true });
  await generateBigCsv({ path: data, rows, seed: 11 });
}
const work = mkdtempSync(join(tmpdir(), "mlship-bench-evaluate-"));
try {
  log("training the candidate and the baseline on the example reference data ...");
  const train = (out, params) =>
    execFileSync(
      process.execPath,
      [
        cli,
        "train",
        "--data",
        join(root, "examples/data/churn-reference.csv"),
        "--label",
        "churned",
        "--schema",
        schema,
        "--no-cache",
        "--out",
        out,
        ...params,
      ],
      { cwd: work, stdio: ["ignore", "ignore", "inherit"] },
    );
  train("candidate", ["--param", "C=0.3"]);
  train("baseline", []);
  const entry = bundleEntry(root, "bench/evaluate-entry.ts", join(here, ".build", "evaluate-entry"));
  log("measuring the floor (read + both models) and the metric computation ...");
  const floorRun = spawnSync(
    process.execPath,
    [
      entry,
      join(work, "candidate/model.onnx"),
      join(work, "baseline/model.onnx"),
      data,
      schema,
      String(replicates),
    ],
    { encoding: "utf8", maxBuffer: 16 << 20 },
  );
  if (floorRun.status !== 0) throw new Error(floorRun.stderr);
  const floor = JSON.parse(floorRun.stdout.trim().split("\n").at(-1));
  const floorSeconds = floor.readSeconds + floor.predictSeconds[0] + floor.predictSeconds[1];
  log(
    `floor ${floorSeconds.toFixed(1)} s (read ${floor.readSeconds.toFixed(1)} s, models ${floor.predictSeconds.map((s) => s.toFixed(1)).join(" + ")} s); metrics ${floor.metricsSeconds.toFixed(2)} s, bootstrap (${replicates}) ${floor.bootstrapSeconds.toFixed(1)} s`,
  );
  log("running mlship evaluate ...");
  const t = process.hrtime.bigint();
  const run = spawnSync(
    process.execPath,
    [
      cli,
      "evaluate",
      "--model",
      "candidate/model.onnx",
      "--baseline",
      "baseline/model.onnx",
      "--data",
      data,
      "--label",
      "churned",
      "--schema",
      schema,
      "--replicates",
      String(replicates),
      "--importance-repeats",
      "0",
      "--json",
      "eval.json",
    ],
    { cwd: work, encoding: "utf8", maxBuffer: 64 << 20 },
  );
  const totalSeconds = Number(process.hrtime.bigint() - t) / 1e9;
  if (run.status !== 0 && run.status !== 1) throw new Error(run.stderr);
  log(
    `mlship evaluate: ${totalSeconds.toFixed(1)} s = ${(totalSeconds / floorSeconds).toFixed(2)}× the floor (target ≤ 1.5×)`,
  );
  const result = {
    benchmark: "evaluate",
    machine: started,
    rows: floor.rows,
    bytes: statSync(data).size,
    replicates,
    floor: { seconds: floorSeconds, readSeconds: floor.readSeconds, predictSeconds: floor.predictSeconds },
    metricsSeconds: floor.metricsSeconds,
    bootstrapSeconds: floor.bootstrapSeconds,
    evaluateSeconds: totalSeconds,
    ratioToFloor: totalSeconds / floorSeconds,
    target: "≤ 1.5× the floor",
  };
  mkdirSync(dirname(OUT), { recursive: true });
  const temp = `${OUT}.${process.pid}.tmp`;
  writeFileSync(temp, `${JSON.stringify(result, null, 2)}\n`);
  renameSync(temp, OUT);
  log(`wrote ${OUT}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
