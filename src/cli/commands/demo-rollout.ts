/**
 * `mlship demo`'s rollout steps (README "Rollouts"): the rollout engine (src/deploy/) against the demo's own
 * model server and local registry, called in-process as `mlship deploy`, `rollback` and `promote` run it,
 * with a small load generator sending rows of the clean batch meanwhile.
 */
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type CheckText, parseChecks } from "../../deploy/analysis.js";
import { type PromoteReport, runPromote } from "../../deploy/promote.js";
import { type RollbackReport, runRollback } from "../../deploy/rollback.js";
import { type DeployPlan, type DeployReport, runDeploy } from "../../deploy/run-deploy.js";
import { ServerTarget } from "../../deploy/server-target.js";
import { type LocalIncident, LocalIncidentTracker } from "../../incidents/local-incidents.js";
import { MlshipError } from "../../lib/errors.js";
import { renderTable } from "../../lib/text-table.js";
import type { ColumnTable } from "../../onnx/column-table.js";
import { resolveOnnxRuntime } from "../../onnx/runtime/resolve-runtime.js";
import { LocalRegistry } from "../../registry/local-registry.js";
import { packageModel } from "../../registry/package-model.js";
import { resolveServeRequest } from "../../serve/request.js";
import { startServer } from "../../serve/server.js";
import { recordsOf } from "../../serve/smoke-test.js";
import { trainBuiltin } from "../../train/train-builtin.js";
import type { CommandContext } from "../command.js";
import { renderDeployReport, renderPromoteReport, renderRollbackReport } from "./deploy.js";

/**
 * The demo's checks: the defaults (`mlship deploy --help`), but latency p99 bounded by stable + 100 ms
 * rather than × 1.5 — with the load generator in the same process on a busy machine, the p99 of a 2 s
 * window is a handful of requests and varies by more than half from one window to the next.
 */
const DEMO_CHECKS = ["error_rate <= stable + 0.01", "latency_p99_ms <= stable + 100", "prediction_psi < 0.2"];
/** Canary steps of the demo, and seconds per step: short, so the demo stays quick. */
const DEMO_STEPS = [25, 50, 100];
const DEMO_INTERVAL_SECONDS = 2;
/** Rows per request of the load generator, and its concurrent clients. */
const LOAD_ROWS = 20;
const LOAD_CLIENTS = 4;

export interface DemoRolloutOptions {
  dir: string;
  work: string;
  name: string;
  label: string;
  task: "binary" | "multiclass" | "regression" | undefined;
  delimiter: string | undefined;
  schema: Parameters<typeof trainBuiltin>[0]["schema"];
  /** Training data the inverted candidate is trained on, with its labels flipped. */
  train: string;
  /** The clean batch as a table: the load generator's rows. */
  table: ColumnTable;
  /** The folder of the candidate that passed the gate (model.onnx, metrics.json, evaluation.json). */
  good: string;
  minRequests: number;
  inconclusive: "fail" | "pass";
  context: CommandContext;
  /** A path as the user would type it from here. */
  shown: (path: string) => string;
}

/** What the load generator saw during one rollout. */
export interface LoadSummary {
  requests: number;
  /** Requests by HTTP status. */
  statuses: Record<string, number>;
  /** Requests by the version that answered (`x-model-version`). */
  versions: Record<string, number>;
}

export interface DemoRollouts {
  url: string;
  canary: DeployReport & { load: LoadSummary };
  drifted: DeployReport & { load: LoadSummary };
  rollback: RollbackReport;
  promote: PromoteReport;
  /** The incident the drifted candidate opened, read back from the registry's incident log. */
  incident?: LocalIncident;
  /** The environment's deployments, newest first. */
  history: { id: string; version: string; strategy: string; state: string; description: string }[];
}

