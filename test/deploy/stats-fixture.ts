/**
 * Stats JSON of the model server, made by the server's own `LiveStats` (src/serve/live-stats.ts) from
 * traffic described per arm, and served on loopback the way `GET /admin/models/{name}/stats` answers
 * (bearer token, 404 for another model), so the metrics sources read exactly what a server sends.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll } from "vitest";
import { Random } from "../../src/lib/random.js";
import { LiveStats, type StatsSnapshot } from "../../src/serve/live-stats.js";

export const MODEL = "churn";
const T0 = Date.UTC(2026, 11, 6, 12, 0, 0);

export interface ArmTraffic {
  arm: "stable" | "candidate" | "shadow";
  version: string;
  requests: number;
  /** Requests answered 400 and 500, among `requests`. */
  clientErrors?: number;
  serverErrors?: number;
  /** Milliseconds of request `i`. */
  latencyMs?: (i: number) => number;
  /** The positive class's probability of request `i`'s one row. */
  score?: (i: number) => number;
  /** The input row of request `i`. */
  row?: (i: number) => Record<string, unknown>;
  /** Labels that come back: the true class of request `i` (undefined: none for it). */
  label?: (i: number) => "yes" | "no" | undefined;
}

const random = new Random(7);
/** A plain row of the churn model's inputs. */
export const usualRow = (): Record<string, unknown> => ({
  tenure_months: Math.round(random.normal(24, 6)),
  plan: random.uniform() < 0.5 ? "basic" : "pro",
});
/** Scores spread over [0.105, 0.895], never a tie at 0.5. */
export const usualScore = (i: number) => 0.105 + ((i * 37) % 80) / 100;

/** The stats snapshot of `traffic`, one request a second over the last minutes (window 600 s). */
export function statsSnapshot(traffic: ArmTraffic[], windowSeconds = 600): StatsSnapshot {
  let now = T0;
  const stats = new LiveStats(() => now);
  const longest = Math.max(0, ...traffic.map((t) => t.requests));
  for (let i = 0; i < longest; i++) {
    now = T0 + i * 200;
    for (const t of traffic) {
      if (i >= t.requests) continue;
      const errors = (t.clientErrors ?? 0) + (t.serverErrors ?? 0);
      const status = i < (t.clientErrors ?? 0) ? 400 : i < errors ? 500 : 200;
      const score = (t.score ?? usualScore)(i);
      const requestId = `${t.arm}-${i}`;
      stats.record({
        model: MODEL,
        version: t.version,
        arm: t.arm,
        requestId,
        status,
        seconds: (t.latencyMs ?? (() => 5))(i) / 1000,
        ...(status === 200
          ? {
              rows: [(t.row ?? usualRow)(i)],
              outputs: [{ label: score >= 0.5 ? "yes" : "no", probabilities: { no: 1 - score, yes: score } }],
            }
          : {}),
      });
      const label = status === 200 ? t.label?.(i) : undefined;
      if (label !== undefined) {
        stats.recordOutcome(MODEL, t.version, t.arm, {
          task: "classification",
          classes: ["no", "yes"],
          truth: label === "yes" ? 1 : 0,
          probabilities: [1 - score, score],
        });
      }
    }
  }
  return stats.snapshot(MODEL, windowSeconds, now + 1);
}

export interface FakeStatsServer {
  url: string;
  /** What the next stats request gets. */
  answer: StatsSnapshot | { status: number; body: unknown };
  /** The Authorization headers received. */
  authorizations: (string | undefined)[];
}

const servers: Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((done) => s.close(done))));
});

/** A loopback server answering `GET /admin/models/churn/stats` as mlship serve does, token `token`. */
export async function fakeStatsServer(token = "s3cret"): Promise<FakeStatsServer> {
  const fake: FakeStatsServer = { url: "", answer: statsSnapshot([]), authorizations: [] };
  const server = createServer((request, response) => {
    fake.authorizations.push(request.headers.authorization);
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { "content-type": "application/json" });
      response.end(JSON.stringify(body));
    };
    if (request.headers.authorization !== `Bearer ${token}`) {
      return send(401, { error: "the admin token is wrong" });
    }
    const match = /^\/admin\/models\/([^/]+)\/stats\?window=/.exec(request.url ?? "");
    if (!match) return send(404, { error: "no such route" });
    if (decodeURIComponent(match[1]) !== MODEL) {
      return send(404, { error: `unknown model "${decodeURIComponent(match[1])}"` });
    }
    const { answer } = fake;
    if ("status" in answer) return send(answer.status, answer.body);
    send(200, answer);
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
