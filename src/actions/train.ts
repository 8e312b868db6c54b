/**
 * The train action: its inputs become one `mlship train` command line, run
 * in-process exactly as the CLI runs it, between a restore and a save of the
 * local training cache (.mlship/cache/train) through the Actions cache.
 *
 * The Actions cache entry is only the transport: the content-hash keys inside
 * the local cache decide every hit and miss. The newest entry of this input
 * set (a key prefix) is restored; after the run, the store keeps just the
 * entries the run used and is saved under a key made of their hashes, so an
 * unchanged run saves nothing and a changed one saves exactly its results.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Writable } from "node:stream";
import * as core from "@actions/core";
import { z } from "zod";
import { main } from "../cli/main.js";
import { SEARCH_METHODS } from "../config/index.js";
import { MlshipError } from "../lib/errors.js";
import { renderSearchMarkdown, renderTrainMarkdown, type TrainResult } from "../report/train-markdown.js";
import { canonicalJson, LocalTrainingCache } from "../train/training-cache.js";
import type { SearchSummary } from "../tune/search-summary.js";
import { readActionInputs } from "./action-inputs.js";
import type { ActionIO } from "./action-io.js";
import type { RemoteCache } from "./actions-cache.js";
import {
  DEFAULT_CONFIG_FILE,
  DEFAULT_TRAIN_OUT_DIR,
  TrainInput as Input,
  TrainOutput as Output,
} from "./constants.js";

/** What the action does: one training run, a search, or one part of a search fanned out across jobs. */
export type TrainMode = "train" | "search" | "plan" | "trial" | "collect";

export interface TrainActionSettings {
  mode: TrainMode;
  /** The `mlship train` options the inputs stand for (no --out, no --json). */
  args: string[];
  /** Where model.onnx, metrics.json and (for a search) study.jsonl go. */
  out: string;
  /** Use the training cache (local and Actions). */
  cache: boolean;
  /** The repository checkout (GITHUB_WORKSPACE): the working directory of the run. */
  workspace: string;
  /** Scratch space (RUNNER_TEMP). */
  temp: string;
}

/** The local training cache, relative to the workspace (the path the Actions cache entry holds). */
export const TRAINING_CACHE_DIR = ".mlship/cache/train";

const count = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, "expected a whole number")
    .transform(Number)
    .refine((n) => n >= min && n <= max, `expected a number from ${min} to ${max}`)
    .optional();

const InputsSchema = z.object({
  [Input.config]: z.string().optional(),
  [Input.data]: z.string().optional(),
  [Input.label]: z.string().optional(),
  [Input.trainer]: z.string().optional(),
  [Input.command]: z.string().optional(),
  [Input.params]: z.string().optional(),
  [Input.search]: z
    .enum(SEARCH_METHODS, {
      error: (issue) => `expected one of ${SEARCH_METHODS.join(", ")}, got ${JSON.stringify(issue.input)}`,
    })
    .optional(),
  [Input.trials]: count(1, 10_000),
  [Input.parallel]: count(1, 64),
  [Input.cv]: count(2, 100),
  [Input.seed]: count(0, 2 ** 31),
  [Input.cache]: z
    .enum(["true", "false"], {
      error: (issue) => `expected true or false, got ${JSON.stringify(issue.input)}`,
    })
    .optional(),
  [Input.out]: z.string().optional(),
  [Input.plan]: count(1, 256),
  [Input.trial]: z.string().optional(),
  [Input.collect]: z.string().optional(),
});

/**
 * Reads and checks the inputs. An empty input is an unset one.
 * @throws MlshipError `bad_usage` naming the input.
 */
