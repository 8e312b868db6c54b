/**
 * JSON the registry reads — manifests, deployment records, a training run's
 * metrics.json — checked against its zod schema, so a bad file is an error
 * naming the field (`model.parts[0].file`), never a crash or a silent default.
 */
import type { z } from "zod";
import { formatPath } from "../data/schema/structured-file.js";
import { type ErrorCode, MlshipError } from "../errors.js";

export interface JsonSource {
  /** What the text is, opening the message: "manifest.json", "the manifest in the release body". */
  where: string;
  /** What it should be: "a valid manifest", "a deployment record". */
  what: string;
  /** The MlshipError code. */
  code: ErrorCode;
}

/** @throws MlshipError (exit 2): not JSON, or not the schema (naming the field). */
export function parseJsonWith<S extends z.ZodType>(schema: S, text: string, source: JsonSource): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MlshipError(source.code, `${source.where} is not valid JSON (${(error as Error).message})`);
  }
  return checkWith(schema, value, source);
}

/** @throws MlshipError (exit 2) naming the first bad field. */
export function checkWith<S extends z.ZodType>(schema: S, value: unknown, source: JsonSource): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = formatPath(issue.path);
  throw new MlshipError(
    source.code,
    `${source.where} is not ${source.what}${field ? ` at ${field}` : ""}: ${issue.message}`,
  );
}
