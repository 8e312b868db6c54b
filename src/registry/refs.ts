/**
 * Names, versions and refs of the registry, checked so that they are safe as
 * a git tag (`<name>@v<version>`), a path segment and an environment name.
 */
import semver from "semver";
import { MlshipError } from "../lib/errors.js";

/** As mlship.yml's model.name: lowercase letters, digits, `.`, `_`, `-`; starts with a letter or digit; at most 64 characters. */
const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
const ENVIRONMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;

export function checkModelName(name: string, what = "model name"): string {
  if (!NAME.test(name) || name.includes("..")) {
    throw new MlshipError(
      "bad_model_name",
      `${what} ${JSON.stringify(name)} is not allowed: use lowercase letters, digits, ".", "_" and "-", starting with a letter or digit (it becomes a git tag and a folder name)`,
    );
  }
  return name;
}

/** A plain semver `x.y.z` (pre-release and build parts allowed); a leading `v` is dropped. */
export function checkVersion(version: string, what = "version"): string {
  const plain = version.startsWith("v") ? version.slice(1) : version;
  if (semver.valid(plain) !== plain || /[^0-9A-Za-z.+-]/.test(plain)) {
    throw new MlshipError(
      "bad_version",
      `${what} ${JSON.stringify(version)} is not a semantic version like 1.4.0`,
    );
  }
  return plain;
}

export function checkEnvironment(environment: string): string {
  if (!ENVIRONMENT.test(environment)) {
    throw new MlshipError(
      "bad_environment",
      `environment ${JSON.stringify(environment)} is not allowed: use letters, digits, ".", "_" and "-"`,
    );
  }
  return environment;
}

export function releaseTag(name: string, version: string): string {
  return `${name}@v${version}`;
}

/** The name and version of a release tag, or undefined when it is not one of this model's. */
export function parseReleaseTag(tag: string, name: string): string | undefined {
  const prefix = `${name}@v`;
  if (!tag.startsWith(prefix)) return undefined;
  const version = tag.slice(prefix.length);
  return semver.valid(version) === version ? version : undefined;
}

export type ParsedRef =
  | { name: string; kind: "version"; version: string }
  | { name: string; kind: "latest" }
  | { name: string; kind: "environment"; environment: string };

/** `churn@1.2.0` (or `@v1.2.0`), `churn@latest`, `churn@<environment>`; a bare `churn` is `churn@latest`. */
export function parseRef(ref: string): ParsedRef {
  const at = ref.lastIndexOf("@");
  const name = checkModelName(at < 0 ? ref : ref.slice(0, at), `model name in ${JSON.stringify(ref)}:`);
  const selector = at < 0 ? "latest" : ref.slice(at + 1);
  if (selector === "latest") return { name, kind: "latest" };
  if (/^v?\d/.test(selector))
    return { name, kind: "version", version: checkVersion(selector, `version in ${JSON.stringify(ref)}:`) };
  return { name, kind: "environment", environment: checkEnvironment(selector) };
}

/** Newest first. */
export function compareVersionsDescending(a: string, b: string): number {
  return semver.rcompare(a, b);
}

/** The next version for `auto`: 0.1.0 first, else the latest's minor (or major when the features changed) bumped. */
export function nextVersion(latest: string | undefined, bump: "minor" | "major"): string {
  if (latest === undefined) return "0.1.0";
  return semver.inc(latest, bump)!;
}
