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

/** Text that tries to break out of markdown: a cell, a code span, raw HTML, a fold, a comment marker. */
export const HOSTILE_MARKDOWN =
  "x|y `tick <img src=https://e.invalid/p.png> </details></summary> [link](https://e.invalid) <!-- mlship:evaluate:other -->";

const HTML_BLOCK_START = /^ {0,3}(<\/?(details|summary|table|tr|td|th|div|p|pre)\b|<!--)/i;

/**
 * Where rendered markdown lets HOSTILE_MARKDOWN out: a table row whose cells
 * do not match its header (a `|` that split a cell), or a tag, comment or
 * link of it that GitHub would render — anywhere in an HTML block (a line
 * opening with a block tag, up to the next blank line, where escapes do not
 * apply), else unescaped outside code spans. Fenced blocks are skipped.
 * Returns the offending lines.
 */
export function markdownBreakouts(markdown: string): string[] {
  const problems: string[] = [];
  let fenced = false;
  let htmlBlock = false;
  let headerCells: number | undefined;
  for (const line of markdown.split("\n")) {
    if (/^ {0,3}```/.test(line)) fenced = !fenced;
    if (fenced || /^ {0,3}```/.test(line)) continue;
    if (line.trim() === "") htmlBlock = false;
    else if (HTML_BLOCK_START.test(line)) htmlBlock = true;
    if (line.startsWith("|")) {
      const cells = line.match(/(?<!\\)\|/g)!.length;
      headerCells ??= cells;
      if (cells !== headerCells)
        problems.push(`a row of ${cells - 1} cells under ${headerCells - 1}: ${line}`);
    } else {
      headerCells = undefined;
    }
    if (rawTagFromData(line, htmlBlock)) problems.push(`raw HTML: ${line}`);
  }
  return problems;
}

/** The parts of HOSTILE_MARKDOWN that would render: none of them is markdown mlship writes itself. */
const DATA_MARKUP = /^(<img\b|<\/details><\/summary>|<!-- mlship:evaluate:other|\[link\]\()/i;

function rawTagFromData(line: string, htmlBlock: boolean): boolean {
  for (let i = 0; i < line.length; i++) {
    const rest = line.slice(i);
    if (DATA_MARKUP.test(rest)) return true;
    if (htmlBlock) continue;
    if (line[i] === "\\") i++;
    else if (line[i] === "`") {
      const close = line.indexOf("`", i + 1);
      if (close > 0) i = close;
    }
  }
  return false;
}
