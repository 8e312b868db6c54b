/**
 * Loads YAML or JSON files (mlship.yml, schema.yml, schema.json) through a zod
 * schema, and turns every mistake into an MlshipError that names the file, the
 * line and the path of the offending value: `mlship.yml:7 (drift.threshold):
 * expected a number, got "high"`.
 */
import { extname, isAbsolute, relative } from "node:path";
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { z } from "zod";
import { type ErrorCode, MlshipError } from "./errors.js";
import { readInput } from "./input.js";
import { userPathSegment } from "./user-keyed-record.js";

/** One problem found in a structured file, located in its source. */
export interface StructuredIssue {
  /** Dotted path of the value, e.g. `columns.age.min`; empty for the whole document. */
  path: string;
  /** 1-based line of the value (or of its nearest existing parent) in the file. */
  line?: number;
  message: string;
}

/** A structured file that failed to parse or validate; `issues` holds every problem (sorted by line). */
export class StructuredFileError extends MlshipError {
  readonly issues: StructuredIssue[];

  constructor(code: ErrorCode, file: string, issues: StructuredIssue[], maxIssues: number) {
    const [first, ...rest] = issues;
    const listed = rest.slice(0, Math.max(0, maxIssues - 1));
    const lines = listed.map((issue) => `  ${locateIssue(file, issue).describe()}`);
    if (rest.length > listed.length) lines.push(`  … and ${rest.length - listed.length} more`);
    super(code, [first.message, ...lines].join("\n"), locationOf(file, first));
    this.issues = issues;
  }
}

export interface ParseStructuredOptions {
  /** MlshipError code for syntax and validation errors (default `invalid_config`). */
  code?: ErrorCode;
  /** How many issues the error message lists (default 5); `issues` on the error holds all. */
  maxIssues?: number;
  /** Told, once the file is valid, how to find the line of a value by its path (for later messages). */
  onLines?: (lineOfPath: (path: readonly PropertyKey[]) => number | undefined) => void;
}

/**
 * Parses YAML or JSON text (JSON is read as YAML, so line numbers work for both)
 * and validates it with `schema`. An empty document is read as `{}`, so a schema
 * whose fields all have defaults accepts an empty file.
 * @throws StructuredFileError (exit code 2) on a syntax error or a value the schema rejects.
 */
export function parseStructured<T>(
  text: string,
  file: string,
  schema: z.ZodType<T>,
  options: ParseStructuredOptions = {},
): T {
  const code = options.code ?? "invalid_config";
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntax = syntaxKind(file);

  const [yamlError] = doc.errors;
  if (yamlError) {
    const { line, col } = lineCounter.linePos(yamlError.pos[0]);
    const message = `${syntax} syntax error: ${firstLine(yamlError.message)}`;
    throw new MlshipError(code, message, { file, line, column: col });
  }

  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (error) {
    // Unresolved aliases and alias bombs surface here, not in doc.errors.
    throw new MlshipError(code, `${syntax} syntax error: ${(error as Error).message}`, { file });
  }

  const lineOfPath = (path: readonly PropertyKey[]) => lineOf(doc, path, lineCounter);
  const valid = validateStructured(data, file, schema, options, lineOfPath);
  options.onLines?.(lineOfPath);
  return valid;
}

/**
 * Validates data already parsed (a large JSON file read with JSON.parse, where
 * line numbers would cost a YAML parse) with `schema`, naming each bad value by
 * its path: `profile.json (columns[2].count): expected a number, got "5"`.
 * @throws StructuredFileError (exit code 2) when the schema rejects the data.
 */
export function validateStructured<T>(
  data: unknown,
  file: string,
  schema: z.ZodType<T>,
  options: ParseStructuredOptions = {},
  lineOfPath: (path: PropertyKey[]) => number | undefined = () => undefined,
): T {
  const knownKeys = new WeakMap<object, string[]>();
  const result = schema.safeParse(data, { reportInput: true, error: issueMessage(knownKeys) });
  if (result.success) return result.data;

  const issues = result.error.issues
    .flatMap((issue) => expandIssue(issue, [], knownKeys))
    .map(({ path, message }) => ({ path: formatPath(path), line: lineOfPath(path), message }))
    .sort((a, b) => (a.line ?? Number.POSITIVE_INFINITY) - (b.line ?? Number.POSITIVE_INFINITY));
  throw new StructuredFileError(options.code ?? "invalid_config", file, issues, options.maxIssues ?? 5);
}

/**
 * Reads `path` and parses it with {@link parseStructured}. Messages name the
 * file as given (or relative to the working directory when it lies inside it).
 * @throws MlshipError `file_not_found` when the file does not exist.
 */
