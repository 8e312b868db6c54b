/**
 * The reusable workflows, checked statically against the actions they call:
 * GitHub only finds a wrong input name or output reference when the workflow
 * runs in someone's repository.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "./actions/runner.js";

interface Step {
  id?: string;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Job {
  needs?: string | string[];
  permissions?: Record<string, string>;
  steps?: Step[];
  outputs?: Record<string, string>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const WORKFLOWS = join(REPO_ROOT, ".github/workflows");
const reusable = readdirSync(WORKFLOWS)
  .filter((name) => name.startsWith("mlship-"))
  .map((name) => ({ name, workflow: parse(readFileSync(join(WORKFLOWS, name), "utf8")) as Workflow }));

function action(name: string): { inputs: Record<string, unknown>; outputs: Record<string, unknown> } {
  return parse(readFileSync(join(REPO_ROOT, "actions", name, "action.yml"), "utf8"));
}

describe.each(reusable)("$name", ({ workflow }) => {
  it("is a reusable workflow whose every job states its permissions", () => {
    expect(Object.keys(workflow.on)).toContain("workflow_call");
    for (const [name, job] of Object.entries(workflow.jobs)) expect(job.permissions, name).toBeDefined();
  });

  it("calls this repository's actions with $/actions/<name> and only with inputs they declare", () => {
    const calls = Object.values(workflow.jobs).flatMap((job) =>
      (job.steps ?? []).filter(
        (step) => step.uses?.includes("actions/") && !step.uses.startsWith("actions/"),
      ),
    );
    expect(calls.length).toBeGreaterThan(0);
    for (const step of calls) {
      expect(step.uses).toMatch(/^\$\/actions\/[a-z-]+$/);
      const declared = Object.keys(action(step.uses!.slice("$/actions/".length)).inputs);
      for (const input of Object.keys(step.with ?? {}))
        expect(declared, `${step.uses} ${input}`).toContain(input);
    }
  });

  it("reads only outputs the steps' actions set, from jobs it needs", () => {
    for (const [name, job] of Object.entries(workflow.jobs)) {
      const byId = new Map((job.steps ?? []).filter((s) => s.id).map((s) => [s.id!, s]));
      for (const value of Object.values(job.outputs ?? {})) {
        for (const [, id, output] of value.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
          const step = byId.get(id);
          expect(step?.uses, `${name}: step ${id}`).toMatch(/^\$\/actions\//);
          expect(Object.keys(action(step!.uses!.slice("$/actions/".length)).outputs)).toContain(output);
        }
      }
      const needs = [job.needs ?? []].flat();
      for (const need of needs) expect(Object.keys(workflow.jobs)).toContain(need);
      const text = JSON.stringify(job);
      for (const [, other] of text.matchAll(/needs\.([\w-]+)\./g))
        expect(needs, `${name} reads ${other}`).toContain(other);
    }
  });
});
