import { describe, expect, it } from "vitest";
import { Random } from "../lib/random.js";
import { parameterImportance } from "./importance.js";
import type { Params } from "./search-space.js";

describe("parameterImportance", () => {
  it("gives nearly all the importance to the parameter the objective depends on", () => {
    const random = new Random(3);
    const trials = Array.from({ length: 60 }, () => {
      const lr = random.uniform();
      const depth = random.integer(2, 10);
      const booster = random.choice(["gbtree", "dart"]);
      return { params: { lr, depth, booster }, value: -((lr - 0.3) ** 2) + random.normal(0, 0.001) };
    });
    const importance = parameterImportance(trials);
    expect(importance[0].param).toBe("lr");
    expect(importance[0].importance).toBeGreaterThan(0.8);
    expect(importance.reduce((a, b) => a + b.importance, 0)).toBeCloseTo(1, 12);
  });

  it("groups a conditional parameter's absence, and says nothing with fewer than 4 trials", () => {
    const trials: { params: Params; value: number }[] = [
      { params: { booster: "dart", rate: 0.1 }, value: 1 },
      { params: { booster: "dart", rate: 0.2 }, value: 1.1 },
      { params: { booster: "gbtree" }, value: 0 },
      { params: { booster: "gbtree" }, value: 0.1 },
    ];
    const importance = parameterImportance(trials);
    expect(importance.map((i) => i.param).sort()).toEqual(["booster", "rate"]);
    expect(parameterImportance(trials.slice(0, 3))).toEqual([]);
  });
});
