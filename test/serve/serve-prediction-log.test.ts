/**
 * `mlship serve --log-predictions` through the built CLI: the lines equal the answers, the sample
 * share, rotation into finished files, the flush on SIGTERM, the shadow copies, bad options, and
 * `mlship validate` / `mlship profile` reading a log the server wrote.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { DataProfile } from "../../src/data/profile/profile.js";
import type { ValidationReport } from "../../src/data/validate/report.js";
import { expectNoCrash, useCli } from "../cli/run-cli.js";
import { inRequests, REFERENCE_CSV, referenceRows, SCHEMA, shifted, trainChurn } from "./churn-traffic.js";
import { call, get, packageModel, post, serveExits, startServe } from "./serve-process.js";

const cli = useCli("serve-plog");
let model: string;
let features: string[];

beforeAll(async () => {
  model = await trainChurn(cli);
  const server = await startServe(cli, ["--model", model]);
  const metadata = await get(`${server.url}/v2/models/model`);
  features = (metadata.json.inputs as { name: string }[]).map((input) => input.name);
  await server.stop();
}, 120_000);

type Line = Record<string, unknown> & {
  requestId: string;
  time: string;
  row: number;
  inputs: Record<string, unknown>;
};

/** Every line of the finished files of `dir` (in name order), and the names of all files there. */
async function readLog(dir: string): Promise<{ files: string[]; lines: Line[] }> {
  const files = (await readdir(cli.path(dir))).sort();
  const finished = files.filter((name) => name.endsWith(".jsonl"));
  const texts = await Promise.all(finished.map((name) => readFile(cli.path(join(dir, name)), "utf8")));
  return {
    files,
    lines: texts.flatMap((text) =>
      text
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l)),
    ),
  };
}

const predictUrl = (url: string) => `${url}/v1/models/model:predict`;

describe("mlship serve --log-predictions", () => {
  it("writes one line per row with the request id, time, model, version, arm, inputs and outputs of the answer", async () => {
    const rows = await referenceRows(15);
    const server = await startServe(cli, ["--model", model, "--log-predictions", "log-fields"]);
    const before = new Date().toISOString();
    const answers: unknown[][] = [];
    for (const [i, instances] of inRequests(rows, 5).entries()) {
      const answer = await post(predictUrl(server.url), { instances }, { "x-request-id": `req-${i}` });
      expect(answer.status).toBe(200);
      answers.push(answer.json.predictions as unknown[]);
    }
    expect((await server.stop()).code).toBe(0);
    // Each line is timed when its answer was sent, which can be a moment after the client read it.
    const after = new Date().toISOString();

    const { files, lines } = await readLog("log-fields/model");
    expect(files.every((name) => /^predictions-.*\.jsonl$/.test(name))).toBe(true);
    expect(lines).toHaveLength(15);
    lines.forEach((line, n) => {
      const request = Math.floor(n / 5);
      const row = n % 5;
      expect(Object.keys(line)).toEqual([
        "requestId",
        "time",
        "model",
        "version",
        "arm",
        "row",
        "inputs",
        "outputs",
      ]);
      expect(line).toMatchObject({
        requestId: `req-${request}`,
        model: "model",
        version: "0.0.0-local",
        arm: "stable",
        row,
      });
      expect(line.time >= before && line.time <= after, String(line.time)).toBe(true);
      expect(line.outputs).toEqual(answers[request][row]);
      const sent = rows[n];
      expect(Object.keys(line.inputs)).toEqual(features);
      for (const feature of features) {
        // The model takes is_autopay as a string: the log holds what the model layer got.
        expect(line.inputs[feature]).toEqual(
          typeof sent[feature] === "boolean" ? String(sent[feature]) : sent[feature],
        );
      }
    });
  });

  it("logs every row of about the share of requests --log-sample asks", async () => {
    const server = await startServe(cli, [
      "--model",
      model,
      "--log-predictions",
      "log-sample",
      "--log-sample",
      "0.25",
    ]);
    const instances = await referenceRows(2);
    for (let i = 0; i < 400; i++) {
      expect((await post(predictUrl(server.url), { instances }, { "x-request-id": `s-${i}` })).status).toBe(
        200,
      );
    }
    expect((await server.stop()).code).toBe(0);
    const { lines } = await readLog("log-sample/model");
    const perRequest = new Map<string, number>();
    for (const line of lines) perRequest.set(line.requestId, (perRequest.get(line.requestId) ?? 0) + 1);
    // The choice is a hash of the request id, so these 400 ids give one fixed count; Binomial(400, 0.25)
    // has sd 8.7: the bound is 4 sd.
    expect(Math.abs(perRequest.size - 100)).toBeLessThanOrEqual(35);
    expect([...perRequest.values()].every((n) => n === 2)).toBe(true);
  });

  it("finishes a file at --log-max-bytes: several .jsonl files whose lines together are every row", async () => {
    const server = await startServe(cli, [
      "--model",
      model,
      "--log-predictions",
      "log-rotate",
      "--log-max-bytes",
      "4kb",
    ]);
    const rows = await referenceRows(100);
    for (const [i, instances] of inRequests(rows, 4).entries()) {
      expect((await post(predictUrl(server.url), { instances }, { "x-request-id": `rot-${i}` })).status).toBe(
        200,
      );
    }
    expect((await server.stop()).code).toBe(0);
    const { files, lines } = await readLog("log-rotate/model");
    expect(files.length).toBeGreaterThan(3);
    expect(files.filter((name) => !name.endsWith(".jsonl"))).toEqual([]);
    expect(lines.map((line) => `${line.requestId}/${line.row}`)).toEqual(
      Array.from({ length: 100 }, (_, n) => `rot-${Math.floor(n / 4)}/${n % 4}`),
    );
  });

  it("writes every answered row out on SIGTERM before exiting 0", async () => {
    const server = await startServe(cli, ["--model", model, "--log-predictions", "log-flush"]);
    const instances = await referenceRows(3);
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        post(predictUrl(server.url), { instances }, { "x-request-id": `f-${i}` }),
      ),
    );
    expect(answers.every((answer) => answer.status === 200)).toBe(true);
    const { code, stderr } = await server.stop();
    expect(code, stderr).toBe(0);
    const { files, lines } = await readLog("log-flush/model");
    expect(files.every((name) => name.endsWith(".jsonl"))).toBe(true);
    expect(lines).toHaveLength(300);
    expect(new Set(lines.map((line) => line.requestId)).size).toBe(100);
  });

  it("logs a shadow rollout's copies with arm shadow and the answer's request id", async () => {
    await packageModel(cli, model, "churn", "1.0.0");
    await packageModel(cli, model, "churn", "1.1.0");
    const server = await startServe(cli, [
      "--registry",
      "local:reg",
      "--model",
      "churn@1.0.0",
      "--model",
      "churn@1.1.0",
      "--log-predictions",
      "log-shadow",
    ]);
    const rollout = await call(`${server.url}/admin/models/churn/rollout`, {
      method: "PUT",
      body: { stable: "1.0.0", candidate: "1.1.0", strategy: "shadow", weight: 0 },
    });
    expect(rollout.status, JSON.stringify(rollout.json)).toBe(200);
    const instances = await referenceRows(2);
    for (let i = 0; i < 5; i++) {
      expect(
        (await post(`${server.url}/v1/models/churn:predict`, { instances }, { "x-request-id": `sh-${i}` }))
          .status,
      ).toBe(200);
    }
    expect((await server.stop()).code).toBe(0);
    const { lines } = await readLog("log-shadow/churn");
    const arms = (arm: string) =>
      lines
        .filter((line) => line.arm === arm)
        .map((line) => `${line.version}/${line.requestId}/${line.row}`)
        .sort();
    const ids = Array.from({ length: 5 }, (_, i) => [`sh-${i}/0`, `sh-${i}/1`])
      .flat()
      .sort();
    expect(arms("stable")).toEqual(ids.map((id) => `1.0.0/${id}`));
    expect(arms("shadow")).toEqual(ids.map((id) => `1.1.0/${id}`));
  });
});

