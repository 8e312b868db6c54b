import { z } from "zod";

export const ANALYSIS_INCONCLUSIVE = ["fail", "pass"] as const;

/** The figures the Prometheus source reads, each by one query (`analysis.prometheus.queries`). */
export const PROMETHEUS_FIGURES = [
  "requests",
  "error_rate",
  "latency_p50_ms",
  "latency_p99_ms",
  "prediction_score",
] as const;
export type PrometheusFigure = (typeof PROMETHEUS_FIGURES)[number];

/** What a query template may name: `{{model}}`, `{{version}}`, `{{arm}}` and `{{window}}` (a range, `300s`). */
export const PROMETHEUS_PLACEHOLDERS = ["model", "version", "arm", "window"] as const;

const PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The placeholders a template names that are not among {@link PROMETHEUS_PLACEHOLDERS}. */
export function unknownPlaceholders(template: string): string[] {
  return [...template.matchAll(PLACEHOLDER)]
    .map((m) => m[1])
    .filter((name) => !(PROMETHEUS_PLACEHOLDERS as readonly string[]).includes(name));
}

/** `template` with each `{{name}}` replaced by `values[name]`. */
export function fillPlaceholders(
  template: string,
  values: Record<(typeof PROMETHEUS_PLACEHOLDERS)[number], string>,
) {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name as keyof typeof values] : whole,
  );
}

const QueryTemplateSchema = z
  .string()
  .min(1)
  .refine((template) => unknownPlaceholders(template).length === 0, {
    error: (issue) =>
      `names ${unknownPlaceholders(issue.input as string)
        .map((name) => `{{${name}}}`)
        .join(", ")}; a query may name only ${PROMETHEUS_PLACEHOLDERS.map((p) => `{{${p}}}`).join(", ")}`,
  });

const QUERY_HELP: Record<PrometheusFigure, string> = {
  requests: "Requests of an arm over the window (an instant vector of one sample).",
  error_rate: "Share of an arm's requests answered 4xx or 5xx over the window.",
  latency_p50_ms: "Median request time of an arm, in milliseconds.",
  latency_p99_ms: "99th percentile request time of an arm, in milliseconds.",
  prediction_score:
    "Predicted probability per class: one series per class and le (cumulative bucket counts over the window).",
};

export const PrometheusConfigSchema = z
  .strictObject({
    url: z
      .url({ protocol: /^https?$/ })
      .describe("Prometheus' base URL (http://prometheus:9090): queries go to <url>/api/v1/query."),
    queries: z
      .strictObject(
        Object.fromEntries(
          PROMETHEUS_FIGURES.map((figure) => [
            figure,
            QueryTemplateSchema.optional().describe(`${QUERY_HELP[figure]} Unset: mlship's query.`),
          ]),
        ) as Record<PrometheusFigure, z.ZodOptional<typeof QueryTemplateSchema>>,
      )
      .prefault({})
      .describe(
        "PromQL templates replacing mlship's own, per figure; {{model}}, {{version}}, {{arm}} and {{window}} (e.g. 300s) are filled in.",
      ),
  })
  .describe("Read the rollout's figures from Prometheus instead of the server's statistics.");

export const AnalysisConfigSchema = z
  .strictObject({
    min_requests: z
      .int()
      .min(1)
      .default(50)
      .describe("Fewer requests than this on an arm make its checks inconclusive (never pass)."),
    inconclusive: z
      .enum(ANALYSIS_INCONCLUSIVE)
      .default("fail")
      .describe(
        "What an analysis still inconclusive when the step may wait no longer counts as: fail (default) or pass.",
      ),
    prometheus: PrometheusConfigSchema.optional(),
  })
  .describe(
    "The analysis of rollouts (mlship deploy): how many requests make a figure, where figures come from.",
  );

export type AnalysisConfig = z.infer<typeof AnalysisConfigSchema>;
export type PrometheusConfig = z.infer<typeof PrometheusConfigSchema>;
