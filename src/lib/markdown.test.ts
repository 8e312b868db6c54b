import { describe, expect, it } from "vitest";
import { codeSpan, escapeHtml, markdownTable } from "./markdown.js";

const cellsOf = (line: string) => line.match(/(?<!\\)\|/g)!.length - 1;

describe("markdownTable", () => {
  it("escapes the header as it escapes cells, so a column name from data cannot split it or open a tag", () => {
    const table = markdownTable(["a|b <img src=x>", "n"], [["1", "2"]]);
    const [header, align] = table.split("\n");
    expect(header).toBe("| a\\|b \\<img src=x\\> | n |");
    expect(cellsOf(header)).toBe(cellsOf(align));
  });

  it("escapes the pipes of raw cells, which end a cell even inside a code span", () => {
    const table = markdownTable(["rule", "verdict"], [[codeSpan("a | b"), "ok"]], [], [0]);
    const row = table.split("\n")[2];
    expect(row).toBe("| `a \\| b` | ok |");
    expect(cellsOf(row)).toBe(2);
  });
});

describe("escapeHtml", () => {
  it("leaves no tag, entity or line break in text put inside raw HTML", () => {
    expect(escapeHtml(`Slices by </summary></details><img src="x"> & co\nnext`)).toBe(
      "Slices by &lt;/summary&gt;&lt;/details&gt;&lt;img src=&quot;x&quot;&gt; &amp; co next",
    );
  });
});
