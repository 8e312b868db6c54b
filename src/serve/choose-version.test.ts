import { describe, expect, it } from "vitest";
import { chooseVersion } from "./choose-version.js";
import type { ServedModel } from "./model-store.js";
import type { Rollout } from "./rollout.js";

const modelWith = (rollout: Rollout) => ({ name: "churn", rollout, versions: new Map() }) as ServedModel;

describe("chooseVersion routes by the model's rollout", () => {
  it("sticky by a field of the first row: the same value always gets the same version", () => {
    const model = modelWith({
      stable: "1.0.0",
      candidate: "1.1.0",
      strategy: "ab",
      weight: 50,
      stickyKey: "field:user",
    });
    const seen = new Set<string>();
    for (let user = 0; user < 40; user++) {
      const request = { headers: {}, field: (name: string) => (name === "user" ? user : undefined) };
      const versions = new Set(Array.from({ length: 10 }, () => chooseVersion(model, request).version));
      expect(versions.size).toBe(1);
      seen.add([...versions][0]);
    }
    expect(seen).toEqual(new Set(["1.0.0", "1.1.0"]));
  });

  it("shadow: stable answers and the candidate is named for the copy", () => {
    const model = modelWith({ stable: "1.0.0", candidate: "1.1.0", strategy: "shadow", weight: 0 });
    expect(chooseVersion(model, { headers: {}, field: () => undefined })).toEqual({
      version: "1.0.0",
      arm: "stable",
      shadow: "1.1.0",
    });
  });
});
