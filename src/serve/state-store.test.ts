import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MlshipError } from "../lib/errors.js";
import type { Rollout } from "./rollout.js";
import { type ModelState, StateStore, stateFile } from "./state-store.js";

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-state-"));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const canary = (weight: number): ModelState => ({
  rollout: { stable: "1.0.0", candidate: "1.1.0", strategy: "canary", weight, stickyKey: "header:x-user-id" },
  versions: ["1.0.0", "1.1.0"],
});

async function openError(stateDir: string): Promise<MlshipError> {
  const error = await StateStore.open(stateDir).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MlshipError);
  return error as MlshipError;
}

function fileWith(models: unknown): string {
  return JSON.stringify({ schemaVersion: 1, models });
}

describe("the server's state under --state", () => {
  it("starts empty when the folder does not exist yet, and makes it on the first change", async () => {
    const stateDir = join(dir, "not", "yet");
    const store = await StateStore.open(stateDir);
    expect(store.state).toEqual({ schemaVersion: 1, models: {} });
    await store.setModel("churn", canary(10));
    expect(JSON.parse(await readFile(stateFile(stateDir), "utf8"))).toEqual({
      schemaVersion: 1,
      models: { churn: canary(10) },
    });
  });

  it("gives a restarted server back every model's rollout and versions", async () => {
    const first = await StateStore.open(dir);
    await first.setModel("churn", canary(25));
    const blue: Rollout = { stable: "2.0.0", candidate: "2.1.0", strategy: "bluegreen", weight: 100 };
    await first.setModel("iris", { rollout: blue, versions: ["2.0.0", "2.1.0", "1.0.0"] });
    await first.removeModel("churn");
    await first.setModel("churn", canary(50));

    const restarted = await StateStore.open(dir);
    expect(restarted.state).toEqual(first.state);
    expect(restarted.model("churn")).toEqual(canary(50));
    expect(restarted.model("iris")?.rollout).toEqual(blue);
    expect(restarted.model("toString")).toBeUndefined();
  });

  it("keeps a model named __proto__ as a model", async () => {
    const store = await StateStore.open(dir);
    await store.setModel("__proto__", canary(5));
    const restarted = await StateStore.open(dir);
    expect(restarted.model("__proto__")).toEqual(canary(5));
    expect(Object.keys(restarted.state.models)).toEqual(["__proto__"]);
  });

  it("leaves the last of many concurrent changes in a complete file, and answers each", async () => {
    const store = await StateStore.open(dir);
    const weights = Array.from({ length: 40 }, (_, i) => i + 1);
    const reads: string[] = [];
    const writes = weights.map((weight) => store.setModel("churn", canary(weight)));
    // Read the file while the changes are written: each read is a whole state (or no file yet).
    for (let i = 0; i < 40; i++) {
      reads.push(await readFile(stateFile(dir), "utf8").catch(() => ""));
    }
    const answers = await Promise.all(writes);

    expect(answers.map((state) => state.models.churn.rollout.weight)).toEqual(weights);
    for (const text of reads.filter((read) => read !== "")) {
      expect(JSON.parse(text).schemaVersion).toBe(1);
    }
    expect(JSON.parse(await readFile(stateFile(dir), "utf8")).models.churn).toEqual(canary(40));
    expect(store.model("churn")).toEqual(canary(40));
    expect(await readdir(dir)).toEqual(["state.json"]);
  });

  it("keeps the state as it was when a change is invalid, and still runs the changes after it", async () => {
    const store = await StateStore.open(dir);
    await store.setModel("churn", canary(10));
    const broken = { ...canary(20), versions: ["1.0.0"] };
    const refused = store.setModel("churn", broken);
    const after = store.setModel("churn", canary(30));
    await expect(refused).rejects.toThrow(/not among the loaded versions/);
    await after;
    expect((await StateStore.open(dir)).model("churn")).toEqual(canary(30));
  });

  it("hands out copies: changing one changes nothing kept", async () => {
    const store = await StateStore.open(dir);
    await store.setModel("churn", canary(10));
    const copy = store.state;
    copy.models.churn.rollout.weight = 90;
    const model = store.model("churn") as ModelState;
    model.versions.push("9.9.9");
    expect(store.model("churn")).toEqual(canary(10));
  });

  it("keeps everything in memory when no folder is given", async () => {
    const store = await StateStore.open(undefined);
    expect(store.file).toBeUndefined();
    await store.setModel("churn", canary(10));
    expect(store.model("churn")).toEqual(canary(10));
  });
});

describe("a state file the server cannot trust", () => {
  async function refusedWith(text: string) {
    await writeFile(stateFile(dir), text);
    const error = await openError(dir);
    expect(error.exitCode).toBe(2);
    expect(error.code).toBe("bad_state");
    expect(error.describe()).toContain(stateFile(dir));
    expect(await readFile(stateFile(dir), "utf8"), "the file is left as it was").toBe(text);
    return error;
  }

  it("refuses a file that is not JSON, naming the file and line", async () => {
    const error = await refusedWith('{\n  "schemaVersion": 1,\n  "models": {"churn": \n');
    expect(error.describe()).toMatch(/state\.json:\d+/);
  });

  it("refuses an empty file rather than starting empty", async () => {
    const error = await refusedWith("");
    expect(error.message).toContain("is empty");
  });

  it("refuses a rollout with a bad weight, naming the field", async () => {
    const error = await refusedWith(
      fileWith({ churn: { ...canary(10), rollout: { ...canary(10).rollout, weight: 150 } } }),
    );
    expect(error.location.path).toBe("models.churn.rollout.weight");
  });

  it("refuses a rollout naming a version that is not loaded", async () => {
    const error = await refusedWith(fileWith({ churn: { ...canary(10), versions: ["1.0.0"] } }));
    expect(error.location.path).toBe("models.churn.rollout.candidate");
    expect(error.message).toContain('"1.1.0" is not among the loaded versions');
  });

  it("refuses another format version, saying which one this mlship reads", async () => {
    const error = await refusedWith(JSON.stringify({ schemaVersion: 2, models: {} }));
    expect(error.location.path).toBe("schemaVersion");
    expect(error.message).toContain("expected 1 (the format this mlship reads), got 2");
  });

  it("refuses a file of another shape, naming the unknown key", async () => {
    const error = await refusedWith(JSON.stringify({ schemaVersion: 1, models: {}, rollouts: [] }));
    expect(error.message).toContain('unknown key "rollouts"');
  });

  it("refuses a state.json that is a folder", async () => {
    await mkdir(stateFile(dir));
    const error = await openError(dir);
    expect(error.code).toBe("bad_state");
    expect(error.describe()).toContain(stateFile(dir));
  });

  it("refuses a --state that is a file, naming it", async () => {
    const file = join(dir, "state-file");
    await writeFile(file, "{}");
    const error = await openError(file);
    expect(error.code).toBe("not_a_folder");
    expect(error.location.setting).toBe("state");
    expect(error.describe((setting) => `--${setting}`)).toBe(
      `--state: ${file} is not a folder: give a folder for the server's state`,
    );
  });
});
