/** Finding row starts in a CSV file, to split it into byte ranges read in parallel. */
import { open } from "node:fs/promises";
import { openablePath } from "../../lib/input.js";

const PROBE_BYTES = 64 * 1024;

/**
 * The offset just after the first newline at or after `from`: a row start
 * unless a quoted value holding a newline spans it (the reader of the range
 * before reports where it really stopped, which catches that). Returns
 * `fileBytes` when no newline follows.
 */
export async function findRowStart(file: string, from: number, fileBytes: number): Promise<number> {
  const handle = await open(openablePath(file), "r");
  try {
    const buffer = Buffer.alloc(PROBE_BYTES);
    for (let offset = from; offset < fileBytes; offset += PROBE_BYTES) {
      const { bytesRead } = await handle.read(buffer, 0, PROBE_BYTES, offset);
      if (bytesRead === 0) break;
      const newline = buffer.subarray(0, bytesRead).indexOf(0x0a);
      if (newline >= 0) return offset + newline + 1;
    }
    return fileBytes;
  } finally {
    await handle.close();
  }
}
