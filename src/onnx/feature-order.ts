/**
 * Which columns feed a model, and where that list came from. A model with one
 * input per column (mlship's own, skl2onnx pipelines with one input per
 * column) is fed by input name. A model with one numeric [N, F] input — skl2onnx's
 * default `FloatTensorType([None, F])`, most neural networks — needs the F
 * columns in training order, taken from, in turn:
 *   1. the `features` setting (`--features`, the action's `features` input,
 *      `model.features` in mlship.yml);
 *   2. the model's metadata: the metadata_props key `features`, a JSON array of
 *      column names (mlship's trainers write it; README.md says how to add it
 *      to a model of your own);
 *   3. the data's own columns in file order, when exactly F remain besides the
 *      label and the columns the schema marks id, ignore or sensitive (and the
 *      columns named for fairness figures).
 * Otherwise the model cannot be fed, and the error says what it expects, what
 * the data has, and how to set the features.
 */
import { MlshipError } from "../lib/errors.js";
import { checkDeclaredShapes, describeInput, type InputMappingOptions } from "./input-mapping.js";
import { withModelName } from "./onnx-model.js";
import type { OnnxSignature, ValueSignature } from "./onnx-signature.js";

/** The metadata_props key holding the feature columns, a JSON array of names in the order the model takes them. */
export const FEATURES_METADATA_KEY = "features";

/** Where a model's feature list came from. */
export type FeatureSource = "setting" | "metadata" | "file-order" | "inputs";

export const FEATURE_SOURCE_TEXT: Record<FeatureSource, string> = {
  setting: "the features setting",
  metadata: "the model's metadata",
  "file-order": "the data's columns in file order",
  inputs: "the model's input names",
};

/** A feature list the user gave, and where (for messages): `--features`, `input 'features'`, `mlship.yml (model.features)`. */
export interface FeatureSetting {
  names: string[];
  from: string;
}

export interface FeatureOrder {
  source: FeatureSource;
  /** The columns the model reads: in tensor order for one [N, F] input, else its inputs' names. */
  names: string[];
  /** The one [N, F] input the names fill in order; absent when each input is fed from the column of its name. */
  input?: string;
  /** Where the setting was given (`--features`, …), for source "setting". */
  setting?: string;
}

export interface ResolveFeaturesOptions {
  setting?: FeatureSetting;
  /** Columns that are never features (the schema's id, ignore and sensitive columns, fairness groups), with why. */
  excluded?: ReadonlyMap<string, string>;
}

const HOW_TO_SET =
  "Set the columns in the order the model was trained on: --features a,b,… (mlship evaluate), the " +
  "evaluate-gate action's `features` input, or model.features in mlship.yml; or store them in the model " +
  `(metadata_props key "${FEATURES_METADATA_KEY}", a JSON array of names).`;

/**
 * The feature list of `model` for a table whose columns (label left out) are `columns`, in file order.
 * @throws MlshipError (exit 2) when no list fits the model, saying what it expects and what the data has.
 */
export function resolveFeatures(
  model: Pick<OnnxSignature, "inputs" | "metadata"> & { name: string },
  columns: readonly string[],
  options: ResolveFeaturesOptions = {},
): FeatureOrder {
  withModelName(model.name, () => checkDeclaredShapes(model.inputs));
  const matrix = matrixInput(model.inputs, columns);
  const stored = metadataFeatures(model);
  if (!matrix) {
    const inputs = model.inputs.map((input) => input.name);
    if (options.setting) {
      checkNamesInputs(model, inputs, options.setting);
      return { source: "setting", names: options.setting.names, setting: options.setting.from };
    }
    if (stored && sameSet(stored, inputs)) return { source: "metadata", names: stored };
    return { source: "inputs", names: inputs };
  }
  const width = matrix.shape?.[1];
  const fixedWidth = typeof width === "number" ? width : undefined;
  if (options.setting) {
    const given = options.setting.names;
    if (fixedWidth !== undefined && given.length !== fixedWidth) {
      throw new MlshipError(
        "input_mismatch",
        `${options.setting.from} lists ${given.length} feature${given.length === 1 ? "" : "s"} (${preview(given)}), ` +
          `but ${model.name} input '${matrix.name}' is ${describeInput(matrix)}: ${fixedWidth} features.`,
      );
    }
    return { source: "setting", names: given, input: matrix.name, setting: options.setting.from };
  }
  if (stored) {
    if (fixedWidth !== undefined && stored.length !== fixedWidth) {
      throw new MlshipError(
        "input_mismatch",
        `${model.name}: its metadata lists ${stored.length} features (${preview(stored)}), but input ` +
          `'${matrix.name}' is ${describeInput(matrix)}: ${fixedWidth} features. ${HOW_TO_SET}`,
      );
    }
    return { source: "metadata", names: stored, input: matrix.name };
  }
  const excluded = options.excluded ?? new Map<string, string>();
  const candidates = columns.filter((name) => !excluded.has(name));
  if (fixedWidth !== undefined && candidates.length === fixedWidth) {
    return { source: "file-order", names: candidates, input: matrix.name };
  }
  const left = columns.filter((name) => excluded.has(name)).map((name) => `${name} (${excluded.get(name)})`);
  const has = `the data has ${candidates.length} column${candidates.length === 1 ? "" : "s"} besides the label${
    candidates.length ? ` (${preview(candidates)})` : ""
  }${left.length ? ` and the columns left out (${preview(left)})` : ""}`;
  throw new MlshipError(
    "input_mismatch",
    fixedWidth === undefined
      ? `${model.name}: input '${matrix.name}' is ${describeInput(matrix)}, one tensor of features, and declares ` +
          `neither how many nor which columns it takes; ${has}. ${HOW_TO_SET}`
      : `${model.name}: input '${matrix.name}' is ${describeInput(matrix)}: ${fixedWidth} features in one tensor, ` +
          `and the model names none of them; ${has}, not ${fixedWidth}, so their file order cannot be taken for ` +
          `the model's. ${HOW_TO_SET}`,
  );
}

