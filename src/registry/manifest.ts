/**
 * `manifest.json`, the description of one model version (DESIGN.md's fields):
 * what the model is, its signature and features, its metrics and params, the
 * data it was trained and evaluated on, and where it came from (lineage).
 */
import { z } from "zod";

const TensorInfo = z.object({
  name: z.string(),
  type: z.string(),
  shape: z.array(z.union([z.number(), z.string(), z.null()])),
});

const DataFingerprint = z.object({ sha256: z.string(), rows: z.number().nullable().optional() });

export const ModelManifestSchema = z.object({
  schemaVersion: z.literal(1),
  name: z.string(),
  version: z.string(),
  task: z.string().nullable(),
  createdAt: z.string(),
  model: z.object({
    file: z.string(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/),
    bytes: z.number().int().min(0),
    opset: z.number().int().nullable(),
    inputs: z.array(TensorInfo),
    outputs: z.array(TensorInfo),
    /** Set when the model is over the asset size limit and stored as parts, in order. */
    parts: z.array(z.object({ file: z.string(), sha256: z.string(), bytes: z.number() })).optional(),
  }),
  features: z.array(z.object({ name: z.string(), type: z.string() })),
  label: z.string().nullable(),
  metrics: z.record(z.string(), z.number().nullable()),
  params: z.record(z.string(), z.unknown()),
  data: z.object({ train: DataFingerprint.optional(), eval: DataFingerprint.optional() }),
  lineage: z.object({
    repository: z.string().nullable(),
    commit: z.string().nullable(),
    runId: z.string().nullable(),
    runUrl: z.string().nullable(),
    parent: z.string().nullable(),
    trainer: z.string().nullable(),
  }),
});

export type ModelManifest = z.infer<typeof ModelManifestSchema>;
