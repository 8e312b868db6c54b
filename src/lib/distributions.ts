/**
 * Distribution functions behind the drift tests' p-values, written to agree with
 * scipy (scipy.special / scipy.stats) to near machine precision. Pure, no I/O.
 *
 * - `logGamma`, `regularizedGammaQ`, `chi2Sf`: chi-squared survival function,
 *   chi2.sf(x, k) = Q(k/2, x/2).
 * - `erfc`, `normalSf`: the normal tail, norm.sf(z) = erfc(z/√2)/2.
 * - `regularizedBeta`, `studentTSf`: Student's t tail, t.sf(t, ν) = I_(ν/(ν+t²))(ν/2, ½)/2 for t ≥ 0.
 * - `ksTwoSamplePValue`, `kstwoSf`: the two-sided two-sample Kolmogorov–Smirnov
 *   p-value exactly as `scipy.stats.ks_2samp(method="auto")` computes it.
 */

const LOG_2PI = Math.log(2 * Math.PI);
const SQRT_PI = Math.sqrt(Math.PI);
const SQRT_2PI = Math.sqrt(2 * Math.PI);
const DBL_EPSILON = 2 ** -52;
/** cephes MINLOG (with subnormals): ln 2^-1075, below which exp() is 0. */
const MIN_LOG = -745.1332191019412;

/** Bernoulli terms B_2j / (2j (2j−1)) of Stirling's series, j = 1..8. */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400];

/** Stirling's series Σ B_2j / (2j (2j−1) x^(2j−1)), accurate to < 1e-17 once x >= 15. */
function stirlingSeries(x: number): number {
  const r = 1 / x;
  const r2 = r * r;
  let s = 0;
  for (let i = STIRLING.length - 1; i >= 0; i--) s = s * r2 + STIRLING[i];
  return s * r;
}

/**
 * ln Γ(x) for x > 0 (relative error ~1e-15). Γ(x) = Γ(x+k) / (x (x+1) … (x+k−1))
 * moves the argument to >= 15, where Stirling's series needs only 8 terms.
 */
export function logGamma(x: number): number {
  if (Number.isNaN(x) || x < 0) return Number.NaN;
  if (x === 0) return Number.POSITIVE_INFINITY;
  let product = 1;
  while (x < 15) {
    product *= x;
    x += 1;
  }
  return (x - 0.5) * Math.log(x) - x + 0.5 * LOG_2PI + stirlingSeries(x) - Math.log(product);
}

/**
 * Regularized upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a)
 * = 1/Γ(a) ∫_x^∞ t^(a−1) e^(−t) dt.
 * Series for P = 1 − Q when x < a + 1 (then Q is not small, so 1 − P loses nothing),
 * Legendre's continued fraction (modified Lentz) otherwise. Relative error is about
 * (x + a·|ln x|)·1e-16 from the prefactor e^(−x) x^a / Γ(a): 1e-12 at a = 1000.
 */
export function regularizedGammaQ(a: number, x: number): number {
  if (!(a > 0) || Number.isNaN(x) || x < 0) return Number.NaN;
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  const logPrefix = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let ap = a + 1; ap < a + 100_000; ap += 1) {
      term *= x / ap;
      sum += term;
      if (term < sum * DBL_EPSILON) break;
    }
    return 1 - sum * Math.exp(logPrefix);
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < DBL_EPSILON) break;
  }
  return Math.exp(logPrefix) * h;
}

/** Chi-squared survival function P(X > x), X ~ χ²(dof): scipy.stats.chi2.sf. */
export function chi2Sf(x: number, dof: number): number {
  if (x <= 0) return 1;
  return regularizedGammaQ(dof / 2, x / 2);
}

