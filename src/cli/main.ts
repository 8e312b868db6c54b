/**
 * `mlship <command> [options]`: finds the command, parses its options, runs
 * it, and turns user errors into a one-line message and exit code 2. Any other
 * error is a bug: it is printed with its stack and exit code 3.
 */
import { maxOf } from "../lib/arrays.js";
import { ExitCode, isMlshipError, MlshipError } from "../lib/errors.js";
import { VERSION } from "../lib/version.js";
import {
  type Command,
  type CommandContext,
  optionSpelling,
  parseCommandArgs,
  renderHelp,
} from "./command.js";
import { commands } from "./commands/index.js";
import { checkOutputs } from "./output.js";

export const EXIT_INTERNAL_ERROR = 3;

export async function main(argv: string[], context: CommandContext): Promise<number> {
  let found: Command | undefined;
  try {
    if (argv.length === 0 || argv[0] === "--help" || argv[0] === "-h" || argv[0] === "help") {
      context.stdout.write(renderOverview());
      return argv.length === 0 ? ExitCode.badInput : ExitCode.ok;
    }
    if (argv[0] === "--version" || argv[0] === "-V") {
      context.stdout.write(`mlship ${VERSION}\n`);
      return ExitCode.ok;
    }
    const group = groupHelp(argv);
    if (group !== undefined) {
      context.stdout.write(group);
      return argv.length === 1 ? ExitCode.badInput : ExitCode.ok;
    }
    const { command, rest } = findCommand(argv);
    found = command;
    if (rest.includes("--help") || rest.includes("-h")) {
      context.stdout.write(renderHelp(command));
      return ExitCode.ok;
    }
    const args = parseCommandArgs(command, rest);
    await checkOutputs(args, context);
    return await command.run(args, context);
  } catch (error) {
    if (isMlshipError(error)) {
      context.stderr.write(`mlship: error: ${error.describe(optionSpelling(found))}\n`);
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
    const members = groupMembers(argv[0]);
    if (members.length > 0) {
      const known = members.map((c) => c.name.slice(1).join(" ")).join(", ");
      throw new MlshipError(
        "bad_usage",
        `unknown ${argv[0]} command "${argv[1]}": mlship ${argv[0]} knows ${known} (see mlship ${argv[0]} --help)`,
      );
    }
    const known = [...new Set(commands.map((c) => c.name[0]))].join(", ");
    throw new MlshipError(
      "bad_usage",
      `unknown command "${argv[0]}": mlship knows ${known} (see mlship --help)`,
    );
  }
  return { command: best, rest: argv.slice(best.name.length) };
}

/** The commands named `<word> <subcommand>…` with no command of their own named `<word>` alone (`registry`). */
function groupMembers(word: string): Command[] {
  if (commands.some((c) => c.name.length === 1 && c.name[0] === word)) return [];
  return commands.filter((c) => c.name.length > 1 && c.name[0] === word);
}

/**
 * `mlship registry`, `mlship registry --help`: the group's commands, as the overview lists
 * commands (exit 2 without --help, as a bare `mlship` is). Undefined for anything else.
 */
function groupHelp(argv: string[]): string | undefined {
  const members = groupMembers(argv[0]);
  const asksHelp = argv.length === 2 && (argv[1] === "--help" || argv[1] === "-h");
  if (members.length === 0 || !(argv.length === 1 || asksHelp)) return undefined;
  const width = maxOf(members.map((c) => c.name.join(" ").length)) + 2;
  return [
    `usage: mlship ${argv[0]} <command> [options]      mlship ${argv[0]} <command> --help`,
    "",
    "commands:",
    ...members.map((c) => `  ${c.name.join(" ").padEnd(width)}${c.summary}`),
    "",
  ].join("\n");
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
