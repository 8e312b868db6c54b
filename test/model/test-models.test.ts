import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { useTempDir } from "../data/temp-dir.js";
import { checkWithOnnx, onnxCheckerAvailable } from "../support/onnx-checker.js";
import { FIXTURE_MODELS, type FixtureModel, fixtureBytes, fixturePath } from "./model-fixtures.js";

const tmp = useTempDir("test-models");
const generator = fileURLToPath(new URL("../../scripts/models/make-test-models.mjs", import.meta.url));

/** onnx 1.12's full check cannot infer a ZipMap's sequence-of-maps type ("type case unsupported"): basic check only. */
const WITHOUT_ZIPMAP = FIXTURE_MODELS.filter((name) => !name.includes("zipmap"));

function checkModel(name: FixtureModel): void {
  const check = "import onnx,sys; onnx.checker.check_model(onnx.load(sys.argv[1]))";
  execFileSync("/usr/bin/python3", ["-c", check, fixturePath(name)], { stdio: ["ignore", "ignore", "pipe"] });
}

describe("the test models (scripts/models/make-test-models.mjs)", () => {
  it("are what the generator writes, byte for byte", () => {
    execFileSync(process.execPath, [generator, "--out", tmp.path("models")], { stdio: "ignore" });
    for (const name of FIXTURE_MODELS) {
      const written = new Uint8Array(readFileSync(tmp.path(`models/${name}`)));
      expect(written, name).toEqual(new Uint8Array(fixtureBytes(name)));
    }
  });

  it.skipIf(!onnxCheckerAvailable).each(FIXTURE_MODELS)("%s passes onnx.checker (python3-onnx)", (name) => {
    expect(() => checkModel(name)).not.toThrow();
  });

  it.skipIf(!onnxCheckerAvailable).each(WITHOUT_ZIPMAP)(
    "%s passes onnx.checker's full check with shape inference (python3-onnx)",
    (name) => {
      expect(() => checkWithOnnx(fixtureBytes(name))).not.toThrow();
    },
  );
});
