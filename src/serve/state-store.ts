/**
 * What the server serves, kept under `--state <dir>` (docs/design.md, "Model server") so that a restarted
 * server comes back serving exactly that: per model, its rollout and the versions loaded. The file
 * (`<dir>/state.json`, `schemaVersion: 1`) is read at start-up and rewritten whole on every change,
 * through a temporary file and a rename, one change at a time. A file that is not valid JSON or not the
 * state is refused, naming the file and what is wrong, and left as it is: it is never reset.
 */
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeJsonAtomic } from "../lib/atomic-write.js";
import { MlshipError } from "../lib/errors.js";
import { ownRecord, ownValue } from "../lib/own-keys.js";
import { parseStructured } from "../lib/structured-file.js";
import { userKeyedRecord } from "../lib/user-keyed-record.js";
import { checkedRollout, type Rollout, RolloutSchema } from "./rollout.js";

export const STATE_SCHEMA_VERSION = 1;
export const STATE_FILE_NAME = "state.json";

const ModelStateSchema = z
  .strictObject({
    rollout: RolloutSchema.transform(checkedRollout),
    versions: z
      .array(z.string().min(1))
      .min(1)
      .refine((versions) => new Set(versions).size === versions.length, { error: "lists a version twice" })
      .describe("The versions of the model the server keeps loaded."),
  })
  .superRefine(({ rollout, versions }, context) => {
    for (const field of ["stable", "candidate"] as const) {
      const version = rollout[field];
      if (version != null && !versions.includes(version)) {
        context.addIssue({
          code: "custom",
          path: ["rollout", field],
          message: `version ${JSON.stringify(version)} is not among the loaded versions (${versions.join(", ")})`,
        });
      }
    }
  });

export const ServeStateSchema = z.strictObject({
  schemaVersion: z.literal(STATE_SCHEMA_VERSION, {
    error: (issue) =>
      issue.input === undefined
        ? `required; expected ${STATE_SCHEMA_VERSION}`
        : `expected ${STATE_SCHEMA_VERSION} (the format this mlship reads), got ${JSON.stringify(issue.input)}`,
  }),
  models: userKeyedRecord(z.string().min(1), ModelStateSchema).describe("Per model name: what it serves."),
});

export interface ModelState {
  rollout: Rollout;
  /** The versions kept loaded: at least the rollout's stable and candidate. */
  versions: string[];
}

export interface ServeState {
  schemaVersion: typeof STATE_SCHEMA_VERSION;
  models: Record<string, ModelState>;
}

export function emptyState(): ServeState {
  return { schemaVersion: STATE_SCHEMA_VERSION, models: ownRecord() };
}

/** Where the state of `--state <dir>` is kept. */
export function stateFile(dir: string): string {
  return join(dir, STATE_FILE_NAME);
}

/**
 * The server's state, kept in memory and, with a folder, in `<dir>/state.json`. Changes are applied one
 * at a time in the order they were asked for, each written whole before the next starts, so the last
 * one asked for wins and the file always holds a complete state.
 */
export class StateStore {
  /** The state file, or undefined when nothing is kept on disk (no `--state`). */
  readonly file: string | undefined;
  private current: ServeState;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(file: string | undefined, state: ServeState) {
    this.file = file;
    this.current = state;
  }

  /**
   * The store of `dir` (`--state`): its state.json as it is, or an empty state when the folder or the
   * file does not exist yet (both are made on the first change). Without `dir`, a store in memory only.
   * @throws MlshipError (exit 2) naming the path: `dir` is not a folder, the file cannot be read, is
   *   not JSON or is not the state (with the field that is wrong).
   */
  static async open(dir: string | undefined): Promise<StateStore> {
    if (dir === undefined) return new StateStore(undefined, emptyState());
    const file = stateFile(dir);
    await checkFolder(dir);
    const text = await readState(file);
    return new StateStore(file, text === undefined ? emptyState() : parseState(text, file));
  }

  /** The state as last changed (a copy: changing it changes nothing). */
  get state(): ServeState {
    return copyState(this.current);
  }

  /** What `model` serves, or undefined when the state does not know the model. */
  model(name: string): ModelState | undefined {
    const model = ownValue(this.current.models, name);
    return model === undefined ? undefined : structuredClone(model);
  }

  /** Records what `name` serves. Resolves once it is written; the state after the change. */
  setModel(name: string, model: ModelState): Promise<ServeState> {
    return this.update((state) => {
      state.models[name] = model;
      return state;
    });
  }

  /** Forgets a model. */
  removeModel(name: string): Promise<ServeState> {
    return this.update((state) => {
      delete state.models[name];
      return state;
    });
  }

  /**
   * Applies `change` to a copy of the state as left by every change asked for before, checks the result
   * and writes it. A change that throws, or whose write fails, leaves the state as it was (the error is
   * this call's; later changes still run).
   */
  update(change: (state: ServeState) => ServeState): Promise<ServeState> {
    const run = async () => {
      const next = checkState(change(this.state));
      if (this.file !== undefined) await writeJsonAtomic(this.file, next);
      this.current = next;
      return copyState(next);
    };
    const result = this.queue.then(run, run);
    this.queue = result.catch(() => {});
    return result;
  }
}

async function checkFolder(dir: string): Promise<void> {
  const found = await stat(dir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new MlshipError("file_unreadable", `${dir}: cannot be read (${error.code ?? error.message})`, {
      setting: "state",
    });
  });
  if (found !== undefined && !found.isDirectory()) {
    throw new MlshipError("not_a_folder", `${dir} is not a folder: give a folder for the server's state`, {
      setting: "state",
    });
  }
}

async function readState(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    const reason = code === "EISDIR" ? "it is a folder" : (code ?? (error as Error).message);
    throw new MlshipError("bad_state", `cannot be read as the server's state (${reason})`, { file });
  }
}

/** @throws MlshipError `bad_state` naming the file, the line and the field. */
function parseState(text: string, file: string): ServeState {
  if (text.trim() === "") {
    throw new MlshipError(
      "bad_state",
      "is empty, not the server's state: restore it, or remove it to start with no models",
      {
        file,
      },
    );
  }
  return parseStructured(text, file, ServeStateSchema, { code: "bad_state" });
}

/** A deep copy whose `models` keeps no prototype (a model may be named `__proto__`). */
function copyState(state: ServeState): ServeState {
  const models = Object.entries(state.models).map(([name, model]) => [name, structuredClone(model)] as const);
  return { schemaVersion: state.schemaVersion, models: ownRecord(models) };
}

/** A state about to be written, checked: a change that breaks it is a bug of the caller's. */
function checkState(state: ServeState): ServeState {
  const checked = ServeStateSchema.safeParse(state);
  if (!checked.success) {
    throw new Error(`the server's state would become invalid: ${checked.error.message}`);
  }
  return checked.data;
}