describe("mlship serve refuses bad prediction log options (exit 2, naming the option)", () => {
  it("a log folder that is a file", async () => {
    await writeFile(cli.path("a-file"), "");
    const result = await serveExits(cli, ["--model", model, "--log-predictions", "a-file"]);
    expectNoCrash(result);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--log-predictions/);
    expect(result.stderr).toContain("a-file");
  });

  it.each([["0"], ["1.5"], ["-0.1"], ["a quarter"]])("--log-sample %s", async (share) => {
    const result = await serveExits(cli, [
      "--model",
      model,
      "--log-predictions",
      "log-bad",
      "--log-sample",
      share,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--log-sample/);
  });

  it.each([["big"], ["0"], ["5gb"]])("--log-max-bytes %s", async (size) => {
    const result = await serveExits(cli, [
      "--model",
      model,
      "--log-predictions",
      "log-bad",
      "--log-max-bytes",
      size,
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--log-max-bytes/);
  });
});

describe("mlship validate and mlship profile read a prediction log", () => {
  /** Serves `rows` in requests of 20 with a log in `dir`; the one finished file it wrote. */
  async function logOf(dir: string, rows: Record<string, unknown>[]): Promise<string> {
    const server = await startServe(cli, ["--model", model, "--log-predictions", dir]);
    for (const instances of inRequests(rows, 20)) {
      expect((await post(predictUrl(server.url), { instances })).status).toBe(200);
    }
    expect((await server.stop()).code).toBe(0);
    const [file, ...more] = await readdir(cli.path(join(dir, "model")));
    expect(more).toEqual([]);
    return join(dir, "model", file);
  }

  async function validate(log: string, json: string) {
    const result = await cli.run([
      "validate",
      "--schema",
      SCHEMA,
      "--reference",
      REFERENCE_CSV,
      log,
      "--json",
      json,
    ]);
    expectNoCrash(result);
    return {
      code: result.code,
      report: JSON.parse(await readFile(cli.path(json), "utf8")) as ValidationReport,
    };
  }

  it("validate passes the logged rows of the reference: the features checked, no drift, the metadata no issue", async () => {
    const log = await logOf("log-same", await referenceRows(300, 1000));
    const { code, report } = await validate(log, "same.json");
    expect(report.issues.filter((issue) => issue.severity === "error")).toEqual([]);
    expect(code).toBe(0);
    expect(report.drift?.drifted).toBe(false);
    expect(report.drift?.columns.map((c) => c.name).sort()).toEqual([...features].sort());
  });

  it("validate finds drift in the logged rows of shifted traffic", async () => {
    const log = await logOf("log-shifted", shifted(await referenceRows(300, 1000)));
    const { code, report } = await validate(log, "shifted.json");
    expect(code).toBe(1);
    expect(report.drift?.drifted).toBe(true);
  });

  it("profile gives the features as columns and one row per logged row", async () => {
    const log = await logOf("log-profile", await referenceRows(120));
    const result = await cli.run(["profile", log, "-o", "log-profile.json"]);
    expect(result.code, result.stderr).toBe(0);
    const profile = JSON.parse(await readFile(cli.path("log-profile.json"), "utf8")) as DataProfile;
    expect(profile.rows).toBe(120);
    expect(profile.columns.map((c) => c.name)).toEqual(features);
  });
});