/** Steps 7–10: a good canary promoted, a drifted one rolled back, then rollback and promote once each. */
export async function demoRollouts(options: DemoRolloutOptions): Promise<DemoRollouts> {
  const { context, name, work } = options;
  const say = (text: string) => context.stdout.write(text);
  const runtime = () => resolveOnnxRuntime();
  const registryDir = join(work, "registry");
  const registry = new LocalRegistry(registryDir);
  const incidents = new LocalIncidentTracker(registryDir);

  const good = await packageModel({
    model: join(options.good, "model.onnx"),
    metrics: join(options.good, "metrics.json"),
    evaluation: join(options.good, "evaluation.json"),
    name,
    version: "auto",
    registry,
    runtime,
    env: {},
  });
  const inverted = await trainInverted(options);
  const bad = await packageModel({
    model: inverted.model,
    metrics: inverted.metrics,
    name,
    version: "auto",
    registry,
    runtime,
    env: {},
  });
  const goodVersion = good.version.version;
  const badVersion = bad.version.version;

  // The admin API of the demo's server takes a bearer token, as a deployed one would.
  const env = { ...context.env, MLSHIP_ADMIN_TOKEN: randomBytes(16).toString("hex") };
  const request = await resolveServeRequest(
    {
      config: join(options.dir, "mlship.yml"),
      models: [`${name}@production`],
      port: "0",
      host: "127.0.0.1",
      registry: `local:${registryDir}`,
    },
    { cwd: context.cwd, env },
  );
  const log = (message: string) => context.stderr.write(`deploy: ${message}\n`);
  const server = await startServer(request, {
    cwd: context.cwd,
    env,
    log: (message) => context.stderr.write(`serve: ${message}\n`),
    runtime,
  });
  try {
    const plan = server.store.models.get(name)?.versions.values().next().value?.status;
    if (plan?.state !== "ready") throw new MlshipError("model_load_failed", `${name} could not be served`);
    const records = recordsOf(plan.plan, options.table);
    const target = new ServerTarget(server.url, { env });
    const deps = { registry, target, incidents, log };
    const checks: CheckText[] = DEMO_CHECKS.map((text) => ({ text, source: "the demo" }));
    const base: DeployPlan = {
      name,
      version: goodVersion,
      environment: "production",
      strategy: "canary",
      steps: DEMO_STEPS,
      intervalSeconds: DEMO_INTERVAL_SECONDS,
      maxWaitSeconds: 3 * DEMO_INTERVAL_SECONDS,
      checks: parseChecks(checks, options.task),
      minRequests: options.minRequests,
      inconclusive: options.inconclusive,
    };
    const flags = `--env production --steps ${DEMO_STEPS.join(",")} --interval ${DEMO_INTERVAL_SECONDS}s ${DEMO_CHECKS.map((c) => `--check "${c}"`).join(" ")}`;
    const underLoad = async (text: string, plan: DeployPlan) => {
      say(`\n== ${text}\n`);
      say(
        `(the server ${server.url} serves ${name}@production; ${LOAD_CLIENTS} clients send ${LOAD_ROWS} rows of the clean batch per request meanwhile)\n\n`,
      );
      const load = startLoad(server.url, name, records);
      const report = await runDeploy(plan, deps).finally(() => load.stop());
      const summary = await load.done;
      say(renderDeployReport(report));
      say(`${describeLoad(summary)}\n`);
      return { ...report, load: summary };
    };

    const canary = await underLoad(
      `7. candidate A as ${name} ${goodVersion}: mlship deploy --name ${name} --version ${goodVersion} ${flags}`,
      base,
    );
    const drifted = await underLoad(
      `8. a candidate trained on inverted labels as ${name} ${badVersion}: mlship deploy --name ${name} --version ${badVersion} --env production …`,
      { ...base, version: badVersion },
    );
    const incident = (await incidents.incidents(name)).find((i) => i.id === drifted.incident?.incident?.id);
    if (incident) {
      say(
        `\nthe incident, as the local registry's log ${options.shown(join(registryDir, name, "incidents.jsonl"))} keeps it (on GitHub: an issue labelled mlship, incident):\n\n${incident.title}\n\n${indent(incident.body)}`,
      );
    }

    say(`\n== 9. mlship rollback --name ${name} --env production (to the previous good version)\n\n`);
    const rollback = await runRollback({ name, environment: "production" }, deps);
    say(renderRollbackReport(rollback));

    say(
      `\n== 10. mlship promote --name ${name} --version ${goodVersion} --env production (its release holds the passed gate of step 4)\n\n`,
    );
    const promote = await runPromote(
      { deploy: { ...base, strategy: "direct" }, force: false },
      { ...deps, approvals: undefined },
    );
    say(renderPromoteReport(promote));

    const history = (await registry.history(name, "production")).map((record) => ({
      id: record.id,
      version: record.version,
      strategy: record.strategy,
      state: record.state,
      description: record.stateDescription ?? "",
    }));
    say(`\ndeployments of ${name} in production, newest first (on GitHub: the environment's history):\n`);
    say(
      `${renderTable(
        ["id", "version", "strategy", "state", "description"],
        history.map((d) => [d.id, d.version, d.strategy, d.state, d.description]),
      ).join("\n")}\n`,
    );
    return { url: server.url, canary, drifted, rollback, promote, incident, history };
  } finally {
    await server.close();
  }
}

