#!/usr/bin/env node
// Runs a command and reports its wall time and peak resident memory, for machines without
// GNU time:
//   node bench/rss-wrapper.mjs --result <out.json> -- <command> [args...]
// The child's stdout/stderr pass through. Peak RSS is the child's VmHWM (the kernel's high-water
// mark of its resident set) from /proc/<pid>/status, polled every 20 ms; the last value read
// before the child exits is reported, so a peak reached in the final <20 ms can be missed.
// process.resourceUsage() would describe this wrapper, not the child, so it is not used.
import { spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

const POLL_MS = 20;

/**
 * @param {number} pid
 * @returns {number | null} VmHWM in bytes, or null when the process is gone
 */
function readHighWaterMark(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Run `command` and sample its peak RSS.
 * @param {string} command
 * @param {string[]} args
 * @param {import("node:child_process").SpawnOptions} [options]
 * @returns {Promise<{ exitCode: number | null, signal: string | null, seconds: number, peakRssBytes: number | null, samples: number }>}
 */
export function runWithPeakRss(command, args, options = {}) {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { stdio: "inherit", ...options });
    /** @type {number | null} */
    let peak = null;
    let samples = 0;
    const poll = () => {
      if (child.pid === undefined) return;
      const value = readHighWaterMark(child.pid);
      if (value !== null) {
        peak = Math.max(peak ?? 0, value);
        samples++;
      }
    };
    const timer = setInterval(poll, POLL_MS);
    child.once("spawn", poll);
    child.once("error", (error) => {
      clearInterval(timer);
      reject(error);
    });
    child.once("exit", (code, signal) => {
      clearInterval(timer);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolvePromise({ exitCode: code, signal, seconds, peakRssBytes: peak, samples });
    });
  });
}

async function main() {
  const argv = process.argv.slice(2);
  const separator = argv.indexOf("--");
  const resultIndex = argv.indexOf("--result");
  if (separator < 0 || separator === argv.length - 1) {
    console.error("usage: node bench/rss-wrapper.mjs [--result out.json] -- <command> [args...]");
    process.exit(2);
  }
  const [command, ...args] = argv.slice(separator + 1);
  const result = await runWithPeakRss(command, args);
  const text = `${JSON.stringify({ method: "proc-vmhwm-poll-20ms", ...result })}\n`;
  if (resultIndex >= 0 && resultIndex < separator) writeFileSync(argv[resultIndex + 1], text);
  else process.stderr.write(text);
  process.exitCode = result.exitCode ?? 1;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
