/**
 * The reusable workflows and the example callers, checked statically: by GitHub's own workflow parser,
 * against the actions they call and against the workflows the examples call — GitHub only finds a wrong
 * key, input name, output reference or missing permission when the workflow runs in someone's repository.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { convertWorkflowTemplate, NoOperationTraceWriter, parseWorkflow } from "@actions/workflow-parser";
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
  if?: string;
  environment?: string;
  concurrency?: { group: string; "cancel-in-progress"?: boolean };
  permissions?: Record<string, string>;
  steps?: Step[];
  outputs?: Record<string, string>;
  uses?: string;
  with?: Record<string, unknown>;
}
interface Input {
  type?: string;
  required?: boolean;
  default?: unknown;
}
interface Workflow {
  on: {
    workflow_call?: { inputs?: Record<string, Input>; secrets?: Record<string, unknown> };
    workflow_dispatch?: { inputs?: Record<string, Input> };
  } & Record<string, unknown>;
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

const EXAMPLES = join(REPO_ROOT, "examples/.github/workflows");
const examples = readdirSync(EXAMPLES).map((name) => ({
  name,
  text: readFileSync(join(EXAMPLES, name), "utf8"),
}));

describe("GitHub's workflow parser", () => {
  const files = [
    ...readdirSync(WORKFLOWS).map((name) => ({
      name: `.github/workflows/${name}`,
      text: readFileSync(join(WORKFLOWS, name), "utf8"),
    })),
    ...examples.map(({ name, text }) => ({ name: `examples/.github/workflows/${name}`, text })),
  ];
  it.each(files)("reads $name without an error", async ({ name, text }) => {
    const result = parseWorkflow({ name, content: text }, new NoOperationTraceWriter());
    const template = result.value ? await convertWorkflowTemplate(result.context, result.value) : undefined;
    expect(result.context.errors.getErrors().map((e) => e.message)).toEqual([]);
    expect(template?.errors ?? []).toEqual([]);
  });
});

/** `${{ inner }}`, a GitHub expression as the YAML holds it. */
const expr = (inner: string) => `\${{ ${inner} }}`;

/** The rollout actions, and what each job calling one must be granted (and nothing more). */
const ROLLOUT_PERMISSIONS: Record<string, Record<string, string>> = {
  "$/actions/deploy-canary": { contents: "read", deployments: "write", issues: "write" },
  "$/actions/rollback": { contents: "read", deployments: "write", issues: "write" },
  "$/actions/promote": { contents: "read", deployments: "write", issues: "write", actions: "read" },
};
const rolloutJobs = reusable.flatMap(({ name, workflow }) =>
  Object.entries(workflow.jobs)
    .map(([job, spec]) => ({
      label: `${name} ${job}`,
      workflow,
      spec,
      action: spec.steps?.find((step) => step.uses && step.uses in ROLLOUT_PERMISSIONS),
    }))
    .filter((job) => job.action),
);

