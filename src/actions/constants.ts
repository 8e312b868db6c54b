/**
 * Input and output names of every action, as its action.yml declares them
 * (a test checks the two agree). The runner passes input `x-y` as `INPUT_X-Y`.
 */

export const ValidateDataInput = {
  data: "data",
  schema: "schema",
  reference: "reference",
  config: "config",
  failOn: "fail-on",
  profileOut: "profile-out",
  report: "report",
} as const;

export const ValidateDataOutput = {
  passed: "passed",
  report: "report",
  fingerprint: "fingerprint",
  driftShare: "drift-share",
  drifted: "drifted",
} as const;

/** The `config` input's default: read mlship.yml (or mlship.yaml) when present, else use the defaults. */
export const DEFAULT_CONFIG_FILE = "mlship.yml";
/** The `report` input's default file name, in RUNNER_TEMP. */
export const DEFAULT_VALIDATION_REPORT_FILE = "mlship-validation.json";
