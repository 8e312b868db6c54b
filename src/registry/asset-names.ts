/**
 * Names of a version's files. They come from places mlship does not control —
 * a manifest, a release body, SHA256SUMS, a release's asset list — and become
 * paths, so each is checked to be one plain path segment before it touches the
 * file system: letters, digits, `.`, `_` and `-`, starting with a letter or a
 * digit (no `/`, `\`, `..`, NUL, drive letter or hidden name), as GitHub's own
 * asset names are.
 */
const PLAIN_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,254}$/;

/** The parts of a model stored over the asset size limit: `model.onnx.part-000`, `-001`, … */
export const PART_NAME = /^model\.onnx\.part-\d{3,6}$/;

export const PLAIN_NAME_RULE =
  "a plain file name (letters, digits, '.', '_' and '-', starting with a letter or digit; no folders)";

export function isPlainFileName(name: string): boolean {
  return PLAIN_NAME.test(name) && !name.includes("..") && !name.endsWith(".");
}
