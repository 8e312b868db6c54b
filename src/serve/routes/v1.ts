/**
 * Row-style prediction, `POST /v1/models/{name}:predict` with `{"instances": [...]}` (docs/design.md,
 * "Model server"): most clients send records, not tensors.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { ownValue } from "../../lib/own-keys.js";
import { inputFromInstances, instancePredictions, servedOutputs, servedRows } from "../tensors.js";
import { answerPrediction, parseBody, type ReadyVersion, type RouteContext } from "./answer.js";

export const PredictRequestSchema = z.object({ instances: z.array(z.unknown()) });

export function registerV1Routes(app: FastifyInstance, context: RouteContext): void {
  // The model's name (no colon or slash), then a literal `:predict` (`::` in a fastify path).
  app.post<{ Params: { name: string } }>(
    "/v1/models/:name(^[^:/]+)::predict",
    async (request: FastifyRequest<{ Params: { name: string } }>, reply: FastifyReply) => {
      const body = request.body;
      await answerPrediction(
        context,
        request,
        reply,
        { name: request.params.name, field: (name) => firstField(body, name) },
        (version) => predictOn(context, version, body),
      );
    },
  );
}

async function predictOn(context: RouteContext, version: ReadyVersion, body: unknown) {
  const observed = context.hooks.onPrediction !== undefined;
  const { instances } = parseBody(PredictRequestSchema, body);
  const input = inputFromInstances(version.plan, instances);
  const prediction = await context.predictor.predict(version.model, input);
  return {
    body: { predictions: instancePredictions(prediction) },
    served: observed ? { rows: servedRows(input), outputs: servedOutputs(prediction) } : undefined,
  };
}

/** The feature `name` of the first instance, for the routing. */
function firstField(body: unknown, name: string): unknown {
  const first = (body as { instances?: unknown } | null)?.instances;
  const row = Array.isArray(first) ? first[0] : undefined;
  return row !== null && typeof row === "object" && !Array.isArray(row)
    ? ownValue(row as Record<string, unknown>, name)
    : undefined;
}
