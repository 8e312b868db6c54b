import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LocalRegistry } from "../../src/registry/local-registry.js";
import { registryContract } from "./contract.js";

registryContract("local", async () => {
  const dir = await mkdtemp(join(tmpdir(), "mlship-local-registry-"));
  return {
    registry: new LocalRegistry(dir),
    corrupt: (name, version, asset, bytes) => writeFile(join(dir, name, version, asset), bytes),
    replaceManifest: (name, version, text) => writeFile(join(dir, name, version, "manifest.json"), text),
    close: () => rm(dir, { recursive: true, force: true }),
  };
});
