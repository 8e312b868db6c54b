/**
 * The search space of a hyperparameter search (`train.search.space` in
 * mlship.yml): one entry per parameter, keyed by its name.
 *
 * ```yaml
 * space:
 *   learning_rate: { type: loguniform, low: 0.001, high: 0.3 }
 *   max_depth:     { type: int, low: 2, high: 10 }
 *   booster:       { type: choice, values: [gbtree, linear] }
 *   subsample:     { type: uniform, low: 0.5, high: 1.0, when: { booster: gbtree } }
 * ```
 *
 * Conditional parameters use one design: a flat map where a parameter carries
 * `when: { <choice parameter>: value | [values] }`. It is active only when every
 * parameter it names is itself active and has one of the listed values; an
 * inactive parameter is absent from the trial's params (not null). Only `choice`
 * parameters can be tested, so a condition is always an exact, finite match, and
 * conditions may chain (a parameter conditional on a conditional one) but not
 * form a cycle.
 *
 * Ranges: `low` and `high` are both inclusive for `int`; `uniform` and
 * `loguniform` draw from [low, high]. `loguniform` and `int` with `log: true`
 * are searched on a logarithmic scale (their `low` must be > 0, resp. >= 1).
 * `gridPoints` (>= 2) sets how many points the grid sampler takes from a range
 * (default: the grid sampler's `gridPoints`, 5).
 */

import { z } from "zod";
import { MlshipError } from "../lib/errors.js";
import { ownRecord, ownValue } from "../lib/own-keys.js";
import { formatPath, suggestName } from "../lib/structured-file.js";
import { userKeyedRecord, userPathSegment } from "../lib/user-keyed-record.js";

/** A value a parameter can take. */
export type ParamValue = string | number | boolean;
/** One trial's parameters: only the active ones are present. */
export type Params = Record<string, ParamValue>;

/** Parameter names become `{name}` placeholders in commands and keys in JSON files. */
export const PARAMETER_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

const ChoiceValueSchema = z.union([z.string(), z.number(), z.boolean()]);

const WhenSchema = userKeyedRecord(
  z.string(),
  z.union([ChoiceValueSchema, z.array(ChoiceValueSchema).min(1)]),
)
  .optional()
  .describe(
    "Makes this parameter conditional: active only when each named choice parameter is active and has the given value (or one of the listed values).",
  );

const GridPointsSchema = z
  .int()
  .min(2)
  .max(1000)
  .optional()
  .describe("How many evenly spaced points the grid sampler takes from this range (default 5).");

const UniformSchema = z.strictObject({
  type: z.literal("uniform"),
  low: z.number(),
  high: z.number(),
  gridPoints: GridPointsSchema,
  when: WhenSchema,
});

const LogUniformSchema = z.strictObject({
  type: z.literal("loguniform"),
  low: z.number(),
  high: z.number(),
  gridPoints: GridPointsSchema,
  when: WhenSchema,
});

const IntSchema = z.strictObject({
  type: z.literal("int"),
  low: z.int(),
  high: z.int(),
  step: z.int().min(1).default(1).describe("Only low, low + step, … up to high are taken."),
  log: z.boolean().default(false).describe("Search on a logarithmic scale (needs low >= 1 and step 1)."),
  gridPoints: GridPointsSchema,
  when: WhenSchema,
});

const ChoiceSchema = z.strictObject({
  type: z.literal("choice"),
  values: z.array(ChoiceValueSchema).min(1),
  when: WhenSchema,
});

const ParameterUnionSchema = z.discriminatedUnion("type", [
  UniformSchema,
  LogUniformSchema,
  IntSchema,
  ChoiceSchema,
]);

export const ParameterSpecSchema = ParameterUnionSchema.superRefine(checkParameter).describe(
  "One hyperparameter: uniform, loguniform, int or choice.",
);

export const SearchSpaceSchema = userKeyedRecord(
  z.string().regex(PARAMETER_NAME_PATTERN, {
    message: "a parameter name starts with a letter or '_' and uses only letters, digits, '_', '.' and '-'",
  }),
  ParameterSpecSchema,
)
  .superRefine(checkSpace)
  .describe("The hyperparameters to search: parameter name -> distribution.");

