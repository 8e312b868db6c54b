/**
 * The onnxruntime-node release mlship downloads when none is installed, and the
 * npm tarballs it needs at run time, each pinned to its sha512 integrity.
 *
 * What onnxruntime-node requires at run time (dist/*.js): `onnxruntime-common`
 * (pinned to the same version, with no dependencies of its own), Node's
 * `worker_threads`, and its own native binding under
 * `bin/napi-v6/<platform>/<arch>/`. Its other dependencies, `adm-zip` and
 * `global-agent`, are used only by its postinstall script (script/install.js,
 * which fetches optional CUDA files) and are not fetched.
 *
 * THESE VALUES MUST CHANGE WITH THE VERSION: when package.json moves
 * onnxruntime-node to another version, set ONNXRUNTIME_VERSION to it and copy
 * the `integrity` of `node_modules/onnxruntime-node` and
 * `node_modules/onnxruntime-common` from package-lock.json into the table.
 */

export const ONNXRUNTIME_VERSION = "1.30.0";

/** The packages the runtime needs, all at the onnxruntime-node version; the first is the one loaded. */
export const RUNTIME_PACKAGES = ["onnxruntime-node", "onnxruntime-common"] as const;

/** sha512 SRI of each tarball, keyed by `<name>@<version>` (values from package-lock.json). */
export type IntegrityTable = Readonly<Record<string, string>>;

export const PINNED_INTEGRITY: IntegrityTable = {
  "onnxruntime-node@1.30.0":
    "sha512-twhs1C2C/BFkz1yc5OY0KIU2GUq6DURO7hD4bx5Q2Qy3nAMJwRXW8xU3NVczE29VA9lolLOYepoD8fjTGOfIqw==",
  "onnxruntime-common@1.30.0":
    "sha512-7fdVWjAID1dVhH/G8qK3APARunV4VkBFoCQAP7qp4Wkab0mrorvmc+sqiT+mKXOzDqdjN5j+/Z9nb4gzNPWcyA==",
};
