/**
 * Grid search: the cartesian product of every parameter's grid values, tried in
 * a fixed order and never twice.
 *
 * Grid values of a parameter:
 * - `choice`: its values, in the order written;
 * - `uniform`: `gridPoints` evenly spaced points from low to high, both included;
 * - `loguniform`: `gridPoints` points evenly spaced in log space (a geometric sequence);
 * - `int`: every allowed integer when there are at most `gridPoints` of them, else
 *   `gridPoints` of them evenly spaced (in log space for `log: true`), rounded onto
 *   the step and without duplicates.
 * `gridPoints` is the parameter's own setting, else the sampler's (default 5).
 *
 * Order: parameters in declaration order, the first varying slowest (like nested
 * loops). A conditional parameter only multiplies the branches where it is
 * active, so no two grid points have the same active parameters and values.
 * A point counts as tried once any trial (running, complete, pruned or failed)
 * has exactly those params, so parallel and resumed searches skip it too;
 * `suggest` returns undefined when every point has been tried.
 */
import type { Sampler } from "./sampler.js";
import {
  canonicalParams,
  isParameterActive,
  type ParameterSpec,
  type Params,
  type ParamValue,
  parameterOrder,
  type SearchSpace,
} from "./search-space.js";

export const DEFAULT_GRID_POINTS = 5;

export interface GridSamplerOptions {
  /** Points per continuous or wide integer range, unless the parameter sets its own (default 5). */
  gridPoints?: number;
}

export function gridSampler(options: GridSamplerOptions = {}): Sampler {
  const gridPoints = options.gridPoints ?? DEFAULT_GRID_POINTS;
  const grids = new WeakMap<SearchSpace, Params[]>();
  return {
    method: "grid",
    suggest(space, history) {
      let grid = grids.get(space);
      if (!grid) {
        grid = enumerateGrid(space, gridPoints);
        grids.set(space, grid);
      }
      const tried = new Set(history.trials.map((trial) => paramsKey(canonicalParams(space, trial.params))));
      return grid.find((point) => !tried.has(paramsKey(point)));
    },
  };
}

/** Every grid point of `space`, in the order the grid sampler tries them. */
export function enumerateGrid(space: SearchSpace, gridPoints: number = DEFAULT_GRID_POINTS): Params[] {
  const order = parameterOrder(space);
  const points: Params[] = [];
  const visit = (index: number, params: Params, active: ReadonlySet<string>): void => {
    if (index === order.length) {
      points.push({ ...params });
      return;
    }
    const name = order[index];
    if (!isParameterActive(space, name, params, active)) {
      visit(index + 1, params, active);
      return;
    }
    const withName = new Set(active).add(name);
    for (const value of gridValues(space[name], gridPoints)) {
      visit(index + 1, { ...params, [name]: value }, withName);
    }
  };
  visit(0, {}, new Set());
  return points;
}

/** The values the grid takes for one parameter (see the module comment). */
export function gridValues(spec: ParameterSpec, defaultPoints: number = DEFAULT_GRID_POINTS): ParamValue[] {
  if (spec.type === "choice") return [...spec.values];
  const points = spec.gridPoints ?? defaultPoints;
  const fractions = Array.from({ length: points }, (_, i) => i / (points - 1));
  switch (spec.type) {
    case "uniform":
      return fractions.map((f, i) =>
        i === points - 1 ? spec.high : tidy(spec.low + f * (spec.high - spec.low)),
      );
    case "loguniform": {
      const [low, high] = [Math.log(spec.low), Math.log(spec.high)];
      return fractions.map((f, i) =>
        i === 0 ? spec.low : i === points - 1 ? spec.high : tidy(Math.exp(low + f * (high - low))),
      );
    }
    case "int": {
      const count = (spec.high - spec.low) / spec.step + 1;
      if (count <= points) return Array.from({ length: count }, (_, i) => spec.low + i * spec.step);
      const values = spec.log
        ? fractions.map((f) => Math.round(spec.low * (spec.high / spec.low) ** f))
        : fractions.map((f) => spec.low + spec.step * Math.round(f * (count - 1)));
      values[0] = spec.low;
      values[points - 1] = spec.high;
      return [...new Set(values)];
    }
  }
}

/** The canonical identity of a params object (keys sorted, so key order does not matter). */
export function paramsKey(params: Params): string {
  return JSON.stringify(
    Object.keys(params)
      .sort()
      .map((key) => [key, params[key]]),
  );
}

/** Rounds away floating-point noise (0.30000000000000004 → 0.3) so grid values read as written. */
function tidy(value: number): number {
  return Number(value.toPrecision(12));
}
