/**
 * Maps numeric features onto at most 255 bins plus one bin for missing values,
 * as scikit-learn's `_BinMapper` does for HistGradientBoosting: a feature with
 * at most 255 distinct values gets one bin per value (thresholds halfway
 * between neighbours); any other gets 255 bins split at the "midpoint"
 * percentiles of a sample of 200,000 rows. A value v lands in the first bin b
 * with v ≤ threshold[b]; NaN lands in MISSING_BIN.
 *
 * One difference, on purpose: the exported model runs in onnxruntime on float32
 * inputs, so values are rounded to float32 before binning and every threshold
 * is a float32 number (a midpoint rounded down, never past the lower
 * neighbour). Then `v ≤ threshold` decides the same in training (float64) and
 * in onnxruntime (float32), and a split keeps two training values apart
 * exactly when scikit-learn's would.
 */
import type { Random } from "../../lib/random.js";

/** Bins for non-missing values (scikit-learn's max_bins default and maximum). */
export const MAX_BINS = 255;
/** The bin of missing values, the last of 256 (scikit-learn's missing_values_bin_idx_). */
export const MISSING_BIN = 255;
/** Rows the quantiles are taken from (scikit-learn's _BinMapper subsample). */
export const BINNING_SAMPLE = 200_000;

export interface BinMapper {
  /** Per feature: ascending float32 thresholds; bin b holds values in (threshold[b-1], threshold[b]]. */
  thresholds: Float64Array[];
  /** Per feature: bins used by non-missing values (thresholds + 1). */
  binsNonMissing: Uint16Array;
  /** Per feature: 1 when the data the mapper was fitted on had a missing value. */
  hasMissing: Uint8Array;
}

/**
 * A feature matrix stored by column: `values[feature * rows + row]`, NaN where
 * missing. float32, because that is what the exported model sees.
 */
export interface FeatureColumns {
  rows: number;
  features: number;
  values: Float32Array;
}

export function fitBinMapper(
  data: FeatureColumns,
  random: Random,
  options: { maxBins?: number; sample?: number } = {},
): BinMapper {
  const maxBins = options.maxBins ?? MAX_BINS;
  if (!Number.isInteger(maxBins) || maxBins < 2 || maxBins > MAX_BINS) {
    throw new Error(`max_bins must be a whole number from 2 to ${MAX_BINS}, got ${maxBins}`);
  }
  const sampleSize = options.sample ?? BINNING_SAMPLE;
  const rows = data.rows > sampleSize ? random.sampleIndices(data.rows, sampleSize) : undefined;
  const thresholds: Float64Array[] = [];
  const binsNonMissing = new Uint16Array(data.features);
  const hasMissing = new Uint8Array(data.features);
  const scratch = new Float64Array(rows ? rows.length : data.rows);
  for (let f = 0; f < data.features; f++) {
    const column = data.values.subarray(f * data.rows, (f + 1) * data.rows);
    if (hasNaN(column)) hasMissing[f] = 1;
    const sorted = nonMissing(column, rows, scratch).sort();
    thresholds.push(featureThresholds(sorted, maxBins));
    binsNonMissing[f] = thresholds[f].length + 1;
  }
  return { thresholds, binsNonMissing, hasMissing };
}

function hasNaN(column: Float32Array): boolean {
  for (let r = 0; r < column.length; r++) if (Number.isNaN(column[r])) return true;
  return false;
}

/** The non-missing values of `column` (of the sampled `rows` when given), copied into the front of `scratch`. */
function nonMissing(
  column: Float32Array,
  rows: Uint32Array | undefined,
  scratch: Float64Array,
): Float64Array {
  let n = 0;
  if (rows) {
    for (const r of rows) if (!Number.isNaN(column[r])) scratch[n++] = column[r];
  } else {
    for (let r = 0; r < column.length; r++) if (!Number.isNaN(column[r])) scratch[n++] = column[r];
  }
  return scratch.subarray(0, n);
}

/** Thresholds of one feature from its sorted non-missing values. */
function featureThresholds(sorted: Float64Array, maxBins: number): Float64Array {
  const distinct: number[] = [];
  for (let i = 0; i < sorted.length && distinct.length <= maxBins; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  }
  const result: number[] = [];
  if (distinct.length <= maxBins) {
    for (let i = 1; i < distinct.length; i++) result.push(float32Between(distinct[i - 1], distinct[i]));
  } else {
    // numpy.percentile(method="midpoint") at 100·k/maxBins, k = 1 … maxBins-1.
    const last = sorted.length - 1;
    for (let k = 1; k < maxBins; k++) {
      const position = (k / maxBins) * last;
      const lo = sorted[Math.floor(position)];
      const hi = sorted[Math.ceil(position)];
      const threshold = lo === hi ? lo : float32Between(lo, hi);
      if (result.length === 0 || threshold > result[result.length - 1]) result.push(threshold);
    }
  }
  return Float64Array.from(result);
}

/**
 * A float32 threshold t with lo ≤ t < hi for float32 values lo < hi: their
 * midpoint rounded to float32, or lo where rounding would reach hi.
 */
function float32Between(lo: number, hi: number): number {
  const mid = lo / 2 + hi / 2;
  const rounded = Math.fround(mid);
  if (rounded >= hi) return lo;
  if (rounded < lo) return lo;
  return rounded;
}

/** Bin codes, column-major like the input (`codes[feature * rows + row]`). */
export function binFeatures(mapper: BinMapper, data: FeatureColumns): Uint8Array {
  const codes = new Uint8Array(data.rows * data.features);
  for (let f = 0; f < data.features; f++) {
    const thresholds = mapper.thresholds[f];
    const offset = f * data.rows;
    for (let r = 0; r < data.rows; r++) {
      codes[offset + r] = binOf(thresholds, data.values[offset + r]);
    }
  }
  return codes;
}

/** The bin of one value: the number of thresholds below it, MISSING_BIN for NaN. */
export function binOf(thresholds: Float64Array, value: number): number {
  if (Number.isNaN(value)) return MISSING_BIN;
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (value <= thresholds[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
