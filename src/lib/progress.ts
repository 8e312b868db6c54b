/**
 * Progress of long work, as docs/design.md asks of every command: on a terminal one
 * line redrawn in place (at most ten times a second, erased when done); in a
 * log (CI) a plain line at most every ten seconds, so short runs print nothing.
 */

export interface ProgressOutput {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface Progress {
  update(done: number, total: number): void;
  /** Erases the terminal line; logs print nothing more. */
  finish(): void;
}

const TTY_INTERVAL_MS = 100;
const LOG_INTERVAL_MS = 10_000;

export function createProgress(
  output: ProgressOutput,
  label: string,
  now: () => number = () => Date.now(),
): Progress {
  const started = now();
  let last = started;
  let drawn = false;
  const line = (done: number, total: number) => {
    const seconds = ((now() - started) / 1000).toFixed(1);
    // A stream (standard input, a pipe) has no size to count towards.
    if (!(total > 0)) return `${label}: ${megabytes(done)} MB read (${seconds} s)`;
    const percent = Math.floor((done / total) * 100);
    return `${label}: ${percent}% (${megabytes(done)} of ${megabytes(total)} MB, ${seconds} s)`;
  };
  if (output.isTTY) {
    return {
      update(done, total) {
        if (now() - last < TTY_INTERVAL_MS) return;
        last = now();
        output.write(`\r\x1b[K${line(done, total)}`);
        drawn = true;
      },
      finish() {
        if (drawn) output.write("\r\x1b[K");
      },
    };
  }
  return {
    update(done, total) {
      if (now() - last < LOG_INTERVAL_MS) return;
      last = now();
      output.write(`${line(done, total)}\n`);
    },
    finish() {},
  };
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0);
}
