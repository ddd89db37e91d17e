import { createHash } from "node:crypto";
import { verify } from "@node-rs/argon2";

const TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 1000;

/**
 * Positive results only, keyed by sha256(hash, secret), expiring after 5 minutes. A department system
 * asks for a token every few minutes; without this each request pays one argon2 run (tens of ms and
 * 19 MiB). The cache is a per-process speed-up, not state: a miss just runs argon2 again. It cannot
 * outlive a revocation or a new secret: the caller finds the active client (and its current hash) in the
 * database first, and a new hash is a new key. A secret is 256 random bits, so the stored digests reveal
 * nothing usable; failures are never cached, so guessing still pays argon2 every time.
 */
const verified = new Map<string, number>();

function cacheKey(secretHash: string, presented: string): string {
  return createHash("sha256").update(secretHash).update("\0").update(presented).digest("base64url");
}

/** True when `presented` matches the argon2 `secretHash`. */
export async function verifyClientSecret(secretHash: string, presented: string): Promise<boolean> {
  const key = cacheKey(secretHash, presented);
  const now = Date.now();
  const until = verified.get(key);
  if (until !== undefined && until > now) return true;
  if (until !== undefined) verified.delete(key);

  let ok: boolean;
  try {
    ok = await verify(secretHash, presented);
  } catch {
    return false; // a malformed hash verifies nothing
  }
  if (ok) {
    if (verified.size >= MAX_ENTRIES) {
      // Maps iterate in insertion order: drop the oldest entry.
      const oldest = verified.keys().next().value;
      if (oldest !== undefined) verified.delete(oldest);
    }
    verified.set(key, now + TTL_MS);
  }
  return ok;
}

/** Empties the cache; for tests. */
export function clearClientSecretCache(): void {
  verified.clear();
}
