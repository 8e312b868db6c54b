import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, loadConfiguredDatasetSchema } from "../../config/index.js";
import { validateData } from "../../data/validate/validate.js";
import { chooseBaseline } from "../../evaluate/baseline.js";
import { evaluate } from "../../evaluate/evaluate.js";
import { parseRule } from "../../evaluate/gate-rules.js";
import { loadEvaluationRows, selectRows } from "../../evaluate/steps/evaluation-rows.js";
import { ExitCode, MlshipError } from "../../lib/errors.js";
import { resolveOnnxRuntime } from "../../onnx/runtime/resolve-runtime.js";
import { LocalRegistry } from "../../registry/local-registry.js";
import { packageModel } from "../../registry/package-model.js";
import { renderEvaluationMarkdown } from "../../report/evaluation-markdown.js";
import { renderEvaluationText } from "../../report/evaluation-text.js";
import { renderSmokeTestText } from "../../report/smoke-test-text.js";
import { renderValidationText } from "../../report/validation-text.js";
import { resolveServeRequest } from "../../serve/request.js";
import { runSmokeTest, type SmokeTestResult } from "../../serve/smoke-test.js";
import { type BuiltinTrainer, trainBuiltin } from "../../train/train-builtin.js";
import { type Command, type CommandContext, stringOption } from "../command.js";
import { writeJsonResult } from "../output.js";
import { demoRollouts } from "./demo-rollout.js";

/** The bundled example project, beside dist/ in the package. */
export function examplesDir(): string {
  // dist/cli/index.js (or src/cli/commands/demo.ts in tests) → the package root's examples/.
  const here = dirname(fileURLToPath(import.meta.url));
  const levels = here.includes(`${"src"}/cli`) ? 3 : 2;
  return join(here, levels === 3 ? "../../.." : "../..", "examples");
}

