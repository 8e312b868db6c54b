/**
 * `mlship train` as a user runs it: the built CLI in place (so it finds the
 * onnxruntime-node installed beside it), in a temporary working folder.
 */
import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXAMPLES, expectUserError, ROOT } from "./run-cli.js";

const cli = join(ROOT, "dist/cli/index.js");
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-train-cli-"));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

function train(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, "train", ...args], { cwd: dir }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === "number" ? error.code : null) : 0, stdout, stderr });
    });
  });
}

const base = [
  "--data",
  join(EXAMPLES, "churn-reference.csv"),
  "--label",
  "churned",
  "--schema",
  join(ROOT, "examples/schema.yml"),
];

/** An mlship.yml whose command trainer reports its `quality` param as roc_auc at five steps, with these search lines. */
async function writeProgressSearchConfig(name: string, searchLines: string[]): Promise<string> {
  const trainer = join(ROOT, "test/fixtures/trainers/progress-trainer.mjs");
  const model = join(ROOT, "test/fixtures/models/binary-linear-zipmap.onnx");
  const config = join(dir, name);
  await writeFile(
    config,
    ["train:", `  command: ${JSON.stringify(`node ${trainer} ${model}`)}`, "  search:", ...searchLines].join(
      "\n",
    ),
  );
  return config;
}

/** An mlship.yml with a small random search over builtin:logistic's C. */
async function writeSearchConfig(): Promise<string> {
  const config = join(dir, "search.yml");
  await writeFile(
    config,
    [
      "label: churned",
      `data: { train: ${JSON.stringify(join(EXAMPLES, "churn-reference.csv"))} }`,
      `schema: ${JSON.stringify(join(ROOT, "examples/schema.yml"))}`,
      "train:",
      "  search:",
      "    method: random",
      "    trials: 3",
      "    space: { C: { type: loguniform, low: 0.001, high: 10 } }",
    ].join("\n"),
  );
  return config;
}

