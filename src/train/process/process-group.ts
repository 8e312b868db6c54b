/**
 * The trainer's process and everything it starts: on POSIX the shell leads a process group of its own,
 * so stopping a trial (a prune, a timeout) reaches every process the program started; on Windows
 * `taskkill /T` walks the tree.
 */
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { sleep } from "./poller.js";

const GROUP_POLL_MS = 25;
const KILL_WAIT_MS = 2000;

export function spawnShell(command: string, cwd: string, env: NodeJS.ProcessEnv) {
  const stdio: ["ignore", "pipe", "pipe"] = ["ignore", "pipe", "pipe"];
  if (process.platform === "win32")
    return spawn(command, { shell: true, cwd, env, stdio, windowsHide: true });
  // detached: the shell leads a new process group, so a prune reaches everything the program started.
  return spawn("/bin/sh", ["-c", command], { cwd, env, stdio, detached: true });
}

/** SIGTERM to the whole group, SIGKILL to what is left after `graceMs`. */
export async function terminateTree(pid: number, graceMs: number): Promise<void> {
  if (process.platform === "win32") {
    await taskkill(pid, false);
    await sleep(graceMs);
    await taskkill(pid, true);
    return;
  }
  if (!signalGroup(pid, "SIGTERM")) return;
  const deadline = performance.now() + graceMs;
  while (performance.now() < deadline) {
    await sleep(GROUP_POLL_MS);
    if (!groupAlive(pid)) return;
  }
  if (!signalGroup(pid, "SIGKILL")) return;
  // SIGKILL cannot be refused, but dying takes a moment: return once the group is gone (bounded all the same).
  const killDeadline = performance.now() + KILL_WAIT_MS;
  while (groupAlive(pid) && performance.now() < killDeadline) await sleep(GROUP_POLL_MS);
}

function taskkill(pid: number, force: boolean): Promise<void> {
  const args = ["/pid", String(pid), "/T", ...(force ? ["/F"] : [])];
  // taskkill fails when the process is already gone, which is what we want anyway.
  return new Promise((done) =>
    spawn("taskkill", args, { stdio: "ignore", windowsHide: true })
      .once("close", () => done())
      .once("error", () => done()),
  );
}

/** Sends `signal` to the process group `pgid`; false when the group no longer exists. */
function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}

/**
 * Whether a process of the group still runs. On Linux a zombie does not count:
 * where PID 1 does not reap orphans (containers without an init), an exited
 * child stays a zombie and would otherwise cost every prune the full grace period.
 */
export function groupAlive(pgid: number): boolean {
  if (process.platform === "win32" || !signalGroup(pgid, 0)) return false;
  if (process.platform !== "linux") return true;
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return true;
  }
  return entries.some((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, "utf8");
    } catch {
      return false; // it exited while we looked
    }
    // "pid (comm) state ppid pgrp …": comm may hold spaces and parentheses, so read after the last ")".
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(pgrp) === pgid && state !== "Z";
  });
}
