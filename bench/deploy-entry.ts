/**
 * Rollout benchmarks (issue 12, "Speed and cost"), bundled and run by bench/deploy.mjs:
 *
 *   models <fixture.onnx> <dir>
 *                        writes good-1.onnx (the fixture), good-2.onnx and good-3.onnx (the same model
 *                        with other doc strings: other bytes, the same predictions) and drifted.onnx (every coefficient
 *                        negated: p(1) becomes 1 - p(1)) into <dir>
 *   github               starts a fake GitHub and prints its URL, token and repository; then reads commands
 *                        from stdin, one per line: `reset` forgets the requests counted so far, `calls` prints
 *                        them; end of input stops it
 *   analysis <url> <token> <model> <stable> <candidate> <repeats>
 *                        the analysis of one step as the engine runs it, against the server's stats: read
 *                        the figures (GET /admin/models/{name}/stats) and judge ten checks on them, <repeats>
 *                        times; prints the durations (ms) of the read, the judging and both
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import onnxProto from "onnx-proto";
import { analyse, parseChecks } from "../src/deploy/analysis.js";
import { ServerStatsSource } from "../src/deploy/server-stats-source.js";
import { startFakeGitHub } from "../test/support/fake-github.js";

const [mode, ...rest] = process.argv.slice(2);
const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
const { onnx } = onnxProto;

/** Ten checks a careful team might configure: every live figure, absolute caps and relative bounds. */
const TEN_CHECKS = [
  "error_rate <= stable + 0.01",
  "error_rate < 0.05",
  "latency_p99_ms <= stable * 1.5",
  "latency_p99_ms < 250",
  "latency_p50_ms <= stable * 1.5",
  "latency_p50_ms < 100",
  "requests >= 50",
  "prediction_psi < 0.2",
  "prediction_js < 0.1",
  "prediction_psi < 0.25",
];

async function models(fixture: string, dir: string): Promise<void> {
  const { readFile } = await import("node:fs/promises");
  const bytes = await readFile(fixture);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "good-1.onnx"), bytes);
  const good = onnx.ModelProto.decode(bytes);
  good.docString = "the same model, packaged again";
  await writeFile(join(dir, "good-2.onnx"), onnx.ModelProto.encode(good).finish());
  good.docString = "the same model, packaged a third time";
  await writeFile(join(dir, "good-3.onnx"), onnx.ModelProto.encode(good).finish());
  const drifted = onnx.ModelProto.decode(bytes);
  const node = drifted.graph?.node?.find((n) => n.opType === "LinearClassifier");
  if (!node?.attribute) throw new Error(`${fixture} has no LinearClassifier to negate`);
  for (const attribute of node.attribute) {
    if (attribute.name === "coefficients" || attribute.name === "intercepts")
      attribute.floats = (attribute.floats ?? []).map((x) => -x);
  }
  await writeFile(join(dir, "drifted.onnx"), onnx.ModelProto.encode(drifted).finish());
  print({ dir });
}

async function github(): Promise<void> {
  const fake = await startFakeGitHub();
  print({ url: fake.url, token: fake.token, repository: `${fake.owner}/${fake.repo}` });
  const { createInterface } = await import("node:readline");
  const lines = createInterface({ input: process.stdin });
  lines.on("line", (line) => {
    if (line === "reset") {
      fake.resetCalls();
      print({ reset: true });
    } else if (line === "calls") {
      print({ calls: fake.calls.map((c) => ({ method: c.method, path: c.path, status: c.status })) });
    }
  });
  lines.on("close", () => fake.close().then(() => process.exit(0)));
}

async function analysis(args: string[]): Promise<void> {
  const [url, token, model, stable, candidate, repeats] = args;
  const source = new ServerStatsSource({ url, token });
  const checks = parseChecks(TEN_CHECKS.map((text) => ({ text, source: "bench" })));
  const read: number[] = [];
  const judge: number[] = [];
  let verdict = "";
  for (let i = 0; i < Number(repeats); i++) {
    const t0 = performance.now();
    const figures = await source.figures({ model, windowSeconds: 60, arms: { stable, candidate } });
    const t1 = performance.now();
    const result = analyse(checks, figures);
    const t2 = performance.now();
    read.push(t1 - t0);
    judge.push(t2 - t1);
    verdict = result.verdict;
  }
  print({ checks: checks.length, verdict, readMs: read, judgeMs: judge });
}

async function main(): Promise<void> {
  if (mode === "models") await models(rest[0], rest[1]);
  else if (mode === "github") await github();
  else if (mode === "analysis") await analysis(rest);
  else {
    process.stderr.write(`unknown mode ${mode}\n`);
    process.exit(2);
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
