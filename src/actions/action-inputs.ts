/**
 * Reading an action's inputs: every declared input (an empty one is unset),
 * secrets masked in the log before anything else can print them, then checked
 * with the action's zod schema. A wrong input is one message naming it.
 */
import { z } from "zod";
import { MlshipError } from "../lib/errors.js";

export interface ReadInputsOptions {
  /** Inputs holding secrets (tokens): masked as soon as they are read. */
  secrets?: readonly string[];
  mask?: (secret: string) => void;
  /** Trim surrounding whitespace (default true). */
  trim?: boolean;
}

/**
 * @returns the raw values by input name (undefined when empty) and the parsed ones.
 * @throws MlshipError `bad_usage` naming the first input that is wrong.
 */
export function readActionInputs<Schema extends z.ZodType>(
  names: readonly string[],
  schema: Schema,
  readInput: (name: string) => string,
  options: ReadInputsOptions = {},
): { raw: Record<string, string | undefined>; inputs: z.infer<Schema> } {
  const trim = options.trim ?? true;
  const raw: Record<string, string | undefined> = Object.fromEntries(
    names.map((name) => {
      const value = readInput(name);
      return [name, (trim ? value.trim() : value) || undefined];
    }),
  );
  for (const name of options.secrets ?? []) {
    const secret = raw[name];
    if (secret) options.mask?.(secret);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    // The one form every action error names an input in (see inputSpelling in action-io.ts).
    throw new MlshipError("bad_usage", `input '${issue.path.join(".")}': ${issue.message}.`);
  }
  return { raw, inputs: parsed.data };
}

/** A `true`/`false` input; unset means `unset`. */
export const flag = (unset: boolean) =>
  z
    .enum(["true", "false"], {
      error: (issue) => `expected true or false, got ${JSON.stringify(issue.input)}`,
    })
    .optional()
    .transform((v) => (v === undefined ? unset : v === "true"));
