/**
 * How far a drift statistic computed from summaries can be from the statistic of
 * the data itself, when a side keeps more distinct values than its exact store
 * holds: a numeric column past 2^20 distinct values (a KLL sketch), a categorical
 * one past its TopK capacity (SpaceSaving counters). Pure functions, no I/O.
 *
 * What each summary guarantees:
 * - KLL (numeric): with 99% confidence every rank is within ε of the true one
 *   (`rankError`, DataSketches' characterization, for the whole range of ranks at
 *   once), and the share between two points within ε₂ (`pmfError`). min, max,
 *   count and the standard deviation are exact. Every retained item is a real value,
 *   so a bin or value holding one has a positive true count.
 * - TopK (categorical): deterministic. A tracked value's true count lies in
 *   [count − error, count]; an untracked one's in [0, maxError]; totals are exact.
 *
 * The bounds, derived from those:
 * - ks: D = sup|F_ref − F_cur|, and |sup|a| − sup|b|| ≤ sup|a − b|, so the true D
 *   is within ε_ref + ε_cur of the sketches' D̂. The p-value is decreasing in D: its
 *   range is [p(D̂ + bound), p(D̂ − bound)].
 * - wasserstein (normed): W1 = ∫|F_ref − F_cur| dx, and by the triangle inequality
 *   |Ŵ − W| ≤ ∫|F̂_ref − F_ref| + ∫|F̂_cur − F_cur| ≤ ε_ref·(max − min)_ref +
 *   ε_cur·(max − min)_cur (outside [min, max] both CDFs are exactly 0 or 1), divided
 *   by the reference's exact std like the statistic.
 * - jensenshannon, psi, kl, chi2 (binned): each bin's share (or count) is an
 *   interval on each side; mass of values no summary lists ("rest": untracked
 *   categories, values of an exact side missing from a sketch) is an interval
 *   spread over bins nobody can name. Each test is a sum of per-bin terms, each
 *   jointly convex in (ref share, cur share): its maximum over a bin's box is at a
 *   corner, its minimum found by monotonicity (see `termRange`); for the rest,
 *   convexity and homogeneity bound the sum whatever the split (see each test).
 *   Evidently's zero fill (a zero share becomes min positive share / 10⁶, or 10⁻⁴)
 *   is bounded through the smallest possible positive share, 1/n.
 */
import { chi2Sf, ksTwoSamplePValue } from "../../lib/distributions.js";
import { relEntr, zeroFill } from "./drift-tests.js";

export interface Interval {
  low: number;
  high: number;
}

/** One side's shares of the bins a test sums over, as intervals. */
export interface SideBins {
  /** Share of each listed bin. */
  shares: Interval[];
  /** Share of the mass in values not listed, spread over bins of their own in a way nobody knows. */
  rest: Interval;
  /** The smallest share a non-empty bin can have: 1 / total count. */
  unit: number;
}

export interface BinBounds {
  ref: SideBins;
  cur: SideBins;
  /** Most bins the rest can be spread over. */
  restBins: number;
}

const LN2 = Math.LN2;

export function point(x: number): Interval {
  return { low: x, high: x };
}

/** An interval of a share: `estimate ± error` within [0, 1], kept ≥ unit when the bin is known to hold a value. */
export function shareInterval(
  estimate: number,
  error: number,
  unit: number,
  knownPositive: boolean,
): Interval {
  const high = Math.min(1, estimate + error);
  const low = Math.max(0, estimate - error);
  return { low: knownPositive ? Math.max(low, unit) : low, high: Math.max(high, knownPositive ? unit : 0) };
}

/** The rest of the mass once the listed shares are taken: [1 − Σ high, 1 − Σ low] within [0, 1]. */
export function restOf(shares: Interval[]): Interval {
  let low = 0;
  let high = 0;
  for (const s of shares) {
    low += s.low;
    high += s.high;
  }
  return { low: Math.max(0, 1 - high), high: Math.min(1, Math.max(0, 1 - low)) };
}

// ────────────────────────────────── ks and wasserstein ──────────────────────────────────

