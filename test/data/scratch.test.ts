import { readdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { it } from "vitest";
import { CsvReader } from "../../src/data/readers/csv-reader.js";
import { JsonlReader } from "../../src/data/readers/jsonl-reader.js";

it("scratch", async () => {
  const big = "a,b\n" + "1,2\n".repeat(2_000_000);
  writeFileSync("/tmp/probe/h.csv.gz", gzipSync(big));
  writeFileSync("/tmp/probe/h.csv", big);
  const fds = () => readdirSync("/proc/self/fd").length;
  const before = fds();
  for (let i = 0; i < 20; i++) await new CsvReader("/tmp/probe/h.csv.gz").columns();
  await new Promise((r) => setTimeout(r, 200));
  console.log("gz", before, fds());
  const b2 = fds();
  for (let i = 0; i < 20; i++) await new CsvReader("/tmp/probe/h.csv").columns();
  await new Promise((r) => setTimeout(r, 200));
  console.log("plain", b2, fds());
  // break out of batches early
  const b3 = fds();
  for (let i = 0; i < 20; i++) {
    for await (const _ of new CsvReader("/tmp/probe/h.csv.gz").batches()) break;
  }
  await new Promise((r) => setTimeout(r, 200));
  console.log("gz-batches-break", b3, fds());
});
