/**
 * Loads an ONNX model into an onnxruntime session and describes it: the
 * signature read from the protobuf (src/onnx/onnx-signature.ts), its size and
 * SHA-256. Everything that can go wrong with the user's file — missing, not
 * ONNX, cut short, an opset or IR version the runtime does not know — becomes
 * an MlshipError that says so, never a native stack trace.
 *
 * The runtime is a parameter: where onnxruntime-node comes from is decided by
 * the runtime resolver (src/onnx/runtime/).
 */
import { createHash } from "node:crypto";
import type { InferenceSession } from "onnxruntime-node";
import { type ErrorLocation, MlshipError } from "../lib/errors.js";
import { readInput } from "../lib/input.js";
import {
  decodeModelProto,
  extraOutputBytes,
  type ModelKind,
  type OnnxSignature,
  readSignature,
} from "./onnx-signature.js";
import type { Ort } from "./ort.js";

export interface LoadModelOptions {
  /** How messages name a model given as bytes (default `model`); a path names itself. */
  name?: string;
  /**
   * Take the model as this kind instead of deciding from its operators — e.g.
   * a neural network whose softmax output holds class probabilities (without
   * ai.onnx.ml classifier operators it would be taken for a regressor).
   */
  kind?: ModelKind;
  /** Passed to onnxruntime; by default it logs errors only (its warnings about old exporters are noise in a CLI). */
  sessionOptions?: InferenceSession.SessionOptions;
}

const DEFAULT_SESSION_OPTIONS: InferenceSession.SessionOptions = { logSeverityLevel: 3 };

export interface OnnxModel extends OnnxSignature {
  /** The file path, or `options.name` for bytes. */
  readonly name: string;
  /** Size of the model file in bytes. */
  readonly bytes: number;
  /** SHA-256 of the model bytes, lowercase hex. */
  readonly sha256: string;
  readonly ort: Ort;
  readonly session: InferenceSession;
  /** Frees the native session. */
  release(): Promise<void>;
}

export async function loadModel(
  ort: Ort,
  source: Uint8Array | string,
  options: LoadModelOptions = {},
): Promise<OnnxModel> {
  const name = typeof source === "string" ? source : (options.name ?? "model");
  const location: ErrorLocation = typeof source === "string" ? { file: source } : {};
  const bytes = typeof source === "string" ? await readModelFile(source) : source;
  const signature = readSignature(decode(bytes, name, location), options.kind);

  // onnxruntime-node fetches tensors only: expose the tensor that feeds the ZipMap as an output too.
  const probabilities = signature.predictionOutputs.probabilities;
  const exposed =
    probabilities !== undefined && signature.outputs.some((output) => output.name === probabilities);
  const runtimeBytes =
    signature.zipMapOutput && probabilities && !exposed
      ? concat(bytes, extraOutputBytes(probabilities))
      : bytes;

  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(
      runtimeBytes,
      options.sessionOptions ?? DEFAULT_SESSION_OPTIONS,
    );
  } catch (error) {
    throw loadFailure(ort, name, location, error);
  }
  return {
    ...signature,
    name,
    bytes: bytes.length,
    sha256: createHash("sha256").update(bytes).digest("hex"),
    ort,
    session,
    release: () => session.release(),
  };
}

