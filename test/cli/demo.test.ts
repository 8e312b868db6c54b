/**
 * `npm run demo` (mlship demo): the lifecycle on the bundled example ends with one passing and one
 * failing gate, then serves the production model with the model server, shows one Open Inference
 * Protocol v2 exchange and the metrics of its traffic, and stops the server; then rolls out under load:
 * a good canary made stable, a drifted one rolled back by the analysis with an incident, a rollback and
 * a promotion. One run of the demo (with --workdir, to keep the registry it made, and --json) is shared
 * by the tests.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEvaluationRows, selectRows } from "../../src/evaluate/steps/evaluation-rows.js";
import { loadModel } from "../../src/onnx/onnx-model.js";
import { predict } from "../../src/onnx/predict.js";
import { LocalRegistry } from "../../src/registry/local-registry.js";
import { ort } from "../model/model-fixtures.js";
import { EXAMPLES, ROOT, readJson } from "./run-cli.js";

let dir = "";
let run: { code: number | null; stdout: string; stderr: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-demo-test-"));
  run = await new Promise((resolve) => {
    execFile(
      process.execPath,
      [
        join(ROOT, "dist/cli/index.js"),
        "demo",
        "--workdir",
        join(dir, "work"),
        "--json",
        join(dir, "demo.json"),
      ],
      { cwd: ROOT, maxBuffer: 16 << 20 },
      (error, out, err) =>
        resolve({
          code: error ? (typeof error.code === "number" ? error.code : null) : 0,
          stdout: out,
          stderr: err,
        }),
    );
  });
}, 120_000);
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

it("validates two batches, releases a first model, and shows one passing and one failing gate report", () => {
  const { code, stdout, stderr } = run;
  expect(code, stderr).toBe(0);
  expect(stdout).toMatch(/published churn@v0\.1\.0 .* and recorded it as serving production/);
  expect(stdout.match(/^gate PASSED: .* against churn@v0\.1\.0/gm)).toHaveLength(1);
  expect(stdout.match(/^gate FAILED: .* against churn@v0\.1\.0/gm)).toHaveLength(1);
  expect(stdout).toMatch(
    /roc_auc >= baseline - 0\.01 +fail +0\.\d+ not >= 0\.\d+ .*wholly on the failing side/,
  );
  expect(stdout.trimEnd().split("\n").at(-1)).toBe(
    "demo: the clean batch passed; the drifted batch was flagged as drifted; candidate A: the gate passed; candidate B: the gate failed; canary 0.2.0: pass; canary 0.3.0: rolled back; rollback to 0.1.0; promote 0.2.0: pass.",
  );
});

interface Tensor {
  name: string;
  datatype: string;
  shape: number[];
  data: unknown[];
}

/** The serving step's text: the requests, the printed exchange (parsed) and the metrics lines. */
function servingStep(stdout: string) {
  const step = stdout.slice(stdout.indexOf("\n== 6. mlship serve"));
  const url = /listening on (http:\/\/127\.0\.0\.1:\d+), serving churn@0\.1\.0/.exec(step)?.[1];
  const requests = [...step.matchAll(/^ {2}POST (\S+) +(\d+) rows? +-> (\d+), x-model-version (\S+)$/gm)];
  const exchange = step.slice(step.indexOf("one Open Inference Protocol v2 exchange"));
  const [request, response] = exchange
    .slice(exchange.indexOf("\n") + 1, exchange.indexOf("\n\nGET /metrics"))
    .split(/\n-> 200\n/);
  const metrics = step
    .slice(step.indexOf("GET /metrics"), step.indexOf("\nstopped:"))
    .split("\n")
    .slice(1)
    .map((line) => line.trim())
    .filter(Boolean);
  return {
    url,
    requests,
    request: JSON.parse(request) as { id: string; inputs: Tensor[] },
    response: JSON.parse(response) as {
      model_name: string;
      model_version: string;
      id: string;
      outputs: Tensor[];
    },
    metrics,
  };
}

