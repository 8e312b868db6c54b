import { describe, expect, it } from "vitest";
import { MlshipError } from "../lib/errors.js";
import { activeParameters, parameterOrder, parseSearchSpace } from "./search-space.js";

function errorOf(value: unknown): MlshipError {
  try {
    parseSearchSpace(value);
  } catch (error) {
    if (error instanceof MlshipError) return error;
    throw error;
  }
  throw new Error("expected parseSearchSpace to throw");
}

describe("parseSearchSpace", () => {
  it("accepts every parameter type and fills int defaults", () => {
    const space = parseSearchSpace({
      x: { type: "uniform", low: 0, high: 1 },
      lr: { type: "loguniform", low: 1e-4, high: 1 },
      depth: { type: "int", low: 2, high: 8 },
      kind: { type: "choice", values: ["a", "b"] },
    });
    expect(space.depth).toEqual({ type: "int", low: 2, high: 8, step: 1, log: false });
  });

  it.each([
    [{ x: { type: "uniform", low: 1, high: 1 } }, "train.search.space.x.low", "must be less than high"],
    [{ lr: { type: "loguniform", low: 0, high: 1 } }, "train.search.space.lr.low", "low > 0"],
    [{ n: { type: "int", low: 0, high: 10, step: 3 } }, "train.search.space.n.high", "use high: 9"],
    [{ n: { type: "int", low: 0, high: 10, log: true } }, "train.search.space.n.low", "low >= 1"],
    [{ n: { type: "int", low: 1.5, high: 10 } }, "train.search.space.n.low", ""],
    [{ k: { type: "choice", values: ["a", "a"] } }, "train.search.space.k.values[1]", "duplicate"],
    [{ k: { type: "normal", low: 0, high: 1 } }, "train.search.space.k.type", ""],
    [{ "1x": { type: "choice", values: [1] } }, 'train.search.space["1x"]', "parameter name"],
  ])("rejects %j at %s", (value, path, message) => {
    const error = errorOf(value);
    expect(error.exitCode).toBe(2);
    expect(error.location.path).toBe(path);
    expect(error.message).toContain(message);
  });

  it("rejects an empty space", () => {
    expect(errorOf({}).message).toContain("no parameters");
  });

  it("names a condition on an unknown parameter and suggests the close one", () => {
    const error = errorOf({
      booster: { type: "choice", values: ["tree", "linear"] },
      depth: { type: "int", low: 1, high: 5, when: { boostr: "tree" } },
    });
    expect(error.location.path).toBe("train.search.space.depth.when.boostr");
    expect(error.message).toContain("did you mean 'booster'");
  });

  it("rejects conditions on non-choice parameters, on values not offered, and cycles", () => {
    expect(
      errorOf({
        x: { type: "uniform", low: 0, high: 1 },
        y: { type: "choice", values: [1], when: { x: 0.5 } },
      }).message,
    ).toContain("only test a choice parameter");
    const missing = errorOf({
      k: { type: "choice", values: ["a", "b"] },
      y: { type: "uniform", low: 0, high: 1, when: { k: ["a", "c"] } },
    });
    expect(missing.location.path).toBe("train.search.space.y.when.k[1]");
    const cycle = errorOf({
      a: { type: "choice", values: [1, 2], when: { b: 1 } },
      b: { type: "choice", values: [1, 2], when: { a: 1 } },
    });
    expect(cycle.message).toContain("cycle");
  });
});

describe("activeParameters", () => {
  const space = parseSearchSpace({
    depth: { type: "int", low: 1, high: 5, when: { booster: "tree" } },
    booster: { type: "choice", values: ["tree", "linear"] },
    leaves: { type: "int", low: 2, high: 64, when: { growth: "leafwise" } },
    growth: { type: "choice", values: ["depthwise", "leafwise"], when: { booster: "tree" } },
    alpha: { type: "loguniform", low: 1e-6, high: 1, when: { booster: ["linear"] } },
  });

  it("orders parents before the parameters that depend on them", () => {
    expect(parameterOrder(space)).toEqual(["booster", "depth", "growth", "leaves", "alpha"]);
  });

  it("follows chained conditions", () => {
    expect(activeParameters(space, { booster: "tree", growth: "leafwise" })).toEqual([
      "booster",
      "depth",
      "growth",
      "leaves",
    ]);
    expect(activeParameters(space, { booster: "linear", growth: "leafwise" })).toEqual(["booster", "alpha"]);
  });
});
