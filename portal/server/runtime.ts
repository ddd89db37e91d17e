import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Redis } from "ioredis";
import {
  type Clock,
  connectRedis,
  createPiiCipher,
  createStorage,
  loadOrCreateSecret,
  loadPiiKeys,
  logger,
  type MikroORM,
  migrateUp,
  type ObjectStorage,
  type PiiCipher,
  startEmbeddedPostgres,
  systemClock,
  type TEnv,
} from "../../platform/index.ts";
import { openAppOrm } from "./db.ts";

/** The shared infrastructure of one process: database, Redis, files, keys. */
export interface Runtime {
  env: TEnv;
  orm: MikroORM;
  databaseUrl: string;
  redis: Redis;
  storage: ObjectStorage;
  pii: PiiCipher;
  appSecret: string;
  /** Where use cases' "now" comes from (the system clock; tests pin it to days the calendar covers). */
  clock: Clock;
  close(): Promise<void>;
}

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Starts or connects everything the process needs, in the order that gives the clearest error first:
 * keys, Redis, database (embedded when DATABASE_URL is unset), migrations, object storage.
 */
export async function bootRuntime(env: TEnv): Promise<Runtime> {
  const dataDir = path.resolve(REPO_ROOT, env.DATA_DIR);
  // With the embedded database the keys live beside its data; with an external database they must be
  // given, because a key generated on one node would make the data unreadable on the others.
  const allowGenerate = !env.DATABASE_URL || env.NODE_ENV !== "production";
  const keys = loadPiiKeys({ piiKey: env.PII_KEY, hmacKey: env.PII_HMAC_KEY, dataDir, allowGenerate });
  const appSecret = env.APP_SECRET ?? (allowGenerate ? loadOrCreateSecret(dataDir, "app-secret") : undefined);
  if (!appSecret)
    throw new Error("APP_SECRET must be set when DATABASE_URL points at an external database in production");

  // Redis first: it is the part most often missing on a developer's machine, and it fails fast.
  const redis = await connectRedis(env.REDIS_URL);
  const embedded = env.DATABASE_URL ? null : await startEmbeddedPostgres(dataDir, env.EMBEDDED_PG_PORT);
  const databaseUrl = env.DATABASE_URL ?? embedded!.url;
  const orm = await openAppOrm(databaseUrl, env.DATABASE_POOL_MAX);
  if (env.MIGRATE_ON_START) await migrateUp(orm);

  const publicUrl = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
  const storage = createStorage({
    s3: env.S3_ENDPOINT
      ? {
          endpoint: env.S3_ENDPOINT,
          region: env.S3_REGION,
          bucket: env.S3_BUCKET,
          accessKey: env.S3_ACCESS_KEY ?? "",
          secretKey: env.S3_SECRET_KEY ?? "",
        }
      : undefined,
    localRoot: path.join(dataDir, "objects"),
    secret: appSecret,
    baseUrl: publicUrl,
  });
  await storage.ensureReady();
  logger.info({ storage: storage.kind, database: embedded ? "embedded" : "external" }, "runtime ready");

  return {
    env,
    orm,
    databaseUrl,
    redis,
    storage,
    pii: createPiiCipher(keys),
    appSecret,
    clock: systemClock,
    async close() {
      await orm.close().catch(() => {});
      redis.disconnect();
      await embedded?.stop().catch(() => {});
    },
  };
}
