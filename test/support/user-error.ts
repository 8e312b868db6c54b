/** The MlshipError (a user's error: exit code, message naming what was wrong) that code throws. */
import { MlshipError } from "../../src/lib/errors.js";

/** The MlshipError `run` throws; any other error is rethrown, and no error at all fails the test. */
export function userError(run: () => unknown): MlshipError {
  try {
    run();
  } catch (error) {
    if (error instanceof MlshipError) return error;
    throw error;
  }
  throw new Error("expected an MlshipError");
}

/** The MlshipError `promise` rejects with; any other error is rethrown, and fulfilment fails the test. */
export async function rejection(promise: Promise<unknown>): Promise<MlshipError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof MlshipError) return error;
    throw error;
  }
  throw new Error("expected an MlshipError");
}