export type UniformParameter = z.infer<typeof UniformSchema>;
export type LogUniformParameter = z.infer<typeof LogUniformSchema>;
export type IntParameter = z.infer<typeof IntSchema>;
export type ChoiceParameter = z.infer<typeof ChoiceSchema>;
export type ParameterSpec = z.infer<typeof ParameterUnionSchema>;
export type NumericParameter = UniformParameter | LogUniformParameter | IntParameter;
export type SearchSpace = Record<string, ParameterSpec>;
export type SearchSpaceInput = z.input<typeof SearchSpaceSchema>;

/** Where the search space sits in mlship.yml; error paths start here. */
export const SEARCH_SPACE_PATH = "train.search.space";

/**
 * Validates a search space given as plain data (e.g. from a trial spec or a
 * config already parsed as YAML).
 * @throws MlshipError `invalid_config` whose path names the bad entry, e.g. `train.search.space.lr.low`.
 */
export function parseSearchSpace(value: unknown, basePath: string = SEARCH_SPACE_PATH): SearchSpace {
  const result = SearchSpaceSchema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: joinPath(basePath, formatPath(issue.path.map(userPathSegment))),
    // A bad parameter name is reported by zod as "Invalid key in record", its reason nested.
    message: issue.code === "invalid_key" ? (issue.issues[0]?.message ?? issue.message) : issue.message,
  }));
  const [first, ...rest] = issues;
  const more = rest.map((issue) => `\n  ${issue.path}: ${issue.message}`).join("");
  throw new MlshipError("invalid_config", `${first.message}${more}`, { path: first.path });
}

/** Whether values of this parameter are searched on a logarithmic scale. */
export function isLogScale(spec: ParameterSpec): boolean {
  return spec.type === "loguniform" || (spec.type === "int" && spec.log);
}

/**
 * The parameter names in the order samplers visit them: declaration order, except
 * that a conditional parameter comes after every parameter its `when` names.
 */
export function parameterOrder(space: SearchSpace): readonly string[] {
  const cached = orderCache.get(space);
  if (cached) return cached;
  const order = topologicalOrder(space);
  if (order === undefined) throw new Error("search space conditions form a cycle (not validated?)");
  orderCache.set(space, order);
  return order;
}

const orderCache = new WeakMap<SearchSpace, readonly string[]>();

/**
 * Whether `name` is active, given the parameters chosen so far and the set of
 * those that are active (its parents come first in {@link parameterOrder}).
 */
export function isParameterActive(
  space: SearchSpace,
  name: string,
  params: Params,
  active: ReadonlySet<string>,
): boolean {
  const when = space[name].when;
  if (when === undefined) return true;
  return Object.entries(when).every(
    ([parent, expected]) =>
      active.has(parent) && conditionValues(expected).includes(ownValue(params, parent)!),
  );
}

/** The names of the parameters active under `params`, in {@link parameterOrder}. */
export function activeParameters(space: SearchSpace, params: Params): string[] {
  const active = new Set<string>();
  for (const name of parameterOrder(space)) {
    if (isParameterActive(space, name, params, active)) active.add(name);
  }
  return [...active];
}

/** `params` with only the active parameters, keys in {@link parameterOrder}: the canonical form of a trial. */
export function canonicalParams(space: SearchSpace, params: Params): Params {
  const out: Params = ownRecord();
  for (const name of activeParameters(space, params)) {
    if (Object.hasOwn(params, name)) out[name] = params[name];
  }
  return out;
}

function conditionValues(expected: ParamValue | ParamValue[]): ParamValue[] {
  return Array.isArray(expected) ? expected : [expected];
}

function joinPath(base: string, rest: string): string {
  if (!rest) return base;
  if (!base) return rest;
  return rest.startsWith("[") ? `${base}${rest}` : `${base}.${rest}`;
}

