/**
 * What a gate report shows beside the evaluation itself: where the candidate
 * came from (commit, run, its training params), the data validation of the
 * same pull request, and the primary metric's history over the registry's
 * last versions. Gathered by the CLI and the action, rendered by the report.
 */
import { type ValidationReport, ValidationReportSchema } from "../data/validate/report.js";
import { readJsonFile } from "../lib/read-json.js";
import { runUrlOf } from "../lib/run-context.js";
import { parseRef } from "../registry/refs.js";
import type { Registry } from "../registry/registry.js";
import { TRAINING_METRICS_FILE, TrainingMetricsFileSchema } from "../train/metrics-file.js";
import { type EvaluationReport, primaryMetric } from "./evaluate.js";

export interface ReportContext {
  lineage?: {
    commit?: string;
    runUrl?: string;
    trainer?: string;
    params?: Record<string, unknown>;
    trainData?: string;
  };
  validation?: ValidationReport;
  /** The metric over the last registry versions (oldest first), then the candidate. */
  history?: { metric: string; points: { label: string; value: number }[] };
}

/** The training run's metrics.json: trainer, params and data fingerprint for the lineage. */
export async function lineageFromTraining(
  metricsFile: string | undefined,
  env: NodeJS.ProcessEnv,
): Promise<ReportContext["lineage"]> {
  const trained = metricsFile
    ? await readJsonFile(metricsFile, TRAINING_METRICS_FILE, TrainingMetricsFileSchema)
    : undefined;
  const runUrl = runUrlOf(env);
  return {
    commit: env.GITHUB_SHA,
    runUrl,
    trainer: trained?.trainer ?? (trained?.command ? `command: ${trained.command}` : undefined),
    params: trained?.params,
    trainData: trained?.data?.sha256,
  };
}

/** The last `limit` versions' recorded value of `metric`, oldest first, and the candidate's. */
export async function metricHistory(
  registry: Registry,
  name: string,
  metric: string,
  candidate: number,
  limit = 10,
): Promise<ReportContext["history"]> {
  const versions = (await registry.list(name)).versions.slice(0, limit).reverse();
  const points = versions.flatMap((v) => {
    const value = v.manifest.metrics[metric];
    return typeof value === "number" && Number.isFinite(value) ? [{ label: v.version, value }] : [];
  });
  if (points.length === 0) return undefined;
  return { metric, points: [...points, { label: "candidate", value: candidate }] };
}

/**
 * Everything the report shows beside the evaluation: the lineage from the training run's
 * metrics.json, the data validation report, and — when the baseline came from a registry
 * ref — the primary metric's history there (a failure to read it only leaves it out).
 */
export async function gatherReportContext(options: {
  report: EvaluationReport;
  trainingMetrics?: string;
  validation?: string;
  env: NodeJS.ProcessEnv;
  baselineRef?: string;
  registry: () => Registry;
  onHistoryError?: (message: string) => void;
}): Promise<ReportContext> {
  const context: ReportContext = {
    lineage: await lineageFromTraining(options.trainingMetrics, options.env),
    validation: options.validation
      ? await readJsonFile(options.validation, "mlship validate's JSON report", ValidationReportSchema)
      : undefined,
  };
  if (options.baselineRef?.includes("@")) {
    const metric = primaryMetric(options.report.task);
    context.history = await metricHistory(
      options.registry(),
      parseRef(options.baselineRef).name,
      metric,
      options.report.metrics[metric],
    ).catch((error: unknown) => {
      options.onHistoryError?.(`No metric history: ${(error as Error).message}`);
      return undefined;
    });
  }
  return context;
}
