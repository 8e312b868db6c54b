/** `mlship package` and `mlship registry list|show|download|resolve`: the model registry from the command line. */
import { resolve } from "node:path";
import { ExitCode, MlshipError } from "../../lib/errors.js";
import { formatNumber } from "../../lib/format-number.js";
import { renderTable } from "../../lib/text-table.js";
import { resolveOnnxRuntime } from "../../onnx/runtime/resolve-runtime.js";
import { type PackageGiven, resolvePackageRequest, runPackage } from "../../package/request.js";
import { openRegistry } from "../../registry/open-registry.js";
import { parseRef } from "../../registry/refs.js";
import type { Registry, RegistryVersion } from "../../registry/registry.js";
import { isBadManifest } from "../../registry/version-files.js";
import {
  type Command,
  type CommandContext,
  type OptionSpec,
  type ParsedArgs,
  requirePositional,
  stringOption,
} from "../command.js";
import { printsText, writeJsonResult } from "../output.js";

const REGISTRY_OPTION: OptionSpec = {
  type: "string",
  value: "<github[:owner/repo]|local:dir>",
  description:
    "the registry: github:<owner>/<repo> (its Releases, with GITHUB_TOKEN), github (the repository of GITHUB_REPOSITORY) or local:<dir> (default: MLSHIP_REGISTRY, else local:.mlship/registry)",
};

function registryOf(args: ParsedArgs, context: CommandContext): Registry {
  return openRegistry(stringOption(args, "registry"), {
    describeSpec: (spec) => `--registry ${spec}`,
    cwd: context.cwd,
    env: context.env,
    log: (message) => context.stderr.write(`${message}\n`),
  });
}

const quiet = (args: ParsedArgs) => !printsText(args);

export const packageCommand: Command = {
  name: ["package"],
  summary: "register a trained model as a new version: manifest, model card, checksums, published",
  usage:
    "mlship package --model m.onnx --name <name> [--version x.y.z|auto] [--metrics metrics.json] [--evaluation eval.json] [--profile profile.json] [--registry …]",
  options: {
    model: { type: "string", value: "<file>", description: "the ONNX model" },
    name: {
      type: "string",
      value: "<name>",
      description: "the model's name (lowercase letters, digits, . _ -; default: mlship.yml's model.name)",
    },
    version: {
      type: "string",
      value: "<x.y.z|auto>",
      description:
        "the version (default auto: the latest's minor + 1, its major + 1 when the features changed, 0.1.0 first)",
    },
    metrics: {
      type: "string",
      value: "<file>",
      description: "metrics.json of the training run (metrics, params, label, features, trainer, data)",
    },
    evaluation: {
      type: "string",
      value: "<file>",
      description: "evaluation.json of mlship evaluate (attached; its metrics win)",
    },
    profile: {
      type: "string",
      value: "<file>",
      description: "the training data's profile (attached as the drift reference)",
    },
    "data-fingerprint": {
      type: "string",
      value: "<sha256[:rows]>",
      description: "the training data, when no metrics.json says it",
    },
    "intended-use": { type: "string", value: "<text>", description: "for the model card" },
    limitations: { type: "string", value: "<text>", description: "for the model card" },
    registry: REGISTRY_OPTION,
  },
  details: `
The model must load in onnxruntime and take the features metrics.json declares. Lineage comes from the
GITHUB_* variables when present (repository, commit, run id and URL), and the parent is the latest version.
Publishing the same model bytes again returns the existing version (with --version auto: when they are the
latest's). The same version with other bytes fails with exit 1, naming the checksums.`,
  async run(args, context) {
    const request = await resolvePackageRequest(packageGiven(args), context);
    const { outcome, registry } = await runPackage(request, {
      ...context,
      log: (message) => context.stderr.write(`${message}\n`),
      runtime: () => resolveOnnxRuntime(),
      describeRegistry: (spec) => `--registry ${spec}`,
    });
    const { version } = outcome;
    await writeJsonResult(args, context, {
      created: outcome.created,
      name: version.name,
      version: version.version,
      tag: version.tag,
      url: version.url,
      manifest: version.manifest,
    });
    if (!quiet(args)) {
      context.stdout.write(
        `${outcome.created ? "published" : "already published (same model bytes)"} ${version.tag} in ${registry.describe}\n  ${version.url}\n`,
      );
    }
    return ExitCode.ok;
  },
};

