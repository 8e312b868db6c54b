/**
 * What every prediction route shares: finding the model and the version that answers (the one the
 * URL names, else `chooseVersion`), the `x-model-version` header, the answer timeout, turning what
 * went wrong into an `{"error": …}` body with its status, telling the hooks afterwards, and running a
 * shadow rollout's copy of the request once the answer is sent.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { z } from "zod";
import { MlshipError } from "../../lib/errors.js";
import type { OnnxModel } from "../../onnx/onnx-model.js";
import type { ChooseVersion, RoutedRequest, VersionChoice } from "../choose-version.js";
import type { ServedPrediction, ServeHooks } from "../hooks.js";
import type { ModelStore, ServedModel, ServedVersion } from "../model-store.js";
import type { Predictor } from "../predictor.js";
import { type FeedPlan, RequestError } from "../tensors.js";

export interface RouteContext {
  store: ModelStore;
  hooks: ServeHooks;
  chooseVersion: ChooseVersion;
  /** Runs a model: batched or not (src/serve/predictor.ts). */
  predictor: Predictor;
  /** Work that goes on after a response (shadow copies): the server waits for it before freeing the models. */
  background: Set<Promise<void>>;
  /** Milliseconds a prediction may take before the request is answered 503. */
  timeoutMs: number;
  log: (message: string) => void;
}

/** A loaded version, ready to answer. */
export interface ReadyVersion {
  name: string;
  version: string;
  model: OnnxModel;
  plan: FeedPlan;
}

/** What a route's prediction gives back: the body, and what the hooks are told of it. */
export interface Answer {
  body: unknown;
  served?: Pick<ServedPrediction, "rows" | "outputs">;
}

/** Model errors that are the model's fault, not the request's. */
const MODEL_FAULTS = new Set(["inference_failed", "model_output_mismatch", "no_prediction_output"]);

/** The served model of a URL's name. @throws RequestError 404 naming what is served. */
export function findModel(store: ModelStore, name: string): ServedModel {
  const model = store.models.get(name);
  if (model) return model;
  const served = [...store.models.keys()].join(", ");
  throw new RequestError(404, `no model '${name}' is served here; the server serves: ${served}`);
}

/** A version of `model` the URL names. @throws RequestError 404 naming the versions there are. */
export function findVersion(model: ServedModel, version: string): ServedVersion {
  const served = model.versions.get(version) ?? model.versions.get(version.replace(/^v/, ""));
  if (served) return served;
  throw new RequestError(
    404,
    `model '${model.name}' has no version '${version}' here; it serves: ${[...model.versions.keys()].join(", ")}`,
  );
}

/** The version ready to answer. @throws RequestError 503 while it loads or after it failed to. */
export function readyVersion(served: ServedVersion): ReadyVersion {
  const { status } = served;
  const label = `${served.name}@${served.version}`;
  if (status.state === "ready") {
    return { name: served.name, version: served.version, model: status.model, plan: status.plan };
  }
  if (status.state === "loading") throw new RequestError(503, `${label} is still loading`);
  throw new RequestError(503, `${label} is not served: ${status.reason}`);
}

/** Checks a body with `schema`. @throws RequestError 400 naming the field (`inputs[0].shape`). */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue.path
    .map((key, i) => (typeof key === "number" ? `[${key}]` : `${i === 0 ? "" : "."}${String(key)}`))
    .join("");
  throw new RequestError(400, `${path || "the body"}: ${issue.message}`);
}

/** `{"error": …}` and the status of what went wrong in a prediction. */
export function errorStatus(
  error: unknown,
  log: (message: string) => void,
): { status: number; message: string } {
  if (error instanceof RequestError) return { status: error.status, message: error.message };
  if (error instanceof MlshipError) {
    return { status: MODEL_FAULTS.has(error.code) ? 500 : 400, message: error.message };
  }
  log(`internal error: ${(error as Error)?.stack ?? String(error)}`);
  return { status: 500, message: "internal error (the server log has the details)" };
}

/**
 * Answers one prediction request: the version (named, or chosen), `predict`, the headers, the hooks.
 * `field` reads a feature or input of the first row for the routing.
 */
export async function answerPrediction(
  context: RouteContext,
  request: FastifyRequest,
  reply: FastifyReply,
  target: { name: string; version?: string; field: RoutedRequest["field"] },
  run: (version: ReadyVersion) => Promise<Answer>,
): Promise<void> {
  const started = process.hrtime.bigint();
  let choice: VersionChoice | undefined;
  let answer: Answer | undefined;
  let status = 200;
  let body: unknown;
  try {
    const model = findModel(context.store, target.name);
    choice = target.version
      ? choiceOf(model, findVersion(model, target.version).version)
      : context.chooseVersion(model, { headers: request.headers, field: target.field });
    reply.header("x-model-version", choice.version);
    const version = readyVersion(findVersion(model, choice.version));
    answer = await withTimeout(run(version), context.timeoutMs);
    body = answer.body;
  } catch (error) {
    const failure = errorStatus(error, context.log);
    status = failure.status;
    body = { error: failure.message };
  }
  await reply.code(status).send(body);
  if (!choice) return;
  const requestId = String(request.id);
  tell(context, {
    model: target.name,
    version: choice.version,
    arm: choice.arm,
    requestId,
    status,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    ...answer?.served,
  });
  const shadow = choice.shadow;
  // A shadow rollout's candidate gets a copy of each answered request once the answer is sent.
  if (shadow !== undefined && status >= 200 && status < 300) {
    const copy = new Promise<void>((done) => setImmediate(done)).then(() =>
      runShadow(context, target.name, shadow, requestId, run),
    );
    context.background.add(copy);
    void copy.finally(() => context.background.delete(copy));
  }
}

/** Tells the hooks of a prediction; a hook that throws is logged, never the request's problem. */
function tell(context: RouteContext, prediction: ServedPrediction): void {
  if (!context.hooks.onPrediction) return;
  try {
    context.hooks.onPrediction(prediction);
  } catch (error) {
    context.log(`a prediction hook failed: ${(error as Error)?.stack ?? String(error)}`);
  }
}

/**
 * The shadow's copy of a request: run on `version`, its outputs and time told to the hooks with arm
 * `shadow` and the answer's request id (the statistics compare the two); its result goes nowhere else.
 */
async function runShadow(
  context: RouteContext,
  name: string,
  version: string,
  requestId: string,
  run: (version: ReadyVersion) => Promise<Answer>,
): Promise<void> {
  const started = process.hrtime.bigint();
  let status = 200;
  let served: Answer["served"];
  try {
    const model = findModel(context.store, name);
    const ready = readyVersion(findVersion(model, version));
    served = (await withTimeout(run(ready), context.timeoutMs)).served;
  } catch (error) {
    status = errorStatus(error, context.log).status;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  tell(context, { model: name, version, arm: "shadow", requestId, status, seconds, ...served });
}

function choiceOf(model: ServedModel, version: string): VersionChoice {
  return { version, arm: version === model.rollout.stable ? "stable" : "candidate" };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new RequestError(503, `no answer within ${ms / 1000} s (the server's timeout)`)),
      ms,
    );
  });
  // The work goes on after a timeout (a session run cannot be stopped); its result is dropped.
  work.catch(() => {});
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
