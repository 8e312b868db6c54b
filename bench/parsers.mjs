#!/usr/bin/env node
// CSV parser comparison: raw read speed, csv-parse, papaparse, udsv and mlship's own CsvReader on
// the same file, each measurement in its own child process (median of N runs, peak RSS of the
// child). See the "CSV parser comparison" section of bench/README.md. Options:
//   --repeats n     runs per measurement, the median is reported (default 3; env BENCH_REPEATS)
//   --file path     CSV to parse (default bench/.data/current-1000000.csv, generated if missing)
//   --only a,b      only the cases whose id starts with one of these prefixes (e.g. --only raw,mlship)
//   --no-write      do not write bench/results/parsers.json
//   --keep-build    keep the bundle in bench/.build/parse-entry (removed after the run by default)
//   --quiet-wait s  before each run, wait up to s seconds for the machine to be >= 85% idle
//                   (default 15; env BENCH_QUIET_WAIT; 0 = no wait)
// Internal: `node bench/parsers.mjs --child <case> <file>` runs one measurement and prints JSON.
import { spawnSync } from "node:child_process";
import {
  createReadStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { finished } from "node:stream/promises";
import { fileURLToPath } from "node:url";
import { machine } from "./lib/machine.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const MiB = 1024 * 1024;
const DEFAULT_FILE = join(here, ".data", "current-1000000.csv");
const BUILD_DIR = join(here, ".build", "parse-entry");
const NUMERIC = ["tenure_months", "monthly_charges", "total_charges", "support_calls", "churned"];

class BenchError extends Error {}

// ---------------------------------------------------------------------------------------------
// children: one measurement each. Libraries are imported before the clock starts.

/**
 * Per-row work shared by every library: count the row, sum the lengths of all its fields, and in
 * "numbers" mode also convert the 5 numeric columns with Number() (empty = missing).
 * @param {"strings" | "numbers"} work
 */
function makeSink(work) {
  const state = { rows: 0, badRows: 0, emptyLines: 0, fieldChars: 0, numSum: 0, numMissing: 0, numNaN: 0 };
  /** @type {number[]} */
  let num = [];
  let width = 0;
  /** @param {string[]} header */
  const setHeader = (header) => {
    width = header.length;
    num = NUMERIC.map((name) => {
      const i = header.indexOf(name);
      if (i < 0) throw new Error(`column ${name} not in header: ${header.join(",")}`);
      return i;
    });
  };
  /** @param {string[]} row */
  const strings = (row) => {
    const n = row.length;
    if (n === 1 && row[0] === "") {
      state.emptyLines++;
      return;
    }
    if (n !== width) state.badRows++;
    let chars = 0;
    for (let i = 0; i < n; i++) chars += row[i].length;
    state.fieldChars += chars;
    state.rows++;
  };
  /** @param {string[]} row */
  const numbers = (row) => {
    const n = row.length;
    if (n === 1 && row[0] === "") {
      state.emptyLines++;
      return;
    }
    if (n !== width) state.badRows++;
    let chars = 0;
    for (let i = 0; i < n; i++) chars += row[i].length;
    state.fieldChars += chars;
    for (let k = 0; k < num.length; k++) {
      const s = row[num[k]];
      if (s === undefined || s === "") {
        state.numMissing++;
        continue;
      }
      const v = Number(s);
      if (!Number.isNaN(v)) state.numSum += v;
      else state.numNaN++;
    }
    state.rows++;
  };
  const checks = () => {
    const { rows: _rows, ...rest } = state;
    if (work === "strings") {
      delete rest.numSum;
      delete rest.numMissing;
      delete rest.numNaN;
    }
    return rest;
  };
  return { state, setHeader, onRow: work === "numbers" ? numbers : strings, checks };
}

/** @type {Record<string, (file: string, work: "strings" | "numbers") => Promise<() => Promise<{rows: number, checks: object}>>>} */
const LIBRARIES = {
  /** csv-parse streaming API: file stream piped into parse(), rows from "data" events. */
  "csv-parse": async (file, work) => {
    const { parse } = await import("csv-parse");
    return async () => {
      const sink = makeSink(work);
      const source = createReadStream(file, { highWaterMark: MiB });
      const parser = parse();
      source.on("error", (e) => parser.destroy(e));
      let header = true;
      parser.on("data", (/** @type {string[]} */ row) => {
        if (header) {
          header = false;
          sink.setHeader(row);
        } else sink.onRow(row);
      });
      source.pipe(parser);
      await finished(parser);
      return { rows: sink.state.rows, checks: sink.checks() };
    };
  },
  /** Papa.parse(Papa.NODE_STREAM_INPUT): a duplex stream, one row per "data" event. */
  papaparse: async (file, work) => papa(file, work, undefined),
  "papaparse-fastmode": async (file, work) => papa(file, work, true),
  /** udsv: inferSchema/initParser on the first chunk, then parser.chunk(str, stringArrs, onRow). */
  udsv: async (file, work) => {
    const { inferSchema, initParser } = await import("udsv");
    return async () => {
      const sink = makeSink(work);
      const source = createReadStream(file, { highWaterMark: MiB });
      source.setEncoding("utf8"); // a StringDecoder: multi-byte characters are not split across chunks
      /** @type {import("udsv").Parser | null} */
      let parser = null;
      const onRow = (/** @type {string[]} */ row) => {
        sink.onRow(row);
      };
      for await (const chunk of source) {
        if (!parser) {
          const schema = inferSchema(chunk);
          sink.setHeader(schema.cols.map((c) => c.name));
          parser = initParser(schema);
        }
        parser.chunk(chunk, parser.stringArrs, onRow);
      }
      parser?.end();
      return { rows: sink.state.rows, checks: sink.checks() };
    };
  },
};

/**
 * @param {string} file
 * @param {"strings" | "numbers"} work
 * @param {boolean | undefined} fastMode undefined = papaparse's default (on only for chunks without quotes)
 */
async function papa(file, work, fastMode) {
  const Papa = (await import("papaparse")).default;
  return async () => {
    const sink = makeSink(work);
    const source = createReadStream(file, { highWaterMark: MiB });
    /** @type {import("node:stream").Duplex} */
    const parser = Papa.parse(
      Papa.NODE_STREAM_INPUT,
      fastMode === undefined ? { header: false } : { header: false, fastMode },
    );
    source.on("error", (e) => parser.destroy(e));
    let header = true;
    parser.on("data", (/** @type {string[]} */ row) => {
      if (header) {
        header = false;
        sink.setHeader(row);
      } else sink.onRow(row);
    });
    source.pipe(parser);
    await finished(parser);
    return { rows: sink.state.rows, checks: sink.checks() };
  };
}

/** @param {string[]} args  [case, file] */
async function child(args) {
  const [id, file] = args;
  /** @type {() => Promise<{rows: number, checks: object}>} */
  let run;
  if (id === "raw") {
    run = async () => {
      let bytes = 0;
      for await (const chunk of createReadStream(file, { highWaterMark: MiB })) bytes += chunk.length;
      return { rows: 0, checks: { bytes } };
    };
  } else {
    const [library, work] = id.split(":");
    const make = LIBRARIES[library];
    if (!make || (work !== "strings" && work !== "numbers")) throw new BenchError(`unknown case ${id}`);
    run = await make(file, work);
  }
  const started = process.hrtime.bigint();
  const result = await run();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${JSON.stringify({ ...result, seconds })}\n`);
}

// ---------------------------------------------------------------------------------------------
// parent

/** @param {string[]} argv */
function parseOptions(argv) {
  /** @param {string} name */
  const value = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const repeats = Number(value("--repeats") ?? process.env.BENCH_REPEATS ?? 3);
  if (!Number.isInteger(repeats) || repeats < 1)
    throw new BenchError(`bad --repeats/BENCH_REPEATS: ${repeats}`);
  if (!existsSync("/usr/bin/time"))
    throw new BenchError("/usr/bin/time (GNU time) is needed for the peak RSS");
  const only = value("--only")
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const quietWait = Number(value("--quiet-wait") ?? process.env.BENCH_QUIET_WAIT ?? 15);
  if (!(quietWait >= 0)) throw new BenchError(`bad --quiet-wait/BENCH_QUIET_WAIT: ${quietWait}`);
  return {
    repeats,
    file: resolve(value("--file") ?? DEFAULT_FILE),
    only,
    write: !argv.includes("--no-write"),
    keepBuild: argv.includes("--keep-build"),
    quietIdle: 0.85,
    quietWait,
  };
}

/** @param {string} path */
async function ensureFile(path) {
  if (existsSync(path)) return;
  if (path !== DEFAULT_FILE) throw new BenchError(`${path}: no such file`);
  log(`generating ${relative(root, path)} (1,000,000 rows, seed 7, drift) ...`);
  const { generateBigCsv } = await import("./generate-big.mjs");
  mkdirSync(dirname(path), { recursive: true });
  await generateBigCsv({ path, rows: 1_000_000, seed: 7, drift: true });
}

function buildEntry() {
  log("bundling bench/parse-entry.ts with ncc ...");
  const ncc = join(root, "node_modules", ".bin", "ncc");
  const result = spawnSync(
    ncc,
    ["build", "bench/parse-entry.ts", "-o", relative(root, BUILD_DIR), "--quiet"],
    {
      cwd: root,
      stdio: ["ignore", "inherit", "inherit"],
    },
  );
  if (result.error) throw new BenchError(`could not run ${ncc}: ${result.error.message}`);
  if (result.status !== 0)
    throw new BenchError(`ncc build of bench/parse-entry.ts failed (exit ${result.status})`);
  const entry = join(BUILD_DIR, "index.js");
  if (!existsSync(entry)) throw new BenchError(`ncc did not write ${entry}`);
  return entry;
}

/** Removes the bundle, and bench/.build when nothing else is in it. */
function removeBuild() {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  const parent = dirname(BUILD_DIR);
  try {
    if (readdirSync(parent).length === 0) rmdirSync(parent);
  } catch {
    // already gone
  }
}

/** @param {string} name */
function version(name) {
  try {
    return JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")).version;
  } catch {
    return null;
  }
}

/**
 * @param {string} file
 * @param {string} entry bundled parse-entry
 */
function cases(file, entry) {
  const self = fileURLToPath(import.meta.url);
  const lib = (/** @type {string} */ id) => ["node", self, "--child", id, file];
  const ml = (/** @type {string} */ mode) => ["node", entry, mode, file];
  return [
    { id: "raw", parser: "fs.createReadStream (1 MiB chunks)", work: "read bytes only", command: lib("raw") },
    {
      id: "csv-parse:strings",
      parser: `csv-parse ${version("csv-parse")} (stream)`,
      work: "fields (strings)",
      command: lib("csv-parse:strings"),
    },
    {
      id: "csv-parse:numbers",
      parser: `csv-parse ${version("csv-parse")} (stream)`,
      work: "fields + Number() x5",
      command: lib("csv-parse:numbers"),
    },
    {
      id: "papaparse:strings",
      parser: `papaparse ${version("papaparse")} (NODE_STREAM_INPUT)`,
      work: "fields (strings)",
      command: lib("papaparse:strings"),
    },
    {
      id: "papaparse:numbers",
      parser: `papaparse ${version("papaparse")} (NODE_STREAM_INPUT)`,
      work: "fields + Number() x5",
      command: lib("papaparse:numbers"),
    },
    {
      id: "papaparse-fastmode:strings",
      parser: `papaparse ${version("papaparse")} fastMode: true`,
      work: "fields (strings)",
      command: lib("papaparse-fastmode:strings"),
    },
    {
      id: "papaparse-fastmode:numbers",
      parser: `papaparse ${version("papaparse")} fastMode: true`,
      work: "fields + Number() x5",
      command: lib("papaparse-fastmode:numbers"),
    },
    {
      id: "udsv:strings",
      parser: `udsv ${version("udsv")} (chunk API)`,
      work: "fields (strings)",
      command: lib("udsv:strings"),
    },
    {
      id: "udsv:numbers",
      parser: `udsv ${version("udsv")} (chunk API)`,
      work: "fields + Number() x5",
      command: lib("udsv:numbers"),
    },
    { id: "mlship:count", parser: "mlship CsvReader", work: "(a) count rows", command: ml("count") },
    {
      id: "mlship:fields",
      parser: "mlship CsvReader",
      work: "(b) number() x5 + text() x4",
      command: ml("fields"),
    },
    { id: "mlship:text", parser: "mlship CsvReader", work: "text() of all 12 cells", command: ml("text") },
  ];
}

/** Fraction of CPU time the whole machine spent idle over the last `ms` milliseconds (/proc/stat). */
function machineIdle(ms) {
  const read = () => {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: fields[3] + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
  };
  try {
    const a = read();
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    const b = read();
    return b.total > a.total ? (b.idle - a.idle) / (b.total - a.total) : 1;
  } catch {
    return 1; // not Linux: no gate
  }
}

/**
 * Other work on this small machine (builds, tests) skews wall times, so wait, up to maxSeconds,
 * for 0.8 s during which the machine is at least `threshold` idle. Returns the idle fraction last seen.
 * @param {number} threshold
 * @param {number} maxSeconds
 */
function waitForQuiet(threshold, maxSeconds) {
  const deadline = Date.now() + maxSeconds * 1000;
  let idle = machineIdle(800);
  while (idle < threshold && Date.now() < deadline) idle = machineIdle(800);
  return idle;
}

/**
 * Run one measurement under GNU time.
 * @param {string[]} command
 * @param {string} scratch
 */
function measure(command, scratch) {
  const measureFile = join(scratch, "time.txt");
  rmSync(measureFile, { force: true });
  const started = process.hrtime.bigint();
  const result = spawnSync(
    "/usr/bin/time",
    ["-f", "%M %U %S", "-o", measureFile, process.execPath, ...command.slice(1)],
    {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 16 * MiB,
    },
  );
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.error) throw new BenchError(`could not run ${command.join(" ")}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new BenchError(
      `${command.join(" ")} exited with ${result.status}:\n${result.stderr.toString().split("\n").slice(-15).join("\n")}`,
    );
  }
  // GNU time may write "Command exited with ..." before the format line
  const timed = (readFileSync(measureFile, "utf8").trim().split("\n").pop() ?? "").split(" ");
  const kb = timed[0];
  const out = JSON.parse(result.stdout.toString().trim().split("\n").pop() ?? "");
  return {
    ...out,
    wallSeconds,
    cpuSeconds: timed.length === 3 ? round(Number(timed[1]) + Number(timed[2]), 2) : null,
    peakRssBytes: kb && /^\d+$/.test(kb) ? Number(kb) * 1024 : null,
  };
}