function checkParameter(spec: ParameterSpec, ctx: z.RefinementCtx): void {
  if (spec.type === "choice") {
    const seen = new Set<ParamValue>();
    spec.values.forEach((value, index) => {
      if (seen.has(value)) {
        ctx.addIssue({
          code: "custom",
          path: ["values", index],
          message: `duplicate value ${JSON.stringify(value)}`,
        });
      }
      seen.add(value);
    });
    return;
  }
  if (!(spec.low < spec.high)) {
    ctx.addIssue({
      code: "custom",
      path: ["low"],
      message: `low (${spec.low}) must be less than high (${spec.high}); for a fixed value use { type: choice, values: [${spec.low}] }`,
    });
  }
  if (spec.type === "loguniform" && !(spec.low > 0)) {
    ctx.addIssue({
      code: "custom",
      path: ["low"],
      message: `a loguniform range needs low > 0, got ${spec.low}`,
    });
  }
  if (spec.type !== "int") return;
  if (spec.log && spec.low < 1) {
    ctx.addIssue({
      code: "custom",
      path: ["low"],
      message: `an int range with log: true needs low >= 1, got ${spec.low}`,
    });
  }
  if (spec.log && spec.step !== 1) {
    ctx.addIssue({
      code: "custom",
      path: ["step"],
      message: "an int range with log: true cannot have a step other than 1",
    });
  }
  if (spec.low < spec.high && (spec.high - spec.low) % spec.step !== 0) {
    const fitted = spec.high - ((spec.high - spec.low) % spec.step);
    ctx.addIssue({
      code: "custom",
      path: ["high"],
      message: `high - low (${spec.high - spec.low}) must be a multiple of step (${spec.step}); use high: ${fitted}`,
    });
  }
}

function checkSpace(space: Record<string, ParameterSpec>, ctx: z.RefinementCtx): void {
  const names = Object.keys(space);
  if (names.length === 0) {
    ctx.addIssue({ code: "custom", path: [], message: "the search space has no parameters" });
    return;
  }
  let conditionsValid = true;
  for (const [name, spec] of Object.entries(space)) {
    for (const [parent, expected] of Object.entries(spec.when ?? {})) {
      const path = [name, "when", parent];
      const parentSpec = space[parent];
      if (parent === name) {
        ctx.addIssue({ code: "custom", path, message: `parameter '${name}' cannot depend on itself` });
      } else if (parentSpec === undefined) {
        const hint = suggestName(parent, names);
        ctx.addIssue({
          code: "custom",
          path,
          message: `unknown parameter '${parent}'${hint ? `; did you mean '${hint}'?` : ""}`,
        });
      } else if (parentSpec.type !== "choice") {
        ctx.addIssue({
          code: "custom",
          path,
          message: `a condition can only test a choice parameter, and '${parent}' is ${parentSpec.type}`,
        });
      } else {
        const values = Array.isArray(expected) ? expected : [expected];
        values.forEach((value, index) => {
          if (parentSpec.values.includes(value)) return;
          ctx.addIssue({
            code: "custom",
            path: Array.isArray(expected) ? [...path, index] : path,
            message: `${JSON.stringify(value)} is not one of ${parent}'s values (${parentSpec.values.map((v) => JSON.stringify(v)).join(", ")})`,
          });
        });
        continue;
      }
      conditionsValid = false;
    }
  }
  if (conditionsValid && topologicalOrder(space) === undefined) {
    const cycle = findCycle(space);
    ctx.addIssue({
      code: "custom",
      path: [cycle[0], "when"],
      message: `conditions form a cycle: ${cycle.join(" -> ")}`,
    });
  }
}

/** Declaration order with parents moved before their children; undefined on a cycle. */
function topologicalOrder(space: Record<string, ParameterSpec>): string[] | undefined {
  const remaining = Object.keys(space);
  const placed = new Set<string>();
  const order: string[] = [];
  while (remaining.length > 0) {
    const index = remaining.findIndex((name) =>
      Object.keys(space[name].when ?? {}).every((p) => placed.has(p)),
    );
    if (index < 0) return undefined;
    const [name] = remaining.splice(index, 1);
    placed.add(name);
    order.push(name);
  }
  return order;
}

function findCycle(space: Record<string, ParameterSpec>): string[] {
  for (const start of Object.keys(space)) {
    const path = [start];
    let current = start;
    const visited = new Set<string>([start]);
    while (true) {
      const parents = Object.keys(space[current].when ?? {}).filter((p) => Object.hasOwn(space, p));
      const next = parents.find((p) => p === start) ?? parents.find((p) => !visited.has(p));
      if (next === undefined) break;
      path.push(next);
      if (next === start) return path;
      visited.add(next);
      current = next;
    }
  }
  return Object.keys(space);
}
