/** Entry point of the validate-data action (bundled into dist/validate-data/index.js). */
import { isDataPassWorker, runDataPassWorker } from "../data/validate/parallel-pass.js";
import { coreActionIO, failAction } from "./action-io.js";
import { getInputs, runValidateData } from "./validate-data.js";

// Large files are read by worker threads that start this same script.
if (isDataPassWorker()) {
  await runDataPassWorker();
} else {
  try {
    await runValidateData(getInputs(), coreActionIO());
  } catch (error) {
    failAction(error);
  }
}
