/** `mlship serve`: the model server, until SIGTERM or SIGINT. */

import { ExitCode } from "../../lib/errors.js";
import { locateSettingError } from "../../lib/setting-source.js";
import { resolveOnnxRuntime } from "../../onnx/runtime/resolve-runtime.js";
import { resolveServeRequest, SERVE_DEFAULTS, type ServeGiven } from "../../serve/request.js";
import { type RunningServer, startServer } from "../../serve/server.js";
import type { Command, ParsedArgs } from "../command.js";
import { booleanOption, stringOption } from "../command.js";
import { writeJsonResult } from "../output.js";

export const serveCommand: Command = {
  name: ["serve"],
  summary:
    "serve models over HTTP: Open Inference Protocol v2, row-style v1 predict, rollouts, live stats, feedback, Prometheus metrics",
  usage:
    "mlship serve [--model <ref|file.onnx>]… [--port 8080] [--host 127.0.0.1] [--registry …] [--state <dir>] [--admin-token-file <file>] [--max-batch 256] [--max-delay-ms 2] [--no-metrics] [--body-limit 10mb] [--timeout 30] [--log-predictions <dir> [--log-sample 1] [--log-max-bytes 64mb]]",
  settingOptions: { models: "model", metrics: "no-metrics" },
  options: {
    model: {
      type: "string",
      value: "<ref|file.onnx>",
      multiple: true,
      description:
        "a model to serve, repeatable: a registry ref (churn@production, churn@1.2.0, churn@latest) or a local .onnx file (served as <file stem>@0.0.0-local); the first version given of a name answers (default: <model.name>@production from mlship.yml)",
    },
    port: {
      type: "string",
      value: "<n>",
      description: `TCP port, 0 for one the system chooses (default ${SERVE_DEFAULTS.port})`,
    },
    host: {
      type: "string",
      value: "<address>",
      description: `address to listen on; 0.0.0.0 for every interface (default ${SERVE_DEFAULTS.host})`,
    },
    registry: {
      type: "string",
      value: "<github[:owner/repo]|local:dir>",
      description: "where model refs resolve (default: MLSHIP_REGISTRY, else local:.mlship/registry)",
    },
    "body-limit": {
      type: "string",
      value: "<size>",
      description: `the largest request body: bytes, or with kb, mb, gb (default ${SERVE_DEFAULTS.bodyLimit}); larger: 413`,
    },
    "max-batch": {
      type: "string",
      value: "<rows>",
      description: `dynamic batching: the most rows one model run takes; a larger request runs alone (default ${SERVE_DEFAULTS.maxBatch})`,
    },
    "max-delay-ms": {
      type: "string",
      value: "<ms>",
      description: `dynamic batching: how long the first waiting request waits for others to join its run; 0 turns batching off (default ${SERVE_DEFAULTS.maxDelayMs})`,
    },
    "no-metrics": {
      type: "boolean",
      description:
        "collect no Prometheus metrics, live statistics or feedback (what they cost a request is then saved): /metrics, /admin/models/{name}/stats and /v1/feedback answer 404 saying so; routing, rollouts and the rest are unchanged",
    },
    state: {
      type: "string",
      value: "<dir>",
      description:
        "a folder keeping each model's rollout and loaded versions (state.json, rewritten atomically on each change): a restarted server serves what it served; a corrupt file stops the server (exit 2) and is never reset",
    },
    "admin-token-file": {
      type: "string",
      value: "<file>",
      description:
        "a file holding the admin API's bearer token, read once and trimmed (default: MLSHIP_ADMIN_TOKEN); without a token the admin API answers 403 unless the server listens on loopback only",
    },
    "log-predictions": {
      type: "string",
      value: "<dir>",
      description:
        "write the prediction log: JSON Lines, one line per row predicted ({requestId, time, model, version, arm, row, inputs, outputs}), under <dir>/<model>/, written off the request path; a folder that cannot be created or written: exit 2",
    },
    "log-sample": {
      type: "string",
      value: "<share>",
      description: `with --log-predictions: the share of requests logged, above 0 and at most 1, every row of each (chosen by a hash of the request id) (default ${SERVE_DEFAULTS.logSample})`,
    },
    "log-max-bytes": {
      type: "string",
      value: "<size>",
      description: `with --log-predictions: the size at which a log file is finished and the next begun: bytes, or with kb, mb, gb (default ${SERVE_DEFAULTS.logMaxBytes})`,
    },
    timeout: {
      type: "string",
      value: "<seconds>",
      description: `seconds a request may take to arrive (else 408) and to be answered (else 503) (default ${SERVE_DEFAULTS.timeout})`,
    },
  },
  details: `
Prints "listening on http://<host>:<port>" on stdout once every model has loaded or failed to (with
--port 0, the port chosen); the log (models loaded, failures with the reason, how the admin API is
guarded, rollout changes) goes to stderr. Refs are resolved at start-up (one that names nothing:
exit 2) and downloaded with their checksums verified into a folder of the server's own; a model that
fails to load or to verify is not served, the others are, and /v2/health/ready is 200 only once every
model is loaded.
Routes: GET /v2, /v2/health/live, /v2/health/ready, /v2/models/{name}[/versions/{v}], .../ready;
POST /v2/models/{name}[/versions/{v}]/infer (Open Inference Protocol tensors); POST
/v1/models/{name}:predict with {"instances": [{feature: value}, …]} (or arrays of F numbers for a
model with one [N, F] input). Responses carry x-model-version (the version that answered) and
x-request-id; errors are {"error": "…"} with 400 (bad input, naming the input and what the model
expects), 404, 413, 503. A model with one [N, F] input takes its feature names from model.features in
mlship.yml (for model.name), else the model's metadata, else the registry manifest.
POST /v1/feedback {"id": "<x-request-id>", "label": …} (or a list): 202 with each id matched or not;
it feeds the online metrics of the stats. GET /metrics: Prometheus text (mlship_requests_total,
mlship_request_duration_seconds, mlship_prediction_score, mlship_model_loaded,
mlship_rollout_weight, mlship_prediction_log_dropped_total, process_* and nodejs_*).
Admin API, with "Authorization: Bearer <token>" (MLSHIP_ADMIN_TOKEN or --admin-token-file; wrong or
missing: 401; no token set: open only when the server listens on loopback, else 403): GET
/admin/models; GET|PUT /admin/models/{name}/rollout with {"stable", "candidate", "strategy":
canary|ab|shadow|bluegreen, "weight": 0..100, "stickyKey": "header:<name>"|"field:<name>"} (a
version not served yet is loaded from the registry before the switch; 400 names every field that is
wrong); GET /admin/models/{name}/stats?window=<seconds> (per version and arm: requests, errors,
latency, input and output profiles, shadow comparison, online metrics).
With --no-metrics none of the metrics, stats or feedback is collected: /metrics, the stats and
/v1/feedback answer 404 saying so (the prediction log, when asked for, is still written).
Prediction log (--log-predictions): files predictions-<start>-<pid>-<seq>.jsonl.partial while written,
renamed to .jsonl when finished (at --log-max-bytes, and on shutdown); shadow copies are logged with
arm "shadow". Lines wait in a bounded queue (16 MiB): when the disk cannot keep up, whole requests
are dropped, counted by mlship_prediction_log_dropped_total and said in the log. mlship validate and
mlship profile read a log file as a dataset: its columns are the inputs' features (shadow lines and
the metadata left out).
SIGTERM or SIGINT: stop accepting, finish the requests in flight and the batches queued, write the
prediction log out, exit 0.`,
  async run(args, context) {
    const request = await resolveServeRequest(serveGiven(args), context);
    const log = (message: string) => context.stderr.write(`${message}\n`);
    let server: RunningServer;
    try {
      server = await startServer(request, {
        cwd: context.cwd,
        env: context.env,
        log,
        runtime: () => resolveOnnxRuntime(),
        describeRegistry: (spec) => `--registry ${spec}`,
      });
    } catch (error) {
      locateSettingError(error, request.sources);
    }
    await writeJsonResult(args, context, {
      url: server.url,
      models: [...server.store.models.values()].flatMap((model) =>
        [...model.versions.values()].map((v) => ({
          name: v.name,
          version: v.version,
          ready: v.status.state === "ready",
          ...(v.status.state === "failed" ? { reason: v.status.reason } : {}),
        })),
      ),
    });
    // The handlers go in before the line: a script may send SIGTERM as soon as it reads it.
    const stopping = new Promise<string>((resolve) => {
      process.once("SIGTERM", () => resolve("SIGTERM"));
      process.once("SIGINT", () => resolve("SIGINT"));
    });
    context.stdout.write(`listening on ${server.url}\n`);
    const signal = await stopping;
    log(`${signal}: no new requests; finishing the ones in flight`);
    await server.close();
    log("stopped");
    return ExitCode.ok;
  },
};

/** The options as given: every default and check is the request layer's (src/serve/request.ts). */
function serveGiven(args: ParsedArgs): ServeGiven {
  const option = (name: string) => stringOption(args, name);
  const models = args.values.model;
  return {
    config: option("config"),
    models: Array.isArray(models) ? models : undefined,
    port: option("port"),
    host: option("host"),
    registry: option("registry"),
    bodyLimit: option("body-limit"),
    timeout: option("timeout"),
    adminTokenFile: option("admin-token-file"),
    state: option("state"),
    maxBatch: option("max-batch"),
    maxDelayMs: option("max-delay-ms"),
    logPredictions: option("log-predictions"),
    logSample: option("log-sample"),
    logMaxBytes: option("log-max-bytes"),
    metrics: booleanOption(args, "no-metrics") ? false : undefined,
  };
}
