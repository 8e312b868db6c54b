/** Entry point of the deploy-canary action (bundled into dist/deploy-canary/index.js). */
import { coreActionIO, failAction } from "./action-io.js";
import { getInputs, runDeployCanary, spellInput } from "./deploy-canary.js";

try {
  await runDeployCanary(getInputs(), coreActionIO());
} catch (error) {
  failAction(error, spellInput);
}