/** @param {number[]} values */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * @param {number} value
 * @param {number} digits
 */
function round(value, digits) {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** @param {string} message */
function log(message) {
  process.stderr.write(`${message}\n`);
}

/**
 * @param {string[]} header
 * @param {string[][]} rows
 * @param {boolean[]} right
 */
function table(header, rows, right) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  /** @param {string[]} cells */
  const line = (cells) =>
    cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

/**
 * @param {string[]} header
 * @param {string[][]} rows
 * @param {boolean[]} right
 */
function markdown(header, rows, right) {
  const line = (/** @type {string[]} */ cells) => `| ${cells.join(" | ")} |`;
  return [line(header), line(right.map((r) => (r ? "---:" : "---"))), ...rows.map(line)].join("\n");
}

/**
 * Compare each case's checks with the reference case doing the same work, so a parser that
 * splits rows wrongly (papaparse fastMode on quoted commas) is flagged instead of looking fast.
 * @param {any[]} results
 * @param {number | null} expectedRows
 */
function verify(results, expectedRows) {
  const byId = Object.fromEntries(results.map((r) => [r.id, r]));
  const textRef = byId["mlship:text"]?.checks;
  const fieldsRef = byId["mlship:fields"]?.checks;
  for (const r of results) {
    /** @type {string[]} */
    const problems = [];
    if (r.id !== "raw") {
      if (expectedRows !== null && r.rows !== expectedRows)
        problems.push(`${r.rows} rows, expected ${expectedRows}`);
      const c = r.checks;
      if (c.badRows) problems.push(`${c.badRows} rows without 12 fields`);
      if (c.fieldChars !== undefined && textRef && c.fieldChars !== textRef.fieldChars)
        problems.push(`field text differs (${c.fieldChars} chars vs ${textRef.fieldChars})`);
      if (c.numSum !== undefined && fieldsRef) {
        if (c.numMissing !== fieldsRef.numMissing)
          problems.push(`missing numbers ${c.numMissing} vs ${fieldsRef.numMissing}`);
        if (c.numNaN !== fieldsRef.numNaN) problems.push(`non-numbers ${c.numNaN} vs ${fieldsRef.numNaN}`);
        if (Math.abs(c.numSum - fieldsRef.numSum) > 1e-6 * Math.abs(fieldsRef.numSum))
          problems.push(`sum of numbers differs`);
      }
    }
    r.correct = problems.length === 0;
    r.problems = problems;
  }
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

async function main() {
  const options = parseOptions(process.argv.slice(2));
  await ensureFile(options.file);
  const bytes = statSync(options.file).size;
  let expectedRows = null;
  const metaPath = `${options.file}.meta.json`;
  if (existsSync(metaPath)) expectedRows = JSON.parse(readFileSync(metaPath, "utf8")).rows ?? null;
  const entry = buildEntry();
  const started = process.hrtime.bigint();
  const info = machine(root);

  let list = cases(relative(root, options.file), relative(root, entry));
  if (options.only) list = list.filter((c) => options.only?.some((p) => c.id.startsWith(p)));
  if (list.length === 0) throw new BenchError("--only matched no case");

  // Warm the page cache: every measurement reads from memory.
  for await (const _ of createReadStream(options.file, { highWaterMark: MiB }));

  const scratch = mkdtempSync(join(tmpdir(), "mlship-parsers-"));
  /** @type {Map<string, any[]>} */
  const samples = new Map(list.map((c) => [c.id, []]));
  try {
    // Round-robin over the cases so slow drift in machine load does not favour one of them.
    for (let rep = 0; rep < options.repeats; rep++) {
      for (const c of list) {
        const idleBefore = waitForQuiet(options.quietIdle, options.quietWait);
        const s = { ...measure(c.command, scratch), idleBefore };
        samples.get(c.id)?.push(s);
        log(
          `  [${rep + 1}/${options.repeats}] ${c.id.padEnd(27)} ${s.seconds.toFixed(3)} s  ${(bytes / 1e6 / s.seconds).toFixed(1)} MB/s  ${((s.peakRssBytes ?? 0) / 1e6).toFixed(0)} MB RSS`,
        );
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
    // biome.json does not read .gitignore, so a bundle left in bench/.build would fail `npm run lint`.
    if (!options.keepBuild) removeBuild();
  }

  const results = list.map((c) => {
    const runs = samples.get(c.id) ?? [];
    const seconds = median(runs.map((r) => r.seconds));
    const rows = runs[0].rows;
    const rss = runs.map((r) => r.peakRssBytes).filter((v) => v !== null);
    return {
      id: c.id,
      parser: c.parser,
      work: c.work,
      command: c.command,
      rows,
      medianSeconds: round(seconds, 4),
      MBps: round(bytes / 1e6 / seconds, 1),
      rowsPerSecond: c.id === "raw" ? null : Math.round(rows / seconds),
      peakRssBytes: rss.length ? median(rss) : null,
      medianWallSeconds: round(median(runs.map((r) => r.wallSeconds)), 4),
      medianCpuSeconds: runs.every((r) => r.cpuSeconds !== null)
        ? round(median(runs.map((r) => r.cpuSeconds)), 2)
        : null,
      samples: runs.map((r) => ({
        seconds: round(r.seconds, 4),
        wallSeconds: round(r.wallSeconds, 4),
        cpuSeconds: r.cpuSeconds,
        peakRssBytes: r.peakRssBytes,
        machineIdleBefore: round(r.idleBefore, 2),
      })),
      checks: runs[0].checks,
    };
  });
  verify(results, expectedRows);
  info.loadavgAtEnd = loadavg().map((l) => round(l, 2));

  const header = ["parser", "work", "MB/s", "rows/s", "s", "CPU s", "peak RSS", "correct"];
  const right = [false, false, true, true, true, true, true, false];
  const rows = results.map((r) => [
    r.parser,
    r.work,
    r.MBps.toFixed(1),
    r.rowsPerSecond === null ? "-" : `${(r.rowsPerSecond / 1e6).toFixed(2)}M`,
    r.medianSeconds.toFixed(3),
    r.medianCpuSeconds === null ? "?" : r.medianCpuSeconds.toFixed(2),
    r.peakRssBytes === null ? "?" : `${Math.round(r.peakRssBytes / 1e6)} MB`,
    r.id === "raw" ? "-" : r.correct ? "yes" : `NO: ${r.problems[0]}`,
  ]);
  console.log(
    `\n${relative(root, options.file)}: ${(bytes / 1e6).toFixed(1)} MB, ${expectedRows ?? "?"} rows; ` +
      `${info.cpus.model} x${info.cpus.count}, ${(info.memoryBytes / 2 ** 30).toFixed(1)} GiB, Node ${info.node}; ` +
      `median of ${options.repeats}\n`,
  );
  console.log(table(header, rows, right));
  console.log(`\nMarkdown:\n\n${markdown(header, rows, right)}\n`);

  if (options.write) {
    const out = join(here, "results", "parsers.json");
    writeJsonAtomic(out, {
      machine: info,
      settings: {
        file: relative(root, options.file),
        bytes,
        rows: expectedRows,
        repeats: options.repeats,
        statistic: "median",
        megabyte: 1e6,
        seconds:
          "time inside the child from opening the file to the last row (module loading and Node start-up excluded; see medianWallSeconds for the whole child)",
        cpuSeconds:
          "user + system CPU seconds of the whole child from /usr/bin/time (%U + %S), including start-up and GC threads",
        peakRss: "/usr/bin/time -f %M (max RSS of the child from wait4), median over the runs",
        quietGate: `before each run, waited up to ${options.quietWait} s for the machine to be >= ${options.quietIdle * 100}% idle (machineIdleBefore in each sample)`,
        numericColumns: NUMERIC,
        totalBenchSeconds: round(Number(process.hrtime.bigint() - started) / 1e9, 1),
      },
      results,
    });
    log(`wrote ${relative(root, out)}`);
  }
}

const argv = process.argv.slice(2);
const run = argv[0] === "--child" ? child(argv.slice(1)) : main();
run.catch((error) => {
  if (error instanceof BenchError) {
    console.error(`bench/parsers: ${error.message}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
