/**
 * `mlship serve` started as a user starts it (the built CLI, `--port 0`), waited for until it prints
 * `listening on http://…`, and stopped with SIGTERM. The servers a test file starts are stopped after it.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { afterAll } from "vitest";
import type { CliWorkspace } from "../cli/run-cli.js";

export interface ServeProcess {
  url: string;
  child: ChildProcess;
  /** The log so far. */
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code and the whole log. */
  stop(): Promise<{ code: number | null; stderr: string }>;
  /** Resolves once the log holds `text`. */
  logged(text: string): Promise<void>;
}

export interface Exited {
  code: number | null;
  stdout: string;
  stderr: string;
}

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
});

/** Starts the server; rejects with the exit when it stops before listening. */
export function startServe(
  cli: CliWorkspace,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli.cli, "serve", "--port", "0", ...args], {
      cwd: cli.dir,
      env: { ...process.env, NO_COLOR: "1", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    let stdout = "";
    let stderr = "";
    const waiters: { text: string; done: () => void }[] = [];
    const exited = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      for (const waiter of waiters.filter((w) => stderr.includes(w.text))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.done();
      }
    });
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /^listening on (http:\/\/\S+)\n/m.exec(stdout);
      if (!match) return;
      child.stdout!.removeAllListeners("data");
      resolve({
        url: match[1],
        child,
        stderr: () => stderr,
        stop: async () => {
          child.kill("SIGTERM");
          const code = await exited;
          running.delete(child);
          return { code, stderr };
        },
        logged: (text) =>
          stderr.includes(text) ? Promise.resolve() : new Promise((done) => waiters.push({ text, done })),
      });
    });
    void exited.then((code) => {
      running.delete(child);
      reject(
        Object.assign(new Error(`mlship serve exited (${code}) before listening`), { code, stdout, stderr }),
      );
    });
  });
}

/** Runs `mlship serve` expecting it to stop by itself (bad input): its exit code and streams. */
export async function serveExits(
  cli: CliWorkspace,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Exited> {
  try {
    const server = await startServe(cli, args, env);
    await server.stop();
    throw new Error(`mlship serve ${args.join(" ")} started listening on ${server.url}`);
  } catch (error) {
    const exit = error as Error & Partial<Exited>;
    if (exit.code === undefined) throw error;
    return { code: exit.code, stdout: exit.stdout ?? "", stderr: exit.stderr ?? "" };
  }
}

/** POSTs JSON (or a raw string) and reads the answer as JSON. */
export async function post(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

export async function get(url: string): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(url);
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** A JSON request of any method, with the admin token as a bearer token when given. */
export async function call(
  url: string,
  options: { method?: string; body?: unknown; token?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; json: Record<string, unknown> }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) headers["content-type"] = "application/json";
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(url, {
    method: options.method ?? (options.body === undefined ? "GET" : "POST"),
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  return {
    status: response.status,
    headers: response.headers,
    json: (await response.json()) as Record<string, unknown>,
  };
}

/** Packages the fixture `model` as `name@version` into the local registry `registry` of the workspace. */
export async function packageModel(
  cli: CliWorkspace,
  model: string,
  name: string,
  version: string,
  registry = "local:reg",
): Promise<void> {
  const result = await cli.run([
    "package",
    "--model",
    model,
    "--name",
    name,
    "--version",
    version,
    "--registry",
    registry,
  ]);
  if (result.code !== 0) throw new Error(`mlship package ${name}@${version} failed: ${result.stderr}`);
}
