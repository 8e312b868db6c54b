/** Entry point of the train action (bundled into dist/train/index.js). */
import { coreActionIO, failAction } from "./action-io.js";
import { actionsCache } from "./actions-cache.js";
import { getInputs, runTrain, spellInput } from "./train.js";

try {
  await runTrain(getInputs(), coreActionIO(), actionsCache());
} catch (error) {
  failAction(error, spellInput);
}
