/**
 * Files and streams (README.md): what the CLI does with output paths that are not plain files
 * (devices, FIFOs, symlinks, sockets, folders, `-`), with output folders that are files, and with
 * inputs that are standard input or FIFOs. Every run that could wait on a FIFO has its own
 * timeout and is killed by it, so no test can hang the suite.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { constants } from "node:fs";
import {
  chmod,
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  readlink,
  stat,
  symlink,
  writeFile,
} from "node:fs/promises";
import { createServer } from "node:net";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import type { DataProfile } from "../../src/data/profile/profile.js";
import type { ValidationReport } from "../../src/data/validate/report.js";
import { type CliResult, expectNoCrash, expectUserError, readJson, useCli } from "./run-cli.js";

const cli = useCli("files");
const CSV = "a,b\n1,x\n2,y\n3,x\n4,y\n";
/** Long enough for a CLI run, short enough that a run wrongly waiting forever fails the test. */
const RUN_LIMIT_MS = 30_000;

async function file(name: string, content: string | Buffer): Promise<string> {
  await mkdir(cli.path(name.includes("/") ? name.slice(0, name.lastIndexOf("/")) : "."), { recursive: true });
  await writeFile(cli.path(name), content);
  return name;
}

function mkfifo(name: string): string {
  execFileSync("mkfifo", [cli.path(name)]);
  return name;
}

const isRoot = process.getuid?.() === 0;

