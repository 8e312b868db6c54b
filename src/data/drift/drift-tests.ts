/**
 * Two-sample drift statistics between a reference and a current sample, matching
 * scipy and Evidently's stattests (the names Evidently users know): `ks`, `chisquare`,
 * `z`, `wasserstein`, `jensenshannon`, `psi`, `kl_div`. Pure functions, no I/O.
 *
 * Numeric columns come as sorted weighted samples (raw data: weight 1 per value;
 * mergeable sketches: fewer values with larger weights), categorical columns as
 * counts per category. A weighted sample with integer weights gives exactly the
 * result of the expanded raw sample.
 */
import { chi2Sf, ksTwoSamplePValue, normalSf } from "../../lib/distributions.js";

/** A sorted weighted sample: values ascending (duplicates allowed), weight of each value (1 for raw data; sketches give larger weights). */
export interface WeightedSample {
  values: Float64Array;
  weights: Float64Array | Uint32Array;
}
export type CategoryCounts = Map<string, number>;
export interface TestResult {
  statistic: number;
  pValue: number | null;
}

/** Sorts raw values (must be finite: drop missing values first), weight 1 each. */
export function weightedSample(values: ArrayLike<number>): WeightedSample {
  const sorted = Float64Array.from(values).sort();
  return { values: sorted, weights: new Float64Array(sorted.length).fill(1) };
}

/**
 * A running sum with Neumaier's compensation: the result is the exactly rounded sum
 * for all but adversarial inputs, so a sum over 10^6 terms agrees with numpy's
 * pairwise sum to ~1e-16 relative (a plain loop can drift by n·1e-16).
 */
export class CompensatedSum {
  private sum = 0;
  private compensation = 0;

  add(x: number): void {
    const t = this.sum + x;
    this.compensation += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
    this.sum = t;
  }

  get value(): number {
    return this.sum + this.compensation;
  }
}

export function totalWeight(sample: WeightedSample): number {
  let total = 0;
  for (const w of sample.weights) total += w;
  return total;
}

/** Weighted arithmetic mean Σ w·x / Σ w. */
export function weightedMean(sample: WeightedSample): number {
  const sum = new CompensatedSum();
  for (let i = 0; i < sample.values.length; i++) sum.add(sample.weights[i] * sample.values[i]);
  return sum.value / totalWeight(sample);
}

/** Population (ddof 0) standard deviation √(Σ w (x − mean)² / Σ w), two-pass like numpy.std. */
export function weightedStd(sample: WeightedSample): number {
  const mean = weightedMean(sample);
  const sum = new CompensatedSum();
  for (let i = 0; i < sample.values.length; i++) sum.add(sample.weights[i] * (sample.values[i] - mean) ** 2);
  return Math.sqrt(sum.value / totalWeight(sample));
}

/**
 * Walks the union of distinct values of two sorted samples in ascending order and
 * calls `visit(x, F1(x), F2(x))` with both empirical CDFs (right-continuous: weight
 * at values <= x over the total weight).
 */
function walkCdfs(
  a: WeightedSample,
  b: WeightedSample,
  visit: (x: number, cdfA: number, cdfB: number) => void,
): void {
  const totalA = totalWeight(a);
  const totalB = totalWeight(b);
  let i = 0;
  let j = 0;
  let cumA = 0;
  let cumB = 0;
  while (i < a.values.length || j < b.values.length) {
    const x = Math.min(
      i < a.values.length ? a.values[i] : Number.POSITIVE_INFINITY,
      j < b.values.length ? b.values[j] : Number.POSITIVE_INFINITY,
    );
    while (i < a.values.length && a.values[i] === x) cumA += a.weights[i++];
    while (j < b.values.length && b.values[j] === x) cumB += b.weights[j++];
    visit(x, cumA / totalA, cumB / totalB);
  }
}

function requireNonEmpty(sample: WeightedSample, name: string): number {
  const total = totalWeight(sample);
  if (!(total > 0)) throw new Error(`${name} sample is empty`);
  return total;
}

