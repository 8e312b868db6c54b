/**
 * The package-model action: its inputs become one `packageModel` call (the
 * same core as `mlship package`) against the registry, then the outputs and a
 * job summary with the version, its metrics and its lineage.
 */
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import * as core from "@actions/core";
import { z } from "zod";
import { writeJsonAtomic } from "../lib/atomic-write.js";
import { formatNumber } from "../lib/format-number.js";
import { codeSpan, escapeMarkdown, markdownTable } from "../lib/markdown.js";
import type { Ort } from "../onnx/ort.js";
import { resolveOnnxRuntime } from "../onnx/runtime/resolve-runtime.js";
import type { ModelManifest } from "../registry/manifest.js";
import { openRegistry } from "../registry/open-registry.js";
import { packageModel } from "../registry/package-model.js";
import { readActionInputs } from "./action-inputs.js";
import { type ActionIO, maskSecret } from "./action-io.js";
import { PackageModelInput as Input, PackageModelOutput as Output } from "./constants.js";

export interface PackageModelSettings {
  model: string;
  name: string;
  version: string;
  metrics?: string;
  evaluation?: string;
  profile?: string;
  /** `github` or `local:<dir>`. */
  registry: string;
  token?: string;
  /** Where manifest.json is written for the `manifest` output (RUNNER_TEMP). */
  temp: string;
  workspace: string;
}

const InputsSchema = z.object({
  [Input.model]: z.string({ error: "required: the ONNX model file" }),
  [Input.name]: z.string({ error: "required: the model's name" }),
  [Input.version]: z.string().optional(),
  [Input.metrics]: z.string().optional(),
  [Input.evaluation]: z.string().optional(),
  [Input.profile]: z.string().optional(),
  [Input.registry]: z.string().optional(),
  [Input.token]: z.string().optional(),
});

/**
 * Reads and checks the inputs; the token is masked in the log before anything else.
 * @throws MlshipError `bad_usage` naming the input.
 */
export function getInputs(
  readInput: (name: string) => string = (name) => core.getInput(name),
  env: NodeJS.ProcessEnv = process.env,
  mask: (secret: string) => void = maskSecret,
): PackageModelSettings {
  const { inputs } = readActionInputs(Object.values(Input), InputsSchema, readInput, {
    secrets: [Input.token],
    mask,
  });
  return {
    model: inputs[Input.model],
    name: inputs[Input.name],
    version: inputs[Input.version] ?? "auto",
    metrics: inputs[Input.metrics],
    evaluation: inputs[Input.evaluation],
    profile: inputs[Input.profile],
    registry: inputs[Input.registry] ?? "github",
    token: inputs[Input.token],
    temp: env.RUNNER_TEMP || tmpdir(),
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
  };
}

export async function runPackageModel(
  settings: PackageModelSettings,
  io: ActionIO,
  runtime: () => Promise<Ort> = () => resolveOnnxRuntime(),
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const registry = openRegistry(settings.registry, {
    cwd: settings.workspace,
    env: settings.token ? { ...env, GITHUB_TOKEN: settings.token } : env,
    log: (message) => io.info(message),
    describeSpec: (spec) => `the '${Input.registry}' input (${spec})`,
  });
  const at = (file: string | undefined) =>
    file === undefined ? undefined : resolve(settings.workspace, file);
  const outcome = await packageModel({
    model: at(settings.model)!,
    name: settings.name,
    version: settings.version,
    metrics: at(settings.metrics),
    evaluation: at(settings.evaluation),
    profile: at(settings.profile),
    registry,
    runtime,
    env,
  });
  const { version } = outcome;
  const manifestFile = join(settings.temp, `mlship-manifest-${version.name}-${version.version}.json`);
  await writeJsonAtomic(manifestFile, version.manifest);
  io.setOutput(Output.version, version.version);
  io.setOutput(Output.tag, version.tag);
  io.setOutput(Output.releaseUrl, version.url);
  io.setOutput(Output.manifestFile, manifestFile);
  io.setOutput(Output.manifest, manifestFile);
  io.setOutput(Output.created, String(outcome.created));
  io.info(
    `${outcome.created ? "Published" : "Already published (same model bytes)"} ${version.tag} in ${registry.describe}: ${version.url}`,
  );
  await io.writeSummary(renderPackageSummary(version.manifest, version.url, outcome.created));
}

export function renderPackageSummary(manifest: ModelManifest, url: string, created: boolean): string {
  const { lineage } = manifest;
  const metrics = Object.entries(manifest.metrics).map(([name, value]) => [
    name,
    value === null ? "" : formatNumber(value),
  ]);
  return [
    `### mlship package: [${escapeMarkdown(`${manifest.name} v${manifest.version}`)}](${url}) ${created ? "published" : "already published (same model bytes)"}`,
    `Model sha256 ${codeSpan(manifest.model.sha256)} · ${manifest.model.bytes.toLocaleString("en-US")} bytes · ${manifest.features.length} features`,
    metrics.length > 0 ? markdownTable(["metric", "value"], metrics, [1]) : "No metrics recorded.",
    [
      "**Lineage**",
      "",
      `- Parent: ${lineage.parent ? escapeMarkdown(lineage.parent) : "none (first version)"}`,
      `- Trainer: ${lineage.trainer ? codeSpan(lineage.trainer) : "not recorded"}`,
      `- Commit: ${lineage.commit ? codeSpan(lineage.commit) : "not recorded"}${lineage.runUrl ? ` · [run](${lineage.runUrl})` : ""}`,
      `- Training data: ${manifest.data.train ? codeSpan(manifest.data.train.sha256) : "not recorded"}`,
    ].join("\n"),
    "",
  ].join("\n\n");
}
