/**
 * The live statistics' input profile drift-tested against a reference profile, through the built
 * server: a churn model trained by `mlship train` is served, rows of the reference (or the same rows
 * shifted) are sent, `GET /admin/models/{name}/stats?window=…`'s input profile is read, and the
 * project's drift tests (src/data/drift/, as `mlship validate --reference` runs them) compare it with
 * the profile `mlship profile` made of the reference data.
 *
 * 200 rows are sent: the statistics profile up to 200 rows a second (PROFILED_ROWS_PER_SECOND), so
 * every row sent is in the profile however fast the requests go.
 */
import { readFile } from "node:fs/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { driftAgainstReference } from "../../src/data/drift/column-drift.js";
import { DriftConfigSchema } from "../../src/data/drift/drift-config.js";
import type { DataProfile } from "../../src/data/profile/profile.js";
import { parseProfile } from "../../src/data/profile/profile-schema.js";
import { useCli } from "../cli/run-cli.js";
import { inRequests, REFERENCE_CSV, referenceRows, SCHEMA, shifted, trainChurn } from "./churn-traffic.js";
import { call, post, startServe } from "./serve-process.js";

const cli = useCli("serve-stats-drift");
/** At most PROFILED_ROWS_PER_SECOND (src/serve/live-stats.ts). */
const ROWS = 200;
let model: string;
let reference: DataProfile;

beforeAll(async () => {
  model = await trainChurn(cli);
  const profiled = await cli.run(["profile", REFERENCE_CSV, "--schema", SCHEMA, "-o", "reference.json"]);
  expect(profiled.code, profiled.stderr).toBe(0);
  reference = parseProfile(JSON.parse(await readFile(cli.path("reference.json"), "utf8")), "reference.json");
}, 120_000);

/** Serves `rows` in requests of 10 and reads back the stable arm's input profile over the last 10 minutes. */
async function servedProfile(rows: Record<string, unknown>[]): Promise<DataProfile> {
  const server = await startServe(cli, ["--model", model]);
  try {
    for (const instances of inRequests(rows, 10)) {
      expect((await post(`${server.url}/v1/models/model:predict`, { instances })).status).toBe(200);
    }
    const stats = await call(`${server.url}/admin/models/model/stats?window=600`);
    expect(stats.status).toBe(200);
    const [series] = stats.json.series as { arm: string; inputProfile: unknown }[];
    expect(series.arm).toBe("stable");
    return parseProfile(series.inputProfile, "stats");
  } finally {
    await server.stop();
  }
}

/** The drift verdict `mlship validate --reference` gives: per column shared with the reference, and for the dataset. */
function drift(current: DataProfile) {
  const { threshold } = DriftConfigSchema.parse({});
  const { results, share } = driftAgainstReference(reference, current);
  return { results, drifted: (share ?? 0) > threshold };
}

describe("GET /admin/models/{name}/stats input profile against mlship profile's reference", () => {
  it("flags drift when the served rows are shifted from the reference", async () => {
    const profile = await servedProfile(shifted(await referenceRows(ROWS, 1000)));
    expect(profile.rows).toBe(ROWS);
    const verdict = drift(profile);
    const drifted = verdict.results.filter((r) => r.drifted).map((r) => r.name);
    expect(drifted).toEqual(expect.arrayContaining(["tenure_months", "monthly_charges", "plan"]));
    expect(verdict.drifted).toBe(true);
  });

  it("does not flag drift when the served rows come from the reference", async () => {
    const profile = await servedProfile(await referenceRows(ROWS, 1000));
    expect(profile.rows).toBe(ROWS);
    const verdict = drift(profile);
    expect(verdict.results.length).toBeGreaterThanOrEqual(6);
    expect(verdict.drifted).toBe(false);
  });
});
