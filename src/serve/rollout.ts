/**
 * A model's rollout inside the server (docs/design.md, "Model server"): which version is `stable`, which
 * is the `candidate`, how requests are split between them (`strategy`, `weight`) and what keeps a user on
 * one version (`stickyKey`). The body of `PUT /admin/models/{name}/rollout` is checked here, and every
 * request is routed here ({@link routeRequest}); the server loads versions and runs them.
 */
import { z } from "zod";
import { hashString } from "../data/sketch/hash.js";
import { type ErrorCode, MlshipError } from "../lib/errors.js";
import { ownValue } from "../lib/own-keys.js";
import { StructuredFileError, validateStructured } from "../lib/structured-file.js";

export const STRATEGIES = ["canary", "ab", "shadow", "bluegreen"] as const;
export type Strategy = (typeof STRATEGIES)[number];

/** `header:<name>` (an HTTP header, any case) or `field:<name>` (a feature of the request's first row). */
const STICKY_KEY = /^(header|field):(.+)$/;
/** An HTTP header name: an RFC 9110 token. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const WEIGHT_MESSAGE = "expected a number from 0 to 100 (the candidate's share of requests, in percent)";

const describeInput = (input: unknown) => (typeof input === "string" ? JSON.stringify(input) : String(input));

const weight = z
  .number({ error: (issue) => (issue.input === undefined ? `required; ${WEIGHT_MESSAGE}` : undefined) })
  .min(0, { error: (issue) => `${WEIGHT_MESSAGE}, got ${describeInput(issue.input)}` })
  .max(100, { error: (issue) => `${WEIGHT_MESSAGE}, got ${describeInput(issue.input)}` })
  .describe(
    "The candidate's share of requests in percent, 0 to 100 (fractions allowed). canary and ab: the share " +
      "the candidate answers; bluegreen: 0 (stable answers) or 100 (candidate answers); shadow: not used " +
      "(every request is copied to the candidate).",
  );

export const StickyKeySchema = z
  .string()
  .refine((key) => isStickyKey(key), {
    error: (issue) =>
      `expected "header:<name>" (an HTTP header) or "field:<name>" (an input field), got ${describeInput(issue.input)}`,
  })
  .describe(
    'What keeps a user on one version: "header:<name>" takes the value of that request header (name in ' +
      'any case, e.g. "header:x-user-id"), "field:<name>" the value of that field in the request\'s first ' +
      'row (e.g. "field:customer_id"). Requests with the same value always get the same arm; a request ' +
      "without the value is routed at random with the weight.",
  );

/** The rollout's shape and the rules between its fields; which versions exist is checked by {@link checkRollout}. */
export const RolloutSchema = z
  .strictObject({
    stable: z
      .string()
      .min(1)
      .describe("The version that answers unless the strategy sends a request elsewhere."),
    candidate: z
      .string()
      .min(1)
      .nullish()
      .describe("The version being rolled out (null or absent: none). Must differ from stable."),
    strategy: z
      .enum(STRATEGIES)
      .describe(
        "canary: the candidate answers `weight`% of requests; ab: the same split, its outcomes compared per " +
          "arm; shadow: stable answers every request and the candidate gets a copy; bluegreen: weight 0 or " +
          "100 sends every request to stable or to the candidate.",
      ),
    weight,
    stickyKey: StickyKeySchema.nullish(),
  })
  .superRefine((rollout, context) => {
    for (const problem of fieldRules(rollout)) {
      context.addIssue({ code: "custom", path: [problem.field], message: problem.message });
    }
  })
  .describe('The body of PUT /admin/models/{name}/rollout (docs/design.md, "Model server").');

/** A checked rollout: `candidate` and `stickyKey` are absent (never null) when not set. */
export interface Rollout {
  stable: string;
  candidate?: string;
  strategy: Strategy;
  weight: number;
  /** `header:<lower-case name>` or `field:<name>`. */
  stickyKey?: string;
}

/** One thing wrong in a rollout body: the field (`weight`, `candidate`) and what is wrong with it. */
export interface RolloutProblem {
  field: string;
  message: string;
  code: ErrorCode;
}

export type RolloutCheck = { ok: true; rollout: Rollout } | { ok: false; problems: RolloutProblem[] };

/** What the server knows about the model the rollout is for. */
export interface RolloutContext {
  /** The model's name, for messages. */
  model: string;
  /** Every version the server has loaded or can load for this model. */
  versions: Iterable<string>;
}

function isStickyKey(key: string): boolean {
  const match = STICKY_KEY.exec(key);
  if (!match) return false;
  return match[1] === "field" || HEADER_NAME.test(match[2]);
}

/** The candidate's problem when it is the stable version (checked again once `v1.2.0` is read as `1.2.0`). */
function sameVersion(stable: string, candidate: string | null | undefined) {
  return candidate === stable
    ? { field: "candidate", message: `must differ from stable (both are ${JSON.stringify(stable)})` }
    : undefined;
}

