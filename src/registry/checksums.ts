/**
 * `SHA256SUMS` in the format of GNU coreutils' sha256sum (`<hex>  <name>`),
 * so `sha256sum -c SHA256SUMS` checks a downloaded version by hand too.
 */
import { MlshipError } from "../lib/errors.js";
import { isPlainFileName, PLAIN_NAME_RULE } from "./asset-names.js";

export const CHECKSUMS_FILE = "SHA256SUMS";

/** File name → sha256 (hex). A Map: the names come from files, and no name may mean anything else. */
export type Checksums = ReadonlyMap<string, string>;

export function formatChecksums(sums: Checksums): string {
  return [...sums.keys()]
    .sort()
    .map((name) => `${sums.get(name)}  ${name}\n`)
    .join("");
}

/**
 * @param source the file's name in messages, e.g. `churn@v1.0.0/SHA256SUMS`.
 * @throws MlshipError `bad_checksums` (exit 2) naming the line: a line not `<sha256>  <file>`,
 *   a name that is not a plain file name, or a name listed twice.
 */
export function parseChecksums(text: string, source: string): Checksums {
  const sums = new Map<string, string>();
  text.split("\n").forEach((raw, index) => {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    if (line.trim() === "") return;
    const where = { file: source, line: index + 1 };
    const match = line.match(/^([0-9a-f]{64}) [ *](.+)$/);
    if (!match) throw new MlshipError("bad_checksums", 'this line is not "<sha256>  <file>"', where);
    const [, sha256, name] = match;
    if (!isPlainFileName(name)) {
      throw new MlshipError(
        "bad_checksums",
        `the file name ${JSON.stringify(name)} is not ${PLAIN_NAME_RULE}`,
        where,
      );
    }
    if (sums.has(name)) {
      throw new MlshipError("bad_checksums", `${name} is listed a second time`, where);
    }
    sums.set(name, sha256);
  });
  return sums;
}
