/**
 * Reading a profile JSON (`mlship profile`'s output, a registry's profile.json):
 * a zod schema for its shape, then the checks a schema cannot express — counts
 * that add up, sketches whose contents agree with their headers (decoded by the
 * sketches themselves). Every problem names the file and the JSON path of the bad
 * value, exit code 2: a damaged reference must never pass as a drift reference.
 *
 * Profiles of schemaVersion 1 (a k = 200 quantile sketch per numeric column, as
 * written before exact stores) and 2 are read.
 */
import { z } from "zod";
import { MlshipError } from "../../lib/errors.js";
import { readJsonFile } from "../../lib/read-json.js";
import { validateStructured } from "../../lib/structured-file.js";
import { COLUMN_TYPES } from "../schema/dataset-schema.js";
import { CategoryDistribution, NumericDistribution } from "./column-stats.js";
import { type DataProfile, PROFILE_KIND, READABLE_PROFILE_VERSIONS } from "./profile.js";

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const finite = z.number();
/** JSON has no Infinity or NaN: the sketches write them as strings. */
const jsonNumber = z.union([z.number(), z.enum(["Infinity", "-Infinity", "NaN"])]);
const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, "expected base64 text");

const HyperLogLogSchema = z.object({
  type: z.literal("hll"),
  version: z.literal(1),
  precision: z.number().int().min(4).max(18),
  exactLimit: count,
  hashes: base64.optional(),
  registers: base64.optional(),
});

const QuantileSketchSchema = z.object({
  type: z.literal("kll"),
  version: z.literal(1),
  k: z.number().int().min(8).max(65535),
  minK: z.number().int().min(8).max(65535).optional(),
  exactLimit: count,
  rng: z.number().int().min(1).max(0xffffffff),
  count,
  min: jsonNumber,
  max: jsonNumber,
  levels: z.array(count).min(1),
  items: base64,
});

const ValueStoreSchema = z.object({
  type: z.literal("values"),
  version: z.literal(1),
  exactLimit: z.number().int().min(1),
  k: z.number().int().min(8).max(65535),
  count,
  min: jsonNumber.nullable(),
  max: jsonNumber.nullable(),
  exact: z
    .object({
      distinct: count,
      scale: z.number().int().min(0).max(15).nullable(),
      values: base64,
      counts: base64,
    })
    .nullable(),
  sketch: QuantileSketchSchema.nullable(),
});

const MomentsSchema = z.object({
  count,
  mean: finite,
  // Early version 1 profiles kept the mean only.
  sum: finite.optional(),
  compensation: finite.optional(),
  m2: z.number().min(0),
  // An empty column's min and max are ±Infinity, which JSON writes as null.
  min: finite.nullable(),
  max: finite.nullable(),
});

const NumericV2Schema = z.object({
  version: z.literal(2),
  moments: MomentsSchema,
  values: ValueStoreSchema,
  distinct: HyperLogLogSchema,
});

const NumericV1Schema = z.object({
  moments: MomentsSchema,
  quantiles: QuantileSketchSchema,
  distinct: HyperLogLogSchema,
  values: z.array(z.tuple([finite, count])).nullable(),
});

const TopKSchema = z.object({
  type: z.literal("topk"),
  version: z.literal(1),
  capacity: z.number().int().min(1).max(1_000_000),
  total: z.number().min(0),
  exact: z.boolean(),
  items: z.array(z.tuple([z.string(), z.number().positive(), z.number().min(0)])),
});

const KindsSchema = z.object({
  number: count,
  integer: count,
  boolean: count,
  datetime: count,
  textLength: count,
});

function columnSchema(numeric: z.ZodType) {
  return z.object({
    name: z.string(),
    type: z.enum(COLUMN_TYPES),
    declared: z.boolean(),
    count,
    missing: count,
    invalid: count,
    kinds: KindsSchema.optional(),
    numeric: numeric.optional(),
    categories: z.object({ top: TopKSchema, distinct: HyperLogLogSchema }).optional(),
    pii: z.literal(true).optional(),
    distinct: z.number().min(0),
    min: z.union([finite, z.string()]).nullable().optional(),
    max: z.union([finite, z.string()]).nullable().optional(),
    mean: finite.nullable().optional(),
    std: finite.nullable().optional(),
    quantiles: z.record(z.string(), finite.nullable()).optional(),
    histogram: z.object({ edges: z.array(finite.nullable()), counts: z.array(count) }).optional(),
    top: z.array(z.object({ value: z.string(), count: z.number().min(0) })).optional(),
  });
}

function profileSchema(version: 1 | 2) {
  return z.object({
    kind: z.literal(PROFILE_KIND),
    schemaVersion: z.literal(version),
    sources: z.array(z.object({ file: z.string(), format: z.string(), rows: count })),
    rows: count,
    accuracy: z.object({
      quantileRankError: z.number().min(0).max(1),
      distinctRelativeError: z.number().min(0),
    }),
    columns: z.array(columnSchema(version === 2 ? NumericV2Schema : NumericV1Schema)),
  });
}

const PROFILE_SCHEMAS = { 1: profileSchema(1), 2: profileSchema(2) };

