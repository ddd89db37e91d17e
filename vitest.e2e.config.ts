import { defineConfig } from "vitest/config";

/**
 * Browser journeys (e2e/*.e2e.ts): `npm run test:e2e`. e2e/support/global-setup.ts builds the app,
 * creates a database and starts the server once per run; the journeys share it and run one file at a
 * time, in one process, one test after another (they drive one server and see each other's data).
 */
export default defineConfig({
  test: {
    include: ["e2e/**/*.e2e.ts"],
    globalSetup: ["e2e/support/global-setup.ts"],
    env: { NODE_ENV: "test" },
    testTimeout: 120_000,
    hookTimeout: 60_000,
    teardownTimeout: 60_000,
    pool: "forks",
    maxWorkers: 1,
    fileParallelism: false,
    sequence: { concurrent: false, shuffle: false },
    retry: 0,
  },
});
