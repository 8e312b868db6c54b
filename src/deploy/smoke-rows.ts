/**
 * A bluegreen rollout's smoke rows (docs/design.md, "Rollouts"): the first rows of a `--smoke` data file
 * (read with the project's readers: .csv, .tsv, .jsonl, .parquet, optionally .gz), or rows built from the
 * release's `profile.json` (one per summary quantile: each numeric feature at that quantile, each text
 * feature one of its most frequent values in turn). Each row is sent to the candidate's versioned Open
 * Inference Protocol infer URL as its own request, built from the release manifest's inputs and
 * features the way a client builds it (src/serve/smoke-test.ts).
 */
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DataProfile } from "../data/profile/profile.js";
import { parseProfile } from "../data/profile/profile-schema.js";
import { openTable } from "../data/readers/open-table.js";
import { MlshipError } from "../lib/errors.js";
import type { ModelManifest } from "../registry/manifest.js";
import type { Registry } from "../registry/registry.js";
import { inferBody } from "../serve/smoke-test.js";
import { datatypeOf, type FeedPlan } from "../serve/tensors.js";

/** Rows sent at most (the first of a file). */
export const SMOKE_ROWS = 20;

export interface SmokeRows {
  /** `--smoke rows.csv`, `mlship.yml:7 (deploy.smoke) rows.csv`, `the profile.json of m@v1.1.0`. */
  from: string;
  /** One v2 infer body per row. */
  bodies: unknown[];
}

type FeedShape = Pick<FeedPlan, "layout" | "inputs" | "features" | "matrix">;

/** How the release's manifest says the model is fed: its inputs and (for one [N, F] input) its features. */
export function feedShape(manifest: ModelManifest): FeedShape {
  const inputs = manifest.model.inputs.map((input) => ({
    name: input.name,
    datatype: datatypeOf(input.type),
    shape: input.shape.map((dim) => (typeof dim === "number" ? dim : -1)),
  }));
  const [only] = manifest.model.inputs;
  const width = only?.shape[1];
  const matrix =
    inputs.length === 1 && inputs[0].datatype !== "BYTES" && only.shape.length === 2 && width !== 1;
  if (!matrix) {
    return {
      layout: "columns",
      inputs,
      features: manifest.model.inputs.map((input) => ({ name: input.name, element: input.type })),
    };
  }
  const fixed = typeof width === "number" ? width : undefined;
  // The manifest names the matrix's columns when it lists as many features (else: unnamed, by position).
  const named = manifest.features.length > 1 && (fixed === undefined || manifest.features.length === fixed);
  return {
    layout: "matrix",
    inputs,
    ...(named
      ? { features: manifest.features.map((feature) => ({ name: feature.name, element: only.type })) }
      : {}),
    matrix: { input: only.name, element: only.type, width: fixed },
  };
}

/**
 * The smoke rows of `name@version`: from `smoke` when given, else from its release's profile.json.
 * @throws MlshipError (exit 2, at the `smoke` setting) when the file cannot be read, lacks a feature the
 * model takes, holds a non-number where the model takes numbers, or has no rows; when the release has no
 * profile.json and no file is given.
 */
export async function smokeRows(
  registry: Registry,
  name: string,
  version: string,
  smoke: { file: string; source: string } | undefined,
): Promise<SmokeRows> {
  const release = await registry.get(name, version);
  if (!release) throw new MlshipError("unknown_version", `${name}@${version} is not in ${registry.describe}`);
  const shape = feedShape(release.manifest);
  const numeric = (element: string) => datatypeOf(element) !== "BYTES";
  if (smoke) {
    const { records, features } = await fileRecords(smoke, shape, numeric);
    const fed = { ...shape, features } as FeedPlan;
    return {
      from: `${smoke.source} ${smoke.file}`,
      bodies: records.map((record) => inferBody(fed, [record])),
    };
  }
  if (!shape.features) {
    throw new MlshipError(
      "bad_smoke",
      `the ${shape.matrix?.width ?? "matrix"} input columns of ${name}@${version} are not named in its manifest, so no smoke rows can be built from its profile.json: give --smoke <data file> (its first columns are sent, in order)`,
      { setting: "smoke" },
    );
  }
  const profile = await releaseProfile(registry, name, version);
  const records = profileRecords(profile, shape.features, numeric, `${name}@${version}`);
  return {
    from: `the profile.json of ${name}@${version}`,
    bodies: records.map((record) => inferBody(shape as FeedPlan, [record])),
  };
}

function smokeError(smoke: { file: string; source: string }, message: string, line?: number): MlshipError {
  return new MlshipError("bad_smoke", `${smoke.source} ${smoke.file}${line ? `:${line}` : ""}: ${message}`, {
    setting: "smoke",
    file: smoke.file,
    ...(line ? { line } : {}),
  });
}

