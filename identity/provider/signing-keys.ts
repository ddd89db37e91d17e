import { exportJWK, generateKeyPair, type JWK } from "jose";
import type { EntityManager, MikroORM, PiiCipher } from "../../platform/index.ts";
import { SigningKey } from "../identity.entity.ts";

/** ID tokens and JWT access tokens live at most this long; a replaced key is kept this much longer. */
export const MAX_SIGNED_TOKEN_SECONDS = 3600;
const ALG = "RS256";

async function newKeyRow(pii: PiiCipher, now: Date) {
  const { privateKey } = await generateKeyPair(ALG, { modulusLength: 2048, extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = `${now.toISOString().slice(0, 10).replaceAll("-", "")}-${crypto.randomUUID().slice(0, 8)}`;
  return {
    kid,
    alg: ALG,
    privateJwkEnc: pii.encrypt(JSON.stringify({ ...jwk, kid, alg: ALG, use: "sig" })),
    createdAt: now,
    retireAt: null,
  };
}

/** Runs `work` in a transaction holding the signing-key advisory lock, so key changes never race. */
async function withKeyLock<T>(orm: MikroORM, work: (em: EntityManager) => Promise<T>): Promise<T> {
  return orm.em.fork().transactional(async (tem) => {
    await tem
      .getConnection()
      .execute(
        "select pg_advisory_xact_lock(hashtext('oidc_signing_key'))",
        [],
        "run",
        tem.getTransactionContext(),
      );
    return work(tem);
  });
}

/**
 * The private JWKs to sign and verify with, newest first (oidc-provider signs with the first). Creates
 * the first key when there is none; an advisory lock keeps two starting processes from creating two.
 */
export async function loadSigningKeys(orm: MikroORM, pii: PiiCipher, now = new Date()): Promise<JWK[]> {
  return withKeyLock(orm, async (tem) => {
    let rows = await tem.find(
      SigningKey,
      { $or: [{ retireAt: null }, { retireAt: { $gt: now } }] },
      { orderBy: { createdAt: "desc" } },
    );
    if (rows.length === 0) {
      tem.create(SigningKey, await newKeyRow(pii, now));
      await tem.flush();
      rows = await tem.find(SigningKey, { retireAt: null });
    }
    return rows.map((r) => JSON.parse(pii.decrypt(r.privateJwkEnc)) as JWK);
  });
}

/**
 * Adds a new signing key and schedules the current ones to leave the JWKS once every token they signed
 * has expired. Returns the new key id. Running servers pick the new key up within a minute.
 */
export async function rotateSigningKeys(
  orm: MikroORM,
  pii: PiiCipher,
  now = new Date(),
): Promise<{ kid: string; retiring: string[] }> {
  return withKeyLock(orm, async (tem) => {
    const active = await tem.find(SigningKey, { retireAt: null });
    const retireAt = new Date(now.getTime() + MAX_SIGNED_TOKEN_SECONDS * 1000 + 60_000);
    for (const k of active) k.retireAt = retireAt;
    const row = tem.create(SigningKey, await newKeyRow(pii, now));
    await tem.flush();
    return { kid: row.kid, retiring: active.map((k) => k.kid) };
  });
}

/** A fingerprint of the key set in force at `now`; servers rebuild their provider when it changes. */
export async function signingKeysFingerprint(orm: MikroORM, now = new Date()): Promise<string> {
  const rows = await orm.em
    .fork()
    .find(
      SigningKey,
      { $or: [{ retireAt: null }, { retireAt: { $gt: now } }] },
      { orderBy: { createdAt: "desc" } },
    );
  return rows.map((r) => r.kid).join(",");
}
