#!/usr/bin/env node
// Registry figures (issue 4), written to bench/results/registry.json:
// (a) economy: REST requests of packaging a model and of resolving churn@production, counted by the
//     fake GitHub (targets: assets + 4 at most — the published release is read back and checked — and 2);
// (b) streaming: peak RSS of a process that publishes and downloads a BENCH_REGISTRY_BYTES model
//     (default 1 GiB) against the fake GitHub running in another process (target: flat, far below the
//     model's size).
//
//   node bench/registry.mjs      # ~1 minute on 2 cores
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { bundleEntry } from "./lib/bundle.mjs";
import { machine } from "./lib/machine.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..");
const OUT = join(here, "results", "registry.json");
const bytes = Number(process.env.BENCH_REGISTRY_BYTES ?? 1024 ** 3);
const log = (...args) => console.error("[bench:registry]", ...args);

const started = machine(root);
log("bundling bench/registry-entry.ts with ncc ...");
const entry = bundleEntry(root, "bench/registry-entry.ts", join(here, ".build", "registry-entry"));
const run = (args) => {
  const result = spawnSync(process.execPath, [entry, ...args], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 16 << 20,
  });
  if (result.status !== 0) throw new Error(`registry-entry ${args[0]} failed: ${result.stderr}`);
  return JSON.parse(result.stdout.trim().split("\n").at(-1));
};

const economy = run(["economy", join(root, "test/fixtures/models/binary-linear-zipmap.onnx")]);
log(
  `package: ${economy.package.requests} requests for ${economy.package.assets} assets (${economy.package.target}); resolve churn@production: ${economy.resolveEnvironment.requests} (${economy.resolveEnvironment.target})`,
);

log(`streaming a ${bytes.toLocaleString("en-US")}-byte model through publish and download ...`);
const server = spawn(process.execPath, [entry, "serve"], { stdio: ["pipe", "pipe", "inherit"] });
const { url, token } = await new Promise((resolve) => {
  createInterface({ input: server.stdout }).once("line", (line) => resolve(JSON.parse(line)));
});
let streaming;
try {
  streaming = run(["stream", url, token, String(bytes)]);
} finally {
  server.stdin.end();
}
log(
  `peak RSS ${(streaming.peakRssBytes / 1024 ** 2).toFixed(0)} MiB for a ${(bytes / 1024 ** 2).toFixed(0)} MiB model; publish ${streaming.publishSeconds.toFixed(1)} s, download + verify ${streaming.downloadSeconds.toFixed(1)} s`,
);

mkdirSync(dirname(OUT), { recursive: true });
const temp = `${OUT}.${process.pid}.tmp`;
writeFileSync(
  temp,
  `${JSON.stringify({ benchmark: "registry", machine: started, economy, streaming }, null, 2)}\n`,
);
renameSync(temp, OUT);
log(`wrote ${OUT}`);
