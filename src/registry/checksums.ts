/**
 * `SHA256SUMS` in the format of GNU coreutils' sha256sum (`<hex>  <name>`),
 * so `sha256sum -c SHA256SUMS` checks a downloaded version by hand too.
 */
import { MlshipError } from "../errors.js";

export const CHECKSUMS_FILE = "SHA256SUMS";

export function formatChecksums(sums: Record<string, string>): string {
  return Object.keys(sums)
    .sort()
    .map((name) => `${sums[name]}  ${name}\n`)
    .join("");
}

export function parseChecksums(text: string, source: string): Record<string, string> {
  const sums: Record<string, string> = {};
  text.split("\n").forEach((line, index) => {
    if (line.trim() === "") return;
    const match = line.match(/^([0-9a-f]{64}) [ *](.+)$/);
    if (!match) {
      throw new MlshipError("bad_checksums", `line ${index + 1} is not "<sha256>  <file>"`, {
        file: source,
        line: index + 1,
      });
    }
    sums[match[2]] = match[1];
  });
  return sums;
}
