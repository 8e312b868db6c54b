/**
 * Text that tries to issue workflow commands from inside data, models,
 * manifests, trainer output or pull-request artifacts, and the check that the
 * runner would execute none of it.
 */
import type { ActionRun, WorkflowCommand } from "./runner.js";

/** Every forged command carries this word, so one that got through is recognised. */
export const FORGED = "INJECTED";

/** Lines the runner would execute if they reached the log as they are. */
export const HOSTILE_LINES = [
  `::warning file=README.md,line=1::${FORGED} warning`,
  `::error title=${FORGED}::${FORGED} error`,
  `::notice::${FORGED} notice`,
  `::add-mask::${FORGED}`,
  `::stop-commands::${FORGED}token`,
  `::set-output name=passed::${FORGED}`,
  `::set-env name=${FORGED}::1`,
  `::add-path::/${FORGED}`,
  `::save-state name=${FORGED}::1`,
  `::add-matcher::${FORGED}.json`,
  `::debug::${FORGED} debug`,
  `::group::${FORGED} group`,
  "::echo::on",
  `::ADD-MASK::${FORGED} upper case`,
  `  ::add-mask::${FORGED} indented`,
  `\t::warning::${FORGED} after a tab`,
  `\u00a0::add-mask::${FORGED} after a no-break space`,
  `##[add-mask]${FORGED} legacy`,
  `text then ##[warning file=README.md]${FORGED} legacy mid-line`,
];

/** One string that holds every hostile line, each after a line break of another kind. */
export const HOSTILE_BLOCK = HOSTILE_LINES.map((line, i) => ["\n", "\r", "\r\n"][i % 3] + line).join("");

/** The commands mlship's actions issue themselves. */
const OWN_COMMANDS = new Set(["error", "warning", "notice", "debug", "add-mask", "group", "endgroup"]);

/**
 * The commands in a run that the action did not issue itself: any command
 * outside annotations, debug lines, groups and the masks of `masks`; any
 * command printed other than at the start of its line (ours always are); and
 * any whose message or property is forged text, or that points at README.md.
 * Our own annotations may quote hostile text inside their message or title.
 */
export function forgedCommands(run: ActionRun, masks: string[] = []): WorkflowCommand[] {
  return run.commands.filter(
    (c) =>
      !OWN_COMMANDS.has(c.command) ||
      !c.line.startsWith(`::${c.command}`) ||
      (c.command === "add-mask" && !masks.includes(c.message)) ||
      c.message.startsWith(FORGED) ||
      Object.values(c.properties).some((value) => value.startsWith(FORGED) || value === "README.md"),
  );
}
