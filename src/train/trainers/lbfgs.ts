/**
 * Limited-memory BFGS (Nocedal & Wright, Numerical Optimization, alg. 7.4/7.5)
 * with a line search meeting the strong Wolfe conditions (alg. 3.5/3.6), for
 * smooth convex objectives such as regularized log-loss. Deterministic: the
 * same objective and start give the same iterates.
 */

/** Returns f(x) and writes ∇f(x) into `gradient`. */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** Stop when max |∇f| ≤ gradientTolerance (scipy's pgtol; sklearn passes tol). */
  gradientTolerance?: number;
  /** Stop when the relative decrease of f is below this (scipy's ftol; scikit-learn passes 64·eps). */
  valueTolerance?: number;
  maxIterations?: number;
  /** Correction pairs kept (scipy's maxcor, default 10). */
  memory?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
  /** Why it stopped. */
  reason: "gradient" | "value" | "max_iterations" | "line_search";
}

const C1 = 1e-4;
const C2 = 0.9;

export function minimizeLbfgs(
  objective: Objective,
  start: Float64Array,
  options: LbfgsOptions = {},
): LbfgsResult {
  const gradientTolerance = options.gradientTolerance ?? 1e-5;
  const valueTolerance = options.valueTolerance ?? 64 * Number.EPSILON;
  const maxIterations = options.maxIterations ?? 1000;
  const memory = options.memory ?? 10;
  const n = start.length;
  const x = Float64Array.from(start);
  const g = new Float64Array(n);
  let f = objective(x, g);
  const pairs: CurvaturePairs = { s: [], y: [], rho: [] };
  const direction = new Float64Array(n);
  const alpha = new Float64Array(memory);
  const xNext = new Float64Array(n);
  const gNext = new Float64Array(n);

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (maxAbs(g) <= gradientTolerance)
      return { x, value: f, iterations: iteration, converged: true, reason: "gradient" };
    searchDirection(g, pairs, alpha, direction);
    const slope = dot(g, direction);
    if (!(slope < 0)) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      pairs.s.length = 0;
      pairs.y.length = 0;
      pairs.rho.length = 0;
      continue;
    }
    const step = lineSearch(objective, x, f, direction, slope, xNext, gNext);
    if (step === undefined)
      return { x, value: f, iterations: iteration, converged: false, reason: "line_search" };
    rememberStep(pairs, memory, x, g, xNext, gNext);
    const fNext = step.value;
    const decrease = (f - fNext) / Math.max(Math.abs(f), Math.abs(fNext), 1);
    x.set(xNext);
    g.set(gNext);
    f = fNext;
    if (decrease <= valueTolerance) {
      return { x, value: f, iterations: iteration + 1, converged: true, reason: "value" };
    }
  }
  return {
    x,
    value: f,
    iterations: maxIterations,
    converged: maxAbs(g) <= gradientTolerance,
    reason: "max_iterations",
  };
}

/** The last steps s = x' − x, gradient changes y = g' − g, and ρ = 1/(y·s), oldest first. */
interface CurvaturePairs {
  s: Float64Array[];
  y: Float64Array[];
  rho: number[];
}

/**
 * The two-loop recursion (Nocedal & Wright, algorithm 7.4): `direction` = −H·g, H the inverse
 * Hessian estimate from the stored pairs scaled by γ = s·y / y·y; with no pairs yet, a unit-length
 * step along −g, as scipy starts. `alpha` is scratch of the memory's length.
 */
function searchDirection(
  g: Float64Array,
  pairs: CurvaturePairs,
  alpha: Float64Array,
  direction: Float64Array,
) {
  const { s, y, rho } = pairs;
  const n = g.length;
  for (let i = 0; i < n; i++) direction[i] = -g[i];
  for (let k = s.length - 1; k >= 0; k--) {
    alpha[k] = rho[k] * dot(s[k], direction);
    axpy(-alpha[k], y[k], direction);
  }
  if (s.length > 0) {
    const last = s.length - 1;
    const gamma = dot(s[last], y[last]) / dot(y[last], y[last]);
    for (let i = 0; i < n; i++) direction[i] *= gamma;
  } else {
    const norm = Math.sqrt(dot(g, g));
    for (let i = 0; i < n; i++) direction[i] /= norm > 0 ? norm : 1;
  }
  for (let k = 0; k < s.length; k++) {
    const beta = rho[k] * dot(y[k], direction);
    axpy(alpha[k] - beta, s[k], direction);
  }
}