describe("mlship train", () => {
  it("trains builtin:logistic, writes model.onnx and metrics.json, then restores them from the cache", async () => {
    const first = await train([...base, "--out", "model"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^trained builtin:logistic on 3,200 rows/);
    expect(first.stdout).toMatch(/roc_auc\s+0\.\d+/);
    const metrics = JSON.parse(await readFile(join(dir, "model", "metrics.json"), "utf8"));
    expect(metrics.validation.metrics.roc_auc).toBeGreaterThan(0.7);
    const second = await train([...base, "--out", "again", "--json", "run.json"]);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/^cache hit: restored/);
    expect(JSON.parse(await readFile(join(dir, "run.json"), "utf8")).cacheHit).toBe(true);
    expect(await readFile(join(dir, "again", "model.onnx"))).toEqual(
      await readFile(join(dir, "model", "model.onnx")),
    );
  });

  it("trains builtin:gbdt with params, and its cache entry is its own", async () => {
    const result = await train([
      ...base,
      "--trainer",
      "builtin:gbdt",
      "--param",
      "max_iter=30",
      "--out",
      "gbdt",
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^trained builtin:gbdt on 3,200 rows \(binary/);
    const metrics = JSON.parse(await readFile(join(dir, "gbdt", "metrics.json"), "utf8"));
    expect(metrics.params).toMatchObject({ max_iter: 30 });
    expect(metrics.validation.metrics.roc_auc).toBeGreaterThan(0.7);
  });

  it("trains again with --no-cache", async () => {
    const result = await train([...base, "--out", "fresh", "--no-cache"]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^trained/);
  });

  it("refuses a trainer that is not there, a bad param and a missing label with exit 2", async () => {
    expectUserError(await train([...base, "--trainer", "builtin:xgboost"]));
    expectUserError(await train([...base, "--param", "C"]));
    expectUserError(await train([...base, "--param", "depth=3"]));
    const missing = await train(["--data", join(EXAMPLES, "churn-reference.csv"), "--label", "nope"]);
    expectUserError(missing);
    expect(missing.stderr).toMatch(/"nope" is not in/);
  });

  it("runs your own trainer with --command, checks its model loads, and caches it by params and code", async () => {
    const trainer = join(ROOT, "test/fixtures/trainers/copy-model.mjs");
    const model = join(ROOT, "test/fixtures/models/binary-linear-zipmap.onnx");
    const command = ["--command", `node ${trainer} ${model}`];
    const first = await train([...command, "--param", "C=2", "--out", "own"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^trained with node .*copy-model\.mjs/);
    expect(first.stderr).toMatch(/copied .* with C=2/);
    const metrics = JSON.parse(await readFile(join(dir, "own", "metrics.json"), "utf8"));
    expect(metrics).toMatchObject({ trainer: "command", params: { C: "2" }, metrics: { roc_auc: 0.7 } });
    expect((await train([...command, "--param", "C=2", "--out", "own2"])).stdout).toMatch(/^cache hit/);
    expect((await train([...command, "--param", "C=3", "--out", "own3"])).stdout).toMatch(/^trained/);
  });

  it("refuses a command's output that is not an ONNX model, with exit 2 and the reason", async () => {
    const trainer = join(ROOT, "test/fixtures/trainers/copy-model.mjs");
    const result = await train(["--command", `node ${trainer} ${trainer}`, "--out", "bad", "--no-cache"]);
    // The program's own output comes first on stderr, then mlship's one-line error.
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).toMatch(/^mlship: error: .*not (an )?ONNX/im);
  });

  it("searches train.search.space with --search, resumes from the study file, and keeps the best trial's model", async () => {
    const config = await writeSearchConfig();
    const first = await train(["--config", config, "--search", "random", "--out", "search"]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^search \(random, 3 trials, maximize roc_auc\): best trial \d/);
    const more = await train(["--config", config, "--search", "random", "--trials", "4", "--out", "search"]);
    expect(more.code, more.stderr).toBe(0);
    const summary = JSON.parse(await readFile(join(dir, "search", "search.json"), "utf8"));
    expect(summary.trials).toHaveLength(4);
    const bestMetrics = JSON.parse(await readFile(join(dir, "search", "metrics.json"), "utf8"));
    expect(bestMetrics.validation.metrics.roc_auc).toBe(summary.best.value);
    expect(Math.max(...summary.trials.map((t: { value: number }) => t.value))).toBe(summary.best.value);
  });

  it("runs trials in parallel processes with --parallel, suggesting what a serial search suggests", async () => {
    const config = await writeSearchConfig();
    const serial = await train([
      "--config",
      config,
      "--search",
      "random",
      "--trials",
      "3",
      "--out",
      "serial",
      "--no-cache",
    ]);
    const parallel = await train([
      "--config",
      config,
      "--search",
      "random",
      "--trials",
      "3",
      "--parallel",
      "2",
      "--out",
      "parallel",
      "--no-cache",
    ]);
    expect(parallel.code, parallel.stderr).toBe(0);
    const trials = async (out: string) =>
      JSON.parse(await readFile(join(dir, out, "search.json"), "utf8")).trials.map(
        (t: { params: unknown; value: number }) => [t.params, t.value],
      );
    expect(serial.code, serial.stderr).toBe(0);
    expect(await trials("parallel")).toEqual(await trials("serial"));
  });

  it("fans a search out: --plan, each --trial as its own process, then --collect picks the best", async () => {
    const config = await writeSearchConfig();
    const plan = await train(["--config", config, "--search", "random", "--plan", "3"]);
    expect(plan.code, plan.stderr).toBe(0);
    const matrix = JSON.parse(plan.stdout) as { include: { trial: number; params: { C: number } }[] };
    expect(matrix.include.map((entry) => entry.trial)).toEqual([0, 1, 2]);
    const jobs = await Promise.all(
      matrix.include.map((entry) =>
        train([
          "--config",
          config,
          "--trial",
          JSON.stringify(entry),
          "--out",
          join("fanout", `job-${entry.trial}`),
          "--no-cache",
        ]),
      ),
    );
    for (const job of jobs) expect(job.code, job.stderr).toBe(0);
    const collected = await train(["--config", config, "--collect", "fanout", "--out", "fanout-best"]);
    expect(collected.code, collected.stderr).toBe(0);
    const summary = JSON.parse(await readFile(join(dir, "fanout-best", "search.json"), "utf8"));
    expect(summary.trials.map((t: { params: unknown }) => t.params)).toEqual(
      matrix.include.map((e) => e.params),
    );
    const best = JSON.parse(await readFile(join(dir, "fanout-best", "metrics.json"), "utf8"));
    expect(best.validation.metrics.roc_auc).toBe(summary.best.value);
    const study = (await readFile(join(dir, "fanout-best", "study.jsonl"), "utf8")).trim().split("\n");
    expect(study).toHaveLength(1 + 2 * 3);
  });

  it("refuses a --trial that is not one entry of a plan", async () => {
    const result = await train([...base, "--trial", '{"params": 3}']);
    expectUserError(result);
    expect(result.stderr).toMatch(/--trial: expected/);
  });

  it("prunes a command trial whose reported objective lags, stopping its program", async () => {
    const config = await writeProgressSearchConfig("prune.yml", [
      "    method: grid",
      "    trials: 3",
      "    pruner: { type: median, nStartupTrials: 2 }",
      "    space: { quality: { type: choice, values: [0.9, 0.8, 0.2] } }",
    ]);
    const result = await train(["--config", config, "--search", "grid", "--out", "pruned", "--no-cache"]);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(await readFile(join(dir, "pruned", "search.json"), "utf8"));
    expect(summary.trials.map((t: { status: string }) => t.status)).toEqual([
      "complete",
      "complete",
      "pruned",
    ]);
    expect(summary.best).toMatchObject({ trial: 0, value: 0.9 });
  });

  it("runs --search tpe --trials 30 --parallel 2 with pruning, and resumes after being killed mid-way", async () => {
    const config = await writeProgressSearchConfig("tpe.yml", [
      "    method: tpe",
      "    trials: 30",
      "    pruner: { type: median, nStartupTrials: 5 }",
      "    space: { quality: { type: uniform, low: 0, high: 1 } }",
    ]);
    const args = [
      cli,
      "train",
      "--config",
      config,
      "--search",
      "tpe",
      "--trials",
      "30",
      "--parallel",
      "2",
      "--out",
      "tpe",
      "--no-cache",
    ];
    // Kill the first run once a few trials have finished.
    const first = spawn(process.execPath, args, { cwd: dir, stdio: "ignore" });
    const study = join(dir, "tpe", "study.jsonl");
    for (let waited = 0; waited < 60_000; waited += 100) {
      const text = await readFile(study, "utf8").catch(() => "");
      if ((text.match(/"event":"finished"/g) ?? []).length >= 6) break;
      await new Promise((done) => setTimeout(done, 100));
    }
    first.kill("SIGKILL");
    await new Promise((done) => first.once("exit", done));
    const resumed = await train(args.slice(2));
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = JSON.parse(await readFile(join(dir, "tpe", "search.json"), "utf8"));
    const statuses: string[] = summary.trials.map((t: { status: string }) => t.status);
    expect(summary.trials.map((t: { trial: number }) => t.trial)).toEqual(statuses.map((_, i) => i));
    // Trials cut off by the kill are recorded as failed; the budget counts finished trials.
    expect(statuses.filter((s) => s !== "running")).toHaveLength(30);
    expect(statuses.filter((s) => s === "pruned").length).toBeGreaterThan(0);
    expect(summary.best.value).toBeGreaterThan(0.8);
  }, 120_000);

  it("asks for a search space when --search has none", async () => {
    const result = await train([...base, "--search", "tpe"]);
    expectUserError(result);
    expect(result.stderr).toMatch(/train\.search\.space/);
  });
});
