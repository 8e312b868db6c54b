/**
 * The params of the built-in trainers, named as scikit-learn names them
 * (LogisticRegression, HistGradientBoosting), with their defaults and allowed
 * ranges: an unknown name or a value out of its range is the user's mistake,
 * said with the name and the range wherever a param is read (`--param`,
 * mlship.yml's train.params, a search space's bounds), before any training.
 */
import { MlshipError } from "../lib/errors.js";
import type { SearchSpace } from "../tune/search-space.js";
import type { GbdtParams } from "./trainers/gbdt.js";
import { MAX_BINS } from "./trainers/histogram-binning.js";

/** The built-in trainers' names, as `--trainer` and mlship.yml's train.trainer take them. */
export const BUILTIN_TRAINERS = ["builtin:logistic", "builtin:gbdt"] as const;
export type BuiltinTrainer = (typeof BUILTIN_TRAINERS)[number];

/** builtin:logistic's params and their defaults (scikit-learn's LogisticRegression names). */
export const LOGISTIC_PARAMS = { C: 1, max_iter: 100, tol: 1e-4 } as const;

/** builtin:gbdt's params (scikit-learn's HistGradientBoosting names) → the trainer's own. */
export const GBDT_PARAM_NAMES = {
  learning_rate: "learningRate",
  max_iter: "maxIter",
  max_leaf_nodes: "maxLeafNodes",
  max_depth: "maxDepth",
  min_samples_leaf: "minSamplesLeaf",
  l2_regularization: "l2Regularization",
  max_bins: "maxBins",
  subsample: "subsample",
  colsample_bytree: "colsampleByTree",
  early_stopping: "earlyStopping",
  n_iter_no_change: "nIterNoChange",
  tol: "tol",
} as const satisfies Record<string, keyof GbdtParams>;

/** A numeric param's allowed values: an interval (ends open or closed), whole numbers or not, or "none". */
export interface NumericRange {
  kind: "number";
  min: number;
  /** The minimum itself is not allowed (e.g. a learning rate > 0). */
  minOpen?: boolean;
  max?: number;
  whole?: boolean;
  /** The text "none" (no limit) is also allowed. */
  none?: boolean;
}

export type ParamRange = NumericRange | { kind: "choice"; values: readonly string[] };

const positive: NumericRange = { kind: "number", min: 0, minOpen: true };
const atLeastZero: NumericRange = { kind: "number", min: 0 };
const share: NumericRange = { kind: "number", min: 0, minOpen: true, max: 1 };
const wholeFrom = (min: number, extra: Partial<NumericRange> = {}): NumericRange => ({
  kind: "number",
  min,
  whole: true,
  ...extra,
});

/** Each built-in trainer's params and their ranges (scikit-learn's constraints, and what mlship adds). */
export const BUILTIN_PARAM_RANGES: Record<BuiltinTrainer, ReadonlyMap<string, ParamRange>> = {
  "builtin:logistic": new Map<string, ParamRange>([
    ["C", positive],
    ["max_iter", wholeFrom(1)],
    ["tol", atLeastZero],
  ]),
  "builtin:gbdt": new Map<string, ParamRange>([
    ["learning_rate", positive],
    ["max_iter", wholeFrom(1)],
    ["max_leaf_nodes", wholeFrom(2, { none: true })],
    ["max_depth", wholeFrom(1, { none: true })],
    ["min_samples_leaf", wholeFrom(1)],
    ["l2_regularization", atLeastZero],
    ["max_bins", wholeFrom(2, { max: MAX_BINS })],
    ["subsample", share],
    ["colsample_bytree", share],
    ["early_stopping", { kind: "choice", values: ["auto", "true", "false"] }],
    ["n_iter_no_change", wholeFrom(1)],
    ["tol", atLeastZero],
  ]),
};

/** The range in words: `a whole number in [2, 255]`, `a number in (0, 1]`, `auto, true or false`. */
export function describeRange(range: ParamRange): string {
  if (range.kind === "choice") return `${range.values.slice(0, -1).join(", ")} or ${range.values.at(-1)}`;
  const interval = `${range.minOpen ? "(" : "["}${range.min}, ${range.max ?? "∞"}${range.max === undefined ? ")" : "]"}`;
  return `${range.whole ? "a whole number" : "a number"} in ${interval}${range.none ? ' or "none"' : ""}`;
}

