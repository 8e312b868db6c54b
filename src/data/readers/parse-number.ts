/**
 * Decimal parsing straight from bytes. Plain decimals whose digits fit in 2^53
 * and whose scale is at most 10^22 are computed as `mantissa / 10^scale` —
 * both operands exact, so the one rounding matches `Number()` (Clinger's fast
 * path). Anything else (long mantissas, large exponents, hex, "Infinity") falls
 * back to `Number()` on the text.
 */

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT = 2 ** 53;
const SLOW = Number.NaN;

/** Parses bytes [start, end) as a decimal number; NaN when they are not one. Surrounding spaces are allowed. */
export function parseNumberBytes(buf: Uint8Array, start: number, end: number): number {
  while (start < end && buf[start] === 0x20) start++;
  while (end > start && buf[end - 1] === 0x20) end--;
  if (start === end) return Number.NaN;
  const fast = parseSimpleDecimal(buf, start, end);
  if (!Number.isNaN(fast)) return fast;
  return parseNumberText(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString("latin1"));
}

// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the per-byte decimal parser (Clinger's fast path) run on every numeric cell; sign, digits, point and exponent in one loop without calls
function parseSimpleDecimal(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  const first = buf[i];
  if (first === 0x2d || first === 0x2b) {
    negative = first === 0x2d;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  for (; i < end; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) break;
    mantissa = mantissa * 10 + d;
    digits++;
  }
  if (i < end && buf[i] === 0x2e) {
    i++;
    for (; i < end; i++) {
      const d = buf[i] - 0x30;
      if (d < 0 || d > 9) break;
      mantissa = mantissa * 10 + d;
      digits++;
      scale++;
    }
  }
  if (digits === 0) return SLOW;
  let exponent = 0;
  if (i < end && (buf[i] === 0x65 || buf[i] === 0x45)) {
    i++;
    let expNegative = false;
    if (buf[i] === 0x2d || buf[i] === 0x2b) {
      expNegative = buf[i] === 0x2d;
      i++;
    }
    let expDigits = 0;
    for (; i < end; i++) {
      const d = buf[i] - 0x30;
      if (d < 0 || d > 9) break;
      exponent = exponent * 10 + d;
      expDigits++;
      if (exponent > 400) return SLOW;
    }
    if (expDigits === 0) return SLOW;
    if (expNegative) exponent = -exponent;
  }
  if (i !== end || mantissa >= MAX_EXACT) return SLOW;
  const power = exponent - scale;
  let value: number;
  if (power === 0) value = mantissa;
  else if (power < 0 && power >= -22) value = mantissa / POW10[-power];
  else if (power > 0 && power <= 22 && mantissa * POW10[power] < MAX_EXACT) value = mantissa * POW10[power];
  else return SLOW;
  return negative ? -value : value;
}

// One way to split any text: `\d+\.?\d*` could split a run of digits anywhere, and a long run
// followed by a letter then took quadratic time to refuse.
const NUMBER_TEXT =
  /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:Infinity|inf|Inf|INF)$|^(?:NaN|nan)$/;

/**
 * Parses text as a decimal number the way data files write them: no hex, no
 * binary, no empty string. "NaN", "Infinity", "inf" give NaN and ±Infinity so
 * validation can name them; anything else that is not a number gives NaN.
 */
export function parseNumberText(text: string): number {
  const trimmed = text.trim();
  if (!NUMBER_TEXT.test(trimmed)) return Number.NaN;
  const lower = trimmed.toLowerCase();
  if (lower.endsWith("inf") || lower.endsWith("infinity"))
    return lower.startsWith("-") ? -Infinity : Infinity;
  return Number(trimmed);
}

/** True for the texts that spell a non-finite number ("NaN", "Infinity", "-inf", …). */
export function isNonFiniteSpelling(text: string): boolean {
  return /^[+-]?(?:infinity|inf)$|^nan$/i.test(text.trim());
}
