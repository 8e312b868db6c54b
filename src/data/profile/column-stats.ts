/**
 * Mergeable per-column statistics. Each accumulator reads cells from a
 * RowBatch, keeps only sketches (memory does not grow with rows), merges with
 * another accumulator of the same kind, and serializes to JSON.
 */
import { hashNumber } from "../sketch/hash.js";
import { HyperLogLog, type HyperLogLogJSON } from "../sketch/hyperloglog.js";
import { QuantileSketch, type QuantileSketchJSON } from "../sketch/quantile-sketch.js";
import { TopK, type TopKJSON } from "../sketch/top-k.js";

/**
 * Count, sum, mean and sum of squared deviations. The sum is compensated
 * (Neumaier), so the mean is the correctly rounded sum over the count for any
 * realistic data and does not depend on how the data was split into shards;
 * the squared deviations follow Welford and merge with Chan et al.'s formula.
 */
export class Moments {
  count = 0;
  /** Running sum and its compensation: sum + compensation is the sum to ~2 ulps of the largest partial. */
  sum = 0;
  compensation = 0;
  m2 = 0;
  min = Number.POSITIVE_INFINITY;
  max = Number.NEGATIVE_INFINITY;
  /** Welford's running mean, only for updating m2. */
  private runningMean = 0;

  add(x: number): void {
    const n = ++this.count;
    const t = this.sum + x;
    this.compensation += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
    this.sum = t;
    const delta = x - this.runningMean;
    this.runningMean += delta / n;
    this.m2 += delta * (x - this.runningMean);
    if (x < this.min) this.min = x;
    if (x > this.max) this.max = x;
  }

  get mean(): number {
    return this.count > 0 ? (this.sum + this.compensation) / this.count : 0;
  }

  merge(other: Moments): void {
    if (other.count === 0) return;
    if (this.count === 0) {
      this.restore(other.toJSON());
      return;
    }
    const n = this.count + other.count;
    const delta = other.mean - this.mean;
    this.m2 += other.m2 + (delta * delta * this.count * other.count) / n;
    const t = this.sum + other.sum;
    this.compensation +=
      other.compensation +
      (Math.abs(this.sum) >= Math.abs(other.sum) ? this.sum - t + other.sum : other.sum - t + this.sum);
    this.sum = t;
    this.count = n;
    this.runningMean = this.mean;
    this.min = Math.min(this.min, other.min);
    this.max = Math.max(this.max, other.max);
  }

  /** Population standard deviation (ddof = 0), as numpy's std. */
  get std(): number {
    return this.count > 0 ? Math.sqrt(this.m2 / this.count) : Number.NaN;
  }

  /** Sample standard deviation (ddof = 1), as pandas' std. */
  get sampleStd(): number {
    return this.count > 1 ? Math.sqrt(this.m2 / (this.count - 1)) : Number.NaN;
  }

  toJSON(): MomentsJSON {
    return {
      count: this.count,
      mean: this.mean,
      sum: this.sum,
      compensation: this.compensation,
      m2: this.m2,
      min: this.min,
      max: this.max,
    };
  }

  private restore(json: MomentsJSON): void {
    this.count = json.count;
    this.sum = json.sum ?? json.mean * json.count;
    this.compensation = json.compensation ?? 0;
    this.runningMean = this.mean;
    this.m2 = json.m2;
    this.min = json.count > 0 ? json.min : Number.POSITIVE_INFINITY;
    this.max = json.count > 0 ? json.max : Number.NEGATIVE_INFINITY;
  }

  static fromJSON(json: MomentsJSON): Moments {
    const moments = new Moments();
    moments.restore(json);
    return moments;
  }
}

export interface MomentsJSON {
  count: number;
  /** (sum + compensation) / count, for readers; merging uses the sum. */
  mean: number;
  sum: number;
  compensation: number;
  m2: number;
  min: number;
  max: number;
}

/**
 * Exact counts of a numeric column's values while it has few distinct ones
 * (a 0/1 label, a rating): categorical drift tests on such columns then use
 * exact counts rather than sketch weights. Past the limit it stops counting.
 */
