/**
 * `mlship deploy` as a user meets it (the built CLI) against a real `mlship serve` under a load loop, on
 * the real clock with short intervals: a canary promoted (exit 0, the step table), a drifted one rolled back
 * (exit 1, the failing check named), no traffic (inconclusive → fail, said so), SIGTERM mid-rollout
 * (traffic back on stable, deployment error); and bad input, each exit 2 naming what is wrong.
 */
import { writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LocalRegistry } from "../../src/registry/local-registry.js";
import { useCli } from "../cli/run-cli.js";
import { call, type ServeProcess, startServe } from "../serve/serve-process.js";
import { publish, spawnMlship, TOKEN, traffic, writeDriftedModel } from "./deploy-fixture.js";

const cli = useCli("deploy-cli");
let server: ServeProcess;
let registry: LocalRegistry;
const MODELS = ["good", "bad", "quiet", "term"];

beforeAll(async () => {
  const drifted = await writeDriftedModel(cli);
  for (const name of MODELS) {
    await publish(cli, name, "1.0.0");
    await publish(cli, name, "1.1.0", name === "bad" ? drifted : undefined);
  }
  server = await startServe(
    cli,
    ["--registry", "local:reg", ...MODELS.flatMap((m) => ["--model", `${m}@1.0.0`])],
    {
      MLSHIP_ADMIN_TOKEN: TOKEN,
    },
  );
  await writeFile(cli.path("mlship.yml"), "analysis:\n  min_requests: 10\n");
  registry = new LocalRegistry(cli.path("reg"));
  // good@1.0.0 goes live in production first: the rollback target after its canary.
  const first = await (
    await deploy(["--name", "good", "--version", "1.0.0", "--env", "production", "--strategy", "direct"])
  ).exited;
  expect(first.code, first.stderr).toBe(0);
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

/** Runs `mlship <command>` with the admin token while a load loop sends `model` traffic, if asked. */
function mlship(command: string, args: string[], load?: string) {
  let loading = load !== undefined;
  const loop = (async () => {
    while (loading) await traffic(server.url, load!, 16);
  })();
  const run = spawnMlship(cli, [
    command,
    "--registry",
    "local:reg",
    "--target",
    `server:${server.url}`,
    ...args,
  ]);
  const exited = run.exited.then(async (result) => {
    loading = false;
    await loop;
    return result;
  });
  return { ...run, exited };
}

const deploy = (args: string[], load?: string) => mlship("deploy", args, load);

/** The arguments of a rollout of `name`@1.1.0 to production, then `extra`. */
const rollout = (name: string, extra: string[] = []) => [
  "--name",
  name,
  "--version",
  "1.1.0",
  "--env",
  "production",
  ...extra,
];

const rolloutOf = async (model: string) =>
  (await call(`${server.url}/admin/models/${model}/rollout`, { token: TOKEN })).json;

const CHECKS = ["--check", "error_rate <= stable + 0.01", "--check", "prediction_psi < 0.2"];

describe("mlship deploy", () => {
  it("promotes a good canary under load: exit 0, the step table, deployment success", async () => {
    const run = await deploy(rollout("good", ["--steps", "50", "--interval", "2s", ...CHECKS]), "good");
    const { code, stdout, stderr } = await run.exited;
    expect(code, stderr).toBe(0);
    expect(stdout).toContain("canary of good@1.1.0 to production: pass");
    expect(stdout).toMatch(/ 1 +50% +pass +\d+\/\d+ +2\/2 checks passed/);
    expect(stdout).toMatch(/ 2 +100% +promoted/);
    expect(await rolloutOf("good")).toEqual({ stable: "1.1.0", strategy: "canary", weight: 0 });
    expect((await registry.history("good", "production"))[0].state).toBe("success");
  }, 60_000);

  it("rolls a drifted canary back at once: exit 1 naming the check, traffic on stable", async () => {
    const run = await deploy(rollout("bad", ["--steps", "50", "--interval", "2s", ...CHECKS]), "bad");
    const { code, stdout } = await run.exited;
    expect(code).toBe(1);
    expect(stdout).toContain("canary of bad@1.1.0 to production: fail");
    expect(stdout).toMatch(/✗ prediction_psi < 0\.2: [\d.]+ not < 0\.2/);
    expect(stdout).toMatch(/incident opened: mlship: bad in production — rollout of 1\.1\.0 failed/);
    expect(await rolloutOf("bad")).toMatchObject({ stable: "1.0.0", weight: 0 });
    expect((await registry.history("bad", "production"))[0].state).toBe("failure");
  }, 60_000);

  it("fails a step without traffic once max-wait is over, and says that inconclusive counted as fail", async () => {
    const run = await deploy(rollout("quiet", ["--interval", "1s", "--max-wait", "1s"]));
    const { code, stdout } = await run.exited;
    expect(code).toBe(1);
    expect(stdout).toContain("after max-wait 1s: counted as fail (analysis.inconclusive: fail)");
    expect(stdout).toMatch(/\? error_rate <= stable \+ 0\.01: .*fewer than the 10 analysis\.min_requests/);
  }, 60_000);

  it("puts traffic back on stable and marks the deployment error on SIGTERM", async () => {
    const run = await deploy(rollout("term", ["--interval", "60s"]));
    while (!run.stderr().includes("canary 10%: analysing")) await new Promise((r) => setTimeout(r, 50));
    expect(await rolloutOf("term")).toMatchObject({ candidate: "1.1.0", weight: 10 });
    run.child.kill("SIGTERM");
    const { code, stdout } = await run.exited;
    expect(code).toBe(1);
    expect(stdout).toContain("canary of term@1.1.0 to production: cancelled");
    expect(await rolloutOf("term")).toMatchObject({ stable: "1.0.0", weight: 0 });
    const [deployment] = await registry.history("term", "production");
    expect(deployment.state).toBe("error");
  }, 60_000);
});

describe("mlship rollback", () => {
  it("rolls the promoted canary back to 1.0.0, then changes nothing the second time", async () => {
    const first = await mlship("rollback", ["--name", "good", "--env", "production"]).exited;
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("rolled good in production back from 1.1.0 to 1.0.0");
    expect(await rolloutOf("good")).toEqual({ stable: "1.0.0", strategy: "canary", weight: 0 });
    const second = await mlship("rollback", ["--name", "good", "--env", "production"]).exited;
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("rollback of good in production: unchanged");
  });

  it("exit 2 naming why when nothing succeeded in the environment", async () => {
    const result = await cli.run([
      "rollback",
      "--name",
      "bad",
      "--env",
      "production",
      "--registry",
      "local:reg",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("nothing to roll bad in production back to (local:");
    expect(result.stderr).toContain("no deployment of it succeeded");
  });
});

describe("mlship deploy bad input (exit 2)", () => {
  const refused = async (args: string[], config?: string) => {
    if (config !== undefined) await writeFile(cli.path("bad.yml"), config);
    const result = await cli.run([
      "deploy",
      "--registry",
      "local:reg",
      "--name",
      "good",
      "--version",
      "1.1.0",
      "--env",
      "staging",
      ...(config !== undefined ? ["--config", "bad.yml"] : []),
      ...args,
    ]);
    expect(result.code, result.stderr).toBe(2);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    return result.stderr;
  };

  it("names a --check that is no check, and one that cannot be read", async () => {
    expect(await refused(["--check", "error_rat <= 0.1"])).toContain('"error_rat" is not a rollout check');
    expect(await refused(["--check", "error_rate <<= 0.1"])).toContain("--check");
  });

  it("names the line of a bad rule in mlship.yml's deploy.checks", async () => {
    const stderr = await refused(
      [],
      "deploy:\n  checks:\n    - error_rate <= stable + 0.01\n    - latency_p99 <= 100\n",
    );
    expect(stderr).toContain("bad.yml:4 (deploy.checks[1])");
    expect(stderr).toContain('"latency_p99" is not a rollout check');
  });

  it("refuses a strategy that does not exist, naming --strategy", async () => {
    expect(await refused(["--strategy", "rainbow"])).toContain("--strategy");
  });

  it("refuses bad durations and a bad sticky key, naming the option or the setting", async () => {
    expect(await refused(["--strategy", "bluegreen", "--keep-warm", "soon"])).toMatch(
      /--keep-warm.*duration/s,
    );
    expect(await refused(["--strategy", "ab", "--duration", "0s"])).toMatch(/--duration.*duration/s);
    expect(await refused(["--strategy", "ab", "--duration", "2d"])).toContain("--duration");
    expect(await refused(["--strategy", "ab", "--sticky-key", "cookie:x"])).toMatch(/--sticky-key.*header:/s);
    expect(await refused(["--strategy", "ab"], "deploy:\n  ab:\n    confidence: 1.5\n")).toContain(
      "deploy.ab.confidence",
    );
    expect(await refused(["--strategy", "ab"], "deploy:\n  ab:\n    metric: f1\n")).toContain(
      "deploy.ab.metric",
    );
    expect(await refused(["--strategy", "bluegreen"], "deploy:\n  keep_warm: later\n")).toContain(
      "deploy.keep_warm",
    );
  });

  it("refuses a --smoke file that does not exist or does not fit the model's inputs", async () => {
    expect(await refused(["--strategy", "bluegreen", "--smoke", "nowhere.csv"])).toMatch(
      /--smoke .*nowhere\.csv/,
    );
    // The fixture takes an unnamed [N, 3] matrix: the file's first three columns, by position.
    await writeFile(cli.path("other.csv"), "a,b\n1,2\n");
    expect(await refused(["--strategy", "bluegreen", "--smoke", "other.csv"])).toMatch(
      /--smoke .*other\.csv: the model takes 3 unnamed numbers \(X\); the file has 2 columns/,
    );
    await writeFile(cli.path("words.csv"), "a,b,c\n1,2,3\nmany,1,2\n");
    expect(await refused(["--strategy", "bluegreen", "--smoke", "words.csv"])).toMatch(
      /--smoke .*words\.csv:3: column "a" holds "many", but the model takes numbers there/,
    );
    // Nothing was recorded for the refused rollouts.
    expect(await registry.history("good", "staging")).toEqual([]);
  });

  it("refuses steps that do not ascend, and a target of another kind", async () => {
    expect(await refused(["--steps", "50,25"])).toMatch(/--steps.*ascending/s);
    expect(await refused(["--target", "kserve:ns/churn"])).toContain("planned for a later release");
    expect(await refused(["--target", "server:ftp://x"])).toContain("server:<http(s) URL");
  });

  it("refuses an unknown version, naming the registry", async () => {
    const result = await cli.run([
      "deploy",
      "--registry",
      "local:reg",
      "--target",
      `server:${server.url}`,
      "--name",
      "good",
      "--version",
      "7.0.0",
      "--env",
      "staging",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("good@7.0.0 is not in local:");
  });
});
