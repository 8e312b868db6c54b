/**
 * What the rollout tests share: a real `mlship serve` (the built CLI) over a local registry holding a good
 * model and a drifted one (the same fixture with its coefficients negated: its predictions flip), traffic
 * sent to it, and a manual clock whose every sleep sends a round of that traffic (the step's requests).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { ManualClock } from "../../src/deploy/clock.js";
import type { CliWorkspace } from "../cli/run-cli.js";
import { editedFixture, fixturePath } from "../model/model-fixtures.js";
import { packageModel, post } from "../serve/serve-process.js";

export const TOKEN = "deploy-token";

const ROWS = Array.from({ length: 10 }, (_, i) => {
  const x = i / 5 - 1;
  return [x, -x / 2, x * 0.3];
});

/** The binary fixture with every coefficient and intercept negated: p(1) becomes 1 - p(1). */
export async function writeDriftedModel(cli: CliWorkspace): Promise<string> {
  const bytes = editedFixture("binary-linear-zipmap.onnx", (model) => {
    const node = model.graph!.node!.find((n) => n.opType === "LinearClassifier")!;
    for (const attribute of node.attribute!) {
      if (attribute.name === "coefficients" || attribute.name === "intercepts")
        attribute.floats = attribute.floats!.map((x) => -x);
    }
  });
  const path = cli.path("drifted.onnx");
  await writeFile(path, bytes);
  return path;
}

/** Packages `name@version` of the good fixture, or the drifted model. */
export async function publish(cli: CliWorkspace, name: string, version: string, model?: string) {
  await packageModel(cli, model ?? fixturePath("binary-linear-zipmap.onnx"), name, version);
}

/**
 * Sends `count` predict requests to `model` (8 at a time), each of the same ten rows: both arms of a
 * split see the same inputs, so two copies of one model give the same output distribution.
 */
export async function traffic(url: string, model: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      const answer = await post(`${url}/v1/models/${model}:predict`, { instances: ROWS });
      statuses.push(answer.status);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return statuses;
}

/** A manual clock whose every sleep first sends `perSleep` requests to `model` (0: a quiet model). */
export function trafficClock(url: () => string, model: string, perSleep: number): ManualClock {
  return new ManualClock(Date.UTC(2026, 0, 1), async () => {
    if (perSleep > 0) await traffic(url(), model, perSleep);
  });
}

export interface CliExit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `mlship <args>` (the built CLI) as a process of its own, with the admin token; its output collected. */
export function spawnMlship(
  cli: CliWorkspace,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): { child: ChildProcess; stderr: () => string; exited: Promise<CliExit> } {
  const child = spawn(process.execPath, [cli.cli, ...args], {
    cwd: cli.dir,
    env: { ...process.env, NO_COLOR: "1", MLSHIP_ADMIN_TOKEN: TOKEN, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<CliExit>((done) => child.on("close", (code) => done({ code, stdout, stderr })));
  return { child, stderr: () => stderr, exited };
}
