import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    pool: "forks",
    // Most test files spend their time waiting on the processes they start (the built CLI, servers,
    // Prometheus): one file per core keeps the cores busy (vitest's default leaves one idle).
    maxWorkers: availableParallelism(),
    testTimeout: 60_000,
    // GitHub's workflow parser imports its JSON schema without an import attribute, which Node 20 refuses.
    server: { deps: { inline: ["@actions/workflow-parser"] } },
  },
});
