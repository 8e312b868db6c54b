/**
 * Regular expressions a user writes (a schema column's `pattern`) run on RE2JS, a linear-time
 * engine with RE2's syntax: a pattern such as `^(a+)+$` cannot make validation backtrack for ever
 * on a long value. What RE2 leaves out (lookahead, lookbehind, backreferences) is refused when the
 * schema is read, with the reason. As in JSON Schema, a value matches when the pattern matches any
 * part of it (anchor with ^…$ for the whole value). README.md, "Schemas", says so.
 */
import { RE2JS } from "re2js";

export interface TextPattern {
  /** Whether the pattern matches some part of `text`. */
  test(text: string): boolean;
}

const UNSUPPORTED: [RegExp, string][] = [
  [/\(\?<?[=!]/, "lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported"],
  [/\\[1-9]|\\k</, "backreferences (\\1, \\k<name>) are not supported"],
];

/**
 * Compiles a user's pattern for linear-time matching.
 * @throws Error whose message says why the pattern cannot run (for the caller to place in the file).
 */
export function compileUserPattern(pattern: string): TextPattern {
  try {
    return RE2JS.compile(pattern);
  } catch (error) {
    const known = UNSUPPORTED.find(([construct]) => construct.test(pattern));
    const reason = known
      ? known[1]
      : (error as Error).message
          .replace(/^error parsing regexp: /, "")
          .replace(/^invalid or unsupported /, "unsupported ");
    throw new Error(`${reason}: patterns use RE2 syntax, matched in linear time`);
  }
}

/** The compiled `pattern` of a column (RE2 syntax, linear-time), compiled as the schema check compiles it. */
export function columnPattern(spec: { pattern?: string }): TextPattern | undefined {
  return spec.pattern === undefined ? undefined : compileUserPattern(spec.pattern);
}
