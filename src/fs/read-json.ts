/**
 * Reads a JSON file a user or an earlier step gave, and checks it with its zod schema: a file that
 * is missing, is not JSON, or holds a field of the wrong type is refused with the file, the path
 * of the field and what it should be.
 */
import type { z } from "zod";
import { formatPath } from "../data/schema/structured-file.js";
import { MlshipError } from "../errors.js";
import { userPathSegment } from "../user-keyed-record.js";
import { readInput } from "./input.js";

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
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MlshipError(
      "invalid_json",
      `${file}: not valid JSON, expected ${what} (${(error as Error).message})`,
      {
        file,
      },
    );
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const [first, ...rest] = result.error.issues;
  const path = formatPath(first.path.map(userPathSegment));
  const more = rest.length > 0 ? ` (and ${rest.length} more problem${rest.length === 1 ? "" : "s"})` : "";
  throw new MlshipError("invalid_json", `not ${what}: ${first.message}${more}`, {
    file,
    ...(path ? { path } : {}),
  });
}
