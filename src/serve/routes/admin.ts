/**
 * The admin API (docs/design.md, "Model server"): the models and their rollouts, changing a rollout,
 * and the live statistics. A bearer token guards it, compared in constant time (SHA-256 digests of
 * equal length through `timingSafeEqual`) and never logged. Without a token the API is open only to a
 * server that listens on loopback alone (nothing beyond this machine can reach it); otherwise it is
 * refused with 403 and how to set one.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { FastifyInstance, FastifyReply } from "fastify";
import { parseWindow } from "../live-stats.js";
import type { ModelStore } from "../model-store.js";
import type { Observers } from "../observers.js";
import type { RolloutControl } from "../rollout-control.js";
import { errorStatus, findModel } from "./answer.js";
import { observersOff } from "./observe.js";

export interface AdminAccess {
  /** The bearer token; undefined: none set. */
  token?: string;
  /** The address the server listens on, for the decision and the messages. */
  host: string;
}

export interface AdminContext {
  store: ModelStore;
  rollouts: RolloutControl;
  /** undefined: the server runs with `--no-metrics` (the stats answer 404). */
  observers: Observers | undefined;
  access: AdminAccess;
  log: (message: string) => void;
}

const digest = (text: string) => createHash("sha256").update(text, "utf8").digest();

/** Whether `host` is a loopback address only (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return (
    bare === "localhost" ||
    bare === "::1" ||
    /^127(\.\d{1,3}){3}$/.test(bare) ||
    /^::ffff:127(\.\d{1,3}){3}$/.test(bare)
  );
}

/** The line the log gets at start-up: how the admin API is guarded. */
export function describeAdminAccess(access: AdminAccess, from: string | undefined): string {
  if (access.token !== undefined) return `admin API: bearer token required (from ${from ?? "the settings"})`;
  if (isLoopback(access.host)) {
    return `admin API: open without a token, as the server listens on loopback only (${access.host}); set MLSHIP_ADMIN_TOKEN or --admin-token-file to require one`;
  }
  return `admin API: refused (403), as the server listens on ${access.host} and has no admin token; set MLSHIP_ADMIN_TOKEN or --admin-token-file to use it`;
}

/** The guard of every admin route: undefined to let the request through, else the refusal. */
function refusal(
  access: AdminAccess,
  authorization: string | undefined,
): { status: number; error: string } | undefined {
  if (access.token === undefined) {
    if (isLoopback(access.host)) return undefined;
    return {
      status: 403,
      error: `the admin API is off: the server listens on ${access.host} and has no admin token; restart it with MLSHIP_ADMIN_TOKEN set or --admin-token-file <file>, or listen on 127.0.0.1`,
    };
  }
  const given = /^Bearer[ \t]+(\S.*)$/i.exec(authorization ?? "")?.[1]?.trim() ?? "";
  // Digests of equal length, so the comparison takes the same time whatever was sent.
  const matches = timingSafeEqual(digest(given), digest(access.token));
  if (matches && given !== "") return undefined;
  return {
    status: 401,
    error:
      given === ""
        ? "the admin API needs the header Authorization: Bearer <admin token>"
        : "the admin token is wrong",
  };
}

export function registerAdminRoutes(app: FastifyInstance, context: AdminContext): void {
  const { store, rollouts, observers, access } = context;
  const refuse = (reply: FastifyReply, error: unknown) => {
    const { status, message } = errorStatus(error, context.log);
    return reply.code(status).send({ error: message });
  };
  app.register(
    async (admin) => {
      admin.addHook("onRequest", async (request, reply) => {
        const refused = refusal(access, request.headers.authorization);
        if (!refused) return;
        if (refused.status === 401) reply.header("www-authenticate", 'Bearer realm="mlship admin"');
        return reply.code(refused.status).send({ error: refused.error });
      });

      admin.get("/models", async () => ({
        models: [...store.models.values()].map((model) => ({
          name: model.name,
          rollout: model.rollout,
          versions: [...model.versions.values()].map((served) => ({
            version: served.version,
            source: served.source.kind === "file" ? served.source.path : served.source.ref,
            state: served.status.state,
            ...(served.status.state === "failed" ? { reason: served.status.reason } : {}),
          })),
        })),
      }));

      admin.get<{ Params: { name: string } }>("/models/:name/rollout", async (request, reply) => {
        try {
          return reply.send(rollouts.rollout(request.params.name));
        } catch (error) {
          return refuse(reply, error);
        }
      });

      admin.put<{ Params: { name: string } }>("/models/:name/rollout", async (request, reply) => {
        try {
          return reply.send(await rollouts.change(request.params.name, request.body));
        } catch (error) {
          return refuse(reply, error);
        }
      });

      admin.get<{ Params: { name: string }; Querystring: { window?: unknown } }>(
        "/models/:name/stats",
        async (request, reply) => {
          try {
            const model = findModel(store, request.params.name);
            if (!observers) return reply.code(404).send(observersOff(`statistics of ${model.name}`));
            const window = parseWindow(request.query.window);
            return reply.send(observers.stats.snapshot(model.name, window));
          } catch (error) {
            return refuse(reply, error);
          }
        },
      );
    },
    { prefix: "/admin" },
  );
}
