import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { connectRedis, type MikroORM, OutboxEvent, openOrm } from "../../../platform/index.ts";
import { registryEntities, registryMigrations } from "../../../registry/index.ts";
import { closeTestOrm, testPii } from "../../../registry/testing/test-env.ts";
import { identityEntities } from "../../identity.entity.ts";
import type { AccountDeps } from "../account-deps.ts";
import { createSmsTransport } from "../sms-transport.ts";

let orm: MikroORM | null = null;
let redis: Redis | null = null;

/** The ORM with the identity entities, one per test file. */
export async function accountsOrm(): Promise<MikroORM> {
  orm ??= await openOrm({
    clientUrl: process.env.DATABASE_URL!,
    entities: [OutboxEvent, ...registryEntities, ...identityEntities],
    migrations: registryMigrations,
    poolMax: 4,
  });
  return orm;
}

/** Account deps on the real database and Redis with the dev transport and a Redis prefix of its own. */
export async function testDeps(overrides: Partial<AccountDeps> = {}): Promise<AccountDeps> {
  const o = await accountsOrm();
  redis ??= await connectRedis(process.env.REDIS_URL!);
  return {
    orm: o,
    redis,
    pii: testPii(),
    sms: createSmsTransport({ orm: o, pii: testPii() }),
    keyPrefix: `test-accounts-${randomBytes(6).toString("hex")}`,
    ...overrides,
  };
}

export async function closeAccountsEnv(): Promise<void> {
  await orm?.close();
  orm = null;
  await redis?.quit();
  redis = null;
  await closeTestOrm();
}

/** A client address no other test uses. */
export function freshIp(): string {
  const b = randomBytes(3);
  return `10.${b[0]}.${b[1]}.${b[2]}`;
}

/** The messages sent to a phone, newest first, as the development mailbox lists them. */
export async function messagesTo(
  phone: string,
): Promise<{ body: string; transport: string; to_masked: string }[]> {
  const o = await accountsOrm();
  return o.em
    .getConnection()
    .execute("select body, transport, to_masked from sent_message where to_hash = ? order by id desc", [
      testPii().blindIndex(phone, "phone"),
    ]);
}

/** The code in the newest message to a phone. */
export async function latestCode(phone: string): Promise<string> {
  const [last] = await messagesTo(phone);
  const code = last?.body.match(/验证码为 (\d{6})/)?.[1];
  if (!code) throw new Error(`no sign-in code was sent to ${phone}`);
  return code;
}

/** Audit rows about a subject, oldest first. */
export async function auditOf(
  subjectId: string,
): Promise<{ action: string; actor_type: string; subject_type: string; detail: Record<string, unknown> }[]> {
  const o = await accountsOrm();
  return o.em
    .getConnection()
    .execute(
      "select action, actor_type, subject_type, detail from audit_log where subject_id = ? order by id",
      [subjectId],
    );
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(
  p: Promise<unknown>,
): Promise<{ code: string; message: string; details: any[] }> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  if (e === null) throw new Error("expected the call to fail");
  return e as { code: string; message: string; details: any[] };
}
