import { defineConfig } from "vitest/config";

// Kept apart from vite.config.ts so tests do not load the React Router plugin.
export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "build/**", ".data/**", "e2e/**"],
    globalSetup: ["registry/testing/global-setup.ts"],
    env: {
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      DATABASE_URL: process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/tongban_test",
      REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
      // Fixed test keys: tests must never touch a real installation's keys.
      PII_KEY: "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMzJieXQ=",
      PII_HMAC_KEY: "dGVzdC1obWFjLWtleS10ZXN0LWhtYWMta2V5LTMyYnl0ZXM=",
      APP_SECRET: "test-app-secret-test-app-secret-0123456789",
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
