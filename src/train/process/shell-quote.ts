/** Param values put into a command line as one shell word each (see command-trainer.ts). */
import { MlshipError } from "../../lib/errors.js";

/** One shell word that the shell reads back as `value`. POSIX: single quotes. Windows (cmd.exe): double quotes. */
export function shellQuote(value: string, platform: NodeJS.Platform = process.platform): string {
  if (platform !== "win32") return `'${value.replaceAll("'", `'\\''`)}'`;
  // cmd.exe has no quoting that stops %VAR% or !VAR! expansion: refuse what it would rewrite.
  if (/["%!\r\n]/.test(value)) {
    throw new MlshipError(
      "unquotable_param",
      `the param value ${JSON.stringify(value)} cannot be passed safely through cmd.exe (it holds " % ! or a line break): read it from $MLSHIP_PARAMS instead`,
      { path: "train.command" },
    );
  }
  return `"${value}"`;
}
