/**
 * Hostile text through every built action, run as the runner runs it (`npm
 * run build` first): column names and category values of the data, label
 * classes, model input names and metadata (a model trained on that data),
 * metric names, a trainer's output, params and rules, manifest fields, and the
 * artifact comment-report posts. The runner must read no command from any of
 * it — only the annotations, masks and debug lines the action issues itself —
 * and no job summary, comment, check run or model card lets it out of its
 * markdown.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type FakeGitHub, startFakeGitHub } from "../support/fake-github.js";
import {
  FORGED,
  forgedCommands,
  HOSTILE_BLOCK,
  HOSTILE_LINES,
  HOSTILE_MARKDOWN,
  markdownBreakouts,
} from "./hostile-text.js";
import { REPO_ROOT, removeRunnerTemps, runAction } from "./runner.js";

const CLI = join(REPO_ROOT, "dist/cli/index.js");
const PR_EVENT = join(REPO_ROOT, "test/fixtures/events/pull_request.synchronize.json");
const FIXTURE_MODEL = join(REPO_ROOT, "test/fixtures/models/binary-linear-zipmap.onnx");
/** The label's positive class, itself hostile. */
const YES = `::add-mask::${FORGED} yes ${HOSTILE_MARKDOWN}`;
/** The category column's name: a slice's name goes into the <summary> of its fold. */
const SEGMENT = "segment <img src=https://e.invalid/p.png> </details></summary>";

let workspace: string;
let fake: FakeGitHub;

const csvCell = (text: string) => `"${text.replace(/"/g, '""')}"`;

/**
 * Two numeric features named with every hostile line and with HOSTILE_MARKDOWN,
 * a category `SEGMENT` (by default the hostile lines), and a label whose
 * classes are `YES` and `no`; `extra` adds a column named with a hostile line.
 */
function hostileCsv(
  rows: number,
  seed: number,
  { extra = false, segments = [...HOSTILE_LINES, HOSTILE_MARKDOWN] } = {},
): string {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const header = [HOSTILE_BLOCK, HOSTILE_MARKDOWN, SEGMENT, "y", ...(extra ? [HOSTILE_LINES[0]] : [])];
  const lines = [header.map(csvCell).join(",")];
  for (let i = 0; i < rows; i++) {
    const a = random() * 4 - 2;
    const b = random();
    const y = a + random() > 0.5 ? YES : "no";
    const row = [a.toFixed(3), b.toFixed(3), csvCell(segments[i % segments.length]), csvCell(y)];
    lines.push([...row, ...(extra ? ["1"] : [])].join(","));
  }
  return `${lines.join("\n")}\n`;
}

function cli(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, ...args], { cwd: workspace }, (error, _stdout, stderr) =>
      error && error.code !== 1 ? reject(new Error(stderr)) : resolve(),
    );
  });
}

beforeAll(async () => {
  fake = await startFakeGitHub();
  workspace = await mkdtemp(join(tmpdir(), "mlship-hostile-"));
  await writeFile(join(workspace, "train.csv"), hostileCsv(200, 7));
  await writeFile(join(workspace, "holdout.csv"), hostileCsv(120, 11));
  await writeFile(join(workspace, "current.csv"), hostileCsv(120, 13, { extra: true }));
  // The reference knows other segments, so the hostile ones are unexpected values, and drift.
  await writeFile(join(workspace, "reference.csv"), hostileCsv(120, 17, { segments: ["a", "b"] }));
  await cli(["train", "--data", "train.csv", "--label", "y", "--out", "candidate"]);
  await cli(["train", "--data", "train.csv", "--label", "y", "--param", "C=0.1", "--out", "baseline"]);
  await cli(["validate", "holdout.csv", "--reference", "reference.csv", "--json", "validation.json"]);
}, 120_000);
afterAll(async () => {
  await fake.close();
  await rm(workspace, { recursive: true, force: true });
});
afterEach(removeRunnerTemps);

/** The hostile text reached the run's log (so the run is a real test), and the runner reads no command from it. */
function expectNoForgedCommand(run: Awaited<ReturnType<typeof runAction>>, masks: string[] = []): void {
  expect(`${run.stdout}${run.stderr}`).toContain(FORGED);
  expect(forgedCommands(run, masks)).toEqual([]);
}

