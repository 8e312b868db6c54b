import { describe, expect, it } from "vitest";
import { createProgress } from "./progress.js";

function fakeOutput(isTTY: boolean) {
  const written: string[] = [];
  return { isTTY, written, write: (text: string) => written.push(text) };
}

describe("progress", () => {
  it("redraws one terminal line at most ten times a second and erases it when done", () => {
    let clock = 0;
    const output = fakeOutput(true);
    const progress = createProgress(output, "validate data.csv", () => clock);
    clock = 50;
    progress.update(10e6, 100e6); // too soon after the start
    clock = 160;
    progress.update(25e6, 100e6);
    clock = 210;
    progress.update(30e6, 100e6); // too soon after the last draw
    progress.finish();
    expect(output.written).toEqual(["\r\x1b[Kvalidate data.csv: 25% (25 of 100 MB, 0.2 s)", "\r\x1b[K"]);
  });

  it("writes a plain line at most every ten seconds in a log, so a short run prints nothing", () => {
    let clock = 0;
    const output = fakeOutput(false);
    const progress = createProgress(output, "validate data.csv", () => clock);
    clock = 5_000;
    progress.update(50e6, 500e6);
    clock = 12_000;
    progress.update(120e6, 500e6);
    clock = 15_000;
    progress.update(150e6, 500e6);
    progress.finish();
    expect(output.written).toEqual(["validate data.csv: 24% (120 of 500 MB, 12.0 s)\n"]);
  });

  it("draws nothing on a terminal when the work ends before the first redraw", () => {
    const output = fakeOutput(true);
    const progress = createProgress(output, "validate", () => 0);
    progress.update(1, 2);
    progress.finish();
    expect(output.written).toEqual([]);
  });

  it("counts the megabytes read of a stream, whose size is unknown (0), without a percentage", () => {
    let clock = 0;
    const output = fakeOutput(false);
    const progress = createProgress(output, "validating -", () => clock);
    clock = 11_000;
    progress.update(42e6, 0);
    expect(output.written).toEqual(["validating -: 42 MB read (11.0 s)\n"]);
  });
});
