/**
 * Input and output names of every action, as its action.yml declares them
 * (test/actions/action-metadata.test.ts checks the two agree). The runner
 * passes input `x-y` as `INPUT_X-Y`.
 *
 * Output naming, the same in every action (docs/actions/README.md): an output
 * holding a file's path ends in `-file`; an output holding JSON is JSON (never
 * a path). The older path outputs without the suffix (`report`, `model`,
 * `metrics` of train, …) are kept as aliases with the same value, so existing
 * workflows keep working.
 */

export const ValidateDataInput = {
  data: "data",
  schema: "schema",
  reference: "reference",
  config: "config",
  failOn: "fail-on",
  format: "format",
  delimiter: "delimiter",
  threads: "threads",
  profileOut: "profile-out",
  report: "report",
} as const;

export const ValidateDataOutput = {
  passed: "passed",
  reportFile: "report-file",
  /** Alias of `report-file`. */
  report: "report",
  fingerprint: "fingerprint",
  driftShare: "drift-share",
  drifted: "drifted",
} as const;

export const TrainInput = {
  config: "config",
  data: "data",
  label: "label",
  trainer: "trainer",
  command: "command",
  params: "params",
  search: "search",
  trials: "trials",
  parallel: "parallel",
  cv: "cv",
  seed: "seed",
  cache: "cache",
  out: "out",
  plan: "plan",
  trial: "trial",
  collect: "collect",
} as const;

export const TrainOutput = {
  modelFile: "model-file",
  metricsFile: "metrics-file",
  studyFile: "study-file",
  /** Alias of `model-file`. */
  model: "model",
  /** Alias of `metrics-file` (a path here, where evaluate-gate's `metrics` is the JSON object). */
  metrics: "metrics",
  /** Alias of `study-file`. */
  study: "study",
  bestParams: "best-params",
  cacheHit: "cache-hit",
  matrix: "matrix",
} as const;

/** The train action's `out` default folder name, in RUNNER_TEMP. */
export const DEFAULT_TRAIN_OUT_DIR = "mlship-train";

/** The `config` input's default: read mlship.yml (or mlship.yaml) when present, else use the defaults. */
export const DEFAULT_CONFIG_FILE = "mlship.yml";
/** The `report` input's default file name, in RUNNER_TEMP. */
export const DEFAULT_VALIDATION_REPORT_FILE = "mlship-validation.json";

export const PackageModelInput = {
  model: "model",
  name: "name",
  version: "version",
  metrics: "metrics",
  evaluation: "evaluation",
  profile: "profile",
  registry: "registry",
  token: "token",
} as const;

export const PackageModelOutput = {
  version: "version",
  tag: "tag",
  releaseUrl: "release-url",
  manifestFile: "manifest-file",
  /** Alias of `manifest-file`. */
  manifest: "manifest",
  created: "created",
} as const;

export const EvaluateGateInput = {
  model: "model",
  data: "data",
  label: "label",
  name: "name",
  baseline: "baseline",
  noBaseline: "no-baseline",
  rules: "rules",
  confidence: "confidence",
  minRows: "min-rows",
  inconclusive: "inconclusive",
  slices: "slices",
  sensitive: "sensitive",
  features: "features",
  replicates: "replicates",
  seed: "seed",
  importanceRepeats: "importance-repeats",
  schema: "schema",
  format: "format",
  delimiter: "delimiter",
  config: "config",
  registry: "registry",
  comment: "comment",
  check: "check",
  token: "token",
  validation: "validation",
  trainingMetrics: "training-metrics",
} as const;

export const EvaluateGateOutput = {
  passed: "passed",
  reportFile: "report-file",
  markdownFile: "markdown-file",
  /** Alias of `report-file`. */
  report: "report",
  /** Alias of `markdown-file`. */
  markdown: "markdown",
  metrics: "metrics",
  baselineVersion: "baseline-version",
  commentUrl: "comment-url",
} as const;

export const CommentReportInput = {
  report: "report",
  pullRequest: "pull-request",
  token: "token",
} as const;

export const CommentReportOutput = {
  commentUrl: "comment-url",
} as const;

/** deploy-canary's inputs; the keys are the deploy request's settings (src/deploy/request.ts), so errors name the input. */
export const DeployCanaryInput = {
  name: "name",
  version: "version",
  environment: "environment",
  strategy: "strategy",
  target: "target",
  steps: "steps",
  interval: "interval",
  maxWait: "max-wait",
  checks: "checks",
  smoke: "smoke",
  keepWarm: "keep-warm",
  duration: "duration",
  stickyKey: "sticky-key",
  registry: "registry",
  config: "config",
  token: "token",
  adminToken: "admin-token",
} as const;

/** The outputs of deploy-canary and promote. */
export const DeployCanaryOutput = {
  result: "result",
  deploymentId: "deployment-id",
  stableVersion: "stable-version",
  reportFile: "report-file",
  /** Alias of `report-file`. */
  report: "report",
} as const;

/** promote's inputs: deploy-canary's (the same deploy settings), and the forced promotion's. */
export const PromoteInput = { ...DeployCanaryInput, force: "force", reason: "reason" } as const;

export const PromoteOutput = DeployCanaryOutput;

export const RollbackInput = {
  name: "name",
  environment: "environment",
  to: "to",
  target: "target",
  registry: "registry",
  config: "config",
  token: "token",
  adminToken: "admin-token",
} as const;

export const RollbackOutput = {
  version: "version",
  deploymentId: "deployment-id",
} as const;

/** What deploy-canary's and promote's main step hands to their post step (core.saveState; never a secret). */
export const DeployState = {
  deploymentId: "deployment-id",
  name: "name",
  environment: "environment",
  version: "version",
  target: "target",
  registry: "registry",
  stable: "stable-version",
  finished: "finished",
  /** Set by the main step first: the same bundle then runs as the post step (as actions/checkout does). */
  post: "isPost",
} as const;