/** The input mapping a feature order makes: the names fill the [N, F] input in order, or inputs go by name. */
export function mappingOf(order: FeatureOrder): InputMappingOptions {
  return order.input
    ? { features: order.names, featuresFrom: order.setting ?? FEATURE_SOURCE_TEXT[order.source] }
    : {};
}

/**
 * The features setting of a run: the one given for it (`--features`, the action's input) over
 * mlship.yml's model.features (`configFrom` names the file). Undefined when neither is set.
 */
export function chooseFeatureSetting(
  given: { text: string; from: string } | undefined,
  configured: readonly string[] | undefined,
  configFrom: string,
): FeatureSetting | undefined {
  if (given) return parseFeatureList(given.text, given.from);
  return configured ? checkFeatureList(configured, `${configFrom} (model.features)`) : undefined;
}

/**
 * A feature list as a user writes it: names separated by commas or one a line.
 * @throws MlshipError naming `from` when it is empty or names a column twice.
 */
export function parseFeatureList(text: string, from: string): FeatureSetting {
  const names = text
    .split(/[\n,]/)
    .map((name) => name.trim())
    .filter(Boolean);
  return checkFeatureList(names, from);
}

export function checkFeatureList(names: readonly string[], from: string): FeatureSetting {
  if (names.length === 0) {
    throw new MlshipError("bad_usage", `${from}: no feature names (give them comma-separated, e.g. a,b,c)`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) throw new MlshipError("bad_usage", `${from}: the feature '${name}' is listed twice`);
    seen.add(name);
  }
  return { names: [...names], from };
}

/**
 * The model's one numeric [N, F] input that takes several columns side by side, if it has one: an
 * input of rank 2 that is not simply the column of its name ([N, 1] or [N, ?] named after a column).
 */
function matrixInput(
  inputs: readonly ValueSignature[],
  columns: readonly string[],
): ValueSignature | undefined {
  if (inputs.length !== 1) return undefined;
  const [input] = inputs;
  if (!input.isTensor || input.type === "string" || input.shape?.length !== 2) return undefined;
  const width = input.shape[1];
  const ownColumn = columns.includes(input.name) && (width === 1 || typeof width !== "number");
  return ownColumn ? undefined : input;
}

/** The `features` metadata entry, checked: a JSON array of distinct non-empty names. */
function metadataFeatures(model: Pick<OnnxSignature, "metadata"> & { name: string }): string[] | undefined {
  const text = model.metadata.get(FEATURES_METADATA_KEY);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const where = `${model.name}: metadata "${FEATURES_METADATA_KEY}"`;
  if (!Array.isArray(value) || value.some((name) => typeof name !== "string" || name === "")) {
    throw new MlshipError(
      "bad_model_metadata",
      `${where} must be a JSON array of column names, e.g. ["age","plan"]; it is ${JSON.stringify(text.slice(0, 80))}`,
    );
  }
  try {
    return checkFeatureList(value as string[], where).names;
  } catch (error) {
    if (error instanceof MlshipError) throw new MlshipError("bad_model_metadata", error.message);
    throw error;
  }
}

function checkNamesInputs(model: { name: string }, inputs: string[], setting: FeatureSetting): void {
  if (sameSet(setting.names, inputs)) return;
  throw new MlshipError(
    "input_mismatch",
    `${setting.from} lists ${preview(setting.names)}, but ${model.name} takes one input per column, fed by name: ` +
      `${preview(inputs)}. Leave the features out, or list exactly those columns.`,
  );
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const set = new Set(a);
  return a.length === b.length && set.size === b.length && b.every((name) => set.has(name));
}

function preview(names: readonly string[]): string {
  const shown = names.slice(0, 20).join(", ");
  return names.length > 20 ? `${shown}, … (${names.length} in all)` : shown;
}
