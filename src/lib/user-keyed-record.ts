/**
 * zod records keyed by user text (column, feature, param and metric names): see own-keys.ts for
 * why such records have no prototype. Kept apart from own-keys.ts so code that only reads records
 * (the data pass's worker bundle) does not load zod.
 */
import { z } from "zod";
import { ownRecord } from "./own-keys.js";

/**
 * zod drops a record key named `__proto__` (assigning it would replace the prototype of the plain
 * object it builds); a column may be named so. The key travels under this stand-in through zod's
 * record and is put back, in a null-prototype record, after. It passes the key patterns in use
 * (letters, digits, `_`, `.`, `-`).
 */
const PROTO_STAND_IN = "__proto__.mlship-own-key";

/** A path segment of a zod issue as the user wrote it (the stand-in for `__proto__` put back). */
export function userPathSegment<T extends PropertyKey>(segment: T): T | "__proto__" {
  return segment === PROTO_STAND_IN ? "__proto__" : segment;
}

function hideProtoKey(value: unknown): unknown {
  if (
    value === null ||
    typeof value !== "object" ||
    Array.isArray(value) ||
    !Object.hasOwn(value, "__proto__")
  )
    return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    copy[key === "__proto__" ? PROTO_STAND_IN : key] = (value as Record<string, unknown>)[key];
  }
  return copy;
}

/** The inner pipes of the records {@link userKeyedRecord} made (their clones, refined or described, keep them). */
const USER_KEYED_RECORDS = new WeakSet<object>();

function isUserKeyedRecord(schema: z.core.$ZodType): boolean {
  const def = schema._zod.def as z.core.$ZodTypeDef & { in?: object };
  return def.type === "pipe" && def.in !== undefined && USER_KEYED_RECORDS.has(def.in);
}

/**
 * z.record for keys that are user text: keeps a `__proto__` key, and parses into a null-prototype
 * record. Its JSON Schema is the plain record's (with {@link userKeyedRecordJsonSchema}).
 */
export function userKeyedRecord<K extends z.ZodType<string>, V extends z.ZodType>(key: K, value: V) {
  const inner = z.preprocess(hideProtoKey, z.record(key, value));
  USER_KEYED_RECORDS.add(inner);
  const record = inner.transform((parsed) =>
    ownRecord(Object.entries(parsed).map(([k, v]) => [userPathSegment(k), v] as const)),
  );
  return record as unknown as z.ZodType<Record<z.output<K>, z.output<V>>, Record<string, z.input<V>>>;
}

/**
 * The `override` of z.toJSONSchema for schemas with user-keyed records: zod takes the transform
 * in front of one for an optional field, and drops its default; a user-keyed record is required
 * where a plain one would be, and keeps its default.
 */
export function userKeyedRecordJsonSchema(ctx: {
  zodSchema: z.core.$ZodType;
  jsonSchema: z.core.JSONSchema.BaseSchema;
}): void {
  const def = ctx.zodSchema._zod.def as z.core.$ZodTypeDef & {
    shape?: Record<string, z.core.$ZodType>;
    innerType?: z.core.$ZodType;
    defaultValue?: unknown;
  };
  if (def.type === "object" && def.shape) {
    const required = Object.keys(def.shape).filter((name) => isUserKeyedRecord(def.shape![name]));
    if (required.length > 0)
      ctx.jsonSchema.required = [...new Set([...(ctx.jsonSchema.required ?? []), ...required])];
  }
  if (def.type === "default" && def.innerType && isUserKeyedRecord(def.innerType))
    ctx.jsonSchema.default = def.defaultValue;
}
