import { z } from "zod";

/** The rollout strategies of `mlship deploy` (docs/design.md, "Rollouts"). */
export const DEPLOY_STRATEGIES = ["canary", "bluegreen", "shadow", "ab", "direct"] as const;

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
        "How traffic moves to the new version: canary (default), shadow (copies only, never promotes) or direct (bluegreen, ab: not built yet).",
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
      "bluegreen (not built yet): how long the old version stays loaded and the switch is analysed",
    ),
    smoke: z.string().min(1).optional().describe("bluegreen (not built yet): a data file of smoke rows."),
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
