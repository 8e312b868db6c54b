import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CHUNK_BYTES } from "../../src/data/readers/byte-source.js";
import { JsonlReader } from "../../src/data/readers/jsonl-reader.js";
import { MlshipError } from "../../src/lib/errors.js";
import { csvReference, EXAMPLES, readNormalized } from "./example-table.js";
import { readTable } from "./read-table.js";
import { useTempDir } from "./temp-dir.js";

const tmp = useTempDir("jsonl-reader");

async function jsonl(name: string, content: string | Buffer): Promise<string> {
  const file = tmp.path(name);
  await writeFile(file, content);
  return file;
}

async function readError(name: string, content: string | Buffer): Promise<MlshipError> {
  try {
    await readTable(new JsonlReader(await jsonl(name, content)));
  } catch (error) {
    if (error instanceof MlshipError) return error;
    throw error;
  }
  throw new Error(`${name} was read without an error`);
}

describe("JsonlReader: the example data", () => {
  it("gives the same columns, rows, texts and numbers as the CSV", async () => {
    const csv = await csvReference();
    const lines = await readNormalized(new JsonlReader(join(EXAMPLES, "churn-reference.jsonl")));
    expect(lines.columns).toEqual(csv.columns);
    expect(lines.rows).toHaveLength(4000);
    expect(lines.rows).toEqual(csv.rows);
  });

  it("numbers each row by its line in the file", async () => {
    const table = await readTable(new JsonlReader(join(EXAMPLES, "churn-reference.jsonl")));
    expect(table.rows.map((r) => r.line)).toEqual(Array.from({ length: 4000 }, (_, i) => i + 1));
  });
});

describe("JsonlReader: the shape of a file", () => {
  it("takes the columns from the first object and reads an absent key or null as missing", async () => {
    const table = await readTable(
      new JsonlReader(await jsonl("keys.jsonl", '{"a":1,"b":"x"}\n{"b":"y"}\n{"a":null,"b":""}\n')),
    );
    expect(table.columns).toEqual(["a", "b"]);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ["1", "x"],
      [null, "y"],
      [null, ""],
    ]);
  });

  it("skips blank lines and CRLF endings, numbering rows by their line", async () => {
    const table = await readTable(new JsonlReader(await jsonl("blank.jsonl", '\n{"a":1}\r\n\r\n{"a":2}')));
    expect(table.rows).toEqual([
      { line: 2, cells: ["1"] },
      { line: 4, cells: ["2"] },
    ]);
  });

  it("reads a .gz file to the same rows as the plain file", async () => {
    const text = '{"a":1,"b":"é"}\n{"a":2.5,"b":null}\n';
    const plain = await readTable(new JsonlReader(await jsonl("plain.jsonl", text)));
    const gzipped = await readTable(new JsonlReader(await jsonl("plain.jsonl.gz", gzipSync(text))));
    expect(gzipped).toEqual(plain);
  });

  it("keeps line numbers and values right across the 1 MiB chunk edges", async () => {
    const lines: string[] = [];
    let bytes = 0;
    for (let i = 0; bytes < 3 * CHUNK_BYTES + 1000; i++) {
      const line = JSON.stringify({ id: i, text: `${"é€".repeat(i % 50)}\n${i}`, n: i / 7 });
      lines.push(line);
      bytes += Buffer.byteLength(line) + 1;
    }
    const table = await readTable(new JsonlReader(await jsonl("large.jsonl", `${lines.join("\n")}\n`)));
    expect(table.rows).toHaveLength(lines.length);
    const wrong = table.rows.filter((row, i) => {
      const expected = JSON.parse(lines[i]) as { id: number; text: string; n: number };
      return row.line !== i + 1 || row.cells.join("|") !== `${expected.id}|${expected.text}|${expected.n}`;
    });
    expect(wrong.slice(0, 3)).toEqual([]);
  });
});

describe("JsonlReader: refusals name the line", () => {
  it("a line that is not JSON", async () => {
    const error = await readError("bad.jsonl", '{"a":1}\n{"a":\n');
    expect(error.code).toBe("invalid_json");
    expect(error.location.line).toBe(2);
  });

  it("a line that is JSON but not an object", async () => {
    const error = await readError("array.jsonl", '{"a":1}\n[1,2]\n');
    expect(error.code).toBe("invalid_json");
    expect(error.location.line).toBe(2);
  });

  it("a key the first object does not have", async () => {
    const error = await readError("extra-key.jsonl", '{"a":1}\n{"a":2}\n{"a":3,"b":4}\n');
    expect(error.code).toBe("unexpected_key");
    expect(error.location).toMatchObject({ line: 3, column: "b" });
  });

  it("bytes that are not UTF-8", async () => {
    const error = await readError("latin1.jsonl", Buffer.from('{"a":"x"}\n{"a":"café"}\n', "latin1"));
    expect(error.code).toBe("not_utf8");
    expect(error.location.line).toBe(2);
  });

  it("an empty file", async () => {
    const error = await readError("empty.jsonl", "");
    expect(error.code).toBe("empty_file");
  });
});
