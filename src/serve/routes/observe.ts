/**
 * The public routes of the server's observers (docs/design.md, "Model server"): `GET /metrics`, the
 * Prometheus text exposition, and `POST /v1/feedback`, true labels joined to the predictions served
 * under their request ids.
 */
import type { FastifyInstance } from "fastify";
import { MlshipError } from "../../lib/errors.js";
import type { Observers } from "../observers.js";

export function registerObserverRoutes(app: FastifyInstance, observers: Observers): void {
  app.get("/metrics", async (_request, reply) => {
    const text = await observers.metrics.exposition();
    return reply.header("content-type", observers.metrics.contentType).send(text);
  });
  // 202: the labels are taken; the online metrics they feed are read from the stats.
  app.post("/v1/feedback", async (request, reply) => {
    try {
      return reply.code(202).send(observers.feedback.submit(request.body));
    } catch (error) {
      if (!(error instanceof MlshipError)) throw error;
      return reply.code(400).send({ error: error.message });
    }
  });
}
