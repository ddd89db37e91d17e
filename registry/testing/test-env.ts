import { Buffer } from "node:buffer";
import {
  createPiiCipher,
  type MikroORM,
  OutboxEvent,
  openOrm,
  type PiiCipher,
} from "../../platform/index.ts";
import { type Actor, type Ctx, SYSTEM } from "../context.ts";
import { registryEntities } from "../entities.ts";
import { registryMigrations } from "../migrations/index.ts";

let ormPromise: Promise<MikroORM> | null = null;

/** The ORM on the test database (migrated by the global setup), one per test worker. */
export function testOrm(): Promise<MikroORM> {
  ormPromise ??= openOrm({
    clientUrl: process.env.DATABASE_URL!,
    entities: [OutboxEvent, ...registryEntities],
    migrations: registryMigrations,
    poolMax: 4,
  });
  return ormPromise;
}

export async function closeTestOrm(): Promise<void> {
  if (ormPromise) await (await ormPromise).close();
  ormPromise = null;
}

let cipher: PiiCipher | null = null;
export function testPii(): PiiCipher {
  cipher ??= createPiiCipher({
    encKey: Buffer.from(process.env.PII_KEY!, "base64"),
    hmacKey: Buffer.from(process.env.PII_HMAC_KEY!, "base64"),
  });
  return cipher;
}

/** A use-case context with a fresh unit of work. */
export async function testCtx(actor: Actor = SYSTEM, now: Date = new Date()): Promise<Ctx> {
  const orm = await testOrm();
  return { em: orm.em.fork(), actor, now, pii: testPii() };
}
