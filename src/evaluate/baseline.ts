/**
 * The baseline of an evaluation: a model file, or a registry ref (by default
 * `<model.name>@production`) resolved and downloaded, checksums verified. No
 * baseline is a normal state (a first model, a new name): the reason is kept
 * so rules against the baseline say why they were skipped.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { MlshipError } from "../lib/errors.js";
import { parseRef } from "../registry/refs.js";
import type { Registry } from "../registry/registry.js";

export type BaselineChoice =
  | { kind: "model"; file: string; name: string; version?: string; cleanup?: () => Promise<void> }
  | { kind: "none"; reason: string };

/** `spec`: a file (relative to `cwd`) or a registry ref; the report names a file as it was written. */
export async function chooseBaseline(
  spec: string | undefined,
  openRegistry: () => Registry,
  cwd = process.cwd(),
): Promise<BaselineChoice> {
  if (spec === undefined)
    return { kind: "none", reason: "no baseline was given (and mlship.yml names no model)" };
  const file = resolve(cwd, spec);
  if (existsSync(file)) return { kind: "model", file, name: spec };
  if (!spec.includes("@") && /\.onnx$/i.test(spec)) {
    throw new MlshipError("file_not_found", `${spec} does not exist`, { setting: "baseline" });
  }
  const ref = parseRef(spec);
  const registry = openRegistry();
  const resolved = await registry.resolve(spec);
  if (!resolved) {
    const what =
      ref.kind === "environment"
        ? `nothing of ${ref.name} is deployed to ${ref.environment}`
        : `${spec} names no version`;
    return { kind: "none", reason: `${what} in ${registry.describe} (a first model has no baseline)` };
  }
  // The download goes into a folder of its own (registry.download checks every name it writes there).
  const dir = await mkdtemp(join(tmpdir(), "mlship-baseline-"));
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    const files = await registry.download(resolved.name, resolved.version, join(dir, "files"));
    return {
      kind: "model",
      file: files["model.onnx"],
      name: resolved.tag,
      version: resolved.version,
      cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
