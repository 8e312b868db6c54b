/** Lineage fingerprints: the SHA-256 of a file's bytes, streamed. */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { MlshipError } from "../errors.js";

export async function sha256File(file: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash("sha256");
  let bytes = 0;
  try {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      hash.update(chunk as Buffer);
      bytes += (chunk as Buffer).length;
    }
  } catch (error) {
    throw new MlshipError("file_unreadable", `${file}: cannot be read (${(error as Error).message})`, {
      file,
    });
  }
  return { sha256: hash.digest("hex"), bytes };
}
