/**
 * `mlship serve`'s admin API through the built CLI: the bearer token (MLSHIP_ADMIN_TOKEN or
 * --admin-token-file) refused when wrong and never written to the log, the API refused without a
 * token unless the server listens on loopback only, rollouts read and changed, bad rollouts refused
 * naming each field, and the live statistics — whose online accuracy from feedback equals the offline
 * metric (src/metrics) on the same rows.
 */
import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeMetrics } from "../../src/metrics/metrics.js";
import { expectUserError, useCli } from "../cli/run-cli.js";
import { fixturePath } from "../model/model-fixtures.js";
import { call, packageModel, post, type ServeProcess, serveExits, startServe } from "./serve-process.js";

const cli = useCli("serve-admin");
const TOKEN = "admin-s3cret-7f1c2d9e";
let server: ServeProcess;

beforeAll(async () => {
  await packageModel(cli, fixturePath("binary-linear-zipmap.onnx"), "churn", "1.0.0");
  await packageModel(cli, fixturePath("binary-linear-zipmap.onnx"), "churn", "1.1.0");
  server = await startServe(
    cli,
    [
      "--registry",
      "local:reg",
      "--model",
      "churn@1.0.0",
      "--model",
      "churn@1.1.0",
      "--model",
      fixturePath("binary-linear-zipmap.onnx"),
    ],
    { MLSHIP_ADMIN_TOKEN: TOKEN },
  );
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("the admin token", () => {
  it("is refused with 401 when missing or wrong, taken when right, and never written to the log", async () => {
    const url = `${server.url}/admin/models`;
    const missing = await call(url);
    expect(missing.status).toBe(401);
    expect(missing.headers.get("www-authenticate")).toMatch(/^Bearer/);
    expect(missing.json.error).toMatch(/Authorization: Bearer/);
    const wrong = await call(url, { token: `${TOKEN}x` });
    expect(wrong.status).toBe(401);
    expect(wrong.json.error).toBe("the admin token is wrong");
    expect((await call(url, { token: TOKEN.slice(0, -1) })).status).toBe(401);
    const right = await call(url, { token: TOKEN });
    expect(right.status).toBe(200);
    expect(right.json.models).toEqual([
      {
        name: "churn",
        rollout: { stable: "1.0.0", strategy: "canary", weight: 0 },
        versions: [
          { version: "1.0.0", source: "churn@1.0.0", state: "ready" },
          { version: "1.1.0", source: "churn@1.1.0", state: "ready" },
        ],
      },
      expect.objectContaining({ name: "binary-linear-zipmap" }),
    ]);
    // Every admin route is guarded.
    expect((await call(`${server.url}/admin/models/churn/rollout`)).status).toBe(401);
    expect((await call(`${server.url}/admin/models/churn/stats`, { token: "nope" })).status).toBe(401);
    expect(
      (await call(`${server.url}/admin/models/churn/rollout`, { method: "PUT", body: {}, token: "nope" }))
        .status,
    ).toBe(401);
    expect(server.stderr()).toContain("admin API: bearer token required (from MLSHIP_ADMIN_TOKEN)");
    expect(server.stderr()).not.toContain(TOKEN);
  });

  it("from --admin-token-file: read once and trimmed; a missing or empty file stops the server naming it", async () => {
    await writeFile(cli.path("token.txt"), `  ${TOKEN}-file\n\n`);
    const fromFile = await startServe(cli, [
      "--model",
      fixturePath("tree-regressor.onnx"),
      "--admin-token-file",
      "token.txt",
    ]);
    try {
      expect((await call(`${fromFile.url}/admin/models`, { token: `${TOKEN}-file` })).status).toBe(200);
      expect((await call(`${fromFile.url}/admin/models`, { token: TOKEN })).status).toBe(401);
      expect(fromFile.stderr()).toMatch(/bearer token required \(from .*token\.txt\)/);
    } finally {
      const { stderr } = await fromFile.stop();
      expect(stderr).not.toContain(TOKEN);
    }
    const missing = await serveExits(cli, [
      "--model",
      fixturePath("tree-regressor.onnx"),
      "--admin-token-file",
      "nowhere.txt",
    ]);
    expectUserError(missing);
    expect(missing.stderr).toMatch(
      /--admin-token-file.*nowhere\.txt: cannot read the admin token file \(no such file\)/,
    );
    await writeFile(cli.path("empty.txt"), " \n");
    const empty = await serveExits(cli, [
      "--model",
      fixturePath("tree-regressor.onnx"),
      "--admin-token-file",
      "empty.txt",
    ]);
    expectUserError(empty);
    expect(empty.stderr).toMatch(/empty\.txt: the admin token file is empty/);
  });

  it("without a token: open on loopback only, refused with 403 saying how to set one on any other address; the log says which", async () => {
    const loopback = await startServe(cli, ["--model", fixturePath("tree-regressor.onnx")]);
    try {
      expect((await call(`${loopback.url}/admin/models`)).status).toBe(200);
      expect(loopback.stderr()).toMatch(
        /admin API: open without a token, as the server listens on loopback only \(127\.0\.0\.1\)/,
      );
    } finally {
      await loopback.stop();
    }
    const everywhere = await startServe(cli, [
      "--model",
      fixturePath("tree-regressor.onnx"),
      "--host",
      "0.0.0.0",
    ]);
    try {
      const url = everywhere.url.replace("0.0.0.0", "127.0.0.1");
      const refused = await call(`${url}/admin/models`);
      expect(refused.status).toBe(403);
      expect(refused.json.error).toMatch(/MLSHIP_ADMIN_TOKEN.*--admin-token-file/);
      expect(everywhere.stderr()).toMatch(
        /admin API: refused \(403\), as the server listens on 0\.0\.0\.0 and has no admin token/,
      );
      // The public routes still answer.
      expect((await post(`${url}/v1/models/tree-regressor:predict`, { instances: [[1, 2]] })).status).toBe(
        200,
      );
    } finally {
      await everywhere.stop();
    }
  });
});

describe("rollouts through the admin API", () => {
  const rolloutUrl = () => `${server.url}/admin/models/churn/rollout`;

  it("PUT answers 200 with the rollout applied, and GET gives it back", async () => {
    const put = await call(rolloutUrl(), {
      method: "PUT",
      token: TOKEN,
      body: { stable: "1.0.0", candidate: "v1.1.0", strategy: "ab", weight: 25, stickyKey: "header:X-User" },
    });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    const applied = {
      stable: "1.0.0",
      candidate: "1.1.0",
      strategy: "ab",
      weight: 25,
      stickyKey: "header:x-user",
    };
    expect(put.json).toEqual(applied);
    expect((await call(rolloutUrl(), { token: TOKEN })).json).toEqual(applied);
    const back = await call(rolloutUrl(), {
      method: "PUT",
      token: TOKEN,
      body: { stable: "1.0.0", strategy: "canary", weight: 0 },
    });
    expect(back.json).toEqual({ stable: "1.0.0", strategy: "canary", weight: 0 });
  });

  it("a bad PUT is refused with 400 naming every field that is wrong, and changes nothing", async () => {
    const bad = await call(rolloutUrl(), {
      method: "PUT",
      token: TOKEN,
      body: { stable: "1.0.0", candidate: "1.1.0", strategy: "blue", weight: 150 },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/strategy: /);
    expect(bad.json.error).toMatch(/weight: expected a number from 0 to 100.*got 150/);
    const unknown = await call(rolloutUrl(), {
      method: "PUT",
      token: TOKEN,
      body: { stable: "1.0.0", candidate: "9.9.9", strategy: "canary", weight: 10 },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error).toMatch(/candidate: unknown version "9\.9\.9" of model "churn"/);
    const bluegreen = await call(rolloutUrl(), {
      method: "PUT",
      token: TOKEN,
      body: { stable: "1.0.0", candidate: "1.1.0", strategy: "bluegreen", weight: 50 },
    });
    expect(bluegreen.status).toBe(400);
    expect(bluegreen.json.error).toMatch(/weight: expected 0 .* or 100/);
    expect((await call(rolloutUrl(), { token: TOKEN })).json).toEqual({
      stable: "1.0.0",
      strategy: "canary",
      weight: 0,
    });
    const noModel = await call(`${server.url}/admin/models/nope/rollout`, { token: TOKEN });
    expect(noModel.status).toBe(404);
  });
});

describe("live statistics", () => {
  it("refuses a window that is not a number of seconds up to an hour, naming window", async () => {
    for (const window of ["abc", "0", "7200", "-5"]) {
      const refused = await call(`${server.url}/admin/models/churn/stats?window=${window}`, { token: TOKEN });
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatch(/^window must be a number of seconds/);
    }
  });

  it("online accuracy from feedback equals the offline metric of the same rows", async () => {
    const model = "binary-linear-zipmap";
    const rows = Array.from({ length: 30 }, (_, i) => [Math.sin(i) * 3, Math.cos(i * 1.7) * 2, (i % 5) - 2]);
    const truth = rows.map((_, i) => ((i * 7) % 3 === 0 ? 1 : 0));
    const scores: number[] = [];
    for (const [i, row] of rows.entries()) {
      const answer = await post(
        `${server.url}/v1/models/${model}:predict`,
        { instances: [row] },
        { "x-request-id": `acc-${i}` },
      );
      const [prediction] = answer.json.predictions as { probabilities: Record<string, number> }[];
      scores.push(prediction.probabilities["1"]);
    }
    const feedback = await post(
      `${server.url}/v1/feedback`,
      truth.map((label, i) => ({ id: `acc-${i}`, label })),
    );
    expect(feedback.status).toBe(202);
    const stats = await call(`${server.url}/admin/models/${model}/stats?window=600`, { token: TOKEN });
    expect(stats.status).toBe(200);
    const [series] = stats.json.series as {
      requests: number;
      online: { labelled: number; metrics: Record<string, number> };
    }[];
    expect(series.requests).toBe(30);
    expect(series.online.labelled).toBe(30);
    const offline = computeMetrics({ task: "binary", yTrue: Int32Array.from(truth), scores }).metrics;
    expect(series.online.metrics.accuracy).toBe(offline.accuracy);
    expect(series.online.metrics.roc_auc).toBeCloseTo(offline.roc_auc, 12);
    expect(series.online.metrics.log_loss).toBeCloseTo(offline.log_loss, 9);
  });
});
