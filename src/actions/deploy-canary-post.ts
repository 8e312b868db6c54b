/** The post step of deploy-canary and promote (bundled into dist/<action>/post.js): see runDeployPost. */
import { coreActionIO, failAction } from "./action-io.js";
import { coreActionState, runDeployPost } from "./deploy-action.js";
import { getPostInputs, spellInput } from "./deploy-canary.js";

try {
  await runDeployPost(getPostInputs(), coreActionState, coreActionIO());
} catch (error) {
  failAction(error, spellInput);
}
