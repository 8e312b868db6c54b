/**
 * Entry point of the deploy-canary action, its main step and its post step (bundled into
 * dist/deploy-canary/index.js; see mainOrPost).
 */
import { coreActionIO, failAction } from "./action-io.js";
import { coreActionState, mainOrPost, runDeployPost } from "./deploy-action.js";
import { getInputs, getPostInputs, runDeployCanary, spellInput } from "./deploy-canary.js";

try {
  await mainOrPost(
    () => runDeployCanary(getInputs(), coreActionIO()),
    () => runDeployPost(getPostInputs(), coreActionState, coreActionIO()),
  );
} catch (error) {
  failAction(error, spellInput);
}
