/**
 * The rollout analysis on the server's stats JSON (made by the server's LiveStats, read back through
 * ServerStatsSource as a rollout reads it): each check passes, fails, or is inconclusive — too few
 * requests, a NaN figure, a missing arm — and inconclusive is never pass.
 */
import { describe, expect, it } from "vitest";
import {
  analyse,
  type Check,
  configuredChecks,
  DEFAULT_CHECKS,
  describeAnalysis,
  parseChecks,
} from "../../src/deploy/analysis.js";
import type { Figures } from "../../src/deploy/metrics-source.js";
import { ServerStatsSource } from "../../src/deploy/server-stats-source.js";
import { parseRule } from "../../src/evaluate/gate-rules.js";
import { userError } from "../support/user-error.js";
import {
  type ArmTraffic,
  fakeStatsServer,
  MODEL,
  statsSnapshot,
  usualRow,
  usualScore,
} from "./stats-fixture.js";

const server = await fakeStatsServer();
const source = new ServerStatsSource({ url: server.url, token: "s3cret" });

/** The figures a rollout of 1.0.0 (stable) → 1.1.0 (candidate) reads for `traffic`. */
async function figures(traffic: ArmTraffic[]): Promise<Figures> {
  server.answer = statsSnapshot(traffic);
  return source.figures({ model: MODEL, windowSeconds: 600, arms: { stable: "1.0.0", candidate: "1.1.0" } });
}

const stable = (more: Partial<ArmTraffic> = {}): ArmTraffic => ({
  arm: "stable",
  version: "1.0.0",
  requests: 200,
  ...more,
});
const candidate = (more: Partial<ArmTraffic> = {}): ArmTraffic => ({
  arm: "candidate",
  version: "1.1.0",
  requests: 200,
  ...more,
});

const checks = (...texts: string[]): Check[] =>
  parseChecks(texts.map((text) => ({ text, source: "--check" })));

describe("parseChecks", () => {
  it("reads bounds that are numbers or expressions of stable", () => {
    const [rate, p99, psi] = checks(
      "error_rate <= stable + 0.01",
      "latency_p99_ms <= stable * 1.2",
      "prediction_psi < 0.2",
    );
    expect(rate).toMatchObject({
      metric: "error_rate",
      op: "<=",
      bound: { kind: "stable", scale: 1, offset: 0.01 },
    });
    expect(p99.bound).toEqual({ kind: "stable", scale: 1.2, offset: 0 });
    expect(psi.bound).toEqual({ kind: "number", value: 0.2 });
  });

  it("uses the default checks, said to come from the defaults, when none is given", () => {
    const defaults = parseChecks([]);
    expect(defaults.map((c) => c.text)).toEqual(DEFAULT_CHECKS);
    expect(defaults.map((c) => c.source)).toEqual(DEFAULT_CHECKS.map(() => "default"));
  });

  it("refuses a rule it cannot read with exit 2, naming the rule and the line it came from", () => {
    const error = userError(() =>
      parseChecks([{ text: "error_rate <= baseline + 0.01", source: "mlship.yml:12 (deploy.checks[2])" }]),
    );
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe("bad_check");
    expect(error.message).toBe(
      'mlship.yml:12 (deploy.checks[2]): the bound "baseline + 0.01" of "error_rate <= baseline + 0.01" is not a number, stable, stable ± a number or stable * a number',
    );
    expect(userError(() => checks("error_rate =< 0.1")).message).toMatch(
      /^--check: "error_rate =< 0.1" is not "<metric> <op> <bound>" \(op one of >=, >, <=, <; e\.g\. "error_rate <= stable \+ 0\.01"\)$/,
    );
  });

  it("names a check from mlship.yml by its file, line and place in the list", () => {
    // Where mlship.yml's values are (src/config/load-config.ts configuredSource): here, list item i on line 3 + i.
    const where = (key: string) => ({
      kind: "config" as const,
      file: "mlship.yml",
      key,
      line: 3 + Number(key.split(".").pop()),
    });
    const texts = configuredChecks(
      ["error_rate <= stable", "latency_p99_ms <= stable * 1.2", "error_rate ≤ 0.1"],
      where,
    );
    expect(texts.map((t) => t.source)).toEqual([
      "mlship.yml:3 (deploy.checks[0])",
      "mlship.yml:4 (deploy.checks[1])",
      "mlship.yml:5 (deploy.checks[2])",
    ]);
    expect(() => parseChecks(texts)).toThrow(
      /^mlship\.yml:5 \(deploy\.checks\[2\]\): "error_rate ≤ 0\.1" is not "<metric> <op> <bound>"/,
    );
  });

  it("refuses an unknown check name with exit 2, naming the rule, its source and the known names", () => {
    const error = userError(() => checks("error_ratio <= 0.01"));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(
      /^--check: "error_ratio <= 0\.01": "error_ratio" is not a rollout check; known: error_rate, /,
    );
    expect(error.message).toContain("input_drift_share");
  });

  it("knows the task's metrics from feedback, and only that task's when the task is known", () => {
    expect(parseChecks([{ text: "roc_auc >= stable - 0.02", source: "--check" }], "binary")[0].metric).toBe(
      "roc_auc",
    );
    expect(() => parseChecks([{ text: "rmse <= stable", source: "--check" }], "binary")).toThrow(
      /"rmse" is not a rollout check/,
    );
    expect(checks("rmse <= stable * 1.1")[0].metric).toBe("rmse");
  });

  it("refuses a drift between the arms bounded by stable: it compares with stable already", () => {
    expect(userError(() => checks("prediction_psi <= stable * 2")).message).toBe(
      '--check: "prediction_psi <= stable * 2": prediction_psi compares the candidate with stable already; bound it by a number (e.g. "prediction_psi < 0.2")',
    );
  });

  it("leaves the gate's grammar as it was: the gate reads baseline, not stable", () => {
    expect(parseRule("f1 >= baseline - 0.01").bound).toEqual({ kind: "baseline", scale: 1, offset: -0.01 });
    expect(() => parseRule("f1 >= stable - 0.01", "--gate")).toThrow(
      /--gate: the bound "stable - 0.01" of "f1 >= stable - 0.01" is not a number, baseline, baseline ± a number or baseline \* a number/,
    );
  });
});

