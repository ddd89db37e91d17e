import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root. */
export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** Per-run scratch space (app build, server data, logs): e2e/.run/<pid of the Vitest process>. */
export const RUN_ROOT = path.join(REPO, "e2e/.run");

/** Where `shot()` writes its screenshots, one folder per journey file. */
export const SCREENSHOT_ROOT = path.join(REPO, "e2e/screenshots");

/** Debian's Chromium unless CHROMIUM_PATH says otherwise; playwright-core never downloads a browser. */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** The fixed test keys of vitest.config.ts: a journey must never touch a real installation's keys. */
export const TEST_KEYS = {
  PII_KEY: "dGVzdC1rZXktdGVzdC1rZXktdGVzdC1rZXktMzJieXQ=",
  PII_HMAC_KEY: "dGVzdC1obWFjLWtleS10ZXN0LWhtYWMta2V5LTMyYnl0ZXM=",
  APP_SECRET: "test-app-secret-test-app-secret-0123456789",
  OIDC_CLIENT_SECRET: "e2e-portal-client-secret-0123456789",
} as const;

/** Databases of journey runs: TEST_DATABASE_URL's name (default tongban_test) + `_e2e_<pid>`. */
export function e2eDatabaseUrl(pid: number = process.pid): string {
  const u = new URL(process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/tongban_test");
  u.pathname = `${u.pathname}_e2e_${pid}`;
  return u.toString();
}

export const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

/** What the harness hands to the journeys (through Vitest's provide/inject). */
export interface E2eRun {
  /** The server under test, e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  /** Its database, seeded with the demo city 云港市; journeys may read it to check what the pages did. */
  databaseUrl: string;
  redisUrl: string;
  /** Prefix of the run's Redis keys (sessions, queues). */
  queuePrefix: string;
  /** The server's DATA_DIR: its local object storage is `objects/` inside (see use-cases.ts). */
  dataDir: string;
  /** The server's log (pino JSON), worth reading when a journey fails. */
  serverLog: string;
}

declare module "vitest" {
  export interface ProvidedContext {
    e2e: E2eRun;
  }
}
