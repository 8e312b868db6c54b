import { readdirSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ONNXRUNTIME_VERSION, PINNED_INTEGRITY, RUNTIME_PACKAGES } from "./pinned-runtime.js";

const root = join(import.meta.dirname, "..", "..", "..");

interface LockEntry {
  version: string;
  integrity: string;
  dependencies?: Record<string, string>;
}

function lockEntry(name: string): LockEntry {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));
  return lock.packages[`node_modules/${name}`];
}

describe("the pinned runtime", () => {
  it("is the onnxruntime-node version package-lock.json installs", () => {
    expect(ONNXRUNTIME_VERSION).toBe(lockEntry("onnxruntime-node").version);
  });

  it("pins each runtime tarball to its package-lock.json integrity", () => {
    for (const name of RUNTIME_PACKAGES) {
      const entry = lockEntry(name);
      expect(entry.version, name).toBe(ONNXRUNTIME_VERSION);
      expect(PINNED_INTEGRITY[`${name}@${ONNXRUNTIME_VERSION}`], name).toBe(entry.integrity);
    }
  });

  it("lists every package onnxruntime-node's dist/ requires (its other dependencies serve the install script only)", () => {
    const dist = join(root, "node_modules", "onnxruntime-node", "dist");
    const required = new Set<string>();
    for (const file of readdirSync(dist).filter((f) => f.endsWith(".js"))) {
      const source = readFileSync(join(dist, file), "utf8");
      for (const match of source.matchAll(/require\((["'`])([^"'`]+)\1\)/g)) required.add(match[2]);
    }
    const packages = [...required].filter(
      (id) => !id.startsWith(".") && !builtinModules.includes(id.replace(/^node:/, "")),
    );
    expect(packages.sort()).toEqual(RUNTIME_PACKAGES.filter((n) => n !== "onnxruntime-node").sort());
    expect(Object.keys(lockEntry("onnxruntime-common").dependencies ?? {})).toEqual([]);
    expect(lockEntry("onnxruntime-node").dependencies?.["onnxruntime-common"]).toBe(ONNXRUNTIME_VERSION);
  });
});