export function getInputs(
  readInput: (name: string) => string = (name) => core.getInput(name),
  env: NodeJS.ProcessEnv = process.env,
): TrainActionSettings {
  const { inputs } = readActionInputs(Object.values(Input), InputsSchema, readInput);
  const fanOut = [Input.plan, Input.trial, Input.collect].filter((name) => inputs[name] !== undefined);
  if (fanOut.length > 1) {
    throw new MlshipError("bad_usage", `Inputs '${fanOut.join("' and '")}' exclude each other: give one.`);
  }
  if (inputs[Input.trainer] && inputs[Input.command]) {
    throw new MlshipError(
      "bad_usage",
      `Inputs '${Input.trainer}' and '${Input.command}' exclude each other.`,
    );
  }
  const args: string[] = [];
  const option = (name: string, value: string | number | undefined) => {
    if (value !== undefined) args.push(`--${name}=${value}`);
  };
  const config = inputs[Input.config];
  option("config", config === DEFAULT_CONFIG_FILE ? undefined : config);
  option("data", inputs[Input.data]);
  option("label", inputs[Input.label]);
  option("trainer", inputs[Input.trainer]);
  option("command", inputs[Input.command]);
  for (const param of parseParamsInput(inputs[Input.params])) option("param", param);
  option("search", inputs[Input.search]);
  option("trials", inputs[Input.trials]);
  option("parallel", inputs[Input.parallel]);
  option("cv", inputs[Input.cv]);
  option("seed", inputs[Input.seed]);
  option("plan", inputs[Input.plan]);
  option("trial", inputs[Input.trial]);
  option("collect", inputs[Input.collect]);
  const cache = inputs[Input.cache] !== "false";
  if (!cache) args.push("--no-cache");
  const temp = env.RUNNER_TEMP || tmpdir();
  const mode: TrainMode =
    inputs[Input.plan] !== undefined
      ? "plan"
      : inputs[Input.trial] !== undefined
        ? "trial"
        : inputs[Input.collect] !== undefined
          ? "collect"
          : inputs[Input.search] !== undefined || inputs[Input.trials] !== undefined
            ? "search"
            : "train";
  return {
    mode,
    args,
    out: resolve(inputs[Input.out] ?? join(temp, DEFAULT_TRAIN_OUT_DIR)),
    cache,
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    temp,
  };
}

/**
 * The `params` input: `name=value` lines, or one JSON object.
 * @throws MlshipError naming the input when neither.
 */
export function parseParamsInput(text: string | undefined): string[] {
  if (text === undefined) return [];
  if (text.startsWith("{")) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new MlshipError(
        "bad_usage",
        `Invalid input '${Input.params}': not valid JSON (${(error as Error).message}).`,
      );
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      throw new MlshipError("bad_usage", `Invalid input '${Input.params}': expected a JSON object.`);
    }
    return Object.entries(value).map(([name, v]) => {
      if (typeof v === "object" && v !== null) {
        throw new MlshipError(
          "bad_usage",
          `Invalid input '${Input.params}': ${name} must be a number, string or boolean.`,
        );
      }
      return `${name}=${String(v)}`;
    });
  }
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line, index) => {
      if (line.indexOf("=") <= 0) {
        throw new MlshipError(
          "bad_usage",
          `Invalid input '${Input.params}', line ${index + 1}: expected name=value, got ${JSON.stringify(line)}.`,
        );
      }
      return line;
    });
}

/** Runs `mlship train` (argv without the program name) with a context; returns its exit code. */
export type CliRunner = typeof main;

export interface TrainActionResult {
  mode: TrainMode;
  cacheHit: boolean;
  /** The Actions cache key saved by this run, if any. */
  savedKey?: string;
}

/**
 * Restores the cache, trains (or searches), reports, saves the cache. A failed
 * run (bad input, no successful trial) fails the step and saves nothing.
 */
