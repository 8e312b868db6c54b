#!/usr/bin/env node
// `npm run bench`: end-to-end throughput and memory of `mlship validate` on big CSVs.
// See bench/README.md. Options:
//   --raw-only          only measure raw read speed (no CLI needed); writes bench/results/raw-read.json
//   --sizes a,b         current-file sizes in rows (default 5000000,1000000; env BENCH_SIZES)
//   --repeats n         repetitions per measurement, the median is reported (default 3; env BENCH_REPEATS)
// Environment: BENCH_CLI (script run with node instead of dist/cli/index.js), BENCH_ARGS (extra
// validate options), BENCH_RSS=time|proc (how peak RSS is measured; default time when /usr/bin/time exists).
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generateBigCsv } from "./generate-big.mjs";
import { machine } from "./lib/machine.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const dataDir = join(here, ".data");
const resultsDir = join(here, "results");

const REFERENCE_ROWS = 100_000;
const REFERENCE_SEED = 42;
const CURRENT_SEED = 7;
const MiB = 1024 * 1024;

class BenchError extends Error {}

// ---------------------------------------------------------------------------------------------
// options

/** @param {string[]} argv */
function parseOptions(argv) {
  /** @param {string} name */
  const value = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const sizesText = value("--sizes") ?? process.env.BENCH_SIZES ?? "5000000,1000000";
  const sizes = sizesText.split(",").map((s) => Number(s.trim().replace(/_/g, "")));
  if (sizes.some((n) => !Number.isInteger(n) || n <= 0))
    throw new BenchError(`bad --sizes/BENCH_SIZES: "${sizesText}"`);
  const repeats = Number(value("--repeats") ?? process.env.BENCH_REPEATS ?? 3);
  if (!Number.isInteger(repeats) || repeats < 1)
    throw new BenchError(`bad --repeats/BENCH_REPEATS: ${repeats}`);
  const rssMode = process.env.BENCH_RSS ?? (existsSync("/usr/bin/time") ? "time" : "proc");
  if (rssMode !== "time" && rssMode !== "proc")
    throw new BenchError(`BENCH_RSS must be "time" or "proc", got "${rssMode}"`);
  if (rssMode === "time" && !existsSync("/usr/bin/time"))
    throw new BenchError("BENCH_RSS=time but /usr/bin/time is missing");
  const cli = resolve(root, process.env.BENCH_CLI ?? "dist/cli/index.js");
  return {
    rawOnly: argv.includes("--raw-only"),
    sizes,
    repeats,
    rssMode,
    cli,
    extraArgs: splitArgs(process.env.BENCH_ARGS ?? ""),
  };
}

/**
 * Split a command-line string into words (whitespace separated; '...' and "..." group).
 * @param {string} text
 */
function splitArgs(text) {
  /** @type {string[]} */
  const words = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) words.push(m[1] ?? m[2] ?? m[3]);
  return words;
}

// ---------------------------------------------------------------------------------------------
// data

/** Changes whenever the generator changes, so stale bench data is regenerated. */
function generatorVersion() {
  const hash = createHash("sha256");
  for (const file of [join(root, "scripts/lib/churn-data.mjs"), join(here, "generate-big.mjs")]) {
    hash.update(readFileSync(file));
  }
  return hash.digest("hex").slice(0, 16);
}

/**
 * Make sure `path` holds the CSV described by `spec`, generating it when missing or stale.
 * @param {string} path
 * @param {{ rows: number, seed: number, drift: boolean }} spec
 * @param {string} version
 * @returns {Promise<{ path: string, rows: number, bytes: number }>}
 */
