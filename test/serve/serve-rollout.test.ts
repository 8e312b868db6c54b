/**
 * Rollouts inside `mlship serve` (the built CLI): a PUT naming a version not served yet loads it from
 * the registry before switching; canary weight 30 observed as 30% ± 4 over 2,000 requests by
 * `x-model-version`, with the arm in the metrics; sticky routing; a blue-green switch back and forth
 * under load with no failed request; concurrent PUTs; and `--state`: a restarted server serves what
 * it served, a corrupt state file stops it naming the file.
 */
import { copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { getMetricsFromIterator, type PromData } from "prom2javascript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectUserError, useCli } from "../cli/run-cli.js";
import { fixturePath } from "../model/model-fixtures.js";
import { call, packageModel, post, type ServeProcess, serveExits, startServe } from "./serve-process.js";

const cli = useCli("serve-rollout");
const ARGS = ["--registry", "local:reg", "--model", "churn@1.0.0", "--state", "state"];
let server: ServeProcess;

beforeAll(async () => {
  for (const version of ["1.0.0", "1.1.0", "1.2.0"]) {
    await packageModel(cli, fixturePath("binary-linear-zipmap.onnx"), "churn", version);
  }
  // 1.2.0's bytes are another model's: its checksum refuses them.
  await copyFile(fixturePath("tree-regressor.onnx"), join(cli.dir, "reg/churn/1.2.0/model.onnx"));
  server = await startServe(cli, ARGS);
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const INSTANCE = { instances: [[0.5, -1, 2]] };
const rolloutUrl = () => `${server.url}/admin/models/churn/rollout`;
const putRollout = (body: unknown) => call(rolloutUrl(), { method: "PUT", body });

/** Sends `count` predictions, `parallel` at a time; the x-model-version of each answer. */
async function versionsAnswering(
  count: number,
  parallel = 16,
  headers: (i: number) => Record<string, string> = () => ({}),
) {
  const versions: string[] = [];
  for (let start = 0; start < count; start += parallel) {
    const answers = await Promise.all(
      Array.from({ length: Math.min(parallel, count - start) }, (_, k) =>
        post(`${server.url}/v1/models/churn:predict`, INSTANCE, headers(start + k)),
      ),
    );
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      versions.push(answer.headers.get("x-model-version") ?? "none");
    }
  }
  return versions;
}

describe("a rollout naming a version not served yet", () => {
  it("loads it from the registry, then switches: canary weight 30 answers 30% ± 4 of 2,000 requests", async () => {
    const put = await putRollout({ stable: "1.0.0", candidate: "1.1.0", strategy: "canary", weight: 30 });
    expect(put.status, JSON.stringify(put.json)).toBe(200);
    const models = await call(`${server.url}/admin/models`);
    expect((models.json.models as { versions: unknown[] }[])[0].versions).toEqual([
      { version: "1.0.0", source: "churn@1.0.0", state: "ready" },
      { version: "1.1.0", source: "churn@1.1.0", state: "ready" },
    ]);
    expect(server.stderr()).toContain("loaded churn@1.1.0");

    const versions = await versionsAnswering(2000);
    const candidate = versions.filter((v) => v === "1.1.0").length;
    expect(versions.filter((v) => v !== "1.0.0" && v !== "1.1.0")).toEqual([]);
    expect((candidate / 2000) * 100).toBeGreaterThanOrEqual(26);
    expect((candidate / 2000) * 100).toBeLessThanOrEqual(34);

    // The metrics count each answer under its version and arm, and show the weights.
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const parsed = await getMetricsFromIterator(text.split("\n")[Symbol.iterator]());
    const count = (arm: string) =>
      (parsed.mlship_requests_total.data as PromData[])
        .filter((d) => d.labels.model === "churn" && d.labels.arm === arm && d.labels.code === "200")
        .map((d) => [d.labels.version, d.value]);
    expect(count("candidate")).toEqual([["1.1.0", candidate]]);
    expect(count("stable")).toEqual([["1.0.0", 2000 - candidate]]);
    const weights = (parsed.mlship_rollout_weight.data as PromData[]).map((d) => [d.labels.version, d.value]);
    expect(weights).toEqual(
      expect.arrayContaining([
        ["1.0.0", 70],
        ["1.1.0", 30],
      ]),
    );
  }, 120_000);

  it("is refused with 400 naming the field when the registry lacks it or it fails to load, and nothing changes", async () => {
    const before = (await call(rolloutUrl())).json;
    const missing = await putRollout({ stable: "1.0.0", candidate: "4.0.0", strategy: "canary", weight: 10 });
    expect(missing.status).toBe(400);
    expect(missing.json.error).toMatch(
      /^candidate: unknown version "4\.0\.0" of model "churn" \(known: 1\.0\.0, 1\.1\.0\)/,
    );
    const broken = await putRollout({ stable: "1.0.0", candidate: "1.2.0", strategy: "canary", weight: 10 });
    expect(broken.status).toBe(400);
    expect(broken.json.error).toMatch(
      /^candidate: churn@1\.2\.0 failed to load: .*(sha256|checksum).*the rollout is unchanged$/i,
    );
    expect((await call(rolloutUrl())).json).toEqual(before);
    const models = await call(`${server.url}/admin/models`);
    expect(
      (models.json.models as { versions: { version: string }[] }[])[0].versions.map((v) => v.version),
    ).toEqual(["1.0.0", "1.1.0"]);
  });
});

describe("routing", () => {
  it("sticky by a header: the same value always gets the same version, and both versions get users", async () => {
    const put = await putRollout({
      stable: "1.0.0",
      candidate: "1.1.0",
      strategy: "ab",
      weight: 50,
      stickyKey: "header:x-user",
    });
    expect(put.status).toBe(200);
    const versions = await versionsAnswering(200, 20, (i) => ({ "x-user": `user-${i % 40}` }));
    const byUser = new Map<string, Set<string>>();
    versions.forEach((version, i) => {
      const user = `user-${i % 40}`;
      byUser.set(user, (byUser.get(user) ?? new Set()).add(version));
    });
    for (const [user, seen] of byUser) expect([user, seen.size]).toEqual([user, 1]);
    expect(new Set(versions)).toEqual(new Set(["1.0.0", "1.1.0"]));
  });

  it("a blue-green switch back and forth under 32 concurrent clients fails no request", async () => {
    expect(
      (await putRollout({ stable: "1.0.0", candidate: "1.1.0", strategy: "bluegreen", weight: 0 })).status,
    ).toBe(200);
    let switching = true;
    const failures: string[] = [];
    const seen = new Set<string>();
    const client = async () => {
      while (switching) {
        const answer = await post(`${server.url}/v2/models/churn/infer`, {
          inputs: [{ name: "X", datatype: "FP32", shape: [1, 3], data: [0.5, -1, 2] }],
        });
        const version = answer.headers.get("x-model-version") ?? "";
        if (answer.status !== 200 || answer.json.model_version !== version) {
          failures.push(`${answer.status} ${version} ${JSON.stringify(answer.json)}`);
        }
        seen.add(version);
      }
    };
    const clients = Array.from({ length: 32 }, client);
    for (let i = 0; i < 10; i++) {
      const put = await putRollout({
        stable: "1.0.0",
        candidate: "1.1.0",
        strategy: "bluegreen",
        weight: i % 2 === 0 ? 100 : 0,
      });
      expect(put.status).toBe(200);
      await new Promise((done) => setTimeout(done, 30));
    }
    switching = false;
    await Promise.all(clients);
    expect(failures).toEqual([]);
    expect(seen).toEqual(new Set(["1.0.0", "1.1.0"]));
  }, 60_000);

  it("concurrent PUTs are both answered; the rollout served and the state file agree on one of them", async () => {
    const a = { stable: "1.0.0", candidate: "1.1.0", strategy: "canary", weight: 10 };
    const b = { stable: "1.1.0", candidate: "1.0.0", strategy: "ab", weight: 20 };
    const answers = await Promise.all([putRollout(a), putRollout(b)]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
    const served = (await call(rolloutUrl())).json;
    expect([a, b]).toContainEqual(served);
    const state = JSON.parse(await readFile(cli.path("state/state.json"), "utf8"));
    expect(state.models.churn.rollout).toEqual(served);
  });
});

describe("shadow", () => {
  it("answers exactly as without it; the candidate's copies show in the stats as shadow comparisons", async () => {
    const rows = Array.from({ length: 12 }, (_, i) => [i / 3, -i / 5, (i % 4) - 1]);
    const ask = (tag: string) =>
      Promise.all(
        rows.map((row, i) =>
          post(
            `${server.url}/v1/models/churn:predict`,
            { instances: [row] },
            { "x-request-id": `${tag}-${i}` },
          ),
        ),
      );
    expect((await putRollout({ stable: "1.0.0", strategy: "canary", weight: 0 })).status).toBe(200);
    const off = await ask("plain");
    const put = await putRollout({ stable: "1.0.0", candidate: "1.1.0", strategy: "shadow", weight: 0 });
    expect(put.status).toBe(200);
    const on = await ask("shadowed");
    expect(on.map((answer) => answer.json)).toEqual(off.map((answer) => answer.json));
    expect(on.map((answer) => [answer.status, answer.headers.get("x-model-version")])).toEqual(
      rows.map(() => [200, "1.0.0"]),
    );
    type Series = { version: string; arm: string; requests: number; shadow: Record<string, unknown> | null };
    let shadow: Series | undefined;
    // The copies run after the answers: wait until the stats have them all.
    while (!(shadow?.shadow && (shadow.shadow.compared as number) >= rows.length)) {
      await new Promise((done) => setTimeout(done, 20));
      const stats = await call(`${server.url}/admin/models/churn/stats?window=600`);
      shadow = (stats.json.series as Series[]).find((s) => s.arm === "shadow");
    }
    expect(shadow).toMatchObject({ version: "1.1.0", requests: rows.length });
    expect(shadow.shadow).toMatchObject({
      against: ["1.0.0"],
      compared: rows.length,
      disagreement: 0,
      meanAbsScoreDiff: 0,
    });
  }, 60_000);
});

describe("--state", () => {
  it("a restarted server serves exactly what it served: the rollout and the versions loaded", async () => {
    const rollout = {
      stable: "1.0.0",
      candidate: "1.1.0",
      strategy: "ab",
      weight: 40,
      stickyKey: "header:x-user",
    };
    expect((await putRollout(rollout)).status).toBe(200);
    expect((await server.stop()).code).toBe(0);
    server = await startServe(cli, ARGS);
    expect((await call(rolloutUrl())).json).toEqual(rollout);
    const models = await call(`${server.url}/admin/models`);
    expect((models.json.models as { versions: unknown[] }[])[0].versions).toEqual([
      { version: "1.0.0", source: "churn@1.0.0", state: "ready" },
      { version: "1.1.0", source: "churn@1.1.0", state: "ready" },
    ]);
    expect(server.stderr()).toMatch(
      /restored churn from .*state\.json: ab: 1\.1\.0 \(candidate\) answers 40%/,
    );
    const versions = await versionsAnswering(60, 20, (i) => ({ "x-user": `u${i}` }));
    expect(new Set(versions)).toEqual(new Set(["1.0.0", "1.1.0"]));
  }, 60_000);

  const CORRUPT = '{"schemaVersion": 1, "models": {"churn": {"rollout": 3}}}';
  it("a corrupt state file stops the server (exit 2) naming the file, and is left as it is", async () => {
    await mkdir(cli.path("bad-state"));
    await writeFile(cli.path("bad-state/state.json"), CORRUPT);
    const result = await serveExits(cli, [
      "--registry",
      "local:reg",
      "--model",
      "churn@1.0.0",
      "--state",
      "bad-state",
    ]);
    expectUserError(result);
    expect(result.stderr).toContain(join("bad-state", "state.json"));
    expect(result.stderr).toMatch(/models\.churn\.rollout/);
    expect(await readFile(cli.path("bad-state/state.json"), "utf8")).toBe(CORRUPT);
  });
});
