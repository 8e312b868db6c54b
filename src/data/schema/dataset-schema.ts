/**
 * The dataset schema file (`schema.yml` / `schema.json`): what each column must
 * hold and what the dataset as a whole must look like. `mlship validate --schema`
 * reads it and `mlship schema infer` writes it. The zod schema below is the one
 * source of the TypeScript types, the runtime checks and the JSON Schema.
 */

import { createHash } from "node:crypto";
import { z } from "zod";
import { loadStructuredFile, parseStructured } from "../../lib/structured-file.js";
import { userKeyedRecord, userKeyedRecordJsonSchema } from "../../lib/user-keyed-record.js";
import { columnPattern } from "./user-pattern.js";

export const COLUMN_TYPES = ["number", "integer", "category", "boolean", "string", "datetime"] as const;
export const COLUMN_ROLES = ["feature", "label", "id", "sensitive", "ignore"] as const;

/** Error code of a dataset schema file that does not parse or validate. */
export const INVALID_SCHEMA = "invalid_schema";

export const DATASET_SCHEMA_JSON_SCHEMA_ID = "urn:mlship:schema:dataset-schema:v1";

const BOUNDED_TYPES: readonly ColumnType[] = ["number", "integer", "datetime"];
const VALUE_LIST_TYPES: readonly ColumnType[] = ["category", "string", "integer", "boolean"];
const PATTERN_TYPES: readonly ColumnType[] = ["string", "category"];
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

export const ColumnTypeSchema = z
  .enum(COLUMN_TYPES)
  .describe(
    "How values are read: number (any real), integer, category (a small set of labels), boolean, string (free text), datetime (ISO 8601).",
  );

export const ColumnRoleSchema = z
  .enum(COLUMN_ROLES)
  .describe(
    "feature: a model input; label: the target (at most one); id: a row key, never a feature; sensitive: used for fairness slices, not as a feature; ignore: not checked beyond presence.",
  );

const ShareSchema = z.number().min(0).max(1);

const BoundSchema = z
  .union([z.number(), z.string()])
  .describe(
    "A number for number and integer columns; an ISO 8601 date or date-time string for datetime columns.",
  );

const AllowedValueSchema = z.union([z.string(), z.number(), z.boolean()]);

const ColumnSpecObject = z.strictObject({
  type: ColumnTypeSchema,
  nullable: z.boolean().default(true).describe("Whether missing values are allowed at all."),
  min: BoundSchema.optional().describe("Smallest allowed value (inclusive)."),
  max: BoundSchema.optional().describe("Largest allowed value (inclusive)."),
  values: z
    .array(AllowedValueSchema)
    .min(1)
    .optional()
    .describe("The allowed values (category, string, integer and boolean columns)."),
  pattern: z
    .string()
    .optional()
    .describe(
      "A regular expression in RE2 syntax (no lookahead, lookbehind or backreferences; matched in linear time) every present value must match somewhere; anchor it with ^ and $ to match the whole value.",
    ),
  unique: z.boolean().default(false).describe("Whether every present value must be distinct."),
  role: ColumnRoleSchema.default("feature"),
  pii: z
    .boolean()
    .default(false)
    .describe("The column holds personal data: values are never printed in reports."),
  maxMissingShare: ShareSchema.optional().describe(
    "Largest allowed share (0..1) of missing values in this column; overrides dataset.maxMissingShare.",
  ),
  description: z.string().optional().describe("What the column means, for people."),
});

export const ColumnSpecSchema = ColumnSpecObject.superRefine(checkColumnSpec).describe(
  "What one column must hold.",
);

const RowBoundsSchema = z
  .strictObject({
    min: z.int().min(0).optional().describe("Fewest rows allowed."),
    max: z.int().min(0).optional().describe("Most rows allowed."),
  })
  .superRefine((rows, ctx) => {
    if (rows.min !== undefined && rows.max !== undefined && rows.min > rows.max) {
      ctx.addIssue({
        code: "custom",
        path: ["min"],
        message: `min (${rows.min}) is greater than max (${rows.max})`,
      });
    }
  });

