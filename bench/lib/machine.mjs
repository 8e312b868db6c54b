// The machine a benchmark ran on, recorded beside its figures.
import { spawnSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";

/** @param {string} root the repository, for the commit measured */
export function machine(root) {
  const list = cpus();
  const git = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: root, encoding: "utf8" });
  return {
    cpus: { model: list[0]?.model.trim() ?? "unknown", count: list.length },
    memoryBytes: totalmem(),
    node: process.version,
    platform: process.platform,
    arch: process.arch,
    date: new Date().toISOString(),
    commit: git.status === 0 ? git.stdout.trim() : null,
    loadavgAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}
