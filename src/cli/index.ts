#!/usr/bin/env node
import { isDataPassWorker, runDataPassWorker } from "../data/validate/parallel-pass.js";
import { main } from "./main.js";

// Large files are read by worker threads that start this same script.
if (isDataPassWorker()) {
  await runDataPassWorker();
} else {
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
}
