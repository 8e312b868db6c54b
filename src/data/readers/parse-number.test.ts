import { describe, expect, it } from "vitest";
import { parseNumberText } from "./parse-number.js";

describe("parseNumberText", () => {
  it("reads decimal numbers, exponents and the spellings of non-finite numbers", () => {
    expect(parseNumberText(" 12.5 ")).toBe(12.5);
    expect(parseNumberText("1.")).toBe(1);
    expect(parseNumberText(".5e-1")).toBe(0.05);
    expect(parseNumberText("-inf")).toBe(Number.NEGATIVE_INFINITY);
    expect(parseNumberText("0x10")).toBeNaN();
  });

  it("refuses a million digits followed by a letter without backtracking over every split of them", () => {
    expect(parseNumberText(`${"1".repeat(1_000_000)}x`)).toBeNaN();
    expect(parseNumberText(`${"1".repeat(1_000_000)}.5e+x`)).toBeNaN();
  });
});