/** The rules between fields, once each field has the right type . */
function fieldRules(rollout: {
  stable: string;
  candidate?: string | null;
  strategy: Strategy;
  weight: number;
}): Omit<RolloutProblem, "code">[] {
  const { stable, candidate, strategy, weight } = rollout;
  const problems: Omit<RolloutProblem, "code">[] = [];
  const same = sameVersion(stable, candidate);
  if (same) problems.push(same);
  if (strategy === "bluegreen" && weight !== 0 && weight !== 100) {
    problems.push({
      field: "weight",
      message: `expected 0 (stable answers) or 100 (candidate answers) with strategy bluegreen, got ${weight}`,
    });
  }
  if (candidate == null && strategy === "shadow") {
    problems.push({
      field: "candidate",
      message: "required with strategy shadow (the version that gets the copies)",
    });
  } else if (candidate == null && weight > 0) {
    problems.push({
      field: "candidate",
      message: `required with strategy ${strategy} and weight ${weight} (the version that answers ${weight}% of requests); set weight 0 to serve stable alone`,
    });
  }
  return problems;
}

/**
 * Checks a rollout body (parsed JSON) for `context.model`: every problem, each naming its field, so a
 * 400 answer lists them all. A version written `v1.2.0` is read as `1.2.0` when that one exists.
 */
export function checkRollout(body: unknown, context: RolloutContext): RolloutCheck {
  let parsed: z.output<typeof RolloutSchema>;
  try {
    parsed = validateStructured(body, "rollout", RolloutSchema);
  } catch (error) {
    if (!(error instanceof StructuredFileError)) throw error;
    return {
      ok: false,
      problems: error.issues.map((issue) => ({
        field: issue.path,
        message: issue.message,
        code: "bad_rollout",
      })),
    };
  }
  const known = [...context.versions];
  const problems: RolloutProblem[] = [];
  const stable = knownVersion(parsed.stable, "stable", known, context.model, problems);
  const candidate =
    parsed.candidate == null
      ? undefined
      : knownVersion(parsed.candidate, "candidate", known, context.model, problems);
  const same = sameVersion(stable, candidate);
  if (same) problems.push({ ...same, code: "bad_rollout" });
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, rollout: checkedRollout({ ...parsed, stable, candidate }) };
}

/** A rollout {@link RolloutSchema} accepted, as the server keeps it: no null fields, a header's name in lower case. */
export function checkedRollout(parsed: z.output<typeof RolloutSchema>): Rollout {
  const rollout: Rollout = { stable: parsed.stable, strategy: parsed.strategy, weight: parsed.weight };
  if (parsed.candidate != null) rollout.candidate = parsed.candidate;
  if (parsed.stickyKey != null) rollout.stickyKey = normalStickyKey(parsed.stickyKey);
  return rollout;
}

/**
 * {@link checkRollout}, throwing: the message lists every problem (`weight: …; candidate: …`).
 * @throws MlshipError `unknown_version` when only versions are unknown, else `bad_rollout` (exit 2; a 400).
 */
export function parseRollout(body: unknown, context: RolloutContext): Rollout {
  const checked = checkRollout(body, context);
  if (checked.ok) return checked.rollout;
  throw rolloutError(checked.problems);
}

/** One MlshipError for the problems of a rollout: each `field: message`, joined by `; `. */
export function rolloutError(problems: readonly RolloutProblem[]): MlshipError {
  const message = problems.map((problem) =>
    problem.field ? `${problem.field}: ${problem.message}` : problem.message,
  );
  const code = problems.every((problem) => problem.code === "unknown_version")
    ? "unknown_version"
    : "bad_rollout";
  return new MlshipError(code, message.join("; "));
}

const LISTED_VERSIONS = 10;

function knownVersion(
  version: string,
  field: string,
  known: readonly string[],
  model: string,
  problems: RolloutProblem[],
): string {
  if (known.includes(version)) return version;
  if (version.startsWith("v") && known.includes(version.slice(1))) return version.slice(1);
  // Every known version is listed (the last ten of many): versions a character apart are all real ones.
  const listed = known.slice(-LISTED_VERSIONS).join(", ");
  const more = known.length > LISTED_VERSIONS ? `… (${known.length} in all), ` : "";
  const hint = known.length === 0 ? "it has no versions" : `known: ${more}${listed}`;
  problems.push({
    field,
    message: `unknown version ${JSON.stringify(version)} of model ${JSON.stringify(model)} (${hint})`,
    code: "unknown_version",
  });
  return version;
}

function normalStickyKey(key: string): string {
  const { from, name } = stickySource(key);
  return `${from}:${from === "header" ? name.toLowerCase() : name}`;
}

