/**
 * `mlship <command> [options]`: finds the command, parses its options, runs
 * it, and turns user errors into a one-line message and exit code 2. Any other
 * error is a bug: it is printed with its stack and exit code 3.
 */
import { maxOf } from "../lib/arrays.js";
import { ExitCode, isMlshipError, MlshipError } from "../lib/errors.js";
import { VERSION } from "../lib/version.js";
import { type Command, type CommandContext, parseCommandArgs, renderHelp } from "./command.js";
import { commands } from "./commands/index.js";
import { checkOutputs } from "./output.js";

export const EXIT_INTERNAL_ERROR = 3;

export async function main(argv: string[], context: CommandContext): Promise<number> {
  try {
    if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
      context.stdout.write(renderOverview());
      return argv.length === 0 ? ExitCode.badInput : ExitCode.ok;
    }
    if (argv[0] === "--version" || argv[0] === "-V") {
      context.stdout.write(`mlship ${VERSION}\n`);
      return ExitCode.ok;
    }
    const { command, rest } = findCommand(argv);
    if (rest.includes("--help") || rest.includes("-h")) {
      context.stdout.write(renderHelp(command));
      return ExitCode.ok;
    }
    const args = parseCommandArgs(command, rest);
    await checkOutputs(args, context);
    return await command.run(args, context);
  } catch (error) {
    if (isMlshipError(error)) {
      context.stderr.write(`mlship: error: ${error.describe()}\n`);
      return error.exitCode;
    }
    context.stderr.write(
      `mlship: internal error (a bug in mlship, please report it with the command you ran):\n${(error as Error)?.stack ?? String(error)}\n`,
    );
    return EXIT_INTERNAL_ERROR;
  }
}

function findCommand(argv: string[]): { command: Command; rest: string[] } {
  // The longest command name that prefixes argv wins (`profile merge` over `profile`).
  let best: Command | undefined;
  for (const command of commands) {
    const n = command.name.length;
    if (n <= argv.length && command.name.every((word, i) => argv[i] === word)) {
      if (!best || n > best.name.length) best = command;
    }
  }
  if (!best) {
    const known = [...new Set(commands.map((c) => c.name[0]))].join(", ");
    throw new MlshipError(
      "bad_usage",
      `unknown command "${argv[0]}": mlship knows ${known} (see mlship --help)`,
    );
  }
  return { command: best, rest: argv.slice(best.name.length) };
}

function renderOverview(): string {
  const width = maxOf(commands.map((c) => c.name.join(" ").length)) + 2;
  return [
    `mlship ${VERSION} — GitHub-native MLOps: validated data, gated models, a registry on GitHub Releases.`,
    "",
    "usage: mlship <command> [options]      mlship <command> --help",
    "",
    "commands:",
    ...commands.map((c) => `  ${c.name.join(" ").padEnd(width)}${c.summary}`),
    "",
    "every command: --json <file> writes the machine-readable result, --config <file> picks mlship.yml",
    "exit codes: 0 done/passed · 1 a check failed · 2 bad input or usage · 3 internal error (a bug)",
    "",
  ].join("\n");
}
