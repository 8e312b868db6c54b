/**
 * Open Inference Protocol v2 REST, as KServe and Triton speak it (docs/design.md, "Model server"):
 * server metadata and health, model metadata and readiness, and inference by named tensors.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { VERSION } from "../../lib/version.js";
import type { ServedVersion } from "../model-store.js";
import { inferOutputs, inputFromInfer, servedOutputs, servedRows } from "../tensors.js";
import {
  answerPrediction,
  errorStatus,
  findModel,
  findVersion,
  parseBody,
  type ReadyVersion,
  type RouteContext,
  readyVersion,
} from "./answer.js";

const Parameters = z.record(z.string(), z.unknown()).optional();

/** An inference request; fields the protocol's extensions add are let through and ignored. */
export const InferRequestSchema = z.object({
  id: z.string().optional(),
  parameters: Parameters,
  inputs: z
    .array(
      z.object({
        name: z.string().min(1),
        datatype: z.string().min(1),
        shape: z.array(z.number().int().min(0)),
        parameters: Parameters,
        data: z.unknown(),
      }),
    )
    .min(1, "an inference request needs at least one input"),
  outputs: z.array(z.object({ name: z.string().min(1), parameters: Parameters })).optional(),
});

type Params = { name: string; version?: string };

export function registerV2Routes(app: FastifyInstance, context: RouteContext): void {
  const { store } = context;
  app.get("/v2", async () => ({ name: "mlship", version: VERSION, extensions: [] }));
  app.get("/v2/health/live", async () => ({ live: true }));
  app.get("/v2/health/ready", async (_request, reply) => {
    const ready = store.ready();
    return reply.code(ready ? 200 : 400).send({ ready });
  });

  const versionOf = (params: Params): ServedVersion => {
    const model = findModel(store, params.name);
    return findVersion(model, params.version ?? model.rollout.stable);
  };
  const refuse = (reply: FastifyReply, error: unknown) => {
    const { status, message } = errorStatus(error, context.log);
    return reply.code(status).send({ error: message });
  };

  const modelReady = async (request: { params: Params }, reply: FastifyReply) => {
    try {
      const served = versionOf(request.params);
      const ready = served.status.state === "ready";
      const reason = served.status.state === "failed" ? { reason: served.status.reason } : {};
      return reply
        .code(ready ? 200 : 400)
        .send({ name: served.name, version: served.version, ready, ...reason });
    } catch (error) {
      return refuse(reply, error);
    }
  };
  app.get<{ Params: Params }>("/v2/models/:name/ready", modelReady);
  app.get<{ Params: Params }>("/v2/models/:name/versions/:version/ready", modelReady);

  const metadata = async (request: { params: Params }, reply: FastifyReply) => {
    try {
      const served = versionOf(request.params);
      const { plan } = readyVersion(served);
      const model = store.models.get(served.name)!;
      return reply.send({
        name: served.name,
        versions: [...model.versions.keys()],
        platform: "onnx",
        inputs: plan.inputs,
        outputs: plan.outputs.map(({ name, datatype, shape }) => ({ name, datatype, shape })),
      });
    } catch (error) {
      return refuse(reply, error);
    }
  };
  app.get<{ Params: Params }>("/v2/models/:name", metadata);
  app.get<{ Params: Params }>("/v2/models/:name/versions/:version", metadata);

  const infer = async (request: FastifyRequest<{ Params: Params }>, reply: FastifyReply) => {
    const body = request.body;
    await answerPrediction(
      context,
      request,
      reply,
      { name: request.params.name, version: request.params.version, field: (name) => firstValue(body, name) },
      (version) => inferOn(context, version, body),
    );
  };
  app.post<{ Params: Params }>("/v2/models/:name/infer", infer);
  app.post<{ Params: Params }>("/v2/models/:name/versions/:version/infer", infer);
}

async function inferOn(context: RouteContext, version: ReadyVersion, body: unknown) {
  const observed = context.hooks.onPrediction !== undefined;
  const parsed = parseBody(InferRequestSchema, body);
  const input = inputFromInfer(version.plan, parsed.inputs);
  const prediction = await context.predictor.predict(version.model, input);
  const requested = parsed.outputs?.map((output) => output.name);
  const outputs = inferOutputs(version.plan, prediction, requested);
  const id = parsed.id === undefined ? {} : { id: parsed.id };
  return {
    body: { model_name: version.name, model_version: version.version, ...id, outputs },
    served: observed ? { rows: servedRows(input), outputs: servedOutputs(prediction) } : undefined,
  };
}

/** The first element of the input named `name`, for the routing; undefined when the body has none. */
function firstValue(body: unknown, name: string): unknown {
  const inputs = (body as { inputs?: unknown } | null)?.inputs;
  if (!Array.isArray(inputs)) return undefined;
  const input = inputs.find((item) => (item as { name?: unknown } | null)?.name === name) as
    | { data?: unknown }
    | undefined;
  let data = input?.data;
  while (Array.isArray(data)) data = data[0];
  return data;
}
