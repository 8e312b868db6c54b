/**
 * Where a resolved setting came from, shared by every capability's request layer
 * (src/evaluate/request.ts, src/data/validate/request.ts): what the user gave
 * (a CLI option, an action input), mlship.yml, the environment, or the default.
 * A problem with a value is located where the user can fix it: a given value by
 * its setting (the adapter spells it `--baseline`, `input 'baseline'`), a
 * configured one by the file and key, an environment variable by its name.
 */
import { basename } from "node:path";
import { z } from "zod";
import { type ErrorLocation, MlshipError, type SettingSpelling } from "./errors.js";

export type SettingSource =
  | { kind: "explicit" }
  | { kind: "config"; file: string; key: string; line?: number }
  | { kind: "environment"; variable: string }
  | { kind: "default" };

/** The mlship.yml a request read, as messages name it (its base name; `mlship.yml` without a file). */
export function configLabel(configFile: string | undefined): string {
  return configFile ? basename(configFile) : "mlship.yml";
}

/** Where a value from `source` is, for an error about `setting`. */
export function locationOf(setting: string, source: SettingSource): ErrorLocation {
  if (source.kind === "config") return { file: source.file, path: source.key, line: source.line };
  if (source.kind === "environment") return { variable: source.variable };
  return { setting };
}

/** The text a report keeps for where a value came from: `--features`, `mlship.yml (model.features)`. */
export function describeSource(setting: string, source: SettingSource, spell: SettingSpelling): string {
  if (source.kind === "config") return `${source.file} (${source.key})`;
  if (source.kind === "environment") return source.variable;
  return spell(setting);
}

/**
 * Rethrows an MlshipError the core raised about a setting (location `setting`) at the place its
 * value came from: a configured value by file and key, an environment variable by name.
 */
export function locateSettingError(error: unknown, sources: Readonly<Record<string, SettingSource>>): never {
  if (error instanceof MlshipError && error.location.setting !== undefined) {
    const source = sources[error.location.setting];
    if (source && source.kind !== "explicit" && source.kind !== "default") {
      const { setting: _, ...rest } = error.location;
      throw new MlshipError(
        error.code,
        error.message,
        { ...rest, ...locationOf(error.location.setting, source) },
        error.exitCode,
      );
    }
  }
  throw error;
}

/** `minRows` → `min-rows`: how the CLI and the actions spell a setting by default. */
export function kebabCase(setting: string): string {
  return setting.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
}

export interface NumberRange {
  min?: number;
  max?: number;
  integer?: boolean;
}

/**
 * A number setting, given as text (an option, an input) or a number (mlship.yml), checked against `range`.
 * A whole number is also at most 2^53 − 1 (Number.MAX_SAFE_INTEGER): beyond, a double no longer holds
 * every whole number, and 1e20 as a seed or a count would be rounded, or refused deep in the core.
 */
export function numberSetting(range: NumberRange = {}) {
  return z.union([z.number(), z.string()]).transform((raw, ctx) => {
    const value = typeof raw === "number" ? raw : raw.trim() === "" ? Number.NaN : Number(raw);
    const unsafe = range.integer && Number.isInteger(value) && !Number.isSafeInteger(value);
    const outside =
      (range.integer && !Number.isInteger(value)) ||
      (range.min !== undefined && value < range.min) ||
      (range.max !== undefined && value > range.max);
    if (!Number.isFinite(value) || outside || unsafe) {
      const bounded = unsafe ? { ...range, max: range.max ?? Number.MAX_SAFE_INTEGER } : range;
      const expected = Number.isFinite(value) ? describeNumberRange(bounded) : "a number";
      ctx.addIssue({ code: "custom", message: `expected ${expected}, got ${JSON.stringify(raw)}` });
      return z.NEVER;
    }
    return value;
  });
}

/** One of `choices`, named in the message when the value is something else. */
export function choiceSetting<const T extends readonly [string, ...string[]]>(choices: T) {
  const list = choices.length === 2 ? choices.join(" or ") : `one of ${choices.join(", ")}`;
  return z.enum(choices, { error: (issue) => `expected ${list}, got ${JSON.stringify(issue.input)}` });
}

/** `a whole number from 2 to 100`, `a number ≥ 0.5`. */
export function describeNumberRange(range: NumberRange): string {
  const kind = range.integer ? "a whole number" : "a number";
  if (range.min !== undefined && range.max !== undefined) return `${kind} from ${range.min} to ${range.max}`;
  if (range.min !== undefined) return `${kind} ≥ ${range.min}`;
  if (range.max !== undefined) return `${kind} ≤ ${range.max}`;
  return kind;
}

/**
 * Checks one setting's value with its schema.
 * @throws MlshipError `bad_usage` located where the value came from (see locationOf).
 */
export function checkSetting<S extends z.ZodType>(
  schema: S,
  setting: string,
  value: unknown,
  source: SettingSource,
): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new MlshipError("bad_usage", parsed.error.issues[0].message, locationOf(setting, source));
}

/** The first of explicit, configured, environment and default values that is set, and where it came from. */
export function pick<T>(candidates: [T | undefined, SettingSource][]): {
  value: T | undefined;
  source: SettingSource;
} {
  for (const [value, source] of candidates) if (value !== undefined) return { value, source };
  return { value: undefined, source: { kind: "default" } };
}

/**
 * Collects a request's settings: `set` takes the first candidate that is set, checks it with the
 * setting's schema (the error located where the value came from) and records its source.
 */
export function settingCollector<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  type Setting = keyof S & string;
  const sources = {} as Record<Setting, SettingSource>;
  const values = {} as Record<Setting, unknown>;
  const set = (setting: Setting, candidates: [unknown, SettingSource][]) => {
    const { value, source } = pick(candidates);
    sources[setting] = source;
    values[setting] = checkSetting(schema.shape[setting] as unknown as z.ZodType, setting, value, source);
  };
  return { sources, values, set };
}