/** Whether a number lies in a numeric range. */
export function inRange(range: NumericRange, value: number): boolean {
  return (
    Number.isFinite(value) &&
    (range.minOpen ? value > range.min : value >= range.min) &&
    (range.max === undefined || value <= range.max) &&
    (!range.whole || Number.isInteger(value))
  );
}

/** The param's value (a number, a choice, or null for "none"), or the reason it is out of range. */
export function checkParamValue(
  range: ParamRange,
  raw: string | number | boolean,
): { value: number | string | null } | { problem: string } {
  const text = String(raw).trim();
  if (range.kind === "choice") {
    return range.values.includes(text) ? { value: text } : { problem: `expected ${describeRange(range)}` };
  }
  if (range.none && text === "none") return { value: null };
  const value = typeof raw === "number" ? raw : text === "" ? Number.NaN : Number(text);
  return inRange(range, value) ? { value } : { problem: `expected ${describeRange(range)}` };
}

/** `builtin:gbdt has no param "x" (it has …)`, or undefined for a known name. */
export function unknownParamProblem(trainer: BuiltinTrainer, name: string): string | undefined {
  const ranges = BUILTIN_PARAM_RANGES[trainer];
  return ranges.has(name)
    ? undefined
    : `${trainer} has no param "${name}" (it has ${[...ranges.keys()].join(", ")})`;
}

/** A param given to a built-in trainer: its value, or why it is refused (unknown name, value out of range). */
export function checkParam(
  trainer: BuiltinTrainer,
  name: string,
  raw: string | number | boolean,
): { value: number | string | null } | { code: "unknown_param" | "bad_param"; message: string } {
  const unknown = unknownParamProblem(trainer, name);
  if (unknown) return { code: "unknown_param", message: unknown };
  const checked = checkParamValue(BUILTIN_PARAM_RANGES[trainer].get(name)!, raw);
  if ("problem" in checked) {
    const message = `param ${name} of ${trainer}: ${checked.problem}, got ${JSON.stringify(raw)}`;
    return { code: "bad_param", message };
  }
  return checked;
}

/** The trainer's params with defaults filled; unknown names and values out of range are user errors. */
export function resolveParams(
  trainer: BuiltinTrainer,
  given: Record<string, string | number | boolean>,
): Record<string, number | string | null> {
  const params: Record<string, number | string | null> =
    trainer === "builtin:logistic" ? { ...LOGISTIC_PARAMS } : {};
  for (const [name, raw] of Object.entries(given)) {
    const checked = checkParam(trainer, name, raw);
    if ("message" in checked) throw new MlshipError(checked.code, checked.message);
    params[name] = checked.value;
  }
  return params;
}

/**
 * What in a search space a built-in trainer cannot take: an unknown param, a range reaching outside
 * the param's, fractional draws of a whole-number param, a choice value out of range. Each with the
 * path of the entry under the space (e.g. `["max_bins", "low"]`).
 */
export function searchSpaceProblems(
  trainer: BuiltinTrainer,
  space: SearchSpace,
): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  for (const [name, spec] of Object.entries(space)) {
    const unknown = unknownParamProblem(trainer, name);
    const range = BUILTIN_PARAM_RANGES[trainer].get(name);
    if (unknown || !range) {
      problems.push({ path: [name], message: unknown ?? "" });
      continue;
    }
    const expected = `param ${name} of ${trainer}: expected ${describeRange(range)}`;
    if (spec.type === "choice") {
      spec.values.forEach((value, index) => {
        if ("problem" in checkParamValue(range, value))
          problems.push({
            path: [name, "values", index],
            message: `${expected}, got ${JSON.stringify(value)}`,
          });
      });
      continue;
    }
    if (range.kind === "choice") {
      problems.push({ path: [name, "type"], message: `${expected}: use type choice` });
      continue;
    }
    if (range.whole && spec.type !== "int") {
      problems.push({ path: [name, "type"], message: `${expected}: use type int, not ${spec.type}` });
      continue;
    }
    const highest =
      spec.type === "int" ? spec.low + Math.floor((spec.high - spec.low) / spec.step) * spec.step : spec.high;
    for (const [end, value] of [
      ["low", spec.low],
      ["high", highest],
    ] as const) {
      if (!inRange(range, value)) problems.push({ path: [name, end], message: `${expected}, got ${value}` });
    }
  }
  return problems;
}