async function ensureCsv(path, spec, version) {
  const metaPath = `${path}.meta.json`;
  const wanted = { ...spec, generator: version };
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, "utf8"));
    const same =
      Object.entries(wanted).every(([k, v]) => meta[k] === v) && meta.bytes === statSync(path).size;
    if (same) return { path, rows: spec.rows, bytes: meta.bytes };
  }
  log(`generating ${relative(root, path)} (${spec.rows} rows${spec.drift ? ", drifted" : ""}) ...`);
  const result = await generateBigCsv({ path, ...spec });
  writeFileSync(metaPath, `${JSON.stringify({ ...wanted, bytes: result.bytes }, null, 2)}\n`);
  log(`  ${fmtBytes(result.bytes)} in ${result.seconds.toFixed(1)} s`);
  return { path, rows: spec.rows, bytes: result.bytes };
}

// ---------------------------------------------------------------------------------------------
// measurements

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Read the whole file with fs.createReadStream (1 MiB chunks), touching every chunk.
 * @param {string} path
 * @returns {Promise<number>} seconds
 */
async function readWithNodeStream(path) {
  const started = process.hrtime.bigint();
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: MiB })) bytes += chunk.length;
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (bytes !== statSync(path).size)
    throw new BenchError(`read ${bytes} bytes from ${path}, expected its size`);
  return seconds;
}

/**
 * `cat file > /dev/null` in a child process.
 * @param {string} path
 * @returns {number} seconds
 */
function readWithCat(path) {
  const started = process.hrtime.bigint();
  const result = spawnSync("sh", ["-c", 'cat "$1" > /dev/null', "sh", path], { stdio: "inherit" });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new BenchError(`cat ${path} failed (exit ${result.status})`);
  return seconds;
}

/**
 * @param {number} bytes
 * @param {number[]} samples seconds
 */
function throughput(bytes, samples) {
  const seconds = median(samples);
  return {
    medianSeconds: round(seconds, 4),
    MBps: round(bytes / 1e6 / seconds, 1),
    samplesSeconds: samples.map((s) => round(s, 4)),
  };
}

/**
 * Run the validate command once; returns wall seconds, peak RSS and exit code.
 * @param {string[]} command argv, command[0] is the executable
 * @param {string} rssMode
 * @param {string} scratch temp directory
 */
function runMeasured(command, rssMode, scratch) {
  const measureFile = join(scratch, "measure.txt");
  rmSync(measureFile, { force: true });
  const argv =
    rssMode === "time"
      ? ["/usr/bin/time", "-f", "%M", "-o", measureFile, ...command]
      : [process.execPath, join(here, "rss-wrapper.mjs"), "--result", measureFile, "--", ...command];
  const started = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * MiB,
  });
  const outerSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.error) throw new BenchError(`could not run ${argv[0]}: ${result.error.message}`);
  const exitCode = result.status;
  let seconds = outerSeconds;
  /** @type {number | null} */
  let peakRssBytes = null;
  if (existsSync(measureFile)) {
    const text = readFileSync(measureFile, "utf8");
    if (rssMode === "time") {
      // GNU time writes "Command exited with non-zero status N" before the format line
      const kb = text.trim().split("\n").pop();
      peakRssBytes = kb && /^\d+$/.test(kb) ? Number(kb) * 1024 : null;
    } else {
      const measured = JSON.parse(text);
      peakRssBytes = measured.peakRssBytes;
      seconds = measured.seconds;
    }
  }
  return {
    exitCode,
    seconds,
    peakRssBytes,
    stdout: result.stdout.toString(),
    stderr: result.stderr.toString(),
  };
}

/**
 * @param {{ path: string, rows: number, bytes: number }} current
 * @param {{ path: string }} reference
 * @param {ReturnType<typeof parseOptions>} options
 */
