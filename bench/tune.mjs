#!/usr/bin/env node
// TPE against random search (issue 3 §7), written to bench/results/tune.json:
// on test functions with known optima (Branin, Hartmann-6, a mixed boosting-like
// space with a conditional param), the median over 10 seeds of the number of
// trials TPE needs to match random search's best after 100 trials (target ≤ 40).
//
//   node bench/tune.mjs          # ~1 minute on 2 cores
//
// Env: BENCH_TUNE_SEEDS (10).
import { spawnSync } from "node:child_process";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { bundleEntry } from "./lib/bundle.mjs";
import { machine } from "./lib/machine.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const OUT = join(here, "results", "tune.json");
const log = (...args) => console.error("[bench:tune]", ...args);

const started = machine(root);
log("bundling bench/tune-entry.ts with ncc ...");
const entry = bundleEntry(root, "bench/tune-entry.ts", join(here, ".build", "tune-entry"));
log("running 10 seeds × 3 problems ...");
const result = spawnSync(process.execPath, [entry], { encoding: "utf8", maxBuffer: 64 << 20 });
if (result.status !== 0) throw new Error(`bench/tune-entry.ts failed: ${result.stderr}`);
const figures = JSON.parse(result.stdout.trim().split("\n").at(-1));
for (const r of figures.results) {
  for (const [variant, t] of Object.entries(r.tpe)) {
    log(
      `${r.problem}, TPE ${variant}: matches random's 100-trial best after a median of ${t.medianTrialsToMatchRandom100} trials` +
        ` (gap to optimum at 100 trials: random ${r.random.medianGapToOptimumAt100}, TPE ${t.medianGapToOptimumAt100})`,
    );
  }
}
mkdirSync(dirname(OUT), { recursive: true });
const temp = `${OUT}.${process.pid}.tmp`;
writeFileSync(
  temp,
  `${JSON.stringify({ benchmark: "tune", machine: started, target: "median ≤ 40 trials", ...figures }, null, 2)}\n`,
);
renameSync(temp, OUT);
log(`wrote ${OUT}`);