export interface KsBound {
  statistic: Interval;
  pValue: Interval;
}

/** The true D lies within ε_ref + ε_cur of `d`; p-values from scipy's ks_2samp at both ends. */
export function ksBound(d: number, rankErrors: [number, number], n1: number, n2: number): KsBound {
  const bound = rankErrors[0] + rankErrors[1];
  const low = Math.max(0, d - bound);
  const high = Math.min(1, d + bound);
  return {
    statistic: { low, high },
    pValue: { low: ksTwoSamplePValue(high, n1, n2).pValue, high: ksTwoSamplePValue(low, n1, n2).pValue },
  };
}

/** One side of the wasserstein bound: ε · (max − min), the most ∫|F̂ − F| dx can be. */
export function wassersteinSideError(rankError: number, min: number, max: number): number {
  return rankError === 0 ? 0 : rankError * (max - min);
}

/** The normed distance's range: (Ŵ ± (sum of the sides' errors)) / max(std_ref, 0.001). */
export function wassersteinBound(normed: number, sideErrors: [number, number], refStd: number): Interval {
  const bound = (sideErrors[0] + sideErrors[1]) / Math.max(refStd, 0.001);
  return { low: Math.max(0, normed - bound), high: normed + bound };
}

// ───────────────────────────────────── binned tests ─────────────────────────────────────

/**
 * Range of a term t(p, q) over the box p ∈ P, q ∈ Q, for t jointly convex (so the
 * maximum is at a corner) and `min` its minimum over the box.
 */
function termRange(t: (p: number, q: number) => number, P: Interval, Q: Interval, min: number): Interval {
  const high = Math.max(t(P.low, Q.low), t(P.low, Q.high), t(P.high, Q.low), t(P.high, Q.high));
  return { low: min, high };
}

/**
 * Minimum over a box of a term that is 0 where p = q and grows as p and q move apart
 * (jointly convex, zero on the diagonal: the JS and PSI terms): 0 when the intervals
 * overlap, else at the corner nearest the diagonal.
 */
function diagonalMin(t: (p: number, q: number) => number, P: Interval, Q: Interval): number {
  if (P.low > Q.high) return t(P.low, Q.high);
  if (Q.low > P.high) return t(P.high, Q.low);
  return 0;
}

/** Jensen–Shannon term of one bin: rel_entr(p, m) + rel_entr(q, m), m = (p + q)/2. */
function jsTerm(p: number, q: number): number {
  const m = (p + q) / 2;
  return relEntr(p, m) + relEntr(q, m);
}

/**
 * JS = √(Σ jsTerm / 2) on shares that sum to 1 (so scipy's normalization changes
 * nothing). The rest: jsTerm is convex and homogeneous of degree 1, hence
 * subadditive, so however the rest (P, Q) is split its terms sum to at least
 * jsTerm(P, Q); and jsTerm(p, q) ≤ jsTerm(p, 0) + jsTerm(0, q) = (p + q)·ln 2.
 */
export function jensenShannonRange(bins: BinBounds): Interval {
  let low = 0;
  let high = 0;
  bins.ref.shares.forEach((P, i) => {
    const Q = bins.cur.shares[i];
    const r = termRange(jsTerm, P, Q, diagonalMin(jsTerm, P, Q));
    low += r.low;
    high += r.high;
  });
  const { rest: P } = bins.ref;
  const { rest: Q } = bins.cur;
  low += diagonalMin(jsTerm, P, Q);
  high += (P.high + Q.high) * LN2;
  return { low: Math.sqrt(Math.max(0, low) / 2), high: Math.sqrt(high / 2) };
}

/** The range of feel_zeroes' fill on one side, from the range of its smallest positive share. */
interface Fill {
  low: number;
  high: number;
}