export class SmallValueCounts {
  static readonly LIMIT = 64;
  private counts: Map<number, number> | undefined = new Map();

  add(x: number): void {
    const counts = this.counts;
    if (!counts) return;
    const n = counts.get(x);
    if (n !== undefined) counts.set(x, n + 1);
    else if (counts.size < SmallValueCounts.LIMIT) counts.set(x, 1);
    else this.counts = undefined;
  }

  merge(other: SmallValueCounts): void {
    if (!this.counts || !other.counts) {
      this.counts = undefined;
      return;
    }
    for (const [value, n] of other.counts) this.counts.set(value, (this.counts.get(value) ?? 0) + n);
    if (this.counts.size > SmallValueCounts.LIMIT) this.counts = undefined;
  }

  /** Value → count, or undefined when the column has more than LIMIT distinct values. */
  get(): Map<number, number> | undefined {
    return this.counts;
  }

  toJSON(): [number, number][] | null {
    return this.counts ? [...this.counts].sort((a, b) => a[0] - b[0]) : null;
  }

  static fromJSON(json: [number, number][] | null | undefined): SmallValueCounts {
    const counts = new SmallValueCounts();
    counts.counts = json ? new Map(json) : undefined;
    return counts;
  }
}

/** Distribution of a numeric column (numbers, integers, datetimes as epoch milliseconds). */
export class NumericDistribution {
  readonly moments = new Moments();
  readonly quantiles: QuantileSketch;
  readonly distinct: HyperLogLog;
  readonly values: SmallValueCounts;

  constructor(
    quantiles = new QuantileSketch(),
    distinct = new HyperLogLog(),
    values = new SmallValueCounts(),
  ) {
    this.quantiles = quantiles;
    this.distinct = distinct;
    this.values = values;
  }

  add(x: number): void {
    this.moments.add(x);
    this.quantiles.add(x);
    this.distinct.addHash(hashNumber(x));
    this.values.add(x);
  }

  merge(other: NumericDistribution): void {
    this.moments.merge(other.moments);
    this.quantiles.merge(other.quantiles);
    this.distinct.merge(other.distinct);
    this.values.merge(other.values);
  }

  toJSON(): NumericDistributionJSON {
    return {
      moments: this.moments.toJSON(),
      quantiles: this.quantiles.toJSON(),
      distinct: this.distinct.toJSON(),
      values: this.values.toJSON(),
    };
  }

  static fromJSON(json: NumericDistributionJSON): NumericDistribution {
    const d = new NumericDistribution(
      QuantileSketch.fromJSON(json.quantiles),
      HyperLogLog.fromJSON(json.distinct),
      SmallValueCounts.fromJSON(json.values),
    );
    d.moments.merge(Moments.fromJSON(json.moments));
    return d;
  }
}

export interface NumericDistributionJSON {
  moments: MomentsJSON;
  quantiles: QuantileSketchJSON;
  distinct: HyperLogLogJSON;
  /** Exact value counts while there are at most 64 distinct values, else null. */
  values: [number, number][] | null;
}

/** Counts of the values of a categorical or text column. */
export class CategoryDistribution {
  readonly top: TopK;
  readonly distinct: HyperLogLog;

  constructor(top = new TopK(), distinct = new HyperLogLog()) {
    this.top = top;
    this.distinct = distinct;
  }

  add(value: string, hash: number): void {
    this.top.add(value);
    this.distinct.addHash(hash);
  }

  merge(other: CategoryDistribution): void {
    this.top.merge(other.top);
    this.distinct.merge(other.distinct);
  }

  /** Exact counts per value while the column has at most TopK-capacity distinct values. */
  counts(): Map<string, number> {
    return new Map(this.top.entries().map((e) => [e.value, e.count]));
  }

  toJSON(): CategoryDistributionJSON {
    return { top: this.top.toJSON(), distinct: this.distinct.toJSON() };
  }

  static fromJSON(json: CategoryDistributionJSON): CategoryDistribution {
    return new CategoryDistribution(TopK.fromJSON(json.top), HyperLogLog.fromJSON(json.distinct));
  }
}

export interface CategoryDistributionJSON {
  top: TopKJSON;
  distinct: HyperLogLogJSON;
}