/**
 * Regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b): scipy.special.betainc.
 * The continued fraction of Numerical Recipes (`betacf`, modified Lentz), on I_x(a, b) when
 * x < (a + 1) / (a + b + 2), else on 1 − I_(1−x)(b, a), where it converges fast.
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(a > 0 && b > 0) || Number.isNaN(x) || x < 0 || x > 1) return Number.NaN;
  if (x === 0) return 0;
  if (x === 1) return 1;
  const logPrefix = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x > (a + 1) / (a + b + 2)) return 1 - regularizedBeta(1 - x, b, a);
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < 100_000; m++) {
    const m2 = 2 * m;
    const even = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + even * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + even / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + odd * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + odd / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < DBL_EPSILON) break;
  }
  return (Math.exp(logPrefix) * h) / a;
}

/** Student's t survival function P(T > t), T ~ t(dof), dof > 0 (fractional: Welch): scipy.stats.t.sf. */
export function studentTSf(t: number, dof: number): number {
  if (Number.isNaN(t) || !(dof > 0)) return Number.NaN;
  if (t === Number.POSITIVE_INFINITY) return 0;
  if (t === Number.NEGATIVE_INFINITY) return 1;
  const tail = 0.5 * regularizedBeta(dof / (dof + t * t), dof / 2, 0.5);
  return t >= 0 ? tail : 1 - tail;
}

/**
 * e^(−x²) without the error of rounding x² first: x = hi + lo with hi on a 1/16
 * grid, so hi² is exact and x² = hi² + lo·(x + hi).
 */
function expMinusSquare(x: number): number {
  const hi = Math.floor(x * 16) / 16;
  const lo = x - hi;
  return Math.exp(-hi * hi) * Math.exp(-lo * (x + hi));
}

/**
 * Complementary error function erfc(x) = 2/√π ∫_x^∞ e^(−t²) dt (relative error
 * ~1e-15; for x in [1, 2) ~1e-14, from 1 − erf).
 * - 0 <= x < 2: 1 − erf(x), erf(x) = 2/√π · x e^(−x²) Σ (2x²)^n / (1·3·…·(2n+1)),
 *   a series of positive terms (no cancellation inside).
 * - x >= 2: Laplace's continued fraction erfc(x) = e^(−x²)/√π · 1/(x + ½/(x + 1/(x + 3⁄2/(x + …)))).
 */
export function erfc(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) {
    const twoX2 = 2 * x * x;
    let term = 1;
    let sum = 1;
    for (let n = 1; n < 200; n++) {
      term *= twoX2 / (2 * n + 1);
      sum += term;
      if (term < sum * 1e-17) break;
    }
    return 1 - (2 / SQRT_PI) * x * expMinusSquare(x) * sum;
  }
  if (x > 27.3) return 0; // below the smallest subnormal double
  // Modified Lentz evaluation of f = x + a1/(x + a2/(x + …)), a_k = k/2.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 5000; k++) {
    const a = k / 2;
    d = x + a * d;
    d = Math.abs(d) < tiny ? 1 / tiny : 1 / d;
    c = x + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return expMinusSquare(x) / (SQRT_PI * f);
}

/** Standard normal survival function P(Z > z) = erfc(z/√2)/2: scipy.stats.norm.sf. */
export function normalSf(z: number): number {
  return 0.5 * erfc(z * Math.SQRT1_2);
}

/** Standard normal CDF Φ(z) = P(Z <= z): scipy.stats.norm.cdf. */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z * Math.SQRT1_2);
}

// ─────────────────────────────── Kolmogorov–Smirnov ───────────────────────────────

/** scipy's ks_2samp(method="auto") is exact when max(n1, n2) <= MAX_AUTO_N. */
export const KS_MAX_AUTO_N = 10_000;