/**
 * Checks a parsed profile JSON and returns it, its numeric distributions decoded
 * (so drift and merging do not decode them again). `file` names it in messages.
 * @throws MlshipError `invalid_profile` naming the file and the path of the first bad value.
 */
export function parseProfile(value: unknown, file: string): DataProfile {
  const bad: Bad = (path, message) => {
    throw new MlshipError("invalid_profile", `not a valid mlship profile: ${message}`, { file, path });
  };
  const schemaVersion = checkKindAndVersion(value, bad);
  try {
    validateStructured(value, file, PROFILE_SCHEMAS[schemaVersion], { code: "invalid_profile" });
  } catch (error) {
    if (!(error instanceof MlshipError)) throw error;
    throw new MlshipError("invalid_profile", `not a valid mlship profile: ${error.message}`, error.location);
  }
  const profile = value as DataProfile;
  const rows = profile.sources.reduce((sum, source) => sum + source.rows, 0);
  if (profile.rows !== rows) bad("rows", `is ${profile.rows}, but its sources hold ${rows} rows`);
  for (const [i, column] of profile.columns.entries())
    checkColumn(column, `columns[${i}]`, profile.rows, bad);
  return profile;
}

/** Throws the profile's error at `path` (in the file being parsed). */
type Bad = (path: string, message: string) => never;
type ProfileColumn = DataProfile["columns"][number];

/** An object of mlship's profile kind, in a version this mlship reads. */
function checkKindAndVersion(value: unknown, bad: Bad): 1 | 2 {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return bad(
      "",
      `expected a JSON object, got ${value === null ? "null" : Array.isArray(value) ? "an array" : typeof value}`,
    );
  }
  const { kind, schemaVersion } = value as { kind?: unknown; schemaVersion?: unknown };
  if (kind !== PROFILE_KIND) {
    return bad(
      "kind",
      `expected "${PROFILE_KIND}", got ${JSON.stringify(kind)} (make a profile with mlship profile)`,
    );
  }
  if (!READABLE_PROFILE_VERSIONS.includes(schemaVersion as number)) {
    return bad(
      "schemaVersion",
      `${JSON.stringify(schemaVersion)} is not a version this mlship reads (${READABLE_PROFILE_VERSIONS.join(", ")}); a newer mlship wrote it?`,
    );
  }
  return schemaVersion as 1 | 2;
}

/** A sketch decoded by its own fromJSON, whose Error names the bad field inside it. */
function decode<T>(read: () => T, path: string, name: string, bad: Bad): T {
  try {
    return read();
  } catch (error) {
    return bad(path, `"${name}": ${(error as Error).message}`);
  }
}

/** The column's counts add up to the profile's rows, and its distributions agree with them. */
function checkColumn(column: ProfileColumn, at: string, rows: number, bad: Bad): void {
  const cells = column.count + column.missing + column.invalid;
  if (cells !== rows) {
    bad(
      `${at}.count`,
      `"${column.name}" counts ${column.count} values + ${column.missing} missing + ${column.invalid} invalid = ${cells} cells, but the profile has ${rows} rows`,
    );
  }
  if (column.numeric) {
    // Decoded once here; later readers copy the decoded values instead of decoding again.
    column.numeric = checkNumeric(column, column.numeric, `${at}.numeric`, bad).toJSON();
  }
  if (column.categories) {
    const json = column.categories;
    const categories = decode(
      () => CategoryDistribution.fromJSON(json),
      `${at}.categories`,
      column.name,
      bad,
    );
    if (categories.top.total > column.count) {
      bad(
        `${at}.categories.top.total`,
        `"${column.name}" counts ${categories.top.total} values, more than the column's ${column.count}`,
      );
    }
  }
}

function checkNumeric(
  column: ProfileColumn,
  json: NonNullable<ProfileColumn["numeric"]>,
  at: string,
  bad: Bad,
): NumericDistribution {
  const numeric = decode(() => NumericDistribution.fromJSON(json), at, column.name, bad);
  const { moments } = numeric;
  if (moments.count !== numeric.values.count) {
    bad(
      `${at}.moments.count`,
      `"${column.name}" is ${moments.count}, but its values hold ${numeric.values.count}`,
    );
  }
  if (moments.count !== column.count) {
    bad(
      `${at}.moments.count`,
      `"${column.name}" is ${moments.count}, but the column counts ${column.count} values`,
    );
  }
  const agrees =
    moments.min <= moments.max && moments.min === numeric.values.min && moments.max === numeric.values.max;
  if (moments.count > 0 && !agrees) {
    bad(
      `${at}.moments`,
      `"${column.name}": min ${moments.min} and max ${moments.max} disagree with its values (${numeric.values.min} … ${numeric.values.max})`,
    );
  }
  return numeric;
}

/**
 * Reads a profile JSON file.
 * @throws MlshipError naming the file: unreadable, not JSON, or not a valid profile.
 */
export async function readProfile(file: string): Promise<DataProfile> {
  return parseProfile(
    await readJsonFile(file, "an mlship profile (mlship profile's JSON)", z.unknown()),
    file,
  );
}