export async function loadStructuredFile<T>(
  path: string,
  schema: z.ZodType<T>,
  options: ParseStructuredOptions = {},
): Promise<T> {
  const file = displayPath(path);
  let text: string;
  try {
    text = (await readInput(path)).toString("utf8");
  } catch (error) {
    if (error instanceof MlshipError) throw error;
    const errno = (error as NodeJS.ErrnoException).code;
    if (errno === "ENOENT") throw new MlshipError("file_not_found", `file not found: ${file}`, { file });
    if (errno === "EISDIR") {
      throw new MlshipError("file_not_found", `${file} is a directory; expected a YAML or JSON file`, {
        file,
      });
    }
    if (errno === "EACCES" || errno === "EPERM") {
      throw new MlshipError("file_unreadable", `cannot read ${file}: permission denied`, { file });
    }
    throw error;
  }
  return parseStructured(text, file, schema, options);
}

/** `path` relative to the working directory when it lies inside it, else as given. */
export function displayPath(path: string): string {
  if (!isAbsolute(path)) return path;
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith("..") && !isAbsolute(inside) ? inside : path;
}

/** `columns.age.min`, `values[2]`, `columns["monthly charges"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else if (typeof segment === "string" && /^[A-Za-z_$][\w$-]*$/.test(segment))
      out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/** The closest candidate to a mistyped name, or undefined when none is close. */
export function suggestName(name: string, candidates: readonly string[]): string | undefined {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(name.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours cost 1. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
      }
    }
  }
  return rows[a.length][b.length];
}

function syntaxKind(file: string): "JSON" | "YAML" {
  return extname(file).toLowerCase() === ".json" ? "JSON" : "YAML";
}

function firstLine(message: string): string {
  return message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "");
}

function locationOf(file: string, issue: StructuredIssue) {
  return { file, line: issue.line, path: issue.path || undefined };
}

function locateIssue(file: string, issue: StructuredIssue): MlshipError {
  return new MlshipError("invalid_config", issue.message, locationOf(file, issue));
}

// ---------------------------------------------------------------------------
// zod issues -> messages

interface PlainIssue {
  path: PropertyKey[];
  message: string;
}

/**
 * A per-parse zod error map. It only applies where the schema did not set its
 * own message, so refinements keep their wording. It also records the keys an
 * object accepts, to suggest one for an unknown key.
 */