/** Keeps the step's pair when its curvature y·s is clearly positive, dropping the oldest beyond `memory`. */
function rememberStep(
  pairs: CurvaturePairs,
  memory: number,
  x: Float64Array,
  g: Float64Array,
  xNext: Float64Array,
  gNext: Float64Array,
): void {
  const n = x.length;
  const sk = new Float64Array(n);
  const yk = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    sk[i] = xNext[i] - x[i];
    yk[i] = gNext[i] - g[i];
  }
  const sy = dot(sk, yk);
  if (!(sy > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk)))) return;
  if (pairs.s.length === memory) {
    pairs.s.shift();
    pairs.y.shift();
    pairs.rho.shift();
  }
  pairs.s.push(sk);
  pairs.y.push(yk);
  pairs.rho.push(1 / sy);
}

/** Strong-Wolfe line search with zoom (Nocedal & Wright 3.5/3.6); writes the accepted point into xNext/gNext. */
function lineSearch(
  objective: Objective,
  x: Float64Array,
  f0: number,
  direction: Float64Array,
  slope0: number,
  xNext: Float64Array,
  gNext: Float64Array,
): { value: number } | undefined {
  const evaluate = (t: number) => {
    for (let i = 0; i < x.length; i++) xNext[i] = x[i] + t * direction[i];
    const value = objective(xNext, gNext);
    return { value, slope: dot(gNext, direction) };
  };
  let previousT = 0;
  let previous = { value: f0, slope: slope0 };
  let t = 1;
  for (let i = 0; i < 30; i++) {
    const current = evaluate(t);
    if (
      !Number.isFinite(current.value) ||
      current.value > f0 + C1 * t * slope0 ||
      (i > 0 && current.value >= previous.value)
    ) {
      return zoom(evaluate, f0, slope0, previousT, previous, t, current);
    }
    if (Math.abs(current.slope) <= -C2 * slope0) return { value: current.value };
    if (current.slope >= 0) return zoom(evaluate, f0, slope0, t, current, previousT, previous);
    previousT = t;
    previous = current;
    t *= 2;
  }
  return undefined;
}

function zoom(
  evaluate: (t: number) => { value: number; slope: number },
  f0: number,
  slope0: number,
  lowT: number,
  low: { value: number; slope: number },
  highT: number,
  high: { value: number; slope: number },
): { value: number } | undefined {
  for (let i = 0; i < 40; i++) {
    // Cubic interpolation would be faster; bisection safeguarded by the bracket is enough here.
    const t = interpolate(lowT, low, highT, high);
    const current = evaluate(t);
    if (
      !Number.isFinite(current.value) ||
      current.value > f0 + C1 * t * slope0 ||
      current.value >= low.value
    ) {
      highT = t;
      high = current;
    } else {
      if (Math.abs(current.slope) <= -C2 * slope0) return { value: current.value };
      if (current.slope * (highT - lowT) >= 0) {
        highT = lowT;
        high = low;
      }
      lowT = t;
      low = current;
    }
    if (Math.abs(highT - lowT) < 1e-16) break;
  }
  // The bracket collapsed: accept the best point found if it decreased f.
  if (low.value < f0 && lowT > 0) {
    evaluate(lowT);
    return { value: low.value };
  }
  return undefined;
}

/** The minimizer of the quadratic through (a, f_a, f'_a) and (b, f_b), kept inside the bracket. */
function interpolate(
  a: number,
  fa: { value: number; slope: number },
  b: number,
  fb: { value: number; slope: number },
): number {
  const d = b - a;
  const denominator = 2 * (fb.value - fa.value - fa.slope * d);
  let t = denominator > 0 ? a - (fa.slope * d * d) / denominator : (a + b) / 2;
  const low = Math.min(a, b);
  const high = Math.max(a, b);
  const margin = 0.1 * (high - low);
  if (!(t > low + margin && t < high - margin)) t = (a + b) / 2;
  return t;
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

function axpy(alpha: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] += alpha * x[i];
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) {
    const v = Math.abs(a[i]);
    if (v > max) max = v;
  }
  return max;
}
