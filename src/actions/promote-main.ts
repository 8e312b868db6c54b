/**
 * Entry point of the promote action, its main step and its post step (bundled into dist/promote/index.js;
 * see mainOrPost). The post step is deploy-canary's: it ends a rollout the job left behind.
 */
import { coreActionIO, failAction } from "./action-io.js";
import { coreActionState, mainOrPost, runDeployPost } from "./deploy-action.js";
import { getPostInputs } from "./deploy-canary.js";
import { getInputs, runPromoteAction, spellInput } from "./promote.js";

try {
  await mainOrPost(
    () => runPromoteAction(getInputs(), coreActionIO()),
    () => runDeployPost(getPostInputs(), coreActionState, coreActionIO()),
  );
} catch (error) {
  failAction(error, spellInput);
}
