import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { type Annotation, emitAnnotations, workspacePath } from "../../src/actions/annotations.js";
import { FakeActionIO } from "./fake-action-io.js";

const make = (level: Annotation["level"], n: number): Annotation[] =>
  Array.from({ length: n }, (_, i) => ({ level, message: `${level} ${i}`, file: "a.csv", startLine: i + 2 }));

describe("emitAnnotations", () => {
  it("emits errors before warnings", () => {
    const io = new FakeActionIO();
    emitAnnotations(io, [...make("warning", 1), ...make("error", 1)]);
    expect(io.annotations().map((a) => a.level)).toEqual(["error", "warning"]);
  });

  it("emits at most 10 of each level and returns how many it emitted", () => {
    const io = new FakeActionIO();
    expect(emitAnnotations(io, [...make("error", 12), ...make("warning", 15)])).toBe(20);
    expect(io.annotations("error")).toHaveLength(10);
    expect(io.annotations("warning")).toHaveLength(10);
    expect(io.annotations("error").map((a) => a.message)).toEqual(make("error", 10).map((a) => a.message));
  });

  it("leaves reserved error slots free", () => {
    const io = new FakeActionIO();
    emitAnnotations(io, make("error", 12), { reserveErrors: 1 });
    expect(io.annotations("error")).toHaveLength(9);
  });

  it("passes file, line and title through", () => {
    const io = new FakeActionIO();
    emitAnnotations(io, [{ level: "warning", message: "m", file: "d/a.csv", startLine: 4, title: "t" }]);
    expect(io.annotations()[0]).toEqual({
      kind: "annotation",
      level: "warning",
      message: "m",
      location: { file: "d/a.csv", startLine: 4, title: "t" },
    });
  });
});

describe("workspacePath", () => {
  const workspace = join("/home", "runner", "work", "repo", "repo");

  it("makes a path inside the workspace relative, with forward slashes", () => {
    expect(workspacePath(join(workspace, "data", "a.csv"), workspace)).toBe("data/a.csv");
  });

  it("leaves a path outside the workspace as it is", () => {
    expect(workspacePath("/tmp/a.csv", workspace)).toBe("/tmp/a.csv");
    expect(workspacePath(join(workspace, "..", "..repo", "a.csv"), workspace)).toBe(
      join(workspace, "..", "..repo", "a.csv"),
    );
  });

  it("keeps a folder whose name starts with two dots inside", () => {
    expect(workspacePath(join(workspace, "..data", "a.csv"), workspace)).toBe("..data/a.csv");
  });

  it("reads a relative path against the working directory", () => {
    expect(workspacePath("data/a.csv", process.cwd())).toBe("data/a.csv");
  });
});
