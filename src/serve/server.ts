/**
 * The model server (docs/design.md, "Model server"): a fastify app with the Open Inference Protocol
 * v2 and v1 predict routes, its limits (body size, request and answer timeouts), one `{"error": …}`
 * body for everything refused and never a stack trace in a response, and a graceful close: stop
 * accepting, finish the requests in flight, free the models.
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage } from "node:http";
import { resolve } from "node:path";
import Fastify, { type FastifyError, type FastifyInstance } from "fastify";
import { MlshipError } from "../lib/errors.js";
import type { Ort } from "../onnx/ort.js";
import { lazyRegistry } from "../registry/open-registry.js";
import { type ChooseVersion, chooseVersion as routeByRollout } from "./choose-version.js";
import type { ServeHooks } from "./hooks.js";
import { ServeMetrics } from "./metrics.js";
import { ModelStore } from "./model-store.js";
import { createObservers, type Observers, unwatchedHooks } from "./observers.js";
import { PredictionLog } from "./prediction-log.js";
import { createPredictor, directPredictor, type Predictor } from "./predictor.js";
import type { ServeRequest } from "./request.js";
import { RolloutControl, restoreState } from "./rollout-control.js";
import { type AdminAccess, describeAdminAccess, registerAdminRoutes } from "./routes/admin.js";
import { errorStatus, type RouteContext } from "./routes/answer.js";
import { registerObserverRoutes } from "./routes/observe.js";
import { registerV1Routes } from "./routes/v1.js";
import { registerV2Routes } from "./routes/v2.js";
import { StateStore } from "./state-store.js";

/** A client's `x-request-id` is kept when it is 1–128 printable ASCII characters; otherwise one is made. */
const REQUEST_ID = /^[\x21-\x7e]{1,128}$/;

export interface ServeAppOptions {
  store: ModelStore;
  /** The largest body, in bytes. */
  bodyLimit: number;
  /** Milliseconds to receive a request, and to answer it. */
  timeoutMs: number;
  hooks?: ServeHooks;
  /**
   * The metrics, statistics and feedback: `GET /metrics` and `POST /v1/feedback` are served with
   * them. `"off"` (`--no-metrics`): those routes and the admin API's stats answer 404 saying so.
   */
  observers?: Observers | "off";
  /** The admin API, guarded by `access`; its stats need `observers`. */
  admin?: { rollouts: RolloutControl; access: AdminAccess };
  chooseVersion?: ChooseVersion;
  /** How a model is run; default: each request on its own. */
  predictor?: Predictor;
  /** Where the routes keep work that goes on after a response (shadow copies); one of its own when absent. */
  background?: Set<Promise<void>>;
  log: (message: string) => void;
}

/** The app, routes registered, not listening. */
export function buildServeApp(options: ServeAppOptions): FastifyInstance {
  const { timeoutMs, log } = options;
  const app = Fastify({
    logger: false,
    bodyLimit: options.bodyLimit,
    // Node checks the receive timeouts this often; by default only every 30 s.
    serverFactory: (handler) =>
      createServer(
        {
          requestTimeout: timeoutMs,
          headersTimeout: Math.min(timeoutMs, 60_000),
          connectionsCheckingInterval: Math.min(1000, timeoutMs),
        },
        handler,
      ),
    genReqId: (request: IncomingMessage) => {
      const given = request.headers["x-request-id"];
      return typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
    },
    return503OnClosing: true,
    forceCloseConnections: "idle",
  });
  app.addHook("onRequest", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });
  // Any content type is read as JSON: `curl -d` sends form encoding unless told otherwise.
  app.addContentTypeParser("*", { parseAs: "string" }, (_request, body, done) => {
    try {
      done(null, JSON.parse(body as string));
    } catch (error) {
      done(Object.assign(error as Error, { statusCode: 400 }), undefined);
    }
  });
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const { status, message } = frameworkError(error, options.bodyLimit, log);
    return reply.code(status).send({ error: message });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ error: `no route ${request.method} ${request.url.split("?")[0]}` }),
  );
  const context: RouteContext = {
    store: options.store,
    hooks: options.hooks ?? {},
    chooseVersion: options.chooseVersion ?? routeByRollout,
    background: options.background ?? new Set(),
    predictor: options.predictor ?? directPredictor(),
    timeoutMs,
    log,
  };
  registerV2Routes(app, context);
  registerV1Routes(app, context);
  const observers = options.observers === "off" ? undefined : options.observers;
  if (options.observers) registerObserverRoutes(app, observers);
  if (options.admin) registerAdminRoutes(app, { ...options.admin, store: options.store, observers, log });
  return app;
}

/** What fastify or node refused before a route ran: the body's size or JSON, a timeout. */
function frameworkError(
  error: FastifyError,
  bodyLimit: number,
  log: (message: string) => void,
): { status: number; message: string } {
  if (error.code === "FST_ERR_CTP_BODY_TOO_LARGE") {
    return { status: 413, message: `the body is larger than the server takes (${bodyLimit} bytes)` };
  }
  if (error instanceof SyntaxError || error.code === "FST_ERR_CTP_INVALID_JSON_BODY") {
    return { status: 400, message: `the body is not valid JSON: ${error.message}` };
  }
  if (error.code === "FST_ERR_CTP_EMPTY_JSON_BODY")
    return { status: 400, message: "the body is empty; send JSON" };
  const status = error.statusCode;
  if (status !== undefined && status >= 400 && status < 500) return { status, message: error.message };
  return errorStatus(error, log);
}

