/** `--json <file>`: the machine-readable result, written atomically (or to stdout with `-`). */
import { writeJsonAtomic } from "../fs/atomic-write.js";
import { type CommandContext, type ParsedArgs, stringOption } from "./command.js";

export async function writeJsonResult(
  args: ParsedArgs,
  context: CommandContext,
  result: unknown,
): Promise<void> {
  const target = stringOption(args, "json");
  if (target === undefined) return;
  if (target === "-") {
    context.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return;
  }
  await writeJsonAtomic(target, result);
}
