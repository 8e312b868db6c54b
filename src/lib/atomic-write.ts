/**
 * Writes an output file the way README.md's "Files and streams" says:
 * - a regular file or a new path: the bytes go to a temporary file in the same folder, flushed to
 *   disk, then renamed over the target, so readers see the old content or the new, never half of
 *   one. A file that existed keeps its permissions (and, when mlship may set it, its owner). The
 *   temporary file is removed when anything fails.
 * - a symlink: its final target is written that way (beside the target), and the link stays.
 * - a device (`/dev/null`) or a FIFO: opened and written in place — replacing it would break
 *   it. A FIFO that no process reads is refused rather than waited on.
 * - a path naming a descriptor this process holds (`/dev/stdout`, `/dev/fd/3`): written through
 *   the descriptor.
 * - a folder or a socket: refused, naming the path.
 * `-` (standard output) is the command line's to handle (src/cli/output.ts).
 */
import { randomBytes } from "node:crypto";
import { constants, write } from "node:fs";
import { chmod, chown, type FileHandle, mkdir, open, rename, rm } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { MlshipError } from "./errors.js";
import { outputError, outputTarget } from "./output-path.js";

export interface WriteOptions {
  /** The option that named the path (`--json`), for messages. */
  option?: string;
}

export async function writeFileAtomic(
  path: string,
  data: string | Uint8Array,
  options: WriteOptions = {},
): Promise<void> {
  const target = await outputTarget(path, options.option);
  if (target.kind === "in-place") {
    await writeInPlace(target.path, target.fifo, data, options.option);
    return;
  }
  if (target.kind === "descriptor") {
    await writeDescriptor(target.fd, data).catch((error) => {
      throw outputError(path, error, options.option);
    });
    return;
  }
  const folder = dirname(target.path);
  const temp = join(folder, `.${basename(target.path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let handle: FileHandle | undefined;
  try {
    await mkdir(folder, { recursive: true });
    handle = await open(temp, "wx", target.existing?.mode ?? 0o666);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    if (target.existing) await keepPermissions(temp, target.existing);
    await rename(temp, target.path);
  } catch (error) {
    await handle?.close().catch(() => {});
    await rm(temp, { force: true });
    throw outputError(path, error, options.option);
  }
}

export async function writeJsonAtomic(
  path: string,
  value: unknown,
  options: WriteOptions = {},
): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, options);
}

/** The replaced file's mode (the umask narrowed the one `open` set) and, where allowed, its owner. */
async function keepPermissions(temp: string, existing: { mode: number; uid: number; gid: number }) {
  await chmod(temp, existing.mode);
  if (process.getuid?.() === 0) await chown(temp, existing.uid, existing.gid);
}

async function writeInPlace(path: string, fifo: boolean, data: string | Uint8Array, option?: string) {
  let probe: FileHandle | undefined;
  let handle: FileHandle | undefined;
  try {
    if (fifo) {
      // Opening a FIFO for writing waits for a reader, maybe forever: ask without waiting first.
      probe = await open(path, constants.O_WRONLY | constants.O_NONBLOCK).catch((error) => {
        if ((error as NodeJS.ErrnoException).code !== "ENXIO") throw error;
        throw new MlshipError(
          "write_failed",
          `${option ? `${option}: ` : ""}${path} is a FIFO that no process is reading: start its reader first`,
          option ? {} : { file: path },
        );
      });
    }
    // Without O_TRUNC: a device ignores it, and a descriptor's file (`/dev/fd/3`) is the caller's to position.
    handle = await open(path, constants.O_WRONLY);
    await probe?.close();
    probe = undefined;
    await handle.writeFile(data);
  } catch (error) {
    throw outputError(path, error, option);
  } finally {
    await probe?.close().catch(() => {});
    await handle?.close().catch(() => {});
  }
}

/** Writes all of `data` at the descriptor's own position (1 and 2 through this process's streams). */
async function writeDescriptor(fd: number, data: string | Uint8Array): Promise<void> {
  if (fd === 1 || fd === 2) {
    const stream = fd === 1 ? process.stdout : process.stderr;
    await new Promise<void>((resolve, reject) =>
      stream.write(data, (error) => (error ? reject(error) : resolve())),
    );
    return;
  }
  const bytes = typeof data === "string" ? Buffer.from(data) : data;
  for (let offset = 0; offset < bytes.length; ) {
    offset += await new Promise<number>((resolve, reject) =>
      write(fd, bytes, offset, bytes.length - offset, null, (error, written) =>
        error ? reject(error) : resolve(written),
      ),
    );
  }
}
