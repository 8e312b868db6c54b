/**
 * The incident contract (docs/design.md, "Rollouts"): one suite that every tracker passes, run by
 * github-incidents.test.ts (against the fake GitHub) and local-incidents.test.ts.
 */
import { beforeEach, describe, expect, it } from "vitest";
import type { IncidentReport, IncidentTracker } from "../../src/incidents/incident.js";

export interface TrackerUnderTest {
  tracker: IncidentTracker;
  /** Every incident as stored: its body, its state and its comments (oldest first). */
  stored(): Promise<{ id: string; title: string; body: string; state: string; comments: string[] }[]>;
  close(): Promise<void>;
}

export function badRollout(overrides: Partial<IncidentReport> = {}): IncidentReport {
  return {
    name: "churn",
    environment: "production",
    kind: "rollout",
    version: "1.3.0",
    summary: "rollout of 1.3.0 failed",
    failingChecks: [
      { rule: "prediction_psi < 0.2", verdict: "fail", reason: "0.41 is not < 0.2 | <b>drifted</b>" },
    ],
    figures: {
      columns: ["candidate", "stable"],
      rows: [
        { name: "error_rate", values: [0.002, 0.001] },
        { name: "prediction_psi", values: [0.41, undefined] },
      ],
    },
    steps: [{ weight: 10, verdict: "fail", figure: 0.41 }],
    keyFigure: "prediction_psi",
    runUrl: "https://github.com/acme/models/actions/runs/42",
    deploymentUrl: "https://github.com/acme/models/deployments/production",
    ...overrides,
  };
}

export function incidentContract(backend: string, open: () => Promise<TrackerUnderTest>): void {
  describe(`incident contract: ${backend}`, () => {
    let under: TrackerUnderTest;
    beforeEach(async () => {
      under = await open();
      return () => under.close();
    });

    it("opens one incident with the title, the marker, the failing checks, the figures, the step chart and the links", async () => {
      const result = await under.tracker.openOrUpdate(badRollout());
      expect(result.action).toBe("opened");
      expect(result.incident?.title).toBe("mlship: churn in production — rollout of 1.3.0 failed");
      const [incident, ...others] = await under.stored();
      expect(others).toEqual([]);
      expect(incident.state).toBe("open");
      expect(incident.body.split("\n")).toContain("<!-- mlship:incident:churn:production:rollout -->");
      expect(incident.body).toContain(
        "`prediction_psi < 0.2`: 0.41 is not \\< 0.2 \\| \\<b\\>drifted\\</b\\>",
      );
      expect(incident.body).toContain("| prediction\\_psi | 0.4100 | — |");
      expect(incident.body).toContain("```mermaid\nflowchart LR\n");
      expect(incident.body).toContain('s0["1: 10%<br/>fail<br/>prediction_psi 0.4100"]:::fail');
      expect(incident.body).toContain("[the run](https://github.com/acme/models/actions/runs/42)");
    });

    it("adds a comment to the open incident on a second breach, never a second incident", async () => {
      const first = await under.tracker.openOrUpdate(badRollout());
      const second = await under.tracker.openOrUpdate(
        badRollout({ version: "1.4.0", summary: "rollout of 1.4.0 failed" }),
      );
      expect(second).toMatchObject({ action: "commented", incident: { id: first.incident?.id } });
      const stored = await under.stored();
      expect(stored).toHaveLength(1);
      expect(stored[0].comments).toHaveLength(1);
      expect(stored[0].comments[0]).toContain("Again: churn in production — rollout of 1.4.0 failed");
    });

    it("keeps one incident per model, environment and kind", async () => {
      await under.tracker.openOrUpdate(badRollout());
      await under.tracker.openOrUpdate(badRollout({ environment: "staging" }));
      await under.tracker.openOrUpdate(badRollout({ kind: "monitor", summary: "drift breach" }));
      expect(await under.stored()).toHaveLength(3);
      expect(
        (await under.tracker.find({ name: "churn", environment: "staging", kind: "rollout" }))?.title,
      ).toBe("mlship: churn in staging — rollout of 1.3.0 failed");
    });

    it("comments on the open incident (a rollback), closes it with a comment, and opens a new one on the next breach", async () => {
      const key = { name: "churn", environment: "production", kind: "rollout" as const };
      expect(await under.tracker.comment(key, "rolled back to 1.2.0")).toEqual({ action: "none" });
      expect(await under.tracker.close(key, "healthy")).toEqual({ action: "none" });
      const opened = await under.tracker.openOrUpdate(badRollout());
      expect((await under.tracker.comment(key, "rolled back to 1.2.0")).action).toBe("commented");
      const closed = await under.tracker.close(key, "1.3.1 rolled out healthy");
      expect(closed).toMatchObject({ action: "closed", incident: { id: opened.incident?.id } });
      expect(await under.tracker.find(key)).toBeUndefined();
      const [incident] = await under.stored();
      expect(incident.state).toBe("closed");
      expect(incident.comments).toEqual(["rolled back to 1.2.0", "1.3.1 rolled out healthy"]);
      const again = await under.tracker.openOrUpdate(badRollout({ version: "1.4.0" }));
      expect(again.action).toBe("opened");
      expect(again.incident?.id).not.toBe(opened.incident?.id);
    });

    it("refuses a model name or an environment that could forge another marker (exit 2)", async () => {
      await expect(
        under.tracker.openOrUpdate(badRollout({ environment: "prod --> x" })),
      ).rejects.toMatchObject({
        exitCode: 2,
      });
      expect(await under.stored()).toEqual([]);
    });
  });
}
