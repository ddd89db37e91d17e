import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");

/**
 * The whole environment of the process. Every variable has a default so that `npm start` works with
 * nothing set; README lists them all. Parsed once at start by {@link loadEnv}.
 */
export const ZEnv = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("0.0.0.0"),
  /** Public base URL, used in links that leave the process (signed downloads, OIDC issuer). */
  PUBLIC_URL: z.url().optional(),
  ROLE: z.enum(["all", "web", "worker"]).default("all"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATA_DIR: z.string().min(1).default(".data"),
  /** PostgreSQL URL; when unset an embedded PostgreSQL is started with its data under DATA_DIR. */
  DATABASE_URL: z.url().optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  REDIS_URL: z.url().default("redis://127.0.0.1:6379"),
  /** Prefix of every BullMQ queue and Redis key, so several installations can share one Redis. */
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]+$/)
    .default("tongban"),
  /** 32-byte key, base64, for AES-256-GCM of ID and phone numbers; generated under DATA_DIR when unset outside production. */
  PII_KEY: z.string().optional(),
  /** Key for the blind index (HMAC-SHA256) of ID and phone numbers; generated like PII_KEY. */
  PII_HMAC_KEY: z.string().optional(),
  /** Secret used to sign short-lived download links and cookies; generated like PII_KEY. */
  APP_SECRET: z.string().min(32).optional(),
  /** S3/MinIO endpoint, e.g. http://127.0.0.1:9000; when unset files live under DATA_DIR/objects. */
  S3_ENDPOINT: z.url().optional(),
  S3_REGION: z.string().default("us-east-1"),
  S3_BUCKET: z.string().min(3).default("tongban"),
  S3_ACCESS_KEY: z.string().optional(),
  S3_SECRET_KEY: z.string().optional(),
  ELASTICSEARCH_URL: z.url().optional(),
  /** An external OIDC issuer (e.g. Keycloak); when unset the built-in provider at /oidc is used. */
  OIDC_ISSUER: z.url().optional(),
  /** The portal's client at the issuer. */
  OIDC_CLIENT_ID: z.string().min(3).max(100).default("tongban-portal"),
  /** The portal client's secret; generated under DATA_DIR like PII_KEY when unset. */
  OIDC_CLIENT_SECRET: z.string().min(16).optional(),
  /** HTTP SMS gateway for sign-in codes; unset: codes go to the development mailbox (/dev/mailbox). */
  SMS_GATEWAY_URL: z.url().optional(),
  SMS_GATEWAY_TOKEN: z.string().optional(),
  /** Webhook deliveries: attempts before a dead letter, the first retry delay (doubling), one attempt's timeout. */
  WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(30).default(10),
  WEBHOOK_BACKOFF_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(10_000),
  /** Let webhooks reach loopback addresses (a demo with its department system on the same machine; tests). */
  WEBHOOK_ALLOW_LOOPBACK: bool.default(false),
  /** Seed the demo city into an empty database at start. */
  SEED_DEMO: bool.default(true),
  /** Run pending migrations at start. */
  MIGRATE_ON_START: bool.default(true),
});

/** The parsed environment. */
export type TEnv = z.infer<typeof ZEnv>;

/** Thrown for a bad environment; the message names every wrong variable. */
export class EnvError extends Error {
  override name = "EnvError";
}

/** Parses an environment (process.env by default); a bad value throws an EnvError naming the variable. */
export function loadEnv(source: Record<string, string | undefined> = process.env): TEnv {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ""));
  const r = ZEnv.safeParse(cleaned);
  if (r.success) {
    if (
      r.data.NODE_ENV === "production" &&
      r.data.S3_ENDPOINT &&
      !(r.data.S3_ACCESS_KEY && r.data.S3_SECRET_KEY)
    ) {
      throw new EnvError("S3_ACCESS_KEY and S3_SECRET_KEY are required when S3_ENDPOINT is set");
    }
    return r.data;
  }
  const lines = r.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
  throw new EnvError(`Invalid environment:\n${lines.join("\n")}`);
}