export const DatasetLimitsSchema = z
  .strictObject({
    rows: RowBoundsSchema.optional().describe("How many rows the dataset may have."),
    maxMissingShare: ShareSchema.optional().describe(
      "Largest share (0..1) of missing values in any column that does not set its own; unset: not checked.",
    ),
    maxDuplicateShare: ShareSchema.optional().describe(
      "Largest share (0..1) of rows that exactly repeat an earlier row; unset: not checked.",
    ),
    maxOutlierShare: ShareSchema.optional().describe(
      "Largest share (0..1) of outliers (see quality.outliers in mlship.yml) in any numeric column; unset: not checked.",
    ),
    allowExtraColumns: z
      .boolean()
      .default(false)
      .describe("Whether the data may have columns the schema does not declare."),
  })
  .describe("Checks on the dataset as a whole.");

export const DatasetSchemaSchema = z
  .strictObject({
    $schema: z.string().optional().describe("URL or path of this file's JSON Schema, for editors; ignored."),
    columns: userKeyedRecord(z.string(), ColumnSpecSchema).describe(
      "Column name -> what it must hold. The order is the expected column order.",
    ),
    dataset: DatasetLimitsSchema.prefault({}),
  })
  .superRefine(checkDatasetSchema)
  .meta({
    title: "mlship dataset schema",
    description:
      "What a dataset must look like: read by `mlship validate --schema`, written by `mlship schema infer`.",
  });

export type ColumnType = z.infer<typeof ColumnTypeSchema>;
export type ColumnRole = z.infer<typeof ColumnRoleSchema>;
export type ColumnSpec = z.infer<typeof ColumnSpecObject>;
export type DatasetLimits = z.infer<typeof DatasetLimitsSchema>;
/** A parsed dataset schema, defaults filled. */
export type DatasetSchema = z.infer<typeof DatasetSchemaSchema>;
/** A dataset schema as written in a file (defaults may be left out). */
export type DatasetSchemaInput = z.input<typeof DatasetSchemaSchema>;

/**
 * Parses a dataset schema from YAML or JSON text.
 * @throws MlshipError `invalid_schema` naming the file, line and path.
 */
export function parseDatasetSchema(text: string, file: string): DatasetSchema {
  return parseStructured(text, file, DatasetSchemaSchema, { code: INVALID_SCHEMA });
}

/**
 * Reads a dataset schema file (YAML or JSON).
 * @throws MlshipError `file_not_found` or `invalid_schema`.
 */
export function loadDatasetSchema(path: string): Promise<DatasetSchema> {
  return loadStructuredFile(path, DatasetSchemaSchema, { code: INVALID_SCHEMA });
}

/**
 * SHA-256 (hex) of the canonical JSON of a parsed schema: keys sorted at every
 * level, defaults filled, `$schema` left out. Writing the same schema with keys
 * in another order, or spelling out a default, gives the same hash.
 */
export function datasetSchemaHash(schema: DatasetSchema): string {
  const { $schema: _editorHint, ...content } = schema;
  return createHash("sha256").update(canonicalJson(content)).digest("hex");
}

/** The JSON Schema of a dataset schema file, for editors. */
export function datasetSchemaJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(DatasetSchemaSchema, {
    io: "input",
    override: userKeyedRecordJsonSchema,
  });
  return { $schema, $id: DATASET_SCHEMA_JSON_SCHEMA_ID, ...rest };
}

function checkColumnSpec(spec: ColumnSpec, ctx: z.RefinementCtx): void {
  checkBounds(spec, ctx);
  checkValues(spec, ctx);
  checkPattern(spec, ctx);
}

