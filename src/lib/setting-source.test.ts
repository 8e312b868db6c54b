import { describe, expect, it } from "vitest";
import { checkSetting, numberSetting } from "./setting-source.js";

const explicit = { kind: "explicit" } as const;

describe("numberSetting", () => {
  it("refuses a whole number beyond 2^53 − 1, naming the bound, where no maximum is set", () => {
    const seed = numberSetting({ min: 0, integer: true });
    expect(() => checkSetting(seed, "seed", "1e20", explicit)).toThrow(
      'expected a whole number from 0 to 9007199254740991, got "1e20"',
    );
    expect(() => checkSetting(seed, "seed", 2 ** 53, explicit)).toThrow(/from 0 to 9007199254740991/);
    expect(checkSetting(seed, "seed", String(Number.MAX_SAFE_INTEGER), explicit)).toBe(
      Number.MAX_SAFE_INTEGER,
    );
  });

  it("keeps the range it was given in the message of a value that is merely out of it", () => {
    const seed = numberSetting({ min: 0, integer: true });
    expect(() => checkSetting(seed, "seed", "-1", explicit)).toThrow('expected a whole number ≥ 0, got "-1"');
    expect(() => checkSetting(seed, "seed", "1.5", explicit)).toThrow(
      'expected a whole number ≥ 0, got "1.5"',
    );
  });

  it("takes large numbers that need not be whole", () => {
    expect(checkSetting(numberSetting({ min: 0 }), "size", "1e20", explicit)).toBe(1e20);
  });
});
