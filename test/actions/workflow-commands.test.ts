/**
 * How the runner reads commands from a step's output (the parser the action
 * tests rely on), and the guard that keeps data from forming one.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  asOwnCommands,
  escapeCommandLine,
  escapeCommandLines,
  guardWritable,
} from "../../src/actions/workflow-commands.js";
import { FORGED, HOSTILE_BLOCK, HOSTILE_LINES } from "./hostile-text.js";
import { parseWorkflowCommands } from "./runner.js";

const names = (stdout: string, stderr = "") => parseWorkflowCommands(stdout, stderr).map((c) => c.command);

describe("parseWorkflowCommands reads output as the runner does", () => {
  it("reads a command after leading whitespace, .NET's included, on stdout and stderr", () => {
    expect(names("  ::add-mask::a\n\u00a0::add-mask::b\n\u0085::debug::c", "\t::error::d")).toEqual([
      "add-mask",
      "add-mask",
      "debug",
      "error",
    ]);
  });

  it("ends lines at \\r as well as \\n", () => {
    expect(parseWorkflowCommands("progress 10%\r::add-mask::x\r\n::debug::y")).toMatchObject([
      { command: "add-mask", message: "x" },
      { command: "debug", message: "y" },
    ]);
  });

  it("reads only registered commands, in any case", () => {
    expect(names("::unknown::x\n::Add-Mask::y\n::warning::z")).toEqual(["Add-Mask", "warning"]);
  });

  it("reads the older ##[name]data form anywhere in a line", () => {
    expect(
      parseWorkflowCommands("before ##[add-mask]secret\n##[warning file=a%3Bb.csv;line=2]x%5D"),
    ).toMatchObject([
      { command: "add-mask", message: "secret" },
      { command: "warning", properties: { file: "a;b.csv", line: "2" }, message: "x]" },
    ]);
  });

  it("decodes properties and data with the runner's escapes only", () => {
    expect(parseWorkflowCommands("::warning title=a%3Ab%2Cc%25,file=x.csv::100%25%0Anext %41")).toMatchObject(
      [{ command: "warning", properties: { title: "a:b,c%", file: "x.csv" }, message: "100%\nnext %41" }],
    );
  });

  it("executes nothing between ::stop-commands::<token> and ::<token>::", () => {
    expect(
      parseWorkflowCommands(
        "::stop-commands::tok42\n::add-mask::hidden\n##[debug]hidden\n::TOK42::\n::debug::after",
      ),
    ).toMatchObject([
      { command: "stop-commands", message: "tok42" },
      { command: "TOK42" },
      { command: "debug", message: "after" },
    ]);
  });

  it("does not stop for a token that is empty or a command's name", () => {
    expect(names("::stop-commands::warning\n::add-mask::x\n::stop-commands::\n::debug::y")).toEqual([
      "stop-commands",
      "add-mask",
      "stop-commands",
      "debug",
    ]);
  });

  it("finds every hostile line when it is printed as it is", () => {
    const commands = parseWorkflowCommands(HOSTILE_BLOCK.replace(/::stop-commands::\w+/, ""));
    expect(commands).toHaveLength(HOSTILE_LINES.length - 1);
  });
});

describe("escapeCommandLines", () => {
  it("leaves every hostile line unreadable as a command, on any line break", () => {
    expect(parseWorkflowCommands(escapeCommandLines(HOSTILE_BLOCK))).toEqual([]);
  });

  it("escapes only the lines that could be commands, reversibly, keeping their line breaks", () => {
    const escaped = escapeCommandLines(`a :: b\r\n  ::add-mask::50% off\r##[debug]x ##[y\n`);
    expect(escaped).toBe("a :: b\r\n  %3A%3Aadd-mask::50%25 off\r##%5Bdebug]x ##%5By\n");
    expect(escaped.split(/(\r\n|\r|\n)/).map((part) => decodeURIComponent(part))).toEqual(
      `a :: b\r\n  ::add-mask::50% off\r##[debug]x ##[y\n`.split(/(\r\n|\r|\n)/),
    );
  });

  it("leaves ordinary log lines as they are", () => {
    const lines = [
      "Restored the training cache mlship-train-linux-ab12.",
      "p = 0.05 (100%)",
      "a::b",
      "# title",
    ];
    for (const line of lines) expect(escapeCommandLine(line)).toBe(line);
  });
});

/** A guarded stream and what reached the other side of it. */
function guarded() {
  const sink = new PassThrough();
  let written = "";
  sink.setEncoding("utf8").on("data", (text: string) => {
    written += text;
  });
  const flush = guardWritable(sink);
  return { stream: sink, flush, written: () => written };
}

describe("guardWritable", () => {
  it("escapes a command split across writes, and holds a line until it ends", async () => {
    const out = guarded();
    out.stream.write(":");
    out.stream.write(":add-mask::");
    await new Promise((done) => setImmediate(done));
    expect(out.written()).toBe("");
    out.stream.write(`${FORGED}\nnext`);
    out.flush();
    await new Promise((done) => setImmediate(done));
    expect(out.written()).toBe(`%3A%3Aadd-mask::${FORGED}\nnext`);
    expect(parseWorkflowCommands(out.written())).toEqual([]);
  });

  it("decodes bytes split inside a character", async () => {
    const out = guarded();
    const bytes = Buffer.from("  ::warning::é\n");
    out.stream.write(bytes.subarray(0, 14));
    out.stream.write(bytes.subarray(14));
    await new Promise((done) => setImmediate(done));
    expect(out.written()).toBe("  %3A%3Awarning::é\n");
  });

  it("passes our own commands, each on a line of its own after an unfinished data line", async () => {
    const out = guarded();
    out.stream.write("::debug::data\n");
    out.stream.write("unfinished ::");
    asOwnCommands(() => out.stream.write("::warning title=t::ours\n"));
    await new Promise((done) => setImmediate(done));
    expect(parseWorkflowCommands(out.written())).toMatchObject([
      { command: "warning", properties: { title: "t" }, message: "ours" },
    ]);
    expect(out.written()).toBe("%3A%3Adebug::data\nunfinished ::\n::warning title=t::ours\n");
  });

  it("keeps the pass for work started inside asOwnCommands, and only there", async () => {
    const out = guarded();
    await asOwnCommands(async () => {
      await new Promise((done) => setTimeout(done, 1));
      out.stream.write("::debug::cache service\n");
    });
    out.stream.write("::debug::data\n");
    await new Promise((done) => setImmediate(done));
    expect(parseWorkflowCommands(out.written())).toMatchObject([
      { command: "debug", message: "cache service" },
    ]);
  });
});