function benchValidate(current, reference, options, variantArgs = []) {
  const scratch = mkdtempSync(join(tmpdir(), "mlship-bench-"));
  try {
    const jsonOut = join(scratch, "validate.json");
    const command = [
      process.execPath,
      options.cli,
      "validate",
      current.path,
      "--reference",
      reference.path,
      "--json",
      jsonOut,
      ...variantArgs,
      ...options.extraArgs,
    ];
    const samples = [];
    for (let i = 0; i < options.repeats; i++) {
      rmSync(jsonOut, { force: true });
      const run = runMeasured(command, options.rssMode, scratch);
      if (run.exitCode !== 0 && run.exitCode !== 1) {
        const tail = (run.stderr || run.stdout).trim().split("\n").slice(-15).join("\n");
        throw new BenchError(
          `validate exited with ${run.exitCode ?? "a signal"} (expected 0 = passed or 1 = a check failed)\n` +
            `command: ${command.map(shellQuote).join(" ")}\n${tail}`,
        );
      }
      const jsonWritten = existsSync(jsonOut);
      log(
        `  validate ${current.rows} rows, run ${i + 1}/${options.repeats}: ${run.seconds.toFixed(2)} s, ` +
          `peak RSS ${run.peakRssBytes === null ? "?" : fmtBytes(run.peakRssBytes)}, exit ${run.exitCode}` +
          (jsonWritten ? "" : " (no --json output written!)"),
      );
      samples.push({
        seconds: round(run.seconds, 3),
        peakRssBytes: run.peakRssBytes,
        exitCode: run.exitCode,
        jsonWritten,
      });
    }
    const seconds = median(samples.map((s) => s.seconds));
    const rss = samples.map((s) => s.peakRssBytes).filter((v) => v !== null);
    return {
      command: [
        "node",
        ...command
          .slice(1)
          .map((a) =>
            a.startsWith(scratch) ? a.replace(scratch, "<tmp>") : a.startsWith(root) ? relative(root, a) : a,
          ),
      ],
      exitCode: samples[samples.length - 1].exitCode,
      medianSeconds: round(seconds, 3),
      MBps: round(current.bytes / 1e6 / seconds, 1),
      rowsPerSecond: Math.round(current.rows / seconds),
      peakRssBytes: rss.length ? median(rss) : null,
      peakRssMethod: rssMethodText(options.rssMode),
      samples,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** @param {string} mode */
function rssMethodText(mode) {
  return mode === "time"
    ? "/usr/bin/time -f %M (max RSS of the child from wait4)"
    : "bench/rss-wrapper.mjs: VmHWM from /proc/<pid>/status polled every 20 ms, last value before exit";
}

// ---------------------------------------------------------------------------------------------
// output

/** @param {string} message */
function log(message) {
  process.stderr.write(`${message}\n`);
}

/**
 * @param {number} value
 * @param {number} digits
 */
function round(value, digits) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** @param {number} bytes */
function fmtBytes(bytes) {
  return bytes >= 1e9 ? `${(bytes / 1e9).toFixed(2)} GB` : `${(bytes / 1e6).toFixed(1)} MB`;
}

/** @param {string} s */
function shellQuote(s) {
  return /^[\w./=:,@+-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/**
 * @param {string[]} header
 * @param {string[][]} rows
 */
function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  /** @param {string[]} cells */
  const line = (cells) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/**
 * @param {string} path
 * @param {unknown} value
 */
function writeJsonAtomic(path, value) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
  renameSync(tmp, path);
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const options = parseOptions(process.argv.slice(2));
  if (!options.rawOnly && !existsSync(options.cli)) {
    const shown = relative(root, options.cli);
    throw new BenchError(
      `the mlship CLI is missing: ${shown} does not exist.\n` +
        (process.env.BENCH_CLI
          ? "BENCH_CLI must point at a script that node can run."
          : "Build it first with `npm run build`, or set BENCH_CLI=<script> to benchmark another command.") +
        "\n`node bench/run.mjs --raw-only` measures the raw read speed without the CLI.",
    );
  }
  mkdirSync(dataDir, { recursive: true });
  const version = generatorVersion();
  const reference = await ensureCsv(
    join(dataDir, `reference-${REFERENCE_ROWS}.csv`),
    { rows: REFERENCE_ROWS, seed: REFERENCE_SEED, drift: false },
    version,
  );
  const currents = [];
  for (const rows of options.sizes) {
    currents.push(
      await ensureCsv(
        join(dataDir, `current-${rows}.csv`),
        { rows, seed: CURRENT_SEED, drift: true },
        version,
      ),
    );
  }

  const runs = [];
  for (const current of currents) {
    log(`\n== ${current.rows} rows, ${fmtBytes(current.bytes)} ==`);
    await readWithNodeStream(current.path); // warm the page cache: every measurement reads from memory
    const nodeSamples = [];
    const catSamples = [];
    for (let i = 0; i < options.repeats; i++) {
      nodeSamples.push(await readWithNodeStream(current.path));
      catSamples.push(readWithCat(current.path));
    }
    const raw = {
      nodeStream: throughput(current.bytes, nodeSamples),
      cat: throughput(current.bytes, catSamples),
    };
    log(`  raw read: node stream ${raw.nodeStream.MBps} MB/s, cat ${raw.cat.MBps} MB/s`);
    const run = {
      rows: current.rows,
      bytes: current.bytes,
      file: relative(root, current.path),
      raw,
      // Default: worker threads over byte ranges (one per core); and the same in one thread.
      validate: options.rawOnly ? null : benchValidate(current, reference, options),
      validateOneThread: options.rawOnly
        ? null
        : benchValidate(current, reference, options, ["--threads", "1"]),
    };
    runs.push(run);
  }

  const result = {
    machine: machine(root),
    settings: {
      repeats: options.repeats,
      statistic: "median",
      megabyte: 1e6,
      reference: { rows: reference.rows, bytes: reference.bytes, file: relative(root, reference.path) },
      cli: options.rawOnly ? null : relative(root, options.cli),
      extraArgs: options.extraArgs,
      rawRead: "warm page cache; fs.createReadStream with highWaterMark 1 MiB, and `cat file > /dev/null`",
    },
    runs,
  };
  const out = join(resultsDir, options.rawOnly ? "raw-read.json" : "validate.json");
  writeJsonAtomic(out, result);

  const header = ["rows", "size", "node read", "cat read"];
  if (!options.rawOnly) header.push("validate", "MB/s", "rows/s", "peak RSS", "1 thread", "MB/s", "peak RSS");
  const rows = runs.map((r) => {
    const cells = [
      String(r.rows),
      fmtBytes(r.bytes),
      `${r.raw.nodeStream.MBps} MB/s`,
      `${r.raw.cat.MBps} MB/s`,
    ];
    if (r.validate) {
      const v = r.validate;
      cells.push(
        `${v.medianSeconds.toFixed(2)} s`,
        String(v.MBps),
        String(v.rowsPerSecond),
        v.peakRssBytes === null ? "?" : `${(v.peakRssBytes / MiB).toFixed(0)} MiB`,
      );
      const one = r.validateOneThread;
      cells.push(
        `${one.medianSeconds.toFixed(2)} s`,
        String(one.MBps),
        one.peakRssBytes === null ? "?" : `${(one.peakRssBytes / MiB).toFixed(0)} MiB`,
      );
    }
    return cells;
  });
  console.log(`\n${table(header, rows)}`);
  console.log(
    `median of ${options.repeats}; MB = 1e6 bytes; reference ${reference.rows} rows (${fmtBytes(reference.bytes)})`,
  );
  if (!options.rawOnly) {
    console.log(`peak RSS: ${rssMethodText(options.rssMode)}`);
    const measured = runs.filter((r) => r.validate?.peakRssBytes);
    if (measured.length > 1) {
      const big = measured.reduce((a, b) => (b.rows > a.rows ? b : a));
      const small = measured.reduce((a, b) => (b.rows < a.rows ? b : a));
      const ratio =
        /** @type {number} */ (big.validate?.peakRssBytes) /
        /** @type {number} */ (small.validate?.peakRssBytes);
      console.log(
        `peak RSS at ${big.rows} rows / at ${small.rows} rows = ${ratio.toFixed(2)} (rows x${big.rows / small.rows})`,
      );
    }
  }
  console.log(`results: ${relative(root, out)}`);
}

main().catch((error) => {
  if (error instanceof BenchError) {
    console.error(`bench: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
