/**
 * The params of the built-in trainers, named as scikit-learn names them
 * (LogisticRegression, HistGradientBoosting), with their defaults and checks:
 * an unknown name or a bad value is the user's mistake, said with the name.
 */
import { MlshipError } from "../../errors.js";
import type { GbdtParams } from "../trainers/gbdt.js";
import type { BuiltinTrainer } from "./train-builtin.js";

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

/** The trainer's params with defaults filled; unknown names and bad values are user errors. */
export function resolveParams(
  trainer: BuiltinTrainer,
  given: Record<string, string | number>,
): Record<string, number | string | null> {
  if (trainer === "builtin:logistic") {
    const params: Record<string, number> = { ...LOGISTIC_PARAMS };
    for (const [name, raw] of Object.entries(given)) {
      requireKnown(trainer, name, Object.keys(LOGISTIC_PARAMS));
      params[name] = positiveNumber(name, raw, name === "max_iter");
    }
    return params;
  }
  const params: Record<string, number | string | null> = {};
  for (const [name, raw] of Object.entries(given)) {
    requireKnown(trainer, name, Object.keys(GBDT_PARAM_NAMES));
    if (name === "early_stopping") {
      if (!["auto", "true", "false"].includes(String(raw))) {
        throw new MlshipError(
          "bad_param",
          `param early_stopping: expected auto, true or false, got ${JSON.stringify(raw)}`,
        );
      }
      params[name] = String(raw);
    } else if ((name === "max_depth" || name === "max_leaf_nodes") && String(raw) === "none") {
      params[name] = null;
    } else {
      const whole = [
        "max_iter",
        "max_leaf_nodes",
        "max_depth",
        "min_samples_leaf",
        "max_bins",
        "n_iter_no_change",
      ].includes(name);
      params[name] = name === "l2_regularization" ? nonNegative(name, raw) : positiveNumber(name, raw, whole);
    }
  }
  return params;
}

function requireKnown(trainer: string, name: string, known: string[]): void {
  if (!known.includes(name)) {
    throw new MlshipError("unknown_param", `${trainer} has no param "${name}" (it has ${known.join(", ")})`);
  }
}

function positiveNumber(name: string, raw: string | number, whole: boolean): number {
  const value = typeof raw === "number" ? raw : Number(raw);
  if (!Number.isFinite(value) || value <= 0 || (whole && !Number.isInteger(value))) {
    throw new MlshipError(
      "bad_param",
      `param ${name}: expected a positive ${whole ? "whole number" : "number"}, got ${JSON.stringify(raw)}`,
    );
  }
  return value;
}

function nonNegative(name: string, raw: string | number): number {
  const value = typeof raw === "number" ? raw : Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new MlshipError("bad_param", `param ${name}: expected a number ≥ 0, got ${JSON.stringify(raw)}`);
  }
  return value;
}
