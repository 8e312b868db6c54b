/** Entry point of the rollback action (bundled into dist/rollback/index.js). */
import { coreActionIO, failAction } from "./action-io.js";
import { getInputs, runRollbackAction, spellInput } from "./rollback.js";

try {
  await runRollbackAction(getInputs(), coreActionIO());
} catch (error) {
  failAction(error, spellInput);
}