describe("after the gate, the demo serves churn@production with the model server", () => {
  it("prints one OIP v2 exchange for the clean batch's first row, answered with what the model layer predicts", async () => {
    expect(run.code, run.stderr).toBe(0);
    const { request, response } = servingStep(run.stdout);
    const rows = await loadEvaluationRows({
      data: join(EXAMPLES, "churn-current-clean.csv"),
      label: "churned",
    });
    const first = selectRows(rows.table, [0]);
    for (const input of request.inputs) {
      expect(input.shape, input.name).toEqual([1, 1]);
      expect(String(input.data[0]), input.name).toBe(String(first.columns.get(input.name)?.[0]));
    }
    const model = await loadModel(ort, join(dir, "work/registry/churn/0.1.0/model.onnx"));
    const expected = await predict(model, first).finally(() => model.release());
    if (expected.kind !== "classifier") throw new Error("churn is a classifier");
    expect(response).toMatchObject({ model_name: "churn", model_version: "0.1.0", id: request.id });
    expect(response.outputs).toEqual([
      {
        name: "label",
        datatype: "INT64",
        shape: [1],
        data: Array.from(expected.labels as ArrayLike<unknown>),
      },
      { name: "probabilities", datatype: "FP32", shape: [1, 2], data: Array.from(expected.probabilities) },
    ]);
  });

  it("prints the /metrics lines of churn, counting exactly the requests and rows the demo sent", () => {
    const { requests, metrics } = servingStep(run.stdout);
    expect(requests.map((r) => [r[1], r[3], r[4]])).toEqual([
      ["/v1/models/churn:predict", "200", "0.1.0"],
      ["/v1/models/churn:predict", "200", "0.1.0"],
      ["/v2/models/churn/infer", "200", "0.1.0"],
    ]);
    const rowsSent = requests.reduce((sum, r) => sum + Number(r[2]), 0);
    const value = (pattern: RegExp) => {
      const found = metrics.filter((line) => pattern.test(line));
      expect(found, String(pattern)).toHaveLength(1);
      return Number(found[0].split(" ").at(-1));
    };
    const labels = 'model="churn",version="0.1.0"';
    expect(value(new RegExp(`^mlship_requests_total\\{${labels},arm="stable",code="200"\\} `))).toBe(
      requests.length,
    );
    expect(value(new RegExp(`^mlship_request_duration_seconds_count\\{${labels},arm="stable"\\} `))).toBe(
      requests.length,
    );
    expect(
      value(new RegExp(`^mlship_request_duration_seconds_sum\\{${labels},arm="stable"\\} `)),
    ).toBeGreaterThan(0);
    expect(value(new RegExp(`^mlship_prediction_score_count\\{${labels},class="0"\\} `))).toBe(rowsSent);
    expect(value(new RegExp(`^mlship_prediction_score_count\\{${labels},class="1"\\} `))).toBe(rowsSent);
    expect(value(new RegExp(`^mlship_model_loaded\\{${labels}\\} `))).toBe(1);
    expect(metrics.filter((line) => !line.startsWith("mlship_"))).toEqual([]);
  });

  it("stops the server: the demo exits 0 and the port it listened on refuses connections", async () => {
    expect(run.code, run.stderr).toBe(0);
    const { url } = servingStep(run.stdout);
    expect(url).toBeDefined();
    expect(run.stdout).toContain(`stopped: ${url} no longer listens`);
    await expect(fetch(`${url}/v2/health/live`)).rejects.toThrow();
  });

  it("--json holds the serving step: the requests with their status, the exchange and the metrics lines", async () => {
    const json = await readJson<{ serving: Record<string, unknown> }>(join(dir, "demo.json"));
    const printed = servingStep(run.stdout);
    expect(json.serving).toMatchObject({
      url: printed.url,
      model: "churn",
      version: "0.1.0",
      exchange: {
        path: "/v2/models/churn/infer",
        status: 200,
        request: printed.request,
        response: printed.response,
      },
      metrics: printed.metrics,
    });
    expect(json.serving.requests).toEqual(
      printed.requests.map((r) => ({
        method: "POST",
        path: r[1],
        rows: Number(r[2]),
        status: Number(r[3]),
        version: r[4],
      })),
    );
  });
});

