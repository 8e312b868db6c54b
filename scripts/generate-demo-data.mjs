#!/usr/bin/env node
// Writes the demo churn data under examples/data/ (same bytes on every run):
//   node scripts/generate-demo-data.mjs [--out <dir>]
import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parquetWriteBuffer } from "hyparquet-writer";
import { CHURN_COLUMN_TYPES, CHURN_COLUMNS, csvHeader, generateRows, toCsvLine } from "./lib/churn-data.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * @typedef {object} Dataset
 * @property {string} name file name without extension
 * @property {number} seed
 * @property {number} rows
 * @property {boolean} drift
 * @property {boolean} later
 * @property {number} idStart
 * @property {string} description
 */

/** @type {Dataset[]} */
export const DATASETS = [
  {
    name: "churn-reference",
    seed: 42,
    rows: 4000,
    drift: false,
    later: false,
    idStart: 1,
    description: "training-time data (the reference for drift checks)",
  },
  {
    name: "churn-current",
    seed: 7,
    rows: 1500,
    drift: true,
    later: true,
    idStart: 500001,
    description: "a later production batch **with drift**",
  },
  {
    name: "churn-current-clean",
    seed: 8,
    rows: 1500,
    drift: false,
    later: true,
    idStart: 700001,
    description: "a later production batch **without drift** (same distributions as the reference)",
  },
];

/**
 * Write a file atomically: a temp file beside it, then rename.
 * @param {string} path
 * @param {string | Uint8Array} data
 */
function writeAtomic(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
}

/** @param {Dataset} d */
function rowsOf(d) {
  return [
    ...generateRows({ seed: d.seed, rows: d.rows, drift: d.drift, later: d.later, idStart: d.idStart }),
  ];
}

/** @param {Record<string, unknown>[]} rows */
function toCsv(rows) {
  const lines = [csvHeader()];
  for (const row of rows) lines.push(toCsvLine(row));
  return `${lines.join("\n")}\n`;
}

/** @param {Record<string, unknown>[]} rows */
function toJsonl(rows) {
  let out = "";
  for (const row of rows) {
    /** @type {Record<string, unknown>} */
    const ordered = {};
    for (const column of CHURN_COLUMNS) ordered[column] = row[column] ?? null;
    out += `${JSON.stringify(ordered)}\n`;
  }
  return out;
}

/** @type {Record<string, import("hyparquet-writer").BasicType>} */
const PARQUET_TYPES = {
  string: "STRING",
  date: "STRING",
  category: "STRING",
  integer: "INT32",
  number: "DOUBLE",
  boolean: "BOOLEAN",
};

/** @param {Record<string, unknown>[]} rows */
function toParquet(rows) {
  const buffer = parquetWriteBuffer({
    columnData: CHURN_COLUMNS.map((name) => ({
      name,
      type: PARQUET_TYPES[CHURN_COLUMN_TYPES[name]],
      data: rows.map((row) => row[name] ?? null),
    })),
    createdBy: "mlship scripts/generate-demo-data.mjs",
  });
  return new Uint8Array(buffer);
}

function readme() {
  const list = DATASETS.map(
    (d) =>
      `| \`${d.name}.csv\` | ${d.rows} | ${d.seed} | ${d.drift ? "on" : "off"} | C${String(d.idStart).padStart(6, "0")}… | ${d.description} |`,
  ).join("\n");
  return `# Demo data: customer churn

Synthetic, seeded data for the examples, the tests and \`mlship demo\`. **Do not edit by hand**:
regenerate with

\`\`\`sh
node scripts/generate-demo-data.mjs     # or: npm run generate:examples
\`\`\`

The generator (\`scripts/lib/churn-data.mjs\`) uses its own seeded PRNG (xoshiro128**), so every
run writes the same bytes on every machine.

| file | rows | seed | drift | ids from | what it is |
|---|---:|---:|---|---|---|
${list}
| \`churn-reference.jsonl\` | 4000 | 42 | off | C000001… | the same rows as \`churn-reference.csv\`, JSON Lines |
| \`churn-reference.parquet\` | 4000 | 42 | off | C000001… | the same rows as \`churn-reference.csv\`, Parquet (snappy, row groups of 1000 + 3000) |

## Columns

| column | type | notes |
|---|---|---|
| \`customer_id\` | string | \`C\` + 6 digits; unique except for the planted duplicate rows |
| \`signup_date\` | ISO date | \`YYYY-MM-DD\`; snapshot month minus \`tenure_months\` (a string in Parquet too) |
| \`age_band\` | category | \`18-24\`, \`25-34\`, \`35-44\`, \`45-54\`, \`55-64\`, \`65+\` — the **sensitive attribute** for fairness checks |
| \`region\` | category | \`north\`, \`south\`, \`east\`, \`west\`, \`central\`; ~1% missing |
| \`plan\` | category | \`basic\`, \`standard\`, \`premium\` |
| \`tenure_months\` | integer | 0..72 |
| \`monthly_charges\` | number | 2 decimals, 18..120 (up to 150 in the drifted batch); ~0.15% outliers of \`9999.99\` |
| \`total_charges\` | number | ≈ tenure × monthly charges with noise; ~1.5% missing |
| \`support_calls\` | integer | Poisson; ~1.2% missing; ~0.15% outliers of \`40\` |
| \`is_autopay\` | boolean | \`true\` / \`false\` |
| \`last_feedback\` | string | short free text, some with commas and \`"quotes"\` (RFC 4180 quoted in CSV); ~22% empty (\`""\`) |
| \`churned\` | integer | the **label**, 0/1, from a logistic function of tenure, charges, support calls, autopay, plan and (slightly) age band; ~25% positive in the reference |

About 0.2% of the rows are exact duplicates of an earlier row.

Missing values are an empty field in CSV and \`null\` in JSONL and Parquet. An empty
\`last_feedback\` is an empty string (\`""\` in JSONL and Parquet, an empty field in CSV).

## The drifted batch

\`churn-current.csv\` drifts against the reference: \`monthly_charges\` +25%, a different
\`region\` mix (south and west up, north, east and central down), shorter \`tenure_months\`,
more \`support_calls\`, and so a higher churn rate (~44%; the label still follows the same
function of the features). \`age_band\`, \`plan\` and \`is_autopay\` keep their distributions,
so a drift report shows some columns drifting and some not. \`churn-current-clean.csv\` is a
later batch drawn from the reference distributions: a drift check against the reference
should pass.
`;
}

function main() {
  const args = process.argv.slice(2);
  const outIndex = args.indexOf("--out");
  const outDir = outIndex >= 0 ? resolve(args[outIndex + 1]) : join(root, "examples", "data");
  /** @type {[string, string | Uint8Array][]} */
  const files = [];
  for (const d of DATASETS) {
    const rows = rowsOf(d);
    files.push([`${d.name}.csv`, toCsv(rows)]);
    if (d.name === "churn-reference") {
      files.push([`${d.name}.jsonl`, toJsonl(rows)]);
      files.push([`${d.name}.parquet`, toParquet(rows)]);
    }
  }
  files.push(["README.md", readme()]);
  for (const [name, data] of files) {
    const path = join(outDir, name);
    writeAtomic(path, data);
    const bytes = typeof data === "string" ? Buffer.byteLength(data) : data.byteLength;
    console.log(`wrote ${relative(process.cwd(), path) || path} (${bytes} bytes)`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
