/**
 * Runs a built action as the GitHub runner does: `node dist/<name>/index.js`
 * with `INPUT_*` variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, and
 * GITHUB_WORKSPACE; then reads back what the action wrote.
 */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));

const runnerTemps: string[] = [];

/** Removes the RUNNER_TEMP folders of every run so far. */
export async function removeRunnerTemps(): Promise<void> {
  await Promise.all(runnerTemps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  message: string;
}

export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Outputs the action set through GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  /** What the action appended to GITHUB_STEP_SUMMARY. */
  summary: string;
  /** `::command props::message` lines on stdout (annotations, debug, …), decoded. */
  commands: WorkflowCommand[];
  /** RUNNER_TEMP of the run. */
  runnerTemp: string;
}

/**
 * `env` holds the variables exactly as the runner names them, e.g. `INPUT_FAIL-ON`.
 * The action runs in its own process without blocking this one, so a fake
 * service in the test process can answer it. `workspace` is GITHUB_WORKSPACE
 * and the working directory (default: the repository).
 */
export async function runAction(
  name: string,
  env: Record<string, string>,
  options: { workspace?: string } = {},
): Promise<ActionRun> {
  const entry = join(REPO_ROOT, "dist", name, "index.js");
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  const workspace = options.workspace ?? REPO_ROOT;
  const runnerTemp = await mkdtemp(join(tmpdir(), `mlship-${name}-`));
  runnerTemps.push(runnerTemp);
  const outputFile = join(runnerTemp, "github_output");
  const summaryFile = join(runnerTemp, "step_summary");
  await writeFile(outputFile, "");
  await writeFile(summaryFile, "");
  const child = spawn(process.execPath, [entry], {
    cwd: workspace,
    env: {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: runnerTemp,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      ...env,
    },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (text: string) => {
    stdout += text;
  });
  child.stderr.setEncoding("utf8").on("data", (text: string) => {
    stderr += text;
  });
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code));
  });
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(outputFile, "utf8")),
    summary: await readFile(summaryFile, "utf8"),
    commands: parseWorkflowCommands(stdout),
    runnerTemp,
  };
}

/** GITHUB_OUTPUT's heredoc form: `name<<ghadelimiter_<uuid>`, the value, the delimiter. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^(.+?)<<(ghadelimiter_[0-9a-f-]+)\n([\s\S]*?)\n\2$/gm)) {
    outputs[match[1]] = match[3];
  }
  return outputs;
}

export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  for (const match of stdout.matchAll(/^::([a-z-]+)(?: ([^:]*))?::(.*)$/gm)) {
    const properties: Record<string, string> = {};
    for (const pair of match[2] ? match[2].split(",") : []) {
      const at = pair.indexOf("=");
      properties[pair.slice(0, at)] = decodeURIComponent(pair.slice(at + 1));
    }
    commands.push({ command: match[1], properties, message: decodeURIComponent(match[3]) });
  }
  return commands;
}
