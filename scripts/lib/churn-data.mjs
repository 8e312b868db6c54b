// Seeded generator of a realistic customer-churn table (the demo and benchmark data).
//
// Everything here is deterministic: the same options give the same rows, byte for byte,
// on every machine (only integer PRNG arithmetic, Math.log/exp/sqrt/cos, and explicit
// rounding are used; no Date.now(), no locale formatting).

/** Column order of every churn file (CSV header, JSONL keys, Parquet columns). */
export const CHURN_COLUMNS = Object.freeze([
  "customer_id",
  "signup_date",
  "age_band",
  "region",
  "plan",
  "tenure_months",
  "monthly_charges",
  "total_charges",
  "support_calls",
  "is_autopay",
  "last_feedback",
  "churned",
]);

/**
 * Column types, for writers that need them (Parquet) and for documentation.
 * @type {Readonly<Record<string, "string" | "date" | "category" | "integer" | "number" | "boolean">>}
 */
export const CHURN_COLUMN_TYPES = Object.freeze({
  customer_id: "string",
  signup_date: "date",
  age_band: "category",
  region: "category",
  plan: "category",
  tenure_months: "integer",
  monthly_charges: "number",
  total_charges: "number",
  support_calls: "integer",
  is_autopay: "boolean",
  last_feedback: "string",
  churned: "integer",
});

export const AGE_BANDS = Object.freeze(["18-24", "25-34", "35-44", "45-54", "55-64", "65+"]);
export const REGIONS = Object.freeze(["north", "south", "east", "west", "central"]);
export const PLANS = Object.freeze(["basic", "standard", "premium"]);

// ---------------------------------------------------------------------------------------------
// PRNG: xoshiro128** seeded through splitmix32, plus distribution helpers.

/**
 * A seeded pseudo-random source (xoshiro128**), with the distributions the generator needs.
 */
