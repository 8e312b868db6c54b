/**
 * Gate rules (docs/design.md, "Gate rules"): one rule a line, `<metric> <op> <bound>`,
 * `op` in `>= > <= <`, `bound` a number or an expression of `baseline`
 * (`baseline`, `baseline - 0.01`, `baseline + 0.5`, `baseline * 1.2`).
 *
 * A rule's verdict is `pass`, `fail`, `skipped` (its metric or the baseline is
 * missing: said so, never silently passed) or `inconclusive` (too few rows),
 * which the gate maps to pass or fail. With `confidence`, a rule against the
 * baseline fails only when the paired bootstrap interval of its margin
 * (candidate − bound, per resample) lies wholly on the failing side, so noise
 * alone never fails a gate.
 */
import { MlshipError } from "../lib/errors.js";
import {
  boundOf,
  holds,
  type Operator,
  parseRuleIn,
  type Rule,
  type RuleDialect,
} from "../lib/rule-grammar.js";

export type { Operator };
export { boundOf };

/** A gate rule: its bound is a number or an expression of `baseline`. */
export type GateRule = Rule<"baseline">;

/** The gate's dialect of the rule grammar (src/lib/rule-grammar.ts). */
export const GATE_RULES: RuleDialect<"baseline"> = {
  reference: "baseline",
  example: "f1 >= baseline - 0.01",
  code: "bad_gate_rule",
};

export type Verdict = "pass" | "fail" | "skipped" | "inconclusive";

export interface RuleResult {
  rule: string;
  metric: string;
  /** The candidate's value (null when it has none). */
  value: number | null;
  /** The bound the value was held to (null when it could not be computed). */
  bound: number | null;
  verdict: Verdict;
  /** Why, in words a reviewer reads. */
  reason: string;
  /** With confidence: the interval of candidate − bound. */
  marginInterval?: [number, number];
}

/**
 * Parses rules; `source` names where they came from in errors (`--gate`, `mlship.yml:gate.rules[2]`).
 * @throws MlshipError naming the rule and what is wrong with it.
 */
export function parseRule(text: string, source = "gate rule"): GateRule {
  return parseRuleIn(GATE_RULES, text, source);
}

/**
 * Every rule names a metric the evaluation computes: a misspelt name would otherwise be a rule that
 * never runs. `known` lists the task's metrics; `unavailable` maps names known but not computed here
 * to why (fairness figures without a sensitive column).
 * @throws MlshipError `unknown_metric` naming the rule and listing the known names.
 */
export function checkRuleMetrics(
  rules: GateRule[],
  known: readonly string[],
  what: string,
  unavailable: ReadonlyMap<string, string> = new Map(),
): void {
  for (const rule of rules) {
    if (known.includes(rule.metric)) continue;
    const where = `${rule.source ?? "gate rule"}: ${JSON.stringify(rule.text)}`;
    const why = unavailable.get(rule.metric);
    throw new MlshipError(
      "unknown_metric",
      why
        ? `${where}: ${rule.metric} ${why}`
        : `${where}: ${JSON.stringify(rule.metric)} is not a metric of ${what}; known: ${known.join(", ")} (compared with a number, baseline, baseline ± x or baseline * x)`,
    );
  }
}

export interface RuleInputs {
  /** The candidate's metrics (point estimates). */
  candidate: Record<string, number>;
  /** The baseline's metrics on the same rows; undefined when there is no baseline. */
  baseline?: Record<string, number>;
  /** Why there is no baseline (first model, unknown ref), for skipped rules. */
  noBaselineReason?: string;
  /**
   * Paired bootstrap replicates per metric: candidate and baseline values on the
   * same resample. Needed only with `confidence`.
   */
  replicates?: Record<string, { candidate: Float64Array; baseline: Float64Array }>;
  /** e.g. 0.95; undefined: point estimates decide. */
  confidence?: number;
  rows: number;
  /** Fewer rows than this: rules against the baseline are inconclusive. */
  minRows?: number;
}

export function evaluateRule(rule: GateRule, inputs: RuleInputs): RuleResult {
  const base = { rule: rule.text, metric: rule.metric };
  const value = Object.hasOwn(inputs.candidate, rule.metric) ? inputs.candidate[rule.metric] : undefined;
  if (value === undefined) {
    return {
      ...base,
      value: null,
      bound: null,
      verdict: "skipped",
      reason: `the evaluation has no metric ${rule.metric}`,
    };
  }
  if (!Number.isFinite(value)) {
    return {
      ...base,
      value: null,
      bound: null,
      verdict: "fail",
      reason: `${rule.metric} is undefined on these rows (NaN)`,
    };
  }
  return rule.bound.kind === "number"
    ? againstNumber(rule, value, rule.bound.value)
    : againstBaseline(rule, value, inputs);
}

function againstNumber(rule: GateRule, value: number, bound: number): RuleResult {
  const ok = holds(rule.op, value, bound);
  return {
    rule: rule.text,
    metric: rule.metric,
    value,
    bound,
    verdict: ok ? "pass" : "fail",
    reason: `${fmt(value)} ${ok ? "" : "not "}${rule.op} ${fmt(bound)}`,
  };
}

