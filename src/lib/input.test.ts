import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { mkdtemp, open, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inputKind, readInput, requireRegularInput, streamDigest, streamHead } from "./input.js";

let dir = "";
const fifos: string[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-input-"));
});
afterAll(async () => {
  // A writer still waiting for a reader (a failed test) is let go, so nothing keeps the run alive.
  for (const fifo of fifos) {
    const reader = await open(fifo, constants.O_RDONLY | constants.O_NONBLOCK).catch(() => undefined);
    await reader?.close();
  }
  await rm(dir, { recursive: true, force: true });
});

/** A FIFO and a writer that sends `parts` one by one once the reader has opened it. */
async function fifoWith(name: string, parts: string[]): Promise<{ path: string; written: Promise<void> }> {
  const path = join(dir, name);
  execFileSync("mkfifo", [path]);
  fifos.push(path);
  const written = (async () => {
    const handle = await open(path, "w"); // waits for the reader mlship opens
    for (const part of parts) {
      await handle.write(part);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await handle.close();
  })();
  written.catch(() => {}); // a writer let go by afterAll finds no reader: the failing test says why
  return { path, written };
}

describe("inputs: regular files and streams", () => {
  it("a regular file is a file; a FIFO is a stream, read once", async () => {
    await writeFile(join(dir, "plain.csv"), "a\n1\n");
    expect(inputKind(join(dir, "plain.csv")).kind).toBe("file");
    const { path, written } = await fifoWith("kind.fifo", ["a\n"]);
    expect(inputKind(path)).toMatchObject({ kind: "stream", source: "fifo" });
    await Promise.all([readInput(path), written]);
  });

  it("looking at a stream's start, then reading it, gives every byte once and in order, and its hash", async () => {
    const parts = ["a,b\n", "1,x\n", "2,y\n", "3,z\n"];
    const { path, written } = await fifoWith("ordered.fifo", parts);
    expect((await streamHead(path, 6)).toString()).toBe("a,b\n1,");
    const digest = streamDigest(path);
    const [all] = await Promise.all([readInput(path), written]);
    expect(all.toString()).toBe(parts.join(""));
    expect(await digest).toEqual({
      sha256: createHash("sha256").update(parts.join("")).digest("hex"),
      bytes: parts.join("").length,
    });
  });

  it("a second read of a stream is refused, naming it", async () => {
    const { path, written } = await fifoWith("twice.fifo", ["x\n"]);
    await Promise.all([readInput(path), written]);
    await expect(readInput(path)).rejects.toThrow(
      /twice\.fifo is a pipe \(FIFO\), which can be read only once/,
    );
  });

  it("work that reads twice refuses a stream with its reason, and accepts a file", async () => {
    const path = join(dir, "refused.fifo");
    execFileSync("mkfifo", [path]);
    expect(() => requireRegularInput(path, "training reads the data twice")).toThrow(
      /refused\.fifo is a pipe \(FIFO\), which can be read only once, but training reads the data twice/,
    );
    await writeFile(join(dir, "accepted.csv"), "a\n");
    expect(() =>
      requireRegularInput(join(dir, "accepted.csv"), "training reads the data twice"),
    ).not.toThrow();
  });
});