describe("analyse: a healthy canary", () => {
  it("passes the default checks, each with its value, bound and reason", async () => {
    const result = analyse(parseChecks([]), await figures([stable(), candidate()]));
    expect(result.verdict).toBe("pass");
    expect(result.checks.map((c) => [c.metric, c.verdict])).toEqual([
      ["error_rate", "pass"],
      ["latency_p99_ms", "pass"],
      ["prediction_psi", "pass"],
    ]);
    expect(result.checks[0]).toMatchObject({ value: 0, bound: 0.01, source: "default" });
    expect(result.checks[0].reason).toBe("0 <= 0.0100 (stable 0)");
    expect(describeAnalysis(result)).toBe("3/3 checks passed");
  });
});

describe("analyse: each check fails when the candidate is worse", () => {
  it("error_rate: 5% errors (4xx and 5xx) against stable's none", async () => {
    const [check] = analyse(
      checks("error_rate <= stable + 0.01"),
      await figures([stable(), candidate({ clientErrors: 4, serverErrors: 6 })]),
    ).checks;
    expect(check).toMatchObject({ verdict: "fail", value: 0.05, bound: 0.01 });
    expect(check.reason).toBe("0.0500 not <= 0.0100 (stable 0)");
  });

  it("latency_p99_ms and latency_p50_ms: three times slower than stable", async () => {
    const result = analyse(
      checks("latency_p99_ms <= stable * 1.5", "latency_p50_ms <= stable * 1.5"),
      await figures([stable({ latencyMs: () => 4 }), candidate({ latencyMs: () => 12 })]),
    );
    expect(result.verdict).toBe("fail");
    expect(result.checks.map((c) => [c.verdict, c.value, c.bound])).toEqual([
      ["fail", 12, 6],
      ["fail", 12, 6],
    ]);
  });

  it("prediction_psi and prediction_js: the candidate's scores moved away from stable's", async () => {
    const result = analyse(
      checks("prediction_psi < 0.2", "prediction_js < 0.1"),
      await figures([stable(), candidate({ score: (i) => 0.85 + (i % 10) / 100 })]),
    );
    expect(result.checks.map((c) => c.verdict)).toEqual(["fail", "fail"]);
    expect(result.checks[0].value).toBeGreaterThan(1);
  });

  it("input_drift_share: the candidate's inputs drifted from the release's profile", async () => {
    const healthy = await figures([stable(), candidate()]);
    const reference = healthy.arms.stable?.inputProfile;
    expect(reference).toBeDefined();
    const moved = await figures([
      stable(),
      candidate({ row: () => ({ ...usualRow(), tenure_months: 70, plan: "premium" }) }),
    ]);
    const rule = checks("input_drift_share <= 0.5");
    expect(analyse(rule, healthy, { reference }).checks[0]).toMatchObject({ verdict: "pass", value: 0 });
    expect(analyse(rule, moved, { reference }).checks[0]).toMatchObject({ verdict: "fail", value: 1 });
  });

  it("a metric from feedback: accuracy of the labelled rows below stable's", async () => {
    const truth = (i: number) => (usualScore(i) >= 0.5 ? "yes" : "no");
    const wrong = (i: number) => (truth(i) === "yes" ? "no" : "yes");
    const [check] = analyse(
      checks("accuracy >= stable - 0.05"),
      await figures([stable({ label: truth }), candidate({ label: wrong })]),
    ).checks;
    expect(check).toMatchObject({ verdict: "fail", value: 0, bound: 0.95 });
  });

  it("requests: a number of requests the candidate must have answered", async () => {
    const result = analyse(checks("requests >= 500"), await figures([stable(), candidate()]));
    expect(result.checks[0]).toMatchObject({ verdict: "fail", value: 200, bound: 500 });
  });
});

