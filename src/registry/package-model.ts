/**
 * `mlship package`: a trained model into a registry version. Checks the model
 * loads and takes the declared features, writes manifest.json (lineage from
 * the GITHUB_* variables), the model card and SHA256SUMS, picks the version
 * (`auto`: the latest's minor bumped, its major when the features changed),
 * splits a model over the asset size limit into parts, and publishes.
 */
import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { z } from "zod";
import { sha256File } from "../data/fingerprint.js";
import { readProfile } from "../data/profile/profile-schema.js";
import { ExitCode, MlshipError } from "../lib/errors.js";
import { requireRegularInput } from "../lib/input.js";
import { readJsonFile } from "../lib/read-json.js";
import { runContextOf } from "../lib/run-context.js";
import { loadModel } from "../onnx/onnx-model.js";
import type { Ort } from "../onnx/ort.js";
import {
  TRAINING_METRICS_FILE,
  type TrainingMetricsFile,
  TrainingMetricsFileSchema,
} from "../train/metrics-file.js";
import { EVALUATION_FILE, EvaluationFileSchema } from "./evaluation-file.js";
import type { ModelManifest } from "./manifest.js";
import { renderModelCard } from "./model-card.js";
import { checkModelName, checkVersion, compareVersionsDescending, nextVersion } from "./refs.js";
import type { PublishResult, Registry } from "./registry.js";
import { MANIFEST_FILE, MODEL_FILE } from "./version-files.js";

/** GitHub refuses release assets of 2 GiB and more; parts stay just under it. */
export const DEFAULT_PART_BYTES = 2 * 1024 ** 3 - 1024 ** 2;

export interface PackageSettings {
  model: string;
  name: string;
  /** `x.y.z`, or `auto`. */
  version: string;
  /** metrics.json of the training run: metrics, params, label, features, trainer, data fingerprint. */
  metrics?: string;
  /** evaluation.json (mlship evaluate): its metrics take precedence, and it is attached. */
  evaluation?: string;
  /** A data profile (mlship profile) to attach as the reference for drift checks. */
  profile?: string;
  /** The training data's fingerprint, when no metrics.json says it (src/package/request.ts checks the setting). */
  trainingData?: { sha256: string; rows: number | null };
  intendedUse?: string;
  limitations?: string;
  registry: Registry;
  runtime: () => Promise<Ort>;
  env: NodeJS.ProcessEnv;
  partBytes?: number;
  now?: () => Date;
}

export interface PackageOutcome extends PublishResult {
  manifest: ModelManifest;
}

export async function packageModel(settings: PackageSettings): Promise<PackageOutcome> {
  const name = checkModelName(settings.name);
  const read = await readPackageInputs(settings);
  const { versions, corrupt } = await settings.registry.list(name);
  const latest = versions[0];
  if (settings.version === "auto" && latest && latest.manifest.model.sha256 === read.model.sha256) {
    // The same bytes as the latest version: nothing to publish.
    return { version: latest, created: false, manifest: latest.manifest };
  }
  const version =
    settings.version === "auto"
      ? nextAutoVersion([...versions, ...corrupt], latest?.manifest, read.features)
      : checkVersion(settings.version);
  const manifest = buildManifest(name, version, read, latest, settings);
  return publishVersion(manifest, read, settings);
}

/** What a package is made of, read and checked before anything is published. */
interface PackageInputs {
  model: { sha256: string; bytes: number; kind: string };
  inputs: ModelManifest["model"]["inputs"];
  outputs: ModelManifest["model"]["outputs"];
  features: { name: string; type: string }[];
  opset: number | null;
  trained?: TrainingMetricsFile;
  evaluation?: z.infer<typeof EvaluationFileSchema>;
}

/** The model (loaded once to read its signature), metrics.json, evaluation.json and the profile. */
async function readPackageInputs(settings: PackageSettings): Promise<PackageInputs> {
  const attached = "it is read, then attached to the version (a second read)";
  for (const file of [settings.model, settings.evaluation, settings.profile])
    if (file) requireRegularInput(file, attached);
  // The profile becomes the version's drift reference: a damaged one is refused here, not at every later validate.
  if (settings.profile) await readProfile(settings.profile);
  const ort = await settings.runtime();
  const model = await loadModel(ort, settings.model);
  try {
    const trained = settings.metrics
      ? await readJsonFile(settings.metrics, TRAINING_METRICS_FILE, TrainingMetricsFileSchema)
      : undefined;
    const evaluation = settings.evaluation
      ? await readJsonFile(settings.evaluation, EVALUATION_FILE, EvaluationFileSchema)
      : undefined;
    return {
      model: { sha256: model.sha256, bytes: model.bytes, kind: model.kind },
      inputs: model.inputs.map((i) => ({ name: i.name, type: i.type, shape: i.shape ?? [] })),
      outputs: model.outputs.map((o) => ({ name: o.name, type: o.type, shape: o.shape ?? [] })),
      features: featuresOf(model.inputs, trained?.features, settings.model),
      opset: model.opsets.find((o) => o.domain === "ai.onnx")?.version ?? null,
      trained,
      evaluation,
    };
  } finally {
    await model.release();
  }
}

/**
 * `auto`: above every version there is (the unreadable ones too: their tags are taken), the
 * latest's minor bumped, its major when the features changed.
 */