/** A bound relative to the baseline: skipped without one, inconclusive on too few rows, else judged. */
function againstBaseline(rule: GateRule, value: number, inputs: RuleInputs): RuleResult {
  const base = { rule: rule.text, metric: rule.metric };
  const baselineValue =
    inputs.baseline && Object.hasOwn(inputs.baseline, rule.metric) ? inputs.baseline[rule.metric] : undefined;
  if (inputs.baseline === undefined || baselineValue === undefined || !Number.isFinite(baselineValue)) {
    const why =
      inputs.baseline === undefined
        ? (inputs.noBaselineReason ?? "there is no baseline")
        : `the baseline has no ${rule.metric}`;
    return { ...base, value, bound: null, verdict: "skipped", reason: `skipped: ${why}` };
  }
  const bound = boundOf(rule, baselineValue);
  if (inputs.minRows !== undefined && inputs.rows < inputs.minRows) {
    return {
      ...base,
      value,
      bound,
      verdict: "inconclusive",
      reason: `${inputs.rows} rows, fewer than gate.min_rows ${inputs.minRows}: too few to compare with the baseline`,
    };
  }
  const replicates =
    inputs.replicates && Object.hasOwn(inputs.replicates, rule.metric)
      ? inputs.replicates[rule.metric]
      : undefined;
  if (inputs.confidence === undefined || !replicates) {
    const ok = holds(rule.op, value, bound);
    return {
      ...base,
      value,
      bound,
      verdict: ok ? "pass" : "fail",
      reason: `${fmt(value)} ${ok ? "" : "not "}${rule.op} ${fmt(bound)} (baseline ${fmt(baselineValue)})`,
    };
  }
  return byInterval(rule, { value, bound, baselineValue }, replicates, inputs.confidence);
}

/** Judged by the paired bootstrap: fails only when the whole interval of the margin is on the failing side. */
function byInterval(
  rule: GateRule,
  point: { value: number; bound: number; baselineValue: number },
  replicates: NonNullable<RuleInputs["replicates"]>[string],
  confidence: number,
): RuleResult {
  const { value, bound, baselineValue } = point;
  const base = { rule: rule.text, metric: rule.metric, value, bound };
  const margins = new Float64Array(replicates.candidate.length);
  for (let b = 0; b < margins.length; b++)
    margins[b] = replicates.candidate[b] - boundOf(rule, replicates.baseline[b]);
  const interval = percentileInterval(margins, confidence);
  const wantsAbove = rule.op === ">=" || rule.op === ">";
  const failing = wantsAbove
    ? interval[1] < 0 || (rule.op === ">" && interval[1] <= 0)
    : interval[0] > 0 || (rule.op === "<" && interval[0] >= 0);
  const level = `${Math.round(confidence * 100)}%`;
  const spread = `the ${level} interval of the difference, [${fmt(interval[0])}, ${fmt(interval[1])}]`;
  if (failing) {
    return {
      ...base,
      verdict: "fail",
      marginInterval: interval,
      reason: `${fmt(value)} not ${rule.op} ${fmt(bound)} (baseline ${fmt(baselineValue)}), and ${spread}, is wholly on the failing side`,
    };
  }
  return {
    ...base,
    verdict: "pass",
    marginInterval: interval,
    reason: holds(rule.op, value, bound)
      ? `${fmt(value)} ${rule.op} ${fmt(bound)} (baseline ${fmt(baselineValue)})`
      : `${fmt(value)} not ${rule.op} ${fmt(bound)}, but within noise: ${spread}, reaches the passing side`,
  };
}

/** The central `confidence` interval of `values` (percentile method, linear interpolation as numpy's default). */
export function percentileInterval(values: Float64Array, confidence: number): [number, number] {
  const finite = Float64Array.from(values.filter((v) => Number.isFinite(v))).sort();
  if (finite.length === 0) return [Number.NaN, Number.NaN];
  const alpha = (1 - confidence) / 2;
  return [quantile(finite, alpha), quantile(finite, 1 - alpha)];
}

export function quantile(sorted: Float64Array, q: number): number {
  const position = q * (sorted.length - 1);
  const low = Math.floor(position);
  const high = Math.min(low + 1, sorted.length - 1);
  return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
}

function fmt(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e6)) return x.toExponential(3);
  return String(Number(x.toPrecision(4)));
}

export interface GateResult {
  passed: boolean;
  rules: RuleResult[];
}

/** All rules; `inconclusive` counts as `inconclusiveAs`. Skipped rules never fail the gate (they are listed). */
export function evaluateGate(
  rules: GateRule[],
  inputs: RuleInputs,
  inconclusiveAs: "pass" | "fail" = "pass",
): GateResult {
  const results = rules.map((rule) => evaluateRule(rule, inputs));
  const passed = results.every(
    (r) =>
      r.verdict === "pass" ||
      r.verdict === "skipped" ||
      (r.verdict === "inconclusive" && inconclusiveAs === "pass"),
  );
  return { passed, rules: results };
}