function fillRange(side: SideBins): Fill {
  // Smallest positive share: as low as 1/n wherever a bin may be positive without being known to be.
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.POSITIVE_INFINITY;
  for (const s of side.shares) {
    if (s.high > 0) lowest = Math.min(lowest, s.low > 0 ? s.low : side.unit);
    if (s.low > 0) highest = Math.min(highest, s.high);
  }
  if (side.rest.high > 0) lowest = Math.min(lowest, side.unit);
  if (side.rest.low > 0) highest = Math.min(highest, side.rest.high);
  if (!Number.isFinite(lowest)) lowest = 1;
  if (!Number.isFinite(highest)) highest = 1;
  return { low: zeroFill(lowest), high: zeroFill(Math.max(lowest, highest)) };
}

/** A bin's share after feel_zeroes: itself when known positive, the fill when known empty, else either. */
function filled(share: Interval, fill: Fill, unit: number): Interval {
  if (share.low > 0) return share;
  if (share.high === 0) return fill;
  return { low: Math.min(fill.low, unit), high: Math.max(fill.high, share.high) };
}

/** PSI term of one bin: (p − q)·ln(p/q), 0 on the diagonal, convex. */
function psiTerm(p: number, q: number): number {
  return (p - q) * Math.log(p / q);
}

/**
 * PSI = Σ psiTerm over the zero-filled shares (not renormalized). The rest: every
 * term is ≥ 0; and psiTerm(p, q) ≤ (p + q)·ln(s_max / s_min) for shares in
 * [s_min, s_max], where a rest bin's share is at most the rest's and at least the
 * smaller of the fill and 1/n; the filled rest shares sum to at most the rest plus a
 * fill per rest bin.
 */
export function psiRange(bins: BinBounds): Interval {
  const fillRef = fillRange(bins.ref);
  const fillCur = fillRange(bins.cur);
  let low = 0;
  let high = 0;
  bins.ref.shares.forEach((share, i) => {
    const P = filled(share, fillRef, bins.ref.unit);
    const Q = filled(bins.cur.shares[i], fillCur, bins.cur.unit);
    const r = termRange(psiTerm, P, Q, diagonalMin(psiTerm, P, Q));
    low += r.low;
    high += r.high;
  });
  const { rest: P } = bins.ref;
  const { rest: Q } = bins.cur;
  if (P.high > 0 || Q.high > 0) {
    const smallest = Math.min(fillRef.low, fillCur.low, bins.ref.unit, bins.cur.unit);
    const largest = Math.max(P.high, Q.high, fillRef.high, fillCur.high);
    const mass = P.high + Q.high + bins.restBins * (fillRef.high + fillCur.high);
    high += mass * Math.log(largest / smallest);
  }
  return { low, high };
}

/** KL term of one bin: p·ln(p/q) (scipy's rel_entr). */
function klTerm(p: number, q: number): number {
  return relEntr(p, q);
}

/** Minimum of p·ln(p/q) over a box: q as large as it gets, then p = q/e or the nearest end. */
function klMin(P: Interval, Q: Interval): number {
  const q = Q.high;
  const p = Math.min(P.high, Math.max(P.low, q / Math.E));
  return klTerm(p, q);
}

function scale(interval: Interval, low: number, high: number): Interval {
  return { low: interval.low / high, high: interval.high / low };
}

/**
 * KL(ref ‖ cur) = Σ p̂·ln(p̂/q̂) over the zero-filled shares renormalized to sum 1:
 * the sum of filled shares S is 1 plus a fill per empty bin, so each p̂ lies in
 * [p_low / S_high, p_high / S_low]. The rest: by the log-sum inequality its terms sum
 * to at least P̂·ln(P̂/Q̂) ≥ P̂·ln P̂ (Q̂ ≤ 1), and each term is at most
 * p̂·ln(P̂_high / q̂_min). The total is ≥ 0 (Gibbs).
 */