describe("analyse: inconclusive, never pass", () => {
  it("when the candidate answered fewer requests than analysis.min_requests", async () => {
    const few = await figures([stable(), candidate({ requests: 20 })]);
    const result = analyse(parseChecks([]), few);
    expect(result.verdict).toBe("inconclusive");
    expect(result.checks.every((c) => c.verdict === "inconclusive")).toBe(true);
    expect(result.checks[0].reason).toBe(
      "candidate 1.1.0 answered 20 requests in the window, fewer than the 50 analysis.min_requests asks for",
    );
    expect(analyse(parseChecks([]), few, { minRequests: 10 }).verdict).toBe("pass");
  });

  it("when stable answered too few to give a bound", async () => {
    const [check] = analyse(
      checks("error_rate <= stable + 0.01"),
      await figures([stable({ requests: 10 }), candidate()]),
    ).checks;
    expect(check.verdict).toBe("inconclusive");
    expect(check.value).toBe(0);
    expect(check.reason).toMatch(/^no bound: stable 1\.0\.0 answered 10 requests/);
  });

  it("when the figure is NaN: ROC AUC of labelled rows of one class", async () => {
    const [check] = analyse(
      checks("roc_auc >= 0.7"),
      await figures([stable(), candidate({ label: () => "yes" })]),
    ).checks;
    expect(check).toMatchObject({ verdict: "inconclusive", value: null });
    expect(check.reason).toBe("roc_auc is undefined on the labelled rows of candidate 1.1.0 (NaN)");
  });

  it("when no label came back, or too few", async () => {
    const none = analyse(checks("accuracy >= 0.8"), await figures([stable(), candidate()])).checks[0];
    expect(none.reason).toBe("no feedback (labels) came back for candidate 1.1.0 in the window");
    const few = analyse(
      checks("accuracy >= 0.8"),
      await figures([stable(), candidate({ label: (i) => (i < 10 ? "no" : undefined) })]),
    ).checks[0];
    expect(few).toMatchObject({ verdict: "inconclusive" });
    expect(few.reason).toMatch(/^10 labelled rows of candidate 1\.1\.0/);
  });

  it("when the candidate arm had no traffic at all (no series in the stats)", async () => {
    const result = analyse(parseChecks([]), await figures([stable()]));
    expect(result.verdict).toBe("inconclusive");
    expect(result.checks[0].reason).toMatch(/^candidate 1\.1\.0 answered 0 requests/);
  });

  it("when the figures hold no stable arm to bound by or compare with", async () => {
    server.answer = statsSnapshot([candidate()]);
    const alone = await source.figures({ model: MODEL, windowSeconds: 600, arms: { candidate: "1.1.0" } });
    const result = analyse(
      checks("error_rate <= stable + 0.01", "prediction_psi < 0.2", "error_rate <= 0.05"),
      alone,
    );
    expect(result.checks.map((c) => c.verdict)).toEqual(["inconclusive", "inconclusive", "pass"]);
    expect(result.checks[0].reason).toBe("no bound: the figures have no stable arm");
    expect(result.verdict).toBe("inconclusive");
  });

  it("input_drift_share without a reference profile", async () => {
    const [check] = analyse(
      checks("input_drift_share <= 0.3"),
      await figures([stable(), candidate()]),
    ).checks;
    expect(check.verdict).toBe("inconclusive");
    expect(check.reason).toMatch(/no reference profile/);
  });

  it("a failing check outweighs inconclusive ones", async () => {
    const result = analyse(
      checks("error_rate <= 0.01", "accuracy >= 0.9"),
      await figures([stable(), candidate({ serverErrors: 20 })]),
    );
    expect(result.checks.map((c) => c.verdict)).toEqual(["fail", "inconclusive"]);
    expect(result.verdict).toBe("fail");
    expect(describeAnalysis(result)).toBe("1 of 2 checks failed: error_rate <= 0.01");
  });
});

describe("analyse: the shadow arm", () => {
  it("holds the shadow arm to the checks when asked", async () => {
    server.answer = statsSnapshot([
      stable(),
      { arm: "shadow", version: "1.1.0", requests: 200, latencyMs: () => 50 },
    ]);
    const shadow = await source.figures({
      model: MODEL,
      windowSeconds: 600,
      arms: { stable: "1.0.0", shadow: "1.1.0" },
    });
    const [check] = analyse(checks("latency_p99_ms <= stable * 2"), shadow, { arm: "shadow" }).checks;
    expect(check).toMatchObject({ verdict: "fail", value: 50, bound: 10 });
  });
});