/**
 * Two-sample Kolmogorov–Smirnov test, two-sided: D = sup_x |F_ref(x) − F_cur(x)| over
 * all observed values (ties: both ECDFs take every copy of x at once, as scipy's
 * searchsorted(side="right")). p-value as scipy.stats.ks_2samp(method="auto"): exact
 * when max(n1, n2) <= 10000, else asymptotic (see `ksTwoSamplePValue`), with
 * n1, n2 the total weights rounded to integers.
 */
export function ksTest(ref: WeightedSample, cur: WeightedSample): TestResult {
  const n1 = Math.round(requireNonEmpty(ref, "reference"));
  const n2 = Math.round(requireNonEmpty(cur, "current"));
  let d = 0;
  walkCdfs(ref, cur, (_x, f1, f2) => {
    d = Math.max(d, Math.abs(f1 - f2));
  });
  const { statistic, pValue } = ksTwoSamplePValue(d, Math.max(n1, 1), Math.max(n2, 1));
  return { statistic, pValue };
}

/** Categories with a positive count on at least one side, in first-seen order. */
function unionCategories(ref: CategoryCounts, cur: CategoryCounts): string[] {
  const keys = new Set<string>();
  for (const counts of [ref, cur]) for (const [k, v] of counts) if (v > 0) keys.add(k);
  return [...keys];
}

function sumCounts(counts: CategoryCounts): number {
  let total = 0;
  for (const v of counts.values()) total += v;
  return total;
}

/**
 * Pearson's chi-squared test of homogeneity on the 2×K table [ref counts; cur counts],
 * exactly scipy.stats.chi2_contingency(table) (correction=True):
 *   expected E_ij = row_i · col_j / total,  χ² = Σ (O_ij − E_ij)² / E_ij,  dof = K − 1,
 * with Yates' continuity correction when dof = 1 (each |O − E| shrunk by
 * min(0.5, |O − E|)), p = P(χ²_dof > χ²). dof = 0 (one category) gives χ² = 0, p = 1.
 */
export function chi2Test(ref: CategoryCounts, cur: CategoryCounts): TestResult & { dof: number } {
  const keys = unionCategories(ref, cur);
  const rows = [ref, cur].map((counts) => keys.map((k) => counts.get(k) ?? 0));
  const rowSums = rows.map((row) => row.reduce((s, v) => s + v, 0));
  if (!(rowSums[0] > 0 && rowSums[1] > 0)) {
    throw new Error("chi-squared test needs at least one count in both the reference and the current data");
  }
  const total = rowSums[0] + rowSums[1];
  const colSums = keys.map((_, j) => rows[0][j] + rows[1][j]);
  const dof = keys.length - 1;
  if (dof === 0) return { statistic: 0, pValue: 1, dof };
  let statistic = 0;
  for (let i = 0; i < 2; i++) {
    for (let j = 0; j < keys.length; j++) {
      const expected = (rowSums[i] * colSums[j]) / total;
      let observed = rows[i][j];
      if (dof === 1) {
        const diff = expected - observed;
        observed += Math.sign(diff) * Math.min(0.5, Math.abs(diff));
      }
      statistic += (observed - expected) ** 2 / expected;
    }
  }
  return { statistic, pValue: chi2Sf(statistic, dof), dof };
}

/**
 * Evidently's `z` stattest for binary columns: two-proportion z-test with pooled
 * proportion. As Evidently, the categories are sorted and the first maps to 0, the
 * other to 1 (JS string order; that choice only flips the sign of z):
 *   p1, p2 = share of the second category in ref / cur,  P = (p1·n1 + p2·n2)/(n1 + n2),
 *   z = (p1 − p2) / √(P(1 − P)(1/n1 + 1/n2)),  p = 2·(1 − Φ(|z|)).
 * p = 1 (z = 0) when both sides hold the same single value.
 * Differences from Evidently: p is computed as 2·norm.sf(|z|), the same quantity
 * without the cancellation of 1 − Φ (Evidently's value loses relative precision
 * below ~1e-8 and is 0 below ~1e-16); more than 2 categories throw an Error
 * (Evidently silently folds all but the first into 1).
 */
