/**
 * bluegreen's smoke rows (src/deploy/smoke-rows.ts): by the manifest's feature names from a data file or
 * from the release's profile.json, one Open Inference Protocol body per row; what does not fit the model
 * is exit 2 naming the smoke setting.
 */
import { copyFile, mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { smokeRows } from "../../src/deploy/smoke-rows.js";
import type { Registry, RegistryVersion } from "../../src/registry/registry.js";
import { rejection } from "../support/user-error.js";

const PROFILE = new URL("../fixtures/profiles/v1-5k-reference.json", import.meta.url).pathname;

/** A registry of one release whose model takes the columns x, price (float) and c (string), by name. */
function release(withProfile: boolean): Registry {
  const version = {
    name: "m",
    version: "1.0.0",
    manifest: {
      model: {
        inputs: [
          { name: "x", type: "float32", shape: ["N", 1] },
          { name: "price", type: "float32", shape: ["N", 1] },
          { name: "c", type: "string", shape: ["N", 1] },
        ],
      },
      features: [
        { name: "x", type: "float32" },
        { name: "price", type: "float32" },
        { name: "c", type: "string" },
      ],
    },
    assets: withProfile ? [{ name: "profile.json", bytes: 1 }] : [],
  } as unknown as RegistryVersion;
  return {
    describe: "local:test",
    get: async () => version,
    download: async (_name: string, _version: string, dir: string) => {
      await mkdir(dir, { recursive: true });
      await copyFile(PROFILE, join(dir, "profile.json"));
      return { "profile.json": join(dir, "profile.json") };
    },
  } as unknown as Registry;
}

describe("smokeRows", () => {
  it("builds one row per summary quantile of the profile: numbers at the quantile, text its top values", async () => {
    const rows = await smokeRows(release(true), "m", "1.0.0", undefined);
    expect(rows.from).toBe("the profile.json of m@1.0.0");
    expect(rows.bodies).toHaveLength(7);
    const first = rows.bodies[0] as { inputs: { name: string; datatype: string; data: unknown[] }[] };
    expect(first.inputs.map((i) => [i.name, i.datatype])).toEqual([
      ["x", "FP32"],
      ["price", "FP32"],
      ["c", "BYTES"],
    ]);
    expect(first.inputs[2].data).toEqual(["red"]);
    expect(typeof first.inputs[0].data[0]).toBe("number");
  });

  it("reads a data file's rows by the model's feature names", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mlship-smoke-"));
    await writeFile(join(dir, "rows.csv"), "c,extra,price,x\nblue,1,9.5,0.25\n");
    const rows = await smokeRows(release(false), "m", "1.0.0", {
      file: join(dir, "rows.csv"),
      source: "--smoke",
    });
    const [body] = rows.bodies as { inputs: { name: string; data: unknown[] }[] }[];
    expect(body.inputs.map((i) => [i.name, i.data[0]])).toEqual([
      ["x", 0.25],
      ["price", 9.5],
      ["c", "blue"],
    ]);
  });

  it("refuses a file without a feature the model takes, and a release without profile.json, naming smoke", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mlship-smoke-"));
    await writeFile(join(dir, "rows.csv"), "x,c\n1,red\n");
    const missing = await rejection(
      smokeRows(release(false), "m", "1.0.0", { file: join(dir, "rows.csv"), source: "--smoke" }),
    );
    expect(missing.exitCode).toBe(2);
    expect(missing.location?.setting).toBe("smoke");
    expect(missing.message).toContain('no column "price" of the model\'s inputs');
    const none = await rejection(smokeRows(release(false), "m", "1.0.0", undefined));
    expect(none.exitCode).toBe(2);
    expect(none.message).toContain("has no profile.json");
    expect(none.message).toContain("give --smoke");
  });
});
