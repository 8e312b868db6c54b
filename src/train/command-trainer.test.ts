import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MlshipError } from "../lib/errors.js";
import {
  type CommandProgressEvent,
  type CommandTrainerSettings,
  commandTrainerError,
  expandCommand,
  runCommandTrainer,
} from "./command-trainer.js";
import { OutputTail } from "./process/output-tail.js";
import { shellQuote } from "./process/shell-quote.js";
import { parseLenientJson, parseMetrics, parseProgressLine } from "./trainer-files.js";

const fixtures = resolve("test/fixtures/trainers");
const node = shellQuote(process.execPath, "linux");
const fit = `${node} ${shellQuote(join(fixtures, "fit.mjs"), "linux")}`;
const hang = `${node} ${shellQuote(join(fixtures, "hang.mjs"), "linux")}`;
const posix = process.platform !== "win32";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-command-trainer-"));
});
afterEach(async () => rm(dir, { recursive: true, force: true }));

const run = (command: string, extra: Partial<CommandTrainerSettings> = {}) =>
  runCommandTrainer({ command, params: {}, trialDir: join(dir, "trial"), pollIntervalMs: 20, ...extra });

const seen = async () => JSON.parse(await readFile(join(dir, "trial", "seen.json"), "utf8"));

/** Alive and not a zombie (an orphan nobody reaped is gone for our purposes). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.[0] !== "Z";
  } catch {
    return true;
  }
}

describe("expandCommand", () => {
  it("substitutes placeholders with shell-quoted values", () => {
    expect(
      expandCommand("train --C {C} --name {name} --on {flag}", { C: 0.5, name: "it's", flag: true }, "linux"),
    ).toBe(`train --C '0.5' --name 'it'\\''s' --on 'true'`);
  });

  it("reads {{ and }} as literal braces and leaves $-braces and other braces to the shell", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a template
    expect(expandCommand("echo {{C}} ${HOME} awk '{print $1}' {C}", { C: 1 }, "linux")).toBe(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell expansion, not a template
      "echo {C} ${HOME} awk '{print $1}' '1'",
    );
  });

  it("refuses an unknown placeholder, naming it and the params", () => {
    const attempt = () => expandCommand("train --lr {lr} --C {C}", { C: 1 }, "linux");
    expect(attempt).toThrow(MlshipError);
    expect(attempt).toThrow(/\{lr\}.*params: C/);
  });

  it("quotes for cmd.exe on Windows and refuses what cmd.exe would expand", () => {
    expect(expandCommand("train {name}", { name: "a b" }, "win32")).toBe('train "a b"');
    expect(() => shellQuote("100%", "win32")).toThrow(/MLSHIP_PARAMS/);
  });
});

describe("progress, metrics and output parsing", () => {
  it("reads a progress line's step and flattens its numbers", () => {
    expect(parseProgressLine('{"step": 3, "val_auc": 0.81, "val": {"loss": 0.2}, "note": "x"}')).toEqual({
      event: { step: 3, values: { val_auc: 0.81, "val.loss": 0.2 } },
    });
    expect(parseProgressLine('{"val_auc": 0.81}')).toMatchObject({ error: expect.stringMatching(/step/) });
    expect(parseProgressLine("{oops")).toMatchObject({ error: expect.stringMatching(/not JSON/) });
  });

  it("reads the NaN and Infinity Python writes, but not inside strings", () => {
    expect(parseLenientJson('{"a": NaN, "b": -Infinity, "c": "NaN"}')).toEqual({
      a: Number.NaN,
      b: -Infinity,
      c: "NaN",
    });
  });

  it("flattens nested metrics with dots and refuses non-numbers, naming the key", () => {
    expect(parseMetrics('{"roc_auc": 0.9, "val": {"f1": 0.7}}')).toEqual({
      metrics: { roc_auc: 0.9, "val.f1": 0.7 },
    });
    expect(parseMetrics('{"roc_auc": "high"}')).toMatchObject({
      error: expect.stringMatching(/"roc_auc" is the string/),
    });
    expect(parseMetrics('{"loss": NaN}')).toMatchObject({ error: expect.stringMatching(/"loss" is NaN/) });
    expect(parseMetrics("[1, 2]")).toMatchObject({ error: expect.stringMatching(/JSON object/) });
    expect(parseMetrics("{}")).toMatchObject({ error: expect.stringMatching(/no metrics/) });
  });

  it("refuses metrics nested deeper than any metrics file, or as deep as the stack, without crashing", () => {
    const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
    expect(parseMetrics(nested(40))).toMatchObject({
      error: expect.stringMatching(/"a(\.a){31}" is an object/),
    });
    expect(parseMetrics(nested(200_000))).toMatchObject({ error: expect.stringMatching(/not valid JSON/) });
  });

  it("keeps only the last lines of output, within the byte bound", () => {
    const tail = new OutputTail(3, 1000);
    expect(tail.write("stdout", "a\nb\nc\nd")).toEqual(["a", "b", "c"]);
    tail.write("stderr", "progress 10%\rprogress 100%\n");
    expect(tail.end()).toEqual([["stdout", "d"]]);
    expect(tail.toString()).toBe("[… 2 earlier lines not kept]\nc\nprogress 100%\nd");
    const small = new OutputTail(100, 10);
    small.write("stdout", "12345\n67890\nabcde\n");
    expect(small.toString()).toBe("[… 2 earlier lines not kept]\nabcde");
  });
});

describe.skipIf(!posix)("runCommandTrainer", () => {
  it("runs the program with its params file, placeholders, environment and working directory", async () => {
    const result = await run(`${fit} -- {C} {name}`, {
      params: { C: 2, name: "two words; $HOME" },
      env: { EXTRA: "yes", MLSHIP_MODEL: "/elsewhere" },
      cwd: dir,
    });
    expect(result).toMatchObject({ status: "complete", exitCode: 0, signal: null });
    expect(result.metrics).toEqual({ roc_auc: expect.closeTo(0.82, 12), "val.loss": 0.3 });
    expect(result.model).toBe(join(dir, "trial", "model.onnx"));
    const trial = join(dir, "trial");
    const what = await seen();
    expect(what.args).toEqual(["2", "two words; $HOME"]);
    expect(what.params).toEqual({ C: 2, name: "two words; $HOME" });
    expect(what.cwd).toBe(dir);
    expect(what.env).toEqual({
      EXTRA: "yes",
      MLSHIP_PARAMS: join(trial, "params.json"),
      MLSHIP_TRIAL_DIR: trial,
      MLSHIP_PROGRESS: join(trial, "progress.jsonl"),
      MLSHIP_MODEL: join(trial, "model.onnx"),
      MLSHIP_METRICS: join(trial, "metrics.json"),
    });
  });

  it("reports progress lines while the program runs, in order, a line written in two chunks once", async () => {
    const events: CommandProgressEvent[] = [];
    const onProgress = (event: CommandProgressEvent) => {
      events.push(event);
      // The program waits for this file: the event was seen while it ran, not after.
      void writeFile(join(dir, "trial", `ack-${event.step}`), "");
    };
    const warnings: string[] = [];
    const result = await run(`${fit} --malformed --progress 3 --wait-ack --split-last`, {
      onProgress,
      onWarning: (message) => warnings.push(message),
    });
    expect(result.status).toBe("complete");
    expect(events.map((event) => event.step)).toEqual([1, 2, 3]);
    expect(events[2]).toEqual({ step: 3, values: { val_auc: 0.53, "extra.loss": 1 / 3 } });
    expect(result.progress).toEqual(events);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/progress\.jsonl:1: ignored a progress line: not JSON/);
    expect(result.warnings).toEqual(warnings);
  });

  it("returns a failure with the exit code and the tail of the output on a non-zero exit", async () => {
    const logged: string[] = [];
    const result = await run(`${fit} --lines 300 --exit 3`, {
      tailLines: 50,
      log: (line, stream) => logged.push(`${stream}: ${line}`),
    });
    expect(result).toMatchObject({
      status: "failed",
      failure: "exit-code",
      exitCode: 3,
      reason: "exited with code 3",
    });
    expect(result.outputTail).toContain("line 300");
    expect(result.outputTail).toContain("boom: the last words");
    expect(result.outputTail).not.toContain("line 1\n");
    expect(result.outputTail.split("\n")).toHaveLength(51);
    expect(logged).toHaveLength(301);
    expect(logged).toContain("stderr: boom: the last words");
    const error = commandTrainerError(result);
    expect(error.exitCode).toBe(1);
    // stdout and stderr interleave as they arrive: only stdout's own last line is sure to be in the last 20.
    expect(error.message).toMatch(/exited with code 3[\s\S]*line 300/);
  });

  it("says when the shell cannot find the program", async () => {
    const result = await run("mlship-no-such-trainer --fit");
    expect(result).toMatchObject({ status: "failed", exitCode: 127 });
    expect(result.reason).toMatch(/did not find the program/);
    expect(result.outputTail).toMatch(/not found/);
  });

  it("stops a program that runs past its timeout and reports it as failed", async () => {
    const result = await run(hang, { timeoutMs: 500, killGraceMs: 2000 });
    expect(result).toMatchObject({ status: "failed", failure: "timeout", signal: "SIGTERM" });
    expect(result.reason).toMatch(/timed out after 500 ms/);
    expect(result.outputTail).toContain("hang.mjs: started");
    const pids = JSON.parse(await readFile(join(dir, "trial", "pids.json"), "utf8"));
    expect(isRunning(pids.parent)).toBe(false);
    expect(isRunning(pids.child)).toBe(false);
  });

  it("prunes on abort: the program and the child it started are gone, SIGKILL after the grace period", async () => {
    const controller = new AbortController();
    const result = await run(`${hang} --child-ignores-term`, {
      signal: controller.signal,
      onProgress: () => controller.abort(),
      killGraceMs: 300,
    });
    expect(result.status).toBe("pruned");
    expect(result.progress).toEqual([{ step: 1, values: { loss: 0.9 } }]);
    const pids = JSON.parse(await readFile(join(dir, "trial", "pids.json"), "utf8"));
    expect(isRunning(pids.parent)).toBe(false);
    expect(isRunning(pids.child)).toBe(false);
  });

  it("does not start a trial whose signal is already aborted", async () => {
    const result = await run(fit, { signal: AbortSignal.abort() });
    expect(result).toMatchObject({ status: "pruned", exitCode: null });
  });

  it("fails a trial that wrote no model, or an empty one", async () => {
    expect(await run(`${fit} --no-model`)).toMatchObject({ status: "failed", failure: "no-model" });
    expect(await run(`${fit} --empty-model`)).toMatchObject({ status: "failed", failure: "empty-model" });
  });

  it("fails a trial whose metrics are missing or not numbers, saying which", async () => {
    expect(await run(`${fit} --no-metrics`)).toMatchObject({ status: "failed", failure: "no-metrics" });
    // Through a param: in the command line itself `}}` would be an escaped brace.
    const metrics = '{"roc_auc": "great", "val": {"loss": NaN}}';
    const bad = await run(`${fit} --metrics {metrics}`, { params: { metrics } });
    expect(bad).toMatchObject({ status: "failed", failure: "bad-metrics" });
    expect(bad.reason).toMatch(/"roc_auc" is the string "great"; "val\.loss" is NaN/);
    expect(bad.metrics).toBeUndefined();
  });

  it("does not take a model left by an earlier run in the same trial folder", async () => {
    expect((await run(fit)).status).toBe("complete");
    expect(await run(`${fit} --no-model --no-metrics`)).toMatchObject({ failure: "no-model" });
  });

  it("throws for an unknown placeholder before running anything", async () => {
    await expect(run(`${fit} {lr}`, { params: { C: 1 } })).rejects.toMatchObject({
      code: "unknown_placeholder",
      exitCode: 2,
    });
    await expect(readFile(join(dir, "trial", "params.json"))).rejects.toThrow();
  });

  it("throws for params JSON cannot hold and a missing working directory", async () => {
    await expect(run(fit, { params: { C: Number.NaN } })).rejects.toMatchObject({ code: "bad_param" });
    await expect(run(fit, { cwd: join(dir, "nope") })).rejects.toMatchObject({ code: "bad_cwd" });
  });

  it("rethrows an error of the progress callback after stopping the program", async () => {
    const failing = run(hang, {
      killGraceMs: 300,
      onProgress: () => {
        throw new Error("callback bug");
      },
    });
    await expect(failing).rejects.toThrow("callback bug");
    const pids = JSON.parse(await readFile(join(dir, "trial", "pids.json"), "utf8"));
    expect(isRunning(pids.parent)).toBe(false);
  });
});

const python = "/usr/bin/python3";
const sklearn = spawnSync(python, ["-c", "import sklearn, numpy"], { stdio: "ignore" }).status === 0;
const skl2onnx = sklearn && spawnSync(python, ["-c", "import skl2onnx"], { stdio: "ignore" }).status === 0;
if (!sklearn)
  console.warn(
    `SKIPPED examples/python-sklearn tests: ${python} with scikit-learn and numpy is not available`,
  );
if (skl2onnx) console.warn("SKIPPED the missing-skl2onnx test: skl2onnx is installed here");

describe.skipIf(!posix || !sklearn)("examples/python-sklearn/train.py", () => {
  const train = `${python} ${shellQuote(resolve("examples/python-sklearn/train.py"), "linux")}`;

  it.skipIf(skl2onnx)("fails clearly, before training, when skl2onnx is missing", async () => {
    const result = await run(train, { params: { C: 0.5 } });
    expect(result).toMatchObject({ status: "failed", failure: "exit-code" });
    expect(result.outputTail).toContain("pip install skl2onnx");
    await expect(readFile(join(dir, "trial", "model.onnx"))).rejects.toThrow();
  });

  it("trains with scikit-learn and writes metrics and progress (--no-export: no model)", async () => {
    const result = await run(`${train} --no-export`, {
      params: { model: "logistic", C: 0.5 },
    });
    expect(result).toMatchObject({ status: "failed", failure: "no-model" });
    const metrics = parseMetrics(await readFile(join(dir, "trial", "metrics.json"), "utf8"));
    expect(metrics).toMatchObject({ metrics: { roc_auc: expect.any(Number), accuracy: expect.any(Number) } });
    expect(result.progress.map((event) => event.step)).toEqual([1]);
    expect(result.progress[0].values.roc_auc).toBeGreaterThan(0.5);
  });
});
