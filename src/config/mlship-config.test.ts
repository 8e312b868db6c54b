import { describe, expect, it } from "vitest";
import { MlshipError } from "../lib/errors.js";
import {
  defaultConfig,
  MLSHIP_CONFIG_JSON_SCHEMA_ID,
  type MlshipConfig,
  mlshipConfigJsonSchema,
  parseConfig,
} from "./mlship-config.js";

const FULL = `# mlship.yml
model: { name: churn, task: binary }
label: churned
data:
  train: data/churn-reference.csv
  current: data/churn-current.csv
  reference: data/churn-reference.csv
  delimiter: ","
schema: schema.yml
quality:
  outliers: { method: iqr, k: 1.5 }
  maxIssueLines: 5
  pii: true
  failOn: error
drift:
  threshold: 0.5
  columns:
    monthly_charges: { test: psi, threshold: 0.2 }
  exclude: [customer_id]
`;

function configError(text: string, file = "mlship.yml"): MlshipError {
  try {
    parseConfig(text, file);
  } catch (error) {
    if (error instanceof MlshipError) return error;
    throw error;
  }
  throw new Error("expected an MlshipError");
}

describe("MlshipConfigSchema", () => {
  it("fills every default for an empty file", () => {
    const expected: MlshipConfig = {
      model: {},
      data: {},
      quality: { outliers: { method: "iqr", k: 1.5 }, maxIssueLines: 5, pii: true, failOn: "error" },
      drift: { threshold: 0.5, columns: {}, exclude: [] },
      train: { params: {}, timeoutMinutes: 60, cache: { paths: [] } },
      gate: { rules: [], inconclusive: "pass", slices: [], sensitive: [] },
      analysis: { min_requests: 50, inconclusive: "fail" },
      deploy: {},
    };
    expect(parseConfig("", "mlship.yml")).toEqual(expected);
    expect(defaultConfig()).toEqual(expected);
  });

  it("refuses a train section naming both a trainer and a command", () => {
    const error = configError("train:\n  trainer: builtin:gbdt\n  command: python train.py\n");
    expect(error.message).toMatch(/set either trainer or command, not both/);
    expect(error.location.path).toBe("train");
  });

  it("reads the documented full example", () => {
    const config = parseConfig(FULL, "mlship.yml");
    expect(config.model).toEqual({ name: "churn", task: "binary" });
    expect(config.label).toBe("churned");
    expect(config.data).toEqual({
      train: "data/churn-reference.csv",
      current: "data/churn-current.csv",
      reference: "data/churn-reference.csv",
      delimiter: ",",
    });
    expect(config.schema).toBe("schema.yml");
    expect(config.drift.columns.monthly_charges).toEqual({ test: "psi", threshold: 0.2 });
    expect(config.drift.exclude).toEqual(["customer_id"]);
  });

  it("defaults the outlier fence to 3 for zscore", () => {
    const config = parseConfig("quality:\n  outliers: { method: zscore }\n", "mlship.yml");
    expect(config.quality.outliers).toEqual({ method: "zscore", k: 3 });
  });

  it("reports drift.threshold: high with file, line, path and 'expected a number'", () => {
    const text = FULL.replace("threshold: 0.5", "threshold: high");
    const error = configError(text);
    expect(error.code).toBe("invalid_config");
    expect(error.exitCode).toBe(2);
    expect(error.location).toEqual({ file: "mlship.yml", line: 16, path: "drift.threshold" });
    expect(error.describe()).toBe('mlship.yml:16 (drift.threshold): expected a number, got "high"');
  });

  it("suggests the right key for a misspelt one", () => {
    const error = configError("drift:\n  thresold: 0.3\n");
    expect(error.describe()).toBe(
      'mlship.yml:2 (drift.thresold): unknown key "thresold" (did you mean "threshold"?)',
    );
  });

  it("catches a misspelt top-level section", () => {
    expect(configError("qualty:\n  pii: false\n").message).toBe(
      'unknown key "qualty" (did you mean "quality"?)',
    );
  });

  it("lists the drift tests for an unknown one", () => {
    const error = configError("drift:\n  columns:\n    age: { test: t-test }\n");
    expect(error.location.path).toBe("drift.columns.age.test");
    expect(error.message).toBe(
      'expected one of: ks, chi2, ztest, wasserstein, jensenshannon, psi, kl, got "t-test"',
    );
  });

  it("keeps the dataset drift threshold within 0..1", () => {
    expect(configError("drift: { threshold: 1.5 }\n").message).toBe("expected a number <= 1, got 1.5");
  });

  it.each([
    ["Churn", "lowercase"],
    ["churn model", "lowercase"],
    ["-churn", "lowercase"],
    ["churn..v2", '".."'],
    ["c".repeat(65), "at most 64 characters"],
  ])("rejects the model name %j", (name, hint) => {
    const error = configError(`model:\n  name: ${JSON.stringify(name)}\n`);
    expect(error.location).toMatchObject({ line: 2, path: "model.name" });
    expect(error.message).toContain(hint);
  });

  it("reads the analysis section: Prometheus' URL and query templates", () => {
    const config = parseConfig(
      'analysis:\n  min_requests: 100\n  prometheus:\n    url: http://prometheus:9090\n    queries:\n      requests: sum(mlship_requests_total{model="{{model}}",version="{{ version }}"})\n',
      "mlship.yml",
    );
    expect(config.analysis).toEqual({
      min_requests: 100,
      inconclusive: "fail",
      prometheus: {
        url: "http://prometheus:9090",
        queries: { requests: 'sum(mlship_requests_total{model="{{model}}",version="{{ version }}"})' },
      },
    });
  });

  it("refuses a Prometheus query naming a placeholder it does not fill, at its line", () => {
    const error = configError(
      'analysis:\n  prometheus:\n    url: http://prometheus:9090\n    queries:\n      error_rate: rate(x{env="{{env}}"}[{{window}}])\n',
    );
    expect(error.describe()).toBe(
      "mlship.yml:5 (analysis.prometheus.queries.error_rate): names {{env}}; a query may name only {{model}}, {{version}}, {{arm}}, {{window}}",
    );
  });

  it("refuses a Prometheus URL that is not http(s) and a query for an unknown figure", () => {
    expect(configError("analysis:\n  prometheus: { url: prometheus:9090 }\n").location.path).toBe(
      "analysis.prometheus.url",
    );
    expect(
      configError("analysis:\n  prometheus: { url: http://p:9090, queries: { latency_p95_ms: x } }\n")
        .message,
    ).toMatch(/unknown key "latency_p95_ms"/);
  });

  it("accepts model names made for tags and folders", () => {
    expect(parseConfig("model: { name: churn-v2.1_eu }\n", "mlship.yml").model.name).toBe("churn-v2.1_eu");
  });

  it("wants a single-character delimiter", () => {
    expect(configError('data: { delimiter: ";;" }\n').message).toContain("single character");
    expect(parseConfig('data: { delimiter: "\\t" }\n', "mlship.yml").data.delimiter).toBe("\t");
  });

  it("lists the failOn levels", () => {
    expect(configError("quality: { failOn: warn }\n").message).toBe(
      'expected one of: error, warning, never, got "warn"',
    );
  });

  it("accepts an inline dataset schema and fills its defaults", () => {
    const config = parseConfig("schema:\n  columns:\n    age: { type: integer, min: 0 }\n", "mlship.yml");
    expect(config.schema).toEqual({
      columns: {
        age: { type: "integer", min: 0, nullable: true, unique: false, role: "feature", pii: false },
      },
      dataset: { allowExtraColumns: false },
    });
  });

  it("reports a mistake inside an inline schema at its full path", () => {
    const error = configError(
      "label: y\nschema:\n  columns:\n    age:\n      type: integer\n      min: 9\n      max: 1\n",
    );
    expect(error.describe()).toBe("mlship.yml:6 (schema.columns.age.min): min (9) is greater than max (1)");
  });

  it("says a schema is a path or a mapping", () => {
    expect(configError("schema: 3\n").message).toBe("expected a string or a mapping (key: value), got 3");
  });

  it("reports an empty value where a section belongs", () => {
    const error = configError("drift:\n  exclude:\n");
    expect(error.describe()).toBe("mlship.yml:2 (drift.exclude): expected a list, got null (an empty value)");
  });

  it("reads JSON as well as YAML", () => {
    const json = JSON.stringify({ model: { name: "churn" }, drift: { threshold: 0.3 } }, null, 2);
    expect(parseConfig(json, "mlship.json").drift.threshold).toBe(0.3);
  });

  it("allows a $schema key for editors", () => {
    expect(parseConfig('$schema: "./schema/mlship.schema.json"\n', "mlship.yml").drift.threshold).toBe(0.5);
  });
});

