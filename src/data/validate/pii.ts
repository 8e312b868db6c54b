/**
 * Recognizes values that look like personal data: e-mail addresses, phone
 * numbers and payment-card numbers (13–19 digits starting with 2–6 and
 * passing the Luhn check).
 * Cheap character tests run first so free text is not put through every
 * regular expression.
 */
import { RE2JS } from "re2js";

export type PiiKind = "email" | "phone" | "card_number";

// Searched anywhere in a value: a backtracking engine retries from every position, quadratic in a
// long value with an "@"; RE2 searches in linear time.
const EMAIL = RE2JS.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
const CARD_CANDIDATE = /(?:\d[ -]?){12,18}\d/g;
/**
 * Phone numbers: an international number ("+" and a country code, then 6–13
 * digits with any separators), an area code in parentheses and two groups
 * ("(415) 555-2671"), or three groups with the same separator ("415-555-2671",
 * "030 1234 5678"). A number may not follow another digit or a letter and
 * hyphen/dot, nor continue into more digits, so decimals ("52.5200066"), ids
 * ("ORD-2024-000123") and longer digit groups (a card failing Luhn) are not phones.
 */
const PHONE =
  /(?<!\d[ .-]?)(?<![A-Za-z_][.-]?)(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?(?:\d[ .-]?){5,12}\d|\(\d{2,4}\)[ .-]?\d{3,4}[ .-]\d{3,4}|\d{2,4}([ .-])\d{3,4}\1\d{3,4})(?![ .-]?\d)/;

/**
 * A byte-level pre-check: true when the bytes hold an "@" or a run of at
 * least 8 digits (spaces, dots, dashes, parentheses and "+" between them
 * allowed), the least any e-mail, phone or card number needs. Most free text
 * fails it, so it is never decoded.
 */
export function bytesMayHoldPii(buf: Uint8Array, start: number, end: number): boolean {
  let run = 0;
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (c >= 0x30 && c <= 0x39) {
      if (++run >= 8) return true;
    } else if (c === 0x40) {
      return true;
    } else if (c !== 0x20 && c !== 0x2d && c !== 0x2e && c !== 0x28 && c !== 0x29 && c !== 0x2b) {
      run = 0;
    }
  }
  return false;
}

/** The kind of personal data the text appears to contain, or undefined. */
export function detectPii(text: string): PiiKind | undefined {
  let digits = 0;
  let at = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 64) at = true;
  }
  if (at && EMAIL.test(text)) return "email";
  if (digits >= 13 && hasLuhnCardNumber(text)) return "card_number";
  if (digits >= 8 && PHONE.test(text)) return "phone";
  return undefined;
}

function hasLuhnCardNumber(text: string): boolean {
  for (const match of text.matchAll(CARD_CANDIDATE)) {
    const digits = match[0].replace(/[ -]/g, "");
    // Payment cards start with 2–6 (Mastercard, Amex/Diners/JCB, Visa, Mastercard, Discover/UnionPay):
    // 13-digit millisecond timestamps and other ids starting with 1 are not cards, Luhn or not.
    if (
      digits.length >= 13 &&
      digits.length <= 19 &&
      digits[0] >= "2" &&
      digits[0] <= "6" &&
      luhnValid(digits)
    )
      return true;
  }
  return false;
}

/** Luhn mod-10 check used by payment-card numbers. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}
