#!/usr/bin/env node
// Writes the reference/current CSV pairs of the drift fixtures too large to commit
// (20,000 and 200,000 rows), byte for byte the same on every machine:
//
//   node scripts/reference/validate-drift-data.mjs <out-dir> <name> <reference-rows> <current-rows>
//
// writes <out-dir>/<name>-reference.csv and <name>-current.csv and prints their sha256.
// scripts/reference/validate_drift_reference.py runs it to compute scipy's statistics on
// the files; test/validate/drift-against-scipy.test.ts runs it again and checks the sha256
// recorded in test/fixtures/validate-drift/expected.json before comparing mlship with scipy.
//
// Only integer arithmetic and IEEE-754 +, −, ×, ÷ are used (no Math.log/exp/sin, whose
// last bit may differ between platforms): uniforms from splitmix32, normals as the
// Irwin–Hall sum of 12 uniforms minus 6. Numbers are written with String() (the shortest
// text that reads back as the same double, as Python's repr) or toFixed(2).

import { createHash } from "node:crypto";
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export const COLUMNS = ["x", "price", "n", "k", "flag", "c", "b"];
const COLORS = ["red", "green", "blue", "black", "white"];

/** splitmix32: a uniform in [0, 1) with 32 random bits. */
function uniforms(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
  };
}

/** Index drawn with the given probabilities (summing to 1). */
function pick(u, probabilities) {
  let rest = u;
  for (let i = 0; i < probabilities.length - 1; i++) {
    rest -= probabilities[i];
    if (rest < 0) return i;
  }
  return probabilities.length - 1;
}

/** The two sides: the current data drifts a little in every column. */
const SIDES = {
  reference: {
    seed: 20250611,
    x: [50, 10],
    price: [20, 80, 2],
    n: [30, 8],
    k: [0.4, 0.3, 0.2, 0.1],
    flag: 0.3,
    c: [0.4, 0.3, 0.2, 0.0995, 0.0005],
    b: 0.3,
  },
  current: {
    seed: 20250612,
    x: [50.8, 10.5],
    price: [21, 80, 2],
    n: [31, 8],
    k: [0.35, 0.3, 0.2, 0.15],
    flag: 0.32,
    // No "white" at all in the current data: a zero share on one side (Evidently's zero fill).
    c: [0.38, 0.3, 0.22, 0.1, 0],
    b: 0.33,
  },
};

/** One CSV line per row of one side. */
export function* csvLines(side, rows, sizeSeed) {
  const spec = SIDES[side];
  const u = uniforms(spec.seed + sizeSeed);
  const normal = () => {
    let sum = 0;
    for (let i = 0; i < 12; i++) sum += u();
    return sum - 6;
  };
  yield `${COLUMNS.join(",")}\n`;
  for (let r = 0; r < rows; r++) {
    const x = spec.x[0] + spec.x[1] * normal();
    const a = u();
    const cents = Math.max(
      1,
      Math.round((spec.price[0] + spec.price[1] * a * a + spec.price[2] * normal()) * 100),
    );
    const price = u() < 0.01 ? "" : (cents / 100).toFixed(2); // 1% missing
    const n = Math.round(spec.n[0] + spec.n[1] * normal());
    const k = pick(u(), spec.k);
    const flag = u() < spec.flag ? 1 : 0;
    const c = COLORS[pick(u(), spec.c)];
    const b = u() < spec.b ? "yes" : "no";
    yield `${String(x)},${price},${n},${k},${flag},${c},${b}\n`;
  }
}

/** Writes one side's CSV (through a temporary file) and returns its sha256. */
export function writeSide(file, side, rows, sizeSeed) {
  const parts = [];
  for (const line of csvLines(side, rows, sizeSeed)) parts.push(line);
  const bytes = Buffer.from(parts.join(""), "utf8");
  writeFileSync(`${file}.tmp`, bytes);
  renameSync(`${file}.tmp`, file);
  return createHash("sha256").update(bytes).digest("hex");
}

function main() {
  const [dir, name, referenceRows, currentRows] = process.argv.slice(2);
  const sizes = [Number(referenceRows), Number(currentRows)];
  if (!dir || !name || !sizes.every((n) => Number.isInteger(n) && n > 0)) {
    process.stderr.write("usage: validate-drift-data.mjs <out-dir> <name> <reference-rows> <current-rows>\n");
    process.exit(2);
  }
  mkdirSync(dir, { recursive: true });
  const out = {};
  for (const [i, side] of ["reference", "current"].entries()) {
    const file = join(dir, `${name}-${side}.csv`);
    out[side] = { file, rows: sizes[i], sha256: writeSide(file, side, sizes[i], sizes[0]) };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) main();
