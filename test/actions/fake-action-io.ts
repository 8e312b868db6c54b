/** An ActionIO that records what an action did, in order, for tests. */
import type { ActionIO, AnnotationLevel, AnnotationLocation } from "../../src/actions/action-io.js";

export type ActionEvent =
  | { kind: "output"; name: string; value: string }
  | { kind: "summary"; markdown: string }
  | { kind: "annotation"; level: AnnotationLevel; message: string; location?: AnnotationLocation }
  | { kind: "info"; message: string }
  | { kind: "failed"; message: string };

export class FakeActionIO implements ActionIO {
  readonly events: ActionEvent[] = [];

  setOutput(name: string, value: string): void {
    this.events.push({ kind: "output", name, value });
  }
  async writeSummary(markdown: string): Promise<void> {
    this.events.push({ kind: "summary", markdown });
  }
  annotate(level: AnnotationLevel, message: string, location?: AnnotationLocation): void {
    this.events.push({ kind: "annotation", level, message, location });
  }
  info(message: string): void {
    this.events.push({ kind: "info", message });
  }
  setFailed(message: string): void {
    this.events.push({ kind: "failed", message });
  }

  outputs(): Record<string, string> {
    return Object.fromEntries(
      this.events.flatMap((e) => (e.kind === "output" ? [[e.name, e.value] as const] : [])),
    );
  }
  annotations(level?: AnnotationLevel) {
    return this.events.filter(
      (e): e is Extract<ActionEvent, { kind: "annotation" }> =>
        e.kind === "annotation" && (level === undefined || e.level === level),
    );
  }
}
