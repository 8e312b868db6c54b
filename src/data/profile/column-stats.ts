/**
 * Mergeable per-column statistics. Each accumulator reads cells from a
 * RowBatch, keeps only sketches (memory does not grow with rows), merges with
 * another accumulator of the same kind, and serializes to JSON.
 */
import { hashNumber } from "../sketch/hash.js";
import { HyperLogLog, type HyperLogLogJSON } from "../sketch/hyperloglog.js";
import { QuantileSketch, type QuantileSketchJSON } from "../sketch/quantile-sketch.js";
import { TopK, type TopKJSON } from "../sketch/top-k.js";
import { ValueStore, type ValueStoreJSON } from "../sketch/value-store.js";

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

/** Most distinct values for which a numeric column also counts as categories (a 0/1 label, a rating). */
export const SMALL_VALUE_LIMIT = 64;

/** Distribution of a numeric column (numbers, integers, datetimes as epoch milliseconds). */
export class NumericDistribution {
  readonly moments = new Moments();
  /** The values: exact up to 2^20 distinct ones, a KLL sketch past that. */
  readonly values: ValueStore;
  readonly distinct: HyperLogLog;

  constructor(values = new ValueStore(), distinct = new HyperLogLog()) {
    this.values = values;
    this.distinct = distinct;
  }

  add(x: number): void {
    this.moments.add(x);
    this.values.add(x);
    this.distinct.addHash(hashNumber(x));
  }

  merge(other: NumericDistribution): void {
    this.moments.merge(other.moments);
    this.values.merge(other.values);
    this.distinct.merge(other.distinct);
  }

  /**
   * Exact counts per value while the column has at most `limit` distinct values
   * (categorical drift tests and category counts then use them), else undefined.
   */
  smallValueCounts(limit = SMALL_VALUE_LIMIT): Map<number, number> | undefined {
    return this.values.valueCounts(limit);
  }

  toJSON(): NumericDistributionJSON {
    return {
      version: 2,
      moments: this.moments.toJSON(),
      values: this.values.toJSON(),
      distinct: this.distinct.toJSON(),
    };
  }

  /** Reads either form: version 2, or a version 1 profile's (a k = 200 sketch and small-value counts). */
  static fromJSON(json: NumericDistributionJSON | NumericDistributionV1JSON): NumericDistribution {
    const d =
      "version" in json && json.version === 2
        ? new NumericDistribution(ValueStore.fromJSON(json.values), HyperLogLog.fromJSON(json.distinct))
        : new NumericDistribution(
            valuesFromV1(json as NumericDistributionV1JSON),
            HyperLogLog.fromJSON((json as NumericDistributionV1JSON).distinct),
          );
    d.moments.merge(Moments.fromJSON(json.moments));
    return d;
  }
}

/**
 * A version 1 distribution's values: its sketch was exact up to 2048 values, and
 * its small-value counts exact up to 64 distinct ones; either makes an exact store.
 */
function valuesFromV1(json: NumericDistributionV1JSON): ValueStore {
  const sketch = QuantileSketch.fromJSON(json.quantiles);
  if (!sketch.isExact && json.values) {
    const entries = [...json.values].sort((a, b) => a[0] - b[0]);
    const store = ValueStore.fromCounts(
      Float64Array.from(entries, ([value]) => value),
      Float64Array.from(entries, ([, count]) => count),
    );
    if (store.count === sketch.count) return store;
  }
  return ValueStore.fromSketch(sketch);
}

export interface NumericDistributionJSON {
  version: 2;
  moments: MomentsJSON;
  values: ValueStoreJSON;
  distinct: HyperLogLogJSON;
}

/** As profiles of schemaVersion 1 store it (still read). */
export interface NumericDistributionV1JSON {
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
