/**
 * The normal distribution truncated to an interval: what TPE's Parzen
 * estimators are mixtures of. Log densities are used only to rank candidates,
 * so the complementary error function's 1.2e-7 relative accuracy
 * (Numerical Recipes' Chebyshev fit) is ample; tails are computed from the
 * nearer side to avoid cancellation.
 */
import type { Random } from "../lib/random.js";

const LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);
const MAX_REJECTIONS = 1000;
/** Numerical Recipes' `erfcc`: erfc(z) ≈ t·exp(−z² + Σ c_i t^i), t = 1/(1 + z/2). */
const ERFC_COEFFICIENTS = [
  -1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587,
  -0.82215223, 0.17087277,
];

export interface TruncatedNormal {
  mu: number;
  sigma: number;
  low: number;
  high: number;
}

/** erfc(x), relative error below 1.2e-7 everywhere. */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  let poly = 0;
  for (let i = ERFC_COEFFICIENTS.length - 1; i >= 0; i--) poly = ERFC_COEFFICIENTS[i] + t * poly;
  const value = t * Math.exp(-z * z + poly);
  return x >= 0 ? value : 2 - value;
}

/** P(a < Z < b) for a standard normal Z, accurate in either tail. */
export function standardNormalMass(a: number, b: number): number {
  if (!(b > a)) return 0;
  const upper = (z: number) => 0.5 * erfc(z / Math.SQRT2); // P(Z > z)
  if (a >= 0) return upper(a) - upper(b);
  if (b <= 0) return upper(-b) - upper(-a);
  return 1 - upper(b) - upper(-a);
}

/** log density at x (−Infinity outside [low, high]). */
export function truncatedNormalLogPdf(dist: TruncatedNormal, x: number): number {
  const { mu, sigma, low, high } = dist;
  if (x < low || x > high) return Number.NEGATIVE_INFINITY;
  const z = (x - mu) / sigma;
  const mass = standardNormalMass((low - mu) / sigma, (high - mu) / sigma);
  return -0.5 * z * z - LOG_SQRT_2PI - Math.log(sigma) - Math.log(mass);
}

/** log P(from ≤ X ≤ to) for X following the truncated distribution. */
export function truncatedNormalLogMass(dist: TruncatedNormal, from: number, to: number): number {
  const { mu, sigma, low, high } = dist;
  const a = Math.max(from, low);
  const b = Math.min(to, high);
  const inside = standardNormalMass((a - mu) / sigma, (b - mu) / sigma);
  const total = standardNormalMass((low - mu) / sigma, (high - mu) / sigma);
  return Math.log(inside) - Math.log(total);
}

/**
 * A draw by rejection from the untruncated normal. TPE's kernels have their mean
 * inside the interval and a width at most the interval's, so at least a third of
 * the draws are accepted; after 1000 misses (impossible in practice) the draw
 * falls back to a uniform point of the interval.
 */
export function sampleTruncatedNormal(dist: TruncatedNormal, rng: Random): number {
  const { mu, sigma, low, high } = dist;
  if (!(high > low)) return low;
  for (let attempt = 0; attempt < MAX_REJECTIONS; attempt++) {
    const x = rng.normal(mu, sigma);
    if (x >= low && x <= high) return x;
  }
  return rng.between(low, high);
}

/** log(Σ exp(terms)), stable; −Infinity for no terms or all −Infinity. */
export function logSumExp(terms: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const term of terms) if (term > max) max = term;
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (const term of terms) sum += Math.exp(term - max);
  return max + Math.log(sum);
}