export class Rng {
  /** @param {number} seed any integer (only the low 32 bits are used) */
  constructor(seed) {
    let s = seed >>> 0;
    const next = () => {
      // splitmix32
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
    /** @type {number | null} */
    this.spare = null;
  }

  /** @returns {number} a uniform unsigned 32-bit integer */
  nextUint32() {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** @returns {number} uniform in [0, 1) */
  random() {
    return this.nextUint32() / 4294967296;
  }

  /**
   * @param {number} n
   * @returns {number} uniform integer in [0, n)
   */
  int(n) {
    return Math.floor(this.random() * n);
  }

  /**
   * @param {number} p
   * @returns {boolean} true with probability p
   */
  chance(p) {
    return this.random() < p;
  }

  /**
   * Standard normal draw (Box–Muller, the second value is kept for the next call).
   * @param {number} [mean]
   * @param {number} [sd]
   */
  normal(mean = 0, sd = 1) {
    if (this.spare !== null) {
      const z = this.spare;
      this.spare = null;
      return mean + sd * z;
    }
    let u = this.random();
    while (u === 0) u = this.random();
    const v = this.random();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return mean + sd * r * Math.cos(2 * Math.PI * v);
  }

  /**
   * Log-normal draw: exp(N(mu, sigma)).
   * @param {number} mu
   * @param {number} sigma
   */
  lognormal(mu, sigma) {
    return Math.exp(this.normal(mu, sigma));
  }

  /**
   * Poisson draw (Knuth's product method; fine for the small rates used here).
   * @param {number} lambda
   */
  poisson(lambda) {
    if (lambda <= 0) return 0;
    if (lambda > 30) return Math.max(0, Math.round(this.normal(lambda, Math.sqrt(lambda))));
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.random();
    while (p > limit) {
      k++;
      p *= this.random();
    }
    return k;
  }

  /**
   * Pick an index by weights that sum to 1 (the last index absorbs rounding).
   * @param {readonly number[]} weights
   */
  weighted(weights) {
    let u = this.random();
    for (let i = 0; i < weights.length - 1; i++) {
      u -= weights[i];
      if (u < 0) return i;
    }
    return weights.length - 1;
  }

  /**
   * @template T
   * @param {readonly T[]} items
   * @returns {T}
   */
  pick(items) {
    return items[this.int(items.length)];
  }
}

/**
 * @param {number} x
 * @param {number} k
 */
function rotl(x, k) {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// The churn model.

/**
 * @typedef {object} ChurnRow
 * @property {string} customer_id
 * @property {string} signup_date ISO date (YYYY-MM-DD)
 * @property {string} age_band
 * @property {string | null} region
 * @property {string} plan
 * @property {number} tenure_months
 * @property {number} monthly_charges
 * @property {number | null} total_charges
 * @property {number | null} support_calls
 * @property {boolean} is_autopay
 * @property {string} last_feedback "" when the customer left no feedback
 * @property {0 | 1} churned
 */

/**
 * @typedef {object} Profile
 * @property {number} snapshotYear year of the extraction date
 * @property {number} snapshotMonth month (0-11) of the extraction date
 * @property {readonly number[]} regionWeights
 * @property {number} tenureLogMean log-normal mu of tenure in months
 * @property {number} chargeFactor multiplier on monthly charges
 * @property {number} callsFactor multiplier on the support-call rate
 * @property {number} churnShift added to the churn logit
 */

/** @type {Profile} */
const REFERENCE = {
  snapshotYear: 2024,
  snapshotMonth: 11,
  regionWeights: [0.22, 0.2, 0.2, 0.18, 0.2],
  tenureLogMean: 2.9,
  chargeFactor: 1,
  callsFactor: 1,
  churnShift: 0,
};

/**
 * The later, drifted production batch. Churn rises (~25% -> ~44%) through the covariates alone
 * (shorter tenure, higher charges, more support calls): P(churn | features) is unchanged.
 * @type {Profile}
 */
const DRIFTED = {
  snapshotYear: 2025,
  snapshotMonth: 5,
  regionWeights: [0.1, 0.36, 0.12, 0.32, 0.1],
  tenureLogMean: 2.45,
  chargeFactor: 1.25,
  callsFactor: 1.5,
  churnShift: 0,
};

/** @type {Profile} a later batch without drift */
const CLEAN_LATER = { ...REFERENCE, snapshotYear: 2025, snapshotMonth: 5 };

const AGE_WEIGHTS = [0.12, 0.22, 0.21, 0.19, 0.15, 0.11];
const AGE_EFFECT = [0.3, 0.1, 0, -0.05, 0, 0.15];
const PLAN_WEIGHTS = [0.45, 0.35, 0.2];
const PLAN_BASE_CHARGE = [26, 58, 92];
const PLAN_CALL_RATE = [1.6, 1.2, 0.9];
const PLAN_EFFECT = [0.5, 0, -0.45];
const CHURN_INTERCEPT = 0.7;

const FEEDBACK_NEGATIVE = [
  "Too expensive for what I get, thinking about switching.",
  'Support said "we\'ll call you back", never did.',
  "Internet drops every evening, very frustrating.",
  'The "premium" plan isn\'t worth the price.',
  "Billing error again, second time this quarter.",
  "A competitor offered 30% off, considering it.",
  "Waited 45 minutes on hold, then got disconnected.",
  'Was told "no outages in your area", clearly wrong.',
  "Price went up again without notice.",
  "Cancel my contract please.",
];
const FEEDBACK_NEUTRAL = [
  "Service is okay.",
  "Moved house, had to update my address.",
  'Asked about the "family bundle" option.',
  "No complaints so far.",
  "App works, but the menus are confusing.",
  "Need a paper invoice for my accountant.",
  "Router replaced, speed seems the same.",
];
const FEEDBACK_POSITIVE = [
  "Great service, very reliable.",
  "Support fixed my issue quickly, thanks!",
  "Happy with the price, speed and coverage.",
  "Autopay makes things easy.",
  'Technician was friendly and "super" helpful.',
  "Best provider I've had.",
];

/**
 * @param {Rng} rng
 * @param {number} churnProbability
 */
function feedback(rng, churnProbability) {
  if (rng.chance(0.22)) return "";
  const u = rng.random();
  const negative = 0.1 + 0.6 * churnProbability;
  const positive = 0.45 * (1 - churnProbability);
  let text;
  if (u < negative) text = rng.pick(FEEDBACK_NEGATIVE);
  else if (u < negative + positive) text = rng.pick(FEEDBACK_POSITIVE);
  else text = rng.pick(FEEDBACK_NEUTRAL);
  if (rng.chance(0.12)) text = `${text} ${rng.pick(FEEDBACK_NEUTRAL)}`;
  return text;
}

/** @param {number} x */
function round2(x) {
  return Math.round(x * 100) / 100;
}

/** @param {number} n */
function pad2(n) {
  return n < 10 ? `0${n}` : String(n);
}

/**
 * @param {number} seq
 */
function customerId(seq) {
  const s = String(seq);
  return s.length >= 6 ? `C${s}` : `C${"000000".slice(s.length)}${s}`;
}

/**
 * Generate one synthetic customer (without data-quality corruption).
 * @param {Rng} rng
 * @param {Profile} profile
 * @param {number} seq
 * @returns {ChurnRow}
 */
function customer(rng, profile, seq) {
  const age = rng.weighted(AGE_WEIGHTS);
  const region = rng.weighted(profile.regionWeights);
  const plan = rng.weighted(PLAN_WEIGHTS);

  // tenure: a log-normal body (many young accounts) plus a uniform share of long-lived ones
  let tenure = rng.chance(0.2) ? rng.int(73) : Math.floor(rng.lognormal(profile.tenureLogMean, 0.95)) - 1;
  tenure = Math.min(72, Math.max(0, tenure));

  // signup date = snapshot month minus tenure, on day 1..28
  const signup = new Date(Date.UTC(profile.snapshotYear, profile.snapshotMonth - tenure, 1 + rng.int(28)));
  const signupDate = `${signup.getUTCFullYear()}-${pad2(signup.getUTCMonth() + 1)}-${pad2(signup.getUTCDate())}`;

  let monthly = PLAN_BASE_CHARGE[plan] * rng.lognormal(0, 0.14) + rng.normal(0, 3);
  monthly = Math.min(120, Math.max(18, monthly)) * profile.chargeFactor;
  monthly = round2(monthly);

  const total = round2(tenure * monthly * (1 + rng.normal(0, 0.04)) + (tenure > 0 ? rng.normal(0, 5) : 0));
  const calls = rng.poisson(PLAN_CALL_RATE[plan] * profile.callsFactor * (tenure < 6 ? 1.3 : 1));
  const autopay = rng.chance(plan === 2 ? 0.62 : 0.52);

  const logit =
    CHURN_INTERCEPT +
    profile.churnShift -
    0.065 * tenure +
    0.03 * (monthly - 60) +
    0.55 * (calls - 1.3) -
    1.1 * (autopay ? 1 : 0) +
    PLAN_EFFECT[plan] +
    AGE_EFFECT[age];
  const p = 1 / (1 + Math.exp(-logit));
  const churned = rng.chance(p) ? 1 : 0;

  return {
    customer_id: customerId(seq),
    signup_date: signupDate,
    age_band: AGE_BANDS[age],
    region: REGIONS[region],
    plan: PLANS[plan],
    tenure_months: tenure,
    monthly_charges: monthly,
    total_charges: Math.max(0, total),
    support_calls: calls,
    is_autopay: autopay,
    last_feedback: feedback(rng, p),
    churned,
  };
}

/**
 * @typedef {object} GenerateOptions
 * @property {number} seed PRNG seed
 * @property {number} rows exact number of rows to yield (duplicates included)
 * @property {boolean} [drift] produce the later, drifted batch (charges +25%, region mix, shorter tenure,
 *   more support calls, higher churn; age_band, plan and is_autopay keep their distributions)
 * @property {number} [idStart] first customer number (default: 1 for reference data, 500001 for later batches)
 * @property {boolean} [later] a later batch without drift (later snapshot date and id range); implied by drift
 * @property {boolean} [quality] inject missing values, outliers and duplicates (default true)
 */

/**
 * Yield `rows` churn rows. Data-quality defects are injected on purpose: ~1.5% missing
 * `total_charges`, ~1% missing `region`, ~1.2% missing `support_calls`, ~0.15% outliers in
 * `monthly_charges` (9999.99) and `support_calls` (40), and ~0.2% exact duplicates of an earlier row.
 * @param {GenerateOptions} options
 * @returns {Generator<ChurnRow, void, undefined>}
 */
export function* generateRows({ seed, rows, drift = false, idStart, later = false, quality = true }) {
  if (!Number.isInteger(rows) || rows < 0)
    throw new RangeError(`rows must be a non-negative integer, got ${rows}`);
  const rng = new Rng(seed);
  const profile = drift ? DRIFTED : later ? CLEAN_LATER : REFERENCE;
  let seq = idStart ?? (drift || later ? 500001 : 1);
  /** @type {ChurnRow[]} recent rows, the pool duplicates are drawn from */
  const recent = [];
  for (let i = 0; i < rows; i++) {
    if (quality && recent.length > 0 && rng.chance(0.002)) {
      yield { ...recent[rng.int(recent.length)] };
      continue;
    }
    const row = customer(rng, profile, seq++);
    if (quality) {
      if (rng.chance(0.015)) row.total_charges = null;
      if (rng.chance(0.01)) row.region = null;
      if (rng.chance(0.012)) row.support_calls = null;
      if (rng.chance(0.0015)) row.monthly_charges = 9999.99;
      if (rng.chance(0.0015)) row.support_calls = 40;
      if (recent.length < 256) recent.push(row);
      else recent[rng.int(256)] = row;
    }
    yield row;
  }
}

// ---------------------------------------------------------------------------------------------
// Serialisation.

const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One CSV field, RFC 4180 style: quoted when it holds a comma, a quote, CR or LF; quotes doubled.
 * `null`/`undefined` become an empty field.
 * @param {unknown} value
 */
export function csvField(value) {
  if (value === null || value === undefined) return "";
  const s = typeof value === "string" ? value : String(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * A CSV record (without the line terminator) for `row`, fields in `columns` order.
 * @param {Record<string, unknown>} row
 * @param {readonly string[]} [columns]
 */
export function toCsvLine(row, columns = CHURN_COLUMNS) {
  let line = "";
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) line += ",";
    line += csvField(row[columns[i]]);
  }
  return line;
}

/** The CSV header line (without terminator). */
export function csvHeader(columns = CHURN_COLUMNS) {
  return columns.map(csvField).join(",");
}
