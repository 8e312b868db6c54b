/** Entry point of the promote action (bundled into dist/promote/index.js). */
import { coreActionIO, failAction } from "./action-io.js";
import { getInputs, runPromoteAction, spellInput } from "./promote.js";

try {
  await runPromoteAction(getInputs(), coreActionIO());
} catch (error) {
  failAction(error, spellInput);
}