/**
 * The file's first rows, by the model's feature names — or, for a matrix whose columns are not named,
 * the file's first columns in order.
 */
async function fileRecords(
  smoke: { file: string; source: string },
  shape: FeedShape,
  numeric: (element: string) => boolean,
): Promise<{ records: Record<string, unknown>[]; features: { name: string; element: string }[] }> {
  const records: Record<string, unknown>[] = [];
  let features = shape.features ?? [];
  try {
    const reader = openTable(smoke.file);
    const columns = await reader.columns();
    if (!shape.features && shape.matrix) {
      const { element, width } = shape.matrix;
      if (width === undefined || columns.length < width) {
        throw smokeError(
          smoke,
          `the model takes ${width ?? "a row of"} unnamed numbers (${shape.matrix.input}); the file has ${columns.length} column${columns.length === 1 ? "" : "s"}`,
        );
      }
      features = columns.slice(0, width).map((name) => ({ name, element }));
    }
    const missing = features.filter((f) => !columns.includes(f.name)).map((f) => f.name);
    if (missing.length > 0) {
      throw smokeError(
        smoke,
        `no column ${missing.map((m) => JSON.stringify(m)).join(", ")} of the model's inputs (it takes ${features.map((f) => f.name).join(", ")}; the file has ${columns.join(", ")})`,
      );
    }
    const index = features.map((f) => columns.indexOf(f.name));
    for await (const batch of reader.batches()) {
      for (let row = 0; row < batch.rows && records.length < SMOKE_ROWS; row++) {
        const record: Record<string, unknown> = {};
        features.forEach((feature, i) => {
          const col = index[i];
          if (batch.isMissing(row, col)) record[feature.name] = null;
          else if (!numeric(feature.element)) record[feature.name] = batch.text(row, col);
          else {
            const value = batch.number(row, col);
            if (Number.isNaN(value)) {
              throw smokeError(
                smoke,
                `column "${feature.name}" holds ${JSON.stringify(batch.text(row, col))}, but the model takes numbers there`,
                batch.line(row),
              );
            }
            record[feature.name] = value;
          }
        });
        records.push(record);
      }
      if (records.length >= SMOKE_ROWS) break;
    }
  } catch (error) {
    if (!(error instanceof MlshipError) || error.code === "bad_smoke") throw error;
    throw smokeError(smoke, error.message);
  }
  if (records.length === 0) throw smokeError(smoke, "no rows to send");
  return { records, features };
}

async function releaseProfile(registry: Registry, name: string, version: string): Promise<DataProfile> {
  const release = await registry.get(name, version);
  if (!release?.assets.some((asset) => asset.name === "profile.json")) {
    throw new MlshipError(
      "bad_smoke",
      `bluegreen sends smoke rows to ${name}@${version} before the switch, but its release has no profile.json to build them from: give --smoke <data file> (or deploy.smoke in mlship.yml)`,
      { setting: "smoke" },
    );
  }
  const dir = await mkdtemp(join(tmpdir(), "mlship-smoke-"));
  try {
    const files = await registry.download(name, version, join(dir, "files"));
    return parseProfile(
      JSON.parse(await readFile(files["profile.json"], "utf8")),
      `profile.json of ${name}@${version}`,
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One row per summary quantile of the profile: numeric features at the quantile, text ones their top values in turn. */
function profileRecords(
  profile: DataProfile,
  features: { name: string; element: string }[],
  numeric: (element: string) => boolean,
  release: string,
): Record<string, unknown>[] {
  const columns = new Map(profile.columns.map((column) => [column.name, column]));
  const missing = features.filter((f) => !columns.has(f.name)).map((f) => f.name);
  if (missing.length > 0) {
    throw new MlshipError(
      "bad_smoke",
      `the profile.json of ${release} has no column ${missing.map((m) => JSON.stringify(m)).join(", ")} of the model's inputs: give --smoke <data file>`,
      { setting: "smoke" },
    );
  }
  const first = columns.get(features[0].name);
  const quantiles = Object.keys(first?.quantiles ?? { "0.5": 0 });
  return quantiles.map((q, i) =>
    Object.fromEntries(
      features.map((feature) => {
        const column = columns.get(feature.name);
        if (numeric(feature.element)) {
          const value = column?.quantiles?.[q] ?? column?.mean;
          return [feature.name, typeof value === "number" && Number.isFinite(value) ? value : null];
        }
        const top = column?.top ?? [];
        return [feature.name, top.length > 0 ? top[i % top.length].value : null];
      }),
    ),
  );
}
