import { closeSync, existsSync, openSync, readdirSync, writeSync } from "node:fs";
import { rm, writeFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CHUNK_BYTES } from "../../src/data/readers/byte-source.js";
import { CsvReader } from "../../src/data/readers/csv-reader.js";
import { MlshipError } from "../../src/lib/errors.js";
import { readNumbers, readTable } from "./read-table.js";
import { seededRandom, useTempDir } from "./temp-dir.js";

const tmp = useTempDir("csv-reader");

async function csv(name: string, content: string | Buffer): Promise<string> {
  const file = tmp.path(name);
  await writeFile(file, content);
  return file;
}

async function read(name: string, content: string | Buffer, delimiter?: string) {
  return readTable(new CsvReader(await csv(name, content), { delimiter }));
}

async function readError(name: string, content: string | Buffer): Promise<MlshipError> {
  try {
    await readTable(new CsvReader(await csv(name, content)));
  } catch (error) {
    if (error instanceof MlshipError) return error;
    throw error;
  }
  throw new Error(`${name} was read without an error`);
}

describe("CsvReader: the shape of a CSV", () => {
  it("reads the header as columns and each following line as a row with its line number", async () => {
    const table = await read("simple.csv", "id,name,score\n1,ann,3.5\n2,bob,4\n");
    expect(table.columns).toEqual(["id", "name", "score"]);
    expect(table.rows).toEqual([
      { line: 2, cells: ["1", "ann", "3.5"] },
      { line: 3, cells: ["2", "bob", "4"] },
    ]);
  });

  it("reads a quoted field holding the delimiter as one value", async () => {
    const table = await read("quoted-delimiter.csv", 'id,city\n1,"Paris, France"\n');
    expect(table.rows[0].cells).toEqual(["1", "Paris, France"]);
  });

  it('turns doubled quotes inside a quoted field into one quote ("" → ")', async () => {
    const table = await read("doubled-quotes.csv", 'id,said\n1,"she said ""hi"""\n2,""""\n');
    expect(table.rows.map((r) => r.cells[1])).toEqual(['she said "hi"', '"']);
  });

  it("keeps a newline inside a quoted field as part of the value", async () => {
    const table = await read("embedded-newline.csv", 'id,note\n1,"first\nsecond"\n');
    expect(table.rows).toEqual([{ line: 2, cells: ["1", "first\nsecond"] }]);
  });

  it("gives the row after a 3-line quoted field the line it starts on", async () => {
    const table = await read(
      "line-after-multiline.csv",
      'id,note\n1,"one\ntwo\nthree"\n2,after\n3,"x\ny"\n4,z\n',
    );
    expect(table.rows.map((r) => [r.line, r.cells[0]])).toEqual([
      [2, "1"],
      [5, "2"],
      [6, "3"],
      [8, "4"],
    ]);
  });

  it("tells an empty quoted field (an empty string) from an empty field (missing)", async () => {
    const table = await read("empty-vs-missing.csv", 'a,b\n"",\n');
    expect(table.rows[0].cells).toEqual(["", null]);
  });

  it("reads CRLF line endings without a trailing \\r in the last value", async () => {
    const table = await read("crlf.csv", 'id,name\r\n1,ann\r\n2,"b\r\nob"\r\n3,cy\r\n');
    expect(table.columns).toEqual(["id", "name"]);
    expect(table.rows).toEqual([
      { line: 2, cells: ["1", "ann"] },
      { line: 3, cells: ["2", "b\r\nob"] },
      { line: 5, cells: ["3", "cy"] },
    ]);
  });

  it("reads old Mac files whose lines end in a lone CR, blank lines included", async () => {
    const table = await read("mac.csv", 'id,name\r1,ann\r\r2,"b, ob"\r3,cy');
    expect(table.rows).toEqual([
      { line: 2, cells: ["1", "ann"] },
      { line: 4, cells: ["2", "b, ob"] },
      { line: 5, cells: ["3", "cy"] },
    ]);
  });

  it("drops a UTF-8 byte order mark from the first column's name", async () => {
    const table = await read("bom.csv", "\ufeffid,name\n1,ann\n");
    expect(table.columns).toEqual(["id", "name"]);
    expect(table.rows[0]).toEqual({ line: 2, cells: ["1", "ann"] });
  });

  it("splits on a ';' delimiter when told to, keeping ',' inside values", async () => {
    const table = await read("semicolon.csv", 'id;price\n1;3,50\n2;"a;b"\n', ";");
    expect(table.columns).toEqual(["id", "price"]);
    expect(table.rows.map((r) => r.cells)).toEqual([
      ["1", "3,50"],
      ["2", "a;b"],
    ]);
  });

  it("splits on a tab delimiter when told to", async () => {
    const table = await read("tabs.tsv", "id\tname\n1\tann, bea\n", "\t");
    expect(table.columns).toEqual(["id", "name"]);
    expect(table.rows[0].cells).toEqual(["1", "ann, bea"]);
  });

  it("skips blank lines, still numbering the rows after them by their line in the file", async () => {
    const table = await read("blank-lines.csv", "\n\nid,name\n\n1,ann\n\n\n2,bob\n\n");
    expect(table.columns).toEqual(["id", "name"]);
    expect(table.rows).toEqual([
      { line: 5, cells: ["1", "ann"] },
      { line: 8, cells: ["2", "bob"] },
    ]);
  });

  it("reads the last row of a file without a trailing newline", async () => {
    const table = await read("no-final-newline.csv", 'id,name\n1,ann\n2,"bob"');
    expect(table.rows).toEqual([
      { line: 2, cells: ["1", "ann"] },
      { line: 3, cells: ["2", "bob"] },
    ]);
  });

  it("reads a trailing delimiter as a last, missing value (also on the last line without a newline)", async () => {
    const table = await read("trailing-delimiter.csv", "a,b\n1,\n2,");
    expect(table.rows).toEqual([
      { line: 2, cells: ["1", null] },
      { line: 3, cells: ["2", null] },
    ]);
  });

  it("refuses a header with a trailing delimiter, naming the nameless column", async () => {
    const error = await readError("trailing-delimiter-header.csv", "a,b,\n1,2,\n");
    expect(error.code).toBe("empty_column_name");
    expect(error.location).toMatchObject({ line: 1, column: 3 });
  });

  it("refuses a header that names a column twice", async () => {
    const error = await readError("duplicate-column.csv", "a,b,a\n1,2,3\n");
    expect(error.code).toBe("duplicate_column");
    expect(error.message).toContain('"a"');
  });

  it("refuses a row with more fields than the header, naming its line", async () => {
    const error = await readError("ragged.csv", 'a,b\n1,2\n3,"x\ny"\n4,5,6\n');
    expect(error.code).toBe("ragged_row");
    expect(error.location.line).toBe(5);
  });

  it("suggests the delimiter the one-column header holds when rows split into more fields", async () => {
    const error = await readError("tabs-read-as-commas.csv", "id\tprice\n1\t3,50\n");
    expect(error.code).toBe("ragged_row");
    expect(error.message).toContain("--delimiter tab");
  });

  it("refuses an unterminated quote, naming the line where the quote opened", async () => {
    const error = await readError("unterminated.csv", 'a,b\n1,2\n3,"never closed\n4,5\n6,7\n');
    expect(error.code).toBe("unterminated_quote");
    expect(error.location.line).toBe(3);
  });

  it("refuses text after a closing quote, naming the line", async () => {
    const error = await readError("stray-quote.csv", 'a,b\n1,2\n3,"ab"c\n');
    expect(error.code).toBe("stray_quote");
    expect(error.location.line).toBe(3);
  });

  it("reads a .gz file to the same rows as the plain file", async () => {
    const text = 'id,note,value\n1,"a, b",1.5\n2,"multi\nline",-2e3\n\n3,,\n';
    const plain = await read("plain.csv", text);
    const gzipped = await read("plain.csv.gz", gzipSync(text));
    expect(gzipped).toEqual(plain);
    expect(plain.rows).toHaveLength(3);
  });
});

