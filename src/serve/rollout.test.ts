import { describe, expect, it } from "vitest";
import { MlshipError } from "../lib/errors.js";
import { Random } from "../lib/random.js";
import {
  checkRollout,
  describeRollout,
  parseRollout,
  type Rollout,
  type RolloutProblem,
  routeRequest,
  stickyValueOf,
} from "./rollout.js";

const churn = { model: "churn", versions: ["1.0.0", "1.1.0", "2.0.0"] };
const canary30 = { stable: "1.0.0", candidate: "1.1.0", strategy: "canary", weight: 30 };

function problemsOf(body: unknown): RolloutProblem[] {
  const checked = checkRollout(body, churn);
  if (checked.ok) throw new Error(`accepted ${JSON.stringify(body)}`);
  return checked.problems;
}

const neverRandom = () => {
  throw new Error("a sticky or fixed route must not draw a random number");
};

describe("checking a rollout body", () => {
  it("accepts a canary and returns it without null fields", () => {
    expect(parseRollout({ ...canary30, stickyKey: null }, churn)).toEqual({
      stable: "1.0.0",
      candidate: "1.1.0",
      strategy: "canary",
      weight: 30,
    });
  });

  it("accepts every strategy with the weights it allows", () => {
    for (const [strategy, weight] of [
      ["canary", 0],
      ["canary", 12.5],
      ["ab", 50],
      ["shadow", 0],
      ["bluegreen", 0],
      ["bluegreen", 100],
    ] as const) {
      expect(checkRollout({ ...canary30, strategy, weight }, churn).ok, `${strategy} ${weight}`).toBe(true);
    }
  });

  it("names weight when it is outside 0..100, on either side", () => {
    for (const weight of [-1, 100.5, 150]) {
      expect(problemsOf({ ...canary30, weight })).toEqual([
        expect.objectContaining({
          field: "weight",
          message: expect.stringMatching(new RegExp(`from 0 to 100 .*, got ${weight}$`)),
        }),
      ]);
    }
  });

  it("names weight when it is not a number or is missing", () => {
    for (const weight of ["30", null, true, [30], undefined]) {
      expect(problemsOf({ ...canary30, weight })).toEqual([
        expect.objectContaining({ field: "weight", message: expect.stringMatching(/expected a number/) }),
      ]);
    }
  });

  it("names weight when a bluegreen weight is neither 0 nor 100", () => {
    expect(problemsOf({ ...canary30, strategy: "bluegreen", weight: 50 })).toEqual([
      expect.objectContaining({
        field: "weight",
        message: expect.stringContaining("0 (stable answers) or 100"),
      }),
    ]);
  });

  it("names strategy and lists the strategies when it is not one of them", () => {
    for (const strategy of ["linear", "Canary", "", 3, undefined]) {
      expect(problemsOf({ ...canary30, strategy })).toEqual([
        expect.objectContaining({
          field: "strategy",
          message: expect.stringContaining("canary, ab, shadow, bluegreen"),
        }),
      ]);
    }
  });

  it("lists the last ten of many known versions", () => {
    const versions = Array.from({ length: 12 }, (_, i) => `1.${i}.0`);
    const checked = checkRollout(
      { ...canary30, stable: "1.0.1", candidate: "1.11.0" },
      { model: "churn", versions },
    );
    expect(checked.ok || checked.problems[0].message).toBe(
      'unknown version "1.0.1" of model "churn" (known: … (12 in all), 1.2.0, 1.3.0, 1.4.0, 1.5.0, 1.6.0, 1.7.0, 1.8.0, 1.9.0, 1.10.0, 1.11.0)',
    );
  });

  it("names every unknown version, with the versions the model has", () => {
    const problems = problemsOf({ ...canary30, stable: "9.9.9", candidate: "3.0.0" });
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ["stable", "unknown_version"],
      ["candidate", "unknown_version"],
    ]);
    expect(problems[0].message).toBe('unknown version "9.9.9" of model "churn" (known: 1.0.0, 1.1.0, 2.0.0)');
  });

  it("says a model with no versions has none", () => {
    const checked = checkRollout(canary30, { model: "churn", versions: [] });
    expect(checked.ok || checked.problems[0].message).toContain("it has no versions");
  });

  it("reads a version written with a leading v as the version", () => {
    expect(parseRollout({ ...canary30, candidate: "v1.1.0" }, churn).candidate).toBe("1.1.0");
  });

  it("refuses a candidate equal to stable, also when written with a leading v", () => {
    for (const candidate of ["1.0.0", "v1.0.0"]) {
      expect(problemsOf({ ...canary30, candidate })).toEqual([
        expect.objectContaining({
          field: "candidate",
          message: 'must differ from stable (both are "1.0.0")',
        }),
      ]);
    }
  });

  it("asks for a candidate when the strategy sends it requests or copies", () => {
    for (const body of [
      { stable: "1.0.0", strategy: "canary", weight: 10 },
      { stable: "1.0.0", strategy: "ab", weight: 50 },
      { stable: "1.0.0", strategy: "bluegreen", weight: 100 },
      { stable: "1.0.0", strategy: "shadow", weight: 0 },
      { stable: "1.0.0", candidate: null, strategy: "shadow", weight: 0 },
    ]) {
      expect(problemsOf(body), JSON.stringify(body)).toEqual([
        expect.objectContaining({
          field: "candidate",
          message: expect.stringMatching(/^required with strategy/),
        }),
      ]);
    }
  });

  it("accepts stable alone at weight 0", () => {
    expect(parseRollout({ stable: "2.0.0", strategy: "canary", weight: 0 }, churn)).toEqual({
      stable: "2.0.0",
      strategy: "canary",
      weight: 0,
    });
  });

  it("refuses a sticky key that says neither header: nor field:, and a header name that is not a token", () => {
    for (const stickyKey of ["user_id", "cookie:sid", "header:", "header:x user", "field:", ""]) {
      expect(problemsOf({ ...canary30, stickyKey }), stickyKey).toEqual([
        expect.objectContaining({ field: "stickyKey" }),
      ]);
    }
  });

  it("keeps a field sticky key as written and lower-cases a header's name", () => {
    expect(parseRollout({ ...canary30, stickyKey: "header:X-User-Id" }, churn).stickyKey).toBe(
      "header:x-user-id",
    );
    expect(parseRollout({ ...canary30, stickyKey: "field:Customer ID" }, churn).stickyKey).toBe(
      "field:Customer ID",
    );
  });

  it("names an unknown field and suggests the one meant", () => {
    const problems = problemsOf({ stable: "1.0.0", candidate: "1.1.0", strategy: "canary", wieght: 30 });
    expect(problems).toContainEqual(
      expect.objectContaining({ field: "wieght", message: 'unknown key "wieght" (did you mean "weight"?)' }),
    );
  });

  it("refuses a body that is not an object", () => {
    for (const body of [null, [], "canary", 30]) expect(problemsOf(body)).toHaveLength(1);
  });

  it("throws one exit-2 error listing every problem by field", () => {
    const error = (() => {
      try {
        parseRollout({ stable: "9.9.9", candidate: "1.1.0", strategy: "bluegreen", weight: 50 }, churn);
      } catch (caught) {
        return caught;
      }
    })() as MlshipError;
    expect(error).toBeInstanceOf(MlshipError);
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe("bad_rollout");
    expect(error.message).toMatch(/^weight: expected 0 \(stable answers\) or 100/);
  });

  it("throws unknown_version when only versions are wrong", () => {
    expect(() => parseRollout({ ...canary30, candidate: "1.2.0" }, churn)).toThrow(
      expect.objectContaining({
        code: "unknown_version",
        message: expect.stringMatching(/^candidate: unknown version/),
      }),
    );
  });
});

