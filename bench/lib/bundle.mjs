// Bundles a TypeScript benchmark entry with ncc into bench/.build/<name>/index.js.
import { spawnSync } from "node:child_process";
import { join, relative } from "node:path";

/**
 * --transpile-only: other work in progress elsewhere in src/ must not stop a benchmark;
 * onnxruntime-node stays external (its native binding is loaded from node_modules).
 * @param {string} root the repository
 * @param {string} entry the entry, relative to root (e.g. bench/train-entry.ts)
 * @param {string} outDir where index.js goes
 */
export function bundleEntry(root, entry, outDir) {
  const result = spawnSync(
    join(root, "node_modules", ".bin", "ncc"),
    ["build", entry, "-o", relative(root, outDir), "--quiet", "-t", "-e", "onnxruntime-node"],
    { cwd: root, stdio: ["ignore", "inherit", "inherit"] },
  );
  if (result.status !== 0) throw new Error(`ncc build of ${entry} failed (exit ${result.status})`);
  return join(outDir, "index.js");
}
