import { describe, expect, it } from "vitest";
import { bytesMayHoldPii, detectPii, luhnValid } from "./pii.js";

function mayHold(text: string): boolean {
  const bytes = Buffer.from(`xx${text}yy`, "utf8");
  return bytesMayHoldPii(bytes, 2, bytes.length - 2);
}

describe("luhnValid", () => {
  it.each([
    "4111111111111111", // Visa test number
    "5555555555554444", // Mastercard
    "378282246310005", // American Express
    "6011111111111117", // Discover
    "79927398713", // the textbook example
  ])("accepts the Luhn-valid number %s", (digits) => {
    expect(luhnValid(digits)).toBe(true);
  });

  it.each(["4111111111111112", "5555555555554445", "79927398710"])(
    "rejects %s, whose check digit is wrong",
    (digits) => {
      expect(luhnValid(digits)).toBe(false);
    },
  );

  it("rejects anything that is not all digits", () => {
    expect(luhnValid("4111-1111-1111-1111")).toBe(false);
  });
});

describe("detectPii: personal data", () => {
  it.each(["ann.lee@example.com", "write to Bob+news@mail.example.co.uk today", "j_doe99@uni-bonn.de"])(
    "finds an e-mail address in %j",
    (text) => {
      expect(detectPii(text)).toBe("email");
    },
  );

  it.each([
    "4111 1111 1111 1111",
    "4111-1111-1111-1111",
    "5555555555554444",
    "paid with 3782 822463 10005 yesterday",
  ])("finds a Luhn-valid card number in %j", (text) => {
    expect(detectPii(text)).toBe("card_number");
  });

  it("does not take a grouped 16-digit number failing the Luhn check for a card or a phone", () => {
    expect(detectPii("4111 1111 1111 1112")).toBeUndefined();
  });

  it.each([
    "415-555-2671",
    "(415) 555-2671",
    "415.555.2671",
    "+1 415 555 2671",
    "+44 20 7946 0958",
    "+14155552671",
    "call 030 1234 5678 after six",
    "+1 (415) 555-2671",
    "+49 30 12345678",
  ])("finds a phone number in %j", (text) => {
    expect(detectPii(text)).toBe("phone");
  });
});

describe("detectPii: typical values that are not personal data", () => {
  it.each([
    ["a date", "2024-01-15"],
    ["a date-time", "2024-01-15T10:30:00.123Z"],
    ["a date-time with a space", "2024-01-15 10:30:00"],
    ["a decimal", "3.14159265"],
    ["a long decimal", "12.3456789"],
    ["a coordinate", "52.5200066"],
    ["a negative coordinate", "-122.4194155"],
    ["a big decimal", "12345.678901"],
    ["an id", "C000123"],
    ["a long id", "ORD-2024-000123"],
    ["a price", "$1,299.99"],
    ["a price with cents", "1299.99"],
    ["an integer", "123456789"],
    ["a millisecond timestamp", "1700000000000"],
    ["a Luhn-valid millisecond timestamp", "1700000000004"],
    ["an IP address", "192.168.100.200"],
    ["a date with dots", "15.01.2024"],
    ["a version", "1.2.3"],
    ["free text", "the quick brown fox"],
  ])("finds nothing in %s (%j)", (_what, text) => {
    expect(detectPii(text)).toBeUndefined();
  });
});

describe("bytesMayHoldPii", () => {
  it("passes text with an @", () => {
    expect(mayHold("ann@example.com")).toBe(true);
  });

  it("passes a run of 8 digits with phone separators between them", () => {
    expect(mayHold("(415) 555-26")).toBe(true);
  });

  it("rejects short numbers and plain words", () => {
    expect(mayHold("C000123")).toBe(false);
    expect(mayHold("the quick brown fox")).toBe(false);
  });

  it("looks only between start and end", () => {
    const bytes = Buffer.from("ann@example.com plain", "utf8");
    expect(bytesMayHoldPii(bytes, 16, bytes.length)).toBe(false);
  });

  it("passes everything detectPii finds", () => {
    for (const text of ["ann.lee@example.com", "4111 1111 1111 1111", "+44 20 7946 0958", "415.555.2671"]) {
      expect(detectPii(text)).toBeDefined();
      expect(mayHold(text)).toBe(true);
    }
  });
});

describe("detectPii on long values", () => {
  it("looks for an e-mail in a 1 MB value with an @ and no domain in linear time", () => {
    expect(detectPii(`${"a".repeat(500_000)}@${"b".repeat(500_000)}`)).toBeUndefined();
    expect(detectPii(`${"a".repeat(500_000)} x@example.com`)).toBe("email");
  });
});
