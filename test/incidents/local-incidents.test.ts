import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalIncidentTracker } from "../../src/incidents/local-incidents.js";
import { incidentContract } from "./contract.js";

incidentContract("local", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mlship-incidents-"));
  const tracker = new LocalIncidentTracker(dir);
  return {
    tracker,
    stored: async () =>
      (await tracker.incidents("churn")).map((i) => ({
        id: i.id,
        title: i.title,
        body: i.body,
        state: i.state,
        comments: i.comments.map((c) => c.body),
      })),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});
