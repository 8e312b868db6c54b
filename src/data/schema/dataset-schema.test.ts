import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MlshipError } from "../../lib/errors.js";
import {
  DATASET_SCHEMA_JSON_SCHEMA_ID,
  type DatasetSchema,
  datasetSchemaHash,
  datasetSchemaJsonSchema,
  loadDatasetSchema,
  parseDatasetSchema,
} from "./dataset-schema.js";
import { columnPattern } from "./user-pattern.js";

const EXAMPLE = `# schema.yml
columns:
  customer_id: { type: string, role: id, unique: true }
  age_band:    { type: category, role: sensitive, values: ["18-24", "25-34"] }
  monthly_charges: { type: number, min: 0, max: 500, nullable: true }
  tenure_months: { type: integer, min: 0 }
  is_autopay:  { type: boolean }
  signup_date: { type: datetime, min: "2015-01-01", max: "2030-12-31T23:59:59Z" }
  email:       { type: string, pii: true, pattern: "^[^@]+@[^@]+$" }
  churned:     { type: integer, role: label, values: [0, 1] }
dataset:
  rows: { min: 100, max: 10000000 }
  maxMissingShare: 0.05
  maxDuplicateShare: 0.01
  maxOutlierShare: 0.05
  allowExtraColumns: false
`;

function schemaError(text: string, file = "schema.yml"): MlshipError {
  try {
    parseDatasetSchema(text, file);
  } catch (error) {
    if (error instanceof MlshipError) return error;
    throw error;
  }
  throw new Error("expected an MlshipError");
}

describe("parseDatasetSchema", () => {
  it("reads the documented example and fills column defaults", () => {
    const schema = parseDatasetSchema(EXAMPLE, "schema.yml");
    expect(Object.keys(schema.columns)).toEqual([
      "customer_id",
      "age_band",
      "monthly_charges",
      "tenure_months",
      "is_autopay",
      "signup_date",
      "email",
      "churned",
    ]);
    expect(schema.columns.tenure_months).toEqual({
      type: "integer",
      min: 0,
      nullable: true,
      unique: false,
      role: "feature",
      pii: false,
    });
    expect(schema.columns.churned.values).toEqual([0, 1]);
    expect(schema.dataset).toEqual({
      rows: { min: 100, max: 10000000 },
      maxMissingShare: 0.05,
      maxDuplicateShare: 0.01,
      maxOutlierShare: 0.05,
      allowExtraColumns: false,
    });
  });

  it("defaults the dataset section", () => {
    const schema = parseDatasetSchema("columns:\n  a: { type: number }\n", "schema.yml");
    expect(schema.dataset).toEqual({ allowExtraColumns: false });
  });

  it("uses the invalid_schema code and exit code 2", () => {
    const error = schemaError("columns:\n  a: { type: number, min: x }\n");
    expect(error.code).toBe("invalid_schema");
    expect(error.exitCode).toBe(2);
  });

  it("reports a regular expression that does not compile at its path and line", () => {
    const error = schemaError(
      'columns:\n  id: { type: string }\n  email:\n    type: string\n    pattern: "([a-z]+"\n',
    );
    expect(error.location).toEqual({ file: "schema.yml", line: 5, path: "columns.email.pattern" });
    expect(error.message).toMatch(/^invalid regular expression "\(\[a-z\]\+": /);
  });

  it("reports min greater than max", () => {
    const error = schemaError("columns:\n  age:\n    type: integer\n    min: 90\n    max: 18\n");
    expect(error.describe()).toBe("schema.yml:4 (columns.age.min): min (90) is greater than max (18)");
  });

  it("reports datetime bounds out of order", () => {
    const error = schemaError('columns:\n  d: { type: datetime, min: "2024-02-01", max: "2024-01-01" }\n');
    expect(error.location.path).toBe("columns.d.min");
    expect(error.message).toContain("greater than max");
  });

  it("wants ISO dates as datetime bounds", () => {
    const error = schemaError("columns:\n  d: { type: datetime, min: 5 }\n");
    expect(error.message).toBe(
      'expected an ISO 8601 date such as "2024-01-31" or "2024-01-31T12:00:00Z", got 5',
    );
  });

  it("wants numbers as numeric bounds", () => {
    expect(schemaError('columns:\n  n: { type: number, max: "2024-01-01" }\n').location.path).toBe(
      "columns.n.max",
    );
  });

  it("rejects bounds on a column type without an order", () => {
    const error = schemaError("columns:\n  c: { type: category, min: 1 }\n");
    expect(error.message).toBe(
      "min applies only to number, integer, datetime columns, not to a category column",
    );
  });

  it("rejects values on a number column", () => {
    const error = schemaError("columns:\n  x: { type: number, values: [1, 2] }\n");
    expect(error.location.path).toBe("columns.x.values");
    expect(error.message).toContain("not to a number column");
  });

  it("checks each allowed value against the column type", () => {
    const error = schemaError("columns:\n  n:\n    type: integer\n    values:\n      - 1\n      - 1.5\n");
    expect(error.location).toMatchObject({ line: 6, path: "columns.n.values[1]" });
    expect(error.message).toBe("expected an integer in an integer column, got 1.5");
  });

  it("allows at most one label column", () => {
    const error = schemaError(
      "columns:\n  y1: { type: integer, role: label }\n  y2: { type: integer, role: label }\n",
    );
    expect(error.location).toMatchObject({ line: 3, path: "columns.y2.role" });
    expect(error.message).toBe('only one column can have role "label"; "y1" already has it');
  });

  it("names the allowed column types", () => {
    const error = schemaError("columns:\n  a: { type: float }\n");
    expect(error.message).toBe(
      'expected one of: number, integer, category, boolean, string, datetime, got "float"',
    );
  });

  it("says when a column has no type", () => {
    const error = schemaError("columns:\n  a: { nullable: false }\n");
    expect(error.location).toMatchObject({ line: 2, path: "columns.a.type" });
    expect(error.message).toMatch(/^required; expected one of: number/);
  });

  it("catches a misspelt column field", () => {
    const error = schemaError("columns:\n  a: { type: number, nullabel: false }\n");
    expect(error.message).toBe('unknown key "nullabel" (did you mean "nullable"?)');
    expect(error.location.path).toBe("columns.a.nullabel");
  });

  it("requires at least one column", () => {
    expect(schemaError("columns: {}\n").message).toBe("declare at least one column");
  });

  it("keeps shares within 0..1", () => {
    const error = schemaError("columns:\n  a: { type: number }\ndataset:\n  maxMissingShare: 5\n");
    expect(error.describe()).toBe("schema.yml:4 (dataset.maxMissingShare): expected a number <= 1, got 5");
  });
});

