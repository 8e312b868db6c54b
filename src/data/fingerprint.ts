/** Lineage fingerprints: the SHA-256 of a file's bytes, streamed. */
import { createHash } from "node:crypto";
import { MlshipError } from "../lib/errors.js";
import { inputKind, streamChunks } from "../lib/input.js";
import { fileChunks } from "./readers/byte-source.js";

/** A stream (standard input, a pipe) is consumed: this is its one read (src/lib/input.ts). */
export async function sha256File(file: string): Promise<{ sha256: string; bytes: number }> {
  const kind = inputKind(file);
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    const chunks = kind.kind === "stream" ? streamChunks(file, false) : fileChunks(file);
    for await (const chunk of chunks) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (error) {
    if (error instanceof MlshipError) throw error;
    throw new MlshipError("file_unreadable", `${file}: cannot be read (${(error as Error).message})`, {
      file,
    });
  }
  return { sha256: hash.digest("hex"), bytes };
}