async function readModelFile(path: string): Promise<Uint8Array> {
  try {
    return await readInput(path);
  } catch (error) {
    if (error instanceof MlshipError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    const file = { file: path };
    if (code === "ENOENT") throw new MlshipError("file_not_found", `${path}: no such file`, file);
    if (code === "EISDIR")
      throw new MlshipError("not_a_file", `${path} is a directory, not an ONNX model`, file);
    if (code === "EACCES") throw new MlshipError("file_unreadable", `${path}: permission denied`, file);
    throw new MlshipError("file_unreadable", `${path}: cannot be read (${code ?? String(error)})`, file);
  }
}

function decode(bytes: Uint8Array, name: string, location: ErrorLocation) {
  if (bytes.length === 0) throw new MlshipError("not_onnx", `${name} is empty, not an ONNX model`, location);
  let model: ReturnType<typeof decodeModelProto>;
  try {
    model = decodeModelProto(bytes);
  } catch (error) {
    const ranOut = error instanceof RangeError || /index out of range/.test(String(error));
    if (ranOut && startsLikeModel(bytes)) {
      throw new MlshipError(
        "truncated_model",
        `${name} is cut short: it starts like an ONNX model but ends in the middle of a record ` +
          `(${bytes.length} bytes). Copy or download the model again.`,
        location,
      );
    }
    throw new MlshipError(
      "not_onnx",
      `${name} is not an ONNX model (not a protobuf ModelProto: ${(error as Error).message}). ` +
        "Export the model to ONNX (skl2onnx, torch.onnx.export, tf2onnx, onnxmltools) and pass the .onnx file.",
      location,
    );
  }
  if (!model.graph) {
    throw new MlshipError(
      "not_onnx",
      `${name} is not an ONNX model: it holds no graph. Pass the .onnx file your exporter wrote.`,
      location,
    );
  }
  return model;
}

/** ONNX files begin with field 1, ir_version, a small varint: bytes 0x08 then 1…20. */
function startsLikeModel(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x08 && bytes[1] >= 1 && bytes[1] <= 20;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

/** Runs `step`, putting the model's name before the message of an MlshipError it throws (once). */
export function withModelName<T>(name: string, step: () => T): T {
  try {
    return step();
  } catch (error) {
    if (!(error instanceof MlshipError) || error.message.startsWith(`${name}: `)) throw error;
    throw new MlshipError(error.code, `${name}: ${error.message}`, error.location, error.exitCode);
  }
}

/** Turns onnxruntime's error for a model it would not load into an MlshipError that says why. */
export function loadFailure(ort: Ort, name: string, location: ErrorLocation, error: unknown): MlshipError {
  const reason = nativeReason(error instanceof Error ? error.message : String(error));
  const runtime = `onnxruntime ${ort.env.versions.node ?? ort.env.versions.common}`;
  const opset = /Opset (\d+) is under development.*support for domain (\S+) is till opset (\d+)/s.exec(
    reason,
  );
  if (opset) {
    const [, version, domain, newest] = opset;
    return new MlshipError(
      "unsupported_opset",
      `${name} uses opset ${version} of ${domain}, newer than ${runtime} supports (up to ${newest}). ` +
        `Export the model with opset ${newest} or lower (skl2onnx: target_opset; torch.onnx.export: opset_version).`,
      location,
    );
  }
  const ir = /Unsupported model IR version: (\d+), max supported IR version: (\d+)/.exec(reason);
  if (ir) {
    return new MlshipError(
      "unsupported_ir_version",
      `${name} has ONNX IR version ${ir[1]}, newer than ${runtime} reads (up to ${ir[2]}). ` +
        "Export it with an older onnx package or convert it with onnx.version_converter.",
      location,
    );
  }
  if (/protobuf parsing failed/i.test(reason)) {
    return new MlshipError(
      "not_onnx",
      `${name} is not a valid ONNX model: ${runtime} could not parse it`,
      location,
    );
  }
  return new MlshipError(
    "model_load_failed",
    `${name}: ${runtime} cannot load the model: ${reason}`,
    location,
  );
}

/**
 * The reason in a native error message, without the source location and C++
 * signature onnxruntime puts before it
 * (`/onnxruntime_src/…/model.cc:202 onnxruntime::Model::Model(…) Unsupported …`).
 */
export function nativeReason(message: string): string {
  const text = message.trim();
  const located = /^\S+:\d+ /.exec(text);
  if (!located) return text;
  const signature = text.replaceAll("operator()", "operator__");
  let i = signature.indexOf("(", located[0].length);
  if (i < 0) return text;
  for (let depth = 0; i < signature.length; i++) {
    if (signature[i] === "(") depth++;
    else if (signature[i] === ")" && --depth === 0) break;
  }
  const rest = signature
    .slice(i + 1)
    .replace(/^\s*const\b/, "")
    .trim();
  return rest || text;
}
