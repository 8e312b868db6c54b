/**
 * What every `mlship` command shares: its option table (which also renders
 * `--help`), the common options (`--json`, `--config`, `--help`), and the
 * context it runs in (streams, whether stdout is a terminal, the environment).
 */

import { type ParseArgsConfig, parseArgs } from "node:util";
import { maxOf } from "../lib/arrays.js";
import type { ExitCode, SettingSpelling } from "../lib/errors.js";
import { MlshipError } from "../lib/errors.js";
import { isStandardInput } from "../lib/input.js";
import { checkSetting, kebabCase, type NumberRange, numberSetting } from "../lib/setting-source.js";

export interface OptionSpec {
  type: "string" | "boolean";
  short?: string;
  multiple?: boolean;
  /** Placeholder in help, e.g. `<file>`. */
  value?: string;
  /**
   * The option names an output: a file (`-` is standard output) or a folder. Checked before the
   * command runs (src/cli/output.ts), so a wrong path fails before any work.
   */
  writes?: "file" | "folder";
  description: string;
}

export interface CommandContext {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** The output options given (those whose spec `writes`), in the order of the option table. */
  outputs: { option: string; path: string; writes: "file" | "folder" }[];
}

export interface Command {
  /** Words after `mlship`, e.g. `["profile", "merge"]`. */
  name: string[];
  summary: string;
  usage: string;
  options: Record<string, OptionSpec>;
  /**
   * Options whose name differs from the request setting they give (`rules` is `--gate`); any other
   * setting named in an error is spelled `--<kebab-case setting>`.
   */
  settingOptions?: Record<string, string>;
  /** Longer text after the options in --help. */
  details?: string;
  run(args: ParsedArgs, context: CommandContext): Promise<ExitCode>;
}

export const COMMON_OPTIONS: Record<string, OptionSpec> = {
  json: {
    type: "string",
    value: "<file>",
    description: "write the machine-readable result to <file> (- for stdout)",
    writes: "file",
  },
  config: {
    type: "string",
    value: "<file>",
    description: "mlship.yml to use (default: ./mlship.yml when present)",
  },
  help: { type: "boolean", short: "h", description: "show this help" },
};

export function parseCommandArgs(command: Command, argv: string[]): ParsedArgs {
  const options: NonNullable<ParseArgsConfig["options"]> = {};
  const specs = Object.entries({ ...COMMON_OPTIONS, ...command.options });
  for (const [name, spec] of specs) {
    options[name] = {
      type: spec.type,
      ...(spec.short ? { short: spec.short } : {}),
      multiple: spec.multiple ?? false,
    };
  }
  let parsed: { values: ParsedArgs["values"]; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true }) as typeof parsed;
  } catch (error) {
    const message = (error as Error).message.replace(/\. To specify a positional argument.*$/s, "");
    throw new MlshipError(
      "bad_usage",
      `${message}\nusage: ${command.usage}  (see mlship ${command.name.join(" ")} --help)`,
    );
  }
  const { values, positionals } = parsed;
  refuseStdinTwice(specs, values, positionals);
  const outputs = specs.flatMap(([name, spec]) => {
    const path = values[name];
    return spec.writes && typeof path === "string"
      ? [{ option: `--${name}`, path, writes: spec.writes }]
      : [];
  });
  return { values, positionals, outputs };
}

/** Standard input can be read once: two inputs naming it (`validate - --schema -`) are a usage error. */
function refuseStdinTwice(
  specs: [string, OptionSpec][],
  values: ParsedArgs["values"],
  positionals: string[],
): void {
  const named = [
    ...specs.flatMap(([name, spec]) => {
      const value = values[name];
      const list = spec.writes ? [] : Array.isArray(value) ? value : typeof value === "string" ? [value] : [];
      return list.filter(isStandardInput).map((path) => `--${name} ${path}`);
    }),
    ...positionals.filter(isStandardInput),
  ];
  if (named.length > 1) {
    throw new MlshipError(
      "bad_usage",
      `${named.join(" and ")}: standard input can be read only once, so only one input can come from it`,
    );
  }
}

export function renderHelp(command: Command): string {
  const rows = Object.entries({ ...command.options, ...COMMON_OPTIONS }).map(([name, spec]) => {
    const flag = `${spec.short ? `-${spec.short}, ` : "    "}--${name}${spec.value ? ` ${spec.value}` : ""}`;
    return [flag, spec.description + (spec.multiple ? " (repeatable)" : "")] as const;
  });
  const width = maxOf(rows.map(([flag]) => flag.length)) + 2;
  const lines = [
    `mlship ${command.name.join(" ")} — ${command.summary}`,
    "",
    `usage: ${command.usage}`,
    "",
    "options:",
    ...rows.map(([flag, text]) => `  ${flag.padEnd(width)}${text}`),
  ];
  if (command.details) lines.push("", command.details.trim());
  lines.push("", "exit codes: 0 done/passed · 1 a check failed · 2 bad input or usage");
  return `${lines.join("\n")}\n`;
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}

export function booleanOption(args: ParsedArgs, name: string): boolean {
  return args.values[name] === true;
}

export function requirePositional(args: ParsedArgs, index: number, what: string, command: Command): string {
  const value = args.positionals[index];
  if (!value) throw new MlshipError("bad_usage", `missing ${what}\nusage: ${command.usage}`);
  return value;
}

/** A number option, checked as every request layer checks numbers (src/lib/setting-source.ts). */
export function numberOption(args: ParsedArgs, name: string, range?: NumberRange): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  return checkSetting(numberSetting(range), name, raw, { kind: "explicit" });
}

/** How an error names a setting of `command`: `--baseline`, `--gate` for `rules`. */
export function optionSpelling(command: Command | undefined): SettingSpelling {
  return (setting) => `--${command?.settingOptions?.[setting] ?? kebabCase(setting)}`;
}
