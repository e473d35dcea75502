import { defineConfig } from "vitest/config";
import path from "node:path";

// Two projects: unit (fast, may fake the shell-out layer) and integration
// (real LXC, real SQLite; run one file at a time so containers don't race).
export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    projects: [
      {
        extends: true,
        // 30 s, not vitest's 5: scrypt (memory-hard on purpose) takes seconds on a loaded 2-core machine.
        test: { name: "unit", include: ["tests/unit/**/*.test.ts"], environment: "node", testTimeout: 30_000 },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["tests/integration/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
