/**
 * `mlship evaluate`: the candidate model and the baseline run on the same rows,
 * then everything a reviewer needs to judge the candidate — metrics with 95%
 * intervals, the paired difference to the baseline with its interval, per-class
 * tables and calibration, slices, fairness, permutation importance, serving
 * figures — and the gate's verdict on the rules. Each of these is a step under
 * steps/; this file runs them in order.
 */

import { sha256File } from "../data/fingerprint.js";
import { requireRegularInput } from "../lib/input.js";
import { loadModel, type OnnxModel } from "../onnx/onnx-model.js";
import type { EvaluateSettings, EvaluationReport } from "./evaluation-report.js";
import { metricsOf, rowsOf } from "./predictions.js";
import { classificationFigures } from "./steps/classification-figures.js";
import { type EvaluationRows, loadEvaluationRows } from "./steps/evaluation-rows.js";
import { fairnessFigures, fairnessMetrics } from "./steps/fairness.js";
import { checkGateMetrics, gateVerdict } from "./steps/gate.js";
import { permutationImportance } from "./steps/importance.js";
import { bootstrapIntervals } from "./steps/intervals.js";
import {
  type BaselineRun,
  type CandidateRun,
  loadCandidate,
  predictBaseline,
  predictCandidate,
} from "./steps/predict-models.js";
import { servingFigures } from "./steps/serving.js";
import { sliceMetrics } from "./steps/slices.js";

export type {
  EvaluateSettings,
  EvaluationReport,
  FeaturesUsed,
  Interval,
} from "./evaluation-report.js";
export { primaryMetric } from "./evaluation-report.js";

export async function evaluate(settings: EvaluateSettings): Promise<EvaluationReport> {
  requireRegularInput(
    settings.data,
    "evaluation reads the data more than once (the columns' types, the rows, its hash)",
  );
  const ort = await settings.runtime();
  const rows = await loadEvaluationRows(settings);
  const candidate = await loadCandidate(ort, settings);
  let baselineModel: OnnxModel | undefined;
  try {
    const run = await predictCandidate(candidate, rows, settings);
    checkGateMetrics(settings, run.task);
    let baseline: BaselineRun | undefined;
    if (settings.baseline) {
      baselineModel = await loadModel(ort, settings.baseline.file);
      baseline = await predictBaseline(
        baselineModel,
        settings.baseline,
        { model: candidate, run },
        rows,
        settings,
      );
    }
    return await judge({ model: candidate, run }, baseline, rows, settings);
  } finally {
    await candidate.release();
    await baselineModel?.release();
  }
}

/** Everything measured on the models' predictions, and the gate's verdict on it. */
async function judge(
  candidate: { model: OnnxModel; run: CandidateRun },
  baseline: BaselineRun | undefined,
  rows: EvaluationRows,
  settings: EvaluateSettings,
): Promise<EvaluationReport> {
  const { run } = candidate;
  const scored = { set: run.set, result: metricsOf(run.set) };
  const baselineRun = baseline?.run;
  const baselineScored = baselineRun && { set: baselineRun.set, result: metricsOf(baselineRun.set) };
  const confidence = settings.confidence ?? 0.95;
  const { intervals, delta, replicates } = bootstrapIntervals({
    candidate: { set: scored.set, metrics: scored.result.metrics },
    baseline: baselineScored && { set: baselineScored.set, metrics: baselineScored.result.metrics },
    replicates: settings.replicates,
    seed: settings.seed,
    confidence,
  });
  const serving = await servingFigures(candidate.model, rows.table, run, settings.latencyRows);
  const baselineServing =
    baseline && baselineRun
      ? await servingFigures(baseline.model, rows.table, baselineRun, settings.latencyRows)
      : undefined;
  const fairness = fairnessFigures(run.set, rows.table, settings.sensitive, settings.data);
  const metrics: Record<string, number> = {
    ...scored.result.metrics,
    ...serving,
    ...fairnessMetrics(fairness),
  };
  const baselineMetrics = baselineScored && { ...baselineScored.result.metrics, ...(baselineServing ?? {}) };
  const gate = gateVerdict(settings, {
    candidate: metrics,
    baseline: baselineMetrics,
    noBaselineReason: baseline?.noBaselineReason ?? settings.noBaselineReason,
    replicates,
    rows: rowsOf(run.set),
  });
  const slices = settings.slices.map((column) => sliceMetrics(run.set, rows.table, column, settings.data));
  const importance =
    settings.importanceRepeats > 0 ? await permutationImportance(candidate.model, rows, run, settings) : null;

  return {
    model: { file: settings.model, sha256: candidate.model.sha256, bytes: candidate.model.bytes },
    features: run.features,
    baseline: baseline?.info ?? null,
    task: run.task,
    label: settings.label,
    classes: run.classes,
    rows: rowsOf(run.set),
    data: { file: settings.data, ...(await sha256File(settings.data)) },
    droppedRows: { missingLabel: rows.missingLabel },
    metrics,
    baselineMetrics: baselineMetrics ?? null,
    intervals,
    delta,
    ...classificationFigures(scored, baselineScored, run.classes, confidence),
    slices,
    fairness,
    importance,
    serving,
    baselineServing,
    bootstrap: { replicates: settings.replicates, seed: settings.seed, confidence },
    gate,
  };
}