function issueMessage(knownKeys: WeakMap<object, string[]>): z.core.$ZodErrorMap {
  return (issue) => {
    const input = issue.input;
    switch (issue.code) {
      case "invalid_type":
        if (input === undefined) return `required; expected ${expectedType(issue.expected)}`;
        return `expected ${expectedType(issue.expected)}, got ${describeValue(input)}${quotedNumberHint(issue.expected, input)}`;
      case "invalid_value": {
        const allowed = issue.values.map((value) => (typeof value === "string" ? value : String(value)));
        const expected =
          allowed.length === 1
            ? `expected ${JSON.stringify(issue.values[0])}`
            : `expected one of: ${allowed.join(", ")}`;
        return input === undefined ? `required; ${expected}` : `${expected}, got ${describeValue(input)}`;
      }
      case "too_small":
        return sizeMessage("at least", issue.origin, issue.minimum, issue.inclusive, input);
      case "too_big":
        return sizeMessage("at most", issue.origin, issue.maximum, issue.inclusive, input);
      case "not_multiple_of":
        return `expected a multiple of ${issue.divisor}, got ${describeValue(input)}`;
      case "invalid_format":
        return issue.format === "regex"
          ? `expected text matching ${issue.pattern}, got ${describeValue(input)}`
          : `expected a valid ${issue.format}, got ${describeValue(input)}`;
      case "invalid_key":
        return `invalid key ${describeValue(input)}: ${issue.issues[0]?.message ?? "not allowed"}`;
      case "unrecognized_keys": {
        const shape = (issue.inst as { _zod?: { def?: { shape?: object } } } | undefined)?._zod?.def?.shape;
        if (shape && input && typeof input === "object") knownKeys.set(input, Object.keys(shape));
        return `unknown ${issue.keys.length === 1 ? "key" : "keys"} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
      }
      default:
        return undefined;
    }
  };
}

/**
 * Splits and rewrites zod's issues into located ones: one issue per unknown key
 * (pointing at the key, with a suggestion), and a union's closest branch instead
 * of zod's bare "Invalid input".
 */
function expandIssue(
  issue: z.core.$ZodIssue,
  prefix: PropertyKey[],
  knownKeys: WeakMap<object, string[]>,
): PlainIssue[] {
  const path = [...prefix, ...issue.path.map(userPathSegment)];
  if (issue.code === "unrecognized_keys") {
    const input =
      issue.input && typeof issue.input === "object" ? (issue.input as Record<string, unknown>) : {};
    const allowed = knownKeys.get(input) ?? [];
    const unused = allowed.filter((key) => !(key in input));
    return issue.keys.map((key) => ({
      path: [...path, key],
      message: unknownKeyMessage(key, unused, allowed),
    }));
  }
  if (issue.code === "invalid_union" && issue.errors.length > 0) {
    const close = issue.errors.filter((branch) => !isTypeMismatch(branch));
    if (close.length === 1) return close[0].flatMap((inner) => expandIssue(inner, path, knownKeys));
    const expected = issue.errors.flatMap((branch) => branch.map(expectedOfMismatch)).filter(isDefined);
    if (close.length === 0 && expected.length > 0) {
      return [{ path, message: `expected ${joinOr(unique(expected))}, got ${describeValue(issue.input)}` }];
    }
  }
  return [{ path, message: issue.message }];
}

function unknownKeyMessage(key: string, unused: string[], allowed: string[]): string {
  const suggestion = suggestName(key, unused);
  if (suggestion) return `unknown key "${key}" (did you mean "${suggestion}"?)`;
  if (allowed.length > 0) return `unknown key "${key}"; allowed keys: ${allowed.join(", ")}`;
  return `unknown key "${key}"`;
}

/** True when a union branch failed only because the value has another type altogether. */
function isTypeMismatch(branch: z.core.$ZodIssue[]): boolean {
  return branch.every(
    (issue) => issue.path.length === 0 && (issue.code === "invalid_type" || issue.code === "invalid_value"),
  );
}

function expectedOfMismatch(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === "invalid_type") return expectedType(issue.expected);
  if (issue.code === "invalid_value") return issue.values.map((value) => JSON.stringify(value)).join(" or ");
  return undefined;
}

function expectedType(expected: string): string {
  switch (expected) {
    case "int":
      return "an integer";
    case "object":
    case "record":
    case "map":
      return "a mapping (key: value)";
    case "array":
    case "tuple":
      return "a list";
    case "boolean":
      return "a boolean (true or false)";
    case "undefined":
      return "nothing";
    default:
      return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
  }
}

function describeValue(value: unknown): string {
  if (value === null) return "null (an empty value)";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string")
    return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return String(value);
}

function quotedNumberHint(expected: string, input: unknown): string {
  const numeric = typeof input === "string" && input.trim() !== "" && Number.isFinite(Number(input));
  return numeric && (expected === "number" || expected === "int")
    ? " (a quoted number is text: remove the quotes)"
    : "";
}

function sizeMessage(
  bound: "at least" | "at most",
  origin: string,
  limit: number | bigint,
  inclusive: boolean | undefined,
  input: unknown,
): string {
  if (origin === "string") {
    if (bound === "at least" && Number(limit) === 1) return "must not be empty";
    return `expected ${bound} ${limit} characters, got ${String(input).length}`;
  }
  if (origin === "array" || origin === "set") {
    const count = Array.isArray(input) ? `, got ${input.length}` : "";
    return `expected ${bound} ${limit} ${Number(limit) === 1 ? "item" : "items"}${count}`;
  }
  const op = bound === "at least" ? (inclusive ? ">=" : ">") : inclusive ? "<=" : "<";
  return `expected a number ${op} ${limit}, got ${describeValue(input)}`;
}

function joinOr(items: string[]): string {
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} or ${items[items.length - 1]}`;
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

function isDefined<T>(value: T | undefined): value is T {
  return value !== undefined;
}

// ---------------------------------------------------------------------------
// paths -> lines

/**
 * The 1-based line of the value at `path`. A scalar points at its own line; a
 * collection, an empty value or a missing key points at the key that holds it,
 * so `columns.age` (missing `type`) points at the `age:` line.
 */
function lineOf(doc: Document, path: readonly PropertyKey[], lineCounter: LineCounter): number | undefined {
  let node: unknown = doc.contents;
  let keyLine: number | undefined;
  for (const segment of path) {
    const next = childOf(node, segment);
    if (!next) break;
    keyLine = next.key ? lineAt(next.key, lineCounter) : undefined;
    node = next.value;
  }
  const nodeLine = lineAt(node, lineCounter);
  if (keyLine !== undefined && (!isScalar(node) || node.value === null)) return keyLine;
  return nodeLine ?? keyLine ?? 1;
}

function childOf(node: unknown, segment: PropertyKey): { key?: unknown; value: unknown } | undefined {
  if (isMap(node)) {
    const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
    return pair ? { key: pair.key, value: pair.value } : undefined;
  }
  if (isSeq(node) && typeof segment === "number") {
    const item = node.items[segment];
    return item === undefined ? undefined : { value: item };
  }
  return undefined;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === "string" ? key : undefined;
}

function lineAt(node: unknown, lineCounter: LineCounter): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? lineCounter.linePos(range[0]).line : undefined;
}
