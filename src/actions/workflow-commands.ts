/**
 * Keeping data from issuing workflow commands. The runner reads every line a
 * step prints, on stdout and on stderr (lines end at \n, \r or \r\n), as a
 * possible command: a line that starts with `::` once leading whitespace is
 * trimmed (`::add-mask::x`, `::stop-commands::t`, `::warning file=…::x`), or
 * one that holds `##[name]` anywhere (the older form, still honoured). Column
 * names, category values, model metadata, manifests, trainer output and
 * pull-request artifacts all reach the log, and they come from pull requests,
 * forks included.
 *
 * So an action's standard streams are guarded as a class: every line that is
 * not one of mlship's own commands is checked on its way out, and a line the
 * runner could read as a command is escaped the way the toolkit escapes
 * command properties (`%` → %25, the leading `::` → %3A%3A, `##[` → ##%5B),
 * which the runner shows as plain text. mlship's own commands (annotations,
 * masks, outputs) are issued inside `asOwnCommands`, where @actions/core
 * escapes their messages and properties, and pass unchanged.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { StringDecoder } from "node:string_decoder";

const LINE_BREAK = /(\r\n|\r|\n)/;
/** Leading whitespace as the runner (.NET's TrimStart, which also trims U+0085) or JavaScript trims it, then `::`. */
const COMMAND_START = /^[\s\u0085]*::/;
const LEGACY_COMMAND = "##[";

/** One line (no line break in it) that the runner cannot read as a workflow command. */
export function escapeCommandLine(line: string): string {
  const start = COMMAND_START.exec(line);
  if (!start && !line.includes(LEGACY_COMMAND)) return line;
  let text = line.replace(/%/g, "%25");
  // The whitespace and the `::` hold no `%`, so the match keeps its length.
  if (start) text = `${start[0].slice(0, -2)}%3A%3A${text.slice(start[0].length)}`;
  return text.replaceAll(LEGACY_COMMAND, "##%5B");
}

/** Text of any number of lines, each escaped where it could be read as a command; line breaks kept. */
export function escapeCommandLines(text: string): string {
  return text
    .split(LINE_BREAK)
    .map((part, i) => (i % 2 === 1 ? part : escapeCommandLine(part)))
    .join("");
}

const ownCommands = new AsyncLocalStorage<true>();

/**
 * Runs `issue` with its writes to stdout and stderr passed as they are: for
 * the commands mlship itself issues through @actions/core (which escapes their
 * messages and properties). Work started inside (e.g. an Actions cache save)
 * keeps the pass; nothing that prints data may run inside.
 */
export function asOwnCommands<T>(issue: () => T): T {
  return ownCommands.run(true, issue);
}

type WriteCallback = (error?: Error | null) => void;
type Write = (
  chunk: string | Uint8Array,
  encoding?: BufferEncoding | WriteCallback,
  callback?: WriteCallback,
) => boolean;

const guarded = new WeakSet<NodeJS.WritableStream>();

/**
 * Guards process.stdout and process.stderr of an action: what anything in the
 * process writes — our log lines, the CLI run in-process, relayed trainer
 * output, worker threads, libraries — reaches the runner only as lines that
 * cannot be read as commands, except inside `asOwnCommands`. Returns false
 * when they were guarded already.
 */
export function guardStandardStreams(): boolean {
  const flushes = [process.stdout, process.stderr].filter((s) => !guarded.has(s)).map(guardWritable);
  if (flushes.length === 0) return false;
  process.once("exit", () => {
    for (const flush of flushes) flush();
  });
  return true;
}

/**
 * Replaces `stream.write` with one that escapes every line the runner could
 * read as a command, except inside `asOwnCommands`. Returns the flush of a
 * last line that never ended (its end decides, so it is held until then).
 */
export function guardWritable(stream: NodeJS.WritableStream): () => void {
  guarded.add(stream);
  const write = stream.write.bind(stream) as (chunk: string, callback?: WriteCallback) => boolean;
  const decoder = new StringDecoder("utf8");
  // The text after the last line break.
  let open = "";
  const guardedWrite: Write = (chunk, encoding, callback) => {
    if (typeof encoding === "function") {
      callback = encoding;
      encoding = undefined;
    }
    const text =
      typeof chunk !== "string"
        ? decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
        : encoding && !/^utf-?8$/i.test(encoding)
          ? Buffer.from(chunk, encoding).toString("utf8")
          : chunk;
    if (ownCommands.getStore()) {
      // A command is read only at the start of a line: end the line the data left open first.
      const ended = open ? `${escapeCommandLine(open)}\n` : "";
      open = "";
      return write(ended + text, callback);
    }
    const all = open + text;
    const end = Math.max(all.lastIndexOf("\n"), all.lastIndexOf("\r")) + 1;
    open = all.slice(end);
    if (end === 0) {
      if (callback) process.nextTick(callback);
      return true;
    }
    return write(escapeCommandLines(all.slice(0, end)), callback);
  };
  stream.write = guardedWrite as typeof stream.write;
  return () => {
    if (open) write(escapeCommandLine(open));
    open = "";
  };
}