describe("describing a rollout for the log", () => {
  it("says who answers what share, and the sticky key", () => {
    const rollout = parseRollout({ ...canary30, stickyKey: "header:x-user-id" }, churn);
    expect(describeRollout(rollout)).toBe(
      "canary: 1.1.0 (candidate) answers 30% of requests, 1.0.0 (stable) the rest; sticky by header x-user-id",
    );
  });

  it("says which version answers a blue-green switch and which stays loaded", () => {
    const rollout: Rollout = { stable: "1.0.0", candidate: "1.1.0", strategy: "bluegreen", weight: 100 };
    expect(describeRollout(rollout)).toBe(
      "bluegreen: 1.1.0 (candidate) answers every request, 1.0.0 (stable) stays loaded",
    );
  });

  it("says the shadow candidate gets copies", () => {
    const rollout: Rollout = { stable: "1.0.0", candidate: "1.1.0", strategy: "shadow", weight: 0 };
    expect(describeRollout(rollout)).toContain("1.1.0 (candidate) gets a copy of each");
  });
});

function candidateShare(rollout: Rollout, requests: number, stickyValue: (i: number) => string | undefined) {
  const random = new Random(11);
  let candidate = 0;
  for (let i = 0; i < requests; i++) {
    const route = routeRequest(rollout, stickyValue(i), () => random.uniform());
    if (route.arm === "candidate") {
      expect(route.answer).toBe(rollout.candidate);
      candidate++;
    } else expect(route.answer).toBe(rollout.stable);
  }
  return (candidate / requests) * 100;
}

