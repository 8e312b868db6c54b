/**
 * The GitHub Actions run a step belongs to, read from the variables the runner sets
 * (`GITHUB_REPOSITORY`, `GITHUB_SHA`, `GITHUB_RUN_ID`, `GITHUB_SERVER_URL`): what lineage records and
 * what reports link to. Outside Actions every field is undefined.
 */

export interface RunContext {
  /** `owner/name`. */
  repository: string | undefined;
  commit: string | undefined;
  runId: string | undefined;
  /** The run's page: `<server>/<owner>/<name>/actions/runs/<id>`; undefined unless both the repository and the run id are set. */
  runUrl: string | undefined;
}

export function runContextOf(env: NodeJS.ProcessEnv): RunContext {
  const repository = env.GITHUB_REPOSITORY;
  const runId = env.GITHUB_RUN_ID;
  return {
    repository,
    commit: env.GITHUB_SHA,
    runId,
    runUrl:
      repository && runId
        ? `${env.GITHUB_SERVER_URL ?? "https://github.com"}/${repository}/actions/runs/${runId}`
        : undefined,
  };
}

/** The run's page, or undefined outside a GitHub Actions run. */
export function runUrlOf(env: NodeJS.ProcessEnv): string | undefined {
  return runContextOf(env).runUrl;
}
