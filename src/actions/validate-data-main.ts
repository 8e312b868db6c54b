/** Entry point of the validate-data action (bundled into dist/validate-data/index.js). */
import { coreActionIO, failAction } from "./action-io.js";
import { getInputs, runValidateData, spellInput } from "./validate-data.js";

try {
  await runValidateData(getInputs(), coreActionIO());
} catch (error) {
  failAction(error, spellInput);
}
