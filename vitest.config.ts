import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    // GitHub's workflow parser imports its JSON schema without an import attribute, which Node 20 refuses.
    server: { deps: { inline: ["@actions/workflow-parser"] } },
  },
});
