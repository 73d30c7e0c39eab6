import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Four projects, one job each. `npm test` runs them all (scripts/test-all.sh):
//   unit         pure tests next to the code (sim, grader, content, server helpers, components' logic)
//   grader       the grader against hostile programs, in real worker processes (test/grader)
//   integration  server modules against a real SQLite file per test worker (test/integration)
//   e2e          Playwright in Debian's Chromium against `next start` (test/e2e)
export default defineConfig({
  // Learners import the simulation core as "@pagewise/sim" (tsconfig paths say the same for tsc and esbuild).
  // "server-only" throws outside Next's server bundles; tests import server modules directly.
  resolve: {
    alias: {
      "@pagewise/sim": fileURLToPath(new URL("./sim/learner-api.ts", import.meta.url)),
      "server-only": fileURLToPath(new URL("./node_modules/server-only/empty.js", import.meta.url)),
      "@/": fileURLToPath(new URL("./", import.meta.url)),
    },
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["{sim,contract,grader,content,server,components,scripts}/**/*.test.{ts,tsx}", "test/unit/**/*.test.ts"],
          environment: "node",
          // Generous: CI shares two noisy cores; no test asserts on time.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "grader",
          include: ["test/grader/**/*.test.ts"],
          globalSetup: ["test/setup/build-grader.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          globalSetup: ["test/setup/build-grader.ts"],
          setupFiles: ["test/setup/per-worker-database.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/setup/e2e-server.ts"],
          testTimeout: 120_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
