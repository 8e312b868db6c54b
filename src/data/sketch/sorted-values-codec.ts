/**
 * Compact text form of a sorted list of distinct numbers with counts (the exact
 * store of `ValueStore`), for profile JSON:
 *
 * - values: when every value is a decimal with at most `scale` digits after the
 *   point (v = m / 10^scale exactly, |m| < 2^52: prices, rounded measurements,
 *   integers, dates as epoch ms), the integers m — the first zigzag-encoded, then
 *   the gaps, all small; otherwise the IEEE-754 bit patterns mapped to unsigned
 *   integers in the same order as the values (sign bit flipped for positives,
 *   all bits for negatives), first one then the gaps, as 64-bit numbers.
 * - counts: one unsigned integer each (mostly 1 for continuous data).
 *
 * Each list is LEB128 varints, deflated (raw deflate, node:zlib), base64. Decoding
 * gives back exactly the same doubles: `m / 10^scale` is the correctly rounded
 * quotient, the very division the encoder checked against each value.
 */
import { deflateRawSync, inflateRawSync } from "node:zlib";
import { badField } from "./sketch-json.js";

export interface EncodedSortedValues {
  /** Digits after the decimal point when the values are encoded as decimals; null: as bit patterns. */
  scale: number | null;
  /** Varint values (see the module comment), raw deflate, base64. */
  values: string;
  /** Varint counts, raw deflate, base64. */
  counts: string;
}

/** Most digits after the point tried for the decimal form (10^15 still scales exactly). */
const MAX_SCALE = 15;
/** |m| below this keeps the gaps between the m exact in a double. */
const MAX_DECIMAL_MANTISSA = 2 ** 52;
/** A varint of a 64-bit number takes at most 10 bytes. */
const MAX_VARINT_BYTES = 10;

class ByteWriter {
  bytes: Uint8Array;
  length = 0;
  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(16, capacity));
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.bytes.length) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }

  /** An unsigned integer below 2^53. */
  uint(x: number): void {
    this.ensure(MAX_VARINT_BYTES);
    const b = this.bytes;
    while (x >= 128) {
      b[this.length++] = (x % 128) | 128;
      x = Math.floor(x / 128);
    }
    b[this.length++] = x;
  }

  /** An unsigned 64-bit integer given as its high and low 32 bits. */
  uint64(hi: number, lo: number): void {
    this.ensure(MAX_VARINT_BYTES);
    const b = this.bytes;
    while (hi !== 0 || lo > 127) {
      b[this.length++] = (lo & 127) | 128;
      lo = ((lo >>> 7) | (hi << 25)) >>> 0;
      hi >>>= 7;
    }
    b[this.length++] = lo;
  }

  deflated(): string {
    return deflateRawSync(this.bytes.subarray(0, this.length)).toString("base64");
  }
}

class ByteReader {
  pos = 0;
  constructor(
    readonly bytes: Uint8Array,
    private readonly what: string,
    private readonly field: string,
  ) {}

  private truncated(): never {
    return badField(this.what, this.field, "ends in the middle of a number (truncated?)");
  }

  get done(): boolean {
    return this.pos >= this.bytes.length;
  }

  uint(): number {
    let x = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      if (this.pos >= this.bytes.length) this.truncated();
      const byte = this.bytes[this.pos++];
      x += (byte & 127) * scale;
      if (byte < 128) {
        if (x > Number.MAX_SAFE_INTEGER) break;
        return x;
      }
      scale *= 128;
    }
    return badField(this.what, this.field, "holds a number too large for a count or an integer");
  }

  /** Reads a 64-bit varint into out[0] (high 32 bits) and out[1] (low 32 bits). */
  uint64(out: Uint32Array): void {
    let lo = 0;
    let hi = 0;
    for (let shift = 0; ; shift += 7) {
      if (shift > 63) badField(this.what, this.field, "holds a number longer than 64 bits");
      if (this.pos >= this.bytes.length) this.truncated();
      const byte = this.bytes[this.pos++];
      const g = byte & 127;
      if (shift < 28) lo |= g << shift;
      else if (shift === 28) {
        lo |= g << 28;
        hi |= g >>> 4;
      } else hi |= g << (shift - 32);
      if (byte < 128) break;
    }
    out[0] = hi >>> 0;
    out[1] = lo >>> 0;
  }
}

/** The smallest number of decimals that represents every value exactly, or null. */
function decimalScale(values: Float64Array, n: number): number | null {
  for (let scale = 0, p = 1; scale <= MAX_SCALE; scale++, p *= 10) {
    let ok = true;
    for (let i = 0; i < n; i++) {
      const m = Math.round(values[i] * p);
      if (!(Math.abs(m) < MAX_DECIMAL_MANTISSA) || m / p !== values[i]) {
        ok = false;
        break;
      }
    }
    if (ok) return scale;
  }
  return null;
}