describe("routing requests", () => {
  const canary = parseRollout(canary30, churn);

  it("sends 30% ± 4 of 2,000 canary requests without a sticky value to the candidate", () => {
    expect(Math.abs(candidateShare(canary, 2000, () => undefined) - 30)).toBeLessThanOrEqual(4);
  });

  it("splits 2,000 users of an ab test near its weight by their sticky value", () => {
    const ab = parseRollout({ ...canary30, strategy: "ab", weight: 40 }, churn);
    expect(Math.abs(candidateShare(ab, 2000, (i) => `user-${i}`) - 40)).toBeLessThanOrEqual(4);
  });

  it("never moves a sticky value to the other arm, over many requests", () => {
    const random = new Random(3);
    for (let user = 0; user < 300; user++) {
      const first = routeRequest(canary, `user-${user}`, neverRandom).arm;
      for (let repeat = 0; repeat < 5; repeat++) {
        expect(routeRequest(canary, `user-${user}`, () => random.uniform()).arm).toBe(first);
      }
    }
  });

  it("only moves users from stable to the candidate as the canary weight rises", () => {
    const steps = [0, 10, 25, 50, 100].map((weight) => ({ ...canary, weight }));
    for (let user = 0; user < 500; user++) {
      const arms = steps.map((rollout) => routeRequest(rollout, `user-${user}`, neverRandom).arm);
      const firstCandidate = arms.indexOf("candidate");
      expect(firstCandidate, `user-${user}: ${arms.join(",")}`).toBeGreaterThan(0);
      expect(
        arms.slice(firstCandidate).every((arm) => arm === "candidate"),
        `user-${user}: ${arms.join(",")}`,
      ).toBe(true);
    }
  });

  it("gives a canary at weight 0 only stable and at 100 only the candidate", () => {
    expect(candidateShare({ ...canary, weight: 0 }, 500, () => undefined)).toBe(0);
    expect(candidateShare({ ...canary, weight: 100 }, 500, () => undefined)).toBe(100);
    expect(candidateShare({ ...canary, weight: 0 }, 500, (i) => `user-${i}`)).toBe(0);
    expect(candidateShare({ ...canary, weight: 100 }, 500, (i) => `user-${i}`)).toBe(100);
  });

  it("sends every blue-green request to stable at weight 0 and to the candidate at 100, drawing nothing", () => {
    const blue: Rollout = { stable: "1.0.0", candidate: "1.1.0", strategy: "bluegreen", weight: 0 };
    for (let i = 0; i < 200; i++) {
      expect(routeRequest(blue, `user-${i}`, neverRandom)).toEqual({ answer: "1.0.0", arm: "stable" });
      expect(routeRequest({ ...blue, weight: 100 }, undefined, neverRandom)).toEqual({
        answer: "1.1.0",
        arm: "candidate",
      });
    }
  });

  it("lets stable answer every shadow request and copies each to the candidate", () => {
    const shadow: Rollout = { stable: "1.0.0", candidate: "1.1.0", strategy: "shadow", weight: 100 };
    for (let i = 0; i < 200; i++) {
      const sticky = i % 2 === 0 ? `user-${i}` : undefined;
      expect(routeRequest(shadow, sticky, neverRandom)).toEqual({
        answer: "1.0.0",
        arm: "stable",
        shadow: "1.1.0",
      });
    }
  });

  it("sends everything to stable when there is no candidate", () => {
    const alone: Rollout = { stable: "2.0.0", strategy: "ab", weight: 0 };
    expect(routeRequest(alone, "user-1", neverRandom)).toEqual({ answer: "2.0.0", arm: "stable" });
  });
});

describe("reading a request's sticky value", () => {
  it("reads a header in any case of its name, and the first of a repeated header", () => {
    expect(stickyValueOf("header:x-user-id", { headers: { "x-user-id": "u1" } })).toBe("u1");
    expect(stickyValueOf("header:x-user-id", { headers: { "x-user-id": ["u2", "u3"] } })).toBe("u2");
  });

  it("reads a field of the first row, numbers and booleans as text", () => {
    expect(stickyValueOf("field:customer_id", { headers: {}, fields: { customer_id: "c-9" } })).toBe("c-9");
    expect(stickyValueOf("field:customer_id", { headers: {}, fields: { customer_id: 42 } })).toBe("42");
    expect(stickyValueOf("field:vip", { headers: {}, fields: { vip: false } })).toBe("false");
  });

  it("finds no value when the key is unset, missing, empty, or not a single value", () => {
    expect(stickyValueOf(undefined, { headers: { "x-user-id": "u1" } })).toBeUndefined();
    expect(stickyValueOf("header:x-user-id", { headers: {} })).toBeUndefined();
    expect(stickyValueOf("header:x-user-id", { headers: { "x-user-id": "" } })).toBeUndefined();
    for (const value of [null, { id: 1 }, [1, 2], Number.NaN]) {
      expect(
        stickyValueOf("field:customer_id", { headers: {}, fields: { customer_id: value } }),
      ).toBeUndefined();
    }
    expect(stickyValueOf("field:toString", { headers: {}, fields: {} })).toBeUndefined();
  });

  it("does not read a header for a field key, nor a field for a header key", () => {
    const request = { headers: { customer_id: "h" }, fields: { "x-user-id": "f" } };
    expect(stickyValueOf("field:customer_id", request)).toBeUndefined();
    expect(stickyValueOf("header:x-user-id", request)).toBeUndefined();
  });
});
