/** What a running program printed, kept for its failure message and its log. */

export type OutputStream = "stdout" | "stderr";

const DEFAULT_TAIL_LINES = 200;
const DEFAULT_TAIL_BYTES = 64 * 1024;

/**
 * The last lines of stdout and stderr (at most `maxLines` lines and about
 * `maxBytes` bytes), each stream split into lines on its own so their lines
 * do not mix. A carriage return keeps what a terminal would show (progress bars).
 */
export class OutputTail {
  private readonly lines: string[] = [];
  private bytes = 0;
  private dropped = 0;
  private readonly partial: Record<OutputStream, string> = { stdout: "", stderr: "" };

  constructor(
    private readonly maxLines = DEFAULT_TAIL_LINES,
    private readonly maxBytes = DEFAULT_TAIL_BYTES,
  ) {}

  /** Adds text; returns the lines it completed. */
  write(stream: OutputStream, text: string): string[] {
    const parts = (this.partial[stream] + text).split("\n");
    let rest = parts.pop() ?? "";
    if (rest.length > this.maxBytes) rest = rest.slice(-this.maxBytes);
    this.partial[stream] = rest;
    const lines = parts.map(visibleLine);
    for (const line of lines) this.add(line);
    return lines;
  }

  /** Completes the unfinished lines (the program has ended); returns them. */
  end(): [OutputStream, string][] {
    const ended: [OutputStream, string][] = [];
    for (const stream of ["stdout", "stderr"] as const) {
      if (!this.partial[stream]) continue;
      const line = visibleLine(this.partial[stream]);
      this.partial[stream] = "";
      this.add(line);
      ended.push([stream, line]);
    }
    return ended;
  }

  toString(): string {
    const note =
      this.dropped > 0 ? [`[… ${this.dropped} earlier line${this.dropped > 1 ? "s" : ""} not kept]`] : [];
    return [...note, ...this.lines].join("\n");
  }

  private add(line: string): void {
    const kept =
      Buffer.byteLength(line) > this.maxBytes ? `…${line.slice(-Math.floor(this.maxBytes / 4))}` : line;
    this.lines.push(kept);
    this.bytes += Buffer.byteLength(kept) + 1;
    while (this.lines.length > this.maxLines || (this.bytes > this.maxBytes && this.lines.length > 1)) {
      this.bytes -= Buffer.byteLength(this.lines.shift() ?? "") + 1;
      this.dropped += 1;
    }
  }
}

function visibleLine(line: string): string {
  const text = line.endsWith("\r") ? line.slice(0, -1) : line;
  return text.slice(text.lastIndexOf("\r") + 1);
}
