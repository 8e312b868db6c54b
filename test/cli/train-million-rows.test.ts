/**
 * `mlship train` the way a user runs it, at a realistic size: the built CLI on a 1,000,000-row CSV
 * file (numbers, categories, a 0/1 label), for both built-in trainers. The stratified split, the
 * feature plans and the exporters once spread arrays as long as the data into calls and crashed
 * here with "Maximum call stack size exceeded".
 */
import { once } from "node:events";
import { createWriteStream, existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { readJson, useCli } from "./run-cli.js";

const ROWS = 1_000_000;
const cli = useCli("train-million");

/** Writes ROWS seeded rows: two numbers, a whole number, two categories, a missing value now and then. */
async function writeCsv(path: string): Promise<void> {
  const out = createWriteStream(path);
  let state = 12345;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 4294967296;
  };
  const plans = ["basic", "standard", "premium"];
  const regions = ["north", "south", "east", "west", "central"];
  out.write("tenure,charges,calls,plan,region,churned\n");
  const lines: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    const tenure = Math.floor(random() * 72);
    const charges = 20 + random() * 100;
    const calls = Math.floor(random() * 6);
    const plan = plans[Math.floor(random() * 3)];
    const region = random() < 0.01 ? "" : regions[Math.floor(random() * 5)];
    const logit = -1 - tenure / 30 + charges / 60 + calls * 0.4 + (plan === "basic" ? 0.5 : 0);
    const churned = random() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    lines.push(`${tenure},${charges.toFixed(2)},${calls},${plan},${region},${churned}`);
    if (lines.length === 10_000) {
      if (!out.write(`${lines.join("\n")}\n`)) await once(out, "drain");
      lines.length = 0;
    }
  }
  out.end();
  await once(out, "finish");
}

describe("mlship train on a 1,000,000-row CSV", () => {
  it.each([
    ["builtin:gbdt", ["max_iter=3"]],
    ["builtin:logistic", ["max_iter=20"]],
  ])(
    "%s writes model.onnx and metrics.json with exit 0",
    async (trainer, params) => {
      if (!existsSync(cli.path("million.csv"))) await writeCsv(cli.path("million.csv"));
      const out = `out-${trainer.slice(8)}`;
      const result = await cli.run([
        "train",
        "--data",
        "million.csv",
        "--label",
        "churned",
        "--trainer",
        trainer,
        ...params.flatMap((p) => ["--param", p]),
        "--no-cache",
        "--out",
        out,
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(existsSync(cli.path(`${out}/model.onnx`))).toBe(true);
      const metrics = await readJson<{ rows: { train: number; validation: number }; features: string[] }>(
        cli.path(`${out}/metrics.json`),
      );
      expect(metrics.rows.train + metrics.rows.validation).toBe(ROWS);
      expect(metrics.features).toEqual(["tenure", "charges", "calls", "plan", "region"]);
    },
    600_000,
  );
});
