/**
 * Incidents beside the local registry (`local:<dir>`), so everything works
 * offline: `<dir>/<name>/incidents.jsonl`, an append-only log of events
 * (opened with its title and body, commented, closed), one line written at
 * once in append mode as the deployment log is. An incident's number counts
 * the model's incidents from 1; its url is the log's file URL with `#<number>`.
 */
import { appendFile, mkdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { MlshipError } from "../lib/errors.js";
import { parseJsonWith } from "../lib/read-json.js";
import { checkModelName } from "../registry/refs.js";
import {
  type Incident,
  type IncidentKey,
  type IncidentReport,
  type IncidentResult,
  type IncidentTracker,
  incidentBody,
  incidentMarkdown,
  incidentMarker,
  incidentTitle,
} from "./incident.js";

export const INCIDENT_LOG = "incidents.jsonl";

const IncidentEvent = z.discriminatedUnion("event", [
  z.object({
    event: z.literal("opened"),
    id: z.string(),
    at: z.string(),
    marker: z.string(),
    title: z.string(),
    body: z.string(),
  }),
  z.object({ event: z.literal("commented"), id: z.string(), at: z.string(), body: z.string() }),
  z.object({ event: z.literal("closed"), id: z.string(), at: z.string() }),
]);
type IncidentEvent = z.infer<typeof IncidentEvent>;

/** An incident read back from the log, with its comments, oldest first. */
export interface LocalIncident extends Incident {
  marker: string;
  body: string;
  state: "open" | "closed";
  openedAt: string;
  comments: { at: string; body: string }[];
}

export class LocalIncidentTracker implements IncidentTracker {
  readonly root: string;
  readonly describe: string;

  constructor(dir: string) {
    this.root = resolve(dir);
    this.describe = `local:${dir}`;
  }

  async find(key: IncidentKey): Promise<Incident | undefined> {
    const marker = incidentMarker(key);
    const open = (await this.incidents(key.name)).filter((i) => i.state === "open" && i.marker === marker);
    const found = open[0];
    return found && { id: found.id, url: found.url, title: found.title };
  }

  async openOrUpdate(report: IncidentReport): Promise<IncidentResult> {
    const open = await this.find(report);
    if (open) {
      await this.append(report.name, {
        event: "commented",
        id: open.id,
        at: now(),
        body: incidentMarkdown(report, "again"),
      });
      return { action: "commented", incident: open };
    }
    const id = String((await this.incidents(report.name)).length + 1);
    const title = incidentTitle(report);
    await this.append(report.name, {
      event: "opened",
      id,
      at: now(),
      marker: incidentMarker(report),
      title,
      body: incidentBody(report),
    });
    return { action: "opened", incident: { id, url: this.urlOf(report.name, id), title } };
  }

  async comment(key: IncidentKey, markdown: string): Promise<IncidentResult> {
    const open = await this.find(key);
    if (!open) return { action: "none" };
    await this.append(key.name, { event: "commented", id: open.id, at: now(), body: markdown });
    return { action: "commented", incident: open };
  }

  async close(key: IncidentKey, markdown: string): Promise<IncidentResult> {
    const open = await this.find(key);
    if (!open) return { action: "none" };
    await this.append(key.name, { event: "commented", id: open.id, at: now(), body: markdown });
    await this.append(key.name, { event: "closed", id: open.id, at: now() });
    return { action: "closed", incident: open };
  }

  /** Every incident of a model, oldest first, as the log tells it. */
  async incidents(name: string): Promise<LocalIncident[]> {
    checkModelName(name);
    const file = join(this.root, name, INCIDENT_LOG);
    const text = await readFile(file, "utf8").catch(() => "");
    const incidents = new Map<string, LocalIncident>();
    text.split("\n").forEach((line, index) => {
      if (line.trim() === "") return;
      let event: IncidentEvent;
      try {
        event = parseJsonWith(IncidentEvent, line, {
          where: "this line",
          what: "an incident record",
          code: "bad_incident_log",
        });
      } catch (error) {
        if (!(error instanceof MlshipError)) throw error;
        throw new MlshipError(error.code, error.message, { file, line: index + 1 });
      }
      if (event.event === "opened") {
        incidents.set(event.id, {
          id: event.id,
          url: this.urlOf(name, event.id),
          title: event.title,
          marker: event.marker,
          body: event.body,
          state: "open",
          openedAt: event.at,
          comments: [],
        });
        return;
      }
      const incident = incidents.get(event.id);
      if (!incident) return;
      if (event.event === "commented") incident.comments.push({ at: event.at, body: event.body });
      else incident.state = "closed";
    });
    return [...incidents.values()];
  }

  private urlOf(name: string, id: string): string {
    return `${pathToFileURL(join(this.root, name, INCIDENT_LOG)).href}#${id}`;
  }

  private async append(name: string, event: IncidentEvent): Promise<void> {
    const dir = join(this.root, name);
    await mkdir(dir, { recursive: true });
    // One write of one line in append mode: concurrent writers' lines never interleave.
    await appendFile(join(dir, INCIDENT_LOG), `${JSON.stringify(IncidentEvent.parse(event))}\n`, {
      flag: "a",
    });
  }
}

const now = () => new Date().toISOString();
