/** Entry point of the evaluate-gate action (bundled into dist/evaluate-gate/index.js). */
import { coreActionIO, failAction } from "./action-io.js";
import { getInputs, runEvaluateGate, spellInput } from "./evaluate-gate.js";

try {
  await runEvaluateGate(getInputs(), coreActionIO());
} catch (error) {
  failAction(error, spellInput);
}