export interface KsPValue {
  /** D as scipy reports it: rounded to the lattice, h / lcm(n1, n2), when the p-value is exact. */
  statistic: number;
  pValue: number;
  method: "exact" | "asymptotic";
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** numpy.round: half to even. */
function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function clip01(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** x · 2^e without overflowing 2^e on the way. */
function ldexp(x: number, e: number): number {
  while (e > 1000) {
    x *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    x *= 2 ** -1000;
    e += 1000;
  }
  return x * 2 ** e;
}

/**
 * Two-sided p-value of the two-sample KS statistic D for sample sizes n1, n2,
 * following scipy.stats.ks_2samp(alternative="two-sided", method="auto"):
 * - max(n1, n2) <= 10000: exact. D is snapped to the lattice, h = round(D·lcm(n1, n2)),
 *   which is the tolerance scipy uses (D computed as c1/n1 − c2/n2 can be off by an ulp);
 *   then P(D_{n1,n2} >= h/lcm) by counting monotone lattice paths from (0,0) to (n1,n2)
 *   that touch |i/n1 − j/n2| >= h/lcm (see `probOutsideSquare` / `probOutsideLines`).
 * - otherwise (or if the exact computation is not a probability): the one-sample
 *   distribution at the effective size, kstwo.sf(D, round(n1·n2/(n1+n2))).
 */
export function ksTwoSamplePValue(d: number, n1: number, n2: number): KsPValue {
  if (!(n1 >= 1 && n2 >= 1) || !Number.isInteger(n1) || !Number.isInteger(n2)) {
    throw new Error(`KS sample sizes must be positive integers, got ${n1} and ${n2}`);
  }
  let statistic = d;
  if (Math.max(n1, n2) <= KS_MAX_AUTO_N) {
    const g = gcd(n1, n2);
    const lcm = (n1 / g) * n2;
    const h = roundHalfEven(d * lcm);
    statistic = h / lcm;
    if (h === 0) return { statistic, pValue: 1, method: "exact" };
    const p = n1 === n2 ? probOutsideSquare(n1, h) : probOutsideLines(n1, n2, g, h);
    if (p >= 0 && p <= 1) return { statistic, pValue: p, method: "exact" };
  }
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const en = (m * n) / (m + n);
  return { statistic, pValue: clip01(kstwoSf(statistic, roundHalfEven(en))), method: "asymptotic" };
}

/**
 * n1 = n2 = n: P(D_{n,n} >= h/n) = 2 Σ_{k>=1} (−1)^(k−1) C(2n, n−kh) / C(2n, n)
 * (reflection principle), evaluated as scipy does in Horner form
 * 2·A1(1 − A2(1 − A3(…))), A_k = C(2n, n−kh)/C(2n, n−(k−1)h), to avoid cancellation.
 */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * n1 ≠ n2: the fraction of lattice paths from (0,0) to (m,n) (m >= n) that touch
 * |i/m − j/n| >= h/lcm, i.e. |i·n/g − j·m/g| >= h. scipy's recursion (Hodges 1958,
 * rewritten by Viehmann 2021 to compute 1 − p directly, so small p keep their
 * relative precision): with normalized counts
 *   u(i, j) = i/(i+j) · u(i−1, j) + j/(i+j) · u(i, j−1),
 * u = 1 on and beyond the boundary (the path has already crossed) and u(0,0) = 0,
 * u(m, n) is the probability. Only a sliding window of column j-values is kept.
 */
function probOutsideLines(n1: number, n2: number, g: number, h: number): number {
  const [m, n] = n1 >= n2 ? [n1, n2] : [n2, n1];
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const a = new Float64Array(lenA).fill(1);
  a.fill(0, minj, maxj);
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    for (let jj = 0; jj < maxj - minj; jj++) {
      const j = jj + minj;
      val = (a[jj + minj - lastminj] * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = maxj - minj;
    if (lastlen > curlen) a.fill(1, maxj - minj, maxj - minj + (lastlen - curlen));
  }
  return a[maxj - minj - 1];
}

/**
 * Survival function of the two-sided one-sample KS statistic D_n = sup|F_n − F|:
 * P(D_n > x), scipy.stats.kstwo.sf(x, n). Same algorithm choice as scipy's
 * `_kolmogn` (Simard & L'Ecuyer 2011):
 * - n·x <= 1 or >= n − 1, x >= 0.5: closed forms (Ruben–Gambino, 2·Smirnov);
 * - n <= 140: Durbin's matrix (Marsaglia–Tsang–Wang) while n·x² <= 4 — scipy uses
 *   Pomeranz's recursion for 0.754693 < n·x² <= 4; both are exact, they differ by
 *   rounding only — else 2·smirnov(n, x);
 * - n > 140: 0 if n·x² >= 370; 2·smirnov(n, x) if n·x² >= 2.2; otherwise 1 − CDF with
 *   the CDF from Durbin's matrix when n <= 100000 and n·x^1.5 <= 1.4, else from the
 *   Pelz–Good asymptotic series (an approximation, good to ~5 significant digits of
 *   the true distribution; we reproduce scipy's value of it, to ~1e-13).
 * Precision vs scipy: ~1e-13 relative; the Smirnov sum (double here, double-double
 * in scipy) loses about n·1e-16, i.e. ~1e-10 at n = 1e6.
 */
export function kstwoSf(x: number, n: number): number {
  if (Number.isNaN(x) || !(n >= 1)) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    // Ruben–Gambino: for 1/(2n) <= x <= 1/n, P(D_n <= x) = n!/n^n (2t − 1)^n.
    if (t <= 0.5) return 1;
    let prob: number;
    if (n <= 140) {
      prob = 1;
      for (let i = 1; i <= n; i++) prob *= i * (1 / n) * (2 * t - 1);
    } else {
      prob = Math.exp(logFactorialOverPower(n) + n * Math.log(2 * t - 1));
    }
    return clip01(1 - prob);
  }
  if (t >= n - 1) return clip01(2 * (1 - x) ** n); // Ruben–Gambino
  if (x >= 0.5) return clip01(2 * smirnovSf(n, x)); // D+ and D− cannot both exceed 1/2
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 4) return clip01(1 - kolmogorovCdfDurbin(n, x));
    return clip01(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip01(2 * smirnovSf(n, x));
  const cdf = n <= 100_000 && n * x ** 1.5 <= 1.4 ? kolmogorovCdfDurbin(n, x) : kolmogorovCdfPelzGood(n, x);
  return clip01(1 - cdf);
}

/** ln(n!/n^n) by Stirling with n·ln n removed up front (no cancellation). */
function logFactorialOverPower(n: number): number {
  return Math.log(n) / 2 - n + LOG_2PI / 2 + stirlingSeries(n);
}

/**
 * P(D_n <= d) by Durbin's matrix method as Marsaglia, Tsang & Wang (2003) compute it:
 * write n·d = k − h (k integer, 0 <= h < 1), build the (2k−1)² matrix H and take
 * n!/n^n · (H^n)[k−1][k−1], scaling by 2^±128 and tracking the exponent. O(k³ log n).
 */
function kolmogorovCdfDurbin(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac; // 1/(j−1)!
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac; // (1 − h^j)/j!
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;
  let hm: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i++) for (let r = i - 1; r < m; r++) hm[r * m + i] = w[r - i + 1];
  for (let r = 0; r < m; r++) hm[r * m] = v[r];
  for (let c = 0; c < m; c++) hm[(m - 1) * m + c] = v[m - 1 - c];

