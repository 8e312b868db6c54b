import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MlshipError } from "../lib/errors.js";
import { bestTrial, nextTrialNumber, readStudy, resumeStudy, StudyWriter } from "./study.js";

let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "mlship-study-"));
  file = join(dir, "study.jsonl");
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function writeSample(writer: StudyWriter): Promise<void> {
  await writer.append({
    event: "study",
    version: 1,
    objective: "auc",
    direction: "maximize",
    method: "tpe",
    seed: 3,
  });
  await writer.append({
    event: "started",
    trial: 0,
    params: { lr: 0.1, kind: "a" },
    at: "2025-01-01T00:00:00.000Z",
  });
  await writer.append({ event: "progress", trial: 0, step: 1, value: 0.7 });
  await writer.append({ event: "started", trial: 1, params: { lr: 0.01, kind: "b" } });
  await writer.append({ event: "progress", trial: 1, step: 1, value: Number.NaN });
  await writer.append({ event: "finished", trial: 1, status: "pruned", metrics: {}, durationMs: 10 });
  await writer.append({
    event: "finished",
    trial: 0,
    status: "complete",
    value: 0.8,
    metrics: { auc: 0.8 },
    durationMs: 20,
  });
}

function errorOf(promise: Promise<unknown>): Promise<MlshipError> {
  return promise.then(
    () => {
      throw new Error("expected an error");
    },
    (error: unknown) => error as MlshipError,
  );
}

describe("study file", () => {
  it("round-trips events into trials", async () => {
    await writeSample(new StudyWriter(file));
    const study = await readStudy(file);
    expect(study.header).toMatchObject({ objective: "auc", direction: "maximize", seed: 3 });
    expect(study.tornLine).toBeUndefined();
    expect(study.trials.map((t) => [t.number, t.status])).toEqual([
      [0, "complete"],
      [1, "pruned"],
    ]);
    expect(study.trials[0]).toMatchObject({ params: { lr: 0.1, kind: "a" }, value: 0.8, durationMs: 20 });
    expect(study.trials[0].progress).toEqual([{ step: 1, value: 0.7, seq: 3 }]);
    expect(study.trials[1].progress[0].value).toBeNaN();
  });

  it("keeps concurrent appends whole and in call order", async () => {
    const writer = new StudyWriter(file);
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => writer.append({ event: "started", trial: i, params: { i } })),
    );
    const study = await readStudy(file);
    expect(study.trials.map((t) => t.params.i)).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("ignores a torn last line and reports it", async () => {
    await writeSample(new StudyWriter(file));
    await writeFile(file, `${await readFile(file, "utf8")}{"event":"progress","tri`);
    const study = await readStudy(file);
    expect(study.tornLine).toEqual({ line: 8, text: '{"event":"progress","tri' });
    expect(study.trials).toHaveLength(2);
  });

  it("reports any other bad line with its line number", async () => {
    await writeFile(
      file,
      '{"event":"started","trial":0,"params":{}}\nnot json\n{"event":"started","trial":1,"params":{}}\n',
    );
    const bad = await errorOf(readStudy(file));
    expect(bad).toBeInstanceOf(MlshipError);
    expect(bad.location).toMatchObject({ file, line: 2 });
    await writeFile(file, '{"event":"progress","trial":4,"step":1,"value":1}\n');
    const orphan = await errorOf(readStudy(file));
    expect(orphan.location.line).toBe(1);
    expect(orphan.message).toContain("never started");
    await writeFile(file, '{"event":"started","trial":0,"params":{},"colour":1}\n');
    expect((await errorOf(readStudy(file))).message).toContain("not a study event");
  });

  it("says when the file is missing", async () => {
    expect((await errorOf(readStudy(file))).code).toBe("file_not_found");
  });

  it("resumes: cuts the torn line, continues numbering, and reads back what was appended after", async () => {
    await writeSample(new StudyWriter(file));
    await writeFile(file, `${await readFile(file, "utf8")}{"event":"started","trial":2,"par`);
    const resumed = await resumeStudy(file);
    expect(nextTrialNumber(resumed)).toBe(2);
    await new StudyWriter(file).append({ event: "started", trial: 2, params: { lr: 0.5, kind: "a" } });
    const study = await readStudy(file);
    expect(study.tornLine).toBeUndefined();
    expect(study.trials.map((t) => [t.number, t.status])).toEqual([
      [0, "complete"],
      [1, "pruned"],
      [2, "running"],
    ]);
  });

  it("resumes a file whose valid last line lacks its newline, and starts a missing one empty", async () => {
    await writeFile(file, '{"event":"started","trial":0,"params":{}}');
    const resumed = await resumeStudy(file);
    expect(resumed.trials).toHaveLength(1);
    expect(await readFile(file, "utf8")).toBe('{"event":"started","trial":0,"params":{}}\n');
    const fresh = await resumeStudy(join(dir, "new.jsonl"));
    expect(fresh.trials).toEqual([]);
    expect(nextTrialNumber(fresh)).toBe(0);
  });
});

describe("bestTrial", () => {
  it("picks the best complete trial, lower number on ties, in either direction", async () => {
    const writer = new StudyWriter(file);
    const finish = async (trial: number, status: "complete" | "failed", auc: number) => {
      await writer.append({ event: "started", trial, params: { trial } });
      await writer.append({ event: "finished", trial, status, metrics: { auc } });
    };
    await finish(0, "complete", 0.7);
    await finish(1, "complete", 0.9);
    await finish(2, "complete", 0.9);
    await finish(3, "failed", 0.99);
    await finish(4, "complete", 0.6);
    await finish(5, "complete", 0.6);
    const study = await readStudy(file);
    expect(bestTrial(study, "auc", "maximize")?.number).toBe(1);
    expect(bestTrial(study, "auc", "minimize")?.number).toBe(4);
    expect(bestTrial(study, "f1", "maximize")).toBeUndefined();
  });
});