describe("hostile data in validate-data", () => {
  it("runs no command from column names and values, in the log or in annotations, and keeps the summary's markdown", async () => {
    const run = await runAction(
      "validate-data",
      { INPUT_DATA: "current.csv", INPUT_REFERENCE: "reference.csv", "INPUT_FAIL-ON": "warning" },
      { workspace },
    );
    // Failing, so the step's failure message quotes the first issue too.
    expect(run.exitCode, run.stdout + run.stderr).toBe(1);
    expectNoForgedCommand(run);
    // The annotations quote the hostile names and values inside their own, escaped, message and title.
    const quoting = run.commands.filter((c) => c.command === "warning" && JSON.stringify(c).includes(FORGED));
    expect(quoting.length).toBeGreaterThan(0);
    expect(run.summary).toContain(FORGED);
    expect(markdownBreakouts(run.summary)).toEqual([]);
  });
});

describe("hostile data in train", () => {
  it("runs no command from the data's names and classes, nor from an error that lists them or a bad param's name", async () => {
    const run = await runAction("train", { INPUT_DATA: "train.csv", INPUT_LABEL: "y" }, { workspace });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(forgedCommands(run)).toEqual([]);
    expect(markdownBreakouts(run.summary)).toEqual([]);
    // The CLI's error names the columns: the hostile names span lines, which the action relays.
    const noLabel = await runAction(
      "train",
      { INPUT_DATA: "train.csv", INPUT_LABEL: "no-such-label" },
      { workspace },
    );
    expect(noLabel.exitCode).toBe(1);
    expectNoForgedCommand(noLabel);
    const badParam = await runAction(
      "train",
      { INPUT_DATA: "train.csv", INPUT_LABEL: "y", INPUT_PARAMS: `${HOSTILE_LINES[3]}=1` },
      { workspace },
    );
    expect(badParam.exitCode).toBe(1);
    expectNoForgedCommand(badParam);
  });

  it("runs no command from a training program's output, metric names or failure", async () => {
    await writeFile(
      join(workspace, "trainer.mjs"),
      [
        'import { copyFileSync, writeFileSync } from "node:fs";',
        `const hostile = ${JSON.stringify(HOSTILE_BLOCK)};`,
        "process.stdout.write(hostile + '\\n');",
        "process.stderr.write(hostile + '\\n');",
        `copyFileSync(${JSON.stringify(FIXTURE_MODEL)}, process.env.MLSHIP_MODEL);`,
        `writeFileSync(process.env.MLSHIP_METRICS, JSON.stringify({ roc_auc: 0.7, ${JSON.stringify(HOSTILE_MARKDOWN)}: 1, ${JSON.stringify(HOSTILE_LINES[3])}: 2 }));`,
        "if (process.env.FAIL) { process.stderr.write('::add-mask::INJECTED unfinished'); process.exit(3); }",
        "process.stdout.write('::add-mask::INJECTED unfinished');",
      ].join("\n"),
    );
    const run = await runAction("train", { INPUT_COMMAND: "node trainer.mjs" }, { workspace });
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expectNoForgedCommand(run);
    expect(run.summary).toContain(FORGED);
    expect(markdownBreakouts(run.summary)).toEqual([]);

    const failed = await runAction(
      "train",
      { INPUT_COMMAND: "node trainer.mjs", INPUT_CACHE: "false", FAIL: "1" },
      { workspace },
    );
    expect(failed.exitCode).toBe(1);
    expectNoForgedCommand(failed);
  });
});

describe("hostile data and models in evaluate-gate", () => {
  const env = () => ({
    GITHUB_EVENT_NAME: "pull_request",
    GITHUB_EVENT_PATH: PR_EVENT,
    GITHUB_API_URL: fake.url,
    GITHUB_REPOSITORY: "acme/models",
    GITHUB_SHA: "0000000000000000000000000000000000000000",
    GITHUB_RUN_ID: "99",
    GITHUB_SERVER_URL: "https://github.com",
    INPUT_MODEL: "candidate/model.onnx",
    INPUT_BASELINE: "baseline/model.onnx",
    INPUT_DATA: "holdout.csv",
    INPUT_LABEL: "y",
    INPUT_NAME: "churn",
    INPUT_SLICES: SEGMENT,
    INPUT_SENSITIVE: SEGMENT,
    INPUT_VALIDATION: "validation.json",
    "INPUT_TRAINING-METRICS": "candidate/metrics.json",
    INPUT_TOKEN: fake.token,
  });

  it("runs no command from the model's feature names, the classes and the slices, and keeps the comment's and the check run's markdown", async () => {
    const run = await runAction(
      "evaluate-gate",
      { ...env(), INPUT_RULES: "roc_auc >= baseline - 0.5" },
      { workspace },
    );
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(forgedCommands(run, [fake.token])).toEqual([]);
    for (const markdown of [run.summary, fake.comments.get(7)![0].body!, fake.checkRuns[0].output.summary!]) {
      expect(markdown).toContain(FORGED);
      expect(markdownBreakouts(markdown)).toEqual([]);
      // Nor does it carry another model's comment marker, which would make its comment that model's.
      expect(markdown).not.toContain("<!-- mlship:evaluate:other -->");
    }
  });

  it("runs no command from the text of a bad rule", async () => {
    const run = await runAction(
      "evaluate-gate",
      { ...env(), INPUT_RULES: `${HOSTILE_LINES[3]} >= 1` },
      { workspace },
    );
    expect(run.exitCode).toBe(1);
    expectNoForgedCommand(run, [fake.token]);
  });
});

