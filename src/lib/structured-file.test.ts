import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { MlshipError } from "./errors.js";
import {
  displayPath,
  formatPath,
  loadStructuredFile,
  parseStructured,
  StructuredFileError,
  suggestName,
} from "./structured-file.js";

const Settings = z.strictObject({
  name: z.string().optional(),
  limits: z
    .strictObject({
      threshold: z.number().default(0.5),
      level: z.enum(["low", "mid", "high"]).default("low"),
    })
    .prefault({}),
  tags: z.array(z.string()).default([]),
  source: z.union([z.string(), z.strictObject({ url: z.string(), retries: z.int().min(0) })]).optional(),
});

function parseError(text: string, file = "settings.yml"): StructuredFileError {
  try {
    parseStructured(text, file, Settings);
  } catch (error) {
    if (error instanceof StructuredFileError) return error;
    throw error;
  }
  throw new Error("expected a StructuredFileError");
}

function thrown(run: () => unknown): MlshipError {
  try {
    run();
  } catch (error) {
    if (error instanceof MlshipError) return error;
    throw error;
  }
  throw new Error("expected an MlshipError");
}

describe("parseStructured", () => {
  it("fills defaults for an empty document", () => {
    expect(parseStructured("# nothing yet\n", "settings.yml", Settings)).toEqual({
      limits: { threshold: 0.5, level: "low" },
      tags: [],
    });
  });

  it("reads JSON with the same schema", () => {
    const text = JSON.stringify({ limits: { threshold: 0.2 }, tags: ["a"] }, null, "\t");
    expect(parseStructured(text, "settings.json", Settings).limits.threshold).toBe(0.2);
  });

  it("names the file, line and path of a value of the wrong type", () => {
    const error = parseError("name: demo\nlimits:\n  threshold: high\n");
    expect(error.code).toBe("invalid_config");
    expect(error.exitCode).toBe(2);
    expect(error.location).toEqual({ file: "settings.yml", line: 3, path: "limits.threshold" });
    expect(error.describe()).toBe('settings.yml:3 (limits.threshold): expected a number, got "high"');
  });

  it("hints that a quoted number is text", () => {
    expect(parseError('limits: { threshold: "0.3" }\n').message).toContain("remove the quotes");
  });

  it("lists the allowed values of an enum", () => {
    expect(parseError("limits:\n  level: extreme\n").message).toBe(
      'expected one of: low, mid, high, got "extreme"',
    );
  });

  it("points at an unknown key and suggests the closest known one", () => {
    const error = parseError("limits:\n  threshold: 0.2\n  levle: mid\n");
    expect(error.location).toMatchObject({ line: 3, path: "limits.levle" });
    expect(error.message).toBe('unknown key "levle" (did you mean "level"?)');
  });

  it("lists the allowed keys when no known key is close", () => {
    expect(parseError("colour: red\n").message).toBe(
      'unknown key "colour"; allowed keys: name, limits, tags, source',
    );
  });

  it("reports the closest branch of a union instead of a bare 'invalid input'", () => {
    const error = parseError("source:\n  url: https://example.test\n  retries: -1\n");
    expect(error.describe()).toBe("settings.yml:3 (source.retries): expected a number >= 0, got -1");
  });

  it("says which types a union accepts when none is close", () => {
    expect(parseError("source: 3\n").message).toBe("expected a string or a mapping (key: value), got 3");
  });

  it("points a missing required key at its parent's line", () => {
    const error = parseError("name: x\nsource:\n  retries: 2\n");
    expect(error.location).toMatchObject({ line: 2, path: "source.url" });
    expect(error.message).toBe("required; expected a string");
  });

  it("lists several issues in source order, the first one as the error's location", () => {
    const error = parseError("tags: [a, 2]\nlimits:\n  level: top\nname: 5\n");
    expect(error.location.line).toBe(1);
    expect(error.issues.map((issue) => [issue.line, issue.path])).toEqual([
      [1, "tags[1]"],
      [3, "limits.level"],
      [4, "name"],
    ]);
    expect(error.message.split("\n")).toEqual([
      "expected a string, got 2",
      '  settings.yml:3 (limits.level): expected one of: low, mid, high, got "top"',
      "  settings.yml:4 (name): expected a string, got 5",
    ]);
  });

  it("caps the listed issues and says how many more there are", () => {
    const text = Array.from({ length: 8 }, (_, i) => `extra${i}: 1`).join("\n");
    const error = thrown(() => parseStructured(text, "settings.yml", Settings, { maxIssues: 3 }));
    expect(error.message.split("\n")).toHaveLength(4);
    expect(error.message).toMatch(/… and 5 more$/);
  });

  it("reports a YAML syntax error with its line and column", () => {
    const error = thrown(() => parseStructured("name: x\nlimits: threshold: 1\n", "settings.yml", Settings));
    expect(error.code).toBe("invalid_config");
    expect(error.location).toEqual({ file: "settings.yml", line: 2, column: 9 });
    expect(error.message).toMatch(/^YAML syntax error: /);
    expect(error.message).not.toContain("\n");
  });

  it("reports tabs used as indentation", () => {
    const error = thrown(() => parseStructured("limits:\n\tthreshold: 1\n", "settings.yml", Settings));
    expect(error.describe()).toBe(
      "settings.yml:2, column 1: YAML syntax error: Tabs are not allowed as indentation",
    );
  });

  it("calls a syntax error in a .json file a JSON syntax error", () => {
    const error = thrown(() =>
      parseStructured('{\n  "name": "x",\n  "tags": [,]\n}\n', "settings.json", Settings),
    );
    expect(error.message).toMatch(/^JSON syntax error: /);
    expect(error.location.line).toBe(3);
  });

  it("reports duplicate keys", () => {
    const error = thrown(() => parseStructured("name: a\nname: b\n", "settings.yml", Settings));
    expect(error.location.line).toBe(2);
    expect(error.message).toContain("unique");
  });

  it("reports an alias without its anchor as a syntax error, not a crash", () => {
    const error = thrown(() => parseStructured("name: *nowhere\n", "settings.yml", Settings));
    expect(error.message).toMatch(/^YAML syntax error: .*alias/i);
  });

  it("uses the error code the caller passes", () => {
    const error = thrown(() => parseStructured("name: [\n", "s.yml", Settings, { code: "invalid_schema" }));
    expect(error.code).toBe("invalid_schema");
  });
});