/** A logistic regression trained on the training data with every label flipped: its predictions drift. */
async function trainInverted(options: DemoRolloutOptions): Promise<{ model: string; metrics: string }> {
  const text = await readFile(options.train, "utf8");
  const lines = text.split(/\r?\n/);
  const delimiter = options.delimiter ?? ",";
  const header = lines[0].split(delimiter);
  if (header.at(-1) !== options.label) {
    throw new MlshipError(
      "bad_usage",
      `${options.train}: the demo flips the labels of its last column, which must be ${options.label}`,
    );
  }
  const flipped = lines.map((line, i) => {
    if (i === 0 || line === "") return line;
    const match = /^(.*)(0|1)$/s.exec(line);
    if (!match) {
      throw new MlshipError(
        "bad_usage",
        `${options.train}:${i + 1}: the demo flips 0/1 labels; this row's ${options.label} is neither`,
      );
    }
    return `${match[1]}${match[2] === "0" ? "1" : "0"}`;
  });
  const data = join(options.work, "inverted-labels.csv");
  await writeFile(data, flipped.join("\n"));
  const trained = await trainBuiltin({
    data,
    label: options.label,
    trainer: "builtin:logistic",
    params: {},
    task: options.task,
    schema: options.schema,
    delimiter: options.delimiter,
    validationFraction: 0.2,
    seed: 1,
    outDir: join(options.work, "candidate-inverted"),
    runtime: () => resolveOnnxRuntime(),
  });
  return { model: trained.model, metrics: trained.metrics };
}

/**
 * Clients sending `LOAD_ROWS` rows per v1 predict request, in turn through the records (so both arms of
 * a split see rows of the same batch), until stopped; `done` resolves with what they saw.
 */
function startLoad(
  url: string,
  model: string,
  records: Record<string, unknown>[],
): { stop: () => void; done: Promise<LoadSummary> } {
  let stopped = false;
  let next = 0;
  const summary: LoadSummary = { requests: 0, statuses: {}, versions: {} };
  const count = (map: Record<string, number>, key: string) => {
    map[key] = (map[key] ?? 0) + 1;
  };
  const client = async () => {
    while (!stopped) {
      const from = (next++ * LOAD_ROWS) % records.length;
      const instances = records.slice(from, from + LOAD_ROWS);
      try {
        const response = await fetch(`${url}/v1/models/${model}:predict`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ instances }),
        });
        await response.arrayBuffer();
        count(summary.statuses, String(response.status));
        count(summary.versions, response.headers.get("x-model-version") ?? "none");
      } catch {
        count(summary.statuses, "no answer");
      }
      summary.requests++;
    }
  };
  const done = Promise.all(Array.from({ length: LOAD_CLIENTS }, client)).then(() => summary);
  return {
    stop: () => {
      stopped = true;
    },
    done,
  };
}

function describeLoad(load: LoadSummary): string {
  const statuses = Object.entries(load.statuses);
  const answered =
    statuses.length === 1 && statuses[0][0] === "200"
      ? "all answered 200"
      : `answered ${statuses.map(([status, n]) => `${status}: ${n}`).join(", ")}`;
  const versions = Object.entries(load.versions)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([version, n]) => `${version}: ${n}`)
    .join(", ");
  return `load generator: ${load.requests} requests during the rollout, ${answered}; answered by ${versions}`;
}

const indent = (text: string) =>
  `${text
    .trimEnd()
    .split("\n")
    .map((line) => (line ? `    ${line}` : ""))
    .join("\n")}\n`;