describe("hostile fields in package-model", () => {
  it("runs no command from the model's metadata and the evaluation's slices, and keeps the summary's and the model card's markdown", async () => {
    const evaluation = join(workspace, "evaluation.json");
    await cli([
      "evaluate",
      "--model",
      "candidate/model.onnx",
      "--no-baseline",
      "--data",
      "holdout.csv",
      "--label",
      "y",
      "--slice",
      SEGMENT,
      "--sensitive",
      SEGMENT,
      "--json",
      evaluation,
    ]);
    const registry = join(workspace, "registry");
    const run = await runAction(
      "package-model",
      {
        INPUT_MODEL: "candidate/model.onnx",
        INPUT_NAME: "churn",
        INPUT_METRICS: "candidate/metrics.json",
        INPUT_EVALUATION: evaluation,
        INPUT_REGISTRY: `local:${registry}`,
      },
      { workspace },
    );
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(forgedCommands(run)).toEqual([]);
    expect(markdownBreakouts(run.summary)).toEqual([]);
    const card = await findFile(registry, "model-card.md");
    expect(card).toContain(FORGED);
    expect(markdownBreakouts(card)).toEqual([]);
  });
});

async function findFile(dir: string, name: string): Promise<string> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name === name) return readFile(join(entry.parentPath, name), "utf8");
  }
  throw new Error(`no ${name} under ${dir}`);
}

describe("a hostile artifact in comment-report", () => {
  const HEAD = "9c1e2d3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d";

  async function artifact(prInfo: string): Promise<Record<string, string>> {
    const dir = await mkdtemp(join(workspace, "artifact-"));
    await writeFile(join(dir, "report.md"), `${HOSTILE_BLOCK}\n${HOSTILE_MARKDOWN}\n`);
    await writeFile(join(dir, "mlship-pr.json"), prInfo);
    await writeFile(
      join(dir, "event.json"),
      JSON.stringify({ workflow_run: { head_sha: HEAD, event: "pull_request" } }),
    );
    return {
      GITHUB_EVENT_NAME: "workflow_run",
      GITHUB_EVENT_PATH: join(dir, "event.json"),
      GITHUB_API_URL: fake.url,
      GITHUB_REPOSITORY: "acme/models",
      INPUT_REPORT: join(dir, "report.md"),
      "INPUT_PULL-REQUEST": join(dir, "mlship-pr.json"),
      INPUT_TOKEN: fake.token,
    };
  }

  it("posts the report without running a command from it", async () => {
    fake.pulls.set(12, HEAD);
    const run = await runAction(
      "comment-report",
      await artifact(
        JSON.stringify({ number: 12, model: "churn", marker: "<!-- mlship:evaluate:churn -->" }),
      ),
      { workspace },
    );
    expect(run.exitCode, run.stdout + run.stderr).toBe(0);
    expect(forgedCommands(run, [fake.token])).toEqual([]);
    expect(fake.comments.get(12)![0].body).toContain(HOSTILE_BLOCK);
  });

  it("refuses a pull-request file with hostile keys or text, quoting it in no command but its own error", async () => {
    const keys = await runAction(
      "comment-report",
      await artifact(JSON.stringify({ number: 12, model: "churn", marker: "m", [HOSTILE_BLOCK]: 1 })),
      { workspace },
    );
    expect(keys.exitCode).toBe(1);
    expectNoForgedCommand(keys, [fake.token]);
    const text = await runAction("comment-report", await artifact(`{"number": 12, ${HOSTILE_BLOCK}`), {
      workspace,
    });
    expect(text.exitCode).toBe(1);
    expect(forgedCommands(text, [fake.token])).toEqual([]);
  });
});
