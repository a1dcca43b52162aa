import { join } from "node:path";
import { defineConfig } from "vitest/config";

const pkg = (path: string) => join(import.meta.dirname, "packages", path);

export default defineConfig({
  // Tests run the TypeScript sources: "@syraq/core" resolves to src/ (as the "@syraq/source" export
  // condition does for tsc and tsx), not to the built dist/ that the packed tarballs carry.
  resolve: {
    alias: [
      { find: /^@syraq\/core$/, replacement: pkg("core/src/index.ts") },
      { find: /^@syraq\/core\/node$/, replacement: pkg("core/src/node.ts") },
      { find: /^@syraq\/cli$/, replacement: pkg("cli/src/index.ts") },
    ],
  },
  test: {
    include: ["packages/*/test/**/*.test.ts", "tests/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    reporters: ["default", "./tests/helpers/summary-reporter.ts"],
  },
});
