/** Plain-text tables for a terminal: a header, a rule, and left-aligned columns padded to their widest cell. */
import { maxOf } from "./arrays.js";

/** The table's lines, each indented by two spaces and without trailing blanks. */
export function renderTable(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => maxOf([h.length, ...rows.map((r) => r[i].length)]));
  const line = (cells: string[]) =>
    `  ${cells.map((cell, i) => cell.padEnd(widths[i])).join("  ")}`.trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
}
