/**
 * Annotations within GitHub's limits: a step shows at most 10 error and 10
 * warning annotations (the rest are dropped silently), so the most important
 * go first and the count of what did not fit goes into one notice.
 */
import { isAbsolute, relative, resolve, sep } from "node:path";
import type { ActionIO, AnnotationLocation } from "./action-io.js";

/** GitHub's limit of annotations per kind (error, warning, notice) in one step. */
export const ANNOTATIONS_PER_LEVEL = 10;

export interface Annotation extends AnnotationLocation {
  level: "error" | "warning";
  message: string;
}

export interface AnnotateOptions {
  /**
   * Error annotations to leave unused: `setFailed` adds one error annotation
   * after these, which must still fit within the limit.
   */
  reserveErrors?: number;
}

/** Emits errors first, then warnings, each up to the limit; returns how many it emitted. */
export function emitAnnotations(
  io: ActionIO,
  annotations: Annotation[],
  options: AnnotateOptions = {},
): number {
  const limits = {
    error: Math.max(0, ANNOTATIONS_PER_LEVEL - (options.reserveErrors ?? 0)),
    warning: ANNOTATIONS_PER_LEVEL,
  };
  let emitted = 0;
  for (const level of ["error", "warning"] as const) {
    for (const a of annotations.filter((a) => a.level === level).slice(0, limits[level])) {
      io.annotate(level, a.message, { file: a.file, startLine: a.startLine, title: a.title });
      emitted++;
    }
  }
  return emitted;
}

/**
 * `file` as GitHub wants it in an annotation: relative to the workspace (the
 * repository root) with forward slashes; unchanged when it lies outside.
 */
export function workspacePath(file: string, workspace: string): string {
  const path = relative(resolve(workspace), resolve(file));
  if (path === "" || path === ".." || path.startsWith(`..${sep}`) || isAbsolute(path)) return file;
  return path.split(sep).join("/");
}
