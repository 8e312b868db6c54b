/**
 * Markdown for GitHub: tables with escaped cells, and the pieces of mermaid
 * charts (which GitHub renders natively, so reports need no image host).
 */

/** Longest x-axis label of a chart before it is cut with an ellipsis. */
const MAX_CHART_LABEL = 24;

/**
 * A GFM table. Every cell is escaped, the header's too, except in the `raw`
 * columns, which hold markdown mlship wrote (code spans, `<br>`): there only
 * the pipes are escaped, since a pipe ends a cell even inside a code span.
 * `right` columns are right-aligned (numbers).
 */
export function markdownTable(
  header: string[],
  rows: string[][],
  right: number[] = [],
  raw: number[] = [],
): string {
  const align = header.map((_, i) => (right.includes(i) ? "---:" : "---"));
  const line = (cells: string[]) => `| ${cells.join(" | ")} |`;
  return [
    line(header.map(escapeMarkdown)),
    line(align),
    ...rows.map((row) =>
      line(
        row.map((cell, i) => (raw.includes(i) ? cell.replace(/(?<!\\)\|/g, "\\|") : escapeMarkdown(cell))),
      ),
    ),
  ].join("\n");
}

/**
 * Text as literal markdown, safe inside a table cell: markdown punctuation is
 * backslash-escaped (so `|` cannot end a cell and `<` cannot open a tag) and
 * line breaks become `<br>`.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|&#]/g, "\\$&").replace(/\r\n|\r|\n/g, "<br>");
}

/**
 * Text inside raw HTML — a line that opens with a block tag such as
 * `<details><summary>` is HTML up to the next blank line, where markdown
 * escapes do not apply — as literal text: no tag, no entity, no line break.
 */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/[\r\n]+/g, " ");
}

/** The axis top: a little above the largest value, rounded up to 1, 2 or 5 × 10^k. */
export function niceCeiling(max: number): number {
  if (!(max > 0)) return 1;
  const padded = max * 1.05;
  const power = 10 ** Math.floor(Math.log10(padded));
  const step = [1, 2, 5, 10].find((m) => m * power >= padded)!;
  return step * power;
}

export function mermaidNumber(x: number): string {
  return String(Number(x.toPrecision(4)));
}

/** Mermaid strings have no escapes: double quotes become single ones, line breaks spaces. */
export function mermaidText(text: string): string {
  return text.replace(/"/g, "'").replace(/[\r\n\t]+/g, " ");
}

export function mermaidLabel(name: string): string {
  const text = mermaidText(name);
  return text.length > MAX_CHART_LABEL ? `${text.slice(0, MAX_CHART_LABEL - 1)}…` : text;
}

/** Text as an inline code span (no escapes apply inside one: backticks become quotes, line breaks spaces). */
export function codeSpan(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/[\r\n]+/g, " ")}\``;
}
