#!/usr/bin/env node
// Streams a large churn CSV (same 12 columns as examples/data) to a file, deterministically.
//   node bench/generate-big.mjs <out.csv> <rows> [--seed n] [--drift]
import { once } from "node:events";
import { createWriteStream, renameSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { csvHeader, generateRows, toCsvLine } from "../scripts/lib/churn-data.mjs";

const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Write `rows` churn rows as CSV to `path` (through `<path>.tmp` + rename, so an interrupted run
 * never leaves a truncated file under the final name).
 * @param {{ path: string, rows: number, seed?: number, drift?: boolean, onProgress?: (rowsDone: number) => void }} options
 * @returns {Promise<{ path: string, rows: number, bytes: number, seconds: number }>}
 */
export async function generateBigCsv({ path, rows, seed = 1, drift = false, onProgress }) {
  const started = process.hrtime.bigint();
  const tmp = `${path}.tmp`;
  const out = createWriteStream(tmp, { highWaterMark: 8 * 1024 * 1024 });
  let bytes = 0;
  // Lines are encoded straight into a fresh chunk buffer: no big strings to build and collect.
  let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let offset = 0;
  const flush = async () => {
    bytes += offset;
    const full = buffer.subarray(0, offset);
    buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    offset = 0;
    if (!out.write(full)) await once(out, "drain");
  };
  try {
    offset += buffer.write(`${csvHeader()}\n`, offset);
    let done = 0;
    for (const row of generateRows({ seed, rows, drift, later: drift })) {
      const line = `${toCsvLine(row)}\n`;
      if (offset + line.length * 3 > CHUNK_BYTES) await flush();
      offset += buffer.write(line, offset);
      done++;
      if (onProgress && done % 1000000 === 0) onProgress(done);
    }
    if (offset > 0) await flush();
    out.end();
    await once(out, "finish");
    renameSync(tmp, path);
  } catch (error) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw error;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { path, rows, bytes, seconds };
}

async function main() {
  const args = process.argv.slice(2);
  const positional = args.filter((a, i) => !a.startsWith("--") && !(i > 0 && args[i - 1] === "--seed"));
  const [path, rowsText] = positional;
  const rows = Number(rowsText);
  if (!path || !Number.isInteger(rows) || rows < 0) {
    console.error("usage: node bench/generate-big.mjs <out.csv> <rows> [--seed n] [--drift]");
    process.exit(2);
  }
  const seedIndex = args.indexOf("--seed");
  const seed = seedIndex >= 0 ? Number(args[seedIndex + 1]) : 1;
  const result = await generateBigCsv({
    path: resolve(path),
    rows,
    seed,
    drift: args.includes("--drift"),
    onProgress: (n) => process.stderr.write(`  ${n} rows\n`),
  });
  console.log(
    `wrote ${result.path}: ${result.rows} rows, ${result.bytes} bytes in ${result.seconds.toFixed(1)} s ` +
      `(${(result.bytes / 1e6 / result.seconds).toFixed(1)} MB/s)`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
