/**
 * A real Prometheus for the tests (Debian's prometheus package: /usr/bin/prometheus): started on a
 * free loopback port with a temporary configuration (scrape interval 1 s, the given targets) and a
 * temporary storage folder, waited for until `/-/ready` answers 200, stopped and cleaned up after.
 * Tests skip it, saying how to install it, where it is not installed.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { freePort } from "./free-port.js";

export const prometheusAvailable: boolean = (() => {
  try {
    execFileSync("prometheus", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

if (!prometheusAvailable) {
  console.warn(
    "skipping the Prometheus tests: Debian's prometheus is not installed (apt-get install -y prometheus; .ci/run installs it when it runs as root)",
  );
}

export interface PrometheusProcess {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** The log so far. */
  log(): string;
  /** An instant query's result vector (throws on an error answer). */
  query(promql: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** Stops it (SIGTERM) and removes its folder. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
afterAll(() => {
  for (const child of running) child.kill("SIGKILL");
});

/** Starts Prometheus scraping `targets` (`127.0.0.1:8080`) every second at `/metrics`. */
export async function startPrometheus(targets: string[]): Promise<PrometheusProcess> {
  const dir = await mkdtemp(join(tmpdir(), "mlship-prometheus-"));
  const config = join(dir, "prometheus.yml");
  await writeFile(
    config,
    [
      "global:",
      "  scrape_interval: 1s",
      "  evaluation_interval: 1s",
      "scrape_configs:",
      "  - job_name: mlship",
      "    scrape_interval: 1s",
      "    scrape_timeout: 1s",
      "    static_configs:",
      `      - targets: [${targets.map((t) => JSON.stringify(t)).join(", ")}]`,
      "",
    ].join("\n"),
  );
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    "prometheus",
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(dir, "data")}`,
      `--web.listen-address=127.0.0.1:${port}`,
    ],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  running.add(child);
  let log = "";
  child.stdout!.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    log += chunk.toString();
  });
  const exited = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
  let stopped = false;
  void exited.then(() => running.delete(child));

  const stop = async () => {
    if (!stopped) {
      stopped = true;
      child.kill("SIGTERM");
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, exited, () => log);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    log: () => log,
    stop,
    query: async (promql) => {
      const response = await fetch(`${url}/api/v1/query?${new URLSearchParams({ query: promql })}`);
      const body = (await response.json()) as {
        status: string;
        error?: string;
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      if (body.status !== "success") throw new Error(`${promql}: ${body.error}`);
      return body.data.result;
    },
  };
}

/** Polls `/-/ready` until it answers 200; rejects with the log when Prometheus exits first or after 60 s. */
async function waitReady(url: string, exited: Promise<number | null>, log: () => string): Promise<void> {
  let gone: number | null | undefined;
  void exited.then((code) => {
    gone = code;
  });
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (gone !== undefined) throw new Error(`prometheus exited (${gone}) before it was ready:\n${log()}`);
    try {
      if ((await fetch(`${url}/-/ready`)).status === 200) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`prometheus at ${url} was not ready within 60 s:\n${log()}`);
}

/**
 * Calls `probe` every 250 ms until it returns a value other than undefined; throws with `what`
 * after `timeoutMs`.
 */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}
