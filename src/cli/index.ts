#!/usr/bin/env node
import { releaseInputs } from "../lib/input.js";
import { main } from "./main.js";

// `mlship … | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});
// A pipe the command stopped reading early is closed; an open still waiting for a FIFO's writer
// cannot be, so the process exits once what it printed is out.
if (releaseInputs()) {
  const code = process.exitCode;
  process.stdout.write("", () => process.stderr.write("", () => process.exit(code)));
}