describe("CsvReader: open files", () => {
  it.runIf(existsSync("/proc/self/fd"))(
    "leaves no file open after reading only the header of a .gz file",
    async () => {
      const file = await csv("header-only-read.csv.gz", gzipSync(`a,b\n${"1,2\n".repeat(500_000)}`));
      const open = () => readdirSync("/proc/self/fd").length;
      const before = open();
      for (let i = 0; i < 10; i++) expect(await new CsvReader(file).columns()).toEqual(["a", "b"]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(open()).toBe(before);
    },
  );
});

describe("CsvReader: files closed after an error", () => {
  it.runIf(existsSync("/proc/self/fd"))(
    "leaves no file open when a ragged row stops the read mid-file",
    async () => {
      const file = await csv(
        "ragged-late.csv",
        `a,b\n${"1,2\n".repeat(400_000)}1,2,3\n${"1,2\n".repeat(1000)}`,
      );
      const open = () => readdirSync("/proc/self/fd").length;
      const before = open();
      for (let i = 0; i < 5; i++) {
        const reader = new CsvReader(file);
        await expect(
          (async () => {
            for await (const _ of reader.batches());
          })(),
        ).rejects.toThrow(/line 400002/);
      }
      expect(open()).toBe(before);
    },
  );
});

describe("CsvReader: numbers", () => {
  it("parses 10,000 random decimals from the bytes exactly as Number() parses their text", async () => {
    const random = seededRandom(20240611);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join("");
    const texts = [
      "0",
      "-0",
      "5.",
      ".5",
      "-.5",
      "+3",
      "007",
      "1e22",
      "1e23",
      "9007199254740992",
      "9007199254740993",
      "123456789012345678901234567890",
      "0.1",
      "0.30000000000000004",
      "4.9e-324",
      "2.5e-324",
      "1.7976931348623157e308",
      "1e309",
      "-1e-400",
      "0.0000000000000000000000001",
    ];
    while (texts.length < 10_000) {
      const sign = ["", "-", "+"][Math.floor(random() * 3)];
      const intDigits = Math.floor(random() * 20);
      const fracDigits = Math.floor(random() * 20);
      let text = `${sign}${intDigits > 0 ? digits(intDigits) : ""}`;
      if (fracDigits > 0 || intDigits === 0) text += `.${digits(Math.max(1, fracDigits))}`;
      if (random() < 0.3) {
        const exponent = Math.floor(random() * (random() < 0.5 ? 30 : 330));
        text += `${random() < 0.5 ? "e" : "E"}${["", "-", "+"][Math.floor(random() * 3)]}${exponent}`;
      }
      texts.push(text);
    }
    const content = `plain,quoted\n${texts.map((t) => `${t},"${t}"`).join("\n")}\n`;
    const numbers = await readNumbers(new CsvReader(await csv("decimals.csv", content)));
    expect(numbers).toHaveLength(texts.length);
    const wrong = texts.flatMap((text, i) => {
      const expected = Number(text);
      const [plain, quoted] = numbers[i];
      return Object.is(plain, expected) && Object.is(quoted, expected)
        ? []
        : [{ text, expected, plain, quoted }];
    });
    expect(wrong).toEqual([]);
  });

  it("reads NaN and Infinity spellings as non-finite numbers and words as NaN", async () => {
    const [[nan], [inf], [negInf], [word]] = await readNumbers(
      new CsvReader(await csv("non-finite.csv", "x\nNaN\nInfinity\n-inf\nabc\n")),
    );
    expect([nan, inf, negInf, word]).toEqual([Number.NaN, Infinity, -Infinity, Number.NaN]);
  });
});

/**
 * Builds a CSV byte by byte while recording every row's line and values, and
 * places chosen bytes exactly at the reader's 1 MiB chunk edges.
 */
class CsvBuilder {
  readonly parts: Buffer[] = [];
  readonly rows: { line: number; cells: string[] }[] = [];
  offset = 0;
  private line = 1;
  private readonly edges: { offset: number; what: string; byte: number }[] = [];

  constructor(header: string) {
    this.push(Buffer.from(`${header}\n`));
  }

  /** Appends a row given as raw CSV text (with its terminator) and the values it must read back as. */
  row(raw: string, cells: string[]): void {
    this.rows.push({ line: this.line, cells });
    this.push(Buffer.from(raw));
  }

  /** Remembers that the byte at `offset` must be `char` (checked by `bytes()`). */
  expectByte(offset: number, char: string, what: string): void {
    this.edges.push({ offset, what, byte: Buffer.from(char)[0] });
  }

  bytes(): Buffer {
    const all = Buffer.concat(this.parts);
    for (const edge of this.edges) {
      if (all[edge.offset] !== edge.byte) throw new Error(`test data: ${edge.what} is not at ${edge.offset}`);
    }
    return all;
  }

  private push(bytes: Buffer): void {
    this.parts.push(bytes);
    this.offset += bytes.length;
    for (const b of bytes) if (b === 0x0a) this.line++;
  }
}

function quote(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}

/** The awkward things that can sit on the last byte before a chunk edge. */
const EDGE_CASES: {
  what: string;
  /** Builds the row with `pad` filler bytes placed so that `char` lands on the last byte of the chunk. */
  build: (id: number, pad: string) => { raw: string; cells: string[]; before: string; char: string };
}[] = [
  {
    what: "the first quote of a doubled quote",
    build: (id, pad) => ({
      raw: `${id},"${pad}""quoted"" tail",1\n`,
      cells: [String(id), `${pad}"quoted" tail`, "1"],
      before: `${id},"${pad}`,
      char: '"',
    }),
  },
  {
    what: "the CR of a CRLF row end",
    build: (id, pad) => ({
      raw: `${id},${pad},2\r\n`,
      cells: [String(id), pad, "2"],
      before: `${id},${pad},2`,
      char: "\r",
    }),
  },
  {
    what: "a closing quote",
    build: (id, pad) => ({
      raw: `${id},"${pad}",3\n`,
      cells: [String(id), pad, "3"],
      before: `${id},"${pad}`,
      char: '"',
    }),
  },
  {
    what: "the first byte of a 3-byte UTF-8 character",
    build: (id, pad) => ({
      raw: `${id},${pad}€uro,4\n`,
      cells: [String(id), `${pad}€uro`, "4"],
      before: `${id},${pad}`,
      char: "€",
    }),
  },
  {
    what: "the LF that ends a row",
    build: (id, pad) => ({
      raw: `${id},${pad},5\n`,
      cells: [String(id), pad, "5"],
      before: `${id},${pad},5`,
      char: "\n",
    }),
  },
  {
    what: "a newline inside a quoted field",
    build: (id, pad) => ({
      raw: `${id},"${pad}\nnext line",6\n`,
      cells: [String(id), `${pad}\nnext line`, "6"],
      before: `${id},"${pad}`,
      char: "\n",
    }),
  },
  {
    what: "an opening quote",
    build: (id, pad) => ({
      raw: `${id},${pad},"7"\n`,
      cells: [String(id), pad, "7"],
      before: `${id},${pad},`,
      char: '"',
    }),
  },
  {
    what: "a delimiter",
    build: (id, pad) => ({
      raw: `${id},${pad},8\n`,
      cells: [String(id), pad, "8"],
      before: `${id},${pad}`,
      char: ",",
    }),
  },
];

/** A random text value: words, delimiters, quotes, newlines (LF and CRLF) and multi-byte characters. */
function randomText(random: () => number): string {
  const pieces = ["lorem", "ipsum", ",", '"', "\n", "\r\n", "é", "€", "😀", " ", "x", "0.5", '""'];
  const n = Math.floor(random() * 40);
  let text = "";
  for (let i = 0; i < n; i++) text += pieces[Math.floor(random() * pieces.length)];
  return text;
}

function buildChunkEdgeCsv(): CsvBuilder {
  const random = seededRandom(7);
  const builder = new CsvBuilder("id,text,n");
  let id = 0;
  const randomRow = () => {
    id++;
    const text = randomText(random);
    const mustQuote = /[",\r\n]/.test(text) || text === "";
    const field = mustQuote || random() < 0.2 ? quote(text) : text;
    const n = (random() * 1000 - 500).toFixed(Math.floor(random() * 4));
    builder.row(`${id},${field},${n}\n`, [String(id), text, n]);
  };
  EDGE_CASES.forEach((edge, k) => {
    const lastByte = (k + 1) * CHUNK_BYTES - 1;
    while (builder.offset < lastByte - 4096) randomRow();
    id++;
    const probe = edge.build(id, "");
    const pad = "p".repeat(lastByte - builder.offset - Buffer.byteLength(probe.before));
    const row = edge.build(id, pad);
    builder.expectByte(lastByte, row.char, edge.what);
    builder.row(row.raw, row.cells);
  });
  for (let i = 0; i < 500; i++) randomRow();
  return builder;
}

describe("CsvReader: rows across the 1 MiB chunk edges", () => {
  const builder = buildChunkEdgeCsv();
  const content = builder.bytes();

  it("reads every row's line and values back, whatever byte sits at a chunk edge", async () => {
    expect(content.length).toBeGreaterThan(EDGE_CASES.length * CHUNK_BYTES);
    const table = await read("chunk-edges.csv", content);
    expect(table.columns).toEqual(["id", "text", "n"]);
    expect(table.rows).toHaveLength(builder.rows.length);
    const wrong = table.rows.filter((row, i) => {
      const expected = builder.rows[i];
      return row.line !== expected.line || row.cells.join("\u0000") !== expected.cells.join("\u0000");
    });
    expect(wrong.slice(0, 3)).toEqual([]);
  });

  it("reads the gzipped file to the same rows", async () => {
    const plain = await read("chunk-edges-plain.csv", content);
    const gzipped = await read("chunk-edges.csv.gz", gzipSync(content));
    expect(gzipped.rows.length).toBe(plain.rows.length);
    expect(gzipped).toEqual(plain);
  });
});

describe("CsvReader: rows longer than a chunk", () => {
  it("reads rows of 2.5, 0.3 and 4 chunks in a row, and the short rows between them, back exactly", async () => {
    // Each long row is joined across several chunks; the next one starts inside the joined bytes.
    const long = [2.5, 0.3, 4].map((chunks, i) =>
      String.fromCharCode(97 + i).repeat(Math.round(chunks * CHUNK_BYTES)),
    );
    const rows = [
      ["1", "short"],
      ["2", long[0]],
      ["3", long[1]],
      ["4", long[2]],
      ["5", "after"],
      ["6", `"${long[0].slice(0, 100)}"`],
    ];
    const csv = `id,text\n${rows.map((r) => r.join(",")).join("\n")}\n`;
    const table = await read("long-rows.csv", csv);
    expect(table.rows.map((row) => row.cells[1]?.length)).toEqual([5, ...long.map((t) => t.length), 5, 100]);
    expect(table.rows.map((row) => row.cells[1] === rows[row.line - 2][1].replaceAll('"', ""))).toEqual(
      rows.map(() => true),
    );
  });
});

describe("CsvReader: streaming a large file", () => {
  it("reads a ~200 MB file keeping only about a chunk in memory", async () => {
    // Fixed-width rows: the row on line n ends at byte HEADER + (n - 1) * ROW, so how far the reader
    // has read ahead of the rows it handed out is known exactly.
    const header = "id,value,group,text\n";
    const rowOf = (i: number) =>
      `${String(i).padStart(10, "0")},${(i % 1000).toFixed(2).padStart(8, " ")},g${i % 7},${"t".repeat(76)}\n`;
    const ROW = Buffer.byteLength(rowOf(1));
    expect(ROW).toBe(100);
    const ROWS = 2_000_000;
    const file = tmp.path("large.csv");
    const fd = openSync(file, "w");
    try {
      writeSync(fd, header);
      const perBlock = 10_000;
      for (let start = 1; start <= ROWS; start += perBlock) {
        let block = "";
        for (let i = start; i < start + perBlock && i <= ROWS; i++) block += rowOf(i);
        writeSync(fd, block);
      }
    } finally {
      closeSync(fd);
    }

    try {
      const reader = new CsvReader(file);
      expect(await reader.columns()).toEqual(["id", "value", "group", "text"]);
      const baseline = process.memoryUsage().rss;
      let peakGrowth = 0;
      let maxReadAhead = 0;
      let maxBatchRows = 0;
      let expectedLine = 2;
      let sum = 0;
      for await (const batch of reader.batches()) {
        for (let row = 0; row < batch.rows; row++) {
          if (batch.line(row) !== expectedLine) throw new Error(`row ${row}: line ${batch.line(row)}`);
          expectedLine++;
          sum += batch.number(row, 1);
        }
        const handedOutEnd = header.length + (expectedLine - 2) * ROW;
        maxReadAhead = Math.max(maxReadAhead, reader.bytesRead() - handedOutEnd);
        maxBatchRows = Math.max(maxBatchRows, batch.rows);
        peakGrowth = Math.max(peakGrowth, process.memoryUsage().rss - baseline);
      }
      expect(expectedLine - 2).toBe(ROWS);
      expect(sum).toBeCloseTo(2000 * 499_500, 3);
      // One batch holds at most a chunk's worth of rows ...
      expect(maxBatchRows * ROW).toBeLessThanOrEqual(CHUNK_BYTES + ROW);
      // ... and the reader never reads far ahead of what it handed out (a chunk plus the stream's buffer).
      expect(maxReadAhead).toBeLessThanOrEqual(4 * CHUNK_BYTES);
      expect(peakGrowth).toBeLessThan(150 * 1024 * 1024);
    } finally {
      await rm(file, { force: true });
    }
  }, 180_000);
});

describe("CsvReader: refusals", () => {
  it("says an empty file is empty", async () => {
    const error = await readError("empty.csv", "");
    expect(error.code).toBe("empty_file");
  });

  it("refuses binary data named .csv", async () => {
    const bytes = Buffer.from(Array.from({ length: 2000 }, (_, i) => (i * 7919) % 256));
    const error = await readError("binary.csv", bytes);
    expect(error.code).toBe("not_text");
  });

  it("names the line of a row that is not UTF-8", async () => {
    const error = await readError("latin1.csv", Buffer.from("name,n\nbob,1\ncaf\xe9,2\n", "latin1"));
    expect(error.code).toBe("not_utf8");
    expect(error.location.line).toBe(3);
    expect(error.message).toMatch(/UTF-8/);
  });
});
