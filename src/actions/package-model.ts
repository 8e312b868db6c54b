/**
 * The package-model action: its inputs become the package request (src/package/request.ts,
 * the same as `mlship package`'s), packaged into the registry, then the outputs and a job
 * summary with the version, its metrics and its lineage.
 */
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import { z } from "zod";
import { writeJsonAtomic } from "../lib/atomic-write.js";
import { formatNumber } from "../lib/format-number.js";
import { codeSpan, escapeMarkdown, markdownTable } from "../lib/markdown.js";
import type { Ort } from "../onnx/ort.js";
import { resolveOnnxRuntime } from "../onnx/runtime/resolve-runtime.js";
import { type PackageGiven, resolvePackageRequest, runPackage } from "../package/request.js";
import type { ModelManifest } from "../registry/manifest.js";
import { readActionInputs } from "./action-inputs.js";
import { type ActionIO, inputSpelling, maskSecret } from "./action-io.js";
import { PackageModelInput as Input, PackageModelOutput as Output } from "./constants.js";

export interface PackageModelSettings {
  /** The package settings as given; src/package/request.ts resolves them. */
  given: PackageGiven;
  token?: string;
  /** Where manifest.json is written for the `manifest` output (RUNNER_TEMP). */
  temp: string;
  workspace: string;
}

/** How this action's errors name a setting: `input 'model'`, `input 'registry'`. */
export const spellInput = inputSpelling(Input);

/**
 * Reads the inputs as given; the token is masked in the log before anything else.
 * Every default and check is the request's (src/package/request.ts).
 */
export function getInputs(
  readInput: (name: string) => string = (name) => core.getInput(name),
  env: NodeJS.ProcessEnv = process.env,
  mask: (secret: string) => void = maskSecret,
): PackageModelSettings {
  const { raw } = readActionInputs(Object.values(Input), z.object({}), readInput, {
    secrets: [Input.token],
    mask,
  });
  return {
    given: {
      model: raw[Input.model],
      name: raw[Input.name],
      version: raw[Input.version],
      metrics: raw[Input.metrics],
      evaluation: raw[Input.evaluation],
      profile: raw[Input.profile],
      registry: raw[Input.registry],
    },
    token: raw[Input.token],
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
  const context = {
    cwd: settings.workspace,
    env: settings.token ? { ...env, GITHUB_TOKEN: settings.token } : env,
  };
  const request = await resolvePackageRequest(settings.given, context);
  const { outcome, registry } = await runPackage(request, {
    ...context,
    log: (message) => io.info(message),
    runtime,
    describeRegistry: (spec) => `the '${Input.registry}' input (${spec})`,
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
