/**
 * Errors a user can cause (bad files, bad options, bad config). They carry what
 * was wrong and where, and the exit code the CLI and the actions use.
 * Anything that is not an MlshipError is a bug and is reported with its stack.
 */

/** Exit codes shared by every command (docs/design.md, "The CLI"). */
export const ExitCode = {
  ok: 0,
  checkFailed: 1,
  badInput: 2,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * Every code an MlshipError carries: a closed list, so a new code is a deliberate addition and no two
 * codes name one problem. `bad_usage` is a setting (an option, an input, a config key) that is missing or
 * out of range; it replaced `invalid_input` and `bad_setting`. `file_not_found` replaced `missing_file`;
 * `invalid_json` replaced `bad_json` and `invalid_json_file`.
 */
export const ERROR_CODES = [
  "bad_cache_path",
  "bad_check",
  "bad_checksums",
  "bad_cwd",
  "bad_delimiter",
  "bad_deployment",
  "bad_deployment_log",
  "bad_environment",
  "bad_file_name",
  "bad_gate_rule",
  "bad_incident_log",
  "bad_label",
  "bad_manifest",
  "bad_model_metadata",
  "bad_model_name",
  "bad_param",
  "bad_registry",
  "bad_repository",
  "bad_rollout",
  "bad_smoke",
  "bad_state",
  "bad_tarball",
  "bad_target",
  "bad_task",
  "bad_usage",
  "bad_version",
  "checksum_mismatch",
  "classes_differ",
  "column_name_too_long",
  "corrupt_gzip",
  "drift_test_unsuitable",
  "duplicate_column",
  "duplicate_trial",
  "empty_column_name",
  "empty_command",
  "empty_file",
  "features_mismatch",
  "file_not_found",
  "file_unreadable",
  "github_error",
  "inconsistent_release",
  "inference_failed",
  "input_mismatch",
  "input_type_mismatch",
  "input_value_invalid",
  "invalid_config",
  "invalid_json",
  "invalid_metric_input",
  "invalid_profile",
  "invalid_schema",
  "invalid_study",
  "listen_failed",
  "metrics_source_error",
  "missing_asset",
  "missing_column",
  "missing_label",
  "missing_objective",
  "missing_repository",
  "missing_token",
  "model_load_failed",
  "model_output_mismatch",
  "nan_scores",
  "needs_regular_file",
  "no_columns",
  "no_prediction_output",
  "no_rows",
  "no_trial_succeeded",
  "no_trials",
  "not_a_file",
  "not_a_folder",
  "not_binary",
  "not_built",
  "not_onnx",
  "not_parquet",
  "not_text",
  "not_utf8",
  "nothing_to_roll_back",
  "one_class",
  "port_in_use",
  "profile_mismatch",
  "promotion_refused",
  "ragged_row",
  "reference_mismatch",
  "rollout_in_progress",
  "row_too_long",
  "runtime_checksum_mismatch",
  "runtime_download_failed",
  "runtime_load_failed",
  "runtime_unsupported_platform",
  "server_closing",
  "stray_quote",
  "stream_read_twice",
  "study_mismatch",
  "too_many_classes",
  "trainer_failed",
  "trainer_not_started",
  "trainer_pruned",
  "trial_failed",
  "truncated_model",
  "unauthorized",
  "unexpected_key",
  "unknown_deployment",
  "unknown_format",
  "unknown_metric",
  "unknown_model",
  "unknown_param",
  "unknown_placeholder",
  "unknown_ref",
  "unknown_version",
  "unquotable_param",
  "unreachable",
  "unreadable_parquet",
  "unsafe_tarball",
  "unseen_labels",
  "unsupported_ir_version",
  "unsupported_model_input",
  "unsupported_model_shape",
  "unsupported_opset",
  "unterminated_quote",
  "untrusted_artifact",
  "version_exists",
  "write_failed",
  "wrong_event",
  "wrong_format",
  "wrong_model_kind",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/**
 * How an adapter spells a setting for its user: the CLI `--baseline`, an action `input 'baseline'`.
 * The core names settings by their request field (`baseline`, `features`, `confidence`).
 */
export type SettingSpelling = (setting: string) => string;

export interface ErrorLocation {
  /**
   * The request setting the problem is in (`baseline`, `features`): the adapter spells it
   * (`--baseline`, `input 'baseline'`); a value from mlship.yml is located by file, line and path instead.
   */
  setting?: string;
  /** The environment variable the value came from (`MLSHIP_REGISTRY`). */
  variable?: string;
  /** File the problem is in. */
  file?: string;
  /** 1-based line in the file. */
  line?: number;
  /** Column name or 1-based column number. */
  column?: string | number;
  /** Path inside a structured file, e.g. `drift.threshold`. */
  path?: string;
}

export class MlshipError extends Error {
  readonly code: ErrorCode;
  readonly exitCode: ExitCode;
  readonly location: ErrorLocation;

  constructor(
    code: ErrorCode,
    message: string,
    location: ErrorLocation = {},
    exitCode: ExitCode = ExitCode.badInput,
  ) {
    super(message);
    this.name = "MlshipError";
    this.code = code;
    this.location = location;
    this.exitCode = exitCode;
  }

  /**
   * `file:line: column x: message` — the form editors and annotations understand; a setting is
   * spelled by `spell` (default: its name), e.g. `--baseline: message`.
   */
  describe(spell: SettingSpelling = (setting) => setting): string {
    const { file, line, column, path, setting, variable } = this.location;
    let where = "";
    // Messages that already open with the file ("data.csv: no such file") need no second copy of it.
    const named = file !== undefined && this.message.startsWith(file);
    if (file && !named) where = line ? `${file}:${line}` : file;
    // A value from the environment or a setting the user gave: named first, as the user spelled it.
    const given = variable ?? (setting !== undefined && !path ? spell(setting) : undefined);
    if (given) where = where ? `${given} ${where}` : given;
    if (path) where = where ? `${where} (${path})` : path;
    if (column !== undefined && column !== "") where = `${where}${where ? ", " : ""}column ${column}`;
    return where ? `${where}: ${this.message}` : this.message;
  }
}

export function isMlshipError(error: unknown): error is MlshipError {
  return error instanceof MlshipError;
}