function nextAutoVersion(
  all: readonly { version: string }[],
  latest: ModelManifest | undefined,
  features: PackageInputs["features"],
): string {
  const changed = latest !== undefined && JSON.stringify(latest.features) !== JSON.stringify(features);
  const highest = all.map((v) => v.version).sort(compareVersionsDescending)[0];
  return nextVersion(highest, changed ? "major" : "minor");
}

/** manifest.json: the model's signature, metrics, params, data fingerprint and lineage. */
function buildManifest(
  name: string,
  version: string,
  { model, inputs, outputs, features, opset, trained, evaluation }: PackageInputs,
  latest: { version: string } | undefined,
  settings: PackageSettings,
): ModelManifest {
  const run = runContextOf(settings.env);
  return {
    schemaVersion: 1,
    name,
    version,
    task: trained?.task ?? (model.kind === "regressor" ? "regression" : "classification"),
    createdAt: (settings.now?.() ?? new Date()).toISOString(),
    model: { file: MODEL_FILE, sha256: model.sha256, bytes: model.bytes, opset, inputs, outputs },
    features,
    label: trained?.label ?? null,
    metrics: {
      ...(trained?.validation?.metrics ?? trained?.metrics ?? {}),
      ...(evaluation?.metrics ?? {}),
    },
    params: trained?.params ?? {},
    data: dataOf(trained, settings.trainingData),
    lineage: {
      repository: run.repository ?? null,
      commit: run.commit ?? null,
      runId: run.runId ?? null,
      runUrl: run.runUrl ?? null,
      parent: latest && latest.version !== version ? latest.version : null,
      trainer: trained?.trainer ?? (trained?.command ? `command:${trained.command}` : null),
    },
  };
}

/** The version's files (the model, in parts when over the asset limit; manifest, card, reports) published. */
async function publishVersion(
  manifest: ModelManifest,
  { evaluation }: PackageInputs,
  settings: PackageSettings,
): Promise<PackageOutcome> {
  const scratch = await mkdtemp(join(tmpdir(), "mlship-package-"));
  try {
    const files: Record<string, string> = {};
    const partBytes = settings.partBytes ?? DEFAULT_PART_BYTES;
    if (manifest.model.bytes > partBytes) {
      manifest.model.parts = await splitModel(settings.model, partBytes, scratch);
      for (const part of manifest.model.parts) files[part.file] = join(scratch, part.file);
    } else {
      files[MODEL_FILE] = settings.model;
    }
    const card = renderModelCard(manifest, {
      evaluation: evaluation as Record<string, unknown> | undefined,
      intendedUse: settings.intendedUse,
      limitations: settings.limitations,
    });
    await writeFile(join(scratch, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeFile(join(scratch, "model-card.md"), card);
    files[MANIFEST_FILE] = join(scratch, MANIFEST_FILE);
    files["model-card.md"] = join(scratch, "model-card.md");
    if (settings.evaluation) files["evaluation.json"] = settings.evaluation;
    if (settings.profile) files["profile.json"] = settings.profile;
    const result = await settings.registry.publish({ manifest, files, notes: card });
    return { ...result, manifest: result.version.manifest };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * The features: one per model input (the raw-column graphs mlship and skl2onnx
 * export). Features the training run declared must each be an input.
 */
function featuresOf(
  inputs: { name: string; type: string; shape: (number | string | null)[] | null }[],
  declared: string[] | undefined,
  file: string,
): { name: string; type: string }[] {
  const names = new Set(inputs.map((i) => i.name));
  const width = inputs.length === 1 ? inputs[0].shape?.[1] : undefined;
  // One [N, F] tensor: the declared features must be F columns.
  if (
    declared &&
    typeof width === "number" &&
    width !== declared.length &&
    !(declared.length === 1 && names.has(declared[0]))
  ) {
    throw new MlshipError(
      "features_mismatch",
      `the model takes ${width} features in one tensor (${inputs[0].name}), but ${declared.length} are declared (${declared.join(", ")})`,
      { file },
      ExitCode.badInput,
    );
  }
  const perColumn = inputs.length > 1 || (declared !== undefined && declared.length === 1);
  if (declared && perColumn) {
    const missing = declared.filter((f) => !names.has(f));
    if (missing.length > 0) {
      throw new MlshipError(
        "features_mismatch",
        `the model's inputs (${[...names].join(", ")}) do not take the declared features ${missing.join(", ")}`,
        { file },
        ExitCode.badInput,
      );
    }
  }
  return inputs.map((i) => ({ name: i.name, type: i.type }));
}

function dataOf(
  trained: TrainingMetricsFile | undefined,
  given: PackageSettings["trainingData"],
): ModelManifest["data"] {
  if (given) return { train: given };
  const sha = trained?.data?.sha256 ?? trained?.data?.train;
  return sha ? { train: { sha256: sha, rows: trained?.rows?.train ?? null } } : {};
}

/** Splits a model into parts of at most `partBytes`, streamed; returns each part's name, sha256 and size. */
async function splitModel(
  file: string,
  partBytes: number,
  dir: string,
): Promise<{ file: string; sha256: string; bytes: number }[]> {
  const { bytes } = await sha256File(file);
  const parts = [];
  for (let start = 0, index = 0; start < bytes; start += partBytes, index++) {
    const name = `${MODEL_FILE}.part-${String(index).padStart(3, "0")}`;
    await pipeline(
      createReadStream(file, { start, end: Math.min(start + partBytes, bytes) - 1 }),
      createWriteStream(join(dir, name)),
    );
    parts.push({ file: name, ...(await sha256File(join(dir, name))) });
  }
  return parts;
}
