import { defineConfig } from "vitest/config";
import { testDatabaseUrl } from "./registry/testing/test-database.ts";

export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", "build/**", ".data/**", "e2e/**"],
    globalSetup: ["registry/testing/global-setup.ts"],
    env: {
      NODE_ENV: "test",
      LOG_LEVEL: "silent",
      // One database per run (see registry/testing/test-database.ts).
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
      // Fixed test keys: tests must never touch a real installation's keys.
      PII_KEY: "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMzJieXQ=",
      PII_HMAC_KEY: "dGVzdC1obWFjLWtleS10ZXN0LWhtYWMta2V5LTMyYnl0ZXM=",
      APP_SECRET: "test-app-secret-test-app-secret-0123456789",
      // Webhook receivers in tests listen on 127.0.0.1.
      WEBHOOK_ALLOW_LOOPBACK: "true",
    },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
