/**
 * The `mlship.yml` schema: one zod schema gives the TypeScript type, the runtime
 * validation and the JSON Schema editors use. Every field is optional; zod fills
 * the defaults, so an empty or missing file is a valid configuration.
 *
 * Each top-level section lives in `sections/<name>.ts`; a new section (train,
 * evaluate, registry, deploy, monitor) is one module and one line below.
 */
import { z } from "zod";
import { DriftConfigSchema } from "../data/drift/drift-config.js";
import { DatasetSchemaSchema } from "../data/schema/dataset-schema.js";
import { QualityConfigSchema } from "../data/validate/quality-config.js";
import { parseStructured } from "../lib/structured-file.js";
import { userKeyedRecordJsonSchema } from "../lib/user-keyed-record.js";
import { AnalysisConfigSchema } from "./sections/analysis.js";
import { DataConfigSchema } from "./sections/data.js";
import { DeployConfigSchema } from "./sections/deploy.js";
import { GateConfigSchema } from "./sections/gate.js";
import { ModelConfigSchema } from "./sections/model.js";
import { TrainConfigSchema } from "./sections/train.js";

/** Error code of an mlship.yml that does not parse or validate. */
export const INVALID_CONFIG = "invalid_config";

export const MLSHIP_CONFIG_JSON_SCHEMA_ID = "urn:mlship:schema:mlship-config:v1";

export const MlshipConfigSchema = z
  .strictObject({
    $schema: z.string().optional().describe("URL or path of this file's JSON Schema, for editors; ignored."),
    model: ModelConfigSchema.prefault({}),
    label: z.string().min(1).optional().describe("The label (target) column."),
    data: DataConfigSchema.prefault({}),
    schema: z
      .union([z.string().min(1), DatasetSchemaSchema])
      .optional()
      .describe(
        "The dataset schema: a path to a schema file (YAML or JSON, relative to mlship.yml) or the schema inline.",
      ),
    quality: QualityConfigSchema.prefault({}),
    drift: DriftConfigSchema.prefault({}),
    train: TrainConfigSchema.prefault({}),
    gate: GateConfigSchema.prefault({}),
    analysis: AnalysisConfigSchema.prefault({}),
    deploy: DeployConfigSchema.prefault({}),
  })
  .meta({
    title: "mlship configuration (mlship.yml)",
    description: "Settings for the mlship CLI and GitHub Actions. Every field is optional.",
  });

/** A parsed mlship.yml, defaults filled. */
export type MlshipConfig = z.infer<typeof MlshipConfigSchema>;
/** mlship.yml as written (defaults may be left out). */
export type MlshipConfigInput = z.input<typeof MlshipConfigSchema>;

/**
 * Parses mlship.yml text (YAML or JSON). Paths are returned as written; see
 * `loadConfig` for paths resolved against the file's folder.
 * @throws MlshipError `invalid_config` naming the file, line and path.
 */
export function parseConfig(text: string, file: string): MlshipConfig {
  return parseStructured(text, file, MlshipConfigSchema, { code: INVALID_CONFIG });
}

/** The configuration of an empty (or absent) mlship.yml. */
export function defaultConfig(): MlshipConfig {
  return MlshipConfigSchema.parse({});
}

/** The JSON Schema of mlship.yml (the build writes it to `schema/mlship.schema.json`). */
export function mlshipConfigJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(MlshipConfigSchema, {
    io: "input",
    override: userKeyedRecordJsonSchema,
  });
  return { $schema, $id: MLSHIP_CONFIG_JSON_SCHEMA_ID, ...rest };
}
