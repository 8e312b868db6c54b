import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { servedPrediction } from "../../test/support/served-prediction.js";
import { openTable } from "../data/readers/open-table.js";
import { PredictionLog, sampled } from "./prediction-log.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-prediction-log-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ROW = { tenure: 12, plan: "basic" };
const OUTPUT = { label: "1", probabilities: { "0": 0.25, "1": 0.75 } };

function prediction(requestId: string, rows = 1, arm: "stable" | "candidate" | "shadow" = "stable") {
  return servedPrediction({
    requestId,
    arm,
    rows: Array.from({ length: rows }, () => ROW),
    outputs: Array.from({ length: rows }, () => OUTPUT),
  });
}

async function finishedLines(folder: string): Promise<Record<string, unknown>[]> {
  const names = (await readdir(folder)).filter((n) => n.endsWith(".jsonl")).sort();
  const texts = await Promise.all(names.map((n) => readFile(join(folder, n), "utf8")));
  return texts.flatMap((t) => t.split("\n").filter(Boolean)).map((l) => JSON.parse(l));
}

describe("PredictionLog queue", () => {
  it("drops whole requests beyond the queue's bound, counts every dropped line and says so in the log", async () => {
    const messages: string[] = [];
    let counted = 0;
    const log = await PredictionLog.open(dir, {
      sample: 1,
      maxBytes: 64 * 1024 * 1024,
      log: (m) => messages.push(m),
      onDropped: (lines) => {
        counted += lines;
      },
      queueLimitBytes: 2000,
    });
    // Recorded in one go, before the writer can take anything: the queue holds what fits in 2000 bytes.
    for (let i = 0; i < 20; i++) log.record(prediction(`r${i}`, 3));
    expect(log.pendingBytes).toBeLessThanOrEqual(2000);
    await log.close();
    const lines = await finishedLines(join(dir, "churn"));
    expect(log.dropped).toBeGreaterThan(0);
    expect(counted).toBe(log.dropped);
    expect(lines.length + log.dropped).toBe(60);
    expect(lines.length % 3).toBe(0);
    expect(messages.join("\n")).toMatch(/prediction log: dropping lines: the queue holds 2000 bytes/);
    expect(messages.join("\n")).toContain(`prediction log: ${log.dropped} lines dropped`);
  });

  it("logs nothing for a refused request or after it is closed", async () => {
    const log = await PredictionLog.open(dir, { sample: 1, maxBytes: 1024, log: () => {} });
    log.record({ ...prediction("bad"), status: 400 });
    await log.close();
    log.record(prediction("late"));
    expect(await readdir(dir)).toEqual([]);
  });
});

describe("PredictionLog files", () => {
  it("finishes a file at the size limit and renames it .jsonl, leaving no .partial after close", async () => {
    const log = await PredictionLog.open(dir, { sample: 1, maxBytes: 1024, log: () => {} });
    for (let i = 0; i < 50; i++) {
      log.record(prediction(`r${i}`, 2));
      await new Promise((done) => setImmediate(done));
    }
    await log.close();
    const names = await readdir(join(dir, "churn"));
    expect(names.length).toBeGreaterThan(3);
    expect(names.every((n) => /^predictions-\d{8}T\d{9}Z-\d+-\d{6}\.jsonl$/.test(n))).toBe(true);
    const lines = await finishedLines(join(dir, "churn"));
    expect(lines.map((l) => `${l.requestId}/${l.row}`)).toEqual(
      Array.from({ length: 50 }, (_, i) => [`r${i}/0`, `r${i}/1`]).flat(),
    );
  });

  it("refuses a folder that is a file, naming --log-predictions's setting and the path", async () => {
    const file = join(dir, "taken");
    await writeFile(file, "");
    await expect(
      PredictionLog.open(file, { sample: 1, maxBytes: 1024, log: () => {} }),
    ).rejects.toMatchObject({
      code: "not_a_folder",
      location: { setting: "logPredictions", file },
    });
  });
});

describe("sampled", () => {
  it("keeps every request at 1 and about the share asked over many request ids", () => {
    expect(sampled("anything", 1)).toBe(true);
    const kept = Array.from({ length: 4000 }, (_, i) => sampled(`req-${i}`, 0.25)).filter(Boolean).length;
    // Binomial(4000, 0.25): sd 27; the hash is fixed, so this is a fixed count within 4 sd.
    expect(Math.abs(kept - 1000)).toBeLessThan(110);
  });
});

describe("a prediction log read as a dataset", () => {
  it("has the inputs as columns and leaves out the shadow copies", async () => {
    const log = await PredictionLog.open(dir, { sample: 1, maxBytes: 1024 * 1024, log: () => {} });
    log.record(prediction("a", 2));
    log.record(prediction("a", 2, "shadow"));
    log.record(prediction("b", 1, "candidate"));
    await log.close();
    const [name] = await readdir(join(dir, "churn"));
    const reader = openTable(join(dir, "churn", name));
    expect(await reader.columns()).toEqual(["tenure", "plan"]);
    expect(reader.predictionLog).toBe(true);
    let rows = 0;
    for await (const batch of reader.batches()) rows += batch.rows;
    expect(rows).toBe(3);
  });
});
