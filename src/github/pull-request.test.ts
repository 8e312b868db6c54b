import { describe, expect, it } from "vitest";
import { commentMarker, trimMarkdown } from "./pull-request.js";

describe("trimMarkdown", () => {
  it("leaves a report within the limit alone", () => {
    expect(trimMarkdown("short", 100)).toBe("short");
  });

  it("cuts at a line, closes an open code fence and <details>, and points to the full report", () => {
    const long = [
      "# title",
      "<details><summary>x</summary>",
      "```mermaid",
      ...Array.from({ length: 200 }, (_, i) => `line ${i}`),
      "```",
      "</details>",
    ].join("\n");
    const trimmed = trimMarkdown(long, 500, "https://github.com/acme/models/actions/runs/1");
    expect(trimmed.length).toBeLessThanOrEqual(500 + "\n```\n</details>".length);
    expect(trimmed.match(/```/g)?.length).toBe(2);
    expect(trimmed).toContain("</details>");
    expect(trimmed).toMatch(
      /\[the full report\]\(https:\/\/github\.com\/acme\/models\/actions\/runs\/1\)\.\n$/,
    );
  });
});

describe("commentMarker", () => {
  it("is an HTML comment naming the model, invisible in the rendered comment", () => {
    expect(commentMarker("churn")).toBe("<!-- mlship:evaluate:churn -->");
  });
});