  const multiply = (a: Float64Array, b: Float64Array): Float64Array => {
    const out = new Float64Array(m * m);
    for (let r = 0; r < m; r++) {
      for (let l = 0; l < m; l++) {
        const arl = a[r * m + l];
        if (arl === 0) continue;
        for (let c = 0; c < m; c++) out[r * m + c] += arl * b[l * m + c];
      }
    }
    return out;
  };
  let power: Float64Array = new Float64Array(m * m);
  for (let r = 0; r < m; r++) power[r * m + r] = 1;
  let expnt = 0;
  let hExpnt = 0;
  const scale = 2 ** 128;
  for (let nn = n; nn > 0; nn = Math.floor(nn / 2)) {
    if (nn % 2) {
      power = multiply(power, hm);
      expnt += hExpnt;
    }
    hm = multiply(hm, hm);
    hExpnt *= 2;
    if (Math.abs(hm[(k - 1) * m + (k - 1)]) > scale) {
      for (let i = 0; i < hm.length; i++) hm[i] /= scale;
      hExpnt += 128;
    }
  }
  let p = power[(k - 1) * m + (k - 1)];
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < 1 / scale) {
      p *= scale;
      expnt -= 128;
    }
  }
  return clip01(ldexp(p, expnt));
}

/**
 * Pelz & Good (1976) approximation of P(D_n <= x): the Li-Chien/Korolyuk expansion
 * K0(z) + K1(z)/√n + K2(z)/n + K3(z)/n^1.5, z = x√n, transformed with Jacobi theta
 * identities for small z. Term by term as scipy's `_kolmogn_PelzGood`.
 */