describe("output to special files is written in place, never replaced", () => {
  it("--json to a null device: exit 0, and the device is still a character device", async () => {
    // A private node of the null device (1, 3) when the tests may make one, so that a regression
    // replaces a file in the test's own folder rather than this machine's /dev/null.
    const device = isRoot ? cli.path("null") : "/dev/null";
    if (isRoot) execFileSync("mknod", ["-m", "666", device, "c", "1", "3"]);
    expect((await lstat(device)).isCharacterDevice()).toBe(true);
    const result = await cli.run(["validate", await file("null.csv", CSV), "--json", device]);
    expectNoCrash(result);
    expect(result.code).toBe(0);
    expect((await lstat(device)).isCharacterDevice()).toBe(true);
  });

  it("a FIFO with a reader: the reader receives the report and the FIFO stays a FIFO", async () => {
    const fifo = mkfifo("report.fifo");
    // The reader opens first (its open waits for the writer), as `cat report.fifo &` would.
    const received = readFile(cli.path(fifo), "utf8");
    let result: CliResult;
    try {
      result = await cli.run(["validate", await file("fifo.csv", CSV), "--json", fifo], {
        timeoutMs: RUN_LIMIT_MS,
      });
    } finally {
      await releaseReader(fifo);
    }
    expectNoCrash(result);
    expect(result.code).toBe(0);
    expect((JSON.parse(await received) as ValidationReport).rows).toBe(4);
    expect((await lstat(cli.path(fifo))).isFIFO()).toBe(true);
  });

  it("a FIFO nobody reads: exit 2 saying so, without waiting for a reader", async () => {
    const fifo = mkfifo("unread.fifo");
    const result = await cli.run(["validate", await file("unread.csv", CSV), "--json", fifo], {
      timeoutMs: RUN_LIMIT_MS,
    });
    expectUserError(result);
    expect(result.stderr).toMatch(/--json: unread\.fifo is a FIFO that no process is reading/);
    expect((await lstat(cli.path(fifo))).isFIFO()).toBe(true);
  });

  it("a socket: exit 2 naming the option and the socket", async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(cli.path("out.sock"), resolve));
    try {
      const result = await cli.run(["validate", await file("sock.csv", CSV), "--json", "out.sock"]);
      expectUserError(result);
      expect(result.stderr).toMatch(/--json: out\.sock is a socket/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe("output through a symlink writes its target and keeps the link", () => {
  it("a link to an existing report: the target has the new report, the link is still a link to it", async () => {
    await file("links/target.json", "old");
    await symlink("target.json", cli.path("links/report.json"));
    const result = await cli.run([
      "validate",
      await file("links/data.csv", CSV),
      "--json",
      "links/report.json",
    ]);
    expectNoCrash(result);
    expect(result.code).toBe(0);
    expect(await readlink(cli.path("links/report.json"))).toBe("target.json");
    expect((await readJson<ValidationReport>(cli.path("links/target.json"))).rows).toBe(4);
    expect((await readdir(cli.path("links"))).sort()).toEqual(["data.csv", "report.json", "target.json"]);
  });

  it("a link to a file that does not exist yet: the file is created where the link points", async () => {
    await mkdir(cli.path("dangling"), { recursive: true });
    await symlink("made.json", cli.path("dangling/report.json"));
    const result = await cli.run([
      "validate",
      await file("dangling/data.csv", CSV),
      "--json",
      "dangling/report.json",
    ]);
    expectNoCrash(result);
    expect(result.code).toBe(0);
    expect((await lstat(cli.path("dangling/report.json"))).isSymbolicLink()).toBe(true);
    expect((await readJson<ValidationReport>(cli.path("dangling/made.json"))).rows).toBe(4);
  });
});

describe("a replaced regular file", () => {
  it("keeps its permissions", async () => {
    await file("modes/report.json", "old");
    await chmod(cli.path("modes/report.json"), 0o640);
    const result = await cli.run([
      "validate",
      await file("modes/data.csv", CSV),
      "--json",
      "modes/report.json",
    ]);
    expect(result.code).toBe(0);
    expect((await stat(cli.path("modes/report.json"))).mode & 0o777).toBe(0o640);
  });
});

describe("- (and /dev/stdout) is standard output for every output option", () => {
  it("profile -o -: the profile alone on stdout", async () => {
    const result = await cli.run(["profile", await file("stdout.csv", CSV), "-o", "-"]);
    expect(result.code).toBe(0);
    const profile = JSON.parse(result.stdout) as DataProfile;
    expect(profile.kind).toBe("mlship.profile");
    expect(profile.rows).toBe(4);
  });

  it("profile -o /dev/stdout: the same as -", async () => {
    const result = await cli.run(["profile", await file("devstdout.csv", CSV), "-o", "/dev/stdout"]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as DataProfile).rows).toBe(4);
  });

  it("validate --profile-out -: the profile alone on stdout, the report in its file", async () => {
    const result = await cli.run([
      "validate",
      await file("profile-out.csv", CSV),
      "--profile-out",
      "-",
      "--json",
      "profile-out.report.json",
    ]);
    expect(result.code).toBe(0);
    expect((JSON.parse(result.stdout) as DataProfile).kind).toBe("mlship.profile");
    expect((await readJson<ValidationReport>(cli.path("profile-out.report.json"))).rows).toBe(4);
  });

  it("schema infer -o -: the YAML schema alone on stdout", async () => {
    const result = await cli.run(["schema", "infer", await file("infer.csv", CSV), "-o", "-"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^# Proposed by/);
    expect(result.stdout).not.toContain("wrote -");
  });

  it("config schema -o -: the JSON Schema on stdout", async () => {
    const result = await cli.run(["config", "schema", "-o", "-"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveProperty("$schema");
  });

  it("two outputs to stdout: exit 2 naming both", async () => {
    const result = await cli.run([
      "validate",
      await file("two.csv", CSV),
      "--json",
      "-",
      "--profile-out",
      "-",
    ]);
    expectUserError(result);
    expect(result.stderr).toMatch(/--json - and --profile-out -: only one output can go to standard output/);
  });
});

describe("an output file that is a folder, an output folder that is a file: exit 2 before any work", () => {
  it.each([
    ["validate --json", ["validate", "data.csv", "--json", "a-folder"], "--json"],
    ["validate --profile-out", ["validate", "data.csv", "--profile-out", "a-folder"], "--profile-out"],
    ["profile -o", ["profile", "data.csv", "-o", "a-folder"], "--output"],
    ["schema infer -o", ["schema", "infer", "data.csv", "-o", "a-folder"], "--output"],
    ["config schema -o", ["config", "schema", "-o", "a-folder"], "--output"],
    [
      "evaluate --report (before the model is even read)",
      ["evaluate", "--model", "missing.onnx", "--data", "data.csv", "--label", "b", "--report", "a-folder"],
      "--report",
    ],
  ])("%s naming a folder", async (_, args, option) => {
    await mkdir(cli.path("a-folder"), { recursive: true });
    await file("data.csv", CSV);
    const result = await cli.run(args);
    expectUserError(result);
    expect(result.stderr).toContain(`${option}: a-folder is a folder`);
  });

  it.each([
    ["train --out", ["train", "--data", "data.csv", "--label", "b", "--out", "a-file"], "--out"],
    ["registry download -o", ["registry", "download", "churn@latest", "-o", "a-file"], "--output"],
    ["demo --workdir", ["demo", "--workdir", "a-file"], "--workdir"],
  ])("%s naming a file", async (_, args, option) => {
    await file("data.csv", CSV);
    await file("a-file", "I am a file");
    const result = await cli.run(args);
    expectUserError(result);
    expect(result.stderr).toContain(`${option}: a-file is a file, not a folder`);
    expect(result.stdout).toBe(""); // nothing was trained, downloaded or validated first
    expect(await readFile(cli.path("a-file"), "utf8")).toBe("I am a file");
  });

  it("train --out whose model.onnx is a folder: exit 2 before training", async () => {
    await mkdir(cli.path("out-with-folder/model.onnx"), { recursive: true });
    const result = await cli.run([
      "train",
      "--data",
      await file("train.csv", CSV),
      "--label",
      "b",
      "--out",
      "out-with-folder",
    ]);
    expectUserError(result);
    expect(result.stderr).toMatch(/--out: .*model\.onnx is a folder/);
    expect(await readdir(cli.path("out-with-folder"))).toEqual(["model.onnx"]);
  });

  it("a file in the output's path (ENOTDIR): exit 2 naming the file that is no folder", async () => {
    const result = await cli.run([
      "validate",
      await file("notdir.csv", CSV),
      "--json",
      "notdir.csv/report.json",
    ]);
    expectUserError(result);
    expect(result.stderr).toContain(
      "--json: cannot write notdir.csv/report.json: notdir.csv is a file, not a folder",
    );
  });

  it.skipIf(isRoot)(
    "a folder without write permission (EACCES): exit 2 saying permission denied",
    async () => {
      await mkdir(cli.path("locked"), { recursive: true });
      await chmod(cli.path("locked"), 0o555);
      try {
        const result = await cli.run([
          "validate",
          await file("locked.csv", CSV),
          "--json",
          "locked/report.json",
        ]);
        expectUserError(result);
        expect(result.stderr).toMatch(/--json: cannot write .*locked: permission denied/);
      } finally {
        await chmod(cli.path("locked"), 0o755);
      }
    },
  );
});

describe("input from standard input, read once as a stream", () => {
  it("validate - with CSV piped in: exit 0, its rows, and the fingerprint of the bytes read", async () => {
    const result = await cli.run(["validate", "-", "--json", "stdin.report.json"], { stdin: CSV });
    expectNoCrash(result);
    expect(result.code).toBe(0);
    const report = await readJson<ValidationReport>(cli.path("stdin.report.json"));
    expect(report.rows).toBe(4);
    expect(report.format).toBe("csv");
    expect(report.fingerprint.sha256).toBe(createHash("sha256").update(CSV).digest("hex"));
  });

  it("validate /dev/stdin with gzipped CSV piped in: told gzip from its first bytes, without seeking", async () => {
    const result = await cli.run(["validate", "/dev/stdin", "--json", "gz.report.json"], {
      stdin: gzipSync(CSV),
    });
    expectNoCrash(result);
    expect(result.code).toBe(0);
    expect((await readJson<ValidationReport>(cli.path("gz.report.json"))).rows).toBe(4);
  });

  it("validate - with JSON Lines piped in: read as JSON Lines", async () => {
    const result = await cli.run(["validate", "-", "--json", "jsonl.report.json"], {
      stdin: '{"a": 1, "b": "x"}\n{"a": 2, "b": "y"}\n',
    });
    expect(result.code).toBe(0);
    const report = await readJson<ValidationReport>(cli.path("jsonl.report.json"));
    expect([report.format, report.rows]).toEqual(["jsonl", 2]);
  });

  it("validate - --threads 4 with a pipe: read in one pass (no byte offsets to split at)", async () => {
    const rows = Array.from({ length: 5000 }, (_, i) => `${i},${i % 7 === 0 ? "x" : "y"}`).join("\n");
    const result = await cli.run(["validate", "-", "--threads", "4", "--json", "threads.report.json"], {
      stdin: `a,b\n${rows}\n`,
    });
    expectNoCrash(result);
    expect((await readJson<ValidationReport>(cli.path("threads.report.json"))).rows).toBe(5000);
  });

  it("validate - with nothing on standard input: exit 2, says it is empty", async () => {
    const result = await cli.run(["validate", "-"]);
    expectUserError(result);
    expect(result.stderr).toMatch(/- is empty/);
  });

  it("--schema - with the schema piped in", async () => {
    const schema = "columns:\n  a: {type: integer}\n  b: {type: category, values: [x, y]}\n";
    const result = await cli.run(["validate", await file("schema-stdin.csv", CSV), "--schema", "-"], {
      stdin: schema,
    });
    expect(result.code, result.stderr).toBe(0);
  });

  it("profile merge - with a profile piped in", async () => {
    const profiled = await cli.run(["profile", await file("merge.csv", CSV), "-o", "-"]);
    const result = await cli.run(["profile", "merge", "-", "-o", "merged.json"], { stdin: profiled.stdout });
    expect(result.code, result.stderr).toBe(0);
    expect((await readJson<DataProfile>(cli.path("merged.json"))).rows).toBe(4);
  });

  it("two inputs from standard input: exit 2, it can be read only once", async () => {
    const result = await cli.run(["validate", "-", "--schema", "-"], { stdin: CSV });
    expectUserError(result);
    expect(result.stderr).toMatch(/--schema - and -: standard input can be read only once/);
  });

  it("train --data - from a pipe: exit 2, training reads the data more than once", async () => {
    const result = await cli.run(["train", "--data", "-", "--label", "b", "--out", "piped-train"], {
      stdin: CSV,
    });
    expectUserError(result);
    expect(result.stderr).toMatch(/- is standard input, which can be read only once, but training reads/);
  });

  it("train --data - redirected from a file: a regular file, trained on", async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `${i},${i % 3},${i % 2 === 0 ? "x" : "y"}`).join("\n");
    const data = await file("redirected.csv", `a,c,b\n${rows}\n`);
    const result = await cli.run(["train", "--data", "-", "--label", "b", "--out", "redirected-train"], {
      stdin: { file: cli.path(data) },
    });
    expectNoCrash(result);
    expect(result.code, result.stderr).toBe(0);
    expect(await readdir(cli.path("redirected-train"))).toContain("model.onnx");
  });

  it("validate - without a reference: checked, and stderr says the outliers were not counted (a second read)", async () => {
    const result = await cli.run(["validate", "-", "--json", "outliers.report.json"], { stdin: CSV });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/outliers were not counted: .* - is standard input, read once/);
  });

  it("validate - with a schema's maxOutlierShare and no reference: exit 2 before reading, naming the setting", async () => {
    const schema = await file(
      "outlier-limit.yml",
      "dataset: {maxOutlierShare: 0.1}\ncolumns:\n  a: {type: integer}\n  b: {type: category}\n",
    );
    const result = await cli.run(["validate", "-", "--schema", schema], { stdin: CSV });
    expectUserError(result);
    expect(result.stderr).toMatch(/maxOutlierShare/);
  });

  it("evaluate --data - from a pipe: exit 2, evaluation reads the data more than once", async () => {
    const result = await cli.run(
      ["evaluate", "--model", "m.onnx", "--data", "-", "--label", "b", "--no-baseline"],
      { stdin: CSV },
    );
    expectUserError(result);
    expect(result.stderr).toMatch(/- is standard input, which can be read only once, but evaluation reads/);
  });

  it("package --model - from a pipe: exit 2, the model is attached after it is read", async () => {
    const result = await cli.run(["package", "--model", "-", "--name", "churn", "--registry", "local:reg"], {
      stdin: "not a model",
    });
    expectUserError(result);
    expect(result.stderr).toMatch(/- is standard input, which can be read only once/);
  });

  it("Parquet piped in: exit 2, Parquet needs random access", async () => {
    const result = await cli.run(["validate", "-", "--format", "parquet"], { stdin: "PAR1 not really" });
    expectUserError(result);
    expect(result.stderr).toMatch(/Parquet needs random access/);
  });
});

describe("input from a FIFO", () => {
  it("with no writer yet: says on stderr it is waiting for one, then validates what the writer sends", async () => {
    const fifo = mkfifo("data.fifo");
    let wrote = false;
    const result = await cli.run(["validate", fifo, "--json", "fifo-in.report.json"], {
      timeoutMs: RUN_LIMIT_MS,
      onStderr: (stderr) => {
        if (wrote || !stderr.includes(`waiting for a writer on ${fifo}`)) return;
        wrote = true;
        void writeToReader(fifo, CSV);
      },
    });
    expect(wrote).toBe(true);
    expectNoCrash(result);
    expect(result.code).toBe(0);
    expect((await readJson<ValidationReport>(cli.path("fifo-in.report.json"))).rows).toBe(4);
  });

  it("a schema from a FIFO, written after mlship waits for it", async () => {
    const fifo = mkfifo("schema.fifo");
    let wrote = false;
    const result = await cli.run(["validate", await file("fifo-schema.csv", CSV), "--schema", fifo], {
      timeoutMs: RUN_LIMIT_MS,
      onStderr: (stderr) => {
        if (wrote || !stderr.includes("waiting for a writer")) return;
        wrote = true;
        void writeToReader(fifo, "columns:\n  a: {type: integer}\n  b: {type: category}\n");
      },
    });
    expect(wrote).toBe(true);
    expect(result.code, result.stderr).toBe(0);
  });
});

/** Writes to a FIFO whose reader is waiting; never waits itself (no reader: ENXIO). */
async function writeToReader(fifo: string, text: string): Promise<void> {
  const handle = await open(cli.path(fifo), constants.O_WRONLY | constants.O_NONBLOCK);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

/** Ends a reader still waiting on a FIFO nobody opened for writing (a failed run), so it cannot hang. */
async function releaseReader(fifo: string): Promise<void> {
  const handle = await open(cli.path(fifo), constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
  await handle?.close();
}
