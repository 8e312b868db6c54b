/** Entry point of the comment-report action (bundled into dist/comment-report/index.js). */
import { coreActionIO, failAction } from "./action-io.js";
import { getInputs, runCommentReport } from "./comment-report.js";

try {
  await runCommentReport(getInputs(), coreActionIO());
} catch (error) {
  failAction(error);
}
