/**
 * Runs Debian's python3-onnx checker (onnx 1.12, full check with strict shape
 * inference) on model bytes. Tests skip it, saying so, where it is not installed.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const PYTHON = "/usr/bin/python3";

export const onnxCheckerAvailable: boolean = (() => {
  if (!existsSync(PYTHON)) return false;
  try {
    execFileSync(PYTHON, ["-c", "import onnx"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

if (!onnxCheckerAvailable) {
  console.warn(
    "skipping onnx.checker tests: Debian's python3-onnx is not installed (apt-get install python3-onnx)",
  );
}

/** Throws with the checker's message when the model does not pass. */
export function checkWithOnnx(bytes: Uint8Array): void {
  const dir = mkdtempSync(join(tmpdir(), "mlship-onnx-check-"));
  try {
    const file = join(dir, "model.onnx");
    writeFileSync(file, bytes);
    execFileSync(
      PYTHON,
      ["-c", "import onnx,sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)", file],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
