/**
 * Large CSV files are read by worker threads that run `data-pass-worker.js`, a bundle of the
 * data pass alone, found beside the bundle that starts them. Without it a bundle silently reads
 * in one thread; with the whole CLI in it each worker would cost tens of MB more.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../cli/run-cli.js";

const DIST = join(ROOT, "dist");
const WORKER = "data-pass-worker.js";
const bundles = readdirSync(DIST).filter((name) => existsSync(join(DIST, name, "index.js")));
const starting = bundles.filter((name) =>
  readFileSync(join(DIST, name, "index.js"), "utf8").includes("mlship.data-pass"),
);

describe("the data-pass worker bundle", () => {
  it("sits beside every bundle that starts data-pass workers (the CLI, validate-data)", () => {
    expect(starting).toEqual(expect.arrayContaining(["cli", "validate-data"]));
    expect(starting.filter((name) => !existsSync(join(DIST, name, WORKER)))).toEqual([]);
  });

  it("holds the data pass only: neither zod nor the YAML parser", () => {
    const text = readFileSync(join(DIST, "cli", WORKER), "utf8");
    expect(text.includes("node_modules/zod/")).toBe(false);
    expect(text.includes("node_modules/yaml/")).toBe(false);
  });

  it("refuses to run other than as a worker thread, with a message saying so", () => {
    const run = spawnSync(process.execPath, [join(DIST, "cli", WORKER)], { encoding: "utf8" });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("runs only as a worker thread started by mlship's data pass");
  });
});
