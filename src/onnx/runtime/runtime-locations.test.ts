import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MlshipError } from "../../lib/errors.js";
import {
  DEFAULT_NPM_REGISTRY,
  npmRegistry,
  redactUrl,
  runtimeCacheRoot,
  runtimeInstallDir,
  tarballUrl,
} from "./runtime-locations.js";

describe("npmRegistry", () => {
  it("prefers MLSHIP_NPM_REGISTRY, then npm's own setting, then the public registry", () => {
    const npm = "https://npm.example.com/";
    const mirror = "https://mirror.example.com/npm/";
    expect(npmRegistry({ MLSHIP_NPM_REGISTRY: mirror, npm_config_registry: npm })).toBe(mirror);
    expect(npmRegistry({ npm_config_registry: npm })).toBe(npm);
    expect(npmRegistry({ NPM_CONFIG_REGISTRY: npm })).toBe(npm);
    expect(npmRegistry({ MLSHIP_NPM_REGISTRY: "  " })).toBe(DEFAULT_NPM_REGISTRY);
    expect(npmRegistry({})).toBe("https://registry.npmjs.org");
  });

  it("names the variable that holds something other than an http(s) URL", () => {
    expect(() => npmRegistry({ MLSHIP_NPM_REGISTRY: "registry.example.com" })).toThrow(
      /^MLSHIP_NPM_REGISTRY is not a URL: "registry\.example\.com"; set it to an npm registry such as https:\/\/registry\.npmjs\.org$/,
    );
    const error = (() => {
      try {
        npmRegistry({ npm_config_registry: "ftp://example.com" });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(MlshipError);
    expect((error as MlshipError).message).toMatch(/^npm_config_registry must be an http\(s\) URL/);
  });
});

describe("tarballUrl", () => {
  it("follows the registry's tarball path, with or without a trailing slash or a path prefix", () => {
    expect(tarballUrl("https://registry.npmjs.org", "onnxruntime-node", "1.30.0")).toBe(
      "https://registry.npmjs.org/onnxruntime-node/-/onnxruntime-node-1.30.0.tgz",
    );
    expect(tarballUrl("https://art.example.com/api/npm/npm-remote/", "onnxruntime-common", "1.30.0")).toBe(
      "https://art.example.com/api/npm/npm-remote/onnxruntime-common/-/onnxruntime-common-1.30.0.tgz",
    );
    expect(tarballUrl("https://art.example.com/api/npm/npm-remote", "@scope/pkg", "2.0.0")).toBe(
      "https://art.example.com/api/npm/npm-remote/@scope/pkg/-/pkg-2.0.0.tgz",
    );
  });
});

describe("redactUrl", () => {
  it("hides user and password and leaves other URLs alone", () => {
    expect(redactUrl("https://user:token@npm.example.com/x.tgz")).toBe("https://***@npm.example.com/x.tgz");
    expect(redactUrl("https://npm.example.com/x.tgz")).toBe("https://npm.example.com/x.tgz");
    expect(redactUrl("not a url //user:token@host")).toBe("not a url //***@host");
  });
});

describe("runtimeCacheRoot", () => {
  const home = join("/home", "dev");

  it("uses the runner's tool cache inside Actions", () => {
    expect(
      runtimeCacheRoot({ RUNNER_TOOL_CACHE: "/opt/hostedtoolcache", XDG_CACHE_HOME: "/x" }, home, "linux"),
    ).toEqual({
      root: join("/opt/hostedtoolcache", "mlship-onnxruntime-node"),
      kind: "tool-cache",
    });
  });

  it("uses XDG_CACHE_HOME, else ~/.cache, elsewhere", () => {
    expect(runtimeCacheRoot({ XDG_CACHE_HOME: "/var/cache/me" }, home, "linux").root).toBe(
      join("/var/cache/me", "mlship", "onnxruntime-node"),
    );
    expect(runtimeCacheRoot({}, home, "darwin")).toEqual({
      root: join(home, ".cache", "mlship", "onnxruntime-node"),
      kind: "user-cache",
    });
  });

  it("uses LOCALAPPDATA on Windows", () => {
    expect(runtimeCacheRoot({ LOCALAPPDATA: "C:\\Users\\dev\\AppData\\Local" }, home, "win32").root).toBe(
      join("C:\\Users\\dev\\AppData\\Local", "mlship", "onnxruntime-node"),
    );
    expect(runtimeCacheRoot({ LOCALAPPDATA: "/ignored" }, home, "linux").root).toBe(
      join(home, ".cache", "mlship", "onnxruntime-node"),
    );
  });

  it("keeps one install per version and platform", () => {
    expect(runtimeInstallDir("/c", "1.30.0", "linux", "x64")).toBe(join("/c", "1.30.0", "linux-x64"));
  });
});
