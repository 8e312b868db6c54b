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
  /** The stream the line was printed on. */
  stream: "stdout" | "stderr";
  /** The line as printed. */
  line: string;
}

export interface ActionRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** Outputs the action set through GITHUB_OUTPUT. */
  outputs: Record<string, string>;
  /** What the action appended to GITHUB_STEP_SUMMARY. */
  summary: string;
  /**
   * The workflow commands the runner would execute from stdout, then stderr
   * (annotations, masks, debug, …), decoded as the runner decodes them.
   */
  commands: WorkflowCommand[];
  /** RUNNER_TEMP of the run. */
  runnerTemp: string;
  /** What the step saved for its post step (core.saveState through GITHUB_STATE), by name. */
  state: Record<string, string>;
}

export interface RunActionOptions {
  /** GITHUB_WORKSPACE and the working directory (default: the repository). */
  workspace?: string;
  /** The bundle to run in dist/<name>/ (default `index.js`, the main step; with the main step's state, its post step). */
  entry?: string;
  /** The state the main step saved, handed to a post step as the runner does (`STATE_<name>`). */
  state?: Record<string, string>;
  /** Kills the step when aborted: with SIGKILL (a runner that lost its machine) unless `killSignal` says otherwise. */
  signal?: AbortSignal;
  /** The signal an abort sends: SIGINT is how the runner cancels a step first. */
  killSignal?: NodeJS.Signals;
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
  options: RunActionOptions = {},
): Promise<ActionRun> {
  const entry = join(REPO_ROOT, "dist", name, options.entry ?? "index.js");
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first`);
  const workspace = options.workspace ?? REPO_ROOT;
  const runnerTemp = await mkdtemp(join(tmpdir(), `mlship-${name}-`));
  runnerTemps.push(runnerTemp);
  const outputFile = join(runnerTemp, "github_output");
  const summaryFile = join(runnerTemp, "step_summary");
  const stateFile = join(runnerTemp, "github_state");
  await writeFile(outputFile, "");
  await writeFile(summaryFile, "");
  await writeFile(stateFile, "");
  const child = spawn(process.execPath, [entry], {
    cwd: workspace,
    env: {
      PATH: process.env.PATH,
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: workspace,
      RUNNER_TEMP: runnerTemp,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_STATE: stateFile,
      ...Object.fromEntries(
        Object.entries(options.state ?? {}).map(([key, value]) => [`STATE_${key}`, value]),
      ),
      ...env,
    },
    ...(options.signal ? { signal: options.signal, killSignal: options.killSignal ?? "SIGKILL" } : {}),
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
    // An abort (options.signal) kills the step and is reported by its exit, not as an error.
    child.on("error", (error) => {
      if (error.name !== "AbortError") reject(error);
    });
    child.on("close", (code) => resolve(code));
  });
  return {
    exitCode,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(outputFile, "utf8")),
    summary: await readFile(summaryFile, "utf8"),
    commands: parseWorkflowCommands(stdout, stderr),
    runnerTemp,
    state: parseOutputFile(await readFile(stateFile, "utf8")),
  };
}

/** GITHUB_OUTPUT's (and GITHUB_STATE's) heredoc form: `name<<ghadelimiter_<uuid>`, the value, the delimiter. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const match of text.matchAll(/^(.+?)<<(ghadelimiter_[0-9a-f-]+)\n([\s\S]*?)\n\2$/gm)) {
    outputs[match[1]] = match[3];
  }
  return outputs;
}

/**
 * The commands the runner registers (actions/runner, ActionCommandManager):
 * only these names are read as commands, in either form, case-insensitively.
 */
export const RUNNER_COMMANDS = [
  "stop-commands",
  "set-env",
  "set-output",
  "save-state",
  "add-mask",
  "add-path",
  "add-matcher",
  "remove-matcher",
  "debug",
  "warning",
  "error",
  "notice",
  "group",
  "endgroup",
  "echo",
] as const;

/** .NET's char.IsWhiteSpace: what the runner's TrimStart removes before `::`. */
const DOTNET_LEADING_WHITESPACE =
  /^[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;

/** The runner's unescaping (ActionCommand.cs): each mapping in turn, over the whole text. */
const unescapeWith = (mappings: [string, string][]) => (text: string) =>
  mappings.reduce((out, [token, replacement]) => out.replaceAll(replacement, token), text);
const unescapeData = unescapeWith([
  ["\r", "%0D"],
  ["\n", "%0A"],
  ["%", "%25"],
]);
const unescapeProperty = unescapeWith([
  ["\r", "%0D"],
  ["\n", "%0A"],
  [":", "%3A"],
  [",", "%2C"],
  ["%", "%25"],
]);
const unescapeLegacy = unescapeWith([
  [";", "%3B"],
  ["\r", "%0D"],
  ["\n", "%0A"],
  ["]", "%5D"],
  ["%", "%25"],
]);

type ParsedCommand = Pick<WorkflowCommand, "command" | "properties" | "message">;

/** ActionCommand.TryParseV2: `::name k=v,k=v::data` after leading whitespace. */
function parseV2(line: string, registered: Set<string>): ParsedCommand | undefined {
  const message = line.replace(DOTNET_LEADING_WHITESPACE, "");
  if (!message.startsWith("::")) return undefined;
  const end = message.indexOf("::", 2);
  if (end < 0) return undefined;
  const info = message.slice(2, end);
  const space = info.indexOf(" ");
  const command = space < 0 ? info : info.slice(0, space);
  if (!registered.has(command.toLowerCase())) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .trim()
      .split(",")
      .filter(Boolean)) {
      const at = pair.indexOf("=");
      const [key, value] = at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
      if (key && value) properties[key] = unescapeProperty(value);
    }
  }
  return { command, properties, message: unescapeData(message.slice(end + 2)) };
}

/** ActionCommand.TryParse, the older form: `##[name k=v;k=v]data` anywhere in the line. */
function parseLegacy(line: string, registered: Set<string>): ParsedCommand | undefined {
  const prefix = line.indexOf("##[");
  if (prefix < 0) return undefined;
  const close = line.indexOf("]", prefix);
  if (close < 0) return undefined;
  const info = line.slice(prefix + 3, close);
  const space = info.indexOf(" ");
  const command = space < 0 ? info : info.slice(0, space);
  if (!registered.has(command.toLowerCase())) return undefined;
  const properties: Record<string, string> = {};
  if (space > 0) {
    for (const pair of info
      .slice(space + 1)
      .split(";")
      .filter(Boolean)) {
      const at = pair.indexOf("=");
      const [key, value] = at < 0 ? [pair, ""] : [pair.slice(0, at), pair.slice(at + 1)];
      if (key && value) properties[key] = unescapeLegacy(value);
    }
  }
  return { command, properties, message: unescapeLegacy(line.slice(close + 1)) };
}

/**
 * The workflow commands the runner would execute from a step's output, read
 * as actions/runner reads it: each stream split into lines at \n, \r and \r\n
 * (StreamReader.ReadLine); a line is a command when, after leading whitespace,
 * it is `::name props::data` with a registered name, or else when it holds
 * `##[name props]data` anywhere; `::stop-commands::<token>` stops all commands
 * until a `::<token>::` (or `##[<token>]`) line, and a token that is empty or
 * a command's name is refused (the runner fails the step; nothing stops).
 * Both the stop and the resume are listed, as commands `stop-commands` and
 * the token. The runner shares the stop between the streams, but their order
 * is not recorded here, so each stream is read on its own: a stop on one never
 * hides a command on the other, the reading that finds the most.
 */
export function parseWorkflowCommands(stdout: string, stderr = ""): WorkflowCommand[] {
  const read = (text: string, stream: WorkflowCommand["stream"]) => {
    const commands: WorkflowCommand[] = [];
    const registered = new Set<string>(RUNNER_COMMANDS);
    let stopToken: string | undefined;
    for (const line of text.split(/\r\n|\r|\n/)) {
      if (line === "") continue;
      const parsed = parseV2(line, registered) ?? parseLegacy(line, registered);
      if (!parsed) continue;
      const name = parsed.command.toLowerCase();
      if (stopToken !== undefined) {
        if (name !== stopToken.toLowerCase()) continue;
        registered.delete(stopToken.toLowerCase());
        stopToken = undefined;
      } else if (name === "stop-commands") {
        const token = parsed.message;
        const legal = token !== "" && !registered.has(token.toLowerCase()) && token !== "pause-logging";
        if (legal) {
          stopToken = token;
          registered.add(token.toLowerCase());
        }
      }
      commands.push({ ...parsed, stream, line });
    }
    return commands;
  };
  return [...read(stdout, "stdout"), ...read(stderr, "stderr")];
}
