/** Reads a JSON file a user or an earlier step gave, naming the file and what it should be when it cannot. */
import { MlshipError } from "../errors.js";
import { readInput } from "./input.js";

/**
 * @param what what the file should hold, for the message (e.g. "a training run's metrics.json").
 * @throws MlshipError `file_unreadable` or `bad_json` naming the file.
 */
export async function readJsonFile<T = unknown>(file: string, what: string): Promise<T> {
  let text: string;
  try {
    text = (await readInput(file)).toString("utf8");
  } catch (error) {
    if (error instanceof MlshipError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new MlshipError("file_unreadable", `${file}: cannot be read as ${what} (${reason})`, { file });
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new MlshipError(
      "bad_json",
      `${file}: not valid JSON, expected ${what} (${(error as Error).message})`,
      {
        file,
      },
    );
  }
}
