/**
 * The rule grammar shared by the evaluation gate and the rollout checks (docs/design.md, "Gate rules"
 * and "Rollouts"): one rule a line, `<metric> <op> <bound>`, `op` in `>= > <= <`, `bound` a number or
 * an expression of a named reference — `baseline` for the gate (the baseline model on the same rows),
 * `stable` for a rollout (the stable arm over the same window): `ref`, `ref + x`, `ref - x`, `ref * x`.
 *
 * Only the reading of a rule and the arithmetic of its bound live here; how a rule is judged (the
 * gate's bootstrap intervals, a rollout's inconclusive figures) belongs to the capability using it.
 */
import { type ErrorCode, MlshipError } from "./errors.js";

export type Operator = ">=" | ">" | "<=" | "<";

/** A bound: a number, or `scale · reference + offset` with the reference named `R`. */
export type RuleBound<R extends string> =
  | { kind: "number"; value: number }
  | { kind: R; scale: number; offset: number };

export interface Rule<R extends string> {
  /** The rule as written (trimmed). */
  text: string;
  /** Where it was written, for messages (`--gate`, `mlship.yml (gate.rules[2])`). */
  source?: string;
  metric: string;
  op: Operator;
  bound: RuleBound<R>;
}

/** What differs between the users of the grammar: the reference's name, an example and the error code. */
export interface RuleDialect<R extends string> {
  /** The name bounds are expressions of: `baseline`, `stable`. */
  reference: R;
  /** A rule shown in the message of a rule that cannot be read. */
  example: string;
  /** The error code of a rule that cannot be read. */
  code: ErrorCode;
}

const RULE = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(>=|<=|>|<)\s*(.+?)\s*$/;
const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/**
 * Reads one rule of `dialect`; `source` names where it came from in errors.
 * @throws MlshipError (the dialect's code) naming the source, the rule and what is wrong with it.
 */
export function parseRuleIn<R extends string>(
  dialect: RuleDialect<R>,
  text: string,
  source: string,
): Rule<R> {
  const match = text.match(RULE);
  if (!match) {
    throw new MlshipError(
      dialect.code,
      `${source}: ${JSON.stringify(text)} is not "<metric> <op> <bound>" (op one of >=, >, <=, <; e.g. "${dialect.example}")`,
    );
  }
  const [, metric, op, boundText] = match;
  const bound = parseBound(dialect.reference, boundText.replace(/\s+/g, ""));
  if (!bound) {
    const ref = dialect.reference;
    throw new MlshipError(
      dialect.code,
      `${source}: the bound ${JSON.stringify(boundText)} of ${JSON.stringify(text)} is not a number, ${ref}, ${ref} ± a number or ${ref} * a number`,
    );
  }
  return { text: text.trim(), source, metric, op: op as Operator, bound };
}

function parseBound<R extends string>(reference: R, text: string): RuleBound<R> | undefined {
  if (NUMBER.test(text)) return { kind: "number", value: Number(text) };
  if (text === reference) return { kind: reference, scale: 1, offset: 0 };
  if (!text.startsWith(reference)) return undefined;
  const match = text.slice(reference.length).match(/^([-+*])(.+)$/);
  if (!match || !NUMBER.test(match[2])) return undefined;
  const x = Number(match[2]);
  if (match[1] === "*") return { kind: reference, scale: x, offset: 0 };
  return { kind: reference, scale: 1, offset: match[1] === "+" ? x : -x };
}

/** The bound's value, given the reference's value (unused for a number). */
export function boundOf<R extends string>(rule: Rule<R>, reference: number): number {
  const { bound } = rule;
  return "value" in bound ? bound.value : bound.scale * reference + bound.offset;
}

/** Whether `value op bound` holds. */
export function holds(op: Operator, value: number, bound: number): boolean {
  switch (op) {
    case ">=":
      return value >= bound;
    case ">":
      return value > bound;
    case "<=":
      return value <= bound;
    case "<":
      return value < bound;
  }
}