export function zTest(ref: CategoryCounts, cur: CategoryCounts): TestResult {
  const keys = unionCategories(ref, cur).sort();
  if (keys.length > 2) {
    throw new Error(
      `z-test needs a binary column, found ${keys.length} categories: ${keys.slice(0, 5).join(", ")}`,
    );
  }
  const n1 = sumCounts(ref);
  const n2 = sumCounts(cur);
  if (!(n1 > 0 && n2 > 0)) throw new Error("z-test needs data in both the reference and the current sample");
  if (keys.length === 1) return { statistic: 0, pValue: 1 };
  const p1 = (ref.get(keys[1]) ?? 0) / n1;
  const p2 = (cur.get(keys[1]) ?? 0) / n2;
  const pooled = (p1 * n1 + p2 * n2) / (n1 + n2);
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2));
  return { statistic: z, pValue: 2 * normalSf(Math.abs(z)) };
}

/**
 * First Wasserstein (earth mover's) distance W1 = ∫ |F_ref(x) − F_cur(x)| dx, weights
 * respected: scipy.stats.wasserstein_distance(u, v, u_weights, v_weights).
 */
export function wassersteinDistance(ref: WeightedSample, cur: WeightedSample): number {
  requireNonEmpty(ref, "reference");
  requireNonEmpty(cur, "current");
  const distance = new CompensatedSum();
  let prevX = 0;
  let prevDiff = 0;
  let first = true;
  walkCdfs(ref, cur, (x, f1, f2) => {
    if (!first) distance.add(prevDiff * (x - prevX));
    first = false;
    prevX = x;
    prevDiff = Math.abs(f1 - f2);
  });
  return distance.value;
}

/**
 * Evidently's `wasserstein` stattest value: W1 / max(std(ref), 0.001), the distance
 * in units of the reference's population standard deviation (ddof 0, np.std) —
 * of `ref` itself, or `refStd` when given (the exact std of data `ref` summarizes).
 */
export function normalizedWasserstein(ref: WeightedSample, cur: WeightedSample, refStd?: number): number {
  return wassersteinDistance(ref, cur) / Math.max(refStd ?? weightedStd(ref), 0.001);
}

// ───────────────────────────── Evidently's binned tests ─────────────────────────────

/** Reference and current share of each bin (or category), before any zero handling. */
export interface Binned {
  ref: Float64Array;
  cur: Float64Array;
}

export function distinctCount(sample: WeightedSample): number {
  let count = 0;
  let prev = Number.NaN;
  for (let i = 0; i < sample.values.length; i++) {
    if (sample.weights[i] > 0 && sample.values[i] !== prev) {
      count++;
      prev = sample.values[i];
    }
  }
  return count;
}

/** np.histogram_bin_edges(all, bins="sturges") for data spanning [min, max] with `size` values. */
export function sturgesEdges(min: number, max: number, size: number): Float64Array {
  // Sturges: width = ptp / (log2(n) + 1); numpy then takes ceil(ptp / width) bins. The
  // same IEEE operations as numpy give the same count, including when log2(n) is an
  // integer and ptp / width lands an ulp above it (Math.log2 and numpy agree on n here).
  const ptp = max - min;
  let first = min;
  let last = max;
  if (first === last) {
    first -= 0.5;
    last += 0.5;
  }
  const width = ptp / (Math.log2(size) + 1);
  const bins = width ? Math.ceil((last - first) / width) : 1;
  // np.linspace(first, last, bins + 1): i·step + first, last edge exactly `last`.
  const step = (last - first) / bins;
  const edges = new Float64Array(bins + 1);
  for (let i = 0; i < bins; i++) edges[i] = i * step + first;
  edges[bins] = last;
  return edges;
}

/** np.histogram(sample, edges)[0] / n: bins [e_i, e_i+1), the last one closed. */
export function histogramShares(sample: WeightedSample, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const shares = new Float64Array(bins);
  const total = totalWeight(sample);
  let b = 0;
  for (let i = 0; i < sample.values.length; i++) {
    const x = sample.values[i];
    if (x < edges[0] || x > edges[bins]) continue;
    while (b < bins - 1 && x >= edges[b + 1]) b++;
    shares[b] += sample.weights[i];
  }
  for (let i = 0; i < bins; i++) shares[i] /= total;
  return shares;
}

