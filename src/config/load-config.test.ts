import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MlshipError } from "../lib/errors.js";
import { findConfigFile, loadConfig, loadConfiguredDatasetSchema } from "./load-config.js";
import { defaultConfig, mlshipConfigJsonSchema } from "./mlship-config.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-config-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const SCHEMA_YML = "columns:\n  churned: { type: integer, role: label, values: [0, 1] }\n";

describe("loadConfig", () => {
  it("returns the defaults when there is no mlship.yml", async () => {
    expect(await findConfigFile(dir)).toBeUndefined();
    expect(await loadConfig(undefined, { cwd: dir })).toEqual(defaultConfig());
  });

  it("reads mlship.yml from the working directory when no path is given", async () => {
    await writeFile(join(dir, "mlship.yml"), "model: { name: churn }\n");
    expect(await findConfigFile(dir)).toBe(join(dir, "mlship.yml"));
    expect((await loadConfig(undefined, { cwd: dir })).model.name).toBe("churn");
  });

  it("also finds mlship.yaml", async () => {
    await writeFile(join(dir, "mlship.yaml"), "label: y\n");
    expect((await loadConfig(undefined, { cwd: dir })).label).toBe("y");
  });

  it("resolves data and schema paths against the config file's folder", async () => {
    const project = join(dir, "project");
    await mkdir(project);
    await writeFile(
      join(project, "mlship.yml"),
      "data:\n  train: data/train.csv\n  current: /abs/current.csv\n  reference: ../ref/profile.json\nschema: schema.yml\n",
    );
    const config = await loadConfig("project/mlship.yml", { cwd: dir });
    expect(config.data).toEqual({
      train: join(project, "data", "train.csv"),
      current: "/abs/current.csv",
      reference: join(dir, "ref", "profile.json"),
    });
    expect(config.schema).toBe(join(project, "schema.yml"));
  });

  it("reports a --config file that does not exist", async () => {
    const error = await loadConfig("missing.yml", { cwd: dir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlshipError);
    expect(error).toMatchObject({ code: "file_not_found", exitCode: 2 });
    expect((error as MlshipError).message).toContain("missing.yml");
  });

  it("names the file, line and path of a bad value", async () => {
    const path = join(dir, "mlship.yml");
    await writeFile(path, "model:\n  name: churn\ndrift:\n  threshold: high\n");
    const error = await loadConfig(path).catch((e: unknown) => e);
    expect((error as MlshipError).describe()).toBe(
      `${path}:4 (drift.threshold): expected a number, got "high"`,
    );
    expect(error).toMatchObject({ code: "invalid_config", location: { line: 4, path: "drift.threshold" } });
  });

  it("reports a YAML syntax error with its line", async () => {
    await writeFile(join(dir, "mlship.yml"), "model:\n  name: churn\ndrift: threshold: 0.5\n");
    const error = await loadConfig(undefined, { cwd: dir }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "invalid_config", location: { line: 3 } });
    expect((error as MlshipError).message).toMatch(/^YAML syntax error/);
  });

  it("accepts a JSON config file", async () => {
    await writeFile(join(dir, "mlship.json"), JSON.stringify({ data: { train: "train.csv" } }));
    const config = await loadConfig("mlship.json", { cwd: dir });
    expect(config.data.train).toBe(join(dir, "train.csv"));
  });
});

describe("loadConfiguredDatasetSchema", () => {
  it("reads the schema file the config names", async () => {
    await writeFile(join(dir, "mlship.yml"), "schema: schema.yml\n");
    await writeFile(join(dir, "schema.yml"), SCHEMA_YML);
    const schema = await loadConfiguredDatasetSchema(await loadConfig(undefined, { cwd: dir }));
    expect(schema?.columns.churned.role).toBe("label");
  });

  it("reads a JSON schema file", async () => {
    await writeFile(join(dir, "mlship.yml"), "schema: schema.json\n");
    await writeFile(join(dir, "schema.json"), JSON.stringify({ columns: { churned: { type: "integer" } } }));
    const schema = await loadConfiguredDatasetSchema(await loadConfig(undefined, { cwd: dir }));
    expect(schema?.columns.churned.type).toBe("integer");
  });

  it("returns an inline schema as it is", async () => {
    await writeFile(join(dir, "mlship.yml"), `schema:\n  ${SCHEMA_YML.replace(/\n {2}/g, "\n    ")}`);
    const config = await loadConfig(undefined, { cwd: dir });
    expect(await loadConfiguredDatasetSchema(config)).toBe(config.schema);
  });

  it("returns undefined without a schema", async () => {
    expect(await loadConfiguredDatasetSchema(defaultConfig())).toBeUndefined();
  });

  it("reports a schema file the config names but that is missing", async () => {
    await writeFile(join(dir, "mlship.yml"), "schema: schemas/churn.yml\n");
    const config = await loadConfig(undefined, { cwd: dir });
    const error = await loadConfiguredDatasetSchema(config).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "file_not_found" });
    expect((error as MlshipError).message).toContain(join("schemas", "churn.yml"));
  });

  it("reports a bad regular expression in the schema file at its line", async () => {
    await writeFile(join(dir, "mlship.yml"), "schema: schema.yml\n");
    await writeFile(join(dir, "schema.yml"), 'columns:\n  email:\n    type: string\n    pattern: "[a-"\n');
    const error = await loadConfiguredDatasetSchema(await loadConfig(undefined, { cwd: dir })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: "invalid_schema",
      location: { line: 4, path: "columns.email.pattern" },
    });
  });
});

describe("the JSON Schema file", () => {
  it("round-trips through a file as the build writes it", async () => {
    const path = join(dir, "mlship.schema.json");
    await writeFile(path, `${JSON.stringify(mlshipConfigJsonSchema(), null, 2)}\n`);
    const written = JSON.parse(await readFile(path, "utf8"));
    expect(written.$id).toBe(mlshipConfigJsonSchema().$id);
    expect(Object.keys(written.properties)).toEqual(
      expect.arrayContaining(["model", "label", "data", "schema", "quality", "drift"]),
    );
  });
});