export interface StartServerOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** The server's log (stderr in the CLI): models loaded or failed, internal errors. */
  log: (message: string) => void;
  runtime: () => Promise<Ort>;
  hooks?: ServeHooks;
  chooseVersion?: ChooseVersion;
  /** How the adapter names a registry value it was given, for the GitHub registry's messages. */
  describeRegistry?: (spec: string) => string;
}

export interface RunningServer {
  /** `http://<host>:<port>`, the port the system chose for port 0. */
  url: string;
  store: ModelStore;
  /** Stops accepting, finishes the requests in flight and the shadow copies, writes the prediction log out, frees the models. */
  close(): Promise<void>;
}

/**
 * Resolves the models (a ref that names nothing stops here), listens, then loads every model.
 * Resolves once every model is loaded or failed to.
 * @throws MlshipError exit 2: a model ref or file, the port in use or not allowed, a host it cannot listen on.
 */
export async function startServer(
  request: ServeRequest,
  options: StartServerOptions,
): Promise<RunningServer> {
  const registry = lazyRegistry(request.registry, {
    cwd: options.cwd,
    env: options.env,
    log: options.log,
    describeSpec: options.describeRegistry,
    fromEnvironment: request.sources.registry.kind === "environment",
  });
  // --no-metrics: no metrics, live statistics or feedback; the prediction log and the caller's hooks
  // are still told of each prediction.
  const metrics = request.metrics ? new ServeMetrics() : undefined;
  const predictionLog =
    request.logPredictions === undefined
      ? undefined
      : await PredictionLog.open(resolve(options.cwd, request.logPredictions), {
          sample: request.logSample,
          maxBytes: request.logMaxBytes,
          log: options.log,
          onDropped: (lines) => metrics?.logLinesDropped(lines),
        });
  const observers = metrics
    ? createObservers(options.log, options.hooks, { metrics, predictionLog })
    : undefined;
  const hooks = observers?.hooks ?? unwatchedHooks(options.log, options.hooks, predictionLog);
  const access: AdminAccess = { token: request.admin?.token, host: request.host };
  const store = await ModelStore.resolve(request.models, {
    cwd: options.cwd,
    registry,
    configuredFeatures: request.configuredFeatures,
    log: options.log,
    onStatus: (served) =>
      observers?.metrics.setLoaded(served.name, served.version, served.status.state === "ready"),
  });
  const background = new Set<Promise<void>>();
  const predictor = createPredictor({ maxBatch: request.maxBatch, maxDelayMs: request.maxDelayMs });
  const state = await StateStore.open(
    request.state === undefined ? undefined : resolve(options.cwd, request.state),
  );
  await restoreState(store, state, options.log);
  const rollouts = new RolloutControl(store, { metrics: observers?.metrics, state, log: options.log });
  const app = buildServeApp({
    store,
    bodyLimit: request.bodyLimit,
    timeoutMs: request.timeout * 1000,
    hooks,
    observers: observers ?? "off",
    admin: { rollouts, access },
    background,
    predictor,
    chooseVersion: options.chooseVersion,
    log: options.log,
  });
  try {
    await app.listen({ port: request.port, host: request.host });
  } catch (error) {
    await app.close();
    throw listenError(error as NodeJS.ErrnoException, request);
  }
  options.log(describeAdminAccess(access, describeTokenSource(request)));
  await store.loadAll(options.runtime);
  await rollouts.persistAll();
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : request.port;
  const host = request.host.includes(":") ? `[${request.host}]` : request.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    store,
    close: () => {
      closing ??= app
        .close()
        // A route tells the observers and starts its shadow copy just after its answer is sent.
        .then(() => new Promise((done) => setImmediate(done)))
        .then(() => Promise.allSettled([...background]))
        .then(() => predictor.close())
        // Last of the observers' work: every prediction told, the log's queue goes to disk.
        .then(() => predictionLog?.close())
        .then(() => store.close());
      return closing;
    },
  };
}

function listenError(error: NodeJS.ErrnoException, request: ServeRequest): MlshipError {
  const where = `${request.host}:${request.port}`;
  switch (error.code) {
    case "EADDRINUSE":
      return new MlshipError("port_in_use", `port ${request.port} on ${request.host} is in use`, {
        setting: "port",
      });
    case "EACCES":
      return new MlshipError(
        "listen_failed",
        `not allowed to listen on ${where} (a port below 1024 needs privileges)`,
        {
          setting: "port",
        },
      );
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new MlshipError("listen_failed", `cannot listen on ${where}: no such address on this machine`, {
        setting: "host",
      });
    default:
      return new MlshipError("listen_failed", `cannot listen on ${where}: ${error.message}`, {
        setting: "host",
      });
  }
}

function describeTokenSource(request: ServeRequest): string | undefined {
  const from = request.admin?.from;
  if (!from) return undefined;
  return from.kind === "environment" ? from.variable : from.file;
}