export const demoCommand: Command = {
  name: ["demo"],
  summary:
    "run the lifecycle on the bundled example: validate, train, package, gate two candidates, serve, and roll out (canary, automatic rollback, rollback, promote)",
  usage: "mlship demo [--examples dir] [--workdir dir]",
  options: {
    examples: {
      type: "string",
      value: "<dir>",
      description: "the example project (default: the bundled examples/)",
    },
    workdir: {
      type: "string",
      value: "<dir>",
      description: "where the models and the local registry go (default: a temporary folder, removed after)",
      writes: "folder",
    },
  },
  details: `
1. Validates examples/data/churn-current-clean.csv and the drifted examples/data/churn-current.csv against
   examples/data/churn-reference.csv with examples/schema.yml.
2. Trains a first model (builtin:logistic) on the reference data, packages it as churn 0.1.0 into a local
   registry and records it as deployed to production.
3. Trains two candidates, evaluates each against churn@production on the clean batch with the gate rules
   of examples/mlship.yml, and prints both gate reports: a retrained logistic regression passes, a
   one-split GBDT fails.
4. Serves churn@production from that registry with the model server (mlship serve's, on 127.0.0.1, a
   port the system chooses), sends rows of the clean batch to POST /v1/models/churn:predict (3 rows, then
   2) and its first row to POST /v2/models/churn/infer, prints that Open Inference Protocol v2 request
   and response and the mlship_* lines of GET /metrics for churn, and stops the server.
5. Rollouts (mlship deploy, rollback, promote, run in-process) against a new server of churn@production
   whose admin API takes a bearer token, while 4 clients send rows of the clean batch: candidate A,
   packaged as churn 0.2.0 with its evaluation, goes out by canary (25%, 50%, 2 s a step, analysed
   against stable) and becomes stable; a logistic regression trained on inverted labels, churn 0.3.0,
   is rolled back by the analysis at its first step (prediction_psi), which opens an incident in the
   local registry's log (printed); mlship rollback returns production to 0.1.0; mlship promote puts
   0.2.0 back (its release holds a passed gate) and closes the incident. Prints each rollout's step
   table, what the load generator saw, and the environment's deployment history.
Exit 0 when the demo ran: the drifted batch, the failing gate and the rollback are the point. --json
<file> writes {validations, gates, serving, rollouts}: serving holds the url, the model and version,
each request sent with its status, the v2 exchange and the metrics lines; rollouts holds the reports of
the two rollouts (each with its load), the rollback and the promotion, the incident and the history.`,
  async run(args, context) {
    const dir = stringOption(args, "examples") ?? examplesDir();
    const config = await loadConfig(join(dir, "mlship.yml"));
    const schema = await loadConfiguredDatasetSchema(config);
    const { current, reference } = config.data;
    if (!current || !reference) {
      throw new MlshipError(
        "bad_usage",
        `${join(dir, "mlship.yml")} must set data.current and data.reference for the demo`,
      );
    }
    // Paths as the user would type them from here.
    const shown = (path: string) => relative(context.cwd, path) || path;
    const batches = [
      {
        title: "1. a new batch like the training data",
        data: shown(join(dir, "data", "churn-current-clean.csv")),
      },
      { title: "2. a new batch that drifted", data: shown(current) },
    ];
    const reports = [];
    for (const batch of batches) {
      const { report } = await validateData({
        data: batch.data,
        schema: schema ? { schema, source: shown(join(dir, "schema.yml")) } : undefined,
        reference: shown(reference),
        quality: config.quality,
        drift: config.drift,
      });
      reports.push(report);
      context.stdout.write(
        `\n== ${batch.title}: mlship validate ${batch.data} --reference ${shown(reference)}\n\n`,
      );
      context.stdout.write(renderValidationText(report));
    }
    const [clean, drifted] = reports;
    const keep = stringOption(args, "workdir");
    const work = keep ? resolve(context.cwd, keep) : await mkdtemp(join(tmpdir(), "mlship-demo-"));
    try {
      const gates = await demoGates({ dir, work, config, schema, clean: batches[0].data, context, shown });
      const serving = await demoServing({
        dir,
        work,
        config,
        schema,
        clean: batches[0].data,
        context,
        shown,
      });
      const rows = await loadEvaluationRows({
        data: batches[0].data,
        label: config.label ?? "churned",
        schema,
        delimiter: config.data.delimiter,
      });
      const rollouts = await demoRollouts({
        dir,
        work,
        name: config.model.name ?? "churn",
        label: config.label ?? "churned",
        task: config.model.task,
        delimiter: config.data.delimiter,
        schema,
        train: config.data.reference!,
        table: rows.table,
        good: join(work, "candidate-a"),
        minRequests: config.analysis.min_requests,
        inconclusive: config.analysis.inconclusive,
        context,
        shown,
      });
      await writeJsonResult(args, context, { validations: reports, gates, serving, rollouts });
      context.stdout.write(
        `\ndemo: the clean batch ${clean.passed ? "passed" : "FAILED"}; the drifted batch ${drifted.drift?.drifted ? "was flagged as drifted" : "was NOT flagged"}; ${gates
          .map((g) => `${g.candidate}: the gate ${g.passed ? "passed" : "failed"}`)
          .join(
            "; ",
          )}; canary ${rollouts.canary.version}: ${rollouts.canary.result}; canary ${rollouts.drifted.version}: ${rollouts.drifted.result === "fail" ? "rolled back" : rollouts.drifted.result}; rollback to ${rollouts.rollback.to}; promote ${rollouts.promote.version}: ${rollouts.promote.result}.\n`,
      );
    } finally {
      if (!keep) await rm(work, { recursive: true, force: true });
    }
    return ExitCode.ok;
  },
};

interface DemoStep {
  dir: string;
  work: string;
  config: Awaited<ReturnType<typeof loadConfig>>;
  schema: Awaited<ReturnType<typeof loadConfiguredDatasetSchema>>;
  clean: string;
  context: CommandContext;
  shown: (path: string) => string;
}

/** The rows of the clean batch the serving step sends: 3, then 2 (v1), then the first again (v2). */
const SERVED_BATCHES = [3, 2];

/** Step 4: the production model served by the model server, a few requests, its metrics, stopped. */
async function demoServing(options: DemoStep): Promise<SmokeTestResult> {
  const { config, context, work } = options;
  const name = config.model.name ?? "churn";
  const registry = join(work, "registry");
  context.stdout.write(
    `\n== 6. mlship serve --registry local:${options.shown(registry)} --model ${name}@production --port 0, a few requests, then stop\n\n`,
  );
  const request = await resolveServeRequest(
    {
      config: join(options.dir, "mlship.yml"),
      models: [`${name}@production`],
      port: "0",
      host: "127.0.0.1",
      registry: `local:${registry}`,
    },
    { cwd: context.cwd, env: context.env },
  );
  const rows = await loadEvaluationRows({
    data: options.clean,
    label: config.label ?? "churned",
    schema: options.schema,
    delimiter: config.data.delimiter,
  });
  const count = SERVED_BATCHES.reduce((sum, n) => sum + n, 0);
  const result = await runSmokeTest(request, {
    cwd: context.cwd,
    env: context.env,
    log: (message) => context.stderr.write(`serve: ${message}\n`),
    runtime: () => resolveOnnxRuntime(),
    model: name,
    table: selectRows(rows.table, [...Array(Math.min(count, rows.table.rows)).keys()]),
    batches: SERVED_BATCHES,
  });
  context.stdout.write(renderSmokeTestText(result));
  return result;
}

