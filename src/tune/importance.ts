/**
 * Parameter importance of a finished search: how much of the variation of the
 * objective over the complete trials each parameter accounts for. For each
 * parameter, the trials are grouped by its value (numbers in up to 4 quantile
 * bins, choices by value; trials without the parameter, a conditional one, form
 * their own group), and the share of the objective's variance between the groups
 * (η², the correlation ratio) is its raw importance; the importances are then
 * scaled to sum to 1, as Optuna reports its importances. A simpler measure than
 * Optuna's default (fANOVA over a random forest): it sees each parameter alone,
 * not interactions.
 */
import type { Params, ParamValue } from "./search-space.js";

export interface ParameterImportance {
  param: string;
  importance: number;
}

/** Fewer complete trials than this: no importances (too few to tell). */
export const MIN_TRIALS_FOR_IMPORTANCE = 4;

export function parameterImportance(
  trials: readonly { params: Params; value: number }[],
): ParameterImportance[] {
  const finite = trials.filter((t) => Number.isFinite(t.value));
  if (finite.length < MIN_TRIALS_FOR_IMPORTANCE) return [];
  const values = finite.map((t) => t.value);
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const total = values.reduce((a, b) => a + (b - mean) ** 2, 0);
  const names = [...new Set(finite.flatMap((t) => Object.keys(t.params)))].sort();
  if (total === 0) return names.map((param) => ({ param, importance: 0 }));
  const raw = names.map((param) => {
    const groups = new Map<string, number[]>();
    const keys = groupKeys(finite.map((t) => t.params[param]));
    keys.forEach((key, i) => {
      const list = groups.get(key);
      if (list) list.push(values[i]);
      else groups.set(key, [values[i]]);
    });
    let between = 0;
    for (const group of groups.values()) {
      const groupMean = group.reduce((a, b) => a + b, 0) / group.length;
      between += group.length * (groupMean - mean) ** 2;
    }
    return { param, importance: between / total };
  });
  const sum = raw.reduce((a, r) => a + r.importance, 0);
  return raw
    .map((r) => ({ param: r.param, importance: sum > 0 ? r.importance / sum : 0 }))
    .sort((a, b) => b.importance - a.importance || a.param.localeCompare(b.param));
}

/** The group of each value: numbers in up to 4 quantile bins, anything else by value, absent as its own group. */
function groupKeys(values: (ParamValue | undefined)[]): string[] {
  const numbers = values.filter((v): v is number => typeof v === "number").sort((a, b) => a - b);
  const distinct = new Set(numbers).size;
  const cuts =
    distinct > 4 ? [0.25, 0.5, 0.75].map((q) => numbers[Math.floor(q * (numbers.length - 1))]) : undefined;
  return values.map((v) => {
    if (v === undefined) return "(absent)";
    if (typeof v !== "number" || !cuts) return `=${String(v)}`;
    const bin = cuts.findIndex((c) => v <= c);
    return `#${bin < 0 ? cuts.length : bin}`;
  });
}
