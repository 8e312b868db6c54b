/**
 * One training run of the user's own program (`train.command`): run it with
 * the params, check that it wrote a model onnxruntime loads and metrics, and
 * keep both — or restore them from the training cache when the command, the
 * params, the data and the files listed under `train.cache.paths` (its code)
 * are unchanged.
 */
import { mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { sha256File } from "../data/fingerprint.js";
import { writeFileAtomic, writeJsonAtomic } from "../lib/atomic-write.js";
import { requireRegularInput } from "../lib/input.js";
import { loadModel } from "../onnx/onnx-model.js";
import type { Ort } from "../onnx/ort.js";
import { commandTrainerError, runCommandTrainer } from "./command-trainer.js";
import { CommandTrainReportFileSchema } from "./metrics-file.js";
import { LocalTrainingCache, restoreTrainingRun, trainingCacheKey } from "./training-cache.js";

export interface CommandTrainSettings {
  command: string;
  params: Record<string, string | number | boolean>;
  /** Data files the program reads (fingerprinted for the cache key), by role. */
  data: Record<string, string>;
  /** Files and folders whose content decides the result (the program's code), relative to `root`. */
  cachePaths: string[];
  root: string;
  outDir: string;
  cacheDir?: string;
  timeoutMs: number;
  runtime: () => Promise<Ort>;
  /** The program's output, line by line. */
  log?: (line: string) => void;
  /** Aborting it stops the program (a pruned trial). */
  signal?: AbortSignal;
  /** The program's progress lines (`{"step": 3, "val_auc": 0.81}`). */
  onProgress?: (step: number, values: Record<string, number>) => void;
}

export interface CommandTrainReport {
  trainer: "command";
  command: string;
  params: Record<string, string | number | boolean>;
  metrics: Record<string, number>;
  durationMs: number;
  data: Record<string, string>;
}

export interface CommandTrainOutcome {
  model: string;
  metrics: string;
  cacheHit: boolean;
  cacheKey: string;
  report: CommandTrainReport;
}

export async function trainWithCommand(
  settings: CommandTrainSettings,
): Promise<CommandTrainOutcome | { pruned: true }> {
  const data: Record<string, string> = {};
  for (const file of Object.values(settings.data)) {
    requireRegularInput(file, "mlship hashes the data for the cache, then your command reads it");
  }
  for (const [role, file] of Object.entries(settings.data)) data[role] = (await sha256File(file)).sha256;
  const key = await trainingCacheKey({
    trainer: `command:${settings.command}`,
    trainerVersion: "",
    params: settings.params,
    data,
    paths: settings.cachePaths,
    root: settings.root,
  });
  const model = join(settings.outDir, "model.onnx");
  const metrics = join(settings.outDir, "metrics.json");
  const cache = settings.cacheDir ? new LocalTrainingCache(settings.cacheDir) : undefined;
  const cached = await restoreTrainingRun<CommandTrainReport>(
    cache,
    key.key,
    settings.outDir,
    CommandTrainReportFileSchema,
  );
  if (cached) return { model, metrics, cacheHit: true, cacheKey: key.key, report: cached };

  await mkdir(settings.outDir, { recursive: true });
  const trialDir = await mkdtemp(join(settings.outDir, ".mlship-trial-"));
  try {
    const result = await runCommandTrainer({
      command: settings.command,
      params: settings.params,
      trialDir,
      cwd: settings.root,
      timeoutMs: settings.timeoutMs,
      log: settings.log ? (line) => settings.log!(line) : undefined,
      signal: settings.signal,
      onProgress: settings.onProgress ? (event) => settings.onProgress!(event.step, event.values) : undefined,
    });
    if (result.status === "pruned") return { pruned: true };
    if (result.status !== "complete") throw commandTrainerError(result);
    // The artifact must be a model the rest of mlship can load: say so now, not at evaluation.
    const bytes = await readFile(result.model!);
    const onnx = await loadModel(await settings.runtime(), bytes, {
      name: `${settings.command} → model.onnx`,
    });
    await onnx.release();
    const report: CommandTrainReport = {
      trainer: "command",
      command: result.command,
      params: settings.params,
      metrics: result.metrics ?? {},
      durationMs: result.durationMs,
      data,
    };
    await writeFileAtomic(model, bytes);
    await writeJsonAtomic(metrics, report);
    await cache?.put(key, { "model.onnx": model, "metrics.json": metrics });
    return { model, metrics, cacheHit: false, cacheKey: key.key, report };
  } finally {
    await rm(trialDir, { recursive: true, force: true });
  }
}
