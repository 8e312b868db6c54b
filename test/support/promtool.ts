/**
 * Runs Prometheus' own `promtool check metrics` (Debian's prometheus package) on an
 * exposition: its text parser and its linter. Tests skip it, saying so, where it is not
 * installed.
 */
import { execFileSync, spawnSync } from "node:child_process";

export const promtoolAvailable: boolean = (() => {
  try {
    execFileSync("promtool", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

if (!promtoolAvailable) {
  console.warn("skipping promtool tests: Debian's prometheus is not installed (apt-get install prometheus)");
}

/** promtool's findings on `exposition` (empty when it parses and lints clean); throws when it cannot parse it. */
export function promtoolFindings(exposition: string): string[] {
  const run = spawnSync("promtool", ["check", "metrics"], { input: exposition, encoding: "utf8" });
  const output = `${run.stdout}${run.stderr}`.trim();
  if (run.status !== 0 && /error while linting|parse/i.test(output)) throw new Error(output);
  return output === "" ? [] : output.split("\n");
}
