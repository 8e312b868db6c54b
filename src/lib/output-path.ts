/**
 * What an output path is, checked before any work is done (README.md, "Files and streams"): a
 * file option must not name a folder nor a socket, a folder option must not name a file, and the
 * folder that will hold the output must exist as a folder or be creatable, and be writable. The
 * system's refusals (ENOTDIR, EACCES, EROFS…) are worded here, once, for every writer.
 */
import { constants } from "node:fs";
import { access, lstat, readlink, realpath, stat } from "node:fs/promises";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { MlshipError } from "./errors.js";

const MAX_LINKS = 40;

/**
 * The descriptor a path names when it names one this process holds (`/dev/stdout` 1,
 * `/dev/stderr` 2, `/dev/fd/3`, `/proc/self/fd/3`): written through that descriptor, so a
 * redirection's file keeps its position and append mode (`3>>log.json`).
 */
export function descriptorOf(path: string): number | undefined {
  if (path === "/dev/stdout") return 1;
  if (path === "/dev/stderr") return 2;
  const match = /^(?:\/dev\/fd|\/proc\/(self|\d+)\/fd)\/(\d+)$/.exec(path);
  if (!match || (match[1] !== undefined && match[1] !== "self" && Number(match[1]) !== process.pid)) {
    return undefined;
  }
  return Number(match[2]);
}

/**
 * How an output path is written.
 * - `replace`: a regular file (or a new path, `mode` undefined) at `path` — a symlink's final
 *   target, so the link stays — written to a temporary file beside it and renamed over it.
 * - `in-place`: a device or a FIFO, opened and written as it is.
 * - `descriptor`: a descriptor this process holds, written through.
 */
export type OutputTarget =
  | { kind: "replace"; path: string; existing?: { mode: number; uid: number; gid: number } }
  | { kind: "in-place"; path: string; fifo: boolean }
  | { kind: "descriptor"; fd: number };

/**
 * @param option the option that named the path (`--json`), for messages.
 * @throws MlshipError for a folder, a socket, a symlink loop, or a path the system refuses.
 */
export async function outputTarget(path: string, option?: string): Promise<OutputTarget> {
  const fd = descriptorOf(path);
  if (fd !== undefined) return { kind: "descriptor", fd };
  const info = await stat(path).catch(async (error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    if (error.code === "ENOTDIR") await checkWritableFolder(dirname(path), option, path);
    throw outputError(path, error, option);
  });
  if (!info) return { kind: "replace", path: await danglingTarget(path, option) };
  if (info.isDirectory()) {
    throw describedError(path, option, `${path} is a folder: give the path of a file inside it`);
  }
  if (info.isSocket()) {
    throw describedError(
      path,
      option,
      `${path} is a socket: mlship writes files, devices and FIFOs, not sockets (- writes to standard output)`,
    );
  }
  if (info.isFIFO()) return { kind: "in-place", path, fifo: true };
  if (!info.isFile()) return { kind: "in-place", path, fifo: false };
  return {
    kind: "replace",
    path: await realpath(path),
    existing: { mode: info.mode & 0o7777, uid: info.uid, gid: info.gid },
  };
}

/** Where a dangling symlink points: the file to create (the link itself is kept). */
async function danglingTarget(path: string, option?: string): Promise<string> {
  let current = resolve(path);
  for (let hops = 0; hops < MAX_LINKS; hops++) {
    const link = await lstat(current).catch(() => undefined);
    if (!link?.isSymbolicLink()) return current;
    current = resolve(dirname(current), await readlink(current));
  }
  throw describedError(path, option, `${path} is a symlink that leads back to itself`);
}

/**
 * Checks, before the work, that `path` can be written as a file.
 * @throws MlshipError exit 2 naming the option and the path.
 */
export async function checkOutputFile(path: string, option?: string): Promise<void> {
  const target = await outputTarget(path, option);
  if (target.kind !== "replace") return;
  if (target.existing) {
    await access(target.path, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
      throw outputError(target.path, error, option);
    });
  }
  await checkWritableFolder(dirname(target.path), option, path);
}

/**
 * Checks, before the work, that `path` is a folder mlship can write in (or can be created), and
 * that none of the `files` it will write there is a folder.
 * @throws MlshipError exit 2 naming the option and the path.
 */
export async function checkOutputFolder(path: string, option?: string, files: string[] = []): Promise<void> {
  const info = await stat(path).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined; // the ancestors say which
    throw outputError(path, error, option);
  });
  if (info && !info.isDirectory()) {
    throw describedError(
      path,
      option,
      `${path} is ${info.isFile() ? "a file" : "a device or a FIFO"}, not a folder: give a folder (it is created when missing)`,
    );
  }
  await checkWritableFolder(path, option);
  for (const name of files) await checkOutputFile(join(path, name), option);
}

/** The folder exists (or its nearest existing ancestor is a folder) and can be written in. */
async function checkWritableFolder(folder: string, option?: string, forFile?: string): Promise<void> {
  let existing = resolve(folder);
  while (true) {
    const info = await stat(existing).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined;
      throw outputError(existing, error, option);
    });
    if (info) {
      if (!info.isDirectory()) {
        const what = forFile ? `cannot write ${forFile}` : `cannot make the folder ${folder}`;
        throw describedError(folder, option, `${what}: ${shown(existing)} is a file, not a folder`);
      }
      break;
    }
    const parent = dirname(existing);
    if (parent === existing) return;
    existing = parent;
  }
  await access(existing, constants.W_OK).catch((error: NodeJS.ErrnoException) => {
    throw outputError(existing, error, option);
  });
}

/**
 * The MlshipError for a system error while checking or writing `path`.
 * @param option the option that named the path, when one did.
 */
export function outputError(path: string, error: unknown, option?: string): MlshipError {
  if (error instanceof MlshipError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? "";
  const reasons: Record<string, string> = {
    EACCES: "permission denied",
    EPERM: "permission denied",
    EROFS: "the file system is read-only",
    ENOSPC: "no space left on the device",
    EDQUOT: "the disk quota is used up",
    EISDIR: "it is a folder",
    ENOTDIR: "a part of the path is a file, not a folder",
    ELOOP: "too many symlinks (a loop?)",
    ENAMETOOLONG: "the name is too long",
    EPIPE: "the reader closed it before everything was written",
    ENXIO: "nothing can be opened there (a socket, or a device that is absent)",
    EBADF: "no such open descriptor",
  };
  const reason = reasons[code] ?? (code || (error as Error).message);
  return describedError(path, option, `cannot write ${path}: ${reason}`);
}

/** A path inside the working folder as a relative one, as users type them. */
function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith("..") && !isAbsolute(inside) ? inside : path;
}

function describedError(path: string, option: string | undefined, message: string): MlshipError {
  return option
    ? new MlshipError("write_failed", `${option}: ${message}`)
    : new MlshipError("write_failed", message, { file: path });
}