interface Step {
  weight: number;
  verdict: string;
}
interface Rollout {
  version: string;
  result: string;
  steps: Step[];
  failedCheck?: { rule: string };
  stableAfter: string;
  load: { requests: number; statuses: Record<string, number>; versions: Record<string, number> };
}
interface Rollouts {
  canary: Rollout;
  drifted: Rollout;
  rollback: { from: string; to: string; result: string };
  promote: Rollout & { evaluation: string };
}

const rollouts = async () => (await readJson<{ rollouts: Rollouts }>(join(dir, "demo.json"))).rollouts;
const incidentLog = async () =>
  (await readFile(join(dir, "work/registry/churn/incidents.jsonl"), "utf8"))
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as { event: string; title?: string; body?: string });

describe("after serving, the demo rolls churn out on its own server under load", () => {
  it("makes candidate A (0.2.0) stable by canary, each step analysed, every request of the load answered", async () => {
    expect(run.code, run.stderr).toBe(0);
    const { canary } = await rollouts();
    expect(canary).toMatchObject({ version: "0.2.0", result: "pass", stableAfter: "0.2.0" });
    expect(canary.steps.map((s) => [s.weight, s.verdict])).toEqual([
      [25, "pass"],
      [50, "pass"],
      [100, "promoted"],
    ]);
    expect(canary.load.statuses).toEqual({ "200": canary.load.requests });
    expect(Object.keys(canary.load.versions).sort()).toEqual(["0.1.0", "0.2.0"]);
    expect(run.stdout).toContain("canary of churn@0.2.0 to production: pass");
  });

  it("rolls the candidate trained on inverted labels back at its first step on prediction_psi, with one incident", async () => {
    const { drifted } = await rollouts();
    expect(drifted).toMatchObject({ version: "0.3.0", result: "fail", stableAfter: "0.2.0" });
    expect(drifted.steps.map((s) => [s.weight, s.verdict])).toEqual([[25, "fail"]]);
    expect(drifted.failedCheck?.rule).toBe("prediction_psi < 0.2");
    expect(drifted.load.statuses).toEqual({ "200": drifted.load.requests });
    const log = await incidentLog();
    expect(log.filter((e) => e.event === "opened")).toHaveLength(1);
    expect(log[0].title).toBe(
      "mlship: churn in production — rollout of 0.3.0 failed at 25% and was rolled back to 0.2.0",
    );
    expect(log[0].body).toContain("❌ `prediction_psi < 0.2`");
    expect(log[0].body).toContain("```mermaid");
    expect(run.stdout).toContain(`${log[0].title}\n\n    <!-- mlship:incident:churn:production:rollout -->`);
  });

  it("rolls production back to 0.1.0, then promotes 0.2.0 (gate passed), commenting on and closing the incident", async () => {
    const { rollback, promote } = await rollouts();
    expect(rollback).toMatchObject({ result: "rolled-back", from: "0.2.0", to: "0.1.0" });
    expect(promote).toMatchObject({
      version: "0.2.0",
      result: "pass",
      evaluation: "passed",
      stableAfter: "0.2.0",
    });
    expect((await incidentLog()).map((e) => e.event)).toEqual(["opened", "commented", "commented", "closed"]);
  });

  it("leaves the deployment history of production in the local registry, as it prints it", async () => {
    const history = await new LocalRegistry(join(dir, "work/registry")).history("churn", "production");
    expect(history.map((d) => [d.version, d.strategy, d.state])).toEqual([
      ["0.2.0", "direct", "success"],
      ["0.1.0", "direct", "inactive"],
      ["0.3.0", "canary", "failure"],
      ["0.2.0", "canary", "inactive"],
      ["0.1.0", "direct", "inactive"],
    ]);
    for (const d of history)
      expect(run.stdout).toMatch(
        new RegExp(`^ {2}${d.id} +${d.version.replace(/\./g, "\\.")} +${d.strategy} +${d.state}`, "m"),
      );
  });
});