describe("loadStructuredFile", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "mlship-structured-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads and validates a file", async () => {
    const path = join(dir, "settings.yml");
    await writeFile(path, "name: demo\n");
    expect((await loadStructuredFile(path, Settings)).name).toBe("demo");
  });

  it("reports a missing file as file_not_found naming the path", async () => {
    const path = join(dir, "absent.yml");
    const error = await loadStructuredFile(path, Settings).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MlshipError);
    expect(error).toMatchObject({ code: "file_not_found", exitCode: 2, location: { file: path } });
    expect((error as MlshipError).message).toBe(`file not found: ${path}`);
  });

  it("reports a directory given as a file", async () => {
    const error = await loadStructuredFile(dir, Settings).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "file_not_found" });
  });

  it("names the file in validation errors", async () => {
    const path = join(dir, "settings.yml");
    await writeFile(path, "\n\nlimits: { threshold: high }\n");
    const error = await loadStructuredFile(path, Settings).catch((e: unknown) => e);
    expect((error as MlshipError).describe()).toBe(
      `${path}:3 (limits.threshold): expected a number, got "high"`,
    );
  });
});

describe("helpers", () => {
  it("formats paths with dots, indices and quoted odd names", () => {
    expect(formatPath(["columns", "age", "min"])).toBe("columns.age.min");
    expect(formatPath(["columns", "churned", "values", 2])).toBe("columns.churned.values[2]");
    expect(formatPath(["columns", "monthly charges"])).toBe('columns["monthly charges"]');
    expect(formatPath([])).toBe("");
  });

  it("suggests close names only", () => {
    expect(suggestName("thresold", ["threshold", "columns"])).toBe("threshold");
    expect(suggestName("maxmissingshare", ["maxMissingShare"])).toBe("maxMissingShare");
    expect(suggestName("tset", ["test"])).toBe("test");
    expect(suggestName("colour", ["name", "limits"])).toBeUndefined();
  });

  it("shows paths inside the working directory relative to it", () => {
    expect(displayPath(join(process.cwd(), "a", "mlship.yml"))).toBe(join("a", "mlship.yml"));
    expect(displayPath("relative/file.yml")).toBe("relative/file.yml");
    expect(displayPath("/elsewhere/file.yml")).toBe("/elsewhere/file.yml");
  });
});
