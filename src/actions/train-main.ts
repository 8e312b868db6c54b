/**
 * Entry point of the train action (bundled into dist/train/index.js).
 *
 * Run with arguments, this script is the mlship CLI: a search with
 * `parallel` > 1 runs each built-in trial as `node <this script> train …`.
 */
import { main } from "../cli/main.js";
import { coreActionIO, failAction } from "./action-io.js";
import { actionsCache } from "./actions-cache.js";
import { getInputs, runTrain } from "./train.js";

if (process.argv.length > 2) {
  process.exitCode = await main(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
  });
} else {
  try {
    await runTrain(getInputs(), coreActionIO(), actionsCache());
  } catch (error) {
    failAction(error);
  }
}