/** The options as given: every default, check and fallback is the request layer's (src/package/request.ts). */
export function packageGiven(args: ParsedArgs): PackageGiven {
  const option = (name: string) => stringOption(args, name);
  return {
    config: option("config"),
    model: option("model"),
    name: option("name"),
    version: option("version"),
    metrics: option("metrics"),
    evaluation: option("evaluation"),
    profile: option("profile"),
    dataFingerprint: option("data-fingerprint"),
    intendedUse: option("intended-use"),
    limitations: option("limitations"),
    registry: option("registry"),
  };
}

export const registryListCommand: Command = {
  name: ["registry", "list"],
  summary: "a model's versions, newest first",
  usage: "mlship registry list <name> [--registry …]",
  options: { registry: REGISTRY_OPTION },
  async run(args, context) {
    const name = requirePositional(args, 0, "the model name", this);
    const { versions, corrupt } = await registryOf(args, context).list(name);
    // The JSON stays the list of readable versions; the unreadable ones are named on stderr, always.
    await writeJsonResult(args, context, versions.map(summary));
    for (const c of corrupt) {
      context.stderr.write(`mlship: warning: ${c.tag} left out, its manifest cannot be read: ${c.reason}\n`);
    }
    if (!quiet(args)) {
      if (versions.length === 0)
        context.stdout.write(`no ${corrupt.length ? "readable " : ""}versions of ${name}\n`);
      else {
        const metrics = [...new Set(versions.flatMap((v) => Object.keys(v.manifest.metrics)))].slice(0, 4);
        context.stdout.write(
          `${renderTable(
            ["version", "created", ...metrics, "parent"],
            versions.map((v) => [
              v.version,
              v.createdAt.slice(0, 19).replace("T", " "),
              ...metrics.map((m) =>
                v.manifest.metrics[m] == null ? "" : formatNumber(v.manifest.metrics[m]!),
              ),
              v.manifest.lineage.parent ?? "",
            ]),
          ).join("\n")}\n`,
        );
      }
    }
    return ExitCode.ok;
  },
};

export const registryShowCommand: Command = {
  name: ["registry", "show"],
  summary: "a version's manifest, metrics, lineage back through its parents, and deployments",
  usage: "mlship registry show <name@version|latest|environment> [--env e]… [--registry …]",
  options: {
    registry: REGISTRY_OPTION,
    env: {
      type: "string",
      value: "<environment>",
      multiple: true,
      description: "environments whose deployments to show (default: staging, production)",
    },
  },
  async run(args, context) {
    const ref = requirePositional(args, 0, "a ref like churn@latest", this);
    const registry = registryOf(args, context);
    const version = await requireVersion(registry, ref);
    const chain: {
      version: string;
      commit: string | null;
      metrics: Record<string, number | null>;
      corrupt?: string;
    }[] = [];
    for (let parent = version.manifest.lineage.parent, seen = 0; parent && seen < 50; seen++) {
      const found = await registry.get(version.name, parent).catch((error: unknown) => {
        if (isBadManifest(error)) return error;
        throw error;
      });
      if (found instanceof MlshipError) {
        // A parent that cannot be read ends the chain there, said so; the version itself is fine.
        chain.push({ version: parent, commit: null, metrics: {}, corrupt: found.message });
        break;
      }
      if (!found) break;
      chain.push({
        version: found.version,
        commit: found.manifest.lineage.commit,
        metrics: found.manifest.metrics,
      });
      parent = found.manifest.lineage.parent;
    }
    const raw = args.values.env;
    const environments = Array.isArray(raw)
      ? raw
      : typeof raw === "string"
        ? [raw]
        : ["staging", "production"];
    const deployments: Record<
      string,
      { current?: string; history: { version: string; state: string; createdAt: string }[] }
    > = {};
    for (const environment of environments) {
      const history = await registry.history(version.name, environment);
      deployments[environment] = {
        current: (await registry.current(version.name, environment))?.version,
        history: history.map((d) => ({ version: d.version, state: d.state, createdAt: d.createdAt })),
      };
    }
    await writeJsonResult(args, context, {
      ...summary(version),
      manifest: version.manifest,
      lineage: chain,
      deployments,
    });
    if (!quiet(args)) {
      const m = version.manifest;
      const lines = [
        `${version.tag} (${m.task ?? "model"}${m.label ? `, label ${m.label}` : ""}) — ${version.url}`,
        `  model:    sha256 ${m.model.sha256}, ${m.model.bytes.toLocaleString("en-US")} bytes, opset ${m.model.opset ?? "?"}`,
        `  features: ${m.features.map((f) => f.name).join(", ")}`,
        `  data:     ${m.data.train ? `train sha256 ${m.data.train.sha256}` : "not recorded"}`,
        `  lineage:  ${[m.lineage.trainer, m.lineage.repository, m.lineage.commit, m.lineage.runUrl].filter(Boolean).join(" · ") || "not recorded"}`,
        `  parents:  ${chain.map((c) => (c.corrupt ? `${c.version} (manifest cannot be read)` : c.version)).join(" ← ") || "none"}`,
        "",
        ...renderTable(
          ["metric", "value"],
          Object.entries(m.metrics).map(([k, v]) => [k, v == null ? "" : formatNumber(v)]),
        ),
        "",
        ...Object.entries(deployments).map(
          ([environment, d]) =>
            `  ${environment}: ${d.current ? `serving ${d.current}` : "nothing serving"}${d.history.length ? ` (${d.history.length} deployments)` : ""}`,
        ),
      ];
      context.stdout.write(`${lines.join("\n")}\n`);
    }
    return ExitCode.ok;
  },
};

