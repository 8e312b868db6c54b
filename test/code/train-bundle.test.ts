/**
 * The train action's bundle holds the training code, not the CLI: it calls runTraining directly
 * (src/actions/train.ts), so no command of `mlship` is in dist/train/index.js. A search's parallel
 * built-in trials run `train-trial.js`, a bundle of the trainers alone, found beside each bundle
 * that starts them (the CLI and the train action).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { commands } from "../../src/cli/commands/index.js";
import { ROOT } from "../cli/run-cli.js";

const DIST = join(ROOT, "dist");
const read = (path: string) => readFileSync(join(DIST, path), "utf8");
/** Text only a command carries: its usage line (`mlship demo [--workdir dir] …`). */
const usages = commands.map((command) => command.usage);

describe("dist/train/index.js", () => {
  it("holds no command of the CLI (each command's usage line is in dist/cli/index.js, none in dist/train)", () => {
    const cli = read("cli/index.js");
    expect(usages.filter((usage) => !cli.includes(usage))).toEqual([]);
    const train = read("train/index.js");
    expect(usages.filter((usage) => train.includes(usage))).toEqual([]);
    expect(train.includes("see mlship --help")).toBe(false);
  });
});

describe("the trial runner bundle (train-trial.js)", () => {
  it("sits beside the CLI and the train action, and holds no command of the CLI", () => {
    for (const bundle of ["cli", "train"])
      expect(existsSync(join(DIST, bundle, "train-trial.js"))).toBe(true);
    const runner = read("cli/train-trial.js");
    expect(usages.filter((usage) => runner.includes(usage))).toEqual([]);
    expect(runner.includes("node_modules/@actions/")).toBe(false);
  });

  it("refuses to run other than as a trial process, with a message saying so", () => {
    const run = spawnSync(process.execPath, [join(DIST, "train", "train-trial.js")], { encoding: "utf8" });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain("runs only as a trial process started by mlship train");
  });
});