function kolmogorovCdfPelzGood(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const pi2 = Math.PI ** 2;
  const pi4 = Math.PI ** 4;
  const pi6 = Math.PI ** 6;
  const z = Math.sqrt(n) * x;
  const z2 = z ** 2;
  const z3 = z ** 3;
  const z4 = z ** 4;
  const z6 = z ** 6;
  const qlog = -pi2 / 8 / z2;
  if (qlog < -708) return 0;
  let q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = pi2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * pi2) / 4;
  const k2c = (pi4 * (1 - 2 * z2)) / 16;
  const k3d = (pi6 * (5 - 30 * z2)) / 64;
  const k3c = (pi4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (pi2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z ** 8;
  const K = [0, 0, 0, 0];
  // Horner scheme for Σ c_k q^((2k−1)²) over odd integers.
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k >= 1; k--) {
    const m = 2 * k - 1;
    const m2 = m ** 2;
    const m4 = m ** 4;
    const m6 = m ** 6;
    const qpower = q ** (8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m4, k3a + k3b * m2 + k3c * m4 + k3d * m6];
    for (let i = 0; i < 4; i++) K[i] = K[i] * qpower + coeffs[i];
  }
  const divisors = [z, 6 * z4, 72 * z ** 7, 6480 * z ** 10];
  for (let i = 0; i < 4; i++) K[i] = (K[i] * q * SQRT_2PI) / divisors[i];
  // The remaining sums over all integers k: K2 gets π²k² q^(k²), K3 (3π²k²z² − π⁴k⁴) q^(k²).
  q = Math.exp(-pi2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const sqrt3z = Math.sqrt(3) * z;
  for (let k = maxk; k >= 1; k--) {
    const k2 = k * k;
    const qk = q ** k2;
    const kpi = Math.PI * k;
    k2extra += k2 * qk;
    k3extra += (sqrt3z + kpi) * (sqrt3z - kpi) * k2 * qk;
  }
  K[2] += k2extra * ((pi2 * SQRT_2PI) / (-36 * z3));
  K[3] += k3extra * ((pi2 * SQRT_2PI) / (216 * z6));
  let sum = 0;
  for (let i = 0; i < 4; i++) sum += K[i] / n ** (i / 2);
  return sum;
}

/**
 * Survival function of the one-sided statistic D+_n = sup(F_n − F): P(D+_n >= x),
 * scipy.special.smirnov(n, x), by the Birnbaum–Tingey sum
 *   x · Σ_{v=0}^{⌊n(1−x)⌋} C(n, v) (x + v/n)^(v−1) (1 − x − v/n)^(n−v)
 * of positive terms, each taken in log space (scipy uses double-double arithmetic;
 * here the relative error grows like n·1e-16). Stops once the rest cannot matter.
 */
function smirnovSf(n: number, x: number): number {
  if (n === 1) return 1 - x;
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const nx = n * x;
  const nxFloor = Math.floor(nx);
  if (nxFloor === 0 || (nxFloor === 1 && nx === 1)) return 1 - x * (1 + x) ** (n - 1);
  if (-2 * n * x * x < MIN_LOG) return 0;
  if (nxFloor >= n - 1) return (1 - x) ** n;
  if (n > 1_000_000) {
    // scipy's cut-off: p ~ exp(−(6nx + 1)² / 18n).
    const logp = -((6 * nx + 1) ** 2) / 18 / n;
    return logp < -Math.LN2 ? Math.exp(logp) : 1 + Math.expm1(logp);
  }
  const last = n - nxFloor - 1; // largest v with 1 − x − v/n > 0
  const logX = Math.log(x);
  // ln C(n, v), accumulated with Kahan compensation.
  let logC = 0;
  let logCComp = 0;
  // Σ e^(logTerm) kept as e^(maxLog) · sum, so terms below the double range still add up.
  let maxLog = Number.NEGATIVE_INFINITY;
  let sum = 0;
  for (let v = 0; v <= last; v++) {
    if (v > 0) {
      const y = Math.log((n - v + 1) / v) - logCComp;
      const t = logC + y;
      logCComp = t - logC - y;
      logC = t;
    }
    const u = x + v / n;
    const logTail = u < 0.5 ? Math.log1p(-u) : Math.log((n - v) / n - x);
    const logTerm = logX + logC + (v - 1) * Math.log(u) + (n - v) * logTail;
    if (logTerm > maxLog) {
      sum = sum * Math.exp(maxLog - logTerm);
      maxLog = logTerm;
    }
    const term = Math.exp(logTerm - maxLog);
    sum += term;
    if (4 * (last - v) * term < DBL_EPSILON * sum) break;
  }
  return Math.exp(maxLog + Math.log(sum));
}