describe("the rollout workflows", () => {
  it("are mlship-deploy, mlship-promote and mlship-rollback, calling deploy-canary, promote and rollback", () => {
    expect([...new Set(rolloutJobs.map((j) => j.label.split(" ")[0]))].sort()).toEqual([
      "mlship-deploy.yml",
      "mlship-promote.yml",
      "mlship-rollback.yml",
    ]);
    expect(new Set(rolloutJobs.map((j) => j.action!.uses))).toEqual(
      new Set(Object.keys(ROLLOUT_PERMISSIONS)),
    );
  });

  describe.each(rolloutJobs)("$label", ({ spec, action }) => {
    it("asks for exactly the permissions its action needs", () => {
      expect(spec.permissions).toEqual(ROLLOUT_PERMISSIONS[action!.uses!]);
    });

    it("runs in the GitHub Environment it deploys to, so its reviewers and secrets apply", () => {
      expect(spec.environment).toMatch(/^\$\{\{ inputs\.[\w-]+ \}\}$/);
      expect(action!.with?.environment).toBe(spec.environment);
    });

    it("never runs beside another rollout of the same model and environment, nor cancels one", () => {
      const environment = spec.environment!.slice(4, -3);
      expect(spec.concurrency).toEqual({
        group: `mlship-deploy-\${{ inputs.model }}-\${{ ${environment} }}`,
        "cancel-in-progress": false,
      });
      expect(action!.with?.name).toBe(expr("inputs.model"));
    });
  });

  it("mlship-deploy goes to staging directly, then to production by the strategy asked, after staging", () => {
    const { workflow } = reusable.find((w) => w.name === "mlship-deploy.yml")!;
    const { staging, production } = workflow.jobs;
    const deploy = (job: Job) => job.steps!.find((s) => s.uses === "$/actions/deploy-canary")!;
    expect(deploy(staging).with).toMatchObject({ strategy: "direct", version: expr("inputs.version") });
    expect(deploy(production).with).toMatchObject({
      strategy: expr("inputs.strategy"),
      version: expr("inputs.version"),
    });
    expect(workflow.on.workflow_call?.inputs?.strategy?.default).toBe("canary");
    expect(production.needs).toBe("staging");
    // A failed staging rollout stops production; no staging target skips straight to it.
    expect(production.if).toContain("needs.staging.result == 'success'");
    expect(production.if).toContain("!cancelled()");
  });

  it.each(["mlship-promote.yml", "mlship-rollback.yml"])(
    "%s can be started by hand with the same inputs it takes when called",
    (name) => {
      const { workflow } = reusable.find((w) => w.name === name)!;
      const dispatched = workflow.on.workflow_dispatch?.inputs ?? {};
      const called = workflow.on.workflow_call?.inputs ?? {};
      expect(Object.keys(dispatched).length).toBeGreaterThan(0);
      for (const [input, spec] of Object.entries(dispatched)) {
        expect(Object.keys(called), input).toContain(input);
        expect(Boolean(spec.required), input).toBe(Boolean(called[input].required));
        if (called[input].default !== undefined) expect(spec.default, input).toEqual(called[input].default);
      }
      // Inputs only a caller gives are empty under workflow_dispatch: the job falls back itself.
      const text = JSON.stringify(workflow.jobs);
      for (const input of Object.keys(called).filter((i) => !(i in dispatched) && called[i].default))
        expect(text, input).toMatch(new RegExp(`inputs\\.${input} \\|\\| '${called[input].default}'`));
    },
  );
});

const LEVEL: Record<string, number> = { none: 0, read: 1, write: 2 };

describe.each(examples)("examples/.github/workflows/$name", ({ text }) => {
  const workflow = parse(text) as Workflow;
  const calls = Object.entries(workflow.jobs).filter(([, job]) => job.uses);

  it.runIf(calls.length > 0)(
    "calls mlship's reusable workflows with the inputs they declare, and grants what their jobs ask for",
    () => {
      for (const [job, spec] of calls) {
        const file = /^<owner>\/mlship\/\.github\/workflows\/([\w-]+\.yml)@v1$/.exec(spec.uses!)?.[1];
        expect(file, `${job}: ${spec.uses}`).toBeDefined();
        const called = reusable.find((w) => w.name === file)?.workflow;
        expect(called, `${job}: ${file}`).toBeDefined();
        const declared = called!.on.workflow_call?.inputs ?? {};
        for (const input of Object.keys(spec.with ?? {}))
          expect(Object.keys(declared), `${job}: ${input}`).toContain(input);
        for (const [input, decl] of Object.entries(declared))
          if (decl.required) expect(Object.keys(spec.with ?? {}), `${job}: ${input}`).toContain(input);
        for (const [calledJob, calledSpec] of Object.entries(called!.jobs)) {
          for (const [scope, level] of Object.entries(calledSpec.permissions ?? {}))
            expect(
              LEVEL[spec.permissions?.[scope] ?? "none"],
              `${job} → ${calledJob}: ${scope}: ${level}`,
            ).toBeGreaterThanOrEqual(LEVEL[level]);
        }
      }
    },
  );
});