/** Encodes `values[0..n)` (finite, strictly increasing, no −0) with their `counts` (positive integers). */
export function encodeSortedValues(
  values: Float64Array,
  counts: ArrayLike<number>,
  n: number,
): EncodedSortedValues {
  const scale = decimalScale(values, n);
  const out = new ByteWriter(n * 2 + 16);
  if (scale !== null) {
    const p = 10 ** scale;
    let previous = 0;
    for (let i = 0; i < n; i++) {
      const m = Math.round(values[i] * p);
      if (i === 0) out.uint(m < 0 ? -2 * m - 1 : 2 * m);
      else out.uint(m - previous);
      previous = m;
    }
  } else {
    const bits = new Uint32Array(values.buffer, values.byteOffset, n * 2);
    let prevHi = 0;
    let prevLo = 0;
    for (let i = 0; i < n; i++) {
      // Little-endian: the low word first. Map to an unsigned key that sorts like the value.
      let lo = bits[2 * i];
      let hi = bits[2 * i + 1];
      if (hi & 0x80000000) {
        hi = ~hi >>> 0;
        lo = ~lo >>> 0;
      } else hi = (hi | 0x80000000) >>> 0;
      // key − previous key, borrowing from the high word.
      const dlo = (lo - prevLo) >>> 0;
      const dhi = (hi - prevHi - (lo < prevLo ? 1 : 0)) >>> 0;
      out.uint64(dhi, dlo);
      prevHi = hi;
      prevLo = lo;
    }
  }
  const countBytes = new ByteWriter(n + 16);
  for (let i = 0; i < n; i++) countBytes.uint(counts[i]);
  return { scale, values: out.deflated(), counts: countBytes.deflated() };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function inflateField(what: string, field: string, text: unknown, maxBytes: number): Uint8Array {
  if (typeof text !== "string" || text.length % 4 !== 0 || !BASE64.test(text)) {
    badField(what, field, "must be a base64 string");
  }
  try {
    return new Uint8Array(
      inflateRawSync(Buffer.from(text, "base64"), { maxOutputLength: Math.max(maxBytes, 1) }),
    );
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "ERR_BUFFER_TOO_LARGE"
        ? "inflates to more bytes than its count of values can take"
        : "is not deflated data (truncated or corrupt)";
    return badField(what, field, why);
  }
}

/**
 * Decodes `distinct` values and counts, checking that the values are finite and
 * strictly increasing and the counts positive integers; a bad or truncated field is
 * named in the Error.
 */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: decodes and checks every stored value and count of a profile in one pass (varint deltas, scale, finiteness, order), named errors per field
export function decodeSortedValues(
  what: string,
  encoded: { scale: unknown; values: unknown; counts: unknown },
  distinct: number,
): { values: Float64Array; counts: Float64Array } {
  const { scale } = encoded;
  if (
    scale !== null &&
    !(typeof scale === "number" && Number.isInteger(scale) && scale >= 0 && scale <= MAX_SCALE)
  ) {
    badField(what, "scale", `must be null or an integer in [0, ${MAX_SCALE}], got ${JSON.stringify(scale)}`);
  }
  const values = new Float64Array(distinct);
  const counts = new Float64Array(distinct);
  const valueReader = new ByteReader(
    inflateField(what, "values", encoded.values, distinct * MAX_VARINT_BYTES),
    what,
    "values",
  );
  if (scale !== null) {
    const p = 10 ** (scale as number);
    let m = 0;
    for (let i = 0; i < distinct; i++) {
      if (i === 0) {
        const z = valueReader.uint();
        m = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      } else {
        const gap = valueReader.uint();
        if (gap === 0)
          badField(what, "values", `must be strictly increasing (value ${i} repeats the one before)`);
        m += gap;
      }
      if (!(Math.abs(m) < MAX_DECIMAL_MANTISSA))
        badField(what, "values", `value ${i} is beyond the decimal range (|m| < 2^52)`);
      values[i] = m / p;
    }
  } else {
    const bits = new Uint32Array(values.buffer);
    const gap = new Uint32Array(2);
    let hi = 0;
    let lo = 0;
    for (let i = 0; i < distinct; i++) {
      valueReader.uint64(gap);
      if (i > 0 && gap[0] === 0 && gap[1] === 0)
        badField(what, "values", `must be strictly increasing (value ${i} repeats the one before)`);
      const nextLo = (lo + gap[1]) >>> 0;
      const carry = nextLo < lo ? 1 : 0;
      const nextHi = hi + gap[0] + carry;
      if (nextHi > 0xffffffff) badField(what, "values", `value ${i} overflows the 64-bit key`);
      hi = nextHi;
      lo = nextLo;
      // Back from the sortable key to the IEEE bits.
      if (hi & 0x80000000) {
        bits[2 * i + 1] = (hi & 0x7fffffff) >>> 0;
        bits[2 * i] = lo;
      } else {
        bits[2 * i + 1] = ~hi >>> 0;
        bits[2 * i] = ~lo >>> 0;
      }
      if (!Number.isFinite(values[i])) badField(what, "values", `value ${i} is not a finite number`);
    }
  }
  if (!valueReader.done) badField(what, "values", `holds more than the ${distinct} values "distinct" says`);
  const countReader = new ByteReader(
    inflateField(what, "counts", encoded.counts, distinct * MAX_VARINT_BYTES),
    what,
    "counts",
  );
  for (let i = 0; i < distinct; i++) {
    const c = countReader.uint();
    if (c < 1) badField(what, "counts", `count ${i} is 0; every stored value was seen at least once`);
    counts[i] = c;
  }
  if (!countReader.done) badField(what, "counts", `holds more than the ${distinct} counts "distinct" says`);
  return { values, counts };
}
