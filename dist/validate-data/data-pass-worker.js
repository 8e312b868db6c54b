import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 564:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _parallel_pass_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(163);
/**
 * Entry point of the data-pass worker threads (bundled into `data-pass-worker.js` beside
 * each dist/ bundle that validates data): reads one byte range of a CSV file and posts
 * what it found to the thread that started it.
 */

await (0,_parallel_pass_js__WEBPACK_IMPORTED_MODULE_0__/* .runDataPassWorker */ .LL)();

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 163:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  LL: () => (/* binding */ runDataPassWorker)
});

// UNUSED EXPORTS: PARALLEL_MIN_BYTES, WORKER_SCRIPT, runDataPass

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
;// CONCATENATED MODULE: external "node:url"
const external_node_url_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");
;// CONCATENATED MODULE: external "node:worker_threads"
const external_node_worker_threads_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");
;// CONCATENATED MODULE: ./src/lib/errors.ts
/**
 * Errors a user can cause (bad files, bad options, bad config). They carry what
 * was wrong and where, and the exit code the CLI and the actions use.
 * Anything that is not an MlshipError is a bug and is reported with its stack.
 */
/** Exit codes shared by every command (docs/design.md, "The CLI"). */
const ExitCode = {
    ok: 0,
    checkFailed: 1,
    badInput: 2,
};
/**
 * Every code an MlshipError carries: a closed list, so a new code is a deliberate addition and no two
 * codes name one problem. `bad_usage` is a setting (an option, an input, a config key) that is missing or
 * out of range; it replaced `invalid_input` and `bad_setting`. `file_not_found` replaced `missing_file`;
 * `invalid_json` replaced `bad_json` and `invalid_json_file`.
 */
const ERROR_CODES = (/* unused pure expression or super */ null && ([
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
]));
class errors_MlshipError extends Error {
    code;
    exitCode;
    location;
    constructor(code, message, location = {}, exitCode = ExitCode.badInput) {
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
    describe(spell = (setting) => setting) {
        const { file, line, column, path, setting, variable } = this.location;
        let where = "";
        // Messages that already open with the file ("data.csv: no such file") need no second copy of it.
        const named = file !== undefined && this.message.startsWith(file);
        if (file && !named)
            where = line ? `${file}:${line}` : file;
        // A value from the environment or a setting the user gave: named first, as the user spelled it.
        const given = variable ?? (setting !== undefined && !path ? spell(setting) : undefined);
        if (given)
            where = where ? `${given} ${where}` : given;
        if (path)
            where = where ? `${where} (${path})` : path;
        if (column !== undefined && column !== "")
            where = `${where}${where ? ", " : ""}column ${column}`;
        return where ? `${where}: ${this.message}` : this.message;
    }
}
function isMlshipError(error) {
    return error instanceof errors_MlshipError;
}

;// CONCATENATED MODULE: external "node:buffer"
const external_node_buffer_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");
;// CONCATENATED MODULE: ./src/data/sketch/hash.ts
/**
 * Fast non-cryptographic hashes for data sketches (distinct counts, duplicate
 * detection, row fingerprints). The 32-bit hash is MurmurHash3 x86_32
 * (Austin Appleby, public domain), bit-exact with the reference C code, so
 * values can be checked against any other implementation.
 *
 * Hot-path rules: no allocation per call (one module-level scratch buffer for
 * float bits), no closures, `Math.imul` for 32-bit multiplies.
 *
 * These hashes are NOT collision-resistant against an adversary who chooses
 * the input; they are uniform enough for sketches over real data.
 */
const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
/** Second-lane seed offset for the 64-bit variants (golden-ratio constant). */
const LANE2 = 0x9e3779b9;
/** Scratch for float64 -> bits. Node runs on little-endian hosts only (x64, arm64). */
const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
/** MurmurHash3 finalizer: full avalanche of a 32-bit state. */
function fmix32(h) {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
}
/** Scrambles one 32-bit block `k` (the murmur3 "k1" step). */
function scramble(k) {
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    return Math.imul(k, C2);
}
/** Mixes an already scrambled block into state `h` (the murmur3 "h1" step). */
function mixState(h, k) {
    h ^= k;
    h = (h << 13) | (h >>> 19);
    return (Math.imul(h, 5) + 0xe6546b64) | 0;
}
/**
 * MurmurHash3 x86_32 of `buf[start, end)`. Returns an unsigned 32-bit integer.
 * `seed` is taken modulo 2^32.
 */
function hashBytes(buf, start, end, seed = 0) {
    let h = seed | 0;
    const len = end - start;
    const blockEnd = start + (len & ~3);
    let i = start;
    for (; i < blockEnd; i += 4) {
        const k = buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24);
        h = mixState(h, scramble(k));
    }
    const rem = len & 3;
    if (rem !== 0) {
        let k = buf[i];
        if (rem > 1)
            k |= buf[i + 1] << 8;
        if (rem > 2)
            k |= buf[i + 2] << 16;
        h ^= scramble(k);
    }
    return fmix32(h ^ len);
}
/**
 * MurmurHash3 x86_32 of the UTF-8 encoding of `s`, computed without encoding
 * the string: `hashString(s, seed) === hashBytes(new TextEncoder().encode(s), 0, n, seed)`
 * for every string, including lone surrogates, which (as in `TextEncoder`)
 * encode as U+FFFD.
 */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: MurmurHash3 over the string's UTF-8 bytes encoded on the fly (1- to 4-byte sequences, surrogate pairs), run on every categorical cell; splitting the encoding out would add calls per character
function hashString(s, seed = 0) {
    let h = seed | 0;
    const n = s.length;
    let k = 0; // pending bytes of the current block, little-endian
    let shift = 0; // bits already in k (0, 8, 16 or 24)
    let len = 0; // UTF-8 byte count
    let i = 0;
    while (i < n) {
        if (shift === 0) {
            // Fast path: four ASCII characters make one block.
            while (i + 3 < n) {
                const c0 = s.charCodeAt(i);
                const c1 = s.charCodeAt(i + 1);
                const c2 = s.charCodeAt(i + 2);
                const c3 = s.charCodeAt(i + 3);
                if ((c0 | c1 | c2 | c3) >= 0x80)
                    break;
                h = mixState(h, scramble(c0 | (c1 << 8) | (c2 << 16) | (c3 << 24)));
                i += 4;
                len += 4;
            }
            if (i >= n)
                break;
        }
        let c = s.charCodeAt(i++);
        if (c < 0x80) {
            k |= c << shift;
            len++;
            shift += 8;
            if (shift === 32) {
                h = mixState(h, scramble(k));
                k = 0;
                shift = 0;
            }
            continue;
        }
        // Encode one code point into `bytes` (first byte in the low 8 bits).
        let bytes;
        let nb;
        if (c < 0x800) {
            bytes = 0xc0 | (c >>> 6) | ((0x80 | (c & 0x3f)) << 8);
            nb = 2;
        }
        else {
            if (c >= 0xd800 && c <= 0xdfff) {
                const d = i < n ? s.charCodeAt(i) : 0;
                if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
                    c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
                    i++;
                }
                else {
                    c = 0xfffd; // lone surrogate, as TextEncoder does
                }
            }
            if (c < 0x10000) {
                bytes = 0xe0 | (c >>> 12) | ((0x80 | ((c >>> 6) & 0x3f)) << 8) | ((0x80 | (c & 0x3f)) << 16);
                nb = 3;
            }
            else {
                bytes =
                    0xf0 |
                        (c >>> 18) |
                        ((0x80 | ((c >>> 12) & 0x3f)) << 8) |
                        ((0x80 | ((c >>> 6) & 0x3f)) << 16) |
                        ((0x80 | (c & 0x3f)) << 24);
                nb = 4;
            }
        }
        len += nb;
        for (; nb > 0; nb--) {
            k |= (bytes & 0xff) << shift;
            bytes >>>= 8;
            shift += 8;
            if (shift === 32) {
                h = mixState(h, scramble(k));
                k = 0;
                shift = 0;
            }
        }
    }
    if (shift !== 0)
        h ^= scramble(k);
    return fmix32(h ^ len);
}
/** Loads canonical float64 bits of `x` into U32: -0 becomes 0, every NaN the canonical quiet NaN. */
function loadFloatBits(x) {
    F64[0] = x === 0 ? 0 : Number.isNaN(x) ? Number.NaN : x;
}
/**
 * MurmurHash3 x86_32 of the 8 little-endian bytes of the float64 `x`, after
 * canonicalisation: `hashNumber(-0) === hashNumber(0)` and all NaNs hash alike.
 * Numbers and strings hash differently (`hashNumber(1) !== hashString("1")`).
 */
function hashNumber(x, seed = 0) {
    loadFloatBits(x);
    let h = mixState(seed | 0, scramble(U32[0]));
    h = mixState(h, scramble(U32[1]));
    return fmix32(h ^ 8);
}
/**
 * Folds the cell hash `x` into the running row hash `h` (order-dependent:
 * rows `[a, b]` and `[b, a]` hash differently). Start a row from a seed (e.g. 0):
 * `h = combineHash(combineHash(0, hashString(a)), hashNumber(b))`. Returns uint32.
 */
function combineHash(h, x) {
    return fmix32(mixState(h | 0, scramble(x | 0)));
}
/**
 * Two independent-ish 32-bit MurmurHash3 lanes over `buf[start, end)` in one
 * pass: lane 0 uses `seed`, lane 1 `seed + 0x9e3779b9`. `out[0]` equals
 * `hashBytes(buf, start, end, seed)`. Pass a reused `out` to avoid allocation.
 *
 * Collision odds: treating the pair as a uniform 64-bit value, n distinct
 * inputs contain at least one colliding pair with probability about
 * n² / 2^65 (1e6 rows: 3e-8; 1e8 rows: 3e-4; 1e9 rows: 3%), versus n² / 2^33
 * for a single 32-bit hash (already ~1 at n = 1e5). The lanes share the
 * block scrambling, so inputs crafted to collide under murmur3 for every seed
 * collide in both lanes: fine for duplicate counting in real data, not for
 * adversarial input.
 */
function hash64Bytes(buf, start, end, seed = 0, out = new Uint32Array(2)) {
    let h = seed | 0;
    let g = (seed + LANE2) | 0;
    const len = end - start;
    const blockEnd = start + (len & ~3);
    let i = start;
    for (; i < blockEnd; i += 4) {
        const k = scramble(buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24));
        h = mixState(h, k);
        g = mixState(g, k);
    }
    const rem = len & 3;
    if (rem !== 0) {
        let k = buf[i];
        if (rem > 1)
            k |= buf[i + 1] << 8;
        if (rem > 2)
            k |= buf[i + 2] << 16;
        const sk = scramble(k);
        h ^= sk;
        g ^= sk;
    }
    out[0] = fmix32(h ^ len);
    out[1] = fmix32(g ^ len);
    return out;
}
/**
 * The two lanes of {@link hash64Bytes} over the UTF-8 bytes of `s`, without
 * encoding it: `out[0] === hashString(s, seed)`.
 */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the two-lane MurmurHash3 over the string's UTF-8 bytes encoded on the fly, run on every cell of the distinct-count sketches; splitting the encoding out would add calls per character
function hash64String(s, seed = 0, out = new Uint32Array(2)) {
    let h = seed | 0;
    let g = (seed + LANE2) | 0;
    const n = s.length;
    let k = 0;
    let shift = 0;
    let len = 0;
    let i = 0;
    while (i < n) {
        if (shift === 0) {
            while (i + 3 < n) {
                const c0 = s.charCodeAt(i);
                const c1 = s.charCodeAt(i + 1);
                const c2 = s.charCodeAt(i + 2);
                const c3 = s.charCodeAt(i + 3);
                if ((c0 | c1 | c2 | c3) >= 0x80)
                    break;
                const sk = scramble(c0 | (c1 << 8) | (c2 << 16) | (c3 << 24));
                h = mixState(h, sk);
                g = mixState(g, sk);
                i += 4;
                len += 4;
            }
            if (i >= n)
                break;
        }
        let c = s.charCodeAt(i++);
        let bytes;
        let nb;
        if (c < 0x80) {
            bytes = c;
            nb = 1;
        }
        else if (c < 0x800) {
            bytes = 0xc0 | (c >>> 6) | ((0x80 | (c & 0x3f)) << 8);
            nb = 2;
        }
        else {
            if (c >= 0xd800 && c <= 0xdfff) {
                const d = i < n ? s.charCodeAt(i) : 0;
                if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
                    c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
                    i++;
                }
                else {
                    c = 0xfffd;
                }
            }
            if (c < 0x10000) {
                bytes = 0xe0 | (c >>> 12) | ((0x80 | ((c >>> 6) & 0x3f)) << 8) | ((0x80 | (c & 0x3f)) << 16);
                nb = 3;
            }
            else {
                bytes =
                    0xf0 |
                        (c >>> 18) |
                        ((0x80 | ((c >>> 12) & 0x3f)) << 8) |
                        ((0x80 | ((c >>> 6) & 0x3f)) << 16) |
                        ((0x80 | (c & 0x3f)) << 24);
                nb = 4;
            }
        }
        len += nb;
        for (; nb > 0; nb--) {
            k |= (bytes & 0xff) << shift;
            bytes >>>= 8;
            shift += 8;
            if (shift === 32) {
                const sk = scramble(k);
                h = mixState(h, sk);
                g = mixState(g, sk);
                k = 0;
                shift = 0;
            }
        }
    }
    if (shift !== 0) {
        const sk = scramble(k);
        h ^= sk;
        g ^= sk;
    }
    out[0] = fmix32(h ^ len);
    out[1] = fmix32(g ^ len);
    return out;
}

;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:stream"
const external_node_stream_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");
;// CONCATENATED MODULE: external "node:zlib"
const external_node_zlib_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");
;// CONCATENATED MODULE: external "node:crypto"
const external_node_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");
;// CONCATENATED MODULE: external "node:net"
const external_node_net_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");
;// CONCATENATED MODULE: ./src/lib/input.ts
/**
 * Inputs a user names — data, mlship.yml, schemas, profiles, metrics, models — as README.md's
 * "Files and streams" describes. A regular file is read as often as the work needs. Standard
 * input (`-`, /dev/stdin), a FIFO, a process substitution (`<(…)`) or a character device is a
 * stream: it is read once, from its first byte to its last. Its start may be looked at first (the
 * format, a header); the one read then begins again at the first byte. Work that would need a
 * second read of a stream refuses it and says why, rather than hanging or reading nothing.
 *
 * Opening a FIFO waits until something writes to it; when that takes a moment, a line on stderr
 * says mlship is waiting and for what.
 */






/** The name that means standard input (and, for outputs, standard output). */
const STANDARD_STREAM = "-";
const STDIN_NAMES = new Set([STANDARD_STREAM, "/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"]);
/** Standard input redirected from a file is that file, opened again through this path. */
const STDIN_PATH = "/dev/stdin";
/** How long an open may wait for the other end of a FIFO before mlship says it is waiting. */
const WAITING_NOTICE_MS = 300;
function isStandardInput(name) {
    return STDIN_NAMES.has(name);
}
function inputKind(name) {
    if (isStandardInput(name)) {
        const info = statOrUndefined(STDIN_PATH);
        if (info?.isFile())
            return { kind: "file", path: STDIN_PATH, bytes: info.size };
        return { kind: "stream", what: "standard input", source: "stdin" };
    }
    const info = statOrUndefined(name);
    if (info?.isFile())
        return { kind: "file", path: name, bytes: info.size };
    if (info?.isFIFO())
        return { kind: "stream", what: "a pipe (FIFO)", source: "fifo" };
    if (info?.isCharacterDevice() || info?.isBlockDevice()) {
        return { kind: "stream", what: "a device", source: "device" };
    }
    return { kind: "other", path: name };
}
function statOrUndefined(path) {
    try {
        return (0,external_node_fs_namespaceObject.statSync)(path, { throwIfNoEntry: false });
    }
    catch {
        return undefined; // ENOTDIR, EACCES, ELOOP…: the open reports it
    }
}
/** `name` resolved against the working folder; standard input's names stay as they are. */
function resolveInput(cwd, name) {
    return isStandardInput(name) ? name : resolve(cwd, name);
}
function isStreamInput(name) {
    return inputKind(name).kind === "stream";
}
/** The path to open for `name` when it is not a stream (`-` redirected from a file is /dev/stdin). */
function input_openablePath(name) {
    const kind = inputKind(name);
    return kind.kind === "stream" ? name : kind.path;
}
/**
 * Refuses a stream where the work reads its input more than once.
 * @param why what needs the second read, e.g. "training reads the data twice (types, then rows)".
 * @throws MlshipError `needs_regular_file` naming the input.
 */
function requireRegularInput(name, why) {
    const kind = inputKind(name);
    if (kind.kind !== "stream")
        return;
    throw new MlshipError("needs_regular_file", `${name} is ${kind.what}, which can be read only once, but ${why}: save it to a file and give that file`, { file: name });
}
/**
 * The whole content of an input: a regular file read again each call, a stream read once — or,
 * with `keep`, kept so that the next reader starts again at its first byte (for an input that may
 * be either of two things, a profile or JSON Lines data, read once to tell which).
 * Errors opening a file are the system's (ENOENT, EISDIR, EACCES…), for the caller to word.
 */
async function readInput(name, keep = false) {
    const kind = inputKind(name);
    if (kind.kind !== "stream")
        return readFile(kind.path);
    const chunks = [];
    for await (const chunk of streamOf(name, kind).chunks(keep))
        chunks.push(chunk);
    return Buffer.concat(chunks);
}
/** The bytes of an input stream, from the first: `look` keeps them for the next reader. */
function streamChunks(name, look) {
    return streamOf(name).chunks(look);
}
/** The first `bytes` bytes of a stream (fewer when it is shorter), kept for the next reader. */
async function streamHead(name, bytes) {
    const head = [];
    let length = 0;
    for await (const chunk of streamChunks(name, true)) {
        head.push(chunk);
        length += chunk.length;
        if (length >= bytes)
            break;
    }
    return Buffer.concat(head).subarray(0, bytes);
}
/**
 * The SHA-256 and length of a stream's bytes, known once its one read has ended: the fingerprint
 * of data that cannot be read a second time to hash it.
 */
function streamDigest(name) {
    return streamOf(name).digest;
}
/** The streams read in this process, by name (standard input's names are one). */
const streams = new Map();
let pendingOpens = 0;
function streamOf(name, kind = inputKind(name)) {
    if (kind.kind !== "stream")
        throw new Error(`${name} is not a stream: read it as a file`);
    const key = isStandardInput(name) ? STANDARD_STREAM : (0,external_node_path_namespaceObject.resolve)(name);
    let stream = streams.get(key);
    if (!stream) {
        stream = new StreamInput(name, kind.what, kind.source);
        streams.set(key, stream);
    }
    return stream;
}
/**
 * Lets go of the streams read (a command that stopped early leaves a pipe open, which would
 * keep the process alive). True when an open still waits for a FIFO's writer: only exiting ends it.
 */
function releaseInputs() {
    for (const stream of streams.values())
        stream.release();
    return pendingOpens > 0;
}
class StreamInput {
    name;
    what;
    source;
    /**
     * Every chunk read from the source, in order. Looks leave them here for the next reader; the one
     * read drops each once it has passed it.
     */
    log = [];
    ended = false;
    /** The read from the source in flight: one at a time, so chunks enter the log in order. */
    pulling;
    reading;
    opening;
    readBegun = false;
    hash = (0,external_node_crypto_namespaceObject.createHash)("sha256");
    bytes = 0;
    digest;
    settleDigest = () => { };
    constructor(name, what, source) {
        this.name = name;
        this.what = what;
        this.source = source;
        this.digest = new Promise((resolve) => {
            this.settleDigest = resolve;
        });
    }
    /** The chunks from the first; a `look` may stop anywhere and leaves them for the next reader. */
    async *chunks(look) {
        if (this.readBegun) {
            throw new errors_MlshipError("stream_read_twice", `${this.name} is ${this.what}, which can be read only once, and it has been read already: give each input its own file, or save this one to a file and give that`, { file: this.name });
        }
        if (!look)
            this.readBegun = true;
        for (let index = 0;; index++) {
            while (index >= this.log.length && !this.ended)
                await this.pull();
            if (index >= this.log.length)
                break;
            const chunk = this.log[index];
            if (!look) {
                this.log[index] = undefined;
                this.hash.update(chunk);
                this.bytes += chunk.length;
            }
            yield chunk;
        }
        if (!look)
            this.settleDigest({ sha256: this.hash.digest("hex"), bytes: this.bytes });
    }
    pull() {
        this.pulling ??= this.readSource().finally(() => {
            this.pulling = undefined;
        });
        return this.pulling;
    }
    async readSource() {
        this.opening ??= this.open();
        const { iterator } = await this.opening;
        try {
            const { value, done } = await iterator.next();
            if (done)
                this.ended = true;
            else
                this.log.push(Buffer.isBuffer(value) ? value : Buffer.from(value));
        }
        catch (error) {
            throw new errors_MlshipError("file_unreadable", `${this.name}: cannot be read (${error.code ?? error.message})`, { file: this.name });
        }
    }
    async open() {
        if (this.source === "stdin") {
            const stdin = process.stdin;
            if (stdin.isTTY)
                process.stderr.write("mlship: reading standard input from the terminal (end it with Ctrl-D)\n");
            this.reading = { iterator: stdin[Symbol.asyncIterator](), release: () => stdin.destroy() };
        }
        else if (this.source === "fifo") {
            const fd = await openWaiting(this.name);
            // A socket on the pipe reads without holding a thread of the pool, and closes when released.
            const socket = new external_node_net_namespaceObject.Socket({ fd, readable: true, writable: false });
            this.reading = { iterator: socket[Symbol.asyncIterator](), release: () => socket.destroy() };
        }
        else {
            const stream = (0,external_node_fs_namespaceObject.createReadStream)(this.name, { highWaterMark: 1 << 20 });
            this.reading = { iterator: stream[Symbol.asyncIterator](), release: () => stream.destroy() };
        }
        return this.reading;
    }
    release() {
        this.reading?.release();
    }
}
/** Opens a FIFO for reading, saying on stderr when no writer has come after a moment. */
function openWaiting(name) {
    pendingOpens++;
    const notice = setTimeout(() => {
        process.stderr.write(`mlship: waiting for a writer on ${name} (a FIFO: nothing has opened it for writing yet)…\n`);
    }, WAITING_NOTICE_MS);
    return new Promise((resolve, reject) => {
        (0,external_node_fs_namespaceObject.open)(name, "r", (error, fd) => {
            pendingOpens--;
            clearTimeout(notice);
            if (error)
                reject(new errors_MlshipError("file_unreadable", `${name}: cannot be read (${error.code ?? error.message})`, {
                    file: name,
                }));
            else
                resolve(fd);
        });
    });
}

;// CONCATENATED MODULE: ./src/data/readers/byte-source.ts
/**
 * Opens a data file as a stream of byte chunks, transparently gunzipping
 * gzip data (told by its first bytes, so a pipe needs no seeking), and refuses
 * files that are clearly not what their name says before any parsing starts.
 * Standard input and pipes are read once, as src/lib/input.ts describes.
 */






const CHUNK_BYTES = 1 << 20;
const GZIP_MAGIC = [0x1f, 0x8b];
/** Why Parquet cannot come from standard input or a pipe. */
const PARQUET_NEEDS_FILE = "Parquet needs random access (its index is at the end of the file), which a pipe or standard input cannot give: save it to a file and give that file";
const PARQUET_MAGIC = "PAR1";
async function assertReadableFile(file) {
    try {
        const info = await (0,promises_namespaceObject.stat)(input_openablePath(file));
        if (info.isDirectory())
            throw new errors_MlshipError("not_a_file", `${file} is a directory, not a data file`, { file });
        return info.size;
    }
    catch (error) {
        throw unreadable(file, error);
    }
}
/** The MlshipError for a file the system would not open or read (missing, no permission, a socket …). */
function unreadable(file, error) {
    if (error instanceof errors_MlshipError)
        return error;
    const code = error.code;
    if (code === "ENOENT")
        return new errors_MlshipError("file_not_found", `${file}: no such file`, { file });
    if (code === "EACCES")
        return new errors_MlshipError("file_unreadable", `${file}: permission denied`, { file });
    if (code === "ENXIO") {
        return new errors_MlshipError("file_unreadable", `${file}: cannot be read: it is a socket (mlship reads files, pipes and standard input)`, { file });
    }
    return new errors_MlshipError("file_unreadable", `${file}: cannot be read (${code ?? String(error)})`, { file });
}
/** The first `bytes` bytes (fewer when the file is shorter); a stream keeps them for its one read. */
async function readHead(file, bytes) {
    if (inputKind(file).kind === "stream")
        return streamHead(file, bytes);
    // stat() succeeds where open() may not (no read permission, a socket): that is the user's file, not a bug.
    const handle = await (0,promises_namespaceObject.open)(input_openablePath(file), "r").catch((error) => {
        throw unreadable(file, error);
    });
    try {
        const buffer = Buffer.alloc(bytes);
        const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
        return buffer.subarray(0, bytesRead);
    }
    finally {
        await handle.close();
    }
}
function isGzip(head) {
    return head.length >= 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1];
}
function isParquet(head) {
    return head.length >= 4 && Buffer.from(head.subarray(0, 4)).toString("latin1") === PARQUET_MAGIC;
}
/**
 * Opens a text data file (CSV, JSON Lines) from byte `start` (uncompressed files only), gunzipping
 * when the bytes are gzip. `look`: the reader only looks at the start (the header), so a stream
 * keeps what it reads for the one full read.
 */
async function openTextSource(file, formatName, start = 0, look = false) {
    const seekable = inputKind(file).kind !== "stream";
    const fileBytes = seekable ? await assertReadableFile(file) : 0;
    const head = await readHead(file, 4);
    const compressed = isGzip(head);
    if (!compressed && isParquet(head)) {
        throw new errors_MlshipError("wrong_format", seekable
            ? `${file} is a Parquet file, not ${formatName}: rename it to .parquet or set the format to parquet (--format parquet on the command line, input 'format' in an action)`
            : `${file} holds Parquet, not ${formatName}; ${PARQUET_NEEDS_FILE}`, { file });
    }
    let read = 0;
    return {
        fileBytes,
        seekable,
        compressed,
        bytesRead: () => read,
        async *chunks() {
            if (seekable && !compressed) {
                for await (const chunk of fileChunks(file, start)) {
                    read += chunk.length;
                    yield chunk;
                }
                return;
            }
            const raw = seekable
                ? (0,external_node_fs_namespaceObject.createReadStream)(input_openablePath(file), { highWaterMark: CHUNK_BYTES })
                : external_node_stream_namespaceObject.Readable.from(streamChunks(file, look), { objectMode: false });
            raw.on("data", (chunk) => {
                read += chunk.length;
            });
            if (!compressed) {
                try {
                    for await (const chunk of raw)
                        yield chunk;
                }
                catch (error) {
                    throw unreadable(file, error);
                }
                return;
            }
            const gunzip = (0,external_node_zlib_namespaceObject.createGunzip)({ chunkSize: CHUNK_BYTES });
            raw.pipe(gunzip);
            raw.on("error", (error) => gunzip.destroy(error));
            try {
                for await (const chunk of gunzip)
                    yield chunk;
            }
            catch (error) {
                if (error instanceof errors_MlshipError)
                    throw error; // the stream's own (read twice, unreadable)
                const message = error.message;
                throw new errors_MlshipError("corrupt_gzip", `${file}: the gzip data is corrupt or truncated (${message})`, {
                    file,
                });
            }
            finally {
                // Stopping early (a reader that only wanted the header) leaves the piped file stream open otherwise.
                raw.destroy();
            }
        },
    };
}
/**
 * A file's bytes from `start`, read into two buffers in turn rather than a new buffer for
 * each chunk (as a read stream does): at tens of MB/s a thread would otherwise leave tens of
 * MB of dead buffers between collections, which the process's memory target cannot afford.
 */
async function* fileChunks(file, start = 0) {
    const handle = await (0,promises_namespaceObject.open)(input_openablePath(file), "r").catch((error) => {
        throw unreadable(file, error);
    });
    try {
        const buffers = [Buffer.allocUnsafeSlow(CHUNK_BYTES), Buffer.allocUnsafeSlow(CHUNK_BYTES)];
        let position = start;
        for (let turn = 0;; turn ^= 1) {
            const buffer = buffers[turn];
            let bytesRead;
            try {
                ({ bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, position));
            }
            catch (error) {
                throw unreadable(file, error);
            }
            if (bytesRead === 0)
                return;
            position += bytesRead;
            yield buffer.subarray(0, bytesRead);
        }
    }
    finally {
        await handle.close();
    }
}

;// CONCATENATED MODULE: ./src/data/readers/parse-datetime.ts
/**
 * ISO 8601 dates and date-times to epoch milliseconds. Plain dates
 * (YYYY-MM-DD, the common case in data files) are computed arithmetically,
 * straight from bytes for CSV; date-times go through Date.parse. Naive times
 * read as UTC. Impossible dates (2023-02-30) are NaN.
 */
const DAY_MS = 86_400_000;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const HAS_ZONE = /(?:Z|[+-]\d{2}:?\d{2})$/;
/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
function daysFromCivil(year, month, day) {
    const y = month <= 2 ? year - 1 : year;
    const era = Math.floor(y / 400);
    const yoe = y - era * 400;
    const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
    const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
}
function daysInMonth(year, month) {
    if (month === 2)
        return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
    return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
/** Epoch ms of a date given as numbers, NaN when the date does not exist. */
function dateToEpoch(year, month, day) {
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month))
        return Number.NaN;
    return daysFromCivil(year, month, day) * DAY_MS;
}
function digit(b) {
    const d = b - 0x30;
    return d >= 0 && d <= 9 ? d : Number.NaN;
}
/** YYYY-MM-DD in bytes [start, end), or NaN when the bytes are not exactly such a date. */
function parseDateBytes(buf, start, end) {
    if (end - start !== 10 || buf[start + 4] !== 0x2d || buf[start + 7] !== 0x2d)
        return Number.NaN;
    const year = digit(buf[start]) * 1000 +
        digit(buf[start + 1]) * 100 +
        digit(buf[start + 2]) * 10 +
        digit(buf[start + 3]);
    const month = digit(buf[start + 5]) * 10 + digit(buf[start + 6]);
    const day = digit(buf[start + 8]) * 10 + digit(buf[start + 9]);
    return dateToEpoch(year, month, day);
}
/** Epoch milliseconds of an ISO 8601 date or date-time, or NaN. */
function parseDatetime(text) {
    const trimmed = text.trim();
    if (!ISO_DATETIME.test(trimmed))
        return Number.NaN;
    const date = dateToEpoch(Number(trimmed.slice(0, 4)), Number(trimmed.slice(5, 7)), Number(trimmed.slice(8, 10)));
    if (trimmed.length === 10 || Number.isNaN(date))
        return date;
    const iso = HAS_ZONE.test(trimmed) ? trimmed.replace(" ", "T") : `${trimmed.replace(" ", "T")}Z`;
    return Date.parse(iso);
}

;// CONCATENATED MODULE: ./src/data/readers/parse-number.ts
/**
 * Decimal parsing straight from bytes. Plain decimals whose digits fit in 2^53
 * and whose scale is at most 10^22 are computed as `mantissa / 10^scale` —
 * both operands exact, so the one rounding matches `Number()` (Clinger's fast
 * path). Anything else (long mantissas, large exponents, hex, "Infinity") falls
 * back to `Number()` on the text.
 */
const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);
const MAX_EXACT = 2 ** 53;
const SLOW = Number.NaN;
/** Parses bytes [start, end) as a decimal number; NaN when they are not one. Surrounding spaces are allowed. */
function parseNumberBytes(buf, start, end) {
    while (start < end && buf[start] === 0x20)
        start++;
    while (end > start && buf[end - 1] === 0x20)
        end--;
    if (start === end)
        return Number.NaN;
    const fast = parseSimpleDecimal(buf, start, end);
    if (!Number.isNaN(fast))
        return fast;
    return parseNumberText(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString("latin1"));
}
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the per-byte decimal parser (Clinger's fast path) run on every numeric cell; sign, digits, point and exponent in one loop without calls
function parseSimpleDecimal(buf, start, end) {
    let i = start;
    let negative = false;
    const first = buf[i];
    if (first === 0x2d || first === 0x2b) {
        negative = first === 0x2d;
        i++;
    }
    let mantissa = 0;
    let digits = 0;
    let scale = 0;
    for (; i < end; i++) {
        const d = buf[i] - 0x30;
        if (d < 0 || d > 9)
            break;
        mantissa = mantissa * 10 + d;
        digits++;
    }
    if (i < end && buf[i] === 0x2e) {
        i++;
        for (; i < end; i++) {
            const d = buf[i] - 0x30;
            if (d < 0 || d > 9)
                break;
            mantissa = mantissa * 10 + d;
            digits++;
            scale++;
        }
    }
    if (digits === 0)
        return SLOW;
    let exponent = 0;
    if (i < end && (buf[i] === 0x65 || buf[i] === 0x45)) {
        i++;
        let expNegative = false;
        if (buf[i] === 0x2d || buf[i] === 0x2b) {
            expNegative = buf[i] === 0x2d;
            i++;
        }
        let expDigits = 0;
        for (; i < end; i++) {
            const d = buf[i] - 0x30;
            if (d < 0 || d > 9)
                break;
            exponent = exponent * 10 + d;
            expDigits++;
            if (exponent > 400)
                return SLOW;
        }
        if (expDigits === 0)
            return SLOW;
        if (expNegative)
            exponent = -exponent;
    }
    if (i !== end || mantissa >= MAX_EXACT)
        return SLOW;
    const power = exponent - scale;
    let value;
    if (power === 0)
        value = mantissa;
    else if (power < 0 && power >= -22)
        value = mantissa / POW10[-power];
    else if (power > 0 && power <= 22 && mantissa * POW10[power] < MAX_EXACT)
        value = mantissa * POW10[power];
    else
        return SLOW;
    return negative ? -value : value;
}
// One way to split any text: `\d+\.?\d*` could split a run of digits anywhere, and a long run
// followed by a letter then took quadratic time to refuse.
const NUMBER_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:Infinity|inf|Inf|INF)$|^(?:NaN|nan)$/;
/**
 * Parses text as a decimal number the way data files write them: no hex, no
 * binary, no empty string. "NaN", "Infinity", "inf" give NaN and ±Infinity so
 * validation can name them; anything else that is not a number gives NaN.
 */
function parseNumberText(text) {
    const trimmed = text.trim();
    if (!NUMBER_TEXT.test(trimmed))
        return Number.NaN;
    const lower = trimmed.toLowerCase();
    if (lower.endsWith("inf") || lower.endsWith("infinity"))
        return lower.startsWith("-") ? -Infinity : Infinity;
    return Number(trimmed);
}
/** True for the texts that spell a non-finite number ("NaN", "Infinity", "-inf", …). */
function isNonFiniteSpelling(text) {
    return /^[+-]?(?:infinity|inf)$|^nan$/i.test(text.trim());
}

;// CONCATENATED MODULE: ./src/data/readers/table-reader.ts
/**
 * The streaming table interface every reader (CSV, JSON Lines, Parquet)
 * implements. Readers hand out batches of rows; consumers read cells through
 * the batch's accessors so the CSV reader can parse numbers straight from bytes
 * without materializing strings.
 */
/**
 * Texts already seen in one column, keyed by a 30-bit hash of their bytes
 * (a small integer, cheap as a Map key) and checked byte for byte on a hit, so
 * columns with few distinct values (categories, booleans) do not build a new
 * string for every cell. Holds at most TEXT_CACHE_LIMIT texts.
 */
class TextCache {
    entries = new Map();
    /** Set by each lookup: true when the text was built afresh (first sight, a full cache, or a hash collision). */
    fresh = false;
}
const TEXT_CACHE_LIMIT = 4096;

;// CONCATENATED MODULE: ./src/data/readers/csv-reader.ts
/**
 * A streaming CSV reader (RFC 4180: quoted fields, doubled quotes, embedded
 * delimiters and newlines; CRLF or LF; an optional UTF-8 BOM; any one-byte
 * delimiter). It scans bytes and records field offsets, so numbers are parsed
 * from the bytes and strings are only built when a consumer asks for one.
 * Memory holds one chunk of rows at a time, whatever the file's length.
 */







const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
/** Longest column name accepted: longer ones are data or an unclosed quote, not a header. */
const MAX_COLUMN_NAME_LENGTH = 1024;
/** A row longer than this is refused rather than buffered without bound. */
const MAX_ROW_BYTES = 256 * 1024 * 1024;
const ROW_HASH_SEED = 0x9747b28c;
/** Field flag: the field was quoted and contains doubled quotes, so its text needs unescaping. */
const FLAG_ESCAPED = 1;
const FLAG_QUOTED = 2;
function sameBytes(a, buf, start, end) {
    if (a.length !== end - start)
        return false;
    for (let i = 0; i < a.length; i++)
        if (a[i] !== buf[start + i])
            return false;
    return true;
}
class CsvBatch {
    buf;
    columns;
    starts;
    ends;
    flags;
    rowStarts;
    rowEnds;
    lines;
    rows = 0;
    constructor(buf, columns, starts, ends, flags, rowStarts, rowEnds, lines) {
        this.buf = buf;
        this.columns = columns;
        this.starts = starts;
        this.ends = ends;
        this.flags = flags;
        this.rowStarts = rowStarts;
        this.rowEnds = rowEnds;
        this.lines = lines;
    }
    line(row) {
        return this.lines[row];
    }
    isMissing(row, col) {
        const f = row * this.columns + col;
        return this.starts[f] === this.ends[f] && (this.flags[f] & FLAG_QUOTED) === 0;
    }
    number(row, col) {
        const f = row * this.columns + col;
        if (this.flags[f] & FLAG_ESCAPED)
            return parseNumberText(this.text(row, col));
        return parseNumberBytes(this.buf, this.starts[f], this.ends[f]);
    }
    text(row, col) {
        const f = row * this.columns + col;
        const raw = this.buf.toString("utf8", this.starts[f], this.ends[f]);
        return this.flags[f] & FLAG_ESCAPED ? raw.replaceAll('""', '"') : raw;
    }
    cachedText(row, col, cache) {
        const f = row * this.columns + col;
        const start = this.starts[f];
        const end = this.ends[f];
        if (this.flags[f] & FLAG_ESCAPED) {
            cache.fresh = true;
            return this.text(row, col);
        }
        const { buf } = this;
        const key = hashBytes(buf, start, end) >>> 2;
        const hit = cache.entries.get(key);
        if (hit && sameBytes(hit.bytes, buf, start, end)) {
            cache.fresh = false;
            return hit.text;
        }
        const text = buf.toString("utf8", start, end);
        cache.fresh = true;
        if (!hit && cache.entries.size < TEXT_CACHE_LIMIT) {
            cache.entries.set(key, { text, bytes: Uint8Array.prototype.slice.call(buf, start, end) });
        }
        return text;
    }
    datetime(row, col) {
        const f = row * this.columns + col;
        const date = parseDateBytes(this.buf, this.starts[f], this.ends[f]);
        return Number.isNaN(date) ? parseDatetime(this.text(row, col)) : date;
    }
    cellBytes(row, col, out) {
        const f = row * this.columns + col;
        if (this.flags[f] & FLAG_ESCAPED)
            return false;
        out.buf = this.buf;
        out.start = this.starts[f];
        out.end = this.ends[f];
        return true;
    }
    hash(row, col) {
        const f = row * this.columns + col;
        if (this.flags[f] & FLAG_ESCAPED)
            return hashString(this.text(row, col));
        return hashBytes(this.buf, this.starts[f], this.ends[f]);
    }
    hash64(row, col, out) {
        const f = row * this.columns + col;
        if (this.flags[f] & FLAG_ESCAPED)
            hash64String(this.text(row, col), 0, out);
        else
            hash64Bytes(this.buf, this.starts[f], this.ends[f], 0, out);
    }
    rowHash(row, out) {
        hash64Bytes(this.buf, this.rowStarts[row], this.rowEnds[row], ROW_HASH_SEED, out);
    }
}
/** Growable field-offset storage reused across chunks. */
class FieldStore {
    starts = new Int32Array(1 << 16);
    ends = new Int32Array(1 << 16);
    flags = new Uint8Array(1 << 16);
    rowStarts = new Int32Array(1 << 12);
    rowEnds = new Int32Array(1 << 12);
    lines = new Float64Array(1 << 12);
    ensureFields(n) {
        if (n <= this.starts.length)
            return;
        const size = Math.max(n, this.starts.length * 2);
        this.starts = grow(this.starts, size);
        this.ends = grow(this.ends, size);
        const flags = new Uint8Array(size);
        flags.set(this.flags);
        this.flags = flags;
    }
    ensureRows(n) {
        if (n <= this.rowStarts.length)
            return;
        const size = Math.max(n, this.rowStarts.length * 2);
        this.rowStarts = grow(this.rowStarts, size);
        this.rowEnds = grow(this.rowEnds, size);
        const lines = new Float64Array(size);
        lines.set(this.lines);
        this.lines = lines;
    }
}
function grow(array, size) {
    const next = new Int32Array(size);
    next.set(array);
    return next;
}
class csv_reader_CsvReader {
    file;
    format = "csv";
    header;
    source;
    delimiter;
    consumed = false;
    /** Line where the row being scanned starts, for error messages. */
    rowLine = 1;
    range;
    /** File offset after the header row, once read. */
    headerEnd = 0;
    /** File offset where reading stopped: the start of the first row not read. */
    stopOffset = 0;
    /** Newlines consumed (the header's and blank lines included). */
    newlines = 0;
    constructor(file, options = {}) {
        this.file = file;
        const delimiter = options.delimiter ?? ",";
        if (Buffer.byteLength(delimiter) !== 1 || delimiter === '"' || delimiter === "\n" || delimiter === "\r") {
            throw new errors_MlshipError("bad_delimiter", `delimiter ${JSON.stringify(delimiter)} is not usable: give one single-byte character such as "," ";" or "\\t"`, { file });
        }
        this.delimiter = delimiter.charCodeAt(0);
        this.range = options.range;
        if (options.header)
            this.header = options.header;
    }
    /** File size, compression, and where the data rows start. */
    async layout() {
        await this.columns();
        // Only looks at the start: a stream keeps it for the one read.
        const source = await openTextSource(this.file, "CSV", 0, true);
        return {
            fileBytes: source.fileBytes,
            compressed: source.compressed,
            seekable: source.seekable,
            dataStart: this.headerEnd,
        };
    }
    /** After reading: the file offset of the first row not read (the end of the range, or of the file). */
    stoppedAt() {
        return this.stopOffset;
    }
    /** After reading: how many lines the rows read spanned. */
    linesRead() {
        return this.newlines;
    }
    bytesRead() {
        return this.source?.bytesRead() ?? 0;
    }
    async columns() {
        if (this.header)
            return this.header;
        // Reading the header alone: scan the first chunk(s) until one row is complete.
        for await (const _ of this.scan(true))
            break;
        return this.header;
    }
    batches() {
        if (this.consumed)
            throw new Error("CsvReader.batches() may be iterated once");
        this.consumed = true;
        return this.scan(false);
    }
    // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the CSV reader's chunk loop over every byte of the file: row scanning, partial rows carried into the next chunk and batch flushing share the buffer and offsets as locals, which helpers would pass back and forth per row
    async *scan(headerOnly) {
        const rangeStart = headerOnly ? 0 : (this.range?.start ?? 0);
        const rangeEnd = headerOnly ? Number.POSITIVE_INFINITY : (this.range?.end ?? Number.POSITIVE_INFINITY);
        const source = await openTextSource(this.file, "CSV", rangeStart, headerOnly);
        if (!headerOnly)
            this.source = source;
        const store = new FieldStore();
        const scan = { next: 0, fields: 0, newlines: 0, contentEnd: 0 };
        let pending;
        const joiner = new ChunkJoiner();
        /** File offset of pending's first byte. */
        let pendingBase = rangeStart;
        /** File offset after the last chunk read. */
        let sourceOffset = rangeStart;
        let line = 1;
        let firstChunk = rangeStart === 0;
        let header = rangeStart === 0 ? undefined : this.header;
        if (!header && rangeStart > 0)
            throw new Error("CsvReader: a range after the top of the file needs the header");
        let sawBytes = false;
        let stopped = false;
        const chunks = source.chunks()[Symbol.asyncIterator]();
        // However the read ends (a row the reader refuses throws mid-file), the file is closed now,
        // not when the collector finds the handle.
        try {
            while (true) {
                const { value, done } = await chunks.next();
                const eof = done === true;
                let buf;
                let base;
                if (eof) {
                    if (!pending || pending.length === 0)
                        break;
                    buf = pending;
                    base = pendingBase;
                }
                else {
                    sawBytes ||= value.length > 0;
                    base = pending && pending.length > 0 ? pendingBase : sourceOffset;
                    buf = pending && pending.length > 0 ? joiner.join(pending, value) : value;
                    sourceOffset += value.length;
                }
                let pos = 0;
                if (firstChunk) {
                    if (buf.length < 4 && !eof) {
                        pending = buf;
                        continue;
                    }
                    firstChunk = false;
                    this.refuseBinary(buf);
                    if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf)
                        pos = 3;
                }
                if (!header) {
                    pos = this.skipBlankLines(buf, pos, (n) => {
                        line += n;
                    });
                    store.ensureFields(64);
                    this.rowLine = line;
                    const ok = this.scanRow(buf, pos, eof, store, 0, 0, scan);
                    if (!ok) {
                        pending = buf.subarray(pos);
                        pendingBase = base + pos;
                        if (eof)
                            this.failUnterminated();
                        if (pending.length > MAX_ROW_BYTES)
                            this.failLongRow(line);
                        continue;
                    }
                    header = this.readHeader(buf, store, scan.fields, line);
                    this.header = header;
                    line += scan.newlines;
                    pos = scan.next;
                    this.headerEnd = base + pos;
                    if (headerOnly) {
                        await chunks.return?.(undefined);
                        return;
                    }
                }
                const columns = header.length;
                let rows = 0;
                let fieldBase = 0;
                while (pos < buf.length) {
                    if (base + pos >= rangeEnd) {
                        stopped = true;
                        break;
                    }
                    // A CR at the end of the buffer may be the first half of a CRLF.
                    if (buf[pos] === CR && pos + 1 === buf.length && !eof)
                        break;
                    if (buf[pos] === LF || buf[pos] === CR) {
                        // Blank lines (LF, CRLF, or a lone CR as rows end in old Mac files) carry no row, as pandas skips them.
                        pos += buf[pos] === CR && buf[pos + 1] === LF ? 2 : 1;
                        line++;
                        continue;
                    }
                    store.ensureFields(fieldBase + columns + 1);
                    store.ensureRows(rows + 1);
                    this.rowLine = line;
                    const ok = this.scanRow(buf, pos, eof, store, fieldBase, columns + 1, scan);
                    if (!ok)
                        break;
                    if (scan.fields !== columns)
                        this.failRagged(line, scan.fields, columns, header);
                    store.rowStarts[rows] = pos;
                    store.rowEnds[rows] = scan.contentEnd;
                    store.lines[rows] = line;
                    line += scan.newlines;
                    rows++;
                    fieldBase += columns;
                    pos = scan.next;
                }
                if (eof && pos < buf.length && !stopped)
                    this.failUnterminated();
                pending = pos < buf.length ? buf.subarray(pos) : undefined;
                pendingBase = base + pos;
                this.stopOffset = base + pos;
                this.newlines = line - 1;
                if (pending && pending.length > MAX_ROW_BYTES)
                    this.failLongRow(line);
                if (rows > 0) {
                    const end = store.rowEnds[rows - 1];
                    if (!(0,external_node_buffer_namespaceObject.isUtf8)(buf.subarray(0, end)))
                        this.failEncoding(buf, store, rows);
                    const batch = new CsvBatch(buf, columns, store.starts, store.ends, store.flags, store.rowStarts, store.rowEnds, store.lines);
                    batch.rows = rows;
                    yield batch;
                }
                if (stopped) {
                    await chunks.return?.(undefined);
                    return;
                }
                if (eof)
                    break;
            }
        }
        finally {
            await chunks.return?.(undefined);
        }
        if (!header) {
            throw new errors_MlshipError("empty_file", sawBytes ? `${this.file} holds no CSV header row` : `${this.file} is empty: a CSV needs a header row`, { file: this.file });
        }
        if (headerOnly)
            this.header = header;
    }
    /**
     * Scans one row starting at `pos`, writing up to `maxFields` field offsets at
     * `fieldBase` (0 = unlimited, used for the header). Returns false when the
     * buffer ends before the row does (and more input may come).
     */
    // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: the per-byte RFC 4180 state machine (quotes, doubled quotes, CR/LF, field offsets), run on every byte of every row; one function keeps the inner loop free of calls
    scanRow(buf, pos, eof, store, fieldBase, maxFields, out) {
        const delimiter = this.delimiter;
        const length = buf.length;
        let fields = 0;
        let newlines = 0;
        let i = pos;
        while (true) {
            // One field.
            if (maxFields === 0)
                store.ensureFields(fieldBase + fields + 1);
            const slot = fieldBase + (maxFields === 0 || fields < maxFields ? fields : maxFields - 1);
            let start;
            let end;
            let flags = 0;
            if (i < length && buf[i] === QUOTE) {
                flags = FLAG_QUOTED;
                start = i + 1;
                let j = start;
                while (true) {
                    const q = buf.indexOf(QUOTE, j);
                    if (q < 0) {
                        if (!eof)
                            return false;
                        this.failUnterminated();
                    }
                    if (buf[q + 1] === QUOTE) {
                        flags |= FLAG_ESCAPED;
                        j = q + 2;
                        continue;
                    }
                    if (q + 1 === length && !eof)
                        return false;
                    end = q;
                    break;
                }
                for (let k = start; k < end; k++)
                    if (buf[k] === LF)
                        newlines++;
                i = end + 1;
                const after = buf[i];
                if (i < length && after !== delimiter && after !== LF && after !== CR) {
                    this.failStrayQuote(buf, pos, i, this.rowLine + newlines);
                }
            }
            else {
                start = i;
                while (i < length) {
                    const c = buf[i];
                    if (c === delimiter || c === LF || c === CR)
                        break;
                    i++;
                }
                end = i;
            }
            store.starts[slot] = start;
            store.ends[slot] = end;
            store.flags[slot] = flags;
            fields++;
            if (i >= length) {
                if (!eof)
                    return false;
                out.next = length;
                out.contentEnd = length;
                break;
            }
            const c = buf[i];
            if (c === delimiter) {
                i++;
                if (i >= length && !eof)
                    return false;
                if (i >= length) {
                    // Trailing delimiter at end of file: one more empty field.
                    if (maxFields === 0)
                        store.ensureFields(fieldBase + fields + 1);
                    const last = fieldBase + (maxFields === 0 || fields < maxFields ? fields : maxFields - 1);
                    store.starts[last] = i;
                    store.ends[last] = i;
                    store.flags[last] = 0;
                    fields++;
                    out.next = length;
                    out.contentEnd = length;
                    break;
                }
                continue;
            }
            // Row terminator: LF, CRLF, or a lone CR (old Mac files).
            out.contentEnd = i;
            if (c === CR) {
                if (i + 1 >= length && !eof)
                    return false;
                i += buf[i + 1] === LF ? 2 : 1;
            }
            else {
                i++;
            }
            newlines++;
            out.next = i;
            break;
        }
        out.fields = fields;
        out.newlines = newlines;
        return true;
    }
    skipBlankLines(buf, pos, onLine) {
        while (pos < buf.length && (buf[pos] === LF || buf[pos] === CR)) {
            if (buf[pos] === LF)
                onLine(1);
            else if (buf[pos + 1] !== LF)
                onLine(1);
            pos++;
        }
        return pos;
    }
    readHeader(buf, store, fields, line) {
        const raw = buf.subarray(store.starts[0], store.ends[fields - 1]);
        if (!(0,external_node_buffer_namespaceObject.isUtf8)(raw)) {
            throw new errors_MlshipError("not_utf8", "the header is not valid UTF-8: re-encode the file as UTF-8 (for example `iconv -f latin1 -t utf-8`)", { file: this.file, line });
        }
        const names = [];
        const seen = new Map();
        for (let f = 0; f < fields; f++) {
            let name = buf.toString("utf8", store.starts[f], store.ends[f]);
            if (store.flags[f] & FLAG_ESCAPED)
                name = name.replaceAll('""', '"');
            name = name.trim();
            if (name.length > MAX_COLUMN_NAME_LENGTH) {
                throw new errors_MlshipError("column_name_too_long", `header column ${f + 1} has a name of ${name.length.toLocaleString("en-US")} characters (at most ${MAX_COLUMN_NAME_LENGTH.toLocaleString("en-US")}): is the first line a header, and is every quote closed?`, { file: this.file, line, column: f + 1 });
            }
            if (name === "") {
                throw new errors_MlshipError("empty_column_name", `header column ${f + 1} has no name`, {
                    file: this.file,
                    line,
                    column: f + 1,
                });
            }
            const previous = seen.get(name);
            if (previous !== undefined) {
                throw new errors_MlshipError("duplicate_column", `column "${name}" appears twice in the header (columns ${previous + 1} and ${f + 1})`, { file: this.file, line, column: name });
            }
            seen.set(name, f);
            names.push(name);
        }
        return names;
    }
    refuseBinary(head) {
        const probe = head.subarray(0, 4096);
        const nul = probe.indexOf(0);
        if (nul >= 0) {
            throw new errors_MlshipError("not_text", `${this.file} is not a CSV file: it holds binary data (a zero byte at offset ${nul})`, { file: this.file });
        }
    }
    failRagged(line, got, expected, header) {
        // A one-column header that holds ";" (say) means the file uses another delimiter: quoting is not the fix.
        const other = header.length === 1 ? likelyDelimiter(header[0], this.delimiter) : undefined;
        const hint = other
            ? `the header is one column, so the file is probably separated by ${other.name}: ${setDelimiterHint(other.option)}`
            : got > expected
                ? "an unquoted delimiter inside a value? Quote values that contain the delimiter"
                : "a missing delimiter or a truncated row?";
        throw new errors_MlshipError("ragged_row", `row at line ${line} has ${got} fields but the header has ${expected} (${header.slice(0, 4).join(", ")}${header.length > 4 ? ", …" : ""}): ${hint}`, { file: this.file, line });
    }
    failUnterminated() {
        throw new errors_MlshipError("unterminated_quote", `unterminated quoted field: the quote opened in the row at line ${this.rowLine} is never closed`, { file: this.file, line: this.rowLine });
    }
    failStrayQuote(buf, rowStart, at, line) {
        const snippet = buf.toString("utf8", Math.max(rowStart, at - 20), Math.min(buf.length, at + 20));
        throw new errors_MlshipError("stray_quote", `a closing quote is followed by text instead of a delimiter near ${JSON.stringify(snippet)}: quotes inside a quoted value must be doubled ("")`, { file: this.file, line });
    }
    failLongRow(line) {
        throw new errors_MlshipError("row_too_long", `the row at line ${line} is longer than ${MAX_ROW_BYTES / 1024 / 1024} MiB: is it a CSV file, and is every quote closed?`, { file: this.file, line });
    }
    failEncoding(buf, store, rows) {
        for (let r = 0; r < rows; r++) {
            if (!(0,external_node_buffer_namespaceObject.isUtf8)(buf.subarray(store.rowStarts[r], store.rowEnds[r]))) {
                throw new errors_MlshipError("not_utf8", `the row at line ${store.lines[r]} is not valid UTF-8: re-encode the file as UTF-8 (for example \`iconv -f latin1 -t utf-8\`)`, { file: this.file, line: store.lines[r] });
            }
        }
        throw new errors_MlshipError("not_utf8", "the file is not valid UTF-8", { file: this.file });
    }
}
/**
 * How to set the delimiter, in every spelling (the readers do not know who called them): the
 * command line's `--delimiter`, the actions' input, mlship.yml's data.delimiter.
 */
function setDelimiterHint(value) {
    return `set the delimiter to ${value} (--delimiter ${value} on the command line, input 'delimiter' in an action, data.delimiter in mlship.yml)`;
}
const DELIMITERS = [
    { char: ",", name: '","', option: "','" },
    { char: ";", name: '";"', option: "';'" },
    { char: "\t", name: "tabs", option: "tab" },
    { char: "|", name: '"|"', option: "'|'" },
];
/** The usual delimiter (other than the one in use) that occurs most often in `text`, if any does. */
function likelyDelimiter(text, current) {
    let best;
    let bestCount = 0;
    for (const candidate of DELIMITERS) {
        if (candidate.char.charCodeAt(0) === current)
            continue;
        const count = text.split(candidate.char).length - 1;
        if (count > bestCount) {
            best = candidate;
            bestCount = count;
        }
    }
    return best;
}
/**
 * Joins the unread end of one chunk (a row cut by the chunk's end) to the next chunk, in one
 * buffer reused from chunk to chunk: no new buffer per chunk. The joined bytes stay valid
 * until the next join, as a batch stays valid until the next one is asked for.
 */
class ChunkJoiner {
    room;
    join(pending, next) {
        const length = pending.length + next.length;
        const room = this.room;
        if (room && pending.buffer === room.buffer && length <= room.length) {
            const offset = pending.byteOffset - room.byteOffset;
            room.copyWithin(0, offset, offset + pending.length);
        }
        else {
            const target = room && length <= room.length
                ? room
                : Buffer.allocUnsafeSlow(Math.max(length, 2 * (room?.length ?? next.length)));
            pending.copy(target, 0);
            this.room = target;
        }
        next.copy(this.room, pending.length);
        return this.room.subarray(0, length);
    }
}

;// CONCATENATED MODULE: ./src/data/readers/csv-split.ts
/** Finding row starts in a CSV file, to split it into byte ranges read in parallel. */


const PROBE_BYTES = (/* unused pure expression or super */ null && (64 * 1024));
/**
 * The offset just after the first newline at or after `from`: a row start
 * unless a quoted value holding a newline spans it (the reader of the range
 * before reports where it really stopped, which catches that). Returns
 * `fileBytes` when no newline follows.
 */
async function csv_split_findRowStart(file, from, fileBytes) {
    const handle = await open(openablePath(file), "r");
    try {
        const buffer = Buffer.alloc(PROBE_BYTES);
        for (let offset = from; offset < fileBytes; offset += PROBE_BYTES) {
            const { bytesRead } = await handle.read(buffer, 0, PROBE_BYTES, offset);
            if (bytesRead === 0)
                break;
            const newline = buffer.subarray(0, bytesRead).indexOf(0x0a);
            if (newline >= 0)
                return offset + newline + 1;
        }
        return fileBytes;
    }
    finally {
        await handle.close();
    }
}

;// CONCATENATED MODULE: ./src/data/sketch/sketch-json.ts
/**
 * Shared helpers for the sketches' JSON form: typed arrays as little-endian
 * base64, numbers that may be non-finite, and field validation that throws a
 * plain `Error` naming the bad field.
 */
/** Throws `Error("<what>: field \"<field>\" <problem>")`. */
function badField(what, field, problem) {
    throw new Error(`${what}: field "${field}" ${problem}`);
}
/** Checks that `obj` is a plain object with `type` and `version` as expected. */
function expectObject(what, obj, type, version) {
    if (typeof obj !== "object" || obj === null || Array.isArray(obj)) {
        throw new Error(`${what}: expected a JSON object, got ${obj === null ? "null" : typeof obj}`);
    }
    const o = obj;
    if (o.type !== type)
        badField(what, "type", `must be "${type}", got ${JSON.stringify(o.type)}`);
    if (o.version !== version)
        badField(what, "version", `must be ${version}, got ${JSON.stringify(o.version)}`);
    return o;
}
function intField(what, o, field, min, max) {
    const v = o[field];
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
        badField(what, field, `must be an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
    }
    return v;
}
/** A non-negative finite number (counts and weights may be fractional). */
function nonNegField(what, o, field) {
    const v = o[field];
    if (typeof v !== "number" || !Number.isFinite(v) || v < 0) {
        badField(what, field, `must be a finite number >= 0, got ${JSON.stringify(v)}`);
    }
    return v;
}
function boolField(what, o, field) {
    const v = o[field];
    if (typeof v !== "boolean")
        badField(what, field, `must be a boolean, got ${JSON.stringify(v)}`);
    return v;
}
function encodeNumber(x) {
    if (Number.isFinite(x))
        return x;
    return x === Number.POSITIVE_INFINITY ? "Infinity" : x === Number.NEGATIVE_INFINITY ? "-Infinity" : "NaN";
}
function numberField(what, o, field) {
    const v = o[field];
    if (typeof v === "number" && Number.isFinite(v))
        return v;
    if (v === "Infinity")
        return Number.POSITIVE_INFINITY;
    if (v === "-Infinity")
        return Number.NEGATIVE_INFINITY;
    if (v === "NaN")
        return Number.NaN;
    return badField(what, field, `must be a number (or "Infinity", "-Infinity", "NaN"), got ${JSON.stringify(v)}`);
}
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
function decodeBase64(what, field, v, bytesPerItem) {
    if (typeof v !== "string" || v.length % 4 !== 0 || !BASE64.test(v)) {
        badField(what, field, "must be a base64 string");
    }
    const buf = Buffer.from(v, "base64");
    if (buf.length % bytesPerItem !== 0) {
        badField(what, field, `must decode to a multiple of ${bytesPerItem} bytes, got ${buf.length}`);
    }
    return buf;
}
/** Typed array contents as base64 (host byte order; Node hosts are little-endian). */
function toBase64(a) {
    return Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString("base64");
}
function bytesField(what, o, field) {
    const buf = decodeBase64(what, field, o[field], 1);
    return new Uint8Array(buf);
}
function uint32Field(what, o, field) {
    const buf = decodeBase64(what, field, o[field], 4);
    const out = new Uint32Array(buf.length / 4);
    new Uint8Array(out.buffer).set(buf);
    return out;
}
function float64Field(what, o, field) {
    const buf = decodeBase64(what, field, o[field], 8);
    const out = new Float64Array(buf.length / 8);
    new Uint8Array(out.buffer).set(buf);
    return out;
}

;// CONCATENATED MODULE: ./src/data/sketch/sort-numbers.ts
/**
 * Sorts a[from, to) of a Float64Array ascending, in place (no NaN expected).
 *
 * Float64Array#sort in Node 20 copies the values into a heap array of boxed
 * numbers and back, so sorting a 64 Ki buffer leaves megabytes of garbage each
 * time; this quicksort (Hoare partition around a median of three, insertion sort
 * below 17 values, the larger side deferred on a fixed stack so the depth stays
 * ≤ log2 n) allocates nothing and is as fast.
 */
const stack = new Int32Array(128);
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: an allocation-free quicksort (median of three, Hoare partition, insertion sort below 17, explicit stack) on the sketches' buffers; its loops are the algorithm
function sortNumbers(a, from = 0, to = a.length) {
    let sp = 0;
    let lo = from;
    let hi = to - 1;
    for (;;) {
        while (hi - lo > 16) {
            const mid = (lo + hi) >>> 1;
            // Order a[lo] <= a[mid] <= a[hi]: the ends then stop both scans.
            let x = a[lo];
            let y = a[mid];
            let z = a[hi];
            let t;
            if (y < x) {
                t = x;
                x = y;
                y = t;
            }
            if (z < y) {
                t = y;
                y = z;
                z = t;
                if (y < x) {
                    t = x;
                    x = y;
                    y = t;
                }
            }
            a[lo] = x;
            a[mid] = y;
            a[hi] = z;
            const pivot = y;
            let i = lo;
            let j = hi;
            for (;;) {
                do
                    i++;
                while (a[i] < pivot);
                do
                    j--;
                while (a[j] > pivot);
                if (i >= j)
                    break;
                t = a[i];
                a[i] = a[j];
                a[j] = t;
            }
            // [lo, j] <= pivot <= [j + 1, hi], both non-empty: go on with the smaller side.
            if (j - lo < hi - j) {
                stack[sp++] = j + 1;
                stack[sp++] = hi;
                hi = j;
            }
            else {
                stack[sp++] = lo;
                stack[sp++] = j;
                lo = j + 1;
            }
        }
        for (let i = lo + 1; i <= hi; i++) {
            const x = a[i];
            let j = i - 1;
            while (j >= lo && a[j] > x) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = x;
        }
        if (sp === 0)
            return;
        hi = stack[--sp];
        lo = stack[--sp];
    }
}

;// CONCATENATED MODULE: ./src/data/sketch/quantile-sketch.ts
/**
 * KLL quantile sketch for numbers (Karnin, Lang, Liberty, "Optimal Quantile
 * Approximation in Streams", 2016), laid out as Apache DataSketches'
 * KllDoublesSketch: levels of items where an item at level h stands for 2^h
 * input values; level 0 is an unsorted insertion buffer, higher levels are
 * sorted; level h of L holds max(8, round(k (2/3)^(L-1-h))) items before it is
 * compacted (sorted, every other item kept from a random offset, merged into
 * level h+1). Space is O(k log(n/k)) numbers.
 *
 * Exact mode: while `count <= max(exactLimit, k)` (default exactLimit 2048)
 * every value is stored with weight 1, so quantiles, ranks and the CDF are
 * exact — also after merging small sketches whose counts sum to at most that.
 *
 * Accuracy past exact mode: with 99% confidence the normalized rank error of a
 * single `rank`/`quantile`/`cdf` point is at most 2.296 / k^0.9723
 * (DataSketches' empirical fit; k = 200: 1.33%, exported as
 * {@link QUANTILE_SKETCH_RANK_ERROR}); for a difference of two ranks (PMF)
 * 2.446 / k^0.9433 (1.65%). The same holds for sketches built by merging.
 *
 * Quantile convention ("inclusive" nearest rank, as DataSketches' INCLUSIVE):
 * - `rank(x)` = (total weight of values <= x) / count;
 * - `quantile(q)` = the smallest stored value v with rank(v) >= q, so on exact
 *   data sorted as a[0..n-1] it is a[ceil(q n) - 1] (q = 0 gives the minimum,
 *   q = 1 the maximum; e.g. for 1..10, quantile(0.3) = 3 and the median
 *   quantile(0.5) = 5). `q n` is compared with a relative tolerance of 1e-12 so
 *   that float noise (0.3 * 10 = 3.0000000000000004) does not skip an item.
 *
 * Sketches of different k merge (as DataSketches' do): the result keeps its
 * own k for compaction and remembers the smallest k merged in (`minK`, in the
 * JSON when it differs from k), whose rank error it then states.
 *
 * Determinism: the only randomness (one bit per compaction) comes from a
 * xorshift32 generator whose state is part of the sketch and its JSON, so the
 * same inputs in the same order give the same sketch; `a.merge(b)` draws from
 * `a`'s generator. NaN is ignored by `add` (callers are expected to filter).
 */


/** DataSketches' 99%-confidence single-sided normalized rank error for `k` (pmf: double-sided). */
function quantileSketchRankError(k, pmf = false) {
    return pmf ? 2.446 / k ** 0.9433 : 2.296 / k ** 0.9723;
}
const DEFAULT_QUANTILE_K = 200;
const DEFAULT_QUANTILE_EXACT_LIMIT = 2048;
/** Normalized rank error ε of a default (k = 200) sketch: ≈ 0.0133 (1.33%, 99% confidence). */
const QUANTILE_SKETCH_RANK_ERROR = quantileSketchRankError(DEFAULT_QUANTILE_K);
const WHAT = "QuantileSketch JSON";
const MIN_WIDTH = 8; // DataSketches' m
const MAX_LEVELS = 61;
const INITIAL_EXACT_BUFFER = 256;
const DEFAULT_SEED = 0x2545f491;
const RANK_TOLERANCE = 1e-12;
const POW3 = [];
for (let d = 0, p = 1; d <= 30; d++, p *= 3)
    POW3.push(p);
/** Capacity of level h in a sketch of `numLevels` levels: max(8, round(k (2/3)^depth)). */
function levelCapacity(k, numLevels, h) {
    const depth = numLevels - h - 1;
    if (depth > 30)
        return MIN_WIDTH;
    // round(k 2^d / 3^d) in exact integer arithmetic, as DataSketches does.
    const a = 2 * k * 2 ** depth;
    const b = POW3[depth];
    let t = Math.floor(a / b);
    if (t * b > a)
        t--;
    else if ((t + 1) * b <= a)
        t++;
    return Math.max(MIN_WIDTH, (t + 1) >>> 1);
}
function totalCapacity(k, numLevels) {
    let total = 0;
    for (let h = 0; h < numLevels; h++)
        total += levelCapacity(k, numLevels, h);
    return total;
}
/** Merges two sorted arrays into a new sorted array. */
function mergeSorted(a, b) {
    if (a.length === 0)
        return b;
    if (b.length === 0)
        return a;
    const out = new Float64Array(a.length + b.length);
    let i = 0;
    let j = 0;
    let o = 0;
    while (i < a.length && j < b.length)
        out[o++] = a[i] <= b[j] ? a[i++] : b[j++];
    while (i < a.length)
        out[o++] = a[i++];
    while (j < b.length)
        out[o++] = b[j++];
    return out;
}
function seedState(seed) {
    // murmur3 fmix32 spreads small seeds; the state must be non-zero.
    let h = seed | 0;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0 || DEFAULT_SEED;
}
class QuantileSketch {
    k;
    exactLimit;
    /** Smallest k merged in (k itself until a sketch of smaller k is merged). */
    minKValue;
    /** Count up to which the sketch is exact: max(exactLimit, k). */
    exactCap;
    rng;
    n = 0;
    minV = Number.POSITIVE_INFINITY;
    maxV = Number.NEGATIVE_INFINITY;
    numLevels = 1;
    /** Level h is items[levels[h], levels[h+1]); [0, levels[0]) is free space. */
    levels = new Int32Array(MAX_LEVELS + 2);
    items;
    /** levelCapacity(k, numLevels, h) for each level, and their sum; refreshed when numLevels changes. */
    caps = new Int32Array(MAX_LEVELS + 1);
    totalCap = 0;
    /** Query view: distinct values ascending, with cumulative weights. */
    viewValues = null;
    viewCum = null;
    constructor(options = {}) {
        const k = options.k ?? DEFAULT_QUANTILE_K;
        const exactLimit = options.exactLimit ?? DEFAULT_QUANTILE_EXACT_LIMIT;
        const seed = options.seed ?? DEFAULT_SEED;
        if (!Number.isInteger(k) || k < 8 || k > 65535)
            throw new Error(`QuantileSketch: k must be an integer in [8, 65535], got ${k}`);
        if (!Number.isInteger(exactLimit) || exactLimit < 0 || exactLimit > 16777216) {
            throw new Error(`QuantileSketch: exactLimit must be an integer in [0, 16777216], got ${exactLimit}`);
        }
        if (!Number.isInteger(seed))
            throw new Error(`QuantileSketch: seed must be an integer, got ${seed}`);
        this.k = k;
        this.minKValue = k;
        this.exactLimit = exactLimit;
        this.exactCap = Math.max(exactLimit, k);
        this.rng = seedState(seed);
        const cap = Math.min(this.exactCap, Math.max(INITIAL_EXACT_BUFFER, k));
        this.items = new Float64Array(cap);
        this.levels[0] = cap;
        this.levels[1] = cap;
        this.refreshCaps();
    }
    refreshCaps() {
        const L = this.numLevels;
        let total = 0;
        for (let h = 0; h < L; h++) {
            this.caps[h] = levelCapacity(this.k, L, h);
            total += this.caps[h];
        }
        this.totalCap = total;
    }
    /** Number of values added (NaN excluded). */
    get count() {
        return this.n;
    }
    /** Smallest value added (exact), NaN when empty. */
    get min() {
        return this.n === 0 ? Number.NaN : this.minV;
    }
    /** Largest value added (exact), NaN when empty. */
    get max() {
        return this.n === 0 ? Number.NaN : this.maxV;
    }
    /** True while every value is stored with weight 1 (queries are exact). */
    get isExact() {
        return this.numLevels === 1;
    }
    /** Number of stored items. */
    get retained() {
        return this.levels[this.numLevels] - this.levels[0];
    }
    /** Smallest k of this sketch and of any sketch merged into it. */
    get minK() {
        return this.minKValue;
    }
    /** 99%-confidence normalized rank error of `rank`/`cdf`/`quantile` (0 while exact). */
    get rankError() {
        return this.isExact ? 0 : quantileSketchRankError(this.minKValue);
    }
    /** 99%-confidence error of the mass between two points, rank(b) − rank(a) (0 while exact). */
    get pmfRankError() {
        return this.isExact ? 0 : quantileSketchRankError(this.minKValue, true);
    }
    /**
     * A sketch of `count[i]` copies of `values[i]` (ascending, distinct; counts positive
     * integers) without adding them one by one: each count, written in binary, puts the
     * value at the levels of its set bits (an item at level h stands for 2^h copies), so
     * the levels are exact and sorted; then the usual compaction brings them within
     * capacity. O(distinct · log(count)).
     */
    // biome-ignore lint/complexity/noExcessiveCognitiveComplexity: places each value at the levels of its count's set bits, then compacts: one numeric pass over all distinct values whose level bookkeeping is shared state
    static fromWeighted(values, counts, options = {}) {
        const sketch = new QuantileSketch(options);
        // First the size of each level, so each is one typed array (no growing lists of boxed numbers).
        const sizes = [];
        let n = 0;
        for (let i = 0; i < values.length; i++) {
            if (Number.isNaN(values[i]))
                continue;
            let c = counts[i];
            if (!(Number.isInteger(c) && c > 0))
                throw new Error(`QuantileSketch.fromWeighted: count ${c} at ${i}`);
            n += c;
            for (let h = 0; c > 0; h++, c = Math.floor(c / 2)) {
                if (c % 2 === 0)
                    continue;
                if (h >= MAX_LEVELS)
                    throw new Error("QuantileSketch: too many levels");
                while (sizes.length <= h)
                    sizes.push(0);
                sizes[h]++;
            }
        }
        if (n === 0)
            return sketch;
        // Every count 1: the values are level 0 as they are (compress and load copy what they keep).
        const levels = sizes.length === 1 && sizes[0] === values.length && values instanceof Float64Array
            ? [values]
            : sizes.map((size) => new Float64Array(size));
        const filled = new Array(sizes.length).fill(0);
        for (let i = 0; i < values.length; i++) {
            const x = values[i];
            if (Number.isNaN(x))
                continue;
            if (levels[0] !== values) {
                for (let h = 0, c = counts[i]; c > 0; h++, c = Math.floor(c / 2)) {
                    if (c % 2 === 1)
                        levels[h][filled[h]++] = x;
                }
            }
            if (x < sketch.minV)
                sketch.minV = x;
            if (x > sketch.maxV)
                sketch.maxV = x;
        }
        sketch.n = n;
        sketch.load(levels.length === 1 && n <= sketch.exactCap ? levels : sketch.compress(levels));
        return sketch;
    }
    /** Adds one value; NaN is ignored. Amortized O(1), no allocation except when the sketch grows. */
    add(x) {
        if (Number.isNaN(x))
            return;
        const levels = this.levels;
        if (levels[0] === 0)
            this.makeRoom();
        this.items[--levels[0]] = x;
        this.n++;
        if (x < this.minV)
            this.minV = x;
        if (x > this.maxV)
            this.maxV = x;
        this.viewValues = null;
    }
    nextBit() {
        let s = this.rng;
        s ^= s << 13;
        s ^= s >>> 17;
        s ^= s << 5;
        this.rng = s >>> 0;
        return this.rng >>> 31;
    }
    /** Called when the buffer is full. */
    makeRoom() {
        const len = this.items.length;
        if (this.numLevels === 1 && len < this.exactCap) {
            // Exact mode: grow the level-0 buffer.
            const cap = Math.min(this.exactCap, len * 2);
            const next = new Float64Array(cap);
            next.set(this.items, cap - len);
            this.items = next;
            this.levels[0] += cap - len;
            this.levels[1] = cap;
            return;
        }
        if (len === this.totalCap)
            this.compactInPlace();
        else
            this.load(this.compress(this.levelArrays()));
    }
    /** DataSketches' compress-while-updating: compacts the lowest level at capacity. */
    compactInPlace() {
        const levels = this.levels;
        const caps = this.caps;
        const L = this.numLevels;
        let h = 0;
        while (h < L - 1 && levels[h + 1] - levels[h] < caps[h])
            h++;
        if (h === L - 1)
            this.addTopLevel();
        const items = this.items;
        const b = levels[h];
        const e = levels[h + 1];
        const a = levels[h + 2];
        const pop = e - b;
        const odd = pop & 1;
        const cb = b + odd;
        const half = (pop - odd) >>> 1;
        if (h === 0) {
            sortNumbers(items, cb, e);
        }
        const r = this.nextBit();
        if (a === e) {
            for (let i = half - 1; i >= 0; i--)
                items[cb + half + i] = items[cb + 2 * i + r];
        }
        else {
            for (let i = 0; i < half; i++)
                items[cb + i] = items[cb + 2 * i + r];
            // Merge items[cb, cb+half) with level h+1 items[e, a) into items[cb+half, a).
            let i = cb;
            const iEnd = cb + half;
            let j = e;
            let o = iEnd;
            while (i < iEnd && j < a)
                items[o++] = items[i] <= items[j] ? items[i++] : items[j++];
            while (i < iEnd)
                items[o++] = items[i++];
        }
        levels[h + 1] = cb + half;
        if (odd === 1) {
            items[cb + half - 1] = items[b];
            levels[h] = cb + half - 1;
        }
        else {
            levels[h] = cb + half;
        }
        if (h > 0) {
            // Shift the lower levels up by `half` (a loop: copyWithin's call overhead dominates on short runs).
            for (let i = b - 1, start = levels[0]; i >= start; i--)
                items[i + half] = items[i];
            for (let i = 0; i < h; i++)
                levels[i] += half;
        }
    }
    /** Adds an empty level on top, growing the buffer to the new total capacity. */
    addTopLevel() {
        const L = this.numLevels;
        if (L >= MAX_LEVELS)
            throw new Error("QuantileSketch: too many levels");
        const oldCap = this.items.length;
        const cap = totalCapacity(this.k, L + 1);
        const delta = cap - oldCap;
        const next = new Float64Array(cap);
        next.set(this.items, delta);
        this.items = next;
        for (let i = 0; i <= L; i++)
            this.levels[i] += delta;
        this.levels[L + 1] = cap;
        this.numLevels = L + 1;
        this.refreshCaps();
    }
    /** Copies of the levels; level 0 sorted. */
    levelArrays() {
        const out = [];
        for (let h = 0; h < this.numLevels; h++)
            out.push(this.items.slice(this.levels[h], this.levels[h + 1]));
        sortNumbers(out[0]);
        return out;
    }
    /**
     * DataSketches' general compress over sorted levels: one pass upward,
     * compacting a level while the sketch is over its total capacity and the
     * level is at capacity, until the items fit.
     */
    compress(lv) {
        const k = this.k;
        for (;;) {
            let L = lv.length;
            let total = 0;
            for (const a of lv)
                total += a.length;
            if (total < totalCapacity(k, L))
                return lv;
            for (let h = 0; h < L; h++) {
                const src = lv[h];
                if (total < totalCapacity(k, L) || src.length < levelCapacity(k, L, h))
                    continue;
                if (h === L - 1) {
                    if (L >= MAX_LEVELS)
                        throw new Error("QuantileSketch: too many levels");
                    lv.push(new Float64Array(0));
                    L++;
                }
                const odd = src.length & 1;
                const half = (src.length - odd) >>> 1;
                const r = this.nextBit();
                const up = new Float64Array(half);
                for (let i = 0; i < half; i++)
                    up[i] = src[odd + 2 * i + r];
                lv[h + 1] = mergeSorted(up, lv[h + 1]);
                lv[h] = odd === 1 ? src.slice(0, 1) : new Float64Array(0);
                total -= half;
            }
        }
    }
    /** Lays `lv` out in the buffer (free space first). */
    load(lv) {
        const L = lv.length;
        let retained = 0;
        for (const a of lv)
            retained += a.length;
        const cap = L === 1
            ? Math.min(this.exactCap, Math.max(retained, Math.min(INITIAL_EXACT_BUFFER, this.exactCap), this.k))
            : totalCapacity(this.k, L);
        const items = new Float64Array(Math.max(cap, retained));
        let pos = items.length - retained;
        for (let h = 0; h < L; h++) {
            this.levels[h] = pos;
            items.set(lv[h], pos);
            pos += lv[h].length;
        }
        this.levels[L] = pos;
        this.items = items;
        this.numLevels = L;
        this.refreshCaps();
        this.viewValues = null;
    }
    /**
     * Merges `other` into this sketch; `other` is unchanged. Returns `this`. The k may
     * differ: the levels mean the same weights whatever k, so they merge level by level
     * and compact with this sketch's k; the smaller k's error then applies (`minK`).
     */
    merge(other) {
        if (other.n === 0)
            return this;
        if (other === this)
            other = other.clone();
        if (!other.isExact)
            this.minKValue = Math.min(this.minKValue, other.minKValue);
        if (this.isExact && other.isExact && this.n + other.n <= this.exactCap) {
            const src = other.items;
            // Replay in insertion order (level 0 is filled from the end).
            for (let i = other.levels[1] - 1; i >= other.levels[0]; i--)
                this.add(src[i]);
            return this;
        }
        const a = this.levelArrays();
        const b = other.levelArrays();
        const L = Math.max(a.length, b.length);
        const lv = [];
        for (let h = 0; h < L; h++) {
            lv.push(mergeSorted(a[h] ?? new Float64Array(0), b[h] ?? new Float64Array(0)));
        }
        this.n += other.n;
        if (other.minV < this.minV)
            this.minV = other.minV;
        if (other.maxV > this.maxV)
            this.maxV = other.maxV;
        this.load(this.compress(lv));
        return this;
    }
    clone() {
        return QuantileSketch.fromJSON(this.toJSON());
    }
    view() {
        if (this.viewValues !== null)
            return;
        // Merge levels into (value, weight) pairs, ascending.
        let vals = this.items.slice(this.levels[0], this.levels[1]);
        sortNumbers(vals);
        let wts = new Float64Array(vals.length).fill(1);
        for (let h = 1; h < this.numLevels; h++) {
            const lvl = this.items.subarray(this.levels[h], this.levels[h + 1]);
            if (lvl.length === 0)
                continue;
            const w = 2 ** h;
            const nv = new Float64Array(vals.length + lvl.length);
            const nw = new Float64Array(nv.length);
            let i = 0;
            let j = 0;
            let o = 0;
            while (i < vals.length || j < lvl.length) {
                if (j >= lvl.length || (i < vals.length && vals[i] <= lvl[j])) {
                    nv[o] = vals[i];
                    nw[o++] = wts[i++];
                }
                else {
                    nv[o] = lvl[j++];
                    nw[o++] = w;
                }
            }
            vals = nv;
            wts = nw;
        }
        // Collapse ties and accumulate.
        const outV = new Float64Array(vals.length);
        const cum = new Float64Array(vals.length);
        let m = 0;
        let acc = 0;
        for (let i = 0; i < vals.length; i++) {
            acc += wts[i];
            if (m > 0 && outV[m - 1] === vals[i])
                cum[m - 1] = acc;
            else {
                outV[m] = vals[i];
                cum[m++] = acc;
            }
        }
        this.viewValues = outV.slice(0, m);
        this.viewCum = cum.slice(0, m);
    }
    /** Inclusive nearest-rank quantile (see the module comment); NaN when empty. */
    quantile(q) {
        if (!(q >= 0 && q <= 1))
            throw new Error(`QuantileSketch.quantile: q must be in [0, 1], got ${q}`);
        if (this.n === 0)
            return Number.NaN;
        if (q === 0)
            return this.minV;
        if (q === 1)
            return this.maxV;
        this.view();
        const values = this.viewValues;
        const cum = this.viewCum;
        const target = q * this.n * (1 - RANK_TOLERANCE);
        // Smallest i with cum[i] >= target.
        let lo = 0;
        let hi = values.length - 1;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (cum[mid] >= target)
                hi = mid;
            else
                lo = mid + 1;
        }
        return values[lo];
    }
    quantiles(qs) {
        const out = new Array(qs.length);
        for (let i = 0; i < qs.length; i++)
            out[i] = this.quantile(qs[i]);
        return out;
    }
    /** Normalized inclusive rank: fraction of values <= x; NaN when empty or x is NaN. */
    rank(x) {
        if (this.n === 0 || Number.isNaN(x))
            return Number.NaN;
        if (x < this.minV)
            return 0;
        if (x >= this.maxV)
            return 1;
        this.view();
        const values = this.viewValues;
        const cum = this.viewCum;
        // Largest i with values[i] <= x.
        let lo = -1;
        let hi = values.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (values[mid] <= x)
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo < 0 ? 0 : cum[lo] / this.n;
    }
    /**
     * CDF at strictly increasing split points: `[rank(s0), …, rank(s_{m-1}), 1]`
     * (m + 1 entries; entry i is the fraction of values <= s_i). Empty sketch: all NaN.
     */
    cdf(splitPoints) {
        for (let i = 0; i < splitPoints.length; i++) {
            const s = splitPoints[i];
            if (Number.isNaN(s))
                throw new Error(`QuantileSketch.cdf: split point ${i} is NaN`);
            if (i > 0 && !(s > splitPoints[i - 1]))
                throw new Error("QuantileSketch.cdf: split points must be strictly increasing");
        }
        const out = new Array(splitPoints.length + 1);
        for (let i = 0; i < splitPoints.length; i++)
            out[i] = this.rank(splitPoints[i]);
        out[splitPoints.length] = this.n === 0 ? Number.NaN : 1;
        return out;
    }
    /** Distinct stored values ascending with their weights (summing to `count`); fresh arrays. */
    weightedItems() {
        this.view();
        const values = this.viewValues.slice();
        const cum = this.viewCum;
        const weights = new Float64Array(values.length);
        for (let i = 0; i < values.length; i++)
            weights[i] = cum[i] - (i > 0 ? cum[i - 1] : 0);
        return { values, weights };
    }
    toJSON() {
        const sizes = [];
        for (let h = 0; h < this.numLevels; h++)
            sizes.push(this.levels[h + 1] - this.levels[h]);
        return {
            type: "kll",
            version: 1,
            k: this.k,
            ...(this.minKValue < this.k ? { minK: this.minKValue } : {}),
            exactLimit: this.exactLimit,
            rng: this.rng,
            count: this.n,
            min: encodeNumber(this.min),
            max: encodeNumber(this.max),
            levels: sizes,
            items: toBase64(this.items.subarray(this.levels[0], this.levels[this.numLevels])),
        };
    }
    static fromJSON(obj) {
        const o = expectObject(WHAT, obj, "kll", 1);
        const k = intField(WHAT, o, "k", 8, 65535);
        const minK = o.minK === undefined ? k : intField(WHAT, o, "minK", 8, k);
        const exactLimit = intField(WHAT, o, "exactLimit", 0, 16777216);
        const rng = intField(WHAT, o, "rng", 1, 0xffffffff);
        const count = intField(WHAT, o, "count", 0, Number.MAX_SAFE_INTEGER);
        const min = numberField(WHAT, o, "min");
        const max = numberField(WHAT, o, "max");
        const sizes = levelSizes(o.levels);
        const items = float64Field(WHAT, o, "items");
        const retained = sizes.reduce((x, y) => x + y, 0);
        if (items.length !== retained)
            badField(WHAT, "items", `holds ${items.length} values, but levels sum to ${retained}`);
        const sketch = new QuantileSketch({ k, exactLimit });
        const L = sizes.length;
        if (L === 1 && retained > sketch.exactCap) {
            badField(WHAT, "levels", `level 0 holds ${retained} values, more than max(exactLimit, k) = ${sketch.exactCap}`);
        }
        if (L > 1 && retained > totalCapacity(k, L)) {
            badField(WHAT, "levels", `hold ${retained} values, more than the capacity ${totalCapacity(k, L)} of ${L} levels`);
        }
        const { lv, weight } = splitLevels(items, sizes, min, max);
        if (weight !== count)
            badField(WHAT, "count", `is ${count}, but the stored weights sum to ${weight}`);
        if (count > 0 && !(min <= max))
            badField(WHAT, "min", `must be <= max when count > 0`);
        sketch.load(lv);
        sketch.n = count;
        if (count > 0) {
            sketch.minV = min;
            sketch.maxV = max;
        }
        sketch.rng = rng;
        sketch.minKValue = minK;
        return sketch;
    }
}
/** The stored level sizes: 1 to MAX_LEVELS integers >= 0. */
function levelSizes(sizes) {
    if (!Array.isArray(sizes) || sizes.length < 1 || sizes.length > MAX_LEVELS) {
        badField(WHAT, "levels", `must be an array of 1 to ${MAX_LEVELS} level sizes`);
    }
    for (let h = 0; h < sizes.length; h++) {
        const s = sizes[h];
        if (typeof s !== "number" || !Number.isInteger(s) || s < 0)
            badField(WHAT, `levels[${h}]`, `must be an integer >= 0, got ${JSON.stringify(s)}`);
    }
    return sizes;
}
/** The items cut into levels, each checked (no NaN, within [min, max], sorted above level 0), and their total weight. */
function splitLevels(items, sizes, min, max) {
    let weight = 0;
    const lv = [];
    let off = 0;
    for (let h = 0; h < sizes.length; h++) {
        const a = items.slice(off, off + sizes[h]);
        off += a.length;
        for (let i = 0; i < a.length; i++) {
            if (Number.isNaN(a[i]))
                badField(WHAT, "items", "must not contain NaN");
            if (a[i] < min || a[i] > max)
                badField(WHAT, "items", `value ${a[i]} is outside [min, max]`);
            if (h > 0 && i > 0 && a[i] < a[i - 1])
                badField(WHAT, "items", `level ${h} must be sorted ascending`);
        }
        weight += a.length * 2 ** h;
        lv.push(a);
    }
    return { lv, weight };
}

;// CONCATENATED MODULE: ./src/data/sketch/sorted-values-codec.ts
/**
 * Compact text form of a sorted list of distinct numbers with counts (the exact
 * store of `ValueStore`), for profile JSON:
 *
 * - values: when every value is a decimal with at most `scale` digits after the
 *   point (v = m / 10^scale exactly, |m| < 2^52: prices, rounded measurements,
 *   integers, dates as epoch ms), the integers m — the first zigzag-encoded, then
 *   the gaps, all small; otherwise the IEEE-754 bit patterns mapped to unsigned
 *   integers in the same order as the values (sign bit flipped for positives,
 *   all bits for negatives), first one then the gaps, as 64-bit numbers.
 * - counts: one unsigned integer each (mostly 1 for continuous data).
 *
 * Each list is LEB128 varints, deflated (raw deflate, node:zlib), base64. Decoding
 * gives back exactly the same doubles: `m / 10^scale` is the correctly rounded
 * quotient, the very division the encoder checked against each value.
 */


/** Most digits after the point tried for the decimal form (10^15 still scales exactly). */
const MAX_SCALE = 15;
/** |m| below this keeps the gaps between the m exact in a double. */
const MAX_DECIMAL_MANTISSA = 2 ** 52;
/** A varint of a 64-bit number takes at most 10 bytes. */
const MAX_VARINT_BYTES = 10;
class ByteWriter {
    bytes;
    length = 0;
    constructor(capacity) {
        this.bytes = new Uint8Array(Math.max(16, capacity));
    }
    ensure(extra) {
        if (this.length + extra <= this.bytes.length)
            return;
        const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + extra));
        next.set(this.bytes.subarray(0, this.length));
        this.bytes = next;
    }
    /** An unsigned integer below 2^53. */
    uint(x) {
        this.ensure(MAX_VARINT_BYTES);
        const b = this.bytes;
        while (x >= 128) {
            b[this.length++] = (x % 128) | 128;
            x = Math.floor(x / 128);
        }
        b[this.length++] = x;
    }
    /** An unsigned 64-bit integer given as its high and low 32 bits. */
    uint64(hi, lo) {
        this.ensure(MAX_VARINT_BYTES);
        const b = this.bytes;
        while (hi !== 0 || lo > 127) {
            b[this.length++] = (lo & 127) | 128;
            lo = ((lo >>> 7) | (hi << 25)) >>> 0;
            hi >>>= 7;
        }
        b[this.length++] = lo;
    }
    deflated() {
        return (0,external_node_zlib_namespaceObject.deflateRawSync)(this.bytes.subarray(0, this.length)).toString("base64");
    }
}
class ByteReader {
    bytes;
    what;
    field;
    pos = 0;
    constructor(bytes, what, field) {
        this.bytes = bytes;
        this.what = what;
        this.field = field;
    }
    truncated() {
        return badField(this.what, this.field, "ends in the middle of a number (truncated?)");
    }
    get done() {
        return this.pos >= this.bytes.length;
    }
    uint() {
        let x = 0;
        let scale = 1;
        for (let i = 0; i < 8; i++) {
            if (this.pos >= this.bytes.length)
                this.truncated();
            const byte = this.bytes[this.pos++];
            x += (byte & 127) * scale;
            if (byte < 128) {
                if (x > Number.MAX_SAFE_INTEGER)
                    break;
                return x;
            }
            scale *= 128;
        }
        return badField(this.what, this.field, "holds a number too large for a count or an integer");
    }
    /** Reads a 64-bit varint into out[0] (high 32 bits) and out[1] (low 32 bits). */
    uint64(out) {
        let lo = 0;
        let hi = 0;
        for (let shift = 0;; shift += 7) {
            if (shift > 63)
                badField(this.what, this.field, "holds a number longer than 64 bits");
            if (this.pos >= this.bytes.length)
                this.truncated();
            const byte = this.bytes[this.pos++];
            const g = byte & 127;
            if (shift < 28)
                lo |= g << shift;
            else if (shift === 28) {
                lo |= g << 28;
                hi |= g >>> 4;
            }
            else
                hi |= g << (shift - 32);
            if (byte < 128)
                break;
        }
        out[0] = hi >>> 0;
        out[1] = lo >>> 0;
    }
}
/** The smallest number of decimals that represents every value exactly, or null. */
function decimalScale(values, n) {
    for (let scale = 0, p = 1; scale <= MAX_SCALE; scale++, p *= 10) {
        let ok = true;
        for (let i = 0; i < n; i++) {
            const m = Math.round(values[i] * p);
            if (!(Math.abs(m) < MAX_DECIMAL_MANTISSA) || m / p !== values[i]) {
                ok = false;
                break;
            }
        }
        if (ok)
            return scale;
    }
    return null;
}
/** Encodes `values[0..n)` (finite, strictly increasing, no −0) with their `counts` (positive integers). */
function encodeSortedValues(values, counts, n) {
    const scale = decimalScale(values, n);
    const out = new ByteWriter(n * 2 + 16);
    if (scale !== null) {
        const p = 10 ** scale;
        let previous = 0;
        for (let i = 0; i < n; i++) {
            const m = Math.round(values[i] * p);
            if (i === 0)
                out.uint(m < 0 ? -2 * m - 1 : 2 * m);
            else
                out.uint(m - previous);
            previous = m;
        }
    }
    else {
        const bits = new Uint32Array(values.buffer, values.byteOffset, n * 2);
        let prevHi = 0;
        let prevLo = 0;
        for (let i = 0; i < n; i++) {
            // Little-endian: the low word first. Map to an unsigned key that sorts like the value.
            let lo = bits[2 * i];
            let hi = bits[2 * i + 1];
            if (hi & 0x80000000) {
                hi = ~hi >>> 0;
                lo = ~lo >>> 0;
            }
            else
                hi = (hi | 0x80000000) >>> 0;
            // key − previous key, borrowing from the high word.
            const dlo = (lo - prevLo) >>> 0;
            const dhi = (hi - prevHi - (lo < prevLo ? 1 : 0)) >>> 0;
            out.uint64(dhi, dlo);
            prevHi = hi;
            prevLo = lo;
        }
    }
    const countBytes = new ByteWriter(n + 16);
    for (let i = 0; i < n; i++)
        countBytes.uint(counts[i]);
    return { scale, values: out.deflated(), counts: countBytes.deflated() };
}
const sorted_values_codec_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
function inflateField(what, field, text, maxBytes) {
    if (typeof text !== "string" || text.length % 4 !== 0 || !sorted_values_codec_BASE64.test(text)) {
        badField(what, field, "must be a base64 string");
    }
    try {
        return new Uint8Array((0,external_node_zlib_namespaceObject.inflateRawSync)(Buffer.from(text, "base64"), { maxOutputLength: Math.max(maxBytes, 1) }));
    }
    catch (error) {
        const code = error.code;
        const why = code === "ERR_BUFFER_TOO_LARGE"
            ? "inflates to more bytes than its count of values can take"
            : "is not deflated data (truncated or corrupt)";
        return badField(what, field, why);
    }
}
/**
 * Decodes `distinct` values and counts, checking that the values are finite and
 * strictly increasing and the counts positive integers; a bad or truncated field is
 * named in the Error.
 */
// biome-ignore lint/complexity/noExcessiveCognitiveComplexity: decodes and checks every stored value and count of a profile in one pass (varint deltas, scale, finiteness, order), named errors per field
function decodeSortedValues(what, encoded, distinct) {
    const { scale } = encoded;
    if (scale !== null &&
        !(typeof scale === "number" && Number.isInteger(scale) && scale >= 0 && scale <= MAX_SCALE)) {
        badField(what, "scale", `must be null or an integer in [0, ${MAX_SCALE}], got ${JSON.stringify(scale)}`);
    }
    const values = new Float64Array(distinct);
    const counts = new Float64Array(distinct);
    const valueReader = new ByteReader(inflateField(what, "values", encoded.values, distinct * MAX_VARINT_BYTES), what, "values");
    if (scale !== null) {
        const p = 10 ** scale;
        let m = 0;
        for (let i = 0; i < distinct; i++) {
            if (i === 0) {
                const z = valueReader.uint();
                m = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
            }
            else {
                const gap = valueReader.uint();
                if (gap === 0)
                    badField(what, "values", `must be strictly increasing (value ${i} repeats the one before)`);
                m += gap;
            }
            if (!(Math.abs(m) < MAX_DECIMAL_MANTISSA))
                badField(what, "values", `value ${i} is beyond the decimal range (|m| < 2^52)`);
            values[i] = m / p;
        }
    }
    else {
        const bits = new Uint32Array(values.buffer);
        const gap = new Uint32Array(2);
        let hi = 0;
        let lo = 0;
        for (let i = 0; i < distinct; i++) {
            valueReader.uint64(gap);
            if (i > 0 && gap[0] === 0 && gap[1] === 0)
                badField(what, "values", `must be strictly increasing (value ${i} repeats the one before)`);
            const nextLo = (lo + gap[1]) >>> 0;
            const carry = nextLo < lo ? 1 : 0;
            const nextHi = hi + gap[0] + carry;
            if (nextHi > 0xffffffff)
                badField(what, "values", `value ${i} overflows the 64-bit key`);
            hi = nextHi;
            lo = nextLo;
            // Back from the sortable key to the IEEE bits.
            if (hi & 0x80000000) {
                bits[2 * i + 1] = (hi & 0x7fffffff) >>> 0;
                bits[2 * i] = lo;
            }
            else {
                bits[2 * i + 1] = ~hi >>> 0;
                bits[2 * i] = ~lo >>> 0;
            }
            if (!Number.isFinite(values[i]))
                badField(what, "values", `value ${i} is not a finite number`);
        }
    }
    if (!valueReader.done)
        badField(what, "values", `holds more than the ${distinct} values "distinct" says`);
    const countReader = new ByteReader(inflateField(what, "counts", encoded.counts, distinct * MAX_VARINT_BYTES), what, "counts");
    for (let i = 0; i < distinct; i++) {
        const c = countReader.uint();
        if (c < 1)
            badField(what, "counts", `count ${i} is 0; every stored value was seen at least once`);
        counts[i] = c;
    }
    if (!countReader.done)
        badField(what, "counts", `holds more than the ${distinct} counts "distinct" says`);
    return { values, counts };
}

;// CONCATENATED MODULE: ./src/data/sketch/value-store.ts
/**
 * The values of a numeric column: exact while it has at most `exactLimit`
 * distinct values (default 2^20 = 1,048,576), a KLL sketch of large k (default
 * 3000) past that.
 *
 * Exact mode keeps the sorted distinct values with their counts. Added values go
 * to an insertion buffer; a full buffer is sorted and merged into the store (so
 * an add is amortized O(log buffer + distinct / buffer)). While the store holds
 * few values an add looks its value up first and counts it in place. Any number
 * of values with at most `exactLimit` distinct ones stays exact — a 0/1 label or
 * a rating at a billion rows too — and every statistic computed from the store is
 * the statistic of the raw data.
 *
 * The first time a flush or a merge would pass `exactLimit` distinct values, the
 * store turns into a `QuantileSketch` holding the same counts
 * (`QuantileSketch.fromWeighted`), and stays one. Its normalized rank error, with
 * 99% confidence, is 2.296 / k^0.9723 for a rank (k = 3000: 0.096%) and
 * 2.446 / k^0.9433 for the mass between two points (0.128%) — DataSketches' KLL
 * characterization, stated for the whole range of ranks at once.
 *
 * `merge` is exact when both stores are and the union of their values fits.
 * NaN and ±Infinity are ignored (profiles count them as invalid); −0 is stored as 0
 * (they compare equal).
 */




/** Distinct values kept exactly before the store becomes a sketch: 2^20 (≥ 1,000,000). */
const EXACT_DISTINCT_LIMIT = 1 << 20;
/** k of the sketch past the limit: rank error ≤ 0.1% (2.296 / 3000^0.9723 ≈ 0.00096). */
const VALUE_SKETCH_K = 3000;
/** Most distinct values a store may claim in JSON (a larger limit than ours is read as a sketch). */
const MAX_JSON_DISTINCT = 1 << 24;
/**
 * The exact store in memory, in a `ValueStoreJSON` that has not been written yet:
 * encoding 10^6 values takes a while, so it happens only when the JSON is
 * stringified (`toJSON`). Passed between threads it arrives as a plain object with
 * the same fields (the typed arrays are copied), which `ValueStore.fromJSON` reads too.
 */
class ExactValues {
    values;
    counts;
    distinct;
    constructor(values, counts) {
        this.values = values;
        this.counts = counts;
        this.distinct = values.length;
    }
    toJSON() {
        return { distinct: this.distinct, ...encodeSortedValues(this.values, this.counts, this.distinct) };
    }
}
const value_store_WHAT = "ValueStore JSON";
/** Counts are 32-bit while the store holds at most this many values (any count then fits), 64-bit floats past it. */
const MAX_UINT32 = 0xffffffff;
const MIN_BUFFER = 1024;
const MAX_BUFFER = 65536;
/** Buffers up to this many values (64 KiB) grow step by step. */
const LARGE_BUFFER = 8192;
/** While the store holds at most this many values, an add looks its value up (binary search). */
const LOOKUP_LIMIT = 16384;
const value_store_RANK_TOLERANCE = 1e-12;
class ValueStore {
    exactLimit;
    k;
    n = 0;
    minV = Number.POSITIVE_INFINITY;
    maxV = Number.NEGATIVE_INFINITY;
    /** Exact mode: distinct values ascending in vals[0, size), counts alongside. */
    vals = new Float64Array(0);
    cnts = new Uint32Array(0);
    size = 0;
    /** Exact mode: values added since the last flush, unsorted. */
    buf = new Float64Array(0);
    buffered = 0;
    /** Past the limit. */
    sketch = null;
    /** Cumulative counts of the exact store, for rank and quantile queries; dropped on change. */
    cumulative = null;
    /**
     * vals and cnts are also held by a JSON form (toJSON, or the one fromJSON read):
     * copied before this store changes them, so neither sees the other's changes.
     */
    shared = false;
    constructor(options = {}) {
        const exactLimit = options.exactLimit ?? EXACT_DISTINCT_LIMIT;
        const k = options.k ?? VALUE_SKETCH_K;
        if (!Number.isInteger(exactLimit) || exactLimit < 1 || exactLimit > MAX_JSON_DISTINCT) {
            throw new Error(`ValueStore: exactLimit must be an integer in [1, ${MAX_JSON_DISTINCT}], got ${exactLimit}`);
        }
        if (!Number.isInteger(k) || k < 8 || k > 65535)
            throw new Error(`ValueStore: k must be an integer in [8, 65535], got ${k}`);
        this.exactLimit = exactLimit;
        this.k = k;
    }
    /** Number of values added (NaN and ±Infinity excluded). */
    get count() {
        return this.n;
    }
    get min() {
        return this.n === 0 ? Number.NaN : this.minV;
    }
    get max() {
        return this.n === 0 ? Number.NaN : this.maxV;
    }
    /** True while every value is stored with its exact count. */
    get isExact() {
        return this.sketch === null;
    }
    /** Number of distinct values (exact mode), undefined past the limit. */
    get distinct() {
        if (this.sketch)
            return undefined;
        this.flush();
        return this.size;
    }
    /** 99%-confidence normalized rank error of `rank`, `quantile` and a CDF point: 0 while exact. */
    get rankError() {
        return this.sketch ? this.sketch.rankError : 0;
    }
    /** 99%-confidence error of the share between two points (a histogram bin): 0 while exact. */
    get pmfRankError() {
        return this.sketch ? this.sketch.pmfRankError : 0;
    }
    add(x) {
        if (!Number.isFinite(x))
            return;
        if (x === 0)
            x = 0; // −0 → 0
        if (++this.n > MAX_UINT32 && this.cnts instanceof Uint32Array)
            this.widenCounts();
        if (x < this.minV)
            this.minV = x;
        if (x > this.maxV)
            this.maxV = x;
        if (this.sketch) {
            this.sketch.add(x);
            return;
        }
        this.cumulative = null;
        if (this.size > 0 && this.size <= LOOKUP_LIMIT) {
            const i = this.indexOf(x);
            if (i >= 0) {
                if (this.shared)
                    this.own();
                this.cnts[i]++;
                return;
            }
        }
        if (this.buffered === this.buf.length) {
            this.flush();
            if (this.sketch) {
                this.sketch.add(x);
                return;
            }
            if (this.buf.length === 0)
                this.buf = new Float64Array(MIN_BUFFER);
        }
        this.buf[this.buffered++] = x;
    }
    /** Index of x in the exact store, or −1. */
    indexOf(x) {
        let lo = 0;
        let hi = this.size - 1;
        const vals = this.vals;
        while (lo <= hi) {
            const mid = (lo + hi) >>> 1;
            const v = vals[mid];
            if (v < x)
                lo = mid + 1;
            else if (v > x)
                hi = mid - 1;
            else
                return mid;
        }
        return -1;
    }
    /** Sorts the buffer into the store (or turns the store into a sketch if the values no longer fit). */
    flush() {
        const b = this.buffered;
        if (b === 0 || this.sketch)
            return;
        const buf = this.buf.subarray(0, b);
        sortNumbers(buf);
        let fresh = 1;
        for (let i = 1; i < b; i++)
            if (buf[i] !== buf[i - 1])
                fresh++;
        // At most size + fresh values after the merge; count them exactly only near the limit.
        if (this.size + fresh > this.exactLimit && mergedSize(this.vals, this.size, buf) > this.exactLimit) {
            this.toSketch();
            for (let i = 0; i < b; i++)
                this.sketch.add(buf[i]);
            this.buffered = 0;
            this.buf = new Float64Array(0);
            return;
        }
        const room = Math.min(this.size + fresh, this.exactLimit);
        if (room > this.vals.length)
            this.grow(room);
        else if (this.shared)
            this.own();
        this.size = mergeInto(this.vals, this.cnts, this.size, buf, undefined, room);
        this.buffered = 0;
        // A buffer of about a quarter of the store keeps the merge cost per value small.
        let want = Math.max(MIN_BUFFER, 2 ** Math.ceil(Math.log2(Math.max(1, this.size / 4))));
        // Past 64 KiB straight to the largest buffer: see RESIZABLE_FROM on freeing large blocks.
        if (want > LARGE_BUFFER)
            want = MAX_BUFFER;
        if (want !== this.buf.length)
            this.buf = new Float64Array(want);
    }
    /**
     * Gives the exact store room for at least `atLeast` entries: doubling while it grows
     * (in place once large, see RESIZABLE_FROM), or exactly `capacity` for a one-off merge.
     */
    grow(atLeast, capacity = Math.min(this.exactLimit, Math.max(atLeast, this.vals.length * 2, 64)), growing = true) {
        const wide = this.cnts instanceof Float64Array;
        if (growing &&
            capacity >= RESIZABLE_FROM &&
            !this.shared &&
            isResizable(this.vals) &&
            isResizable(this.cnts)) {
            // Grown in place: no copy, and no freed block left behind.
            this.vals = resized(this.vals, capacity, Float64Array);
            this.cnts = wide
                ? resized(this.cnts, capacity, Float64Array)
                : resized(this.cnts, capacity, Uint32Array);
            return;
        }
        const resizable = growing && capacity >= RESIZABLE_FROM ? this.exactLimit : 0;
        const vals = allocate(Float64Array, capacity, resizable);
        const cnts = wide
            ? allocate(Float64Array, capacity, resizable)
            : allocate(Uint32Array, capacity, resizable);
        vals.set(this.vals.subarray(0, this.size));
        cnts.set(this.cnts.subarray(0, this.size));
        this.vals = vals;
        this.cnts = cnts;
        this.shared = false;
    }
    /** Past 2^32 − 1 values a count may not fit 32 bits: 64-bit counts from then on. */
    widenCounts() {
        this.cnts = Float64Array.from(this.cnts);
        this.shared = false;
        this.cumulative = null;
    }
    /** Copies the exact store that a JSON form also holds, before changing it. */
    own() {
        this.vals = this.vals.slice(0, Math.max(this.size, this.vals.length));
        this.cnts = this.cnts.slice(0, Math.max(this.size, this.cnts.length));
        this.shared = false;
    }
    /** The exact store's values and counts, exactly `size` long, to hand to a JSON form (shared until either changes). */
    shareExact() {
        this.flush();
        // The JSON form gets arrays of exactly `size` values (their buffers may move to another thread).
        if (isResizable(this.vals) && isResizable(this.cnts) && !this.shared) {
            this.vals = resized(this.vals, this.size, Float64Array);
            this.cnts =
                this.cnts instanceof Float64Array
                    ? resized(this.cnts, this.size, Float64Array)
                    : resized(this.cnts, this.size, Uint32Array);
        }
        else if (this.vals.length !== this.size) {
            this.vals = this.vals.slice(0, this.size);
            this.cnts = this.cnts.slice(0, this.size);
        }
        this.shared = true;
        return [this.vals, this.cnts];
    }
    /** Replaces the exact store (flushed) by a sketch of the same counts. */
    toSketch() {
        const options = { k: this.k, exactLimit: 0 };
        this.sketch = QuantileSketch.fromWeighted(this.vals.subarray(0, this.size), this.cnts.subarray(0, this.size), options);
        // Give a large store's memory back now rather than at the next collection (unless a JSON form holds it).
        if (!this.shared) {
            release(this.vals);
            release(this.cnts);
        }
        this.vals = new Float64Array(0);
        this.cnts = new Uint32Array(0);
        this.size = 0;
        this.cumulative = null;
    }
    /** The store as a sketch (a copy when exact). */
    asSketch() {
        if (this.sketch)
            return this.sketch.clone();
        this.flush();
        return QuantileSketch.fromWeighted(this.vals.subarray(0, this.size), this.cnts.subarray(0, this.size), {
            k: this.k,
            exactLimit: 0,
        });
    }
    /** Merges `other` into this store (exact while both are and their union fits); `other` keeps its values. */
    merge(other) {
        if (other.n === 0)
            return this;
        if (other === this)
            other = other.clone();
        this.flush();
        if (!this.sketch && !other.sketch) {
            other.flush();
            if (this.n + other.n > MAX_UINT32 && this.cnts instanceof Uint32Array)
                this.widenCounts();
            const otherVals = other.vals.subarray(0, other.size);
            const merged = mergedSize(this.vals, this.size, otherVals);
            if (merged <= this.exactLimit) {
                // A merge is one-off: arrays of exactly the merged size (growing would leave the rest unused).
                if (merged > this.vals.length)
                    this.grow(merged, merged, false);
                else if (this.shared)
                    this.own();
                this.size = mergeInto(this.vals, this.cnts, this.size, otherVals, other.cnts, merged);
                this.absorbRange(other);
                this.cumulative = null;
                return this;
            }
        }
        if (!this.sketch)
            this.toSketch();
        this.sketch.merge(other.sketch ?? other.asSketch());
        this.absorbRange(other);
        return this;
    }
    absorbRange(other) {
        this.n += other.n;
        if (other.minV < this.minV)
            this.minV = other.minV;
        if (other.maxV > this.maxV)
            this.maxV = other.maxV;
    }
    clone() {
        return ValueStore.fromJSON(this.toJSON());
    }
    /**
     * The values ascending with their counts: exact (distinct values, counts) or the
     * sketch's retained items with their weights. Views of the store: do not modify.
     */
    weighted() {
        if (this.sketch)
            return this.sketch.weightedItems();
        this.flush();
        return { values: this.vals.subarray(0, this.size), weights: this.cnts.subarray(0, this.size) };
    }
    /** Value → count while exact with at most `limit` distinct values; else undefined. */
    valueCounts(limit) {
        if (this.sketch)
            return undefined;
        this.flush();
        if (this.size > limit)
            return undefined;
        const counts = new Map();
        for (let i = 0; i < this.size; i++)
            counts.set(this.vals[i], this.cnts[i]);
        return counts;
    }
    cumulativeCounts() {
        this.flush();
        if (!this.cumulative) {
            const cum = new Float64Array(this.size);
            let acc = 0;
            for (let i = 0; i < this.size; i++)
                cum[i] = acc += this.cnts[i];
            this.cumulative = cum;
        }
        return this.cumulative;
    }
    /**
     * Inclusive nearest-rank quantile, as QuantileSketch.quantile: the smallest value v
     * with rank(v) ≥ q (exact while exact). NaN when empty.
     */
    quantile(q) {
        if (!(q >= 0 && q <= 1))
            throw new Error(`ValueStore.quantile: q must be in [0, 1], got ${q}`);
        if (this.n === 0)
            return Number.NaN;
        if (this.sketch)
            return this.sketch.quantile(q);
        if (q === 0)
            return this.minV;
        if (q === 1)
            return this.maxV;
        const cum = this.cumulativeCounts();
        const target = q * this.n * (1 - value_store_RANK_TOLERANCE);
        let lo = 0;
        let hi = this.size - 1;
        while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            if (cum[mid] >= target)
                hi = mid;
            else
                lo = mid + 1;
        }
        return this.vals[lo];
    }
    /** Fraction of values ≤ x; NaN when empty or x is NaN. */
    rank(x) {
        if (this.n === 0 || Number.isNaN(x))
            return Number.NaN;
        if (this.sketch)
            return this.sketch.rank(x);
        if (x < this.minV)
            return 0;
        if (x >= this.maxV)
            return 1;
        const cum = this.cumulativeCounts();
        let lo = -1;
        let hi = this.size - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (this.vals[mid] <= x)
                lo = mid;
            else
                hi = mid - 1;
        }
        return lo < 0 ? 0 : cum[lo] / this.n;
    }
    toJSON() {
        this.flush();
        return {
            type: "values",
            version: 1,
            exactLimit: this.exactLimit,
            k: this.k,
            count: this.n,
            min: this.n === 0 ? null : encodeNumber(this.minV),
            max: this.n === 0 ? null : encodeNumber(this.maxV),
            // bounded: a pair (values, counts)
            exact: this.sketch ? null : new ExactValues(...this.shareExact()),
            sketch: this.sketch ? this.sketch.toJSON() : null,
        };
    }
    static fromJSON(obj) {
        const o = expectObject(value_store_WHAT, obj, "values", 1);
        const exactLimit = intField(value_store_WHAT, o, "exactLimit", 1, MAX_JSON_DISTINCT);
        const k = intField(value_store_WHAT, o, "k", 8, 65535);
        const count = intField(value_store_WHAT, o, "count", 0, Number.MAX_SAFE_INTEGER);
        if ((o.exact === null) === (o.sketch === null) || o.exact === undefined || o.sketch === undefined) {
            badField(value_store_WHAT, "exact", 'exactly one of "exact" and "sketch" must be an object, the other null');
        }
        if (o.sketch !== null) {
            let sketch;
            try {
                sketch = QuantileSketch.fromJSON(o.sketch);
            }
            catch (error) {
                return badField(value_store_WHAT, "sketch", error.message);
            }
            if (sketch.count !== count)
                badField(value_store_WHAT, "count", `is ${count}, but the sketch holds ${sketch.count} values`);
            return ValueStore.fromSketch(sketch, { exactLimit, k });
        }
        const exact = o.exact;
        if (typeof exact !== "object" || exact === null || Array.isArray(exact))
            badField(value_store_WHAT, "exact", "must be an object");
        const e = exact;
        const distinct = intField(value_store_WHAT, e, "distinct", 0, MAX_JSON_DISTINCT);
        if (distinct > count)
            badField(value_store_WHAT, "exact.distinct", `is ${distinct}, more than the count ${count}`);
        const { values, counts, shared } = readExact(e, distinct);
        let total = 0;
        for (let i = 0; i < distinct; i++)
            total += counts[i];
        if (total !== count)
            badField(value_store_WHAT, "count", `is ${count}, but the exact counts sum to ${total}`);
        if (count > 0) {
            const min = o.min === null ? Number.NaN : numberField(value_store_WHAT, o, "min");
            const max = o.max === null ? Number.NaN : numberField(value_store_WHAT, o, "max");
            if (min !== values[0])
                badField(value_store_WHAT, "min", `is ${JSON.stringify(o.min)}, but the smallest value is ${values[0]}`);
            if (max !== values[distinct - 1])
                badField(value_store_WHAT, "max", `is ${JSON.stringify(o.max)}, but the largest value is ${values[distinct - 1]}`);
        }
        const store = ValueStore.fromCounts(values, counts, { exactLimit, k });
        store.shared = shared === true;
        return store;
    }
    /** A store of `counts[i]` copies of `values[i]` (ascending, distinct, finite). */
    static fromCounts(values, counts, options = {}) {
        const store = new ValueStore(options);
        const distinct = values.length;
        for (let i = 0; i < distinct; i++)
            store.n += counts[i];
        if (store.n <= MAX_UINT32 && counts instanceof Float64Array)
            counts = Uint32Array.from(counts);
        if (distinct === 0)
            return store;
        store.minV = values[0];
        store.maxV = values[distinct - 1];
        if (distinct > store.exactLimit) {
            store.sketch = QuantileSketch.fromWeighted(values, counts, { k: store.k, exactLimit: 0 });
            return store;
        }
        store.vals = values;
        store.cnts = counts;
        store.size = distinct;
        return store;
    }
    /**
     * A store holding a sketch (a profile written before exact stores, or a merged
     * one): exact when the sketch itself is exact (every item of weight 1).
     */
    static fromSketch(sketch, options = {}) {
        if (sketch.isExact) {
            const { values, weights } = sketch.weightedItems();
            const store = ValueStore.fromCounts(values, weights, options);
            if (store.isExact)
                return store;
        }
        const store = new ValueStore(options);
        store.sketch = sketch.clone();
        store.n = sketch.count;
        store.minV = sketch.count > 0 ? sketch.min : Number.POSITIVE_INFINITY;
        store.maxV = sketch.count > 0 ? sketch.max : Number.NEGATIVE_INFINITY;
        return store;
    }
}
/** The exact store's values and counts: decoded from a file's text, or copied from the in-memory form. */
function readExact(e, distinct) {
    if (e.values instanceof Float64Array &&
        (e.counts instanceof Uint32Array || e.counts instanceof Float64Array)) {
        if (e.values.length !== distinct || e.counts.length !== distinct)
            badField(value_store_WHAT, "exact", `holds ${e.values.length} values and ${e.counts.length} counts, not ${distinct}`);
        for (let i = 1; i < distinct; i++) {
            if (!(e.values[i] > e.values[i - 1]))
                badField(value_store_WHAT, "exact.values", "must be strictly increasing");
        }
        return { values: e.values, counts: e.counts, shared: true };
    }
    return decodeSortedValues(`${value_store_WHAT} exact`, { scale: e.scale, values: e.values, counts: e.counts }, distinct);
}
/**
 * Stores past 8192 values (64 KiB) live in resizable ArrayBuffers, reserved up to
 * the store's limit and committed as they grow, so growing frees nothing. Freeing a
 * plain block of 128 KiB or more (which glibc maps on its own) raises glibc's
 * threshold for mapping blocks, after which the process's other large buffers come
 * from its heaps and stay resident once freed: measured on 5M rows, that cost more
 * memory than the stores themselves. (The insertion buffer likewise jumps from
 * 64 KiB to its final 512 KiB.)
 */
const RESIZABLE_FROM = 1 << 13;
function isResizable(array) {
    return array.buffer.resizable === true;
}
/** A typed array of `length` elements, in a buffer that can grow to `maxLength` elements when that is > 0. */
function allocate(type, length, maxLength) {
    const bytes = length * type.BYTES_PER_ELEMENT;
    const buffer = maxLength > 0
        ? new ArrayBuffer(bytes, { maxByteLength: Math.max(bytes, maxLength * type.BYTES_PER_ELEMENT) })
        : new ArrayBuffer(bytes);
    return new type(buffer, 0, length);
}
/** Shrinks a resizable buffer to nothing, returning its memory at once; plain buffers wait for a collection. */
function release(array) {
    if (isResizable(array))
        array.buffer.resize(0);
}
/** The same buffer resized to `length` elements, and a view of all of them. */
function resized(array, length, type) {
    const buffer = array.buffer;
    buffer.resize(length * type.BYTES_PER_ELEMENT);
    return new type(buffer, 0, length);
}
/** Distinct values in the union of a sorted store and a sorted list (with repeats). */
function mergedSize(vals, size, sorted) {
    let i = 0;
    let j = 0;
    let m = 0;
    const b = sorted.length;
    while (i < size || j < b) {
        const x = j >= b || (i < size && vals[i] <= sorted[j]) ? vals[i] : sorted[j];
        while (i < size && vals[i] === x)
            i++;
        while (j < b && sorted[j] === x)
            j++;
        m++;
    }
    return m;
}
/**
 * Merges a sorted list into the store in place: with `otherCounts`, distinct values and
 * their counts (another store); without, values with repeats, each counting 1 (a sorted
 * buffer). Writes from the back into [0, room) (the write position never falls below
 * the read position), then closes the gap that values in both left at the front.
 * Returns the number of distinct values.
 */
function mergeInto(vals, cnts, size, other, otherCounts, room) {
    let i = size - 1;
    let j = other.length - 1;
    let o = room - 1;
    while (i >= 0 || j >= 0) {
        const x = j < 0 || (i >= 0 && vals[i] >= other[j]) ? vals[i] : other[j];
        let c = 0;
        if (i >= 0 && vals[i] === x)
            c = cnts[i--];
        while (j >= 0 && other[j] === x) {
            c += otherCounts ? otherCounts[j] : 1;
            j--;
        }
        vals[o] = x;
        cnts[o] = c;
        o--;
    }
    const gap = o + 1;
    if (gap > 0) {
        vals.copyWithin(0, gap, room);
        cnts.copyWithin(0, gap, room);
    }
    return room - gap;
}

;// CONCATENATED MODULE: ./src/data/sketch/hyperloglog.ts
/**
 * HyperLogLog distinct-count sketch over 32-bit hashes (see `hash.ts`).
 *
 * - Exact mode: while at most `exactLimit` (default 1024) distinct hashes were
 *   seen, they are kept in a small open-addressing table and `estimate()` is
 *   the exact number of distinct hashes (= distinct values, up to 32-bit hash
 *   collisions: ~1e-4 chance of one at 1024 values).
 * - Then `m = 2^precision` one-byte registers (precision 14: 16384 bytes).
 *   The register of hash `h` is its top `p` bits; its value is 1 + the number
 *   of leading zeros of the remaining `q = 32 - p` bits (at most q + 1).
 *   `estimate()` uses linear counting `m ln(m / V)` while that is below the
 *   HyperLogLog++ threshold for `p` (Heule et al. 2013; 11500 for p = 14), and
 *   above it Ertl's improved estimator ("New cardinality estimation algorithms
 *   for HyperLogLog sketches", 2017), which needs no empirical bias table and
 *   stays unbiased until the 32-bit hash space saturates (~1e9 distinct values).
 *   Relative standard error: 1.04 / sqrt(m) (0.81% at p = 14).
 *
 * `merge` (register-wise max) gives exactly the sketch of the union; the
 * sketch is deterministic (no randomness at all).
 */

const hyperloglog_WHAT = "HyperLogLog JSON";
const DEFAULT_PRECISION = 14;
const DEFAULT_EXACT_LIMIT = 1024;
/** HyperLogLog++ linear-counting thresholds for p = 4..18. */
const LC_THRESHOLD = [10, 20, 40, 80, 220, 400, 900, 1800, 3100, 6500, 11500, 20000, 50000, 120000, 350000];
class hyperloglog_HyperLogLog {
    precision;
    exactLimit;
    m;
    q;
    /** Exact-mode table of hashes (0 = empty slot; hash 0 tracked by `hasZero`). Null in register mode. */
    table;
    tableMask;
    hasZero = false;
    tableSize = 0;
    registers = null;
    constructor(options = {}) {
        const p = options.precision ?? DEFAULT_PRECISION;
        const exactLimit = options.exactLimit ?? DEFAULT_EXACT_LIMIT;
        if (!Number.isInteger(p) || p < 4 || p > 18)
            throw new Error(`HyperLogLog: precision must be an integer in [4, 18], got ${p}`);
        if (!Number.isInteger(exactLimit) || exactLimit < 0 || exactLimit > 65536) {
            throw new Error(`HyperLogLog: exactLimit must be an integer in [0, 65536], got ${exactLimit}`);
        }
        this.precision = p;
        this.exactLimit = exactLimit;
        this.m = 1 << p;
        this.q = 32 - p;
        let cap = 16;
        while (cap < 2 * exactLimit)
            cap <<= 1;
        this.tableMask = cap - 1;
        this.table = exactLimit > 0 ? new Uint32Array(cap) : null;
        if (this.table === null)
            this.registers = new Uint8Array(this.m);
    }
    /** Relative standard error of the register estimate: 1.04 / sqrt(m). */
    get standardError() {
        return 1.04 / Math.sqrt(this.m);
    }
    /** True while `estimate()` is the exact number of distinct hashes. */
    get isExact() {
        return this.table !== null;
    }
    /** Adds one 32-bit hash (any number; taken modulo 2^32). */
    addHash(h32) {
        const table = this.table;
        if (table === null) {
            this.addToRegisters(this.registers, h32 >>> 0);
            return;
        }
        const h = h32 >>> 0;
        if (h === 0) {
            if (this.hasZero)
                return;
            if (this.tableSize >= this.exactLimit) {
                this.toRegisters();
                this.addToRegisters(this.registers, 0);
                return;
            }
            this.hasZero = true;
            this.tableSize++;
            return;
        }
        const mask = this.tableMask;
        let i = h & mask;
        for (;;) {
            const v = table[i];
            if (v === h)
                return;
            if (v === 0)
                break;
            i = (i + 1) & mask;
        }
        if (this.tableSize >= this.exactLimit) {
            this.toRegisters();
            this.addToRegisters(this.registers, h);
            return;
        }
        table[i] = h;
        this.tableSize++;
    }
    addToRegisters(regs, h) {
        const idx = h >>> this.q;
        const rest = (h << this.precision) | 0;
        // 1 + leading zeros of the q remaining bits; rest === 0 gives q + 1.
        const rank = rest === 0 ? this.q + 1 : Math.clz32(rest) + 1;
        if (rank > regs[idx])
            regs[idx] = rank;
    }
    /** Moves from exact mode to registers. */
    toRegisters() {
        const regs = new Uint8Array(this.m);
        const table = this.table;
        if (table !== null) {
            for (let i = 0; i < table.length; i++)
                if (table[i] !== 0)
                    this.addToRegisters(regs, table[i]);
            if (this.hasZero)
                this.addToRegisters(regs, 0);
        }
        this.registers = regs;
        this.table = null;
        this.hasZero = false;
        this.tableSize = 0;
    }
    /** The distinct hashes of exact mode, sorted ascending. */
    exactHashes() {
        const out = new Uint32Array(this.tableSize);
        let j = 0;
        if (this.hasZero)
            out[j++] = 0;
        const table = this.table;
        for (let i = 0; i < table.length; i++)
            if (table[i] !== 0)
                out[j++] = table[i];
        return out.sort();
    }
    /** Estimated number of distinct hashes added (exact in exact mode). */
    estimate() {
        if (this.table !== null)
            return this.tableSize;
        const regs = this.registers;
        const m = this.m;
        const q = this.q;
        const hist = new Float64Array(q + 2);
        for (let i = 0; i < m; i++)
            hist[regs[i]]++;
        const zeros = hist[0];
        if (zeros > 0) {
            const lc = m * Math.log(m / zeros);
            if (lc <= LC_THRESHOLD[this.precision - 4])
                return lc;
        }
        // Ertl 2017, Algorithm 6.
        let z = m * tau(1 - hist[q + 1] / m);
        for (let k = q; k >= 1; k--)
            z = 0.5 * (z + hist[k]);
        z += m * sigma(zeros / m);
        return ((0.5 / Math.LN2) * m * m) / z;
    }
    /** Merges `other` into this sketch (same precision required); `other` is unchanged. Returns `this`. */
    merge(other) {
        if (other.precision !== this.precision) {
            throw new Error(`HyperLogLog.merge: precision ${other.precision} differs from ${this.precision}`);
        }
        if (other.table !== null) {
            // Replaying exact hashes is exact whatever mode this sketch is in.
            if (other.hasZero)
                this.addHash(0);
            const t = other.table;
            for (let i = 0; i < t.length; i++)
                if (t[i] !== 0)
                    this.addHash(t[i]);
            return this;
        }
        if (this.table !== null)
            this.toRegisters();
        const a = this.registers;
        const b = other.registers;
        for (let i = 0; i < a.length; i++)
            if (b[i] > a[i])
                a[i] = b[i];
        return this;
    }
    clone() {
        return hyperloglog_HyperLogLog.fromJSON(this.toJSON());
    }
    toJSON() {
        const base = {
            type: "hll",
            version: 1,
            precision: this.precision,
            exactLimit: this.exactLimit,
        };
        if (this.table !== null)
            return { ...base, hashes: toBase64(this.exactHashes()) };
        return { ...base, registers: toBase64(this.registers) };
    }
    static fromJSON(obj) {
        const o = expectObject(hyperloglog_WHAT, obj, "hll", 1);
        const precision = intField(hyperloglog_WHAT, o, "precision", 4, 18);
        const exactLimit = intField(hyperloglog_WHAT, o, "exactLimit", 0, 65536);
        const sketch = new hyperloglog_HyperLogLog({ precision, exactLimit });
        const hasHashes = o.hashes !== undefined;
        const hasRegisters = o.registers !== undefined;
        if (hasHashes === hasRegisters)
            badField(hyperloglog_WHAT, hasHashes ? "registers" : "hashes", 'exactly one of "hashes" and "registers" must be present');
        if (hasHashes) {
            const hashes = uint32Field(hyperloglog_WHAT, o, "hashes");
            if (hashes.length > exactLimit)
                badField(hyperloglog_WHAT, "hashes", `holds ${hashes.length} hashes, more than exactLimit ${exactLimit}`);
            for (let i = 1; i < hashes.length; i++) {
                if (hashes[i] <= hashes[i - 1])
                    badField(hyperloglog_WHAT, "hashes", "must be strictly increasing");
            }
            for (let i = 0; i < hashes.length; i++)
                sketch.addHash(hashes[i]);
            return sketch;
        }
        const regs = bytesField(hyperloglog_WHAT, o, "registers");
        if (regs.length !== sketch.m)
            badField(hyperloglog_WHAT, "registers", `must hold ${sketch.m} bytes, got ${regs.length}`);
        for (let i = 0; i < regs.length; i++) {
            if (regs[i] > sketch.q + 1)
                badField(hyperloglog_WHAT, "registers", `register ${i} is ${regs[i]}, above the maximum ${sketch.q + 1}`);
        }
        sketch.table = null;
        sketch.tableSize = 0;
        sketch.registers = regs;
        return sketch;
    }
}
/** Ertl's σ(x) = x + Σ_{k≥1} x^(2^k) 2^(k-1), for the count of zero registers. */
function sigma(x) {
    if (x === 1)
        return Number.POSITIVE_INFINITY;
    let y = 1;
    let z = x;
    for (;;) {
        x *= x;
        const prev = z;
        z += x * y;
        y += y;
        if (z === prev)
            return z;
    }
}
/** Ertl's τ(x), for the count of saturated registers (value q + 1). */
function tau(x) {
    if (x === 0 || x === 1)
        return 0;
    let y = 1;
    let z = 1 - x;
    for (;;) {
        x = Math.sqrt(x);
        const prev = z;
        y *= 0.5;
        z -= (1 - x) * (1 - x) * y;
        if (z === prev)
            return z / 3;
    }
}

;// CONCATENATED MODULE: ./src/data/sketch/top-k.ts
/**
 * Category counts with a bounded number of counters.
 *
 * - Exact while at most `capacity` (default 1000) distinct values were seen:
 *   every count is exact (`isExact`).
 * - Past that: SpaceSaving (Metwally, Agrawal, El Abbadi 2005) with
 *   `capacity` counters. A new value takes over the counter with the smallest
 *   count `min`: its count becomes `min + weight` and its `error` becomes `min`.
 *
 * Guarantees, after any sequence of `add`s and `merge`s (N = `total`,
 * k = `capacity`):
 * - every reported entry satisfies `count - error <= true count <= count`;
 * - a value that is not reported has true count `<= maxError`;
 * - `maxError` (the smallest counter) `<= N / k`, so every count is within N / k.
 *   (The counters always sum to at most N, and there are k of them.)
 *
 * Merge (Cafaro et al., "parallel space saving"): a value missing from an
 * approximate side is credited with that side's `maxError` as count and
 * error; the k largest merged counters are kept (ties: smaller value first).
 * The bounds above still hold, and both sides must have the same capacity.
 *
 * Speed: `add` is one Map lookup while exact; past that, an untracked value
 * costs a Map delete + set and a sift in a count-ordered min-heap (which stops
 * at the first counter that is not smaller, so runs of equal counts are cheap).
 *
 * Determinism: nothing depends on hash-map iteration order, so the same adds
 * and merges in the same order give the same JSON. When not exact, the JSON
 * lists the counters in heap order, so a sketch restored by `fromJSON`
 * evicts exactly as the original would; `a.merge(b)` and `b.merge(a)` give
 * identical sketches (the merged counters are laid out in sorted order).
 */

const top_k_WHAT = "TopK JSON";
const DEFAULT_CAPACITY = 1000;
function byCountDesc(a, b) {
    return b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0);
}
class TopK {
    capacity;
    totalWeight = 0;
    exact = true;
    size = 0;
    slots = new Map();
    keys;
    counts;
    errors;
    /** Min-heap of slots (approximate mode only). */
    heap = null;
    /** Position of each slot in `heap`. */
    pos = null;
    constructor(options = {}) {
        const capacity = options.capacity ?? DEFAULT_CAPACITY;
        if (!Number.isInteger(capacity) || capacity < 1 || capacity > 1_000_000) {
            throw new Error(`TopK: capacity must be an integer in [1, 1000000], got ${capacity}`);
        }
        this.capacity = capacity;
        this.keys = new Array(capacity).fill("");
        this.counts = new Float64Array(capacity);
        this.errors = new Float64Array(capacity);
    }
    /** True while every count is exact (never more than `capacity` distinct values). */
    get isExact() {
        return this.exact;
    }
    /** Sum of all weights added. */
    get total() {
        return this.totalWeight;
    }
    /** Number of values tracked. */
    get tracked() {
        return this.size;
    }
    /** Largest possible count of a value that is not tracked, and the largest `error`: 0 while exact, else <= total / capacity. */
    get maxError() {
        return this.exact ? 0 : this.counts[this.heap[0]];
    }
    /** Adds `count` (a positive finite number, default 1) occurrences of `value`. */
    add(value, count = 1) {
        if (!(count > 0 && count < Number.POSITIVE_INFINITY)) {
            throw new Error(`TopK.add: count must be a positive finite number, got ${count}`);
        }
        this.totalWeight += count;
        const slot = this.slots.get(value);
        if (slot !== undefined) {
            this.counts[slot] += count;
            if (!this.exact)
                this.siftDown(this.pos[slot]);
            return;
        }
        if (this.size < this.capacity) {
            const s = this.size++;
            this.keys[s] = value;
            this.counts[s] = count;
            this.slots.set(value, s);
            return;
        }
        if (this.exact)
            this.toApproximate();
        const s = this.heap[0];
        this.slots.delete(this.keys[s]);
        const min = this.counts[s];
        this.errors[s] = min;
        this.counts[s] = min + count;
        this.keys[s] = value;
        this.slots.set(value, s);
        this.siftDown(0);
    }
    /** Upper bound of the count of `value` (exact when `isExact`). */
    countOf(value) {
        const slot = this.slots.get(value);
        return slot !== undefined ? this.counts[slot] : this.maxError;
    }
    /** All tracked entries, by count desc then value asc. */
    entries() {
        const out = new Array(this.size);
        for (let s = 0; s < this.size; s++)
            out[s] = { value: this.keys[s], count: this.counts[s], error: this.errors[s] };
        return out.sort(byCountDesc);
    }
    /** The `n` largest entries, by count desc then value asc. */
    top(n) {
        return this.entries().slice(0, Math.max(0, n));
    }
    /** Merges `other` (same capacity) into this sketch; `other` is unchanged. Returns `this`. */
    merge(other) {
        if (other.capacity !== this.capacity) {
            throw new Error(`TopK.merge: capacity ${other.capacity} differs from ${this.capacity}`);
        }
        const minA = this.maxError;
        const minB = other.maxError;
        const all = [];
        for (let s = 0; s < this.size; s++) {
            const value = this.keys[s];
            const o = other.slots.get(value);
            all.push(o !== undefined
                ? { value, count: this.counts[s] + other.counts[o], error: this.errors[s] + other.errors[o] }
                : { value, count: this.counts[s] + minB, error: this.errors[s] + minB });
        }
        for (let s = 0; s < other.size; s++) {
            const value = other.keys[s];
            if (this.slots.has(value))
                continue;
            all.push({ value, count: other.counts[s] + minA, error: other.errors[s] + minA });
        }
        all.sort(byCountDesc);
        const exact = this.exact && other.exact && all.length <= this.capacity;
        // Ascending counts form a valid min-heap.
        const kept = (all.length > this.capacity ? all.slice(0, this.capacity) : all).reverse();
        this.load(kept, this.totalWeight + other.totalWeight, exact);
        return this;
    }
    clone() {
        return TopK.fromJSON(this.toJSON());
    }
    toJSON() {
        let items;
        if (this.exact) {
            items = this.entries().map((e) => [e.value, e.count, e.error]);
        }
        else {
            const heap = this.heap;
            items = new Array(this.size);
            for (let i = 0; i < this.size; i++) {
                const s = heap[i];
                items[i] = [this.keys[s], this.counts[s], this.errors[s]];
            }
        }
        return {
            type: "topk",
            version: 1,
            capacity: this.capacity,
            total: this.totalWeight,
            exact: this.exact,
            items,
        };
    }
    static fromJSON(obj) {
        const o = expectObject(top_k_WHAT, obj, "topk", 1);
        const capacity = intField(top_k_WHAT, o, "capacity", 1, 1_000_000);
        const total = nonNegField(top_k_WHAT, o, "total");
        const exact = boolField(top_k_WHAT, o, "exact");
        const items = o.items;
        if (!Array.isArray(items))
            badField(top_k_WHAT, "items", "must be an array");
        if (items.length > capacity)
            badField(top_k_WHAT, "items", `holds ${items.length} entries, more than capacity ${capacity}`);
        if (!exact && items.length !== capacity) {
            badField(top_k_WHAT, "items", `must hold exactly capacity (${capacity}) entries when not exact, got ${items.length}`);
        }
        const entries = [];
        const seen = new Set();
        let sum = 0;
        for (let i = 0; i < items.length; i++) {
            const it = items[i];
            const f = `items[${i}]`;
            if (!Array.isArray(it) || it.length !== 3)
                badField(top_k_WHAT, f, "must be [value, count, error]");
            const [value, count, error] = it;
            if (typeof value !== "string")
                badField(top_k_WHAT, f, "value must be a string");
            if (typeof count !== "number" || !(count > 0) || !Number.isFinite(count)) {
                badField(top_k_WHAT, f, `count must be a positive finite number, got ${JSON.stringify(count)}`);
            }
            if (typeof error !== "number" || !(error >= 0) || error > count || (exact && error !== 0)) {
                badField(top_k_WHAT, f, `error must be in [0, count] (0 when exact), got ${JSON.stringify(error)}`);
            }
            if (seen.has(value))
                badField(top_k_WHAT, f, `repeats value ${JSON.stringify(value)}`);
            seen.add(value);
            sum += count;
            if (!exact && i > 0 && count < entries[(i - 1) >>> 1].count) {
                badField(top_k_WHAT, f, `breaks the heap order: count ${count} is below its parent's (items[${(i - 1) >>> 1}])`);
            }
            entries.push({ value, count, error });
        }
        if (sum > total * (1 + 1e-9) + 1e-9)
            badField(top_k_WHAT, "total", `is ${total}, less than the sum of counts ${sum}`);
        const sketch = new TopK({ capacity });
        sketch.load(exact ? entries.sort(byCountDesc) : entries, total, exact);
        return sketch;
    }
    /** Replaces the state with `entries` (at most capacity; when not exact, in min-heap order by count). */
    load(entries, total, exact) {
        this.slots.clear();
        this.keys.fill("");
        this.counts.fill(0);
        this.errors.fill(0);
        this.size = entries.length;
        for (let s = 0; s < entries.length; s++) {
            const e = entries[s];
            this.keys[s] = e.value;
            this.counts[s] = e.count;
            this.errors[s] = e.error;
            this.slots.set(e.value, s);
        }
        this.totalWeight = total;
        this.exact = exact;
        this.heap = null;
        this.pos = null;
        if (!exact) {
            const heap = new Int32Array(this.capacity);
            const pos = new Int32Array(this.capacity);
            for (let i = 0; i < entries.length; i++) {
                heap[i] = i;
                pos[i] = i;
            }
            this.heap = heap;
            this.pos = pos;
        }
    }
    /** Leaves exact mode: heapifies the counters in slot (first-seen) order. */
    toApproximate() {
        this.exact = false;
        const n = this.size;
        const heap = new Int32Array(n);
        const pos = new Int32Array(this.capacity);
        for (let i = 0; i < n; i++) {
            heap[i] = i;
            pos[i] = i;
        }
        this.heap = heap;
        this.pos = pos;
        for (let i = (n >>> 1) - 1; i >= 0; i--)
            this.siftDown(i);
    }
    /** Restores the min-heap (by count) below position i after its count grew. */
    siftDown(i) {
        const heap = this.heap;
        const pos = this.pos;
        const counts = this.counts;
        const n = this.size;
        const slot = heap[i];
        const count = counts[slot];
        for (;;) {
            let c = 2 * i + 1;
            if (c >= n)
                break;
            if (c + 1 < n && counts[heap[c + 1]] < counts[heap[c]])
                c++;
            if (!(counts[heap[c]] < count))
                break;
            heap[i] = heap[c];
            pos[heap[i]] = i;
            i = c;
        }
        heap[i] = slot;
        pos[slot] = i;
    }
}

;// CONCATENATED MODULE: ./src/data/profile/column-stats.ts
/**
 * Mergeable per-column statistics. Each accumulator reads cells from a
 * RowBatch, keeps only sketches (memory does not grow with rows), merges with
 * another accumulator of the same kind, and serializes to JSON.
 */





/**
 * Count, sum, mean and sum of squared deviations. The sum is compensated
 * (Neumaier), so the mean is the correctly rounded sum over the count for any
 * realistic data and does not depend on how the data was split into shards;
 * the squared deviations follow Welford and merge with Chan et al.'s formula.
 */
class Moments {
    count = 0;
    /** Running sum and its compensation: sum + compensation is the sum to ~2 ulps of the largest partial. */
    sum = 0;
    compensation = 0;
    m2 = 0;
    min = Number.POSITIVE_INFINITY;
    max = Number.NEGATIVE_INFINITY;
    /** Welford's running mean, only for updating m2. */
    runningMean = 0;
    add(x) {
        const n = ++this.count;
        const t = this.sum + x;
        this.compensation += Math.abs(this.sum) >= Math.abs(x) ? this.sum - t + x : x - t + this.sum;
        this.sum = t;
        const delta = x - this.runningMean;
        this.runningMean += delta / n;
        this.m2 += delta * (x - this.runningMean);
        if (x < this.min)
            this.min = x;
        if (x > this.max)
            this.max = x;
    }
    get mean() {
        return this.count > 0 ? (this.sum + this.compensation) / this.count : 0;
    }
    merge(other) {
        if (other.count === 0)
            return;
        if (this.count === 0) {
            this.restore(other.toJSON());
            return;
        }
        const n = this.count + other.count;
        const delta = other.mean - this.mean;
        this.m2 += other.m2 + (delta * delta * this.count * other.count) / n;
        const t = this.sum + other.sum;
        this.compensation +=
            other.compensation +
                (Math.abs(this.sum) >= Math.abs(other.sum) ? this.sum - t + other.sum : other.sum - t + this.sum);
        this.sum = t;
        this.count = n;
        this.runningMean = this.mean;
        this.min = Math.min(this.min, other.min);
        this.max = Math.max(this.max, other.max);
    }
    /** Population standard deviation (ddof = 0), as numpy's std. */
    get std() {
        return this.count > 0 ? Math.sqrt(this.m2 / this.count) : Number.NaN;
    }
    /** Sample standard deviation (ddof = 1), as pandas' std. */
    get sampleStd() {
        return this.count > 1 ? Math.sqrt(this.m2 / (this.count - 1)) : Number.NaN;
    }
    toJSON() {
        return {
            count: this.count,
            mean: this.mean,
            sum: this.sum,
            compensation: this.compensation,
            m2: this.m2,
            min: this.min,
            max: this.max,
        };
    }
    restore(json) {
        this.count = json.count;
        this.sum = json.sum ?? json.mean * json.count;
        this.compensation = json.compensation ?? 0;
        this.runningMean = this.mean;
        this.m2 = json.m2;
        this.min = json.count > 0 ? json.min : Number.POSITIVE_INFINITY;
        this.max = json.count > 0 ? json.max : Number.NEGATIVE_INFINITY;
    }
    static fromJSON(json) {
        const moments = new Moments();
        moments.restore(json);
        return moments;
    }
}
/** Most distinct values for which a numeric column also counts as categories (a 0/1 label, a rating). */
const SMALL_VALUE_LIMIT = 64;
/** Distribution of a numeric column (numbers, integers, datetimes as epoch milliseconds). */
class column_stats_NumericDistribution {
    moments = new Moments();
    /** The values: exact up to 2^20 distinct ones, a KLL sketch past that. */
    values;
    distinct;
    constructor(values = new ValueStore(), distinct = new hyperloglog_HyperLogLog()) {
        this.values = values;
        this.distinct = distinct;
    }
    add(x) {
        this.moments.add(x);
        this.values.add(x);
        this.distinct.addHash(hashNumber(x));
    }
    merge(other) {
        this.moments.merge(other.moments);
        this.values.merge(other.values);
        this.distinct.merge(other.distinct);
    }
    /**
     * Exact counts per value while the column has at most `limit` distinct values
     * (categorical drift tests and category counts then use them), else undefined.
     */
    smallValueCounts(limit = SMALL_VALUE_LIMIT) {
        return this.values.valueCounts(limit);
    }
    toJSON() {
        return {
            version: 2,
            moments: this.moments.toJSON(),
            values: this.values.toJSON(),
            distinct: this.distinct.toJSON(),
        };
    }
    /** Reads either form: version 2, or a version 1 profile's (a k = 200 sketch and small-value counts). */
    static fromJSON(json) {
        const d = "version" in json && json.version === 2
            ? new column_stats_NumericDistribution(ValueStore.fromJSON(json.values), hyperloglog_HyperLogLog.fromJSON(json.distinct))
            : new column_stats_NumericDistribution(valuesFromV1(json), hyperloglog_HyperLogLog.fromJSON(json.distinct));
        d.moments.merge(Moments.fromJSON(json.moments));
        return d;
    }
}
/**
 * A version 1 distribution's values: its sketch was exact up to 2048 values, and
 * its small-value counts exact up to 64 distinct ones; either makes an exact store.
 */
function valuesFromV1(json) {
    const sketch = QuantileSketch.fromJSON(json.quantiles);
    if (!sketch.isExact && json.values) {
        const entries = [...json.values].sort((a, b) => a[0] - b[0]);
        const store = ValueStore.fromCounts(Float64Array.from(entries, ([value]) => value), Float64Array.from(entries, ([, count]) => count));
        if (store.count === sketch.count)
            return store;
    }
    return ValueStore.fromSketch(sketch);
}
/** Counts of the values of a categorical or text column. */
class column_stats_CategoryDistribution {
    top;
    distinct;
    constructor(top = new TopK(), distinct = new hyperloglog_HyperLogLog()) {
        this.top = top;
        this.distinct = distinct;
    }
    add(value, hash) {
        this.top.add(value);
        this.distinct.addHash(hash);
    }
    merge(other) {
        this.top.merge(other.top);
        this.distinct.merge(other.distinct);
    }
    /** Exact counts per value while the column has at most TopK-capacity distinct values. */
    counts() {
        return new Map(this.top.entries().map((e) => [e.value, e.count]));
    }
    toJSON() {
        return { top: this.top.toJSON(), distinct: this.distinct.toJSON() };
    }
    static fromJSON(json) {
        return new column_stats_CategoryDistribution(TopK.fromJSON(json.top), hyperloglog_HyperLogLog.fromJSON(json.distinct));
    }
}

;// CONCATENATED MODULE: ./src/data/profile/column-profile.ts
/**
 * One column's profile while reading: typed (the schema says what the column
 * holds) or inferring (no schema: every reading is tried and the type is
 * decided at the end, as TFDV's infer_schema does). A CellObserver, when
 * given, sees each cell as it is read, so validation checks share the pass.
 */




const BOOLEAN_SPELLINGS = new Map([
    ["true", "true"],
    ["false", "false"],
    ["t", "true"],
    ["f", "false"],
    ["yes", "true"],
    ["no", "false"],
    ["y", "true"],
    ["n", "false"],
    ["1", "true"],
    ["0", "false"],
]);
/** "true"/"false" for a boolean spelling (true/false, yes/no, t/f, y/n, 1/0, any case), else undefined. */
function normalizeBoolean(text) {
    return BOOLEAN_SPELLINGS.get(text) ?? BOOLEAN_SPELLINGS.get(text.trim().toLowerCase());
}
/** number, integer and datetime columns. */
class NumericColumnProfiler {
    name;
    columnType;
    missing = 0;
    invalid = 0;
    distribution;
    constructor(name, columnType, distribution = new column_stats_NumericDistribution()) {
        this.name = name;
        this.columnType = columnType;
        this.distribution = distribution;
    }
    type() {
        return this.columnType;
    }
    consume(batch, col, observer) {
        const datetime = this.columnType === "datetime";
        const integer = this.columnType === "integer";
        const distribution = this.distribution;
        for (let row = 0; row < batch.rows; row++) {
            if (batch.isMissing(row, col)) {
                this.missing++;
                observer?.missing(batch, row);
                continue;
            }
            let value;
            if (datetime) {
                value = batch.datetime(row, col);
                if (Number.isNaN(value)) {
                    this.invalid++;
                    observer?.invalid(batch, row, "not_a_date");
                    continue;
                }
            }
            else {
                value = batch.number(row, col);
                if (!Number.isFinite(value)) {
                    this.invalid++;
                    const nonFinite = Number.isNaN(value) ? isNonFiniteSpelling(batch.text(row, col)) : true;
                    observer?.invalid(batch, row, nonFinite ? "non_finite" : "not_a_number");
                    continue;
                }
                if (integer && !Number.isInteger(value)) {
                    this.invalid++;
                    observer?.invalid(batch, row, "not_an_integer");
                    continue;
                }
            }
            distribution.add(value);
            observer?.number(batch, row, value);
        }
    }
    state() {
        return {
            name: this.name,
            type: this.columnType,
            declared: true,
            count: this.distribution.moments.count,
            missing: this.missing,
            invalid: this.invalid,
            numeric: this.distribution.toJSON(),
        };
    }
}
/** category, string and boolean columns. */
class TextColumnProfiler {
    name;
    columnType;
    missing = 0;
    invalid = 0;
    count = 0;
    distribution;
    cache = new TextCache();
    constructor(name, columnType, distribution = new column_stats_CategoryDistribution()) {
        this.name = name;
        this.columnType = columnType;
        this.distribution = distribution;
    }
    type() {
        return this.columnType;
    }
    consume(batch, col, observer) {
        const { distribution, cache } = this;
        const kind = this.columnType;
        const wantsText = observer?.wantsText ?? false;
        for (let row = 0; row < batch.rows; row++) {
            if (batch.isMissing(row, col)) {
                this.missing++;
                observer?.missing(batch, row);
                continue;
            }
            if (kind === "string") {
                // Free text: counted by hash only; the text is built only if a check needs it.
                distribution.distinct.addHash(batch.hash(row, col));
                this.count++;
                if (wantsText)
                    observer.text(batch, row, undefined);
                continue;
            }
            const text = batch.cachedText(row, col, cache);
            const fresh = cache.fresh;
            if (kind === "boolean") {
                const normalized = normalizeBoolean(text);
                if (normalized === undefined) {
                    this.invalid++;
                    observer?.invalid(batch, row, "not_a_boolean");
                    continue;
                }
                distribution.top.add(normalized);
                if (fresh)
                    distribution.distinct.addHash(hashString(normalized));
            }
            else {
                distribution.top.add(text);
                // Adding a value twice does not change a HyperLogLog: hash each text once.
                if (fresh)
                    distribution.distinct.addHash(hashString(text));
            }
            this.count++;
            if (wantsText)
                observer.text(batch, row, text);
        }
    }
    state() {
        return {
            name: this.name,
            type: this.columnType,
            declared: true,
            count: this.count,
            missing: this.missing,
            invalid: this.invalid,
            categories: this.distribution.toJSON(),
        };
    }
}
/** Most distinct values a column may have and still be inferred as a category. */
const MAX_INFERRED_CATEGORIES = 100;
/** Longest average text a category may have; longer values read as free text. */
const MAX_CATEGORY_TEXT_LENGTH = 40;
/** No declared type: keeps every reading and decides the type at the end. */
class InferringColumnProfiler {
    name;
    missing = 0;
    count = 0;
    kinds = { number: 0, integer: 0, boolean: 0, datetime: 0, textLength: 0 };
    numbers = new column_stats_NumericDistribution();
    dates = new column_stats_NumericDistribution();
    texts = new column_stats_CategoryDistribution();
    cache = new TextCache();
    constructor(name) {
        this.name = name;
    }
    consume(batch, col, observer) {
        const { kinds } = this;
        for (let row = 0; row < batch.rows; row++) {
            if (batch.isMissing(row, col)) {
                this.missing++;
                observer?.missing(batch, row);
                continue;
            }
            this.count++;
            // Every cell counts towards the distinct estimate; only texts that are not numbers go
            // to the category counts (numbers are counted exactly by the numeric distribution).
            this.texts.distinct.addHash(batch.hash(row, col));
            const value = batch.number(row, col);
            if (Number.isFinite(value)) {
                kinds.number++;
                if (Number.isInteger(value))
                    kinds.integer++;
                this.numbers.add(value);
                observer?.number(batch, row, value);
                if (observer?.wantsText)
                    observer.text(batch, row, undefined);
                continue;
            }
            const text = batch.cachedText(row, col, this.cache);
            kinds.textLength += text.length;
            this.texts.top.add(text);
            if (normalizeBoolean(text) !== undefined) {
                kinds.boolean++;
            }
            else {
                const epoch = batch.datetime(row, col);
                if (!Number.isNaN(epoch)) {
                    kinds.datetime++;
                    this.dates.add(epoch);
                }
            }
            if (observer?.wantsText)
                observer.text(batch, row, text);
        }
    }
    type() {
        return column_profile_inferType(this.count, this.kinds, this.texts.distinct.estimate());
    }
    /** The category counts including the numbers seen (a column of "1", "2", "A" is a category of three). */
    categoriesWithNumbers() {
        const numbers = this.numbers.smallValueCounts();
        if (!numbers || numbers.size === 0)
            return this.texts;
        const top = this.texts.top.clone();
        for (const [value, n] of numbers)
            top.add(String(value), n);
        return new column_stats_CategoryDistribution(top, this.texts.distinct);
    }
    state() {
        const type = this.type();
        const base = {
            name: this.name,
            type,
            declared: false,
            count: this.count,
            missing: this.missing,
            kinds: { ...this.kinds },
            categories: this.categoriesWithNumbers().toJSON(),
        };
        if (type === "number" || type === "integer")
            return { ...base, invalid: 0, numeric: this.numbers.toJSON() };
        if (type === "datetime")
            return { ...base, invalid: 0, numeric: this.dates.toJSON() };
        return { ...base, invalid: 0 };
    }
}
/**
 * The type a column's readings suggest: all numbers → integer or number; all
 * boolean spellings (true/false, yes/no, 0/1 counts as integer) → boolean;
 * all ISO dates → datetime; few distinct short texts → category; else string.
 */
function column_profile_inferType(count, kinds, distinct) {
    if (count === 0)
        return "string";
    if (kinds.number === count)
        return kinds.integer === count ? "integer" : "number";
    if (kinds.boolean === count)
        return "boolean";
    if (kinds.datetime === count)
        return "datetime";
    const averageLength = kinds.textLength / count;
    if (distinct <= Math.min(MAX_INFERRED_CATEGORIES, Math.max(2, count / 2)) &&
        averageLength <= MAX_CATEGORY_TEXT_LENGTH) {
        return "category";
    }
    return "string";
}

;// CONCATENATED MODULE: ./src/data/profile/profile.ts
/**
 * The data profile: per-column statistics of a dataset, computed in one
 * streaming pass, mergeable across shards (`mlship profile merge`), and
 * stored by the registry as a model's reference data for drift checks.
 */






const PROFILE_KIND = "mlship.profile";
/**
 * 2: numeric columns keep their values exactly up to 2^20 distinct ones (then a
 * KLL sketch of k = 3000). 1: a KLL sketch of k = 200, exact up to 2048 values
 * (still read).
 */
const PROFILE_SCHEMA_VERSION = 2;
const READABLE_PROFILE_VERSIONS = (/* unused pure expression or super */ null && ([1, 2]));
const SUMMARY_QUANTILES = (/* unused pure expression or super */ null && ([0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99]));
const HISTOGRAM_BINS = 20;
const TOP_VALUES = 10;
/** Creates the profiler for a column: typed when the schema declares it, inferring otherwise. */
function createProfiler(name, spec) {
    switch (spec?.type) {
        case "number":
        case "integer":
        case "datetime":
            return new NumericColumnProfiler(name, spec.type);
        case "category":
        case "string":
        case "boolean":
            return new TextColumnProfiler(name, spec.type);
        default:
            return new InferringColumnProfiler(name);
    }
}
/**
 * Reads every batch once and feeds each column to its profiler. `observers`
 * (by column index) and `onBatch` let validation run its checks in the same pass.
 */
async function runProfilePass(reader, options = {}) {
    const columns = await reader.columns();
    const profilers = columns.map((name) => createProfiler(name, options.types?.get(name)));
    let rows = 0;
    for await (const batch of reader.batches()) {
        for (let col = 0; col < columns.length; col++)
            profilers[col].consume(batch, col, options.observers?.[col]);
        options.onBatch?.(batch);
        rows += batch.rows;
    }
    return { columns, profilers, rows };
}
async function profileTable(reader, schema) {
    const types = schema ? new Map(Object.entries(schema.columns)) : undefined;
    const pass = await runProfilePass(reader, { types });
    return buildProfile([{ file: reader.file, format: reader.format, rows: pass.rows }], redactPii(pass.profilers.map((p) => p.state()), schema));
}
/**
 * Profiles are published (the registry stores one with every model), so the
 * columns a schema marks `pii: true` keep their counts and distinct estimate
 * but lose every sketch, which would hold their values.
 */
function redactPii(states, schema) {
    if (!schema)
        return states;
    return states.map((state) => {
        if (!ownValue(schema.columns, state.name)?.pii)
            return state;
        const { name, type, declared, count, missing, invalid } = state;
        return {
            name,
            type,
            declared,
            count,
            missing,
            invalid,
            pii: true,
            distinct: summarizeColumn(state).distinct,
        };
    });
}
function buildProfile(sources, states) {
    return {
        kind: PROFILE_KIND,
        schemaVersion: PROFILE_SCHEMA_VERSION,
        sources,
        rows: sources.reduce((sum, s) => sum + s.rows, 0),
        accuracy: {
            quantileRankError: states.reduce((worst, state) => Math.max(worst, rankErrorOf(state)), 0),
            distinctRelativeError: new HyperLogLog().standardError,
        },
        columns: states.map((state) => ({ ...state, ...summarizeColumn(state) })),
    };
}
function rankErrorOf(state) {
    return state.numeric ? NumericDistribution.fromJSON(state.numeric).values.rankError : 0;
}
function summarizeColumn(state) {
    const summary = { distinct: state.distinct ?? 0 };
    if (state.numeric) {
        const numeric = NumericDistribution.fromJSON(state.numeric);
        const { moments, values } = numeric;
        summary.distinct = Math.round(numeric.distinct.estimate());
        if (moments.count > 0) {
            const asDate = state.type === "datetime";
            summary.min = asDate ? new Date(moments.min).toISOString() : moments.min;
            summary.max = asDate ? new Date(moments.max).toISOString() : moments.max;
            if (!asDate) {
                summary.mean = moments.mean;
                summary.std = moments.std;
            }
            summary.quantiles = Object.fromEntries(SUMMARY_QUANTILES.map((q) => [`p${Math.round(q * 100)}`, values.quantile(q)]));
            summary.histogram = histogram(values, moments.min, moments.max);
        }
    }
    if (state.categories) {
        const categories = CategoryDistribution.fromJSON(state.categories);
        if (!state.numeric)
            summary.distinct = Math.round(categories.distinct.estimate());
        if (state.type !== "string" || categories.top.total > 0) {
            summary.top = categories.top.top(TOP_VALUES).map((e) => ({ value: e.value, count: e.count }));
        }
    }
    return summary;
}
function histogram(sketch, min, max) {
    const n = sketch.count;
    if (min === max)
        return { edges: [min, max], counts: [n] };
    const bins = HISTOGRAM_BINS;
    const edges = Array.from({ length: bins + 1 }, (_, i) => i === bins ? max : min + ((max - min) * i) / bins);
    // rank(x) is the share ≤ x, so bin i holds (edge_i, edge_i+1]; the first bin also takes min itself.
    const ranks = edges.map((edge, i) => (i === 0 ? 0 : i === bins ? 1 : sketch.rank(edge)));
    const counts = edges.slice(1).map((_, i) => Math.round((ranks[i + 1] - ranks[i]) * n));
    return { edges, counts };
}
/** Restores the column distributions a profile stores, for drift tests and merging. */
function columnDistributions(column) {
    return {
        numeric: column.numeric ? NumericDistribution.fromJSON(column.numeric) : undefined,
        categories: column.categories ? CategoryDistribution.fromJSON(column.categories) : undefined,
    };
}
/**
 * Merges profiles of shards of one dataset into the profile of their union.
 * Columns must match by name; declared types must agree; inferred types are
 * decided again from the merged readings.
 */
function mergeProfiles(profiles, names = []) {
    if (profiles.length === 0)
        throw new MlshipError("bad_usage", "profile merge needs at least one profile");
    const first = profiles[0];
    const label = (i) => names[i] ?? `profile ${i + 1}`;
    profiles.forEach((profile, i) => {
        const a = first.columns.map((c) => c.name).join("\u0000");
        const b = profile.columns.map((c) => c.name).join("\u0000");
        if (a !== b) {
            const missing = first.columns
                .filter((c) => !profile.columns.some((d) => d.name === c.name))
                .map((c) => c.name);
            const extra = profile.columns
                .filter((c) => !first.columns.some((d) => d.name === c.name))
                .map((c) => c.name);
            throw new MlshipError("profile_mismatch", `${label(i)} has other columns than ${label(0)}${missing.length ? ` (lacks ${missing.join(", ")})` : ""}${extra.length ? ` (adds ${extra.join(", ")})` : ""}${!missing.length && !extra.length ? " (in another order)" : ""}`, { file: names[i] });
        }
    });
    const states = first.columns.map((_, c) => {
        const parts = profiles.map((p) => p.columns[c]);
        return profile_mergeColumnStates(parts, (i) => label(i));
    });
    return buildProfile(profiles.flatMap((p) => p.sources), states);
}
function profile_mergeColumnStates(parts, label) {
    const declared = parts[0].declared;
    parts.forEach((part, i) => {
        if (part.declared !== declared || (declared && part.type !== parts[0].type)) {
            throw new MlshipError("profile_mismatch", `column "${part.name}" is ${part.declared ? "declared" : "inferred"} ${part.type} in ${label(i)} but ${parts[0].declared ? "declared" : "inferred"} ${parts[0].type} in ${label(0)}: profile both shards with the same schema`);
        }
    });
    const merged = {
        name: parts[0].name,
        type: parts[0].type,
        declared,
        count: sum(parts.map((p) => p.count)),
        missing: sum(parts.map((p) => p.missing)),
        invalid: sum(parts.map((p) => p.invalid)),
    };
    if (parts.some((p) => p.pii)) {
        // Redacted shards keep no sketch to merge: the largest estimate is a lower bound of the union's.
        return { ...merged, pii: true, distinct: maxOf(parts.map((p) => summarizeColumn(p).distinct)) };
    }
    const categories = mergeDistributions(parts.map((p) => p.categories), CategoryDistribution.fromJSON);
    if (declared) {
        const numeric = mergeDistributions(parts.map((p) => p.numeric), NumericDistribution.fromJSON);
        if (numeric)
            merged.numeric = numeric.toJSON();
        if (categories)
            merged.categories = categories.toJSON();
        return merged;
    }
    const kinds = { number: 0, integer: 0, boolean: 0, datetime: 0, textLength: 0 };
    for (const part of parts) {
        for (const key of Object.keys(kinds))
            kinds[key] += part.kinds?.[key] ?? 0;
    }
    merged.kinds = kinds;
    merged.type = inferType(merged.count, kinds, categories?.distinct.estimate() ?? 0);
    if (categories)
        merged.categories = categories.toJSON();
    const numericType = ["number", "integer", "datetime"];
    if (numericType.includes(merged.type)) {
        // Every shard read all-numeric (or all-date) for the union to: each carries the distribution.
        const numeric = mergeDistributions(parts.map((p) => p.numeric), NumericDistribution.fromJSON);
        if (numeric)
            merged.numeric = numeric.toJSON();
    }
    return merged;
}
function mergeDistributions(parts, fromJSON) {
    let merged;
    for (const part of parts) {
        if (!part)
            continue;
        const d = fromJSON(part);
        if (merged)
            merged.merge(d);
        else
            merged = d;
    }
    return merged;
}
function sum(values) {
    return values.reduce((a, b) => a + b, 0);
}

;// CONCATENATED MODULE: ./node_modules/re2js/build/index.js
/*!
* re2js
* RE2JS is the JavaScript port of RE2, a regular expression engine that provides linear time matching
*
* @version v2.10.0
* @author Oleksii Vasyliev
* @homepage https://github.com/le0pard/re2js#readme
* @repository [object Object]
* @license MIT
*/
// src/RE2Flags.js
var RE2Flags = class RE2Flags {
	static FOLD_CASE = 1;
	static LITERAL = 2;
	static CLASS_NL = 4;
	static DOT_NL = 8;
	static ONE_LINE = 16;
	static NON_GREEDY = 32;
	static PERL_X = 64;
	static UNICODE_GROUPS = 128;
	static WAS_DOLLAR = 256;
	static LOOKBEHIND = 512;
	static MATCH_NL = RE2Flags.CLASS_NL | RE2Flags.DOT_NL;
	static PERL = RE2Flags.CLASS_NL | RE2Flags.ONE_LINE | RE2Flags.PERL_X | RE2Flags.UNICODE_GROUPS;
	static POSIX = 0;
	static UNANCHORED = 0;
	static ANCHOR_START = 1;
	static ANCHOR_BOTH = 2;
};
// src/PublicFlags.js
/**
* Public flags for RE2JS and RE2Set compilation.
*/
const PublicFlags = {
	CASE_INSENSITIVE: 1,
	DOTALL: 2,
	MULTILINE: 4,
	DISABLE_UNICODE_GROUPS: 8,
	LONGEST_MATCH: 16,
	LOOKBEHINDS: 512
};
// src/Codepoint.js
/**
* Various constants and helper for unicode codepoints.
*/
const ASCII_SIZE = 128;
const ASCII_TO_UPPER = new Int32Array(ASCII_SIZE);
const ASCII_TO_LOWER = new Int32Array(ASCII_SIZE);
const MAX_BMP = 65535;
for (let i = 0; i < ASCII_SIZE; i++) {
	if (i >= 97 && i <= 122) ASCII_TO_UPPER[i] = i - 32;
	else ASCII_TO_UPPER[i] = i;
	if (i >= 65 && i <= 90) ASCII_TO_LOWER[i] = i + 32;
	else ASCII_TO_LOWER[i] = i;
}
var Codepoint = class {
	static CODES = Object.freeze({
		"\x07": 7,
		"\b": 8,
		"	": 9,
		"\n": 10,
		"\v": 11,
		"\f": 12,
		"\r": 13,
		" ": 32,
		"\"": 34,
		$: 36,
		"&": 38,
		"'": 39,
		"(": 40,
		")": 41,
		"*": 42,
		"+": 43,
		"-": 45,
		".": 46,
		0: 48,
		1: 49,
		2: 50,
		3: 51,
		4: 52,
		5: 53,
		6: 54,
		7: 55,
		8: 56,
		9: 57,
		":": 58,
		"<": 60,
		">": 62,
		"?": 63,
		A: 65,
		B: 66,
		C: 67,
		F: 70,
		P: 80,
		Q: 81,
		U: 85,
		Z: 90,
		"[": 91,
		"\\": 92,
		"]": 93,
		"^": 94,
		_: 95,
		"`": 96,
		a: 97,
		b: 98,
		f: 102,
		i: 105,
		m: 109,
		n: 110,
		r: 114,
		s: 115,
		t: 116,
		v: 118,
		x: 120,
		z: 122,
		"{": 123,
		"|": 124,
		"}": 125
	});
	static toUpperCase(codepoint) {
		if (codepoint < ASCII_SIZE) return ASCII_TO_UPPER[codepoint];
		const s = String.fromCodePoint(codepoint).toUpperCase();
		const expectedLen = s.codePointAt(0) > MAX_BMP ? 2 : 1;
		if (s.length > expectedLen) return codepoint;
		const sOrigin = String.fromCodePoint(s.codePointAt(0)).toLowerCase();
		const originExpectedLen = sOrigin.codePointAt(0) > MAX_BMP ? 2 : 1;
		if (sOrigin.length > originExpectedLen || sOrigin.codePointAt(0) !== codepoint) return codepoint;
		return s.codePointAt(0);
	}
	static toLowerCase(codepoint) {
		if (codepoint < ASCII_SIZE) return ASCII_TO_LOWER[codepoint];
		const s = String.fromCodePoint(codepoint).toLowerCase();
		const expectedLen = s.codePointAt(0) > MAX_BMP ? 2 : 1;
		if (s.length > expectedLen) return codepoint;
		const sOrigin = String.fromCodePoint(s.codePointAt(0)).toUpperCase();
		const originExpectedLen = sOrigin.codePointAt(0) > MAX_BMP ? 2 : 1;
		if (sOrigin.length > originExpectedLen || sOrigin.codePointAt(0) !== codepoint) return codepoint;
		return s.codePointAt(0);
	}
};
// src/UnicodeRangeTable.js
var UnicodeRangeTable = class {
	/**
	* @param {Uint32Array | number[]} data
	* @param {boolean} isStride1
	*/
	constructor(data, isStride1 = false) {
		this.data = data;
		this.isStride1 = isStride1;
		this.SIZE = isStride1 ? 2 : 3;
	}
	getLo(index) {
		return this.data[index * this.SIZE];
	}
	getHi(index) {
		return this.data[index * this.SIZE + 1];
	}
	getStride(index) {
		return this.isStride1 ? 1 : this.data[index * this.SIZE + 2];
	}
	get length() {
		return this.data.length / this.SIZE;
	}
};
// src/UnicodeTables.js
const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-";
const B64_MAP = /* @__PURE__ */ new Uint8Array(256);
for (let i = 0; i < 64; i++) B64_MAP[B64.charCodeAt(i)] = i;
const decodeVLQ = (str) => {
	const res = [];
	let value = 0;
	let shift = 0;
	for (let i = 0; i < str.length; i++) {
		const digit = B64_MAP[str.charCodeAt(i)];
		value |= (digit & 31) << shift;
		if ((digit & 32) === 0) {
			res.push(value);
			value = 0;
			shift = 0;
		} else shift += 5;
	}
	return res;
};
const decodeRanges = (str, isStride1) => {
	const res = decodeVLQ(str);
	const numRanges = isStride1 ? res.length / 2 : res.length / 3;
	const out = new Uint32Array(numRanges * 3);
	let current = 0;
	let resIdx = 0;
	for (let i = 0; i < numRanges; i++) {
		current += res[resIdx++];
		out[i * 3] = current;
		current += res[resIdx++];
		out[i * 3 + 1] = current;
		out[i * 3 + 2] = isStride1 ? 1 : res[resIdx++];
	}
	return out;
};
const decodeOrbit = (str) => {
	const res = decodeVLQ(str);
	const map = /* @__PURE__ */ new Map();
	let currentKey = 0;
	for (let i = 0; i < res.length; i += 2) {
		currentKey += res[i];
		const zz = res[i + 1];
		const delta = zz >>> 1 ^ -(zz & 1);
		map.set(currentKey, currentKey + delta);
	}
	return map;
};
var LazyMap = class {
	constructor(initializer) {
		this.initializer = initializer;
		this.cache = /* @__PURE__ */ new Map();
	}
	has(key) {
		return Object.hasOwn(this.initializer, key);
	}
	get(key) {
		if (this.cache.has(key)) return this.cache.get(key);
		const val = this.has(key) ? this.initializer[key]() : null;
		this.cache.set(key, val);
		return val;
	}
};
var UnicodeTables = class {
	static _CASE_ORBIT = null;
	static get CASE_ORBIT() {
		if (!this._CASE_ORBIT) this._CASE_ORBIT = decodeOrbit("rCgCIgCY+rQI4QiCuuBLgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCCgCBgCBgCBgCBgCBgCBgCB+7OB-BB-BB-BB-BB-BBskQB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BC-BB-BB-BB-BB-BB-BB-BByHBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBDCBBBCBBBCBBCCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBCCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBxHBCBBBCBBBCBBB3SBmMBkNBCBBBCBBB8MBCBBB6MB6MBCBBC+EB0MB2MBCBBB6MB+MBiGBmNBiNBCBBBmKBikzCBmNBqNBkIBsNBCBBBCBBBCBBB0NBCBBB0NDCBBB0NBCBBByNByNBCBBBCBBB2NBCBBDCBBCwDFCBCBDBCBCBDBCBCBDBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBB9EBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBCCBCBDBCBBBhGBvDBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBjICCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBH2iVBCBBBlKBwiVB+jVB+jVBCBBBlMBqEBuEBCBBBCBBBCBBBCBBBCBBB+hVB4hVB8hVBjNB7MC5MB5MCzMC1MB+0yCE5MB20yCC9MBu2yCBwyyCBo0yCChNBlNBo0yCBu-UBi0yCDlNC6-UBpNDrNIu+UDzNCm0yCBzNE0yyCBzNBpEBxNBxNBtEG1NLqxyCBkxyCnFoFrBCBBBCBBDCBBEkIBkIBkICoHHsCCqCBqCBqCCgEC+DB+DBmkOBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCC+BBgCBgCBgCBgCBgCBgCBgCBgCBrCBpCBpCBpCBmjOB-BB8BB-BB-BBgEB-BB-BByBBqgOBsDB-BBtwBB-BB-BB-BBsBBgDBCB-BB-BB-BBeB-BB-BB61OB-BB-BB-DB9DB9DBQB7DBmCE9CBrDBPBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBrFB-EBOBnHB3FB-FCCBBBNBCBBCjIBjIBjIBgFBgFBgFBgFBgFBgFBgFBgFBgFBgFBgFBgFBgFBgFBgFBgFBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCB-BB-BB8kMB-BB6kMB-BB-BB-BB-BB-BB-BB-BB-BB-BBokMB-BB-BBkkMBkkMB-BB-BB-BB-BB-BB-BB-BB4jMB-BB-BB-BB-BB-BB-EB-EB-EB-EB-EB-EB-EB-EB-EB-EB-EB-EB-EB-EB-EB-EBCBBBCBoiMBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBJCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBeBCBBBCBBBCBBBCBBBCBBBCBBBCBBBdBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBCgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDL-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-C64CgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOBgmOCgmOGgmODg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FBg8FDg8FBg8FBg8FhVg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBg9rCBQBQBQBQBQBQDPBPBPBPBPBPjkC7mMB5mMBnmMBjmMBCBlmMB3lMBpiMBk8kCBCBBG-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FB-7FD-7FB-7FB-7F6FoglCEsuHRwjlCyDCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCB0DBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBG1DD97OCCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBQBQBQBQBQBQBQBQBPBPBPBPBPBPBPBPBQBQBQBQBQBQDPBPBPBPBPBPDQBQBQBQBQBQBQBQBPBPBPBPBPBPBPBPBQBQBQBQBQBQBQBQBPBPBPBPBPBPBPBPBQBQBQBQBQBQDPBPBPBPBPBPEQCQCQCQCPCPCPCPBQBQBQBQBQBQBQBQBPBPBPBPBPBPBPBPB0EB0EBsFBsFBsFBsFBoGBoGBgIBgIBgHBgHB8HB8HDQBQBQBQBQBQBQBQBPBPBPBPBPBPBPBPBQBQBQBQBQBQBQBQBPBPBPBPBPBPBPBPBQBQBQBQBQBQBQBQBPBPBPBPBPBPBPBPBQBQCSFPBPBzEBzEBRCxnOFSFrFBrFBrFBrFBREQBQClkOFPBPBnGBnGFQBQCljOCODPBPB-GB-GBNHSF-HB-HB7HB7HBRqJ53OE9tQBrmQH4Bc3BSgBBgBBgBBgBBgBBgBBgBBgBBgBBgBBgBBgBBgBBgBBgBBgBBfBfBfBfBfBfBfBfBfBfBfBfBfBfBfBfECBByZ0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BB0BBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzBBzB34BgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDBgDB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CB-CBCBBBt-UBruHBt+UB1iVBviVBCBBBCBBBCBBB3hVB5-UB9hVB7hVCCBBCCBBI9jVB9jVBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBICBBBCBBECBBN-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOB-lOC-lOG-lOzoeCBBBCBBBCBBBCBBBCBBBCBl8kCBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBTCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBnECBBBCBBBCBBBCBBBCBBBCBBBCBBDCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBKCBBBCBBBnglCBCBBBCBBBCBBBCBBBCBBECBBBvyyCDCBBBCBBBgDCCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBn0yCB90yCB10yCBh0yCBn0yCCjxyCBzyyCBpxyCBg6BBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBB-CBl0yCBvjlCBCBBBCBBBt2yCBCBBBCBBBCBBBCBBBCBBBCBBBCBBBCBBBhkzCZCBB9a-5Bd-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCB-8rCm6TCBB7gBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCH-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BmlBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvChDwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCBwCFvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvCBvC1DuCBuCBuCBuCBuCBuCBuCBuCBuCBuCBuCCuCBuCBuCBuCBuCBuCBuCBuCBuCBuCBuCBuCBuCBuCBuCCuCBuCBuCBuCBuCBuCBuCCuCBuCCtCBtCBtCBtCBtCBtCBtCBtCBtCBtCBtCCtCBtCBtCBtCBtCBtCBtCBtCBtCBtCBtCBtCBtCBtCBtCCtCBtCBtCBtCBtCBtCBtCCtCBtCk2BgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEBgEO-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-DB-D+CgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCL-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-B74CgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BhrVgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCBgCB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BB-BhB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BB2BD1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BB1BtxekCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBkCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjCBjC");
		return this._CASE_ORBIT;
	}
	static _Print = null;
	static get Print() {
		if (!this._Print) this._Print = new UnicodeRangeTable(decodeRanges("hB9CBjBLBCpWBDFBFGBCCCBSBCsMBClBBDxBBDCBC2BBJaBFFBSVBC-FBCvBBD6BBDkDBP6BBDwBBDOBCbBDCCBJBGfBIqCBCgFBCHBDBBDVBCGBCEEBCBDIBDBBDDBJFFBCCBDBDYBDCBCFBFBBDVBCGBCBBCBBCBBDCCBDBFBBDCBEIIBCBCIIBPBLCBCIBCCBCVBCGBCBBCEBDJBCCBCCBDQQBCBDLBIGBCCBCHBDBBDVBCGBCBBCEBDIBDBBDCBICBFBBCEBDRBLBBCFBECBCDBEBBCCCBEEBEEBBBELBFEBECBCDBDHHPUBGMBCCBCWBCPBDIBCCBCDBIBBCCBCBBDDBDJBIVBCCBCWBCJBCEBDIBCCBCDBIBBGCBCDBDJBCCBNMBCCBCyBBCCBCFBFPBDZBCCBCRBEXBCIBCDDBFBEFFBEBCCCBGBHJBDCBN5BBFcBmBBBCCCBDBCXBCCCBVBDEBCCCBFBCJBDDBhBnCBCjBBFmBBCjBBCOBCMBmBlGBCGGD4LBCDBDGBCCCBCBDoBBCDBDgBBCDBDGBCCCBCBDOBC4BBCDBDiCBDfBEZBH1CBDFBD-TBCbBE4CBIVBKXBKTBNMBCCBCBBN9CBDJBHJBHNBCKBH4CBIqBBGlCBLeBCLBFLBFEEBoBBDEBMrBBFZBHKBE9BBDgCBCcBDKBHJBHNBDtBBDLBVsCBClFBJ7BBEOBE9BBGqBBDKBJqBBG1QBDFBDlBBDFBDHBCGCBdBD0BBCOBCNBDFBCSBDCBCIBSXBJuBBSBBDaBCMBEhBBPgBBQrEBF5UBXKBWz4BBD9LBGsBBCGGD3BBIBBPXBKGBCGBCGBCGBCGBCGBCGBCGBC9DBjBZBC4CBN1GBbPBC+BBC1CBDmDBGqBBC9CBC1CBKvBBCszcBE2BBK7KBV3FBJ8GBV7BBEJBH3BBJlCBJLBHzDBMdBEtCBCKBFgBBC2BBKNBDJBDmDBZbBLFBDFBDFBKGBCGBC7BBF9DBDJBHj9KBNWBFwBBloItLBDpDBnBGBNEBGZBCEBCCCBCCBCCBoUBhBpBBHyBBCSBCDBFEBCmEBF9FBEFBDFBDFBDCBEGBCGBOBBDLBCZBCSBCBBCOBDNBjB6DBGCBFsBBE3CBCMBEwBwBBsBBjEcBEwBBQbBFjBBKdBGqBBGdBCkBBFNBrB9EBDJBHjBBFjBBFnBBJzBBMLBCOBCGBCBBCKBCOBCGBCBBEzBBN2JBKVBLHBZFBCpBBCIBmCFBDCCBqBBCBBEDDBVBCnCBJIBxBSBCBBGgBBEaBGaBnB3BBFTBDxBBCBBGHBCCBCcBDCBFJBIIBI-BBhBmBBFLBK1BBEcBDaBGZBIDBNGBxCoCB4ByBBOyBBItBBJJBHlBBEcBJBBxGeBCpBBCCBDBBRFBJIBiBtBBJpBBXZBnBbBVWBKtCBFjBBK9BBCEBOYBIJBH0BBCRBJmBBK-CBCTBMRBCuBB-BGBCCCBCBCOBCKBH6BBGJBHDBCHBDBBDVBCGBCBBCEBCJBDBBDCBDHHGGBDGBEEBMJBCDDClBBCJBCDDCDBCJBCBBJBBe7CBCEBfnCBJJBnF1BBDlBBjBkCBMJBHMBU5BBHJBHTBdaBDOBFWB6F7BBlDyCBNHBDDDBGBCBBCdBCBBDLBKJBnCHBDtBBDKBcnCBJyCBOoCBIJB3CHB5ChBBPJBHIBCsBBCNBLcBEfBDVBCNBqCGBCBBCrBBECCBCCBHBJJBHFBCBBCkBBCBBCFBIJBHrBBFJB3HYBIQBCoBBEcB2CQQBwBBO6cBnDuDBCEBMjGBtyCiDBOvhBBRVBL68DBGmSB61G5BBn2B4RBIeBCJBFwCBCJBHdBDFBLlCBLJBCGBCUBGSBxN5BBnG6CBGYBDYBtBqCBF4BBIQBhCEBMGBK1mHBqBfBiDyDB+vIDBCGBCBBCiJBQeeBBBDPPBCBJrMBloCqDBGMBEIBIJBDDBh7D8HBEzNBHWBQQBQtBBDWBKzDB9B1HBLmBBDpCBJvDBWlCB7DTBNTBN2CBKYBoE0CBCmCBCBBDDDBDDBCBCLBCCCBFBCgCBCDBDHBCGBCbBCDBCEBCEEBFBCzKBDjJBD9VBQEBCOBxiBeBHFB2GGBCQBDGBCBBCEBG9BBiBxDxDBrBBENBDJBFBBhKeBS5BBGxOxOBoBB3GqBBFhGhGBdBCVBJBBhHGBCDBCBBCOBCkGBDPBqBrCBFJBFBByYjCBtC8BBjGDBCaBCBBCDDCJBCDBCCCHFFCECBBBCBBCDDCICBCCDDBCGBCDBCDBCCCBIBCQBGCBCEBCQB1BBBvIrBBFjDBNOBDOBCOBCkBBLtFB5BcBOrBBFIBIBBPFB7E4eBEQBEMBE5GBHLBFQQBKBF3BBJJBHnBBJdBDLBFBBPIBoB3KBJNBDMBEKBE4BBCFFBOBDLBFJBIyEBCmDBmgB-2pBBhB9oEBDt0FBDwpHBQtTBjtC9QBjvBq6EBGppIBnkzVvHB", false));
		return this._Print;
	}
	static CATEGORIES = new LazyMap({
		C: () => new UnicodeRangeTable(decodeRanges("AfBgDgBBOrWrWBHHBCBICCVuMuMnBBBzBBBE4B4BBGBcDBHQBXhGhGxBBB8BBBmDNB8BBByBBBQddBCCMEBhBGBsCiFiFJBBDBBXIICCBFBBKBBDBBFHBCDBDGGBaaBEEHDBDBBXIIDGDBCCGDBDBBECBCGBFCCBFBSJBEKKEXXIDDGBBLIEBCCBNBFBBNGBIEEJBBDBBXIIDGGBKKBDDBEEBFBEDBDGGBTTBIBDHHBBBEFFBBBDCCDCBDCBECBNDBGCBEFFBCCBEBCNBWEBOEEYRRBKKEFFBFBDEEDBBFBBLGBXEEYLLGBBKEEFGBDEBEFFBLLELBOEE0BEEHDBRBBbEETCBZKKCBBICBCDBHCCJFBLBBELB7BDBekBBDCCGZZCYYBGGCIILBBFfBpClBlBBCBoBlBlBQOOBjBBnGCCBDBCBB6LFFBIICFFBqBqBFBBiBFFBIICFFBQQ6BFFBkCkCBhBhBBBBbFB3CBBHBB+UCB6CGBXIBZIBVLBOEEDLB-CBBLFBLFBPMMBEB6CGBsBEBnCJBgBNNBCBNDBCCBrBBBGKBtBDBbFBMCB-BBBiCeeBMMBEBLFBPBBvBBBNTBuCnFnFBGB9BCBQCB-BEBsBBBMHBsBEB3QBBHBBnBBBHBBJGCgBBB2BQQPBBHUUBEEKMMBDBbEByBPBDBBcOOBBBjBNBiBOBtEDB7UVBMUB14BBB-LEBuBCCBDBCBB5BGBDNBZIBI4BI-DhBBb6C6CBKB3GZBxC3C3CBoDoDBDBsB-C-C3CIBxBuzcuzcBBB4BIB9KTB5FHB+GTB9BCBLFB5BHBnCHBNFB1DKBfCBvCMMBCBiB4B4BBHBPBBLBBoDXBdJBHBBHBBHIBIII9BDB-DBBLFBl9KLBYDByBjoIBvLBBrDlBBILBGEBbGGCGDrUfBrBFB0BUUFDBGoEoEBCB-FCBHBBHBBHBBECBIIIBLBDBBNbbUDDQBBPhBB8DEBEDBuBCB5COOBBBCuBBvBhEBeCByBOBdDBlBIBfEBsBEBfmBmBBCBPpBB-EBBLFBlBDBlBDBpBHB1BKBNQQIDDMQQIDDBBB1BLB4JIBXJBJXBHrBrBKkCBHBBCtBtBDCBCBBYpCpCBGBKvBBUDDBDBiBCBcEBclBB5BDBVBBzBDDBDBJEEeBBEDBLGBKGBhCfBoBDBNIB3BCBeBBcEBbGBFLBIvCBqC2BB0BMB0BGBvBHBLFBnBCBeHBDvGBgBrBrBEBBDPBHHBKgBBvBHBrBVBblBBdTBYIBvCDBlBIB-BGGBLBaGBLFB2BTTBGBoBIBhDVVBJBTwBwBB8BBICCFQQMFB8BEBLFBFJJBDDBXXIDDGLLBDDBEEBCCBEBCEBIBBICBGKBLCCBCCnBLLCBBCFFLDDBGBDcB9CGGBcBpCHBLlFB3BBBnBhBBmCKBLFBOSB7BFBLFBVbBcBBQDBY4FB9BjDB0CLBJBBCBBJDDfDDBNNBHBLlCBJBBvBBBMaBpCHB0CMBqCGBL1CBJ3CBjBNBLFBKuBuBPJBeCBhBBBXPPBnCBIDDtBCBCDDKHBLFBHDDmBDDHGBLFBtBDBL1HBaGBSqBqBBBBe0CBCOBzBMB8clDBwDGGBJBlGryCBkDMBxhBPBXJB88DEBoS41GB7Bl2BB6RGBgBLLBCByCLLBEBfBBHJBnCJBLIIWEBUvNB7BlGB8CEBaBBarBBsCDB6BGBS-BBGKBIIB3mHoBBhBgDB0D8vIBFIIDkJkJBNBCcBEBBCNBFHBtMjoCBsDEBOCBKGBLBBF-6DB+HCB1NFBYOBSOBvBBBYIB1D7BB3HJBoBBBrCHBxDUBnC5DBVLBVLB4CIBamEB2CoCoCDBBCBBDBBFNNCIIiCFFBJJIddFGGCCBI1K1KBlJlJB-V-VBNBGQQBuiBBgBFBH0GBISSBIIDGGBDB-BgBBCvDBuBCBPBBLDBD-JBgBQB7BEBCvOBrB1GBsBDBC-FBgBXXBGBD-GBIFFDQQmGBBRoBBtCDBLDBDwYBlCrCB+BhGBFccDCCBCCLFFCCCBEBCDBCECEDDCBBCICDCCBFFIKFCLLSEBEGGSzBBDtIBtBDBlDLBQBBQQQmBJBvF3BBeMBtBDBKGBDNBH5EB6eCBSCBOCB7GFBNDBCOBNDB5BHBLFBpBHBfBBNDBDNBKmBB5KHBPBBOCBMCB6BCCBCBRBBNDBLGB0EoDoDBjgBBh3pBfB-oEBBv0FBBypHOBvThtCB-QhvBBs6EEBrpIlkzVBxHvw-FB", false)),
		Cc: () => new UnicodeRangeTable(decodeRanges("AfgDgB", true)),
		Cf: () => new UnicodeRangeTable(decodeRanges("tFzqBzqBBEBXhGhGyBhMhMBxCxCs5D9-B9-BBDBbEByBEBCJBw03B6H6HBBBimEQQj7IPBhjiBDBwmFHBn0rYffB+CB", false)),
		Cn: () => new UnicodeRangeTable(decodeRanges("4bBBHDBICCVuMuMnBBBzBBBE4B4BBGBcDBHKBvI9B9BBmDmDBMB8BBByBBBQddBCCMEBjBEBuHJJBDDBXXICCBBBFBBKBBDBBFHBCDBDGGBaaBEEHDBDBBXIIDGDBCCGDBDBBECBCGBFCCBFBSJBEKKEXXIDDGBBLIEBCCBNBFBBNGBIEEJBBDBBXIIDGGBKKBDDBEEBFBEDBDGGBTTBIBDHHBBBEFFBBBDCCDCBDCBECBNDBGCBEFFBCCBEBCNBWEBOEEYRRBKKEFFBFBDEEDBBFBBLGBXEEYLLGBBKEEFGBDEBEFFBLLELBOEE0BEEHDBRBBbEETCBZKKCBBICBCDBHCCJFBLBBELB7BDBekBBDCCGZZCYYBGGCIILBBFfBpClBlBBCBoBlBlBQOOBjBBnGCCBDBCBB6LFFBIICFFBqBqBFBBiBFFBIICFFBQQ6BFFBkCkCBhBhBBBBbFB3CBBHBB+UCB6CGBXIBZIBVLBOEEDLB-CBBLFBLFBbFB6CGBsBEBnCJBgBNNBCBNDBCCBrBBBGKBtBDBbFBMCB-BBBiCeeBMMBEBLFBPBBvBBBNTBuCnFnFBGB9BCBQCB-BEBsBBBMHBsBEB3QBBHBBnBBBHBBJGCgBBB2BQQPBBHUUBEEKmDmDNBBcOOBBBjBNBiBOBtEDB7UVBMUB14BBB-LEBuBCCBDBCBB5BGBDNBZIBI4BI-DhBBb6C6CBKB3GZBxC3C3CBoDoDBDBsB-C-C3CIBxBuzcuzcBBB4BIB9KTB5FHB+GTB9BCBLFB5BHBnCHBNFB1DKBfCBvCMMBCBiB4B4BBHBPBBLBBoDXBdJBHBBHBBHIBIII9BDB-DBBLFBl9KLBYDByBDBvzIBBrDlBBILBGEBbGGCGDrUfBrBFB0BUUFDBGoEoEBCC-FCBHBBHBBHBBECBIIIBIBGBBNbbUDDQBBPhBB8DEBEDBuBCB5COOBBBCuBBvBhEBeCByBOBdDBlBIBfEBsBEBfmBmBBCBPpBB-EBBLFBlBDBlBDBpBHB1BKBNQQIDDMQQIDDBBB1BLB4JIBXJBJXBHrBrBKkCBHBBCtBtBDCBCBBYpCpCBGBKvBBUDDBDBiBCBcEBclBB5BDBVBBzBDDBDBJEEeBBEDBLGBKGBhCfBoBDBNIB3BCBeBBcEBbGBFLBIvCBqC2BB0BMB0BGBvBHBLFBnBCBeHBDvGBgBrBrBEBBDPBHHBKgBBvBHBrBVBblBBdTBYIBvCDBlBIBlCJBCBBaGBLFB2BTTBGBoBIBhDVVBJBTwBwBB8BBICCFQQMFB8BEBLFBFJJBDDBXXIDDGLLBDDBEEBCCBEBCEBIBBICBGKBLCCBCCnBLLCBBCFFLDDBGBDcB9CGGBcBpCHBLlFB3BBBnBhBBmCKBLFBOSB7BFBLFBVbBcBBQDBY4FB9BjDB0CLBJBBCBBJDDfDDBNNBHBLlCBJBBvBBBMaBpCHB0CMBqCGBL1CBJ3CBjBNBLFBKuBuBPJBeCBhBBBXPPBnCBIDDtBCBCDDKHBLFBHDDmBDDHGBLFBtBDBL1HBaGBSqBqBBBBe0CBCOBzBMB8clDBwDGGBJBlGryCBkDMB3iBJB88DEBoS41GB7Bl2BB6RGBgBLLBCByCLLBEBfBBHJBnCJBLIIWEBUvNB7BlGB8CEBaBBarBBsCDB6BGBS-BBGKBIIB3mHoBBhBgDB0D8vIBFIIDkJkJBNBCcBEBBCNBFHBtMjoCBsDEBOCBKGBLBBJ76DB+HCB1NFBYOBSOBvBBBYIB1D7BB3HJBoBBBjGUBnC5DBVLBVLB4CIBamEB2CoCoCDBBCBBDBBFNNCIIiCFFBJJIddFGGCCBI1K1KBlJlJB-V-VBNBGQQBuiBBgBFBH0GBISSBIIDGGBDB-BgBBCvDBuBCBPBBLDBD-JBgBQB7BEBCvOBrB1GBsBDBC-FBgBXXBGBD-GBIFFDQQmGBBRoBBtCDBLDBDwYBlCrCB+BhGBFccDCCBCCLFFCCCBEBCDBCECEDDCBBCICDCCBFFIKFCLLSEBEGGSzBBDtIBtBDBlDLBQBBQQQmBJBvF3BBeMBtBDBKGBDNBH5EB6eCBSCBOCB7GFBNDBCOBNDB5BHBLFBpBHBfBBNDBDNBKmBB5KHBPBBOCBMCB6BCCBCBRBBNDBLGB0EoDoDBjgBBh3pBfB-oEBBv0FBBypHOBvThtCB-QhvBBs6EEBrpIm8yVBCdBhD-DBxHvw-BB---BBB---BBB", false)),
		Co: () => new UnicodeRangeTable(decodeRanges("gg4B-nGh4hc9--BD9--B", true)),
		Cs: () => new UnicodeRangeTable(decodeRanges("gg2B--B", true)),
		L: () => new UnicodeRangeTable(decodeRanges("hCZBHZBwBLLFGGBVBCeBCpOBFLBPEBICCiEEBCBBDDBCHHCCBCCCBSBCyCBCqEBJlFBClBBDHHBnBBoCaBFDBuBqBBkBBBCiDBCQQBIIBLLBBBDRRCdBe4CBMZZBfBKBBFGGBUBFKKEYYBXBIKBGXBCGBRpBB7B1BBETTIJBQPBFHBDBBDVBCGBCEEBCBERROBBCCBPBBLJJBEBFBBDVBCGBCBBCBBCBBgBDBCUUBBBRIBCCBCVBCGBCBBCEBETTQBBYMMBGBDBBDVBCGBCBBCEBEffBCCBBBQSSCFBECBCDBEBBCCCBEEBEEBBBELBX1B1BBGBCCBCWBCPBEbbBBBCBBDBBfFFBGBCCBCWBCJBCEBEffBBBCBBQBBSIBCCBCoBBDRRGCBJCBZFBGRBEXBCIBCDDBFB7BvBBCBBNGB7BBBCCCBDBCXBCCCBIBCBBKDDBDBCWWBCBhBgCgCBGBCjBBcEB0DqBBVRRBEBFDBEEEBIIBBBFMBNSSBkBBCGGDqBBCsKBCDBDGBCCCBCBDoBBCDBDgBBCDBDGBCCCBCBDOBC4BBCDBDiCBmBPBR1CBDFBErTBDQBCZBGqCBHHBIRBOSBPRBPMBCCBQzBBkBFFkC4CBIEBDhBBCGGBkCBLeByBdBDEBMrBBFZB3BWBK0BBzC+C+CBtBBSHB3BdBOBBLrBBbjBBqBCBLjBBDKBGqBBDCBqBDBCFBCBBEGGB+FBhC1IBDFBDlBBDFBDHBCGCBdBD0BBCGBCEEBBBCGBEDBDFBFMBGCBCGB1DOORMBmDFFDJBCEEBDBHGCBCBCKBDDBGEBF1B1BB8zC8zCBjHBHDBEBBNlBBCGGD3BBIRRBVBKGBCGBCGBCGBCGBCGBCGBCGBxC2O2OBrBrBBDBGBBF1CBHCBC5CBCDBGqBBC9CBSfBxBPBhQ-tGBhCs0VBkCtBBDsIBEPBLBBVuBBReBDlCByBIBDmDBDxCBVQBCCBCDBCWBezBBPxBB-BFBECCBMMBaBLWBacBIuBBdRRBDBCJBLEBCoBBYCBCHBVWBEEEBwBBCEEBDDBDBDCCZCBDKBICBNFBDFBDFBKGBCGBCqBBCNBHyDBej9KBNWBFwBBloItLBDpDBnBGBNEBGCCBIBCMBCEBCCCBCCBCCBqDBiBqLBT-BBD1BBpBLB1DEBCmEBlBZBHZBM4CBEFBDFBDFBDCBkBLBCZBCSBCBBCOBDNBjB6DBmMcBEwBBwBfBOTBCHBHlBBLdBDjBBFHBxB9EBTjBBFjBBFnBBJzBBNKBCOBCGBCBBCKBCOBCGBCBBEzBBN2JBKVBLHBZFBCpBBCIBmCFBDCCBqBBCBBEDDBVBLWBKeBiCSBCBBLVBLZBHZBnB3BBHBBhCQQBCBCCBCcBrBcBEcBkBHBCbBc1BBLVBLSBORBvDoCB4ByBBOyBBOjBBnBbBKWB7HpBBHBBRFB5BcBLJJBUBrBRBvBUBcWBN0BB6BBBDOOBrBBhBYBbjBBeDDJiBBENNBuBBPDBWCCkBRBCYBUBBgCGBCCCBCBCOBCJBIuBBnBHBDBBDVBCGBCBBCEBETTNEBfJBCDDClBBCaaCtBtBBzBBTDBVCBfvBBVBBC5F5FBtBBqBDBlBvBBV8B8BBpBBOoCoCBZBmBGB6FrBB1D-BBgBHBDDDBGBCBBCXBQCC-CHBDmBBRCCdLLBmBBIWWMtBBUTTBnCBoGgBBgBIBCkBBSyByBBcBxDGBCBBClBBWaaBEBCBBCfBPYYBqBBlISBQCCBLBChBB9DwCwCB4cBnHjGBtyCgDBQvhBBSFBa68DBGmSB61GdBj3B4RBIeBSuCBSdBTvBBRDBgBUBGSBxNsBB0G-BBhBYBDYBtBqCBGjCjCBLBhCBBCPPBNNB0mHBqBfBiDyDB+vIDBCGBCBBCiJBQeeBBBDPPBCBJrMBloCqDBGMBEIBIJBn7F0CBCmCBCBBDDDBDDBCBCLBCCCBFBCgCBCDBDHBCGBCbBCDBCEBCEEBFBCzKBDYBCYBCeBCYBCeBCYBCeBCYBCeBCYBCHB15BeBHFBmI9BBzEsBBLGBRiKiKBcBTrBBlPbBlHdBDwGwGBdBCCBCBBCGBDEBKBBhHGBCDBCBBCOBCkGB8BjCBI1lB1lBBCBCaBCBBCDDCJBCDBCCCHFFCECBBBCBBCDDCICBCCDDBCGBCDBCDBCCCBIBCQBGCBCEBCQBlqE-2pBBhB9oEBDt0FBDwpHBQtTBjtC9QBjvBq6EBGppIB", false)),
		LC: () => new UnicodeRangeTable(decodeRanges("hCZBHZB7BLLBVBCeBCiGBCDBFvGBDZBhGDBDBBECBCHHCCBCCCBSBCyCBCqEBJlFBClBBKoBB44ClBBCGGDqBBDCBhV1CBDFBjkCKBGqBBDCBhCrBBgCMBChBBmD1IBDFBDlBBDFBDHBCGCBdBD0BBCGBCEEBBBCGBEDBDFBFMBGCBCGBmIFFDJBCEEBDBHGCBCBCFBFDDBCBGEBF1B1BB8zC8zCB6DBDmDBHDBEBBNlBBCGGzoetBBTbBnEtCBCWBEDBCsCBZBBE2Z2ZBpBBGIBIvCBh6TGBNEBqgBZBHZBmlBvCBhDjBBFjBB1DKBCOBCGBCBBCKBCOBCGBCBBk2ByBBOyBB+CVBLVB74C-BBhrV-BBhBYBDYBtpZ0CBCmCBCBBDDDBDDBCBCLBCCCBFBCgCBCDBDHBCGBCbBCDBCEBCEEBFBCzKBDYBCYBCeBCYBCeBCYBCeBCYBCeBCYBCHB15BJBCTBHFB2uCjCB", false)),
		Ll: () => new UnicodeRangeTable(decodeRanges("hDZB7BqBqBBWBCHBC2BCBQCBuBCDECBBBDCCDEEBFFDEEBBBDDDCCCDCCBCCDEECDDBDDBBBHGDCOCBSCBDDCEEC4BCBFBDDDBCCFICBjCBDZBiGCCEEEBBBTccBhBBCBBECBCWCBDBCGDB0B0BBuBBCgBCK0BCDMCBgDCxBoBBo6CqBBDCB5XFBjkCIBC2D2DBqBBgCMBChBBnD0ECBHBCgDCBHBJFBLHBJHBJFBLHBJHBJNBDHBJHBJHBJEBCBBHEEBBBCBBJDBDBBJHBLCBCBBzIEEBEEcKFDBBJDBF2B2Bs1CvBBCEEBGCFCCBCCBEBGiDCBIICFFNlBBCGG0oesBCUaCoEMCBBBC+BCBGBCCCDICFCCDCCBBBCSCGGGCMCFCCDOCbEE2ZqBBGIBIvCBh6TGBNEBqhBZBumBnBBpEjBB8EKBCOBCGBCBBk4ByBB+DVB75CfBhsVfB8BYBnqZZBbGBCRBbZBbDBCCCBFBCKBbZBbZBbZBbZBbZBbZBbZBbZBbbBdYBCFBbYBCFBbYBCFBbYBCFBbYBCFBC15B15BBIBCTBHFB4vChBB", false)),
		Lm: () => new UnicodeRangeTable(decodeRanges("wVRBFLBPEBICCmEGG-OnHnHlFBBuIBBFgBgBKEEhFoFoF1mBgEgE2R72B72BsDkTkTxOFBvF+BBOjBjBBjBByVOORMBg-CBByHgGgG2OsBsBBDBGiDiDB+C+CBBB34bjnBjnBBEBvIzDzDdBB6DIBxCYYpDDBEBB2OXXqEtDtDWBBoDDBKngVngVuBBBh-BFBCpBBCIB0sBhBhB2K04D04DnrTDB9PCBpBBBnRMBhCBBCPPB9-P9-PBCBCGBCBByhM9BBqGGBud0Q0QsSAB", false)),
		Lo: () => new UnicodeRangeTable(decodeRanges("qFQQhIFFBCBxGBB7ZaBFDBuBfBCJBkBBBCiDBCZZBLLBBBDRRCdBe4CBMZZBfBWVBrBYBIKBGXBCGBRoBB8B1BBETTIJBROBFHBDBBDVBCGBCEEBCBERROBBCCBPBBLJJBEBFBBDVBCGBCBBCBBCBBgBDBCUUBBBRIBCCBCVBCGBCBBCEBETTQBBYMMBGBDBBDVBCGBCBBCEBEffBCCBBBQSSCFBECBCDBEBBCCCBEEBEEBBBELBX1B1BBGBCCBCWBCPBEbbBBBCBBDBBfFFBGBCCBCWBCJBCEBEffBBBCBBQBBSIBCCBCoBBDRRGCBJCBZFBGRBEXBCIBCDDBFB7BvBBCBBNFB8BBBCCCBDBCXBCCCBIBCBBKDDBDBYDBhBgCgCBGBCjBBcEB0DqBBVRRBEBFDBEEEBIIBBBFMBNyDyDBnKBCDBDGBCCCBCBDoBBCDBDgBBCDBDGBCCCBCBDOBC4BBCDBDiCBmBPByDrTBDQBCZBGqCBHHBIRBOSBPRBPMBCCBQzBBpBkCkCBhBBC0BBIEBDhBBCGGBkCBLeByBdBDEBMrBBFZB3BWBK0BBxFuBBSHB3BdBOBBLrBBbjBBqBCBLdByDDBCFBCBBE7hB7hBBCB4-C3BBZWBKGBCGBCGBCGBCGBCGBCGBCGBoR2B2BF1CBJCCB4CBFGGBpBBC9CBSfBxBPBhQ-tGBhC0wUBC2jBBkCnBBJrIBFPBLBBjCyByBBkCBqFoDoDEGBCCBCDBCWBezBBPxBB-BFBECCBMMBaBLWBacBIuBBuBEBDIBLEBCoBBYCBCHBVPBCFBEEEBwBBCEEBDDBDBDCCZBBEKBIPPBEBDFBDFBKGBCGByEiBBej9KBNWBFwBBloItLBDpDBkCCCBIBCMBCEBCCCBCCBCCBqDBiBqLBT-BBD1BBpBLB1DEBCmEBqDJBCsBBDeBEFBDFBDFBDCBkBLBCZBCSBCBBCOBDNBjB6DBmMcBEwBBwBfBOTBCHBHlBBLdBDjBBFHBhEtCBjDnBBJzBB9CzBBN2JBKVBLHB5EFBDCCBqBBCBBEDDBVBLWBKeBiCSBCBBLVBLZBHZBnB3BBHBBhCQQBCBCCBCcBrBcBEcBkBHBCbBc1BBLVBLSBORBvDoCB4FjBBnBDBCxJxJBoBBHBBRCBCBB5BcBLJJBUBrBRBvBUBcWBN0BB6BBBDOOBrBBhBYBbjBBeDDJiBBENNBuBBPDBWCCkBRBCYBUBBgCGBCCCBCBCOBCJBIuBBnBHBDBBDVBCGBCBBCEBETTNEBfJBCDDClBBCaaCtBtBBzBBTDBVCBfvBBVBBC5F5FBtBBqBDBlBvBBV8B8BBpBBOoCoCBZBmBGB6FrBB0GHBDDDBGBCBBCXBQCC-CHBDmBBRCCdLLBmBBIWWMtBBUTTBnCBoGgBBgBIBCkBBSyByBBcBxDGBCBBClBBWaaBEBCBBCfBPYYBnBBCBBlISBQCCBLBChBB9DwCwCB4cBnHjGBtyCgDBQvhBBSFBa68DBGmSB61GdBj3B4RBIeBSuCBSdBTvBB0BUBGSB0NnBB2MqCBGwFwFB0mHBqBfBiDyDBuwIiJBQeeBBBDPPBCBJrMBloCqDBGMBEIBIJBxzI2P2PBrBBiBiKiKBcBTrBBlPaBmHdBDwGwGBdBCCBCBBCGBDEBKiHiHBFBCDBCBBCOBCkGB8pBDBCaBCBBCDDCJBCDBCCCHFFCECBBBCBBCDDCICBCCDDBCGBCDBCDBCCCBIBCQBGCBCEBCQBlqE-2pBBhB9oEBDt0FBDwpHBQtTBjtC9QBjvBq6EBGppIB", false)),
		Lt: () => new UnicodeRangeTable(decodeRanges("lOGDnB2sH2sHBGBJHBJHBNQQwBAB", false)),
		Lu: () => new UnicodeRangeTable(decodeRanges("hCZBmDWBCGBiB2BCDOCDuBCBECEBBCCCBCCBBBDDBCBBCCBEBBCBBCECBCCDCCBCCBBBCCCBEEIJDCMCDQCDDDCCBC4BCIBBCBBDCCBCBCGCiJCCEJJHCCBBBCCCBCCBPBCIBkBDDBBBEWCGDDCBBDyBBxBgBCK2BCBMCD+CCDlBBq6ClBBCGGzW1CB0kCHHBpBBDCBhK0ECKgDCKHBJFBLHBJHBJFBMGCJHBpCDBNDBNDBNEBMDBnIFFECBDCBDEEBDBHGCBCBDDBLBBG+B+B9zCvBBxBCCBBBDGCBCBCDDJCBCgDCJCCFuqeuqeCqBCUaCoEMCE8BCLECBICFCCDCCEUCBDBCEBCOCBCBCCCBQCZs5Vs5VBYBmmBnBBpEjBB9EKBCOBCGBCBBr3ByBB+EVB75CfBhsVfBhCYBoqZZBbZBbZBbCCBGDBDDBCBCHBbZBbBBCDBDHBCGBcBBCDBCEBCEEBFBcZBbZBbZBbZBbZBbZBfYBiBYBiBYBiBYBiBYBiB2pE2pEBgBB", false)),
		M: () => new UnicodeRangeTable(decodeRanges("gYvDB0IGBoIsBBCCCBCCBCCpCKBxBUBRmDmDBFBDFBDBBCDBkBffBZB8CKB7BIBKZZBCBCIBCCBCEBsBCB8BIBrBXBCgBB3BCBCRBCGBLBBeCB5BCCBFBDBBDCBKLLBbbDCB5BCCBDBFBBDCBEffBEEMCB5BCCBGBCCBCCBVBBXFBCCB5BCCBFBDBBDCBICBLBBf8B8BBDBECBCDBKpBpBBDB4BCCBFBCCBCDBIBBMBBeCB5BCCBFBCCBCDBIBBMBBQNNBCB4BBBCGBCCBCDBKLLBeeBBBnCFFBEBCCCBGBTBB+BDDBFBNHBjDDDBHBMGBqCBBcECFBByBTBCBBGKBCjBBKlDlDBSBYDBFCBCCBDGBEDBOLBCLLBCBgWCBzdDBdCBeBBfBBhCfBKuBuBBBBC2D2DBjBjB3DLBFLB8GEB6BJBCcBDxBxBBsBBDLBVEBwBQBnBIBNCBfMB5BNBxBTB5ECBCUBFHHDCBnG-BBxWgBB--CCBuEhDhDBeBrRFBqDBB1udDBCJBhBBBxCBBxIEEFYYBDBF0C0CBzBzBBQBbRBOnBnBBGBaMBtBDBwBNBlBkCkCBMBNJJBuBuBBBBzBCCBBBDBBGBBCqBqBBDBGBBtHHBCBBx5TiXiXBOBRPBuejHjH2EEBn0BCBCBBGDBpBCBFmFmFB+R+RBCBiCEB+JBBuCFBnCKByBDB7DCB2BOBqBDDBLLBCBuBKBI+B+BBBBlBNBRBBtBNNBBBxBNBJDBCBB9CLBHDD+ELBWDB4BBBCGBDBBDCBKLLBDDBFBEEBkCIBCDDCDBCEBCPPBzCzCBQBYyCyCBSBsHGBDIBcBBzCQBrDMBmDOBhIOB2HFBCBBDDBCCCBuEuEBFBDGBEddBIBpBGBCDBJKKBJBvBPBnGHBoGHBCHBzCVBCNB7DFBECCBCCBFBCjCjCBDBCBBCEB8KDBKBBCxBxBBFBEEBYmnFmnFHOBpmLRBhuCEB8BGB5gBCCB1BBIDByCMMBslTslTBizEizEBsBBDWB-QEBEFBJHBDGBfDB1ECB89B2BBFxBBJPPXEBCOBxqBGBCQBDGBCBBCEBlDhFhFBFB4L+B+BBCB9PDB-HBB0HDDIBBG7O7OBFBuDGB29lYvHB", false)),
		Mc: () => new UnicodeRangeTable(decodeRanges("joC4B4BDCBJDBCBBzBBB7BCBHBBDBBLsBsB7BCBjC7B7BBBBJCCB2B2BB7B7BCHHBDDBLLnDBBCBBECBCCBLqBqBBBB+BDB+BBB7BCCBDBDBBCBBKBBdPPB7B7BBBBGCBCCBLrBrBBsCsCBBBHHBTBBrKBBgCsFsFBFFHDDBaaBLLBBBDGBWBBDFBDLLBBB5zBffiEIIBGBCBB7KDBDCBFBBCFBhHBB7BCCKCCBJJBEByExBxBGCCBDBCBB+BffFBBD9B9BDCBCEEBxBxBBGBJBBsFWW35EBB0-dBBD5C5CBzBzBBOBvEBBwBxBxBBFFBDDBBBvDBBDBBZuBuBCuDuDDBBGuHuHBCCBCCBCC0gZCCgEuBuBBBBFBB0DZZB8B8BxBCBKBBO+C+CBBBEBBCrFrFBBBgBBB7BBBCDBDBBDCBKLLB1C1CBBBIDDCDBCBBCmDmDBBBJBBErDrDBBBHCCBCBDuHuHBBBHDBDyDyDBBBJBBCuDuDCBBHoDoDCBBFmImIBBBK4H4HBEBCBBFDDCvEvEBBBJDBF1C1CeBB-BqGqGECCoGPPrDIID2G2GBDBFBBC-K-KBNNxBBBJBBCpvQpvQBBBlxD2BBpDBB0rYBBHFB", false)),
		Me: () => new UnicodeRangeTable(decodeRanges("okBBB1xF-wB-wBBCBCCBsshBCB", false)),
		Mn: () => new UnicodeRangeTable(decodeRanges("gYvDB0IEBqIsBBCCCBCCBCCpCKBxBUBRmDmDBFBDFBDBBCDBkBffBZB8CKB7BIBKZZBCBCIBCCBCEBsBCB8BIBrBXBCfB4BCCFHBFEEBFBLBBe7B7BFDBJVVBbbDBB6BFFBFFBDDBBBEffBEEMBB6BFFBDBCBBFVVBXXBEBC7B7BDCCBCBJIIBMMBff+BNNzBEE4BCCBBBGCBCDBIBBMBBe7B7BDHHGBBVBBdBB6BBBFDBJVVBeepCIIBBBC7C7CDGBNHBjDDDBHBMGBqCBBcEC4BNBCEBCBBGKBCjBBKnDnDBCBCFBCBBDBBaBBFCBRDBODDBHHQgWgWBBBzdCBeBBfBBfBBhCBBCGBJDDBJBKuBuBBBBC2D2DBjBjB3DCBFBBKHHBBB8GBBD7B7BCGBCCCDHBHJBDxBxBBMBCeBDLBVDBxBCCBDBCGGpBIBNBBhBDBDBBCCB5BCCBEECCB7BHBDBB5ECBCMBCGBFHHEBBnG-BBxWMBFEEBKB--CCBuEhDhDBeBrRDBsDBB1udFFBIBhBBBxCBBxIEEFaaBGG4EBBbRBOnBnBBGBaKBvBCBxBDDBCBDBBoBkCkCBEBDBBDBBNJJwB0B0BCCBDBBGBBCrBrBBJJvHDDFx5Tx5TiXPBRPBuejHjH2EEBn0BCBCBBGDBpBCBFmFmFB+R+RBCBiCEB+JBBuCFBnCKByBDB8D3B3BBNBqBDDBLLBBByBDBDBBI+B+BBBBlBEBCHB-BNNB1B1BBHBLDBDgDgDBBBDCCBHHD+E+EEHBWBB6BBBEmBmBBFBEEBnCFBOECPBB2CHBDCBCYY1CFBCFFBCCBvHvHBCBHBBCBBcBB2CHBDCCBrDrDCDDBEBCmDmDCDDBCBCEBkIIBCBBhIBBCFFxEDBDBBFhBhBBIBpBFBDDBJKKBEBDCBvBMBCBBnGCCBBBCqGqGBFBCFBCzCzCBUBDGBCBBCBB7DFBECCBCCBFBCpCpCBEEC8K8KBMMB1B1BBDBGCCYmnFmnFHOBpmLLBECBhuCEB8BGB5gBgCgCBCByC5lT5lTBizEizEBsBBDWBhRCBSHBDGBfDB1ECB89B2BBFxBBJPPXEBCOBxqBGBCQBDGBCBBCEBlDhFhFBFB4L+B+BBCB9PDB-HBB0HDDIBBG7O7OBFBuDGB29lYvHB", false)),
		N: () => new UnicodeRangeTable(decodeRanges("wBJB5DBBGDDBBBitBJBnEJBnGJB9MJB3DJBFFBtDJB3DJB3DJBDFBvDMB0DJBJGBoDJBpDGBISBuDJBhDJB3DJBnCTBtIJBnCJBwWTBybCBwHJBHJBXJBtJJBhEKBmFJBHJB3FJB3CJBnEJBHJB3gBEEBEBHJBnGyBBDEB3W7BBvCVB3TdBqrBqYqYaIBPCB4KDBrEJBfHBCOBhBJBoBOBh7cJB9FJBhKFB7EJBnBJBnGJBXJB3CJB3MJB34UJBuPsBBN4BBSBB2KaBlBDBeJJnEEBrGJBvdHBaGBoBIBsCEBXFBhFBBDPBDtBBhCIB1BBBfCBsCEBpDHBZHBqBGBrKFBxBJBHJB3IeB-EJBrBDBxDGBnEdBhEJB9BJBxEJBITB8HJB3KJB3DJB3LJBnDJBHTBtCLBlNSB+CJB3UJB3CcBkHJBnCJB3BJBnLJBnDUBshBuDBimPJBnpCJB3CJBnEJBCGBvQJBnIWB+KCB6nXJBnuBTBNTBtDYB2iBxBBhqCJBnNJB3PJB4HJBtWIBhEJB4Y6BBCCBCDBtCsBBCOBjeMBk3CJB", false)),
		Nd: () => new UnicodeRangeTable(decodeRanges("wBJnxBJnEJnGJ9MJ3DJ3DJ3DJ3DJ3DJ3DJ3DJ3DJ3DJhDJ3DJnCJ3IJnCJn6BJnBJtJJhEJnFJHJ3FJ3CJnEJHJnuiBJnVJnBJnGJXJ3CJ3MJ34UJnsBJnkCJHJ9YJhEJ9BJxEJ3IJ3KJ3DJ3LJnDJHTtCJnNJnDJ3UJ3CJ3HJnCJ3BJnLJ3uQJnpCJ3CJnEJ3QJ37XJ12CxBhqCJnNJ3PJ4HJ2aJ30EJ", true)),
		Nl: () => new UnicodeRangeTable(decodeRanges("u3FCBwzCiBBDDB-zDaaBHBPCBs1dJBxyW0BBtOJJnEEBrhIuDBm8SCB", false)),
		No: () => new UnicodeRangeTable(decodeRanges("yFBBGDDBBB2pCFB5LFB5DCBmEGB6GGBSIByNJB2hBTB0jBJBhP20B20BEFBHJBnGPBqB3W3WB6BBvCVB3TdBqrB1kB1kBBCBrEJBfHBCOBhBJBoBOBxrdFBymWsBBiCDBSBB2KaBlBDB1pBHBaGBoBIBsCEBXFBhFBBDPBDtBBhCIB1BBBfCBsCEBpDHBZHBqBGBrKFBhLeB-EJBrBDBxDGBnETB8LTBmqBBBvNIBobSB0aUBn8SGB-YWBqhZTBNTBtDYBvqFIBid6BBCCBCDBtCsBBCOBjeMB", false)),
		P: () => new UnicodeRangeTable(decodeRanges("hBCBCFBCDBLBBEBBbCBCccCkBkBGEELBBEEE-VJJzOFBqBBB0BCCDDDtBBBVBBCBBOCCBBBrCDBnDsBsBBMBqHCB3BOBgBmImIBLLtE5D5D6DnMnMNwLwL7CLLBpFpFBNBCmBmBBCBoCrCrCBDBFBBwDFBsFlTlTBHB4EuTuTtBBBvCCBoCBB+ECBCCBmBKB6JBB5GBBhEGBCFBhFBBLGBdCB9DDB8BEB-BBBhCHBM9Z9ZBWBJTBCMBCLBfBBPBB6TDBeBB+hBNBwCBBgBJB0MVBgCDBhBBB8XDBCBBxDwEwEBtBBCfBDLBkNCBFJBDLBRNNjD7C7CjgdBBuICBkDLL0DFB9LDB3CBBpBCBCyByBBwBwBiDMBRBB9DDB-DBBRBB6HzqUzqUBxGxGBIBXiBBCNBCFFCBB2ECBCFBCDBLBBEBBbCBCccCCCBFB7MCB9UxBxB-MoXoXoGgBgBxIIBnBxDxDBFBjCGB6CDByO-J-JjBlElEBDBtBDB+FGBuDBBCDB-DDBxBBBwCDBFOOCCB5CFBsDrJrJBCCBzDzDBDBLBBCpDpD7HWBqDCBdMBtCjEjEBBB9HpIpIBBB8E9C9CBGB0CCBCEB+CJB4GgDgDBDBrBBBmUBBrCMBwFxjBxjBBDB97CBB8zOBBmEiCiCBDBJpRpRBBBoJDBoK9lT9lTovHEB07C-a-aBAB", false)),
		Pc: () => new UnicodeRangeTable(decodeRanges("-Cg-Hg-HBUU-u3BBBZCBwHAB", false)),
		Pd: () => new UnicodeRangeTable(decodeRanges("tB9qB9qB0BiyDiyDmgBqgCqgCBEBiwDDDgBBBFdd-NUUwDxszBxszBBmBmBLqFqFhzD-J-J", false)),
		Pe: () => new UnicodeRangeTable(decodeRanges("pB0B0BgB+1D+1DC-6B-6BqtC4B4BQ7T7TCff-hBMCxChBhBCGC1MUChCCCiBmhBmhBCECtBGCtNICEGCDBB-ozB6G6GeOCESSCCCrF0B0BgBGD", false)),
		Pf: () => new UnicodeRangeTable(decodeRanges("7F+6H+6HEddpuDCCFDDQEE", false)),
		Pi: () => new UnicodeRangeTable(decodeRanges("rFt7Ht7HDBBDaapuDCCFDDQEE", false)),
		Po: () => new UnicodeRangeTable(decodeRanges("hBCBCCBDECBLLBEEBcclCGGPBBI-V-VJzOzOBEBqB3B3BDDDtBBBVBBCBBOCCBBBrCDBnDsBsBBMBqHCB3BOBgBmImIBLLtE5D5D6DnMnMNwLwL7CLLBpFpFBNBCxDxDrCEBFBBwDFBsFlTlTBHBmY9D9DBBBoCBB+ECBCCBmBFBCDB6JBB5GBBhEGBCFBhFBBLGBdCB9DDB8BEB-BBBhCHBMjajaBJJBGBJIBDDBDCBEKBCCCBIB7kDDBCBBxDwEwEBFFBBBDDDBHBCBBCDDBLLBDBCJBDDBCCCBLBDCBtNCB6B+F+FjgdBBuICBkDLL0DFB9LDB3CBBpBCBCyByBBwBwBiDMBRBB9DDB-DBBRBB6HlxUlxUBFBDXXVBBDDBECBCDBICBHCCB2E2EBBBCCBDECBLLBEEBcclBDDB7M7MBBB9UxBxB-MoXoXoGgBgBxIIBnBxDxDBFBjCGB6CDB0ZlElEBDBtBDB+FGBuDBBCDB-DDBxBBBwCDBFOOCCB5CFBsDrJrJBCCBzDzDBDBLBBCpDpD7HWBqDCBdMBtCjEjEBBB9HpIpIBBB8E9C9CBGB0CCBCEB+CJB4GgDgDBDBrBBBmUBBrCMBwFxjBxjBBDB97CBB8zOBBmEiCiCBDBJpRpRBBBoJDBoK9lT9lTovHEB07C-a-aBAB", false)),
		Ps: () => new UnicodeRangeTable(decodeRanges("oBzBzBgB-1D-1DC-6B-6B-rCEEnB4B4BQ7T7TCff-hBMCxChBhBCGC1MUChCCCiBmhBmhBCECaTTCECtNICEGCDipzBipzB4GeeCMCESSCCCrFzBzBgBEEDAB", false)),
		S: () => new UnicodeRangeTable(decodeRanges("kBHHRCBgBCCcCCkBEBCBBDCCBCBDEEfgBgBrODBNNBGGBCCCBPB2DPPBxDxDsErIrIBBB3DCBDDDBvGvGLUUB4H4HIBBpEqLqLBHHB2H2H-DjEjEBGBlEwGwGqBmGmGiGCBQCCBBBDFBVECmEHBCFBCBBGDBmGBBxXJB0WuLuLlL+E+EBgBBiLJBKIBhiBCCBBBMCBOCBOCBOBBmCOOoBCBOCBUhBB-BBBCDBCBBLCCBBBGFBCECFMMBFFBDBGDBC7B7BBFFB2LBFcBD+HBXKByCtCBXnTBtBwBBDeBLyMBX+BBFfBD1LBDpEBmHFBmLBBvBZBC4CBN1GBbPBFOOBNNWBBHBB8CBB0HBBFJBhBlBBKRRBdBMdBJQQBeBLmBBQ-JBhuG-BBx0V2BB6RWBKBBoDBB+EDBLDB+RCBiHPPB+9T+9TpEgBBuLPBhCBB3BHBtBDBjDCCBBBD7E7EHRRBBBgBCCcCCiEGBCGBOBB6JIB6BQBDCBCMBEwBwBBrBB7zBBBwSmWmWBiKiKBGBnjC2kC2kCBbBr6SDBG3qU3qUk7DvHBLCBEzNBHWBQQBgDzDB9B1HBLmBBD7BBGCBXBBIdBF8BBWhCBE7F7FB1CBrbaagBaagBaagBaagBaa9B-PB4BDBzBHBCNBCBBp2BwNwNttCEE+DiOiOBvIvIBqBBFjDBNOBDOBCOBCkBBYgFB5BcBOrBBFIBIBBPFB7E4eBEQBEMBE5GBHLBFQQBKBF3BBJJBHnBBJdBDLBFBBPIBoB3KBJNBDMBEKBE4BBCFFBOBDLBFJBIyEBC7CBLAB", false)),
		Sc: () => new UnicodeRangeTable(decodeRanges("kB+D+DBCBqnB8D8DzPBBzPBBI2H2HoImSmS8sClmClmCBgBB37hBkuVkuVtD7E7E8GBBEBB3-HDB-4wBxtCxtC", false)),
		Sk: () => new UnicodeRangeTable(decodeRanges("+CCCoCHHFEEqQDBNNBGGBCCCBPB2DPPBjoBjoB15FCCBBBMCBOCBOCBOBB9kEBBkzdWBKBBoDBBxePPBniUniUBPB8bCCjF4g9B4g9BBDB", false)),
		Sm: () => new UnicodeRangeTable(decodeRanges("rBRRBBB+BCCuBFFmBgBgB-XwQwQBBB8xGOOoBCBOCBsEoBoBBDBHlClCBDBGBBFGDIgBgBBDDCgBgBBqIBhBBB7CffBXBpBFB2OKK3BHBwDxKxKBDBDeBLPBhIiEBX+BBFfBDhIBxBUBDFB9+zB5Z5ZCCBlFRRBBB+BCCkEHHBCBitDBBhrwBx+Bx+BagBgBagBgBagBgBagBgBat5Ft5FB-uC-uCBHB", false)),
		So: () => new UnicodeRangeTable(decodeRanges("mFDDFCCyerIrIBgEgEBvGvGLUUB4H4HkQ2L2LjEFBClElEwGqBqBoMCBQCCBBBDFBVECmEHBCFBCBBGDBmGBBxXJB0WzWzW+EhBBiLJBKIBksBBBCDBCBBLCCBHHBEBCECFMMBPPCBBC7B7BBKKBDBDDBCBBCBBCGBCeBDBBCCCBdBtIHBFTBDGBDwCBCdBanBBHnCBXKByCtCBX2FBCIBC1BBJuDBC3HBtBrBBhC-HBhQvBBWBBHmBBDpEBmHFBmLBBvBZBC4CBN1GBbPBFOOBNNWBBHBBxKBBFJBhBlBBKRRBdBMdBJQQBeBLmBBQ-JBhuG-BBx0V2BBibDBLBBC+R+RBBBqqUPBuLPBhCBB3BHBuBCBlPEEFBBOBB6JIB6BQBDCBCMBEwBwBBrBB7zBBBwSpgBpgBBGBnjC2kC2kCBGBFQBr6SDBG3qU3qUk7DvHBLCBEzNBHWBQPBhDzDB9B1HBLmBBD7BBGCBXBBIdBF8BBWhCBE7F7FB1CBqlB-PB4BDBzBHBCNBCBBp2B96C96CiEyWyWBqBBFjDBNOBDOBCOBCkBBYgFB5BcBOrBBFIBIBBPFB7E6HBG4WBEQBEMBE5GBHLBFQQBKBF3BBJJBHnBBJdBDLBFBB-B3KBJNBDMBEKBE4BBCFFBOBDLBFJBIyEBC7CBLAB", false)),
		Z: () => new UnicodeRangeTable(decodeRanges("gBgEgEgvFgsCgsCBJBeBBGwBwBh9DAB", false)),
		Zl: () => new UnicodeRangeTable(decodeRanges("ohIA", true)),
		Zp: () => new UnicodeRangeTable(decodeRanges("phIA", true)),
		Zs: () => new UnicodeRangeTable(decodeRanges("gBgEgEgvFgsCgsCBJBlBwBwBh9DAB", false)),
		ASCII_Hex_Digit: () => new UnicodeRangeTable(decodeRanges("wBJIFbF", true)),
		Alphabetic: () => new UnicodeRangeTable(decodeRanges("hCZBHZBwBLLFGGBVBCeBCpOBFLBPEBICC3CeeBQBCBBDDBCHHCCBCCCBSBCyCBCqEBJlFBClBBDHHBnBBoBNBCCCBCCBCCJaBFDBeKBG3BBCGBPlDBCHBFHBFCBLCBDRRBuBBOkDBZgBBKBBFGGBWBDSBUYBIKBGXBCGBIJJBoBBLLBEGBHrCBCPBCCBFOBOSBCHBDBBDVBCGBCEEBCBEHBDBBDBBCJJFBBCEBNBBLFFBBBCFBFBBDVBCGBCBBCBBCBBFEBFBBDBBFIIBCBCSSBEBMCBCIBCCBCVBCGBCBBCEBEIBCCBCBBEQQBCBWDBFCBCHBDBBDVBCGBCBBCEBEHBDBBDBBKBBFBBCEBORRBCCBEBECBCDBEBBCCCBEEBEEBBBELBFEBECBCCBEHHpBMBCCBCWBCPBEHBCCBCCBJBBCCBCBBDDBdDBCHBCCBCWBCJBCEBEHBCCBCCBJBBGCBCDBOCBNMBCCBCoBBDHBCCBCCBCGGBCBIEBXFBCCBCRBEXBCIBCDDBFBJFBCCCBGBTBBO5BBGGBH0B0BBECBDBCXBCCCBRBCCBDEBCHHPDBhBgCgCBGBCjBBFSBFPBCjBBkC2BBCDDBDBR-BBLDBDlBBCGGDqBBCsKBCDBDGBCCCBCBDoBBCDBDgBBCDBDGBCCCBCBDOBC4BBCDBDiCBmBPBR1CBDFBErTBDQBCZBGqCBEKBITBMUBNTBNMBCCBCBBNzBBDSBPFFkC4CBIqBBGlCBLeBCLBFIBYdBDEBMrBBFZB3BbBF+BBDTBzBYYBMMBBByBzBBCOBCHB0BpBBDDBLrBBCKBP2BBXCBLjBBDKBGqBBDCBqBDBCFBCBBEGGB+FBUhBBM1IBDFBDlBBDFBDHBCGCBdBD0BBCGBCEEBBBCGBEDBDFBFMBGCBCGB1DOORMBmDFFDJBCEEBDBHGCBCBCKBDDBGEBFSSBnBBuZzBB34BkHBHDBEBBNlBBCGGD3BBIRRBVBKGBCGBCGBCGBCGBCGBCGBCGBCfBwB2O2OBBBaIBIEBDEBF1CBHCBC5CBCDBGqBBC9CBSfBxBPBhQ-tGBhCs0VBkCtBBDsIBEPBLBBVuBBGHBEwDBoBIBDmDBDxCBVUBCgBBZzBBNjCBCtBtBBEBECCBBBLgBBGiBBOcBEyBBCLBQRRBOBLEBC2BBKNBTWBEkCBCCCZCBDPBDDBMFBDFBDFBKGBCGBCqBBCNBH6DBWj9KBNWBFwBBloItLBDpDBnBGBNEBGLBCMBCEBCCCBCCBCCBqDBiBqLBT-BBD1BBpBLB1DEBCmEBlBZBHZBM4CBEFBDFBDFBDCBkBLBCZBCSBCBBCOBDNBjB6DBmC0BBsIcBEwBBwBfBOdBGqBBGdBDjBBFHBCEBrB9EBTjBBFjBBFnBBJzBBNKBCOBCGBCBBCKBCOBCGBCBBEzBBN2JBKVBLHBZFBCpBBCIBmCFBDCCBqBBCBBEDDBVBLWBKeBiCSBCBBLVBLZBHZBnB3BBHBBhCDBCBBGHBCCBCcBrBcBEcBkBHBCbBc1BBLVBLSBORBvDoCB4ByBBOyBBOnBBjBbBEGGBVB7HpBBCBBEBBRFBzBCBEcBLJJBUBrBRBvBUBcWBKlCBsBEBL4BBKOOBXBYyBBSDBJiBBEKKB+BBCDBKBBLCCkBRBChBBDHHBCB-BGBCCCBCBCOBCJBI4BBYDBCHBDBBDVBCGBCBBCEBEHBDBBDBBEHHGGBdJBCDDClBBCJBCDDCDBCBBECCtBhCBCCBCDBVCBfhCBDBBC5F5FB0BBDGBaFBjB+BBCEE8B1BBDoCoCBZBDNBWGB6F4BBoD-BBgBHBDDDBGBCBBCdBCBBDBBDDB+CHBDtBBDFBCCCBccBxBBDJBSnCBGTTBnCBoDHB5CgBBgBIBCsBBCGBCyByBBcBDVBCNBqCGBCBBCrBBECCBCCBBBCDDBZZBEBCBBCkBBCBBCDBCYYBqBBlIWBKQBCoBBECBwDwCwCB4cBnDuDBSjGBtyCgDBQvhBBSFBa68DBGmSB61GuBBy2B4RBIeBSuCBSdBTvBBRDBgBUBGSBxNsBB0G-BBhBYBDYBtBqCBF4BBIQBhCBBCNNBFBK1mHBqBfBiDyDB+vIDBCGBCBBCiJBQeeBBBDPPBCBJrMBloCqDBGMBEIBIJBFi7Fi7FBzCBCmCBCBBDDDBDDBCBCLBCCCBFBCgCBCDBDHBCGBCbBCDBCEBCEEBFBCzKBDYBCYBCeBCYBCeBCYBCeBCYBCeBCYBCHB15BeBHFB2GGBCQBDGBCBBCEBG9BBiBxDxDBrBBLGBRiKiKBcBTrBBlPbBlHdBDwGwGBdBCVBJBBhHGBCDBCBBCOBCkGB8BjCBEEE1lBDBCaBCBBCDDCJBCDBCCCHFFCECBBBCBBCDDCICBCCDDBCGBCDBCDBCCCBIBCQBGCBCEBCQB1TZBHZBHZB3zD-2pBBhB9oEBDt0FBDwpHBQtTBjtC9QBjvBq6EBGppIB", false)),
		Dash: () => new UnicodeRangeTable(decodeRanges("tB9qB9qB0BiyDiyDmgBqgCqgCBEB+BoBoBQnMnMlgDDDgBBBFdd-NUUwDxszBxszBBmBmBLqFqFhzD-J-J", false)),
		Emoji: () => new UnicodeRangeTable(decodeRanges("jBHHGJBwDFFu8HNN5GXX7CFBQBBwLBBNnFnFaKBFCBoGoHoHBLLK7B7BBCBCEBKGDBDDFDDCBBDIEBJJBBBGCCGLBMBBDCCBCCTDDBTTBEBCCCBEEBGGDBBFBBMBBGBBDGGBECBVVBGGBEBCDBDFFDDDBEBCDDCCCHEEHLLBQQDFFCFFBBBCMMBxBxBBBBKeP1LBBwOCBUBB0BFF7mBNN6SCCrrvDrGrGhFBBNBBPDDBIBsCZBCBBYVVDIBWBBvFhBBDvDBDBBCCBDyCBDCBCmIBC+BBMFBCXBIBBDHBNDDBCBDFFBOOBDDJBBKGGBBBNCBJCBDCCFHHEHHB0CBxBlCBGHBDDBEJBECCBEEDJBkHLBF8I8IBtBBCJBC4FBxDMBEKBE4BBCFFBOBDLBFJB", false)),
		Emoji_Component: () => new UnicodeRangeTable(decodeRanges("jBHHGJB0+H2G2Gsp3B3+8B3+8BBYB8PEBxtBDBtzhY-CB", false)),
		Emoji_Modifier: () => new UnicodeRangeTable(decodeRanges("7-8DE", true)),
		Emoji_Modifier_Base: () => new UnicodeRangeTable(decodeRanges("9wJ8G8GRDB4jzD9B9BBBBDDDBBB2DBBDKBWSBEFFBBBCCBICCZqGqGBFFWFFBvFvFBBBEEB0CRRBBBKMMgSDDJHBHKKBIBDCB5B+B+BBCCBCCSCBCMBmHCBrBIB", false)),
		Emoji_Presentation: () => new UnicodeRangeTable(decodeRanges("64IBBuGDBEDDqQBBWBBzBLBsBUUOJJBSSBGGBJJGWWIBBCFFDIIFBBdkBkBCFFBBBC+B+BBBBZPP8aBB0BFFvlxDrGrG-FDDBIBsCZBCZZVDDBDBCCBWBBvFgBBNIBClCBCVBNqBBFEBNQBEEEBlCBCCCB5FBD+BBODBCXBTbbBOO3C0CBxBlCBHEEBBBDDBEDBMBBIIBkHLBF8I8IBtBBCJBC4FBxDMBEKBE4BBCFFBOBDLBFJB", false)),
		Extended_Pictographic: () => new UnicodeRangeTable(decodeRanges("pFFFu8HNN5GXX7CFBQBBwLBBNnFnFaKBFCBoGoHoHBLLK7B7BBCBCEBKGDBDDFDDCBBDIEBJJBBBGCCGLBMBBDCCBCCTDDBTTBEBCCCBEEBGGDBBFBBMBBGBBDGGBECBVVBGGBEBCDBDFFDDDBEBCDDCCCHEEHLLBQQDFFCFFBBBCMMBxBxBBBBKeP1LBBwOCBUBB0BFF7mBNN6SCCrrvDoBoBBCBlDLBQBBQPPBmBmBBIBxDBBNBBPDDBIBU3BBcOBLVVDIBCDBKWBH7FBDvDBDBBCCBDyCBDCBCDBG9HBC+BBMFBCXBIBBDHBNDDBCBDFFBOOBDDJBBKGGBBBNCBJCBDCCFHHEHHB0CBxBlCBGHBDQBECCBEBDMB7GlBBNDB5BHBLFBpBHBfBBNDBDNBKmBBNuBBCJBC4FB5CHBPxEBhI9fB", false)),
		Hex_Digit: () => new UnicodeRangeTable(decodeRanges("wBJIFbFq1-BJIFbF", true)),
		Lowercase: () => new UnicodeRangeTable(decodeRanges("hDZBwBLLFlBlBBWBCHBC2BCBQCBuBCDECBBBDCCDEEBFFDEEBBBDDDCCCDCCBCCDEECDDBDDBBBHGDCOCBSCBDDCEEC4BCBFBDDDBCCFICBjCBDiBBIBBfEBhDsBsBCEEDDBTccBhBBCBBECBCWCBDBCGDB0B0BBuBBCgBCK0BCDMCBgDCxBoBBo6CqBBCDB5XFBjkCIBC2D2DB+FBiC0ECBHBCgDCBHBJFBLHBJHBJFBLHBJHBJNBDHBJHBJHBJEBCBBHEEBBBCBBJDBDBBJHBLCBCBB6DOORMBuDEEBEEcKFDBBJDBFiBiBBOBFsasaBYBn6BvBBCEEBGCFCCBCCBGBEiDCBIICFFNlBBCGG0oesBCUaCBBBmEMCBBBC8BCBIBCCCDICFCCDCCBBBCSCGGGCMCFCCDOCWDBCCCBBB2ZqBBCNBHvCBh6TGBNEBqhBZBumBnBBpEjBB8EKBCOBCGBCBBkODDBBBCpBBCIBmoByBB+DVB75CfBhsVfB8BYBnqZZBbGBCRBbZBbDBCCCBFBCKBbZBbZBbZBbZBbZBbZBbZBbZBbbBdYBCFBbYBCFBbYBCFBbYBCFBbYBCFBC15B15BBIBCTBHFBmI9BB1lChBB", false)),
		Math: () => new UnicodeRangeTable(decodeRanges("rBRRBBBgBeeCuBuBFmBmBgB5W5WBBBDbbBDDBBBwQCBuwGccBBBMEEOPPBCBWEBMEBiCMBFEEBFFBDBTFFDJBCDDBEBHEEBDDBCCBBBCFBENBClClCBWBCFBCBBFBBFfBCHHBPPBqIBJDBVBB7CffBZBCZZMGB+NBBNJBFFBFBBDBBEEBPCCDFBMHBGBB6BCCeDBKCBxK-BBhI-PBxBUBDFB9+zB4Z4ZBEBCjFjFRCBeCCeCCkEHHBCBitDBBhrwBwoBwoBBzCBCmCBCBBDDDBDDBCBCLBCCCBFBCgCBCDBDHBCGBCbBCDBCEBCEEBFBCzKBDjJBDxBBhwFDBCaBCBBCDDCJBCDBCCCHFFCECBBBCBBCDDCICBCCDDBCGBCDBCDBCCCBIBCQBGCBCEBCQB1BBB-uCIB", false)),
		Quotation_Mark: () => new UnicodeRangeTable(decodeRanges("iBFFkEQQ96HHBaBBowDqOqOBCBOCBixzBDB+FFF7CBB", false)),
		Terminal_Punctuation: () => new UnicodeRangeTable(decodeRanges("hBLLCMMBEE-ZJJiQ6B6BpCPPCCB1FsBsBBJBCsHsHB3B3BBEBCHBgBmImIB1nB1nBBtFtFFFB4JBB2YHBmY9D9DBBBoCBB+ECBEoBoBBCBDBB7JBBjLDBjFBBLBBCCBeCB8FEB-BBBldYYBKKBBBwlDCBzJOOFLLCBBEBBtNBB8ndBBuICBkHEB-LBB3CBBgD4E4EBBB0ECBgERRB6H6HnxUDDB6B6BBBBCDBqFLLCMMBEEiCDD7hBxBxBnkBoGoG3JBB5EFBlCFB6CDB5dEBtBDB+FGBxDDBgECBiEBBHRRB5C5CBDBtDrJrJB2D2DBBBNBBnLDBEOBqDBB6HCBmQCC8HBB4CBBFBB-MCBuBmUmUBrCrCBspBspBBDB6vRBBmEiCiCBBBLqRqRBoJoJBnwTnwTovHDB", false)),
		Uppercase: () => new UnicodeRangeTable(decodeRanges("hCZBmDWBCGBiB2BCDOCDuBCBECEBBCCCBCCBBBDDBCBBCCBEBBCBBCECBCCDCCBCCBBBCCCBEEIJDCMCDQCDDDCCBC4BCIBBCBBDCCBCBCGCiJCCEJJHCCBBBCCCBCCBPBCIBkBDDBBBEWCGDDCBBDyBBxBgBCK2BCBMCD+CCDlBBq6ClBBCGGzW1CB0kCHHBpBBDCBhK0ECKgDCKHBJFBLHBJHBJFBMGCJHBpCDBNDBNDBNEBMDBnIFFECBDCBDEEBDBHGCBCBDDBLBBGbbBOBUzZzZBYBx5BvBBxBCCBBBDGCBCBCDDJCBCgDCJCCFuqeuqeCqBCUaCoEMCE8BCLECBICFCCDCCEUCBDBCEBCOCBCBCCCBQCZs5Vs5VBYBmmBnBBpEjBB9EKBCOBCGBCBBr3ByBB+EVB75CfBhsVfBhCYBoqZZBbZBbZBbCCBGDBDDBCBCHBbZBbBBCDBDHBCGBcBBCDBCEBCEEBFBcZBbZBbZBbZBbZBbZBfYBiBYBiBYBiBYBiBYBiB2pE2pEBgBBvgCZBHZBHZB", false)),
		White_Space: () => new UnicodeRangeTable(decodeRanges("JEBTlDlDbgvFgvFgsCKBeBBGwBwBh9DAB", false))
	});
	static SCRIPTS = new LazyMap({
		Adlam: () => new UnicodeRangeTable(decodeRanges("go6DrCFJFB", true)),
		Ahom: () => new UnicodeRangeTable(decodeRanges("g4lCaDOFW", true)),
		Anatolian_Hieroglyphs: () => new UnicodeRangeTable(decodeRanges("ggxCmS", true)),
		Arabic: () => new UnicodeRangeTable(decodeRanges("gwBEBCFBCNBCCBCfBCJBMZBCrDBChBBxCvBBxHhBBGqCBCcBxy8BtPBDvEBhBPBxDEBCmEBk7DeBkCFBJIBiBFBh43BDBCaBCBBCDDCJBCDBCCCHFFCECBBBCBBCDDCICBCCDDBCGBCDBCDBCCCBIBCQBGCBCEBCQB1BBB", false)),
		Armenian: () => new UnicodeRangeTable(decodeRanges("xpBlBDxBDCks9BE", true)),
		Avestan: () => new UnicodeRangeTable(decodeRanges("g4iC1BEG", true)),
		Balinese: () => new UnicodeRangeTable(decodeRanges("g4GsCCxB", true)),
		Bamum: () => new UnicodeRangeTable(decodeRanges("g1pB3CpowB4R", true)),
		Bassa_Vah: () => new UnicodeRangeTable(decodeRanges("w26CdDF", true)),
		Batak: () => new UnicodeRangeTable(decodeRanges("g+GzBJD", true)),
		Bengali: () => new UnicodeRangeTable(decodeRanges("gsCDBCHBDBBDVBCGBCEEBCBDIBDBBDDBJFFBCCBDBDYB", false)),
		Beria_Erfe: () => new UnicodeRangeTable(decodeRanges("g17CYDY", true)),
		Bhaiksuki: () => new UnicodeRangeTable(decodeRanges("ggnCICsBCNLc", true)),
		Bopomofo: () => new UnicodeRangeTable(decodeRanges("qXB6wLqBxDf", true)),
		Brahmi: () => new UnicodeRangeTable(decodeRanges("ggkCtCFjBKA", true)),
		Braille: () => new UnicodeRangeTable(decodeRanges("ggK-H", true)),
		Buginese: () => new UnicodeRangeTable(decodeRanges("gwGbDB", true)),
		Buhid: () => new UnicodeRangeTable(decodeRanges("g6FT", true)),
		Canadian_Aboriginal: () => new UnicodeRangeTable(decodeRanges("ggF-TxRlC7tgCP", true)),
		Carian: () => new UnicodeRangeTable(decodeRanges("g1gCwB", true)),
		Caucasian_Albanian: () => new UnicodeRangeTable(decodeRanges("wphCzBMA", true)),
		Chakma: () => new UnicodeRangeTable(decodeRanges("gokC0BCR", true)),
		Cham: () => new UnicodeRangeTable(decodeRanges("gwqB2BKNDJDD", true)),
		Cherokee: () => new UnicodeRangeTable(decodeRanges("g9E1CDFz7lBvC", true)),
		Chorasmian: () => new UnicodeRangeTable(decodeRanges("w9jCb", true)),
		Common: () => new UnicodeRangeTable(decodeRanges("AgCBbFBbuBBCOBCEBYgBgBiOmBBGEBDTB1DKKHCC+THHPEEhB9E9ElQiEiEB6mB6mB2MDBjJwvBwvBBBBoCBBsGBBCumBumBOIIBCBCFBCCBDmYmYBKBD2CBCKBEKBCOBShBB-BlBBCCBDFBCaBCQBqBCBF5UBXKBW-cBhIzTBDpEBhQ9CBzMUBCCCBXBQHBFDB8CBBE7C7CB0E0EBOBhBlBBKxBxBB+BBgBwCBwB5C5CBmFBhuG-BBhoWhBBnDCBmFJB1HhFhFsMPPBzuUzuUBxGxGBIBXiBBCSBCDB0ECCBeBbFBbKBLuBuBBhChCBFBCGBLEBjICBFsBBEIBxCMB0BsBBlHaBltuBDB96D8HBEzNBHWBQQBgDzDB9B1HBLmBBD9BBEQBJBBIdBF8BB2GTBNTBN2CBKYBoE0CBCmCBCBBDDDBDDBCBCLBCCCBFBCgCBCDBDHBCGBCbBCDBCEBCEEBFBCzKBDjJBDxBByjFjCBtC8BBjWrBBFjDBNOBDOBCOBCkBBLtFB5BZBCBBOrBBFIBIBBPFB7E4eBEQBEMBE5GBHLBFQQBKBF3BBJJBHnBBJdBDLBFBBPIBoB3KBJNBDMBEKBE4BBCFFBOBDLBFJBIyEBCmDBnghYffB+CB", false)),
		Coptic: () => new UnicodeRangeTable(decodeRanges("ifNxkKzDGG", true)),
		Cuneiform: () => new UnicodeRangeTable(decodeRanges("ggoC5cnDuDCEMjG", true)),
		Cypriot: () => new UnicodeRangeTable(decodeRanges("ggiCFBDCCBqBBCBBEDD", false)),
		Cypro_Minoan: () => new UnicodeRangeTable(decodeRanges("w8rCiD", true)),
		Cyrillic: () => new UnicodeRangeTable(decodeRanges("ggBkEBDoFBx6FKBhFtCtCojEfBhie-CBv8VBBhw4B9BBiBAB", false)),
		Deseret: () => new UnicodeRangeTable(decodeRanges("gghCvC", true)),
		Devanagari: () => new UnicodeRangeTable(decodeRanges("goCwCFODZh7nBfhwcJ", true)),
		Dives_Akuru: () => new UnicodeRangeTable(decodeRanges("gomCGBDDDBGBCBBCdBCBBDLBKJB", false)),
		Dogra: () => new UnicodeRangeTable(decodeRanges("ggmC7B", true)),
		Duployan: () => new UnicodeRangeTable(decodeRanges("ggvDqDGMEIIJDD", true)),
		Egyptian_Hieroglyphs: () => new UnicodeRangeTable(decodeRanges("ggsC1iBL68D", true)),
		Elbasan: () => new UnicodeRangeTable(decodeRanges("gohCnB", true)),
		Elymaic: () => new UnicodeRangeTable(decodeRanges("g-jCW", true)),
		Ethiopic: () => new UnicodeRangeTable(decodeRanges("gwEoCBCDBDGBCCCBCBDoBBCDBDgBBCDBDGBCCCBCBDOBC4BBCDBDiCBDfBEZBnvGWBKGBCGBCGBCGBCGBCGBCGBCGBjpfFBDFBDFBKGBCGBylvCGBCDBCBBCOB", false)),
		Garay: () => new UnicodeRangeTable(decodeRanges("gqjClBEcJB", true)),
		Georgian: () => new UnicodeRangeTable(decodeRanges("glElBBCGGDqBBCDBx8CqBBDCBhiElBBCGG", false)),
		Glagolitic: () => new UnicodeRangeTable(decodeRanges("ggL-Ch9sDGCQDGCBCE", true)),
		Gothic: () => new UnicodeRangeTable(decodeRanges("w5gCa", true)),
		Grantha: () => new UnicodeRangeTable(decodeRanges("g4kCDBCHBDBBDVBCGBCBBCEBDIBDBBDCBDHHGGBDGBEEB", false)),
		Greek: () => new UnicodeRangeTable(decodeRanges("wbDBCCBDDBCFFCCCBBBCCCBSBC+BBPPBnpGEBzBEBFEB1ChKhKBUBDFBDlBBDFBDHBCGCBdBD0BBCOBCNBDFBCSBDCBCIBoJ-xiB-xiB7uVuCBSgj0Bgj0BBkCB", false)),
		Gujarati: () => new UnicodeRangeTable(decodeRanges("h0CCBCIBCCBCVBCGBCBBCEBDJBCCBCCBDQQBCBDLBIGB", false)),
		Gunjala_Gondi: () => new UnicodeRangeTable(decodeRanges("grnCFCBCkBCBCFIJ", true)),
		Gurmukhi: () => new UnicodeRangeTable(decodeRanges("hwCCBCFBFBBDVBCGBCBBCBBCBBDCCBDBFBBDCBEIIBCBCIIBPB", false)),
		Gurung_Khema: () => new UnicodeRangeTable(decodeRanges("go4C5B", true)),
		Han: () => new UnicodeRangeTable(decodeRanges("g0LZBC4CBN1GBwBCCaIBPDBle-tGBhC-vUBhoWtLBDpDBpodBBNGBqgkB-2pBBhB9oEBDt0FBDwpHBQtTBjtC9QBjvBq6EBGppIB", false)),
		Hangul: () => new UnicodeRangeTable(decodeRanges("goE-HvxHBiI9CyDeiCei3dckUj9KNWFwBl9JeEFDFDFDC", true)),
		Hanifi_Rohingya: () => new UnicodeRangeTable(decodeRanges("gojCnBJJ", true)),
		Hanunoo: () => new UnicodeRangeTable(decodeRanges("g5FU", true)),
		Hatran: () => new UnicodeRangeTable(decodeRanges("gniCSCBGE", true)),
		Hebrew: () => new UnicodeRangeTable(decodeRanges("xsB2BBJaBFFBpp9BZBCEBCCCBCCBCCBIB", false)),
		Hiragana: () => new UnicodeRangeTable(decodeRanges("hiM1CBHCBi7-C+IBTeeBBBulQAB", false)),
		Imperial_Aramaic: () => new UnicodeRangeTable(decodeRanges("giiCVCI", true)),
		Inherited: () => new UnicodeRangeTable(decodeRanges("gYvDB2IBBlOKBbhXhXBCB8qEtBBDLBlPCBCMBCGBFHHEBBnG-BBtQBBjGgBB65DDBsDBBmrzBPBRNBwejHjH7iEl+uBl+uBBsBBDWBhRCBSHBDGBfDBz6rYvHB", false)),
		Inscriptional_Pahlavi: () => new UnicodeRangeTable(decodeRanges("g7iCSGH", true)),
		Inscriptional_Parthian: () => new UnicodeRangeTable(decodeRanges("g6iCVDH", true)),
		Javanese: () => new UnicodeRangeTable(decodeRanges("gsqBtCDJFB", true)),
		Kaithi: () => new UnicodeRangeTable(decodeRanges("gkkCiCLA", true)),
		Kannada: () => new UnicodeRangeTable(decodeRanges("gkDMCCCWCJCEDICCCDIBGCCDDJCC", true)),
		Katakana: () => new UnicodeRangeTable(decodeRanges("hlM5CBDCBxHPBxGuBBC3CBvgzBJBCsBBzisBDBCGBCBBCgJgJBBBzBPPBCB", false)),
		Kawi: () => new UnicodeRangeTable(decodeRanges("g4nCQCoBEc", true)),
		Kayah_Li: () => new UnicodeRangeTable(decodeRanges("goqBtBCA", true)),
		Kharoshthi: () => new UnicodeRangeTable(decodeRanges("gwiCDCBGHCCCcDCFJII", true)),
		Khitan_Small_Script: () => new UnicodeRangeTable(decodeRanges("k-7C84G84GB0OBqBAB", false)),
		Khmer: () => new UnicodeRangeTable(decodeRanges("g8F9CDJHJnPf", true)),
		Khojki: () => new UnicodeRangeTable(decodeRanges("gwkCRCuB", true)),
		Khudawadi: () => new UnicodeRangeTable(decodeRanges("w1kC6BGJ", true)),
		Kirat_Rai: () => new UnicodeRangeTable(decodeRanges("gq7C5B", true)),
		Lao: () => new UnicodeRangeTable(decodeRanges("h0DBBCCCBDBCXBCCCBVBDEBCCCBFBCJBDDB", false)),
		Latin: () => new UnicodeRangeTable(decodeRanges("hCZBHZBwBQQGWBCeBCgOBoBEB8wGlBBHwBBGDBGMBClCBiC-HByLOORMBuEBBHccSoBB42CfBj1elDBExCBVOBxZqBBCIBCDB38TGB7gBZBHZBmhCFBCpBBCIBm61BeBHFB", false)),
		Lepcha: () => new UnicodeRangeTable(decodeRanges("ggH3BEOEC", true)),
		Limbu: () => new UnicodeRangeTable(decodeRanges("goGeBCLBFLBFEEBKB", false)),
		Linear_A: () => new UnicodeRangeTable(decodeRanges("gwhC2JKVLH", true)),
		Linear_B: () => new UnicodeRangeTable(decodeRanges("gggCLCZCSCBCODNjB6D", true)),
		Lisu: () => new UnicodeRangeTable(decodeRanges("wmpBvBx1eA", true)),
		Lycian: () => new UnicodeRangeTable(decodeRanges("g0gCc", true)),
		Lydian: () => new UnicodeRangeTable(decodeRanges("gpiCZGA", true)),
		Mahajani: () => new UnicodeRangeTable(decodeRanges("wqkCmB", true)),
		Makasar: () => new UnicodeRangeTable(decodeRanges("g3nCY", true)),
		Malayalam: () => new UnicodeRangeTable(decodeRanges("goDMCCCyBCCCFFPDZ", true)),
		Mandaic: () => new UnicodeRangeTable(decodeRanges("giCbDA", true)),
		Manichaean: () => new UnicodeRangeTable(decodeRanges("g2iCmBFL", true)),
		Marchen: () => new UnicodeRangeTable(decodeRanges("wjnCfDVCN", true)),
		Masaram_Gondi: () => new UnicodeRangeTable(decodeRanges("gonCGBCBBCrBBECCBCCBHBJJB", false)),
		Medefaidrin: () => new UnicodeRangeTable(decodeRanges("gy7C6C", true)),
		Meetei_Mayek: () => new UnicodeRangeTable(decodeRanges("g3qBWqGtBDJ", true)),
		Mende_Kikakui: () => new UnicodeRangeTable(decodeRanges("gg6DkGDP", true)),
		Meroitic_Cursive: () => new UnicodeRangeTable(decodeRanges("gtiCXFTDtB", true)),
		Meroitic_Hieroglyphs: () => new UnicodeRangeTable(decodeRanges("gsiCf", true)),
		Miao: () => new UnicodeRangeTable(decodeRanges("g47CqCF4BIQ", true)),
		Modi: () => new UnicodeRangeTable(decodeRanges("gwlCkCMJ", true)),
		Mongolian: () => new UnicodeRangeTable(decodeRanges("ggGBBDCCBSBH4CBIqBB2t-BMB", false)),
		Mro: () => new UnicodeRangeTable(decodeRanges("gy6CeCJFB", true)),
		Multani: () => new UnicodeRangeTable(decodeRanges("g0kCGBCCCBCBCOBCKB", false)),
		Myanmar: () => new UnicodeRangeTable(decodeRanges("ggE-EhqmBeiDfxibT", true)),
		Nabataean: () => new UnicodeRangeTable(decodeRanges("gkiCeJI", true)),
		Nag_Mundari: () => new UnicodeRangeTable(decodeRanges("wm5DpB", true)),
		Nandinagari: () => new UnicodeRangeTable(decodeRanges("gtmCHDtBDK", true)),
		New_Tai_Lue: () => new UnicodeRangeTable(decodeRanges("gsGrBFZHKEB", true)),
		Newa: () => new UnicodeRangeTable(decodeRanges("gglC7CCE", true)),
		Nko: () => new UnicodeRangeTable(decodeRanges("g+B6BDC", true)),
		Nushu: () => new UnicodeRangeTable(decodeRanges("h-7CvsQvsQBqMB", false)),
		Nyiakeng_Puachue_Hmong: () => new UnicodeRangeTable(decodeRanges("go4DsBENDJFB", true)),
		Ogham: () => new UnicodeRangeTable(decodeRanges("g0Fc", true)),
		Ol_Chiki: () => new UnicodeRangeTable(decodeRanges("wiHvB", true)),
		Ol_Onal: () => new UnicodeRangeTable(decodeRanges("wu5DqBFA", true)),
		Old_Hungarian: () => new UnicodeRangeTable(decodeRanges("gkjCyBOyBIF", true)),
		Old_Italic: () => new UnicodeRangeTable(decodeRanges("g4gCjBKC", true)),
		Old_North_Arabian: () => new UnicodeRangeTable(decodeRanges("g0iCf", true)),
		Old_Permic: () => new UnicodeRangeTable(decodeRanges("w6gCqB", true)),
		Old_Persian: () => new UnicodeRangeTable(decodeRanges("g9gCjBFN", true)),
		Old_Sogdian: () => new UnicodeRangeTable(decodeRanges("g4jCnB", true)),
		Old_South_Arabian: () => new UnicodeRangeTable(decodeRanges("gziCf", true)),
		Old_Turkic: () => new UnicodeRangeTable(decodeRanges("ggjCoC", true)),
		Old_Uyghur: () => new UnicodeRangeTable(decodeRanges("w7jCZ", true)),
		Oriya: () => new UnicodeRangeTable(decodeRanges("h4CCCHDBDVCGCBCEDIDBDCICFBCEDR", true)),
		Osage: () => new UnicodeRangeTable(decodeRanges("wlhCjBFjB", true)),
		Osmanya: () => new UnicodeRangeTable(decodeRanges("gkhCdDJ", true)),
		Pahawh_Hmong: () => new UnicodeRangeTable(decodeRanges("g46ClCLJCGCUGS", true)),
		Palmyrene: () => new UnicodeRangeTable(decodeRanges("gjiCf", true)),
		Pau_Cin_Hau: () => new UnicodeRangeTable(decodeRanges("g2mC4B", true)),
		Phags_Pa: () => new UnicodeRangeTable(decodeRanges("giqB3B", true)),
		Phoenician: () => new UnicodeRangeTable(decodeRanges("goiCbEA", true)),
		Psalter_Pahlavi: () => new UnicodeRangeTable(decodeRanges("g8iCRIDNG", true)),
		Rejang: () => new UnicodeRangeTable(decodeRanges("wpqBjBMA", true)),
		Runic: () => new UnicodeRangeTable(decodeRanges("g1FqCEK", true)),
		Samaritan: () => new UnicodeRangeTable(decodeRanges("ggCtBDO", true)),
		Saurashtra: () => new UnicodeRangeTable(decodeRanges("gkqBlCJL", true)),
		Sharada: () => new UnicodeRangeTable(decodeRanges("gskC-ChsCH", true)),
		Shavian: () => new UnicodeRangeTable(decodeRanges("wihCvB", true)),
		Siddham: () => new UnicodeRangeTable(decodeRanges("gslC1BDlB", true)),
		Sidetic: () => new UnicodeRangeTable(decodeRanges("gqiCZ", true)),
		SignWriting: () => new UnicodeRangeTable(decodeRanges("gg2DrUQECO", true)),
		Sinhala: () => new UnicodeRangeTable(decodeRanges("hsDCBCRBEXBCIBCDDBFBEFFBEBCCCBGBHJBDCBt-gCTB", false)),
		Sogdian: () => new UnicodeRangeTable(decodeRanges("w5jCpB", true)),
		Sora_Sompeng: () => new UnicodeRangeTable(decodeRanges("wmkCYIJ", true)),
		Soyombo: () => new UnicodeRangeTable(decodeRanges("wymCyC", true)),
		Sundanese: () => new UnicodeRangeTable(decodeRanges("g8G-BhIH", true)),
		Sunuwar: () => new UnicodeRangeTable(decodeRanges("g+mChBPJ", true)),
		Syloti_Nagri: () => new UnicodeRangeTable(decodeRanges("ggqBsB", true)),
		Syriac: () => new UnicodeRangeTable(decodeRanges("g4BNC7BDCxIK", true)),
		Tagalog: () => new UnicodeRangeTable(decodeRanges("g4FVKA", true)),
		Tagbanwa: () => new UnicodeRangeTable(decodeRanges("g7FMCCCB", true)),
		Tai_Le: () => new UnicodeRangeTable(decodeRanges("wqGdDE", true)),
		Tai_Tham: () => new UnicodeRangeTable(decodeRanges("gxG+BCcDKHJHN", true)),
		Tai_Viet: () => new UnicodeRangeTable(decodeRanges("g0qBiCZE", true)),
		Tai_Yo: () => new UnicodeRangeTable(decodeRanges("g25DeCVJB", true)),
		Takri: () => new UnicodeRangeTable(decodeRanges("g0lC5BHJ", true)),
		Tamil: () => new UnicodeRangeTable(decodeRanges("i8CBBCFBECBCDBEBBCCCBEEBEEBBBELBFEBECBCDBDHHPUBm+kCxBBOAB", false)),
		Tangsa: () => new UnicodeRangeTable(decodeRanges("wz6CuCCJ", true)),
		Tangut: () => new UnicodeRangeTable(decodeRanges("g-7CgBgBB+3GBhQeBiDyDB", false)),
		Telugu: () => new UnicodeRangeTable(decodeRanges("ggDMCCCWCPDICCCDIBCCCBDDDJII", true)),
		Thaana: () => new UnicodeRangeTable(decodeRanges("g8BxB", true)),
		Thai: () => new UnicodeRangeTable(decodeRanges("hwD5BGb", true)),
		Tibetan: () => new UnicodeRangeTable(decodeRanges("g4DnCCjBFmBCjBCOCGFB", true)),
		Tifinagh: () => new UnicodeRangeTable(decodeRanges("wpL3BIBPA", true)),
		Tirhuta: () => new UnicodeRangeTable(decodeRanges("gklCnCJJ", true)),
		Todhri: () => new UnicodeRangeTable(decodeRanges("guhCzB", true)),
		Tolong_Siki: () => new UnicodeRangeTable(decodeRanges("wtnCrBFJ", true)),
		Toto: () => new UnicodeRangeTable(decodeRanges("w04De", true)),
		Tulu_Tigalari: () => new UnicodeRangeTable(decodeRanges("g8kCJBCDDClBBCJBCDDCDBCJBCBBJBB", false)),
		Ugaritic: () => new UnicodeRangeTable(decodeRanges("g8gCdCA", true)),
		Unknown: () => new UnicodeRangeTable(decodeRanges("4bBBHDBICCVuMuMnBBBzBBBE4B4BBGBcDBHKBvI9B9BBmDmDBMB8BBByBBBQddBCCMEBjBEBuHJJBDDBXXICCBBBFBBKBBDBBFHBCDBDGGBaaBEEHDBDBBXIIDGDBCCGDBDBBECBCGBFCCBFBSJBEKKEXXIDDGBBLIEBCCBNBFBBNGBIEEJBBDBBXIIDGGBKKBDDBEEBFBEDBDGGBTTBIBDHHBBBEFFBBBDCCDCBDCBECBNDBGCBEFFBCCBEBCNBWEBOEEYRRBKKEFFBFBDEEDBBFBBLGBXEEYLLGBBKEEFGBDEBEFFBLLELBOEE0BEEHDBRBBbEETCBZKKCBBICBCDBHCCJFBLBBELB7BDBekBBDCCGZZCYYBGGCIILBBFfBpClBlBBCBoBlBlBQOOBjBBnGCCBDBCBB6LFFBIICFFBqBqBFBBiBFFBIICFFBQQ6BFFBkCkCBhBhBBBBbFB3CBBHBB+UCB6CGBXIBZIBVLBOEEDLB-CBBLFBLFBbFB6CGBsBEBnCJBgBNNBCBNDBCCBrBBBGKBtBDBbFBMCB-BBBiCeeBMMBEBLFBPBBvBBBNTBuCnFnFBGB9BCBQCB-BEBsBBBMHBsBEB3QBBHBBnBBBHBBJGCgBBB2BQQPBBHUUBEEKmDmDNBBcOOBBBjBNBiBOBtEDB7UVBMUB14BBB-LEBuBCCBDBCBB5BGBDNBZIBI4BI-DhBBb6C6CBKB3GZBxC3C3CBoDoDBDBsB-C-C3CIBxBuzcuzcBBB4BIB9KTB5FHB+GTB9BCBLFB5BHBnCHBNFB1DKBfCBvCMMBCBiB4B4BBHBPBBLBBoDXBdJBHBBHBBHIBIII9BDB-DBBLFBl9KLBYDByBjoIBvLBBrDlBBILBGEBbGGCGDrUfBrBFB0BUUFDBGoEoEBCC-FCBHBBHBBHBBECBIIIBIBGBBNbbUDDQBBPhBB8DEBEDBuBCB5COOBBBCuBBvBhEBeCByBOBdDBlBIBfEBsBEBfmBmBBCBPpBB-EBBLFBlBDBlBDBpBHB1BKBNQQIDDMQQIDDBBB1BLB4JIBXJBJXBHrBrBKkCBHBBCtBtBDCBCBBYpCpCBGBKvBBUDDBDBiBCBcEBclBB5BDBVBBzBDDBDBJEEeBBEDBLGBKGBhCfBoBDBNIB3BCBeBBcEBbGBFLBIvCBqC2BB0BMB0BGBvBHBLFBnBCBeHBDvGBgBrBrBEBBDPBHHBKgBBvBHBrBVBblBBdTBYIBvCDBlBIBlCJBCBBaGBLFB2BTTBGBoBIBhDVVBJBTwBwBB8BBICCFQQMFB8BEBLFBFJJBDDBXXIDDGLLBDDBEEBCCBEBCEBIBBICBGKBLCCBCCnBLLCBBCFFLDDBGBDcB9CGGBcBpCHBLlFB3BBBnBhBBmCKBLFBOSB7BFBLFBVbBcBBQDBY4FB9BjDB0CLBJBBCBBJDDfDDBNNBHBLlCBJBBvBBBMaBpCHB0CMBqCGBL1CBJ3CBjBNBLFBKuBuBPJBeCBhBBBXPPBnCBIDDtBCBCDDKHBLFBHDDmBDDHGBLFBtBDBL1HBaGBSqBqBBBBe0CBCOBzBMB8clDBwDGGBJBlGryCBkDMB3iBJB88DEBoS41GB7Bl2BB6RGBgBLLBCByCLLBEBfBBHJBnCJBLIIWEBUvNB7BlGB8CEBaBBarBBsCDB6BGBS-BBGKBIIB3mHoBBhBgDB0D8vIBFIIDkJkJBNBCcBEBBCNBFHBtMjoCBsDEBOCBKGBLBBJ76DB+HCB1NFBYOBSOBvBBBYIB1D7BB3HJBoBBBjGUBnC5DBVLBVLB4CIBamEB2CoCoCDBBCBBDBBFNNCIIiCFFBJJIddFGGCCBI1K1KBlJlJB-V-VBNBGQQBuiBBgBFBH0GBISSBIIDGGBDB-BgBBCvDBuBCBPBBLDBD-JBgBQB7BEBCvOBrB1GBsBDBC-FBgBXXBGBD-GBIFFDQQmGBBRoBBtCDBLDBDwYBlCrCB+BhGBFccDCCBCCLFFCCCBEBCDBCECEDDCBBCICDCCBFFIKFCLLSEBEGGSzBBDtIBtBDBlDLBQBBQQQmBJBvF3BBeMBtBDBKGBDNBH5EB6eCBSCBOCB7GFBNDBCOBNDB5BHBLFBpBHBfBBNDBDNBKmBB5KHBPBBOCBMCB6BCCBCBRBBNDBLGB0EoDoDBjgBBh3pBfB-oEBBv0FBBypHOBvThtCB-QhvBBs6EEBrpIm8yVBCdBhD-DBxHvw-FB", false)),
		Vai: () => new UnicodeRangeTable(decodeRanges("gopBrJ", true)),
		Vithkuqi: () => new UnicodeRangeTable(decodeRanges("wrhCKCOCGCBCKCOCGCB", true)),
		Wancho: () => new UnicodeRangeTable(decodeRanges("g24D5BGA", true)),
		Warang_Citi: () => new UnicodeRangeTable(decodeRanges("glmCyCNA", true)),
		Yezidi: () => new UnicodeRangeTable(decodeRanges("g0jCpBCCDB", true)),
		Yi: () => new UnicodeRangeTable(decodeRanges("ggoBskBE2B", true)),
		Zanabazar_Square: () => new UnicodeRangeTable(decodeRanges("gwmCnC", true))
	});
	static FOLD_CATEGORIES = new LazyMap({
		L: () => new UnicodeRangeTable(decodeRanges("laA", true)),
		LC: () => new UnicodeRangeTable(decodeRanges("laA", true)),
		Ll: () => new UnicodeRangeTable(decodeRanges("hCZBmDWBCGBiBuBCEECDOCDuBCBECEBBCCCBCCBBBDDBCBBCCBEBBCBBCECBCCDCCBCCBBBCCCBEEIBBCBBCBBCOCDQCDBBCCCBBBC4BCIBBCBBDCCBCBCGC3HrBrBCEEJHHCCBCCCBCCBPBCIBkBJJCUCGDDCBBDyBBxBgBCK2BCBMCD+CCDlBBq6ClBBCGGzW1CB0kCHHBpBBDCBhK0ECKgDCKHBJFBLHBJHBJFBMGCJHBZHBJHBJHBJEBMEBMDBNEBMEBqJEEBHHxC9zC9zCBuBBxBCCBBBDGCBCBCDDJCBCgDCJCCFuqeuqeCqBCUaCoEMCE8BCLECBICFCCDCCEUCBDBCEBCOCBCBCCCBQCZs5Vs5VBYBmmBnBBpEjBB9EKBCOBCGBCBBr3ByBB+EVB75CfBhsVfBhCYBoyehBB", false)),
		Lt: () => new UnicodeRangeTable(decodeRanges("kOCCBCCBCClBCCtsHHBJHBJHBMQQwBAB", false)),
		Lu: () => new UnicodeRangeTable(decodeRanges("hDZB7BqBqBBWBCHBCuBCEECDOCDsBCDECBBBDCCDEEGDDECBDDDCCCDFFDEECDDECCGBBCBBCBBCOCBSCDBBCEECkBCEQCJDDBCCFICBEBCBBCCCBEEBCCBCBCEBDCCBDDIDDCBBEFBGLLBnFnFsBCCEEEBBBvBDBCdBCBBECBCWCBDBCGD1BvBBCgBCK0BCDMCBgDCyBlBBq6CqBBDCB5XFBjkCIBCvHvHERRzD0ECGGGC8CCBHBJFBLHBJHBJFBMGCJHBJNBzBBBNSSBPPBEEpL2B2Bs1CvBBCEEBGCHDDLiDCJCCFNNBkBBCGG0oesBCUaCoEMCE8BCLCCDICFFFCBBDSCMOCFCCDOCb9a9advCBi8UZBumBnBBpEjBB8EKBCOBCGBCBBk4ByBB+DVB75CfBhsVfB8BYBvyehBB", false)),
		M: () => new UnicodeRangeTable(decodeRanges("5cgBgBlgHAB", false)),
		Mn: () => new UnicodeRangeTable(decodeRanges("5cgBgBlgHAB", false)),
		Emoji: () => new UnicodeRangeTable(decodeRanges("8mJA", true)),
		Extended_Pictographic: () => new UnicodeRangeTable(decodeRanges("8mJA", true)),
		Lowercase: () => new UnicodeRangeTable(decodeRanges("hCZBmDWBCGBiBuBCEECDOCDuBCBECEBBCCCBCCBBBDDBCBBCCBEBBCBBCECBCCDCCBCCBBBCCCBEEIBBCBBCBBCOCDQCDBBCCCBBBC4BCIBBCBBDCCBCBCGCiJCCEJJHCCBBBCCCBCCBPBCIBkBJJCUCGDDCBBDyBBxBgBCK2BCBMCD+CCDlBBq6ClBBCGGzW1CB0kCHHBpBBDCBhK0ECKgDCKHBJFBLHBJHBJFBMGCJHBZHBJHBJHBJEBMEBMDBNEBMEBqJEEBHHuBPBUzZzZBYBx5BvBBxBCCBBBDGCBCBCDDJCBCgDCJCCFuqeuqeCqBCUaCoEMCE8BCLECBICFCCDCCEUCBDBCEBCOCBCBCCCBQCZs5Vs5VBYBmmBnBBpEjBB9EKBCOBCGBCBBr3ByBB+EVB75CfBhsVfBhCYBoyehBB", false)),
		Math: () => new UnicodeRangeTable(decodeRanges("ycGDCHHFMMDDDCHHFAB", false)),
		Uppercase: () => new UnicodeRangeTable(decodeRanges("hDZB7BqBqBBWBCHBCuBCEECDOCDsBCDECBBBDCCDEEGDDECBDDDCCCDFFDEECDDECCGBBCBBCBBCOCBSCDBBCEECkBCEQCJDDBCCFICBEBCBBCCCBEEBCCBCBCEBDCCBDDIDDCBBEFBGLLBnFnFsBCCEEEBBBvBDBCdBCBBECBCWCBDBCGD1BvBBCgBCK0BCDMCBgDCyBlBBq6CqBBDCB5XFBjkCIBCvHvHERRzD0ECGGGC8CCBHBJFBLHBJHBJFBMGCJHBJNBzBBBNSSBPPBEEpLiBiBBOBFsasaBYBn6BvBBCEEBGCHDDLiDCJCCFNNBkBBCGG0oesBCUaCoEMCE8BCLCCDICFFFCBBDSCMOCFCCDOCb9a9advCBi8UZBumBnBBpEjBB8EKBCOBCGBCBBk4ByBB+DVB75CfBhsVfB8BYBvyehBB", false))
	});
	static FOLD_SCRIPT = new LazyMap({
		Common: () => new UnicodeRangeTable(decodeRanges("8cgBgB", false)),
		Greek: () => new UnicodeRangeTable(decodeRanges("1FwUwU", false)),
		Inherited: () => new UnicodeRangeTable(decodeRanges("5cgBgBlgHAB", false))
	});
};
// src/Unicode.js
/**
* Utilities for dealing with Unicode better than JS does.
*/
var Unicode = class Unicode {
	static MAX_RUNE = 1114111;
	static RUNE_ERROR = 65533;
	static isUnsearchable(r) {
		return r === Unicode.RUNE_ERROR || r >= Unicode.MIN_HIGH_SURROGATE && r <= Unicode.MAX_LOW_SURROGATE;
	}
	static MAX_ASCII = 127;
	static MAX_LATIN1 = 255;
	static MAX_BMP = 65535;
	static MIN_FOLD = 65;
	static MAX_FOLD = 125251;
	static MIN_HIGH_SURROGATE = 55296;
	static MAX_HIGH_SURROGATE = 56319;
	static MIN_LOW_SURROGATE = 56320;
	static MAX_LOW_SURROGATE = 57343;
	static MIN_SUPPLEMENTARY_CODE_POINT = 65536;
	static is32(ranges, r) {
		let lo = 0;
		let hi = ranges.length;
		while (lo < hi) {
			const m = lo + Math.floor((hi - lo) / 2);
			const rlo = ranges.getLo(m);
			const rhi = ranges.getHi(m);
			if (rlo <= r && r <= rhi) {
				const stride = ranges.getStride(m);
				return (r - rlo) % stride === 0;
			}
			if (r < rlo) hi = m;
			else lo = m + 1;
		}
		return false;
	}
	static is(ranges, r) {
		if (r <= Unicode.MAX_LATIN1) {
			for (let i = 0; i < ranges.length; i++) {
				if (r > ranges.getHi(i)) continue;
				const rlo = ranges.getLo(i);
				if (r < rlo) return false;
				const stride = ranges.getStride(i);
				return (r - rlo) % stride === 0;
			}
			return false;
		}
		return ranges.length > 0 && r >= ranges.getLo(0) && Unicode.is32(ranges, r);
	}
	static isPrint(r) {
		if (r <= Unicode.MAX_LATIN1) return r >= 32 && r < Unicode.MAX_ASCII || r >= 161 && r !== 173;
		return Unicode.is(UnicodeTables.Print, r);
	}
	static simpleFold(r) {
		if (UnicodeTables.CASE_ORBIT.has(r)) return UnicodeTables.CASE_ORBIT.get(r);
		if (r <= Unicode.MAX_ASCII) {
			const l = Codepoint.toLowerCase(r);
			return l !== r ? l : Codepoint.toUpperCase(r);
		}
		return r;
	}
	static equalsIgnoreCase(r1, r2) {
		if (r1 === r2) return true;
		if (r1 < 0 || r2 < 0) return false;
		if (r1 <= Unicode.MAX_ASCII && r2 <= Unicode.MAX_ASCII) {
			if (65 <= r1 && r1 <= 90) r1 |= 32;
			if (65 <= r2 && r2 <= 90) r2 |= 32;
			return r1 === r2;
		}
		for (let r = Unicode.simpleFold(r1); r !== r1; r = Unicode.simpleFold(r)) if (r === r2) return true;
		return false;
	}
};
// src/exceptions.js
var RE2JSException = class extends Error {
	/** @param {string} message */
	constructor(message) {
		super(message);
		this.name = "RE2JSException";
	}
};
/**
* An exception thrown by the parser if the pattern was invalid.
*/
var RE2JSSyntaxException = class extends RE2JSException {
	/**
	* @param {string} error
	* @param {string|null} [input=null]
	*/
	constructor(error, input = null) {
		let message = `error parsing regexp: ${error}`;
		if (input) message += `: \`${input}\``;
		super(message);
		this.name = "RE2JSSyntaxException";
		this.message = message;
		/** @type {string} */
		this.error = error;
		/** @type {string|null} */
		this.input = input;
	}
	/**
	* Retrieves the description of the error.
	* @returns {string}
	*/
	getDescription() {
		return this.error;
	}
	/**
	* Retrieves the erroneous regular-expression pattern.
	* @returns {string|null}
	*/
	getPattern() {
		return this.input;
	}
};
/**
* An exception thrown by the compiler
*/
var RE2JSCompileException = class extends RE2JSException {
	/** @param {string} message */
	constructor(message) {
		super(message);
		this.name = "RE2JSCompileException";
	}
};
/**
* An exception thrown by using groups
*/
var RE2JSGroupException = class extends RE2JSException {
	/** @param {string} message */
	constructor(message) {
		super(message);
		this.name = "RE2JSGroupException";
	}
};
/**
* An exception thrown by flags
*/
var RE2JSFlagsException = class extends RE2JSException {
	/** @param {string} message */
	constructor(message) {
		super(message);
		this.name = "RE2JSFlagsException";
	}
};
/**
* An exception thrown for internal engine errors, such as corrupted bytecodes.
*/
var RE2JSInternalException = class extends RE2JSException {
	/** @param {string} message */
	constructor(message) {
		super(message);
		this.name = "RE2JSInternalException";
	}
};
// src/Utils.js
/**
* Size of the precomputed single-byte lookup table.
* Covers standard ASCII and Latin-1 characters for fast-path execution.
*/
const FAST_PATH_TABLE_SIZE = 256;
/**
* Precomputed lookup table for Word Boundary (\b, \B) assertions.
* * By precomputing the boolean results for standard ASCII word ranges
* ('a'-'z', 'A'-'Z', '0'-'9', '_'), we completely eliminate 4 logical
* branches from the NFA's hot execution loop. This prevents costly
* CPU branch mispredictions when scanning large strings.
*/
const WORD_RUNE_TABLE = new Uint8Array(FAST_PATH_TABLE_SIZE);
for (let i = 0; i < FAST_PATH_TABLE_SIZE; i++) WORD_RUNE_TABLE[i] = 97 <= i && i <= 122 || 65 <= i && i <= 90 || 48 <= i && i <= 57 || i === 95 ? 1 : 0;
let cachedNativeEncoder = null;
let cachedNativeDecoder = null;
/**
* Various constants and helper utilities.
*/
var Utils = class Utils {
	static METACHARACTERS = "\\.+*?()|[]{}^$";
	static EMPTY_BEGIN_LINE = 1;
	static EMPTY_END_LINE = 2;
	static EMPTY_BEGIN_TEXT = 4;
	static EMPTY_END_TEXT = 8;
	static EMPTY_WORD_BOUNDARY = 16;
	static EMPTY_NO_WORD_BOUNDARY = 32;
	static EMPTY_ALL = -1;
	static emptyInts() {
		return [];
	}
	static isString(value) {
		return typeof value === "string" || Object.prototype.toString.call(value) === "[object String]";
	}
	static typeName(value) {
		if (value === null || typeof value !== "object" && typeof value !== "function") return value === null ? "null" : typeof value;
		return Object.prototype.toString.call(value).slice(8, -1);
	}
	static checkPattern(pattern) {
		if (!Utils.isString(pattern)) throw new TypeError(`The pattern must be a string, not ${Utils.typeName(pattern)} (RE2JS.translateRegExp() converts a RegExp)`);
	}
	static checkInput(input) {
		if (!Utils.isString(input) && !Utils.isByteArray(input)) throw new TypeError(`The input must be a string or a byte array (Uint8Array or number[]), not ${Utils.typeName(input)}`);
	}
	static checkFlags(flags) {
		const known = PublicFlags.MULTILINE | PublicFlags.DOTALL | PublicFlags.CASE_INSENSITIVE | PublicFlags.DISABLE_UNICODE_GROUPS | PublicFlags.LONGEST_MATCH | PublicFlags.LOOKBEHINDS;
		if (!Number.isInteger(flags) || (flags & ~known) !== 0) throw new RE2JSFlagsException("Flags should only be a combination of MULTILINE, DOTALL, CASE_INSENSITIVE, DISABLE_UNICODE_GROUPS, LONGEST_MATCH, LOOKBEHINDS");
	}
	static isByteArray(input) {
		return Array.isArray(input) || Object.prototype.toString.call(input) === "[object Uint8Array]";
	}
	static isalnum(c) {
		return Codepoint.CODES["0"] <= c && c <= Codepoint.CODES["9"] || Codepoint.CODES["a"] <= c && c <= Codepoint.CODES["z"] || Codepoint.CODES["A"] <= c && c <= Codepoint.CODES["Z"];
	}
	static unhex(c) {
		if (Codepoint.CODES["0"] <= c && c <= Codepoint.CODES["9"]) return c - Codepoint.CODES["0"];
		if (Codepoint.CODES["a"] <= c && c <= Codepoint.CODES["f"]) return c - Codepoint.CODES["a"] + 10;
		if (Codepoint.CODES["A"] <= c && c <= Codepoint.CODES["F"]) return c - Codepoint.CODES["A"] + 10;
		return -1;
	}
	static escapeRune(rune) {
		let out = "";
		if (Unicode.isPrint(rune)) {
			if (Utils.METACHARACTERS.indexOf(String.fromCodePoint(rune)) >= 0) out += "\\";
			out += String.fromCodePoint(rune);
		} else switch (rune) {
			case Codepoint.CODES["\""]:
				out += "\\\"";
				break;
			case Codepoint.CODES["\\"]:
				out += "\\\\";
				break;
			case Codepoint.CODES["	"]:
				out += "\\t";
				break;
			case Codepoint.CODES["\n"]:
				out += "\\n";
				break;
			case Codepoint.CODES["\r"]:
				out += "\\r";
				break;
			case Codepoint.CODES["\b"]:
				out += "\\b";
				break;
			case Codepoint.CODES["\f"]:
				out += "\\f";
				break;
			default: {
				let s = rune.toString(16);
				if (rune < 256) {
					out += "\\x";
					if (s.length === 1) out += "0";
					out += s;
				} else out += `\\x{${s}}`;
				break;
			}
		}
		return out;
	}
	static stringToRunes(str) {
		const string = String(str);
		const runes = [];
		let i = 0;
		while (i < string.length) {
			const cp = string.codePointAt(i);
			runes.push(cp);
			i += cp > Unicode.MAX_BMP ? 2 : 1;
		}
		return new Int32Array(runes);
	}
	static runeToString(r) {
		return String.fromCodePoint(r);
	}
	static isWordRune(r) {
		return r < FAST_PATH_TABLE_SIZE ? WORD_RUNE_TABLE[r] === 1 : false;
	}
	static emptyOpContext(r1, r2) {
		let op = 0;
		if (r1 < 0) op |= Utils.EMPTY_BEGIN_TEXT | Utils.EMPTY_BEGIN_LINE;
		if (r1 === 10) op |= Utils.EMPTY_BEGIN_LINE;
		if (r2 < 0) op |= Utils.EMPTY_END_TEXT | Utils.EMPTY_END_LINE;
		if (r2 === 10) op |= Utils.EMPTY_END_LINE;
		if (Utils.isWordRune(r1) !== Utils.isWordRune(r2)) op |= Utils.EMPTY_WORD_BOUNDARY;
		else op |= Utils.EMPTY_NO_WORD_BOUNDARY;
		return op;
	}
	/**
	* Returns a string that quotes all regular expression metacharacters inside the argument text;
	* the returned string is a regular expression matching the literal text. For example,
	* {@code quoteMeta("[foo]").equals("\\[foo\\]")}.
	* @param {string} str
	* @returns {string}
	*/
	static quoteMeta(str) {
		return str.split("").map((s) => {
			if (Utils.METACHARACTERS.indexOf(s) >= 0) return `\\${s}`;
			return s;
		}).join("");
	}
	static charCount(codePoint) {
		return codePoint > Unicode.MAX_BMP ? 2 : 1;
	}
	/**
	* High-speed conversion from TypedArrays to standard JS Arrays.
	* Bypasses the expensive Symbol.iterator overhead of Array.from()
	*/
	static toArray(typedArray) {
		const len = typedArray.length;
		const res = new Array(len);
		for (let i = 0; i < len; i++) res[i] = typedArray[i];
		return res;
	}
	static stringToUtf8ByteArray(str) {
		if (globalThis.TextEncoder) {
			if (!cachedNativeEncoder) cachedNativeEncoder = new TextEncoder();
			return cachedNativeEncoder.encode(str);
		} else {
			let out = [], p = 0;
			for (let i = 0; i < str.length; i++) {
				let c = str.charCodeAt(i);
				if (c < 128) out[p++] = c;
				else if (c < 2048) {
					out[p++] = c >> 6 | 192;
					out[p++] = c & 63 | 128;
				} else if ((c & 64512) === Unicode.MIN_HIGH_SURROGATE && i + 1 < str.length && (str.charCodeAt(i + 1) & 64512) === Unicode.MIN_LOW_SURROGATE) {
					c = Unicode.MIN_SUPPLEMENTARY_CODE_POINT + ((c & 1023) << 10) + (str.charCodeAt(++i) & 1023);
					out[p++] = c >> 18 | 240;
					out[p++] = c >> 12 & 63 | 128;
					out[p++] = c >> 6 & 63 | 128;
					out[p++] = c & 63 | 128;
				} else {
					out[p++] = c >> 12 | 224;
					out[p++] = c >> 6 & 63 | 128;
					out[p++] = c & 63 | 128;
				}
			}
			return out;
		}
	}
	static utf8ByteArrayToString(bytes) {
		if (globalThis.TextDecoder) {
			if (!cachedNativeDecoder) cachedNativeDecoder = new TextDecoder("utf-8");
			const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
			return cachedNativeDecoder.decode(view);
		} else {
			let out = [], pos = 0, c = 0;
			while (pos < bytes.length) {
				let c1 = bytes[pos++];
				if (c1 < 128) out[c++] = String.fromCharCode(c1);
				else if (c1 > 191 && c1 < 224) {
					let c2 = bytes[pos++];
					out[c++] = String.fromCharCode((c1 & 31) << 6 | c2 & 63);
				} else if (c1 > 239 && c1 < 365) {
					let c2 = bytes[pos++];
					let c3 = bytes[pos++];
					let c4 = bytes[pos++];
					let u = ((c1 & 7) << 18 | (c2 & 63) << 12 | (c3 & 63) << 6 | c4 & 63) - Unicode.MIN_SUPPLEMENTARY_CODE_POINT;
					out[c++] = String.fromCharCode(Unicode.MIN_HIGH_SURROGATE + (u >> 10));
					out[c++] = String.fromCharCode(Unicode.MIN_LOW_SURROGATE + (u & 1023));
				} else {
					let c2 = bytes[pos++];
					let c3 = bytes[pos++];
					out[c++] = String.fromCharCode((c1 & 15) << 12 | (c2 & 63) << 6 | c3 & 63);
				}
			}
			return out.join("");
		}
	}
};
// src/helpers.js
const createEnum = (values = [], initNum = 0) => {
	const enumObject = Object.create(null);
	for (let i = 0; i < values.length; i++) {
		const val = values[i];
		const keyVal = initNum + i;
		enumObject[val] = keyVal;
		enumObject[keyVal] = val;
	}
	return Object.freeze(enumObject);
};
// src/MatcherInput.js
/**
* Abstract the representations of input text supplied to Matcher.
*/
var MatcherInputBase = class MatcherInputBase {
	static Encoding = createEnum(["UTF_16", "UTF_8"]);
	getEncoding() {
		throw Error("not implemented");
	}
	/** @returns {string} */
	asCharSequence() {
		throw Error("not implemented");
	}
	/** @returns {Uint8Array|number[]|null} */
	asBytes() {
		throw Error("not implemented");
	}
	/** @returns {number} */
	length() {
		throw Error("not implemented");
	}
	/**
	*
	* @returns {boolean}
	*/
	isUTF8Encoding() {
		return this.getEncoding() === MatcherInputBase.Encoding.UTF_8;
	}
	/**
	*
	* @returns {boolean}
	*/
	isUTF16Encoding() {
		return this.getEncoding() === MatcherInputBase.Encoding.UTF_16;
	}
};
var Utf8MatcherInput = class extends MatcherInputBase {
	/** @param {Uint8Array|number[]|null} bytes */
	constructor(bytes = null) {
		super();
		this.bytes = bytes;
	}
	getEncoding() {
		return MatcherInputBase.Encoding.UTF_8;
	}
	/**
	*
	* @returns {string}
	*/
	asCharSequence() {
		return Utils.utf8ByteArrayToString(this.bytes);
	}
	/**
	*
	* @returns {Uint8Array|number[]|null}
	*/
	asBytes() {
		return this.bytes;
	}
	/**
	*
	* @returns {number}
	*/
	length() {
		return this.bytes.length;
	}
};
var Utf16MatcherInput = class extends MatcherInputBase {
	/** @param {string|null} charSequence */
	constructor(charSequence = null) {
		super();
		this.charSequence = charSequence;
	}
	getEncoding() {
		return MatcherInputBase.Encoding.UTF_16;
	}
	/**
	*
	* @returns {string}
	*/
	asCharSequence() {
		return this.charSequence;
	}
	/**
	*
	* @returns {number[]}
	*/
	asBytes() {
		return Utils.stringToUtf8ByteArray(this.charSequence.toString());
	}
	/**
	*
	* @returns {number}
	*/
	length() {
		return this.charSequence.length;
	}
};
var MatcherInput = class {
	/**
	* Return the MatcherInput for UTF_16 encoding.
	* @returns {Utf16MatcherInput}
	*/
	static utf16(charSequence) {
		Utils.checkInput(charSequence);
		return new Utf16MatcherInput(charSequence);
	}
	/**
	* Return the MatcherInput for UTF_8 encoding.
	* @returns {Utf8MatcherInput}
	*/
	static utf8(input) {
		if (Utils.isByteArray(input)) return new Utf8MatcherInput(input);
		return new Utf8MatcherInput(Utils.stringToUtf8ByteArray(input));
	}
};
// src/MachineInput.js
/**
* MachineInput abstracts different representations of the input text supplied to the Machine. It
* provides one-character lookahead.
*/
var MachineInputBase = class {
	static EOF() {
		return -8;
	}
	constructor() {
		this.start = 0;
		this.end = 0;
	}
	canCheckPrefix() {
		return true;
	}
	endPos() {
		return this.end - this.start;
	}
	hasString() {
		return false;
	}
	hasAnyString() {
		return false;
	}
	prefixLength() {
		return 0;
	}
};
var MachineUTF8Input = class MachineUTF8Input extends MachineInputBase {
	static RUNE_ERROR_STEP = Unicode.RUNE_ERROR << 3 | 1;
	constructor(bytes, start = 0, end = bytes.length) {
		super();
		this.bytes = bytes;
		this.start = start;
		this.end = end;
	}
	hasString(prefilter, pos) {
		const target = prefilter.bytes;
		if (target.length === 0) return true;
		const idx = this.indexOf(this.bytes, target, this.start + pos);
		return idx !== -1 && idx <= this.end - target.length;
	}
	hasAnyString(prefilter, pos) {
		return prefilter.automaton8().searchUTF8(this.bytes, this.start + pos, this.end);
	}
	step(pos) {
		pos += this.start;
		if (pos >= this.end) return MachineInputBase.EOF();
		const c = this.bytes[pos] & 255;
		if (c < 128) return c << 3 | 1;
		let size;
		let rune;
		let lo = 128;
		let hi = 191;
		if (c >= 194 && c <= 223) {
			size = 2;
			rune = c & 31;
		} else if (c >= 224 && c <= 239) {
			size = 3;
			rune = c & 15;
			if (c === 224) lo = 160;
			else if (c === 237) hi = 159;
		} else if (c >= 240 && c <= 244) {
			size = 4;
			rune = c & 7;
			if (c === 240) lo = 144;
			else if (c === 244) hi = 143;
		} else return MachineUTF8Input.RUNE_ERROR_STEP;
		if (pos + size > this.end) return MachineUTF8Input.RUNE_ERROR_STEP;
		const c1 = this.bytes[pos + 1] & 255;
		if (c1 < lo || c1 > hi) return MachineUTF8Input.RUNE_ERROR_STEP;
		rune = rune << 6 | c1 & 63;
		if (size > 2) {
			const c2 = this.bytes[pos + 2] & 255;
			if ((c2 & 192) !== 128) return MachineUTF8Input.RUNE_ERROR_STEP;
			rune = rune << 6 | c2 & 63;
			if (size > 3) {
				const c3 = this.bytes[pos + 3] & 255;
				if ((c3 & 192) !== 128) return MachineUTF8Input.RUNE_ERROR_STEP;
				rune = rune << 6 | c3 & 63;
			}
		}
		return rune << 3 | size;
	}
	index(re2, pos) {
		pos += this.start;
		const i = this.indexOf(this.bytes, re2.prefixUTF8, pos);
		return i < 0 ? i : i - pos;
	}
	context(pos) {
		pos += this.start;
		let r1 = -1;
		if (pos > this.start && pos <= this.end) {
			let start = pos - 1;
			r1 = this.bytes[start--];
			if (r1 >= 128) {
				let lim = pos - 4;
				if (lim < this.start) lim = this.start;
				while (start >= lim && (this.bytes[start] & 192) === 128) start--;
				if (start < this.start) start = this.start;
				const r = this.step(start - this.start);
				r1 = start + (r & 7) === pos ? r >> 3 : Unicode.RUNE_ERROR;
			}
		}
		const r2 = pos < this.end ? this.step(pos - this.start) >> 3 : -1;
		return Utils.emptyOpContext(r1, r2);
	}
	indexOf(source, target, fromIndex = 0) {
		let targetLength = target.length;
		if (targetLength === 0) return fromIndex <= this.end ? fromIndex : -1;
		const firstByte = target[0];
		let limit = this.end - targetLength;
		const hasNativeIndexOf = typeof source.indexOf === "function";
		let i = fromIndex;
		while (i <= limit) {
			if (hasNativeIndexOf) {
				i = source.indexOf(firstByte, i);
				if (i === -1 || i > limit) return -1;
			} else {
				while (i <= limit && source[i] !== firstByte) i++;
				if (i > limit) return -1;
			}
			let match = true;
			for (let j = 1; j < targetLength; j++) if (source[i + j] !== target[j]) {
				match = false;
				break;
			}
			if (match) return i;
			i++;
		}
		return -1;
	}
	prefixLength(re2) {
		return re2.prefixUTF8.length;
	}
};
var MachineUTF16Input = class extends MachineInputBase {
	constructor(charSequence, start = 0, end = charSequence.length) {
		super();
		this.charSequence = charSequence;
		this.start = start;
		this.end = end;
	}
	hasString(prefilter, pos) {
		const idx = this.charSequence.indexOf(prefilter.str, this.start + pos);
		return idx !== -1 && idx <= this.end - prefilter.str.length;
	}
	hasAnyString(prefilter, pos) {
		return prefilter.automaton16().searchUTF16(this.charSequence, this.start + pos, this.end);
	}
	step(pos) {
		pos += this.start;
		if (pos >= this.end) return MachineInputBase.EOF();
		const c1 = this.charSequence.charCodeAt(pos);
		if (c1 < Unicode.MIN_HIGH_SURROGATE || c1 > Unicode.MAX_HIGH_SURROGATE || pos + 1 >= this.end) return c1 << 3 | 1;
		const c2 = this.charSequence.charCodeAt(pos + 1);
		if (c2 >= Unicode.MIN_LOW_SURROGATE && c2 <= Unicode.MAX_LOW_SURROGATE) return (c1 - Unicode.MIN_HIGH_SURROGATE) * 1024 + (c2 - Unicode.MIN_LOW_SURROGATE) + Unicode.MIN_SUPPLEMENTARY_CODE_POINT << 3 | 2;
		return c1 << 3 | 1;
	}
	index(re2, pos) {
		pos += this.start;
		const i = this.charSequence.indexOf(re2.prefix, pos);
		if (i < 0 || i > this.end - re2.prefix.length) return -1;
		return i - pos;
	}
	context(pos) {
		pos += this.start;
		const r1 = pos > this.start && pos <= this.end ? this.charSequence.charCodeAt(pos - 1) : -1;
		const r2 = pos < this.end ? this.charSequence.charCodeAt(pos) : -1;
		return Utils.emptyOpContext(r1, r2);
	}
	prefixLength(re2) {
		return re2.prefix.length;
	}
};
var MachineInput = class {
	static fromUTF8(bytes, start = 0, end = bytes.length) {
		return new MachineUTF8Input(bytes, start, end);
	}
	static fromUTF16(charSequence, start = 0, end = void 0) {
		Utils.checkInput(charSequence);
		return new MachineUTF16Input(charSequence, start, end ?? charSequence.length);
	}
};
// src/Matcher.js
/**
* A stateful iterator that interprets a regex {@code RE2JS} on a specific input.
*
* Conceptually, a Matcher consists of four parts:
* <ol>
* <li>A compiled regular expression {@code RE2JS}, set at construction and fixed for the lifetime
* of the matcher.</li>
*
* <li>The remainder of the input string, set at construction or {@link #reset()} and advanced by
* each match operation such as {@link #find}, {@link #matches} or {@link #lookingAt}.</li>
*
* <li>The current match information, accessible via {@link #start}, {@link #end}, and
* {@link #group}, and updated by each match operation.</li>
*
* <li>The append position, used and advanced by {@link #appendReplacement} and {@link #appendTail}
* if performing a search and replace from the input to an external {@code StringBuffer}.
*
* </ol>
*
*
* @author rsc@google.com (Russ Cox)
*/
var Matcher = class Matcher {
	/**
	* V8 and WebKit have historical hard limits on the number of arguments
	* that can be passed to a function. We cap replacer arguments to prevent
	* Call Stack Overflow (DoS) vulnerabilities on massive ASTs.
	*/
	static MAX_REPLACER_ARGS = 65535;
	/**
	* Quotes '\' and '$' in {@code s}, so that the returned string could be used in
	* {@link #appendReplacement} as a literal replacement of {@code s}.
	*
	* @param {string} str the string to be quoted
	* @param {boolean} [javaMode=false] whether the replacement will be used in javaMode
	* @returns {string} the quoted string
	*/
	static quoteReplacement(str, javaMode = false) {
		if (javaMode) {
			if (str.indexOf("\\") < 0 && str.indexOf("$") < 0) return str;
			return str.split("").map((s) => {
				const c = s.codePointAt(0);
				if (c === Codepoint.CODES["\\"] || c === Codepoint.CODES["$"]) return `\\${s}`;
				return s;
			}).join("");
		}
		if (str.indexOf("$") < 0) return str;
		return str.split("").map((s) => {
			if (s.codePointAt(0) === Codepoint.CODES["$"]) return "$$";
			return s;
		}).join("");
	}
	/**
	*
	* @param {import('./index.js').RE2JS} pattern
	* @param {string|number[]|Uint8Array|MatcherInputBase} input
	*/
	constructor(pattern, input) {
		if (pattern === null) throw new Error("pattern is null");
		/**
		* The pattern being matched.
		* @type {import('./index.js').RE2JS}
		*/
		this.patternInput = pattern;
		const re2 = this.patternInput.re2();
		/** @type {number} */
		this.patternGroupCount = re2.numberOfCapturingGroups();
		/** @type {number[]} */
		this.groups = [];
		/** @type {Record<string, number>} */
		this.namedGroups = re2.namedGroups;
		/** @type {boolean} */
		this.hasNamedGroups = Object.keys(this.namedGroups).length > 0;
		/** @type {number} */
		this.numberOfInstructions = re2.numberOfInstructions();
		/** @type {import('./Machine.js').LookbehindState|null} */
		this.lookbehindState = null;
		if (input instanceof MatcherInputBase) this.resetMatcherInput(input);
		else if (Utils.isByteArray(input)) this.resetMatcherInput(MatcherInput.utf8(input));
		else this.resetMatcherInput(MatcherInput.utf16(input));
	}
	/**
	* Returns the {@code RE2JS} associated with this {@code Matcher}.
	* @returns {import('./index.js').RE2JS}
	*/
	pattern() {
		return this.patternInput;
	}
	/**
	* Resets the {@code Matcher}, rewinding input and discarding any match information.
	*
	* @returns {Matcher} the {@code Matcher} itself, for chained method calls
	*/
	reset() {
		/** @type {number} */
		this.matcherInputLength = this.matcherInput.length();
		/** @type {number} */
		this.appendPos = 0;
		this.hasMatch = false;
		this.hasGroups = false;
		this.anchorFlag = 0;
		return this;
	}
	/**
	* Resets the {@code Matcher} and changes the input.
	* @param {string|number[]|Uint8Array|MatcherInputBase} input
	* @returns {Matcher} the {@code Matcher} itself, for chained method calls
	*/
	resetMatcherInput(input) {
		if (input === null) throw new Error("input is null");
		if (!(input instanceof MatcherInputBase)) {
			if (Utils.isByteArray(input)) input = MatcherInput.utf8(input);
			else input = MatcherInput.utf16(input);
		}
		this.matcherInput = input;
		if (this.lookbehindState !== null) this.lookbehindState.reset();
		else this.lookbehindState = this.patternInput.re2().createLookbehindState();
		this.reset();
		return this;
	}
	/**
	* Returns the start of the named group of the most recent match, or -1 if the group was not
	* matched.
	* @param {string|number} [group=0]
	* @returns {number}
	*/
	start(group = 0) {
		if (typeof group === "string") {
			const groupInt = this.namedGroups[group];
			if (!Number.isFinite(groupInt)) throw new RE2JSGroupException(`group '${group}' not found`);
			group = groupInt;
		}
		this.loadGroup(group);
		return this.groups[2 * group];
	}
	/**
	* Returns the end of the named group of the most recent match, or -1 if the group was not
	* matched.
	* @param {string|number} [group=0]
	* @returns {number}
	*/
	end(group = 0) {
		if (typeof group === "string") {
			const groupInt = this.namedGroups[group];
			if (!Number.isFinite(groupInt)) throw new RE2JSGroupException(`group '${group}' not found`);
			group = groupInt;
		}
		this.loadGroup(group);
		return this.groups[2 * group + 1];
	}
	/**
	* Returns the program size of this pattern.
	*
	* <p>
	* Similar to the C++ implementation, the program size is a very approximate measure of a regexp's
	* "cost". Larger numbers are more expensive than smaller numbers.
	* </p>
	*
	* @returns {number} the program size of this pattern
	*/
	programSize() {
		return this.numberOfInstructions;
	}
	/**
	* Returns the named group of the most recent match, or {@code null} if the group was not matched.
	* @param {string|number} [group=0]
	* @returns {string|null}
	*/
	group(group = 0) {
		if (typeof group === "string") {
			const groupInt = this.namedGroups[group];
			if (!Number.isFinite(groupInt)) throw new RE2JSGroupException(`group '${group}' not found`);
			group = groupInt;
		}
		const start = this.start(group);
		const end = this.end(group);
		if (start < 0 && end < 0) return null;
		return this.substring(start, end);
	}
	/**
	* Returns a dictionary map of all named capturing groups and their matched values.
	* If a group was not matched, its value will be `null`.
	* @returns {Record<string, string|null>}
	*/
	getNamedGroups() {
		if (!this.hasMatch) throw new RE2JSGroupException("perhaps no match attempted");
		const result = Object.create(null);
		for (const name of Object.keys(this.namedGroups)) result[name] = this.group(name);
		return result;
	}
	/**
	* Returns the number of subgroups in this pattern.
	*
	* @returns {number} the number of subgroups; the overall match (group 0) does not count
	*/
	groupCount() {
		return this.patternGroupCount;
	}
	/**
	* Helper: finds subgroup information if needed for group.
	* @param {number} group
	* @private
	*/
	loadGroup(group) {
		if (!Number.isInteger(group) || group < 0 || group > this.patternGroupCount) throw new RE2JSGroupException(`Group index out of bounds: ${group}`);
		if (!this.hasMatch) throw new RE2JSGroupException("perhaps no match attempted");
		if (group === 0 || this.hasGroups) return;
		const end = this.matcherInputLength;
		const res = this.patternInput.re2().matchMachineInput(this.matcherInput, this.groups[0], end, this.anchorFlag, 1 + this.patternGroupCount, this.lookbehindState);
		if (!res[0]) throw new RE2JSGroupException("inconsistency in matching group data");
		this.groups = res[1];
		this.hasGroups = true;
	}
	/**
	* Matches the entire input against the pattern (anchored start and end). If there is a match,
	* {@code matches} sets the match state to describe it.
	*
	* @returns {boolean} true if the entire input matches the pattern
	*/
	matches() {
		return this.genMatch(0, RE2Flags.ANCHOR_BOTH);
	}
	/**
	* Matches the beginning of input against the pattern (anchored start). If there is a match,
	* {@code lookingAt} sets the match state to describe it.
	*
	* @returns {boolean} true if the beginning of the input matches the pattern
	*/
	lookingAt() {
		return this.genMatch(0, RE2Flags.ANCHOR_START);
	}
	/**
	* Matches the input against the pattern (unanchored), starting at a specified position. If there
	* is a match, {@code find} sets the match state to describe it.
	*
	* @param {number|null} [start=null] the input position where the search begins
	* @returns {boolean} if it finds a match
	* @throws IndexOutOfBoundsException if start is not a valid input position
	*/
	find(start = null) {
		if (start !== null) {
			if (!Number.isInteger(start) || start < 0 || start > this.matcherInputLength) throw new RE2JSGroupException(`start index out of bounds: ${start}`);
			this.reset();
			return this.genMatch(start, 0);
		}
		start = 0;
		if (this.hasMatch) {
			start = this.groups[1];
			if (this.groups[0] === this.groups[1]) {
				const r = (this.matcherInput.isUTF16Encoding() ? MachineInput.fromUTF16(this.matcherInput.asCharSequence(), 0, this.matcherInputLength) : MachineInput.fromUTF8(this.matcherInput.asBytes(), 0, this.matcherInputLength)).step(start);
				if (r < 0) start++;
				else start += r & 7;
			}
		}
		return this.genMatch(start, RE2Flags.UNANCHORED);
	}
	/**
	* Helper: does match starting at start, with RE2 anchor flag.
	* @param {number} startByte
	* @param {number} anchor
	* @returns {boolean}
	* @private
	*/
	genMatch(startByte, anchor) {
		const res = this.patternInput.re2().matchMachineInput(this.matcherInput, startByte, this.matcherInputLength, anchor, 1, this.lookbehindState);
		if (!res[0]) {
			this.hasMatch = false;
			return false;
		}
		this.groups = res[1];
		this.hasMatch = true;
		this.hasGroups = this.patternGroupCount === 0;
		this.anchorFlag = anchor;
		return true;
	}
	/**
	* Helper: return substring for [start, end).
	* @param {number} start
	* @param {number} end
	* @returns {string}
	*/
	substring(start, end) {
		if (this.matcherInput.isUTF8Encoding()) return Utils.utf8ByteArrayToString(this.matcherInput.asBytes().slice(start, end));
		return this.matcherInput.asCharSequence().substring(start, end).toString();
	}
	/**
	* Helper for Pattern: return input length.
	* @returns {number}
	*/
	inputLength() {
		return this.matcherInputLength;
	}
	/**
	* Appends to result two strings: the text from the append position up to the beginning of the
	* most recent match, and then the replacement with submatch groups substituted for references to
	* them. It advances the append position to where the most recent match ended.
	*
	* By default the replacement is expanded as by String.prototype.replace (see
	* appendReplacementInternalJs). In Java mode it follows re2j / java.util.regex: $n takes as
	* many digits as still form a valid group number, ${name} is a named group, and a backslash
	* escapes the next character (so "\\$" in a JS string literal inserts a literal $).
	*
	* @param {string} replacement the replacement string
	* @param {boolean} [javaMode=false] activate java mode (different behaviour for capture groups and special characters)
	* @returns {string}
	* @throws IllegalStateException if there was no most recent match
	* @throws IndexOutOfBoundsException in Java mode, if replacement refers to an invalid group
	* @private
	*/
	appendReplacement(replacement, javaMode = false) {
		let res = "";
		const s = this.start();
		const e = this.end();
		if (this.appendPos < s) res += this.substring(this.appendPos, s);
		this.appendPos = e;
		res += javaMode ? this.appendReplacementInternalJava(replacement) : this.appendReplacementInternalJs(replacement);
		return res;
	}
	/**
	* @param {string} replacement - the replacement string
	* @returns {string}
	* @private
	*/
	appendReplacementInternalJava(replacement) {
		let res = "";
		let last = 0;
		const m = replacement.length;
		let i = 0;
		while (i < m) {
			const cCode = replacement.codePointAt(i);
			if (cCode === Codepoint.CODES["\\"]) {
				if (last < i) res += replacement.substring(last, i);
				i++;
				if (i >= m) throw new RE2JSGroupException("character to be escaped is missing");
				last = i;
				i++;
				continue;
			}
			if (cCode === Codepoint.CODES["$"]) {
				if (last < i) res += replacement.substring(last, i);
				if (i + 1 >= m) throw new RE2JSGroupException("Illegal group reference: group index is missing");
				const nextCode = replacement.codePointAt(i + 1);
				if (Codepoint.CODES["0"] <= nextCode && nextCode <= Codepoint.CODES["9"]) {
					let n = nextCode - Codepoint.CODES["0"];
					let j = i + 2;
					for (; j < m; j++) {
						const digit = replacement.codePointAt(j);
						if (digit < Codepoint.CODES["0"] || digit > Codepoint.CODES["9"] || n * 10 + digit - Codepoint.CODES["0"] > this.patternGroupCount) break;
						n = n * 10 + digit - Codepoint.CODES["0"];
					}
					if (n > this.patternGroupCount) throw new RE2JSGroupException(`n > number of groups: ${n}`);
					const group = this.group(n);
					if (group !== null) res += group;
					i = j;
					last = i;
				} else if (nextCode === Codepoint.CODES["{"]) {
					let j = i + 2;
					while (j < m && replacement.codePointAt(j) !== Codepoint.CODES["}"]) j++;
					if (j >= m) throw new RE2JSGroupException("named capture group is missing trailing '}'");
					const groupName = replacement.substring(i + 2, j);
					const groupVal = this.group(groupName);
					if (groupVal !== null) res += groupVal;
					i = j + 1;
					last = i;
				} else throw new RE2JSGroupException("Illegal group reference");
				continue;
			}
			i++;
		}
		if (last < m) res += replacement.substring(last, m);
		return res;
	}
	/**
	* Expands |replacement| for the current match by the rules of String.prototype.replace
	* (ECMAScript GetSubstitution): $$ is "$", $& the match, $` the text before it, $' the text
	* after it, $n and $nn a group (two digits only when they form a valid group number, so with
	* one group "$10" is group 1 then "0"; an unmatched group is empty), and $<name> a named group
	* (empty when no such group), only when the pattern has named groups. Anything else, such as
	* "$0" or "$<" without a closing ">", is kept as is.
	* @param {string} replacement - the replacement string
	* @returns {string}
	* @private
	*/
	appendReplacementInternalJs(replacement) {
		const isDigit = (c) => c >= 48 && c <= 57;
		const groupCount = this.patternGroupCount;
		let res = "";
		let i = 0;
		while (i < replacement.length) {
			const dollar = replacement.indexOf("$", i);
			if (dollar < 0) break;
			res += replacement.substring(i, dollar);
			i = dollar;
			const c = replacement.charCodeAt(i + 1);
			if (c === Codepoint.CODES["$"]) {
				res += "$";
				i += 2;
			} else if (c === Codepoint.CODES["&"]) {
				res += this.group(0);
				i += 2;
			} else if (c === Codepoint.CODES["`"]) {
				res += this.substring(0, this.start(0));
				i += 2;
			} else if (c === Codepoint.CODES["'"]) {
				res += this.substring(this.end(0), this.matcherInputLength);
				i += 2;
			} else if (isDigit(c)) {
				let digits = 1;
				let index = c - 48;
				const c2 = replacement.charCodeAt(i + 2);
				if (isDigit(c2) && index * 10 + c2 - 48 <= groupCount) {
					digits = 2;
					index = index * 10 + c2 - 48;
				}
				if (index >= 1 && index <= groupCount) {
					const group = this.group(index);
					if (group !== null) res += group;
				} else res += replacement.substring(i, i + 1 + digits);
				i += 1 + digits;
			} else if (c === Codepoint.CODES["<"] && this.hasNamedGroups) {
				const gt = replacement.indexOf(">", i + 2);
				if (gt < 0) {
					res += "$<";
					i += 2;
				} else {
					const name = replacement.substring(i + 2, gt);
					if (Object.hasOwn(this.namedGroups, name)) {
						const group = this.group(name);
						if (group !== null) res += group;
					}
					i = gt + 1;
				}
			} else {
				res += "$";
				i += 1;
			}
		}
		return res + replacement.substring(i);
	}
	/**
	* Return the substring of the input from the append position to the end of the
	* input.
	* @returns {string}
	*/
	appendTail() {
		return this.substring(this.appendPos, this.matcherInputLength);
	}
	/**
	* Returns the input with all matches replaced by {@code replacement}, interpreted as for
	* {@code appendReplacement}.
	*
	* @param {string|((...args: any[]) => string)} replacement - the replacement string or a replacer function
	* @param {boolean} [javaMode=false] - activate java mode (different behaviour for capture groups and special characters)
	* @returns {string} the input string with the matches replaced
	* @throws IndexOutOfBoundsException if replacement refers to an invalid group and javaMode is true
	*/
	replaceAll(replacement, javaMode = false) {
		return this.replace(replacement, true, javaMode);
	}
	/**
	* Returns the input with the first match replaced by {@code replacement}, interpreted as for
	* {@code appendReplacement}.
	*
	* @param {string|((...args: any[]) => string)} replacement - the replacement string or a replacer function
	* @param {boolean} [javaMode=false] - activate java mode (different behaviour for capture groups and special characters)
	* @returns {string} the input string with the first match replaced
	* @throws IndexOutOfBoundsException if replacement refers to an invalid group and javaMode is true
	*/
	replaceFirst(replacement, javaMode = false) {
		return this.replace(replacement, false, javaMode);
	}
	/**
	* Helper: replaceAll/replaceFirst hybrid.
	* @param {string|((...args: any[]) => string)} replacement - the replacement string or a replacer function
	* @param {boolean} [all=true] - replace all matches
	* @param {boolean} [javaMode=false] - activate java mode (different behaviour for capture groups and special characters)
	* @returns {string}
	* @private
	*/
	replace(replacement, all = true, javaMode = false) {
		let res = "";
		this.reset();
		const isFunc = typeof replacement === "function";
		let originalInput = null;
		if (isFunc) {
			if (this.groupCount() >= Matcher.MAX_REPLACER_ARGS) throw new RE2JSGroupException("Too many capture groups to safely invoke replacer function");
			originalInput = this.matcherInput.isUTF8Encoding() ? this.matcherInput.asBytes() : this.matcherInput.asCharSequence();
		}
		while (this.find()) {
			res += isFunc ? this.appendReplacementFunc(replacement, originalInput) : this.appendReplacement(replacement, javaMode);
			if (!all) break;
		}
		res += this.appendTail();
		return res;
	}
	/**
	* Evaluates a replacer function for the current match and appends the result,
	* along with any un-matched preceding text, advancing the append position.
	* @param {Function} replacer - the replacer function
	* @param {string|Uint8Array|number[]} originalInput - the cached original input reference
	* @returns {string} the evaluated string to append
	* @private
	*/
	appendReplacementFunc(replacer, originalInput) {
		let res = "";
		const s = this.start();
		const e = this.end();
		if (this.appendPos < s) res += this.substring(this.appendPos, s);
		this.appendPos = e;
		/** @type {unknown[]} */
		const args = this.matchArray();
		args.push(s, originalInput);
		if (this.hasNamedGroups) args.push(this.namedGroupsObject());
		res += String(replacer(...args));
		return res;
	}
	/**
	* The match and its groups, as the elements of a JS RegExpExecArray: undefined for a group that
	* did not take part in the match. Used by exec(), matchAll() and replacer functions.
	* @returns {Array<string|undefined>}
	* @private
	*/
	matchArray() {
		const result = [this.group(0)];
		for (let i = 1; i <= this.patternGroupCount; i++) {
			const group = this.group(i);
			result.push(group === null ? void 0 : group);
		}
		return result;
	}
	/**
	* The named groups, as the groups property of a JS RegExpExecArray: an object without a
	* prototype mapping each name to its group (undefined when it did not take part in the match),
	* or undefined when the pattern has no named groups.
	* @returns {Record<string, string|undefined>|undefined}
	* @private
	*/
	namedGroupsObject() {
		if (!this.hasNamedGroups) return;
		const result = this.getNamedGroups();
		for (const name in result) if (result[name] === null) result[name] = void 0;
		return result;
	}
};
// src/Inst.js
/**
* A single instruction in the regular expression virtual machine.
*
* @see http://swtch.com/~rsc/regexp/regexp2.html
*/
var Inst = class Inst {
	static ALT = 1;
	static ALT_MATCH = 2;
	static CAPTURE = 3;
	static EMPTY_WIDTH = 4;
	static FAIL = 5;
	static MATCH = 6;
	static NOP = 7;
	static RUNE = 8;
	static RUNE1 = 9;
	static RUNE_ANY = 10;
	static RUNE_ANY_NOT_NL = 11;
	static LB_WRITE = 12;
	static LB_CHECK = 13;
	static isRuneOp(op) {
		return Inst.RUNE <= op && op <= Inst.RUNE_ANY_NOT_NL;
	}
	static escapeRunes(runes) {
		let out = "\"";
		for (let rune of runes) out += Utils.escapeRune(rune);
		out += "\"";
		return out;
	}
	constructor(op) {
		this.op = op;
		this.out = 0;
		this.arg = 0;
		/** @type {Int32Array} */
		this.runes = /* @__PURE__ */ new Int32Array(0);
		/** @type {Uint32Array | number[] | null} */
		this.next = null;
	}
	matchRune(r) {
		if (this.runes.length === 1) {
			const r0 = this.runes[0];
			if ((this.arg & RE2Flags.FOLD_CASE) !== 0) return Unicode.equalsIgnoreCase(r0, r);
			return r === r0;
		}
		const len = this.runes.length;
		if (len === 0) return false;
		if (len === 2 || len === 4 || len === 6 || len === 8) {
			for (let j = 0; j < len; j += 2) {
				if (r < this.runes[j]) return false;
				if (r <= this.runes[j + 1]) return true;
			}
			return false;
		}
		let base = 0;
		let n = len >> 1;
		while (n > 1) {
			const half = n >> 1;
			base += this.runes[base + half << 1] <= r ? half : 0;
			n -= half;
		}
		base += this.runes[base << 1] <= r ? 1 : 0;
		const m = base - 1;
		return m >= 0 && r <= this.runes[m << 1 | 1];
	}
	matchRunePos(r) {
		if (this.runes.length === 1) {
			const r0 = this.runes[0];
			if ((this.arg & RE2Flags.FOLD_CASE) !== 0) return Unicode.equalsIgnoreCase(r0, r) ? 0 : -1;
			return r === r0 ? 0 : -1;
		}
		const len = this.runes.length;
		if (len === 0) return -1;
		if (len === 2 || len === 4 || len === 6 || len === 8) {
			for (let j = 0; j < len; j += 2) {
				if (r < this.runes[j]) return -1;
				if (r <= this.runes[j + 1]) return Math.floor(j / 2);
			}
			return -1;
		}
		let base = 0;
		let n = len >> 1;
		while (n > 1) {
			const half = n >> 1;
			base += this.runes[base + half << 1] <= r ? half : 0;
			n -= half;
		}
		base += this.runes[base << 1] <= r ? 1 : 0;
		const m = base - 1;
		return m >= 0 && r <= this.runes[m << 1 | 1] ? m : -1;
	}
	/**
	*
	* @returns {string}
	*/
	toString() {
		switch (this.op) {
			case Inst.ALT: return `alt -> ${this.out}, ${this.arg}`;
			case Inst.ALT_MATCH: return `altmatch -> ${this.out}, ${this.arg}`;
			case Inst.CAPTURE: return `cap ${this.arg} -> ${this.out}`;
			case Inst.EMPTY_WIDTH: return `empty ${this.arg} -> ${this.out}`;
			case Inst.MATCH: return `match${this.arg !== 0 ? ` ${this.arg}` : ""}`;
			case Inst.FAIL: return "fail";
			case Inst.NOP: return `nop -> ${this.out}`;
			case Inst.LB_WRITE: return `lbwrite ${this.arg} -> ${this.out}`;
			case Inst.LB_CHECK: return `lbcheck ${this.arg} -> ${this.out}`;
			case Inst.RUNE:
				if (this.runes === null) return "rune <null>";
				return [
					"rune ",
					Inst.escapeRunes(this.runes),
					(this.arg & RE2Flags.FOLD_CASE) !== 0 ? "/i" : "",
					" -> ",
					this.out
				].join("");
			case Inst.RUNE1: return `rune1 ${Inst.escapeRunes(this.runes)} -> ${this.out}`;
			case Inst.RUNE_ANY: return `any -> ${this.out}`;
			case Inst.RUNE_ANY_NOT_NL: return `anynotnl -> ${this.out}`;
			default: throw new Error("unhandled case in Inst.toString");
		}
	}
};
// src/Machine.js
var Queue = class Queue {
	constructor(numInst) {
		this.sparse = new Int32Array(numInst);
		this.densePcs = new Int32Array(numInst);
		this.denseCaps = null;
		this.size = 0;
		this.ncap = 0;
		this.mainThreads = 0;
	}
	static INITIAL_THREADS = 32;
	init(ncap) {
		this.ncap = ncap;
		const needed = Math.min(this.densePcs.length, Queue.INITIAL_THREADS) * ncap;
		if (!this.denseCaps || this.denseCaps.length < needed) this.denseCaps = new Int32Array(needed);
	}
	growCaps(needed) {
		const limit = this.densePcs.length * this.ncap;
		const grown = new Int32Array(Math.min(limit, Math.max(needed, 2 * this.denseCaps.length)));
		grown.set(this.denseCaps);
		this.denseCaps = grown;
	}
	contains(pc) {
		const j = this.sparse[pc];
		return j < this.size && this.densePcs[j] === pc;
	}
	isEmpty() {
		return this.size === 0;
	}
	add(pc) {
		const j = this.size++;
		this.sparse[pc] = j;
		this.densePcs[j] = pc;
		return j;
	}
	clear() {
		this.size = 0;
		this.mainThreads = 0;
	}
	toString() {
		let out = "{";
		for (let i = 0; i < this.size; i++) {
			if (i !== 0) out += ", ";
			out += this.densePcs[i];
		}
		out += "}";
		return out;
	}
};
var LookbehindState = class {
	constructor(prog) {
		this.pos = -1;
		this.pcs = new Int32Array(prog.numInst());
		this.size = 0;
		this.lbTable = new Int32Array(prog.numLb + 1);
	}
	reset() {
		this.pos = -1;
		this.size = 0;
	}
};
var Machine = class Machine {
	static fromRE2(re2) {
		const m = new Machine();
		m.prog = re2.prog;
		m.re2 = re2;
		m.q0 = new Queue(m.prog.numInst());
		m.q1 = new Queue(m.prog.numInst());
		m.addStack = new Int32Array(2 * (m.prog.numInst() + 1));
		m.matched = false;
		m.matchcap = new Int32Array(m.prog.numCap < 2 ? 2 : m.prog.numCap);
		m.ncap = 0;
		return m;
	}
	constructor() {
		this.prog = null;
		this.re2 = null;
		this.q0 = null;
		this.q1 = null;
		this.addStack = null;
		this.matched = false;
		this.matchcap = null;
		this.ncap = 0;
		this.lbTable = null;
	}
	init(ncap) {
		this.ncap = ncap;
		if (ncap > this.matchcap.length) this.matchcap = new Int32Array(ncap).fill(-1);
		else this.matchcap.fill(-1);
		this.q0.init(ncap);
		this.q1.init(ncap);
		if (this.prog.numLb > 0) {
			if (!this.lbTable || this.lbTable.length < this.prog.numLb + 1) this.lbTable = new Int32Array(this.prog.numLb + 1);
			this.lbTable.fill(-1);
		}
	}
	submatches() {
		if (this.ncap === 0) return Utils.emptyInts();
		return Utils.toArray(this.matchcap.subarray(0, this.ncap));
	}
	match(input, pos, anchor, lbState = null) {
		const startCond = this.re2.cond;
		if (startCond === Utils.EMPTY_ALL) return false;
		if ((anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) && pos !== 0) return false;
		this.matched = false;
		this.matchcap.fill(-1);
		const hasLookbehinds = this.prog.numLb > 0;
		const matchStartPos = pos;
		let currentPos = pos;
		let resumeLookbehinds = false;
		if (hasLookbehinds) {
			if (lbState !== null && lbState.pos >= 0 && lbState.pos <= pos) {
				currentPos = lbState.pos;
				resumeLookbehinds = true;
			} else currentPos = 0;
		}
		let saveLookbehinds = hasLookbehinds && lbState !== null;
		let runq = this.q0;
		let nextq = this.q1;
		let r = input.step(currentPos);
		let rune = r >> 3;
		let width = r & 7;
		let rune1 = -1;
		let width1 = 0;
		if (r !== MachineInputBase.EOF()) {
			r = input.step(currentPos + width);
			rune1 = r >> 3;
			width1 = r & 7;
		}
		let flag;
		if (currentPos === 0) flag = Utils.emptyOpContext(-1, rune);
		else flag = input.context(currentPos);
		if (hasLookbehinds) {
			if (resumeLookbehinds) this.restoreLookbehinds(lbState, runq, flag);
			else this.spawnLookbehinds(runq, currentPos, flag);
		}
		while (true) {
			if (runq.mainThreads === 0) {
				if ((startCond & Utils.EMPTY_BEGIN_TEXT) !== 0 && currentPos !== 0) break;
				if ((anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) && currentPos !== 0) break;
				if (this.matched) break;
				if (this.prog.numLb === 0 && runq.isEmpty() && !(this.re2.prefix.length === 0) && rune1 !== this.re2.prefixRune && input.canCheckPrefix()) {
					const advance = input.index(this.re2, currentPos);
					if (advance < 0) break;
					currentPos += advance;
					r = input.step(currentPos);
					rune = r >> 3;
					width = r & 7;
					r = input.step(currentPos + width);
					rune1 = r >> 3;
					width1 = r & 7;
					flag = input.context(currentPos);
				}
			}
			if (currentPos >= matchStartPos) {
				if (saveLookbehinds) {
					this.saveLookbehinds(lbState, runq, currentPos);
					saveLookbehinds = false;
				}
				if (!this.matched && (currentPos === 0 || anchor === RE2Flags.UNANCHORED)) {
					if (this.ncap > 0) this.matchcap[0] = currentPos;
					this.add(runq, this.prog.start, currentPos, this.matchcap, 0, flag);
				}
			}
			const nextPos = currentPos + width;
			flag = input.context(nextPos);
			this.step(runq, nextq, currentPos, nextPos, rune, flag, anchor, currentPos === input.endPos());
			if (width === 0) break;
			if (this.ncap === 0 && this.matched) break;
			currentPos += width;
			rune = rune1;
			width = width1;
			if (rune !== -1) {
				r = input.step(currentPos + width);
				rune1 = r >> 3;
				width1 = r & 7;
			}
			const tmpq = runq;
			runq = nextq;
			nextq = tmpq;
		}
		runq.clear();
		nextq.clear();
		return this.matched;
	}
	matchSet(input, pos, anchor) {
		const startCond = this.re2.cond;
		if (startCond === Utils.EMPTY_ALL) return [];
		if ((anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) && pos !== 0) return [];
		let currentPos = this.prog.numLb > 0 ? 0 : pos;
		let matchStartPos = pos;
		let runq = this.q0;
		let nextq = this.q1;
		let r = input.step(currentPos);
		let rune = r >> 3;
		let width = r & 7;
		let rune1 = -1;
		let width1 = 0;
		if (r !== MachineInputBase.EOF()) {
			r = input.step(currentPos + width);
			rune1 = r >> 3;
			width1 = r & 7;
		}
		let flag = currentPos === 0 ? Utils.emptyOpContext(-1, rune) : input.context(currentPos);
		const matches = /* @__PURE__ */ new Set();
		if (this.prog.numLb > 0) this.spawnLookbehinds(runq, currentPos, flag);
		while (true) {
			if (runq.mainThreads === 0) {
				if ((startCond & Utils.EMPTY_BEGIN_TEXT) !== 0 && currentPos !== 0) break;
				if ((anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) && currentPos !== 0) break;
			}
			if (currentPos === 0 || anchor === RE2Flags.UNANCHORED) {
				if (currentPos >= matchStartPos) this.add(runq, this.prog.start, currentPos, this.matchcap, 0, flag);
			}
			const nextPos = currentPos + width;
			flag = input.context(nextPos);
			for (let j = 0; j < runq.size; j++) {
				const pc = runq.densePcs[j];
				const i = this.prog.inst[pc];
				const capOffset = j * this.ncap;
				let add = false;
				switch (i.op) {
					case Inst.MATCH:
						if (anchor === RE2Flags.ANCHOR_BOTH && currentPos !== input.endPos()) break;
						matches.add(i.arg);
						break;
					case Inst.RUNE:
						add = i.matchRune(rune);
						break;
					case Inst.RUNE1:
						add = rune === i.runes[0];
						break;
					case Inst.RUNE_ANY:
						add = true;
						break;
					case Inst.RUNE_ANY_NOT_NL:
						add = rune !== 10;
						break;
					default: continue;
				}
				if (add) this.add(nextq, i.out, nextPos, runq.denseCaps, capOffset, flag);
			}
			runq.clear();
			if (width === 0) break;
			currentPos += width;
			rune = rune1;
			width = width1;
			if (rune !== -1) {
				r = input.step(currentPos + width);
				rune1 = r >> 3;
				width1 = r & 7;
			}
			const tmpq = runq;
			runq = nextq;
			nextq = tmpq;
		}
		nextq.clear();
		return Array.from(matches).sort((a, b) => a - b);
	}
	step(runq, nextq, pos, nextPos, c, nextCond, anchor, atEnd) {
		const longest = this.re2.longest;
		for (let j = 0; j < runq.size; j++) {
			const pc = runq.densePcs[j];
			const capOffset = j * this.ncap;
			if (longest && this.matched && this.ncap > 0 && this.matchcap[0] < runq.denseCaps[capOffset]) continue;
			const i = this.prog.inst[pc];
			let add = false;
			switch (i.op) {
				case Inst.MATCH:
					if (anchor === RE2Flags.ANCHOR_BOTH && !atEnd) break;
					if (this.ncap > 0 && (!longest || !this.matched || this.matchcap[1] < pos)) {
						runq.denseCaps[capOffset + 1] = pos;
						for (let k = 0; k < this.ncap; k++) this.matchcap[k] = runq.denseCaps[capOffset + k];
					}
					if (!longest) runq.size = 0;
					this.matched = true;
					break;
				case Inst.RUNE:
					add = i.matchRune(c);
					break;
				case Inst.RUNE1:
					add = c === i.runes[0];
					break;
				case Inst.RUNE_ANY:
					add = true;
					break;
				case Inst.RUNE_ANY_NOT_NL:
					add = c !== 10;
					break;
				default: continue;
			}
			if (add) this.add(nextq, i.out, nextPos, runq.denseCaps, capOffset, nextCond);
		}
		runq.clear();
	}
	spawnLookbehinds(q, pos, flag) {
		for (let i = 0; i < this.prog.lbStarts.length; i++) this.add(q, this.prog.lbStarts[i], pos, this.matchcap, 0, flag);
	}
	restoreLookbehinds(lbState, q, flag) {
		this.lbTable.set(lbState.lbTable);
		for (let j = 0; j < lbState.size; j++) this.add(q, lbState.pcs[j], lbState.pos, this.matchcap, 0, flag);
	}
	saveLookbehinds(lbState, q, pos) {
		let size = 0;
		for (let j = 0; j < q.size; j++) {
			const pc = q.densePcs[j];
			if (this.prog.lbInst[pc] === 1 && Inst.isRuneOp(this.prog.inst[pc].op)) lbState.pcs[size++] = pc;
		}
		lbState.size = size;
		lbState.pos = pos;
		lbState.lbTable.set(this.lbTable);
	}
	add(q, pc, pos, capArray, capOffset, cond) {
		const stk = this.addStack;
		let nstk = 0;
		for (;;) {
			while (pc !== 0 && !q.contains(pc)) {
				const d = q.add(pc);
				const inst = this.prog.inst[pc];
				switch (inst.op) {
					case Inst.FAIL:
						pc = 0;
						break;
					case Inst.ALT:
					case Inst.ALT_MATCH:
						stk[nstk++] = inst.arg;
						stk[nstk++] = 0;
						pc = inst.out;
						break;
					case Inst.EMPTY_WIDTH:
						pc = (inst.arg & ~cond) === 0 ? inst.out : 0;
						break;
					case Inst.NOP:
						pc = inst.out;
						break;
					case Inst.CAPTURE:
						if (inst.arg < this.ncap) {
							stk[nstk++] = -inst.arg - 1;
							stk[nstk++] = capArray[capOffset + inst.arg];
							capArray[capOffset + inst.arg] = pos;
						}
						pc = inst.out;
						break;
					case Inst.LB_WRITE:
						this.lbTable[Math.abs(inst.arg)] = pos;
						pc = inst.out;
						break;
					case Inst.LB_CHECK:
						if (inst.arg > 0) pc = this.lbTable[inst.arg] === pos ? inst.out : 0;
						else pc = this.lbTable[-inst.arg] !== pos ? inst.out : 0;
						break;
					case Inst.MATCH:
					case Inst.RUNE:
					case Inst.RUNE1:
					case Inst.RUNE_ANY:
					case Inst.RUNE_ANY_NOT_NL:
						if (this.prog.lbInst[pc] === 0) q.mainThreads++;
						if (this.ncap > 0) {
							const destOffset = d * this.ncap;
							if (destOffset + this.ncap > q.denseCaps.length) q.growCaps(destOffset + this.ncap);
							for (let c = 0; c < this.ncap; c++) q.denseCaps[destOffset + c] = capArray[capOffset + c];
						}
						pc = 0;
						break;
					default: throw new RE2JSInternalException("unhandled");
				}
			}
			if (nstk === 0) return;
			nstk -= 2;
			const entry = stk[nstk];
			if (entry < 0) {
				capArray[capOffset - entry - 1] = stk[nstk + 1];
				pc = 0;
			} else pc = entry;
		}
	}
};
// src/DFA.js
const hashState = (pcs, flag, ids) => {
	let h = -2128831035;
	for (let i = 0; i < pcs.length; i++) {
		h ^= pcs[i];
		h = Math.imul(h, 16777619);
	}
	h ^= flag;
	h = Math.imul(h, 16777619);
	for (let i = 0; i < ids.length; i++) {
		h ^= ids[i];
		h = Math.imul(h, 16777619);
	}
	return h;
};
const arraysEqual = (a, b) => {
	if (a.length !== b.length) return false;
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
	return true;
};
const isState = (state, pcs, flag, ids) => state.flag === flag && arraysEqual(state.nfaStates, pcs) && arraysEqual(state.matchIDs, ids);
const NO_IDS = [];
const END_TEXT = -1;
var DFAState = class {
	constructor(nfaStates, flag, matchIDs) {
		this.nfaStates = nfaStates;
		this.flag = flag;
		this.isMatch = (flag & DFA.FLAG_MATCH) !== 0;
		this.matchIDs = matchIDs;
		this.next = null;
		this.nextAnchored = null;
	}
};
var DFA = class DFA {
	static FLAG_EMPTY_MASK = 255;
	static FLAG_MATCH = 256;
	static FLAG_LAST_WORD = 512;
	static FLAG_NEED_SHIFT = 16;
	static STATE_OVERHEAD = 150;
	static ARRAY_OVERHEAD = 40;
	static ELEMENT_SIZE = 8;
	static TABLE_OVERHEAD = 48;
	static PROGRESS_PER_STATE = 10;
	constructor(prog, maxMem = 8388608) {
		this.prog = prog;
		this.maxMem = maxMem;
		this.stateCache = /* @__PURE__ */ new Map();
		this.stateCount = 0;
		this.startStates = /* @__PURE__ */ new Map();
		this.failed = false;
		for (let pc = 0; pc < prog.numInst(); pc++) {
			const op = prog.getInst(pc).op;
			if (op === Inst.LB_WRITE || op === Inst.LB_CHECK) {
				this.failed = true;
				break;
			}
		}
		this.computeRuneClasses();
		this.stateBudget = maxMem;
		this.memBudget = maxMem;
	}
	computeRuneClasses() {
		const bounds = /* @__PURE__ */ new Set();
		const addRange = (lo, hi) => {
			bounds.add(lo);
			bounds.add(hi + 1);
		};
		for (let pc = 0; pc < this.prog.numInst(); pc++) {
			const inst = this.prog.getInst(pc);
			switch (inst.op) {
				case Inst.RUNE:
				case Inst.RUNE1:
					if (inst.runes.length === 1) {
						addRange(inst.runes[0], inst.runes[0]);
						if ((inst.arg & RE2Flags.FOLD_CASE) !== 0) for (let f = Unicode.simpleFold(inst.runes[0]); f !== inst.runes[0]; f = Unicode.simpleFold(f)) addRange(f, f);
					} else for (let j = 0; j < inst.runes.length; j += 2) addRange(inst.runes[j], inst.runes[j + 1]);
					break;
				case Inst.RUNE_ANY_NOT_NL:
					addRange(10, 10);
					break;
				case Inst.EMPTY_WIDTH:
					if ((inst.arg & (Utils.EMPTY_BEGIN_LINE | Utils.EMPTY_END_LINE)) !== 0) addRange(10, 10);
					if ((inst.arg & (Utils.EMPTY_WORD_BOUNDARY | Utils.EMPTY_NO_WORD_BOUNDARY)) !== 0) {
						addRange(48, 57);
						addRange(65, 90);
						addRange(95, 95);
						addRange(97, 122);
					}
			}
		}
		bounds.delete(0);
		this.classBounds = Int32Array.from(bounds).sort();
		this.numClasses = this.classBounds.length + 1;
		const latin1Class = new Int32Array(Unicode.MAX_LATIN1 + 1);
		for (let r = 0; r <= Unicode.MAX_LATIN1; r++) latin1Class[r] = this.searchClass(r);
		this.latin1Class = latin1Class;
	}
	runeClass(r) {
		if (r <= Unicode.MAX_LATIN1) return this.latin1Class[r];
		return this.searchClass(r);
	}
	searchClass(r) {
		const bounds = this.classBounds;
		let lo = 0;
		let hi = bounds.length;
		while (lo < hi) {
			const mid = lo + hi >> 1;
			if (bounds[mid] <= r) lo = mid + 1;
			else hi = mid;
		}
		return lo;
	}
	closure(pcs, flag) {
		const closure = /* @__PURE__ */ new Set();
		const stack = Array.from(pcs);
		let needflags = 0;
		while (stack.length > 0) {
			const pc = stack.pop();
			if (pc === 0 || closure.has(pc)) continue;
			closure.add(pc);
			const inst = this.prog.getInst(pc);
			switch (inst.op) {
				case Inst.ALT:
				case Inst.ALT_MATCH:
					stack.push(inst.out);
					stack.push(inst.arg);
					break;
				case Inst.NOP:
				case Inst.CAPTURE:
					stack.push(inst.out);
					break;
				case Inst.EMPTY_WIDTH:
					needflags |= inst.arg;
					if ((inst.arg & ~flag) === 0) stack.push(inst.out);
			}
		}
		return {
			pcs: Array.from(closure).sort((a, b) => a - b),
			needflags
		};
	}
	getState(pcs, flag, ids) {
		const hash = hashState(pcs, flag, ids);
		const cached = this.stateCache.get(hash);
		if (cached instanceof DFAState) {
			if (isState(cached, pcs, flag, ids)) return cached;
		} else if (cached !== void 0) {
			for (let i = 0; i < cached.length; i++) if (isState(cached[i], pcs, flag, ids)) return cached[i];
		}
		const cost = DFA.stateCost(pcs, ids);
		if (this.memBudget < cost) return null;
		this.memBudget -= cost;
		const state = new DFAState(pcs, flag, ids);
		if (cached === void 0) this.stateCache.set(hash, state);
		else if (cached instanceof DFAState) this.stateCache.set(hash, [cached, state]);
		else cached.push(state);
		this.stateCount++;
		return state;
	}
	static stateCost(pcs, ids) {
		const idsCost = ids.length === 0 ? 0 : DFA.ARRAY_OVERHEAD + DFA.ELEMENT_SIZE * ids.length;
		return DFA.STATE_OVERHEAD + DFA.ELEMENT_SIZE * pcs.length + idsCost;
	}
	*cachedStates() {
		for (const cached of this.stateCache.values()) if (cached instanceof DFAState) yield cached;
		else yield* cached;
	}
	makeState(pcs, flag, ids) {
		const closure = this.closure(pcs, flag & DFA.FLAG_EMPTY_MASK);
		let stateFlag = flag;
		if (closure.needflags === 0) stateFlag &= DFA.FLAG_MATCH;
		stateFlag |= closure.needflags << DFA.FLAG_NEED_SHIFT;
		return this.getState(closure.pcs, stateFlag, ids);
	}
	allocTable(state, anchor) {
		const size = this.numClasses + 1;
		const cost = DFA.TABLE_OVERHEAD + DFA.ELEMENT_SIZE * size;
		if (this.memBudget < cost) return null;
		this.memBudget -= cost;
		const table = new Array(size).fill(null);
		if (anchor === RE2Flags.UNANCHORED) state.next = table;
		else state.nextAnchored = table;
		return table;
	}
	clearCache() {
		this.stateCache.clear();
		this.stateCount = 0;
		this.startStates.clear();
		this.memBudget = this.stateBudget;
	}
	resetCache(current) {
		this.clearCache();
		return this.getState(current.nfaStates, current.flag, current.matchIDs);
	}
	step(state, cls, rune, anchor) {
		let table = anchor === RE2Flags.UNANCHORED ? state.next : state.nextAnchored;
		if (table !== null) {
			const cached = table[cls];
			if (cached !== null) return cached;
		} else {
			table = this.allocTable(state, anchor);
			if (table === null) return null;
		}
		const needflag = state.flag >>> DFA.FLAG_NEED_SHIFT;
		const oldbeforeflag = state.flag & DFA.FLAG_EMPTY_MASK;
		let beforeflag = oldbeforeflag;
		let afterflag = 0;
		if (rune === 10) {
			beforeflag |= Utils.EMPTY_END_LINE;
			afterflag |= Utils.EMPTY_BEGIN_LINE;
		}
		if (rune === END_TEXT) beforeflag |= Utils.EMPTY_END_LINE | Utils.EMPTY_END_TEXT;
		const islastword = (state.flag & DFA.FLAG_LAST_WORD) !== 0;
		const isword = rune !== END_TEXT && Utils.isWordRune(rune);
		beforeflag |= isword === islastword ? Utils.EMPTY_NO_WORD_BOUNDARY : Utils.EMPTY_WORD_BOUNDARY;
		let pcs = state.nfaStates;
		if ((beforeflag & ~oldbeforeflag & needflag) !== 0) pcs = this.closure(pcs, beforeflag).pcs;
		const nextPCs = [];
		let ismatch = false;
		let ids = NO_IDS;
		for (let i = 0; i < pcs.length; i++) {
			const inst = this.prog.getInst(pcs[i]);
			if (inst.op === Inst.MATCH) {
				if (!ismatch) {
					ismatch = true;
					ids = [];
				}
				ids.push(inst.arg);
			} else if (rune !== END_TEXT && Inst.isRuneOp(inst.op) && inst.matchRune(rune)) nextPCs.push(inst.out);
		}
		if (ids.length > 1) ids.sort((a, b) => a - b);
		if (anchor === RE2Flags.UNANCHORED && rune !== END_TEXT) nextPCs.push(this.prog.start);
		let flag = afterflag;
		if (ismatch) flag |= DFA.FLAG_MATCH;
		if (isword) flag |= DFA.FLAG_LAST_WORD;
		const nextState = this.makeState(nextPCs, flag, ids);
		if (nextState === null) return null;
		table[cls] = nextState;
		return nextState;
	}
	start(input, pos) {
		const context = input.context(pos);
		let flags;
		if ((context & Utils.EMPTY_BEGIN_TEXT) !== 0) flags = Utils.EMPTY_BEGIN_TEXT | Utils.EMPTY_BEGIN_LINE;
		else if ((context & Utils.EMPTY_BEGIN_LINE) !== 0) flags = Utils.EMPTY_BEGIN_LINE;
		else {
			const r = input.step(pos);
			const nextIsWord = r >= 0 && Utils.isWordRune(r >> 3);
			flags = (context & Utils.EMPTY_WORD_BOUNDARY) !== 0 !== nextIsWord ? DFA.FLAG_LAST_WORD : 0;
		}
		let state = this.startStates.get(flags);
		if (state === void 0) {
			state = this.makeState([this.prog.start], flags, NO_IDS);
			if (state === null) {
				this.clearCache();
				state = this.makeState([this.prog.start], flags, NO_IDS);
				if (state === null) return null;
			}
			this.startStates.set(flags, state);
		}
		return state;
	}
	stepOrReset(state, cls, rune, anchor, pos, search) {
		let next = this.step(state, cls, rune, anchor);
		if (next !== null) return next;
		if (search.resetPos >= 0 && pos - search.resetPos < DFA.PROGRESS_PER_STATE * this.stateCount) return null;
		search.resetPos = pos;
		const restored = this.resetCache(state);
		if (restored === null) return null;
		next = this.step(restored, cls, rune, anchor);
		return next;
	}
	run(input, pos, anchor, state, onMatch) {
		const endPos = input.endPos();
		const latin1Class = this.latin1Class;
		const unanchored = anchor === RE2Flags.UNANCHORED;
		const search = { resetPos: -1 };
		let i = pos;
		while (i < endPos) {
			const r = input.step(i);
			const rune = r >> 3;
			const width = r & 7;
			if (width === 0) break;
			const cls = rune <= Unicode.MAX_LATIN1 ? latin1Class[rune] : this.runeClass(rune);
			let next = unanchored && state.next !== null ? state.next[cls] : null;
			if (next === null) {
				next = this.stepOrReset(state, cls, rune, anchor, i, search);
				if (next === null) return null;
			}
			state = next;
			if (state.isMatch && onMatch(state, false)) return true;
			if (!unanchored && state.nfaStates.length === 0) return false;
			i += width;
		}
		state = this.stepOrReset(state, this.numClasses, END_TEXT, anchor, i, search);
		if (state === null) return null;
		return state.isMatch && onMatch(state, true);
	}
	match(input, pos, anchor) {
		if (this.failed) return null;
		if ((anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) && pos !== 0) return false;
		const startState = this.start(input, pos);
		if (startState === null) return null;
		return this.run(input, pos, anchor, startState, (state, atEnd) => anchor !== RE2Flags.ANCHOR_BOTH || atEnd);
	}
	matchSet(input, pos, anchor) {
		if (this.failed) return null;
		if ((anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) && pos !== 0) return [];
		const startState = this.start(input, pos);
		if (startState === null) return null;
		const matches = /* @__PURE__ */ new Set();
		const collect = (state, atEnd) => {
			if (anchor !== RE2Flags.ANCHOR_BOTH || atEnd) for (let k = 0; k < state.matchIDs.length; k++) matches.add(state.matchIDs[k]);
			return false;
		};
		if (this.run(input, pos, anchor, startState, collect) === null) return null;
		return Array.from(matches).sort((a, b) => a - b);
	}
};
// src/Backtracker.js
const VISITED_BITS = 32;
const MAX_BACKTRACK_PROG = 500;
const INITIAL_JOB_CAPACITY = 256;
const MAX_BACKTRACK_VECTOR = 262144;
var BitState = class {
	constructor() {
		this.end = 0;
		this.cap = /* @__PURE__ */ new Int32Array(0);
		this.matchcap = /* @__PURE__ */ new Int32Array(0);
		this.ncap = 0;
		this.jobPc = new Int32Array(INITIAL_JOB_CAPACITY);
		this.jobArg = new Uint8Array(INITIAL_JOB_CAPACITY);
		this.jobPos = new Int32Array(INITIAL_JOB_CAPACITY);
		this.jobLen = 0;
		this.visited = /* @__PURE__ */ new Uint32Array(0);
	}
	reset(prog, end, ncap) {
		this.end = end;
		this.jobLen = 0;
		this.ncap = ncap;
		const visitedSize = prog.numInst() * (end + 1) + VISITED_BITS - 1 >>> 5;
		if (this.visited.length < visitedSize) this.visited = new Uint32Array(visitedSize);
		else this.visited.fill(0, 0, visitedSize);
		if (this.cap.length < ncap) this.cap = new Int32Array(ncap).fill(-1);
		else this.cap.fill(-1, 0, ncap);
		if (this.matchcap.length < ncap) this.matchcap = new Int32Array(ncap).fill(-1);
		else this.matchcap.fill(-1, 0, ncap);
	}
	shouldVisit(pc, pos) {
		const n = pc * (this.end + 1) + pos;
		const idx = n >>> 5;
		const mask = 1 << (n & 31);
		if ((this.visited[idx] & mask) !== 0) return false;
		this.visited[idx] |= mask;
		return true;
	}
	push(re2, pc, pos, arg) {
		if (re2.prog.getInst(pc).op !== Inst.FAIL && (arg || this.shouldVisit(pc, pos))) {
			if (this.jobLen >= this.jobPc.length) {
				const newSize = this.jobPc.length * 2;
				const newPc = new Int32Array(newSize);
				newPc.set(this.jobPc);
				this.jobPc = newPc;
				const newArg = new Uint8Array(newSize);
				newArg.set(this.jobArg);
				this.jobArg = newArg;
				const newPos = new Int32Array(newSize);
				newPos.set(this.jobPos);
				this.jobPos = newPos;
			}
			this.jobPc[this.jobLen] = pc;
			this.jobArg[this.jobLen] = arg ? 1 : 0;
			this.jobPos[this.jobLen] = pos;
			this.jobLen++;
		}
	}
	tryBacktrack(re2, input, pc, pos, anchor) {
		const longest = re2.longest;
		this.push(re2, pc, pos, false);
		while (this.jobLen > 0) {
			this.jobLen--;
			let currentPc = this.jobPc[this.jobLen];
			let arg = this.jobArg[this.jobLen] === 1;
			let currentPos = this.jobPos[this.jobLen];
			let skipShouldVisit = true;
			while (true) {
				if (!skipShouldVisit) {
					if (!this.shouldVisit(currentPc, currentPos)) break;
				}
				skipShouldVisit = false;
				const inst = re2.prog.getInst(currentPc);
				switch (inst.op) {
					case Inst.FAIL: break;
					case Inst.ALT: if (arg) {
						arg = false;
						currentPc = inst.arg;
						continue;
					} else {
						this.push(re2, currentPc, currentPos, true);
						currentPc = inst.out;
						continue;
					}
					case Inst.ALT_MATCH: {
						const outInst = re2.prog.getInst(inst.out);
						if (Inst.isRuneOp(outInst.op)) {
							this.push(re2, inst.arg, currentPos, false);
							currentPc = inst.arg;
							currentPos = this.end;
							continue;
						}
						this.push(re2, inst.out, this.end, false);
						currentPc = inst.out;
						continue;
					}
					case Inst.RUNE: {
						const r = input.step(currentPos);
						if (r === MachineInputBase.EOF()) break;
						if (!inst.matchRune(r >> 3)) break;
						currentPos += r & 7;
						currentPc = inst.out;
						continue;
					}
					case Inst.RUNE1: {
						const r = input.step(currentPos);
						if (r === MachineInputBase.EOF()) break;
						if (r >> 3 !== inst.runes[0]) break;
						currentPos += r & 7;
						currentPc = inst.out;
						continue;
					}
					case Inst.RUNE_ANY_NOT_NL: {
						const r = input.step(currentPos);
						if (r === MachineInputBase.EOF()) break;
						if (r >> 3 === 10) break;
						currentPos += r & 7;
						currentPc = inst.out;
						continue;
					}
					case Inst.RUNE_ANY: {
						const r = input.step(currentPos);
						if (r === MachineInputBase.EOF()) break;
						currentPos += r & 7;
						currentPc = inst.out;
						continue;
					}
					case Inst.CAPTURE: if (arg) {
						this.cap[inst.arg] = currentPos;
						break;
					} else {
						if (inst.arg < this.ncap) {
							this.push(re2, currentPc, this.cap[inst.arg], true);
							this.cap[inst.arg] = currentPos;
						}
						currentPc = inst.out;
						continue;
					}
					case Inst.EMPTY_WIDTH: {
						const flag = input.context(currentPos);
						if ((inst.arg & ~flag) !== 0) break;
						currentPc = inst.out;
						continue;
					}
					case Inst.NOP:
						currentPc = inst.out;
						continue;
					case Inst.MATCH: {
						if (anchor === RE2Flags.ANCHOR_BOTH && currentPos !== this.end) break;
						if (this.ncap === 0) return true;
						if (this.ncap > 1) this.cap[1] = currentPos;
						const old = this.matchcap[1];
						if (old === -1 || longest && currentPos > 0 && currentPos > old) this.matchcap.set(this.cap);
						if (!longest) return true;
						if (currentPos === this.end) return true;
						break;
					}
					case Inst.LB_WRITE:
					case Inst.LB_CHECK: throw new RE2JSInternalException("Backtracker cannot evaluate Lookbehind instructions");
					default: throw new RE2JSInternalException("bad inst");
				}
				break;
			}
		}
		return longest && this.matchcap.length > 1 && this.matchcap[1] >= 0;
	}
};
const bitStatePool = [];
var Backtracker = class Backtracker {
	static shouldBacktrack(prog) {
		return prog.numInst() <= MAX_BACKTRACK_PROG;
	}
	static maxBitStateLen(prog) {
		if (!Backtracker.shouldBacktrack(prog)) return 0;
		return Math.floor(MAX_BACKTRACK_VECTOR / prog.numInst());
	}
	static execute(re2, input, pos, anchor, ncap) {
		const startCond = re2.cond;
		if (startCond === Utils.EMPTY_ALL) return null;
		if ((anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) && pos !== 0) return null;
		if ((startCond & Utils.EMPTY_BEGIN_TEXT) !== 0 && pos !== 0) return null;
		const b = bitStatePool.length > 0 ? bitStatePool.pop() : new BitState();
		const end = input.endPos();
		b.reset(re2.prog, end, ncap);
		let matched = false;
		if ((startCond & Utils.EMPTY_BEGIN_TEXT) !== 0 || anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) {
			if (b.ncap > 0) b.cap[0] = pos;
			if (b.tryBacktrack(re2, input, re2.prog.start, pos, anchor)) matched = true;
		} else {
			let width = -1;
			for (; pos <= end && width !== 0; pos += width) {
				if (re2.prefix.length > 0) {
					const advance = input.index(re2, pos);
					if (advance < 0) break;
					pos += advance;
				}
				if (b.ncap > 0) b.cap[0] = pos;
				if (b.tryBacktrack(re2, input, re2.prog.start, pos, anchor)) {
					matched = true;
					break;
				}
				const r = input.step(pos);
				width = r === MachineInputBase.EOF() ? 0 : r & 7;
			}
		}
		if (!matched) {
			bitStatePool.push(b);
			return null;
		}
		const result = ncap === 0 ? [] : Utils.toArray(b.matchcap.subarray(0, ncap));
		bitStatePool.push(b);
		return result;
	}
};
// src/OnePass.js
var QueueOnePass = class {
	constructor(size) {
		this.sparse = new Uint32Array(size);
		this.dense = new Uint32Array(size);
		this.size = 0;
		this.nextIndex = 0;
	}
	empty() {
		return this.nextIndex >= this.size;
	}
	next() {
		return this.dense[this.nextIndex++];
	}
	clear() {
		this.size = 0;
		this.nextIndex = 0;
	}
	contains(u) {
		return u < this.sparse.length && this.sparse[u] < this.size && this.dense[this.sparse[u]] === u;
	}
	insert(u) {
		if (!this.contains(u)) this.insertNew(u);
	}
	insertNew(u) {
		if (u >= this.sparse.length) return;
		this.sparse[u] = this.size;
		this.dense[this.size] = u;
		this.size++;
	}
};
const mergeRuneSets = (leftRunes, rightRunes, leftPC, rightPC) => {
	const leftLen = leftRunes.length;
	const rightLen = rightRunes.length;
	let lx = 0, rx = 0;
	const merged = [];
	const next = [];
	let ok = true;
	let ix = -1;
	const extend = (isLeft) => {
		const newArray = isLeft ? leftRunes : rightRunes;
		const low = isLeft ? lx : rx;
		const pc = isLeft ? leftPC : rightPC;
		if (ix > 0 && newArray[low] <= merged[ix]) return false;
		merged.push(newArray[low], newArray[low + 1]);
		if (isLeft) lx += 2;
		else rx += 2;
		ix += 2;
		next.push(pc);
		return true;
	};
	while (lx < leftLen || rx < rightLen) {
		if (rx >= rightLen) ok = extend(true);
		else if (lx >= leftLen) ok = extend(false);
		else if (rightRunes[rx] < leftRunes[lx]) ok = extend(false);
		else ok = extend(true);
		if (!ok) return null;
	}
	return {
		merged,
		next
	};
};
var OnePassProg = class {
	constructor(prog) {
		this.start = prog.start;
		this.numCap = prog.numCap;
		this.inst = new Array(prog.inst.length);
		for (let i = 0; i < prog.inst.length; i++) {
			const orig = prog.inst[i];
			const inst = new Inst(orig.op);
			inst.out = orig.out;
			inst.arg = orig.arg;
			inst.runes = orig.runes ? new Int32Array(orig.runes) : /* @__PURE__ */ new Int32Array(0);
			inst.next = null;
			this.inst[i] = inst;
		}
	}
};
const onePassCopy = (prog) => {
	const p = new OnePassProg(prog);
	for (let pc = 0; pc < p.inst.length; pc++) {
		const inst = p.inst[pc];
		if (inst.op !== Inst.ALT && inst.op !== Inst.ALT_MATCH) continue;
		let pAOther = "out";
		let pAAlt = "arg";
		let instAlt = p.inst[inst[pAAlt]];
		if (instAlt.op !== Inst.ALT && instAlt.op !== Inst.ALT_MATCH) {
			pAOther = "arg";
			pAAlt = "out";
			instAlt = p.inst[inst[pAAlt]];
			if (instAlt.op !== Inst.ALT && instAlt.op !== Inst.ALT_MATCH) continue;
		}
		const instOther = p.inst[inst[pAOther]];
		if (instOther.op === Inst.ALT || instOther.op === Inst.ALT_MATCH) continue;
		let pBAlt = "out";
		let pBOther = "arg";
		let patch = false;
		if (instAlt.out === pc) patch = true;
		else if (instAlt.arg === pc) {
			patch = true;
			pBAlt = "arg";
			pBOther = "out";
		}
		if (patch) instAlt[pBAlt] = inst[pAOther];
		if (inst[pAOther] === instAlt[pBAlt]) inst[pAAlt] = instAlt[pBOther];
	}
	return p;
};
const makeOnePass = (p) => {
	if (p.inst.length >= 1e3) return null;
	const instQueue = new QueueOnePass(p.inst.length);
	const visitQueue = new QueueOnePass(p.inst.length);
	const onePassRunes = new Array(p.inst.length);
	const m = new Array(p.inst.length).fill(false);
	const check = (pc) => {
		let ok = true;
		const inst = p.inst[pc];
		if (visitQueue.contains(pc)) return true;
		visitQueue.insert(pc);
		switch (inst.op) {
			case Inst.ALT:
			case Inst.ALT_MATCH: {
				ok = check(inst.out) && check(inst.arg);
				let matchOut = m[inst.out];
				let matchArg = m[inst.arg];
				if (matchOut && matchArg) return false;
				if (matchArg) {
					const tempOut = inst.out;
					inst.out = inst.arg;
					inst.arg = tempOut;
					const tempMatch = matchOut;
					matchOut = matchArg;
					matchArg = tempMatch;
				}
				if (matchOut) {
					m[pc] = true;
					inst.op = Inst.ALT_MATCH;
				}
				const leftRunes = onePassRunes[inst.out] || [];
				const rightRunes = onePassRunes[inst.arg] || [];
				const mergeRes = mergeRuneSets(leftRunes, rightRunes, inst.out, inst.arg);
				if (!mergeRes) return false;
				onePassRunes[pc] = new Int32Array(mergeRes.merged);
				inst.next = new Uint32Array(mergeRes.next);
				break;
			}
			case Inst.CAPTURE:
			case Inst.EMPTY_WIDTH:
			case Inst.NOP:
				ok = check(inst.out);
				m[pc] = m[inst.out];
				onePassRunes[pc] = onePassRunes[inst.out] ? new Int32Array(onePassRunes[inst.out]) : /* @__PURE__ */ new Int32Array(0);
				inst.next = new Uint32Array(Math.floor(onePassRunes[pc].length / 2) + 1).fill(inst.out);
				break;
			case Inst.MATCH:
			case Inst.FAIL:
				m[pc] = inst.op === Inst.MATCH;
				break;
			case Inst.RUNE: {
				m[pc] = false;
				if (inst.next && inst.next.length > 0) break;
				instQueue.insert(inst.out);
				if (!inst.runes || inst.runes.length === 0) {
					onePassRunes[pc] = /* @__PURE__ */ new Int32Array(0);
					inst.next = new Uint32Array([inst.out]);
					break;
				}
				let runes = [];
				if (inst.runes.length === 1 && (inst.arg & RE2Flags.FOLD_CASE) !== 0) {
					const r0 = inst.runes[0];
					runes.push(r0, r0);
					for (let r1 = Unicode.simpleFold(r0); r1 !== r0; r1 = Unicode.simpleFold(r1)) runes.push(r1, r1);
					runes.sort((a, b) => a - b);
				} else for (let j = 0; j < inst.runes.length; j++) runes.push(inst.runes[j]);
				onePassRunes[pc] = new Int32Array(runes);
				inst.next = new Uint32Array(Math.floor(runes.length / 2) + 1).fill(inst.out);
				inst.op = Inst.RUNE;
				break;
			}
			case Inst.RUNE1: {
				m[pc] = false;
				if (inst.next && inst.next.length > 0) break;
				instQueue.insert(inst.out);
				let runes = [];
				if ((inst.arg & RE2Flags.FOLD_CASE) !== 0) {
					const r0 = inst.runes[0];
					runes.push(r0, r0);
					for (let r1 = Unicode.simpleFold(r0); r1 !== r0; r1 = Unicode.simpleFold(r1)) runes.push(r1, r1);
					runes.sort((a, b) => a - b);
				} else runes.push(inst.runes[0], inst.runes[0]);
				onePassRunes[pc] = new Int32Array(runes);
				inst.next = new Uint32Array(Math.floor(runes.length / 2) + 1).fill(inst.out);
				inst.op = Inst.RUNE;
				break;
			}
			case Inst.RUNE_ANY:
				m[pc] = false;
				if (inst.next && inst.next.length > 0) break;
				instQueue.insert(inst.out);
				onePassRunes[pc] = new Int32Array([0, Unicode.MAX_RUNE]);
				inst.next = new Uint32Array([inst.out]);
				break;
			case Inst.RUNE_ANY_NOT_NL:
				m[pc] = false;
				if (inst.next && inst.next.length > 0) break;
				instQueue.insert(inst.out);
				onePassRunes[pc] = new Int32Array([
					0,
					9,
					11,
					Unicode.MAX_RUNE
				]);
				inst.next = new Uint32Array(Math.floor(onePassRunes[pc].length / 2) + 1).fill(inst.out);
		}
		return ok;
	};
	instQueue.clear();
	instQueue.insert(p.start);
	while (!instQueue.empty()) {
		visitQueue.clear();
		if (!check(instQueue.next())) return null;
	}
	for (let i = 0; i < p.inst.length; i++) if (onePassRunes[i]) p.inst[i].runes = onePassRunes[i];
	return p;
};
const cleanupOnePass = (p, original) => {
	for (let ix = 0; ix < original.inst.length; ix++) {
		const instOriginal = original.inst[ix];
		switch (instOriginal.op) {
			case Inst.ALT:
			case Inst.ALT_MATCH:
			case Inst.RUNE: break;
			case Inst.CAPTURE:
			case Inst.EMPTY_WIDTH:
			case Inst.NOP:
			case Inst.MATCH:
			case Inst.FAIL:
				p.inst[ix].next = null;
				break;
			case Inst.RUNE1:
			case Inst.RUNE_ANY:
			case Inst.RUNE_ANY_NOT_NL:
				p.inst[ix].next = null;
				p.inst[ix].op = instOriginal.op;
				p.inst[ix].runes = instOriginal.runes ? new Int32Array(instOriginal.runes) : /* @__PURE__ */ new Int32Array(0);
		}
	}
};
var OnePass = class OnePass {
	static compile(prog) {
		if (prog.start === 0) return null;
		if (prog.numLb > 0) return null;
		const startInst = prog.inst[prog.start];
		if (startInst.op !== Inst.EMPTY_WIDTH || (startInst.arg & Utils.EMPTY_BEGIN_TEXT) === 0) return null;
		let hasAlt = false;
		for (let i = 0; i < prog.inst.length; i++) if (prog.inst[i].op === Inst.ALT || prog.inst[i].op === Inst.ALT_MATCH) {
			hasAlt = true;
			break;
		}
		for (let i = 0; i < prog.inst.length; i++) {
			const inst = prog.inst[i];
			const opOut = prog.inst[inst.out].op;
			switch (inst.op) {
				case Inst.ALT:
				case Inst.ALT_MATCH:
					if (opOut === Inst.MATCH || prog.inst[inst.arg].op === Inst.MATCH) return null;
					break;
				case Inst.EMPTY_WIDTH:
					if (opOut === Inst.MATCH) {
						if ((inst.arg & Utils.EMPTY_END_TEXT) === Utils.EMPTY_END_TEXT) continue;
						return null;
					}
					break;
				default: if (opOut === Inst.MATCH && hasAlt) return null;
			}
		}
		let p = onePassCopy(prog);
		p = makeOnePass(p);
		if (p !== null) cleanupOnePass(p, prog);
		return p;
	}
	static next(inst, r) {
		const nextIdx = inst.matchRunePos(r);
		if (nextIdx >= 0) return inst.next[nextIdx];
		if (inst.op === Inst.ALT_MATCH) return inst.out;
		return 0;
	}
	static execute(re2, input, pos, anchor, ncap) {
		const onepass = re2.onepass;
		if (!onepass) return null;
		const matchcap = new Int32Array(ncap).fill(-1);
		let matched = false;
		let r = input.step(pos);
		let rune = r >> 3;
		let width = r & 7;
		let r1 = MachineInputBase.EOF();
		let rune1 = -1;
		let width1 = 0;
		if (r !== MachineInputBase.EOF()) {
			r1 = input.step(pos + width);
			if (r1 !== MachineInputBase.EOF()) {
				rune1 = r1 >> 3;
				width1 = r1 & 7;
			}
		}
		let flag = pos === 0 ? Utils.emptyOpContext(-1, rune) : input.context(pos);
		let pc = onepass.start;
		let inst;
		while (true) {
			inst = onepass.inst[pc];
			pc = inst.out;
			switch (inst.op) {
				case Inst.MATCH:
					if (anchor === RE2Flags.ANCHOR_BOTH && pos !== input.endPos()) return null;
					matched = true;
					if (matchcap.length > 0) {
						matchcap[0] = 0;
						matchcap[1] = pos;
					}
					return ncap === 0 ? [] : Utils.toArray(matchcap);
				case Inst.RUNE:
					if (!inst.matchRune(rune)) return null;
					break;
				case Inst.RUNE1:
					if (rune !== inst.runes[0]) return null;
					break;
				case Inst.RUNE_ANY: break;
				case Inst.RUNE_ANY_NOT_NL:
					if (rune === 10) return null;
					break;
				case Inst.ALT:
				case Inst.ALT_MATCH:
					pc = OnePass.next(inst, rune);
					continue;
				case Inst.FAIL: return null;
				case Inst.NOP: continue;
				case Inst.EMPTY_WIDTH:
					if ((inst.arg & ~flag) !== 0) return null;
					continue;
				case Inst.CAPTURE:
					if (inst.arg < matchcap.length) matchcap[inst.arg] = pos;
					continue;
				default: throw new RE2JSInternalException("bad inst");
			}
			if (width === 0) break;
			flag = Utils.emptyOpContext(rune, rune1);
			pos += width;
			rune = rune1;
			width = width1;
			if (rune !== -1) {
				r1 = input.step(pos + width);
				if (r1 !== MachineInputBase.EOF()) {
					rune1 = r1 >> 3;
					width1 = r1 & 7;
				} else {
					rune1 = -1;
					width1 = 0;
				}
			}
		}
		if (!matched) return null;
		return ncap === 0 ? [] : Utils.toArray(matchcap);
	}
};
// src/Regexp.js
/**
* Regular expression abstract syntax tree. Produced by parser, used by compiler. NB, this
* corresponds to {@code syntax.regexp} in the Go implementation; Go's {@code regexp} is called
* {@code RE2} in Java.
*/
var Regexp = class Regexp {
	static Op = createEnum([
		"NO_MATCH",
		"EMPTY_MATCH",
		"LITERAL",
		"CHAR_CLASS",
		"ANY_CHAR_NOT_NL",
		"ANY_CHAR",
		"BEGIN_LINE",
		"END_LINE",
		"BEGIN_TEXT",
		"END_TEXT",
		"WORD_BOUNDARY",
		"NO_WORD_BOUNDARY",
		"CAPTURE",
		"STAR",
		"PLUS",
		"QUEST",
		"REPEAT",
		"CONCAT",
		"ALTERNATE",
		"PLB",
		"NLB",
		"LEFT_PAREN",
		"VERTICAL_BAR"
	]);
	static isPseudoOp(op) {
		return op >= Regexp.Op.LEFT_PAREN;
	}
	static emptySubs() {
		return [];
	}
	static quoteIfHyphen(rune) {
		if (rune === Codepoint.CODES["-"]) return "\\";
		return "";
	}
	static fromRegexp(re) {
		const regex = new Regexp(re.op);
		regex.flags = re.flags;
		regex.subs = re.subs;
		regex.runes = re.runes;
		regex.cap = re.cap;
		regex.min = re.min;
		regex.max = re.max;
		regex.name = re.name;
		regex.namedGroups = re.namedGroups;
		regex.lb = re.lb;
		return regex;
	}
	constructor(op) {
		this.op = op;
		this.flags = 0;
		this.subs = Regexp.emptySubs();
		this.runes = /* @__PURE__ */ new Int32Array(0);
		this.min = 0;
		this.max = 0;
		this.cap = 0;
		this.name = null;
		this.namedGroups = Object.create(null);
		this.lb = 0;
	}
	reinit() {
		this.flags = 0;
		this.subs = Regexp.emptySubs();
		this.runes = /* @__PURE__ */ new Int32Array(0);
		this.cap = 0;
		this.min = 0;
		this.max = 0;
		this.name = null;
		this.namedGroups = Object.create(null);
		this.lb = 0;
	}
	toString() {
		return this.appendTo();
	}
	appendTo() {
		let out = "";
		switch (this.op) {
			case Regexp.Op.NO_MATCH:
				out += "[^\\x00-\\x{10FFFF}]";
				break;
			case Regexp.Op.EMPTY_MATCH:
				out += "(?:)";
				break;
			case Regexp.Op.STAR:
			case Regexp.Op.PLUS:
			case Regexp.Op.QUEST:
			case Regexp.Op.REPEAT: {
				const sub = this.subs[0];
				if (sub.op > Regexp.Op.CAPTURE || sub.op === Regexp.Op.LITERAL && sub.runes.length > 1) out += `(?:${sub.appendTo()})`;
				else out += sub.appendTo();
				switch (this.op) {
					case Regexp.Op.STAR:
						out += "*";
						break;
					case Regexp.Op.PLUS:
						out += "+";
						break;
					case Regexp.Op.QUEST:
						out += "?";
						break;
					case Regexp.Op.REPEAT:
						out += `{${this.min}`;
						if (this.min !== this.max) {
							out += ",";
							if (this.max >= 0) out += this.max;
						}
						out += "}";
				}
				if ((this.flags & RE2Flags.NON_GREEDY) !== 0) out += "?";
				break;
			}
			case Regexp.Op.CONCAT:
				for (let sub of this.subs) if (sub.op === Regexp.Op.ALTERNATE) out += `(?:${sub.appendTo()})`;
				else out += sub.appendTo();
				break;
			case Regexp.Op.ALTERNATE: {
				let sep = "";
				for (let sub of this.subs) {
					out += sep;
					sep = "|";
					out += sub.appendTo();
				}
				break;
			}
			case Regexp.Op.LITERAL:
				if ((this.flags & RE2Flags.FOLD_CASE) !== 0) out += "(?i:";
				for (let rune of this.runes) out += Utils.escapeRune(rune);
				if ((this.flags & RE2Flags.FOLD_CASE) !== 0) out += ")";
				break;
			case Regexp.Op.ANY_CHAR_NOT_NL:
				out += "(?-s:.)";
				break;
			case Regexp.Op.ANY_CHAR:
				out += "(?s:.)";
				break;
			case Regexp.Op.PLB:
				out += `(?<=${this.subs[0].appendTo()})`;
				break;
			case Regexp.Op.NLB:
				out += `(?<!${this.subs[0].appendTo()})`;
				break;
			case Regexp.Op.CAPTURE:
				if (this.name === null || this.name.length === 0) out += "(";
				else out += `(?P<${this.name}>`;
				if (this.subs[0].op !== Regexp.Op.EMPTY_MATCH) out += this.subs[0].appendTo();
				out += ")";
				break;
			case Regexp.Op.BEGIN_TEXT:
				out += "\\A";
				break;
			case Regexp.Op.END_TEXT:
				if ((this.flags & RE2Flags.WAS_DOLLAR) !== 0) out += "(?-m:$)";
				else out += "\\z";
				break;
			case Regexp.Op.BEGIN_LINE:
				out += "^";
				break;
			case Regexp.Op.END_LINE:
				out += "$";
				break;
			case Regexp.Op.WORD_BOUNDARY:
				out += "\\b";
				break;
			case Regexp.Op.NO_WORD_BOUNDARY:
				out += "\\B";
				break;
			case Regexp.Op.CHAR_CLASS:
				if (this.runes.length % 2 !== 0) {
					out += "[invalid char class]";
					break;
				}
				out += "[";
				if (this.runes.length === 0) out += "^\\x00-\\x{10FFFF}";
				else if (this.runes[0] === 0 && this.runes[this.runes.length - 1] === Unicode.MAX_RUNE) {
					out += "^";
					for (let i = 1; i < this.runes.length - 1; i += 2) {
						const lo = this.runes[i] + 1;
						const hi = this.runes[i + 1] - 1;
						out += Regexp.quoteIfHyphen(lo);
						out += Utils.escapeRune(lo);
						if (lo !== hi) {
							out += "-";
							out += Regexp.quoteIfHyphen(hi);
							out += Utils.escapeRune(hi);
						}
					}
				} else for (let i = 0; i < this.runes.length; i += 2) {
					const lo = this.runes[i];
					const hi = this.runes[i + 1];
					out += Regexp.quoteIfHyphen(lo);
					out += Utils.escapeRune(lo);
					if (lo !== hi) {
						out += "-";
						out += Regexp.quoteIfHyphen(hi);
						out += Utils.escapeRune(hi);
					}
				}
				out += "]";
				break;
			default: out += this.op;
		}
		return out;
	}
	maxCap() {
		let m = 0;
		if (this.op === Regexp.Op.CAPTURE) m = this.cap;
		if (this.subs !== null) for (let sub of this.subs) {
			const n = sub.maxCap();
			if (m < n) m = n;
		}
		return m;
	}
	equals(that) {
		if (!(that !== null && that instanceof Regexp)) return false;
		if (this.op !== that.op) return false;
		switch (this.op) {
			case Regexp.Op.END_TEXT:
				if ((this.flags & RE2Flags.WAS_DOLLAR) !== (that.flags & RE2Flags.WAS_DOLLAR)) return false;
				break;
			case Regexp.Op.LITERAL:
			case Regexp.Op.CHAR_CLASS:
				if ((this.flags & RE2Flags.FOLD_CASE) !== (that.flags & RE2Flags.FOLD_CASE)) return false;
				if (this.runes === null && that.runes === null) break;
				if (this.runes === null || that.runes === null) return false;
				if (this.runes.length !== that.runes.length) return false;
				for (let i = 0; i < this.runes.length; i++) if (this.runes[i] !== that.runes[i]) return false;
				break;
			case Regexp.Op.ALTERNATE:
			case Regexp.Op.CONCAT:
				if (this.subs.length !== that.subs.length) return false;
				for (let i = 0; i < this.subs.length; ++i) if (!this.subs[i].equals(that.subs[i])) return false;
				break;
			case Regexp.Op.STAR:
			case Regexp.Op.PLUS:
			case Regexp.Op.QUEST:
				if ((this.flags & RE2Flags.NON_GREEDY) !== (that.flags & RE2Flags.NON_GREEDY) || !this.subs[0].equals(that.subs[0])) return false;
				break;
			case Regexp.Op.REPEAT:
				if ((this.flags & RE2Flags.NON_GREEDY) !== (that.flags & RE2Flags.NON_GREEDY) || this.min !== that.min || this.max !== that.max || !this.subs[0].equals(that.subs[0])) return false;
				break;
			case Regexp.Op.CAPTURE:
				if (this.cap !== that.cap || (this.name === null ? that.name !== null : this.name !== that.name) || !this.subs[0].equals(that.subs[0])) return false;
				break;
			case Regexp.Op.PLB:
			case Regexp.Op.NLB: if (this.lb !== that.lb || !this.subs[0].equals(that.subs[0])) return false;
		}
		return true;
	}
};
// src/RegexpWalker.js
/**
* Walks a Regexp tree without recursion, visiting nodes in the same order a recursive walk
* would (RE2: re2/walker-inl.h, "Helper class for traversing Regexps without recursion").
*
* The handler sees a node without subexpressions once, through `leaf(re)`, which returns its
* result. Any other node is seen up to three times:
* - `enter(re)` before its children. It returns the state kept for `re` while its children are
*   visited; a state whose `result` is already set skips the children.
* - `child(re, state, result, i)` after child `i` produced `result`. Setting `state.result`
*   stops visiting the remaining children.
* - `leave(re, state)` after the last child; it returns the result for `re`.
*
* Counted repetitions expand into one nesting level per copy, so the simplified tree can be
* thousands of levels deep; recursion over it would overflow the JS stack, which has no fixed
* relation to the parser's nesting limit. This walk keeps its frames on the heap instead.
*/
var RegexpWalker = class {
	static walk(root, handler) {
		const stack = [];
		let re = root;
		let result;
		for (;;) {
			if (re.subs.length === 0) result = handler.leaf(re);
			else {
				const state = handler.enter(re);
				if (state.result === void 0) {
					stack.push({
						re,
						state,
						i: 0
					});
					re = re.subs[0];
					continue;
				}
				result = state.result;
			}
			for (;;) {
				if (stack.length === 0) return result;
				const frame = stack[stack.length - 1];
				handler.child(frame.re, frame.state, result, frame.i);
				frame.i++;
				if (frame.state.result === void 0 && frame.i < frame.re.subs.length) {
					re = frame.re.subs[frame.i];
					break;
				}
				stack.pop();
				result = frame.state.result !== void 0 ? frame.state.result : handler.leave(frame.re, frame.state);
			}
		}
	}
};
// src/Prefilter.js
var AhoCorasick = class {
	constructor(words, alphabetSize) {
		const edges = /* @__PURE__ */ new Map();
		const parent = [0];
		const unit = [0];
		const depth = [0];
		const terminal = [0];
		for (const word of words) {
			let node = 0;
			for (let i = 0; i < word.length; i++) {
				const key = node * alphabetSize + word[i];
				let child = edges.get(key);
				if (child === void 0) {
					child = parent.length;
					edges.set(key, child);
					parent.push(node);
					unit.push(word[i]);
					depth.push(depth[node] + 1);
					terminal.push(0);
				}
				node = child;
			}
			terminal[node] = 1;
		}
		const numNodes = parent.length;
		const children = new Int32Array(numNodes - 1);
		for (let c = 1; c < numNodes; c++) children[c - 1] = c;
		children.sort((a, b) => parent[a] - parent[b] || unit[a] - unit[b]);
		const childStart = new Int32Array(numNodes + 1);
		for (let c = 1; c < numNodes; c++) childStart[parent[c] + 1]++;
		for (let n = 0; n < numNodes; n++) childStart[n + 1] += childStart[n];
		const childUnit = new Int32Array(numNodes - 1);
		for (let k = 0; k < children.length; k++) childUnit[k] = unit[children[k]];
		this.childStart = childStart;
		this.childUnit = childUnit;
		this.childNode = children;
		const byDepth = new Int32Array(numNodes);
		for (let n = 0; n < numNodes; n++) byDepth[n] = n;
		byDepth.sort((a, b) => depth[a] - depth[b]);
		const fail = new Int32Array(numNodes);
		const match = Uint8Array.from(terminal);
		for (let k = 1; k < numNodes; k++) {
			const c = byDepth[k];
			const p = parent[c];
			if (p !== 0) {
				let f = fail[p];
				let next = this.next(f, unit[c]);
				while (next < 0 && f !== 0) {
					f = fail[f];
					next = this.next(f, unit[c]);
				}
				fail[c] = next >= 0 ? next : 0;
			}
			match[c] |= match[fail[c]];
		}
		this.fail = fail;
		this.match = match;
	}
	next(node, u) {
		let lo = this.childStart[node];
		let hi = this.childStart[node + 1];
		const units = this.childUnit;
		while (lo < hi) {
			const mid = lo + hi >> 1;
			const m = units[mid];
			if (m === u) return this.childNode[mid];
			if (m < u) lo = mid + 1;
			else hi = mid;
		}
		return -1;
	}
	advance(node, u) {
		for (;;) {
			const next = this.next(node, u);
			if (next >= 0) return next;
			if (node === 0) return 0;
			node = this.fail[node];
		}
	}
	searchUTF16(charSeq, start, end) {
		let node = 0;
		for (let i = start; i < end; i++) {
			node = this.advance(node, charSeq.charCodeAt(i));
			if (this.match[node] === 1) return true;
		}
		return false;
	}
	searchUTF8(bytes, start, end) {
		let node = 0;
		for (let i = start; i < end; i++) {
			node = this.advance(node, bytes[i]);
			if (this.match[node] === 1) return true;
		}
		return false;
	}
};
var Prefilter = class Prefilter {
	static Type = {
		NONE: 0,
		EXACT: 1,
		AND: 2,
		OR: 3
	};
	static MAX_SCANS = 32;
	static MAX_AC_UNITS = 1 << 18;
	constructor(type) {
		this.type = type;
		this.subs = [];
		this.str = "";
		this.bytes = null;
		this.cost = type === Prefilter.Type.EXACT ? 1 : 0;
		this.allExact = false;
		this.ac16 = null;
		this.ac8 = null;
	}
	automaton16() {
		if (this.ac16 === null) {
			const words = this.subs.map((s) => {
				const arr = new Array(s.str.length);
				for (let i = 0; i < s.str.length; i++) arr[i] = s.str.charCodeAt(i);
				return arr;
			});
			this.ac16 = new AhoCorasick(words, 65536);
		}
		return this.ac16;
	}
	automaton8() {
		if (this.ac8 === null) this.ac8 = new AhoCorasick(this.subs.map((s) => s.bytes), 256);
		return this.ac8;
	}
	eval(input, pos) {
		switch (this.type) {
			case Prefilter.Type.NONE: return true;
			case Prefilter.Type.EXACT: return input.hasString(this, pos);
			case Prefilter.Type.AND:
				for (let i = 0; i < this.subs.length; i++) if (!this.subs[i].eval(input, pos)) return false;
				return true;
			case Prefilter.Type.OR:
				if (this.allExact) return input.hasAnyString(this, pos);
				for (let i = 0; i < this.subs.length; i++) if (this.subs[i].eval(input, pos)) return true;
				return false;
			default: return true;
		}
	}
};
var PrefilterTree = class PrefilterTree {
	static build(re) {
		if (!re) return new Prefilter(Prefilter.Type.NONE);
		return RegexpWalker.walk(re, PrefilterTree.WALKER);
	}
	static WALKER = {
		leaf: (re) => PrefilterTree.leaf(re),
		enter: (re) => PrefilterTree.enter(re),
		child: (re, state, result) => PrefilterTree.child(re, state, result),
		leave: (re, state) => PrefilterTree.leave(re, state)
	};
	static leaf(re) {
		if (re.op !== Regexp.Op.LITERAL) return new Prefilter(Prefilter.Type.NONE);
		if (re.runes.length === 0 || (re.flags & RE2Flags.FOLD_CASE) !== 0) return new Prefilter(Prefilter.Type.NONE);
		let str = "";
		for (let i = 0; i < re.runes.length; i++) {
			if (Unicode.isUnsearchable(re.runes[i])) return new Prefilter(Prefilter.Type.NONE);
			str += String.fromCodePoint(re.runes[i]);
		}
		const pf = new Prefilter(Prefilter.Type.EXACT);
		pf.str = str;
		pf.bytes = Utils.stringToUtf8ByteArray(pf.str);
		return pf;
	}
	static enter(re) {
		switch (re.op) {
			case Regexp.Op.CAPTURE:
			case Regexp.Op.PLUS: return { sub: null };
			case Regexp.Op.REPEAT:
				if (re.min >= 1) return { sub: null };
				return { result: new Prefilter(Prefilter.Type.NONE) };
			case Regexp.Op.CONCAT: return {
				pf: new Prefilter(Prefilter.Type.AND),
				subs: []
			};
			case Regexp.Op.ALTERNATE: return {
				pf: new Prefilter(Prefilter.Type.OR),
				subs: []
			};
			default: return { result: new Prefilter(Prefilter.Type.NONE) };
		}
	}
	static child(re, state, s) {
		if (state.subs === void 0) {
			state.sub = s;
			return;
		}
		if (state.pf.type === Prefilter.Type.AND) {
			if (s.type === Prefilter.Type.NONE) return;
			if (s.type === Prefilter.Type.AND) {
				for (let j = 0; j < s.subs.length; j++) state.subs.push(s.subs[j]);
				return;
			}
			state.subs.push(s);
			return;
		}
		if (s.type === Prefilter.Type.NONE) {
			state.result = new Prefilter(Prefilter.Type.NONE);
			return;
		}
		if (s.type === Prefilter.Type.OR) {
			for (let j = 0; j < s.subs.length; j++) state.subs.push(s.subs[j]);
			return;
		}
		state.subs.push(s);
	}
	static leave(re, state) {
		if (state.subs === void 0) return state.sub;
		const pf = state.pf;
		const seen = /* @__PURE__ */ new Set();
		const subs = [];
		for (const sub of state.subs) {
			if (sub.type === Prefilter.Type.EXACT) {
				if (seen.has(sub.str)) continue;
				seen.add(sub.str);
			}
			subs.push(sub);
		}
		if (pf.type === Prefilter.Type.AND) {
			const kept = [];
			let cost = 0;
			for (const sub of subs) {
				if (cost + sub.cost > Prefilter.MAX_SCANS) continue;
				kept.push(sub);
				cost += sub.cost;
			}
			if (kept.length === 0) return new Prefilter(Prefilter.Type.NONE);
			if (kept.length === 1) return kept[0];
			pf.subs = kept;
			pf.cost = cost;
			return pf;
		}
		if (subs.length === 0) return new Prefilter(Prefilter.Type.NONE);
		if (subs.length === 1) return subs[0];
		pf.subs = subs;
		let allExact = true;
		let cost = 0;
		let units = 0;
		for (const sub of subs) {
			if (sub.type !== Prefilter.Type.EXACT) allExact = false;
			else units += sub.bytes.length;
			cost += sub.cost;
		}
		if (allExact) {
			if (units > Prefilter.MAX_AC_UNITS) return new Prefilter(Prefilter.Type.NONE);
			pf.allExact = true;
			pf.cost = 1;
			return pf;
		}
		if (cost > Prefilter.MAX_SCANS) return new Prefilter(Prefilter.Type.NONE);
		pf.cost = cost;
		return pf;
	}
};
// src/Prog.js
/**
* A list of instruction pointers waiting to be patched.
* Tracks both `head` and `tail` to allow O(1) appending during compilation.
* * Values are encoded integers, not standard memory pointers:
* - Program instruction index: `l >> 1`
* - Patch `.out` field if: `(l & 1) === 0`
* - Patch `.arg` field if: `(l & 1) === 1`
* - `0` denotes an empty list.
* * @see https://swtch.com/~rsc/regexp/regexp1.html
*/
var PatchList = class {
	/**
	* @param {number} head - Encoded pointer to the start of the patch list.
	* @param {number} tail - Encoded pointer to the end of the patch list.
	*/
	constructor(head = 0, tail = 0) {
		this.head = head;
		this.tail = tail;
	}
};
/**
* A Prog is a compiled regular expression program.
*/
var Prog = class {
	constructor() {
		this.inst = [];
		this.start = 0;
		this.numCap = 2;
		this.lbStarts = [];
		this.numLb = 0;
		this.lbInst = null;
	}
	getInst(pc) {
		return this.inst[pc];
	}
	numInst() {
		return this.inst.length;
	}
	addInst(op) {
		this.inst.push(new Inst(op));
	}
	markLookbehindInsts() {
		const lbInst = new Uint8Array(this.inst.length);
		const pending = this.lbStarts.slice();
		while (pending.length > 0) {
			const pc = pending.pop();
			if (pc === 0 || lbInst[pc] === 1) continue;
			lbInst[pc] = 1;
			const i = this.inst[pc];
			switch (i.op) {
				case Inst.ALT:
				case Inst.ALT_MATCH:
					pending.push(i.out, i.arg);
					break;
				case Inst.MATCH:
				case Inst.FAIL: break;
				default: pending.push(i.out);
			}
		}
		this.lbInst = lbInst;
	}
	skipNop(pc) {
		let i = this.inst[pc];
		while (i.op === Inst.NOP || i.op === Inst.CAPTURE) {
			i = this.inst[pc];
			pc = i.out;
		}
		return i;
	}
	/** @returns {[boolean, string]} */
	prefix() {
		let prefix = "";
		let i = this.skipNop(this.start);
		if (!Inst.isRuneOp(i.op) || i.runes.length !== 1) return [i.op === Inst.MATCH, prefix];
		while (Inst.isRuneOp(i.op) && i.runes.length === 1 && (i.arg & RE2Flags.FOLD_CASE) === 0 && !Unicode.isUnsearchable(i.runes[0])) {
			prefix += String.fromCodePoint(i.runes[0]);
			i = this.skipNop(i.out);
		}
		return [i.op === Inst.MATCH, prefix];
	}
	startCond() {
		let flag = 0;
		let pc = this.start;
		loop: for (;;) {
			const i = this.inst[pc];
			switch (i.op) {
				case Inst.EMPTY_WIDTH:
					flag |= i.arg;
					break;
				case Inst.FAIL: return -1;
				case Inst.CAPTURE:
				case Inst.NOP: break;
				default: break loop;
			}
			pc = i.out;
		}
		return flag;
	}
	patch(l, val) {
		let head = l.head;
		while (head !== 0) {
			const i = this.inst[head >> 1];
			if ((head & 1) === 0) {
				head = i.out;
				i.out = val;
			} else {
				head = i.arg;
				i.arg = val;
			}
		}
	}
	append(l1, l2) {
		if (l1.head === 0) return l2;
		if (l2.head === 0) return l1;
		const i = this.inst[l1.tail >> 1];
		if ((l1.tail & 1) === 0) i.out = l2.head;
		else i.arg = l2.head;
		return new PatchList(l1.head, l2.tail);
	}
	/**
	*
	* @returns {string}
	*/
	toString() {
		let out = "";
		for (let pc = 0; pc < this.inst.length; pc++) {
			const len = out.length;
			out += pc;
			if (pc === this.start) out += "*";
			out += "        ".substring(out.length - len);
			out += this.inst[pc];
			out += "\n";
		}
		return out;
	}
};
// src/Compiler.js
const ANY_RUNE_NOT_NL = new Int32Array([
	0,
	Codepoint.CODES["\n"] - 1,
	Codepoint.CODES["\n"] + 1,
	Unicode.MAX_RUNE
]);
const ANY_RUNE = new Int32Array([0, Unicode.MAX_RUNE]);
/**
* A fragment of a compiled regular expression program.
*
* @see http://swtch.com/~rsc/regexp/regexp1.html
* @class
*/
var Frag = class {
	constructor(i = 0, out = new PatchList(), nullable = false) {
		this.i = i;
		this.out = out;
		this.nullable = nullable;
	}
};
/**
* Compiler from {@code Regexp} (RE2 abstract syntax) to {@code RE2} (compiled regular expression).
*
* The only entry point is {@link #compileRegexp}.
*/
var Compiler = class Compiler {
	static compileRegexp(re) {
		const c = new Compiler();
		const f = c.compile(re);
		c.prog.patch(f.out, c.newInst(Inst.MATCH).i);
		c.prog.start = f.i;
		c.prog.markLookbehindInsts();
		return c.prog;
	}
	static compileSet(regexps) {
		const c = new Compiler();
		if (regexps.length === 0) {
			c.prog.start = c.newInst(Inst.FAIL).i;
			c.prog.markLookbehindInsts();
			return c.prog;
		}
		let starts = [];
		for (let i = 0; i < regexps.length; i++) {
			c.lbOffset = c.prog.numLb;
			const f = c.compile(regexps[i]);
			const m = c.newInst(Inst.MATCH);
			c.prog.getInst(m.i).arg = i;
			c.prog.patch(f.out, m.i);
			starts.push(f.i);
		}
		let start = starts[0];
		for (let i = 1; i < starts.length; i++) {
			const f = c.newInst(Inst.ALT);
			const inst = c.prog.getInst(f.i);
			inst.out = start;
			inst.arg = starts[i];
			start = f.i;
		}
		c.prog.start = start;
		c.prog.markLookbehindInsts();
		return c.prog;
	}
	constructor() {
		this.prog = new Prog();
		this.newInst(Inst.FAIL);
		this.lbOffset = 0;
		this.runeCache = /* @__PURE__ */ new Map();
		this.walker = {
			leaf: (re) => this.leaf(re),
			enter: (re) => this.enter(re),
			child: (re, state, result) => this.child(re, state, result),
			leave: (re, state) => this.leave(re, state)
		};
	}
	newInst(op) {
		this.prog.addInst(op);
		return new Frag(this.prog.numInst() - 1, new PatchList(), true);
	}
	nop() {
		const f = this.newInst(Inst.NOP);
		f.out = new PatchList(f.i << 1, f.i << 1);
		return f;
	}
	fail() {
		return new Frag();
	}
	cap(arg) {
		const f = this.newInst(Inst.CAPTURE);
		f.out = new PatchList(f.i << 1, f.i << 1);
		this.prog.getInst(f.i).arg = arg;
		if (this.prog.numCap < arg + 1) this.prog.numCap = arg + 1;
		return f;
	}
	cat(f1, f2) {
		if (f1.i === 0 || f2.i === 0) {
			this.prog.patch(f1.out, 0);
			this.prog.patch(f2.out, 0);
			return this.fail();
		}
		this.prog.patch(f1.out, f2.i);
		return new Frag(f1.i, f2.out, f1.nullable && f2.nullable);
	}
	alt(f1, f2) {
		if (f1.i === 0) return f2;
		if (f2.i === 0) return f1;
		const f = this.newInst(Inst.ALT);
		const i = this.prog.getInst(f.i);
		i.out = f1.i;
		i.arg = f2.i;
		f.out = this.prog.append(f1.out, f2.out);
		f.nullable = f1.nullable || f2.nullable;
		return f;
	}
	loop(f1, nongreedy) {
		const f = this.newInst(Inst.ALT);
		const i = this.prog.getInst(f.i);
		if (nongreedy) {
			i.arg = f1.i;
			f.out = new PatchList(f.i << 1, f.i << 1);
		} else {
			i.out = f1.i;
			f.out = new PatchList(f.i << 1 | 1, f.i << 1 | 1);
		}
		this.prog.patch(f1.out, f.i);
		return f;
	}
	quest(f1, nongreedy) {
		if (f1.i === 0) return this.nop();
		const f = this.newInst(Inst.ALT);
		const i = this.prog.getInst(f.i);
		if (nongreedy) {
			i.arg = f1.i;
			f.out = new PatchList(f.i << 1, f.i << 1);
		} else {
			i.out = f1.i;
			f.out = new PatchList(f.i << 1 | 1, f.i << 1 | 1);
		}
		f.out = this.prog.append(f.out, f1.out);
		return f;
	}
	star(f1, nongreedy) {
		if (f1.i === 0) return this.nop();
		if (f1.nullable) return this.quest(this.plus(f1, nongreedy), nongreedy);
		return this.loop(f1, nongreedy);
	}
	plus(f1, nongreedy) {
		if (f1.i === 0) return this.fail();
		return new Frag(f1.i, this.loop(f1, nongreedy).out, f1.nullable);
	}
	empty(op) {
		const f = this.newInst(Inst.EMPTY_WIDTH);
		this.prog.getInst(f.i).arg = op;
		f.out = new PatchList(f.i << 1, f.i << 1);
		return f;
	}
	rune(runes, flags) {
		const f = this.newInst(Inst.RUNE);
		f.nullable = false;
		const i = this.prog.getInst(f.i);
		i.runes = runes;
		flags &= RE2Flags.FOLD_CASE;
		if (runes.length !== 1 || Unicode.simpleFold(runes[0]) === runes[0]) flags &= ~RE2Flags.FOLD_CASE;
		i.arg = flags;
		f.out = new PatchList(f.i << 1, f.i << 1);
		if ((flags & RE2Flags.FOLD_CASE) === 0 && runes.length === 1 || runes.length === 2 && runes[0] === runes[1]) i.op = Inst.RUNE1;
		else if (runes.length === 2 && runes[0] === 0 && runes[1] === Unicode.MAX_RUNE) i.op = Inst.RUNE_ANY;
		else if (runes.length === 4 && runes[0] === 0 && runes[1] === Codepoint.CODES["\n"] - 1 && runes[2] === Codepoint.CODES["\n"] + 1 && runes[3] === Unicode.MAX_RUNE) i.op = Inst.RUNE_ANY_NOT_NL;
		return f;
	}
	lookBehind(a, parsedLb) {
		const lb = Math.sign(parsedLb) * (Math.abs(parsedLb) + this.lbOffset);
		const id = this.newInst(Inst.LB_WRITE);
		this.prog.getInst(id.i).arg = lb;
		const any = this.rune(ANY_RUNE, 0);
		const dotStar = this.star(any, true);
		const lbAutomaton = this.cat(dotStar, a);
		this.prog.patch(lbAutomaton.out, id.i);
		const checkId = this.newInst(Inst.LB_CHECK);
		this.prog.getInst(checkId.i).arg = lb;
		this.prog.lbStarts.push(lbAutomaton.i);
		if (Math.abs(lb) > this.prog.numLb) this.prog.numLb = Math.abs(lb);
		checkId.out = new PatchList(checkId.i << 1, checkId.i << 1);
		return checkId;
	}
	compile(re) {
		return RegexpWalker.walk(re, this.walker);
	}
	leaf(re) {
		switch (re.op) {
			case Regexp.Op.NO_MATCH: return this.fail();
			case Regexp.Op.EMPTY_MATCH: return this.nop();
			case Regexp.Op.LITERAL: {
				if (re.runes.length === 0) return this.nop();
				let f = null;
				for (let r of re.runes) {
					let singleRune = this.runeCache.get(r);
					if (singleRune === void 0) {
						singleRune = new Int32Array([r]);
						this.runeCache.set(r, singleRune);
					}
					const f1 = this.rune(singleRune, re.flags);
					f = f === null ? f1 : this.cat(f, f1);
				}
				return f;
			}
			case Regexp.Op.CHAR_CLASS: return this.rune(re.runes, re.flags);
			case Regexp.Op.ANY_CHAR_NOT_NL: return this.rune(ANY_RUNE_NOT_NL, 0);
			case Regexp.Op.ANY_CHAR: return this.rune(ANY_RUNE, 0);
			case Regexp.Op.BEGIN_LINE: return this.empty(Utils.EMPTY_BEGIN_LINE);
			case Regexp.Op.END_LINE: return this.empty(Utils.EMPTY_END_LINE);
			case Regexp.Op.BEGIN_TEXT: return this.empty(Utils.EMPTY_BEGIN_TEXT);
			case Regexp.Op.END_TEXT: return this.empty(Utils.EMPTY_END_TEXT);
			case Regexp.Op.WORD_BOUNDARY: return this.empty(Utils.EMPTY_WORD_BOUNDARY);
			case Regexp.Op.NO_WORD_BOUNDARY: return this.empty(Utils.EMPTY_NO_WORD_BOUNDARY);
			case Regexp.Op.CONCAT:
			case Regexp.Op.ALTERNATE: return this.nop();
			default: throw new RE2JSCompileException("regexp: unhandled case in compile");
		}
	}
	enter(re) {
		switch (re.op) {
			case Regexp.Op.PLB:
			case Regexp.Op.NLB:
			case Regexp.Op.STAR:
			case Regexp.Op.PLUS:
			case Regexp.Op.QUEST: return { sub: null };
			case Regexp.Op.CAPTURE: return {
				bra: this.cap(re.cap << 1),
				sub: null
			};
			case Regexp.Op.CONCAT:
			case Regexp.Op.ALTERNATE: return { f: null };
			default: throw new RE2JSCompileException("regexp: unhandled case in compile");
		}
	}
	child(re, state, f1) {
		if (re.op === Regexp.Op.CONCAT) state.f = state.f === null ? f1 : this.cat(state.f, f1);
		else if (re.op === Regexp.Op.ALTERNATE) state.f = state.f === null ? f1 : this.alt(state.f, f1);
		else state.sub = f1;
	}
	leave(re, state) {
		switch (re.op) {
			case Regexp.Op.PLB:
			case Regexp.Op.NLB: return this.lookBehind(state.sub, re.lb);
			case Regexp.Op.CAPTURE: {
				const ket = this.cap(re.cap << 1 | 1);
				return this.cat(this.cat(state.bra, state.sub), ket);
			}
			case Regexp.Op.STAR: return this.star(state.sub, (re.flags & RE2Flags.NON_GREEDY) !== 0);
			case Regexp.Op.PLUS: return this.plus(state.sub, (re.flags & RE2Flags.NON_GREEDY) !== 0);
			case Regexp.Op.QUEST: return this.quest(state.sub, (re.flags & RE2Flags.NON_GREEDY) !== 0);
			case Regexp.Op.CONCAT:
			case Regexp.Op.ALTERNATE: return state.f;
			default: throw new RE2JSCompileException("regexp: unhandled case in compile");
		}
	}
};
// src/Simplify.js
var Simplify = class Simplify {
	static simplify(re) {
		if (re === null) return null;
		return RegexpWalker.walk(re, Simplify.WALKER);
	}
	static WALKER = {
		leaf: (re) => Simplify.leaf(re),
		enter: (re) => Simplify.enter(re),
		child: (re, state, result, i) => Simplify.child(re, state, result, i),
		leave: (re, state) => Simplify.leave(re, state)
	};
	static leaf(re) {
		if (re.op === Regexp.Op.CHAR_CLASS) {
			if (re.runes === null) return re;
			if (re.runes.length === 0) return new Regexp(Regexp.Op.NO_MATCH);
			if (re.runes.length === 2 && re.runes[0] === 0 && re.runes[1] === Unicode.MAX_RUNE) return new Regexp(Regexp.Op.ANY_CHAR);
			if (re.runes.length === 4 && re.runes[0] === 0 && re.runes[1] === Codepoint.CODES["\n"] - 1 && re.runes[2] === Codepoint.CODES["\n"] + 1 && re.runes[3] === Unicode.MAX_RUNE) return new Regexp(Regexp.Op.ANY_CHAR_NOT_NL);
		}
		return re;
	}
	static enter(re) {
		switch (re.op) {
			case Regexp.Op.PLB:
			case Regexp.Op.NLB:
			case Regexp.Op.CAPTURE:
			case Regexp.Op.STAR:
			case Regexp.Op.PLUS:
			case Regexp.Op.QUEST: return { sub: null };
			case Regexp.Op.CONCAT:
			case Regexp.Op.ALTERNATE: return {
				subs: [],
				changed: false
			};
			case Regexp.Op.REPEAT:
				if (re.min === 0 && re.max === 0) return { result: new Regexp(Regexp.Op.EMPTY_MATCH) };
				return { sub: null };
			default: return { result: re };
		}
	}
	static child(re, state, nsub, i) {
		if (state.subs === void 0) {
			state.sub = nsub;
			return;
		}
		if (nsub !== re.subs[i]) state.changed = true;
		if (re.op === Regexp.Op.CONCAT) {
			if (nsub.op === Regexp.Op.NO_MATCH) {
				state.result = new Regexp(Regexp.Op.NO_MATCH);
				return;
			}
			if (nsub.op === Regexp.Op.EMPTY_MATCH) {
				state.changed = true;
				return;
			}
			if (nsub.op === Regexp.Op.CONCAT) {
				state.changed = true;
				for (let j = 0; j < nsub.subs.length; j++) state.subs.push(nsub.subs[j]);
				return;
			}
		} else {
			if (nsub.op === Regexp.Op.NO_MATCH) {
				state.changed = true;
				return;
			}
			if (nsub.op === Regexp.Op.ALTERNATE) {
				state.changed = true;
				for (let j = 0; j < nsub.subs.length; j++) state.subs.push(nsub.subs[j]);
				return;
			}
		}
		state.subs.push(nsub);
	}
	static leave(re, state) {
		switch (re.op) {
			case Regexp.Op.PLB:
			case Regexp.Op.NLB:
			case Regexp.Op.CAPTURE: {
				const sub = state.sub;
				if (sub !== re.subs[0]) {
					const nre = Regexp.fromRegexp(re);
					nre.runes = /* @__PURE__ */ new Int32Array(0);
					nre.subs = [sub];
					return nre;
				}
				return re;
			}
			case Regexp.Op.CONCAT:
			case Regexp.Op.ALTERNATE:
				if (state.changed) {
					const newSubs = state.subs;
					if (newSubs.length === 0) return new Regexp(re.op === Regexp.Op.CONCAT ? Regexp.Op.EMPTY_MATCH : Regexp.Op.NO_MATCH);
					if (newSubs.length === 1) return newSubs[0];
					const nre = Regexp.fromRegexp(re);
					nre.runes = /* @__PURE__ */ new Int32Array(0);
					nre.subs = newSubs;
					return nre;
				}
				return re;
			case Regexp.Op.STAR:
			case Regexp.Op.PLUS:
			case Regexp.Op.QUEST: return Simplify.simplify1(re.op, re.flags, state.sub, re);
			case Regexp.Op.REPEAT: return Simplify.simplifyRepeat(re, state.sub);
			default: return re;
		}
	}
	static simplifyRepeat(re, sub) {
		if (re.max === -1) {
			if (re.min === 0) return Simplify.simplify1(Regexp.Op.STAR, re.flags, sub, null);
			if (re.min === 1) return Simplify.simplify1(Regexp.Op.PLUS, re.flags, sub, null);
			const subs = [];
			for (let i = 0; i < re.min - 1; i++) subs.push(sub);
			subs.push(Simplify.simplify1(Regexp.Op.PLUS, re.flags, sub, null));
			return Simplify.concat(subs);
		}
		if (re.min === 1 && re.max === 1) return sub;
		let prefixSubs = null;
		if (re.min > 0) {
			prefixSubs = [];
			for (let i = 0; i < re.min; i++) prefixSubs.push(sub);
		}
		if (re.max > re.min) {
			let suffix = Simplify.simplify1(Regexp.Op.QUEST, re.flags, sub, null);
			for (let i = re.min + 1; i < re.max; i++) suffix = Simplify.simplify1(Regexp.Op.QUEST, re.flags, Simplify.concat([sub, suffix]), null);
			if (prefixSubs === null) return suffix;
			prefixSubs.push(suffix);
		}
		if (prefixSubs !== null) return Simplify.concat(prefixSubs);
		return new Regexp(Regexp.Op.NO_MATCH);
	}
	static concat(subs) {
		const newSubs = [];
		for (let i = 0; i < subs.length; i++) {
			const sub = subs[i];
			if (sub.op === Regexp.Op.NO_MATCH) return new Regexp(Regexp.Op.NO_MATCH);
			if (sub.op === Regexp.Op.EMPTY_MATCH) continue;
			if (sub.op === Regexp.Op.CONCAT) {
				for (let j = 0; j < sub.subs.length; j++) newSubs.push(sub.subs[j]);
				continue;
			}
			newSubs.push(sub);
		}
		if (newSubs.length === 0) return new Regexp(Regexp.Op.EMPTY_MATCH);
		if (newSubs.length === 1) return newSubs[0];
		const nre = new Regexp(Regexp.Op.CONCAT);
		nre.subs = newSubs;
		return nre;
	}
	static simplify1(op, flags, sub, re) {
		if (sub.op === Regexp.Op.EMPTY_MATCH) return sub;
		if (sub.op === Regexp.Op.NO_MATCH) {
			if (op === Regexp.Op.PLUS) return sub;
			return new Regexp(Regexp.Op.EMPTY_MATCH);
		}
		if (op === sub.op && (flags & RE2Flags.NON_GREEDY) === (sub.flags & RE2Flags.NON_GREEDY)) return sub;
		if (re !== null && re.op === op && (re.flags & RE2Flags.NON_GREEDY) === (flags & RE2Flags.NON_GREEDY) && sub === re.subs[0]) return re;
		const nre = new Regexp(op);
		nre.flags = flags;
		nre.subs = [sub];
		return nre;
	}
};
// src/CharGroup.js
var CharGroup = class {
	constructor(sign, cls) {
		this.sign = sign;
		this.cls = cls;
	}
};
const code1 = [48, 57];
const code2 = [
	9,
	10,
	12,
	13,
	32,
	32
];
const code3 = [
	48,
	57,
	65,
	90,
	95,
	95,
	97,
	122
];
const PERL_GROUPS = /* @__PURE__ */ new Map([
	["\\d", new CharGroup(1, code1)],
	["\\D", new CharGroup(-1, code1)],
	["\\s", new CharGroup(1, code2)],
	["\\S", new CharGroup(-1, code2)],
	["\\w", new CharGroup(1, code3)],
	["\\W", new CharGroup(-1, code3)]
]);
const code4 = [
	48,
	57,
	65,
	90,
	97,
	122
];
const code5 = [
	65,
	90,
	97,
	122
];
const code6 = [0, 127];
const code7 = [
	9,
	9,
	32,
	32
];
const code8 = [
	0,
	31,
	127,
	127
];
const code9 = [48, 57];
const code10 = [33, 126];
const code11 = [97, 122];
const code12 = [32, 126];
const code13 = [
	33,
	47,
	58,
	64,
	91,
	96,
	123,
	126
];
const code14 = [
	9,
	13,
	32,
	32
];
const code15 = [65, 90];
const code16 = [
	48,
	57,
	65,
	90,
	95,
	95,
	97,
	122
];
const code17 = [
	48,
	57,
	65,
	70,
	97,
	102
];
const POSIX_GROUPS = /* @__PURE__ */ new Map([
	["[:alnum:]", new CharGroup(1, code4)],
	["[:^alnum:]", new CharGroup(-1, code4)],
	["[:alpha:]", new CharGroup(1, code5)],
	["[:^alpha:]", new CharGroup(-1, code5)],
	["[:ascii:]", new CharGroup(1, code6)],
	["[:^ascii:]", new CharGroup(-1, code6)],
	["[:blank:]", new CharGroup(1, code7)],
	["[:^blank:]", new CharGroup(-1, code7)],
	["[:cntrl:]", new CharGroup(1, code8)],
	["[:^cntrl:]", new CharGroup(-1, code8)],
	["[:digit:]", new CharGroup(1, code9)],
	["[:^digit:]", new CharGroup(-1, code9)],
	["[:graph:]", new CharGroup(1, code10)],
	["[:^graph:]", new CharGroup(-1, code10)],
	["[:lower:]", new CharGroup(1, code11)],
	["[:^lower:]", new CharGroup(-1, code11)],
	["[:print:]", new CharGroup(1, code12)],
	["[:^print:]", new CharGroup(-1, code12)],
	["[:punct:]", new CharGroup(1, code13)],
	["[:^punct:]", new CharGroup(-1, code13)],
	["[:space:]", new CharGroup(1, code14)],
	["[:^space:]", new CharGroup(-1, code14)],
	["[:upper:]", new CharGroup(1, code15)],
	["[:^upper:]", new CharGroup(-1, code15)],
	["[:word:]", new CharGroup(1, code16)],
	["[:^word:]", new CharGroup(-1, code16)],
	["[:xdigit:]", new CharGroup(1, code17)],
	["[:^xdigit:]", new CharGroup(-1, code17)]
]);
// src/CharClass.js
/**
* A "builder"-style helper class for manipulating character classes represented as an array of
* pairs of runes [lo, hi], each denoting an inclusive interval.
*
* All methods mutate the internal state and return {@code this}, allowing operations to be chained.
*/
var CharClass = class CharClass {
	static charClassToString(r, len) {
		let result = "[";
		for (let i = 0; i < len; i += 2) {
			if (i > 0) result += " ";
			const lo = r[i];
			const hi = r[i + 1];
			if (lo === hi) result += `0x${lo.toString(16)}`;
			else result += `0x${lo.toString(16)}-0x${hi.toString(16)}`;
		}
		result += "]";
		return result;
	}
	static sortRanges(array, len) {
		const n = len >> 1;
		const order = new Array(n);
		for (let i = 0; i < n; i++) order[i] = i;
		order.sort((a, b) => array[2 * a] - array[2 * b] || array[2 * b + 1] - array[2 * a + 1]);
		const sorted = array.slice(0, len);
		for (let i = 0; i < n; i++) {
			array[2 * i] = sorted[2 * order[i]];
			array[2 * i + 1] = sorted[2 * order[i] + 1];
		}
	}
	/**
	* @param {number[]|Int32Array} [r]
	*/
	constructor(r = Utils.emptyInts()) {
		/** @type {number[]|Int32Array} */
		this.r = r;
		this.len = r.length;
	}
	toArray() {
		if (this.r instanceof Int32Array) return this.len === this.r.length ? this.r : this.r.subarray(0, this.len);
		return new Int32Array(this.len === this.r.length ? this.r : this.r.slice(0, this.len));
	}
	toGrowableArray() {
		if (Array.isArray(this.r)) {
			this.r.length = this.len;
			return this.r;
		}
		return Array.from(this.r.subarray(0, this.len));
	}
	cleanClass() {
		if (this.len < 4) return this;
		CharClass.sortRanges(this.r, this.len);
		let w = 2;
		for (let i = 2; i < this.len; i += 2) {
			const lo = this.r[i];
			const hi = this.r[i + 1];
			if (lo <= this.r[w - 1] + 1) {
				if (hi > this.r[w - 1]) this.r[w - 1] = hi;
				continue;
			}
			this.r[w] = lo;
			this.r[w + 1] = hi;
			w += 2;
		}
		this.len = w;
		return this;
	}
	appendLiteral(x, flags) {
		return (flags & RE2Flags.FOLD_CASE) !== 0 ? this.appendFoldedRange(x, x) : this.appendRange(x, x);
	}
	appendRange(lo, hi) {
		if (this.len > 0) {
			for (let i = 2; i <= 4; i += 2) if (this.len >= i) {
				const rlo = this.r[this.len - i];
				const rhi = this.r[this.len - i + 1];
				if (lo <= rhi + 1 && rlo <= hi + 1) {
					if (lo < rlo) this.r[this.len - i] = lo;
					if (hi > rhi) this.r[this.len - i + 1] = hi;
					return this;
				}
			}
		}
		this.r[this.len++] = lo;
		this.r[this.len++] = hi;
		return this;
	}
	appendFoldedRange(lo, hi) {
		if (lo <= Unicode.MIN_FOLD && hi >= Unicode.MAX_FOLD) return this.appendRange(lo, hi);
		if (hi < Unicode.MIN_FOLD || lo > Unicode.MAX_FOLD) return this.appendRange(lo, hi);
		if (lo < Unicode.MIN_FOLD) {
			this.appendRange(lo, Unicode.MIN_FOLD - 1);
			lo = Unicode.MIN_FOLD;
		}
		if (hi > Unicode.MAX_FOLD) {
			this.appendRange(Unicode.MAX_FOLD + 1, hi);
			hi = Unicode.MAX_FOLD;
		}
		for (let c = lo; c <= hi; c++) {
			this.appendRange(c, c);
			for (let f = Unicode.simpleFold(c); f !== c; f = Unicode.simpleFold(f)) this.appendRange(f, f);
		}
		return this;
	}
	appendClass(x) {
		for (let i = 0; i < x.length; i += 2) this.appendRange(x[i], x[i + 1]);
		return this;
	}
	appendFoldedClass(x) {
		for (let i = 0; i < x.length; i += 2) this.appendFoldedRange(x[i], x[i + 1]);
		return this;
	}
	appendNegatedClass(x) {
		let nextLo = 0;
		for (let i = 0; i < x.length; i += 2) {
			const lo = x[i];
			const hi = x[i + 1];
			if (nextLo <= lo - 1) this.appendRange(nextLo, lo - 1);
			nextLo = hi + 1;
		}
		if (nextLo <= Unicode.MAX_RUNE) this.appendRange(nextLo, Unicode.MAX_RUNE);
		return this;
	}
	appendTable(table) {
		for (let i = 0; i < table.length; ++i) {
			const lo = table.getLo(i);
			const hi = table.getHi(i);
			const stride = table.getStride(i);
			if (stride === 1) {
				this.appendRange(lo, hi);
				continue;
			}
			for (let c = lo; c <= hi; c += stride) this.appendRange(c, c);
		}
		return this;
	}
	appendNegatedTable(table) {
		let nextLo = 0;
		for (let i = 0; i < table.length; ++i) {
			const lo = table.getLo(i);
			const hi = table.getHi(i);
			const stride = table.getStride(i);
			if (stride === 1) {
				if (nextLo <= lo - 1) this.appendRange(nextLo, lo - 1);
				nextLo = hi + 1;
				continue;
			}
			for (let c = lo; c <= hi; c += stride) {
				if (nextLo <= c - 1) this.appendRange(nextLo, c - 1);
				nextLo = c + 1;
			}
		}
		if (nextLo <= Unicode.MAX_RUNE) this.appendRange(nextLo, Unicode.MAX_RUNE);
		return this;
	}
	appendTableWithSign(table, sign) {
		return sign < 0 ? this.appendNegatedTable(table) : this.appendTable(table);
	}
	negateClass() {
		let nextLo = 0;
		let w = 0;
		for (let i = 0; i < this.len; i += 2) {
			const lo = this.r[i];
			const hi = this.r[i + 1];
			if (nextLo <= lo - 1) {
				this.r[w] = nextLo;
				this.r[w + 1] = lo - 1;
				w += 2;
			}
			nextLo = hi + 1;
		}
		this.len = w;
		if (nextLo <= Unicode.MAX_RUNE) {
			this.r[this.len++] = nextLo;
			this.r[this.len++] = Unicode.MAX_RUNE;
		}
		return this;
	}
	appendClassWithSign(x, sign) {
		return sign < 0 ? this.appendNegatedClass(x) : this.appendClass(x);
	}
	appendGroup(g, foldCase) {
		let cls = g.cls;
		if (foldCase) cls = new CharClass().appendFoldedClass(cls).cleanClass().toArray();
		return this.appendClassWithSign(cls, g.sign);
	}
	toString() {
		return CharClass.charClassToString(this.r, this.len);
	}
};
// src/Parser.js
var StringIterator = class {
	constructor(str) {
		this.str = str;
		this.position = 0;
	}
	pos() {
		return this.position;
	}
	rewindTo(pos) {
		this.position = pos;
	}
	more() {
		return this.position < this.str.length;
	}
	peek() {
		return this.str.codePointAt(this.position);
	}
	skip(n) {
		this.position += n;
	}
	skipString(s) {
		this.position += s.length;
	}
	pop() {
		const r = this.str.codePointAt(this.position);
		this.position += Utils.charCount(r);
		return r;
	}
	lookingAt(s) {
		return this.str.startsWith(s, this.position);
	}
	rest() {
		return this.str.substring(this.position);
	}
	from(beforePos) {
		return this.str.substring(beforePos, this.position);
	}
	toString() {
		return this.rest();
	}
};
/**
* A parser of regular expression patterns.
*
* The only public entry point is {@link #parse(String pattern, int flags)}.
*/
var Parser = class Parser {
	static ERR_INTERNAL_ERROR = "regexp/syntax: internal error";
	static ERR_INVALID_CHAR_RANGE = "invalid character class range";
	static ERR_INVALID_ESCAPE = "invalid escape sequence";
	static ERR_INVALID_NAMED_CAPTURE = "invalid named capture";
	static ERR_INVALID_PERL_OP = "invalid or unsupported Perl syntax";
	static ERR_INVALID_REPEAT_OP = "invalid nested repetition operator";
	static ERR_INVALID_REPEAT_SIZE = "invalid repeat count";
	static ERR_MISSING_BRACKET = "missing closing ]";
	static ERR_MISSING_PAREN = "missing closing )";
	static ERR_MISSING_REPEAT_ARGUMENT = "missing argument to repetition operator";
	static ERR_TRAILING_BACKSLASH = "trailing backslash at end of expression";
	static ERR_DUPLICATE_NAMED_CAPTURE = "duplicate capture group name";
	static ERR_UNEXPECTED_PAREN = "unexpected )";
	static ERR_NESTING_DEPTH = "expression nests too deeply";
	static ERR_LARGE = "expression too large";
	static ERR_INVALID_CAPTURE_IN_LOOKBEHIND = "invalid capture in lookbehind";
	static MAX_HEIGHT = 1e3;
	static MAX_SIZE = 1398101;
	static MAX_RUNES = 33554432;
	static ANY_TABLE = new UnicodeRangeTable(new Uint32Array([
		0,
		Unicode.MAX_RUNE,
		1
	]));
	static ASCII_TABLE = new UnicodeRangeTable(new Uint32Array([
		0,
		127,
		1
	]));
	static ASCII_FOLD_TABLE = new UnicodeRangeTable(new Uint32Array([
		0,
		127,
		1,
		383,
		383,
		1,
		8490,
		8490,
		1
	]));
	static unicodeTable(name) {
		if (name === "Any") return {
			tab: Parser.ANY_TABLE,
			fold: Parser.ANY_TABLE,
			sign: 1
		};
		if (name === "Ascii") return {
			tab: Parser.ASCII_TABLE,
			fold: Parser.ASCII_FOLD_TABLE,
			sign: 1
		};
		if (name === "Assigned") return {
			tab: UnicodeTables.CATEGORIES.get("Cn"),
			fold: UnicodeTables.CATEGORIES.get("Cn"),
			sign: -1
		};
		if (name === "Lc") return {
			tab: UnicodeTables.CATEGORIES.get("LC"),
			fold: UnicodeTables.FOLD_CATEGORIES.get("LC"),
			sign: 1
		};
		if (UnicodeTables.CATEGORIES.has(name)) return {
			tab: UnicodeTables.CATEGORIES.get(name),
			fold: UnicodeTables.FOLD_CATEGORIES.get(name),
			sign: 1
		};
		if (UnicodeTables.SCRIPTS.has(name)) return {
			tab: UnicodeTables.SCRIPTS.get(name),
			fold: UnicodeTables.FOLD_SCRIPT.get(name),
			sign: 1
		};
		return null;
	}
	static minFoldRune(r) {
		if (r < Unicode.MIN_FOLD || r > Unicode.MAX_FOLD) return r;
		let min = r;
		const r0 = r;
		for (r = Unicode.simpleFold(r); r !== r0; r = Unicode.simpleFold(r)) if (min > r) min = r;
		return min;
	}
	static leadingRegexp(re) {
		if (re.op === Regexp.Op.EMPTY_MATCH) return null;
		if (re.op === Regexp.Op.CONCAT && re.subs.length > 0) {
			const sub = re.subs[0];
			if (sub.op === Regexp.Op.EMPTY_MATCH) return null;
			return sub;
		}
		return re;
	}
	static literalRegexp(s, flags) {
		const re = new Regexp(Regexp.Op.LITERAL);
		re.flags = flags;
		re.runes = Utils.stringToRunes(s);
		return re;
	}
	/**
	* Parse regular expression pattern {@code pattern} with mode flags {@code flags}.
	* @param {string} pattern
	* @param {number} flags
	*/
	static parse(pattern, flags) {
		return new Parser(pattern, flags).parseInternal();
	}
	static parseRepeat(t) {
		const start = t.pos();
		if (!t.more() || !t.lookingAt("{")) return -1;
		t.skip(1);
		const min = Parser.parseInt(t);
		if (min === -1) return -1;
		if (!t.more()) return -1;
		let max;
		if (!t.lookingAt(",")) max = min;
		else {
			t.skip(1);
			if (!t.more()) return -1;
			if (t.lookingAt("}")) max = -1;
			else if ((max = Parser.parseInt(t)) === -1) return -1;
		}
		if (!t.more() || !t.lookingAt("}")) return -1;
		t.skip(1);
		if (min < 0 || min > 1e3 || max === -2 || max > 1e3 || max >= 0 && min > max) throw new RE2JSSyntaxException(Parser.ERR_INVALID_REPEAT_SIZE, t.from(start));
		return min << 16 | max & Unicode.MAX_BMP;
	}
	static isValidCaptureName(name) {
		if (name.length === 0) return false;
		for (let i = 0; i < name.length; i++) {
			const c = name.codePointAt(i);
			if (c !== Codepoint.CODES["_"] && !Utils.isalnum(c)) return false;
		}
		return true;
	}
	static parseInt(t) {
		const start = t.pos();
		while (t.more() && t.peek() >= Codepoint.CODES["0"] && t.peek() <= Codepoint.CODES["9"]) t.skip(1);
		const n = t.from(start);
		if (n.length === 0 || n.length > 1 && n.codePointAt(0) === Codepoint.CODES["0"]) return -1;
		if (n.length > 8) return -2;
		return parseInt(n, 10);
	}
	static isCharClass(re) {
		return re.op === Regexp.Op.LITERAL && re.runes.length === 1 || re.op === Regexp.Op.CHAR_CLASS || re.op === Regexp.Op.ANY_CHAR_NOT_NL || re.op === Regexp.Op.ANY_CHAR;
	}
	static matchRune(re, r) {
		switch (re.op) {
			case Regexp.Op.LITERAL: return re.runes.length === 1 && re.runes[0] === r;
			case Regexp.Op.CHAR_CLASS:
				for (let i = 0; i < re.runes.length; i += 2) if (re.runes[i] <= r && r <= re.runes[i + 1]) return true;
				return false;
			case Regexp.Op.ANY_CHAR_NOT_NL: return r !== Codepoint.CODES["\n"];
			case Regexp.Op.ANY_CHAR: return true;
		}
		return false;
	}
	static mergeCharClass(dst, src) {
		switch (dst.op) {
			case Regexp.Op.ANY_CHAR: break;
			case Regexp.Op.ANY_CHAR_NOT_NL:
				if (Parser.matchRune(src, Codepoint.CODES["\n"])) dst.op = Regexp.Op.ANY_CHAR;
				break;
			case Regexp.Op.CHAR_CLASS: {
				const cc = new CharClass(Array.isArray(dst.runes) ? dst.runes : Array.from(dst.runes));
				if (src.op === Regexp.Op.LITERAL) cc.appendLiteral(src.runes[0], src.flags);
				else cc.appendClass(src.runes);
				dst.runes = cc.toGrowableArray();
				break;
			}
			case Regexp.Op.LITERAL:
				if (src.runes[0] === dst.runes[0] && src.flags === dst.flags) break;
				dst.op = Regexp.Op.CHAR_CLASS;
				dst.runes = new CharClass().appendLiteral(dst.runes[0], dst.flags).appendLiteral(src.runes[0], src.flags).toGrowableArray();
		}
	}
	static parseEscape(t) {
		const startPos = t.pos();
		t.skip(1);
		if (!t.more()) throw new RE2JSSyntaxException(Parser.ERR_TRAILING_BACKSLASH);
		let c = t.pop();
		bigswitch: switch (c) {
			case Codepoint.CODES["1"]:
			case Codepoint.CODES["2"]:
			case Codepoint.CODES["3"]:
			case Codepoint.CODES["4"]:
			case Codepoint.CODES["5"]:
			case Codepoint.CODES["6"]:
			case Codepoint.CODES["7"]: if (!t.more() || t.peek() < Codepoint.CODES["0"] || t.peek() > Codepoint.CODES["7"]) break;
			case Codepoint.CODES["0"]: {
				let r = c - Codepoint.CODES["0"];
				for (let i = 1; i < 3; i++) {
					if (!t.more() || t.peek() < Codepoint.CODES["0"] || t.peek() > Codepoint.CODES["7"]) break;
					r = r * 8 + t.peek() - Codepoint.CODES["0"];
					t.skip(1);
				}
				return r;
			}
			case Codepoint.CODES["x"]: {
				if (!t.more()) break;
				c = t.pop();
				if (c === Codepoint.CODES["{"]) {
					let nhex = 0;
					let r = 0;
					while (true) {
						if (!t.more()) break bigswitch;
						c = t.pop();
						if (c === Codepoint.CODES["}"]) break;
						const v = Utils.unhex(c);
						if (v < 0) break bigswitch;
						r = r * 16 + v;
						if (r > Unicode.MAX_RUNE) break bigswitch;
						nhex++;
					}
					if (nhex === 0) break bigswitch;
					return r;
				}
				const x = Utils.unhex(c);
				if (!t.more()) break;
				c = t.pop();
				const y = Utils.unhex(c);
				if (x < 0 || y < 0) break;
				return x * 16 + y;
			}
			case Codepoint.CODES["a"]: return Codepoint.CODES["\x07"];
			case Codepoint.CODES["f"]: return Codepoint.CODES["\f"];
			case Codepoint.CODES["n"]: return Codepoint.CODES["\n"];
			case Codepoint.CODES["r"]: return Codepoint.CODES["\r"];
			case Codepoint.CODES["t"]: return Codepoint.CODES["	"];
			case Codepoint.CODES["v"]: return Codepoint.CODES["\v"];
			default: if (c <= Unicode.MAX_ASCII && !Utils.isalnum(c)) return c;
		}
		throw new RE2JSSyntaxException(Parser.ERR_INVALID_ESCAPE, t.from(startPos));
	}
	static parseClassChar(t, wholeClassPos) {
		if (!t.more()) throw new RE2JSSyntaxException(Parser.ERR_MISSING_BRACKET, t.from(wholeClassPos));
		if (t.lookingAt("\\")) return Parser.parseEscape(t);
		return t.pop();
	}
	static hasCapture(re) {
		if (re === null) return false;
		if (re.op === Regexp.Op.CAPTURE) return true;
		if (re.subs) {
			for (let sub of re.subs) if (Parser.hasCapture(sub)) return true;
		}
		return false;
	}
	constructor(wholeRegexp, flags = 0) {
		this.wholeRegexp = wholeRegexp;
		this.flags = flags;
		this.numCap = 0;
		this.namedGroups = Object.create(null);
		this.stack = [];
		this.free = null;
		this.numRegexp = 0;
		this.numRunes = 0;
		this.repeats = 0;
		this.height = null;
		this.size = null;
		this.nlb = 0;
	}
	newRegexp(op) {
		let re = this.free;
		if (re !== null && re.subs !== null && re.subs.length > 0) {
			this.free = re.subs[0];
			re.reinit();
			re.op = op;
		} else {
			re = new Regexp(op);
			this.numRegexp += 1;
		}
		return re;
	}
	reuse(re) {
		if (this.height !== null && this.height.has(re)) this.height.delete(re);
		if (re.subs !== null && re.subs.length > 0) re.subs[0] = this.free;
		this.free = re;
	}
	checkLimits(re) {
		if (this.numRunes > Parser.MAX_RUNES) throw new RE2JSSyntaxException(Parser.ERR_LARGE);
		this.checkSize(re);
		this.checkHeight(re);
	}
	checkSize(re) {
		if (this.size === null) {
			if (this.repeats === 0) this.repeats = 1;
			if (re.op === Regexp.Op.REPEAT) {
				let n = re.max;
				if (n === -1) n = re.min;
				if (n <= 0) n = 1;
				if (n > Math.floor(Parser.MAX_SIZE / this.repeats)) this.repeats = Parser.MAX_SIZE;
				else this.repeats *= n;
			}
			if (this.numRegexp < Math.floor(Parser.MAX_SIZE / this.repeats)) return;
			this.size = /* @__PURE__ */ new Map();
			for (let reEx of this.stack) this.checkSize(reEx);
		}
		if (this.calcSize(re, true) > Parser.MAX_SIZE) throw new RE2JSSyntaxException(Parser.ERR_LARGE);
	}
	calcSize(re, force = false) {
		if (!force && this.size !== null) {
			if (this.size.has(re)) return this.size.get(re);
		}
		let size = 0;
		switch (re.op) {
			case Regexp.Op.LITERAL:
				size = re.runes.length;
				break;
			case Regexp.Op.PLB:
			case Regexp.Op.NLB:
			case Regexp.Op.CAPTURE:
			case Regexp.Op.STAR:
				size = 2 + this.calcSize(re.subs[0]);
				break;
			case Regexp.Op.PLUS:
			case Regexp.Op.QUEST:
				size = 1 + this.calcSize(re.subs[0]);
				break;
			case Regexp.Op.CONCAT:
				for (let sub of re.subs) size = size + this.calcSize(sub);
				break;
			case Regexp.Op.ALTERNATE:
				for (let sub of re.subs) size = size + this.calcSize(sub);
				if (re.subs.length > 1) size = size + re.subs.length - 1;
				break;
			case Regexp.Op.REPEAT: {
				let sub = this.calcSize(re.subs[0]);
				if (re.max === -1) {
					if (re.min === 0) size = 2 + sub;
					else size = 1 + re.min * sub;
					break;
				}
				size = re.max * sub + (re.max - re.min);
				break;
			}
		}
		size = Math.max(1, size);
		if (this.size === null) this.size = /* @__PURE__ */ new Map();
		this.size.set(re, size);
		return size;
	}
	checkHeight(re) {
		if (this.numRegexp < Parser.MAX_HEIGHT) return;
		if (this.height === null) {
			this.height = /* @__PURE__ */ new Map();
			for (let reEx of this.stack) this.checkHeight(reEx);
		}
		if (this.calcHeight(re, true) > Parser.MAX_HEIGHT) throw new RE2JSSyntaxException(Parser.ERR_NESTING_DEPTH);
	}
	calcHeight(re, force = false) {
		if (!force && this.height !== null) {
			if (this.height.has(re)) return this.height.get(re);
		}
		let h = 1;
		for (let sub of re.subs) {
			const hsub = this.calcHeight(sub);
			if (h < 1 + hsub) h = 1 + hsub;
		}
		if (this.height === null) this.height = /* @__PURE__ */ new Map();
		this.height.set(re, h);
		return h;
	}
	pop() {
		return this.stack.pop();
	}
	popToPseudo() {
		const n = this.stack.length;
		let i = n;
		while (i > 0 && !Regexp.isPseudoOp(this.stack[i - 1].op)) i--;
		return this.stack.splice(i, n - i);
	}
	push(re) {
		this.numRunes += re.runes.length;
		if (re.op === Regexp.Op.CHAR_CLASS && re.runes.length === 2 && re.runes[0] === re.runes[1]) {
			if (this.maybeConcat(re.runes[0], this.flags & ~RE2Flags.FOLD_CASE)) return null;
			re.op = Regexp.Op.LITERAL;
			re.runes = [re.runes[0]];
			re.flags = this.flags & ~RE2Flags.FOLD_CASE;
		} else if (re.op === Regexp.Op.CHAR_CLASS && re.runes.length === 4 && re.runes[0] === re.runes[1] && re.runes[2] === re.runes[3] && Unicode.simpleFold(re.runes[0]) === re.runes[2] && Unicode.simpleFold(re.runes[2]) === re.runes[0] || re.op === Regexp.Op.CHAR_CLASS && re.runes.length === 2 && re.runes[0] + 1 === re.runes[1] && Unicode.simpleFold(re.runes[0]) === re.runes[1] && Unicode.simpleFold(re.runes[1]) === re.runes[0]) {
			if (this.maybeConcat(re.runes[0], this.flags | RE2Flags.FOLD_CASE)) return null;
			re.op = Regexp.Op.LITERAL;
			re.runes = [re.runes[0]];
			re.flags = this.flags | RE2Flags.FOLD_CASE;
		} else this.maybeConcat(-1, 0);
		this.stack.push(re);
		this.checkLimits(re);
		return re;
	}
	maybeConcat(r, flags) {
		const n = this.stack.length;
		if (n < 2) return false;
		const re1 = this.stack[n - 1];
		const re2 = this.stack[n - 2];
		if (re1.op !== Regexp.Op.LITERAL || re2.op !== Regexp.Op.LITERAL || (re1.flags & RE2Flags.FOLD_CASE) !== (re2.flags & RE2Flags.FOLD_CASE)) return false;
		if (!Array.isArray(re2.runes)) re2.runes = Array.from(re2.runes);
		for (let i = 0; i < re1.runes.length; i++) re2.runes.push(re1.runes[i]);
		if (r >= 0) {
			re1.runes = [r];
			re1.flags = flags;
			return true;
		}
		this.pop();
		this.reuse(re1);
		return false;
	}
	newLiteral(r, flags) {
		const re = this.newRegexp(Regexp.Op.LITERAL);
		re.flags = flags;
		if ((flags & RE2Flags.FOLD_CASE) !== 0) r = Parser.minFoldRune(r);
		re.runes = [r];
		return re;
	}
	literal(r) {
		this.push(this.newLiteral(r, this.flags));
	}
	op(op) {
		const re = this.newRegexp(op);
		re.flags = this.flags;
		return this.push(re);
	}
	repeat(op, min, max, beforePos, t, lastRepeatPos) {
		let flags = this.flags;
		if ((flags & RE2Flags.PERL_X) !== 0) {
			if (t.more() && t.lookingAt("?")) {
				t.skip(1);
				flags ^= RE2Flags.NON_GREEDY;
			}
			if (lastRepeatPos !== -1) throw new RE2JSSyntaxException(Parser.ERR_INVALID_REPEAT_OP, t.from(lastRepeatPos));
		}
		const n = this.stack.length;
		if (n === 0) throw new RE2JSSyntaxException(Parser.ERR_MISSING_REPEAT_ARGUMENT, t.from(beforePos));
		const sub = this.stack[n - 1];
		if (Regexp.isPseudoOp(sub.op)) throw new RE2JSSyntaxException(Parser.ERR_MISSING_REPEAT_ARGUMENT, t.from(beforePos));
		const re = this.newRegexp(op);
		re.min = min;
		re.max = max;
		re.flags = flags;
		re.subs = [sub];
		this.stack[n - 1] = re;
		this.checkLimits(re);
		if (op === Regexp.Op.REPEAT && (min >= 2 || max >= 2) && !this.repeatIsValid(re, 1e3)) throw new RE2JSSyntaxException(Parser.ERR_INVALID_REPEAT_SIZE, t.from(beforePos));
	}
	repeatIsValid(re, n) {
		if (re.op === Regexp.Op.REPEAT) {
			let m = re.max;
			if (m === 0) return true;
			if (m < 0) m = re.min;
			if (m > n) return false;
			if (m > 0) n = Math.trunc(n / m);
		}
		for (let sub of re.subs) if (!this.repeatIsValid(sub, n)) return false;
		return true;
	}
	concat() {
		this.maybeConcat(-1, 0);
		const subs = this.popToPseudo();
		if (subs.length === 0) return this.push(this.newRegexp(Regexp.Op.EMPTY_MATCH));
		return this.push(this.collapse(subs, Regexp.Op.CONCAT));
	}
	alternate() {
		const subs = this.popToPseudo();
		if (subs.length > 0) this.cleanAlt(subs[subs.length - 1]);
		if (subs.length === 0) return this.push(this.newRegexp(Regexp.Op.NO_MATCH));
		return this.push(this.collapse(subs, Regexp.Op.ALTERNATE));
	}
	cleanAlt(re) {
		if (re.op === Regexp.Op.CHAR_CLASS) {
			re.runes = new CharClass(Array.from(re.runes)).cleanClass().toArray();
			if (re.runes.length === 2 && re.runes[0] === 0 && re.runes[1] === Unicode.MAX_RUNE) {
				re.runes = /* @__PURE__ */ new Int32Array(0);
				re.op = Regexp.Op.ANY_CHAR;
			} else if (re.runes.length === 4 && re.runes[0] === 0 && re.runes[1] === Codepoint.CODES["\n"] - 1 && re.runes[2] === Codepoint.CODES["\n"] + 1 && re.runes[3] === Unicode.MAX_RUNE) {
				re.runes = /* @__PURE__ */ new Int32Array(0);
				re.op = Regexp.Op.ANY_CHAR_NOT_NL;
			}
		}
	}
	collapse(subs, op) {
		if (subs.length === 1) return subs[0];
		let len = 0;
		for (let sub of subs) len += sub.op === op ? sub.subs.length : 1;
		let newsubs = new Array(len).fill(null);
		let i = 0;
		for (let sub of subs) if (sub.op === op) {
			for (let j = 0; j < sub.subs.length; j++) newsubs[i++] = sub.subs[j];
			this.reuse(sub);
		} else newsubs[i++] = sub;
		let re = this.newRegexp(op);
		re.subs = newsubs;
		if (op === Regexp.Op.ALTERNATE) {
			re.subs = this.factor(re.subs);
			if (re.subs.length === 1) {
				const old = re;
				re = re.subs[0];
				this.reuse(old);
			}
		}
		return re;
	}
	factor(array) {
		if (array.length < 2) return array;
		let s = 0;
		let lensub = array.length;
		let lenout = 0;
		let str = null;
		let strlen = 0;
		let strflags = 0;
		let start = 0;
		for (let i = 0; i <= lensub; i++) {
			let istr = null;
			let istrlen = 0;
			let iflags = 0;
			if (i < lensub) {
				let re = array[s + i];
				if (re.op === Regexp.Op.CONCAT && re.subs.length > 0) re = re.subs[0];
				if (re.op === Regexp.Op.LITERAL) {
					istr = re.runes;
					istrlen = re.runes.length;
					iflags = re.flags & RE2Flags.FOLD_CASE;
				}
				if (iflags === strflags) {
					let same = 0;
					while (same < strlen && same < istrlen && str[same] === istr[same]) same++;
					if (same > 0) {
						strlen = same;
						continue;
					}
				}
			}
			if (i === start) {} else if (i === start + 1) array[lenout++] = array[s + start];
			else {
				const prefix = this.newRegexp(Regexp.Op.LITERAL);
				prefix.flags = strflags;
				prefix.runes = str.slice(0, strlen);
				for (let j = start; j < i; j++) {
					array[s + j] = this.removeLeadingString(array[s + j], strlen);
					this.checkLimits(array[s + j]);
				}
				const suffix = this.collapse(array.slice(s + start, s + i), Regexp.Op.ALTERNATE);
				const re = this.newRegexp(Regexp.Op.CONCAT);
				re.subs = [prefix, suffix];
				array[lenout++] = re;
			}
			start = i;
			str = istr;
			strlen = istrlen;
			strflags = iflags;
		}
		lensub = lenout;
		s = 0;
		start = 0;
		lenout = 0;
		let first = null;
		for (let i = 0; i <= lensub; i++) {
			let ifirst = null;
			if (i < lensub) {
				ifirst = Parser.leadingRegexp(array[s + i]);
				if (first !== null && first.equals(ifirst) && (Parser.isCharClass(first) || first.op === Regexp.Op.REPEAT && first.min === first.max && Parser.isCharClass(first.subs[0]))) continue;
			}
			if (i === start) {} else if (i === start + 1) array[lenout++] = array[s + start];
			else {
				const prefix = first;
				for (let j = start; j < i; j++) {
					const reuse = j !== start;
					array[s + j] = this.removeLeadingRegexp(array[s + j], reuse);
					this.checkLimits(array[s + j]);
				}
				const suffix = this.collapse(array.slice(s + start, s + i), Regexp.Op.ALTERNATE);
				const re = this.newRegexp(Regexp.Op.CONCAT);
				re.subs = [prefix, suffix];
				array[lenout++] = re;
			}
			start = i;
			first = ifirst;
		}
		lensub = lenout;
		s = 0;
		start = 0;
		lenout = 0;
		for (let i = 0; i <= lensub; i++) {
			if (i < lensub && Parser.isCharClass(array[s + i])) continue;
			if (i === start) {} else if (i === start + 1) array[lenout++] = array[s + start];
			else {
				let max = start;
				for (let j = start + 1; j < i; j++) {
					const subMax = array[s + max];
					const subJ = array[s + j];
					if (subMax.op < subJ.op || subMax.op === subJ.op && (subMax.runes !== null ? subMax.runes.length : 0) < (subJ.runes !== null ? subJ.runes.length : 0)) max = j;
				}
				const tmp = array[s + start];
				array[s + start] = array[s + max];
				array[s + max] = tmp;
				for (let j = start + 1; j < i; j++) {
					Parser.mergeCharClass(array[s + start], array[s + j]);
					this.reuse(array[s + j]);
				}
				this.cleanAlt(array[s + start]);
				array[lenout++] = array[s + start];
			}
			if (i < lensub) array[lenout++] = array[s + i];
			start = i + 1;
		}
		lensub = lenout;
		s = 0;
		start = 0;
		lenout = 0;
		for (let i = 0; i < lensub; ++i) {
			if (i + 1 < lensub && array[s + i].op === Regexp.Op.EMPTY_MATCH && array[s + i + 1].op === Regexp.Op.EMPTY_MATCH) continue;
			array[lenout++] = array[s + i];
		}
		lensub = lenout;
		s = 0;
		return array.slice(s, lensub);
	}
	removeLeadingString(re, n) {
		if (re.op === Regexp.Op.CONCAT && re.subs.length > 0) {
			const sub = this.removeLeadingString(re.subs[0], n);
			re.subs[0] = sub;
			if (sub.op === Regexp.Op.EMPTY_MATCH) {
				this.reuse(sub);
				switch (re.subs.length) {
					case 0:
					case 1:
						re.op = Regexp.Op.EMPTY_MATCH;
						re.subs = Regexp.emptySubs();
						break;
					case 2: {
						const old = re;
						re = re.subs[1];
						this.reuse(old);
						break;
					}
					default: re.subs = re.subs.slice(1, re.subs.length);
				}
			}
			return re;
		}
		if (re.op === Regexp.Op.LITERAL) {
			re.runes = re.runes.slice(n, re.runes.length);
			if (re.runes.length === 0) re.op = Regexp.Op.EMPTY_MATCH;
		}
		return re;
	}
	removeLeadingRegexp(re, reuse) {
		if (re.op === Regexp.Op.CONCAT && re.subs.length > 0) {
			if (reuse) this.reuse(re.subs[0]);
			re.subs = re.subs.slice(1, re.subs.length);
			switch (re.subs.length) {
				case 0:
					re.op = Regexp.Op.EMPTY_MATCH;
					re.subs = Regexp.emptySubs();
					break;
				case 1: {
					const old = re;
					re = re.subs[0];
					this.reuse(old);
					break;
				}
			}
			return re;
		}
		if (reuse) this.reuse(re);
		return this.newRegexp(Regexp.Op.EMPTY_MATCH);
	}
	parseInternal() {
		if ((this.flags & RE2Flags.LITERAL) !== 0) return Parser.literalRegexp(this.wholeRegexp, this.flags);
		let lastRepeatPos = -1;
		let min = -1;
		let max = -1;
		const t = new StringIterator(this.wholeRegexp);
		while (t.more()) {
			let repeatPos = -1;
			bigswitch: switch (t.peek()) {
				case Codepoint.CODES["("]:
					if ((this.flags & RE2Flags.LOOKBEHIND) !== 0) {
						if (t.lookingAt("(?<=")) {
							this.parsePosLookBehind();
							t.skip(4);
							break;
						}
						if (t.lookingAt("(?<!")) {
							this.parseNegLookBehind();
							t.skip(4);
							break;
						}
					}
					if ((this.flags & RE2Flags.PERL_X) !== 0 && t.lookingAt("(?")) {
						this.parsePerlFlags(t);
						break;
					}
					this.op(Regexp.Op.LEFT_PAREN).cap = ++this.numCap;
					t.skip(1);
					break;
				case Codepoint.CODES["|"]:
					this.parseVerticalBar();
					t.skip(1);
					break;
				case Codepoint.CODES[")"]:
					this.parseRightParen();
					t.skip(1);
					break;
				case Codepoint.CODES["^"]:
					if ((this.flags & RE2Flags.ONE_LINE) !== 0) this.op(Regexp.Op.BEGIN_TEXT);
					else this.op(Regexp.Op.BEGIN_LINE);
					t.skip(1);
					break;
				case Codepoint.CODES["$"]:
					if ((this.flags & RE2Flags.ONE_LINE) !== 0) this.op(Regexp.Op.END_TEXT).flags |= RE2Flags.WAS_DOLLAR;
					else this.op(Regexp.Op.END_LINE);
					t.skip(1);
					break;
				case Codepoint.CODES["."]:
					if ((this.flags & RE2Flags.DOT_NL) !== 0) this.op(Regexp.Op.ANY_CHAR);
					else this.op(Regexp.Op.ANY_CHAR_NOT_NL);
					t.skip(1);
					break;
				case Codepoint.CODES["["]:
					this.parseClass(t);
					break;
				case Codepoint.CODES["*"]:
				case Codepoint.CODES["+"]:
				case Codepoint.CODES["?"]: {
					repeatPos = t.pos();
					let op = null;
					switch (t.pop()) {
						case Codepoint.CODES["*"]:
							op = Regexp.Op.STAR;
							break;
						case Codepoint.CODES["+"]:
							op = Regexp.Op.PLUS;
							break;
						case Codepoint.CODES["?"]: op = Regexp.Op.QUEST;
					}
					this.repeat(op, min, max, repeatPos, t, lastRepeatPos);
					break;
				}
				case Codepoint.CODES["{"]: {
					const before = t.pos();
					const minMax = Parser.parseRepeat(t);
					if (minMax < 0) {
						t.rewindTo(before);
						this.literal(t.pop());
						break;
					}
					repeatPos = before;
					min = minMax >> 16;
					max = (minMax & Unicode.MAX_BMP) << 16 >> 16;
					this.repeat(Regexp.Op.REPEAT, min, max, repeatPos, t, lastRepeatPos);
					break;
				}
				case Codepoint.CODES["\\"]: {
					const savedPos = t.pos();
					t.skip(1);
					if ((this.flags & RE2Flags.PERL_X) !== 0 && t.more()) switch (t.pop()) {
						case Codepoint.CODES["A"]:
							this.op(Regexp.Op.BEGIN_TEXT);
							break bigswitch;
						case Codepoint.CODES["b"]:
							this.op(Regexp.Op.WORD_BOUNDARY);
							break bigswitch;
						case Codepoint.CODES["B"]:
							this.op(Regexp.Op.NO_WORD_BOUNDARY);
							break bigswitch;
						case Codepoint.CODES["C"]: throw new RE2JSSyntaxException(Parser.ERR_INVALID_ESCAPE, "\\C");
						case Codepoint.CODES["Q"]: {
							let lit = t.rest();
							const i = lit.indexOf("\\E");
							if (i >= 0) {
								lit = lit.substring(0, i);
								t.skipString(lit);
								t.skipString("\\E");
							} else t.skipString(lit);
							let j = 0;
							while (j < lit.length) {
								const codepoint = lit.codePointAt(j);
								this.literal(codepoint);
								j += Utils.charCount(codepoint);
							}
							break bigswitch;
						}
						case Codepoint.CODES["z"]:
							this.op(Regexp.Op.END_TEXT);
							break bigswitch;
						default: t.rewindTo(savedPos);
					}
					else t.rewindTo(savedPos);
					const re = this.newRegexp(Regexp.Op.CHAR_CLASS);
					re.flags = this.flags;
					if (t.lookingAt("\\p") || t.lookingAt("\\P")) {
						const cc = new CharClass();
						if (this.parseUnicodeClass(t, cc)) {
							re.runes = cc.toArray();
							this.push(re);
							break bigswitch;
						}
					}
					const cc = new CharClass();
					if (this.parsePerlClassEscape(t, cc)) {
						re.runes = cc.toArray();
						this.push(re);
						break bigswitch;
					}
					t.rewindTo(savedPos);
					this.reuse(re);
					this.literal(Parser.parseEscape(t));
					break;
				}
				default: this.literal(t.pop());
			}
			lastRepeatPos = repeatPos;
		}
		this.concat();
		if (this.swapVerticalBar()) this.pop();
		this.alternate();
		if (this.stack.length !== 1) throw new RE2JSSyntaxException(Parser.ERR_MISSING_PAREN, this.wholeRegexp);
		this.stack[0].namedGroups = this.namedGroups;
		return this.stack[0];
	}
	parsePerlFlags(t) {
		const startPos = t.pos();
		const s = t.rest();
		if (s.startsWith("(?P<") || s.startsWith("(?<")) {
			const begin = s.charAt(2) === "P" ? 4 : 3;
			const end = s.indexOf(">");
			if (end < 0) throw new RE2JSSyntaxException(Parser.ERR_INVALID_NAMED_CAPTURE, s);
			const name = s.substring(begin, end);
			t.skipString(name);
			t.skip(begin + 1);
			if (!Parser.isValidCaptureName(name)) throw new RE2JSSyntaxException(Parser.ERR_INVALID_NAMED_CAPTURE, s.substring(0, end + 1));
			const re = this.op(Regexp.Op.LEFT_PAREN);
			re.cap = ++this.numCap;
			if (this.namedGroups[name]) throw new RE2JSSyntaxException(Parser.ERR_DUPLICATE_NAMED_CAPTURE, name);
			this.namedGroups[name] = this.numCap;
			re.name = name;
			return;
		}
		t.skip(2);
		let flags = this.flags;
		let sign = 1;
		let sawFlag = false;
		loop: while (t.more()) {
			const c = t.pop();
			switch (c) {
				case Codepoint.CODES["i"]:
					flags |= RE2Flags.FOLD_CASE;
					sawFlag = true;
					break;
				case Codepoint.CODES["m"]:
					flags &= ~RE2Flags.ONE_LINE;
					sawFlag = true;
					break;
				case Codepoint.CODES["s"]:
					flags |= RE2Flags.DOT_NL;
					sawFlag = true;
					break;
				case Codepoint.CODES["U"]:
					flags |= RE2Flags.NON_GREEDY;
					sawFlag = true;
					break;
				case Codepoint.CODES["-"]:
					if (sign < 0) break loop;
					sign = -1;
					flags = ~flags;
					sawFlag = false;
					break;
				case Codepoint.CODES[":"]:
				case Codepoint.CODES[")"]:
					if (sign < 0) {
						if (!sawFlag) break loop;
						flags = ~flags;
					}
					if (c === Codepoint.CODES[":"]) this.op(Regexp.Op.LEFT_PAREN);
					this.flags = flags;
					return;
				default: break loop;
			}
		}
		throw new RE2JSSyntaxException(Parser.ERR_INVALID_PERL_OP, t.from(startPos));
	}
	parsePosLookBehind() {
		const re = this.newRegexp(Regexp.Op.LEFT_PAREN);
		re.flags = this.flags;
		re.lb = ++this.nlb;
		return this.push(re);
	}
	parseNegLookBehind() {
		const re = this.newRegexp(Regexp.Op.LEFT_PAREN);
		re.flags = this.flags;
		re.lb = -++this.nlb;
		return this.push(re);
	}
	parseVerticalBar() {
		this.concat();
		if (!this.swapVerticalBar()) this.op(Regexp.Op.VERTICAL_BAR);
	}
	swapVerticalBar() {
		const n = this.stack.length;
		if (n >= 3 && this.stack[n - 2].op === Regexp.Op.VERTICAL_BAR && Parser.isCharClass(this.stack[n - 1]) && Parser.isCharClass(this.stack[n - 3])) {
			let re1 = this.stack[n - 1];
			let re3 = this.stack[n - 3];
			if (re1.op > re3.op) {
				const tmp = re3;
				re3 = re1;
				re1 = tmp;
				this.stack[n - 3] = re3;
			}
			Parser.mergeCharClass(re3, re1);
			this.reuse(re1);
			this.pop();
			return true;
		}
		if (n >= 2) {
			const re1 = this.stack[n - 1];
			const re2 = this.stack[n - 2];
			if (re2.op === Regexp.Op.VERTICAL_BAR) {
				if (n >= 3) this.cleanAlt(this.stack[n - 3]);
				this.stack[n - 2] = re1;
				this.stack[n - 1] = re2;
				return true;
			}
		}
		return false;
	}
	parseRightParen() {
		this.concat();
		if (this.swapVerticalBar()) this.pop();
		this.alternate();
		if (this.stack.length < 2) throw new RE2JSSyntaxException(Parser.ERR_UNEXPECTED_PAREN, this.wholeRegexp);
		const re1 = this.pop();
		const re2 = this.pop();
		if (re2.op !== Regexp.Op.LEFT_PAREN) throw new RE2JSSyntaxException(Parser.ERR_UNEXPECTED_PAREN, this.wholeRegexp);
		this.flags = re2.flags;
		if (re2.lb !== 0) {
			if (Parser.hasCapture(re1)) throw new RE2JSSyntaxException(Parser.ERR_INVALID_CAPTURE_IN_LOOKBEHIND, this.wholeRegexp);
			if (re2.lb > 0) re2.op = Regexp.Op.PLB;
			else re2.op = Regexp.Op.NLB;
			re2.subs = [re1];
			this.push(re2);
			return;
		}
		if (re2.cap === 0) this.push(re1);
		else {
			re2.op = Regexp.Op.CAPTURE;
			re2.subs = [re1];
			this.push(re2);
		}
	}
	parsePerlClassEscape(t, cc) {
		const beforePos = t.pos();
		if ((this.flags & RE2Flags.PERL_X) === 0 || !t.more() || t.pop() !== Codepoint.CODES["\\"] || !t.more()) return false;
		t.pop();
		const p = t.from(beforePos);
		const g = PERL_GROUPS.has(p) ? PERL_GROUPS.get(p) : null;
		if (g === null) return false;
		cc.appendGroup(g, (this.flags & RE2Flags.FOLD_CASE) !== 0);
		return true;
	}
	parseNamedClass(t, cc) {
		const cls = t.rest();
		const i = cls.indexOf(":]");
		if (i < 0) return false;
		const name = cls.substring(0, i + 2);
		t.skipString(name);
		const g = POSIX_GROUPS.has(name) ? POSIX_GROUPS.get(name) : null;
		if (g === null) throw new RE2JSSyntaxException(Parser.ERR_INVALID_CHAR_RANGE, name);
		cc.appendGroup(g, (this.flags & RE2Flags.FOLD_CASE) !== 0);
		return true;
	}
	parseUnicodeClass(t, cc) {
		const startPos = t.pos();
		if ((this.flags & RE2Flags.UNICODE_GROUPS) === 0 || !t.lookingAt("\\p") && !t.lookingAt("\\P")) return false;
		t.skip(1);
		let sign = 1;
		let c = t.pop();
		if (c === Codepoint.CODES["P"]) sign = -1;
		if (!t.more()) {
			t.rewindTo(startPos);
			throw new RE2JSSyntaxException(Parser.ERR_INVALID_CHAR_RANGE, t.rest());
		}
		c = t.pop();
		let name;
		if (c !== Codepoint.CODES["{"]) name = Utils.runeToString(c);
		else {
			const rest = t.rest();
			const end = rest.indexOf("}");
			if (end < 0) {
				t.rewindTo(startPos);
				throw new RE2JSSyntaxException(Parser.ERR_INVALID_CHAR_RANGE, t.rest());
			}
			name = rest.substring(0, end);
			t.skipString(name);
			t.skip(1);
		}
		if (!(name.length === 0) && name.codePointAt(0) === Codepoint.CODES["^"]) {
			sign = 0 - sign;
			name = name.substring(1);
		}
		const pair = Parser.unicodeTable(name);
		if (pair === null) throw new RE2JSSyntaxException(Parser.ERR_INVALID_CHAR_RANGE, t.from(startPos));
		if (pair.sign < 0) sign = 0 - sign;
		const tab = pair.tab;
		const fold = pair.fold;
		if ((this.flags & RE2Flags.FOLD_CASE) === 0 || fold === null) cc.appendTableWithSign(tab, sign);
		else {
			const tmp = new CharClass().appendTable(tab).appendTable(fold).cleanClass().toArray();
			cc.appendClassWithSign(Array.from(tmp), sign);
		}
		return true;
	}
	parseClass(t) {
		const startPos = t.pos();
		t.skip(1);
		const re = this.newRegexp(Regexp.Op.CHAR_CLASS);
		re.flags = this.flags;
		const cc = new CharClass();
		let sign = 1;
		if (t.more() && t.lookingAt("^")) {
			sign = -1;
			t.skip(1);
			if ((this.flags & RE2Flags.CLASS_NL) === 0) cc.appendRange(Codepoint.CODES["\n"], Codepoint.CODES["\n"]);
		}
		let first = true;
		while (!t.more() || t.peek() !== Codepoint.CODES["]"] || first) {
			if (t.more() && t.lookingAt("-") && (this.flags & RE2Flags.PERL_X) === 0 && !first) {
				const s = t.rest();
				if (s === "-" || !s.startsWith("-]")) {
					t.rewindTo(startPos);
					throw new RE2JSSyntaxException(Parser.ERR_INVALID_CHAR_RANGE, t.rest());
				}
			}
			first = false;
			const beforePos = t.pos();
			if (t.lookingAt("[:")) {
				if (this.parseNamedClass(t, cc)) continue;
				t.rewindTo(beforePos);
			}
			if (this.parseUnicodeClass(t, cc)) continue;
			if (this.parsePerlClassEscape(t, cc)) continue;
			t.rewindTo(beforePos);
			const lo = Parser.parseClassChar(t, startPos);
			let hi = lo;
			if (t.more() && t.lookingAt("-")) {
				t.skip(1);
				if (t.more() && t.lookingAt("]")) t.skip(-1);
				else {
					hi = Parser.parseClassChar(t, startPos);
					if (hi < lo) throw new RE2JSSyntaxException(Parser.ERR_INVALID_CHAR_RANGE, t.from(beforePos));
				}
			}
			if ((this.flags & RE2Flags.FOLD_CASE) === 0) cc.appendRange(lo, hi);
			else cc.appendFoldedRange(lo, hi);
		}
		t.skip(1);
		cc.cleanClass();
		if (sign < 0) cc.negateClass();
		re.runes = cc.toArray();
		this.push(re);
	}
};
// src/RE2.js
/**
* An RE2 class instance is a compiled representation of an RE2 regular expression, independent of
* the public Java-like Pattern/Matcher API.
*
* This class also contains various implementation helpers for RE2 regular expressions.
*
* Use the {@link #quoteMeta(String)} utility function to quote all regular expression
* metacharacters in an arbitrary string.
*
*/
var RE2 = class RE2 {
	static initTest(expr) {
		const re2 = RE2.compile(expr);
		const res = new RE2(re2.expr, re2.prog, re2.numSubexp, re2.longest);
		res.cond = re2.cond;
		res.prefix = re2.prefix;
		res.prefixUTF8 = re2.prefixUTF8;
		res.prefixComplete = re2.prefixComplete;
		res.prefixRune = re2.prefixRune;
		res.prefilter = re2.prefilter;
		res.namedGroups = re2.namedGroups;
		return res;
	}
	/**
	* Parses a regular expression and returns, if successful, an {@code RE2} instance that can be
	* used to match against text.
	*
	* When matching against text, the regexp returns a match that begins as early as possible in the
	* input (leftmost), and among those it chooses the one that a backtracking search would have
	* found first. This so-called leftmost-first matching is the same semantics that Perl, Python,
	* and other implementations use, although this package implements it without the expense of
	* backtracking. For POSIX leftmost-longest matching, see {@link #compilePOSIX}.
	*/
	static compile(expr) {
		return RE2.compileImpl(expr, RE2Flags.PERL, false);
	}
	/**
	* {@code compilePOSIX} is like {@link #compile} but restricts the regular expression to POSIX ERE
	* (egrep) syntax and changes the match semantics to leftmost-longest.
	*
	* That is, when matching against text, the regexp returns a match that begins as early as
	* possible in the input (leftmost), and among those it chooses a match that is as long as
	* possible. This so-called leftmost-longest matching is the same semantics that early regular
	* expression implementations used and that POSIX specifies.
	*
	* However, there can be multiple leftmost-longest matches, with different submatch choices, and
	* here this package diverges from POSIX. Among the possible leftmost-longest matches, this
	* package chooses the one that a backtracking search would have found first, while POSIX
	* specifies that the match be chosen to maximize the length of the first subexpression, then the
	* second, and so on from left to right. The POSIX rule is computationally prohibitive and not
	* even well-defined. See http://swtch.com/~rsc/regexp/regexp2.html#posix
	*/
	static compilePOSIX(expr) {
		return RE2.compileImpl(expr, RE2Flags.POSIX, true);
	}
	static compileImpl(expr, mode, longest) {
		let re = Parser.parse(expr, mode);
		const maxCap = re.maxCap();
		const namedGroups = re.namedGroups;
		re = Simplify.simplify(re);
		const prefilter = PrefilterTree.build(re);
		const prog = Compiler.compileRegexp(re);
		const re2 = new RE2(expr, prog, maxCap, longest);
		re2.prefilter = prefilter.type === Prefilter.Type.NONE ? null : prefilter;
		const [prefixCompl, prefixStr] = prog.prefix();
		re2.prefixComplete = prefixCompl;
		re2.prefix = prefixStr;
		re2.prefixUTF8 = Utils.stringToUtf8ByteArray(re2.prefix);
		if (re2.prefix.length > 0) re2.prefixRune = re2.prefix.codePointAt(0);
		re2.namedGroups = namedGroups;
		return re2;
	}
	/**
	* Returns true iff textual regular expression {@code pattern} matches string {@code s}.
	*
	* More complicated queries need to use {@link #compile} and the full {@code RE2} interface.
	*/
	static match(pattern, s) {
		return RE2.compile(pattern).match(s);
	}
	constructor(expr, prog, numSubexp = 0, longest = 0) {
		this.expr = expr;
		this.prog = prog;
		this.numSubexp = numSubexp;
		this.longest = longest;
		this.cond = prog.startCond();
		this.prefix = null;
		this.prefixUTF8 = null;
		this.prefixComplete = false;
		this.prefixRune = 0;
		/** @type {Record<string, number>} */
		this.namedGroups = Object.create(null);
		this.machinePool = [];
		this.lazyDFA = null;
		this.onepass = OnePass.compile(this.prog);
		this.prefilter = null;
	}
	get dfa() {
		if (this.lazyDFA === null) this.lazyDFA = new DFA(this.prog);
		return this.lazyDFA;
	}
	matchPrefixComplete(input, pos, anchor, ncap) {
		if ((anchor === RE2Flags.ANCHOR_START || anchor === RE2Flags.ANCHOR_BOTH) && pos !== 0) return null;
		let matchStart = -1;
		let matchEnd = -1;
		const pLen = input.prefixLength(this);
		if (anchor === RE2Flags.UNANCHORED) {
			const idx = input.index(this, pos);
			if (idx < 0) return null;
			matchStart = pos + idx;
			matchEnd = matchStart + pLen;
		} else if (anchor === RE2Flags.ANCHOR_BOTH) {
			if (input.endPos() !== pLen) return null;
			if (input.index(this, 0) !== 0) return null;
			matchStart = 0;
			matchEnd = pLen;
		} else if (anchor === RE2Flags.ANCHOR_START) {
			if (input.index(this, 0) !== 0) return null;
			matchStart = 0;
			matchEnd = pLen;
		}
		if (matchStart < 0) return null;
		if (ncap > 0) {
			const matchcap = new Int32Array(ncap).fill(-1);
			matchcap[0] = matchStart;
			matchcap[1] = matchEnd;
			return Array.from(matchcap);
		}
		return [];
	}
	createLookbehindState() {
		return this.prog.numLb > 0 ? new LookbehindState(this.prog) : null;
	}
	executeEngine(input, pos, anchor, ncap, lbState = null) {
		if (this.prefixComplete && (ncap === 0 || this.numSubexp === 0)) return this.matchPrefixComplete(input, pos, anchor, ncap);
		if (this.prefilter !== null && anchor === RE2Flags.UNANCHORED) {
			if (!this.prefilter.eval(input, pos)) return null;
		}
		if (this.onepass !== null) return OnePass.execute(this, input, pos, anchor, ncap);
		if (ncap > 0) {
			if (this.prog.numLb === 0 && input.endPos() <= Backtracker.maxBitStateLen(this.prog)) return Backtracker.execute(this, input, pos, anchor, ncap);
			return this.doExecuteNFA(input, pos, anchor, ncap, lbState);
		}
		if (this.prog.numLb === 0) {
			const dfaResult = this.dfa.match(input, pos, anchor);
			if (dfaResult !== null) return dfaResult ? [] : null;
			if (input.endPos() <= Backtracker.maxBitStateLen(this.prog)) return Backtracker.execute(this, input, pos, anchor, ncap);
		}
		return this.doExecuteNFA(input, pos, anchor, ncap, lbState);
	}
	/**
	* Returns the number of parenthesized subexpressions in this regular expression.
	*/
	numberOfCapturingGroups() {
		return this.numSubexp;
	}
	/**
	* Returns the number of instructions in this compiled regular expression program.
	*/
	numberOfInstructions() {
		return this.prog.numInst();
	}
	get() {
		return this.machinePool.length > 0 ? this.machinePool.pop() : null;
	}
	reset() {
		this.machinePool.length = 0;
	}
	put(m) {
		this.machinePool.push(m);
	}
	toString() {
		return this.expr;
	}
	doExecuteNFA(input, pos, anchor, ncap, lbState = null) {
		let m = this.get();
		if (!m) m = Machine.fromRE2(this);
		m.init(ncap);
		const cap = m.match(input, pos, anchor, lbState) ? m.submatches() : null;
		this.put(m);
		return cap;
	}
	match(s) {
		return this.executeEngine(MachineInput.fromUTF16(s), 0, RE2Flags.UNANCHORED, 0) !== null;
	}
	/**
	* Matches the regular expression against input starting at position start and ending at position
	* end, with the given anchoring. Records the submatch boundaries in group, which is [start, end)
	* pairs of byte offsets. The number of boundaries needed is inferred from the size of the group
	* array. It is most efficient not to ask for submatch boundaries.
	*
	* @param input the input byte array
	* @param start the beginning position in the input
	* @param end the end position in the input
	* @param anchor the anchoring flag (UNANCHORED, ANCHOR_START, ANCHOR_BOTH)
	* @param group the array to fill with submatch positions
	* @param ngroup the number of array pairs to fill in
	* @param lbState optional state carried between successive matches over the same input (see
	*   createLookbehindState); omit it to evaluate lookbehinds from the beginning of the input
	* @returns true if a match was found
	*/
	matchWithGroup(input, start, end, anchor, ngroup, lbState = null) {
		if (!(input instanceof MatcherInputBase)) {
			if (Utils.isByteArray(input)) input = MatcherInput.utf8(input);
			else input = MatcherInput.utf16(input);
		}
		return this.matchMachineInput(input, start, end, anchor, ngroup, lbState);
	}
	matchMachineInput(input, start, end, anchor, ngroup, lbState = null) {
		if (start > end) return [false, null];
		const machineInput = input.isUTF16Encoding() ? MachineInput.fromUTF16(input.asCharSequence(), 0, end) : MachineInput.fromUTF8(input.asBytes(), 0, end);
		const groupMatch = this.executeEngine(machineInput, start, anchor, 2 * ngroup, lbState);
		if (groupMatch === null) return [false, null];
		return [true, groupMatch];
	}
	/**
	* Returns true iff this regexp matches the UTF-8 byte array {@code b}.
	*/
	matchUTF8(b) {
		return this.executeEngine(MachineInput.fromUTF8(b), 0, RE2Flags.UNANCHORED, 0) !== null;
	}
	/**
	* Returns a copy of {@code src} in which all matches for this regexp have been replaced by
	* {@code repl}. No support is provided for expressions (e.g. {@code \1} or {@code $1}) in the
	* replacement string.
	*/
	replaceAll(src, repl) {
		return this.replaceAllFunc(src, () => repl, 2 * src.length + 1);
	}
	/**
	* Returns a copy of {@code src} in which only the first match for this regexp has been replaced
	* by {@code repl}. No support is provided for expressions (e.g. {@code \1} or {@code $1}) in the
	* replacement string.
	*/
	replaceFirst(src, repl) {
		return this.replaceAllFunc(src, () => repl, 1);
	}
	/**
	* Returns a copy of {@code src} in which at most {@code maxReplaces} matches for this regexp have
	* been replaced by the return value of of function {@code repl} (whose first argument is the
	* matched string). No support is provided for expressions (e.g. {@code \1} or {@code $1}) in the
	* replacement string.
	*/
	replaceAllFunc(src, replFunc, maxReplaces) {
		let lastMatchEnd = 0;
		let searchPos = 0;
		let out = "";
		const input = MachineInput.fromUTF16(src);
		const lbState = this.createLookbehindState();
		let numReplaces = 0;
		while (searchPos <= src.length) {
			const a = this.executeEngine(input, searchPos, RE2Flags.UNANCHORED, 2, lbState);
			if (a === null || a.length === 0) break;
			out += src.substring(lastMatchEnd, a[0]);
			if (a[1] > lastMatchEnd || a[0] === 0) {
				out += replFunc(src.substring(a[0], a[1]));
				numReplaces++;
			}
			lastMatchEnd = a[1];
			const width = input.step(searchPos) & 7;
			if (searchPos + width > a[1]) searchPos += width;
			else if (searchPos + 1 > a[1]) searchPos++;
			else searchPos = a[1];
			if (numReplaces >= maxReplaces) break;
		}
		out += src.substring(lastMatchEnd);
		return out;
	}
	pad(a) {
		if (a === null) return null;
		let n = (1 + this.numSubexp) * 2;
		if (a.length < n) {
			let a2 = new Array(n).fill(-1);
			for (let i = 0; i < a.length; i++) a2[i] = a[i];
			a = a2;
		}
		return a;
	}
	allMatches(input, n, deliverFun = (v) => v) {
		let result = [];
		const end = input.endPos();
		if (n < 0) n = end + 1;
		let pos = 0;
		let i = 0;
		let prevMatchEnd = -1;
		const lbState = this.createLookbehindState();
		while (i < n && pos <= end) {
			const matches = this.executeEngine(input, pos, RE2Flags.UNANCHORED, this.prog.numCap, lbState);
			if (matches === null || matches.length === 0) break;
			let accept = true;
			if (matches[1] === pos) {
				if (matches[0] === prevMatchEnd) accept = false;
				const r = input.step(pos);
				if (r < 0) pos = end + 1;
				else pos += r & 7;
			} else pos = matches[1];
			prevMatchEnd = matches[1];
			if (accept) {
				result.push(deliverFun(this.pad(matches)));
				i++;
			}
		}
		return result;
	}
	/**
	* Returns an array holding the text of the leftmost match in {@code b} of this regular
	* expression.
	*
	* A return value of null indicates no match.
	*/
	findUTF8(b) {
		const a = this.executeEngine(MachineInput.fromUTF8(b), 0, RE2Flags.UNANCHORED, 2);
		if (a === null) return null;
		return b.slice(a[0], a[1]);
	}
	/**
	* Returns a two-element array of integers defining the location of the leftmost match in
	* {@code b} of this regular expression. The match itself is at {@code b[loc[0]...loc[1]]}.
	*
	* A return value of null indicates no match.
	*/
	findUTF8Index(b) {
		const a = this.executeEngine(MachineInput.fromUTF8(b), 0, RE2Flags.UNANCHORED, 2);
		if (a === null) return null;
		return a.slice(0, 2);
	}
	/**
	* Returns a string holding the text of the leftmost match in {@code s} of this regular
	* expression.
	*
	* If there is no match, the return value is an empty string, but it will also be empty if the
	* regular expression successfully matches an empty string. Use {@link #findIndex} or
	* {@link #findSubmatch} if it is necessary to distinguish these cases.
	*/
	find(s) {
		const a = this.executeEngine(MachineInput.fromUTF16(s), 0, RE2Flags.UNANCHORED, 2);
		if (a === null) return "";
		return s.substring(a[0], a[1]);
	}
	/**
	* Returns a two-element array of integers defining the location of the leftmost match in
	* {@code s} of this regular expression. The match itself is at
	* {@code s.substring(loc[0], loc[1])}.
	*
	* A return value of null indicates no match.
	*/
	findIndex(s) {
		return this.executeEngine(MachineInput.fromUTF16(s), 0, RE2Flags.UNANCHORED, 2);
	}
	/**
	* Returns an array of arrays the text of the leftmost match of the regular expression in
	* {@code b} and the matches, if any, of its subexpressions, as defined by the <a
	* href='#submatch'>Submatch</a> description above.
	*
	* A return value of null indicates no match.
	*/
	findUTF8Submatch(b) {
		const a = this.executeEngine(MachineInput.fromUTF8(b), 0, RE2Flags.UNANCHORED, this.prog.numCap);
		if (a === null) return null;
		const ret = new Array(1 + this.numSubexp).fill(null);
		for (let i = 0; i < ret.length; i++) if (2 * i < a.length && a[2 * i] >= 0) ret[i] = b.slice(a[2 * i], a[2 * i + 1]);
		return ret;
	}
	/**
	* Returns an array holding the index pairs identifying the leftmost match of this regular
	* expression in {@code b} and the matches, if any, of its subexpressions, as defined by the the
	* <a href='#submatch'>Submatch</a> and <a href='#index'>Index</a> descriptions above.
	*
	* A return value of null indicates no match.
	*/
	findUTF8SubmatchIndex(b) {
		return this.pad(this.executeEngine(MachineInput.fromUTF8(b), 0, RE2Flags.UNANCHORED, this.prog.numCap));
	}
	/**
	* Returns an array of strings holding the text of the leftmost match of the regular expression in
	* {@code s} and the matches, if any, of its subexpressions, as defined by the <a
	* href='#submatch'>Submatch</a> description above.
	*
	* A return value of null indicates no match.
	*/
	findSubmatch(s) {
		const a = this.executeEngine(MachineInput.fromUTF16(s), 0, RE2Flags.UNANCHORED, this.prog.numCap);
		if (a === null) return null;
		const ret = new Array(1 + this.numSubexp).fill(null);
		for (let i = 0; i < ret.length; i++) if (2 * i < a.length && a[2 * i] >= 0) ret[i] = s.substring(a[2 * i], a[2 * i + 1]);
		return ret;
	}
	/**
	* Returns an array holding the index pairs identifying the leftmost match of this regular
	* expression in {@code s} and the matches, if any, of its subexpressions, as defined by the <a
	* href='#submatch'>Submatch</a> description above.
	*
	* A return value of null indicates no match.
	*/
	findSubmatchIndex(s) {
		return this.pad(this.executeEngine(MachineInput.fromUTF16(s), 0, RE2Flags.UNANCHORED, this.prog.numCap));
	}
	/**
	* {@code findAllUTF8()} is the <a href='#all'>All</a> version of {@link #findUTF8}; it returns a
	* list of up to {@code n} successive matches of the expression, as defined by the <a
	* href='#all'>All</a> description above.
	*
	* A return value of null indicates no match.
	*
	* TODO(adonovan): think about defining a byte slice view class, like a read-only Go slice backed
	* by |b|.
	*/
	findAllUTF8(b, n) {
		const result = this.allMatches(MachineInput.fromUTF8(b), n, (match) => b.slice(match[0], match[1]));
		if (result.length === 0) return null;
		return result;
	}
	/**
	* {@code findAllUTF8Index} is the <a href='#all'>All</a> version of {@link #findUTF8Index}; it
	* returns a list of up to {@code n} successive matches of the expression, as defined by the <a
	* href='#all'>All</a> description above.
	*
	* A return value of null indicates no match.
	*/
	findAllUTF8Index(b, n) {
		const result = this.allMatches(MachineInput.fromUTF8(b), n, (match) => match.slice(0, 2));
		if (result.length === 0) return null;
		return result;
	}
	/**
	* {@code findAll} is the <a href='#all'>All</a> version of {@link #find}; it returns a list of up
	* to {@code n} successive matches of the expression, as defined by the <a href='#all'>All</a>
	* description above.
	*
	* A return value of null indicates no match.
	*/
	findAll(s, n) {
		const result = this.allMatches(MachineInput.fromUTF16(s), n, (match) => s.substring(match[0], match[1]));
		if (result.length === 0) return null;
		return result;
	}
	/**
	* {@code findAllIndex} is the <a href='#all'>All</a> version of {@link #findIndex}; it returns a
	* list of up to {@code n} successive matches of the expression, as defined by the <a
	* href='#all'>All</a> description above.
	*
	* A return value of null indicates no match.
	*/
	findAllIndex(s, n) {
		const result = this.allMatches(MachineInput.fromUTF16(s), n, (match) => match.slice(0, 2));
		if (result.length === 0) return null;
		return result;
	}
	/**
	* {@code findAllUTF8Submatch} is the <a href='#all'>All</a> version of {@link #findUTF8Submatch};
	* it returns a list of up to {@code n} successive matches of the expression, as defined by the <a
	* href='#all'>All</a> description above.
	*
	* A return value of null indicates no match.
	*/
	findAllUTF8Submatch(b, n) {
		const result = this.allMatches(MachineInput.fromUTF8(b), n, (match) => {
			let slice = new Array(match.length / 2 | 0).fill(null);
			for (let j = 0; j < slice.length; j++) if (match[2 * j] >= 0) slice[j] = b.slice(match[2 * j], match[2 * j + 1]);
			return slice;
		});
		if (result.length === 0) return null;
		return result;
	}
	/**
	* {@code findAllUTF8SubmatchIndex} is the <a href='#all'>All</a> version of
	* {@link #findUTF8SubmatchIndex}; it returns a list of up to {@code n} successive matches of the
	* expression, as defined by the <a href='#all'>All</a> description above.
	*
	* A return value of null indicates no match.
	*/
	findAllUTF8SubmatchIndex(b, n) {
		const result = this.allMatches(MachineInput.fromUTF8(b), n);
		if (result.length === 0) return null;
		return result;
	}
	/**
	* {@code findAllSubmatch} is the <a href='#all'>All</a> version of {@link #findSubmatch}; it
	* returns a list of up to {@code n} successive matches of the expression, as defined by the <a
	* href='#all'>All</a> description above.
	*
	* A return value of null indicates no match.
	*/
	findAllSubmatch(s, n) {
		const result = this.allMatches(MachineInput.fromUTF16(s), n, (match) => {
			let slice = new Array(match.length / 2 | 0).fill(null);
			for (let j = 0; j < slice.length; j++) if (match[2 * j] >= 0) slice[j] = s.substring(match[2 * j], match[2 * j + 1]);
			return slice;
		});
		if (result.length === 0) return null;
		return result;
	}
	/**
	* {@code findAllSubmatchIndex} is the <a href='#all'>All</a> version of
	* {@link #findSubmatchIndex}; it returns a list of up to {@code n} successive matches of the
	* expression, as defined by the <a href='#all'>All</a> description above.
	*
	* A return value of null indicates no match.
	*/
	findAllSubmatchIndex(s, n) {
		const result = this.allMatches(MachineInput.fromUTF16(s), n);
		if (result.length === 0) return null;
		return result;
	}
};
// src/Set.js
var RE2Set = class RE2Set {
	/** @type {number} */
	static UNANCHORED = RE2Flags.UNANCHORED;
	/** @type {number} */
	static ANCHOR_START = RE2Flags.ANCHOR_START;
	/** @type {number} */
	static ANCHOR_BOTH = RE2Flags.ANCHOR_BOTH;
	/**
	* Constructs a new RE2Set with the specified anchor mode and flags.
	* @param {number} [anchor=RE2Set.UNANCHORED] - The anchoring mode (e.g., RE2Set.UNANCHORED).
	* @param {number} [flags=0] - The public flags to apply to all patterns in the set.
	* @param {number} [maxMem=8388608] - The maximum memory in bytes to use for the DFA (default 8MB).
	*/
	constructor(anchor = RE2Set.UNANCHORED, flags = 0, maxMem = 8388608) {
		if (![
			RE2Set.UNANCHORED,
			RE2Set.ANCHOR_START,
			RE2Set.ANCHOR_BOTH
		].includes(anchor)) throw new RE2JSFlagsException("The anchor should be RE2Set.UNANCHORED, RE2Set.ANCHOR_START or RE2Set.ANCHOR_BOTH");
		Utils.checkFlags(flags);
		this.anchor = anchor;
		this.jsFlags = flags;
		this.maxMem = maxMem;
		let re2Flags = RE2Flags.PERL;
		if ((flags & PublicFlags.DISABLE_UNICODE_GROUPS) !== 0) re2Flags &= ~RE2Flags.UNICODE_GROUPS;
		if ((flags & PublicFlags.LOOKBEHINDS) !== 0) re2Flags |= RE2Flags.LOOKBEHIND;
		this.re2Flags = re2Flags;
		this.regexps = [];
		this.prog = null;
		this.dfa = null;
		this.dummyRe2 = null;
	}
	/**
	* Adds a new regular expression pattern to the set.
	* Patterns cannot be added after the set has been compiled.
	* @param {string} pattern - The regular expression pattern to add.
	* @returns {number} The integer index assigned to the added pattern.
	* @throws {RE2JSCompileException} If patterns are added after compilation.
	*/
	add(pattern) {
		if (this.prog) throw new RE2JSCompileException("Cannot add patterns after compile");
		Utils.checkPattern(pattern);
		let fregex = pattern;
		if ((this.jsFlags & PublicFlags.CASE_INSENSITIVE) !== 0) fregex = `(?i)${fregex}`;
		if ((this.jsFlags & PublicFlags.DOTALL) !== 0) fregex = `(?s)${fregex}`;
		if ((this.jsFlags & PublicFlags.MULTILINE) !== 0) fregex = `(?m)${fregex}`;
		const re = Parser.parse(fregex, this.re2Flags);
		this.regexps.push(Simplify.simplify(re));
		return this.regexps.length - 1;
	}
	/**
	* Compiles the added patterns into a single state machine.
	* This is automatically called on the first match if not called explicitly.
	* @returns {void}
	*/
	compile() {
		if (this.prog) return;
		const prog = Compiler.compileSet(this.regexps);
		if (prog.numInst() > Parser.MAX_SIZE) throw new RE2JSCompileException(`${Parser.ERR_LARGE}: the set compiles to ${prog.numInst()} instructions, more than ${Parser.MAX_SIZE}`);
		this.prog = prog;
		this.dfa = new DFA(this.prog, this.maxMem);
		this.dummyRe2 = {
			prog: this.prog,
			cond: this.prog.startCond(),
			prefix: "",
			prefixRune: 0,
			longest: false
		};
	}
	/**
	* Matches the input against the compiled set of regular expressions.
	* @param {string|number[]|Uint8Array} input - The input string or UTF-8 byte array to match against.
	* @returns {number[]} An array of indices representing the patterns that successfully matched the input.
	*/
	match(input) {
		if (!this.prog) this.compile();
		const machineInput = Utils.isByteArray(input) ? MachineInput.fromUTF8(input) : MachineInput.fromUTF16(input);
		let internalAnchor = RE2Flags.UNANCHORED;
		if (this.anchor === RE2Set.ANCHOR_START) internalAnchor = RE2Flags.ANCHOR_START;
		else if (this.anchor === RE2Set.ANCHOR_BOTH) internalAnchor = RE2Flags.ANCHOR_BOTH;
		const dfaResult = this.dfa.matchSet(machineInput, 0, internalAnchor);
		if (dfaResult !== null) return dfaResult;
		const machine = Machine.fromRE2(this.dummyRe2);
		machine.init(0);
		return machine.matchSet(machineInput, 0, internalAnchor);
	}
};
// src/TranslateRegExpString.js
/**
* Transform JS regex string to RE2 regex string
*/
var TranslateRegExpString = class TranslateRegExpString {
	static isHexadecimal(ch) {
		return "0" <= ch && ch <= "9" || "A" <= ch && ch <= "F" || "a" <= ch && ch <= "f";
	}
	static translate(data) {
		let prefixFlags = "";
		if (Object.prototype.toString.call(data) === "[object RegExp]") {
			if (data.ignoreCase) prefixFlags += "i";
			if (data.multiline) prefixFlags += "m";
			if (data.dotAll) prefixFlags += "s";
			data = data.source;
		}
		if (typeof data !== "string") return data;
		let result = "";
		let changed = false;
		let size = data.length;
		if (size === 0) {
			result = "(?:)";
			changed = true;
		}
		let inCharClass = false;
		let i = 0;
		while (i < size) {
			let ch = data[i];
			if (ch === "\\") {
				if (i + 1 < size) {
					ch = data[i + 1];
					switch (ch) {
						case "\\":
							result += "\\\\";
							i += 2;
							continue;
						case "c":
							if (i + 2 < size) {
								let code = data[i + 2].charCodeAt(0);
								if (code >= 65 && code <= 90 || code >= 97 && code <= 122) {
									let val = code % 32;
									result += "\\x";
									result += (val >> 4).toString(16).toUpperCase();
									result += (val & 15).toString(16).toUpperCase();
									i += 3;
									changed = true;
									continue;
								}
							}
							result += "c";
							i += 2;
							changed = true;
							continue;
						case "u":
							if (i + 2 < size) {
								if (data[i + 2] === "{") {
									let j = i + 3;
									let hasHex = false;
									let closed = false;
									while (j < size) {
										const hexChar = data[j];
										if (hexChar === "}") {
											closed = true;
											break;
										}
										if (!TranslateRegExpString.isHexadecimal(hexChar)) break;
										hasHex = true;
										j++;
									}
									if (closed && hasHex) {
										result += "\\x";
										i += 2;
										changed = true;
										continue;
									}
								} else if (i + 5 < size) {
									let isHex4 = true;
									for (let j = 0; j < 4; j++) if (!TranslateRegExpString.isHexadecimal(data[i + 2 + j])) {
										isHex4 = false;
										break;
									}
									if (isHex4) {
										result += "\\x{" + data.substring(i + 2, i + 6) + "}";
										i += 6;
										changed = true;
										continue;
									}
								}
							}
							result += "u";
							i += 2;
							changed = true;
							continue;
						case "x": {
							let isValidHex = false;
							if (i + 2 < size && data[i + 2] === "{") {
								let j = i + 3;
								let hasHex = false;
								let closed = false;
								while (j < size) {
									const hexChar = data[j];
									if (hexChar === "}") {
										closed = true;
										break;
									}
									if (!TranslateRegExpString.isHexadecimal(hexChar)) break;
									hasHex = true;
									j++;
								}
								if (closed && hasHex) isValidHex = true;
							} else if (i + 3 < size && TranslateRegExpString.isHexadecimal(data[i + 2]) && TranslateRegExpString.isHexadecimal(data[i + 3])) isValidHex = true;
							if (isValidHex) {
								result += "\\x";
								i += 2;
							} else {
								result += "x";
								i += 2;
								changed = true;
							}
							continue;
						}
						case "n":
						case "r":
						case "t":
						case "a":
						case "f":
						case "v":
						case "d":
						case "D":
						case "s":
						case "S":
						case "w":
						case "W":
						case "b":
						case "B":
						case "p":
						case "P":
						case "A":
						case "z":
						case "Q":
						case "E":
						case "0":
						case "1":
						case "2":
						case "3":
						case "4":
						case "5":
						case "6":
						case "7":
							result += "\\" + ch;
							i += 2;
							continue;
						default: {
							let cp = data.codePointAt(i + 1);
							if (cp >= 48 && cp <= 57 || cp >= 65 && cp <= 90 || cp >= 97 && cp <= 122) {
								let symSize = Utils.charCount(cp);
								result += data.substring(i + 1, i + 1 + symSize);
								i += symSize + 1;
								changed = true;
							} else {
								result += "\\";
								let symSize = Utils.charCount(cp);
								result += data.substring(i + 1, i + 1 + symSize);
								i += symSize + 1;
							}
							continue;
						}
					}
				}
			} else if (ch === "/") {
				result += "\\/";
				i += 1;
				changed = true;
				continue;
			} else if (ch === "[") {
				if (!inCharClass && data[i + 1] === "]") {
					result += "[^\\x00-\\x{10FFFF}]";
					i += 2;
					changed = true;
					continue;
				}
				if (!inCharClass && data[i + 1] === "^" && data[i + 2] === "]") {
					result += "[\\x00-\\x{10FFFF}]";
					i += 3;
					changed = true;
					continue;
				}
				inCharClass = true;
			} else if (ch === "]") inCharClass = false;
			else if (!inCharClass && ch === "(" && i + 2 < size && data[i + 1] === "?" && data[i + 2] === "<") {
				if (i + 3 < size && !"=!>)".includes(data[i + 3])) {
					result += "(?P<";
					i += 3;
					changed = true;
					continue;
				}
			}
			let cp = data.codePointAt(i);
			let symSize = Utils.charCount(cp);
			result += data.substring(i, i + symSize);
			i += symSize;
		}
		const finalResult = changed ? result : data;
		if (prefixFlags.length > 0) return `(?${prefixFlags})${finalResult}`;
		return finalResult;
	}
};
// src/index.js
const execResult = (m, input) => {
	const result = m.matchArray();
	result.index = m.start(0);
	result.input = input;
	result.groups = m.namedGroupsObject();
	return result;
};
/**
* A compiled representation of an RE2 regular expression
*
* The matching functions take {@code String} arguments instead of the more general Java
* {@code CharSequence} since the latter doesn't provide UTF-16 decoding.
*
*
* @author rsc@google.com (Russ Cox)
* @class
*/
var RE2JS = class RE2JS {
	/**
	* Flag: case insensitive matching.
	*/
	static CASE_INSENSITIVE = PublicFlags.CASE_INSENSITIVE;
	/**
	* Flag: dot ({@code .}) matches all characters, including newline.
	*/
	static DOTALL = PublicFlags.DOTALL;
	/**
	* Flag: multiline matching: {@code ^} and {@code $} match at beginning and end of line, not just
	* beginning and end of input.
	*/
	static MULTILINE = PublicFlags.MULTILINE;
	/**
	* Flag: Unicode groups (e.g. {@code \p\ Greek\} ) will be syntax errors.
	*/
	static DISABLE_UNICODE_GROUPS = PublicFlags.DISABLE_UNICODE_GROUPS;
	/**
	* Flag: matches longest possible string.
	*/
	static LONGEST_MATCH = PublicFlags.LONGEST_MATCH;
	/**
	* Flag: enable linear-time captureless lookbehinds.
	*/
	static LOOKBEHINDS = PublicFlags.LOOKBEHINDS;
	/**
	* Returns a literal pattern string for the specified string.
	*
	* This method produces a string that can be used to create a <code>RE2JS</code> that would
	* match the string <code>s</code> as if it were a literal pattern.
	*
	* Metacharacters or escape sequences in the input sequence will be given no special meaning.
	*
	* @param {string} str The string to be literalized
	* @returns {string} A literal string replacement
	*/
	static quote(str) {
		return Utils.quoteMeta(str);
	}
	/**
	* Quotes '\' and '$' in {@code str}, so that the returned string could be used in
	* replacement methods as a literal replacement of {@code str}.
	*
	* This is a convenience delegation to {@link Matcher.quoteReplacement}.
	*
	* @param {string} str the string to be quoted
	* @param {boolean} [javaMode=false] whether the replacement will be used in javaMode
	* @returns {string} the quoted string
	*/
	static quoteReplacement(str, javaMode = false) {
		return Matcher.quoteReplacement(str, javaMode);
	}
	/**
	* Translates a given regular expression string to ensure compatibility with RE2JS.
	*
	* This function preprocesses the input regex string by applying necessary transformations,
	* such as escaping special characters (e.g., `/`), converting named capture groups to
	* RE2JS-compatible syntax, and handling Unicode sequences properly. It ensures that the
	* resulting regex is safe and properly formatted before compilation.
	*
	* @param {string|RegExp} expr - The regular expression string to be translated.
	* @returns {string} - The transformed regular expression string, ready for compilation.
	*/
	static translateRegExp(expr) {
		return TranslateRegExpString.translate(expr);
	}
	/**
	* Helper: create new RE2JS with given regex and flags. Flregex is the regex with flags applied.
	* @param {string} regex
	* @param {number} [flags=0]
	* @returns {RE2JS}
	*/
	static compile(regex, flags = 0) {
		Utils.checkPattern(regex);
		Utils.checkFlags(flags);
		let fregex = regex;
		if ((flags & RE2JS.CASE_INSENSITIVE) !== 0) fregex = `(?i)${fregex}`;
		if ((flags & RE2JS.DOTALL) !== 0) fregex = `(?s)${fregex}`;
		if ((flags & RE2JS.MULTILINE) !== 0) fregex = `(?m)${fregex}`;
		let re2Flags = RE2Flags.PERL;
		if ((flags & RE2JS.DISABLE_UNICODE_GROUPS) !== 0) re2Flags &= ~RE2Flags.UNICODE_GROUPS;
		if ((flags & RE2JS.LOOKBEHINDS) !== 0) re2Flags |= RE2Flags.LOOKBEHIND;
		const p = new RE2JS(regex, flags);
		p.re2Input = RE2.compileImpl(fregex, re2Flags, (flags & RE2JS.LONGEST_MATCH) !== 0);
		return p;
	}
	/**
	* Matches a string against a regular expression.
	*
	* @param {string} regex the regular expression
	* @param {string|number[]|Uint8Array} input the input
	* @returns {boolean} true if the regular expression matches the entire input
	* @throws RE2JSSyntaxException if the regular expression is malformed
	*/
	static matches(regex, input) {
		return RE2JS.compile(regex).testExact(input);
	}
	/**
	* This is visible for testing.
	* @private
	*/
	static initTest(pattern, flags, re2) {
		if (pattern == null) throw new Error("pattern is null");
		if (re2 == null) throw new Error("re2 is null");
		const p = new RE2JS(pattern, flags);
		p.re2Input = re2;
		return p;
	}
	/**
	*
	* @param {string} pattern
	* @param {number} flags
	*/
	constructor(pattern, flags) {
		this.patternInput = pattern;
		this.flagsInput = flags;
		/** @type {import('./RE2.js').RE2} */
		this.re2Input = null;
	}
	/**
	* Releases memory used by internal caches associated with this pattern. Does not change the
	* observable behaviour. Useful for tests that detect memory leaks via allocation tracking.
	*/
	reset() {
		this.re2Input.reset();
	}
	/**
	* Returns the flags used in the constructor.
	* @returns {number}
	*/
	flags() {
		return this.flagsInput;
	}
	/**
	* Returns the pattern used in the constructor.
	* @returns {string}
	*/
	pattern() {
		return this.patternInput;
	}
	re2() {
		return this.re2Input;
	}
	/**
	* Matches a string against a regular expression.
	*
	* @param {string|number[]|Uint8Array} input the input
	* @returns {boolean} true if the regular expression matches the entire input
	*/
	matches(input) {
		return this.testExact(input);
	}
	/**
	* Creates a new {@code Matcher} matching the pattern against the input.
	*
	* @param {string|number[]|Uint8Array|MatcherInputBase} input the input string
	* @returns {Matcher}
	*/
	matcher(input) {
		if (Utils.isByteArray(input)) input = MatcherInput.utf8(input);
		return new Matcher(this, input);
	}
	/**
	* Tests whether the regular expression matches any part of the input string.
	* Performance Note: This method is highly optimized. Because it only returns
	* a boolean and does not extract capture groups, it bypasses the `Matcher` overhead
	* and guarantees execution on the high-speed DFA engine whenever possible.
	*
	* @param {string|number[]|Uint8Array} input - The input string or UTF-8 byte array to test against.
	* @returns {boolean} `true` if the pattern is found anywhere in the input, `false` otherwise.
	*/
	test(input) {
		if (Utils.isByteArray(input)) return this.re2Input.matchUTF8(input);
		return this.re2Input.match(input);
	}
	/**
	* Tests whether the regular expression matches the ENTIRE input string.
	* * **Performance Note:** This operates identically to `.matches()`, but is significantly
	* faster because it does not request capture group data. By requesting 0 capture groups,
	* it securely routes execution through the DFA fast-path.
	*
	* @param {string|number[]|Uint8Array} input - The input string or UTF-8 byte array to test against.
	* @returns {boolean} `true` if the exact input string fully matches the pattern, `false` otherwise.
	*/
	testExact(input) {
		const machineInput = Utils.isByteArray(input) ? MachineInput.fromUTF8(input) : MachineInput.fromUTF16(input);
		return this.re2Input.executeEngine(machineInput, 0, RE2Flags.ANCHOR_BOTH, 0) !== null;
	}
	/**
	* Executes a search for a match in a specified string.
	* Returns a result array, or null if no match is found.
	* The returned array perfectly mirrors standard JavaScript `RegExpExecArray`,
	* including `.index`, `.input`, and `.groups` properties.
	*
	* @param {string|number[]|Uint8Array} input the input string or byte array
	* @returns {Array|null} the match array with index, input, and groups properties, or null
	*/
	exec(input) {
		const m = this.matcher(input);
		return m.find() ? execResult(m, input) : null;
	}
	/**
	* Splits input around instances of the regular expression. It returns an array giving the strings
	* that occur before, between, and after instances of the regular expression.
	*
	* If {@code limit <= 0}, there is no limit on the size of the returned array. If
	* {@code limit == 0}, empty strings that would occur at the end of the array are omitted. If
	* {@code limit > 0}, at most limit strings are returned. The final string contains the remainder
	* of the input, possibly including additional matches of the pattern.
	*
	* @param {string} input the input string to be split
	* @param {number} [limit=0] the limit
	* @returns {string[]} the split strings
	*/
	split(input, limit = 0) {
		const m = this.matcher(input);
		const result = [];
		let emptiesSkipped = 0;
		let last = 0;
		while (m.find()) {
			if (last === 0 && m.end() === 0) {
				last = m.end();
				continue;
			}
			if (limit > 0 && result.length === limit - 1) break;
			if (last === m.start()) {
				if (limit === 0) {
					emptiesSkipped += 1;
					last = m.end();
					continue;
				}
			} else while (emptiesSkipped > 0) {
				result.push("");
				emptiesSkipped -= 1;
			}
			result.push(m.substring(last, m.start()));
			last = m.end();
		}
		if (limit === 0 && last !== m.inputLength()) {
			while (emptiesSkipped > 0) {
				result.push("");
				emptiesSkipped -= 1;
			}
			result.push(m.substring(last, m.inputLength()));
		}
		if (limit !== 0 || result.length === 0 && !(last === m.inputLength() && last > 0)) result.push(m.substring(last, m.inputLength()));
		return result;
	}
	/**
	* Returns an iterator of all results matching a string against the regular expression,
	* including capturing groups.
	*
	* @param {string|number[]|Uint8Array} input the input string or byte array
	* @returns {IterableIterator<RegExpMatchArray>}
	*/
	*matchAll(input) {
		const m = this.matcher(input);
		while (m.find()) yield execResult(m, input);
	}
	/**
	*
	* @returns {string}
	*/
	toString() {
		return this.patternInput;
	}
	/**
	* Returns the program size of this pattern.
	*
	* <p>
	* Similar to the C++ implementation, the program size is a very approximate measure of a regexp's
	* "cost". Larger numbers are more expensive than smaller numbers.
	* </p>
	*
	* @returns {number} the program size of this pattern
	*/
	programSize() {
		return this.re2Input.numberOfInstructions();
	}
	/**
	* Returns the number of capturing groups in this matcher's pattern. Group zero denotes the entire
	* pattern and is excluded from this count.
	*
	* @returns {number} the number of capturing groups in this pattern
	*/
	groupCount() {
		return this.re2Input.numberOfCapturingGroups();
	}
	/**
	* Return a map of the capturing groups in this matcher's pattern, where key is the name and value
	* is the index of the group in the pattern.
	* @returns {Record<string, number>}
	*/
	namedGroups() {
		return this.re2Input.namedGroups;
	}
	/**
	*
	* @param {*} other
	* @returns {boolean}
	*/
	equals(other) {
		if (this === other) return true;
		if (other === null || this.constructor !== other.constructor) return false;
		return this.flagsInput === other.flagsInput && this.patternInput === other.patternInput;
	}
};
/**
* Creates an RE2JS regex directly from a template literal.
* @overload
* @param {TemplateStringsArray} stringsOrFlags - The raw string segments of the template literal.
* @param {...any} values - The interpolated values.
* @returns {RE2JS}
*/
/**
* Creates a template literal tag function with specific RE2JS flags.
* @overload
* @param {number} stringsOrFlags - The RE2JS flags to apply (e.g., RE2JS.CASE_INSENSITIVE).
* @returns {(strings: TemplateStringsArray, ...tagValues: any[]) => RE2JS}
*/
/**
* Implementation signature
* @param {TemplateStringsArray | number} stringsOrFlags
* @param {...any} values
* @returns {RE2JS | ((strings: TemplateStringsArray, ...tagValues: any[]) => RE2JS)}
*/
function re(stringsOrFlags, ...values) {
	if (Array.isArray(stringsOrFlags) && "raw" in stringsOrFlags) {
		const pattern = String.raw(stringsOrFlags, ...values);
		return RE2JS.compile(pattern);
	}
	const flags = typeof stringsOrFlags === "number" ? stringsOrFlags : 0;
	return (strings, ...tagValues) => {
		const pattern = String.raw(strings, ...tagValues);
		return RE2JS.compile(pattern, flags);
	};
}


;// CONCATENATED MODULE: ./src/data/schema/user-pattern.ts
/**
 * Regular expressions a user writes (a schema column's `pattern`) run on RE2JS, a linear-time
 * engine with RE2's syntax: a pattern such as `^(a+)+$` cannot make validation backtrack for ever
 * on a long value. What RE2 leaves out (lookahead, lookbehind, backreferences) is refused when the
 * schema is read, with the reason. As in JSON Schema, a value matches when the pattern matches any
 * part of it (anchor with ^…$ for the whole value). README.md, "Schemas", says so.
 */

const UNSUPPORTED = [
    [/\(\?<?[=!]/, "lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported"],
    [/\\[1-9]|\\k</, "backreferences (\\1, \\k<name>) are not supported"],
];
/**
 * Compiles a user's pattern for linear-time matching.
 * @throws Error whose message says why the pattern cannot run (for the caller to place in the file).
 */
function compileUserPattern(pattern) {
    try {
        return RE2JS.compile(pattern);
    }
    catch (error) {
        const known = UNSUPPORTED.find(([construct]) => construct.test(pattern));
        const reason = known
            ? known[1]
            : error.message
                .replace(/^error parsing regexp: /, "")
                .replace(/^invalid or unsupported /, "unsupported ");
        throw new Error(`${reason}: patterns use RE2 syntax, matched in linear time`);
    }
}
/** The compiled `pattern` of a column (RE2 syntax, linear-time), compiled as the schema check compiles it. */
function columnPattern(spec) {
    return spec.pattern === undefined ? undefined : compileUserPattern(spec.pattern);
}

;// CONCATENATED MODULE: ./src/data/validate/hash-pair-set.ts
/**
 * A set of 64-bit keys (two uint32 hashes) in one typed array, for counting
 * repeated rows or repeated ids without keeping the values. It is exact up to
 * `maxEntries`; past that it keeps only keys whose hash falls in a shrinking
 * sample (1/2, 1/4, …: adaptive sampling, as Wegman's distinct sampling does),
 * so memory stays bounded (8 bytes a slot, at most 2·maxEntries slots) and the
 * repeat count becomes an estimate scaled by the sampling rate. Keys that
 * collide in all 64 bits count as repeats: at 10^8 keys the chance of any
 * such collision is about 3·10^-4.
 */

/** The key (0, 0) marks an empty slot; a real (0, 0) key is stored as (0, 1). */
const EMPTY = 0;
class hash_pair_set_HashPairSet {
    maxEntries;
    /** Interleaved [a, b] per slot. */
    slots;
    size = 0;
    /** Keys are kept when the top `level` bits of their mixed hash (`sampleHash`) are zero. */
    level = 0;
    sampledRepeats = 0;
    constructor(maxEntries = 1 << 22, initialSlots = 1 << 12) {
        this.maxEntries = maxEntries;
        this.slots = new Uint32Array(initialSlots * 2);
    }
    /** Adds a key; returns true when it was already there (a repeat), false otherwise or when not sampled. */
    add(a, b) {
        a >>>= 0;
        b >>>= 0;
        if (this.level > 0 && !sampled(a, b, this.level))
            return false;
        if (a === EMPTY && b === EMPTY)
            b = 1;
        const slots = this.slots;
        const mask = (slots.length >>> 1) - 1;
        let i = slotOf(a, b, mask);
        while (slots[2 * i] !== EMPTY || slots[2 * i + 1] !== EMPTY) {
            if (slots[2 * i] === a && slots[2 * i + 1] === b) {
                this.sampledRepeats++;
                return true;
            }
            i = (i + 1) & mask;
        }
        slots[2 * i] = a;
        slots[2 * i + 1] = b;
        this.size++;
        if (this.size * 2 > mask + 1) {
            if (this.size < this.maxEntries)
                this.rehash((mask + 1) * 2);
            // Each level keeps about half the keys; raise until the table is at most half full again.
            else
                while (this.size * 2 > mask + 1 && this.level < 32)
                    this.raiseLevel();
        }
        return false;
    }
    /** True while every key has been kept, so repeat counts are exact. */
    get exact() {
        return this.level === 0;
    }
    /** Repeats seen, scaled up by the sampling rate when the set has started sampling. */
    repeats() {
        return this.sampledRepeats * 2 ** this.level;
    }
    /** Memory held by the slots, in bytes. */
    get bytes() {
        return this.slots.byteLength;
    }
    /** The set as plain data; `slots` can be transferred to another thread. */
    state() {
        return {
            slots: this.slots,
            size: this.size,
            level: this.level,
            sampledRepeats: this.sampledRepeats,
            maxEntries: this.maxEntries,
        };
    }
    /**
     * Adds the keys of another part of the same data: its own repeats, and each
     * of its keys this set already holds (a repeat across the parts). Returns
     * the repeats across the parts, scaled as `repeats()` is.
     */
    absorb(other) {
        while (this.level < other.level)
            this.raiseLevel();
        this.sampledRepeats += other.sampledRepeats * 2 ** (other.level - this.level);
        let across = 0;
        const { slots } = other;
        for (let i = 0; i < slots.length; i += 2) {
            if ((slots[i] !== EMPTY || slots[i + 1] !== EMPTY) && this.add(slots[i], slots[i + 1])) {
                across += 2 ** this.level;
            }
        }
        return across;
    }
    /** The set a state describes; `maxEntries` may raise the state's own bound (a merge of parts). */
    static fromState(state, maxEntries = state.maxEntries) {
        const set = new hash_pair_set_HashPairSet(Math.max(maxEntries, state.maxEntries), 1);
        set.slots = state.slots;
        set.size = state.size;
        set.level = state.level;
        set.sampledRepeats = state.sampledRepeats;
        return set;
    }
    /**
     * Halves the sample, in the same table: the keys still sampled (about half) are set aside in a
     * small list and put back, so no second table of the full size is left for the collector.
     */
    raiseLevel() {
        // Repeats counted so far stay counted at their old rate: rescale them to the new one.
        this.level++;
        this.sampledRepeats /= 2;
        const level = this.level;
        const slots = this.slots;
        let kept = 0;
        for (let j = 0; j < slots.length; j += 2) {
            if ((slots[j] !== EMPTY || slots[j + 1] !== EMPTY) && sampled(slots[j], slots[j + 1], level))
                kept++;
        }
        const keys = new Uint32Array(kept * 2);
        let k = 0;
        for (let j = 0; j < slots.length; j += 2) {
            if ((slots[j] !== EMPTY || slots[j + 1] !== EMPTY) && sampled(slots[j], slots[j + 1], level)) {
                keys[k++] = slots[j];
                keys[k++] = slots[j + 1];
            }
        }
        slots.fill(EMPTY);
        insertAll(slots, keys);
        this.size = kept;
    }
    rehash(slotCount) {
        const slots = new Uint32Array(slotCount * 2);
        this.size = insertAll(slots, this.slots);
        this.slots = slots;
    }
}
/** Puts the keys held in `from` (slots or a list, empty pairs skipped) into the empty table `slots`; returns how many. */
function insertAll(slots, from) {
    const mask = (slots.length >>> 1) - 1;
    let size = 0;
    for (let j = 0; j < from.length; j += 2) {
        const a = from[j];
        const b = from[j + 1];
        if (a === EMPTY && b === EMPTY)
            continue;
        let i = slotOf(a, b, mask);
        while (slots[2 * i] !== EMPTY || slots[2 * i + 1] !== EMPTY)
            i = (i + 1) & mask;
        slots[2 * i] = a;
        slots[2 * i + 1] = b;
        size++;
    }
    return size;
}
/**
 * Keys need not be well-mixed hashes: a unique number column keys each value
 * by its IEEE-754 words, whose low word is 0 for every whole number. Both the
 * slot and the sampling decision therefore come from murmur3's finalizer over
 * both words (with the words' roles swapped, so the two are independent).
 * Without it, whole-number ids crowd a few slots (quadratic time) and are
 * never sampled away (past maxEntries the table fills and `add` never returns).
 */
function mix(a, b) {
    return fmix32((a ^ Math.imul(b ^ (b >>> 16), 0x85ebca6b)) >>> 0);
}
function slotOf(a, b, mask) {
    return mix(a, b) & mask;
}
/** Whether a key is in the 1/2^level sample: the top `level` bits of its mixed hash are zero. */
function sampled(a, b, level) {
    return level === 0 || mix(b, a) >>> (32 - level) === 0;
}

;// CONCATENATED MODULE: ./src/data/validate/pii.ts
/**
 * Recognizes values that look like personal data: e-mail addresses, phone
 * numbers and payment-card numbers (13–19 digits starting with 2–6 and
 * passing the Luhn check).
 * Cheap character tests run first so free text is not put through every
 * regular expression.
 */

// Searched anywhere in a value: a backtracking engine retries from every position, quadratic in a
// long value with an "@"; RE2 searches in linear time.
const EMAIL = RE2JS.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
const CARD_CANDIDATE = /(?:\d[ -]?){12,18}\d/g;
/**
 * Phone numbers: an international number ("+" and a country code, then 6–13
 * digits with any separators), an area code in parentheses and two groups
 * ("(415) 555-2671"), or three groups with the same separator ("415-555-2671",
 * "030 1234 5678"). A number may not follow another digit or a letter and
 * hyphen/dot, nor continue into more digits, so decimals ("52.5200066"), ids
 * ("ORD-2024-000123") and longer digit groups (a card failing Luhn) are not phones.
 */
const PHONE = /(?<!\d[ .-]?)(?<![A-Za-z_][.-]?)(?:\+\d{1,3}[ .-]?(?:\(\d{1,4}\)[ .-]?)?(?:\d[ .-]?){5,12}\d|\(\d{2,4}\)[ .-]?\d{3,4}[ .-]\d{3,4}|\d{2,4}([ .-])\d{3,4}\1\d{3,4})(?![ .-]?\d)/;
/**
 * A byte-level pre-check: true when the bytes hold an "@" or a run of at
 * least 8 digits (spaces, dots, dashes, parentheses and "+" between them
 * allowed), the least any e-mail, phone or card number needs. Most free text
 * fails it, so it is never decoded.
 */
function bytesMayHoldPii(buf, start, end) {
    let run = 0;
    for (let i = start; i < end; i++) {
        const c = buf[i];
        if (c >= 0x30 && c <= 0x39) {
            if (++run >= 8)
                return true;
        }
        else if (c === 0x40) {
            return true;
        }
        else if (c !== 0x20 && c !== 0x2d && c !== 0x2e && c !== 0x28 && c !== 0x29 && c !== 0x2b) {
            run = 0;
        }
    }
    return false;
}
/** The kind of personal data the text appears to contain, or undefined. */
function detectPii(text) {
    let digits = 0;
    let at = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 48 && c <= 57)
            digits++;
        else if (c === 64)
            at = true;
    }
    if (at && EMAIL.test(text))
        return "email";
    if (digits >= 13 && hasLuhnCardNumber(text))
        return "card_number";
    if (digits >= 8 && PHONE.test(text))
        return "phone";
    return undefined;
}
function hasLuhnCardNumber(text) {
    for (const match of text.matchAll(CARD_CANDIDATE)) {
        const digits = match[0].replace(/[ -]/g, "");
        // Payment cards start with 2–6 (Mastercard, Amex/Diners/JCB, Visa, Mastercard, Discover/UnionPay):
        // 13-digit millisecond timestamps and other ids starting with 1 are not cards, Luhn or not.
        if (digits.length >= 13 &&
            digits.length <= 19 &&
            digits[0] >= "2" &&
            digits[0] <= "6" &&
            luhnValid(digits))
            return true;
    }
    return false;
}
/** Luhn mod-10 check used by payment-card numbers. */
function luhnValid(digits) {
    let sum = 0;
    let double = false;
    for (let i = digits.length - 1; i >= 0; i--) {
        let d = digits.charCodeAt(i) - 48;
        if (d < 0 || d > 9)
            return false;
        if (double) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        double = !double;
    }
    return sum % 10 === 0;
}

;// CONCATENATED MODULE: ./src/data/validate/column-checks.ts
/**
 * The per-cell checks of one column, run while the column is profiled:
 * nullability, type, range, allowed values, pattern, uniqueness, outliers
 * against known fences, and personal data in columns not marked `pii`.
 * Every issue counter is created up front, so checks built from the same
 * options in another thread name the same counters and their counts merge.
 */





/** A number's IEEE-754 bits as two words: equal numbers, equal keys. */
const NUMBER_BITS = new Float64Array(1);
const NUMBER_WORDS = new Uint32Array(NUMBER_BITS.buffer);
const PII_LABEL = {
    email: "e-mail addresses",
    phone: "phone numbers",
    card_number: "payment-card numbers (Luhn-valid)",
};
const INVALID_LABEL = {
    not_a_number: "not a number",
    non_finite: "NaN or infinite",
    not_an_integer: "not a whole number",
    not_a_boolean: "not a boolean (true/false, yes/no, 1/0)",
    not_a_date: "not an ISO 8601 date or date-time",
};
const INVALID_REASONS = Object.keys(INVALID_LABEL);
const PII_KINDS = Object.keys(PII_LABEL);
/** Longest example value quoted in a message. */
const MAX_EXAMPLE_LENGTH = 60;
function values(n) {
    return `${n.toLocaleString("en-US")} value${n === 1 ? "" : "s"}`;
}
function eg(example, quote = true) {
    if (example === undefined)
        return "";
    return `, e.g. ${quote ? JSON.stringify(example) : example}`;
}
class ColumnChecks {
    wantsText;
    name;
    column;
    spec;
    min;
    max;
    allowed;
    pattern;
    /** Exposed so parallel passes can merge the ids each part saw. */
    unique;
    fences;
    scanPii;
    hash = new Uint32Array(2);
    bytes = { buf: new Uint8Array(0), start: 0, end: 0 };
    piiSeen = new Map();
    missingValues;
    invalidValues;
    outOfRange;
    outlierValues;
    unexpectedValues;
    patternMismatches;
    /** Repeats of a unique column's values; its count is completed when parts merge. */
    repeatedValues;
    piiValues;
    constructor(options) {
        const { spec, issues } = options;
        const name = options.name;
        this.name = name;
        this.column = options.column;
        this.spec = spec;
        this.fences = options.fences;
        this.min = toBound(spec.min, spec.type, Number.NEGATIVE_INFINITY);
        this.max = toBound(spec.max, spec.type, Number.POSITIVE_INFINITY);
        const numericType = spec.type === "number" || spec.type === "integer";
        this.allowed =
            spec.values && spec.type !== "number"
                ? new Set(spec.values.map((v) => (spec.type === "boolean" ? String(v).toLowerCase() : String(v))))
                : undefined;
        this.pattern = columnPattern(spec);
        this.unique = spec.unique ? new hash_pair_set_HashPairSet(options.maxExactKeys) : undefined;
        this.scanPii = options.scanPii && !spec.pii && (spec.type === "string" || spec.type === "category");
        this.wantsText =
            this.scanPii ||
                this.pattern !== undefined ||
                (this.allowed !== undefined && !numericType) ||
                (this.unique !== undefined && !numericType);
        this.missingValues = issues.counter("missing_value", "error", name, (n) => `${n.toLocaleString("en-US")} missing value${n === 1 ? "" : "s"} in "${name}", which is not nullable`);
        this.invalidValues = Object.fromEntries(INVALID_REASONS.map((reason) => [
            reason,
            issues.counter(reason === "non_finite" ? "non_finite" : "type_mismatch", "error", name, (n, example) => `${values(n)} in "${name}" (${spec.type}) ${n === 1 ? "is" : "are"} ${INVALID_LABEL[reason]}${eg(example)}`, reason),
        ]));
        this.outOfRange = issues.counter("out_of_range", "error", name, (n, example) => `${values(n)} in "${name}" outside [${spec.min ?? "-∞"}, ${spec.max ?? "∞"}]${eg(example, false)}`);
        this.outlierValues = issues.counter("outliers", "warning", name, (n, example) => {
            const fences = this.fences;
            const range = fences ? ` outside [${round(fences.low)}, ${round(fences.high)}] (${fences.basis})` : "";
            return `${n.toLocaleString("en-US")} outlier${n === 1 ? "" : "s"} in "${name}"${range}${eg(example, false)}`;
        });
        const allowedList = spec.values ?? [];
        this.unexpectedValues = issues.counter("unexpected_value", options.inferred ? "warning" : "error", name, (n, example) => `${values(n)} in "${name}" not among the ${allowedList.length} ${options.inferred ? "seen in the reference" : "allowed"} (${allowedList.slice(0, 6).join(", ")}${allowedList.length > 6 ? ", …" : ""})${eg(example)}`);
        this.patternMismatches = issues.counter("pattern_mismatch", "error", name, (n, example) => `${values(n)} in "${name}" do${n === 1 ? "es" : ""} not match /${spec.pattern}/${eg(example)}`);
        this.repeatedValues = issues.counter("not_unique", "error", name, (n, example) => `${n.toLocaleString("en-US")} repeated value${n === 1 ? "" : "s"} in "${name}", which must be unique${eg(example)}${this.unique?.exact === false ? " (estimated on a hash sample of the values)" : ""}`);
        this.piiValues = Object.fromEntries(PII_KINDS.map((kind) => [
            kind,
            issues.counter(`pii_${kind}`, "warning", name, (n) => `${values(n)} in "${name}" look${n === 1 ? "s" : ""} like ${PII_LABEL[kind]}: mark the column \`pii: true\` in the schema, or remove the data`),
        ]));
    }
    /** Outliers counted so far. */
    get outliers() {
        return this.outlierValues.count;
    }
    /** The value as a message may quote it: never for pii columns, shortened when long. */
    example(counter, text) {
        if (counter.count > 0 || this.spec.pii)
            return undefined;
        const value = text();
        return value.length > MAX_EXAMPLE_LENGTH ? `${value.slice(0, MAX_EXAMPLE_LENGTH - 3)}…` : value;
    }
    missing(batch, row) {
        if (!this.spec.nullable)
            this.missingValues.hit(batch.line(row));
    }
    invalid(batch, row, reason) {
        const counter = this.invalidValues[reason];
        counter.hit(batch.line(row), this.example(counter, () => batch.text(row, this.column)));
    }
    number(batch, row, value) {
        if (value < this.min || value > this.max) {
            this.outOfRange.hit(batch.line(row), this.example(this.outOfRange, () => this.numberText(value)));
        }
        if (this.fences)
            this.checkOutlier(batch, row, value);
        if (this.allowed && this.spec.type === "integer" && !this.allowed.has(String(value))) {
            this.unexpectedValues.hit(batch.line(row), this.example(this.unexpectedValues, () => String(value)));
        }
        if (this.unique && this.spec.type !== "string" && this.spec.type !== "category") {
            NUMBER_BITS[0] = value;
            if (this.unique.add(NUMBER_WORDS[0], NUMBER_WORDS[1])) {
                this.repeatedValues.hit(batch.line(row), this.example(this.repeatedValues, () => this.numberText(value)));
            }
        }
    }
    /** A parsed value as a message shows it: dates (epoch milliseconds here) as ISO 8601. */
    numberText(value) {
        return this.spec.type === "datetime" ? new Date(value).toISOString() : String(value);
    }
    /** Sets fences after the fact (they come from this data's own profile, checked in a second read). */
    useFences(fences) {
        this.fences = fences;
    }
    checkOutlier(batch, row, value) {
        const fences = this.fences;
        if (value >= fences.low && value <= fences.high)
            return;
        this.outlierValues.hit(batch.line(row), this.example(this.outlierValues, () => String(value)));
    }
    text(batch, row, value) {
        let text = value;
        if (this.allowed) {
            text ??= batch.text(row, this.column);
            // Booleans compare as true/false whatever their spelling (yes/no, 1/0, T/F).
            if (!this.allowed.has(this.spec.type === "boolean" ? (normalizeBoolean(text) ?? text) : text)) {
                const shown = text;
                this.unexpectedValues.hit(batch.line(row), this.example(this.unexpectedValues, () => shown));
            }
        }
        if (this.pattern) {
            text ??= batch.text(row, this.column);
            if (!this.pattern.test(text)) {
                const shown = text;
                this.patternMismatches.hit(batch.line(row), this.example(this.patternMismatches, () => shown));
            }
        }
        if (this.unique) {
            batch.hash64(row, this.column, this.hash);
            if (this.unique.add(this.hash[0], this.hash[1])) {
                this.repeatedValues.hit(batch.line(row), this.example(this.repeatedValues, () => text ?? batch.text(row, this.column)));
            }
        }
        if (this.scanPii)
            this.checkPii(batch, row, text);
    }
    checkPii(batch, row, value) {
        let kind;
        if (value !== undefined && this.piiSeen.has(value)) {
            kind = this.piiSeen.get(value) ?? undefined;
        }
        else if (value === undefined && batch.cellBytes(row, this.column, this.bytes)) {
            const { buf, start, end } = this.bytes;
            if (!bytesMayHoldPii(buf, start, end))
                return;
            kind = detectPii(batch.text(row, this.column));
        }
        else {
            kind = detectPii(value ?? batch.text(row, this.column));
            // Category columns repeat their values: remember each verdict (bounded).
            if (value !== undefined && this.piiSeen.size < 4096)
                this.piiSeen.set(value, kind ?? null);
        }
        if (kind)
            this.piiValues[kind].hit(batch.line(row));
    }
}
function toBound(bound, type, fallback) {
    if (bound === undefined)
        return fallback;
    if (typeof bound === "number")
        return type === "datetime" ? fallback : bound;
    // As the data's values are read: a date-time without an offset is UTC (Date.parse would take local time).
    if (type === "datetime")
        return parseDatetime(bound);
    return fallback;
}
function round(x) {
    return Number(x.toPrecision(6));
}

;// CONCATENATED MODULE: ./src/lib/arrays.ts
/**
 * Loops for what `Math.max(...xs)`, `Math.min(...xs)` and `a.push(...xs)` would do: a spread puts
 * every element on the call stack, so an array as long as the data ("a million rows") overflows it.
 * A test (test/code/unbounded-spread.test.ts) keeps spreads into calls out of src/.
 */
/** The largest value, as Math.max: -Infinity for none, NaN if any is NaN. */
function arrays_maxOf(values) {
    let max = Number.NEGATIVE_INFINITY;
    for (const value of values) {
        if (Number.isNaN(value))
            return Number.NaN;
        if (value > max)
            max = value;
    }
    return max;
}
/** The smallest value, as Math.min: Infinity for none, NaN if any is NaN. */
function minOf(values) {
    let min = Number.POSITIVE_INFINITY;
    for (const value of values) {
        if (Number.isNaN(value))
            return Number.NaN;
        if (value < min)
            min = value;
    }
    return min;
}
/** Appends every item to `target` (in place) and returns it. */
function appendAll(target, items) {
    for (const item of items)
        target.push(item);
    return target;
}

;// CONCATENATED MODULE: ./src/data/validate/issue-collector.ts
/**
 * Gathers issues while a file is read: one counter per (code, column,
 * variant), counting every occurrence and keeping the lines of the first few,
 * so a report can say "1,204 rows, first at lines 12, 40, 77" without holding
 * all of them. Counters of collectors that read parts of one file (worker
 * threads over byte ranges) merge: counts add, lines follow in file order.
 */

/** One issue being counted; `hit` is cheap enough for every cell. */
class IssueCounter {
    key;
    code;
    severity;
    column;
    describe;
    maxLines;
    count = 0;
    lines = [];
    example;
    constructor(key, code, severity, column, describe, maxLines) {
        this.key = key;
        this.code = code;
        this.severity = severity;
        this.column = column;
        this.describe = describe;
        this.maxLines = maxLines;
    }
    /** Counts one occurrence; `example` is kept from the first one only, so pass it only when `count` is 0. */
    hit(line, example) {
        if (this.count === 0)
            this.example = example;
        this.count++;
        if (line !== undefined && this.lines.length < this.maxLines)
            this.lines.push(line);
    }
    /** Adds the counts of the same issue in a later part of the file, whose lines start after `lineOffset`. */
    absorb(part, lineOffset) {
        if (part.count === 0)
            return;
        if (this.count === 0)
            this.example = part.example;
        this.count += part.count;
        for (const line of part.lines) {
            if (this.lines.length >= this.maxLines)
                break;
            this.lines.push(line + lineOffset);
        }
    }
    state() {
        return { key: this.key, count: this.count, lines: this.lines, example: this.example };
    }
}
class IssueCollector {
    file;
    maxLines;
    counters = new Map();
    order = [];
    constructor(file, maxLines) {
        this.file = file;
        this.maxLines = maxLines;
    }
    /**
     * The counter for (code, column, variant), created on first use with this
     * severity and message. Counters that are never hit are not reported, so
     * checks create theirs up front.
     */
    counter(code, severity, column, describe, variant = "") {
        const key = `${code}\u0000${column ?? ""}\u0000${variant}`;
        let counter = this.counters.get(key);
        if (!counter) {
            counter = new IssueCounter(key, code, severity, column, describe, this.maxLines);
            this.counters.set(key, counter);
            this.order.push(counter);
        }
        return counter;
    }
    /** Adds a finished issue (dataset-level checks computed after the pass). */
    add(issue) {
        const counter = new IssueCounter(`${issue.code}\u0000${issue.column ?? ""}\u0000#${this.order.length}`, issue.code, issue.severity, issue.column, () => issue.message, this.maxLines);
        counter.count = issue.count ?? 1;
        appendAll(counter.lines, issue.lines ?? (issue.line !== undefined ? [issue.line] : []));
        this.order.push(counter);
    }
    /** The counters that were hit, as plain data. */
    states() {
        return this.order.filter((c) => c.count > 0).map((c) => c.state());
    }
    /** Adds counters read from a later part of the file; every key must name a counter this collector has. */
    absorb(parts, lineOffset) {
        for (const part of parts) {
            const counter = this.counters.get(part.key);
            if (!counter)
                throw new Error(`issue counter ${JSON.stringify(part.key)} is unknown to the merging collector`);
            counter.absorb(part, lineOffset);
        }
    }
    issues() {
        const severityRank = (s) => (s === "error" ? 0 : 1);
        return this.order
            .filter((counter) => counter.count > 0)
            .sort((a, b) => severityRank(a.severity) - severityRank(b.severity))
            .map((counter) => {
            const issue = {
                code: counter.code,
                severity: counter.severity,
                message: counter.describe(counter.count, counter.example),
                count: counter.count,
            };
            if (counter.column !== undefined)
                issue.column = counter.column;
            if (counter.lines.length > 0) {
                issue.file = this.file;
                issue.line = counter.lines[0];
                issue.lines = counter.lines;
            }
            return issue;
        });
    }
}

;// CONCATENATED MODULE: ./src/data/validate/data-pass.ts




/** Distinct keys a whole read keeps exactly: 2 Mi keys, 32 MiB of slots at most. */
const MAX_EXACT_KEYS = 1 << 21;
const MAX_EXACT_KEYS_TEXT = MAX_EXACT_KEYS.toLocaleString("en-US");
/** Said of repeat counts estimated from a hash sample. */
const SAMPLED = ` (estimated: more than ${MAX_EXACT_KEYS_TEXT} distinct keys, so counted on a hash sample)`;
const INFERENCE_ONLY = {
    type: "string",
    nullable: true,
    unique: false,
    role: "feature",
    pii: false,
};
class data_pass_DataPass {
    plan;
    issues;
    profilers;
    checks;
    duplicates;
    repeatedRows;
    rows = 0;
    rowHash = new Uint32Array(2);
    constructor(plan) {
        this.plan = plan;
        this.issues = new IssueCollector(plan.file, plan.maxIssueLines);
        this.profilers = plan.columns.map((name, i) => createProfiler(name, plan.plans[i].spec ?? undefined));
        this.checks = plan.columns.map((name, column) => {
            const columnPlan = plan.plans[column];
            if (!columnPlan.checked)
                return undefined;
            return new ColumnChecks({
                name,
                column,
                spec: columnPlan.spec ?? INFERENCE_ONLY,
                inferred: columnPlan.inferred,
                issues: this.issues,
                fences: columnPlan.fences,
                scanPii: plan.scanPii,
                maxExactKeys: plan.maxExactKeys,
            });
        });
        this.duplicates = new hash_pair_set_HashPairSet(plan.maxExactKeys);
        this.repeatedRows = this.issues.counter("duplicate_rows", "warning", undefined, (n) => `${n.toLocaleString("en-US")} row${n === 1 ? "" : "s"} exactly repeat${n === 1 ? "s" : ""} an earlier row${this.duplicates.exact ? "" : SAMPLED}`);
    }
    /**
     * Once every row is in: where a set kept only a sample of its keys, the
     * repeat counts become the sample's estimate of the whole (the listed lines
     * are real repeats, the first ones found).
     */
    settleRepeatCounts() {
        if (!this.duplicates.exact)
            this.repeatedRows.count = Math.round(this.duplicates.repeats());
        for (const check of this.checks) {
            if (check?.unique && !check.unique.exact)
                check.repeatedValues.count = Math.round(check.unique.repeats());
        }
    }
    consume(batch) {
        const { profilers, checks } = this;
        for (let col = 0; col < profilers.length; col++)
            profilers[col].consume(batch, col, checks[col]);
        const { duplicates, repeatedRows, rowHash } = this;
        for (let row = 0; row < batch.rows; row++) {
            batch.rowHash(row, rowHash);
            if (duplicates.add(rowHash[0], rowHash[1]))
                repeatedRows.hit(batch.line(row));
        }
        this.rows += batch.rows;
    }
    /** The profile states of what was consumed. */
    states() {
        return this.profilers.map((p) => p.state());
    }
    result() {
        return {
            rows: this.rows,
            states: this.states(),
            issues: this.issues.states(),
            duplicates: this.duplicates.state(),
            uniques: this.checks.map((check) => check?.unique?.state() ?? null),
        };
    }
}
/**
 * Merges the results of consecutive parts of one file. `lineOffsets[i]` is the
 * number of lines before part i (part lines count from 1 at its first byte).
 */
function data_pass_mergePassResults(plan, parts, lineOffsets) {
    const merged = new data_pass_DataPass(plan);
    merged.duplicates = HashPairSet.fromState(parts[0].duplicates, plan.maxExactKeys);
    parts.forEach((part, i) => {
        merged.issues.absorb(part.issues, lineOffsets[i]);
        if (i === 0)
            return;
        merged.repeatedRows.count += merged.duplicates.absorb(part.duplicates);
        part.uniques.forEach((unique, column) => {
            const check = merged.checks[column];
            if (!unique || !check?.unique)
                return;
            if (i === 1)
                check.unique.absorb(parts[0].uniques[column]);
            check.repeatedValues.count += check.unique.absorb(unique);
        });
    });
    const states = plan.columns.map((name, column) => mergeColumnStates(parts.map((part) => part.states[column]), (i) => `part ${i + 1} of ${name}`));
    return { pass: merged, rows: parts.reduce((sum, part) => sum + part.rows, 0), states };
}

;// CONCATENATED MODULE: ./src/data/validate/parallel-pass.ts
/**
 * Runs a validation pass over a file: in this thread, or — for large
 * uncompressed CSV files on a machine with several cores — in worker threads,
 * one byte range each, whose results merge into the pass of the whole file.
 *
 * A range starts after a newline, which is a row boundary unless a quoted
 * value holding a newline spans it. Each worker reads whole rows, past the end
 * of its range if its last row runs over, and reports where it stopped; when
 * that is not where the next range starts (or a worker fails), the guess was
 * wrong and the file is read again in this thread, so the result is the same.
 */










/** Files smaller than this are read in this thread: starting workers costs more than it saves. */
const PARALLEL_MIN_BYTES = (/* unused pure expression or super */ null && (32 * 1024 * 1024));
const WORKER_TAG = "mlship.data-pass";
/** Workers report progress each time they have read this much more. */
const PROGRESS_STEP_BYTES = 8 * 1024 * 1024;
/** Reads the file once and returns the merged pass. */
async function runDataPass(plan, reader, parallelism, onProgress = () => { }) {
    const parts = await planParts(plan, reader, parallelism);
    if (parts) {
        const merged = await runInWorkers(plan, parts, onProgress);
        if (merged) {
            merged.pass.settleRepeatCounts();
            return merged;
        }
    }
    const pass = new DataPass(plan);
    for await (const batch of reader.batches()) {
        pass.consume(batch);
        onProgress(reader.bytesRead());
    }
    pass.settleRepeatCounts();
    return { pass, rows: pass.rows, states: pass.states() };
}
async function planParts(plan, reader, parallelism) {
    if (!(reader instanceof CsvReader) || !workerEntry())
        return undefined;
    const threads = parallelism ?? availableParallelism();
    if (threads < 2)
        return undefined;
    const layout = await reader.layout();
    // A pipe or standard input has no byte offsets to split at: it is read once, here.
    if (!layout.seekable || layout.compressed)
        return undefined;
    if (layout.fileBytes < (parallelism ? 0 : PARALLEL_MIN_BYTES))
        return undefined;
    const starts = [0];
    for (let i = 1; i < threads; i++) {
        const guess = Math.max(layout.dataStart, Math.floor((layout.fileBytes * i) / threads));
        const start = await findRowStart(plan.file, guess, layout.fileBytes);
        if (start > starts[starts.length - 1] && start < layout.fileBytes)
            starts.push(start);
    }
    return starts.length > 1 ? [...starts, layout.fileBytes] : undefined;
}
async function runInWorkers(plan, bounds, onProgress) {
    const entry = workerEntry();
    const parts = bounds.length - 1;
    // The parts share the exact-key budget: their sets together hold what one read's would.
    const partPlan = { ...plan, maxExactKeys: Math.max(1024, Math.floor(plan.maxExactKeys / parts)) };
    const inputs = bounds.slice(0, -1).map((start, i) => ({
        tag: WORKER_TAG,
        plan: partPlan,
        start,
        end: bounds[i + 1],
        header: i === 0 ? undefined : plan.columns,
    }));
    const read = inputs.map(() => 0);
    const outputs = await Promise.all(inputs.map((input, i) => runWorker(entry, input, (bytes) => {
        read[i] = bytes;
        onProgress(read.reduce((a, b) => a + b, 0));
    })));
    const failed = outputs.find((o) => !o.ok);
    if (failed)
        return undefined; // read again in this thread: its error names the right line
    const done = outputs;
    for (let i = 0; i + 1 < done.length; i++) {
        if (done[i].stoppedAt !== bounds[i + 1])
            return undefined; // a quoted newline spanned the split
    }
    const offsets = [];
    let lines = 0;
    for (const output of done) {
        offsets.push(lines);
        lines += output.lines;
    }
    return mergePassResults(plan, done.map((o) => o.result), offsets);
}
function runWorker(entry, input, onProgress) {
    return new Promise((resolve) => {
        // A small young generation keeps each worker's heap close to what it holds (the memory target is the process's).
        const worker = new Worker(entry, { workerData: input, resourceLimits: { maxYoungGenerationSizeMb: 8 } });
        worker.on("message", (message) => {
            if ("progress" in message)
                onProgress(message.progress);
            else
                resolve(message);
        });
        worker.once("error", (error) => resolve({ ok: false, message: error.message, userError: false }));
        worker.once("exit", (code) => {
            if (code !== 0)
                resolve({ ok: false, message: `worker exited with code ${code}`, userError: false });
        });
    });
}
function exactValueBuffers(state) {
    const exact = state.numeric && "version" in state.numeric ? state.numeric.values.exact : null;
    return exact instanceof ExactValues
        ? [exact.values.buffer, exact.counts.buffer]
        : [];
}
/**
 * The worker script: `data-pass-worker.js`, bundled beside the script this code runs
 * from (each dist/ folder whose bundle validates data has one). Only the data pass is in
 * it, so a worker does not load the whole CLI or action. Unbundled sources (tests on
 * .ts files) have none, and read in one thread.
 */
function workerEntry() {
    const here = fileURLToPath(import.meta.url);
    if (!here.endsWith(".js"))
        return undefined;
    const script = join(dirname(here), WORKER_SCRIPT);
    return existsSync(script) ? script : undefined;
}
/** The file name of the worker script in each dist/ folder (scripts/build.mjs writes it). */
const WORKER_SCRIPT = "data-pass-worker.js";
/** The body of a worker thread: reads its byte range and posts the pass result. */
async function runDataPassWorker() {
    if (external_node_worker_threads_namespaceObject.isMainThread || external_node_worker_threads_namespaceObject.workerData?.tag !== WORKER_TAG) {
        throw new Error(`${WORKER_SCRIPT} runs only as a worker thread started by mlship's data pass`);
    }
    const input = external_node_worker_threads_namespaceObject.workerData;
    let output;
    const transfer = [];
    try {
        const reader = new csv_reader_CsvReader(input.plan.file, {
            delimiter: input.plan.delimiter,
            range: { start: input.start, end: input.end },
            header: input.header,
        });
        const pass = new data_pass_DataPass(input.plan);
        let reported = 0;
        for await (const batch of reader.batches()) {
            pass.consume(batch);
            const read = reader.bytesRead();
            if (read - reported >= PROGRESS_STEP_BYTES) {
                reported = read;
                external_node_worker_threads_namespaceObject.parentPort.postMessage({ progress: read });
            }
        }
        const result = pass.result();
        transfer.push(result.duplicates.slots.buffer);
        for (const unique of result.uniques)
            if (unique)
                transfer.push(unique.slots.buffer);
        // A numeric column's exact values (up to 2^20 of them) move to the main thread rather than being copied.
        for (const state of result.states)
            transfer.push(...exactValueBuffers(state)); // bounded: two buffers a column
        output = { ok: true, result, stoppedAt: reader.stoppedAt(), lines: reader.linesRead() };
    }
    catch (error) {
        output = { ok: false, message: error.message, userError: error instanceof errors_MlshipError };
    }
    external_node_worker_threads_namespaceObject.parentPort.postMessage(output, transfer);
}


/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(564);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