export const registryDownloadCommand: Command = {
  name: ["registry", "download"],
  summary: "a version's files, each checked against SHA256SUMS before it is written",
  usage: "mlship registry download <ref> -o <dir> [--registry …]",
  options: {
    registry: REGISTRY_OPTION,
    output: {
      type: "string",
      short: "o",
      value: "<dir>",
      description: "the folder to write the files into",
      writes: "folder",
    },
  },
  async run(args, context) {
    const ref = requirePositional(args, 0, "a ref like churn@production", this);
    const output = stringOption(args, "output");
    if (!output) throw new MlshipError("bad_usage", `say where the files go: -o <dir>\nusage: ${this.usage}`);
    const registry = registryOf(args, context);
    const version = await requireVersion(registry, ref);
    const files = await registry.download(version.name, version.version, resolve(context.cwd, output));
    await writeJsonResult(args, context, { ...summary(version), files });
    if (!quiet(args)) context.stdout.write(`downloaded ${version.tag} (checksums verified) → ${output}\n`);
    return ExitCode.ok;
  },
};

export const registryResolveCommand: Command = {
  name: ["registry", "resolve"],
  summary: "print the version a ref names (exit 1 when it names none)",
  usage: "mlship registry resolve <name@version|latest|environment> [--registry …]",
  options: { registry: REGISTRY_OPTION },
  async run(args, context) {
    const ref = requirePositional(args, 0, "a ref like churn@production", this);
    const resolved = await registryOf(args, context).resolve(ref);
    if (!resolved) {
      throw new MlshipError("unknown_ref", `${ref} names no version`, {}, ExitCode.checkFailed);
    }
    await writeJsonResult(args, context, resolved);
    if (!quiet(args)) context.stdout.write(`${resolved.version}\n`);
    return ExitCode.ok;
  },
};

async function requireVersion(registry: Registry, ref: string): Promise<RegistryVersion> {
  const parsed = parseRef(ref);
  const resolved = await registry.resolve(ref);
  const version = resolved && (await registry.get(resolved.name, resolved.version));
  if (!version)
    throw new MlshipError(
      "unknown_ref",
      `${ref} names no version of ${parsed.name} in ${registry.describe}`,
      {},
      ExitCode.checkFailed,
    );
  return version;
}

function summary(version: RegistryVersion) {
  return {
    name: version.name,
    version: version.version,
    tag: version.tag,
    createdAt: version.createdAt,
    url: version.url,
    metrics: version.manifest.metrics,
    sha256: version.manifest.model.sha256,
    parent: version.manifest.lineage.parent,
  };
}
