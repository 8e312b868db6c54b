/** mlship's own CI runs the README's test command, on Node 20 and on Node 24 (what the actions declare). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "./actions/runner.js";

interface CiWorkflow {
  jobs: Record<
    string,
    { strategy?: { matrix?: { node?: number[] } }; steps: { run?: string; with?: Record<string, unknown> }[] }
  >;
}

describe(".github/workflows/ci.yml", () => {
  const ci = parse(readFileSync(join(REPO_ROOT, ".github/workflows/ci.yml"), "utf8")) as CiWorkflow;
  const job = Object.values(ci.jobs)[0];

  it("runs on Node 20 and Node 24", () => {
    expect(job.strategy?.matrix?.node).toEqual([20, 24]);
    expect(job.steps.find((s) => s.with?.["node-version"])?.with?.["node-version"]).toBe(
      ["$", "{{ matrix.node }}"].join(""),
    );
  });

  it("runs the README's test command, as .ci/run does", () => {
    const readme = readFileSync(join(REPO_ROOT, "README.md"), "utf8");
    expect(readme).toContain("npm ci && npm test");
    expect(job.steps.map((s) => s.run).filter(Boolean)).toEqual(["npm ci", "npm test"]);
    const run = readFileSync(join(REPO_ROOT, ".ci/run"), "utf8");
    expect(run.split("\n").filter((l) => /^npm /.test(l))).toEqual(["npm ci", "npm test"]);
  });
});