describe("loadDatasetSchema", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "mlship-dataset-schema-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads a JSON schema file like a YAML one", async () => {
    const fromYaml = parseDatasetSchema(EXAMPLE, "schema.yml");
    const path = join(dir, "schema.json");
    await writeFile(path, JSON.stringify({ $schema: "./dataset.schema.json", ...fromYaml }, null, 2));
    const fromJson = await loadDatasetSchema(path);
    expect(fromJson.columns).toEqual(fromYaml.columns);
    expect(datasetSchemaHash(fromJson)).toBe(datasetSchemaHash(fromYaml));
  });

  it("reports a missing schema file", async () => {
    const error = await loadDatasetSchema(join(dir, "nope.yml")).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "file_not_found", exitCode: 2 });
  });
});

describe("datasetSchemaHash", () => {
  const base = parseDatasetSchema(EXAMPLE, "schema.yml");

  it("is a SHA-256 hex digest", () => {
    expect(datasetSchemaHash(base)).toMatch(/^[0-9a-f]{64}$/);
  });

  it("does not change when keys are written in another order or defaults are spelt out", () => {
    const reordered = parseDatasetSchema(
      `dataset:
  allowExtraColumns: false
  maxOutlierShare: 0.05
  maxDuplicateShare: 0.01
  maxMissingShare: 0.05
  rows: { max: 10000000, min: 100 }
columns:
  customer_id: { unique: true, role: id, type: string }
  age_band:    { values: ["18-24", "25-34"], role: sensitive, type: category }
  monthly_charges: { nullable: true, max: 500, min: 0, type: number }
  tenure_months: { min: 0, type: integer, nullable: true, pii: false }
  is_autopay:  { type: boolean, role: feature }
  signup_date: { max: "2030-12-31T23:59:59Z", min: "2015-01-01", type: datetime }
  email:       { pattern: "^[^@]+@[^@]+$", pii: true, type: string }
  churned:     { values: [0, 1], role: label, type: integer }
`,
      "schema.yml",
    );
    expect(datasetSchemaHash(reordered)).toBe(datasetSchemaHash(base));
  });

  it("changes when a rule changes", () => {
    const changed: DatasetSchema = {
      ...base,
      columns: { ...base.columns, tenure_months: { ...base.columns.tenure_months, min: 1 } },
    };
    expect(datasetSchemaHash(changed)).not.toBe(datasetSchemaHash(base));
  });
});

describe("datasetSchemaJsonSchema", () => {
  it("describes the file for editors", () => {
    const jsonSchema = datasetSchemaJsonSchema();
    expect(jsonSchema.$id).toBe(DATASET_SCHEMA_JSON_SCHEMA_ID);
    expect(jsonSchema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(jsonSchema.title).toBe("mlship dataset schema");
    const columns = (
      jsonSchema.properties as Record<string, { additionalProperties: Record<string, unknown> }>
    ).columns;
    const spec = columns.additionalProperties as { properties: Record<string, { description?: string }> };
    expect(spec.properties.type.description).toContain("category");
    expect(spec.properties.pattern.description).toContain("regular expression");
    expect(JSON.parse(JSON.stringify(jsonSchema))).toEqual(jsonSchema);
  });
});

describe("columnPattern", () => {
  it("compiles the pattern the way the schema check does, matching any part of a value", () => {
    expect(columnPattern({ pattern: "^[^@]+@[^@]+$" })?.test("a@b")).toBe(true);
    expect(columnPattern({ pattern: "b+" })?.test("abbc")).toBe(true);
    expect(columnPattern({})).toBeUndefined();
  });

  it("matches a nested quantifier against a long value that fails it in linear time (no backtracking)", () => {
    expect(columnPattern({ pattern: "^(a+)+$" })?.test(`${"a".repeat(200_000)}b`)).toBe(false);
  });
});

describe("a pattern RE2 cannot run", () => {
  it.each([
    ["(?=x)y", /lookahead and lookbehind/],
    ["(?<!x)y", /lookahead and lookbehind/],
    ["(a)\\1", /backreferences/],
  ])("%s is refused at its path with the reason", (pattern, reason) => {
    const error = schemaError(
      `columns:\n  code:\n    type: string\n    pattern: ${JSON.stringify(pattern)}\n`,
    );
    expect(error.location).toEqual({ file: "schema.yml", line: 4, path: "columns.code.pattern" });
    expect(error.message).toMatch(reason);
    expect(error.message).toMatch(/RE2 syntax/);
  });
});