/** Steps 2 and 3: a first model in production, then two candidates through the gate. */
async function demoGates(
  options: DemoStep,
): Promise<{ candidate: string; passed: boolean; report: string }[]> {
  const { config, context, work } = options;
  const name = config.model.name ?? "churn";
  const label = config.label ?? "churned";
  const runtime = () => resolveOnnxRuntime();
  const trainOne = (trainer: BuiltinTrainer, params: Record<string, number>, out: string) =>
    trainBuiltin({
      data: config.data.reference!,
      label,
      trainer,
      params,
      task: config.model.task,
      schema: options.schema,
      delimiter: config.data.delimiter,
      validationFraction: 0.2,
      seed: 1,
      outDir: join(work, out),
      runtime,
    });
  const registry = new LocalRegistry(join(work, "registry"));
  const step = (text: string) => context.stdout.write(`\n== ${text}\n`);

  step(
    `3. mlship train --trainer builtin:logistic, then mlship package --name ${name}, deployed to production`,
  );
  const first = await trainOne("builtin:logistic", {}, "production");
  const packaged = await packageModel({
    model: first.model,
    name,
    version: "auto",
    metrics: first.metrics,
    registry,
    runtime,
    env: {},
  });
  const deployment = await registry.recordDeployment({
    name,
    version: packaged.version.version,
    environment: "production",
    strategy: "direct",
    trafficPercent: 100,
  });
  await registry.setDeploymentStatus(deployment.id, "success", { description: "the demo's first release" });
  context.stdout.write(
    `published ${packaged.version.tag} (validation roc_auc ${first.report.validation.metrics.roc_auc.toFixed(4)}) and recorded it as serving production\n`,
  );

  const rules = config.gate.rules.map((rule, i) => parseRule(rule, `mlship.yml (gate.rules[${i}])`));
  const candidates: {
    title: string;
    trainer: BuiltinTrainer;
    params: Record<string, number>;
    out: string;
  }[] = [
    {
      title: "a retrained logistic regression (C=0.3)",
      trainer: "builtin:logistic",
      params: { C: 0.3 },
      out: "candidate-a",
    },
    {
      title: "a one-split GBDT",
      trainer: "builtin:gbdt",
      params: { max_iter: 1, max_depth: 1 },
      out: "candidate-b",
    },
  ];
  const gates = [];
  for (const [index, candidate] of candidates.entries()) {
    const trained = await trainOne(candidate.trainer, candidate.params, candidate.out);
    step(
      `${index + 4}. candidate ${String.fromCharCode(65 + index)}, ${candidate.title}: mlship evaluate --model ${candidate.out}/model.onnx --data ${options.clean} --baseline ${name}@production`,
    );
    const baseline = await chooseBaseline(`${name}@production`, () => registry, work);
    try {
      const report = await evaluate({
        model: trained.model,
        data: options.clean,
        label,
        baseline: baseline.kind === "model" ? baseline : undefined,
        noBaselineReason: baseline.kind === "none" ? baseline.reason : undefined,
        rules,
        confidence: config.gate.confidence,
        minRows: config.gate.min_rows,
        inconclusive: config.gate.inconclusive,
        slices: [],
        sensitive: [],
        replicates: 200,
        seed: 1,
        importanceRepeats: 0,
        importanceRows: 0,
        latencyRows: 50,
        task: config.model.task,
        schema: options.schema,
        delimiter: config.data.delimiter,
        runtime,
      });
      context.stdout.write(`\n${renderEvaluationText(report)}`);
      // The release's evaluation, as the evaluate-gate action attaches it (the rollout step packages A with it).
      await writeFile(join(work, candidate.out, "evaluation.json"), `${JSON.stringify(report)}\n`);
      gates.push({
        candidate: `candidate ${String.fromCharCode(65 + index)}`,
        passed: report.gate.passed,
        report: renderEvaluationMarkdown(report, { name }),
      });
    } finally {
      if (baseline.kind === "model") await baseline.cleanup?.();
    }
  }
  return gates;
}