function checkBounds(spec: ColumnSpec, ctx: z.RefinementCtx): void {
  const bounds: { key: "min" | "max"; value: number | undefined }[] = [];
  for (const key of ["min", "max"] as const) {
    const bound = spec[key];
    if (bound === undefined) continue;
    if (!BOUNDED_TYPES.includes(spec.type)) {
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `${key} applies only to ${BOUNDED_TYPES.join(", ")} columns, not to ${aColumnOf(spec.type)}`,
      });
      continue;
    }
    const value = boundValue(spec.type, bound);
    if (value === undefined) {
      const expected =
        spec.type === "datetime"
          ? 'an ISO 8601 date such as "2024-01-31" or "2024-01-31T12:00:00Z"'
          : `a number for ${aColumnOf(spec.type)}`;
      ctx.addIssue({
        code: "custom",
        path: [key],
        message: `expected ${expected}, got ${JSON.stringify(bound)}`,
      });
    }
    bounds.push({ key, value });
  }
  const [min, max] = [bounds.find((b) => b.key === "min")?.value, bounds.find((b) => b.key === "max")?.value];
  if (min !== undefined && max !== undefined && min > max) {
    ctx.addIssue({
      code: "custom",
      path: ["min"],
      message: `min (${JSON.stringify(spec.min)}) is greater than max (${JSON.stringify(spec.max)})`,
    });
  }
}

/** A bound as a comparable number (epoch milliseconds for dates), or undefined when it does not fit the type. */
function boundValue(type: ColumnType, bound: number | string): number | undefined {
  if (type === "datetime") {
    if (typeof bound !== "string" || !ISO_DATE.test(bound)) return undefined;
    const time = Date.parse(bound);
    return Number.isNaN(time) ? undefined : time;
  }
  return typeof bound === "number" ? bound : undefined;
}

function checkValues(spec: ColumnSpec, ctx: z.RefinementCtx): void {
  if (spec.values === undefined) return;
  if (!VALUE_LIST_TYPES.includes(spec.type)) {
    ctx.addIssue({
      code: "custom",
      path: ["values"],
      message: `values applies only to ${VALUE_LIST_TYPES.join(", ")} columns, not to ${aColumnOf(spec.type)}`,
    });
    return;
  }
  spec.values.forEach((value, index) => {
    const expected = valueKindError(spec.type, value);
    if (expected) {
      ctx.addIssue({
        code: "custom",
        path: ["values", index],
        message: `expected ${expected} in ${aColumnOf(spec.type)}, got ${JSON.stringify(value)}`,
      });
    }
  });
}

function valueKindError(type: ColumnType, value: string | number | boolean): string | undefined {
  if (type === "integer" && !Number.isInteger(value)) return "an integer";
  if (type === "boolean" && typeof value !== "boolean") return "true or false";
  if (type === "string" && typeof value !== "string") return "text (quote it)";
  return undefined;
}

function checkPattern(spec: ColumnSpec, ctx: z.RefinementCtx): void {
  if (spec.pattern === undefined) return;
  if (!PATTERN_TYPES.includes(spec.type)) {
    ctx.addIssue({
      code: "custom",
      path: ["pattern"],
      message: `pattern applies only to ${PATTERN_TYPES.join(", ")} columns, not to ${aColumnOf(spec.type)}`,
    });
    return;
  }
  try {
    columnPattern(spec);
  } catch (error) {
    const reason = (error as Error).message;
    ctx.addIssue({
      code: "custom",
      path: ["pattern"],
      message: `invalid regular expression ${JSON.stringify(spec.pattern)}: ${reason}`,
    });
  }
}

function aColumnOf(type: ColumnType): string {
  return `${/^[aeiou]/.test(type) ? "an" : "a"} ${type} column`;
}

function checkDatasetSchema(schema: { columns: Record<string, ColumnSpec> }, ctx: z.RefinementCtx): void {
  const names = Object.keys(schema.columns);
  if (names.length === 0) {
    ctx.addIssue({ code: "custom", path: ["columns"], message: "declare at least one column" });
  }
  const labels = names.filter((name) => schema.columns[name].role === "label");
  for (const extra of labels.slice(1)) {
    ctx.addIssue({
      code: "custom",
      path: ["columns", extra, "role"],
      message: `only one column can have role "label"; "${labels[0]}" already has it`,
    });
  }
}

/** JSON with object keys sorted at every level and undefined members left out. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const members = Object.keys(value)
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}
