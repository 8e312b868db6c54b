/**
 * `manifest.json`, the description of one model version (docs/design.md's fields):
 * what the model is, its signature and features, its metrics and params, the
 * data it was trained and evaluated on, and where it came from (lineage).
 *
 * A manifest is read back from places anyone with write access can edit (a
 * release body, a folder), so every read goes through `parseManifest`: the
 * schema holds the file names it carries to plain names, and a bad manifest is
 * an error naming the field.
 */
import semver from "semver";
import { z } from "zod";
import { MlshipError } from "../lib/errors.js";
import { parseJsonWith } from "../lib/read-json.js";
import { userKeyedRecord } from "../lib/user-keyed-record.js";
import { isPlainFileName, PART_NAME, PLAIN_NAME_RULE } from "./asset-names.js";

const SHA256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 (64 lowercase hex digits)");
const BYTES = z.number().int().min(0);

const TensorInfo = z.object({
  name: z.string(),
  type: z.string(),
  shape: z.array(z.union([z.number(), z.string(), z.null()])),
});

const DataFingerprint = z.object({ sha256: z.string(), rows: z.number().nullable().optional() });

const ModelPart = z.object({
  file: z.string().regex(PART_NAME, "must be model.onnx.part-NNN"),
  sha256: SHA256,
  bytes: BYTES,
});

export const ModelManifestSchema = z.object({
  schemaVersion: z.literal(1),
  name: z.string(),
  version: z.string(),
  task: z.string().nullable(),
  createdAt: z.string(),
  model: z.object({
    file: z.string().refine(isPlainFileName, `must be ${PLAIN_NAME_RULE}`),
    sha256: SHA256,
    bytes: BYTES,
    opset: z.number().int().nullable(),
    inputs: z.array(TensorInfo),
    outputs: z.array(TensorInfo),
    /** Set when the model is over the asset size limit and stored as parts, in order. */
    parts: z
      .array(ModelPart)
      .min(1)
      .refine((parts) => new Set(parts.map((p) => p.file)).size === parts.length, "lists a part twice")
      .optional(),
  }),
  features: z.array(z.object({ name: z.string(), type: z.string() })),
  label: z.string().nullable(),
  metrics: userKeyedRecord(z.string(), z.number().nullable()),
  params: userKeyedRecord(z.string(), z.unknown()),
  data: z.object({ train: DataFingerprint.optional(), eval: DataFingerprint.optional() }),
  lineage: z.object({
    repository: z.string().nullable(),
    commit: z.string().nullable(),
    runId: z.string().nullable(),
    runUrl: z.string().nullable(),
    /** The version before this one; it is looked up, so it must be one. */
    parent: z
      .string()
      .refine((v) => semver.valid(v) === v, "must be a version like 1.4.0")
      .nullable(),
    trainer: z.string().nullable(),
  }),
});

export type ModelManifest = z.infer<typeof ModelManifestSchema>;

/**
 * Parses and checks a manifest that is meant to be `name`'s version `version`.
 * @param where what the text is, for the message: "manifest.json", "the manifest in the release body".
 * @throws MlshipError `bad_manifest` (exit 2): not JSON, not the schema (naming the field), or another
 *   model's or version's manifest.
 */
export function parseManifest(
  text: string,
  where: string,
  expected: { name: string; version: string },
): ModelManifest {
  const source = { where, what: "a valid manifest", code: "bad_manifest" as const };
  const manifest = parseJsonWith(ModelManifestSchema, text, source);
  for (const field of ["name", "version"] as const) {
    if (manifest[field] !== expected[field]) {
      throw new MlshipError(
        source.code,
        `${where} is not ${source.what} at ${field}: it says ${JSON.stringify(manifest[field])}, not ${JSON.stringify(expected[field])}`,
      );
    }
  }
  return manifest;
}