/** Share of each distinct value, over the union of both samples' values. */
function valueShares(ref: WeightedSample, cur: WeightedSample): Binned {
  const refShares: number[] = [];
  const curShares: number[] = [];
  const refTotal = totalWeight(ref);
  const curTotal = totalWeight(cur);
  let i = 0;
  let j = 0;
  while (i < ref.values.length || j < cur.values.length) {
    const x = Math.min(
      i < ref.values.length ? ref.values[i] : Number.POSITIVE_INFINITY,
      j < cur.values.length ? cur.values[j] : Number.POSITIVE_INFINITY,
    );
    let r = 0;
    let c = 0;
    while (i < ref.values.length && ref.values[i] === x) r += ref.weights[i++];
    while (j < cur.values.length && cur.values[j] === x) c += cur.weights[j++];
    if (r > 0 || c > 0) {
      refShares.push(r / refTotal);
      curShares.push(c / curTotal);
    }
  }
  return { ref: Float64Array.from(refShares), cur: Float64Array.from(curShares) };
}

/** Most distinct reference values for which Evidently bins a numerical column by value. */
export const MAX_VALUE_BINS = 20;

/**
 * What binning a numeric column needs beyond its samples, when the samples only
 * summarize the data (a sketch): the pooled smallest and largest values, and the
 * reference's distinct count (undefined: more than the sketch can say, i.e. many).
 */
export interface NumericBinning {
  min: number;
  max: number;
  refDistinct: number | undefined;
}

/** The pooled edges of Sturges' histogram, or undefined when the column is binned by value. */
export function numericBinEdges(
  ref: WeightedSample,
  cur: WeightedSample,
  binning?: NumericBinning,
): Float64Array | undefined {
  const refDistinct = binning ? binning.refDistinct : distinctCount(ref);
  if (refDistinct !== undefined && refDistinct <= MAX_VALUE_BINS) return undefined;
  const min = binning?.min ?? Math.min(ref.values[0], cur.values[0]);
  const max = binning?.max ?? Math.max(ref.values[ref.values.length - 1], cur.values[cur.values.length - 1]);
  return sturgesEdges(min, max, Math.round(totalWeight(ref) + totalWeight(cur)));
}

/**
 * Evidently's `get_binned_data` for a numerical column (feel_zeroes aside):
 * more than 20 distinct reference values → shares of the Sturges histogram of the
 * pooled data (bin edges from np.histogram_bin_edges(concat(ref, cur), "sturges"));
 * otherwise the share of each distinct value over the union of both samples' values.
 * Weighted samples count each value `weight` times (n = total weight).
 */
function binNumeric(ref: WeightedSample, cur: WeightedSample, binning?: NumericBinning): Binned {
  const edges = numericBinEdges(ref, cur, binning);
  if (!edges) return valueShares(ref, cur);
  return { ref: histogramShares(ref, edges), cur: histogramShares(cur, edges) };
}

/** Evidently's `get_binned_data` for a categorical column: share of each category on each side. */
function binCategorical(ref: CategoryCounts, cur: CategoryCounts): Binned {
  const keys = unionCategories(ref, cur);
  const refTotal = sumCounts(ref);
  const curTotal = sumCounts(cur);
  return {
    ref: Float64Array.from(keys, (k) => (ref.get(k) ?? 0) / refTotal),
    cur: Float64Array.from(keys, (k) => (cur.get(k) ?? 0) / curTotal),
  };
}

/**
 * Evidently's `feel_zeroes`: a zero share would make ln(ref/cur) infinite, so zeros
 * become min(non-zero share)/10⁶ when that minimum is <= 0.0001, else 0.0001 (per side).
 * The shares then no longer sum to exactly 1 (PSI uses them as they are).
 */
function fillZeroes(shares: Float64Array): Float64Array {
  let minPositive = Number.POSITIVE_INFINITY;
  for (const s of shares) if (s > 0 && s < minPositive) minPositive = s;
  const fill = zeroFill(minPositive);
  return shares.map((s) => (s === 0 ? fill : s));
}

/** What feel_zeroes puts in place of a zero share, given the smallest positive share. */
export function zeroFill(minPositive: number): number {
  return minPositive <= 0.0001 ? minPositive / 10 ** 6 : 0.0001;
}

