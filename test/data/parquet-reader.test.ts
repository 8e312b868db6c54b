import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { parquetWriteBuffer } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { ParquetReader } from "../../src/data/readers/parquet-reader.js";
import { MlshipError } from "../../src/lib/errors.js";
import { csvReference, EXAMPLES, readNormalized } from "./example-table.js";
import { readTable } from "./read-table.js";
import { useTempDir } from "./temp-dir.js";

const tmp = useTempDir("parquet-reader");
const EXAMPLE = join(EXAMPLES, "churn-reference.parquet");

async function readError(file: string): Promise<MlshipError> {
  try {
    await readTable(new ParquetReader(file));
  } catch (error) {
    if (error instanceof MlshipError) return error;
    throw error;
  }
  throw new Error(`${file} was read without an error`);
}

describe("ParquetReader: the example data", () => {
  it("gives the same columns, rows, texts and numbers as the CSV", async () => {
    const csv = await csvReference();
    const parquet = await readNormalized(new ParquetReader(EXAMPLE));
    expect(parquet.columns).toEqual(csv.columns);
    expect(parquet.rows).toHaveLength(4000);
    expect(parquet.rows).toEqual(csv.rows);
  });

  it("numbers rows 1…4000 straight across its two row groups (1000 + 3000)", async () => {
    const table = await readTable(new ParquetReader(EXAMPLE));
    expect(table.rows.map((r) => r.line)).toEqual(Array.from({ length: 4000 }, (_, i) => i + 1));
  });
});

describe("ParquetReader: columns named as Object.prototype members", () => {
  it("reads __proto__, constructor and toString as ordinary columns", async () => {
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: "__proto__", data: [1, 2], type: "DOUBLE" },
        { name: "constructor", data: ["a", null], type: "STRING" },
        { name: "toString", data: [true, false], type: "BOOLEAN" },
      ],
    });
    const file = tmp.path("builtin-names.parquet");
    await writeFile(file, Buffer.from(buffer));
    const table = await readTable(new ParquetReader(file));
    expect(table.columns).toEqual(["__proto__", "constructor", "toString"]);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ["1", "a", "true"],
      ["2", null, "false"],
    ]);
  });
});

describe("ParquetReader: files it writes itself", () => {
  it("reads a 150,000-row group in slices with row numbers, nulls, 64-bit integers and timestamps", async () => {
    const rows = 150_000;
    const buffer = parquetWriteBuffer({
      columnData: [
        {
          name: "id",
          data: Array.from({ length: rows }, (_, i) => BigInt(i) * 1_000_000_007n),
          type: "INT64",
        },
        {
          name: "x",
          data: Array.from({ length: rows }, (_, i) => (i % 10 === 0 ? null : i / 4)),
          type: "DOUBLE",
        },
        {
          name: "at",
          data: Array.from({ length: rows }, (_, i) => new Date(Date.UTC(2024, 0, 1) + i * 1000)),
          type: "TIMESTAMP",
        },
      ],
      rowGroupSize: rows,
    });
    const file = tmp.path("one-group.parquet");
    await writeFile(file, Buffer.from(buffer));
    const table = await readTable(new ParquetReader(file));
    expect(table.columns).toEqual(["id", "x", "at"]);
    expect(table.rows).toHaveLength(rows);
    const wrong = table.rows.filter((row, i) => {
      const x = i % 10 === 0 ? null : String(i / 4);
      const at = new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString();
      return (
        row.line !== i + 1 ||
        row.cells[0] !== String(BigInt(i) * 1_000_000_007n) ||
        row.cells[1] !== x ||
        row.cells[2] !== at
      );
    });
    expect(wrong.slice(0, 3)).toEqual([]);
  });
});

describe("ParquetReader: broken files", () => {
  it.each([
    ["cut after the magic", 8],
    ["cut in the middle", 0.5],
    ["missing its last byte", -1],
    ["missing its footer length and magic", -8],
  ])("a truncated file (%s) is unreadable_parquet", async (what, cut) => {
    const bytes = await readFile(EXAMPLE);
    const end = cut < 0 ? bytes.length + cut : cut < 1 ? Math.floor(bytes.length * cut) : cut;
    const file = tmp.path(`truncated-${end}.parquet`);
    await writeFile(file, bytes.subarray(0, end));
    const error = await readError(file);
    expect(error.code, what).toBe("unreadable_parquet");
    expect(error.location.file).toBe(file);
  });

  it("a file whose pages are overwritten (footer intact) is unreadable_parquet naming the rows", async () => {
    const bytes = Buffer.from(await readFile(EXAMPLE));
    bytes.fill(0xff, 100, 2100);
    const file = tmp.path("overwritten.parquet");
    await writeFile(file, bytes);
    const error = await readError(file);
    expect(error.code).toBe("unreadable_parquet");
    expect(error.location.line).toBe(1);
  });

  it("a CSV named .parquet is not_parquet", async () => {
    const file = tmp.path("text.parquet");
    await writeFile(file, "a,b\n1,2\n");
    const error = await readError(file);
    expect(error.code).toBe("not_parquet");
  });
});