/** The rollout of a model served alone: `version` answers every request. */
export function singleVersionRollout(version: string): Rollout {
  return { stable: version, strategy: "canary", weight: 0 };
}

/** The versions a rollout sends requests (or copies) to, stable first: the ones that must be loaded. */
export function rolloutVersions(rollout: Rollout): string[] {
  return rollout.candidate === undefined ? [rollout.stable] : [rollout.stable, rollout.candidate];
}

/** One line for the log: `canary: 1.1.0 (candidate) answers 30% of requests, 1.0.0 (stable) the rest; sticky by header x-user-id`. */
export function describeRollout(rollout: Rollout): string {
  const { stable, candidate, strategy, weight } = rollout;
  const source = rollout.stickyKey === undefined ? undefined : stickySource(rollout.stickyKey);
  const sticky = source === undefined ? "" : `; sticky by ${source.from} ${source.name}`;
  if (candidate === undefined) return `${strategy}: ${stable} (stable) answers every request`;
  switch (strategy) {
    case "shadow":
      return `shadow: ${stable} (stable) answers every request, ${candidate} (candidate) gets a copy of each`;
    case "bluegreen":
      return weight === 100
        ? `bluegreen: ${candidate} (candidate) answers every request, ${stable} (stable) stays loaded`
        : `bluegreen: ${stable} (stable) answers every request, ${candidate} (candidate) stays loaded`;
    default:
      return `${strategy}: ${candidate} (candidate) answers ${weight}% of requests, ${stable} (stable) the rest${sticky}`;
  }
}

/** Where a sticky key's value comes from. */
export interface StickySource {
  from: "header" | "field";
  name: string;
}

/** The parts of a checked `stickyKey` (`header:x-user-id` → header `x-user-id`). */
export function stickySource(stickyKey: string): StickySource {
  const match = STICKY_KEY.exec(stickyKey);
  if (!match) throw new Error(`not a checked sticky key: ${JSON.stringify(stickyKey)}`);
  return { from: match[1] as StickySource["from"], name: match[2] };
}

/** What a request offers for its sticky value. */
export interface StickyInputs {
  /** The request's headers, names in lower case (as node:http and fastify give them). */
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  /** The request's first row as the client sent it (a v1 instance; an OIP v2 input's first element). */
  fields?: Readonly<Record<string, unknown>>;
}

/**
 * The request's value for `stickyKey`: text, a number or a boolean (as text); undefined when the key is
 * not set, the value is missing or empty, or it is not a single value. A repeated header counts by its first value.
 */
export function stickyValueOf(stickyKey: string | undefined, request: StickyInputs): string | undefined {
  if (stickyKey === undefined) return undefined;
  const { from, name } = stickySource(stickyKey);
  const header = from === "header" ? ownValue(request.headers, name.toLowerCase()) : undefined;
  const value =
    from === "field" ? ownValue(request.fields, name) : Array.isArray(header) ? header[0] : header;
  if (typeof value === "string") return value === "" ? undefined : value;
  if ((typeof value === "number" && Number.isFinite(value)) || typeof value === "boolean")
    return String(value);
  return undefined;
}

/** Where one request goes: the version that answers, its arm, and the version that gets a copy (shadow). */
export interface Route {
  answer: string;
  arm: "stable" | "candidate";
  shadow?: string;
}

const TWO_POW_32 = 0x1_0000_0000;

/**
 * A sticky value's point in [0, 100): MurmurHash3 of the value, seeded by the candidate's version so that
 * each candidate splits users afresh. The candidate answers the points below the weight, so raising the
 * weight only moves users from stable to the candidate, never back.
 */
export function stickyPoint(stickyValue: string, candidate: string): number {
  return (hashString(stickyValue, hashString(candidate)) / TWO_POW_32) * 100;
}

/**
 * The version that answers a request (docs/design.md, "Model server"). canary and ab: the candidate
 * answers `weight`% of requests, chosen by the sticky value's hash when there is one, else by `random`
 * (uniform in [0, 1)); shadow: stable answers and the candidate gets a copy; bluegreen: weight 100 sends
 * every request to the candidate, 0 to stable.
 */
export function routeRequest(rollout: Rollout, stickyValue: string | undefined, random: () => number): Route {
  const { stable, candidate, strategy, weight } = rollout;
  if (candidate === undefined) return { answer: stable, arm: "stable" };
  if (strategy === "shadow") return { answer: stable, arm: "stable", shadow: candidate };
  if (strategy === "bluegreen") {
    return weight === 100 ? { answer: candidate, arm: "candidate" } : { answer: stable, arm: "stable" };
  }
  const point = stickyValue === undefined ? random() * 100 : stickyPoint(stickyValue, candidate);
  return point < weight ? { answer: candidate, arm: "candidate" } : { answer: stable, arm: "stable" };
}