describe("mlshipConfigJsonSchema", () => {
  const jsonSchema = mlshipConfigJsonSchema();
  const properties = jsonSchema.properties as Record<string, Record<string, unknown>>;

  it("has an id, a title and the JSON Schema dialect", () => {
    expect(jsonSchema.$id).toBe(MLSHIP_CONFIG_JSON_SCHEMA_ID);
    expect(jsonSchema.$schema).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(jsonSchema.title).toContain("mlship.yml");
    expect(jsonSchema.additionalProperties).toBe(false);
  });

  it("describes fields so editors show help", () => {
    const drift = properties.drift as {
      properties: Record<string, { description?: string; default?: unknown }>;
    };
    expect(drift.properties.threshold.description).toContain("share of drifted columns");
    expect(drift.properties.threshold.default).toBe(0.5);
    expect(properties.schema.description).toContain("path");
  });

  it("marks nothing as required at the top level", () => {
    expect(jsonSchema.required).toBeUndefined();
  });

  it("is plain JSON", () => {
    expect(JSON.parse(JSON.stringify(jsonSchema))).toEqual(jsonSchema);
  });
});

describe("the JSON Schema of records keyed by user names", () => {
  it("keeps columns and a search space required and train.params' default, as plain records have them", () => {
    const schema = mlshipConfigJsonSchema() as {
      properties: Record<string, { properties: Record<string, Record<string, unknown>> }>;
    };
    const train = schema.properties.train.properties;
    expect(train.params.default).toEqual({});
    expect(train.search.required).toEqual(["space"]);
    expect((train.search.properties as Record<string, unknown>).space).toMatchObject({ type: "object" });
    const dataset = (schema.properties.schema as unknown as { anyOf: { required?: string[] }[] }).anyOf;
    expect(dataset.some((branch) => branch.required?.includes("columns"))).toBe(true);
  });
});
