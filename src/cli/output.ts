/**
 * The command line's outputs (README.md, "Files and streams"): every option that names an output
 * file takes `-` (or /dev/stdout) for standard output; every output path is checked before the
 * command does any work; files are written by src/lib/atomic-write.ts.
 */
import { isAbsolute, resolve } from "node:path";
import { writeFileAtomic } from "../lib/atomic-write.js";
import { MlshipError } from "../lib/errors.js";
import { STANDARD_STREAM } from "../lib/input.js";
import { checkOutputFile, checkOutputFolder } from "../lib/output-path.js";
import type { CommandContext, ParsedArgs } from "./command.js";

const STDOUT_NAMES = new Set([STANDARD_STREAM, "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"]);
const STDERR_NAMES = new Set(["/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"]);

/** True when an output option's value means standard output. */
export function isStandardOutput(path: string | undefined): boolean {
  return path !== undefined && STDOUT_NAMES.has(path);
}

/** True unless an output file goes to standard output, which then holds that output alone. */
export function printsText(args: ParsedArgs): boolean {
  return !args.outputs.some((output) => output.writes === "file" && isStandardOutput(output.path));
}

/**
 * Checks every output option before the command runs: at most one goes to standard output, a
 * folder option names no file (nor `-`), a file option names no folder, and each can be written.
 * @throws MlshipError exit 2 naming the option and the path.
 */
export async function checkOutputs(args: ParsedArgs, context: CommandContext): Promise<void> {
  const toStdout = args.outputs.filter((o) => o.writes === "file" && isStandardOutput(o.path));
  if (toStdout.length > 1) {
    throw new MlshipError(
      "bad_usage",
      `${toStdout.map((o) => `${o.option} ${o.path}`).join(" and ")}: only one output can go to standard output`,
    );
  }
  for (const { option, path, writes } of args.outputs) {
    if (writes === "folder") {
      if (path === STANDARD_STREAM)
        throw new MlshipError("bad_usage", `${option}: needs a folder; - (standard output) is not one`);
      await checkOutputFolder(inWorkingFolder(path, context), option);
    } else if (!isStandardOutput(path) && !STDERR_NAMES.has(path)) {
      await checkOutputFile(inWorkingFolder(path, context), option);
    }
  }
}

/** Writes an output option's content: to standard output (or error) for those names, else to the file. */
export async function writeOutput(
  option: string,
  path: string,
  content: string | Uint8Array,
  context: CommandContext,
): Promise<void> {
  const stream = isStandardOutput(path)
    ? context.stdout
    : STDERR_NAMES.has(path)
      ? context.stderr
      : undefined;
  // A closed pipe (`| head`) is the stream's error handler's to deal with (src/cli/index.ts).
  if (stream) stream.write(content);
  else await writeFileAtomic(inWorkingFolder(path, context), content, { option });
}

/** `path` as the user gave it (for messages) when the command runs in this process's working folder. */
function inWorkingFolder(path: string, context: CommandContext): string {
  return isAbsolute(path) || context.cwd === process.cwd() ? path : resolve(context.cwd, path);
}

/** Writes an output option's value as pretty JSON. */
export async function writeJsonOutput(
  option: string,
  path: string,
  value: unknown,
  context: CommandContext,
): Promise<void> {
  await writeOutput(option, path, `${JSON.stringify(value, null, 2)}\n`, context);
}

/** `--json <file>`: the machine-readable result, when asked for. */
export async function writeJsonResult(
  args: ParsedArgs,
  context: CommandContext,
  result: unknown,
): Promise<void> {
  const target = args.values.json;
  if (typeof target === "string") await writeJsonOutput("--json", target, result, context);
}
