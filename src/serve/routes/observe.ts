/**
 * The public routes of the server's observers (docs/design.md, "Model server"): `GET /metrics`, the
 * Prometheus text exposition, and `POST /v1/feedback`, true labels joined to the predictions served
 * under their request ids. A server started with `--no-metrics` has no observers: both routes answer
 * 404 saying so.
 */
import type { FastifyInstance } from "fastify";
import { MlshipError } from "../../lib/errors.js";
import type { Observers } from "../observers.js";

/** The answer of a route that needs the observers, on a server started without them. */
export function observersOff(what: string): { error: string } {
  return {
    error: `the server runs with --no-metrics: no metrics, live statistics or feedback are collected, so there is no ${what}`,
  };
}

/** `observers` undefined: the server runs with `--no-metrics`. */
export function registerObserverRoutes(app: FastifyInstance, observers: Observers | undefined): void {
  app.get("/metrics", async (_request, reply) => {
    if (!observers) return reply.code(404).send(observersOff("/metrics"));
    const text = await observers.metrics.exposition();
    return reply.header("content-type", observers.metrics.contentType).send(text);
  });
  // 202: the labels are taken; the online metrics they feed are read from the stats.
  app.post("/v1/feedback", async (request, reply) => {
    if (!observers) return reply.code(404).send(observersOff("/v1/feedback"));
    try {
      return reply.code(202).send(observers.feedback.submit(request.body));
    } catch (error) {
      if (!(error instanceof MlshipError)) throw error;
      return reply.code(400).send({ error: error.message });
    }
  });
}