export async function runTrain(
  settings: TrainActionSettings,
  io: ActionIO,
  remote: RemoteCache,
  runCli: CliRunner = main,
): Promise<TrainActionResult | undefined> {
  const useRemote =
    settings.cache && remote.available && settings.mode !== "plan" && settings.mode !== "collect";
  if (settings.cache && !remote.available && settings.mode !== "plan" && settings.mode !== "collect") {
    io.info(
      "The Actions cache service is not available (not running in GitHub Actions?): only the local cache is used.",
    );
  }
  // One cache line per input set: a run with other inputs does not take this one's entries.
  const prefix = `mlship-train-${process.platform}-${sha256(canonicalJson(settings.args)).slice(0, 16)}-`;
  const restoredKey = useRemote ? await remote.restore(TRAINING_CACHE_DIR, prefix) : undefined;
  if (useRemote) {
    io.info(
      restoredKey
        ? `Restored the training cache ${restoredKey}.`
        : "No training cache saved for these inputs yet.",
    );
  }

  const started = Date.now();
  const resultFile = join(settings.temp, `mlship-train-${randomBytes(6).toString("hex")}.json`);
  const errors: string[] = [];
  const stdout = lineWriter((line) => io.info(line));
  // The CLI's error line becomes the step's failure message (not also a log line).
  const stderr = lineWriter((line) => (line.startsWith("mlship: ") ? errors.push(line) : io.info(line)));
  const code = await runCli(["train", ...settings.args, `--out=${settings.out}`, `--json=${resultFile}`], {
    stdout: stdout.stream,
    stderr: stderr.stream,
    env: process.env,
    cwd: settings.workspace,
  });
  stdout.flush();
  stderr.flush();
  if (code !== 0) {
    const message = errors.at(-1)?.replace(/^mlship: (error: )?/, "") ?? `mlship train exited with ${code}`;
    io.setFailed(
      code === 3 ? `internal error (a bug in mlship, please report it with this log): ${message}` : message,
    );
    return undefined;
  }
  const result = JSON.parse(await readFile(resultFile, "utf8")) as unknown;
  await rm(resultFile, { force: true });

  let cacheHit = false;
  if (settings.mode === "plan") {
    io.setOutput(Output.matrix, JSON.stringify(result));
    const planned = (result as { include: unknown[] }).include.length;
    await io.writeSummary(`### mlship train: planned ${planned} trial${planned === 1 ? "" : "s"}\n`);
    return { mode: settings.mode, cacheHit };
  }
  if (settings.mode === "search" || settings.mode === "collect") {
    const summary = result as SearchSummary;
    // A search is a hit when every trial that completed was restored rather than trained.
    const completed = summary.trials.filter((t) => t.status === "complete");
    cacheHit = settings.mode === "search" && completed.length > 0 && completed.every((t) => t.cached);
    io.setOutput(Output.bestParams, JSON.stringify(summary.best.params));
    io.setOutput(Output.studyFile, join(settings.out, "study.jsonl"));
    io.setOutput(Output.study, join(settings.out, "study.jsonl"));
    await io.writeSummary(renderSearchMarkdown(summary));
  } else {
    const run = result as TrainResult;
    cacheHit = run.cacheHit;
    io.setOutput(Output.bestParams, JSON.stringify(run.report.params));
    io.setOutput(Output.studyFile, "");
    io.setOutput(Output.study, "");
    await io.writeSummary(renderTrainMarkdown(run));
  }
  io.setOutput(Output.modelFile, join(settings.out, "model.onnx"));
  io.setOutput(Output.metricsFile, join(settings.out, "metrics.json"));
  io.setOutput(Output.model, join(settings.out, "model.onnx"));
  io.setOutput(Output.metrics, join(settings.out, "metrics.json"));
  io.setOutput(Output.cacheHit, String(cacheHit));

  let savedKey: string | undefined;
  if (useRemote) {
    const store = new LocalTrainingCache(join(settings.workspace, TRAINING_CACHE_DIR));
    const used = await store.entriesUsedSince(started);
    await store.retainOnly(new Set(used));
    const key = `${prefix}${sha256(used.join("\n")).slice(0, 32)}`;
    if (used.length === 0) io.info("No training result to cache.");
    else if (key === restoredKey)
      io.info("The restored training cache holds every result of this run: nothing to save.");
    else if (await remote.save(TRAINING_CACHE_DIR, key)) {
      savedKey = key;
      io.info(`Saved the training cache as ${key} (${used.length} result${used.length === 1 ? "" : "s"}).`);
    }
  }
  return { mode: settings.mode, cacheHit, savedKey };
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** A stream that hands each complete line to `onLine` (the CLI's output, into the runner's log). */
function lineWriter(onLine: (line: string) => void): { stream: Writable; flush(): void } {
  let pending = "";
  // A progress line redrawn with \r shows as its last state.
  const emit = (line: string) => onLine(line.replace(/\r$/, "").replace(/^.*\r/, ""));
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) emit(line);
      done();
    },
  });
  return {
    stream,
    flush() {
      if (pending) emit(pending);
      pending = "";
    },
  };
}
