/**
 * ISO 8601 dates and date-times to epoch milliseconds. Plain dates
 * (YYYY-MM-DD, the common case in data files) are computed arithmetically,
 * straight from bytes for CSV; date-times go through Date.parse. Naive times
 * read as UTC. Impossible dates (2023-02-30) are NaN.
 */

const DAY_MS = 86_400_000;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch ms of a date given as numbers, NaN when the date does not exist. */
export function dateToEpoch(year: number, month: number, day: number): number {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  return daysFromCivil(year, month, day) * DAY_MS;
}

function digit(b: number): number {
  const d = b - 0x30;
  return d >= 0 && d <= 9 ? d : Number.NaN;
}

/** YYYY-MM-DD in bytes [start, end), or NaN when the bytes are not exactly such a date. */
export function parseDateBytes(buf: Uint8Array, start: number, end: number): number {
  if (end - start !== 10 || buf[start + 4] !== 0x2d || buf[start + 7] !== 0x2d) return Number.NaN;
  const year =
    digit(buf[start]) * 1000 +
    digit(buf[start + 1]) * 100 +
    digit(buf[start + 2]) * 10 +
    digit(buf[start + 3]);
  const month = digit(buf[start + 5]) * 10 + digit(buf[start + 6]);
  const day = digit(buf[start + 8]) * 10 + digit(buf[start + 9]);
  return dateToEpoch(year, month, day);
}

/** Epoch milliseconds of an ISO 8601 date or date-time, or NaN. */
export function parseDatetime(text: string): number {
  const trimmed = text.trim();
  if (!ISO_DATETIME.test(trimmed)) return Number.NaN;
  const date = dateToEpoch(
    Number(trimmed.slice(0, 4)),
    Number(trimmed.slice(5, 7)),
    Number(trimmed.slice(8, 10)),
  );
  if (trimmed.length === 10 || Number.isNaN(date)) return date;
  const iso = HAS_ZONE.test(trimmed) ? trimmed.replace(" ", "T") : `${trimmed.replace(" ", "T")}Z`;
  return Date.parse(iso);
}
