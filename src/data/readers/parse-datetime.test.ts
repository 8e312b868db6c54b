import { describe, expect, it } from "vitest";
import { dateToEpoch, parseDateBytes, parseDatetime } from "./parse-datetime.js";

function dateBytes(text: string): number {
  const bytes = Buffer.from(`,${text},`, "latin1");
  return parseDateBytes(bytes, 1, bytes.length - 1);
}

describe("parseDatetime on plain dates", () => {
  it.each([
    "1970-01-01",
    "1969-12-31",
    "2000-02-29",
    "2024-02-29",
    "2023-02-28",
    "2024-12-31",
    "1900-03-01",
    "0001-01-01",
    "9999-12-31",
  ])("agrees with Date.parse on %s", (text) => {
    expect(parseDatetime(text)).toBe(Date.parse(text));
  });

  it("agrees with Date.parse on every day of 1999 to 2001 and 2100", () => {
    for (const year of [1999, 2000, 2001, 2100]) {
      for (let t = Date.UTC(year, 0, 1); t < Date.UTC(year + 1, 0, 1); t += 86_400_000) {
        const text = new Date(t).toISOString().slice(0, 10);
        expect(parseDatetime(text)).toBe(t);
      }
    }
  });

  it.each([
    "2023-02-29", // not a leap year
    "1900-02-29", // a century that is not a leap year
    "2023-13-01",
    "2023-00-10",
    "2023-04-31",
    "2023-01-00",
    "2023-01-32",
  ])("gives NaN for the impossible date %s", (text) => {
    expect(parseDatetime(text)).toBeNaN();
  });

  it.each(["", "2023", "2023-1-5", "20230105", "05/01/2023", "2023-01-05x", "yesterday"])(
    "gives NaN for %j, which is not an ISO 8601 date",
    (text) => {
      expect(parseDatetime(text)).toBeNaN();
    },
  );

  it("ignores surrounding spaces", () => {
    expect(parseDatetime(" 2024-03-01 ")).toBe(Date.UTC(2024, 2, 1));
  });
});

describe("parseDatetime on date-times", () => {
  it("reads a date-time without an offset as UTC", () => {
    expect(parseDatetime("2024-03-10T12:34:56")).toBe(Date.UTC(2024, 2, 10, 12, 34, 56));
    expect(parseDatetime("2024-03-10T12:34")).toBe(Date.UTC(2024, 2, 10, 12, 34));
  });

  it("reads a space between date and time as a T", () => {
    expect(parseDatetime("2024-03-10 12:34:56")).toBe(Date.UTC(2024, 2, 10, 12, 34, 56));
  });

  it("keeps fractional seconds, to the millisecond", () => {
    expect(parseDatetime("2024-03-10T12:34:56.789Z")).toBe(Date.UTC(2024, 2, 10, 12, 34, 56, 789));
    expect(parseDatetime("2024-03-10T12:34:56.789123")).toBe(Date.UTC(2024, 2, 10, 12, 34, 56, 789));
  });

  it.each([
    ["2024-03-10T12:00:00Z", Date.UTC(2024, 2, 10, 12)],
    ["2024-03-10T12:00:00+02:00", Date.UTC(2024, 2, 10, 10)],
    ["2024-03-10T12:00:00-05:30", Date.UTC(2024, 2, 10, 17, 30)],
    ["2024-03-10 12:00:00+02:00", Date.UTC(2024, 2, 10, 10)],
    ["2024-03-10T12:00:00+0200", Date.UTC(2024, 2, 10, 10)],
    ["2024-03-10T12:00+02:00", Date.UTC(2024, 2, 10, 10)],
  ])("honours the offset of %s", (text, expected) => {
    expect(parseDatetime(text)).toBe(expected);
  });

  it("agrees with Date.parse on date-times that carry an offset", () => {
    for (const text of [
      "2024-02-29T23:59:59.999Z",
      "1999-12-31T23:00:00-01:00",
      "2000-01-01T00:30:00+14:00",
    ]) {
      expect(parseDatetime(text)).toBe(Date.parse(text));
    }
  });

  it("gives NaN for a date-time on an impossible day", () => {
    expect(parseDatetime("2023-02-29T10:00:00Z")).toBeNaN();
  });

  it.each(["2024-03-10T25:00:00Z", "2024-03-10T12:60:00Z", "2024-03-10T12:00:61"])(
    "gives NaN for the impossible time %s",
    (text) => {
      expect(parseDatetime(text)).toBeNaN();
    },
  );
});

describe("parseDateBytes", () => {
  it("reads YYYY-MM-DD straight from bytes, as parseDatetime reads the text", () => {
    for (const text of ["2024-02-29", "1970-01-01", "1969-07-20", "2100-12-31"]) {
      expect(dateBytes(text)).toBe(parseDatetime(text));
    }
  });

  it.each(["2023-02-29", "2023-13-01", "2024-1-01", "2024-01-1x", "2024/01/01", "2024-01-01T00"])(
    "gives NaN for %j",
    (text) => {
      expect(dateBytes(text)).toBeNaN();
    },
  );
});

describe("dateToEpoch", () => {
  it("counts days from 1970-01-01 in the proleptic Gregorian calendar", () => {
    expect(dateToEpoch(1970, 1, 1)).toBe(0);
    expect(dateToEpoch(1970, 1, 2)).toBe(86_400_000);
    expect(dateToEpoch(1600, 2, 29)).toBe(Date.UTC(1600, 1, 29));
  });
});
