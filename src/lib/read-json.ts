/**
 * JSON that mlship reads — a file a user or an earlier step gave (a training run's metrics.json, an
 * evaluation), or a registry's manifests and deployment records — checked against its zod schema, so
 * a bad value is an error naming the field (`model.parts[0].file`), never a crash or a silent default.
 * One parse-and-check ({@link parseAndCheck}); two message styles: a file's (`readJsonFile`,
 * `parseJsonText`) and a registry record's (`parseJsonWith`, `checkWith`).
 */
import type { z } from "zod";
import { type ErrorCode, MlshipError } from "./errors.js";
import { readInput } from "./input.js";
import { formatPath } from "./structured-file.js";
import { userPathSegment } from "./user-keyed-record.js";

type Checked<T> = { ok: true; value: T } | { ok: false; issues: z.core.$ZodIssue[] };
type Parsed<T> = Checked<T> | { ok: false; syntaxError: string };

/** `text` parsed as JSON and checked with `schema`: the value, the parser's message, or the schema's issues. */
function parseAndCheck<S extends z.ZodType>(schema: S, text: string): Parsed<z.output<S>> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, syntaxError: (error as Error).message };
  }
  return check(schema, value);
}

function check<S extends z.ZodType>(schema: S, value: unknown): Checked<z.output<S>> {
  const result = schema.safeParse(value);
  return result.success ? { ok: true, value: result.data } : { ok: false, issues: result.error.issues };
}

/** The path of the field an issue is about, as a user wrote it (`metrics["a b"]`), or "" for the whole value. */
function fieldPath(issue: z.core.$ZodIssue): string {
  return formatPath(issue.path.map(userPathSegment));
}

/**
 * @param what what the file should hold, for the message (e.g. "a training run's metrics.json").
 * @throws MlshipError `file_unreadable` or `invalid_json` naming the file (and the field).
 */
export async function readJsonFile<S extends z.ZodType>(
  file: string,
  what: string,
  schema: S,
): Promise<z.output<S>> {
  let text: string;
  try {
    text = (await readInput(file)).toString("utf8");
  } catch (error) {
    if (error instanceof MlshipError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new MlshipError("file_unreadable", `${file}: cannot be read as ${what} (${reason})`, { file });
  }
  return parseJsonText(text, file, what, schema);
}

/** JSON text (from `file`) checked with `schema`; errors as {@link readJsonFile}'s. */
export function parseJsonText<S extends z.ZodType>(
  text: string,
  file: string,
  what: string,
  schema: S,
): z.output<S> {
  const checked = parseAndCheck(schema, text);
  if (checked.ok) return checked.value;
  if ("syntaxError" in checked) {
    throw new MlshipError(
      "invalid_json",
      `${file}: not valid JSON, expected ${what} (${checked.syntaxError})`,
      {
        file,
      },
    );
  }
  const [first, ...rest] = checked.issues;
  const path = fieldPath(first);
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? "" : "s"})` : "";
  throw new MlshipError("invalid_json", `not ${what}: ${first.message}${more}`, {
    file,
    ...(path ? { path } : {}),
  });
}

/** Where JSON that is not a file came from, for a registry's messages. */
export interface JsonSource {
  /** What the text is, opening the message: "manifest.json", "the manifest in the release body". */
  where: string;
  /** What it should be: "a valid manifest", "a deployment record". */
  what: string;
  /** The MlshipError code. */
  code: ErrorCode;
}

/** @throws MlshipError (exit 2): not JSON, or not the schema (naming the field). */
export function parseJsonWith<S extends z.ZodType>(schema: S, text: string, source: JsonSource): z.output<S> {
  const checked = parseAndCheck(schema, text);
  if (checked.ok) return checked.value;
  if ("syntaxError" in checked) {
    throw new MlshipError(source.code, `${source.where} is not valid JSON (${checked.syntaxError})`);
  }
  throw sourceSchemaError(checked.issues, source);
}

/** @throws MlshipError (exit 2) naming the first bad field. */
export function checkWith<S extends z.ZodType>(schema: S, value: unknown, source: JsonSource): z.output<S> {
  const checked = check(schema, value);
  if (checked.ok) return checked.value;
  throw sourceSchemaError(checked.issues, source);
}

function sourceSchemaError(issues: z.core.$ZodIssue[], source: JsonSource): MlshipError {
  const field = fieldPath(issues[0]);
  return new MlshipError(
    source.code,
    `${source.where} is not ${source.what}${field ? ` at ${field}` : ""}: ${issues[0].message}`,
  );
}
