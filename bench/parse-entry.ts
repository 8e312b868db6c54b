// Child process of bench/parsers.mjs for mlship's own CSV scanner. Bundled with ncc into
// bench/.build/parse-entry/ before measuring. Usage (after bundling):
//   node bench/.build/parse-entry/index.js <mode> <file.csv>
// Modes:
//   count   iterate the batches and only count rows
//   fields  batch.number() on the 5 numeric columns (isMissing first) and batch.text() on the
//           4 categorical columns
//   text    batch.text() on every cell (the same work the other parsers do: a string per field)
// Prints one JSON line: { rows, seconds, checks } where seconds covers opening the file to the
// last batch (module loading and Node's start-up excluded; the parent times those separately).
import { CsvReader } from "../src/data/readers/csv-reader.js";

const NUMERIC = ["tenure_months", "monthly_charges", "total_charges", "support_calls", "churned"];
const CATEGORICAL = ["age_band", "region", "plan", "is_autopay"];

function indexes(columns: string[], names: string[]): number[] {
  return names.map((name) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`column ${name} not in header: ${columns.join(",")}`);
    return i;
  });
}

async function main(): Promise<void> {
  const [mode, file] = process.argv.slice(2);
  if (!file || !["count", "fields", "text"].includes(mode)) {
    console.error("usage: parse-entry <count|fields|text> <file.csv>");
    process.exit(2);
  }
  const started = process.hrtime.bigint();
  const reader = new CsvReader(file);
  let rows = 0;
  const checks: Record<string, number> = {};
  if (mode === "count") {
    for await (const batch of reader.batches()) rows += batch.rows;
  } else if (mode === "fields") {
    const columns = await reader.columns();
    const num = indexes(columns, NUMERIC);
    const cat = indexes(columns, CATEGORICAL);
    let numSum = 0;
    let numMissing = 0;
    let numNaN = 0;
    let textChars = 0;
    for await (const batch of reader.batches()) {
      const n = batch.rows;
      for (let r = 0; r < n; r++) {
        for (let k = 0; k < num.length; k++) {
          const c = num[k];
          if (batch.isMissing(r, c)) {
            numMissing++;
            continue;
          }
          const v = batch.number(r, c);
          if (!Number.isNaN(v)) numSum += v;
          else numNaN++;
        }
        for (let k = 0; k < cat.length; k++) textChars += batch.text(r, cat[k]).length;
      }
      rows += n;
    }
    Object.assign(checks, { numSum, numMissing, numNaN, categoricalChars: textChars });
  } else {
    const columns = await reader.columns();
    const width = columns.length;
    let fieldChars = 0;
    for await (const batch of reader.batches()) {
      const n = batch.rows;
      for (let r = 0; r < n; r++) for (let c = 0; c < width; c++) fieldChars += batch.text(r, c).length;
      rows += n;
    }
    checks.fieldChars = fieldChars;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(`${JSON.stringify({ rows, seconds, checks })}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
