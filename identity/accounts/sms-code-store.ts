import { randomInt, timingSafeEqual } from "node:crypto";
import { type AccountDeps, limitsOf } from "./account-deps.ts";

/** The outcome of checking a sign-in code. */
export type CodeCheck = { ok: true; personId: string } | { ok: false; reason: "no_code" | "wrong_code" };

// Counts the try and reads the code in one step, and only if the code still exists (HINCRBY on a
// missing key would create a hash without expiry).
const TAKE_TRY = `if redis.call('exists', KEYS[1]) == 0 then return false end
local n = redis.call('hincrby', KEYS[1], 'attempts', 1)
local v = redis.call('hmget', KEYS[1], 'digest', 'personId')
return {n, v[1], v[2]}`;

function codeKey(deps: AccountDeps, phoneHash: string): string {
  return `${deps.keyPrefix}:sms-code:${phoneHash}`;
}

/**
 * The code is kept only as a keyed hash (HMAC-SHA256 with the personal-data HMAC key, bound to the
 * phone): six digits are a million guesses, so a plain hash read out of Redis would give the code away.
 */
function digest(deps: AccountDeps, phone: string, code: string): string {
  return deps.pii.blindIndex(`otp:${phone}:${code}`, "phone");
}

/** A fresh 6-digit code from the CSPRNG. */
export function newCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, "0");
}

/** Stores a code for a phone, replacing any earlier one, valid for `codeTtlSeconds`. */
export async function storeCode(
  deps: AccountDeps,
  phoneHash: string,
  phone: string,
  personId: string,
  code: string,
): Promise<void> {
  const key = codeKey(deps, phoneHash);
  await deps.redis
    .multi()
    .del(key)
    .hset(key, { digest: digest(deps, phone, code), personId, attempts: 0 })
    .expire(key, limitsOf(deps).codeTtlSeconds)
    .exec();
}

export async function discardCode(deps: AccountDeps, phoneHash: string): Promise<void> {
  await deps.redis.del(codeKey(deps, phoneHash));
}

/**
 * Checks a code. A right code is deleted as it is used, so it works once (of two racing requests only
 * the one whose DEL removed it wins); after `codeMaxAttempts` wrong tries the code is deleted too.
 */
export async function checkCode(
  deps: AccountDeps,
  phoneHash: string,
  phone: string,
  code: string,
): Promise<CodeCheck> {
  const key = codeKey(deps, phoneHash);
  const taken = (await deps.redis.eval(TAKE_TRY, 1, key)) as [number, string | null, string | null] | null;
  if (!taken?.[1] || !taken[2]) return { ok: false, reason: "no_code" };
  const [attempts, stored, personId] = taken;
  const max = limitsOf(deps).codeMaxAttempts;
  if (attempts > max) {
    await discardCode(deps, phoneHash);
    return { ok: false, reason: "no_code" };
  }
  const given = Buffer.from(digest(deps, phone, code), "hex");
  const expected = Buffer.from(stored, "hex");
  if (given.length === expected.length && timingSafeEqual(given, expected)) {
    return (await deps.redis.del(key)) === 1 ? { ok: true, personId } : { ok: false, reason: "no_code" };
  }
  if (attempts >= max) await discardCode(deps, phoneHash);
  return { ok: false, reason: "wrong_code" };
}