/** scipy.special.rel_entr: x·ln(x/y), 0 when x = 0, +∞ when x > 0 = y. */
export function relEntr(x: number, y: number): number {
  if (x > 0 && y > 0) return x * Math.log(x / y);
  if (x === 0 && y >= 0) return 0;
  return Number.POSITIVE_INFINITY;
}

function normalize(p: Float64Array): Float64Array {
  let total = 0;
  for (const v of p) total += v;
  return p.map((v) => v / total);
}

/**
 * scipy.spatial.distance.jensenshannon(p, q) with the natural log (Evidently passes
 * base=None): p and q normalized, m = (p + q)/2,
 *   JS = √((KL(p‖m) + KL(q‖m)) / 2),  0 <= JS <= √ln 2.
 * Evidently bins with feel_zeroes=False for this test (zero shares are fine here).
 */
function jensenShannon({ ref, cur }: Binned): number {
  const p = normalize(ref);
  const q = normalize(cur);
  let left = 0;
  let right = 0;
  for (let i = 0; i < p.length; i++) {
    const m = (p[i] + q[i]) / 2;
    left += relEntr(p[i], m);
    right += relEntr(q[i], m);
  }
  return Math.sqrt((left + right) / 2);
}

/**
 * Population Stability Index as Evidently's `psi`: Σ (ref_i − cur_i)·ln(ref_i / cur_i)
 * over the zero-filled shares (not renormalized) — the same as Σ (cur − ref)·ln(cur/ref).
 */
function psi({ ref, cur }: Binned): number {
  const r = fillZeroes(ref);
  const c = fillZeroes(cur);
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += (r[i] - c[i]) * Math.log(r[i] / c[i]);
  return sum;
}

/**
 * Kullback–Leibler divergence KL(ref ‖ cur) = Σ ref_i·ln(ref_i / cur_i) as Evidently's
 * `kl_div`: scipy.stats.entropy(ref, cur) on the zero-filled shares, which entropy
 * renormalizes to sum 1 first.
 */
function klDivergence({ ref, cur }: Binned): number {
  const p = normalize(fillZeroes(ref));
  const q = normalize(fillZeroes(cur));
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += relEntr(p[i], q[i]);
  return sum;
}

/** Evidently returns NaN for these tests when either side is empty. */
function numericOrNaN(
  ref: WeightedSample,
  cur: WeightedSample,
  score: (b: Binned) => number,
  binning?: NumericBinning,
): number {
  if (!(totalWeight(ref) > 0 && totalWeight(cur) > 0)) return Number.NaN;
  return score(binNumeric(ref, cur, binning));
}

function categoricalOrNaN(ref: CategoryCounts, cur: CategoryCounts, score: (b: Binned) => number): number {
  if (!(sumCounts(ref) > 0 && sumCounts(cur) > 0)) return Number.NaN;
  return score(binCategorical(ref, cur));
}

/** Evidently `jensenshannon` on a numerical column (default threshold 0.1). */
export function jensenShannonNumeric(
  ref: WeightedSample,
  cur: WeightedSample,
  binning?: NumericBinning,
): number {
  return numericOrNaN(ref, cur, jensenShannon, binning);
}

/** Evidently `psi` on a numerical column (default threshold 0.1). */
export function psiNumeric(ref: WeightedSample, cur: WeightedSample, binning?: NumericBinning): number {
  return numericOrNaN(ref, cur, psi, binning);
}

/** Evidently `kl_div` on a numerical column (default threshold 0.1). */
export function klNumeric(ref: WeightedSample, cur: WeightedSample, binning?: NumericBinning): number {
  return numericOrNaN(ref, cur, klDivergence, binning);
}

/** Evidently `jensenshannon` on a categorical column. */
export function jensenShannonCategorical(ref: CategoryCounts, cur: CategoryCounts): number {
  return categoricalOrNaN(ref, cur, jensenShannon);
}

/** Evidently `psi` on a categorical column. */
export function psiCategorical(ref: CategoryCounts, cur: CategoryCounts): number {
  return categoricalOrNaN(ref, cur, psi);
}

/** Evidently `kl_div` on a categorical column. */
export function klCategorical(ref: CategoryCounts, cur: CategoryCounts): number {
  return categoricalOrNaN(ref, cur, klDivergence);
}
