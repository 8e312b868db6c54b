import { z } from "zod";

/** The rollout strategies of `mlship deploy` (docs/design.md, "Rollouts"). */
export const DEPLOY_STRATEGIES = ["canary", "bluegreen", "shadow", "ab", "direct"] as const;

/** The outcome metrics an ab rollout can test (docs/design.md, "Rollouts"). */
export const AB_METRICS = ["accuracy", "mae"] as const;

/** `60s`, `5m`, `1h`, `500ms` or a number of seconds. */
export const DURATION_TEXT = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$/i;

const duration = (what: string) =>
  z
    .union([
      z.number().nonnegative(),
      z.string().regex(DURATION_TEXT, "expected a duration: 60s, 5m, 1h, 500ms or seconds"),
    ])
    .optional()
    .describe(`${what}: a number of seconds or a duration (60s, 5m, 1h, 500ms).`);

export const DeployConfigSchema = z
  .strictObject({
    strategy: z
      .enum(DEPLOY_STRATEGIES)
      .optional()
      .describe(
        "How traffic moves to the new version: canary (default), bluegreen (switch after smoke requests, old version kept warm), shadow (copies only, never promotes), ab (a split judged by feedback, never promotes) or direct.",
      ),
    steps: z
      .array(z.number().gt(0).max(100))
      .min(1)
      .optional()
      .describe(
        "The canary's candidate weights in percent, ascending (default [10, 25, 50, 100]); 100 is added when missing.",
      ),
    interval: duration(
      "How long each canary step runs before its analysis, and the analysis window (default 60s)",
    ),
    max_wait: duration(
      "How much longer a step whose analysis is inconclusive (too few requests) waits before analysis.inconclusive decides (default 5m)",
    ),
    checks: z
      .array(z.string().min(1))
      .optional()
      .describe(
        "Analysis checks in the gate's rule grammar, bounded by a number or by stable (e.g. error_rate <= stable + 0.01); default: error_rate <= stable + 0.01, latency_p99_ms <= stable * 1.5, prediction_psi < 0.2.",
      ),
    keep_warm: duration(
      "bluegreen: how long the old version stays loaded after the switch while the candidate is analysed (default 5m)",
    ),
    smoke: z
      .string()
      .min(1)
      .optional()
      .describe(
        "bluegreen: a data file (.csv, .tsv, .jsonl, .parquet) whose first rows are sent to the candidate before the switch (default: rows built from the release's profile.json).",
      ),
    duration: duration(
      "ab: how long the split runs at most (default 1h); shadow: how long the copies are analysed (default: interval)",
    ),
    sticky_key: z
      .string()
      .min(1)
      .optional()
      .describe(
        'ab: what keeps a user on one arm, "header:<name>" or "field:<name>" (default: the rollout\'s own, else none: requests split at random).',
      ),
    ab: z
      .strictObject({
        metric: z
          .enum(AB_METRICS)
          .optional()
          .describe(
            "The outcome metric from feedback: accuracy (classifiers, two-proportion z-test) or mae (regressors, Welch's t-test on absolute errors); default by the model's task.",
          ),
        confidence: z
          .number()
          .gt(0.5)
          .lt(1)
          .optional()
          .describe("The confidence of the two-sample test, e.g. 0.95 (the default)."),
        min_labelled: z
          .number()
          .int()
          .min(2)
          .optional()
          .describe("Labelled rows each arm needs before the test decides (default 100)."),
      })
      .optional()
      .describe("ab: how the arms' outcomes are compared."),
    target: z
      .string()
      .min(1)
      .optional()
      .describe(
        "Where traffic is shifted: server:<url> (mlship serve's admin API; default server:http://127.0.0.1:8080).",
      ),
  })
  .describe("Rollouts (mlship deploy, rollback, promote): strategy, steps, analysis checks, target.");

export type DeployConfig = z.infer<typeof DeployConfigSchema>;
