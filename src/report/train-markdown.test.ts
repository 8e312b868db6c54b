import { describe, expect, it } from "vitest";
import type { SearchSummary } from "../tune/search-summary.js";
import { OPEN_TRIAL_ROWS, objectiveChart, renderSearchMarkdown } from "./train-markdown.js";

type Row = SearchSummary["trials"][number];
const row = (
  trial: number,
  value: number | null,
  status: Row["status"] = "complete",
  extra: Partial<Row> = {},
): Row => ({
  trial,
  params: { lr: 0.1 * (trial + 1) },
  status,
  value,
  durationMs: 1500,
  cached: false,
  ...extra,
});

function summary(trials: Row[], direction: "minimize" | "maximize" = "maximize"): SearchSummary {
  const best = trials.find((t) => t.trial === 1) ?? trials[0];
  return {
    objective: "roc_auc",
    direction,
    method: "tpe",
    best: { trial: best.trial, params: best.params, value: best.value ?? 0 },
    importance: [],
    trials,
  };
}

describe("objective chart", () => {
  it("plots each trial with a value as a bar and the best complete value so far as the line", () => {
    const chart = objectiveChart(
      summary([row(0, 0.7), row(1, 0.8), row(2, 0.9, "pruned"), row(3, null, "failed"), row(4, 0.85)]),
    );
    expect(chart).toContain('x-axis "trial" ["0", "1", "2", "4"]');
    expect(chart).toContain("bar [0.7, 0.8, 0.9, 0.85]");
    // The pruned trial's 0.9 is a last report, not a result: the best so far stays 0.8.
    expect(chart).toContain("line [0.7, 0.8, 0.8, 0.85]");
  });

  it("follows the direction when the objective is minimized", () => {
    const chart = objectiveChart(summary([row(0, 0.5), row(1, 0.6), row(2, 0.4)], "minimize"));
    expect(chart).toContain("line [0.5, 0.5, 0.4]");
  });

  it("is left out when no trial has a value", () => {
    expect(objectiveChart(summary([row(0, null, "failed")]))).toBe("");
  });
});

describe("search summary", () => {
  it("marks the best trial, counts statuses and cached trials, and shows failures", () => {
    const markdown = renderSearchMarkdown(
      summary([
        row(0, 0.7, "complete", { cached: true }),
        row(1, 0.8),
        row(2, null, "failed", { error: "exit 1 | boom" }),
      ]),
    );
    expect(markdown).toContain("2 complete · 0 pruned · 1 failed · 1 restored from the training cache");
    expect(markdown).toContain("| **1** ★ | 0.2000 | 0.8000 | complete | 1.5 s |");
    expect(markdown).toContain("| 0 | 0.1000 | 0.7000 | complete (cached) | 1.5 s |");
    expect(markdown).toContain("failed: exit 1 \\| boom");
  });

  it("folds a long trial table into a details section", () => {
    const trials = Array.from({ length: OPEN_TRIAL_ROWS + 1 }, (_, i) => row(i, 0.5 + i / 100));
    expect(renderSearchMarkdown(summary(trials))).toContain(
      `<details><summary>All ${OPEN_TRIAL_ROWS + 1} trials</summary>`,
    );
    expect(renderSearchMarkdown(summary(trials.slice(0, OPEN_TRIAL_ROWS)))).not.toContain("<details>");
  });
});

describe("parameter importance in the summary", () => {
  it("is a table of each param's share, when there is one", () => {
    const markdown = renderSearchMarkdown({
      ...summary([row(0, 0.7), row(1, 0.8)]),
      importance: [
        { param: "lr", importance: 0.8 },
        { param: "depth", importance: 0.2 },
      ],
    });
    expect(markdown).toContain("**Parameter importance**");
    expect(markdown).toContain("| lr | 80% |");
    expect(renderSearchMarkdown(summary([row(0, 0.7)]))).not.toContain("Parameter importance");
  });
});
