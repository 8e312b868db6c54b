/** Entry point of the package-model action (bundled into dist/package-model/index.js). */
import { coreActionIO, failAction } from "./action-io.js";
import { getInputs, runPackageModel, spellInput } from "./package-model.js";

try {
  await runPackageModel(getInputs(), coreActionIO());
} catch (error) {
  failAction(error, spellInput);
}