export function klRange(bins: BinBounds): Interval {
  const fillRef = fillRange(bins.ref);
  const fillCur = fillRange(bins.cur);
  const sums = (side: SideBins, fill: Fill) => {
    let knownEmpty = 0;
    let maybeEmpty = bins.restBins;
    for (const s of side.shares) {
      if (s.high === 0) knownEmpty++;
      if (s.low === 0) maybeEmpty++;
    }
    return { low: 1 + knownEmpty * fill.low, high: 1 + maybeEmpty * fill.high };
  };
  const sRef = sums(bins.ref, fillRef);
  const sCur = sums(bins.cur, fillCur);
  let low = 0;
  let high = 0;
  bins.ref.shares.forEach((share, i) => {
    const P = scale(filled(share, fillRef, bins.ref.unit), sRef.low, sRef.high);
    const Q = scale(filled(bins.cur.shares[i], fillCur, bins.cur.unit), sCur.low, sCur.high);
    const r = termRange(klTerm, P, Q, klMin(P, Q));
    low += r.low;
    high += r.high;
  });
  const { rest: P } = bins.ref;
  if (P.high > 0) {
    const restRef = {
      low: P.low / sRef.high,
      high: Math.min(1, (P.high + bins.restBins * fillRef.high) / sRef.low),
    };
    const x = Math.min(restRef.high, Math.max(restRef.low, 1 / Math.E));
    low += x * Math.log(x);
    const qMin = Math.min(fillCur.low, bins.cur.unit) / sCur.high;
    high += restRef.high * Math.max(0, Math.log(restRef.high / qMin));
  }
  return { low: Math.max(0, low), high };
}

// ───────────────────────────────────────── chi2 ─────────────────────────────────────────

/** One side of a 2×K table: each listed category's count as an interval, the rest, and the exact total. */
export interface SideCounts {
  counts: Interval[];
  rest: Interval;
  total: number;
}

export interface Chi2Bound {
  statistic: Interval;
  pValue: Interval;
  dof: Interval;
}

/**
 * Pearson's χ² of the 2×K table [ref; cur] with exact row totals R, C (N = R + C):
 * a category with counts (a, c) has expected counts R(a + c)/N and C(a + c)/N, so it
 * adds t(a, c) = (a·C − c·R)² / (R·C·(a + c)), jointly convex, homogeneous of degree
 * 1 and 0 where a/R = c/C. Per listed category: corners and monotonicity as for JS.
 * The rest (A, B), split over unknown categories: by subadditivity at least t(A, B),
 * at most t(A, 0) + t(0, B) = A·C/R + B·R/C. And a 2-row table never exceeds χ² = N
 * (Cramér: N·(min(rows, columns) − 1)). The degrees of freedom are K − 1 with K between the categories
 * known to be present and every one that may be; chi2.sf grows with the degrees of
 * freedom and falls with χ², so p lies in [sf(χ²_high, dof_low), sf(χ²_low, dof_high)].
 * (Yates' correction applies only at dof = 1; when that is possible the low end is 0.)
 */
export function chi2Bound(ref: SideCounts, cur: SideCounts): Chi2Bound {
  const R = ref.total;
  const C = cur.total;
  const N = R + C;
  const t = (a: number, c: number) => (a + c > 0 ? (a * C - c * R) ** 2 / (R * C * (a + c)) : 0);
  const tMin = (A: Interval, B: Interval) => {
    if (A.low / R > B.high / C) return t(A.low, B.high);
    if (B.low / C > A.high / R) return t(A.high, B.low);
    return 0;
  };
  let low = 0;
  let high = 0;
  let present = 0;
  let possible = 0;
  ref.counts.forEach((A, i) => {
    const B = cur.counts[i];
    const r = termRange(t, A, B, tMin(A, B));
    low += r.low;
    high += r.high;
    if (A.low > 0 || B.low > 0) present++;
    if (A.high > 0 || B.high > 0) possible++;
  });
  const A = ref.rest;
  const B = cur.rest;
  low += tMin(A, B);
  high = Math.min(N, high + (A.high * C) / R + (B.high * R) / C);
  if (A.low > 0 || B.low > 0) present++;
  possible += Math.floor(A.high) + Math.floor(B.high);
  const dof = { low: Math.max(0, present - 1), high: Math.max(0, possible - 1) };
  if (dof.low <= 1) low = 0;
  const sf = (x: number, k: number) => (k === 0 ? 1 : chi2Sf(x, k));
  return {
    statistic: { low, high },
    pValue: { low: sf(high, Math.max(1, dof.low)), high: sf(low, Math.max(1, dof.high)) },
    dof,
  };
}
