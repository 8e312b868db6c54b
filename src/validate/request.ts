/**
 * The validation request: the one place that merges what the user gave (`mlship validate`'s
 * options, the validate-data action's inputs) with mlship.yml, and holds every default and check
 * of a validation — which schema, which reference, which issues fail. The CLI and the action map
 * their spelling onto these settings and report the result; they keep no default of their own.
 */
import { z } from "zod";
import {
  configFileOf,
  configuredSource,
  FAIL_ON_LEVELS,
  loadConfig,
  loadConfiguredDatasetSchema,
  type MlshipConfig,
} from "../config/index.js";
import { loadDatasetSchema } from "../data/schema/dataset-schema.js";
import { type ValidateResult, type ValidateSettings, validateData } from "../data/validate/validate.js";
import {
  choiceSetting,
  locateSettingError,
  numberSetting,
  type SettingSource,
  settingCollector,
} from "../lib/setting-source.js";

const text = z.string().min(1);

/** Every setting of a validation, checked: the one schema both adapters resolve through. */
export const ValidateRequestSchema = z.object({
  /** The data; default mlship.yml's data.current. */
  data: z.string({ error: "no data to validate: give a file, or set data.current in mlship.yml" }).min(1),
  /** A dataset schema file; default mlship.yml's schema, else the reference's columns, else inferred. */
  schema: text.optional(),
  /** Reference data or a profile JSON; default mlship.yml's data.reference. */
  reference: text.optional(),
  /** Which issues fail the check; default mlship.yml's quality.failOn (error). */
  failOn: choiceSetting(FAIL_ON_LEVELS),
  format: choiceSetting(["csv", "jsonl", "parquet"]).optional(),
  delimiter: text.optional(),
  /** Worker threads for large uncompressed CSV files; default one per core. */
  threads: numberSetting({ min: 1, max: 64, integer: true }).optional(),
});

export type ValidateSetting = keyof typeof ValidateRequestSchema.shape;

/** What an adapter was given, as the user typed it; unset settings are left out. */
export type ValidateGiven = { [K in ValidateSetting]?: string } & {
  /** The mlship.yml to read; unset: mlship.yml (or .yaml) in `cwd` when present. */
  config?: string;
};

export type ValidateRequest = z.output<typeof ValidateRequestSchema> & {
  sources: Record<ValidateSetting, SettingSource>;
  configFile?: string;
};

/**
 * Merges `given` (explicit) and mlship.yml into the validation request.
 * @throws MlshipError `bad_usage` located at the setting or the config key that is wrong.
 */
export async function resolveValidateRequest(
  given: ValidateGiven,
  context: { cwd: string },
): Promise<{ request: ValidateRequest; config: MlshipConfig }> {
  const config = await loadConfig(given.config, { cwd: context.cwd });
  const configFile = configFileOf(config);
  const explicit: SettingSource = { kind: "explicit" };
  const configured = configuredSource(config);
  const { sources, values, set } = settingCollector(ValidateRequestSchema);
  set("data", [
    [given.data, explicit],
    [config.data.current, configured("data.current")],
  ]);
  set("schema", [[given.schema, explicit]]);
  if (given.schema === undefined && config.schema !== undefined) sources.schema = configured("schema");
  set("reference", [
    [given.reference, explicit],
    [config.data.reference, configured("data.reference")],
  ]);
  set("failOn", [
    [given.failOn, explicit],
    [config.quality.failOn, configured("quality.failOn")],
  ]);
  set("format", [[given.format, explicit]]);
  set("delimiter", [
    [given.delimiter, explicit],
    [config.data.delimiter, configured("data.delimiter")],
  ]);
  set("threads", [[given.threads, explicit]]);
  const request = { ...values, sources, configFile } as ValidateRequest;
  if (request.delimiter === "\\t" || request.delimiter === "tab") request.delimiter = "\t";
  return { request, config };
}

/**
 * Validates what a request names: the schema (the given file, else mlship.yml's), the reference,
 * the quality and drift settings of mlship.yml with the request's fail-on.
 */
export async function runValidation(
  request: ValidateRequest,
  config: MlshipConfig,
  options: Pick<ValidateSettings, "onProgress">,
): Promise<ValidateResult> {
  try {
    return await validateData({
      data: request.data,
      format: request.format,
      delimiter: request.delimiter,
      schema: await datasetSchema(request.schema, config),
      reference: request.reference,
      quality: { ...config.quality, failOn: request.failOn },
      drift: config.drift,
      parallelism: request.threads,
      onProgress: options.onProgress,
    });
  } catch (error) {
    locateSettingError(error, request.sources);
  }
}

async function datasetSchema(file: string | undefined, config: MlshipConfig) {
  if (file) return { schema: await loadDatasetSchema(file), source: file };
  const schema = await loadConfiguredDatasetSchema(config);
  if (!schema) return undefined;
  return { schema, source: typeof config.schema === "string" ? config.schema : "mlship.yml" };
}
